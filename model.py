"""The domain model: documents, entities, relations and their evidence.

Plain frozen dataclasses, one style throughout. Identifiers are derived, never
assigned, so the same input always yields the same ids on every machine and in every
store backend:

* ``Document.id``  - hash of the normalised text (same text twice = same document);
* ``Entity.id``    - hash of type + normalised canonical name;
* ``Relation.id``  - hash of (source id, type, target id), ends ordered for symmetric types;
* ``Evidence.id``  - hash of (relation id, document id, start, end, modality).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Literal

__all__ = [
    "MODALITIES",
    "POSITIVE_MODALITIES",
    "Modality",
    "Document",
    "Entity",
    "Mention",
    "Evidence",
    "Relation",
    "Problem",
    "Extraction",
    "normalise_text",
    "normalise_name",
    "document_id",
    "entity_id",
    "relation_id",
    "evidence_id",
]

Modality = Literal["asserted", "hedged", "hypothetical", "negated"]
MODALITIES: tuple[str, ...] = ("asserted", "hedged", "hypothetical", "negated")
#: Modalities traversed by default; negated evidence never makes a positive edge.
POSITIVE_MODALITIES: tuple[str, ...] = ("asserted", "hedged", "hypothetical")


def _digest(*parts: str, size: int = 16) -> str:
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:size]


def normalise_text(text: str) -> str:
    """Unicode NFC, Unix newlines, no trailing spaces, one trailing newline stripped."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


_NAME_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


@lru_cache(maxsize=262144)  # names recur in every document; ingest normalises each often
def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key for names and aliases."""
    name = unicodedata.normalize("NFKD", name.replace("’", "'"))
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    name = re.sub(r"'s\b", "", name)
    name = _NAME_PUNCT.sub(" ", name).strip()
    return re.sub(r"^the ", "", name)


def document_id(text: str) -> str:
    return "d" + _digest(normalise_text(text))


def entity_id(type_: str, name: str) -> str:
    return "e" + _digest(type_.upper(), normalise_name(name))


def relation_id(source_id: str, type_: str, target_id: str, symmetric: bool = False) -> str:
    if symmetric and target_id < source_id:
        source_id, target_id = target_id, source_id
    return "r" + _digest(source_id, type_.upper(), target_id)


def evidence_id(relation: str, document: str, start: int, end: int, modality: str) -> str:
    return "v" + _digest(relation, document, str(start), str(end), modality)


@dataclass(frozen=True, slots=True)
class Document:
    """One source text. ``date`` is ISO ``YYYY-MM-DD`` or None."""

    id: str
    text: str
    title: str = ""
    date: str | None = None
    source: str = ""

    @classmethod
    def from_text(
        cls, text: str, *, title: str = "", date: str | None = None, source: str = ""
    ) -> Document:
        text = normalise_text(text)
        if not title:
            first = text.split("\n", 1)[0].strip()
            title = first[:120] + ("…" if len(first) > 120 else "")
        return cls(id=document_id(text), text=text, title=title, date=date, source=source)

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "date": self.date, "source": self.source}


@dataclass(frozen=True, slots=True)
class Entity:
    """A real-world person, state or organisation; one node however it is named."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()

    @classmethod
    def create(cls, name: str, type_: str, aliases: tuple[str, ...] | list[str] = ()) -> Entity:
        clean = tuple(sorted({a for a in aliases if a and a != name}))
        return cls(id=entity_id(type_, name), name=name, type=type_.upper(), aliases=clean)

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def with_aliases(self, more: tuple[str, ...] | list[str]) -> Entity:
        merged = tuple(sorted({*self.aliases, *more} - {self.name, ""}))
        return replace(self, aliases=merged)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": list(self.aliases)}


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in a document where an entity is named (``text[start:end]``)."""

    entity_id: str
    document_id: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "document_id": self.document_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sentence supporting a relation, with how the text states it.

    ``start``/``end`` are character offsets of the sentence in the document text.
    """

    relation_id: str
    document_id: str
    sentence: str
    start: int
    end: int
    modality: str = "asserted"
    extractor: str = ""
    confidence: float = 1.0
    trigger: str = ""
    # Filled by stores when reading, from the document: not part of identity.
    document_title: str = ""
    document_date: str | None = None

    @property
    def id(self) -> str:
        return evidence_id(self.relation_id, self.document_id, self.start, self.end, self.modality)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "relation_id": self.relation_id,
            "document_id": self.document_id,
            "document_title": self.document_title,
            "document_date": self.document_date,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "modality": self.modality,
            "extractor": self.extractor,
            "confidence": self.confidence,
            "trigger": self.trigger,
        }


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed edge ``source -[type]-> target`` and every piece of evidence for it."""

    id: str
    source: str
    type: str
    target: str
    symmetric: bool = False
    evidence: tuple[Evidence, ...] = ()

    @classmethod
    def create(
        cls,
        source: str,
        type_: str,
        target: str,
        *,
        symmetric: bool = False,
        evidence: tuple[Evidence, ...] | list[Evidence] = (),
    ) -> Relation:
        if symmetric and target < source:
            source, target = target, source
        rid = relation_id(source, type_, target, symmetric)
        ev = tuple(replace(e, relation_id=rid) for e in evidence)
        return cls(id=rid, source=source, type=type_.upper(), target=target,
                   symmetric=symmetric, evidence=ev)

    @property
    def modalities(self) -> tuple[str, ...]:
        return tuple(sorted({e.modality for e in self.evidence}))

    @property
    def positive(self) -> bool:
        """True when some evidence states the relation (not only denials)."""
        return any(e.modality != "negated" for e in self.evidence)

    @property
    def confidence(self) -> float:
        """Noisy-or of the non-negated evidence confidences: more sources, more trust."""
        miss = 1.0
        for e in self.evidence:
            if e.modality != "negated":
                miss *= 1.0 - max(0.0, min(1.0, e.confidence))
        return round(1.0 - miss, 4)

    def to_dict(self, with_evidence: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "source": self.source,
            "type": self.type,
            "target": self.target,
            "symmetric": self.symmetric,
            "modalities": list(self.modalities),
            "confidence": self.confidence,
        }
        if with_evidence:
            d["evidence"] = [e.to_dict() for e in self.evidence]
        return d


@dataclass(frozen=True, slots=True)
class Problem:
    """Something an extractor or loader dropped, and why (returned as data, not logged away)."""

    kind: str  # e.g. "boilerplate", "unresolved_pronoun", "type_mismatch", "unreadable_file"
    reason: str
    text: str = ""
    document_id: str = ""
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reason": self.reason,
            "text": self.text,
            "document_id": self.document_id,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """What an extractor found in one document."""

    document: Document
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    def summary(self) -> dict[str, Any]:
        return {
            "document": self.document.summary(),
            "entities": len(self.entities),
            "mentions": len(self.mentions),
            "relations": len(self.relations),
            "problems": [p.to_dict() for p in self.problems],
        }
