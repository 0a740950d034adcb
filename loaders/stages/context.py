"""The typed per-document context handed from stage to stage, and its records.

Each stage reads what earlier stages set and sets its own fields; the field comments say
which stage sets what (see :mod:`.pipeline` for the order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from ...model import Document, Extraction, Problem
from ...schema import Schema

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..aliases import AliasTable
    from ..countries import Gazetteer
    from .lexicon import Lexicon

PERSON, STATE, ORG = "PERSON", "STATE", "ORGANIZATION"
EntKey = tuple[str, str]  # (type, canonical name)


@dataclass
class MentionDraft:
    """A mention being built: token span, surface, type and canonical name."""

    start: int
    end: int
    text: str
    type: str
    canon: str = ""
    fixed: bool = False  # type/canon from world knowledge or the alias file
    title_toks: tuple[int, ...] = ()
    also_named: str = ""  # another surface the text gives it ("Russia's central bank")

    @property
    def key(self) -> EntKey:
        return (self.type, self.canon or self.text)


@dataclass(frozen=True, slots=True)
class StateArg:
    """An argument that is a state named inside a word, not a token of its own: the
    "Russian" of "Russian-backed"."""

    name: str


#: an argument of a trigger: a token of the parse, or a state named inside the trigger
Arg: TypeAlias = "Token | StateArg"


@dataclass
class Candidate:
    """One relation statement found in one sentence.

    ``trigger_tok`` is the trigger token whose clause decides the modality (``None`` for a
    presupposed title); ``modality`` and ``confidence`` are set by the modality stage."""

    source: EntKey
    type: str
    target: EntKey
    sent: Any
    trigger: str
    factor: float
    trigger_tok: Any = None
    modality: str = ""
    confidence: float = 0.0


@dataclass
class DocContext:
    """Everything known about one document while it goes through the stages."""

    # given
    doc: Any
    document: Document
    schema: Schema
    lex: Lexicon
    gaz: Gazetteer
    aliases: AliasTable
    alias_matcher: Any = None  # a PhraseMatcher over the alias table, or None if it is empty
    extractor_name: str = ""
    # index_sentences
    sents: list[Any] = field(default_factory=list)
    sent_start: list[int] = field(default_factory=list)  # token index -> its sentence start
    sent_no: list[int] = field(default_factory=list)  # token index -> its sentence number
    # per-token strings, read once: spaCy builds a new Token object on every access, and
    # the stages' scans only need these to decide where to look
    lower: list[str] = field(default_factory=list)
    lemma: list[str] = field(default_factory=list)  # lowercased
    pos: list[str] = field(default_factory=list)
    char_start: list[int] = field(default_factory=list)
    char_end: list[int] = field(default_factory=list)
    text: str = ""  # the document's text (``Doc.text`` joins every token on each call)
    along_sents: set[int] = field(default_factory=set)  # sentences with "along/together with"
    # mark_boilerplate
    skip_sents: set[int] = field(default_factory=set)  # sentence start -> no relations
    boiler_sents: set[int] = field(default_factory=set)
    # every stage may add problems
    problems: list[Problem] = field(default_factory=list)
    # collect_mentions: names the document describes as places ("Brno, a city in ...")
    place_names: set[str] = field(default_factory=set)
    # collect_mentions, resolve_names, propagate, family_names
    mentions: list[MentionDraft] = field(default_factory=list)
    # index_mentions
    tok2m: dict[int, MentionDraft] = field(default_factory=dict)
    by_sent: dict[int, list[MentionDraft]] = field(default_factory=dict)
    # index_mentions: title word -> (token index of the titled mention, the person)
    titled: dict[str, list[tuple[int, EntKey]]] = field(default_factory=dict)
    # find_election_states
    election_states: list[tuple[int, EntKey]] = field(default_factory=list)
    # find_relations (and assign_modality, family_names)
    found: list[Candidate] = field(default_factory=list)
    # hostile acts whose actor is named but whose target is not an entity ("the attack was
    # carried out by X"): nothing to store by themselves, but reporting one accuses X
    acts: list[tuple[EntKey, str, Any, Any]] = field(default_factory=list)
    pron_cache: dict[int, list[EntKey]] = field(default_factory=dict)
    # assemble
    extraction: Extraction | None = None

    def in_boiler(self, tok: Any) -> bool:
        return self.sent_start[tok.i] in self.boiler_sents or (-1 - tok.i) in self.boiler_sents


def index_sentences(ctx: DocContext) -> None:
    """Needs ``doc``; sets ``sents``, ``sent_start``, ``sent_no``.

    One pass over the sentences; every later lookup is O(1) (``tok.sent`` is not)."""
    doc = ctx.doc
    ctx.sents = list(doc.sents)
    ctx.sent_start = [0] * len(doc)
    ctx.sent_no = [0] * len(doc)
    for n, sent in enumerate(ctx.sents):
        for i in range(sent.start, sent.end):
            ctx.sent_start[i] = sent.start
            ctx.sent_no[i] = n
    toks = list(doc)
    # the parsed text is the document's (the tokenizer keeps every character); rebuilding
    # it with ``doc.text`` costs a join over all tokens, so only when lengths disagree
    last = toks[-1] if toks else None
    ctx.text = ctx.document.text if last is not None and len(ctx.document.text) == (
        last.idx + len(last.text_with_ws)) else doc.text
    ctx.lower = [t.lower_ for t in toks]
    ctx.lemma = [t.lemma_.lower() for t in toks]
    ctx.pos = [t.pos_ for t in toks]
    ctx.char_start = [t.idx for t in toks]
    ctx.char_end = [t.idx + len(t) for t in toks]
    ctx.along_sents = {ctx.sent_no[i] for i, w in enumerate(ctx.lower)
                       if w in ("along", "together")}
    # where the rare markers are, for checks that would otherwise walk whole subtrees
    from .lexicon import CLAIM_NOUNS  # (lexicon imports this module)

    marks: dict[str, list[int]] = {}
    for i, (w, lem) in enumerate(zip(ctx.lower, ctx.lemma, strict=True)):
        if w in MARKER_WORDS:
            marks.setdefault(w, []).append(i)
        if lem in CLAIM_NOUNS:
            marks.setdefault("claim", []).append(i)
    doc.user_data[MARKS] = marks


#: the ``Doc.user_data`` key of the marker positions :func:`index_sentences` records
MARKS = "ergraph.marks"
MARKER_WORDS = frozenset({"neither", "nor"})


def marked(tok: Any, mark: str, start: int, end: int) -> bool:
    """Whether a recorded marker (a word of :data:`MARKER_WORDS`, or "claim" for a claim
    noun) lies in tokens ``start:end`` of ``tok``'s document (True if none were recorded)."""
    marks = tok.doc.user_data.get(MARKS)
    if marks is None:
        return True
    return any(start <= i < end for i in marks.get(mark, ()))


def span_text(ctx: DocContext, start: int, end: int) -> str:
    """The text of tokens ``start:end`` (``doc[start:end].text`` without building them)."""
    return ctx.text[ctx.char_start[start]: ctx.char_end[end - 1]] if end > start else ""


def sentence(sent: Any, text: str | None = None) -> tuple[str, int, int]:
    """Sentence text without surrounding whitespace, and its character offsets (``text``:
    the document's text, when the caller has it)."""
    raw = (sent.doc.text if text is None else text)[sent.start_char: sent.end_char]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = sent.start_char + lead
    return text, start, start + len(text)
