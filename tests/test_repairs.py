"""The parse-repair stage alone: each repair on a sentence the tagger or parser misreads,
and the same words in a shape it must leave as parsed."""

from __future__ import annotations

from typing import Any

import pytest
from ergraph.loaders import default_extractor
from ergraph.loaders.countries import gazetteer
from ergraph.loaders.spacy_extractor import load_nlp
from ergraph.loaders.stages.context import DocContext
from ergraph.loaders.stages.repairs import repair_parse
from ergraph.model import Document


@pytest.fixture(scope="module")
def repaired() -> Any:
    extractor = default_extractor()
    nlp = load_nlp(extractor.model)

    def parse(text: str) -> Any:
        doc = nlp(text)
        ctx = DocContext(doc, Document.from_text(text), extractor.schema, extractor.lex,
                         gazetteer(), extractor.alias_table)
        repair_parse(ctx)
        return doc
    return parse


def _tok(doc: Any, text: str) -> Any:
    return next(t for t in doc if t.text == text)


def test_to_before_a_persons_noun_and_a_name_is_a_preposition(repaired: Any) -> None:
    doc = repaired("Milan Kovac, a former adviser to businessman Juraj Hrasko, resigned.")
    to, name = _tok(doc, "to"), _tok(doc, "Hrasko")
    assert (to.dep_, to.head.text) == ("prep", "adviser")
    assert (name.dep_, name.head.text) == ("pobj", "to")
    assert _tok(doc, "businessman").head.text == "Hrasko"


def test_an_infinitive_is_left_as_it_is(repaired: Any) -> None:
    doc = repaired("Milan Kovac wanted to meet Juraj Hrasko.")
    meet = _tok(doc, "meet")
    assert meet.pos_ == "VERB" and _tok(doc, "Hrasko").head.text == "meet"


def test_a_hyphenated_word_is_one(repaired: Any) -> None:
    doc = repaired("Tomas Brandt's ex-wife, Anna Vogel, sued him.")
    wife = _tok(doc, "wife")
    assert _tok(doc, "ex").head.i == wife.i
    assert _tok(doc, "Brandt").head.i == wife.i


def test_a_verb_after_a_closing_quote_joins_the_reporting_verb(repaired: Any) -> None:
    doc = repaired('Oleg Varlamov insisted that Russia "has never interfered in Moldova" and '
                   'accused the Moldovan authorities of lying.')
    assert _tok(doc, "accused").head.text == "insisted"
