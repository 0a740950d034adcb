"""ergraph: an entity-relationship graph explorer for news documents."""

from __future__ import annotations

from . import errors as _errors
from .errors import *  # noqa: F403  (every class of the tree: errors.public_errors())
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
    "Client",  # noqa: F405  (loaded on first use by __getattr__)
    # the exception tree, derived (never listed by hand)
    *(cls.__name__ for cls in _errors.public_errors()),
]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # The clients pull in httpx, networkx and the store layer: load them on first use so
    # `import ergraph` stays cheap. `open` is deliberately not in __all__ (it would shadow
    # the built-in under `from ergraph import *`).
    if name in ("Client", "open", "LocalClient"):
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module 'ergraph' has no attribute {name!r}")


def open_store(uri: str | None = None, schema: Schema | None = None, **options: object):  # type: ignore[no-untyped-def]
    """Open a graph store by URI (see :func:`ergraph.graph.open_store`)."""
    from .graph import open_store as _open

    return _open(uri, schema=schema, **options)
