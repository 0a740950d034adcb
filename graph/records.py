"""The dump-record codec: the one place store records are encoded and decoded.

A dump (:meth:`GraphStore.dump`) is a stream of JSON-ready dicts, one per document,
entity, mention and relation (with its evidence), in that order (``KINDS``). Every
backend writes them with the ``*_record`` functions and reads them (``load``, the export
serialisers, the pages) with the ``*_from_record`` ones, so the format is defined once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import StoreError
from ..model import Document, Entity, Evidence, Mention, Relation

__all__ = [
    "KINDS",
    "document_record",
    "entity_record",
    "mention_record",
    "relation_record",
    "evidence_record",
    "document_from_record",
    "entity_from_record",
    "mention_from_record",
    "relation_from_record",
    "evidence_pairs",
    "record_batches",
]

#: Record kinds, in the order :meth:`GraphStore.dump` yields them.
KINDS = ("document", "entity", "mention", "relation")

Record = dict[str, Any]


# -- encoding -----------------------------------------------------------------------------
def document_record(doc: Document) -> Record:
    return {"kind": "document", **doc.summary(), "text": doc.text}


def entity_record(e: Entity) -> Record:
    return {"kind": "entity", **e.to_dict()}


def mention_record(m: Mention) -> Record:
    return {"kind": "mention", "document_id": m.document_id, "entity_id": m.entity_id,
            "start": m.start, "end": m.end, "text": m.text}


def evidence_record(e: Evidence) -> Record:
    return {"document_id": e.document_id, "sentence": e.sentence, "start": e.start,
            "end": e.end, "modality": e.modality, "extractor": e.extractor,
            "confidence": e.confidence, "trigger": e.trigger}


def relation_record(rel: Relation) -> Record:
    return {"kind": "relation", "id": rel.id, "source": rel.source, "type": rel.type,
            "target": rel.target, "symmetric": rel.symmetric,
            "evidence": [evidence_record(e) for e in rel.evidence]}


# -- decoding -----------------------------------------------------------------------------
def document_from_record(rec: Record) -> Document:
    return Document(id=rec["id"], text=rec["text"], title=rec.get("title") or "",
                    date=rec.get("date"), source=rec.get("source") or "")


def entity_from_record(rec: Record) -> Entity:
    return Entity(rec["id"], rec["name"], rec["type"], tuple(rec.get("aliases", ())))


def mention_from_record(rec: Record) -> Mention:
    return Mention(rec["entity_id"], rec["document_id"], rec["start"], rec["end"], rec["text"])


def relation_from_record(rec: Record) -> Relation:
    """A :class:`Relation` (with evidence, without document titles and dates)."""
    ev = tuple(Evidence(relation_id=rec["id"], **e) for e in rec.get("evidence", ()))
    return Relation(rec["id"], rec["source"], rec["type"], rec["target"],
                    bool(rec.get("symmetric", False)), ev)


def evidence_pairs(rec: Record, dates: dict[str, str | None]) -> tuple[tuple[str, str | None], ...]:
    """The ``(modality, document date)`` pairs of a relation record, as the graph view
    holds them (:mod:`.view`); ``dates`` maps document ids to their dates."""
    return sorted_pairs((e["modality"], dates.get(e["document_id"]))
                        for e in rec.get("evidence", ()))


def sorted_pairs(pairs: Iterable[tuple[str, str | None]]) -> tuple[tuple[str, str | None], ...]:
    """Distinct evidence pairs in the view's canonical order."""
    return tuple(sorted(set(pairs), key=str))


def record_batches(records: Iterable[Record], size: int, counts: dict[str, int]
                   ) -> Iterator[list[Record]]:
    """``records`` in lists of at most ``size`` (a store's ``load`` writes each as one
    transaction); each record's kind is checked (:class:`StoreError` naming it) and
    counted into ``counts``."""
    pending: list[Record] = []
    for rec in records:
        kind = rec.get("kind")
        if kind not in KINDS:
            raise StoreError(f"unknown record kind {kind!r} in dump")
        counts[kind] = counts.get(kind, 0) + 1
        pending.append(rec)
        if len(pending) >= size:
            yield pending
            pending = []
    if pending:
        yield pending
