"""A real Neo4j for the tests, started by Neo4j's own test harness (``tests/neo4j_server``).

The Maven module ``tests/neo4j_server`` wraps ``org.neo4j.test:neo4j-harness`` (5.26 LTS,
the same major as the ``neo4j:5`` image of ``docker-compose.yml``) in one Java class that
starts a Neo4j DBMS with Bolt on a free loopback port and authentication on, prints its
Bolt URI, and runs until its stdin closes. This module

* builds it with ``mvn -q package`` once (skipped while the jar is newer than the pom and
  the sources; Maven's ``~/.m2`` cache means nothing is downloaded after the first build);
* starts it as a subprocess (``java -jar``), the tests talking to it exactly as to a remote
  Neo4j: over a socket, with a password, through the official ``neo4j`` driver;
* keeps one server per test session (:func:`shared_neo4j`), stopped and its data folder
  removed at exit;
* fails the Neo4j tests under ``CI=1`` when the server cannot be built or started, and
  skips them locally with the reason (``unavailable``), e.g. when Java or Maven is missing.

Neo4j Community has one user database (``neo4j``): tests share it and clear it first.
An external server is used instead when ``ERGRAPH_TEST_NEO4J_URI`` is set (with
``ERGRAPH_TEST_NEO4J_USER`` / ``ERGRAPH_TEST_NEO4J_PASSWORD`` / ``_DATABASE``).
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

MODULE = Path(__file__).resolve().parent / "neo4j_server"
JAR = MODULE / "target" / "neo4j-test-server.jar"
READY = "ERGRAPH_NEO4J_BOLT "
PASSWORD_ENV = "ERGRAPH_TEST_NEO4J_PASSWORD"
BUILD_TIMEOUT = 900.0
START_TIMEOUT = 180.0
#: JVM options for the test server: small heap, startup over peak speed.
TEST_JVM = ("-Xms256m", "-Xmx1g", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    """Fail under CI (a missing server must not pass silently), skip locally."""
    if in_ci():
        pytest.fail(f"Neo4j test server unavailable under CI: {reason}", pytrace=False)
    pytest.skip(reason)


class ServerUnavailable(RuntimeError):
    """The test Neo4j cannot be built or started (the message says why)."""


@dataclass
class Neo4jServer:
    """A running Neo4j: where it listens and how to log in."""

    bolt: str  # bolt://127.0.0.1:PORT
    password: str
    user: str = "neo4j"
    database: str | None = None
    version: str = ""
    process: subprocess.Popen[str] | None = None
    root: Path | None = None
    log: Path | None = None

    @property
    def store_uri(self) -> str:
        """The URI for :func:`ergraph.graph.open_store` (password given separately)."""
        scheme, rest = self.bolt.split("://", 1)
        rest = rest.split("@", 1)[-1]
        path = f"/{self.database}" if self.database else ""
        return f"{scheme}://{self.user}@{rest}{path}"

    def driver(self):  # type: ignore[no-untyped-def]
        import neo4j

        return neo4j.GraphDatabase.driver(self.bolt, auth=(self.user, self.password))

    def wipe(self) -> None:
        """Delete every node and relationship (the database is shared by the tests)."""
        with self.driver() as d, d.session(database=self.database) as s:
            while s.run("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n"
                        ).single()["n"]:
                pass

    def stop(self) -> None:
        proc = self.process
        if proc is None or proc.poll() is not None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()  # the server stops when its stdin closes
            proc.wait(timeout=60)
        except (subprocess.TimeoutExpired, OSError):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        if self.log is None:
            return ""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# -- build ------------------------------------------------------------------------------
def _sources(module: Path) -> list[Path]:
    return [module / "pom.xml", *(p for p in (module / "src").rglob("*") if p.is_file())]


def jar_is_fresh(module: Path = MODULE) -> bool:
    jar = module / "target" / JAR.name
    if not jar.is_file() or not (module / "target" / "lib").is_dir():
        return False
    return jar.stat().st_mtime >= max(p.stat().st_mtime for p in _sources(module))


def build(module: Path = MODULE) -> Path:
    """The server jar, built with Maven unless it is newer than every source."""
    jar = module / "target" / JAR.name
    if jar_is_fresh(module):
        return jar
    if not shutil.which("java"):
        raise ServerUnavailable("no `java` on PATH: the test Neo4j needs a Java 17 runtime "
                                "(e.g. Debian's openjdk-17-jdk-headless)")
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerUnavailable(f"no `mvn` on PATH: Maven builds the test Neo4j ({module})")
    try:
        done = subprocess.run([mvn, "-B", "-q", "package"], cwd=module, capture_output=True,
                              text=True, timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ServerUnavailable(f"`mvn package` in {module} ran over {BUILD_TIMEOUT:.0f} s"
                                ) from None
    if done.returncode != 0 or not jar.is_file():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise ServerUnavailable(f"`mvn package` in {module} failed ({done.returncode}):\n{tail}")
    return jar


# -- start ------------------------------------------------------------------------------
def start(root: Path, *, jvm: tuple[str, ...] = TEST_JVM, args: tuple[str, ...] = (),
          timeout: float = START_TIMEOUT, module: Path = MODULE) -> Neo4jServer:
    """Build if need be, start the server with its data under ``root`` and wait until Bolt
    answers a query with the password; raises :class:`ServerUnavailable`."""
    jar = build(module)
    java = shutil.which("java")
    if not java:
        raise ServerUnavailable("no `java` on PATH: the test Neo4j needs a Java 17 runtime")
    password = "t" + secrets.token_hex(16)
    root.mkdir(parents=True, exist_ok=True)
    log = root / "server.log"
    env = {**os.environ, PASSWORD_ENV: password}
    with log.open("w") as err:
        proc = subprocess.Popen([java, *jvm, "-jar", str(jar), "--root", str(root), *args],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                text=True, env=env, cwd=root)
    server = Neo4jServer("", password, process=proc, root=root, log=log)
    lines: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.strip())

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not any(line.startswith(READY) for line in lines):
        if proc.poll() is not None:
            raise ServerUnavailable(f"the test Neo4j exited with {proc.returncode}:\n"
                                    f"{server.log_tail()}")
        if time.monotonic() > deadline:
            server.stop()
            raise ServerUnavailable(f"the test Neo4j did not start in {timeout:.0f} s:\n"
                                    f"{server.log_tail()}")
        time.sleep(0.1)
    server.bolt = next(line for line in lines if line.startswith(READY))[len(READY):]
    try:
        server.version = _wait_for_bolt(server, deadline)
    except ServerUnavailable:
        server.stop()
        raise
    return server


def _wait_for_bolt(server: Neo4jServer, deadline: float) -> str:
    import neo4j
    from neo4j import exceptions

    last = ""
    while time.monotonic() < deadline:
        try:
            with server.driver() as d:
                records, _, _ = d.execute_query(
                    "CALL dbms.components() YIELD versions, edition "
                    "RETURN versions[0] + ' ' + edition AS v", database_="system",
                    routing_=neo4j.RoutingControl.READ)
                return str(records[0]["v"])
        except (exceptions.ServiceUnavailable, exceptions.SessionExpired, OSError) as exc:
            last = str(exc)
            time.sleep(0.2)
    raise ServerUnavailable(f"Bolt at {server.bolt} did not answer: {last}")


# -- the session's server ---------------------------------------------------------------
_SERVER: Neo4jServer | None = None
_FAILURE: str | None = None


def external_neo4j() -> Neo4jServer | None:
    uri = os.environ.get("ERGRAPH_TEST_NEO4J_URI")
    if not uri:
        return None
    return Neo4jServer(uri, os.environ.get("ERGRAPH_TEST_NEO4J_PASSWORD", ""),
                       os.environ.get("ERGRAPH_TEST_NEO4J_USER", "neo4j"),
                       os.environ.get("ERGRAPH_TEST_NEO4J_DATABASE") or None, "external")


def shared_neo4j() -> Neo4jServer:
    """The one Neo4j of this test session, started on first use (any module)."""
    global _SERVER, _FAILURE
    if _SERVER is None and _FAILURE is None:
        _SERVER = external_neo4j()
        if _SERVER is None:
            root = Path(tempfile.mkdtemp(prefix="ergraph-neo4j-test-"))
            try:
                _SERVER = start(root)
            except (ServerUnavailable, OSError) as exc:
                _FAILURE = str(exc)
                shutil.rmtree(root, ignore_errors=True)
            else:
                atexit.register(_shutdown, _SERVER)
    if _SERVER is None:
        unavailable(f"Neo4j (harness) could not be started: {_FAILURE}")
    assert _SERVER is not None
    return _SERVER


def session_server() -> Neo4jServer | None:
    """The server if this session started (or found) one, else None."""
    return _SERVER


def _shutdown(server: Neo4jServer) -> None:
    server.stop()
    if server.root is not None:
        shutil.rmtree(server.root, ignore_errors=True)
