"""Parallel ingest: worker processes and Dask give the same graph as one process, and an
interrupted ingest (kill -9, Ctrl-C) leaves a sound store that a re-run completes.

The corpus is bench/corpus.py's synthetic one (invented names, schema trigger verbs), kept
small so the whole module runs in well under a minute on two cores.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ergraph.errors import ErgraphError
from ergraph.graph.sqlite import SQLiteStore
from ergraph.loaders import default_extractor
from ergraph.loaders.ingest import ingest_paths
from ergraph.loaders.parallel import chunk_sizes, dask_extractions, process_extractions

ROOT = Path(__file__).resolve().parents[1]
N_DOCS = 60


def _load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ergraph_bench_corpus",
                                                  ROOT / "bench" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(folder, N_DOCS, seed=7, per_doc=3, fillers=2)
    (folder / "manifest.json").unlink()  # only the .txt documents are ingested
    return folder


@pytest.fixture(scope="module")
def clean_dump(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
               ) -> list[dict[str, Any]]:
    """The reference: one clean in-process ingest (no workers) of the corpus."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    with SQLiteStore(f"sqlite:///{db}") as store:
        report = ingest_paths([corpus_dir], store, default_extractor())
        assert len(report.added) == N_DOCS
        assert report.relations > N_DOCS  # the corpus does yield relations
        return list(store.dump())


def _dump(db: Path) -> list[dict[str, Any]]:
    with SQLiteStore(f"sqlite:///{db}") as store:
        return list(store.dump())


def _descendants() -> set[int]:
    """This process's descendants, less multiprocessing's resource tracker (one per
    parent process, shared, lives as long as the parent: not a worker)."""
    import psutil

    out = set()
    for p in psutil.Process().children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(p.cmdline()):
                out.add(p.pid)
        except psutil.NoSuchProcess:
            pass
    return out


def _wait_gone(pids: set[int], timeout: float = 15.0) -> set[int]:
    """The pids among ``pids`` still running (zombies count as gone) after ``timeout``."""
    import psutil

    deadline = time.monotonic() + timeout
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        still = set()
        for pid in alive:
            try:
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    still.add(pid)
            except psutil.NoSuchProcess:
                pass
        alive = still
        if alive:
            time.sleep(0.1)
    return alive


# -- fast checks ---------------------------------------------------------------------------

def test_extractions_pickle_round_trip() -> None:
    """Workers send Extraction objects back through pickle: they must survive it intact."""
    ex = next(corpus.synthetic_extractions(1, relations_per_doc=3, entities=50))
    back = pickle.loads(pickle.dumps(ex))
    assert back == ex
    assert back.relations[0].evidence[0].id == ex.relations[0].evidence[0].id
    with pytest.raises(AttributeError):
        back.document.id = "changed"  # type: ignore[misc]  # still frozen


def test_chunk_sizes_spread_small_jobs_over_workers() -> None:
    assert chunk_sizes(60, 2) == 8  # about four chunks per worker
    assert chunk_sizes(10_000, 2) == 32  # capped: results keep streaming back
    assert chunk_sizes(3, 4) == 1
    assert chunk_sizes(0, 2) == 1


def test_corpus_is_deterministic_and_unique() -> None:
    a, manifest = corpus.generate(30, seed=3)
    b, _ = corpus.generate(30, seed=3)
    c, _ = corpus.generate(30, seed=4)
    assert a == b and a != c
    assert len({text for _, text in a}) == 30  # no duplicate documents
    assert manifest["docs"] == 30 and sum(manifest["statements_by_modality"].values()) == 120


def test_process_extractions_rejects_fork() -> None:
    with pytest.raises(ValueError, match="spawn"):
        process_extractions(2, context="fork")


# -- processes and Dask --------------------------------------------------------------------

@pytest.mark.slow
def test_two_workers_give_the_same_graph(corpus_dir: Path, clean_dump: list[dict[str, Any]],
                                         tmp_path: Path) -> None:
    before = _descendants()
    db = tmp_path / "w2.db"
    with SQLiteStore(f"sqlite:///{db}") as store:
        report = ingest_paths([corpus_dir], store, default_extractor(),
                              extractions=process_extractions(2))
    assert len(report.added) == N_DOCS
    assert _dump(db) == clean_dump
    assert not _wait_gone(_descendants() - before, timeout=10)  # workers stopped


@pytest.mark.slow
def test_abandoned_stream_terminates_workers() -> None:
    docs = corpus.documents(40, seed=1, per_doc=2, fillers=1)
    before = _descendants()
    stream = process_extractions(2)(docs)
    first = next(stream)
    assert first.document.id == docs[0].id  # input order
    workers = _descendants() - before
    assert len(workers) >= 2
    stream.close()  # what an exception or Ctrl-C in the writer does to the stream
    assert not _wait_gone(workers, timeout=10)


@pytest.mark.slow
def test_worker_failure_is_raised_not_hung(tmp_path: Path) -> None:
    bad = tmp_path / "schema.toml"
    bad.write_text("this is [not toml", encoding="utf-8")
    docs = corpus.documents(4, seed=2)
    t0 = time.monotonic()
    with pytest.raises(ErgraphError, match="not valid TOML"):
        list(process_extractions(2, schema_path=bad)(docs))
    assert time.monotonic() - t0 < 60


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_graph(corpus_dir: Path,
                                                 clean_dump: list[dict[str, Any]],
                                                 tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        db = tmp_path / "dask.db"
        with SQLiteStore(f"sqlite:///{db}") as store:
            report = ingest_paths([corpus_dir], store, default_extractor(),
                                  extractions=dask_extractions(cluster.scheduler_address))
        assert len(report.added) == N_DOCS
    assert _dump(db) == clean_dump


@pytest.mark.slow
def test_dask_unreachable_scheduler_is_an_ergraph_error() -> None:
    pytest.importorskip("dask.distributed")
    docs = corpus.documents(2, seed=2)
    with pytest.raises(ErgraphError, match="Dask scheduler"):
        list(dask_extractions("tcp://127.0.0.1:9", chunk=1, connect_timeout=2)(docs))


# -- the CLI, interrupted ---------------------------------------------------------------------

def _ergraph_cmd() -> list[str]:
    script = Path(sys.executable).with_name("ergraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ergraph.cli"]


def _stored_documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0  # not created yet


def _start_ingest(corpus_dir: Path, db: Path, workers: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*_ergraph_cmd(), "ingest", str(corpus_dir), "--store", f"sqlite:///{db}",
         "--workers", str(workers), "--json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _interrupt_part_way(proc: subprocess.Popen[bytes], db: Path, sig: int) -> tuple[int, set[int]]:
    """Wait until the store holds some but not all documents, note the ingest's child
    processes, send ``sig`` (to the process group for SIGINT, as a terminal's Ctrl-C
    does; to the parent alone for SIGKILL) and return the count seen and the children."""
    import psutil

    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _stored_documents(db)
        if 0 < seen < N_DOCS:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "ingest ended before it could be interrupted"
    assert 0 < seen < N_DOCS
    children = {p.pid for p in psutil.Process(proc.pid).children(recursive=True)}
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    return seen, children


def _integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.e2e
def test_kill_9_then_rerun_gives_the_clean_graph(corpus_dir: Path,
                                                 clean_dump: list[dict[str, Any]],
                                                 tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    proc = _start_ingest(corpus_dir, db, workers=2)
    seen, children = _interrupt_part_way(proc, db, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    assert children, "the ingest should have started worker processes"
    assert not _wait_gone(children), "worker processes outlived a kill -9 of the parent"
    partial = _stored_documents(db)
    assert seen <= partial < N_DOCS
    assert _integrity(db) == "ok"

    rerun = _start_ingest(corpus_dir, db, workers=2)
    _, err = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, err.decode(errors="replace")
    assert _integrity(db) == "ok"
    assert _dump(db) == clean_dump


@pytest.mark.slow
@pytest.mark.e2e
def test_ctrl_c_with_workers_exits_cleanly(corpus_dir: Path, clean_dump: list[dict[str, Any]],
                                           tmp_path: Path) -> None:
    db = tmp_path / "interrupted.db"
    proc = _start_ingest(corpus_dir, db, workers=2)
    _, children = _interrupt_part_way(proc, db, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("ingest hung after Ctrl-C")
    assert proc.returncode == 130, err.decode(errors="replace")
    assert "Traceback" not in err.decode(errors="replace")
    assert not _wait_gone(children), "worker processes outlived Ctrl-C"
    assert _integrity(db) == "ok"

    rerun = _start_ingest(corpus_dir, db, workers=1)
    _, err = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, err.decode(errors="replace")
    assert _dump(db) == clean_dump
