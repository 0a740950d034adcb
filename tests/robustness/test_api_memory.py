"""Issue 14, failure 12 (memory): the API's memory stays bounded under a long run of
queries, and the job table does not grow without bound."""

from __future__ import annotations

import random
import time

import pytest
from ergraph.api import jobs as jobs_module
from ergraph.api.app import create_app
from ergraph.api.settings import Settings
from fastapi.testclient import TestClient
from test_api import FakeExtractor, build_store

URLS = ["/entities?q=putin", "/central?metric=degree", "/communities",
        "/paths?source=Putin&target=Smith", "/stats", "/export?format=jsonl",
        "/export?format=graphml", "/relations", "/documents",
        "/entities/missing/neighbors?depth=3", "/paths?source=x&target=y&k=5"]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.slow
def test_rss_stays_flat_over_thousands_of_queries():
    c = TestClient(create_app(Settings(query_timeout=30), store=build_store(),
                              extractor=FakeExtractor()), raise_server_exceptions=False)
    rng = random.Random(14)

    def burst(n: int) -> None:
        for _ in range(n):
            u = rng.choice(URLS)
            r = c.get(u + ("&" if "?" in u else "?") + f"limit={rng.randint(1, 1000)}")
            assert r.status_code < 500 or r.status_code == 501, r.text

    burst(300)  # warm: caches, network view, path index
    base = rss_mb()
    samples = []
    for _ in range(4):
        burst(300)
        samples.append(rss_mb())
    assert max(samples) - base < 40, (base, samples)  # MB over 1,200 more queries


def test_the_job_table_keeps_a_bounded_number_of_finished_jobs(monkeypatch):
    monkeypatch.setattr(jobs_module, "KEEP_FINISHED", 5)
    c = TestClient(create_app(Settings(), store=build_store(), extractor=FakeExtractor()),
                   raise_server_exceptions=False)
    ids = []
    for i in range(12):
        r = c.post("/documents?async=true", json={"text": f"Putin met Smith, take {i}."})
        assert r.status_code == 202
        ids.append(r.json()["id"])
        t = time.monotonic()
        while c.get(f"/jobs/{ids[-1]}").json()["status"] not in ("done", "failed"):
            assert time.monotonic() - t < 10
            time.sleep(0.02)
    table = c.app.state.jobs._jobs
    assert len(table) <= 6
    assert c.get(f"/jobs/{ids[0]}").status_code == 404
    assert c.get(f"/jobs/{ids[-1]}").json()["status"] == "done"
