"""Response and request models of the HTTP API (pydantic), so ``/openapi.json`` documents
every answer, error envelope included.

Routes build plain dicts from the domain objects' ``to_dict()`` and send them with a fast
JSON encoder; these models describe those dicts (the API tests and the schemathesis run
check that every answer conforms)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "iso_date_text",
    "NOT_BLANK",
    "ErrorBody",
    "ErrorEnvelope",
    "Health",
    "Stats",
    "EntityBrief",
    "EntityOut",
    "EntityHit",
    "EntitySearch",
    "EntityDetail",
    "EvidenceOut",
    "RelationOut",
    "RelationList",
    "SubgraphOut",
    "PathOut",
    "PathsResponse",
    "DocumentSummary",
    "DocumentList",
    "MentionOut",
    "DocumentDetail",
    "EvidenceSpan",
    "Dispute",
    "Disputes",
    "Period",
    "TimelineEvent",
    "Timeline",
    "DocumentIn",
    "DocumentInList",
    "DocumentsIn",
    "IngestResponse",
    "DeleteResponse",
    "AnalysisBasis",
    "CentralityResponse",
    "CommunitiesResponse",
]

_PUTIN = {"id": "e8d5c7a3f0b1e2d4c", "name": "Vladimir Putin", "type": "PERSON"}
_TRUMP = {"id": "e1f3b5d7a9c0e2f4a", "name": "Donald Trump", "type": "PERSON"}
_EVIDENCE = {
    "id": "v0a1b2c3d4e5f6a7b",
    "relation_id": "r9e8d7c6b5a4f3e2d",
    "document_id": "d1234567890abcdef",
    "document_title": "Intelligence review",
    "document_date": "2021-03-16",
    "sentence": "Putin authorized influence operations to denigrate Biden.",
    "start": 120,
    "end": 178,
    "modality": "asserted",
    "extractor": "spacy-simple",
    "confidence": 0.5,
    "trigger": "authorized",
}
_RELATION = {
    "id": "r9e8d7c6b5a4f3e2d",
    "source": _PUTIN["id"],
    "type": "SUPPORTED",
    "target": _TRUMP["id"],
    "symmetric": False,
    "modalities": ["asserted"],
    "confidence": 0.5,
    "denied": False,
    "disputed": False,
    "evidence": [_EVIDENCE],
}


class ErrorBody(BaseModel):
    code: str = Field(description="machine-readable error code, e.g. entity_not_found")
    message: str = Field(description="what went wrong, for people")
    details: dict[str, Any] = Field(default_factory=dict,
                                    description="structured context: candidates, fields...")


class ErrorEnvelope(BaseModel):
    """The one shape of every error answer."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"error": {
        "code": "entity_not_found",
        "message": "no entity named 'Vladmir Putin'; did you mean 'Vladimir Putin'?",
        "details": {"name": "Vladmir Putin", "param": "source", "close_matches": [_PUTIN]},
    }}]})

    error: ErrorBody


class Health(BaseModel):
    status: Literal["ok"]
    store: str = Field(description="store URI, credentials removed")
    read_only: bool
    version: str


class DateRange(BaseModel):
    first: str | None
    last: str | None


class Stats(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "documents": 6, "entities": 40,
        "entities_by_type": {"PERSON": 20, "STATE": 8, "ORGANIZATION": 12},
        "relations": 31, "relations_by_type": {"MET": 9, "SUPPORTED": 22},
        "negated_only_relations": 1, "evidence": 45,
        "evidence_by_modality": {"asserted": 40, "negated": 5}, "mentions": 150,
        "date_range": {"first": "2019-01-01", "last": "2021-03-16"},
    }]})

    documents: int
    entities: int
    entities_by_type: dict[str, int]
    relations: int = Field(description="relations with at least one non-negated evidence")
    relations_by_type: dict[str, int]
    negated_only_relations: int
    evidence: int
    evidence_by_modality: dict[str, int]
    mentions: int
    date_range: DateRange


class EntityBrief(BaseModel):
    id: str
    name: str
    type: str


class EntityOut(EntityBrief):
    aliases: list[str] = Field(default_factory=list)


class EntityHit(EntityOut):
    match: Literal["exact", "prefix", "substring", "fuzzy"] = Field(
        description="how the query matched a name or alias")


class EntitySearch(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "query": "putin", "type": None, "limit": 20, "offset": 0, "count": 1,
        "next_offset": None,
        "results": [{**_PUTIN, "aliases": ["Putin"], "match": "exact"}],
    }]})

    query: str
    type: str | None
    limit: int
    offset: int
    count: int
    next_offset: int | None = Field(description="offset of the next page, if there may be one")
    results: list[EntityHit]


class DocumentSummary(BaseModel):
    id: str
    title: str
    date: str | None
    source: str


class EntityDetail(EntityOut):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        **_PUTIN, "aliases": ["Putin", "President Putin"], "names": [
            "Vladimir Putin", "Putin", "President Putin"],
        "degree": 5, "relation_counts": {"AUTHORIZED": 2, "MET": 3},
        "negated_relations": 1, "documents_total": 1,
        "documents": [{"id": "d1234567890abcdef", "title": "Intelligence review",
                       "date": "2021-03-16", "source": "samples/01.txt"}],
    }]})

    names: list[str] = Field(description="canonical name then aliases")
    degree: int = Field(description="relations with non-negated evidence touching the entity")
    relation_counts: dict[str, int] = Field(description="those relations by type")
    negated_relations: int = Field(description="relations only ever denied")
    documents_total: int
    documents: list[DocumentSummary] = Field(description="documents mentioning it (first 100)")


class EvidenceOut(BaseModel):
    id: str
    relation_id: str
    document_id: str
    document_title: str
    document_date: str | None
    sentence: str
    start: int
    end: int
    modality: Literal["asserted", "hedged", "hypothetical", "negated"]
    extractor: str
    confidence: float
    trigger: str
    page: int | None = Field(None, ge=1, description="the page of a paged document (PDF) "
                             "the sentence starts on; absent for other documents")


class RelationOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_RELATION]})

    id: str
    source: str
    type: str
    target: str
    symmetric: bool
    modalities: list[str]
    confidence: float
    denied: bool = Field(description="every piece of its evidence given denies it (all "
                         "negated)")
    disputed: bool = Field(description="some of its stored evidence states it and some "
                           "denies it, whatever the query's filter kept (by default the "
                           "denials are not given)")
    evidence: list[EvidenceOut] = Field(
        description="the evidence that passed the query's filter")


class RelationList(BaseModel):
    count: int
    relations: list[RelationOut]
    entities: list[EntityBrief] = Field(description="the entities the relations join")


class SubgraphOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "center": _PUTIN["id"], "depth": 1, "truncated": False,
        "entities": [{**_PUTIN, "aliases": []}, {**_TRUMP, "aliases": []}],
        "relations": [_RELATION], "hidden_denials": 0,
    }]})

    center: str | None
    depth: int
    truncated: bool = Field(description="a limit cut the neighbourhood short")
    entities: list[EntityOut]
    relations: list[RelationOut]
    hidden_denials: int = Field(
        0, description="relations of the centre left out because all their evidence (of "
        "the query's types and dates) denies them; 0 when the query asks for denials")


class PathOut(BaseModel):
    hops: int
    nodes: list[EntityOut]
    relations: list[RelationOut] = Field(description="relations[i] joins nodes[i] and nodes[i+1]")


class PathsResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "source": {**_PUTIN, "aliases": []}, "target": {**_TRUMP, "aliases": []},
        "mode": "shortest", "max_hops": 4, "directed": False, "count": 1,
        "paths": [{"hops": 1, "nodes": [{**_PUTIN, "aliases": []}, {**_TRUMP, "aliases": []}],
                   "relations": [_RELATION]}],
    }]})

    source: EntityOut
    target: EntityOut
    mode: Literal["shortest", "all_shortest", "k_shortest"]
    max_hops: int
    directed: bool
    count: int
    paths: list[PathOut] = Field(description="empty when no path within max_hops")


class DocumentList(BaseModel):
    limit: int
    offset: int
    count: int
    next_offset: int | None
    documents: list[DocumentSummary]


class MentionOut(BaseModel):
    entity_id: str
    document_id: str
    start: int
    end: int
    text: str
    name: str | None = Field(description="canonical name of the entity mentioned")
    type: str | None


class EvidenceSpan(BaseModel):
    relation_id: str
    start: int = Field(description="offset of the evidence sentence in the text")
    end: int
    sentence: str
    modality: Literal["asserted", "hedged", "hypothetical", "negated"]
    type: str
    source: str
    target: str
    source_name: str
    target_name: str
    symmetric: bool
    page: int | None = Field(None, ge=1, description="the page of a paged document (PDF) "
                             "the sentence starts on; absent for other documents")


class DocumentDetail(DocumentSummary):
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description="what the loader knew besides: format, file, author, site name; an "
        "e-mail's from, to, cc, message_id and attachments (file, document_id); an "
        "attachment's parent (the e-mail's id) and attachment (its file name); a PDF's "
        "page_count and pages (the offset in the text where each page starts); truncated: "
        "the keys left out of metadata over the size limit")
    text: str
    mentions: list[MentionOut]
    evidence: list[EvidenceSpan] = Field(
        description="every evidence sentence extracted from the document, by offset")


class Dispute(BaseModel):
    relation: RelationOut = Field(description="the relation with the evidence in range")
    asserted: list[EvidenceOut] = Field(description="evidence stating it (asserted, hedged, "
                                        "hypothetical)")
    denied: list[EvidenceOut] = Field(description="evidence denying it (negated)")


class Disputes(BaseModel):
    total: int = Field(description="disputed relations in all (every page)")
    limit: int
    offset: int
    count: int
    next_offset: int | None
    disputes: list[Dispute]
    entities: list[EntityBrief] = Field(description="the entities the relations join")


class Period(BaseModel):
    period: str = Field(description="a month, YYYY-MM")
    count: int


class TimelineEvent(BaseModel):
    date: str | None = Field(description="the document's date, YYYY-MM-DD (None: undated)")
    document_id: str
    relation: RelationOut = Field(description="the relation with that document's evidence")
    other: EntityOut | None = Field(description="the entity at the relation's other end")


class Timeline(BaseModel):
    entity: EntityOut
    periods: list[Period] = Field(description="dated events per month, in order")
    undated: int = Field(description="events from undated documents (listed last)")
    total: int = Field(description="events in all")
    truncated: bool = Field(description="limit (or the store's relation limit) cut it")
    events: list[TimelineEvent] = Field(description="by document date, undated last")


#: a JSON Schema pattern matched by a string holding a character Python's ``str.strip``
#: keeps: the service refuses texts and names that are all blank space (422). Spelled
#: out rather than ``\S``, whose meaning differs between regex engines (``\x1c``-``\x1f``
#: and ``\x85`` are blank to Python, not to every generator).
NOT_BLANK = (r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
             r"\u202f\u205f\u3000]")


def iso_date_text(value: Any) -> Any:
    """Dates only as ``YYYY-MM-DD`` (a date, or None): pydantic alone would read ``0``
    or ``"0"`` as 1970-01-01."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError("a date is written YYYY-MM-DD")


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Vladimir Putin met Donald Trump in Helsinki.",
        "title": "Helsinki summit", "date": "2018-07-16", "source": "wire",
    }]})

    # the service refuses a text that is all blank space (422): declared as a pattern
    text: str = Field(min_length=1, description="the document text (UTF-8)",
                      json_schema_extra={"pattern": NOT_BLANK})
    title: str = Field("", max_length=500, description="default: the first line")
    date: Annotated[dt.date | None, BeforeValidator(iso_date_text)] = Field(
        None, description="publication date, YYYY-MM-DD")
    source: str = Field("", max_length=2000, description="where it came from (URL, file...)")


#: a bare list of documents in a POST body: at least one (the schema says so, not only the
#: service)
DocumentInList = Annotated[list[DocumentIn], Field(min_length=1)]


class DocumentsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn] = Field(min_length=1)


class ProblemOut(BaseModel):
    kind: str
    reason: str
    text: str
    document_id: str
    start: int | None
    end: int | None


class RelationBrief(BaseModel):
    id: str
    source: str
    source_name: str
    type: str
    target: str
    target_name: str
    modalities: list[str]
    sentences: list[str]


class AddedDocument(BaseModel):
    document: DocumentSummary
    entities: list[EntityOut]
    relations: list[RelationBrief]
    problems: list[ProblemOut]


class SkippedDocument(DocumentSummary):
    reason: str


class IngestResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "added": [{"document": {"id": "d1234567890abcdef", "title": "Helsinki summit",
                                "date": "2018-07-16", "source": "wire"},
                   "entities": [{**_PUTIN, "aliases": []}, {**_TRUMP, "aliases": []}],
                   "relations": [{"id": "r9e8d7c6b5a4f3e2d", "source": _PUTIN["id"],
                                  "source_name": "Vladimir Putin", "type": "MET",
                                  "target": _TRUMP["id"], "target_name": "Donald Trump",
                                  "modalities": ["asserted"],
                                  "sentences": ["Vladimir Putin met Donald Trump in Helsinki."]}],
                   "problems": []}],
        "skipped": [], "problems": 0, "resettled": [],
    }]})

    added: list[AddedDocument]
    skipped: list[SkippedDocument] = Field(description="documents already in the store")
    problems: int = Field(description="extraction problems over all added documents")
    resettled: list[str] = Field(
        default_factory=list,
        description="ids of stored documents extracted again because these documents gave "
                    "the type of a one-word name they had left open")


class DeleteResponse(BaseModel):
    deleted: str = Field(description="id of the document removed")


class Scored(EntityBrief):
    score: float


class AnalysisBasis(BaseModel):
    """What a whole-graph analysis ran over."""

    scope: Literal["whole_graph"] = Field(
        description="always the whole graph: never a part cut short (on Neo4j, past the "
        "store's max_network_edges relations the query is refused, 422)")
    computed_in: Literal["api_process"] = Field(
        description="the graph view is held and analysed in the API process (on Neo4j, "
        "read from the server; Neo4j community has no server-side graph algorithms)")
    entities: int = Field(description="entities in the view")
    relations: int = Field(description="relations in the view")


class CentralityResponse(BaseModel):
    metric: Literal["degree", "pagerank", "betweenness"]
    count: int
    results: list[Scored]
    basis: AnalysisBasis


class Community(BaseModel):
    size: int
    members: list[EntityBrief] = Field(description="members by name (first member_limit)")


class CommunitiesResponse(BaseModel):
    count: int
    communities: list[Community]
    basis: AnalysisBasis
