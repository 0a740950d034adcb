"""The typed per-document context handed from stage to stage, and its records.

Each stage reads what earlier stages set and sets its own fields; the field comments say
which stage sets what (see :mod:`.pipeline` for the order).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import numpy
from spacy.attrs import DEP, HEAD, IDX, IS_LOWER, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, POS, TAG

from ...model import Document, Extraction, Problem
from ...schema import Schema

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..aliases import AliasTable
    from ..countries import Gazetteer
    from .lexicon import Lexicon

PERSON, STATE, ORG = "PERSON", "STATE", "ORGANIZATION"
R = TypeVar("R")
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
    cued: bool = False  # typed by what the text says of it ("the firm X"), not the label

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
    # the store's type of one-word names (normalise_name key -> type), told by the writer
    # when the store knows a name this document would otherwise type by the label alone
    known: Mapping[str, str] = field(default_factory=dict)
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
    # the parse by index, for the rules that walk it token by token (modality)
    lemma_case: list[str] = field(default_factory=list)  # ``lemma_`` as the model gives it
    dep: list[str] = field(default_factory=list)
    head: list[int] = field(default_factory=list)  # a root is its own head
    kids: list[Sequence[int]] = field(default_factory=list)  # ``children``, in order
    # the lexical flags and fine tags the mention cleaning tests on every token of a span
    tag: list[str] = field(default_factory=list)
    is_space: list[bool] = field(default_factory=list)
    is_punct: list[bool] = field(default_factory=list)
    is_lower: list[bool] = field(default_factory=list)
    text: str = ""  # the document's text (``Doc.text`` joins every token on each call)
    words: frozenset[str] = frozenset()  # every lowercase form and lemma of the document
    along_sents: set[int] = field(default_factory=set)  # sentences with "along/together with"
    # mark_boilerplate
    skip_sents: set[int] = field(default_factory=set)  # sentence start -> no relations
    boiler_sents: set[int] = field(default_factory=set)
    # every stage may add problems
    problems: list[Problem] = field(default_factory=list)
    # collect_mentions: the model's entity spans (``Doc.ents`` builds each Span anew on
    # every read)
    ents: tuple[Any, ...] = ()
    # collect_mentions: names the document describes as places ("Brno, a city in ...")
    place_names: set[str] = field(default_factory=set)
    # collect_mentions: short forms the document defines in brackets ("... Service (SSD)")
    short_forms: set[str] = field(default_factory=set)
    # collect_mentions: organisations' short names without their trade words ("Hai Lan")
    org_stems: set[str] = field(default_factory=set)
    # collect_mentions: a state's posts abroad ("the Russian embassy in Sofia") -> the state
    post_states: dict[EntKey, EntKey] = field(default_factory=dict)
    # collect_mentions: one-word names typed by no evidence of the text's own, by token
    # index: (key, the type the text first gave it, the store's type it was told or "")
    open_names: dict[int, tuple[str, str, str]] = field(default_factory=dict)
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
    # hostile acts whose target is named but whose actor is not ("X was hit by an attack"):
    # (sentence number, type, target, trigger token index), for "the attack" named later
    # with its actor ("officials blamed the attack on Y")
    victims: list[tuple[int, str, EntKey, int]] = field(default_factory=list)
    pron_cache: dict[int, list[EntKey]] = field(default_factory=dict)
    # per-token memos of the rules' pure functions (see :func:`per_token`)
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    # assemble
    extraction: Extraction | None = None

    def in_boiler(self, tok: Any) -> bool:
        return self.boiler_at(tok.i)

    def boiler_at(self, i: int) -> bool:
        """:meth:`in_boiler` of token ``i`` (without building the token)."""
        return self.sent_start[i] in self.boiler_sents or (-1 - i) in self.boiler_sents


def index_sentences(ctx: DocContext) -> None:
    """Needs ``doc``; sets ``sents``, ``sent_start``, ``sent_no`` and the per-token tables.

    One pass over the sentences; every later lookup is O(1) (``tok.sent`` is not)."""
    doc = ctx.doc
    n_toks = len(doc)
    ctx.sents = list(doc.sents)
    ctx.sent_start = [0] * n_toks
    ctx.sent_no = [0] * n_toks
    for n, sent in enumerate(ctx.sents):
        ctx.sent_start[sent.start: sent.end] = [sent.start] * (sent.end - sent.start)
        ctx.sent_no[sent.start: sent.end] = [n] * (sent.end - sent.start)
    # the parsed text is the document's (the tokenizer keeps every character); rebuilding
    # it with ``doc.text`` costs a join over all tokens, so only when lengths disagree
    last = doc[-1] if n_toks else None
    ctx.text = ctx.document.text if last is not None and len(ctx.document.text) == (
        last.idx + len(last.text_with_ws)) else doc.text
    # the columns in one array copy: reading them token by token builds a Token each time
    if n_toks:
        cols = doc.to_array([LOWER, LEMMA, POS, IDX, LENGTH, DEP, HEAD, TAG,
                             IS_SPACE, IS_PUNCT, IS_LOWER])
        lower, lemma, pos, start, dep = (cols[:, n].tolist() for n in (0, 1, 2, 3, 5))
        head = (cols[:, 6].view(numpy.int64) + numpy.arange(n_toks)).tolist()  # relative
        tag = cols[:, 7].tolist()
        is_space, is_punct, is_lower = (cols[:, n].astype(bool).tolist() for n in (8, 9, 10))
    else:
        lower = lemma = pos = start = dep = head = tag = []
        is_space = is_punct = is_lower = []
    ctx.lower = _strings(doc, lower)
    ctx.lemma_case = _strings(doc, lemma)
    ctx.lemma = _strings(doc, lemma, _LOWERED)
    ctx.pos = _strings(doc, pos)
    ctx.char_start = start
    ctx.char_end = (cols[:, 3] + cols[:, 4]).tolist() if n_toks else []
    ctx.dep = _strings(doc, dep)
    ctx.head = head
    ctx.tag = _strings(doc, tag)
    ctx.is_space, ctx.is_punct, ctx.is_lower = is_space, is_punct, is_lower
    # each token's children, in order; the leaves (about half the tokens) share one empty
    # tuple: a list of their own would be an allocation each that no stage reads
    kids: list[Any] = [()] * n_toks
    for i, h in enumerate(head):
        if h != i:
            below = kids[h]
            if below:
                below.append(i)
            else:
                kids[h] = [i]
    ctx.kids = kids
    ctx.words = frozenset(ctx.lower).union(ctx.lemma)
    ctx.along_sents = {ctx.sent_no[i] for i in positions(ctx.lower, _ALONG)}
    # where the rare markers are, for checks that would otherwise walk whole subtrees
    from .lexicon import CLAIM_NOUNS  # (lexicon imports this module)

    marks: dict[str, list[int]] = {}
    for i in positions(ctx.lower, MARKER_WORDS):
        marks.setdefault(ctx.lower[i], []).append(i)
    claims = positions(ctx.lemma, CLAIM_NOUNS)
    if claims:
        marks["claim"] = claims
    doc.user_data[MARKS] = marks


#: the words of "along with", "together with"
_ALONG = frozenset({"along", "together"})


def positions(column: list[str], words: AbstractSet[str]) -> list[int]:
    """The indices, in order, of the tokens whose entry in ``column`` (one of the
    per-token tables: ``lower``, ``lemma``, ``pos``...) is one of ``words``.

    For the scans of a whole document for a few words: most documents have none of
    them, which one set operation tells (in C, without the test of each token in turn)."""
    if words.isdisjoint(column):
        return []
    return list(compress(range(len(column)), map(words.__contains__, column)))


#: string-store hash (or symbol id) -> its string, for every vocabulary of the process (a
#: hash names one string whatever the vocabulary: it is the string's hash)
_STRINGS: dict[int, str] = {}
#: the same, lowercased (the lemma column is read lowercased)
_LOWERED: dict[int, str] = {}


def _strings(doc: Any, ids: list[int], table: dict[int, str] = _STRINGS) -> list[str]:
    """The strings of a column of :meth:`Doc.to_array` (``Token.lower_``, ``pos_``, ...),
    or with ``table=_LOWERED`` the same lowercased."""
    try:
        return _looked_up(table, ids)
    except KeyError:  # strings not met before: looked up once each
        for h in set(ids).difference(table):
            string = doc.vocab.strings[h]
            table[h] = string.lower() if table is _LOWERED else string
        return _looked_up(table, ids)


def _looked_up(table: dict[int, str], ids: list[int]) -> list[str]:
    """``[table[h] for h in ids]``, the look-ups in one C call (an itemgetter of several
    keys gives a tuple of their values; of one, the value itself)."""
    if len(ids) < 2:
        return [table[h] for h in ids]
    return list(itemgetter(*ids)(table))


#: the ``Doc.user_data`` key of the marker positions :func:`index_sentences` records
MARKS = "ergraph.marks"
MARKER_WORDS = frozenset({"neither", "nor", "no"})


def marked(tok: Any, mark: str, start: int, end: int) -> bool:
    """Whether a recorded marker (a word of :data:`MARKER_WORDS`, or "claim" for a claim
    noun) lies in tokens ``start:end`` of ``tok``'s document (True if none were recorded)."""
    marks = tok.doc.user_data.get(MARKS)
    if marks is None:
        return True
    return any(start <= i < end for i in marks.get(mark, ()))


_UNSET = object()


def per_token(fn: Callable[..., R]) -> Callable[..., R]:
    """``fn(ctx, tok, *args)`` computed once per token (and arguments) of a document, kept
    in ``ctx.memo``.

    For the relation rules' pure functions of the parse and of the mentions (settled
    before :func:`~.relations.find_relations`): they ask about the same tokens again and
    again (a trigger's arguments, their conjuncts, the controller of a clause, the
    modality of a trigger for each of its candidates). A list is copied for each caller,
    who may extend it."""

    @functools.wraps(fn)
    def once(ctx: DocContext, tok: Any, *args: Any) -> R:
        key = (fn, tok.i, *args)
        found = ctx.memo.get(key, _UNSET)
        if found is _UNSET:
            found = ctx.memo[key] = fn(ctx, tok, *args)
        return list(found) if type(found) is list else found  # type: ignore[return-value]

    return once


def line_start(ctx: DocContext, start: int) -> bool:
    """Whether token ``start`` begins a line (the previous token's text and whitespace
    hold a line break)."""
    return start == 0 or "\n" in ctx.text[ctx.char_start[start - 1]: ctx.char_start[start]]


def span_text(ctx: DocContext, start: int, end: int) -> str:
    """The text of tokens ``start:end`` (``doc[start:end].text`` without building them)."""
    return ctx.text[ctx.char_start[start]: ctx.char_end[end - 1]] if end > start else ""


def sentence(ctx: DocContext, sent: Any) -> tuple[str, int, int]:
    """Sentence text without surrounding whitespace, and its character offsets (the
    sentence's character span from the token tables: ``Span.start_char`` and
    ``end_char`` read its tokens)."""
    start_char, end_char = ctx.char_start[sent.start], ctx.char_end[sent.end - 1]
    raw = ctx.text[start_char: end_char]
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = start_char + lead
    return text, start, start + len(text)
