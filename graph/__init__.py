"""Graph stores behind one protocol, and the algorithms that run over them.

``open_store(uri)`` picks the backend from the URI:

* ``sqlite:///path.db`` (default ``sqlite:///ergraph.db``) or ``sqlite://:memory:`` - the
  embedded store;
* ``neo4j://user@host:7687``, ``bolt://…``, ``neo4j+s://…`` - Neo4j (password from
  ``ERGRAPH_NEO4J_PASSWORD``).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from ..errors import StoreUnavailable
from ..schema import Schema
from .base import LIMITS, EdgeFilter, GraphStore, Path, Subgraph, resolve_entity
from .sqlite import SQLiteStore

__all__ = [
    "GraphStore",
    "SQLiteStore",
    "EdgeFilter",
    "Path",
    "Subgraph",
    "LIMITS",
    "open_store",
    "redact_uri",
    "resolve_entity",
    "DEFAULT_STORE",
]

DEFAULT_STORE = "sqlite:///ergraph.db"
NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


def redact_uri(uri: str) -> str:
    """The URI with any password removed, safe for messages and logs."""
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}@{host}" if user else host, parts.path,
                       parts.query, parts.fragment))


def open_store(uri: str | None = None, schema: Schema | None = None, **options: object
               ) -> GraphStore:
    """Open the store named by ``uri`` (default ``$ERGRAPH_STORE`` or ``sqlite:///ergraph.db``)."""
    uri = uri or os.environ.get("ERGRAPH_STORE") or DEFAULT_STORE
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else "sqlite"
    if scheme == "sqlite" or scheme == "memory":
        return SQLiteStore(uri if scheme == "sqlite" else "sqlite://:memory:", schema=schema)
    if scheme in NEO4J_SCHEMES:
        from .neo4j import Neo4jStore

        return Neo4jStore(uri, schema=schema, **options)  # type: ignore[arg-type]
    raise StoreUnavailable(
        f"unsupported store URI {redact_uri(uri)!r}: use sqlite:///file.db or neo4j://host:7687"
    )
