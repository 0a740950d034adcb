"""A Python client for notebooks: :class:`Client` over HTTP, :func:`open` in-process.

Both offer the same methods and return the same typed results::

    import ergraph

    g = ergraph.open("sqlite:///demo.db")          # in-process, on a store
    g = ergraph.Client("http://localhost:8000")    # the same, against `ergraph serve`

    g.search("putin")                              # EntityResults
    g.paths("Vladimir Putin", "Hunter Biden")      # PathResults (drawn inline in Jupyter)
    g.neighbors("Rudy Giuliani", depth=2)          # Neighborhood (drawn inline)
    g.relations(source="Vladimir Putin").to_pandas()

Every result has ``to_networkx()``, ``to_pandas()`` (pandas is the optional extra
``ergraph[pandas]``, imported only when asked) and ``_repr_html_``: graph results show
the interactive ergraph page inline (Jupyter, VS Code) in an ``<iframe srcdoc>``, with
everything inline, so it works offline: the page code (vis-network and ergraph's) travels
with the first graph of the kernel and the later ones only carry their data
(:mod:`ergraph.viz.notebook`); in-process (:func:`open`) the page also holds the cited
documents.

Errors are the package's own (:mod:`ergraph.errors`), whichever way the client talks to
the graph: the API's error envelope ``{"error": {"code", ...}}`` is mapped back to the
class with that ``code``; a server that cannot be reached is :class:`StoreUnavailable`.
"""

from __future__ import annotations

import builtins
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, Literal, overload

from .errors import (
    AmbiguousName,
    DocumentNotFound,
    EntityNotFound,
    ErgraphError,
    PermissionDenied,
    QueryError,
    QueryTimeout,
    StoreError,
    StoreUnavailable,
    public_errors,
)
from .graph.base import Path, Subgraph
from .model import Document, Entity, Evidence, Mention, Relation
from .schema import Schema, default_schema

if TYPE_CHECKING:
    import httpx
    import networkx as nx
    import pandas as pd

    from .graph.base import GraphStore

__all__ = [
    "Client",
    "LocalClient",
    "FlaggedRelation",
    "MissingExtra",
    "EntityResults",
    "EntityInfo",
    "Neighborhood",
    "PathResults",
    "RelationResults",
    "DocumentResults",
    "DocumentInfo",
    "Ranking",
    "Communities",
    "Disputes",
    "Timeline",
    "Stats",
    "IngestReport",
]

_open = builtins.open


class MissingExtra(ErgraphError, ImportError):
    """An optional dependency (e.g. pandas) is not installed."""

    code = "missing_extra"


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtra(
            "to_pandas() needs pandas, which is not installed: "
            "pip install 'ergraph[pandas]' (or pip install pandas)", extra="pandas") from None
    return pd


def _nx() -> Any:
    import networkx as nx

    return nx


# -- parsing API JSON into domain objects ---------------------------------------------

def entity_from(d: Mapping[str, Any]) -> Entity:
    return Entity(d["id"], d["name"], d["type"], tuple(d.get("aliases") or ()))


def evidence_from(d: Mapping[str, Any]) -> Evidence:
    return Evidence(
        relation_id=d["relation_id"], document_id=d["document_id"], sentence=d["sentence"],
        start=d["start"], end=d["end"], modality=d.get("modality", "asserted"),
        extractor=d.get("extractor", ""), confidence=float(d.get("confidence", 1.0)),
        trigger=d.get("trigger", ""), document_title=d.get("document_title", ""),
        document_date=d.get("document_date"), page=d.get("page"),
    )


@dataclass(frozen=True, slots=True)
class FlaggedRelation(Relation):
    """A relation as an answer gives it, ``disputed`` though its evidence alone does not
    show it: the store holds evidence stating it and evidence denying it, and the query's
    filter gave one side only (by default denials are left out). ``to_dict()`` keeps
    the flag."""

    stored_disputed: bool = field(default=False, compare=False)

    @property
    def disputed(self) -> bool:
        return self.stored_disputed or bool(Relation.disputed.fget(self))  # type: ignore[attr-defined]


def relation_from(d: Mapping[str, Any]) -> Relation:
    """The relation of an API answer; its ``disputed`` flag (from all the relation's
    stored evidence) is kept when the evidence given does not show it."""
    rel = Relation(d["id"], d["source"], d["type"], d["target"], bool(d.get("symmetric")),
                   tuple(evidence_from(e) for e in d.get("evidence") or ()))
    if d.get("disputed") is True and not rel.disputed:
        return FlaggedRelation(rel.id, rel.source, rel.type, rel.target, rel.symmetric,
                               rel.evidence, stored_disputed=True)
    return rel


def path_from(d: Mapping[str, Any]) -> Path:
    return Path(tuple(entity_from(n) for n in d["nodes"]),
                tuple(relation_from(r) for r in d["relations"]))


def document_from(d: Mapping[str, Any]) -> Document:
    return Document(id=d["id"], text=d.get("text", ""), title=d.get("title", ""),
                    date=d.get("date"), source=d.get("source", ""),
                    metadata=dict(d.get("metadata") or {}))


# -- rendering ----------------------------------------------------------------------

IFRAME_HEIGHT = 640
#: most characters of document text an inline graph embeds (notebooks stay small)
INLINE_DOCUMENT_CHARS = 50_000


def iframe(page: str, height: int = IFRAME_HEIGHT, title: str = "ergraph") -> str:
    """An ``<iframe srcdoc>`` holding a whole page, escaped: shows inline in Jupyter and
    VS Code, and needs no server or network."""
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{html.escape(title)}" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts allow-popups allow-downloads" loading="lazy"></iframe>')


def _page(schema: Schema, kind: str, *, subgraph: Subgraph | None = None,
          paths: Sequence[Path] = (), source: Entity | None = None,
          target: Entity | None = None, store: Any = None,
          document_chars: int | None = None) -> str:
    """The interactive page of a neighbourhood or of paths, as an HTML string (drawn by
    :mod:`ergraph.viz.pages`). With ``store`` (the in-process client's) the page also
    carries both sides of disputed relations and the cited documents' text (at most
    ``document_chars`` of text in all when given: the documents past it show their
    evidence sentences only); a store that cannot give them (closed, say) gives a page
    without them."""
    from .viz import pages

    def data(with_store: Any) -> Any:
        if kind == "paths":
            assert source is not None and target is not None
            return pages.path_data(list(paths), source, target, with_store)
        assert subgraph is not None
        return pages.neighborhood_data(subgraph, with_store)

    try:
        found = data(store)
    except ErgraphError:
        if store is None:
            raise
        found = data(None)
    if document_chars is not None:
        budget = document_chars
        for doc in found.documents.values():
            size = len(doc.get("text") or "")
            if size <= budget:
                budget -= size
            else:  # the page shows its evidence sentences instead
                doc.pop("text", None)
                doc.pop("clipped", None)
    return pages.render_page(schema, found)


def _table_html(columns: Sequence[str], rows: Iterable[Sequence[Any]], caption: str = "",
                limit: int = 50) -> str:
    """A small escaped HTML table (no pandas needed)."""
    out = ['<table class="ergraph">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in columns)
               + "</tr></thead><tbody>")
    n = 0
    more = 0
    for row in rows:
        if n >= limit:
            more += 1
            continue
        out.append("<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>"
                                    for v in row) + "</tr>")
        n += 1
    out.append("</tbody></table>")
    if more:
        out.append(f"<p>… and {more} more row(s); use .to_pandas() for all of them</p>")
    return "".join(out)


# -- graph helpers shared by graph-shaped results ------------------------------------

def _graph(entities: Iterable[Entity], relations: Iterable[Relation]) -> nx.MultiDiGraph:
    """Nodes = entity ids (``name``, ``type``, ``aliases``); edges keyed by relation id
    (``type``, ``symmetric``, ``modalities``, ``confidence``, ``evidence_count``). Only
    scalar attributes, so ``nx.write_graphml`` / ``write_gexf`` work on the result (the
    one view builder, :func:`ergraph.graph.view.view_from_objects`)."""
    from .graph.view import view_from_objects

    return view_from_objects(entities, relations, scalar=True)


RELATION_COLUMNS = ("id", "source", "source_name", "type", "target", "target_name",
                    "symmetric", "modalities", "confidence", "evidence_count",
                    "first_date", "last_date", "sentence")
EVIDENCE_COLUMNS = ("relation_id", "source_name", "type", "target_name", "modality",
                    "confidence", "document_id", "document_title", "document_date",
                    "sentence", "start", "end", "trigger", "extractor")


def _relation_rows(relations: Iterable[Relation], names: Mapping[str, str]
                   ) -> list[dict[str, Any]]:
    rows = []
    for r in relations:
        dates = sorted(d for d in (e.document_date for e in r.evidence) if d)
        rows.append({
            "id": r.id, "source": r.source, "source_name": names.get(r.source, ""),
            "type": r.type, "target": r.target, "target_name": names.get(r.target, ""),
            "symmetric": r.symmetric, "modalities": ", ".join(r.modalities),
            "confidence": r.confidence, "evidence_count": len(r.evidence),
            "first_date": dates[0] if dates else None, "last_date": dates[-1] if dates else None,
            "sentence": r.evidence[0].sentence if r.evidence else "",
        })
    return rows


def _evidence_rows(relations: Iterable[Relation], names: Mapping[str, str]
                   ) -> list[dict[str, Any]]:
    return [{
        "relation_id": r.id, "source_name": names.get(r.source, ""), "type": r.type,
        "target_name": names.get(r.target, ""), "modality": e.modality,
        "confidence": e.confidence, "document_id": e.document_id,
        "document_title": e.document_title, "document_date": e.document_date,
        "sentence": e.sentence, "start": e.start, "end": e.end, "trigger": e.trigger,
        "extractor": e.extractor,
    } for r in relations for e in r.evidence]


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    pd = _pandas()
    return pd.DataFrame(rows, columns=list(columns))


# -- results --------------------------------------------------------------------------

class _Result:
    """Common behaviour: ``to_dict()`` is the API's JSON answer."""

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


@dataclass(frozen=True)
class EntityResults(_Result, Sequence[Entity]):
    """Entities matching a search, best first (``matches[i]`` says how ``entities[i]``
    matched: exact, prefix, substring or fuzzy)."""

    query: str
    entities: tuple[Entity, ...]
    matches: tuple[str, ...] = ()
    type: str | None = None
    limit: int = 20
    offset: int = 0
    next_offset: int | None = None

    @overload
    def __getitem__(self, i: int) -> Entity: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Entity]: ...
    def __getitem__(self, i: int | slice) -> Entity | Sequence[Entity]:
        return self.entities[i]

    def __len__(self) -> int:
        return len(self.entities)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "type": self.type, "limit": self.limit,
                "offset": self.offset, "count": len(self.entities),
                "next_offset": self.next_offset,
                "results": [{**e.to_dict(), "match": m}
                            for e, m in zip(self.entities, self._matches(), strict=False)]}

    def _matches(self) -> tuple[str, ...]:
        return self.matches or ("",) * len(self.entities)

    def to_pandas(self) -> pd.DataFrame:
        return _frame([{"id": e.id, "name": e.name, "type": e.type,
                        "aliases": "; ".join(e.aliases), "match": m}
                       for e, m in zip(self.entities, self._matches(), strict=False)],
                      ("id", "name", "type", "aliases", "match"))

    def to_networkx(self) -> nx.MultiDiGraph:
        return _graph(self.entities, ())

    def _repr_html_(self) -> str:
        return _table_html(("name", "type", "aliases", "match", "id"),
                           ((e.name, e.type, "; ".join(e.aliases), m, e.id)
                            for e, m in zip(self.entities, self._matches(), strict=False)),
                           f"{len(self.entities)} entit{'y' if len(self) == 1 else 'ies'} "
                           f"matching {self.query!r}")


@dataclass(frozen=True)
class DocumentInfo(_Result):
    """One document; ``text`` and ``mentions`` are filled by :meth:`Client.document`."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    names: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)
    #: the evidence spans extracted from it (``relation_id``, ``start``, ``end``,
    #: ``modality``, ``type``, ``source_name``, ``target_name``...), by offset
    evidence: tuple[Mapping[str, Any], ...] = ()

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def title(self) -> str:
        return self.document.title

    @property
    def text(self) -> str:
        return self.document.text

    def to_dict(self) -> dict[str, Any]:
        return {**self.document.summary(), "metadata": dict(self.document.metadata),
                "text": self.document.text,
                "mentions": [{**m.to_dict(), "name": self.names.get(m.entity_id, (None, None))[0],
                              "type": self.names.get(m.entity_id, (None, None))[1]}
                             for m in self.mentions],
                "evidence": [dict(e) for e in self.evidence]}

    def to_pandas(self) -> pd.DataFrame:
        return _frame([{**m.to_dict(), "name": self.names.get(m.entity_id, (None, None))[0],
                        "type": self.names.get(m.entity_id, (None, None))[1]}
                       for m in self.mentions],
                      ("entity_id", "name", "type", "start", "end", "text", "document_id"))

    def to_networkx(self) -> nx.MultiDiGraph:
        nx = _nx()
        G = nx.MultiDiGraph()
        for m in self.mentions:
            name, type_ = self.names.get(m.entity_id, (None, None))
            G.add_node(m.entity_id, name=name or "", type=type_ or "")
        return G

    def _repr_html_(self) -> str:
        """The document with its mentions in bold and its evidence sentences
        highlighted in place (red for denials), every piece of text escaped."""
        d = self.document
        return (f"<div class='ergraph-document'><h3>{html.escape(d.title)}</h3>"
                f"<p><small>{html.escape(d.date or 'undated')} · {html.escape(d.source)} · "
                f"{html.escape(d.id)}</small></p>"
                f"<pre style='white-space:pre-wrap'>{self._marked()}</pre></div>")

    def _marked(self) -> str:
        text = self.document.text
        marks: list[tuple[int, int, str]] = []
        for ev in self.evidence:
            start, end = int(ev.get("start", 0)), int(ev.get("end", 0))
            if not 0 <= start < end <= len(text):
                continue
            color = "#f8d0d0" if ev.get("modality") == "negated" else "#fff3b0"
            what = (f"{ev.get('source_name', '')} {ev.get('type', '')} "
                    f"{ev.get('target_name', '')} ({ev.get('modality', '')})")
            marks.append((start, 1, f"<mark style='background:{color}' "
                                    f"title='{html.escape(what, quote=True)}'>"))
            marks.append((end, 1, "</mark>"))
        last = -1
        for m in sorted(self.mentions, key=lambda m: (m.start, -m.end)):
            if m.start < last or not 0 <= m.start < m.end <= len(text):
                continue
            last = m.end
            marks.append((m.start, 2, "<b>"))
            marks.append((m.end, 0, "</b>"))
        out, pos = [], 0
        for at, _order, tag in sorted(marks, key=lambda x: (x[0], x[1])):
            out.append(html.escape(text[pos:at]))
            out.append(tag)
            pos = at
        out.append(html.escape(text[pos:]))
        return "".join(out)


@dataclass(frozen=True)
class DocumentResults(_Result, Sequence[Document]):
    """A page of documents (summaries: ``text`` is empty; see :meth:`Client.document`)."""

    documents: tuple[Document, ...]
    limit: int = 100
    offset: int = 0
    next_offset: int | None = None

    @overload
    def __getitem__(self, i: int) -> Document: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Document]: ...
    def __getitem__(self, i: int | slice) -> Document | Sequence[Document]:
        return self.documents[i]

    def __len__(self) -> int:
        return len(self.documents)

    def to_dict(self) -> dict[str, Any]:
        return {"limit": self.limit, "offset": self.offset, "count": len(self.documents),
                "next_offset": self.next_offset,
                "documents": [d.summary() for d in self.documents]}

    def to_pandas(self) -> pd.DataFrame:
        return _frame([d.summary() for d in self.documents], ("id", "title", "date", "source"))

    def to_networkx(self) -> nx.MultiDiGraph:
        """Document nodes only (``title``, ``date``, ``source``); no edges."""
        nx = _nx()
        G = nx.MultiDiGraph()
        for d in self.documents:
            G.add_node(d.id, title=d.title, date=d.date or "", source=d.source)
        return G

    def _repr_html_(self) -> str:
        return _table_html(("date", "title", "source", "id"),
                           ((d.date, d.title, d.source, d.id) for d in self.documents),
                           f"{len(self.documents)} document(s)")


@dataclass(frozen=True)
class EntityInfo(_Result):
    """One entity with its connections and the documents that mention it."""

    entity: Entity
    degree: int
    relation_counts: Mapping[str, int]
    negated_relations: int
    documents_total: int
    documents: tuple[Document, ...]

    @property
    def id(self) -> str:
        return self.entity.id

    @property
    def name(self) -> str:
        return self.entity.name

    @property
    def type(self) -> str:
        return self.entity.type

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.entity.aliases

    def to_dict(self) -> dict[str, Any]:
        return {**self.entity.to_dict(), "names": list(self.entity.names()),
                "degree": self.degree, "relation_counts": dict(self.relation_counts),
                "negated_relations": self.negated_relations,
                "documents_total": self.documents_total,
                "documents": [d.summary() for d in self.documents]}

    def to_pandas(self) -> pd.DataFrame:
        """The documents that mention the entity."""
        return _frame([d.summary() for d in self.documents], ("id", "title", "date", "source"))

    def to_networkx(self) -> nx.MultiDiGraph:
        return _graph([self.entity], ())

    def _repr_html_(self) -> str:
        e = self.entity
        counts = ", ".join(f"{k}: {v}" for k, v in self.relation_counts.items()) or "none"
        head = (f"<div class='ergraph-entity'><h3>{html.escape(e.name)} "
                f"<small>({html.escape(e.type)}, {html.escape(e.id)})</small></h3>"
                f"<p>also: {html.escape('; '.join(e.aliases) or '-')}</p>"
                f"<p>{self.degree} relation(s): {html.escape(counts)}; "
                f"{self.negated_relations} only denied</p></div>")
        return head + _table_html(("date", "title", "id"),
                                  ((d.date, d.title, d.id) for d in self.documents),
                                  f"mentioned in {self.documents_total} document(s)")


class _GraphResult(_Result):
    """Entities and relations: networkx / pandas views and the inline page."""

    schema: Schema

    def _entities(self) -> Sequence[Entity]:  # pragma: no cover - overridden
        raise NotImplementedError

    def _relations(self) -> Sequence[Relation]:  # pragma: no cover - overridden
        raise NotImplementedError

    def names(self) -> dict[str, str]:
        return {e.id: e.name for e in self._entities()}

    def to_networkx(self) -> nx.MultiDiGraph:
        return _graph(self._entities(), self._relations())

    def to_pandas(self, evidence: bool = False) -> pd.DataFrame:
        """One row per relation (names, type, modalities, confidence, evidence count,
        first/last date, first sentence); ``evidence=True``: one row per evidence."""
        if evidence:
            return _frame(_evidence_rows(self._relations(), self.names()), EVIDENCE_COLUMNS)
        return _frame(_relation_rows(self._relations(), self.names()), RELATION_COLUMNS)

    def html(self, document_chars: int | None = None) -> str:  # pragma: no cover
        """The interactive page (``document_chars``: most document text it embeds)."""
        raise NotImplementedError

    def _repr_html_(self) -> str:
        """The page inline (:func:`ergraph.viz.notebook.inline_page`): the first graph
        of a kernel carries the page code once, later ones only their data."""
        if not self._entities():
            return "<p>(nothing to draw)</p>"
        from .viz import notebook

        return notebook.inline_page(self.html(document_chars=INLINE_DOCUMENT_CHARS),
                                    title=type(self).__name__)

    def save(self, out: str | FsPath) -> FsPath:
        """Write the interactive page to ``out``."""
        path = FsPath(out)
        path.write_text(self.html(), encoding="utf-8")
        return path


@dataclass(frozen=True)
class Neighborhood(_GraphResult):
    """An entity's neighbourhood (a :class:`Subgraph`)."""

    subgraph: Subgraph
    depth: int = 1
    schema: Schema = field(default_factory=default_schema, repr=False, compare=False)
    #: relations of the centre left out as only denied (0 when denials were asked for)
    hidden_denials: int = 0
    #: the in-process client's store: the page's documents and both sides of disputes
    store: Any = field(default=None, repr=False, compare=False)

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self.subgraph.entities

    @property
    def relations(self) -> tuple[Relation, ...]:
        return self.subgraph.relations

    @property
    def center(self) -> str | None:
        return self.subgraph.center

    @property
    def truncated(self) -> bool:
        return self.subgraph.truncated

    def _entities(self) -> Sequence[Entity]:
        return self.subgraph.entities

    def _relations(self) -> Sequence[Relation]:
        return self.subgraph.relations

    def to_dict(self) -> dict[str, Any]:
        d = self.subgraph.to_dict()
        return {"center": d["center"], "depth": self.depth, "truncated": d["truncated"],
                "entities": d["entities"], "relations": d["relations"],
                "hidden_denials": self.hidden_denials}

    def html(self, document_chars: int | None = None) -> str:
        return _page(self.schema, "neighborhood", subgraph=self.subgraph, store=self.store,
                     document_chars=document_chars)


@dataclass(frozen=True)
class PathResults(_GraphResult, Sequence[Path]):
    """Paths between two entities, shortest first."""

    source: Entity
    target: Entity
    paths: tuple[Path, ...]
    mode: str = "shortest"
    max_hops: int = 4
    directed: bool = False
    schema: Schema = field(default_factory=default_schema, repr=False, compare=False)
    store: Any = field(default=None, repr=False, compare=False)

    @overload
    def __getitem__(self, i: int) -> Path: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Path]: ...
    def __getitem__(self, i: int | slice) -> Path | Sequence[Path]:
        return self.paths[i]

    def __len__(self) -> int:
        return len(self.paths)

    def _entities(self) -> Sequence[Entity]:
        seen: dict[str, Entity] = {}
        for p in self.paths:
            for n in p.nodes:
                seen.setdefault(n.id, n)
        return list(seen.values())

    def _relations(self) -> Sequence[Relation]:
        seen: dict[str, Relation] = {}
        for p in self.paths:
            for r in p.relations:
                seen.setdefault(r.id, r)
        return list(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source.to_dict(), "target": self.target.to_dict(),
                "mode": self.mode, "max_hops": self.max_hops, "directed": self.directed,
                "count": len(self.paths), "paths": [p.to_dict() for p in self.paths]}

    def to_pandas(self, evidence: bool = False) -> pd.DataFrame:
        """One row per hop: ``path`` (0-based), ``hop``, the two ends and the relation
        (``evidence=True``: one row per evidence sentence of each hop)."""
        rows: list[dict[str, Any]] = []
        names = self.names()
        for i, p in enumerate(self.paths):
            for h, (r, a, b) in enumerate(zip(p.relations, p.nodes, p.nodes[1:], strict=False)):
                base = {"path": i, "hop": h, "from": a.name, "to": b.name}
                subrows = (_evidence_rows([r], names) if evidence
                           else _relation_rows([r], names))
                rows.extend({**base, **s} for s in subrows)
        cols = ("path", "hop", "from", "to",
                *(EVIDENCE_COLUMNS if evidence else RELATION_COLUMNS))
        return _frame(rows, cols)

    def html(self, document_chars: int | None = None) -> str:
        return _page(self.schema, "paths", paths=self.paths, source=self.source,
                     target=self.target, store=self.store, document_chars=document_chars)

    def _repr_html_(self) -> str:
        if not self.paths:
            return (f"<p>no path between {html.escape(self.source.name)} and "
                    f"{html.escape(self.target.name)} within {self.max_hops} hops</p>")
        return super()._repr_html_()


@dataclass(frozen=True)
class RelationResults(_GraphResult, Sequence[Relation]):
    """Relations (with all their evidence) and the entities they join."""

    relations: tuple[Relation, ...]
    entities: tuple[Entity, ...] = ()
    schema: Schema = field(default_factory=default_schema, repr=False, compare=False)
    store: Any = field(default=None, repr=False, compare=False)

    @overload
    def __getitem__(self, i: int) -> Relation: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Relation]: ...
    def __getitem__(self, i: int | slice) -> Relation | Sequence[Relation]:
        return self.relations[i]

    def __len__(self) -> int:
        return len(self.relations)

    def _entities(self) -> Sequence[Entity]:
        return self.entities

    def _relations(self) -> Sequence[Relation]:
        return self.relations

    def to_dict(self) -> dict[str, Any]:
        return {"count": len(self.relations), "relations": [r.to_dict() for r in self.relations],
                "entities": [{"id": e.id, "name": e.name, "type": e.type}
                             for e in self.entities]}

    def html(self, document_chars: int | None = None) -> str:
        sub = Subgraph(entities=tuple(self.entities), relations=tuple(self.relations))
        return _page(self.schema, "neighborhood", subgraph=sub, store=self.store,
                     document_chars=document_chars)


@dataclass(frozen=True)
class Ranking(_Result, Sequence[tuple[Entity, float]]):
    """Entities ranked by a centrality metric, highest first."""

    metric: str
    results: tuple[tuple[Entity, float], ...]
    #: what the ranking was computed over (``scope``, ``computed_in``, counts), as answered
    basis: Mapping[str, Any] | None = None

    @overload
    def __getitem__(self, i: int) -> tuple[Entity, float]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[Entity, float]]: ...
    def __getitem__(self, i: int | slice) -> tuple[Entity, float] | Sequence[tuple[Entity, float]]:
        return self.results[i]

    def __len__(self) -> int:
        return len(self.results)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"metric": self.metric, "count": len(self.results),
                             "results": [{"id": e.id, "name": e.name, "type": e.type,
                                          "score": s} for e, s in self.results]}
        if self.basis is not None:
            d["basis"] = dict(self.basis)
        return d

    def to_pandas(self) -> pd.DataFrame:
        return _frame(self.to_dict()["results"], ("id", "name", "type", "score"))

    def to_networkx(self) -> nx.MultiDiGraph:
        G = _graph([e for e, _ in self.results], ())
        for e, s in self.results:
            G.nodes[e.id][self.metric] = s
        return G

    def _repr_html_(self) -> str:
        return _table_html(("name", "type", self.metric, "id"),
                           ((e.name, e.type, f"{s:.4g}", e.id) for e, s in self.results),
                           f"top {len(self.results)} by {self.metric}")


@dataclass(frozen=True)
class Communities(_Result, Sequence[tuple[Entity, ...]]):
    """Clusters of entities (largest first); ``sizes[i]`` may exceed the members listed."""

    communities: tuple[tuple[Entity, ...], ...]
    sizes: tuple[int, ...] = ()
    #: what the clustering was computed over (``scope``, ``computed_in``, counts)
    basis: Mapping[str, Any] | None = None

    @overload
    def __getitem__(self, i: int) -> tuple[Entity, ...]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[Entity, ...]]: ...
    def __getitem__(self, i: int | slice) -> tuple[Entity, ...] | Sequence[tuple[Entity, ...]]:
        return self.communities[i]

    def __len__(self) -> int:
        return len(self.communities)

    def to_dict(self) -> dict[str, Any]:
        sizes = self.sizes or tuple(len(c) for c in self.communities)
        d: dict[str, Any] = {"count": len(self.communities),
                             "communities": [{"size": s, "members": [
                                 {"id": e.id, "name": e.name, "type": e.type} for e in c]}
                                 for c, s in zip(self.communities, sizes, strict=False)]}
        if self.basis is not None:
            d["basis"] = dict(self.basis)
        return d

    def to_pandas(self) -> pd.DataFrame:
        return _frame([{"community": i, "id": e.id, "name": e.name, "type": e.type}
                       for i, c in enumerate(self.communities) for e in c],
                      ("community", "id", "name", "type"))

    def to_networkx(self) -> nx.MultiDiGraph:
        G = _graph([e for c in self.communities for e in c], ())
        for i, c in enumerate(self.communities):
            for e in c:
                G.nodes[e.id]["community"] = i
        return G

    def _repr_html_(self) -> str:
        return _table_html(("community", "size", "members"),
                           ((i, len(c), ", ".join(e.name for e in c))
                            for i, c in enumerate(self.communities)),
                           f"{len(self.communities)} communities")


@dataclass(frozen=True)
class Dispute:
    """A relation stated by some evidence (``asserted``: asserted, hedged or
    hypothetical) and denied (``denied``: negated) by other evidence."""

    relation: Relation
    asserted: tuple[Evidence, ...]
    denied: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"relation": self.relation.to_dict(),
                "asserted": [e.to_dict() for e in self.asserted],
                "denied": [e.to_dict() for e in self.denied]}


@dataclass(frozen=True)
class Disputes(_Result, Sequence[Dispute]):
    """Disputed relations (one page; ``total`` counts them all), both sides' evidence."""

    disputes: tuple[Dispute, ...]
    entities: tuple[Entity, ...] = ()
    total: int = 0
    limit: int = 100
    offset: int = 0
    next_offset: int | None = None

    @overload
    def __getitem__(self, i: int) -> Dispute: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Dispute]: ...
    def __getitem__(self, i: int | slice) -> Dispute | Sequence[Dispute]:
        return self.disputes[i]

    def __len__(self) -> int:
        return len(self.disputes)

    def names(self) -> dict[str, str]:
        return {e.id: e.name for e in self.entities}

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset,
                "count": len(self.disputes), "next_offset": self.next_offset,
                "disputes": [x.to_dict() for x in self.disputes],
                "entities": [{"id": e.id, "name": e.name, "type": e.type}
                             for e in self.entities]}

    def to_pandas(self) -> pd.DataFrame:
        """One row per evidence of each disputed relation, ``side`` asserted / denied."""
        names = self.names()
        rows = [{"side": side, **row} for x in self.disputes
                for side, evs in (("asserted", x.asserted), ("denied", x.denied))
                for row in _evidence_rows([replace_evidence(x.relation, evs)], names)]
        return _frame(rows, ("side", *EVIDENCE_COLUMNS))

    def to_networkx(self) -> nx.MultiDiGraph:
        G = _graph(self.entities, [x.relation for x in self.disputes])
        for _u, _v, d in G.edges(data=True):
            d["disputed"] = True
        return G

    def _repr_html_(self) -> str:
        names = self.names()
        return _table_html(
            ("relation", "stated", "denied"),
            ((f"{names.get(x.relation.source, x.relation.source)} {x.relation.type} "
              f"{names.get(x.relation.target, x.relation.target)}",
              " | ".join(f"{e.document_date or 'undated'}: {e.sentence}" for e in x.asserted),
              " | ".join(f"{e.document_date or 'undated'}: {e.sentence}" for e in x.denied))
             for x in self.disputes),
            f"{self.total} disputed relation(s)")


def replace_evidence(rel: Relation, evidence: Iterable[Evidence]) -> Relation:
    from dataclasses import replace

    return replace(rel, evidence=tuple(evidence))


@dataclass(frozen=True)
class TimelineEvent:
    """One relation of the entity as one document gives it (``date`` is the
    document's; None when undated)."""

    date: str | None
    document_id: str
    relation: Relation
    other: Entity | None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "document_id": self.document_id,
                "relation": self.relation.to_dict(),
                "other": self.other.to_dict() if self.other else None}


@dataclass(frozen=True)
class Timeline(_Result, Sequence[TimelineEvent]):
    """An entity's relations ordered by document date (undated last); ``periods`` are
    ``(YYYY-MM, events)`` over all events."""

    entity: Entity
    periods: tuple[tuple[str, int], ...]
    events: tuple[TimelineEvent, ...]
    undated: int = 0
    total: int = 0
    truncated: bool = False

    @overload
    def __getitem__(self, i: int) -> TimelineEvent: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[TimelineEvent]: ...
    def __getitem__(self, i: int | slice) -> TimelineEvent | Sequence[TimelineEvent]:
        return self.events[i]

    def __len__(self) -> int:
        return len(self.events)

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity.to_dict(),
                "periods": [{"period": p, "count": n} for p, n in self.periods],
                "undated": self.undated, "total": self.total, "truncated": self.truncated,
                "events": [e.to_dict() for e in self.events]}

    def to_pandas(self) -> pd.DataFrame:
        rows = [{"date": ev.date, "type": ev.relation.type,
                 "other": ev.other.name if ev.other else "",
                 "direction": "out" if ev.relation.source == self.entity.id else "in",
                 "modalities": ", ".join(ev.relation.modalities),
                 "denied": ev.relation.denied, "document_id": ev.document_id,
                 "document_title": ev.relation.evidence[0].document_title
                 if ev.relation.evidence else "",
                 "sentence": ev.relation.evidence[0].sentence if ev.relation.evidence else ""}
                for ev in self.events]
        return _frame(rows, ("date", "type", "other", "direction", "modalities", "denied",
                             "document_id", "document_title", "sentence"))

    def to_networkx(self) -> nx.MultiDiGraph:
        others = {ev.other.id: ev.other for ev in self.events if ev.other}
        return _graph([self.entity, *others.values()],
                      list({ev.relation.id: ev.relation for ev in self.events}.values()))

    def _repr_html_(self) -> str:
        return _table_html(
            ("date", "relation", "other", "sentence"),
            ((ev.date or "undated",
              ("denied: " if ev.relation.denied else "") + ev.relation.type,
              ev.other.name if ev.other else "",
              ev.relation.evidence[0].sentence if ev.relation.evidence else "")
             for ev in self.events),
            f"timeline of {self.entity.name}: {self.total} event(s)")


class Stats(dict[str, Any]):
    """Store counts (the ``/stats`` answer) as a dict, with a table view."""

    def to_dict(self) -> dict[str, Any]:
        return dict(self)

    def rows(self) -> list[tuple[str, str, Any]]:
        out: list[tuple[str, str, Any]] = []
        for k, v in self.items():
            if isinstance(v, Mapping):
                out.extend((k, str(sub), val) for sub, val in v.items())
            else:
                out.append((k, "", v))
        return out

    def to_pandas(self) -> pd.DataFrame:
        return _frame([{"what": a, "key": b, "value": c} for a, b, c in self.rows()],
                      ("what", "key", "value"))

    def to_networkx(self) -> nx.MultiDiGraph:
        """An empty graph carrying the counts as graph attributes."""
        G = _nx().MultiDiGraph()
        G.graph.update(self)
        return G

    def _repr_html_(self) -> str:
        return _table_html(("what", "key", "value"), self.rows(), "ergraph store", limit=200)


class IngestReport(dict[str, Any]):
    """The answer to :meth:`Client.ingest`: ``added``, ``skipped``, ``problems``."""

    @property
    def added(self) -> list[dict[str, Any]]:
        return list(self.get("added", []))

    @property
    def skipped(self) -> list[dict[str, Any]]:
        return list(self.get("skipped", []))

    def to_dict(self) -> dict[str, Any]:
        return dict(self)

    def to_pandas(self) -> pd.DataFrame:
        """One row per relation found in the added documents."""
        return _frame([{"document_id": a["document"]["id"], **r} for a in self.added
                       for r in a.get("relations", [])],
                      ("document_id", "id", "source", "source_name", "type", "target",
                       "target_name", "modalities", "sentences"))

    def to_networkx(self) -> nx.MultiDiGraph:
        nx = _nx()
        G = nx.MultiDiGraph()
        for a in self.added:
            for e in a.get("entities", []):
                G.add_node(e["id"], name=e["name"], type=e["type"])
            for r in a.get("relations", []):
                G.add_edge(r["source"], r["target"], key=r["id"], type=r["type"])
        return G

    def _repr_html_(self) -> str:
        return _table_html(("status", "title", "id"),
                           [*(("added", a["document"]["title"], a["document"]["id"])
                              for a in self.added),
                            *(("skipped", s.get("title", ""), s.get("id", ""))
                              for s in self.skipped)],
                           f"{len(self.added)} added, {len(self.skipped)} skipped")


# -- building results from the API's JSON ---------------------------------------------

def _search_result(d: Mapping[str, Any]) -> EntityResults:
    hits = d.get("results", [])
    return EntityResults(query=d.get("query", ""), entities=tuple(entity_from(h) for h in hits),
                         matches=tuple(h.get("match", "") for h in hits), type=d.get("type"),
                         limit=d.get("limit", len(hits)), offset=d.get("offset", 0),
                         next_offset=d.get("next_offset"))


def _entity_info(d: Mapping[str, Any]) -> EntityInfo:
    return EntityInfo(entity=entity_from(d), degree=d.get("degree", 0),
                      relation_counts=dict(d.get("relation_counts", {})),
                      negated_relations=d.get("negated_relations", 0),
                      documents_total=d.get("documents_total", len(d.get("documents", []))),
                      documents=tuple(document_from(x) for x in d.get("documents", [])))


def _neighborhood(d: Mapping[str, Any], schema: Schema, store: Any = None) -> Neighborhood:
    sub = Subgraph(entities=tuple(entity_from(e) for e in d["entities"]),
                   relations=tuple(relation_from(r) for r in d["relations"]),
                   center=d.get("center"), truncated=bool(d.get("truncated")))
    return Neighborhood(sub, depth=d.get("depth", 1), schema=schema,
                        hidden_denials=int(d.get("hidden_denials", 0)), store=store)


def _path_results(d: Mapping[str, Any], schema: Schema, store: Any = None) -> PathResults:
    return PathResults(source=entity_from(d["source"]), target=entity_from(d["target"]),
                       paths=tuple(path_from(p) for p in d.get("paths", [])),
                       mode=d.get("mode", "shortest"), max_hops=d.get("max_hops", 4),
                       directed=bool(d.get("directed")), schema=schema, store=store)


def _relation_results(d: Mapping[str, Any], schema: Schema, store: Any = None
                      ) -> RelationResults:
    return RelationResults(relations=tuple(relation_from(r) for r in d.get("relations", [])),
                           entities=tuple(entity_from(e) for e in d.get("entities", [])),
                           schema=schema, store=store)


def _document_results(d: Mapping[str, Any]) -> DocumentResults:
    return DocumentResults(documents=tuple(document_from(x) for x in d.get("documents", [])),
                           limit=d.get("limit", 100), offset=d.get("offset", 0),
                           next_offset=d.get("next_offset"))


def _document_info(d: Mapping[str, Any]) -> DocumentInfo:
    mentions = tuple(Mention(m["entity_id"], m["document_id"], m["start"], m["end"], m["text"])
                     for m in d.get("mentions", []))
    names = {m["entity_id"]: (m.get("name"), m.get("type")) for m in d.get("mentions", [])}
    return DocumentInfo(document_from(d), mentions, names,
                        tuple(dict(e) for e in d.get("evidence", [])))


def _disputes(d: Mapping[str, Any]) -> Disputes:
    return Disputes(
        disputes=tuple(Dispute(relation_from(x["relation"]),
                               tuple(evidence_from(e) for e in x.get("asserted", [])),
                               tuple(evidence_from(e) for e in x.get("denied", [])))
                       for x in d.get("disputes", [])),
        entities=tuple(entity_from(e) for e in d.get("entities", [])),
        total=int(d.get("total", 0)), limit=int(d.get("limit", 100)),
        offset=int(d.get("offset", 0)), next_offset=d.get("next_offset"))


def _timeline(d: Mapping[str, Any]) -> Timeline:
    return Timeline(
        entity=entity_from(d["entity"]),
        periods=tuple((p["period"], int(p["count"])) for p in d.get("periods", [])),
        events=tuple(TimelineEvent(x.get("date"), x.get("document_id", ""),
                                   relation_from(x["relation"]),
                                   entity_from(x["other"]) if x.get("other") else None)
                     for x in d.get("events", [])),
        undated=int(d.get("undated", 0)), total=int(d.get("total", 0)),
        truncated=bool(d.get("truncated")))


def _ranking(d: Mapping[str, Any]) -> Ranking:
    return Ranking(metric=d.get("metric", ""),
                   results=tuple((entity_from(r), float(r["score"]))
                                 for r in d.get("results", [])),
                   basis=d.get("basis"))


def _communities(d: Mapping[str, Any]) -> Communities:
    cs = d.get("communities", [])
    return Communities(communities=tuple(tuple(entity_from(m) for m in c.get("members", []))
                                         for c in cs),
                       sizes=tuple(int(c.get("size", len(c.get("members", [])))) for c in cs),
                       basis=d.get("basis"))


# -- error mapping --------------------------------------------------------------------

def _codes() -> dict[str, type[ErgraphError]]:
    # every class of the tree by its own code (the base's generic "error" falls back to
    # the status, below)...
    table = {c.code: c for c in public_errors() if c is not ErgraphError}
    # ... and the codes the API's envelope uses for errors that are not ergraph exceptions
    table.update({"validation_error": QueryError, "unauthorized": PermissionDenied,
                  "bad_request": QueryError, "internal_error": StoreError})
    return table


def _statuses() -> dict[int, type[ErgraphError]]:
    # a status only one class of the tree answers with names that class (403, 409, 413,
    # 501, 503, 504); a shared one (404, 422) names none, except as set below
    by_status: dict[int, list[type[ErgraphError]]] = {}
    for c in public_errors():
        if c is not ErgraphError:
            by_status.setdefault(c.status_code, []).append(c)
    table = {status: cs[0] for status, cs in by_status.items() if len(cs) == 1}
    table.update({400: QueryError, 401: PermissionDenied, 422: QueryError})
    return table


#: the class for each code of the API's error envelope
ERROR_CODES: dict[str, type[ErgraphError]] = _codes()
#: the class for an error answer without an envelope (a proxy's page...), by status
_BY_STATUS: dict[int, type[ErgraphError]] = _statuses()


def error_from_envelope(status: int, body: Any) -> ErgraphError:
    """The ergraph exception for an API error answer (``{"error": {code, message,
    details}}``); the class is the one whose ``code`` the envelope names."""
    err = body.get("error") if isinstance(body, Mapping) else None
    if isinstance(err, Mapping):
        code = str(err.get("code", ""))
        message = str(err.get("message", "")) or f"HTTP {status}"
        details = dict(err.get("details") or {})
    else:
        code, message, details = "", f"HTTP {status}: {str(body)[:200]}", {}
    cls = ERROR_CODES.get(code) or _BY_STATUS.get(status) or (
        StoreError if status >= 500 else ErgraphError)
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.message = message
    exc.details = details
    if isinstance(exc, EntityNotFound):
        exc.name = str(details.get("name", ""))
        exc.close_matches = list(details.get("close_matches") or [])
    elif isinstance(exc, AmbiguousName):
        exc.name = str(details.get("name", ""))
        exc.candidates = list(details.get("candidates") or [])
    if code and code != cls.code:
        exc.code = code  # keep the server's own code on the instance
    exc.http_status = status  # type: ignore[attr-defined]
    return exc


# -- the clients ------------------------------------------------------------------------

Metric = Literal["degree", "pagerank", "betweenness"]


def _listish(values: str | Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(values)


class _Methods:
    """The methods both clients share, over ``_call(operation, **arguments) -> JSON``
    (the API's answer, as a dict)."""

    schema: Schema
    #: the store graph results draw their pages with (the in-process client's own)
    _page_store: Any = None

    def _call(self, op: str, **kw: Any) -> Any:
        raise NotImplementedError  # pragma: no cover

    def search(self, q: str, type: str | None = None, limit: int = 20, offset: int = 0
               ) -> EntityResults:
        """Entities whose name or an alias matches ``q`` (exact, prefix, substring, then
        close matches on the first page); ``type`` restricts to one entity type."""
        return _search_result(self._call("search", q=q, type=type, limit=limit,
                                         offset=offset))

    def entity(self, name_or_id: str) -> EntityInfo:
        """One entity by id, or by a name or alias naming exactly one entity."""
        return _entity_info(self._call("entity", id=name_or_id))

    def neighbors(self, name_or_id: str, depth: int = 1,
                  types: str | Iterable[str] | None = None,
                  modalities: str | Iterable[str] | None = None, since: str | None = None,
                  until: str | None = None, limit: int = 100) -> Neighborhood:
        """Entities within ``depth`` hops and the relations among them (negated evidence
        is not traversed unless ``modalities`` asks for it)."""
        return _neighborhood(self._call(
            "neighbors", id=name_or_id, depth=depth, types=_listish(types),
            modalities=_listish(modalities), since=since, until=until, limit=limit),
            self.schema, self._page_store)

    def paths(self, source: str, target: str, max_hops: int = 4,
              types: str | Iterable[str] | None = None,
              modalities: str | Iterable[str] | None = None, directed: bool = False,
              k: int = 1, all: bool = False, since: str | None = None,
              until: str | None = None, limit: int = 10) -> PathResults:
        """The shortest path between two entities (``all=True``: every shortest path, at
        most ``limit``; ``k`` > 1: the k shortest loop-free paths), each hop with its
        evidence."""
        return _path_results(self._call(
            "paths", source=source, target=target, max_hops=max_hops, types=_listish(types),
            modalities=_listish(modalities), since=since, until=until, directed=directed,
            k=k, all=all, limit=limit), self.schema, self._page_store)

    def relations(self, source: str | None = None, target: str | None = None,
                  types: str | Iterable[str] | None = None,
                  modalities: str | Iterable[str] | None = None, since: str | None = None,
                  until: str | None = None, limit: int = 100) -> RelationResults:
        """Relations from ``source`` and/or to ``target`` (names or ids; symmetric
        relations either way), optionally of some ``types``, each with the evidence that
        passed the filter (denials only when ``modalities`` names ``negated``)."""
        return _relation_results(self._call(
            "relations", source=source, target=target, types=_listish(types),
            modalities=_listish(modalities), since=since, until=until, limit=limit),
            self.schema, self._page_store)

    def disputes(self, types: str | Iterable[str] | None = None, since: str | None = None,
                 until: str | None = None, limit: int = 100, offset: int = 0) -> Disputes:
        """Relations stated by some evidence and denied by other evidence, each with both
        sides (``asserted``, ``denied``)."""
        return _disputes(self._call("disputes", types=_listish(types), since=since,
                                    until=until, limit=limit, offset=offset))

    def timeline(self, name_or_id: str, types: str | Iterable[str] | None = None,
                 modalities: str | Iterable[str] | None = None, since: str | None = None,
                 until: str | None = None, limit: int = 200) -> Timeline:
        """An entity's relations ordered by document date (undated last), with the
        number of events per month."""
        return _timeline(self._call("timeline", id=name_or_id, types=_listish(types),
                                    modalities=_listish(modalities), since=since,
                                    until=until, limit=limit))

    def documents(self, limit: int = 100, offset: int = 0) -> DocumentResults:
        """Document summaries, by date then title."""
        return _document_results(self._call("documents", limit=limit, offset=offset))

    def document(self, document_id: str) -> DocumentInfo:
        """One document with its text and mentions."""
        return _document_info(self._call("document", id=document_id))

    def stats(self) -> Stats:
        """Counts of documents, entities and relations by type."""
        return Stats(self._call("stats"))

    def central(self, metric: Metric = "degree", limit: int = 20,
                types: str | Iterable[str] | None = None,
                modalities: str | Iterable[str] | None = None, since: str | None = None,
                until: str | None = None) -> Ranking:
        """The most central entities by ``degree``, ``pagerank`` or ``betweenness``."""
        return _ranking(self._call("central", metric=metric, limit=limit,
                                   types=_listish(types), modalities=_listish(modalities),
                                   since=since, until=until))

    def communities(self, limit: int = 20, member_limit: int = 50,
                    types: str | Iterable[str] | None = None,
                    modalities: str | Iterable[str] | None = None, since: str | None = None,
                    until: str | None = None) -> Communities:
        """Clusters of closely connected entities, largest first."""
        return _communities(self._call("communities", limit=limit, member_limit=member_limit,
                                       types=_listish(types),
                                       modalities=_listish(modalities), since=since,
                                       until=until))


#: operation -> its HTTP path (the query parameters are the operation's own, from the
#: service layer's table :data:`ergraph.api.operations.OPERATIONS`)
ROUTES: dict[str, str] = {
    "search": "/entities",
    "entity": "/entities/{id}",
    "neighbors": "/entities/{id}/neighbors",
    "timeline": "/entities/{id}/timeline",
    "paths": "/paths",
    "relations": "/relations",
    "disputes": "/disputes",
    "documents": "/documents",
    "document": "/documents/{id}",
    "stats": "/stats",
    "central": "/central",
    "communities": "/communities",
}


def _quote(part: str) -> str:
    from urllib.parse import quote

    return quote(part, safe="")


def _clean(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for k, v in (params or {}).items():
        if v is None:
            continue
        if isinstance(v, list):
            out.extend((k, str(x)) for x in v)
        elif isinstance(v, bool):
            out.append((k, "true" if v else "false"))
        else:
            out.append((k, str(v)))
    return out


class Client(_Methods):
    """The ergraph HTTP API as Python objects.

    ``api_key`` is sent as ``X-API-Key`` (needed for writes when the server sets one);
    ``timeout`` is seconds per request. Use as a context manager, or call :meth:`close`.
    ``transport`` (an :class:`httpx.BaseTransport`) is for tests."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 30.0,
                 *, schema: Schema | None = None, transport: httpx.BaseTransport | None = None
                 ) -> None:
        import httpx

        self.base_url = base_url.rstrip("/")
        self.schema = schema or default_schema()
        headers = {"Accept": "application/json", "User-Agent": "ergraph-client"}
        if api_key:
            headers["X-API-Key"] = api_key
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout,
                                  transport=transport)

    def __repr__(self) -> str:
        return f"ergraph.Client({self.base_url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport ------------------------------------------------------------------
    def _request(self, method: str, path: str, params: Mapping[str, Any] | None = None,
                 json_body: Any = None, stream: bool = False) -> httpx.Response:
        import httpx

        try:
            query: Any = _clean(params)
            request = self._http.build_request(method, path, params=query, json=json_body)
            response = self._http.send(request, stream=stream)
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout):
                raise StoreUnavailable(f"cannot reach the ergraph API at {self.base_url}: "
                                       "connection timed out", url=self.base_url) from None
            raise QueryTimeout(f"the ergraph API at {self.base_url} did not answer {path} in "
                               "time", url=self.base_url, path=path) from None
        except httpx.TransportError as exc:
            raise StoreUnavailable(f"cannot reach the ergraph API at {self.base_url}: "
                                   f"{exc or type(exc).__name__}", url=self.base_url) from None
        if response.status_code >= 400:
            if stream:
                response.read()
            try:
                body: Any = response.json()
            except ValueError:
                body = response.text
            finally:
                response.close()
            raise error_from_envelope(response.status_code, body)
        return response

    def _call(self, op: str, **kw: Any) -> Any:
        template = ROUTES[op]
        path = template.format(id=_quote(str(kw.get("id", ""))))
        return self._get(path, {n: v for n, v in kw.items() if n != "id"})

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        response = self._request("GET", path, params)
        try:
            return response.json()
        except ValueError:
            raise StoreError(f"{self.base_url}{path} did not answer with JSON",
                             url=self.base_url) from None

    # -- writes and exports ---------------------------------------------------------
    def ingest(self, text: str | Iterable[str | Mapping[str, Any]], title: str = "",
               date: str | None = None, source: str = "") -> IngestReport:
        """Add one document (``text`` with optional ``title``/``date``/``source``) or
        several (an iterable of texts or of ``{"text", "title", "date", "source"}``)."""
        docs = _documents_in(text, title, date, source)
        body: Any = docs[0] if len(docs) == 1 else {"documents": docs}
        response = self._request("POST", "/documents", json_body=body)
        if response.status_code == 202:  # a large body: the service made it a job
            return IngestReport(self._wait_for_job(response.json()))
        return IngestReport(response.json())

    def _wait_for_job(self, job: Mapping[str, Any]) -> dict[str, Any]:
        """Poll an ingest job (``GET /jobs/{id}``) until it is done; its result, or the
        job's error raised. The service bounds the job's time."""
        import time

        from .errors import ErgraphError

        url = str(job.get("url") or f"/jobs/{_quote(str(job['id']))}")
        delay = 0.05
        while True:
            state = self._get(url)
            if state["status"] == "done":
                return dict(state["result"])
            if state["status"] == "failed":
                error = state.get("error") or {}
                raise ErgraphError(str(error.get("message") or "the ingest job failed"),
                                   job=state.get("id"), code=error.get("code"))
            time.sleep(delay)
            delay = min(1.0, delay * 2)

    def delete(self, document_id: str) -> bool:
        """Remove a document (and what only it supported)."""
        self._request("DELETE", f"/documents/{_quote(document_id)}")
        return True

    @overload
    def export(self, format: str, out: None = None) -> bytes: ...
    @overload
    def export(self, format: str, out: str | FsPath) -> FsPath: ...
    def export(self, format: str, out: str | FsPath | None = None) -> bytes | FsPath:
        """The whole graph as ``graphml``, ``gexf``, ``csv`` (a zip), ``cypher`` or
        ``jsonl``: the bytes, or streamed into the file ``out``."""
        response = self._request("GET", "/export", {"format": format}, stream=True)
        try:
            if out is None:
                return response.read()
            path = FsPath(out)
            with _open(path, "wb") as fh:
                for chunk in response.iter_bytes():
                    fh.write(chunk)
            return path
        finally:
            response.close()

    def health(self) -> dict[str, Any]:
        return dict(self._get("/health"))


def _documents_in(text: str | Iterable[str | Mapping[str, Any]], title: str,
                  date: str | None, source: str) -> list[dict[str, Any]]:
    if isinstance(text, str):
        return [{"text": text, "title": title, "date": date, "source": source}]
    docs: list[dict[str, Any]] = []
    for item in text:
        if isinstance(item, str):
            docs.append({"text": item, "title": "", "date": None, "source": ""})
        else:
            docs.append({"text": item["text"], "title": item.get("title", ""),
                         "date": item.get("date"), "source": item.get("source", "")})
    return docs


class _AnalyticsCache:
    """Memoised centrality / communities per graph view (what the API's runtime does)."""

    def __init__(self) -> None:
        self._graph: Any = None
        self._values: dict[tuple[Any, ...], Any] = {}

    def cached(self, G: Any, key: tuple[Any, ...], compute: Any) -> Any:
        # a store updates its view in place on writes: the version says it changed
        stamp = (G, getattr(G, "graph", {}).get("version"))
        if self._graph != stamp:
            self._graph, self._values = stamp, {}
        if key not in self._values:
            self._values[key] = compute()
        return self._values[key]


class LocalClient(_Methods):
    """The same methods as :class:`Client`, working in-process on a store (see
    :func:`open`)."""

    def __init__(self, store: GraphStore, extractor: Any = None, *, owns_store: bool = False
                 ) -> None:
        self.store = store
        self.schema = store.schema
        self._page_store = store
        self._extractor = extractor
        self._owns = owns_store
        self._cache: Any = _AnalyticsCache()  # stands in for the API's Runtime.cached

    def __repr__(self) -> str:
        from .graph import redact_uri

        return f"ergraph.open({redact_uri(self.store.uri)!r})"

    def close(self) -> None:
        if self._owns:
            self.store.close()

    def __enter__(self) -> LocalClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, op: str, **kw: Any) -> Any:
        """The answer the API would give, from the service layer its routes call
        (:func:`ergraph.api.operations.run`: the same validation, the same code)."""
        from .api import operations

        return operations.run(op, self.store, self.schema, self._cache, **kw)

    def ingest(self, text: str | Iterable[str | Mapping[str, Any]], title: str = "",
               date: str | None = None, source: str = "") -> IngestReport:
        """Extract and store documents (the default spaCy extractor is loaded once)."""
        from .api import service

        docs = service.prepare_documents(_documents_in(text, title, date, source))
        from .loaders.windows import windowed

        if self._extractor is None:
            from .loaders import default_extractor

            self._extractor = default_extractor(schema=self.schema)
        # long documents in bounded windows, as every other ingest path does
        return IngestReport(service.ingest(store=self.store, extractor=windowed(
            self._extractor), docs=docs))

    def delete(self, document_id: str) -> bool:
        if not self.store.delete_document(document_id):
            raise DocumentNotFound(f"no document with id {document_id!r}", id=document_id)
        return True

    @overload
    def export(self, format: str, out: None = None) -> bytes: ...
    @overload
    def export(self, format: str, out: str | FsPath) -> FsPath: ...
    def export(self, format: str, out: str | FsPath | None = None) -> bytes | FsPath:
        """The whole graph as ``graphml``, ``gexf``, ``csv`` (a zip), ``cypher`` or
        ``jsonl``: the bytes, or written to the file ``out``."""
        from .exchange import export_stream

        chunks, _media = export_stream(self.store, format)
        data = (c.encode("utf-8") if isinstance(c, str) else c for c in chunks)
        if out is None:
            return b"".join(data)
        path = FsPath(out)
        with _open(path, "wb") as fh:
            for c in data:
                fh.write(c)
        return path

    def health(self) -> dict[str, Any]:
        from . import __version__
        from .graph import redact_uri

        return {"status": "ok", "store": redact_uri(self.store.uri), "read_only": False,
                "version": __version__}


def open(store_uri: str | GraphStore | None = None, *, schema: Schema | str | None = None,
         extractor: Any = None) -> LocalClient:  # noqa: A001 - ergraph.open, like io.open
    """Open a store in-process (``sqlite:///file.db``, ``neo4j://…``; default
    ``$ERGRAPH_STORE``) with the same methods as :class:`Client`. An already open store
    object is used as it is (and left open by :meth:`LocalClient.close`).

    ``schema`` is a :class:`Schema` or a schema file; ``extractor`` is used by
    :meth:`LocalClient.ingest` (default: the spaCy extractor, loaded on first use).
    (Not in ``__all__``: a star import must not shadow the built-in ``open``.)"""
    from .graph import open_store
    from .schema import load_schema

    if store_uri is not None and not isinstance(store_uri, str):
        return LocalClient(store_uri, extractor, owns_store=False)
    sch = schema if isinstance(schema, Schema) or schema is None else load_schema(schema)
    return LocalClient(open_store(store_uri, schema=sch), extractor, owns_store=True)
