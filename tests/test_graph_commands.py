"""``ergraph migrate`` / ``dump`` / ``load`` and the JSON lines module behind them.

The graph copied is the contract suite's world (three documents, negated and hedged
evidence, an undated document, aliases). Copies are compared record for record with
``dump()``; the Neo4j cases (marker ``neo4j``, real Neo4j from ``tests/neo4j_server``)
migrate SQLite -> Neo4j -> SQLite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ergraph.cli import app
from ergraph.errors import DocumentError
from ergraph.graph import SQLiteStore
from ergraph.graph.jsonl import load_from, read_records, write_records
from test_store_contract import WORLD, WORLD_STATS
from typer.testing import CliRunner

runner = CliRunner()


@pytest.fixture
def source(tmp_path: Path) -> str:
    uri = f"sqlite:///{tmp_path / 'source.db'}"
    with SQLiteStore(uri) as s:
        for x in WORLD:
            s.write(x)
    return uri


def _dump(uri: str) -> list[dict[str, Any]]:
    with SQLiteStore(uri) as s:
        return list(s.dump())


def test_jsonl_round_trips_records_exactly(tmp_path: Path) -> None:
    records = [
        {"kind": "document", "id": "d1", "title": "Zoë’s \"notes\"", "date": None,
         "source": "", "text": "line one\nline two\u2028tab\there"},
        {"kind": "relation", "id": "r1", "source": "e1", "type": "MET", "target": "e2",
         "symmetric": True, "evidence": [{"confidence": 0.1 + 0.2, "start": 0, "end": 7}]},
    ]
    out = tmp_path / "x.jsonl"
    assert write_records(records, out) == {"document": 1, "entity": 0, "mention": 0,
                                           "relation": 1}
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert list(read_records(out)) == records


def test_jsonl_bad_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "document", "id": "d", "text": "t"}\n\n{not json}\n',
                   encoding="utf-8")
    with pytest.raises(DocumentError, match=r"bad\.jsonl:3"):
        list(read_records(bad))
    store = SQLiteStore("sqlite://:memory:")
    with pytest.raises(DocumentError):
        load_from(store, bad)
    assert store.stats()["documents"] == 0  # checked in full before loading anything
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"kind": "planet"}\n', encoding="utf-8")
    with pytest.raises(DocumentError, match="kind must be one of"):
        list(read_records(odd))


def test_export_then_import_jsonl_through_the_cli(source: str, tmp_path: Path) -> None:
    out = tmp_path / "graph.jsonl"
    res = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(out),
                              "--store", source])
    assert res.exit_code == 0, res.output
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] \
        == _dump(source)
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    res = runner.invoke(app, ["import", str(out)], env={"ERGRAPH_STORE": copy})
    assert res.exit_code == 0, res.output
    assert _dump(copy) == _dump(source)


def test_load_of_a_missing_file_is_one_clean_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["import", str(tmp_path / "nope.jsonl"), "--store",
                              f"sqlite:///{tmp_path / 'x.db'}"])
    assert res.exit_code == 1
    assert "cannot read" in res.output and "Traceback" not in res.output


def test_migrate_between_sqlite_stores(source: str, tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'target.db'}"
    res = runner.invoke(app, ["migrate", "--from", source, "--to", target])
    assert res.exit_code == 0, res.output
    assert "copied 3 documents" in res.output
    assert _dump(target) == _dump(source)
    again = runner.invoke(app, ["migrate", "--from", source, "--to", target])
    assert again.exit_code == 1 and "--merge" in again.output
    merged = runner.invoke(app, ["migrate", "--from", source, "--to", target, "--merge"])
    assert merged.exit_code == 0, merged.output
    assert _dump(target) == _dump(source)
    same = runner.invoke(app, ["migrate", "--from", source, "--to", source])
    assert same.exit_code == 1 and "same store" in same.output


@pytest.mark.neo4j
def test_migrate_sqlite_to_neo4j_and_back(source: str, tmp_path: Path, neo4j_server: Any
                                          ) -> None:
    server = neo4j_server
    bolt = server.store_uri
    env = {"ERGRAPH_NEO4J_PASSWORD": server.password}
    from ergraph.graph import open_store

    with open_store(bolt, password=server.password) as st:  # type: ignore[attr-defined]
        st.clear()
    res = runner.invoke(app, ["migrate", "--from", source, "--to", bolt], env=env)
    assert res.exit_code == 0, res.output
    with open_store(bolt, password=server.password) as st:  # type: ignore[attr-defined]
        assert st.stats() == WORLD_STATS
        assert list(st.dump()) == _dump(source)
    back = f"sqlite:///{tmp_path / 'back.db'}"
    res = runner.invoke(app, ["migrate", "--from", bolt, "--to", back], env=env)
    assert res.exit_code == 0, res.output
    assert _dump(back) == _dump(source)


@pytest.mark.neo4j
def test_migrate_with_a_wrong_password_fails_cleanly(source: str, neo4j_server: Any) -> None:
    bolt = neo4j_server.store_uri
    res = runner.invoke(app, ["migrate", "--from", source, "--to", bolt],
                        env={"ERGRAPH_NEO4J_PASSWORD": "wrong-password-7"})
    assert res.exit_code == 1
    assert "authentication failed" in res.output and bolt in res.output
    assert "wrong-password-7" not in res.output and "Traceback" not in res.output
