"""Issue 14, failure 2 through the API: a large POST becomes a job (202), extraction
never holds the writer, the queue is bounded and each job has a time limit."""

from __future__ import annotations

import threading
import time
from typing import Any

from ergraph.api.app import create_app
from ergraph.api.settings import Settings
from ergraph.graph.sqlite import SQLiteStore
from ergraph.model import Document, Entity, Extraction, Mention
from fastapi.testclient import TestClient


class SlowExtractor:
    """One entity per text ("Anna Berg"), ``delay`` seconds per call when the text says
    SLOW; raises on BOOM."""

    name = "slow"

    def __init__(self, delay: float = 0.2) -> None:
        self.delay = delay
        self.calls = 0
        self.running = threading.Event()

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents):
        for d in documents:
            self.calls += 1
            if "SLOW" in d.text:
                self.running.set()
                time.sleep(self.delay)
            if "BOOM" in d.text:
                raise RuntimeError("extractor fell over")
            e = Entity.create("Anna Berg", "PERSON")
            i = d.text.find("Anna Berg")
            ments = (Mention(e.id, d.id, i, i + 9, "Anna Berg"),) if i >= 0 else ()
            yield Extraction(d, (e,) if ments else (), ments)


def make(extractor: Any, **settings: Any) -> tuple[TestClient, SQLiteStore]:
    store = SQLiteStore(":memory:")
    settings.setdefault("sync_ingest_bytes", 10_000)
    app = create_app(Settings(**settings), store=store, extractor=extractor)
    return TestClient(app, raise_server_exceptions=False), store


def big_text(n: int = 100_000) -> str:
    para = "SLOW news: Anna Berg met the press in Oslo today. " * 10
    return "\n\n".join([para] * (n // (len(para) + 2) + 1))[:n]


def wait_for(c: TestClient, url: str, timeout: float = 30) -> dict[str, Any]:
    t = time.monotonic()
    while time.monotonic() - t < timeout:
        job = c.get(url).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job at {url} did not finish: {job}")


def test_a_large_post_is_a_job_that_finishes_with_its_result():
    c, store = make(SlowExtractor(delay=0.0))
    r = c.post("/documents", json={"text": big_text(), "title": "big"})
    assert r.status_code == 202, r.text
    job = r.json()
    assert r.headers["location"] == job["url"] == f"/jobs/{job['id']}"
    assert job["status"] in ("queued", "running", "done")
    done = wait_for(c, job["url"])
    assert done["status"] == "done", done
    assert [a["document"]["title"] for a in done["result"]["added"]] == ["big"]
    assert store.stats()["documents"] == 1
    # small bodies still answer 201 at once; async=true asks for a job whatever the size
    assert c.post("/documents", json={"text": "Anna Berg spoke."}).status_code == 201
    r = c.post("/documents?async=true", json={"text": "Anna Berg spoke again."})
    assert r.status_code == 202 and wait_for(c, r.json()["url"])["status"] == "done"


def test_a_small_post_never_waits_behind_a_large_extraction():
    slow = SlowExtractor(delay=0.5)  # ~5 windows: over two seconds of extraction
    c, store = make(slow)
    r = c.post("/documents", json={"text": big_text(100_000)})
    assert r.status_code == 202
    assert slow.running.wait(10)
    t = time.monotonic()
    small = c.post("/documents", json={"text": "Anna Berg met Carl Dane."})
    took = time.monotonic() - t
    assert small.status_code == 201, small.text
    assert c.get(r.json()["url"]).json()["status"] == "running"  # still extracting
    assert took < 1.5, took
    assert wait_for(c, r.json()["url"])["status"] == "done"
    assert store.stats()["documents"] == 2


def test_the_job_queue_is_bounded():
    c, _ = make(SlowExtractor(delay=0.3), max_jobs=1)
    first = c.post("/documents", json={"text": big_text(60_000)})
    assert first.status_code == 202
    second = c.post("/documents", json={"text": big_text(60_000) + " more"})
    assert second.status_code == 429, second.text
    assert second.json()["error"]["code"] == "queue_full"
    assert int(second.headers["retry-after"]) > 0
    wait_for(c, first.json()["url"])
    third = c.post("/documents", json={"text": big_text(60_000) + " more"})
    assert third.status_code == 202
    assert wait_for(c, third.json()["url"])["status"] == "done"


def test_a_job_past_its_time_limit_fails_and_writes_nothing():
    c, store = make(SlowExtractor(delay=0.3), job_timeout=0.5)
    r = c.post("/documents", json={"text": big_text(200_000)})
    job = wait_for(c, r.json()["url"])
    assert job["status"] == "failed"
    assert job["error"]["code"] == "job_timeout"
    assert store.stats()["documents"] == 0


def test_an_unknown_job_is_a_404_in_the_envelope():
    c, _ = make(SlowExtractor())
    r = c.get("/jobs/j0000000000000000")
    assert r.status_code == 404 and r.json()["error"]["code"] == "job_not_found"


def test_a_document_the_extractor_fails_on_is_reported_and_the_rest_goes_in():
    c, store = make(SlowExtractor(delay=0.0))
    r = c.post("/documents", json={"documents": [
        {"text": "Anna Berg met Carl Dane.", "title": "good"},
        {"text": "BOOM Anna Berg.", "title": "bad"}]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert [a["document"]["title"] for a in body["added"]] == ["good"]
    (failed,) = body["failed"]
    assert failed["document"]["title"] == "bad"
    assert failed["problem"]["kind"] == "extraction_failed"
    assert store.stats()["documents"] == 1


def test_the_http_client_waits_for_a_job():
    import ergraph
    import httpx

    c, store = make(SlowExtractor(delay=0.0))

    def handler(request: httpx.Request) -> httpx.Response:
        r = c.request(request.method, str(request.url.copy_with(scheme="http",
                      host="testserver")), content=request.content,
                      headers={"content-type": request.headers.get("content-type", "")})
        return httpx.Response(r.status_code, content=r.content, headers=r.headers)

    remote = ergraph.Client("http://testserver", transport=httpx.MockTransport(handler))
    report = remote.ingest(big_text(), title="big")
    assert [a["document"]["title"] for a in report.added] == ["big"]
    assert store.stats()["documents"] == 1
