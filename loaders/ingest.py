"""Ingest: files -> documents -> extractions -> one store writer.

Documents already in the store (same normalised text, same id) are skipped before any
extraction work, so re-running an interrupted ingest only does what is left, and
ingesting the same folder twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..graph.base import GraphStore
from ..model import Document, Extraction, Problem
from .base import Extractor
from .files import NOTICE_KINDS, LoadedDocument, load_paths
from .linking import EntityLinker
from .settling import TypeSettler
from .windows import failure, windowed

__all__ = ["IngestReport", "ingest_paths", "ingest_documents"]

Progress = Callable[[int, int, str], None]


@dataclass
class IngestReport:
    """What an ingest did, document by document."""

    added: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    extraction_problems: int = 0
    relations: int = 0
    #: stored documents extracted again because the store learnt the type of a name they
    #: left open (:mod:`.settling`), by id
    resettled: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Problem]:
        """Document-level failures (unreadable, empty, missing, too large, extraction
        failed...), not notes."""
        return [p for p in self.problems if p.kind not in NOTICE_KINDS]

    @property
    def exit_code(self) -> int:
        """0 all went in, 1 nothing went in because of errors, 3 partial failure."""
        if not self.failed:
            return 0
        return 3 if (self.added or self.skipped) else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "skipped": self.skipped,
            "problems": [p.to_dict() for p in self.problems],
            "relations": self.relations,
            "extraction_problems": self.extraction_problems,
            "resettled": self.resettled,
            "exit_code": self.exit_code,
        }


def ingest_documents(
    documents: Iterable[Document],
    store: GraphStore,
    extractor: Extractor,
    progress: Progress | None = None,
    total: int | None = None,
    extractions: Callable[[list[Document]], Iterator[Extraction]] | None = None,
    batch_size: int = 2000,
    batch_relations: int = 40_000,
    written: Callable[[Extraction], None] | None = None,
) -> IngestReport:
    """Extract and store documents not yet in the store. Documents are committed in
    batches (``store.write_many``) of at most ``batch_size``
    documents or ``batch_relations`` relations, and at least once a second; each document
    stays all-or-nothing.

    ``extractions`` lets a caller substitute parallel extraction (worker processes, a Dask
    cluster) for ``extractor.extract_many``; the writer stays here, in one process.

    Long documents are extracted in bounded windows (:mod:`.windows`); a document that
    could not be extracted (over the size limit, or the extractor failed on it) is
    reported in ``report.problems`` and not stored, and the rest of the batch goes in.

    One-word names a document could not type are settled against the store's entities
    (:mod:`.settling`), before writing and, for documents stored earlier, after the run;
    ``written`` is called with each extraction as it is stored."""
    report = IngestReport()
    settler_extractor = extractor
    if extractions is None:  # with a substitute stream, the caller's workers window
        extractor = windowed(extractor)
    pending: list[Document] = []
    seen: set[str] = set()
    docs = list(documents)
    total = total if total is not None else len(docs)
    done = 0
    stored = store.stored_documents(d.id for d in docs)
    for d in docs:
        if d.id in seen or d.id in stored:
            report.skipped.append({**d.summary(), "reason": "already in the store"})
            done += 1
            if progress:
                progress(done, total, d.title)
            continue
        seen.add(d.id)
        pending.append(d)
    stream = extractions(pending) if extractions else extractor.extract_many(pending)
    linker = EntityLinker(store)
    settler = TypeSettler(store, linker, settler_extractor)
    buffer: list[Extraction] = []
    buffered_relations = 0
    flushed_at = time.monotonic()
    interval = 1.0

    def flush() -> None:
        nonlocal done, flushed_at, buffered_relations, interval
        t = time.monotonic()
        added = store.write_many(buffer)
        # commit at most a fifth of the time: a store slowed by a big graph gets bigger
        # batches, while a slow extraction still sees its work committed every second
        interval = max(1.0, 4 * (time.monotonic() - t))
        for ex, was_added in zip(buffer, added):
            if not was_added:  # written meanwhile by another process
                report.skipped.append({**ex.document.summary(), "reason": "already in the store"})
            else:
                report.added.append({**ex.document.summary(), "entities": len(ex.entities),
                                     "relations": len(ex.relations),
                                     "problems": len(ex.problems)})
                report.relations += len(ex.relations)
                report.extraction_problems += len(ex.problems)
                settler.note(ex)
                if written:
                    written(ex)
            done += 1
            if progress:
                progress(done, total, ex.document.title)
        buffer.clear()
        buffered_relations = 0
        flushed_at = time.monotonic()

    def link(ex: Extraction) -> Extraction:
        linked = linker.link(ex)
        merges = linker.take_merges()
        if merges:  # an earlier partial name joins a fuller one that arrived only now
            if buffer:
                flush()
            store.merge_entities(merges)
        return linked

    def replace_stored(ex: Extraction) -> None:
        linked = link(ex)
        store.delete_document(ex.document.id)
        store.write(linked)
        settler.note(linked)
        if written:
            written(linked)

    for ex in stream:
        bad = failure(ex)
        if bad is not None:
            report.problems.append(replace(bad, text=bad.text or ex.document.source))
            done += 1
            if progress:
                progress(done, total, ex.document.title)
            continue
        linked = link(settler.settle(ex))
        buffer.append(linked)
        buffered_relations += len(ex.relations)
        # Large transactions for speed - with random hash keys each relation dirties index
        # pages, and a commit writes each dirty page once however many rows it gained
        # (bench/ingest_bench.py: 2.0x the relations/s of 200-document batches at 1M
        # relations) - but a flush every second or so, so an interrupted run loses
        # little work and the progress bar keeps moving.
        if (len(buffer) >= batch_size or buffered_relations >= batch_relations
                or time.monotonic() - flushed_at >= interval):
            flush()
    if buffer:
        flush()
    report.resettled = settler.settle_stored(replace_stored)
    return report


def ingest_paths(
    paths: Iterable[str | Path],
    store: GraphStore,
    extractor: Extractor,
    progress: Progress | None = None,
    extractions: Callable[[list[Document]], Iterator[Extraction]] | None = None,
) -> IngestReport:
    """Read files and folders, report bad ones by name, ingest the rest."""
    loaded, problems = load_paths(paths)
    report = ingest_documents([ld.document for ld in loaded], store, extractor, progress,
                              extractions=extractions)
    report.problems = problems + _notices(loaded) + report.problems
    return report


def _notices(loaded: list[LoadedDocument]) -> list[Problem]:
    return [n for ld in loaded for n in ld.notices]
