"""The one exception tree of ergraph.

Every error the package raises on purpose derives from :class:`ErgraphError`, so
callers (CLI, API, notebook client) can catch one thing and still tell cases apart::

    ErgraphError
    ├── SchemaError            the schema file is malformed or a type is not in it
    ├── DocumentError          a document could not be read or parsed (reported, batch goes on)
    ├── QueryError             a query is malformed or exceeds a limit (HTTP 422)
    │   └── QueryTimeout       a query ran past its time budget (HTTP 504)
    ├── EntityNotFound         no entity matches a name or id (HTTP 404; carries close matches)
    ├── AmbiguousName          a name matches several entities (HTTP 409; carries candidates)
    ├── DocumentNotFound       no document with that id (HTTP 404)
    ├── PermissionDenied       a write without the API key, or on a read-only service (HTTP 403)
    ├── PayloadTooLarge        a submitted document is over the size limit (HTTP 413)
    ├── NotImplementedFeature  an optional part is not installed or not offered by the store (HTTP 501)
    └── StoreError             the store failed
        └── StoreUnavailable   the store cannot be reached or opened (HTTP 503)

Messages never contain passwords; store URIs are shown with credentials removed.
"""

from __future__ import annotations

from typing import Any

__all__ = ["public_errors"]  # and every class of the tree: added at the end of the module


class ErgraphError(Exception):
    """Base of every error ergraph raises on purpose."""

    #: HTTP status the API answers with for this error.
    status_code = 500
    #: short machine-readable code used in the API's error envelope.
    code = "error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class SchemaError(ErgraphError):
    status_code = 422
    code = "schema_error"


class DocumentError(ErgraphError):
    status_code = 422
    code = "document_error"


class QueryError(ErgraphError):
    status_code = 422
    code = "invalid_query"


class QueryTimeout(QueryError):
    status_code = 504
    code = "query_timeout"


class EntityNotFound(ErgraphError):
    status_code = 404
    code = "entity_not_found"

    def __init__(self, name: str, close_matches: list[dict[str, Any]] | None = None) -> None:
        close = close_matches or []
        hint = ""
        if close:
            hint = "; did you mean " + ", ".join(repr(c["name"]) for c in close[:5]) + "?"
        super().__init__(f"no entity named {name!r}{hint}", name=name, close_matches=close)
        self.name = name
        self.close_matches = close


class AmbiguousName(ErgraphError):
    status_code = 409
    code = "ambiguous_name"

    def __init__(self, name: str, candidates: list[dict[str, Any]]) -> None:
        listed = ", ".join(f"{c['name']} ({c['type']}, id {c['id']})" for c in candidates[:10])
        super().__init__(
            f"{name!r} names {len(candidates)} entities: {listed}; use an id or a fuller name",
            name=name,
            candidates=candidates,
        )
        self.name = name
        self.candidates = candidates


class DocumentNotFound(ErgraphError):
    status_code = 404
    code = "document_not_found"


class PermissionDenied(ErgraphError):
    status_code = 403
    code = "forbidden"


class PayloadTooLarge(ErgraphError):
    status_code = 413
    code = "payload_too_large"


class NotImplementedFeature(ErgraphError):
    status_code = 501
    code = "not_implemented"


class StoreError(ErgraphError):
    status_code = 500
    code = "store_error"


class StoreUnavailable(StoreError):
    status_code = 503
    code = "store_unavailable"


def public_errors() -> tuple[type[ErgraphError], ...]:
    """Every class of the tree defined in this module, :class:`ErgraphError` first, then
    depth-first in definition order (the order of the drawing above).

    The one list of the package's exceptions: ``__all__`` here and in :mod:`ergraph`,
    and the client's map from the API's error codes back to classes, are derived from it."""
    found: list[type[ErgraphError]] = []

    def walk(cls: type[ErgraphError]) -> None:
        if cls.__module__ == __name__ and cls not in found:
            found.append(cls)
            for sub in cls.__subclasses__():
                walk(sub)

    walk(ErgraphError)
    return tuple(found)


__all__ += [c.__name__ for c in public_errors()]
