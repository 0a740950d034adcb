from __future__ import annotations

import pytest
from ergraph.errors import SchemaError
from ergraph.schema import default_schema, load_schema

ANNOTATION_TYPES = {
    "MET", "AUTHORIZED", "SOUGHT_TO_UNDERMINE", "SUPPORTED", "INTERFERED_IN", "ACCUSED",
    "SANCTIONED", "ATTACKED", "COOPERATED_WITH", "AFFILIATED_WITH", "LEADS",
    "ASSOCIATE_OF", "RELATIVE_OF", "PARDONED",
}


def test_default_schema_matches_annotation_contract():
    s = default_schema()
    assert set(s.entity_types) == {"PERSON", "STATE", "ORGANIZATION"}
    assert set(s.relation_types) == ANNOTATION_TYPES
    assert s.symmetric_types == {"MET", "ASSOCIATE_OF", "RELATIVE_OF"}
    assert s.relation("leads").allows("PERSON", "STATE")
    assert not s.relation("LEADS").allows("STATE", "PERSON")
    assert "MET" in s.triggers_for("meet")


def test_unknown_relation_type_is_a_schema_error():
    with pytest.raises(SchemaError, match="unknown relation type 'DATED'"):
        default_schema().check_relation_types(["MET", "DATED"])


def test_user_schema_adds_a_relation_type(tmp_path):
    f = tmp_path / "schema.toml"
    f.write_text(
        '[entities.PERSON]\n[entities.ORGANIZATION]\n'
        '[relations.FUNDED]\nsource = ["PERSON"]\ntarget = ["ORGANIZATION"]\n'
        'triggers = ["fund", "bankroll"]\n'
    )
    s = load_schema(f)
    assert s.relation_types == ("FUNDED",)
    assert s.triggers_for("bankroll") == ("FUNDED",)


@pytest.mark.parametrize("body, message", [
    ('[entities.person]\n[relations.X]\n', "UPPER_SNAKE_CASE"),
    ('[entities.PERSON]\n[relations.MET]\nsource = ["ALIEN"]\n', "unknown source type"),
    ('[entities.PERSON]\n', r"\[relations\] table missing"),
    ('[entities.PERSON]\ncolor = "red"\n[relations.MET]\n', "not #rrggbb"),
    ('not toml = = =', "not valid TOML"),
])
def test_malformed_schema_files_are_rejected_with_a_reason(tmp_path, body, message):
    f = tmp_path / "bad.toml"
    f.write_text(body)
    with pytest.raises(SchemaError, match=message):
        load_schema(f)


def test_missing_schema_file(tmp_path):
    with pytest.raises(SchemaError, match="not found"):
        load_schema(tmp_path / "nope.toml")


# --- [rules]: the relation types the extractor's own rules make ---------------------------

def _packaged_text() -> str:
    from importlib import resources

    return resources.files("ergraph").joinpath("schema.toml").read_text(encoding="utf-8")


def _without_table(text: str, header: str) -> str:
    import re

    cut = re.sub(rf"^\[{re.escape(header)}\]\n(?:(?!\[).*\n)*", "", text, flags=re.M)
    assert cut != text
    return cut


def test_packaged_schema_declares_the_rules_relation_types():
    rules = default_schema().rules
    assert (rules.state_title, rules.kinship, rules.election, rules.favour) == (
        "LEADS", "RELATIVE_OF", "INTERFERED_IN", "SUPPORTED")
    assert rules.election_triggers == {"INTERFERED_IN", "SUPPORTED", "SOUGHT_TO_UNDERMINE",
                                       "ATTACKED"}
    assert (rules.leader, rules.affiliation, rules.attribution) == (
        "LEADS", "AFFILIATED_WITH", "ACCUSED")
    assert rules.hostile == {"ATTACKED", "INTERFERED_IN", "SOUGHT_TO_UNDERMINE"}


def test_attribution_without_its_hostile_types_fails(tmp_path):
    import re

    text = re.sub(r"^hostile = .*\n", "", _packaged_text(), flags=re.M)
    f = tmp_path / "schema.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match="attribution and hostile go together"):
        load_schema(f)


def test_user_schema_without_leads_fails_loudly_naming_the_rule(tmp_path):
    f = tmp_path / "schema.toml"
    f.write_text(_without_table(_packaged_text(), "relations.LEADS"), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"\[rules\] state_title = 'LEADS'.*needs a relation "
                                          r"type of the schema"):
        load_schema(f)


@pytest.mark.parametrize("rules, message", [
    ('kinship = "COUSIN_OF"', "kinship = 'COUSIN_OF'"),
    ('election = "RELATIVE_OF"\nelection_triggers = ["MET"]',
     "election = 'RELATIVE_OF'.*does not allow"),
    ('leader_title = "LEADS"', "unknown rule 'leader_title'"),
    ('favour = "MET"', "election / favour need election_triggers"),
    ('favour = "MET"\nelection_triggers = ["FUNDED"]', r"unknown relation type\(s\) \['FUNDED'\]"),
])
def test_rules_must_name_fitting_relation_types(tmp_path, rules, message):
    f = tmp_path / "schema.toml"
    f.write_text(_without_table(_packaged_text(), "rules") + "\n[rules]\n" + rules + "\n",
                 encoding="utf-8")
    with pytest.raises(SchemaError, match=message):
        load_schema(f)


def test_schema_without_rules_table_runs_no_rule(tmp_path):
    from ergraph.schema import Rules

    f = tmp_path / "schema.toml"
    f.write_text(_without_table(_packaged_text(), "rules"), encoding="utf-8")
    s = load_schema(f)
    assert "LEADS" in s.relation_types and s.rules == Rules()
