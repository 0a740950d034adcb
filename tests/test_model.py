from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ergraph.model import (
    Document,
    Entity,
    Evidence,
    Problem,
    ProblemKind,
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


ROOT = Path(__file__).resolve().parents[1]
#: a kind written as a string where a Problem is made...
_PROBLEM_LITERAL = re.compile(r'\bProblem\(\s*"([a-z_]+)"')
#: ... or where a loader raises the DocumentError that becomes one
_LOADER_KIND_LITERAL = re.compile(r'\bkind=(?:ProblemKind\.[A-Z_]+|"([a-z_]+)")')


def _package_sources() -> dict[Path, str]:
    skip = {"tests", "bench", "examples", "tools", "docs", ".venv", "build"}
    return {p: p.read_text(encoding="utf-8") for p in ROOT.rglob("*.py")
            if not skip & set(p.relative_to(ROOT).parts[:-1])}


def test_every_problem_kind_the_code_makes_is_a_member_and_every_member_is_made():
    sources = _package_sources()
    written = {k for path, text in sources.items() for k in _PROBLEM_LITERAL.findall(text)}
    written |= {k for path, text in sources.items() if path.parts[-2] in ("loaders", "stages")
                for k in _LOADER_KIND_LITERAL.findall(text) if k}
    assert written, "the scan finds the kinds (Problem(\"boilerplate\", ...) and the like)"
    assert written <= set(ProblemKind), sorted(written - set(ProblemKind))
    made = "\n".join(text for path, text in sources.items() if path.name != "model.py")
    unused = [k for k in ProblemKind
              if f"ProblemKind.{k.name}" not in made and f'"{k.value}"' not in made]
    assert not unused, f"kinds no code produces: {unused}"


def test_every_problem_kind_is_documented_in_one_line():
    for kind in ProblemKind:
        assert kind.description.strip() == kind.description, kind
        assert kind.description and "\n" not in kind.description, kind
        assert kind.value == kind.name.lower()
    assert len({k.description for k in ProblemKind}) == len(ProblemKind)


def test_problem_kind_is_validated_and_still_compares_as_a_string():
    p = Problem("boilerplate", "byline: no entities or relations taken", "By AP")
    assert p.kind is ProblemKind.BOILERPLATE
    assert p.kind == "boilerplate" and p.kind in {"boilerplate"} and f"{p.kind}" == "boilerplate"
    assert json.dumps(p.to_dict()) == json.dumps({**p.to_dict(), "kind": "boilerplate"})
    assert type(p.to_dict()["kind"]) is str
    assert Problem(ProblemKind.CAPTION, "r").kind is ProblemKind.CAPTION
    with pytest.raises(ValueError, match="unknown problem kind 'unresolved'"):
        Problem("unresolved", "not a kind the code produces")
