"""Every Cypher statement the Neo4j backend sends, as named constants.

Why one module: the statements are the backend's contract with the server, so they are
read, reviewed and linted together (``tools/cypher-lint`` runs Neo4j's own Cypher front
end over each of them, see ``tests/test_cypher_lint.py``). Each constant is a
:class:`Statement` that declares its parameters; :meth:`Statement.params` refuses a call
that passes other names, so a typo fails loudly instead of binding ``null``.

Values always travel as parameters. Four things cannot be parameters in Cypher and are
put into the query text by :meth:`Statement.render` only after checking them against
the :class:`~ergraph.schema.Schema` (the single whitelist) *and* a strict pattern:

* ``__TYPES__`` - a relationship type alternation such as ``MET|LEADS`` (:func:`type_alternation`);
* ``__TYPE__``  - one relationship type (writes: a relationship needs a static type);
* ``__LABEL__`` - the second, per-type label of an entity (``Person``, ``State`` …),
  written as static text, one statement per type. (Neo4j 5.26 also takes dynamic labels,
  ``SET e:$(row.label)``; static text keeps the label visible to the planner and the
  linter, and costs one statement per entity type in a batch.)

* ``__HOPS__`` - a hop count, an ``int`` in ``1..MAX_HOPS`` (checked as such), for the
  quantifier of ``SHORTEST_NODE_PATHS``.

No request text ever reaches a query string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import SchemaError
from ..schema import Schema

__all__ = [
    "Statement",
    "STATEMENTS",
    "type_alternation",
    "entity_label",
    "relation_type",
    "lint_payload",
]

#: the largest hop count a statement may be rendered with (``graph.base.LIMITS``)
MAX_HOPS = 6
_REL_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_LABEL = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def relation_type(schema: Schema, name: str) -> str:
    """``name`` if it is a relation type of the schema (and safe as query text)."""
    rel = schema.relation(name).name  # SchemaError when not whitelisted
    if not _REL_TYPE.match(rel):
        raise SchemaError(f"relation type {rel!r} is not UPPER_SNAKE_CASE", type=rel)
    return rel


def type_alternation(schema: Schema, names: Iterable[str] | None = None) -> str:
    """``A|B|C`` from whitelisted relation types; every schema type when ``names`` is empty."""
    chosen = tuple(names or ()) or schema.relation_types
    return "|".join(sorted({relation_type(schema, n) for n in chosen}))


def entity_label(schema: Schema, entity_type: str) -> str:
    """The schema's label for an entity type (``PERSON`` -> ``Person``)."""
    label = schema.label_of(schema.check_entity_type(entity_type))
    if not _LABEL.match(label) or label in STRUCTURAL_LABELS:
        raise SchemaError(f"entity label {label!r} cannot be used", type=entity_type)
    return label


@dataclass(frozen=True, slots=True)
class Statement:
    """One parameterised Cypher statement; ``params`` are the names it expects."""

    name: str
    text: str
    params: tuple[str, ...] = ()

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(p for p in ("__TYPES__", "__TYPE__", "__LABEL__", "__HOPS__")
                     if p in self.text)

    def render(self, schema: Schema, *, types: Iterable[str] | None = None,
               type: str | None = None, label_of: str | None = None,
               hops: int | None = None) -> str:
        """The query text, placeholders filled from the whitelist only."""
        text = self.text
        if "__HOPS__" in text:
            if isinstance(hops, bool) or not isinstance(hops, int) or not 1 <= hops <= MAX_HOPS:
                raise SchemaError(f"{self.name} needs a hop count in 1..{MAX_HOPS}")
            text = text.replace("__HOPS__", str(hops))
        if "__TYPES__" in text:
            text = text.replace("__TYPES__", type_alternation(schema, types))
        if "__TYPE__" in text:
            if type is None:
                raise SchemaError(f"{self.name} needs a relation type")
            text = text.replace("__TYPE__", relation_type(schema, type))
        if "__LABEL__" in text:
            if label_of is None:
                raise SchemaError(f"{self.name} needs an entity type")
            text = text.replace("__LABEL__", entity_label(schema, label_of))
        return text

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters for a call, checked against the declared names."""
        given = set(values)
        if given != set(self.params):
            raise ValueError(
                f"{self.name}: parameters {sorted(given)} != declared {sorted(self.params)}")
        return dict(values)


#: Labels and relationship types of the storage model itself (never from the schema).
STRUCTURAL_LABELS = ("Entity", "Document", "Name", "ErgraphMeta")
STRUCTURAL_TYPES = ("MENTIONS", "NAMED", "LEAVES_OPEN")

# Relationship properties holding the evidence of one relation, one list entry per record.
EVIDENCE_FIELDS = ("id", "document", "sentence", "start", "end", "modality", "extractor",
                   "confidence", "trigger", "date")

_EV_INIT = ", ".join(f"r.ev_{f} = []" for f in EVIDENCE_FIELDS)
_EV_APPEND = ", ".join(
    f"r.ev_{f} = r.ev_{f} + [i IN fresh | row.ev_{f}[i]]" for f in EVIDENCE_FIELDS)
_EV_KEEP = ", ".join(f"r.ev_{f} = [i IN keep | r.ev_{f}[i]]" for f in EVIDENCE_FIELDS)
_EV_RETURN = ", ".join(f"r.ev_{f} AS ev_{f}" for f in EVIDENCE_FIELDS)

#: The columns every relation-returning statement yields.
_RELATION_RETURN = (
    "r.id AS id, startNode(r).id AS source, type(r) AS type, endNode(r).id AS target, "
    "r.symmetric AS symmetric, " + _EV_RETURN
)


def _some_evidence(test: str) -> str:
    """Cypher: some evidence record ``i`` of ``r`` passes ``test`` and comes from a
    document dated within ``$since``/``$until`` (any, undated included, when both null)."""
    return (f"any(i IN range(0, size(r.ev_modality) - 1) WHERE {test}"
            " AND ($since IS NULL OR (r.ev_date[i] <> '' AND r.ev_date[i] >= $since))"
            " AND ($until IS NULL OR (r.ev_date[i] <> '' AND r.ev_date[i] <= $until)))")


#: An edge may be traversed when one evidence record passes the modality and date filter.
_EDGE_PASSES = _some_evidence("r.ev_modality[i] IN $modalities")
_FILTER = ("modalities", "since", "until")

# -- schema setup (idempotent) --------------------------------------------------------
CONSTRAINT_ENTITY_ID = Statement(
    "CONSTRAINT_ENTITY_ID",
    "CREATE CONSTRAINT ergraph_entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
)
CONSTRAINT_DOCUMENT_ID = Statement(
    "CONSTRAINT_DOCUMENT_ID",
    "CREATE CONSTRAINT ergraph_document_id IF NOT EXISTS "
    "FOR (d:Document) REQUIRE d.id IS UNIQUE",
)
CONSTRAINT_NAME_NORM = Statement(
    "CONSTRAINT_NAME_NORM",
    "CREATE CONSTRAINT ergraph_name_norm IF NOT EXISTS FOR (n:Name) REQUIRE n.norm IS UNIQUE",
)
CONSTRAINT_META_KEY = Statement(
    "CONSTRAINT_META_KEY",
    "CREATE CONSTRAINT ergraph_meta_key IF NOT EXISTS "
    "FOR (m:ErgraphMeta) REQUIRE m.key IS UNIQUE",
)
INDEX_ENTITY_TYPE = Statement(
    "INDEX_ENTITY_TYPE",
    "CREATE INDEX ergraph_entity_type IF NOT EXISTS FOR (e:Entity) ON (e.type)",
)
INDEX_DOCUMENT_DATE = Statement(
    "INDEX_DOCUMENT_DATE",
    "CREATE INDEX ergraph_document_date IF NOT EXISTS FOR (d:Document) ON (d.date)",
)
#: Name search (``SEARCH_ENTITIES``) is a substring test on ``Name.norm``: a text index
#: answers ``CONTAINS`` by index (``NodeIndexContainsScan``) instead of reading every
#: name, with the same answers (a full-text index would tokenise and change them). The
#: statement names the index (``USING TEXT INDEX``): on a small or fresh graph the planner's
#: statistics would otherwise pick a label scan.
INDEX_NAME_TEXT = Statement(
    "INDEX_NAME_TEXT",
    "CREATE TEXT INDEX ergraph_name_norm_text IF NOT EXISTS FOR (n:Name) ON (n.norm)",
)
#: Setup waits (bounded) for the indexes to be online: on an existing graph a new index
#: is populated in the background, and the hinted search needs it.
AWAIT_INDEXES = Statement(
    "AWAIT_INDEXES",
    "CALL db.awaitIndexes($seconds)",
    ("seconds",),
)
SETUP = (CONSTRAINT_ENTITY_ID, CONSTRAINT_DOCUMENT_ID, CONSTRAINT_NAME_NORM,
         CONSTRAINT_META_KEY, INDEX_ENTITY_TYPE, INDEX_DOCUMENT_DATE, INDEX_NAME_TEXT)

# -- change counter (drives the cached networkx view) ---------------------------------
BUMP_VERSION = Statement(
    "BUMP_VERSION",
    "MERGE (m:ErgraphMeta {key: 'graph'}) "
    "SET m.version = coalesce(m.version, 0) + 1 RETURN m.version AS version",
)
GRAPH_VERSION = Statement(
    "GRAPH_VERSION",
    "MATCH (m:ErgraphMeta {key: 'graph'}) RETURN m.version AS version",
)

# -- writes ---------------------------------------------------------------------------
DOCUMENT_EXISTS = Statement(
    "DOCUMENT_EXISTS",
    "MATCH (d:Document {id: $id}) RETURN count(d) AS n",
    ("id",),
)
STORED_DOCUMENTS = Statement(
    "STORED_DOCUMENTS",
    "UNWIND $ids AS did MATCH (d:Document {id: did}) RETURN d.id AS id",
    ("ids",),
)
CREATE_DOCUMENTS = Statement(
    "CREATE_DOCUMENTS",
    "UNWIND $rows AS row CREATE (d:Document {id: row.id, title: row.title, date: row.date, "
    "source: row.source, text: row.text, metadata: row.metadata, pages: row.pages, "
    "ev_sources: []}) "
    "RETURN count(d) AS n",
    ("rows",),
)
MERGE_DOCUMENTS = Statement(
    "MERGE_DOCUMENTS",
    "UNWIND $rows AS row MERGE (d:Document {id: row.id}) "
    "ON CREATE SET d.title = row.title, d.date = row.date, d.source = row.source, "
    "d.text = row.text, d.metadata = row.metadata, d.pages = row.pages, d.ev_sources = [] "
    "RETURN count(d) AS n",
    ("rows",),
)
DOCUMENT_DATES = Statement(
    "DOCUMENT_DATES",
    "UNWIND $ids AS did MATCH (d:Document {id: did}) "
    "RETURN d.id AS id, d.title AS title, d.date AS date, coalesce(d.pages, []) AS pages",
    ("ids",),
)
MERGE_ENTITIES = Statement(
    "MERGE_ENTITIES",
    "UNWIND $rows AS row MERGE (e:Entity:__LABEL__ {id: row.id}) "
    "ON CREATE SET e.name = row.name, e.type = row.type, e.name_norm = row.norm "
    "RETURN count(e) AS n",
    ("rows",),
)
MERGE_NAMES = Statement(
    "MERGE_NAMES",
    "UNWIND $rows AS row MATCH (e:Entity {id: row.id}) "
    "MERGE (n:Name {norm: row.norm}) "
    "MERGE (e)-[h:NAMED]->(n) ON CREATE SET h.text = row.text "
    "RETURN count(h) AS n",
    ("rows",),
)
MERGE_MENTIONS = Statement(
    "MERGE_MENTIONS",
    "UNWIND $rows AS row "
    "MATCH (d:Document {id: row.document_id}) MATCH (e:Entity {id: row.entity_id}) "
    "MERGE (d)-[m:MENTIONS {start: row.start, end: row.end}]->(e) "
    "ON CREATE SET m.text = row.text "
    "RETURN count(m) AS n",
    ("rows",),
)
MERGE_RELATIONS = Statement(
    "MERGE_RELATIONS",
    "UNWIND $rows AS row "
    "MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) "
    "MERGE (a)-[r:__TYPE__ {id: row.id}]->(b) "
    f"ON CREATE SET r.symmetric = row.symmetric, {_EV_INIT} "
    "WITH r, row, [i IN range(0, size(row.ev_id) - 1) WHERE NOT row.ev_id[i] IN r.ev_id] "
    "AS fresh "
    f"SET {_EV_APPEND} "
    "RETURN count(r) AS n",
    ("rows",),
)
ADD_EVIDENCE_SOURCES = Statement(
    "ADD_EVIDENCE_SOURCES",
    "UNWIND $rows AS row MATCH (d:Document {id: row.document_id}) "
    "SET d.ev_sources = coalesce(d.ev_sources, []) "
    "+ [s IN row.sources WHERE NOT s IN coalesce(d.ev_sources, [])] "
    "RETURN count(d) AS n",
    ("rows",),
)

# -- deletes --------------------------------------------------------------------------
DOCUMENT_ENTITIES = Statement(
    "DOCUMENT_ENTITIES",
    "MATCH (:Document {id: $id})-[:MENTIONS]->(e:Entity) RETURN DISTINCT e.id AS id",
    ("id",),
)
REMOVE_DOCUMENT_EVIDENCE = Statement(
    "REMOVE_DOCUMENT_EVIDENCE",
    "MATCH (d:Document {id: $id}) "
    "UNWIND coalesce(d.ev_sources, []) AS sid "
    "MATCH (:Entity {id: sid})-[r:__TYPES__]->(:Entity) "
    "WHERE $id IN r.ev_document "
    "WITH DISTINCT r "
    "WITH r, [i IN range(0, size(r.ev_id) - 1) WHERE r.ev_document[i] <> $id] AS keep "
    f"SET {_EV_KEEP} "
    "RETURN count(r) AS n",
    ("id",),
)
DELETE_DOCUMENT = Statement(
    "DELETE_DOCUMENT",
    "MATCH (d:Document {id: $id}) DETACH DELETE d",
    ("id",),
)
DELETE_EMPTY_RELATIONS = Statement(
    "DELETE_EMPTY_RELATIONS",
    "MATCH (:Entity)-[r:__TYPES__]->(:Entity) WHERE size(r.ev_id) = 0 DELETE r",
)
DELETE_ORPHAN_ENTITIES = Statement(
    "DELETE_ORPHAN_ENTITIES",
    "UNWIND $ids AS eid MATCH (e:Entity {id: eid}) "
    "WHERE NOT EXISTS { (e)<-[:MENTIONS]-(:Document) } "
    "AND NOT EXISTS { (e)-[:__TYPES__]-(:Entity) } "
    "OPTIONAL MATCH (e)-[:NAMED]->(n:Name) "
    "WITH e, collect(n.norm) AS norms "
    "DETACH DELETE e "
    "RETURN norms",
    ("ids",),
)
DELETE_ORPHAN_NAMES = Statement(
    "DELETE_ORPHAN_NAMES",
    "UNWIND $norms AS norm MATCH (n:Name {norm: norm}) "
    "WHERE NOT EXISTS { (n)<-[:NAMED]-(:Entity) } "
    "AND NOT EXISTS { (n)<-[:LEAVES_OPEN]-(:Document) } DELETE n",
    ("norms",),
)
# -- open names (loaders.settling): (:Document)-[:LEAVES_OPEN {own, told}]->(:Name) --------
MERGE_OPEN_NAMES = Statement(
    "MERGE_OPEN_NAMES",
    "UNWIND $rows AS row MATCH (d:Document {id: row.document}) "
    "MERGE (n:Name {norm: row.key}) "
    "CREATE (d)-[o:LEAVES_OPEN {own: row.own, told: row.told}]->(n) "
    "RETURN count(o) AS n",
    ("rows",),
)
DOCUMENT_OPEN_NAMES = Statement(
    "DOCUMENT_OPEN_NAMES",
    "MATCH (:Document {id: $id})-[:LEAVES_OPEN]->(n:Name) RETURN n.norm AS norm",
    ("id",),
)
OPEN_NAME_DOCUMENTS = Statement(
    "OPEN_NAME_DOCUMENTS",
    "UNWIND $keys AS key MATCH (:Name {norm: key})<-[:LEAVES_OPEN]-(d:Document) "
    "WITH DISTINCT d MATCH (d)-[o:LEAVES_OPEN]->(n:Name) "
    "RETURN d.id AS document, n.norm AS key, o.own AS own, o.told AS told",
    ("keys",),
)
# -- merging one entity into another (loaders.linking) -----------------------------------
ENTITY_RELATIONS = Statement(
    "ENTITY_RELATIONS",
    "MATCH (:Entity {id: $id})-[r:__TYPES__]-(:Entity) WITH DISTINCT r "
    f"RETURN {_RELATION_RETURN} ORDER BY id LIMIT $limit",
    ("id", "limit"),
)
ENTITY_MENTIONS = Statement(
    "ENTITY_MENTIONS",
    "MATCH (d:Document)-[m:MENTIONS]->(:Entity {id: $id}) "
    "RETURN d.id AS document_id, m.start AS start, m.end AS end, m.text AS text "
    "ORDER BY document_id, start, end LIMIT $limit",
    ("id", "limit"),
)
ENTITY_NAMES = Statement(
    "ENTITY_NAMES",
    "MATCH (:Entity {id: $id})-[h:NAMED]->(n:Name) RETURN n.norm AS norm, h.text AS text "
    "ORDER BY norm",
    ("id",),
)
DELETE_RELATIONS = Statement(
    "DELETE_RELATIONS",
    "UNWIND $ids AS rid MATCH (:Entity)-[r:__TYPE__ {id: rid}]->(:Entity) DELETE r "
    "RETURN count(*) AS n",
    ("ids",),
)
DELETE_ENTITY = Statement(
    "DELETE_ENTITY",
    "MATCH (e:Entity {id: $id}) OPTIONAL MATCH (e)-[:NAMED]->(n:Name) "
    "WITH e, collect(n.norm) AS norms DETACH DELETE e RETURN norms",
    ("id",),
)
CLEAR_DOCUMENTS = Statement(
    "CLEAR_DOCUMENTS",
    "MATCH (n:Document) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS n",
    ("batch",),
)
CLEAR_ENTITIES = Statement(
    "CLEAR_ENTITIES",
    "MATCH (n:Entity) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS n",
    ("batch",),
)
CLEAR_NAMES = Statement(
    "CLEAR_NAMES",
    "MATCH (n:Name) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS n",
    ("batch",),
)

# -- documents ------------------------------------------------------------------------
_DOCUMENT_RETURN = ("d.id AS id, d.title AS title, d.date AS date, d.source AS source, "
                    "d.text AS text, d.metadata AS metadata")
GET_DOCUMENT = Statement(
    "GET_DOCUMENT",
    f"MATCH (d:Document {{id: $id}}) RETURN {_DOCUMENT_RETURN}",
    ("id",),
)
LIST_DOCUMENTS = Statement(
    "LIST_DOCUMENTS",
    f"MATCH (d:Document) RETURN {_DOCUMENT_RETURN} "
    "ORDER BY d.date IS NULL, d.date, d.title, d.id SKIP $offset LIMIT $limit",
    ("offset", "limit"),
)
DOCUMENT_MENTIONS = Statement(
    "DOCUMENT_MENTIONS",
    "MATCH (d:Document {id: $id})-[m:MENTIONS]->(e:Entity) "
    "RETURN e.id AS entity_id, m.start AS start, m.end AS end, m.text AS text "
    "ORDER BY start, end, entity_id",
    ("id",),
)
#: A document's page table (the offsets its pages start at; empty when not paged).
DOCUMENT_PAGES = Statement(
    "DOCUMENT_PAGES",
    "MATCH (d:Document {id: $id}) RETURN coalesce(d.pages, []) AS pages",
    ("id",),
)
#: The evidence sentences of one document, one row each, found from the document's
#: ``ev_sources`` (index seeks, as REMOVE_DOCUMENT_EVIDENCE), first ``$limit`` by offset.
DOCUMENT_EVIDENCE = Statement(
    "DOCUMENT_EVIDENCE",
    "MATCH (d:Document {id: $id}) "
    "UNWIND coalesce(d.ev_sources, []) AS sid "
    "MATCH (a:Entity {id: sid})-[r:__TYPES__]->(b:Entity) "
    "WHERE $id IN r.ev_document "
    "WITH DISTINCT r, a, b "
    "UNWIND [i IN range(0, size(r.ev_id) - 1) WHERE r.ev_document[i] = $id] AS i "
    "RETURN r.id AS relation_id, type(r) AS type, a.id AS source, b.id AS target, "
    "a.name AS source_name, b.name AS target_name, r.symmetric AS symmetric, "
    "r.ev_sentence[i] AS sentence, r.ev_start[i] AS start, r.ev_end[i] AS end, "
    "r.ev_modality[i] AS modality "
    "ORDER BY start, end, relation_id, modality LIMIT $limit",
    ("id", "limit"),
)
ENTITY_DOCUMENTS = Statement(
    "ENTITY_DOCUMENTS",
    "MATCH (d:Document)-[:MENTIONS]->(:Entity {id: $id}) "
    f"WITH DISTINCT d RETURN {_DOCUMENT_RETURN} "
    "ORDER BY d.date IS NULL, d.date, d.title, d.id",
    ("id",),
)

# -- entities -------------------------------------------------------------------------
ENTITIES_BY_ID = Statement(
    "ENTITIES_BY_ID",
    "UNWIND $ids AS eid MATCH (e:Entity {id: eid}) "
    "OPTIONAL MATCH (e)-[h:NAMED]->(:Name) "
    "RETURN e.id AS id, e.name AS name, e.type AS type, collect(h.text) AS names",
    ("ids",),
)
LOOKUP_NAME = Statement(
    "LOOKUP_NAME",
    "MATCH (:Name {norm: $norm})<-[:NAMED]-(e:Entity) RETURN DISTINCT e.id AS id",
    ("norm",),
)
SEARCH_ENTITIES = Statement(
    "SEARCH_ENTITIES",
    "MATCH (n:Name)<-[:NAMED]-(e:Entity) USING TEXT INDEX n:Name(norm) "
    "WHERE n.norm CONTAINS $key AND ($entity_type IS NULL OR e.type = $entity_type) "
    "WITH e, min(CASE WHEN n.norm = $key THEN 0 WHEN n.norm STARTS WITH $key THEN 1 "
    "WHEN n.norm CONTAINS $word THEN 2 ELSE 3 END) AS rank "
    "RETURN e.id AS id ORDER BY rank, e.name, e.id SKIP $offset LIMIT $limit",
    ("key", "word", "entity_type", "offset", "limit"),
)

# -- relations ------------------------------------------------------------------------
_NOT_ONLY_NEGATED = "($include_negated OR any(m IN r.ev_modality WHERE m <> 'negated'))"
_RELATIONS_TAIL = (f"RETURN {_RELATION_RETURN} "
                   "ORDER BY type, source, target LIMIT $limit")
RELATIONS_BETWEEN = Statement(
    "RELATIONS_BETWEEN",
    "MATCH (a:Entity {id: $source})-[r:__TYPES__]-(b:Entity {id: $target}) "
    f"WHERE (startNode(r) = a OR r.symmetric) AND {_NOT_ONLY_NEGATED} "
    f"WITH DISTINCT r {_RELATIONS_TAIL}",
    ("source", "target", "include_negated", "limit"),
)
RELATIONS_FROM = Statement(
    "RELATIONS_FROM",
    "MATCH (a:Entity {id: $source})-[r:__TYPES__]-(:Entity) "
    f"WHERE (startNode(r) = a OR r.symmetric) AND {_NOT_ONLY_NEGATED} "
    f"WITH DISTINCT r {_RELATIONS_TAIL}",
    ("source", "include_negated", "limit"),
)
RELATIONS_TO = Statement(
    "RELATIONS_TO",
    "MATCH (b:Entity {id: $target})-[r:__TYPES__]-(:Entity) "
    f"WHERE (endNode(r) = b OR r.symmetric) AND {_NOT_ONLY_NEGATED} "
    f"WITH DISTINCT r {_RELATIONS_TAIL}",
    ("target", "include_negated", "limit"),
)
RELATIONS_ALL = Statement(
    "RELATIONS_ALL",
    "MATCH (:Entity)-[r:__TYPES__]->(:Entity) "
    f"WHERE {_NOT_ONLY_NEGATED} {_RELATIONS_TAIL}",
    ("include_negated", "limit"),
)
RELATIONS_AMONG = Statement(
    "RELATIONS_AMONG",
    "UNWIND $ids AS aid MATCH (a:Entity {id: aid})-[r:__TYPES__]->(b:Entity) "
    f"WHERE b.id IN $ids RETURN {_RELATION_RETURN}",
    ("ids",),
)

#: An entity's relations counted by type, split into those some evidence states
#: (``positive``: a modality of ``$modalities``) and those only denied; aggregated in
#: the server, so the answer is a few rows whatever the entity's degree.
ENTITY_CONNECTIONS = Statement(
    "ENTITY_CONNECTIONS",
    "MATCH (:Entity {id: $id})-[r:__TYPES__]-(:Entity) WITH DISTINCT r "
    "WITH type(r) AS type, any(m IN r.ev_modality WHERE m IN $modalities) AS positive, "
    "size(r.ev_modality) > 0 AS evidenced "
    "RETURN type, positive, evidenced, count(*) AS n",
    ("id", "modalities"),
)

# -- traversal: one breadth-first level per statement ---------------------------------
#: Neighbours of a frontier through allowed edges. ``$direction``: ``both`` (undirected),
#: ``out`` (source to target) or ``in`` (target to source); symmetric types go both ways.
EXPAND = Statement(
    "EXPAND",
    "UNWIND $frontier AS uid MATCH (u:Entity {id: uid})-[r:__TYPES__]-(v:Entity) "
    "WHERE ($direction = 'both' OR r.symmetric "
    "OR ($direction = 'out' AND startNode(r) = u) OR ($direction = 'in' AND endNode(r) = u)) "
    f"AND {_EDGE_PASSES} "
    "RETURN DISTINCT u.id AS node, v.id AS neighbour, v.name AS name",
    ("frontier", "direction", *_FILTER),
)

#: Neo4j's own shortest-path search: the distinct node sequences of the shortest paths,
#: a quantified path pattern under ``ALL SHORTEST`` with the direction and evidence tests
#: inside the pattern, so they apply while searching (a shortest path that is disallowed
#: is skipped and a longer allowed one found). ``$limit`` stops it early; the backend asks
#: for one sequence more than it needs (see ``Neo4jStore._node_paths``).
SHORTEST_NODE_PATHS = Statement(
    "SHORTEST_NODE_PATHS",
    "MATCH (a:Entity {id: $source}) MATCH (b:Entity {id: $target}) "
    "MATCH p = ALL SHORTEST (a)((x)-[r:__TYPES__]-(y) "
    "WHERE ($directed = false OR r.symmetric OR startNode(r) = x) "
    f"AND {_EDGE_PASSES}){{1,__HOPS__}}(b) "
    "RETURN DISTINCT [n IN nodes(p) | n.id] AS ids, [n IN nodes(p) | n.name] AS names "
    "LIMIT $limit",
    ("source", "target", "limit", "directed", *_FILTER),
)

# -- whole-graph reads, in keyset pages ------------------------------------------------
NETWORK_NODES = Statement(
    "NETWORK_NODES",
    "MATCH (e:Entity) WHERE e.id > $after "
    "RETURN e.id AS id, e.name AS name, e.type AS type ORDER BY e.id LIMIT $page",
    ("after", "page"),
)
NETWORK_EDGES = Statement(
    "NETWORK_EDGES",
    "MATCH (a:Entity) WHERE a.id > $after WITH a ORDER BY a.id LIMIT $page "
    "OPTIONAL MATCH (a)-[r:__TYPES__]->(b:Entity) "
    "RETURN a.id AS node, r.id AS id, b.id AS target, type(r) AS type, "
    "r.symmetric AS symmetric, r.ev_modality AS modalities, r.ev_date AS dates",
    ("after", "page"),
)
DUMP_DOCUMENTS = Statement(
    "DUMP_DOCUMENTS",
    f"MATCH (d:Document) WHERE d.id > $after RETURN {_DOCUMENT_RETURN} "
    "ORDER BY d.id LIMIT $page",
    ("after", "page"),
)
DUMP_ENTITIES = Statement(
    "DUMP_ENTITIES",
    "MATCH (e:Entity) WHERE e.id > $after WITH e ORDER BY e.id LIMIT $page "
    "OPTIONAL MATCH (e)-[h:NAMED]->(:Name) "
    "RETURN e.id AS id, e.name AS name, e.type AS type, collect(h.text) AS names",
    ("after", "page"),
)
DUMP_MENTIONS = Statement(
    "DUMP_MENTIONS",
    "MATCH (d:Document) WHERE d.id > $after WITH d ORDER BY d.id LIMIT $page "
    "OPTIONAL MATCH (d)-[m:MENTIONS]->(e:Entity) "
    "RETURN d.id AS document_id, e.id AS entity_id, m.start AS start, m.end AS end, "
    "m.text AS text",
    ("after", "page"),
)
#: Relations of one type in id order (merged across types by the caller).
DUMP_RELATIONS = Statement(
    "DUMP_RELATIONS",
    "MATCH (:Entity)-[r:__TYPE__]->(:Entity) WHERE r.id > $after "
    f"RETURN {_RELATION_RETURN} ORDER BY r.id LIMIT $page",
    ("after", "page"),
)
#: The evidence modalities of relations of one type, by id (the type's id index).
RELATION_MODALITIES = Statement(
    "RELATION_MODALITIES",
    "UNWIND $ids AS rid MATCH (:Entity)-[r:__TYPE__ {id: rid}]->(:Entity) "
    "RETURN r.id AS id, r.ev_modality AS modalities",
    ("ids",),
)
#: Relations some evidence denies and other evidence states (within the dates), ordered
#: by source name, type, target name, id and paged in the server: the total in every row
#: and at most ``$limit`` relation rows (one row of nulls but the total when the page is
#: empty).
DISPUTED_RELATIONS = Statement(
    "DISPUTED_RELATIONS",
    "MATCH (a:Entity)-[r:__TYPES__]->(b:Entity) "
    "WHERE " + _some_evidence("r.ev_modality[i] = 'negated'") + " "
    "AND " + _some_evidence("r.ev_modality[i] <> 'negated'") + " "
    "WITH r, a.name AS source_name, b.name AS target_name "
    "ORDER BY source_name, type(r), target_name, r.id "
    "WITH collect(r) AS found "
    "WITH size(found) AS total, found[$offset..($offset + $limit)] AS page "
    "UNWIND CASE WHEN page = [] THEN [null] ELSE page END AS r "
    f"RETURN total, {_RELATION_RETURN}",
    ("since", "until", "limit", "offset"),
)
INDEX_RELATION_ID = Statement(
    "INDEX_RELATION_ID",
    "CREATE INDEX ergraph_relation_id___TYPE__ IF NOT EXISTS FOR ()-[r:__TYPE__]-() ON (r.id)",
)

# -- statistics -----------------------------------------------------------------------
STATS_DOCUMENTS = Statement(
    "STATS_DOCUMENTS",
    "MATCH (d:Document) RETURN count(d) AS n, min(d.date) AS first, max(d.date) AS last",
)
STATS_ENTITIES = Statement(
    "STATS_ENTITIES",
    "MATCH (e:Entity) RETURN e.type AS type, count(e) AS n",
)
STATS_RELATIONS = Statement(
    "STATS_RELATIONS",
    "MATCH (:Entity)-[r:__TYPES__]->(:Entity) "
    "RETURN type(r) AS type, any(m IN r.ev_modality WHERE m <> 'negated') AS positive, "
    "count(r) AS n",
)
STATS_EVIDENCE = Statement(
    "STATS_EVIDENCE",
    "MATCH (:Entity)-[r:__TYPES__]->(:Entity) UNWIND r.ev_modality AS modality "
    "RETURN modality, count(*) AS n",
)
STATS_MENTIONS = Statement(
    "STATS_MENTIONS",
    "MATCH (:Document)-[m:MENTIONS]->(:Entity) RETURN count(m) AS n",
)

#: Every statement by name (the linter walks this).
STATEMENTS: dict[str, Statement] = {
    name: value for name, value in sorted(globals().items())
    if isinstance(value, Statement)
}


# -- linting ----------------------------------------------------------------------------
_SAMPLES: dict[str, Any] = {
    "rows": [{"id": "x"}], "ids": ["x"], "norms": ["x"], "keys": ["x"], "frontier": ["x"],
    "modalities": ["asserted"], "include_negated": True, "direction": "both",
    "limit": 10, "offset": 0, "page": 10, "batch": 10, "directed": False, "since": "2020-01-01",
    "until": "2020-12-31", "date": "2020-01-01", "entity_type": "PERSON", "seconds": 300,
}


def lint_payload(schema: Schema, statements: Iterable[Statement] | None = None
                 ) -> dict[str, Any]:
    """Every statement, rendered for ``tools/cypher-lint`` with its declared parameters.

    ``__TYPES__`` becomes the whole whitelist; per-type (per-label) statements are rendered
    with the schema's first relation type (entity type): the variants differ only in that
    one identifier, which :func:`relation_type` / :func:`entity_label` check on their own.
    """
    rendered = []
    for stmt in STATEMENTS.values() if statements is None else statements:
        rendered.append({
            "name": stmt.name,
            "text": stmt.render(schema, type=schema.relation_types[0],
                                label_of=schema.entity_types[0], hops=MAX_HOPS),
            "parameters": {p: _SAMPLES.get(p, "x") for p in stmt.params},
        })
    labels = [*STRUCTURAL_LABELS, *(schema.label_of(t) for t in schema.entity_types)]
    return {
        "schema": {"labels": labels,
                   "relationshipTypes": [*STRUCTURAL_TYPES, *schema.relation_types]},
        "statements": rendered,
    }
