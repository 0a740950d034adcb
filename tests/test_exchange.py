"""Exports and imports: JSON lines round trips exactly, GraphML / GEXF read back by
networkx match the store, CSV files carry neo4j-admin headers, Cypher literals survive
hostile names, and every export streams."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from ergraph.cli import app
from ergraph.errors import DocumentError, QueryError, SchemaError
from ergraph.exchange import FORMATS, export_filename, export_stream, export_to, import_jsonl
from ergraph.graph import export as fmt
from ergraph.graph import open_store
from ergraph.graph.base import GraphStore
from ergraph.model import Document, Entity, Evidence, Extraction, Mention, Relation
from ergraph.schema import default_schema, parse_schema
from typer.testing import CliRunner

QUOTES = "Dmitry \"The Wall\" O'Reilly"
BACKSLASH = "Back\\slash \\' Holdings"
NEWLINE = "Line\nBreak\r\nCorp\t2"
MARKUP = "<Acme & Sons> ]]> --"
CONTROL = "Bell\x07Ringer"
SEPARATORS = "Semi;Colon, \u2028Para\u2029 Group 🎉"

HOSTILE = {QUOTES: "PERSON", BACKSLASH: "ORGANIZATION", NEWLINE: "ORGANIZATION",
           MARKUP: "ORGANIZATION", CONTROL: "PERSON", SEPARATORS: "ORGANIZATION"}
PLAIN = {"Vladimir Putin": "PERSON", "Russia": "STATE", "Donald Trump": "PERSON",
         "Joe Biden": "PERSON"}


def _extraction(title: str, date: str | None, names: dict[str, str],
                facts: list[tuple[str, str, str, str]], aliases: dict[str, tuple[str, ...]]
                ) -> Extraction:
    """``facts``: (source, TYPE, target, modality); one sentence per fact."""
    schema = default_schema()
    sentences = [f"{s} {t.lower()} {o}." for s, t, o, _m in facts]
    text = title + "\n" + " ".join(sentences + [f"{n}." for n in names])
    doc = Document.from_text(text, title=title, date=date, source="tests")
    ents = {n: Entity.create(n, t, aliases.get(n, ())) for n, t in names.items()}
    mentions = []
    for n, e in ents.items():
        i = doc.text.find(n)
        if i >= 0:
            mentions.append(Mention(e.id, doc.id, i, i + len(n), n))
    rels: dict[str, Relation] = {}
    for (s, typ, o, modality), sentence in zip(facts, sentences, strict=True):
        start = max(doc.text.find(sentence), 0)  # names with CR/LF are normalised in text
        ev = Evidence("", doc.id, sentence, start, start + len(sentence), modality, "test",
                      0.7, trigger=typ.lower())
        r = Relation.create(ents[s].id, typ, ents[o].id,
                            symmetric=schema.relations[typ].symmetric, evidence=[ev])
        old = rels.get(r.id)
        rels[r.id] = r if old is None else Relation(old.id, old.source, old.type, old.target,
                                                    old.symmetric, old.evidence + r.evidence)
    return Extraction(doc, tuple(ents.values()), tuple(mentions), tuple(rels.values()))


def fill(store: GraphStore) -> GraphStore:
    every = {**PLAIN, **HOSTILE}
    aliases = {"Vladimir Putin": ("Putin", "President Putin"), QUOTES: ('"Wall"', "a;b")}
    store.write(_extraction("Helsinki", "2018-07-16", every, [
        ("Vladimir Putin", "MET", "Donald Trump", "asserted"),
        ("Vladimir Putin", "LEADS", "Russia", "asserted"),
        (QUOTES, "SUPPORTED", BACKSLASH, "hedged"),
        (NEWLINE, "AFFILIATED_WITH", MARKUP, "asserted"),
        (CONTROL, "ACCUSED", SEPARATORS, "hypothetical"),
    ], aliases))
    store.write(_extraction("Review", "2021-03-16", every, [
        ("Vladimir Putin", "MET", "Donald Trump", "negated"),
        ("Vladimir Putin", "ACCUSED", "Donald Trump", "asserted"),
        ("Vladimir Putin", "SUPPORTED", "Donald Trump", "hypothetical"),  # parallel edges
        ("Russia", "SOUGHT_TO_UNDERMINE", "Joe Biden", "asserted"),
        ("Russia", "INTERFERED_IN", "Russia", "asserted"),
        (QUOTES, "SUPPORTED", BACKSLASH, "asserted"),
    ], aliases))
    store.write(_extraction("Undated", None, {"Joe Biden": "PERSON", "Donald Trump": "PERSON"},
                            [("Joe Biden", "ACCUSED", "Donald Trump", "negated")], {}))
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[GraphStore]:
    s = open_store(f"sqlite:///{tmp_path / 'src.db'}")
    fill(s)
    yield s
    s.close()


def records(store: GraphStore, kind: str) -> list[dict[str, Any]]:
    return [r for r in store.dump() if r["kind"] == kind]


def text_of(store: GraphStore, format: str) -> str:
    chunks, _media = export_stream(store, format)
    return "".join(c if isinstance(c, str) else c.decode("utf-8") for c in chunks)


# -- JSON lines -----------------------------------------------------------------------

def test_jsonl_export_import_round_trip_is_exact(store: GraphStore, tmp_path: Path) -> None:
    out = export_to(store, "jsonl", tmp_path / "g.jsonl")[0]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == sum(1 for _ in store.dump())
    assert all(json.loads(line)["kind"] for line in lines)
    copy = open_store(f"sqlite:///{tmp_path / 'copy.db'}")
    try:
        counts = import_jsonl(copy, out)
        assert counts == {"document": 3, "entity": 10, "mention": len(records(store, "mention")),
                          "relation": len(records(store, "relation"))}
        assert list(copy.dump()) == list(store.dump())
        assert copy.stats() == store.stats()
        # importing twice changes nothing
        import_jsonl(copy, out)
        assert list(copy.dump()) == list(store.dump())
    finally:
        copy.close()


def test_import_checks_the_whole_file_before_writing(store: GraphStore, tmp_path: Path
                                                     ) -> None:
    good = text_of(store, "jsonl").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([*good[:3], "{not json", *good[3:]]) + "\n", encoding="utf-8")
    target = open_store(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        with pytest.raises(DocumentError, match=r"bad\.jsonl:4"):
            import_jsonl(target, bad)
        assert list(target.dump()) == []
    finally:
        target.close()


def test_cli_export_and_import_round_trip(store: GraphStore, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cli.jsonl"
    res = runner.invoke(app, ["export", "--format", "jsonl", "--out", str(out),
                              "--store", store.uri])
    assert res.exit_code == 0, res.output
    uri = f"sqlite:///{tmp_path / 'cli.db'}"
    res = runner.invoke(app, ["import", str(out), "--store", uri, "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["entity"] == 10
    copy = open_store(uri)
    try:
        assert list(copy.dump()) == list(store.dump())
    finally:
        copy.close()
    res = runner.invoke(app, ["import", str(tmp_path / "missing.jsonl"), "--store", uri])
    assert res.exit_code == 1 and "cannot read" in res.output
    res = runner.invoke(app, ["export", "--format", "pdf", "--out", str(out), "--store", uri])
    assert res.exit_code == 2


# -- GraphML and GEXF -----------------------------------------------------------------

XML_SAFE = {CONTROL: "Bell\ufffdRinger"}  # XML 1.0 cannot hold U+0007


def _check_graph(G: nx.MultiDiGraph, store: GraphStore) -> None:
    ents = records(store, "entity")
    rels = records(store, "relation")
    docs = {d["id"]: d["date"] for d in records(store, "document")}
    assert isinstance(G, nx.MultiDiGraph)  # parallel edges: Putin ACCUSED / SUPPORTED Trump
    assert set(G.nodes) == {e["id"] for e in ents}
    for e in ents:
        node = G.nodes[e["id"]]
        assert node["label"] == XML_SAFE.get(e["name"], e["name"])
        assert node["type"] == e["type"]
        assert node["aliases"] == "; ".join(e["aliases"])
        mentions = [m for m in records(store, "mention") if m["entity_id"] == e["id"]]
        assert node["mentions"] == len(mentions) and isinstance(node["mentions"], int)
    assert G.number_of_edges() == len(rels)
    for r in rels:
        data = G.edges[r["source"], r["target"], r["id"]]
        assert data["type"] == r["type"]
        assert data["symmetric"] is r["symmetric"]
        assert data["evidence_count"] == len(r["evidence"])
        mods = sorted({e["modality"] for e in r["evidence"]})
        assert data["modalities"] == ", ".join(mods)
        order = ["asserted", "hedged", "hypothetical", "negated"]
        assert data["modality"] == min(mods, key=order.index)
        assert data["positive"] is any(m != "negated" for m in mods)
        dates = sorted(d for d in (docs[e["document_id"]] for e in r["evidence"]) if d)
        assert data.get("first_date") == (dates[0] if dates else None)
        assert data.get("last_date") == (dates[-1] if dates else None)
        assert isinstance(data["confidence"], float) and 0 < data["confidence"] <= 1 or \
            mods == ["negated"]


def test_graphml_read_by_networkx_matches_the_store(store: GraphStore, tmp_path: Path) -> None:
    path = export_to(store, "graphml", tmp_path / "g.graphml")[0]
    G = nx.read_graphml(path, force_multigraph=True)
    _check_graph(G, store)
    # parallel edges between the same two entities stay apart (MET asserted+negated is one
    # relation; SUPPORTED / hedged+asserted is one relation with two evidence)
    quotes = Entity.create(QUOTES, "PERSON").id
    back = Entity.create(BACKSLASH, "ORGANIZATION").id
    (data,) = G.get_edge_data(quotes, back).values()
    assert data["evidence_count"] == 2 and data["weight"] == 2.0
    assert data["modality"] == "asserted" and data["modalities"] == "asserted, hedged"
    newline = G.nodes[Entity.create(NEWLINE, "ORGANIZATION").id]
    assert newline["label"] == NEWLINE  # CR survives XML's line-end normalisation


def test_gexf_read_by_networkx_matches_the_store(store: GraphStore, tmp_path: Path) -> None:
    path = export_to(store, "gexf", tmp_path / "g.gexf")[0]
    G = nx.read_gexf(path)
    _check_graph(G, store)
    putin = Entity.create("Vladimir Putin", "PERSON").id
    assert G.nodes[putin]["viz"]["color"] == {"r": 0xE4, "g": 0x57, "b": 0x2E, "a": 1.0}
    met = next(d for u, v, d in G.edges(data=True) if putin in (u, v) and d["type"] == "MET")
    assert met["weight"] == 2.0 and met["label"] == "MET"
    # attribute values keep newlines and tabs through the attribute encoding
    assert G.nodes[Entity.create(NEWLINE, "ORGANIZATION").id]["label"] == NEWLINE


@pytest.mark.parametrize("format", ["graphml", "gexf"])
def test_edges_carry_evidence_documents_dates_and_denial_flags(store: GraphStore,
                                                               tmp_path: Path,
                                                               format: str) -> None:
    """Every edge holds its evidence sentences, document ids and dates as attributes
    Gephi reads; a denial is labelled ``denied: TYPE`` with weight 0 and ``denied``
    true, a relation stated and denied is ``disputed``."""
    path = export_to(store, format, tmp_path / f"g.{format}")[0]
    G = (nx.read_graphml(path, force_multigraph=True) if format == "graphml"
         else nx.read_gexf(path))
    docs = {d["id"]: d["date"] for d in records(store, "document")}
    for r in records(store, "relation"):
        data = G.edges[r["source"], r["target"], r["id"]]
        lines = data["evidence"].split("\n")
        assert len(lines) == len(r["evidence"])
        for line, ev in zip(lines, r["evidence"], strict=True):
            date = docs[ev["document_id"]] or "undated"
            sentence = fmt._XML_BAD.sub("\ufffd", " ".join(ev["sentence"].split()))
            assert line == f"{ev['modality']}; {date}; {ev['document_id']}: {sentence}"
        assert data["documents"].split("; ") == list(dict.fromkeys(
            ev["document_id"] for ev in r["evidence"]))
        dated = sorted({docs[ev["document_id"]] for ev in r["evidence"]} - {None})
        assert data.get("dates", "") == "; ".join(dated)
        mods = {ev["modality"] for ev in r["evidence"]}
        assert data["denied"] is (mods == {"negated"})
        assert data["disputed"] is ("negated" in mods and len(mods) > 1)
    putin, trump = (Entity.create(n, "PERSON").id for n in ("Vladimir Putin", "Donald Trump"))
    biden = Entity.create("Joe Biden", "PERSON").id
    met = next(d for u, v, d in G.edges(data=True)
               if {u, v} == {putin, trump} and d["type"] == "MET")
    assert met["disputed"] is True and met["denied"] is False and met["weight"] == 2.0
    assert met["label"] == "MET"
    assert met["dates"] == "2018-07-16; 2021-03-16"
    (denied,) = (d for u, v, d in G.edges(data=True) if {u, v} == {biden, trump})
    assert denied["denied"] is True and denied["weight"] == 0.0
    assert denied["label"] == "denied: ACCUSED"
    assert denied["evidence"].startswith("negated; undated; d")


# -- CSV for neo4j-admin and spreadsheets -----------------------------------------------

def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_headers_are_in_neo4j_admin_format(store: GraphStore, tmp_path: Path) -> None:
    written = export_to(store, "csv", tmp_path / "neo4j")
    assert [p.name for p in written] == ["nodes.csv", "relationships.csv"]
    nodes = _rows(written[0].read_bytes().decode("utf-8"))  # keep CR LF inside fields
    rels = _rows(written[1].read_bytes().decode("utf-8"))
    assert nodes[0] == ["id:ID", "name", ":LABEL", "type", "aliases:string[]", "mentions:int",
                        "documents:int", "first_date:date", "last_date:date"]
    assert rels[0] == [":START_ID", ":END_ID", ":TYPE", "id", "symmetric:boolean", "modality",
                       "modalities:string[]", "positive:boolean", "evidence_count:int",
                       "confidence:double", "first_date:date", "last_date:date"]
    schema = default_schema()
    by_id = {row[0]: row for row in nodes[1:]}
    assert set(by_id) == {e["id"] for e in records(store, "entity")}
    for e in records(store, "entity"):
        row = by_id[e["id"]]
        assert row[1] == e["name"]  # csv quoting keeps quotes, commas and newlines
        assert row[2] == f"Entity;{schema.entities[e['type']].label}"
    putin = by_id[Entity.create("Vladimir Putin", "PERSON").id]
    assert putin[4] == "President Putin;Putin"
    assert putin[5:] == ["2", "2", "2018-07-16", "2021-03-16"]
    assert by_id[Entity.create(QUOTES, "PERSON").id][4] == '"Wall";a,b'  # ; is the delimiter
    ids = set(by_id)
    assert len(rels) - 1 == len(records(store, "relation"))
    for row in rels[1:]:
        assert row[0] in ids and row[1] in ids and row[2] in schema.relations
        assert row[4] in ("true", "false") and row[7] in ("true", "false")
        assert int(row[8]) >= 1 and 0.0 <= float(row[9]) <= 1.0
    undated = next(r for r in rels[1:] if r[2] == "ACCUSED" and r[5] == "negated")
    assert undated[10:] == ["", ""]  # empty cells are nulls for neo4j-admin


def test_csv_zip_file_and_http_stream(store: GraphStore, tmp_path: Path) -> None:
    (zpath,) = export_to(store, "csv", tmp_path / "neo4j.zip")
    folder = export_to(store, "csv", tmp_path / "folder")
    with zipfile.ZipFile(zpath) as z:
        assert z.namelist() == ["nodes.csv", "relationships.csv"]
        assert z.read("nodes.csv") == folder[0].read_bytes()
        assert z.read("relationships.csv") == folder[1].read_bytes()
    chunks, media = export_stream(store, "csv")
    assert media == "application/zip"
    data = b"".join(chunks)  # type: ignore[arg-type]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        assert z.read("nodes.csv") == folder[0].read_bytes()


# -- Cypher ---------------------------------------------------------------------------

_UNESCAPE = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b",
             "f": "\f"}


def parse_literal(text: str, i: int) -> tuple[str, int]:
    """Decode the Cypher string literal starting at ``text[i] == "'"``; returns the value
    and the index after the closing quote."""
    assert text[i] == "'"
    out, i = [], i + 1
    while text[i] != "'":
        ch = text[i]
        assert ch not in "\n\r", "raw line break inside a string literal"
        if ch == "\\":
            nxt = text[i + 1]
            if nxt == "u":
                out.append(chr(int(text[i + 2:i + 6], 16)))
                i += 6
                continue
            out.append(_UNESCAPE[nxt])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out), i + 1


def literals(script: str) -> list[str]:
    """Every string literal of a script, decoded (comments skipped)."""
    found, i = [], 0
    while i < len(script):
        if script.startswith("//", i):
            i = script.index("\n", i)
        elif script[i] == "'":
            value, i = parse_literal(script, i)
            found.append(value)
        else:
            i += 1
    return found


def statements(script: str) -> list[str]:
    """Split on the ``;`` that end statements (outside string literals and comments)."""
    out, start, i = [], 0, 0
    while i < len(script):
        if script.startswith("//", i):
            i = script.index("\n", i)
            continue
        if script[i] == "'":
            _v, i = parse_literal(script, i)
            continue
        if script[i] == ";":
            out.append(script[start:i].strip())
            start = i + 1
        i += 1
    assert not script[start:].strip(), "text after the last statement"
    return out


@pytest.mark.parametrize("value", [QUOTES, BACKSLASH, NEWLINE, MARKUP, CONTROL, SEPARATORS,
                                   "\\", "'", "\\'", "'); MATCH (n) DETACH DELETE n //",
                                   "end\\", "\x00\x1f\x7f"])
def test_cypher_string_literals_round_trip(value: str) -> None:
    lit = fmt.cypher_string(value)
    decoded, end = parse_literal(lit, 0)
    assert decoded == value and end == len(lit)
    assert "\n" not in lit and "\r" not in lit


def test_cypher_script_recreates_every_entity_and_relation(store: GraphStore) -> None:
    script = text_of(store, "cypher")
    stmts = statements(script)
    assert stmts[0].endswith("FOR (n:Entity) REQUIRE n.id IS UNIQUE")
    values = set(literals(script))
    for e in records(store, "entity"):
        assert e["id"] in values and e["name"] in values  # hostile names decode exactly
        assert all(a in values for a in e["aliases"])
    for r in records(store, "relation"):
        assert r["id"] in values
    schema = default_schema()
    labels = set(re.findall(r"SET n:`([A-Za-z0-9_]+)`", script))
    types = set(re.findall(r"MERGE \(a\)-\[r:`([A-Z0-9_]+)`", script))
    assert labels == {schema.entities[e["type"]].label for e in records(store, "entity")}
    assert types == {r["type"] for r in records(store, "relation")}
    assert "$" not in "".join(s for s in re.split(r"'(?:\\.|[^'\\])*'", script))  # no params
    assert "date('2018-07-16')" in script


def test_cypher_batches_statements(store: GraphStore) -> None:
    small = "".join(fmt.cypher(store, batch=1))
    n_ents, n_rels = len(records(store, "entity")), len(records(store, "relation"))
    assert len(statements(small)) == 1 + n_ents + n_rels


def test_labels_and_types_only_from_the_schema(tmp_path: Path) -> None:
    schema = default_schema()
    with pytest.raises(SchemaError):
        fmt.entity_labels(schema, "PERSON`) DETACH DELETE (n")
    with pytest.raises(SchemaError):
        fmt.relationship_type(schema, "MET]->() DELETE r //")
    # a store written with a wider schema, exported with the default one: refused
    data = default_schema().to_dict()
    data["entities"]["VESSEL"] = {"label": "Vessel"}
    data["relations"]["OWNS"] = {"source": ["PERSON"], "target": ["VESSEL"]}
    wide = parse_schema(data)
    uri = f"sqlite:///{tmp_path / 'wide.db'}"
    s = open_store(uri, schema=wide)
    a, b = Entity.create("Roman", "PERSON"), Entity.create("Eclipse", "VESSEL")
    doc = Document.from_text("Roman owns Eclipse.")
    ev = Evidence("", doc.id, "Roman owns Eclipse.", 0, 19)
    s.write(Extraction(doc, (a, b), (), (Relation.create(a.id, "OWNS", b.id, evidence=[ev]),)))
    s.close()
    narrow = open_store(uri)
    try:
        with pytest.raises(SchemaError, match="VESSEL"):
            text_of(narrow, "cypher")
        with pytest.raises(SchemaError):
            export_to(narrow, "csv", tmp_path / "csv")
        assert "VESSEL" in text_of(narrow, "graphml")  # plain attributes, not identifiers
    finally:
        narrow.close()


CYPHER_LINT = Path(__file__).resolve().parents[1] / "tools" / "cypher-lint"


def _lint(stmts: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``tools/cypher-lint/lint.mjs`` (Neo4j's Cypher front end) over ``stmts``, with the
    schema's labels and relationship types; any error or warning fails."""
    node = shutil.which("node")
    if node is None or not (CYPHER_LINT / "lint.mjs").is_file() \
            or not (CYPHER_LINT / "node_modules" / "@neo4j-cypher").is_dir():
        pytest.skip("tools/cypher-lint (node + @neo4j-cypher/language-support) not installed")
    schema = default_schema()
    keys = ["id", "name", "type", "aliases", "mentions", "documents", "first_date",
            "last_date", "symmetric", "modality", "modalities", "positive", "evidence_count",
            "confidence", "source", "target", "props"]
    payload = {"schema": {"labels": ["Entity", *(e.label for e in schema.entities.values())],
                          "relationshipTypes": list(schema.relation_types),
                          "propertyKeys": keys},
               "statements": [{"name": f"export[{i}]", "text": text, "parameters": {}}
                              for i, text in enumerate(stmts)]}
    src = tmp_path / "statements.json"
    src.write_text(json.dumps(payload), encoding="utf-8")
    return subprocess.run([node, "lint.mjs", str(src)], capture_output=True, text=True,
                          timeout=300, cwd=CYPHER_LINT)


@pytest.mark.slow
def test_exported_cypher_passes_the_linter(store: GraphStore, tmp_path: Path) -> None:
    """Every statement of an export through tools/cypher-lint, like the backend's own
    statements: parameter-free, whitelisted labels and types, literals well formed."""
    stmts = statements(text_of(store, "cypher"))
    assert len(stmts) > 5
    proc = _lint(stmts, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1])["statements"] == len(stmts)
    # the linter does reject a literal that is not escaped
    broken = _lint(["MERGE (n:Entity {id: 'O'Reilly'}) SET n.name = 'x'"], tmp_path)
    assert broken.returncode == 1 and "export[0]: error" in broken.stdout


# -- streaming and formats ------------------------------------------------------------

def test_exports_stream_in_chunks(tmp_path: Path) -> None:
    big = open_store(f"sqlite:///{tmp_path / 'big.db'}")
    try:
        ents = [Entity.create(f"Person {i:04d}", "PERSON") for i in range(600)]
        for k in range(3):
            doc = Document.from_text(f"Document {k}: " + " ".join(e.name for e in ents))
            rels = []
            for i in range(k, 599, 3):
                sentence = f"{ents[i].name} {ents[i + 1].name}"
                start = doc.text.index(sentence)
                ev = Evidence("", doc.id, sentence, start, start + len(sentence))
                rels.append(Relation.create(ents[i].id, "MET", ents[i + 1].id, symmetric=True,
                                            evidence=[ev]))
            big.write(Extraction(doc, tuple(ents), (), tuple(rels)))
        for name in FORMATS:
            chunks, _media = export_stream(big, name)
            assert isinstance(chunks, Iterator)
            sizes = [len(c) for c in chunks]
            if name == "csv":  # compressed: zlib hands over output in pieces of ~16 KiB
                sizes = [len(c) for c in fmt.csv_zip(big, chunk=1024)]
                assert len(sizes) >= 3
                continue
            assert len(sizes) > 10, name
            assert max(sizes) < sum(sizes) / 5, name  # no chunk holds most of the export
    finally:
        big.close()


def test_formats_media_types_and_names(store: GraphStore) -> None:
    assert set(FORMATS) == {"graphml", "gexf", "csv", "cypher", "jsonl"}
    for name, info in FORMATS.items():
        chunks, media = export_stream(store, name)
        assert media == info.media_type
        first = next(chunks)
        assert isinstance(first, bytes) is info.binary
    assert export_stream(store, "GraphML")[1].startswith("application/graphml+xml")
    assert export_filename("csv") == "ergraph-csv.zip"
    assert export_filename("gexf") == "ergraph.gexf"
    with pytest.raises(QueryError) as info:
        export_stream(store, "pdf")
    assert info.value.details["allowed"] == list(FORMATS)


# -- against a real Neo4j (tests/neo4j_server, started by the neo4j_server fixture) -------

@pytest.mark.neo4j
def test_cypher_script_recreates_the_graph_over_bolt(store: GraphStore, neo4j_server: Any
                                                     ) -> None:
    """Run the script statement by statement through the official driver and read the
    graph back: every entity, label, relationship and hostile name, exactly; running it
    twice changes nothing."""
    neo4j_server.wipe()
    driver = neo4j_server.driver()
    session = driver.session(database=neo4j_server.database)
    schema = default_schema()
    try:
        stmts = statements("".join(fmt.cypher(store, batch=3)))  # multi-row batches
        for _ in range(2):
            for stmt in stmts:
                session.run(stmt).consume()
            ents = {r["id"]: r for r in session.run(
                "MATCH (n:Entity) RETURN n.id AS id, n.name AS name, labels(n) AS labels, "
                "n.aliases AS aliases, n.mentions AS mentions, n.first_date AS first")}
            assert set(ents) == {e["id"] for e in records(store, "entity")}
            for e in records(store, "entity"):
                got = ents[e["id"]]
                assert got["name"] == e["name"]
                assert sorted(got["labels"]) == sorted(
                    ["Entity", schema.entities[e["type"]].label])
                assert list(got["aliases"]) == e["aliases"]
            putin = ents[Entity.create("Vladimir Putin", "PERSON").id]
            assert putin["mentions"] == 2 and str(putin["first"]) == "2018-07-16"
            rels = {r["id"]: r for r in session.run(
                "MATCH (a:Entity)-[r]->(b:Entity) RETURN r.id AS id, type(r) AS type, "
                "a.id AS source, b.id AS target, r.evidence_count AS n")}
            assert set(rels) == {r["id"] for r in records(store, "relation")}
            for r in records(store, "relation"):
                got = rels[r["id"]]
                assert (got["type"], got["source"], got["target"], got["n"]) == (
                    r["type"], r["source"], r["target"], len(r["evidence"]))
    finally:
        session.close()
        driver.close()


@pytest.mark.neo4j
def test_jsonl_import_into_the_neo4j_backend(store: GraphStore, neo4j_server: Any,
                                             tmp_path: Path) -> None:
    """SQLite -> JSON lines -> ``ergraph import --store bolt://…`` -> the same dump."""
    out = export_to(store, "jsonl", tmp_path / "g.jsonl")[0]
    bolt = open_store(neo4j_server.store_uri, password=neo4j_server.password,
                      database=neo4j_server.database)
    try:
        bolt.clear()
        counts = import_jsonl(bolt, out)
        assert counts["entity"] == 10
        assert list(bolt.dump()) == list(store.dump())
    finally:
        bolt.close()
