"""The dump-record codec: the one place store records are encoded and decoded.

A dump (:meth:`GraphStore.dump`) is a stream of JSON-ready dicts, one per document,
entity, mention and relation (with its evidence), in that order (``KINDS``). Every
backend writes them with the ``*_record`` functions and reads them (``load``, the export
serialisers, the pages) with the ``*_from_record`` ones, so the format is defined once.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import StoreError
from ..model import Document, Entity, Evidence, Mention, Relation, page_at

__all__ = [
    "KINDS",
    "METADATA_MAX_BYTES",
    "bounded_metadata",
    "metadata_json",
    "metadata_from_json",
    "page_table",
    "page_at",
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

#: Most bytes of a document's metadata as stored (its JSON, UTF-8). Over it, keys are
#: dropped - the largest first, the page table last - until it fits, and
#: ``metadata["truncated"]`` lists them: a document's metadata is never unbounded.
METADATA_MAX_BYTES = 64 * 1024
#: the key kept longest when metadata is cut down: it maps evidence to pages
_KEEP_LAST = "pages"

_log = logging.getLogger(__name__)


# -- metadata -----------------------------------------------------------------------------
def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)


def _jsonable(value: Any) -> Any:
    """``value`` as strict JSON values every store takes: a value that is not one (a
    date...) or a float that is not finite as text, keys as text, and text without lone
    surrogates (a header decoded with ``surrogateescape``), which UTF-8 cannot hold."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {_jsonable(str(k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return _jsonable(str(value))


def bounded_metadata(metadata: dict[str, Any] | None, document_id: str = "",
                     limit: int = METADATA_MAX_BYTES) -> dict[str, Any]:
    """``metadata`` as it is stored: strict JSON values (others as text, see
    :func:`_jsonable`), at most ``limit``
    bytes of JSON. Over the limit, whole keys are dropped (largest first, ``pages``
    last) and ``truncated`` names them; a warning names the document."""
    meta: dict[str, Any] = _jsonable(dict(metadata or {}))
    if len(_dumps(meta).encode("utf-8")) <= limit:
        return meta
    dropped: list[str] = []
    order = sorted(meta, key=lambda k: (k == _KEEP_LAST,
                                        -len(_dumps(meta[k]).encode("utf-8")), k))
    for key in order:
        del meta[key]
        dropped.append(key)
        meta["truncated"] = sorted(dropped)
        if len(_dumps(meta).encode("utf-8")) <= limit:
            break
    _log.warning("document %s: metadata over %d bytes; dropped %s", document_id or "?",
                 limit, ", ".join(sorted(dropped)))
    return meta


def metadata_json(doc: Document) -> str:
    """The JSON text a store keeps for ``doc.metadata`` (bounded, see
    :data:`METADATA_MAX_BYTES`); ``{}`` for none."""
    return _dumps(bounded_metadata(doc.metadata, doc.id))


def metadata_from_json(text: str | None) -> dict[str, Any]:
    """The metadata a store kept (:func:`metadata_json`); ``{}`` for none or bad JSON."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def page_table(metadata: dict[str, Any] | None) -> list[int]:
    """The offsets where each page of a paged document (PDF) starts, page 1 first
    (``metadata["pages"]``); empty when the document is not paged or the table is not a
    list of offsets."""
    pages = (metadata or {}).get("pages")
    if not isinstance(pages, list) or not all(isinstance(p, int) and not isinstance(p, bool)
                                              for p in pages):
        return []
    return pages


# -- encoding -----------------------------------------------------------------------------
def document_record(doc: Document) -> Record:
    return {"kind": "document", **doc.summary(), "text": doc.text,
            "metadata": bounded_metadata(doc.metadata, doc.id)}


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
    meta = rec.get("metadata")
    return Document(id=rec["id"], text=rec["text"], title=rec.get("title") or "",
                    date=rec.get("date"), source=rec.get("source") or "",
                    metadata=bounded_metadata(meta if isinstance(meta, dict) else {},
                                              rec["id"]))


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
