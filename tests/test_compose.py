"""``docker-compose.yml`` and ``Dockerfile``: valid, and no credential baked in.

``docker compose config`` (or the older ``docker-compose config``) needs only the client,
not an engine; it runs whenever one is installed, and otherwise skips with the reason.
The structural checks below run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
PASSWORD = "compose-test-only-secret"


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True,
                               text=True, timeout=60)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def _config(env_password: str | None) -> subprocess.CompletedProcess[str]:
    cmd = _compose_command()
    if cmd is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is installed")
    env = {k: v for k, v in os.environ.items() if k != "ERGRAPH_NEO4J_PASSWORD"}
    if env_password is not None:
        env["ERGRAPH_NEO4J_PASSWORD"] = env_password
    return subprocess.run([*cmd, "-f", str(COMPOSE), "config"], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, env=env)


def test_compose_config_passes_with_the_password_from_the_environment() -> None:
    res = _config(PASSWORD)
    assert res.returncode == 0, res.stderr
    assert f"NEO4J_AUTH: neo4j/{PASSWORD}" in res.stdout
    assert "condition: service_healthy" in res.stdout
    assert "ERGRAPH_STORE: neo4j://neo4j@neo4j:7687" in res.stdout


def test_compose_config_refuses_to_run_without_a_password() -> None:
    res = _config(None)
    assert res.returncode != 0
    assert "set ERGRAPH_NEO4J_PASSWORD" in res.stdout + res.stderr


def _compose() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_compose_services() -> None:
    services = _compose()["services"]
    neo4j, api = services["neo4j"], services["api"]
    assert neo4j["image"].startswith("neo4j:5")
    assert neo4j["environment"]["NEO4J_AUTH"] == \
        "neo4j/${ERGRAPH_NEO4J_PASSWORD:?set ERGRAPH_NEO4J_PASSWORD}"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert api["build"] == "."
    assert api["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    assert api["environment"]["ERGRAPH_STORE"] == "neo4j://neo4j@neo4j:7687"
    assert api["environment"]["ERGRAPH_NEO4J_PASSWORD"].startswith("${ERGRAPH_NEO4J_PASSWORD:?")


def test_no_password_in_compose_or_dockerfile() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    # every value after neo4j/ or a PASSWORD key is an interpolation, never a literal
    for m in re.finditer(r"(?:NEO4J_AUTH:\s*neo4j/|PASSWORD:\s*)(\S+)", text):
        assert m.group(1).startswith("${"), m.group(0)
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "PASSWORD" not in dockerfile.upper().replace("ERGRAPH_NEO4J_PASSWORD", "")


def test_dockerfile_serves_the_api() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", text, re.MULTILINE)
    assert re.search(r"^RUN pip install \.", text, re.MULTILINE)
    assert 'CMD ["ergraph", "serve", "--host", "0.0.0.0", "--port", "8000"]' in text
    assert re.search(r"^USER (?!root)\w+", text, re.MULTILINE)
