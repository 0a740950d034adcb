from __future__ import annotations

from ergraph.model import (
    Document,
    Entity,
    Evidence,
    Relation,
    document_id,
    entity_id,
    normalise_name,
    relation_id,
)


def test_document_id_is_hash_of_normalised_text():
    a = Document.from_text("Putin met Xi.\r\n\r\nThey talked.  \n")
    b = Document.from_text("Putin met Xi.\n\nThey talked.")
    assert a.id == b.id == document_id("Putin met Xi.\n\nThey talked.")
    assert a.id != Document.from_text("Putin met Xi. They talked.").id


def test_entity_id_stable_across_case_and_punctuation_but_not_type():
    assert entity_id("PERSON", "Joe Biden") == entity_id("person", "joe  biden")
    assert entity_id("PERSON", "Joe Biden") != entity_id("ORGANIZATION", "Joe Biden")
    assert entity_id("PERSON", "Joe Biden") != entity_id("PERSON", "Hunter Biden")


def test_normalise_name_strips_possessive_accents_and_article():
    assert normalise_name("Putin’s") == "putin"
    assert normalise_name("The Kremlin") == "kremlin"
    assert normalise_name("Zelenskyy, Volodymyr") == "zelenskyy volodymyr"
    assert normalise_name("Ñúñez") == "nunez"


def test_symmetric_relation_ids_ignore_direction_directed_do_not():
    a, b = Entity.create("A B", "PERSON"), Entity.create("C D", "PERSON")
    assert relation_id(a.id, "MET", b.id, True) == relation_id(b.id, "MET", a.id, True)
    assert relation_id(a.id, "PARDONED", b.id) != relation_id(b.id, "PARDONED", a.id)
    r = Relation.create(b.id, "MET", a.id, symmetric=True)
    assert (r.source, r.target) == tuple(sorted((a.id, b.id)))


def test_relation_confidence_and_positivity_follow_evidence():
    ev = lambda m, c: Evidence("", "d1", "s", 0, 1, m, "t", c)  # noqa: E731
    only_denied = Relation.create("e1", "MET", "e2", symmetric=True, evidence=[ev("negated", 0.9)])
    assert not only_denied.positive and only_denied.confidence == 0.0
    two = Relation.create("e1", "MET", "e2", symmetric=True,
                          evidence=[ev("asserted", 0.5), ev("hedged", 0.5)])
    assert two.positive and two.confidence == 0.75
    assert all(e.relation_id == two.id for e in two.evidence)


def test_entity_aliases_deduplicated_and_exclude_name():
    e = Entity.create("Vladimir Putin", "PERSON", ["Putin", "Vladimir Putin", "Putin", ""])
    assert e.aliases == ("Putin",)
