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
    along_sents: set[int] = field(default_factory=set)  # sentences with "along/together with"
    # mark_boilerplate
    skip_sents: set[int] = field(default_factory=set)  # sentence start -> no relations
    boiler_sents: set[int] = field(default_factory=set)
    # every stage may add problems
    problems: list[Problem] = field(default_factory=list)
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
    ctx.sents = list(ctx.doc.sents)
    ctx.sent_start = [0] * len(ctx.doc)
    ctx.sent_no = [0] * len(ctx.doc)
    for n, sent in enumerate(ctx.sents):
        for i in range(sent.start, sent.end):
            ctx.sent_start[i] = sent.start
            ctx.sent_no[i] = n
    ctx.along_sents = {ctx.sent_no[t.i] for t in ctx.doc if t.lower_ in ("along", "together")}


def sentence(sent: Any) -> tuple[str, int, int]:
    """Sentence text without surrounding whitespace, and its character offsets."""
    raw = sent.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = sent.start_char + lead
    return text, start, start + len(text)
