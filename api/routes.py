"""The routes of the HTTP API. Each validates its parameters (FastAPI + the schema),
runs its query in a worker thread within the time budget, and answers JSON described by
:mod:`ergraph.api.models`; every error goes out in the one envelope of
:mod:`ergraph.api.errors`."""

from __future__ import annotations

import datetime as dt
import hmac
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Security
from fastapi.security import APIKeyHeader
from pydantic import AfterValidator, BeforeValidator
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response, StreamingResponse

from .. import __version__
from ..errors import DocumentNotFound, PermissionDenied
from . import models as m
from . import operations, service
from .errors import FastJSONResponse, NotImplementedFeature, error_responses, redact_paths
from .service import Runtime

__all__ = ["router", "runtime"]

async def reject_unknown_params(request: Request) -> None:
    """A query parameter the route does not take is a 422 naming it (a typo such as
    ``type`` for ``types`` is never silently ignored)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or getattr(route, "path", "") == "/":
        return  # the explorer page keeps its view's state in its own query string
    known = getattr(route, "_ergraph_query_names", None)
    if known is None:
        known = _query_names(dependant)
        route._ergraph_query_names = known  # type: ignore[union-attr]
    unknown = sorted({k for k in request.query_params if k not in known})
    if unknown:
        from ..errors import QueryError

        listed = ", ".join(repr(u) for u in unknown)
        raise QueryError(f"unknown query parameter{'s' if len(unknown) > 1 else ''} {listed}"
                         f"{_did_you_mean(unknown, known)}; this route takes: "
                         f"{', '.join(sorted(known)) or 'none'}",
                         param=unknown[0], unknown=unknown, known=sorted(known))


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _did_you_mean(unknown: list[str], known: set[str]) -> str:
    import difflib

    for name in unknown:
        close = difflib.get_close_matches(name, sorted(known), n=1)
        if close:
            return f" (did you mean {close[0]!r}?)"
    return ""


router = APIRouter(dependencies=[Depends(reject_unknown_params)])

READ = error_responses(422, 500, 503, 504)
READ_ENTITY = error_responses(404, 409, 422, 500, 503, 504)
WRITE = error_responses(400, 403, 413, 422, 500, 503, 504)

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="needed for writes when ERGRAPH_API_KEY is set")


def runtime(request: Request) -> Runtime:
    return request.app.state.runtime  # type: ignore[no-any-return]


RT = Annotated[Runtime, Depends(runtime)]


def require_write(request: Request,
                  key: Annotated[str | None, Security(api_key_header)] = None) -> None:
    """Writes need the API key when one is configured, and a service that takes writes."""
    rt = runtime(request)
    if rt.settings.read_only:
        raise PermissionDenied(
            "this service is read-only (bound beyond localhost without ERGRAPH_API_KEY, "
            "or ERGRAPH_READ_ONLY set)", reason="read_only")
    expected = rt.settings.key
    if expected is None:
        return
    if key is None:
        raise PermissionDenied("this write needs an X-API-Key header", reason="missing_key")
    if not hmac.compare_digest(key.encode("utf-8", "surrogatepass"), expected.encode("utf-8")):
        raise PermissionDenied("the X-API-Key header is not the service's key",
                               reason="wrong_key")


def ok(content: Any, status: int = 200) -> FastJSONResponse:
    return FastJSONResponse(content, status_code=status)


# -- shared query parameters -----------------------------------------------------------
def _no_empty_item(values: list[str] | None) -> list[str] | None:
    """``?types=`` or ``?types=MET,`` name no type: refused (422), as the spec's enum
    says, rather than read as "no filter"."""
    for v in values or ():
        if any(not part.strip() for part in v.split(",")):
            raise ValueError("an empty value names nothing; leave the parameter out for all")
    return values


TypesQ = Annotated[list[str] | None, Query(
    description="relation types to traverse (repeat or comma-separate); default all",
    max_length=50), AfterValidator(_no_empty_item)]
ModalitiesQ = Annotated[list[str] | None, Query(
    description="evidence modalities to traverse: asserted, hedged, hypothetical, negated "
    "(repeat or comma-separate); default all but negated", max_length=4),
    AfterValidator(_no_empty_item)]
SinceQ = Annotated[dt.date | None, BeforeValidator(m.iso_date_text), Query(
    description="only evidence from documents dated on or after (YYYY-MM-DD)")]
UntilQ = Annotated[dt.date | None, BeforeValidator(m.iso_date_text), Query(
    description="only evidence from documents dated on or before (YYYY-MM-DD)")]
NameQ = Query(min_length=1, max_length=300, description="entity id, name or alias")


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def edge_filter(types: TypesQ = None, modalities: ModalitiesQ = None, since: SinceQ = None,
                until: UntilQ = None) -> dict[str, Any]:
    """The filter every traversal and analysis takes (``types``, ``modalities``,
    ``since``, ``until``), as the service layer's parameters."""
    return {"types": types, "modalities": modalities, "since": _iso(since),
            "until": _iso(until)}


#: the filter's query parameters, declared once for the routes that take them
WhereQ = Annotated[dict[str, Any], Depends(edge_filter)]


# -- service ----------------------------------------------------------------------------
@router.get("/health", response_model=m.Health, tags=["service"],
            responses=error_responses(500, 503, 504))
async def health(rt: RT) -> Response:
    """Liveness and readiness: answers 503 when the store cannot be opened."""
    await rt.query(rt.store)
    return ok({"status": "ok", "store": redact_paths(rt.store_uri),
               "read_only": rt.settings.read_only,
               "version": __version__})


@router.get("/stats", response_model=m.Stats, tags=["service"], responses=READ)
async def stats(rt: RT) -> Response:
    """Counts by entity and relation type, documents, evidence and the date range."""
    return ok(await rt.on_store(lambda store: store.stats()))


@router.get("/schema", tags=["service"], responses=READ)
async def schema(rt: RT) -> Response:
    """The entity and relation types this service knows (the only whitelist)."""
    return ok(rt.schema.to_dict())


# -- entities ---------------------------------------------------------------------------
def _limit(op: str, name: str = "limit", **kw: Any) -> Any:
    """``Query`` bounded as the service bounds ``name`` for ``op`` (one table)."""
    lo, hi = operations.bounds(op, name)
    return Query(ge=lo, le=hi, **kw)


async def answer(rt: Runtime, op: str, *, analytics: bool = False, **params: Any
                 ) -> FastJSONResponse:
    """Operation ``op`` of the service layer, validated and run there, in a worker thread
    within the time budget."""
    def call(store: Any) -> Any:
        return operations.run(op, store, rt.schema, rt, **params)

    return ok(await rt.on_store(call, analytics=analytics))


@router.get("/entities", response_model=m.EntitySearch, tags=["entities"], responses=READ)
async def search_entities(
    rt: RT,
    q: Annotated[str, Query(min_length=1, max_length=300,
                            description="name or alias: exact, prefix, substring, then fuzzy",
                            examples=["putin"])],
    type: Annotated[str | None, Query(min_length=1, max_length=50,
                                         description="entity type, e.g. PERSON")]
    = None,
    limit: Annotated[int, _limit("search")] = 20,
    offset: Annotated[int, _limit("search", "offset")] = 0,
) -> Response:
    """Search entities by name or alias (case-, accent- and punctuation-insensitive)."""
    return await answer(rt, "search", q=q, type=type, limit=limit, offset=offset)


EntityId = Annotated[str, Path(min_length=1, max_length=300,
                               description="entity id (or a name naming one entity)")]


@router.get("/entities/{id}", response_model=m.EntityDetail, tags=["entities"],
            responses=READ_ENTITY)
async def get_entity(rt: RT, id: EntityId) -> Response:
    """An entity: names, aliases, type, degree, relation counts by type, documents."""
    return await answer(rt, "entity", id=id)


@router.get("/entities/{id}/neighbors", response_model=m.SubgraphOut, tags=["graph"],
            responses=READ_ENTITY)
async def get_neighbors(
    rt: RT,
    where: WhereQ,
    id: EntityId,
    depth: Annotated[int, _limit("neighbors", "depth")] = 1,
    limit: Annotated[int, _limit("neighbors", description="most entities")] = 100,
) -> Response:
    """The subgraph within ``depth`` hops (closest first; ``truncated`` when cut), each
    relation flagged ``disputed`` from all of its evidence; ``hidden_denials`` counts the
    centre's relations the filter left out as only denied."""
    return await answer(rt, "neighbors", id=id, depth=depth, limit=limit, **where)


@router.get("/entities/{id}/timeline", response_model=m.Timeline, tags=["graph"],
            responses=READ_ENTITY)
async def get_timeline(
    rt: RT,
    where: WhereQ,
    id: EntityId,
    limit: Annotated[int, _limit("timeline", description="most events")] = 200,
) -> Response:
    """An entity's relations ordered by document date (undated last): one event per
    relation and document, with the other entity and that document's evidence;
    ``periods`` counts the dated events per month."""
    return await answer(rt, "timeline", id=id, limit=limit, **where)


# -- paths and relations ----------------------------------------------------------------
@router.get("/paths", response_model=m.PathsResponse, tags=["graph"], responses=READ_ENTITY)
async def get_paths(
    rt: RT,
    where: WhereQ,
    source: Annotated[str, NameQ],
    target: Annotated[str, NameQ],
    max_hops: Annotated[int, _limit("paths", "max_hops")] = 4,
    directed: Annotated[bool, Query(description="follow edges source to target")] = False,
    k: Annotated[int, _limit("paths", "k", description="k > 1: the k shortest loop-free "
                             "paths (Yen)")] = 1,
    all_shortest: Annotated[bool, Query(alias="all", description="every shortest path "
                                        "(at most limit); not with k > 1 (422)")] = False,
    limit: Annotated[int, _limit("paths", description="most paths for all")] = 10,
) -> Response:
    """Shortest, all shortest, or k shortest paths; every edge carries its evidence
    (sentence, document title and date, modality). Unknown name: 404 with close
    matches; a name for several entities: 409 with the candidates."""
    return await answer(rt, "paths", source=source, target=target, max_hops=max_hops,
                        directed=directed, k=k, all=all_shortest, limit=limit, **where)


@router.get("/relations", response_model=m.RelationList, tags=["graph"], responses=READ_ENTITY)
async def get_relations(
    rt: RT,
    where: WhereQ,
    source: Annotated[str | None, Query(min_length=1, max_length=300)] = None,
    target: Annotated[str | None, Query(min_length=1, max_length=300)] = None,
    limit: Annotated[int, _limit("relations")] = 100,
) -> Response:
    """Relations (from ``source``, to ``target``, of ``types``), each with the evidence
    that passed the filter; relations only denied are left out unless ``modalities``
    names ``negated``."""
    return await answer(rt, "relations", source=source, target=target, limit=limit,
                        **where)


@router.get("/disputes", response_model=m.Disputes, tags=["graph"], responses=READ)
async def get_disputes(
    rt: RT,
    types: TypesQ = None,
    since: SinceQ = None,
    until: UntilQ = None,
    limit: Annotated[int, _limit("disputes")] = 100,
    offset: Annotated[int, _limit("disputes", "offset")] = 0,
) -> Response:
    """Disputed relations: stated by some evidence and denied by other evidence (in one
    document or in several), each with both sides' evidence; ``total`` counts them all.
    Found, counted and paged by the store where the data is (on Neo4j, in the database)."""
    return await answer(rt, "disputes", analytics=True, types=types, since=_iso(since),
                        until=_iso(until), limit=limit, offset=offset)


# -- documents --------------------------------------------------------------------------
@router.get("/documents", response_model=m.DocumentList, tags=["documents"], responses=READ)
async def list_documents(
    rt: RT,
    limit: Annotated[int, _limit("documents")] = 100,
    offset: Annotated[int, _limit("documents", "offset")] = 0,
) -> Response:
    """Documents by date, then title."""
    return await answer(rt, "documents", limit=limit, offset=offset)


DocId = Annotated[str, Path(min_length=1, max_length=300, description="document id")]


@router.get("/documents/{id}", response_model=m.DocumentDetail, tags=["documents"],
            responses=error_responses(404, 422, 500, 503, 504))
async def get_document(rt: RT, id: DocId) -> Response:
    """A document's title, date, source and text, with every entity mention and every
    evidence span extracted from it (offsets into the text), to mark them in place."""
    return await answer(rt, "document", id=id)


_JOB_ANSWER = {202: {"description": "accepted as a job (large bodies, or async=true): "
                      "poll the job's url (GET /jobs/{id})",
                      "content": {"application/json": {"schema": {"type": "object"}}}}}


@router.post("/documents", response_model=m.IngestResponse, status_code=201,
             tags=["documents"], responses={**WRITE, **error_responses(429), **_JOB_ANSWER},
             dependencies=[Depends(require_write)])
async def post_documents(
    rt: RT,
    request: Request,
    body: Annotated[m.DocumentIn | m.DocumentInList | m.DocumentsIn, Body(
        description="one document, a list of them, or {\"documents\": [...]}")],
    run_async: Annotated[bool, Query(alias="async", description="answer 202 with a job "
                                     "whatever the size")] = False,
) -> Response:
    """Ingest documents: extract entities and relations and store them (documents
    already stored are skipped). Small bodies answer 201 with what was extracted and
    the problems met; bodies with more than ``sync_ingest_bytes`` of text (or
    ``async=true``) answer 202 with a job to poll at ``GET /jobs/{id}``. Extraction
    never runs in the writer: a small POST behind a large one waits only for writes."""
    from .jobs import extract_outside_writer

    if isinstance(body, m.DocumentsIn):
        items = body.documents
    elif isinstance(body, list):
        items = body
    else:
        items = [body]
    docs = service.prepare_documents(items, rt.settings)
    store = await rt.query(rt.store)
    extractor = await run_in_threadpool(rt.extractor)
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    if run_async or size > rt.settings.sync_ingest_bytes:
        import asyncio

        timeout = rt.settings.job_timeout

        def work(deadline: float) -> dict[str, Any]:  # in the job thread
            exs = extract_outside_writer(store, extractor, docs, deadline, timeout)
            # the write still goes through the one writer thread (a pool, any loop)
            return asyncio.run(_write(rt, store, extractor, docs, exs))

        job = jobs_of(request).submit(work, docs)
        return FastJSONResponse(job, status_code=202, headers={"Location": job["url"]})
    exs = await run_in_threadpool(extract_outside_writer, store, extractor, docs)
    return ok(await _write(rt, store, extractor, docs, exs), status=201)


async def _write(rt: Runtime, store: Any, extractor: Any, docs: list[Any],
                 extractions: list[Any]) -> dict[str, Any]:
    """The writer's part of an ingest: extractions made beforehand, written in the one
    writer thread; documents that could not be extracted are listed under ``failed``."""
    from ..loaders.windows import failure
    from .jobs import Replay

    failed = [(ex, failure(ex)) for ex in extractions]
    good = [ex for ex, bad in failed if bad is None]
    failed_ids = {ex.document.id for ex, bad in failed if bad is not None}
    result = await rt.write(service.ingest, store, Replay(good, extractor),
                            [d for d in docs if d.id not in failed_ids])
    result["failed"] = [{"document": ex.document.summary(), "problem": bad.to_dict()}
                        for ex, bad in failed if bad is not None]
    return result


def jobs_of(request: Request) -> Any:
    return request.app.state.jobs


@router.get("/jobs/{id}", tags=["documents"], responses=error_responses(404, 422, 500))
async def get_job(request: Request, id: Annotated[str, Path(
        min_length=1, max_length=100, description="job id")]) -> Response:
    """An ingest job: ``status`` (queued, running, done, failed), its documents, and
    when finished its ``result`` (as POST answers 201) and problems, or its ``error``."""
    return ok(jobs_of(request).get(id))


@router.delete("/documents/{id}", response_model=m.DeleteResponse, tags=["documents"],
               responses=error_responses(403, 404, 422, 500, 503, 504),
               dependencies=[Depends(require_write)])
async def delete_document(rt: RT, id: DocId) -> Response:
    """Remove a document and its evidence; relations left without evidence disappear."""
    store = await rt.query(rt.store)
    if not await rt.write(store.delete_document, id):
        raise DocumentNotFound(f"no document with id {id!r}", id=id)
    return ok({"deleted": id})


# -- analytics --------------------------------------------------------------------------
@router.get("/central", response_model=m.CentralityResponse, tags=["analytics"],
            responses=error_responses(422, 500, 501, 503, 504))
async def central(
    rt: RT,
    where: WhereQ,
    metric: Literal["degree", "pagerank", "betweenness"] = "degree",
    limit: Annotated[int, _limit("central")] = 20,
) -> Response:
    """The most central entities (betweenness is sampled on large graphs; results are
    cached until the store changes). Computed over the whole graph's view in the API
    process, which ``basis`` states with its size; on Neo4j that view is read from the
    server and refused (422) beyond the store's ``max_network_edges`` relations."""
    return await answer(rt, "central", analytics=True, metric=metric, limit=limit,
                        **where)


@router.get("/communities", response_model=m.CommunitiesResponse, tags=["analytics"],
            responses=READ)
async def get_communities(
    rt: RT,
    where: WhereQ,
    limit: Annotated[int, _limit("communities", description="most communities")] = 20,
    member_limit: Annotated[int, _limit("communities", "member_limit")] = 50,
) -> Response:
    """Clusters of entities (Louvain, fixed seed), largest first. Computed over the
    whole graph's view in the API process, as ``basis`` states (see ``/central``)."""
    return await answer(rt, "communities", analytics=True, limit=limit,
                        member_limit=member_limit, **where)


# -- routes other modules provide -------------------------------------------------------
def _optional(module: str, attr: str, feature: str) -> Any:
    """``module.attr`` if that module is installed and defines it, else 501."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            raise NotImplementedFeature(f"{feature} is not available in this build",
                                        module=module) from None
        raise
    fn = getattr(mod, attr, None)
    if fn is None:
        raise NotImplementedFeature(f"{feature} is not available in this build",
                                    module=module, function=attr)
    return fn


@router.get("/", response_class=HTMLResponse, tags=["explorer"],
            responses={**error_responses(500, 501, 503, media="application/json"),
                       200: {"content": {"text/html": {"schema": {"type": "string"}}},
                             "description": "explorer page"}})
async def explorer(rt: RT) -> Response:
    """The interactive explorer page (offline; its scripts are served under /static)."""
    explorer_html = _optional("ergraph.viz.explorer", "explorer_html", "the explorer page")
    page = await run_in_threadpool(explorer_html, rt.settings)
    return HTMLResponse(page)


def _export_types() -> tuple[str, ...]:
    """Every media type an export answers with (one per format of ``exchange.FORMATS``)."""
    try:
        from ..exchange import FORMATS
    except ImportError:  # pragma: no cover - exports not in this build
        return ("application/octet-stream",)
    return tuple(dict.fromkeys(f.media_type.split(";")[0].strip() for f in FORMATS.values()))


EXPORT_TYPES = _export_types()


@router.get("/export", tags=["exchange"],
            responses={**error_responses(422, 500, 501, 503),
                       200: {"description": "the store in the format asked for, streamed",
                             "content": {t: {} for t in EXPORT_TYPES}}})
async def export(
    rt: RT,
    format: Annotated[str, Query(min_length=1, max_length=30,
                                 description="graphml, gexf, csv, cypher, jsonl...")],
) -> Response:
    """The whole store exported, streamed in chunks."""
    export_stream = _optional("ergraph.exchange", "export_stream", "export")
    store = await rt.query(rt.store)
    chunks, media_type = await run_in_threadpool(export_stream, store, format)
    headers = {}
    filename = _optional_attr("ergraph.exchange", "export_filename")
    if filename is not None:
        headers["Content-Disposition"] = f'attachment; filename="{filename(format)}"'
    return StreamingResponse(chunks, media_type=media_type, headers=headers)


def _optional_attr(module: str, attr: str) -> Any:
    import importlib

    try:
        return getattr(importlib.import_module(module), attr, None)
    except ModuleNotFoundError:
        return None
