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

import bisect
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any, Literal, NamedTuple

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
    "ProblemKind",
    "Extraction",
    "OpenName",
    "normalise_text",
    "normalise_name",
    "document_id",
    "entity_id",
    "relation_id",
    "evidence_id",
    "page_at",
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


@lru_cache(maxsize=65536)  # the same entities recur in every document of a corpus
def entity_id(type_: str, name: str) -> str:
    return "e" + _digest(type_.upper(), normalise_name(name))


@lru_cache(maxsize=65536)  # and so do their relations
def relation_id(source_id: str, type_: str, target_id: str, symmetric: bool = False) -> str:
    if symmetric and target_id < source_id:
        source_id, target_id = target_id, source_id
    return "r" + _digest(source_id, type_.upper(), target_id)


def evidence_id(relation: str, document: str, start: int, end: int, modality: str) -> str:
    return "v" + _digest(relation, document, str(start), str(end), modality)


def page_at(pages: Sequence[int], offset: int) -> int | None:
    """The page (1-based) of a paged document on which ``offset`` of its text lies, from
    its page table (the offset where each page starts, page 1 first: a PDF's
    ``metadata["pages"]``); None without a page table."""
    if not pages:
        return None
    return max(1, bisect.bisect_right(pages, offset))


@dataclass(frozen=True, slots=True)
class Document:
    """One source text. ``date`` is ISO ``YYYY-MM-DD`` or None.

    ``metadata`` is what the loader knew besides (format, author, site name, sender and
    recipients, a PDF's page table, an attachment's parent...): JSON-able values, not
    part of the identity, not compared."""

    id: str
    text: str
    title: str = ""
    date: str | None = None
    source: str = ""
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False,
                                     repr=False)

    @classmethod
    def from_text(
        cls, text: str, *, title: str = "", date: str | None = None, source: str = "",
        metadata: dict[str, Any] | None = None,
    ) -> Document:
        text = normalise_text(text)
        if not title:
            first = text.split("\n", 1)[0].strip()
            title = first[:120] + ("…" if len(first) > 120 else "")
        return cls(id=document_id(text), text=text, title=title, date=date, source=source,
                   metadata=dict(metadata or {}))

    def summary(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "date": self.date, "source": self.source}

    def page_of(self, offset: int) -> int | None:
        """The page ``offset`` of the text lies on (:func:`page_at` over
        ``metadata["pages"]``); None for a document that is not paged."""
        pages = self.metadata.get("pages") if self.metadata else None
        return page_at(pages, offset) if isinstance(pages, list) else None


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
    #: the page of a paged document (PDF) the sentence starts on, when known
    page: int | None = None

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
            **({"page": self.page} if self.page is not None else {}),
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
    def denied(self) -> bool:
        """True when every piece of evidence denies the relation (all negated)."""
        return bool(self.evidence) and all(e.modality == "negated" for e in self.evidence)

    @property
    def disputed(self) -> bool:
        """True when some evidence states the relation and some denies it (in the same
        document or in different ones)."""
        return (any(e.modality == "negated" for e in self.evidence)
                and any(e.modality != "negated" for e in self.evidence))

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
            "denied": self.denied,
            "disputed": self.disputed,
        }
        if with_evidence:
            d["evidence"] = [e.to_dict() for e in self.evidence]
        return d


class ProblemKind(StrEnum):
    """Every kind of :class:`Problem` the loaders and extractors report, each with the
    one line ``ergraph extract --explain`` and the docs give for it.

    A ``StrEnum``: a member equals its value (``ProblemKind.BOILERPLATE == "boilerplate"``)
    and serialises as it, so JSON and string comparisons are unchanged."""

    description: str

    def __new__(cls, value: str, description: str) -> ProblemKind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    @classmethod
    def of(cls, value: str) -> ProblemKind:
        """The member whose value is ``value`` (a member is its own value); ``ValueError``
        for any other string."""
        return cls(value)  # type: ignore[call-arg]  # a lookup by value, not __new__

    # reading files (loaders/files.py)
    MISSING = "missing", "the file or folder named does not exist"
    UNREADABLE = "unreadable", "the file could not be read (permissions, I/O error)"
    NOT_REGULAR = "not_regular", "not a regular file (a FIFO, device or socket); not opened"
    UNSUPPORTED = ("unsupported", "not a document format ergraph reads (.txt, .md, .html, "
                   ".pdf, .jsonl, .eml)")
    NO_DOCUMENTS = "no_documents", "a folder holding no document ergraph reads"
    BINARY = "binary", "the file is not text in any known encoding"
    EMPTY = "empty", "the document has no text"
    MALFORMED = ("malformed", "a PDF, web page or e-mail that cannot be parsed as one; "
                 "not read")
    ENCRYPTED = "encrypted", "a PDF that needs a password; not read"
    NO_TEXT_LAYER = ("no_text_layer", "a PDF without a text layer (scanned pages, no OCR); "
                     "not read")
    PAGES_WITHOUT_TEXT = ("pages_without_text", "a note: some pages of a PDF have no text "
                          "layer (scanned) and were left out")
    BAD_RECORD = ("bad_record", "a line of a JSON lines file that is not a usable document; "
                  "the rest of the file is read")
    ATTACHMENT_SKIPPED = ("attachment_skipped", "a note: an e-mail attachment that is not a "
                          "document ergraph reads (an image, an archive...); not read")
    DECODED_WITH_FALLBACK = ("decoded_with_fallback",
                             "a note: the text was not UTF-8 and was decoded as cp1252 or "
                             "latin-1")
    # extracting long documents (loaders/windows.py)
    TOO_LARGE = "too_large", "the document is over the size or extraction limit; not extracted"
    EXTRACTION_FAILED = "extraction_failed", "the extractor failed on the document"
    LONG_SENTENCE_SPLIT = ("long_sentence_split",
                           "text without sentence ends was cut into bounded pieces")
    NAME_TOO_LONG = "name_too_long", "an entity name over the length limit; not kept"
    # extraction (loaders/stages/) and linking across documents (loaders/linking.py)
    BOILERPLATE = ("boilerplate",
                   "a byline, credit, disclaimer or dateline: no entities or relations taken")
    CAPTION = "caption", "a line without a verb (caption or heading): entities, no relations"
    NOT_AN_ENTITY = "not_an_entity", "a named span that is not an actor the schema knows"
    TYPE_MISMATCH = "type_mismatch", "a relation whose argument types the schema does not allow"
    UNRESOLVED_PRONOUN = "unresolved_pronoun", "a pronoun with no antecedent found"
    CONTRADICTED = ("contradicted", "a relation only claimed (hedged, hypothetical) and "
                    "denied elsewhere in the document")
    SELF_RELATION = "self_relation", "a relation that would join an entity to itself"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something an extractor or loader dropped, and why (returned as data, not logged away).

    ``kind`` is a :class:`ProblemKind`; its value (``"boilerplate"``) is accepted and
    converted, and a kind not in the enum is an error here, where it is made."""

    kind: str  # a ProblemKind once constructed
    reason: str
    text: str = ""
    document_id: str = ""
    start: int | None = None
    end: int | None = None

    def __post_init__(self) -> None:
        try:
            kind = ProblemKind.of(self.kind)
        except ValueError:
            raise ValueError(f"unknown problem kind {self.kind!r}; known kinds: "
                             f"{', '.join(ProblemKind)}") from None
        object.__setattr__(self, "kind", kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "reason": self.reason,
            "text": self.text,
            "document_id": self.document_id,
            "start": self.start,
            "end": self.end,
        }


class OpenName(NamedTuple):
    """A one-word name a document typed without evidence of its own (see
    :attr:`Extraction.open_names`)."""

    key: str  # normalise_name of the surface
    #: the type its mention had in the end ("" for: not an entity), when the extraction
    #: was told nothing of it; when told, the type the text alone first gave it
    own: str
    told: str  # the store's type the extraction was told ("" for: none)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What an extractor found in one document."""

    document: Document
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    problems: tuple[Problem, ...] = field(default=())
    #: one-word names the document typed by the model's label alone, or dropped as a
    #: place: the store may know better (:mod:`ergraph.loaders.settling`)
    open_names: tuple[OpenName, ...] = ()

    def summary(self) -> dict[str, Any]:
        return {
            "document": self.document.summary(),
            "entities": len(self.entities),
            "mentions": len(self.mentions),
            "relations": len(self.relations),
            "problems": [p.to_dict() for p in self.problems],
        }
