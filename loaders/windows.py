"""Long documents extracted in bounded windows.

The extractor parses a document whole: its time and memory grow with the document (and
faster than linearly inside one very long sentence), and spaCy refuses texts over its
``max_length`` outright (E088). :class:`WindowedExtractor` wraps any
:class:`~ergraph.loaders.base.Extractor` and hands it documents of bounded size:

* :func:`split_windows` cuts the text into windows of at most ``window`` characters,
  preferring blank lines, then line breaks, then sentence ends (never inside an
  abbreviation or an initial). A "sentence" longer than ``max_sentence`` characters (a
  text without full stops) is cut at a clause boundary (``,``, ``;``, `` and ``...) or
  at whitespace, and each piece is a window of its own, so no window holds a giant
  sentence. Documents no longer than ``window`` are one window: nothing changes for
  them.
* each window is extracted as a sub-document with the document's id, through the inner
  extractor's public ``extract_many`` (windows of many documents stream through it
  together, so spaCy's batching still works);
* :func:`merge_extractions` joins the windows' extractions into the document's:
  mention, evidence and problem offsets shifted back to the whole text, entities merged
  by id (aliases unioned), a person named only by a surname or given name in a later
  window joined to the earliest full name bearing it (as the extractor does inside one
  window), relations merged by id with their evidence deduplicated.

Time is linear in the length of the document and peak memory is bounded by the window
(plus what the extraction itself holds). Failures are data, never a crash of the batch:
a document longer than ``max_chars`` is not extracted and comes back as an
:class:`~ergraph.model.Extraction` with a ``too_large`` problem; a document the inner
extractor fails on comes back with an ``extraction_failed`` problem (the other documents
of its batch are extracted again one by one). :func:`failure` tells such extractions
apart; ingest reports and skips them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from ..model import Document, Entity, Extraction, Mention, Problem, ProblemKind, Relation

__all__ = [
    "WINDOW",
    "MAX_SENTENCE",
    "MAX_CHARS",
    "FAILURE_KINDS",
    "MAX_NAME",
    "cap_names",
    "WindowedExtractor",
    "windowed",
    "split_windows",
    "merge_extractions",
    "failure",
    "ExtractionInterrupted",
]

#: characters per window: most news articles are one window
WINDOW = 20_000
#: a run of text without a sentence end longer than this is cut at a clause boundary
MAX_SENTENCE = 2_000
#: longest document extracted at all (characters); longer ones are a ``too_large`` problem
MAX_CHARS = 5_000_000
#: characters of windows handed to the inner extractor in one call (parsed together)
BATCH_CHARS = 40_000
#: longest entity name or alias kept (characters); longer ones are dropped with a problem
MAX_NAME = 200
#: problem kinds that mean "this document was not extracted"
FAILURE_KINDS = frozenset({ProblemKind.TOO_LARGE, ProblemKind.EXTRACTION_FAILED})

class ExtractionInterrupted(Exception):  # noqa: N818 - a signal, not a failure
    """Raised by an inner extractor to stop the whole extraction (a job's time limit):
    passed through, never turned into an ``extraction_failed`` problem."""


# cut points, best first: a blank line, a line break, a sentence end
_BLANK, _LINE, _SENT = 3, 2, 1
_CUTS = re.compile(r"\n[ \t\r\f\v]*\n\s*|\n\s*|(?<=[.!?])[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREV = frozenset({
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "sen", "rep", "gov", "lt",
    "col", "sgt", "capt", "cmdr", "adm", "maj", "rev", "hon", "pres", "no", "vs", "etc",
    "inc", "corp", "co", "ltd", "dept", "univ", "mt", "ft", "fig", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g",
    "i.e", "a.m", "p.m"})
_CLAUSE = re.compile(r"[,;:]\s+|\s+(?=(?:and|or|but|while|whereas)\s)|\s+-+\s+")
_SPACE = re.compile(r"\s+")


def _sentence_end_ok(text: str, dot: int) -> bool:
    """False when the full stop at ``dot`` ends an abbreviation or an initial."""
    if text[dot] != ".":
        return True
    i = dot
    while i > 0 and not text[i - 1].isspace() and text[i - 1] not in "\"'“‘(":
        i -= 1
    word = text[i:dot].lower()
    return not (len(word) <= 1 or word in _ABBREV)


def _cut_points(text: str) -> tuple[list[int], list[int]]:
    """Positions where a window may end (the text after any whitespace) and their kind."""
    pos: list[int] = []
    kind: list[int] = []
    for m in _CUTS.finditer(text):
        if m.group().startswith("\n"):
            k = _BLANK if m.group().count("\n") > 1 else _LINE
        else:
            j = m.start() - 1
            while j > 0 and text[j] in "\"'”’)]":
                j -= 1
            if not _sentence_end_ok(text, j):
                continue
            k = _SENT
        pos.append(m.end())
        kind.append(k)
    return pos, kind


def _split_long(text: str, start: int, end: int, limit: int) -> list[int]:
    """Cut points inside ``text[start:end]`` (one overlong sentence) so that no piece is
    over ``limit`` characters: the last clause boundary in the back half of each piece,
    else the last whitespace, else ``limit`` characters on."""
    cuts = []
    while end - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = None
        for m in _CLAUSE.finditer(text, lo, hi):
            cut = m.end()
        if cut is None or cut <= lo:
            for m in _SPACE.finditer(text, lo, hi):
                cut = m.end()
        if cut is None or cut <= start or cut > hi:
            cut = hi
        cuts.append(cut)
        start = cut
    return cuts


def split_windows(text: str, window: int = WINDOW, max_sentence: int = MAX_SENTENCE
                  ) -> list[tuple[int, int]]:
    """``(start, end)`` of consecutive windows covering ``text`` (``text[start:end]``);
    each at most ``window`` characters, cut at the best boundary in its back half."""
    return _split(text, window, max_sentence)[0]


def _split(text: str, window: int, max_sentence: int) -> tuple[list[tuple[int, int]], int]:
    """The windows, and how many cuts were forced inside overlong sentences."""
    if window < 2 or max_sentence < 2:
        raise ValueError("window and max_sentence must be at least 2 characters")
    n = len(text)
    if n <= window and n <= max_sentence:
        return [(0, n)], 0
    pos, kind = _cut_points(text)
    # units between cut points; an overlong unit becomes forced pieces (own windows)
    units: list[tuple[int, int, int, bool]] = []  # start, end, kind of the cut at end, forced
    prev = 0
    for p, k in [*zip(pos, kind), (n, _BLANK)]:
        if p <= prev:
            continue
        if p - prev > max_sentence:
            inner = _split_long(text, prev, p, max_sentence)
            starts = [prev, *inner]
            ends = [*inner, p]
            for i, (s, e) in enumerate(zip(starts, ends)):
                units.append((s, e, k if i == len(ends) - 1 else 0, True))
        else:
            units.append((prev, p, k, False))
        prev = p
    forced = sum(1 for u in units if u[3] and not u[2])
    if n <= window and not forced:
        return [(0, n)], 0
    windows: list[tuple[int, int]] = []
    cur: list[tuple[int, int, int, bool]] = []

    def close(upto: int) -> None:
        """End the current window after ``cur[upto - 1]``; keep the rest for the next."""
        nonlocal cur
        windows.append((cur[0][0], cur[upto - 1][1]))
        cur = cur[upto:]

    for u in units:
        if u[3]:  # a piece of an overlong sentence: a window by itself
            while cur:
                close(len(cur))
            windows.append((u[0], u[1]))
            continue
        if cur and u[1] - cur[0][0] > window:
            # the best boundary in the back half of the window, the latest of that kind
            half = cur[0][0] + window // 2
            best, at = -1, len(cur)
            for i in range(len(cur) - 1, -1, -1):
                if cur[i][1] < half:
                    break
                if cur[i][2] > best:
                    best, at = cur[i][2], i + 1
            close(at)
            while cur and u[1] - cur[0][0] > window:
                close(len(cur))
        cur.append(u)
        if u[1] - u[0] > window:  # cannot happen (units <= max_sentence); kept safe
            close(len(cur))
    while cur:
        close(len(cur))
    return windows, forced


# -- merging ----------------------------------------------------------------------------

def _shift_problem(p: Problem, offset: int, doc_id: str) -> Problem:
    return replace(p, document_id=p.document_id or doc_id,
                   start=None if p.start is None else p.start + offset,
                   end=None if p.end is None else p.end + offset)


def merge_extractions(document: Document, parts: list[tuple[int, Extraction]],
                      notes: Iterable[Problem] = ()) -> Extraction:
    """One extraction of ``document`` from the extractions of its windows, each given
    with the offset of its window in ``document.text``."""
    if len(parts) == 1 and parts[0][0] == 0 and not notes:
        ex = parts[0][1]
        return ex if ex.document is document else replace(ex, document=document)
    doc_id = document.id
    entities: dict[str, Entity] = {}
    first_seen: dict[str, int] = {}
    mentions: list[Mention] = []
    problems: list[Problem] = list(notes)
    relations: dict[str, Relation] = {}
    for offset, ex in parts:
        for e in ex.entities:
            old = entities.get(e.id)
            entities[e.id] = e if old is None else old.with_aliases(e.names())
        for m in ex.mentions:
            mentions.append(replace(m, document_id=doc_id, start=m.start + offset,
                                    end=m.end + offset))
            first_seen.setdefault(m.entity_id, m.start + offset)
        for p in ex.problems:
            problems.append(_shift_problem(p, offset, doc_id))
        for r in ex.relations:
            evidence = tuple(replace(v, document_id=doc_id, start=v.start + offset,
                                     end=v.end + offset) for v in r.evidence)
            _add_relation(relations, replace(r, evidence=evidence))
        for e in ex.entities:  # entities only known from a relation end, no mention
            first_seen.setdefault(e.id, offset)
    mapping = _window_name_links(entities, first_seen)
    if mapping:
        entities, mentions, relations, problems = _remap(entities, mentions, relations,
                                                         problems, mapping)
    mentions.sort(key=lambda m: (m.start, m.end))
    open_names = sorted({n for _, ex in parts for n in ex.open_names})
    return Extraction(document, tuple(entities.values()), tuple(mentions),
                      tuple(relations.values()), tuple(problems), tuple(open_names))


def _add_relation(relations: dict[str, Relation], r: Relation) -> None:
    old = relations.get(r.id)
    if old is None:
        relations[r.id] = r
        return
    have = {v.id for v in old.evidence}
    more = tuple(v for v in r.evidence if v.id not in have)
    if more:
        relations[r.id] = replace(old, evidence=old.evidence + more)


def _window_name_links(entities: dict[str, Entity], first_seen: dict[str, int]
                       ) -> dict[str, Entity]:
    """A one-word person name joins the earliest full name (in the document) whose
    surname, else given name, it is: what the extractor does inside one window."""
    from ..model import normalise_name

    fulls = sorted((e for e in entities.values() if e.type == "PERSON"
                    and len(e.name.split()) > 1),
                   key=lambda e: first_seen.get(e.id, 0))
    surnames: dict[str, Entity] = {}
    givens: dict[str, Entity] = {}
    for e in fulls:
        words = e.name.split()
        surnames.setdefault(normalise_name(words[-1]), e)
        givens.setdefault(normalise_name(words[0]), e)
    mapping: dict[str, Entity] = {}
    for e in entities.values():
        if e.type != "PERSON" or len(e.name.split()) != 1:
            continue
        key = normalise_name(e.name)
        target = surnames.get(key) or givens.get(key)
        if target is not None and target.id != e.id:
            mapping[e.id] = target
    return mapping


def _remap(entities: dict[str, Entity], mentions: list[Mention],
           relations: dict[str, Relation], problems: list[Problem],
           mapping: dict[str, Entity]
           ) -> tuple[dict[str, Entity], list[Mention], dict[str, Relation], list[Problem]]:
    new_entities: dict[str, Entity] = {}
    for e in entities.values():
        target = mapping.get(e.id)
        merged = entities[target.id] if target is not None else e
        if target is not None:
            merged = merged.with_aliases(e.names())
        old = new_entities.get(merged.id)
        new_entities[merged.id] = merged if old is None else old.with_aliases(merged.names())
    ids = {old: t.id for old, t in mapping.items()}
    new_mentions = [replace(m, entity_id=ids.get(m.entity_id, m.entity_id)) for m in mentions]
    new_relations: dict[str, Relation] = {}
    for r in relations.values():
        s, t = ids.get(r.source, r.source), ids.get(r.target, r.target)
        if s == t:
            problems.append(Problem(
                "self_relation", f"{r.type} would join {new_entities[s].name} to itself "
                "after joining names across windows of one long document",
                document_id=r.evidence[0].document_id if r.evidence else ""))
            continue
        if (s, t) == (r.source, r.target):
            _add_relation(new_relations, r)
        else:
            _add_relation(new_relations, Relation.create(s, r.type, t, symmetric=r.symmetric,
                                                         evidence=r.evidence))
    return new_entities, new_mentions, new_relations, problems


def cap_names(extraction: Extraction, limit: int = MAX_NAME) -> Extraction:
    """``extraction`` without entities whose name is over ``limit`` characters (their
    mentions and relations go with them, one ``name_too_long`` problem each) and without
    aliases over it."""
    if all(len(n) <= limit for e in extraction.entities for n in e.names()):
        return extraction
    doc_id = extraction.document.id
    dropped: set[str] = set()
    entities: list[Entity] = []
    problems = list(extraction.problems)
    for e in extraction.entities:
        if len(e.name) > limit:
            dropped.add(e.id)
            problems.append(Problem(
                "name_too_long", f"an entity name of {len(e.name)} characters is over the "
                f"{limit}-character limit; not kept", text=e.name[:80] + "\u2026",
                document_id=doc_id))
            continue
        if any(len(a) > limit for a in e.aliases):
            e = replace(e, aliases=tuple(a for a in e.aliases if len(a) <= limit))
        entities.append(e)
    return replace(
        extraction, entities=tuple(entities),
        mentions=tuple(m for m in extraction.mentions if m.entity_id not in dropped),
        relations=tuple(r for r in extraction.relations
                        if r.source not in dropped and r.target not in dropped),
        problems=tuple(problems))


# -- the wrapper ------------------------------------------------------------------------

_Item = tuple[Document, list[tuple[int, int]], int]  # document, its windows, forced cuts


def failure(extraction: Extraction) -> Problem | None:
    """The problem that kept ``extraction``'s document from being extracted, if any."""
    for p in extraction.problems:
        if p.kind in FAILURE_KINDS:
            return p
    return None


def _name(document: Document) -> str:
    return document.source or document.title or document.id


class WindowedExtractor:
    """An :class:`~ergraph.loaders.base.Extractor` that extracts long documents in
    bounded windows through ``inner`` (or the extractor ``factory()`` builds on first
    use), and turns oversized or failing documents into problems."""

    def __init__(self, inner: Any = None, *, factory: Callable[[], Any] | None = None,
                 window: int = WINDOW, max_sentence: int = MAX_SENTENCE,
                 max_chars: int = MAX_CHARS, batch_chars: int = BATCH_CHARS,
                 max_name: int = MAX_NAME) -> None:
        if inner is None and factory is None:
            raise ValueError("WindowedExtractor needs an extractor or a factory")
        self._inner = inner
        self._factory = factory
        self.window = window
        self.max_sentence = max_sentence
        self.max_chars = max_chars
        self.batch_chars = batch_chars
        self.max_name = max_name

    @property
    def inner(self) -> Any:
        if self._inner is None:
            assert self._factory is not None
            self._inner = self._factory()
        return self._inner

    @property
    def name(self) -> str:
        return str(getattr(self.inner, "name", "extractor"))

    def __getattr__(self, attr: str) -> Any:
        # schema, alias_table...: whatever callers read from the inner extractor
        if attr.startswith("_") or attr in ("window", "max_sentence", "max_chars",
                                                        "batch_chars", "max_name"):
            raise AttributeError(attr)
        return getattr(self.inner, attr)

    def __repr__(self) -> str:
        return f"WindowedExtractor({self._inner!r}, window={self.window})"

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Extractions in input order; windows of consecutive documents are batched
        together (about ``batch_chars`` characters at a time)."""
        for ex in self._extract_many(documents):
            yield cap_names(ex, self.max_name)

    def _extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        group: list[_Item] = []
        size = 0
        budget = self.batch_chars
        for d in documents:
            if len(d.text) > self.max_chars:
                yield from self._run(group)
                group, size = [], 0
                yield self._too_large(d)
                continue
            spans, forced = _split(d.text, self.window, self.max_sentence)
            group.append((d, spans, forced))
            size += len(d.text)
            if size >= budget:
                yield from self._run(group)
                group, size = [], 0
        yield from self._run(group)

    def _too_large(self, d: Document) -> Extraction:
        return Extraction(d, problems=(Problem(
            "too_large", f"{_name(d)}: {len(d.text)} characters is over the "
            f"{self.max_chars}-character extraction limit; not extracted",
            document_id=d.id),))

    def _subdocs(self, d: Document, spans: list[tuple[int, int]]) -> list[Document]:
        if len(spans) == 1:
            return [d]
        return [Document(id=d.id, text=d.text[s:e], title=d.title, date=d.date,
                         source=d.source) for s, e in spans]

    def _run(self, group: list[_Item]) -> Iterator[Extraction]:
        if not group:
            return
        # documents of many windows stream window by window; short ones batch together
        pending: list[Document] = []
        for d, spans, forced in group:
            if len(spans) > 1:
                yield from self._batch(pending)
                pending = []
                yield self._long(d, spans, forced)
            else:
                pending.append(d)
        yield from self._batch(pending)

    def _batch(self, docs: list[Document]) -> Iterator[Extraction]:
        if not docs:
            return
        try:
            out = list(self.inner.extract_many(docs))
            if len(out) != len(docs):
                raise RuntimeError(f"extractor returned {len(out)} extractions for "
                                   f"{len(docs)} documents")
        except ExtractionInterrupted:
            raise
        except Exception as exc:  # noqa: BLE001 - find the document that fails, keep the rest
            if len(docs) == 1:
                yield self._failed(docs[0], exc)
                return
            for one in docs:
                yield from self._batch([one])
            return
        yield from out

    def _long(self, d: Document, spans: list[tuple[int, int]], forced: int) -> Extraction:
        subdocs = self._subdocs(d, spans)
        parts: list[Extraction] = []
        try:
            # a few windows per call: the parses of one call are held at once
            i = 0
            while i < len(subdocs):
                j, size = i, 0
                while j < len(subdocs) and (j == i or size + len(subdocs[j].text)
                                            <= self.batch_chars):
                    size += len(subdocs[j].text)
                    j += 1
                got = list(self.inner.extract_many(subdocs[i:j]))
                if len(got) != j - i:
                    raise RuntimeError("extractor dropped windows")
                parts.extend(got)
                i = j
        except ExtractionInterrupted:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad document never fails a batch
            return self._failed(d, exc)
        notes: list[Problem] = []
        if forced:
            notes.append(Problem(
                "long_sentence_split",
                f"{_name(d)}: text without sentence ends cut at {forced} clause "
                f"boundaries (every {self.max_sentence} characters at most) for "
                "extraction", document_id=d.id))
        return merge_extractions(d, [(s, ex) for (s, _), ex in zip(spans, parts)], notes)

    def _failed(self, d: Document, exc: BaseException) -> Extraction:
        msg = str(exc).splitlines()[0][:300] if str(exc) else ""
        return Extraction(d, problems=(Problem(
            "extraction_failed", f"{_name(d)}: extraction failed: {type(exc).__name__}"
            + (f": {msg}" if msg else ""), document_id=d.id),))


def windowed(extractor: Any, **options: Any) -> WindowedExtractor:
    """``extractor`` wrapped in a :class:`WindowedExtractor` (itself when it already is)."""
    if isinstance(extractor, WindowedExtractor) and not options:
        return extractor
    return WindowedExtractor(extractor, **options)

