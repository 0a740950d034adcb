"""Graph serialisers for other tools: GraphML and GEXF (Gephi), neo4j-admin CSV, Cypher,
and JSON lines (the :meth:`GraphStore.dump` record format).

Every writer is a generator of text chunks (or bytes, for the zip), built from
``store.dump()`` records, so a large store is exported without building one big string.
GraphML, GEXF, CSV and Cypher export the *entity graph*: one node per entity, one edge
per relation, with the evidence summarised as typed attributes:

==================  ===========================================================
node                ``name`` (label), ``type``, ``aliases`` ("; "-joined / list),
                    ``mentions``, ``documents``, ``first_date``, ``last_date``
edge                ``type``, ``symmetric``, ``modality`` (the strongest stance:
                    asserted > hedged > hypothetical > negated), ``modalities``,
                    ``positive``, ``evidence_count``, ``confidence``,
                    ``first_date``, ``last_date``; in GraphML / GEXF also
                    ``denied`` (every piece of evidence negated: label
                    ``denied: TYPE``, weight 0), ``disputed`` (stated and denied),
                    ``documents`` and ``dates`` ("; "-joined), ``evidence`` (one
                    line per sentence: ``modality; date; document id: sentence``,
                    the first 50)
==================  ===========================================================

Dates are those of the documents the mentions / evidence come from (ISO strings; absent
when no document is dated). Symmetric relations (``MET``, …) are written as directed
edges with ``symmetric = true``: networkx refuses mixed graphs, and Gephi draws both.

CSV and Cypher use the Neo4j backend's labels (``:Entity:<Label>``, the label from the
schema: ``Person``, ``State`` …) and relationship types, checked by the same functions
(:func:`ergraph.graph.cypher.entity_label`, :func:`~ergraph.graph.cypher.relation_type`):
an entity or relation type the schema does not know is a
:class:`~ergraph.errors.SchemaError`, never written verbatim. They hold the entity graph
only (no document or evidence nodes); to move a whole store, ``ergraph export -f jsonl``
then ``ergraph import`` into any backend (``--store neo4j://…`` included).

CSV files: ``neo4j-admin database import full --nodes=nodes.csv
--relationships=relationships.csv`` (add ``--multiline-fields=true`` when names hold line
breaks; arrays use neo4j-admin's default ``;`` delimiter, so a ``;`` inside an alias is
written as ``,``). A text cell (name, alias) that a spreadsheet would run as a formula -
one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return - is written with
a leading ``'`` (OWASP's CSV-injection escape), so opening ``nodes.csv`` in a spreadsheet
never executes document text. The Cypher script is parameter-free, every string a single-quoted
literal with backslashes, quotes and control characters escaped; it lints clean with
``tools/cypher-lint``.

Building the node table reads ``dump()`` once (keeping only document dates, mention
counts and entity records); edges then stream from a second ``dump()``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..schema import Schema
from .base import GraphStore
from .jsonl import encode
from .records import relation_from_record

__all__ = [
    "NodeRow",
    "EdgeRow",
    "GraphTable",
    "graph_table",
    "graphml",
    "gexf",
    "csv_nodes",
    "csv_text",
    "csv_relationships",
    "csv_zip",
    "cypher",
    "cypher_string",
    "jsonl",
    "jsonl_line",
    "entity_labels",
    "relationship_type",
    "relation_from_record",
    "NODE_CSV_HEADER",
    "RELATIONSHIP_CSV_HEADER",
    "CSV_FILES",
]

#: strongest stance first: the ``modality`` attribute of an edge is the first one present
_STANCE = ("asserted", "hedged", "hypothetical", "negated")


@dataclass(slots=True)
class NodeRow:
    """One entity, with its mention summary."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    documents: int = 0
    first_date: str | None = None
    last_date: str | None = None


@dataclass(slots=True)
class EdgeRow:
    """One relation, with its evidence summary."""

    id: str
    source: str
    target: str
    type: str
    symmetric: bool
    modality: str
    modalities: tuple[str, ...]
    positive: bool
    evidence_count: int
    confidence: float
    first_date: str | None
    last_date: str | None
    #: every piece of evidence denies it (all negated): drawn with weight 0
    denied: bool = False
    #: some evidence states it and some denies it
    disputed: bool = False
    #: the documents of its evidence, "; "-joined (first ``EVIDENCE_CAP``)
    documents: str = ""
    #: the distinct dates of those documents, "; "-joined, in order
    dates: str = ""
    #: its evidence, one line each: ``modality; date; document id: sentence``
    evidence: str = ""

    @property
    def label(self) -> str:
        return f"denied: {self.type}" if self.denied else self.type

    @property
    def weight(self) -> float:
        """Gephi's edge weight: the evidence count; 0 for a denial, which is no link."""
        return 0.0 if self.denied else float(self.evidence_count)


#: most evidence sentences (and documents) written on one edge; the rest are counted
EVIDENCE_CAP = 50


def _span(dates: Iterable[str | None]) -> tuple[str | None, str | None]:
    known = sorted(d for d in dates if d)
    return (known[0], known[-1]) if known else (None, None)


@dataclass(slots=True)
class GraphTable:
    """The node table of a store (built eagerly) and its edges (streamed on demand)."""

    store: GraphStore
    nodes: list[NodeRow]
    doc_dates: dict[str, str | None] = field(default_factory=dict)

    @property
    def schema(self) -> Schema:
        return self.store.schema

    def edges(self) -> Iterator[EdgeRow]:
        """Relations from a fresh ``dump()``, in the store's order."""
        for rec in self.store.dump():
            if rec.get("kind") == "relation":
                yield self.edge(rec)

    def edge(self, rec: dict[str, Any]) -> EdgeRow:
        rel = relation_from_record(rec)
        mods = rel.modalities
        first, last = _span(self.doc_dates.get(e.document_id) for e in rel.evidence)
        docs = list(dict.fromkeys(e.document_id for e in rel.evidence))
        dates = sorted({d for d in (self.doc_dates.get(x) for x in docs) if d})
        lines = [f"{e.modality}; {self.doc_dates.get(e.document_id) or 'undated'}; "
                 f"{e.document_id}: {' '.join(e.sentence.split())}"
                 for e in rel.evidence[:EVIDENCE_CAP]]
        if len(rel.evidence) > EVIDENCE_CAP:
            lines.append(f"\u2026 and {len(rel.evidence) - EVIDENCE_CAP} more")
        more_docs = f"; \u2026 and {len(docs) - EVIDENCE_CAP} more" \
            if len(docs) > EVIDENCE_CAP else ""
        return EdgeRow(
            id=rel.id, source=rel.source, target=rel.target, type=rel.type,
            symmetric=rel.symmetric,
            modality=next((m for m in _STANCE if m in mods), mods[0] if mods else ""),
            modalities=mods, positive=rel.positive, evidence_count=len(rel.evidence),
            confidence=rel.confidence, first_date=first, last_date=last,
            denied=rel.denied, disputed=rel.disputed,
            documents="; ".join(docs[:EVIDENCE_CAP]) + more_docs, dates="; ".join(dates),
            evidence="\n".join(lines),
        )


def graph_table(store: GraphStore) -> GraphTable:
    """Read ``store.dump()`` once for the node table (entities in dump order)."""
    doc_dates: dict[str, str | None] = {}
    nodes: dict[str, NodeRow] = {}
    mention_count: dict[str, int] = {}
    mention_docs: dict[str, set[str]] = {}
    for rec in store.dump():
        kind = rec.get("kind")
        if kind == "document":
            doc_dates[rec["id"]] = rec.get("date")
        elif kind == "entity":
            nodes[rec["id"]] = NodeRow(rec["id"], rec["name"], rec["type"],
                                       tuple(rec.get("aliases", ())))
        elif kind == "mention":
            eid = rec["entity_id"]
            mention_count[eid] = mention_count.get(eid, 0) + 1
            mention_docs.setdefault(eid, set()).add(rec["document_id"])
    for eid, node in nodes.items():
        docs = mention_docs.get(eid, set())
        node.mentions = mention_count.get(eid, 0)
        node.documents = len(docs)
        node.first_date, node.last_date = _span(doc_dates.get(d) for d in docs)
    return GraphTable(store, list(nodes.values()), doc_dates)


# -- XML helpers ---------------------------------------------------------------------

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: object) -> str:
    """Element text: escaped, characters XML 1.0 cannot hold replaced by U+FFFD."""
    s = _XML_BAD.sub("\ufffd", str(value))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("\r", "&#13;")  # parsers would turn a raw CR (LF) into LF


def _xml_attr(value: object) -> str:
    """A double-quoted attribute value that keeps newlines and tabs through parsing."""
    s = _xml_text(value).replace('"', "&quot;")
    return s.replace("\n", "&#10;").replace("\t", "&#9;")


def _xml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _aliases(aliases: tuple[str, ...]) -> str:
    return "; ".join(aliases)


def _node_attrs(n: NodeRow) -> list[tuple[str, object]]:
    return [("type", n.type), ("aliases", _aliases(n.aliases)), ("mentions", n.mentions),
            ("documents", n.documents), ("first_date", n.first_date),
            ("last_date", n.last_date)]


def _edge_attrs(e: EdgeRow) -> list[tuple[str, object]]:
    return [("type", e.type), ("symmetric", e.symmetric), ("modality", e.modality),
            ("modalities", ", ".join(e.modalities)), ("positive", e.positive),
            ("evidence_count", e.evidence_count), ("confidence", e.confidence),
            ("first_date", e.first_date), ("last_date", e.last_date),
            ("denied", e.denied), ("disputed", e.disputed), ("documents", e.documents),
            ("dates", e.dates), ("evidence", e.evidence)]


_NODE_KEYS = [("label", "string"), ("type", "string"), ("aliases", "string"),
              ("mentions", "int"), ("documents", "int"), ("first_date", "string"),
              ("last_date", "string")]
_EDGE_KEYS = [("label", "string"), ("type", "string"), ("symmetric", "boolean"),
              ("modality", "string"), ("modalities", "string"), ("positive", "boolean"),
              ("evidence_count", "int"), ("confidence", "double"), ("weight", "double"),
              ("first_date", "string"), ("last_date", "string"), ("denied", "boolean"),
              ("disputed", "boolean"), ("documents", "string"), ("dates", "string"),
              ("evidence", "string")]


# -- GraphML -------------------------------------------------------------------------

def graphml(store: GraphStore, table: GraphTable | None = None) -> Iterator[str]:
    """GraphML that Gephi and ``networkx.read_graphml`` open; edges keyed by relation id.

    Edge ``weight`` is the evidence count (Gephi's edge weight; 0 for a denial);
    ``label`` is the name / relation type (``denied: TYPE`` for a denial)."""
    table = table or graph_table(store)
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for name, typ in _NODE_KEYS:
        yield f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{typ}"/>\n'
    for name, typ in _EDGE_KEYS:
        yield f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{typ}"/>\n'
    yield '  <graph id="ergraph" edgedefault="directed">\n'
    for n in table.nodes:
        parts = [f'    <node id="{_xml_attr(n.id)}">\n',
                 f'      <data key="n_label">{_xml_text(n.name)}</data>\n']
        for key, value in _node_attrs(n):
            if value is not None:
                parts.append(f'      <data key="n_{key}">{_xml_text(_xml_value(value))}</data>\n')
        parts.append("    </node>\n")
        yield "".join(parts)
    for e in table.edges():
        parts = [f'    <edge id="{_xml_attr(e.id)}" source="{_xml_attr(e.source)}" '
                 f'target="{_xml_attr(e.target)}">\n',
                 f'      <data key="e_label">{_xml_text(e.label)}</data>\n',
                 f'      <data key="e_weight">{e.weight!r}</data>\n']
        for key, value in _edge_attrs(e):
            if value is not None:
                parts.append(f'      <data key="e_{key}">{_xml_text(_xml_value(value))}</data>\n')
        parts.append("    </edge>\n")
        yield "".join(parts)
    yield "  </graph>\n</graphml>\n"


# -- GEXF ----------------------------------------------------------------------------

_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double", "boolean": "boolean"}


def _hex_rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def gexf(store: GraphStore, table: GraphTable | None = None) -> Iterator[str]:
    """GEXF 1.2 for Gephi (node colours from the schema, edge weight = evidence count,
    0 for a denial, labelled ``denied: TYPE``)."""
    table = table or graph_table(store)
    schema = table.schema
    node_keys = [k for k in _NODE_KEYS if k[0] != "label"]
    edge_keys = [k for k in _EDGE_KEYS if k[0] not in ("label", "weight")]
    head = ['<?xml version="1.0" encoding="UTF-8"?>\n'
            '<gexf xmlns="http://www.gexf.net/1.2draft" '
            'xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">\n'
            '  <meta><creator>ergraph</creator>'
            '<description>entity-relationship graph</description></meta>\n'
            '  <graph mode="static" defaultedgetype="directed">\n'
            '    <attributes class="node" mode="static">\n']
    for i, (name, typ) in enumerate(node_keys):
        head.append(f'      <attribute id="{i}" title="{name}" type="{_GEXF_TYPES[typ]}"/>\n')
    head.append('    </attributes>\n    <attributes class="edge" mode="static">\n')
    for i, (name, typ) in enumerate(edge_keys):
        head.append(f'      <attribute id="{i}" title="{name}" type="{_GEXF_TYPES[typ]}"/>\n')
    head.append("    </attributes>\n    <nodes>\n")
    yield "".join(head)
    node_ids = {name: i for i, (name, _t) in enumerate(node_keys)}
    edge_ids = {name: i for i, (name, _t) in enumerate(edge_keys)}
    for n in table.nodes:
        parts = [f'      <node id="{_xml_attr(n.id)}" label="{_xml_attr(n.name)}">\n'
                 "        <attvalues>\n"]
        for key, value in _node_attrs(n):
            if value is not None:
                parts.append(f'          <attvalue for="{node_ids[key]}" '
                             f'value="{_xml_attr(_xml_value(value))}"/>\n')
        parts.append("        </attvalues>\n")
        et = schema.entities.get(n.type)
        if et is not None:
            r, g, b = _hex_rgb(et.color)
            parts.append(f'        <viz:color r="{r}" g="{g}" b="{b}"/>\n')
        parts.append("      </node>\n")
        yield "".join(parts)
    yield "    </nodes>\n    <edges>\n"
    for e in table.edges():
        parts = [f'      <edge id="{_xml_attr(e.id)}" source="{_xml_attr(e.source)}" '
                 f'target="{_xml_attr(e.target)}" label="{_xml_attr(e.label)}" '
                 f'weight="{e.weight!r}">\n        <attvalues>\n']
        for key, value in _edge_attrs(e):
            if value is not None:
                parts.append(f'          <attvalue for="{edge_ids[key]}" '
                             f'value="{_xml_attr(_xml_value(value))}"/>\n')
        parts.append("        </attvalues>\n      </edge>\n")
        yield "".join(parts)
    yield "    </edges>\n  </graph>\n</gexf>\n"


# -- neo4j-admin CSV -----------------------------------------------------------------

#: header of ``nodes.csv`` (``neo4j-admin database import full --nodes=nodes.csv``)
NODE_CSV_HEADER = ("id:ID", "name", ":LABEL", "type", "aliases:string[]", "mentions:int",
                   "documents:int", "first_date:date", "last_date:date")
#: header of ``relationships.csv`` (``--relationships=relationships.csv``)
RELATIONSHIP_CSV_HEADER = (":START_ID", ":END_ID", ":TYPE", "id", "symmetric:boolean",
                           "modality", "modalities:string[]", "positive:boolean",
                           "evidence_count:int", "confidence:double", "first_date:date",
                           "last_date:date")
#: neo4j-admin's default array delimiter
ARRAY_DELIMITER = ";"


def entity_labels(schema: Schema, type_: str) -> tuple[str, str]:
    """``("Entity", <schema label>)``, the labels the Neo4j backend gives an entity; the
    type must be in the schema (and its label safe as query text)."""
    from .cypher import entity_label

    return "Entity", entity_label(schema, type_)


def relationship_type(schema: Schema, type_: str) -> str:
    """A relation type checked against the schema whitelist (as the backend checks it)."""
    from .cypher import relation_type

    return relation_type(schema, type_)


def _csv_line(row: Iterable[object]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["" if v is None else v for v in row])
    return buf.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_text(value: str) -> str:
    """A text cell that no spreadsheet runs as a formula: ``'`` before one that starts
    (after any spaces) with ``=``, ``+``, ``-``, ``@`` (or their full-width forms), a tab
    or a carriage return."""
    if value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_array(values: Iterable[str]) -> str:
    return ARRAY_DELIMITER.join(csv_text(v.replace(ARRAY_DELIMITER, ",")) for v in values)


def _csv_bool(value: bool) -> str:
    return "true" if value else "false"


def csv_nodes(table: GraphTable) -> Iterator[str]:
    """``nodes.csv`` in the neo4j-admin import format (labels ``Entity;<Label>``)."""
    yield _csv_line(NODE_CSV_HEADER)
    for n in table.nodes:
        labels = entity_labels(table.schema, n.type)
        yield _csv_line([n.id, csv_text(n.name), ARRAY_DELIMITER.join(labels), n.type,
                         _csv_array(n.aliases), n.mentions, n.documents, n.first_date,
                         n.last_date])


def csv_relationships(table: GraphTable) -> Iterator[str]:
    """``relationships.csv`` in the neo4j-admin import format."""
    yield _csv_line(RELATIONSHIP_CSV_HEADER)
    for e in table.edges():
        yield _csv_line([e.source, e.target, relationship_type(table.schema, e.type), e.id,
                         _csv_bool(e.symmetric), e.modality, _csv_array(e.modalities),
                         _csv_bool(e.positive), e.evidence_count, repr(e.confidence),
                         e.first_date, e.last_date])


#: file names inside the CSV export (folder or zip)
CSV_FILES = ("nodes.csv", "relationships.csv")


class _Sink:
    """An unseekable byte sink: zipfile writes into it, the generator drains it."""

    def __init__(self) -> None:
        self.buf = bytearray()

    def write(self, data: bytes) -> int:
        self.buf += data
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        out = bytes(self.buf)
        self.buf.clear()
        return out


def csv_zip(store: GraphStore, table: GraphTable | None = None, chunk: int = 1 << 16
            ) -> Iterator[bytes]:
    """A zip of ``nodes.csv`` and ``relationships.csv``, streamed in chunks."""
    table = table or graph_table(store)
    sink = _Sink()
    target: Any = sink  # an unseekable stream: zipfile writes data descriptors
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, lines in (("nodes.csv", csv_nodes(table)),
                            ("relationships.csv", csv_relationships(table))):
            with zf.open(name, "w") as member:
                for line in lines:
                    member.write(line.encode("utf-8"))
                    if len(sink.buf) >= chunk:
                        yield sink.drain()
        if sink.buf:
            yield sink.drain()
    if sink.buf:
        yield sink.drain()


# -- Cypher --------------------------------------------------------------------------

_CYPHER_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r",
                   "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_CYPHER_SPECIAL = re.compile(r"[\\'\"\x00-\x1f\x7f\u2028\u2029]")


def cypher_string(value: str) -> str:
    """A single-quoted Cypher string literal: backslashes, quotes and control characters
    escaped, so no value can end the literal or the statement."""

    def esc(m: re.Match[str]) -> str:
        ch = m.group(0)
        return _CYPHER_ESCAPES.get(ch, f"\\u{ord(ch):04x}")

    return "'" + _CYPHER_SPECIAL.sub(esc, value) + "'"


def _cypher_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_cypher_value(v) for v in value) + "]"
    return cypher_string(str(value))


def _cypher_date(value: str | None) -> str:
    return "null" if value is None else f"date({cypher_string(value)})"


def _cypher_map(items: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"


def _node_map(n: NodeRow) -> str:
    return _cypher_map([("id", cypher_string(n.id)), ("name", cypher_string(n.name)),
                        ("type", cypher_string(n.type)), ("aliases", _cypher_value(n.aliases)),
                        ("mentions", str(n.mentions)), ("documents", str(n.documents)),
                        ("first_date", _cypher_date(n.first_date)),
                        ("last_date", _cypher_date(n.last_date))])


def _edge_map(e: EdgeRow) -> str:
    props = _cypher_map([("symmetric", _cypher_value(e.symmetric)),
                         ("modality", cypher_string(e.modality)),
                         ("modalities", _cypher_value(e.modalities)),
                         ("positive", _cypher_value(e.positive)),
                         ("evidence_count", str(e.evidence_count)),
                         ("confidence", repr(e.confidence)),
                         ("first_date", _cypher_date(e.first_date)),
                         ("last_date", _cypher_date(e.last_date))])
    return _cypher_map([("id", cypher_string(e.id)), ("source", cypher_string(e.source)),
                        ("target", cypher_string(e.target)), ("props", props)])


def _node_statement(label: str, maps: list[str]) -> Iterator[str]:
    yield "UNWIND [\n"
    for i, row in enumerate(maps):
        yield f"  {row}{',' if i < len(maps) - 1 else ''}\n"
    yield (f"] AS row\nMERGE (n:Entity {{id: row.id}})\nSET n:`{label}`, n += row;\n")


def _edge_statement(rel_type: str, maps: list[str]) -> Iterator[str]:
    yield "UNWIND [\n"
    for i, row in enumerate(maps):
        yield f"  {row}{',' if i < len(maps) - 1 else ''}\n"
    yield ("] AS row\n"
           "MATCH (a:Entity {id: row.source})\nMATCH (b:Entity {id: row.target})\n"
           f"MERGE (a)-[r:`{rel_type}` {{id: row.id}}]->(b)\nSET r += row.props;\n")


def cypher(store: GraphStore, table: GraphTable | None = None, batch: int = 500
           ) -> Iterator[str]:
    """A parameter-free Cypher script that recreates the entity graph in Neo4j.

    Statements end with ``;`` (run it with ``cypher-shell -f``); nodes are merged on
    ``id`` in batches of ``batch`` rows per label, relationships per type. Re-running it
    changes nothing. Labels and relationship types come from the schema whitelist."""
    table = table or graph_table(store)
    schema = table.schema
    yield (f"// ergraph export of {len(table.nodes)} entities (run with cypher-shell -f)\n"
           "CREATE CONSTRAINT ergraph_entity_id IF NOT EXISTS "
           "FOR (n:Entity) REQUIRE n.id IS UNIQUE;\n")
    pending: dict[str, list[str]] = {}
    for n in table.nodes:
        label = entity_labels(schema, n.type)[1]
        rows = pending.setdefault(label, [])
        rows.append(_node_map(n))
        if len(rows) >= batch:
            yield from _node_statement(label, rows)
            rows.clear()
    for label, rows in pending.items():
        if rows:
            yield from _node_statement(label, rows)
    pending = {}
    for e in table.edges():
        rel_type = relationship_type(schema, e.type)
        rows = pending.setdefault(rel_type, [])
        rows.append(_edge_map(e))
        if len(rows) >= batch:
            yield from _edge_statement(rel_type, rows)
            rows.clear()
    for rel_type, rows in pending.items():
        if rows:
            yield from _edge_statement(rel_type, rows)


# -- JSON lines ----------------------------------------------------------------------



def jsonl_line(record: dict[str, Any]) -> str:
    """One record as one line (the format of :mod:`ergraph.graph.jsonl`)."""
    return encode(record) + "\n"


def jsonl(store: GraphStore) -> Iterator[str]:
    """``store.dump()`` as JSON lines (one record a line); ``ergraph import`` loads it."""
    for rec in store.dump():
        yield jsonl_line(rec)
