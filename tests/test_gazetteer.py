"""World knowledge: the states, their names, capitals and demonyms (loaders/countries.py)."""

from __future__ import annotations

import pytest
from ergraph.loaders.countries import gazetteer, key


@pytest.mark.parametrize("adjective, state", [
    ("Argentine", "Argentina"), ("Argentinian", "Argentina"), ("Kyrgyz", "Kyrgyzstan"),
    ("Kazakh", "Kazakhstan"), ("Uzbek", "Uzbekistan"), ("Slovenian", "Slovenia"),
    ("Slovak", "Slovakia"), ("Saudi", "Saudi Arabia"), ("Philippine", "Philippines"),
    ("Azeri", "Azerbaijan"), ("Ivorian", "Côte d'Ivoire"), ("Russian", "Russia"),
])
def test_the_adjectives_news_uses_name_their_state(adjective: str, state: str) -> None:
    assert gazetteer().demonym(adjective) == state


def test_every_demonym_and_capital_names_a_state_as_the_name_table_does() -> None:
    g = gazetteer()
    named = {canon for canon, type_ in g.names.values() if type_ == "STATE"}
    assert set(g.demonyms.values()) <= named
    assert set(g.capitals.values()) <= named


@pytest.mark.parametrize("one, other", [("Ivory Coast", "Côte d'Ivoire"), ("Burma", "Myanmar")])
def test_a_state_with_two_names_is_one_state(one: str, other: str) -> None:
    g = gazetteer()
    assert g.lookup(one) == g.lookup(other) == (other, "STATE")
    assert key(one) != key(other)


@pytest.mark.parametrize(("name", "canonical"), [
    ("Swaziland", "Eswatini"), ("Eswatini", "Eswatini"),
    ("Republic of Macedonia", "North Macedonia"), ("Macedonia", "North Macedonia")])
def test_renamed_states_go_by_their_current_name(name: str, canonical: str) -> None:
    assert gazetteer().lookup(name) == (canonical, "STATE")
