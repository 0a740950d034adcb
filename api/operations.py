"""The service layer: every read operation of the API with all of its validation, and
no HTTP (no FastAPI, no Starlette).

``run(op, store, schema, cache, **params)`` checks the parameters (names, bounds, the
``k`` / ``all`` rule, dates, types and modalities against the schema) and answers the
JSON the API sends. The routes (:mod:`ergraph.api.routes`) map a request onto it, and
``ergraph.open()`` (:class:`ergraph.client.LocalClient`) calls it directly, so the
in-process client and HTTP cannot disagree.

One vocabulary everywhere: ``types`` (relation types), ``modalities``, ``since``,
``until``, ``k``, ``limit``, ``offset``. Negated evidence (denials) is left out unless
``modalities`` names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import ErgraphError, QueryError
from ..graph.base import LIMITS, GraphStore
from ..schema import Schema
from . import service

__all__ = ["OPERATIONS", "BOUNDS", "METRICS", "MAX_K", "check_names", "run", "bounds"]

MAX_K = service.MAX_K
METRICS = ("degree", "pagerank", "betweenness")

#: operation -> its parameters (the query parameter names of its route) and defaults;
#: ``id`` is the path parameter of ``/entities/{id}...`` and ``/documents/{id}``
OPERATIONS: dict[str, dict[str, Any]] = {
    "search": {"q": ..., "type": None, "limit": 20, "offset": 0},
    "entity": {"id": ...},
    "neighbors": {"id": ..., "depth": 1, "types": None, "modalities": None, "since": None,
                  "until": None, "limit": 100},
    "paths": {"source": ..., "target": ..., "max_hops": 4, "types": None, "modalities": None,
              "since": None, "until": None, "directed": False, "k": 1, "all": False,
              "limit": 10},
    "relations": {"source": None, "target": None, "types": None, "modalities": None,
                  "since": None, "until": None, "limit": 100},
    "documents": {"limit": 100, "offset": 0},
    "document": {"id": ...},
    "stats": {},
    "central": {"metric": "degree", "limit": 20, "types": None, "modalities": None,
                "since": None, "until": None},
    "communities": {"limit": 20, "member_limit": 50, "types": None, "modalities": None,
                    "since": None, "until": None},
    "disputes": {"types": None, "since": None, "until": None, "limit": 100, "offset": 0},
    "timeline": {"id": ..., "types": None, "modalities": None, "since": None, "until": None,
                 "limit": 200},
}

#: integer parameters: (least, most); per operation where it differs
BOUNDS: dict[str, tuple[int, int]] = {
    "limit": (1, LIMITS["limit"]), "offset": (0, 1_000_000), "depth": (1, LIMITS["depth"]),
    "max_hops": (1, LIMITS["max_hops"]), "k": (1, MAX_K), "member_limit": (1, LIMITS["limit"]),
}
_OP_BOUNDS: dict[tuple[str, str], tuple[int, int]] = {
    ("search", "limit"): (1, LIMITS["search"]),
    ("paths", "limit"): (1, LIMITS["paths"]),
    ("timeline", "limit"): (1, service.MAX_EVENTS),
}
#: text parameters: most characters
_TEXTS = {"q": 300, "id": 300, "source": 300, "target": 300, "type": 50, "metric": 30}
_LISTS = {"types": 50, "modalities": 4}
_BOOLS = ("directed", "all")


def bounds(op: str, name: str) -> tuple[int, int]:
    """The (least, most) an integer parameter of ``op`` may be."""
    return _OP_BOUNDS.get((op, name)) or BOUNDS[name]


def check_names(op: str, names: Iterable[str]) -> None:
    """422 naming every parameter ``op`` does not take (a typo is never ignored)."""
    known = OPERATIONS[op]
    unknown = sorted({n for n in names if n not in known})
    if unknown:
        listed = ", ".join(repr(n) for n in unknown)
        hint = _did_you_mean(unknown, known)
        raise QueryError(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {listed}{hint}; "
            f"this query takes: {', '.join(n for n in known if n != 'id') or 'none'}",
            param=unknown[0], unknown=unknown,
            known=[n for n in known if n != "id"])


def _did_you_mean(unknown: list[str], known: Mapping[str, Any]) -> str:
    import difflib

    for name in unknown:
        close = difflib.get_close_matches(name, [k for k in known if k != "id"], n=1)
        if close:
            return f" (did you mean {close[0]!r}?)"
    return ""


def _listish(value: Any, name: str) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise QueryError(f"{name} must be texts, got {item!r}", param=name)
        parts = item.split(",")
        if any(not p.strip() for p in parts):
            raise QueryError(f"{name}: an empty value names nothing; leave it out for all",
                             param=name)
        out.extend(p.strip() for p in parts)
    if len(out) > _LISTS[name]:
        raise QueryError(f"{name} names at most {_LISTS[name]} values", param=name)
    return out


def _date(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return value
    raise QueryError(f"{name} must be a date YYYY-MM-DD, got {value!r}", param=name)


def validate(op: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` checked and completed with the defaults of ``op``."""
    if op not in OPERATIONS:
        raise QueryError(f"unknown operation {op!r}")
    check_names(op, params)
    kw = {n: params.get(n, d) for n, d in OPERATIONS[op].items()}
    for name, value in kw.items():
        if value is ...:
            raise QueryError(f"{name} is required", param=name)
        if name in BOUNDS:
            lo, hi = bounds(op, name)
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                raise QueryError(f"{name} must be an integer from {lo} to {hi}, got {value!r}",
                                 param=name)
        elif name in _TEXTS:
            if value is None:
                continue
            if not isinstance(value, str) or not 0 < len(value) <= _TEXTS[name]:
                raise QueryError(f"{name} must be a text of 1 to {_TEXTS[name]} characters",
                                 param=name)
            if name in ("id", "source", "target") and not value.strip():
                raise QueryError(f"{name} must name something (not only blank space)",
                                 param=name)
        elif name in _LISTS:
            kw[name] = _listish(value, name)
        elif name in ("since", "until"):
            kw[name] = _date(value, name)
        elif name in _BOOLS and not isinstance(value, bool):
            raise QueryError(f"{name} must be true or false, got {value!r}", param=name)
    if op == "paths" and kw["k"] > 1 and kw["all"]:
        raise QueryError("ask for all shortest paths (all=true) or the k shortest (k>1), "
                         "not both", param="k")
    if op == "central" and kw["metric"] not in METRICS:
        raise QueryError(f"unknown metric {kw['metric']!r}; known: {', '.join(METRICS)}",
                         param="metric")
    return kw


def run(op: str, store: GraphStore, schema: Schema, cache: Any = None, **params: Any) -> Any:
    """The answer to operation ``op`` (the API's JSON, as a dict), after validation.
    ``cache`` memoises analytics (an object with ``cached(G, key, compute)``: the API's
    :class:`~ergraph.api.service.Runtime`, or the in-process client's own)."""
    kw = validate(op, params)
    return _readable_titles(store, _run(op, store, schema, cache, kw))


def _readable_titles(store: GraphStore, answer: Any) -> Any:
    """Evidence whose document title is empty or a hash-like file stem
    (``001_ed58398ac473eb24``) gets the document's first line instead, as documents
    themselves do (:func:`~ergraph.api.service.display_title`)."""
    titles: dict[str, str] = {}

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            doc_id = node.get("document_id")
            title = node.get("document_title")
            if isinstance(doc_id, str) and isinstance(title, str) and service.unreadable_title(
                    title):
                if doc_id not in titles:
                    try:
                        titles[doc_id] = service.display_title(store.get_document(doc_id))
                    except ErgraphError:
                        titles[doc_id] = title
                node["document_title"] = titles[doc_id]
            for value in node.values():
                if isinstance(value, (dict, list)):
                    fix(value)
        elif isinstance(node, list):
            for value in node:
                if isinstance(value, (dict, list)):
                    fix(value)

    fix(answer)
    return answer


def _run(op: str, store: GraphStore, schema: Schema, cache: Any, kw: dict[str, Any]) -> Any:
    def where() -> Any:
        return service.build_filter(schema, kw.get("types"), kw.get("modalities"),
                                    kw.get("since"), kw.get("until"))

    if op == "search":
        return service.search_entities(store, schema, kw["q"], kw["type"], kw["limit"],
                                       kw["offset"])
    if op == "entity":
        return service.entity_detail(store, kw["id"])
    if op == "neighbors":
        return service.neighbors(store, kw["id"], kw["depth"], where(), kw["limit"])
    if op == "paths":
        return service.find_paths(store, kw["source"], kw["target"], kw["max_hops"], where(),
                                  kw["directed"], kw["k"], kw["all"], kw["limit"])
    if op == "relations":
        return service.relations_between(store, schema, kw["source"], kw["target"], where(),
                                         kw["limit"])
    if op == "documents":
        limit, offset = kw["limit"], kw["offset"]
        docs = store.documents(limit, offset)
        return {"limit": limit, "offset": offset, "count": len(docs),
                "next_offset": offset + limit if len(docs) == limit else None,
                "documents": [service.document_summary(d) for d in docs]}
    if op == "document":
        return service.document_detail(store, kw["id"])
    if op == "stats":
        return store.stats()
    if op == "central":
        return service.centrality(store, cache, kw["metric"], where(), kw["limit"])
    if op == "communities":
        return service.communities(store, cache, where(), kw["limit"], kw["member_limit"])
    if op == "disputes":
        return service.disputes(store, where(), kw["limit"], kw["offset"])
    if op == "timeline":
        return service.timeline(store, kw["id"], where(), kw["limit"])
    raise QueryError(f"unknown operation {op!r}")  # pragma: no cover
