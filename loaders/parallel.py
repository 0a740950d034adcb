"""Parallel extraction: worker processes on this machine, or a Dask cluster.

Extraction (spaCy) is the slow, CPU-bound half of ingest; writing is the fast half and
must stay in one process (the embedded store has one writer). So both functions here
return a callable ``f(documents) -> Iterator[Extraction]`` that
:func:`ergraph.loaders.ingest.ingest_documents` takes as ``extractions=``: extraction fans
out, the results stream back to the single writer as they finish.

Order: both yield extractions **in input order**. Chunks finish out of order, but the
store keeps the first spelling it sees of a name (``INSERT OR IGNORE``), so writing in
input order is what makes a 2-worker or Dask run give exactly the same graph as a
1-process run. A small reorder buffer (bounded by the in-flight window) costs little:
chunks are of similar size.

Each worker builds ``default_extractor(schema, aliases)`` once (the spaCy model loads once
per worker, not per chunk) and only ever calls ``extract_many(chunk)``, so chunks get
spaCy's ``nlp.pipe`` batching and the extractor may change freely behind that method.

Interruption: workers ignore SIGINT (Ctrl-C in a terminal reaches the whole process
group; only the parent should react), and exit by themselves when the parent dies, even
by ``kill -9`` (they watch the parent's sentinel), so no orphan keeps a CPU busy. When
the consumer stops early (exception, Ctrl-C, ``close()``), the workers are terminated.
Documents already committed stay committed; re-running ingest skips them by hash.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import queue
import signal
import threading
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ErgraphError
from ..model import Document, Extraction

__all__ = [
    "Extractions",
    "process_extractions",
    "dask_extractions",
    "chunk_sizes",
    "DEFAULT_CHUNK",
]

#: Extraction stream the ingest writer consumes.
Extractions = Callable[[list[Document]], Iterator[Extraction]]

#: Largest number of documents sent to a worker at once: big enough for ``nlp.pipe`` to
#: batch, small enough that results stream back (and progress moves) every second or so.
DEFAULT_CHUNK = 32

_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS")


def chunk_sizes(n_docs: int, workers: int, chunk: int = DEFAULT_CHUNK) -> int:
    """Documents per chunk: at most ``chunk``, but small enough that every worker gets
    about four chunks, so a short job still spreads over all workers and the last chunk
    does not leave the others idle for long."""
    if n_docs <= 0:
        return 1
    return max(1, min(chunk, -(-n_docs // (max(1, workers) * 4))))


def _chunks(docs: list[Document], size: int) -> list[list[Document]]:
    return [docs[i:i + size] for i in range(0, len(docs), size)]


def _build_extractor(schema_path: str | None, aliases: str | None,
                     schema_text: str | None = None) -> Any:
    """The extractor a worker uses for its whole life (one spaCy model load)."""
    from ..schema import load_schema, parse_schema
    from . import default_extractor

    if schema_text is not None:
        import tomllib

        schema = parse_schema(tomllib.loads(schema_text), schema_path or "schema")
    else:
        schema = load_schema(schema_path) if schema_path else None
    from .windows import windowed

    # long documents in bounded windows; a document that fails is a problem, not a
    # failed chunk
    return windowed(default_extractor(schema=schema, aliases=Path(aliases) if aliases
                                      else None))


def _schema_arg(schema_path: str | os.PathLike[str] | None) -> str | None:
    """``Schema.path`` of the packaged schema is not a file path; treat it as default."""
    if not schema_path:
        return None
    p = Path(schema_path)
    return str(p.resolve()) if p.is_file() else None


# -- worker processes on this machine ----------------------------------------------------

def _watch_parent() -> None:
    """Exit as soon as the parent process is gone (kill -9 included): without this, a
    spawned worker blocked on its task queue would live on as an orphan."""
    parent = mp.parent_process()
    if parent is None:
        return

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([parent.sentinel])
        os._exit(3)

    threading.Thread(target=watch, name="ergraph-parent-watch", daemon=True).start()


def _worker_main(tasks: Any, results: Any, schema_path: str | None, aliases: str | None
                 ) -> None:
    """One extraction process: build the extractor once, then extract chunks until the
    ``None`` sentinel. Errors are sent back as text (a traceback pickles; some exceptions
    do not)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _watch_parent()
    for var in _THREAD_VARS:  # one core per worker: N workers on N cores, no oversubscription
        os.environ.setdefault(var, "1")
    try:
        extractor = _build_extractor(schema_path, aliases)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        results.put((-1, None, traceback.format_exc()))
        return
    while True:
        task = tasks.get()
        if task is None:
            return
        seq, docs = task
        try:
            out = list(extractor.extract_many(docs))
        except BaseException:  # noqa: BLE001 - reported to the parent, which raises
            results.put((seq, None, traceback.format_exc()))
            continue
        results.put((seq, out, None))


class _ProcessExtractions:
    """The callable :func:`process_extractions` returns; one pool per call."""

    def __init__(self, workers: int, schema_path: str | None, aliases: str | None,
                 chunk: int, window: int | None, context: str) -> None:
        self.workers = workers
        self.schema_path = schema_path
        self.aliases = aliases
        self.chunk = chunk
        self.window = window or workers * 3
        self.context = context

    def __repr__(self) -> str:
        return f"process_extractions(workers={self.workers}, chunk={self.chunk})"

    def _start(self) -> tuple[list[Any], Any, Any]:
        ctx = mp.get_context(self.context)
        tasks, results = ctx.Queue(), ctx.Queue()
        # Tasks left in the pipe when we stop early are meant to be lost: never let the
        # queue's feeder thread hold up interpreter exit (that would hang Ctrl-C).
        tasks.cancel_join_thread()
        procs = [ctx.Process(target=_worker_main, name=f"ergraph-extract-{i}", daemon=True,
                             args=(tasks, results, self.schema_path, self.aliases))
                 for i in range(self.workers)]
        # Block SIGINT while starting, so the mask the children inherit keeps a Ctrl-C
        # during their start-up from printing tracebacks; they ignore it, then unblock.
        masked = hasattr(signal, "pthread_sigmask") \
            and threading.current_thread() is threading.main_thread()
        if masked:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            for p in procs:
                p.start()
        finally:
            if masked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        return procs, tasks, results

    @staticmethod
    def _receive(results: Any, procs: list[Any]) -> tuple[int, list[Extraction] | None,
                                                          str | None]:
        """The next finished chunk; raises if a worker died (OOM killer, kill -9) instead
        of waiting forever for a chunk that will never come."""
        while True:
            try:
                return results.get(timeout=0.5)  # type: ignore[no-any-return]
            except queue.Empty:
                dead = [p for p in procs if p.exitcode is not None]
                if dead:
                    p = dead[0]
                    raise ErgraphError(
                        f"extraction worker {p.name} (pid {p.pid}) died with exit code "
                        f"{p.exitcode}; documents already written are kept - re-run to "
                        "finish", pid=p.pid, exitcode=p.exitcode) from None

    def __call__(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        docs = list(documents)
        if not docs:
            return
        chunks = _chunks(docs, chunk_sizes(len(docs), self.workers, self.chunk))
        procs, tasks, results = self._start()
        finished = False
        try:
            sent = yielded = 0
            done: dict[int, list[Extraction]] = {}
            while yielded < len(chunks):
                while sent < len(chunks) and sent - yielded < self.window:
                    tasks.put((sent, chunks[sent]))
                    sent += 1
                while yielded not in done:
                    seq, out, error = self._receive(results, procs)
                    if error is not None:
                        where = "starting" if seq < 0 else f"extracting chunk {seq}"
                        raise ErgraphError(f"extraction worker failed {where}:\n{error}")
                    done[seq] = out or []
                yield from done.pop(yielded)
                yielded += 1
            for _ in procs:
                tasks.put(None)
            for p in procs:
                p.join(timeout=10)
            finished = all(p.exitcode is not None for p in procs)
        finally:
            if not finished:
                for p in procs:
                    if p.exitcode is None:
                        p.terminate()
                for p in procs:
                    p.join(timeout=5)
                    if p.exitcode is None:
                        p.kill()
                        p.join(timeout=5)
            for q in (tasks, results):
                q.close()
            results.cancel_join_thread()


def process_extractions(workers: int, schema_path: str | os.PathLike[str] | None = None,
                        aliases: str | os.PathLike[str] | None = None, *,
                        chunk: int = DEFAULT_CHUNK, window: int | None = None,
                        context: str = "spawn") -> Extractions:
    """Extraction in ``workers`` processes on this machine.

    Returns ``f(documents) -> Iterator[Extraction]`` yielding **in input order** while
    the workers run ahead by at most ``window`` chunks (default ``3 * workers``) of at most
    ``chunk`` documents. Each call of ``f`` starts its own workers (``spawn`` by default:
    no copy of the parent's threads or open store; ``forkserver`` also works) and stops
    them when the stream ends or is abandoned. A worker that fails or dies raises
    :class:`~ergraph.errors.ErgraphError`; what was written before stays written."""
    if workers < 1:
        raise ValueError("workers must be >= 1")
    if context not in ("spawn", "forkserver"):
        raise ValueError("context must be 'spawn' or 'forkserver' (fork would copy the "
                         "parent's threads and open store)")
    return _ProcessExtractions(workers, _schema_arg(schema_path),
                               str(aliases) if aliases else None, chunk, window, context)


# -- a Dask cluster ----------------------------------------------------------------------

_DASK_LOCK = threading.Lock()
_DASK_EXTRACTORS: dict[tuple[Any, ...], Any] = {}


def _dask_extractor(config: tuple[str | None, str | None, str | None, bytes | None]) -> Any:
    """The extractor of this Dask worker process for ``config``, built on first use.

    A cached per-worker function rather than a worker plugin: it needs no registration,
    covers workers that join the cluster later, and two ingests with different schemas
    can share a cluster. The schema and alias file travel as text/bytes, so workers on
    other machines do not need the client's files - only ergraph and the spaCy model."""
    with _DASK_LOCK:
        found = _DASK_EXTRACTORS.get(config)
        if found is None:
            schema_path, schema_text, aliases_name, aliases_bytes = config
            aliases = None
            if aliases_name is not None and aliases_bytes is not None:
                import hashlib
                import tempfile

                folder = Path(tempfile.gettempdir()) / "ergraph-dask" / hashlib.sha256(
                    aliases_bytes).hexdigest()[:16]
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / aliases_name
                target.write_bytes(aliases_bytes)
                aliases = str(target)
            for var in _THREAD_VARS:
                os.environ.setdefault(var, "1")
            found = _build_extractor(schema_path, aliases, schema_text)
            _DASK_EXTRACTORS[config] = found
        return found


def _dask_extract_chunk(docs: list[Document],
                        config: tuple[str | None, str | None, str | None, bytes | None]
                        ) -> list[Extraction]:
    """Runs on a Dask worker: one chunk through the worker's cached extractor."""
    return list(_dask_extractor(config).extract_many(docs))


class _DaskExtractions:
    """The callable :func:`dask_extractions` returns; one client connection per call."""

    def __init__(self, address: Any, schema_path: str | None, aliases: str | None,
                 chunk: int, window: int | None, connect_timeout: float) -> None:
        self.address = address
        self.connect_timeout = connect_timeout
        self.schema_path = schema_path
        self.aliases = aliases
        self.chunk = chunk
        self.window = window

    def __repr__(self) -> str:
        return f"dask_extractions({self.address!r}, chunk={self.chunk})"

    def _config(self) -> tuple[str | None, str | None, str | None, bytes | None]:
        schema_text = None
        if self.schema_path:
            schema_text = Path(self.schema_path).read_text(encoding="utf-8")
        name = data = None
        if self.aliases:
            p = Path(self.aliases)
            try:
                name, data = p.name, p.read_bytes()
            except OSError as exc:
                raise ErgraphError(f"cannot read alias file {p}: {exc}") from None
        return (self.schema_path, schema_text, name, data)

    def __call__(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        try:
            from dask.distributed import Client, as_completed
        except ImportError:
            raise ErgraphError("--dask needs dask.distributed: pip install "
                               "'ergraph[dask]'") from None
        docs = list(documents)
        if not docs:
            return
        try:
            client = Client(self.address, timeout=self.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ErgraphError(f"cannot reach the Dask scheduler at {self.address}: {exc}",
                               address=str(self.address)) from None
        futures: dict[Any, int] = {}
        try:
            config = self._config()
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
            window = self.window or n_workers * 3
            chunks = _chunks(docs, chunk_sizes(len(docs), n_workers, self.chunk))
            pending = as_completed(loop=client.loop)
            run = uuid.uuid4().hex[:12]
            sent = yielded = 0
            done: dict[int, list[Extraction]] = {}

            def submit_more() -> None:
                nonlocal sent
                while sent < len(chunks) and sent - yielded < window:
                    f = client.submit(_dask_extract_chunk, chunks[sent], config, pure=False,
                                      key=f"ergraph-extract-{run}-{sent}")
                    futures[f] = sent
                    pending.add(f)
                    sent += 1

            submit_more()
            while yielded < len(chunks):
                while yielded not in done:
                    f = next(pending)
                    seq = futures.pop(f)
                    try:
                        done[seq] = f.result()
                    except ErgraphError:
                        raise
                    except Exception as exc:  # noqa: BLE001 - any task error, named
                        raise ErgraphError(f"Dask extraction of chunk {seq} failed: "
                                           f"{type(exc).__name__}: {exc}") from exc
                    f.release()
                yield from done.pop(yielded)
                yielded += 1
                submit_more()
        finally:
            with contextlib.suppress(Exception):
                if futures:
                    client.cancel(list(futures))
            client.close()


def dask_extractions(address: Any, schema_path: str | os.PathLike[str] | None = None,
                     aliases: str | os.PathLike[str] | None = None, *,
                     chunk: int = DEFAULT_CHUNK, window: int | None = None,
                     connect_timeout: float = 20.0) -> Extractions:
    """Extraction fanned out over a Dask cluster (``tcp://host:8786``, or a
    ``LocalCluster`` object).

    Returns ``f(documents) -> Iterator[Extraction]`` yielding **in input order**: chunks
    are collected with ``as_completed`` as they finish and released to the writer in
    order, with at most ``window`` chunks (default ``3 * workers``) in flight, so a large
    corpus never sits whole in the cluster's memory. Each worker builds the extractor
    once (a cached per-worker function) and keeps it for later chunks and later runs. Connection is made when ``f`` is called, not here."""
    return _DaskExtractions(address, _schema_arg(schema_path),
                            str(aliases) if aliases else None, chunk, window,
                            connect_timeout)
