"""Issue 14, failure 12 (memory) and "Done when": a long schemathesis run against a real
``ergraph serve`` process - every operation, the declared enums and constraints, every
check schemathesis has (``--checks all``: server errors, status codes, content types,
headers, response schemas, positive data accepted, negative data rejected, missing
headers, unsupported methods, auth, use after free, resource availability, ...), all four
phases (examples, coverage, fuzzing, stateful) - must report 0 failures, while the
server process's RSS, sampled all along, stays under a stated bound.

The service runs with an API key (sent by the fuzzer) so the auth checks have something
to check, and with the real extractor, so ``POST /documents`` loads spaCy and extracts
what the fuzzer posts. Constraints JSON Schema cannot state are the hooks of
``schemathesis_hooks.py`` (only: ``since`` not after ``until``).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil
import pytest
from test_api import build_store

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

HERE = Path(__file__).resolve().parent
KEY = "fuzz-key"
#: test cases per operation and phase; with a fixed seed the run is the same every time
#: (FUZZ_SEED and FUZZ_EXAMPLES override them, to explore beyond CI's run)
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "250"))
SEED = int(os.environ.get("FUZZ_SEED", "14"))
#: peak RSS of the server process over the whole run, MiB: measured 283 (2 shared cores,
#: spaCy loaded by the first POST), see the docstring of the test.
RSS_BOUND_MB = 450


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RssSampler(threading.Thread):
    """RSS of ``pid`` (and any children) every ``every`` seconds, in MiB."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.every = every
        self.samples: list[float] = []
        self.halt = threading.Event()

    def rss(self) -> float:
        total = self.proc.memory_info().rss
        for child in self.proc.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += child.memory_info().rss
        return total / 2**20

    def run(self) -> None:
        while not self.halt.is_set():
            try:
                self.samples.append(self.rss())
            except psutil.NoSuchProcess:
                return
            self.halt.wait(self.every)


def test_long_schemathesis_run_has_no_failure_and_server_memory_stays_bounded(tmp_path):
    """Measured on 2 shared cores before choosing the bound: seed 14, 250 examples:
    4,602 cases in 85 s (90 s with the server's start); seed 15, 300 examples: 5,188
    cases in 132 s. Server RSS 75 MiB idle, peak 283 MiB in both runs (spaCy loads at
    the first POST; flat after that: last sample = peak). Bound: **450 MiB** (peak
    x1.6). The issue's probe saw 4.2 GB after its run. Before the spec and validation
    fixes of this issue the same run failed: k > 1 with all=true, unknown or empty
    ``type``, blank names and texts, ``date: 0`` accepted as 1970-01-01."""
    uri = f"sqlite:///{tmp_path / 'graph.db'}"
    build_store(uri).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ERGRAPH_")}
    env["ERGRAPH_API_KEY"] = KEY
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "ergraph.cli", "serve", "--port", str(port), "--store", uri,
         "--log-level", "warning", "--no-access-log"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
    sampler: RssSampler | None = None
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "ergraph serve did not start"
            time.sleep(0.2)
        # the first ingest loads the language model (seconds on a loaded machine): load it
        # before the fuzzer's 10-second request timeout starts counting
        warm = httpx.post(f"{base}/documents", headers={"X-API-Key": KEY}, timeout=120,
                          json={"text": "Tomas Brandt met Ilse Novak in Oslo."})
        assert warm.status_code in (201, 202), warm.text
        spec = httpx.get(f"{base}/openapi.json", timeout=10).json()
        operations = sum(1 for item in spec["paths"].values() for m in item
                         if m in ("get", "post", "put", "patch", "delete"))
        # the fuzzer is told the allowed values
        assert "enum" in json.dumps(spec["paths"]["/paths"]["get"]["parameters"])
        sampler = RssSampler(server.pid)
        sampler.start()
        report = tmp_path / "report.json"
        fuzz_env = {**env, "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
                    "PYTHONPATH": os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")])}
        t0 = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{base}/openapi.json",
             "--checks", "all", "--header", f"X-API-Key: {KEY}",
             "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1",
             "--suppress-health-check", "all", "--generation-database", "none",
             "--no-color", "--report", "json", "--report-json-path", str(report)],
            capture_output=True, text=True, env=fuzz_env, cwd=tmp_path, timeout=600,
            check=False)
        elapsed = time.monotonic() - t0
        sampler.halt.set()
        sampler.join()
        out = run.stdout + run.stderr
        assert server.poll() is None, "the server died during the run"
        assert run.returncode == 0, out[-6000:]
        summary = out[out.rfind("SUMMARY"):]
        assert f"Selected: {operations}/{operations}" in summary, summary
        assert f"Tested: {operations}" in summary, summary
        generated = int(summary.split(" generated")[0].split()[-1])
        assert generated > 2_000, summary  # a long run, not a smoke test
        samples = sampler.samples
        peak = max(samples)
        print(f"\n{generated} cases in {elapsed:.0f} s; server RSS first {samples[0]:.0f} "
              f"MiB, peak {peak:.0f} MiB, last {samples[-1]:.0f} MiB ({len(samples)} samples)")
        assert peak < RSS_BOUND_MB, (peak, samples[::max(1, len(samples) // 40)])
    finally:
        if sampler is not None:
            sampler.halt.set()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
