"""Cross-document linking: a surname-only article joins the one person it names."""

from __future__ import annotations

from ergraph.graph import SQLiteStore, resolve_entity
from ergraph.loaders.linking import EntityLinker
from ergraph.model import Entity
from graph_fixtures import build_extraction


def with_aliases(ex, name, *aliases):
    ents = tuple(e.with_aliases(aliases) if e.name == name else e for e in ex.entities)
    return ex.__class__(ex.document, ents, ex.mentions, ex.relations, ex.problems)


def first_article():
    ex = build_extraction("Joe Biden met Olaf Scholz. Hunter Biden met Olaf Scholz too.", None, [
        ("Joe Biden", "MET", "Olaf Scholz", "asserted", "Joe Biden met Olaf Scholz."),
    ], {"Joe Biden": "PERSON", "Olaf Scholz": "PERSON", "Hunter Biden": "PERSON"})
    return with_aliases(ex, "Joe Biden", "Biden", "President Biden")


def surname_article():
    return build_extraction("Biden sanctioned Freedonia.", "2022-01-01", [
        ("Biden", "SANCTIONED", "Freedonia", "asserted", "Biden sanctioned Freedonia."),
    ], {"Biden": "PERSON", "Freedonia": "STATE"})


def test_surname_only_article_joins_the_one_person_the_surname_names():
    store = SQLiteStore("sqlite://:memory:")
    linker = EntityLinker(store)
    store.write(linker.link(first_article()))
    linked = linker.link(surname_article())
    store.write(linked)
    joe = resolve_entity(store, "Joe Biden")
    assert Entity.create("Biden", "PERSON").id not in {e.id for e in linked.entities}
    assert {r.source for r in linked.relations} == {joe.id}
    assert resolve_entity(store, "Biden").id == joe.id
    # the relation's evidence still points at its own sentence
    (rel,) = store.relations(source=joe.id, type="SANCTIONED")
    assert rel.evidence[0].sentence == "Biden sanctioned Freedonia."


def test_a_surname_shared_by_two_known_people_is_not_merged():
    store = SQLiteStore("sqlite://:memory:")
    linker = EntityLinker(store)
    store.write(linker.link(with_aliases(first_article(), "Hunter Biden", "Biden")))
    linked = linker.link(surname_article())
    assert "Biden" in {e.name for e in linked.entities}
    assert resolve_entity(store, "Hunter Biden").id != resolve_entity(store, "Joe Biden").id


def test_linking_within_one_run_before_anything_is_stored():
    store = SQLiteStore("sqlite://:memory:")
    linker = EntityLinker(store)
    linker.link(first_article())  # seen in this run, not yet written
    linked = linker.link(surname_article())
    assert "Joe Biden" in {e.name for e in linked.entities}


def test_a_later_run_links_to_the_entity_already_stored():
    store = SQLiteStore("sqlite://:memory:")
    store.write(EntityLinker(store).link(first_article()))
    linked = EntityLinker(store).link(surname_article())  # a new run: asks the store
    assert {r.source for r in linked.relations} == {resolve_entity(store, "Joe Biden").id}


def test_one_run_links_every_surname_article_not_only_the_first():
    store = SQLiteStore("sqlite://:memory:")
    linker = EntityLinker(store)
    store.write(linker.link(first_article()))
    for _ in range(2):
        linked = linker.link(surname_article())
        assert "Biden" not in {e.name for e in linked.entities}

