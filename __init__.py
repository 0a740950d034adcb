"""ergraph: an entity-relationship graph explorer for news documents."""

from __future__ import annotations

from .errors import (
    AmbiguousName,
    DocumentError,
    DocumentNotFound,
    EntityNotFound,
    ErgraphError,
    PayloadTooLarge,
    PermissionDenied,
    QueryError,
    QueryTimeout,
    SchemaError,
    StoreError,
    StoreUnavailable,
)
from .model import Document, Entity, Evidence, Extraction, Mention, Problem, Relation
from .schema import Schema, load_schema

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Document",
    "Entity",
    "Evidence",
    "Extraction",
    "Mention",
    "Problem",
    "Relation",
    "Schema",
    "load_schema",
    "open_store",
    "ErgraphError",
    "SchemaError",
    "DocumentError",
    "QueryError",
    "QueryTimeout",
    "EntityNotFound",
    "AmbiguousName",
    "DocumentNotFound",
    "PermissionDenied",
    "PayloadTooLarge",
    "StoreError",
    "StoreUnavailable",
]


def open_store(uri: str | None = None, schema: Schema | None = None, **options: object):  # type: ignore[no-untyped-def]
    """Open a graph store by URI (see :func:`ergraph.graph.open_store`)."""
    from .graph import open_store as _open

    return _open(uri, schema=schema, **options)
