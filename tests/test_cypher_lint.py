"""Every Cypher statement of :mod:`ergraph.graph.cypher`, checked before it meets a server.

* Neo4j's own Cypher front end (npm ``@neo4j-cypher/language-support``, run by
  ``tools/cypher-lint/lint.mjs`` with node 20, offline) lints each statement - rendered
  with the whole relation-type whitelist and exactly its declared parameters - and any
  diagnostic (error or warning) fails. A deliberately broken statement shows the linter bites.
* Without node / ``npm ci --prefix tools/cypher-lint`` these skip locally, with the
  reason, and fail under ``CI=1``.
* Plain-Python checks: whitelist-only rendering, declared parameters equal the ones used,
  and no Cypher text outside ``graph/cypher.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ergraph.errors import SchemaError
from ergraph.graph import cypher as C
from ergraph.schema import default_schema

ROOT = Path(__file__).resolve().parents[1]
LINT_DIR = ROOT / "tools" / "cypher-lint"
SCHEMA = default_schema()


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _lint(payload: dict[str, Any]) -> tuple[int, str]:
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "node (v20) is not installed"
    elif not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        missing = "tools/cypher-lint/node_modules missing: run npm ci --prefix tools/cypher-lint"
    if missing:
        if _in_ci():
            pytest.fail(f"Cypher lint cannot run under CI: {missing}", pytrace=False)
        pytest.skip(missing)
    proc = subprocess.run([node, str(LINT_DIR / "lint.mjs")], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=120, cwd=LINT_DIR)
    return proc.returncode, proc.stdout + proc.stderr


def _summary(output: str) -> dict[str, Any]:
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.slow  # ~1 s a statement for Neo4j's front end; CI runs it (-m "")
def test_every_statement_lints_clean() -> None:
    payload = C.lint_payload(SCHEMA)
    assert [s["name"] for s in payload["statements"]] == list(C.STATEMENTS)
    assert not any("__" in s["text"].replace("ergraph_", "") for s in payload["statements"])
    code, out = _lint(payload)
    assert code == 0, out
    assert _summary(out) == {"statements": len(payload["statements"]), "problems": 0,
                             "report": []}


def test_a_broken_statement_is_caught() -> None:
    broken = [
        C.Statement("MISSING_PAREN", "MATCH (e:Entity {id: $id} RETURN e", ("id",)),
        C.Statement("TYPO_PARAMETER", "MATCH (e:Entity {id: $idd}) RETURN e", ("id",)),
        C.Statement("UNKNOWN_TYPE", "MATCH (:Entity)-[r:FRIEND_OF]->(:Entity) RETURN r"),
        C.Statement("UNDEFINED_VARIABLE", "MATCH (e:Entity) RETURN f"),
    ]
    code, out = _lint(C.lint_payload(SCHEMA, [C.GET_DOCUMENT, *broken]))
    assert code == 1
    summary = _summary(out)
    assert summary["statements"] == 5
    assert {p["statement"] for p in summary["report"]} == {s.name for s in broken}, out


# -- without node ---------------------------------------------------------------------
def test_declared_parameters_are_the_ones_used() -> None:
    for stmt in C.STATEMENTS.values():
        used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", stmt.text))
        assert used == set(stmt.params), stmt.name


def test_bind_refuses_other_parameters() -> None:
    assert C.GET_DOCUMENT.bind({"id": "d1"}) == {"id": "d1"}
    with pytest.raises(ValueError, match="GET_DOCUMENT"):
        C.GET_DOCUMENT.bind({"id": "d1", "extra": 1})
    with pytest.raises(ValueError):
        C.GET_DOCUMENT.bind({})


def test_query_text_only_from_the_whitelist() -> None:
    assert C.type_alternation(SCHEMA, ["met", "LEADS"]) == "LEADS|MET"
    assert C.type_alternation(SCHEMA) == "|".join(sorted(SCHEMA.relation_types))
    for evil in ("MET|LEADS", "MET]->() DETACH DELETE n //", "met`", "", "MENTIONS"):
        with pytest.raises(SchemaError):
            C.type_alternation(SCHEMA, [evil])
    assert "(e:Entity:Person {" in C.MERGE_ENTITIES.render(SCHEMA, label_of="PERSON")
    with pytest.raises(SchemaError):
        C.MERGE_ENTITIES.render(SCHEMA, label_of="Person) DETACH DELETE (x")
    with pytest.raises(SchemaError):
        C.MERGE_RELATIONS.render(SCHEMA)  # a per-type statement needs a whitelisted type
    rendered = C.EXPAND.render(SCHEMA, types=["MET"])
    assert "[r:MET]" in rendered and "__" not in rendered


def test_no_cypher_outside_the_cypher_module() -> None:
    """String literals of the backend hold no Cypher: it all lives in graph/cypher.py."""
    import ast

    clause = re.compile(r"\b(MATCH|MERGE|CREATE|UNWIND|DETACH DELETE|RETURN)\b")
    tree = ast.parse((ROOT / "graph" / "neo4j.py").read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and n.body and isinstance(n.body[0], ast.Expr)}
    literals = [n.value for n in ast.walk(tree)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
                and id(n) not in docstrings]
    assert literals, "the scan found no string literals at all"
    assert [s for s in literals if clause.search(s)] == []
