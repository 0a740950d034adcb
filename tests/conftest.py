"""Shared fixtures. Paths to the user's development corpus live beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"the development corpus is not beside the repository ({SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def extractor():
    """The real default extractor, built once per test session (loads spaCy once)."""
    from ergraph.loaders import default_extractor

    return default_extractor()


# -- the real Neo4j (tests/neo4j_server, started once per session by bolt_servers) --------
@pytest.fixture(scope="session")
def neo4j_server():
    """Neo4j started by Neo4j's test harness; fails under CI=1, skips locally if it can't."""
    from bolt_servers import shared_neo4j

    return shared_neo4j()


_NEO4J_OUTCOMES: dict[str, int] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "neo4j" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        outcome = "error" if report.when == "setup" and report.failed else report.outcome
        _NEO4J_OUTCOMES[outcome] = _NEO4J_OUTCOMES.get(outcome, 0) + 1


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    """One line: how many tests marked ``neo4j`` ran, and on which server."""
    if not _NEO4J_OUTCOMES:
        return
    from bolt_servers import session_server

    server = session_server()
    where = f"Neo4j {server.version} at {server.bolt}" if server else "no Neo4j server"
    ran = _NEO4J_OUTCOMES.get("passed", 0) + _NEO4J_OUTCOMES.get("failed", 0)
    detail = ", ".join(f"{n} {k}" for k, n in sorted(_NEO4J_OUTCOMES.items()))
    terminalreporter.write_line(f"neo4j: {ran} tests ran on {where} ({detail})")
