"""Ingest jobs: ``POST /documents`` of anything non-trivial answers 202 with a job, so
one large document never holds the writer (or the request) while it is extracted.

* Extraction - the slow part - runs in the job thread, outside the single writer
  thread; only the store write goes through the writer, so a small POST behind a large
  job waits for a write, never for an extraction.
* The queue is bounded (``Settings.max_jobs`` queued or running; one more answers 429
  ``queue_full`` with ``Retry-After``) and so is the job table (finished jobs beyond
  ``KEEP_FINISHED`` are forgotten, oldest first).
* Each job has a time limit (``Settings.job_timeout``): extraction checks it between
  windows and documents, and a job past it fails with ``job_timeout``; nothing of it is
  written.

``GET /jobs/{id}`` answers the job: ``status`` (queued, running, done, failed), the
ingest result and its problems when done, the error when failed.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..errors import ErgraphError
from ..loaders.windows import ExtractionInterrupted
from ..model import Document, Extraction

__all__ = ["JobNotFound", "QueueFull", "JobTimeout", "Jobs", "KEEP_FINISHED",
           "extract_outside_writer"]

#: finished jobs kept for GET /jobs/{id}
KEEP_FINISHED = 200


class JobNotFound(ErgraphError):
    """No job with that id (never made, or finished long ago and forgotten)."""

    status_code = 404
    code = "job_not_found"


class QueueFull(ErgraphError):
    """The ingest queue is full; retry later."""

    status_code = 429
    code = "queue_full"


class JobTimeout(ErgraphError, ExtractionInterrupted):
    """A job ran past its time limit."""

    status_code = 504
    code = "job_timeout"


class _Deadline:
    """An extractor wrapper that stops between documents and windows past ``at``."""

    name = "deadline"

    def __init__(self, inner: Any, at: float, limit: float) -> None:
        self.inner = inner
        self.at = at
        self.limit = limit

    def __getattr__(self, attr: str) -> Any:
        if attr in ("inner", "at", "limit"):
            raise AttributeError(attr)
        return getattr(self.inner, attr)

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise JobTimeout(f"the job ran past its time limit of {self.limit:g} s; "
                             "nothing of it was written", limit_seconds=self.limit)

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Any) -> Any:
        for d in documents:
            self.check()
            yield from self.inner.extract_many([d])


def extract_outside_writer(store: Any, extractor: Any, docs: list[Document],
                           deadline: float | None = None, limit: float = 0.0
                           ) -> list[Extraction]:
    """The extractions of the documents of ``docs`` not yet stored, made here (a job or
    request thread), so the writer only writes. Long documents go in windows, each window
    a separate call: the deadline is checked between them."""
    from ..loaders.windows import WindowedExtractor

    stored = store.stored_documents(d.id for d in docs)
    pending: dict[str, Document] = {}
    for d in docs:
        if d.id not in stored:
            pending.setdefault(d.id, d)
    inner = extractor.inner if isinstance(extractor, WindowedExtractor) else extractor
    if deadline is not None:
        guard = _Deadline(inner, deadline, limit)
        windowed = WindowedExtractor(guard, window=getattr(extractor, "window", 20_000),
                                     max_chars=getattr(extractor, "max_chars", 5_000_000),
                                     batch_chars=1)  # one window per call: checked often
        out = []
        for ex in windowed.extract_many(list(pending.values())):
            guard.check()
            out.append(ex)
        return out
    if not isinstance(extractor, WindowedExtractor):
        extractor = WindowedExtractor(extractor)
    return list(extractor.extract_many(list(pending.values())))


class Replay:
    """Hands the writer the extractions made beforehand (by document id)."""

    def __init__(self, extractions: list[Extraction], fallback: Any) -> None:
        self.by_id = {ex.document.id: ex for ex in extractions}
        self.fallback = fallback
        self.name = getattr(fallback, "name", "extractor")
        if hasattr(fallback, "with_known"):
            # settling a name the store knows (loaders.settling) is new extraction work
            self.with_known = fallback.with_known

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Any) -> Any:
        for d in documents:
            ex = self.by_id.get(d.id)
            # a document written meanwhile by someone else is skipped by ingest before
            # extraction; one never seen here is extracted now (it cannot be: kept safe)
            yield ex if ex is not None else next(self.fallback.extract_many([d]))


class Jobs:
    """The job table and the job thread of one app."""

    def __init__(self, max_jobs: int, timeout: float) -> None:
        self.max_jobs = max_jobs
        self.timeout = timeout
        self._jobs: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._active = 0

    def submit(self, work: Callable[[float], dict[str, Any]], documents: list[Document]
               ) -> dict[str, Any]:
        """Queue ``work(deadline)``; its answer becomes the job's result."""
        with self._lock:
            if self._active >= self.max_jobs:
                raise QueueFull(f"{self._active} ingest jobs are queued or running, the "
                                f"most this service takes; retry later",
                                limit=self.max_jobs, retry_after_seconds=5)
            self._active += 1
            job_id = "j" + uuid.uuid4().hex[:16]
            job: dict[str, Any] = {
                "id": job_id, "status": "queued", "created": time.time(), "started": None,
                "finished": None, "documents": [d.summary() for d in documents],
                "time_limit_seconds": self.timeout, "result": None, "problems": [],
                "error": None,
            }
            self._jobs[job_id] = job
            self._forget_old()
            if self._pool is None:
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="ergraph-jobs")
            pool = self._pool
        pool.submit(self._run, job, work)
        return self.view(job)

    def _run(self, job: dict[str, Any], work: Callable[[float], dict[str, Any]]) -> None:
        started = time.monotonic()
        with self._lock:
            job["status"], job["started"] = "running", time.time()
        try:
            result = work(started + self.timeout)
        except ErgraphError as exc:
            from .errors import redact_paths

            error = {"code": exc.code, "message": redact_paths(exc.message),
                     "details": redact_paths(exc.details)}
            with self._lock:
                job.update(status="failed", error=error, finished=time.time())
        except Exception as exc:  # noqa: BLE001 - a job never takes the service down
            import logging

            logging.getLogger("ergraph.api").error("ingest job %s failed", job["id"],
                                                   exc_info=exc)
            with self._lock:
                job.update(status="failed", finished=time.time(), error={
                    "code": "internal_error", "details": {},
                    "message": "an unexpected error occurred; it has been logged"})
        else:
            problems = [p for a in result.get("added", ()) for p in a.get("problems", ())]
            with self._lock:
                job.update(status="done", result=result, problems=problems,
                           finished=time.time())
        finally:
            with self._lock:
                self._active -= 1

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j["status"] in ("done", "failed")]
        for k in finished[:max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[k]

    def get(self, job_id: str) -> dict[str, Any]:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise JobNotFound(f"no ingest job {job_id!r} (finished jobs are kept for a "
                                  "while, not for ever)", id=job_id)
            return self.view(job)

    @staticmethod
    def view(job: dict[str, Any]) -> dict[str, Any]:
        return {**job, "url": f"/jobs/{job['id']}"}

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
