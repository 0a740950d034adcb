"""Constructions of English the extractor must handle (issue 17, section 2).

Every sentence here was written for this file; the people and companies are invented
(only states are real), so passing says the rule reads English, not a known article.
Each test states one construction, and most have a negative twin: the same words in a
shape that must *not* give the edge.
"""

from __future__ import annotations

from typing import Any

import pytest
from ergraph.loaders import default_extractor
from ergraph.model import Document, OpenName
from extraction_helpers import entity, has, run


@pytest.fixture(scope="module")
def extractor() -> Any:
    return default_extractor()


# --- voice and structure ----------------------------------------------------------------

def test_passive_with_by_agent(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt was sanctioned by Norway in March.")
    assert has(ex, "Norway", "SANCTIONED", "Tomas Brandt") == {"asserted"}


def test_passive_without_agent_gives_no_source(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt was sanctioned in March.")
    assert not [r for r in ex.relations if r.type == "SANCTIONED"]


def test_coordinated_objects_each_get_the_edge(extractor: Any) -> None:
    ex = run(extractor, "Canada sanctioned Tomas Brandt, Ilse Novak and Arvid Kell.")
    for target in ("Tomas Brandt", "Ilse Novak", "Arvid Kell"):
        assert has(ex, "Canada", "SANCTIONED", target) == {"asserted"}, target


def test_froze_the_assets_of_coordinated_names(extractor: Any) -> None:
    ex = run(extractor, "Canada froze the assets of Tomas Brandt, Ilse Novak and Arvid Kell.")
    for target in ("Tomas Brandt", "Ilse Novak", "Arvid Kell"):
        assert has(ex, "Canada", "SANCTIONED", target) == {"asserted"}, target


def test_coordinated_subjects_each_get_the_edge(extractor: Any) -> None:
    ex = run(extractor, "Poland and Lithuania sanctioned Arvid Kell on Monday.")
    assert has(ex, "Poland", "SANCTIONED", "Arvid Kell") == {"asserted"}
    assert has(ex, "Lithuania", "SANCTIONED", "Arvid Kell") == {"asserted"}


def test_coordinated_verbs_share_subject_and_object(extractor: Any) -> None:
    ex = run(extractor, "Germany indicted and sanctioned Tomas Brandt last week.")
    assert has(ex, "Germany", "ACCUSED", "Tomas Brandt") == {"asserted"}
    assert has(ex, "Germany", "SANCTIONED", "Tomas Brandt") == {"asserted"}


def test_relative_clause_subject_is_the_antecedent(extractor: Any) -> None:
    ex = run(extractor, "Arvid Kell, who met Ilse Novak in Oslo last year, resigned on Friday.")
    assert has(ex, "Arvid Kell", "MET", "Ilse Novak", symmetric=True) == {"asserted"}


def test_object_relative_clause(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt is the banker whom Norway sanctioned in 2020.")
    assert has(ex, "Norway", "SANCTIONED", "Tomas Brandt") == {"asserted"}


def test_apposition_adviser_to_a_states_president(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt, a senior adviser to the Polish president, met Ilse Novak.")
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Poland") == {"asserted"}
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) == {"asserted"}
    assert not has(ex, "Tomas Brandt", "LEADS", "Poland")


def test_relative_clause_who_chairs_the_board(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak, who chairs the board of Korvex Holdings, met Arvid Kell.")
    assert has(ex, "Ilse Novak", "LEADS", "Korvex Holdings") == {"asserted"}


def test_nominal_talks_between(extractor: Any) -> None:
    ex = run(extractor, "The talks between Tomas Brandt and Ilse Novak lasted three hours.")
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) == {"asserted"}


def test_nominal_possessive_embargo_against(extractor: Any) -> None:
    ex = run(extractor, "Norway's embargo against Venezuela took effect in May.")
    assert has(ex, "Norway", "SANCTIONED", "Venezuela") == {"asserted"}


def test_nominal_clemency_granted(extractor: Any) -> None:
    ex = run(extractor, "The clemency Arvid Kell granted Tomas Brandt angered the opposition.")
    assert has(ex, "Arvid Kell", "PARDONED", "Tomas Brandt") == {"asserted"}


def test_nominal_intrusion_launched_against(extractor: Any) -> None:
    ex = run(extractor, "The intrusion Russia launched against Estonia lasted two weeks.")
    assert has(ex, "Russia", "ATTACKED", "Estonia") == {"asserted"}


# --- roles -------------------------------------------------------------------------------

def test_leader_title_before_name(extractor: Any) -> None:
    ex = run(extractor, "Norwegian Prime Minister Ilse Novak arrived in Warsaw.")
    assert has(ex, "Ilse Novak", "LEADS", "Norway") == {"asserted"}


def test_leader_title_after_name(extractor: Any) -> None:
    ex = run(extractor, "Arvid Kell, the president of Estonia, arrived on Monday.")
    assert has(ex, "Arvid Kell", "LEADS", "Estonia") == {"asserted"}


def test_vice_president_is_affiliated_not_leader(extractor: Any) -> None:
    ex = run(extractor, "Estonian Vice President Arvid Kell met Tomas Brandt.")
    assert has(ex, "Arvid Kell", "AFFILIATED_WITH", "Estonia") == {"asserted"}
    assert not has(ex, "Arvid Kell", "LEADS", "Estonia")


@pytest.mark.parametrize("title", ["Deputy Prime Minister", "Ambassador", "lawmaker",
                                   "Finance Minister", "Vice President"])
def test_other_state_titles_are_affiliations(extractor: Any, title: str) -> None:
    ex = run(extractor, f"Latvian {title} Ilse Novak spoke to journalists.")
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "Latvia") == {"asserted"}, title
    assert not has(ex, "Ilse Novak", "LEADS", "Latvia"), title


def test_ministry_spokesperson_is_affiliated_with_the_ministry(extractor: Any) -> None:
    """ANNOTATION.md: "Foreign Ministry spokesman X" names the ministry, an organisation."""
    ex = run(extractor, "Latvian Foreign Ministry spokesperson Ilse Novak spoke to journalists.")
    ministry = entity(ex, "Latvian Foreign Ministry")
    assert ministry is not None and ministry.type == "ORGANIZATION"
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "Latvian Foreign Ministry") == {"asserted"}


def test_reporter_for_an_outlet(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak was a reporter for the Baltic Courier until 2019.")
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "Baltic Courier") == {"asserted"}


def test_company_title_before_name_leads(extractor: Any) -> None:
    ex = run(extractor, "Baltara Energy chairman Tomas Brandt resigned on Monday.")
    assert has(ex, "Tomas Brandt", "LEADS", "Baltara Energy") == {"asserted"}


def test_possessive_head_of_a_department_is_affiliation(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak, Korvex Holdings' head of security policy, said so.")
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "Korvex Holdings") == {"asserted"}
    assert not has(ex, "Ilse Novak", "LEADS", "Korvex Holdings")


def test_possessive_chief_of_staff_is_associate(extractor: Any) -> None:
    ex = run(extractor, "Kell's chief of staff Ilse Novak resigned. Arvid Kell thanked her.")
    assert has(ex, "Ilse Novak", "ASSOCIATE_OF", "Arvid Kell", symmetric=True) == {"asserted"}


def test_possessive_in_law_is_relative(extractor: Any) -> None:
    ex = run(extractor, "Arvid Kell's brother-in-law Tomas Brandt owns the firm.")
    assert has(ex, "Tomas Brandt", "RELATIVE_OF", "Arvid Kell", symmetric=True) == {"asserted"}


def test_possessive_longtime_lawyer_is_associate(extractor: Any) -> None:
    ex = run(extractor, "Arvid Kell's longtime lawyer Tomas Brandt denied wrongdoing.")
    assert has(ex, "Tomas Brandt", "ASSOCIATE_OF", "Arvid Kell", symmetric=True) == {"asserted"}


def test_apposition_kinship_after_name(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak met Tomas Brandt, her stepson, in Riga.")
    assert has(ex, "Tomas Brandt", "RELATIVE_OF", "Ilse Novak", symmetric=True) == {"asserted"}


# --- accusations ---------------------------------------------------------------------------

def test_accused_of_gerund_gives_accusation_and_hedged_act(extractor: Any) -> None:
    ex = run(extractor, "Estonia accused Russia of hacking its ministries.")
    assert has(ex, "Estonia", "ACCUSED", "Russia") == {"asserted"}


def test_charged_with(extractor: Any) -> None:
    ex = run(extractor, "Norway charged Tomas Brandt with fraud on Tuesday.")
    assert has(ex, "Norway", "ACCUSED", "Tomas Brandt") == {"asserted"}


def test_indicted_by_passive(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt, a banker indicted by Sweden in 2021, fled.")
    assert has(ex, "Sweden", "ACCUSED", "Tomas Brandt") == {"asserted"}


def test_blamed_attack_on(extractor: Any) -> None:
    ex = run(extractor, "Latvia blamed the cyber attack on Russia.")
    assert has(ex, "Latvia", "ACCUSED", "Russia") == {"asserted"}


def test_attributed_to(extractor: Any) -> None:
    ex = run(extractor, "Finland attributed the intrusion to Russia.")
    assert has(ex, "Finland", "ACCUSED", "Russia") == {"asserted"}


def test_accusing_them_of(extractor: Any) -> None:
    ex = run(extractor, "Norway sanctioned Tomas Brandt and Ilse Novak, accusing them of fraud.")
    assert has(ex, "Norway", "ACCUSED", "Tomas Brandt") == {"asserted"}
    assert has(ex, "Norway", "ACCUSED", "Ilse Novak") == {"asserted"}


# --- denial and negation -----------------------------------------------------------------

NEGATED_MEETINGS = [
    "Tomas Brandt did not meet Ilse Novak in Oslo.",
    "Tomas Brandt never met Ilse Novak.",
    "There was no meeting between Tomas Brandt and Ilse Novak.",
    "Tomas Brandt left Oslo without meeting Ilse Novak.",
    "Tomas Brandt refused to meet Ilse Novak.",
    "Tomas Brandt denied meeting Ilse Novak.",
    "Tomas Brandt denied that he had met Ilse Novak.",
    "Tomas Brandt rejected claims that he met Ilse Novak.",
    "Tomas Brandt dismissed reports that he had met Ilse Novak.",
]


@pytest.mark.parametrize("text", NEGATED_MEETINGS)
def test_denials_are_negated_never_positive(extractor: Any, text: str) -> None:
    ex = run(extractor, text)
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) <= {"negated"}, text
    assert all(not r.positive for r in ex.relations if r.type == "MET"), text


def test_neither_nor_negates_both(extractor: Any) -> None:
    ex = run(extractor, "Neither Tomas Brandt nor Ilse Novak met Arvid Kell.")
    for name in ("Tomas Brandt", "Ilse Novak"):
        assert has(ex, name, "MET", "Arvid Kell", symmetric=True) <= {"negated"}, name
    assert all(not r.positive for r in ex.relations)


def test_first_person_quote_denial_speaker_named_outside(extractor: Any) -> None:
    ex = run(extractor, '"I have never met Mr Brandt," Ilse Novak told reporters. '
                        "Tomas Brandt runs a bank.")
    assert has(ex, "Ilse Novak", "MET", "Tomas Brandt", symmetric=True) == {"negated"}
    assert all(not r.positive for r in ex.relations if r.type == "MET")


def test_called_the_accusations_unfounded(extractor: Any) -> None:
    ex = run(extractor, "Latvia accused Russia of hacking its power grid. "
                        "Russia called the accusations unfounded.")
    assert has(ex, "Latvia", "ACCUSED", "Russia") == {"asserted"}
    assert "asserted" not in has(ex, "Russia", "ATTACKED", "Latvia")


def test_a_claim_both_men_deny(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt met Ilse Novak in Oslo, a claim both men deny.")
    assert "asserted" not in has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True)


def test_plain_meeting_is_asserted(extractor: Any) -> None:
    """The positive twin of the denials: the same words without a cue."""
    ex = run(extractor, "Tomas Brandt met Ilse Novak in Oslo.")
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) == {"asserted"}


@pytest.mark.parametrize("text", [
    "Tomas Brandt allegedly met Ilse Novak.",
    "Tomas Brandt reportedly met Ilse Novak.",
    "Tomas Brandt is believed to have met Ilse Novak.",
    "Tomas Brandt likely met Ilse Novak.",
    "Records suggest that Tomas Brandt met Ilse Novak.",
])
def test_hedges(extractor: Any, text: str) -> None:
    ex = run(extractor, text)
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) == {"hedged"}, text


@pytest.mark.parametrize("text", [
    "Tomas Brandt could meet Ilse Novak next week.",
    "Tomas Brandt may meet Ilse Novak next week.",
    "Tomas Brandt might meet Ilse Novak next week.",
    "Tomas Brandt plans to meet Ilse Novak next week.",
    "Tomas Brandt will meet Ilse Novak next week.",
])
def test_hypotheticals(extractor: Any, text: str) -> None:
    ex = run(extractor, text)
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) == {"hypothetical"}, text


def test_threatened_to_sanction_is_hypothetical(extractor: Any) -> None:
    ex = run(extractor, "Norway threatened to sanction Tomas Brandt.")
    assert has(ex, "Norway", "SANCTIONED", "Tomas Brandt") == {"hypothetical"}


def test_is_charged_with_hedges_the_act(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt is charged with bribing Ilse Novak. "
                        "Ilse Novak leads Korvex Holdings.")
    assert "asserted" not in has(ex, "Tomas Brandt", "COOPERATED_WITH", "Ilse Novak")


# --- names -------------------------------------------------------------------------------

def test_acronym_defined_in_parentheses_is_one_entity(extractor: Any) -> None:
    ex = run(extractor, "The Baltic Security Agency (BSA) accused Tomas Brandt of spying. "
                        "The BSA said he met Ilse Novak.")
    ent = entity(ex, "Baltic Security Agency")
    assert ent is not None and ent.type == "ORGANIZATION"
    assert "BSA" in ent.aliases
    assert not entity(ex, "BSA")


def test_later_surname_mention_joins_full_name(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt arrived in Oslo. Later, Brandt met Ilse Novak.")
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) == {"asserted"}
    assert not entity(ex, "Brandt")


def test_title_only_mention_joins_the_titled_person(extractor: Any) -> None:
    ex = run(extractor, "Norwegian Prime Minister Ilse Novak arrived in Warsaw on Monday. "
                        "The prime minister met Tomas Brandt.")
    assert has(ex, "Ilse Novak", "MET", "Tomas Brandt", symmetric=True) == {"asserted"}


def test_the_two_men(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt flew to Oslo to see Arvid Kell. The two men met at a hotel.")
    assert has(ex, "Tomas Brandt", "MET", "Arvid Kell", symmetric=True) == {"asserted"}


def test_one_type_for_every_mention(extractor: Any) -> None:
    ex = run(extractor, "Korvex Holdings sued Norway. Korvex said it lost money. "
                        "Tomas Brandt founded Korvex in 2001.")
    types = {e.type for e in ex.entities if "Korvex" in e.name}
    assert types == {"ORGANIZATION"}


def test_city_that_does_not_act_stays_out(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt met Ilse Novak in Vienna.")
    assert not entity(ex, "Vienna") and not entity(ex, "Austria")


def test_capital_that_acts_is_the_state(extractor: Any) -> None:
    ex = run(extractor, "Moscow sanctioned Tomas Brandt in June.")
    assert has(ex, "Russia", "SANCTIONED", "Tomas Brandt") == {"asserted"}


def test_span_cleanup_possessive_and_quotes(extractor: Any) -> None:
    ex = run(extractor, "“Korvex Holdings’s” board met on Monday; Tomas Brandt's aide resigned.")
    names = {e.name for e in ex.entities}
    assert "Tomas Brandt" in names
    assert not [n for n in names if "'" in n or "’" in n or "“" in n or "”" in n]


def test_historical_state_is_a_state(extractor: Any) -> None:
    ex = run(extractor, "The USSR invaded Afghanistan in 1979.")
    ussr = entity(ex, "Soviet Union")
    assert ussr is not None and ussr.type == "STATE"


# --- found on real articles, written anew ----------------------------------------------

def test_denying_one_thing_and_accusing_another_is_an_accusation(extractor: Any) -> None:
    ex = run(extractor, "Estonia denied the report and accused Latvia of hacking its ministries.")
    assert has(ex, "Estonia", "ACCUSED", "Latvia") == {"asserted"}


def test_the_country_refers_to_the_state_named_before(extractor: Any) -> None:
    ex = run(extractor, "Georgia held elections in May. In August, Russia invaded the country.")
    assert has(ex, "Russia", "ATTACKED", "Georgia") == {"asserted"}


def test_along_with_adds_co_arguments(extractor: Any) -> None:
    ex = run(extractor, "Norway accused Latvia, along with Estonia and Finland, of spying.")
    for target in ("Latvia", "Estonia", "Finland"):
        assert has(ex, "Norway", "ACCUSED", target) == {"asserted"}, target


def test_state_linked_organisation(extractor: Any) -> None:
    ex = run(extractor, "The Kremlin-linked Baltic Network spread the video.")
    assert has(ex, "Baltic Network", "AFFILIATED_WITH", "Russia") == {"asserted"}


def test_portfolio_inside_a_title_is_no_entity(extractor: Any) -> None:
    ex = run(extractor, "French Interior Minister Ilse Novak met Tomas Brandt.")
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "France") == {"asserted"}
    assert not entity(ex, "Interior")


def test_act_as_an_agent_of_under_a_charge_is_hedged(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt was charged with conspiring to act as an agent of Norway.")
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Norway") == {"hedged"}


def test_alleged_that_accuses_the_clause_subject(extractor: Any) -> None:
    ex = run(extractor, "Norway alleged that Tomas Brandt was collecting information for Russia.")
    assert has(ex, "Norway", "ACCUSED", "Tomas Brandt") == {"asserted"}


def test_arrested_for_hedges_the_act(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak was arrested for conspiring to influence Latvian politics.")
    assert has(ex, "Ilse Novak", "INTERFERED_IN", "Latvia") == {"hedged"}


def test_institution_of_a_state_is_one_name(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak, the president of the Senate of Latvia, resigned.")
    senate = entity(ex, "Senate of Latvia")
    assert senate is not None and senate.type == "ORGANIZATION"
    assert has(ex, "Ilse Novak", "LEADS", "Senate of Latvia") == {"asserted"}


def test_role_after_a_from_phrase_belongs_to_the_person(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak from the Baltic Union Party, the mayor's deputy, spoke.")
    assert not has(ex, "Baltic Union Party", "AFFILIATED_WITH", "Ilse Novak")


def test_acronym_first_full_name_in_brackets(extractor: Any) -> None:
    ex = run(extractor, "The BSU (Baltic Security Union) accused Tomas Brandt of spying.")
    ent = entity(ex, "Baltic Security Union")
    assert ent is not None and "BSU" in ent.aliases
    assert has(ex, "Baltic Security Union", "ACCUSED", "Tomas Brandt") == {"asserted"}


def test_company_and_its_corporate_suffix_are_one(extractor: Any) -> None:
    ex = run(extractor, "Korvex Holdings Inc said it had been hacked. "
                        "Later, Korvex Holdings blamed the attack on Russia.")
    assert len([e for e in ex.entities if e.name.startswith("Korvex")]) == 1


def test_every_state_of_a_list_is_found(extractor: Any) -> None:
    ex = run(extractor, "The accounts targeted people in Madagascar, Central African Republic, "
                        "Mozambique, Democratic Republic of Congo, Cote d’Ivoire and Libya.")
    names = {e.name for e in ex.entities if e.type == "STATE"}
    for state in ("Madagascar", "Mozambique", "Libya", "Côte d'Ivoire"):
        assert state in names, state
    assert any("Congo" in n for n in names)


def test_person_name_containing_a_state_name_stays_a_person(extractor: Any) -> None:
    ex = run(extractor, "Jordan Peterson met Ilse Novak in Riga.")
    assert entity(ex, "Jordan Peterson") is not None
    assert not entity(ex, "Jordan")


def test_prime_minister_in_apposition_leads(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt, stepson of former Latvian Prime Minister, Ilse Novak, was "
                        "arrested on Thursday.")
    assert has(ex, "Ilse Novak", "LEADS", "Latvia") == {"asserted"}
    assert not has(ex, "Ilse Novak", "AFFILIATED_WITH", "Latvia")
    assert has(ex, "Tomas Brandt", "RELATIVE_OF", "Ilse Novak", symmetric=True) == {"asserted"}


def test_head_after_a_bracketed_acronym(extractor: Any) -> None:
    ex = run(extractor, "Latvian Anti-Fraud Commission (LAFC) head Ilse Novak confirmed it.")
    org = next((e for e in ex.entities if "Anti-Fraud Commission" in e.name), None)
    assert org is not None and "LAFC" in org.aliases
    assert has(ex, "Ilse Novak", "LEADS", org.name) == {"asserted"}


def test_role_in_a_verbless_line(extractor: Any) -> None:
    ex = run(extractor, "Arvid Kell resigned. Particularly, Tomas Brandt, Kell's former lawyer.")
    assert has(ex, "Tomas Brandt", "ASSOCIATE_OF", "Arvid Kell", symmetric=True) == {"asserted"}


def test_organisations_person_by_possessive(extractor: Any) -> None:
    ex = run(extractor, "On a question from the Baltic Union Party’s Ilse Novak, Tomas Brandt said no.")
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "Baltic Union Party") == {"asserted"}


def test_office_named_before_the_person(extractor: Any) -> None:
    ex = run(extractor, "The Deputy Minister met Tomas Brandt on Monday.\n\n"
                        "Latvian Deputy Minister Ilse Novak says Brandt is not her friend.")
    assert has(ex, "Ilse Novak", "MET", "Tomas Brandt", symmetric=True) == {"asserted"}


def test_place_name_that_is_a_family_name(extractor: Any) -> None:
    ex = run(extractor, "Lucky Montana resigned. Tomas Brandt assured Montana that he would stay.")
    assert not [p for p in ex.problems if p.kind == "not_an_entity" and "Montana" in p.reason]
    assert entity(ex, "Lucky Montana") is not None


def test_a_states_networks_name_the_state(extractor: Any) -> None:
    ex = run(extractor, "China denies hacking Indian networks.")
    assert has(ex, "China", "ATTACKED", "India") == {"negated"}
    assert all(not r.positive for r in ex.relations)


def test_his_company_comma_name(extractor: Any) -> None:
    ex = run(extractor, "Canada sanctioned Tomas Brandt and his company, Korvex Holdings.")
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Korvex Holdings") == {"asserted"}
    assert has(ex, "Canada", "SANCTIONED", "Korvex Holdings") == {"asserted"}


def test_parent_company_owns_the_possessor(extractor: Any) -> None:
    ex = run(extractor, "Korvex Mining grew fast. Its parent company, Baltara Holdings, sold it.")
    assert has(ex, "Korvex Mining", "AFFILIATED_WITH", "Baltara Holdings") == {"asserted"}
    assert not has(ex, "Baltara Holdings", "AFFILIATED_WITH", "Korvex Mining")


def test_her_is_not_the_man_named_last(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak won the seat. The minister thanked Arvid Kell for his help. "
                        "Tomas Brandt, her husband, is a senator.")
    assert has(ex, "Tomas Brandt", "RELATIVE_OF", "Ilse Novak", symmetric=True) == {"asserted"}
    assert not has(ex, "Tomas Brandt", "RELATIVE_OF", "Arvid Kell", symmetric=True)


def test_his_companies_dash_list(extractor: Any) -> None:
    ex = run(extractor, "Canada sanctioned Tomas Brandt and his three companies — Korvex Mining, "
                        "the largest miner; Baltara Energy; and Vesta Group — in April.")
    for company in ("Korvex Mining", "Baltara Energy", "Vesta Group"):
        assert has(ex, "Canada", "SANCTIONED", company) == {"asserted"}, company
        assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", company) == {"asserted"}, company


def test_people_stand_for_their_state_only_as_actors(extractor: Any) -> None:
    assert not run(extractor, "Norway sanctioned 15 Russian agents.").relations
    ex = run(extractor, "The Russian military attacked Ukrainian positions.")
    assert has(ex, "Russia", "ATTACKED", "Ukraine") == {"asserted"}


def test_accusers_own_election_when_none_is_named(extractor: Any) -> None:
    ex = run(extractor, "Norway has accused Russia of meddling in the 2021 election.")
    assert has(ex, "Norway", "ACCUSED", "Russia") == {"asserted"}
    assert has(ex, "Russia", "INTERFERED_IN", "Norway") == {"hedged"}


def test_named_election_state_wins_over_the_accuser(extractor: Any) -> None:
    ex = run(extractor, "Norway accused Russia of meddling in the Swedish election.")
    assert has(ex, "Russia", "INTERFERED_IN", "Sweden") == {"hedged"}
    assert not has(ex, "Russia", "INTERFERED_IN", "Norway")


def test_secretary_of_state_is_a_title_not_a_name(extractor: Any) -> None:
    ex = run(extractor, "Secretary of State Ilse Novak met Tomas Brandt.")
    assert entity(ex, "Ilse Novak") is not None
    assert not [e for e in ex.entities if e.name.startswith("State")]


def test_with_x_saying_is_not_a_participant(extractor: Any) -> None:
    ex = run(extractor, "Latvia accused Russia of the cyber attacks with the Baltic Monitor "
                        "saying the hackers were Russian.")
    assert not has(ex, "Russia", "ATTACKED", "Baltic Monitor")


def test_the_country_is_not_the_subject_itself(extractor: Any) -> None:
    ex = run(extractor, "Georgia has a long history of conflict with Russia. "
                        "In 2008, Russia invaded the country.")
    assert has(ex, "Russia", "ATTACKED", "Georgia") == {"asserted"}


def test_relative_clause_on_a_denying_subject_is_not_denied(extractor: Any) -> None:
    ex = run(extractor, "Latvia – which has been led since 2019 by President Ilse Novak – "
                        "denies it.")
    assert has(ex, "Ilse Novak", "LEADS", "Latvia") == {"asserted"}


def test_institution_of_a_state_tagged_as_two(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak, the current President of the Senate of Latvia, resigned.")
    assert has(ex, "Ilse Novak", "LEADS", "Senate of Latvia") == {"asserted"}
    assert not has(ex, "Ilse Novak", "LEADS", "Latvia")


def test_relative_by_given_name_takes_the_family_name(extractor: Any) -> None:
    ex = run(extractor, "Arvid Kell, who succeeded his father Janis, met Ilse Novak.")
    assert has(ex, "Arvid Kell", "RELATIVE_OF", "Janis Kell", symmetric=True) == {"asserted"}


@pytest.mark.parametrize(("text", "edge"), [
    ("Estonia denied that it had sanctioned Tomas Brandt.",
     ("Estonia", "SANCTIONED", "Tomas Brandt")),
    ("Tomas Brandt never worked for Korvex Holdings.",
     ("Tomas Brandt", "AFFILIATED_WITH", "Korvex Holdings")),
    ("There is no evidence that Russia hacked the Latvian grid.",
     ("Russia", "ATTACKED", "Latvia")),
    ("Ilse Novak was not the leader of the Baltic Union Party.",
     ("Ilse Novak", "LEADS", "Baltic Union Party")),
    ("Russia did not meddle in the Latvian election, the Kremlin said.",
     ("Russia", "INTERFERED_IN", "Latvia")),
])
def test_denials_of_every_relation_type(extractor: Any, text: str,
                                        edge: tuple[str, str, str]) -> None:
    ex = run(extractor, text)
    assert has(ex, *edge) == {"negated"}, text
    assert all(not r.positive for r in ex.relations), text


def test_fired_at_a_states_bases(extractor: Any) -> None:
    ex = run(extractor, "The Pentagon said Iran fired missiles at US bases.")
    assert has(ex, "Iran", "ATTACKED", "United States") == {"asserted"}


def test_a_dismissed_charge_is_still_an_accusation(extractor: Any) -> None:
    ex = run(extractor, "Latvia dismissed as groundless Estonia's charge that Latvian hackers "
                        "had tried to break into Estonian government computers.")
    assert has(ex, "Estonia", "ACCUSED", "Latvia") == {"asserted"}
    assert "asserted" not in has(ex, "Latvia", "ATTACKED", "Estonia")


def test_a_denial_does_not_reach_an_adverbial_clause(extractor: Any) -> None:
    ex = run(extractor, "Latvia denied the charge, a week after Korvex Holdings leveled a "
                        "similar allegation against it.")
    assert has(ex, "Korvex Holdings", "ACCUSED", "Latvia") == {"asserted"}


def test_a_spelling_variant_of_a_name_is_the_same_person(extractor: Any) -> None:
    ex = run(extractor, "Dorina Valsek won the seat. Officials said Dorinna polled 1,295 votes.")
    assert not entity(ex, "Dorinna")
    assert "Dorinna" in entity(ex, "Dorina Valsek").aliases


def test_her_reaches_back_to_the_woman_the_article_is_about(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak won the seat on Monday. Turnout was low. The count was slow. "
                        "Observers were present. The minister thanked Abdullahi Kukuwa. "
                        "Tomas Brandt, her husband, is a senator.")
    assert has(ex, "Tomas Brandt", "RELATIVE_OF", "Ilse Novak", symmetric=True) == {"asserted"}


def test_targeting_voters_is_interference_in_the_warning_states_election(extractor: Any) -> None:
    ex = run(extractor, "Norway warned on Friday that Russia has been targeting voters with a "
                        "disinformation campaign.")
    assert has(ex, "Russia", "INTERFERED_IN", "Norway") == {"asserted"}
    assert has(ex, "Norway", "ACCUSED", "Russia") == {"asserted"}


def test_verb_between_two_names_misparsed_as_a_modifier(extractor: Any) -> None:
    ex = run(extractor, "Arvid Kell became president in 2017. "
                        "Kell pardoned Brandt last year on criminal charges. "
                        "Tomas Brandt had been convicted of fraud.")
    assert has(ex, "Arvid Kell", "PARDONED", "Tomas Brandt") == {"asserted"}


# --- session 4: typing by the role's preposition, holders across "from", actor-only acts --

def test_a_name_after_a_role_and_preposition_is_the_employer(extractor: Any) -> None:
    # "reporter for X": X is whom the role is held with, even when a word of it is a given
    # name ("Florence")
    ex = run(extractor, "Ivo Marek was a reporter for Agence Florence-Presse in Lyon.")
    assert entity(ex, "Agence Florence-Presse").type == "ORGANIZATION"
    assert has(ex, "Ivo Marek", "AFFILIATED_WITH", "Agence Florence-Presse") == {"asserted"}


def test_a_name_modifying_a_role_noun_is_not_a_person(extractor: Any) -> None:
    ex = run(extractor, "Investigators said bribes reached executives of the national mining "
                        "company, Korvexa. Several former Korvexa executives have confessed.")
    assert entity(ex, "Korvexa").type == "ORGANIZATION"


def test_person_from_an_organisation_belongs_to_it(extractor: Any) -> None:
    ex = run(extractor, "Bribes were paid to Ilse Novak from the Korvex Group and to Tomas "
                        "Brandt of Baltic Media Holdings.")
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "Korvex Group") == {"asserted"}
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Baltic Media Holdings") == {"asserted"}


def test_person_from_a_state_gives_no_edge(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak from Poland met Tomas Brandt in Oslo.")
    assert not has(ex, "Ilse Novak", "AFFILIATED_WITH", "Poland")


def test_apposition_after_from_describes_the_person(extractor: Any) -> None:
    # the parser hangs "from" on the verb and the apposition on the party
    ex = run(extractor, "Bribes were paid until late 2016 to Tomas Brandt from the Korvex Party, "
                        "the current President of the Senate of Norway and a close ally of "
                        "Ilse Novak.")
    assert has(ex, "Tomas Brandt", "LEADS", "Senate of Norway") == {"asserted"}
    assert has(ex, "Tomas Brandt", "ASSOCIATE_OF", "Ilse Novak", symmetric=True) == {"asserted"}
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Korvex Party") == {"asserted"}
    assert not has(ex, "Korvex Party", "LEADS", "Senate of Norway")


def test_second_list_item_is_not_a_second_role(extractor: Any) -> None:
    # "X, a former minister and two former leaders of G": the leaders are others
    ex = run(extractor, "Tomas Brandt, a former defense minister and two former leaders of the "
                        "Korvex Front were named in the indictment.")
    assert not has(ex, "Tomas Brandt", "LEADS", "Korvex Front")
    assert not has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Korvex Front")


def test_reporting_an_act_without_a_named_target_accuses_its_actor(extractor: Any) -> None:
    ex = run(extractor, "A huge cyber attack which knocked out thousands of websites last year "
                        "was carried out by Russia, according to Georgia and Estonia.")
    for accuser in ("Georgia", "Estonia"):
        assert has(ex, accuser, "ACCUSED", "Russia") == {"asserted"}, accuser


def test_a_possible_act_without_target_accuses_nobody(extractor: Any) -> None:
    ex = run(extractor, "A huge cyber attack which knocked out thousands of websites in Georgia "
                        "last year could have been carried out by Russia, according to Estonia.")
    assert not has(ex, "Estonia", "ACCUSED", "Russia")


def test_apposition_across_a_closing_quote_describes_the_person(extractor: Any) -> None:
    ex = run(extractor, "The accounts were linked to \u201cfirms owned by Tomas Brandt,\u201d a "
                        "shipping magnate sanctioned by Norway.")
    assert has(ex, "Norway", "SANCTIONED", "Tomas Brandt") == {"asserted"}


def test_a_name_said_to_be_a_group_is_an_organisation(extractor: Any) -> None:
    # the model tags "Grayworm" a person in both sentences
    ex = run(extractor, "Ukrainian officials said Grayworm had deployed malware on computers in "
                        "Ukraine. Grayworm is a hacking group that experts say works for Russia.")
    assert entity(ex, "Grayworm").type == "ORGANIZATION"


def test_a_bracketed_short_form_used_later_is_the_same_body(extractor: Any) -> None:
    ex = run(extractor, "The Internal Security Agency (ABW) arrested Tomas Brandt. The ABW said "
                        "Brandt had spied for Russia.")
    agency = entity(ex, "Internal Security Agency")
    assert agency is not None and "ABW" in agency.aliases
    assert entity(ex, "ABW") is None


def test_the_possessor_of_a_kinship_title_is_a_person_and_keeps_its_name(extractor: Any) -> None:
    # the model tags the lone family name an organisation
    ex = run(extractor, "Novak's brother-in-law Arvid Kell was arrested.")
    assert entity(ex, "Novak").type == "PERSON"
    assert has(ex, "Arvid Kell", "RELATIVE_OF", "Novak", symmetric=True) == {"asserted"}


def test_the_named_speaker_of_a_first_person_quote_is_a_person(extractor: Any) -> None:
    ex = run(extractor, "\u201cI have never met Mr Brandt,\u201d Novak told reporters.")
    assert entity(ex, "Novak").type == "PERSON"
    assert has(ex, "Novak", "MET", "Brandt", symmetric=True) == {"negated"}


def test_coordinated_passives_share_the_agent(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt was indicted and extradited by Germany.")
    assert has(ex, "Germany", "ACCUSED", "Tomas Brandt") == {"asserted"}


def test_passive_freeze_of_the_assets_of_a_list(extractor: Any) -> None:
    ex = run(extractor, "The assets of Korvex Holdings, Baltic Shipping and Ilse Novak were "
                        "frozen by Canada.")
    for target in ("Korvex Holdings", "Baltic Shipping", "Ilse Novak"):
        assert has(ex, "Canada", "SANCTIONED", target) == {"asserted"}, target


def test_blaming_an_attack_on_someone_makes_them_its_actor_not_its_target(extractor: Any) -> None:
    ex = run(extractor, "Estonia blamed the attack on Russia.")
    assert has(ex, "Estonia", "ACCUSED", "Russia") == {"asserted"}
    assert not has(ex, "Estonia", "ATTACKED", "Russia")


def test_an_act_attributed_to_someone_by_someone(extractor: Any) -> None:
    ex = run(extractor, "The hack was attributed to North Korea by the United States.")
    assert has(ex, "United States", "ACCUSED", "North Korea") == {"asserted"}
    assert not has(ex, "United States", "ATTACKED", "North Korea")


def test_a_company_tagged_a_common_noun_before_its_chairman(extractor: Any) -> None:
    ex = run(extractor, "Rosneft chairman Arvid Kell met Ilse Novak.")
    assert has(ex, "Arvid Kell", "LEADS", "Rosneft") == {"asserted"}
    ex = run(extractor, "Company chairman Arvid Kell met Ilse Novak.")
    assert entity(ex, "Company") is None


def test_a_verb_swallowed_by_a_name_span_is_cut(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt plans to meet Ilse Novak in June.")
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) == {"hypothetical"}
    assert entity(ex, "meet Ilse Novak") is None


def test_nominal_with_of_patient_and_by_agent(extractor: Any) -> None:
    ex = run(extractor, "The invasion of Ukraine by Russia began in 2022.")
    assert has(ex, "Russia", "ATTACKED", "Ukraine") == {"asserted"}
    assert not has(ex, "Ukraine", "ATTACKED", "Russia")


def test_title_before_and_state_after_the_name(extractor: Any) -> None:
    ex = run(extractor, "Vice President Ilse Novak of Latvia met Tomas Brandt.")
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "Latvia") == {"asserted"}
    assert not has(ex, "Ilse Novak", "LEADS", "Latvia")
    ex = run(extractor, "President Ilse Novak of Latvia met Tomas Brandt.")
    assert has(ex, "Ilse Novak", "LEADS", "Latvia") == {"asserted"}
    ex = run(extractor, "Chairman Arvid Kell of the Korvex Group resigned.")
    assert has(ex, "Arvid Kell", "LEADS", "Korvex Group") == {"asserted"}
    assert not has(ex, "Arvid Kell", "AFFILIATED_WITH", "Korvex Group")


def test_a_role_from_an_organisation_but_not_from_a_state(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak, a lawmaker from the Korvex Party, was sanctioned by Canada.")
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "Korvex Party") == {"asserted"}
    ex = run(extractor, "Ilse Novak, a businessman from Russia, was sanctioned by Canada.")
    assert not has(ex, "Ilse Novak", "AFFILIATED_WITH", "Russia")


def test_authorizing_an_operation_authorizes_whoever_runs_it(extractor: Any) -> None:
    ex = run(extractor, "Prime Minister Ilse Novak authorized the operation run by Tomas Brandt.")
    assert has(ex, "Ilse Novak", "AUTHORIZED", "Tomas Brandt") == {"asserted"}


def test_an_attack_on_a_states_parliament_attacks_the_state(extractor: Any) -> None:
    ex = run(extractor, "Russian hackers attacked the Estonian parliament.")
    assert has(ex, "Russia", "ATTACKED", "Estonia") == {"asserted"}


def test_an_ambassador_serves_the_sender_not_the_host(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak, Latvia's ambassador to Russia, met Tomas Brandt.")
    assert has(ex, "Ilse Novak", "AFFILIATED_WITH", "Latvia") == {"asserted"}
    assert not has(ex, "Ilse Novak", "AFFILIATED_WITH", "Russia")


def test_two_people_tagged_as_one_name_are_split(extractor: Any) -> None:
    ex = run(extractor, "The European Union imposed sanctions on Tomas Brandt and Ilse Novak.")
    assert has(ex, "European Union", "SANCTIONED", "Tomas Brandt") == {"asserted"}
    assert has(ex, "European Union", "SANCTIONED", "Ilse Novak") == {"asserted"}
    ex = run(extractor, "Procter and Gamble sued Tomas Brandt.")
    assert entity(ex, "Procter and Gamble") is not None


def test_a_surname_before_the_full_name_is_the_same_person(extractor: Any) -> None:
    ex = run(extractor, "Novak met Tomas Brandt. Ilse Novak declined to comment.")
    novak = entity(ex, "Ilse Novak")
    assert novak is not None and novak.type == "PERSON" and entity(ex, "Novak") is None
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) == {"asserted"}


@pytest.mark.parametrize("text", [
    "Moscow called the accusations that it meddled in the German election unfounded.",
    "It is false that Tomas Brandt met Ilse Novak.",
    "No sanctions were imposed on Tomas Brandt by Canada.",
])
def test_claims_called_false_and_no_subjects_are_denials(extractor: Any, text: str) -> None:
    ex = run(extractor, text)
    positive = [r for r in ex.relations if r.positive]
    assert not positive, [(r.source, r.type, r.target) for r in positive]


def test_no_fewer_than_is_not_a_denial(extractor: Any) -> None:
    ex = run(extractor, "Canada imposed no fewer than ten sanctions on Tomas Brandt.")
    assert has(ex, "Canada", "SANCTIONED", "Tomas Brandt") == {"asserted"}


def test_appears_to_hedges(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt appears to have met Ilse Novak.")
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak", symmetric=True) == {"hedged"}


def test_considering_sanctions_is_hypothetical(extractor: Any) -> None:
    ex = run(extractor, "Canada is considering sanctions on Tomas Brandt.")
    assert has(ex, "Canada", "SANCTIONED", "Tomas Brandt") == {"hypothetical"}


def test_passive_accusation_controls_the_accused(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt was accused by Estonia of spying for Russia.")
    assert has(ex, "Estonia", "ACCUSED", "Tomas Brandt") == {"asserted"}
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Russia") == {"hedged"}


def test_a_passive_with_a_place_names_no_source(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt was indicted in the United States.")
    assert not has(ex, "Tomas Brandt", "ACCUSED", "United States")


def test_a_states_generic_body_is_named_with_the_state(extractor: Any) -> None:
    # every state has a foreign ministry: two states' ministries are two nodes
    ex = run(extractor, "China's Foreign Ministry and Russia's Foreign Ministry issued "
                        "statements. The Foreign Ministry in Moscow later denied it.")
    assert entity(ex, "Chinese Foreign Ministry") is not None
    assert entity(ex, "Russian Foreign Ministry") is not None
    assert entity(ex, "Foreign Ministry") is None


def test_a_lowercase_body_after_a_states_possessive(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt is a senior official with Russia\u2019s central bank.")
    bank = entity(ex, "Russian Central Bank")
    assert bank is not None and bank.type == "ORGANIZATION"
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Russian Central Bank") == {"asserted"}


def test_a_name_described_as_a_place_is_a_place_throughout(extractor: Any) -> None:
    # cities that do not act stay out of the graph, in every mention of the document
    ex = run(extractor, "Officials said Ivo Marek, the mayor of Brno, resigned. Brno, a city in "
                        "Moravia, voted.")
    assert entity(ex, "Brno") is None
    ex = run(extractor, "The two men will be taken to Curitiba, the capital of the state of "
                        "Parana.")
    assert entity(ex, "Curitiba") is None


def test_a_person_described_with_a_place_word_stays_a_person(extractor: Any) -> None:
    ex = run(extractor, "Ivo Marek, a city councillor, met Tomas Brandt.")
    assert entity(ex, "Ivo Marek").type == "PERSON"
    assert has(ex, "Tomas Brandt", "MET", "Ivo Marek", symmetric=True) == {"asserted"}


def test_a_lowercase_span_is_no_name(extractor: Any) -> None:
    ex = run(extractor, "Prosecutors said the narco network paid Tomas Brandt.")
    assert all(any(c.isupper() for c in e.name) for e in ex.entities)


def test_a_known_place_modifying_a_noun_is_no_person(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak won the ticket for the Kano federal constituency.")
    assert entity(ex, "Kano") is None


@pytest.mark.parametrize("text", [
    "Tomas Brandt acted at the direction of Ilse Novak.",
    "Tomas Brandt hacked the servers on the orders of Ilse Novak.",
    "Tomas Brandt acted on Ilse Novak's orders.",
])
def test_acting_at_someones_direction_is_authorized_by_them(extractor: Any, text: str) -> None:
    ex = run(extractor, text)
    assert has(ex, "Ilse Novak", "AUTHORIZED", "Tomas Brandt") == {"asserted"}


def test_directive_phrases_that_authorize_nobody(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt did not act at the direction of Ilse Novak.")
    assert has(ex, "Ilse Novak", "AUTHORIZED", "Tomas Brandt") == {"negated"}
    ex = run(extractor, "In order to win, Tomas Brandt met Ilse Novak.")
    assert not [r for r in ex.relations if r.type == "AUTHORIZED"]


def test_appointed_as_gives_the_object_the_role(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak appointed Tomas Brandt as head of the Korvex Fund.")
    assert has(ex, "Tomas Brandt", "LEADS", "Korvex Fund") == {"asserted"}
    assert not has(ex, "Ilse Novak", "LEADS", "Korvex Fund")


def test_a_founder_leads_what_they_founded(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt founded the Korvex Group in 2004.")
    assert has(ex, "Tomas Brandt", "LEADS", "Korvex Group") == {"asserted"}
    ex = run(extractor, "Tomas Brandt found the Korvex Group documents in 2004.")
    assert not has(ex, "Tomas Brandt", "LEADS", "Korvex Group")


def test_a_subsidiary_belongs_to_its_parent_and_is_part_of_it(extractor: Any) -> None:
    ex = run(extractor, "Korvex Energy is a subsidiary of Baltic Holdings.")
    assert has(ex, "Korvex Energy", "AFFILIATED_WITH", "Baltic Holdings") == {"asserted"}
    ex = run(extractor, "Russian hackers tried to hack into a subsidiary of Korvex Bank.")
    assert has(ex, "Russia", "ATTACKED", "Korvex Bank") == {"asserted"}


def test_an_organisation_modifying_a_role_in_apposition(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt, the Korvex chief executive, met Ilse Novak.")
    assert has(ex, "Tomas Brandt", "LEADS", "Korvex") == {"asserted"}


def test_a_person_after_with_inside_an_organisation_span_is_split(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt co-founded Korvex Energy with Ilse Novak.")
    assert entity(ex, "Ilse Novak") is not None and entity(ex, "Korvex Energy") is not None


def test_the_helped_is_the_subject_of_the_clause_help_takes(extractor: Any) -> None:
    ex = run(extractor, "Russia sought to help Ilse Novak win the election.")
    assert has(ex, "Russia", "SUPPORTED", "Ilse Novak") == {"asserted"}


def test_what_is_provided_is_no_participant_the_receiver_is(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt provided weapons to the Korvex Front.")
    assert has(ex, "Tomas Brandt", "COOPERATED_WITH", "Korvex Front") == {"asserted"}


def test_the_and_an_acronym_name_a_body(extractor: Any) -> None:
    ex = run(extractor, "Britain accused the GRU of hacking the Korvex Agency.")
    assert has(ex, "United Kingdom", "ACCUSED", "GRU") == {"asserted"}
    assert has(ex, "GRU", "ATTACKED", "Korvex Agency") == {"hedged"}
    ex = run(extractor, "The CEO met the press.")
    assert not ex.entities


# -- names the store already knows (loaders.settling) -------------------------------------
def test_a_one_word_name_the_text_cannot_type_is_left_open(extractor: Any) -> None:
    ex = run(extractor, "Dravik met Sorensk in Vienna.")
    # the model calls one an organisation and drops the other as a place: no meeting
    assert not has(ex, "Dravik", "MET", "Sorensk", symmetric=True)
    assert set(ex.open_names) == {OpenName("dravik", "ORGANIZATION", ""),
                                  OpenName("sorensk", "", "")}


def test_a_one_word_name_takes_the_type_the_store_gives_it(extractor: Any) -> None:
    told = extractor.with_known({"dravik": "PERSON", "sorensk": "PERSON"})
    ex = run(told, "Dravik met Sorensk in Vienna.")
    assert entity(ex, "Dravik").type == entity(ex, "Sorensk").type == "PERSON"
    assert has(ex, "Dravik", "MET", "Sorensk", symmetric=True) == {"asserted"}
    assert set(ex.open_names) == {OpenName("dravik", "ORGANIZATION", "PERSON"),
                                  OpenName("sorensk", "", "PERSON")}
    # a name the document's other mentions type is no open question: its own type is final
    ex = run(extractor, "Ilse Dravik arrived. Dravik met Sorensk in Vienna.")
    assert OpenName("dravik", "PERSON", "") in ex.open_names
    # the extractor it came from is not told anything
    assert entity(run(extractor, "Dravik met Sorensk in Vienna."), "Dravik").type == \
        "ORGANIZATION"


def test_the_text_decides_over_the_store_where_it_says_what_a_name_is(extractor: Any) -> None:
    told = extractor.with_known({"dravik": "PERSON", "lyon": "PERSON"})
    # described as a company: an organisation, whatever the store says
    ex = run(told, "Dravik, the mining company, sued Sorensk.")
    assert entity(ex, "Dravik").type == "ORGANIZATION"
    assert all(n.key != "dravik" for n in ex.open_names)
    # a place the sentence uses as a place stays one
    ex = run(told, "Novak met Sorensk in Lyon.")
    assert entity(ex, "Lyon") is None and all(n.key != "lyon" for n in ex.open_names)


def test_a_verb_the_model_swallowed_after_a_name_is_not_part_of_it(extractor: Any) -> None:
    from ergraph.loaders.spacy_extractor import load_nlp
    from spacy.tokens import Span

    text = "Dravik met Sorensk in Vienna."
    doc = load_nlp()(text)
    doc.ents = [Span(doc, 0, 2, label="ORG")]  # "[Dravik met]", as the model sometimes has it
    ex = extractor.extract_doc(Document.from_text(text), doc)
    assert [e.name for e in ex.entities] == ["Dravik"]


# -- constructions found by a fresh batch of behaviour sentences --------------------------
def test_a_relative_clause_without_that_after_an_event_noun(extractor: Any) -> None:
    ex = run(extractor, "The clemency Marta Lindqvist granted Pavel Horak drew criticism.")
    assert has(ex, "Marta Lindqvist", "PARDONED", "Pavel Horak") == {"asserted"}


def test_a_title_that_goes_on_past_its_noun(extractor: Any) -> None:
    ex = run(extractor, "Marta Lindqvist's chief of staff, Pavel Horak, resigned.")
    assert has(ex, "Pavel Horak", "ASSOCIATE_OF", "Marta Lindqvist", symmetric=True) == {
        "asserted"}
    assert not has(ex, "Pavel Horak", "LEADS", "Marta Lindqvist")


def test_a_person_in_apposition_to_the_organisation_of_a_role(extractor: Any) -> None:
    ex = run(extractor, "A spokesperson for Zenit Holdings, Marta Lindqvist, denied the report.")
    assert has(ex, "Marta Lindqvist", "AFFILIATED_WITH", "Zenit Holdings") == {"asserted"}


def test_held_talks_with_coordinated_subjects(extractor: Any) -> None:
    ex = run(extractor, "Pavel Horak and Marta Lindqvist held talks in Geneva on Tuesday.")
    assert has(ex, "Pavel Horak", "MET", "Marta Lindqvist", symmetric=True) == {"asserted"}


def test_a_perfect_clause_under_a_claim_noun_is_no_reduced_passive(extractor: Any) -> None:
    ex = run(extractor, "Russia rejected claims that it had attacked Estonia.")
    assert has(ex, "Russia", "ATTACKED", "Estonia") == {"negated"}
    # the reduced passive itself still reads its agent
    ex = run(extractor, "Tomas Brandt, a banker indicted by Sweden in 2021, fled.")
    assert has(ex, "Sweden", "ACCUSED", "Tomas Brandt") == {"asserted"}


def test_who_dismisses_a_claim_did_not_make_it(extractor: Any) -> None:
    ex = run(extractor, "China dismissed allegations that it hacked Zenit Holdings.")
    assert has(ex, "China", "ATTACKED", "Zenit Holdings") == {"negated"}
    assert not has(ex, "China", "ACCUSED", "Zenit Holdings")
    ex = run(extractor, "Estonia made accusations against Russia.")
    assert has(ex, "Estonia", "ACCUSED", "Russia") == {"asserted"}


def test_appointed_to_a_role_in_the_passive(extractor: Any) -> None:
    ex = run(extractor, "Pavel Horak was appointed chairman of Zenit Holdings.")
    assert has(ex, "Pavel Horak", "LEADS", "Zenit Holdings") == {"asserted"}


def test_marriage_makes_relatives(extractor: Any) -> None:
    ex = run(extractor, "Pavel Horak married Marta Lindqvist in 1999.")
    assert has(ex, "Pavel Horak", "RELATIVE_OF", "Marta Lindqvist", symmetric=True) == {
        "asserted"}
    ex = run(extractor, "Marta Lindqvist did not marry Pavel Horak.")
    assert has(ex, "Pavel Horak", "RELATIVE_OF", "Marta Lindqvist", symmetric=True) == {
        "negated"}


def test_a_short_form_defined_in_brackets_is_a_name_even_if_it_is_a_common_term(
        extractor: Any) -> None:
    ex = run(extractor, "The State Security Service (SSD) arrested Ruben Castillo. "
                        "The SSD accused Castillo of fraud.")
    assert has(ex, "State Security Service", "ACCUSED", "Ruben Castillo") == {"asserted"}
    assert not run(extractor, "The hackers stole an SSD from the office.").entities


def test_deputy_before_a_two_word_leader_title(extractor: Any) -> None:
    ex = run(extractor, "Lena Okafor, Belgium's deputy prime minister, met Ruben Castillo.")
    assert has(ex, "Lena Okafor", "AFFILIATED_WITH", "Belgium") == {"asserted"}
    assert not has(ex, "Lena Okafor", "LEADS", "Belgium")
    ex = run(extractor, "Lena Okafor, Belgium's prime minister, met Ruben Castillo.")
    assert has(ex, "Lena Okafor", "LEADS", "Belgium") == {"asserted"}


def test_only_a_person_is_a_mr_or_a_ms(extractor: Any) -> None:
    ex = run(extractor, "Ms Okafor met Mr Castillo on Friday.")
    assert entity(ex, "Okafor").type == entity(ex, "Castillo").type == "PERSON"
    assert has(ex, "Okafor", "MET", "Castillo", symmetric=True) == {"asserted"}


def test_where_someone_goes_is_a_place_not_an_actor(extractor: Any) -> None:
    for text in ("Lena Okafor flew to Vienna to meet Ruben Castillo.",
                 "Lena Okafor visited Moscow in May.",
                 "The Ukrainian city of Kharkiv was shelled."):
        ex = run(extractor, text)
        assert all(e.type != "STATE" and e.name not in ("Kharkiv", "Austria", "Russia")
                   for e in ex.entities), text
    # a capital that acts is its state; "the capital of Ukraine" keeps Ukraine
    ex = run(extractor, "Washington sent aid to Kyiv.")
    assert has(ex, "United States", "SUPPORTED", "Ukraine") == {"asserted"}
    ex = run(extractor, "Kyiv, the capital of Ukraine, was shelled by Russia.")
    assert has(ex, "Russia", "ATTACKED", "Ukraine") == {"asserted"}


def test_what_a_company_makes_in_its_name_makes_it_a_company(extractor: Any) -> None:
    ex = run(extractor, "Norilsk Nickel was sanctioned by the United States.")
    assert entity(ex, "Norilsk Nickel").type == "ORGANIZATION"


def test_a_coordinated_role_with_its_own_name_is_that_persons(extractor: Any) -> None:
    ex = run(extractor, "Belgium sanctioned Ruben Castillo, the chairman of Velta Bank, and his "
                        "wife, Lena Okafor.")
    assert has(ex, "Lena Okafor", "RELATIVE_OF", "Ruben Castillo", symmetric=True) == {
        "asserted"}
    assert has(ex, "Ruben Castillo", "LEADS", "Velta Bank") == {"asserted"}
    assert not has(ex, "Ruben Castillo", "RELATIVE_OF", "Ruben Castillo")


def test_neither_before_coordinated_verbs_denies_both(extractor: Any) -> None:
    for text in ("Lena Okafor neither met nor spoke with Ruben Castillo.",
                 "Lena Okafor neither met Ruben Castillo nor spoke with him."):
        ex = run(extractor, text)
        assert has(ex, "Lena Okafor", "MET", "Ruben Castillo", symmetric=True) == {"negated"}
    ex = run(extractor, "Lena Okafor met and worked with Ruben Castillo.")
    assert has(ex, "Lena Okafor", "MET", "Ruben Castillo", symmetric=True) == {"asserted"}


def test_ties_and_links_to_are_affiliation(extractor: Any) -> None:
    ex = run(extractor, "Ruben Castillo has close ties to Russian intelligence.")
    assert has(ex, "Ruben Castillo", "AFFILIATED_WITH", "Russian intelligence") == {"asserted"}
    ex = run(extractor, "Ruben Castillo denied having ties to Velta Bank.")
    assert has(ex, "Ruben Castillo", "AFFILIATED_WITH", "Velta Bank") == {"negated"}


def test_supplying_to_is_cooperation(extractor: Any) -> None:
    ex = run(extractor, "Iran supplied drones to Russia.")
    assert has(ex, "Iran", "COOPERATED_WITH", "Russia") == {"asserted"}


@pytest.mark.parametrize("text, source, type_, target, modality", [
    ("Lena Okafor cancelled her meeting with Ruben Castillo.",
     "Lena Okafor", "MET", "Ruben Castillo", "negated"),
    ("Belgium ruled out sanctions on Velta Bank.",
     "Belgium", "SANCTIONED", "Velta Bank", "negated"),
    ("Belgium did not rule out sanctions on Velta Bank.",
     "Belgium", "SANCTIONED", "Velta Bank", "hypothetical"),
    ("It is unclear whether Lena Okafor met Ruben Castillo.",
     "Lena Okafor", "MET", "Ruben Castillo", "hedged"),
    ("Lena Okafor will decide whether to sanction Velta Bank.",
     "Lena Okafor", "SANCTIONED", "Velta Bank", "hypothetical"),
    ("Marta Lindqvist hopes to meet Pavel Horak.",
     "Marta Lindqvist", "MET", "Pavel Horak", "hypothetical"),
])
def test_how_the_clause_around_an_event_states_it(extractor: Any, text: str, source: str,
                                                   type_: str, target: str,
                                                   modality: str) -> None:
    ex = run(extractor, text)
    assert has(ex, source, type_, target, symmetric=True) == {modality}


def test_both_men_are_the_two_named_together(extractor: Any) -> None:
    ex = run(extractor, "Ruben Castillo and Pavel Horak met Lena Okafor. Both men denied "
                        "funding Velta Bank.")
    assert has(ex, "Ruben Castillo", "SUPPORTED", "Velta Bank") == {"negated"}
    assert has(ex, "Pavel Horak", "SUPPORTED", "Velta Bank") == {"negated"}
    assert not has(ex, "Lena Okafor", "SUPPORTED", "Velta Bank")


def test_a_role_subject_whose_holder_hangs_on_its_organisation(extractor: Any) -> None:
    ex = run(extractor, "The chief executive of Zenit Holdings, Marta Lindqvist, met Pavel "
                        "Horak.")
    assert has(ex, "Marta Lindqvist", "MET", "Pavel Horak", symmetric=True) == {"asserted"}
    assert has(ex, "Marta Lindqvist", "LEADS", "Zenit Holdings") == {"asserted"}


def test_attributing_an_act_accuses_its_actor_and_hedges_the_act(extractor: Any) -> None:
    for text in ("The breach of Velta Bank was attributed to Iran by Israel.",
                 "Israel attributed the breach of Velta Bank to Iran."):
        ex = run(extractor, text)
        assert has(ex, "Israel", "ACCUSED", "Iran") == {"asserted"}, text
        assert has(ex, "Iran", "ATTACKED", "Velta Bank") == {"hedged"}, text


def test_a_claim_called_baseless_however_the_parser_attaches_the_word(extractor: Any) -> None:
    ex = run(extractor, "Iran called the accusations that it attacked Zenit Holdings baseless.")
    assert has(ex, "Iran", "ATTACKED", "Zenit Holdings") == {"negated"}
    assert not has(ex, "Iran", "ACCUSED", "Zenit Holdings")


def test_a_name_cut_off_from_its_preposition_by_the_parser(extractor: Any) -> None:
    ex = run(extractor, "Ilse Novak's pardon of Tomas Brandt angered critics.")
    assert has(ex, "Ilse Novak", "PARDONED", "Tomas Brandt") == {"asserted"}


def test_actors_a_state_is_behind_act_for_it(extractor: Any) -> None:
    ex = run(extractor, "Kremlin-linked hackers attacked Velta Bank.")
    assert has(ex, "Russia", "ATTACKED", "Velta Bank") == {"asserted"}
    ex = run(extractor, "Hackers backed by China attacked Velta Bank.")
    assert has(ex, "China", "ATTACKED", "Velta Bank") == {"asserted"}
    # as a target they are not the state: sanctions on them are not on Iran
    assert not run(extractor, "Belgium sanctioned hackers linked to Iran.").relations


def test_a_plural_role_of_coordinated_subjects_relates_them(extractor: Any) -> None:
    ex = run(extractor, "Oskar Venn and Mira Holm are cousins.")
    assert has(ex, "Oskar Venn", "RELATIVE_OF", "Mira Holm", symmetric=True) == {"asserted"}
    ex = run(extractor, "Oskar Venn and Mira Holm are members of the Reform Party.")
    assert has(ex, "Oskar Venn", "AFFILIATED_WITH", "Reform Party") == {"asserted"}
    assert has(ex, "Mira Holm", "AFFILIATED_WITH", "Reform Party") == {"asserted"}
    assert not has(ex, "Oskar Venn", "RELATIVE_OF", "Mira Holm", symmetric=True)


def test_advising_a_person_makes_an_associate(extractor: Any) -> None:
    ex = run(extractor, "Priya Raman reportedly advised Oskar Venn during the campaign.")
    assert has(ex, "Priya Raman", "ASSOCIATE_OF", "Oskar Venn", symmetric=True) == {"hedged"}


def test_a_lowercase_state_body_after_a_demonym_is_a_body(extractor: Any) -> None:
    ex = run(extractor, "Priya Raman, a spokeswoman for the Finnish foreign ministry, denied "
                        "the report.")
    assert has(ex, "Priya Raman", "AFFILIATED_WITH", "Finnish Foreign Ministry") == {
        "asserted"}
    # an army is the state acting
    ex = run(extractor, "The Russian army attacked Ukraine.")
    assert has(ex, "Russia", "ATTACKED", "Ukraine") == {"asserted"}


def test_hackers_working_for_a_state_act_for_it(extractor: Any) -> None:
    ex = run(extractor, "Hackers working for Iran breached the Latvian foreign ministry.")
    assert has(ex, "Iran", "ATTACKED", "Latvian Foreign Ministry") == {"asserted"}


def test_what_the_subject_receives_comes_from_the_giver(extractor: Any) -> None:
    ex = run(extractor, "Nora Ellis received support from Anton Sarkis.")
    assert has(ex, "Anton Sarkis", "SUPPORTED", "Nora Ellis") == {"asserted"}
    ex = run(extractor, "Anton Sarkis could face sanctions from Britain.")
    assert has(ex, "United Kingdom", "SANCTIONED", "Anton Sarkis") == {"hypothetical"}
    # without a giver, the receiver supports no one
    assert not run(extractor, "Nora Ellis received support from abroad.").relations


def test_a_two_word_name_no_person_bears_acting_is_an_organisation(extractor: Any) -> None:
    ex = run(extractor, "Delta Freight was funded by Anton Sarkis.")
    assert entity(ex, "Delta Freight").type == "ORGANIZATION"
    assert has(ex, "Anton Sarkis", "SUPPORTED", "Delta Freight") == {"asserted"}
    ex = run(extractor, "Iran's attack on Delta Freight was condemned.")
    assert has(ex, "Iran", "ATTACKED", "Delta Freight") == {"asserted"}


def test_approval_of_a_superior(extractor: Any) -> None:
    ex = run(extractor, "Ivo Marek would not act without the approval of Hana Lisk.")
    assert has(ex, "Hana Lisk", "AUTHORIZED", "Ivo Marek") == {"asserted"}
    ex = run(extractor, "Ivo Marek acted without the approval of Hana Lisk.")
    assert has(ex, "Hana Lisk", "AUTHORIZED", "Ivo Marek") == {"negated"}
    ex = run(extractor, "Ivo Marek hacked the servers with the blessing of Hana Lisk.")
    assert has(ex, "Hana Lisk", "AUTHORIZED", "Ivo Marek") == {"asserted"}


def test_a_facility_tagged_name_acted_on_is_a_company_unless_it_is_a_building(
        extractor: Any) -> None:
    ex = run(extractor, "The White House accused Beijing of hacking Delta Freight.")
    assert has(ex, "China", "ATTACKED", "Delta Freight") == {"hedged"}
    ex = run(extractor, "Russia attacked the Zaporizhzhia Nuclear Plant.")
    assert not ex.relations and all(e.type != "ORGANIZATION" for e in ex.entities)


def test_prosecutors_of_a_state_are_the_state_and_spying_is_a_noun_too(extractor: Any) -> None:
    ex = run(extractor, "German prosecutors charged Lukas Brenner with spying for China.")
    assert has(ex, "Germany", "ACCUSED", "Lukas Brenner") == {"asserted"}
    assert has(ex, "Lukas Brenner", "AFFILIATED_WITH", "China") == {"hedged"}
    # as a target, they are people, not the state
    assert not run(extractor, "Belgium sanctioned three German prosecutors.").relations


def test_sanctions_on_a_states_officials_are_not_on_the_state(extractor: Any) -> None:
    ex = run(extractor, "China sanctioned Karl Stein in retaliation for Germany's sanctions on "
                        "Chinese officials.")
    assert has(ex, "China", "SANCTIONED", "Karl Stein") == {"asserted"}
    assert not has(ex, "Germany", "SANCTIONED", "China")


def test_capitals_acting_are_their_states_even_where_the_model_tags_nothing(
        extractor: Any) -> None:
    ex = run(extractor, "Kyiv accused Minsk of helping Moscow.")
    assert has(ex, "Ukraine", "ACCUSED", "Belarus") == {"asserted"}
    assert has(ex, "Belarus", "SUPPORTED", "Russia") == {"hedged"}
    assert not run(extractor, "They met in Kyiv.").entities


def test_what_an_attacker_breaches_is_not_its_own(extractor: Any) -> None:
    ex = run(extractor, "The Federal Office for Information Security said Chinese hackers had "
                        "breached its network.")
    assert has(ex, "China", "ATTACKED", "Federal Office for Information Security") == {
        "asserted"}
    assert has(ex, "Federal Office for Information Security", "ACCUSED", "China") == {
        "asserted"}


def test_every_coordinated_predicate_noun_is_a_role_of_the_subject(extractor: Any) -> None:
    # the parser hangs the second role on the first one's object ("with Velmont and ...")
    ex = run(extractor, "Arvid Kell is a senior official with Velmont and a former Latvian "
                        "lawmaker.")
    assert has(ex, "Arvid Kell", "AFFILIATED_WITH", "Velmont") == {"asserted"}
    assert has(ex, "Arvid Kell", "AFFILIATED_WITH", "Latvia") == {"asserted"}
    # a second name coordinated with the first object is an object, not a role
    ex = run(extractor, "Arvid Kell is a close friend of Ilse Novak and Tomas Brandt.")
    assert has(ex, "Arvid Kell", "ASSOCIATE_OF", "Tomas Brandt") == {"asserted"}


def test_where_someone_holds_a_role_is_no_town(extractor: Any) -> None:
    # the model may tag an unknown company after "official with" as a place
    ex = run(extractor, "Arvid Kell, a lawyer for Velmont, met Ilse Novak.")
    assert entity(ex, "Velmont").type == "ORGANIZATION"
    assert has(ex, "Arvid Kell", "AFFILIATED_WITH", "Velmont") == {"asserted"}
    ex = run(extractor, "Arvid Kell is a teacher at Springfield.")
    assert not ex.relations


def test_a_relative_clause_without_that_parsed_as_a_second_subject(extractor: Any) -> None:
    ex = run(extractor, "The intrusion Chinese hackers launched against Velta Bank lasted "
                        "weeks.")
    assert has(ex, "China", "ATTACKED", "Velta Bank") == {"asserted"}
    # who reported an attack did not carry it out
    ex = run(extractor, "The attack Russian hackers reported worried Velta Bank.")
    assert not [r for r in ex.relations if r.type == "ATTACKED"]


def test_actors_linked_to_a_state_however_the_parser_hangs_linked(extractor: Any) -> None:
    # the parser makes "linked" a clause of the verb and the hackers its subject
    ex = run(extractor, "Hackers linked to North Korea breached Velta Bank.")
    assert has(ex, "North Korea", "ATTACKED", "Velta Bank") == {"asserted"}
    # analysts are not a state's actors: what they say is not the state's act
    ex = run(extractor, "Analysts linked to Velta Bank said hackers breached Estonia.")
    assert not ex.relations


def test_a_denial_withheld_is_no_denial(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt did not deny meeting Ilse Novak.")
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak") == {"hedged"}
    ex = run(extractor, "Tomas Brandt denied meeting Ilse Novak.")
    assert has(ex, "Tomas Brandt", "MET", "Ilse Novak") == {"negated"}


def test_a_list_the_parser_reads_as_appositions_is_a_list(extractor: Any) -> None:
    ex = run(extractor, "Norway sanctioned Tomas Brandt, Arvid Kell and the shipping firm "
                        "Velta Logistics on Monday.")
    assert entity(ex, "Tomas Brandt").type == "PERSON"
    for target in ("Tomas Brandt", "Arvid Kell", "Velta Logistics"):
        assert has(ex, "Norway", "SANCTIONED", target) == {"asserted"}, target
    # an apposition that describes the name is no item of a list
    ex = run(extractor, "Norway sanctioned Velta Logistics, a shipping firm, on Monday.")
    assert entity(ex, "Velta Logistics").type == "ORGANIZATION"


def test_a_preposition_repeated_in_a_coordination(extractor: Any) -> None:
    ex = run(extractor, "Canada imposed sanctions on Ivor Kell, the chairman of Velta Bank, "
                        "and on his brother, Arvid Kell.")
    assert has(ex, "Canada", "SANCTIONED", "Ivor Kell") == {"asserted"}
    assert has(ex, "Canada", "SANCTIONED", "Arvid Kell") == {"asserted"}
    assert has(ex, "Ivor Kell", "LEADS", "Velta Bank") == {"asserted"}


def test_whose_claim_or_accusation_it_is_accuses_whoever_rejects_it(extractor: Any) -> None:
    ex = run(extractor, "Moscow dismissed Latvia's claims that Russia had meddled in its "
                        "parliamentary election.")
    assert has(ex, "Latvia", "ACCUSED", "Russia") == {"asserted"}
    assert has(ex, "Russia", "INTERFERED_IN", "Latvia") == {"negated"}
    # the pronoun subject is not the accuser itself; the clause's object is not accused
    ex = run(extractor, "Tehran rejected Washington's accusation that it had armed the "
                        "Houthis.")
    assert has(ex, "United States", "ACCUSED", "Iran") == {"asserted"}
    assert not has(ex, "United States", "ACCUSED", "Houthis")
    assert entity(ex, "Houthis").type == "ORGANIZATION"


def test_a_plural_role_after_a_list_is_every_ones_and_an_officer_is_no_leader(
        extractor: Any) -> None:
    ex = run(extractor, "Norway indicted Tomas Brandt and Arvid Kell, two officers of "
                        "Latvia's State Security Service, on Monday.")
    for person in ("Tomas Brandt", "Arvid Kell"):
        assert has(ex, person, "AFFILIATED_WITH", "State Security Service") == {"asserted"}
        assert not has(ex, person, "LEADS", "State Security Service")


def test_a_role_held_in_a_city_the_name_hung_on_the_city(extractor: Any) -> None:
    ex = run(extractor, "Kenya's ambassador in Addis Ababa, Wanjiru Otieno, called the "
                        "proposal premature.")
    assert has(ex, "Wanjiru Otieno", "AFFILIATED_WITH", "Kenya") == {"asserted"}


def test_a_portfolio_and_an_employer_before_a_title(extractor: Any) -> None:
    # "Oil" between the state's adjective and "Minister" is the portfolio, not a company
    ex = run(extractor, "Velmont chairman Arvid Kell met Indian Oil Minister Ravi Sharma.")
    assert has(ex, "Ravi Sharma", "AFFILIATED_WITH", "India") == {"asserted"}
    assert entity(ex, "Indian Oil") is None
    # a name the model takes for a place, before a company title, is the company
    ex = run(extractor, "Tomas Brandt refused to meet Sevmorgas chief executive Ilse Novak.")
    assert has(ex, "Ilse Novak", "LEADS", "Sevmorgas") == {"asserted"}


def test_a_portfolio_before_minister_is_no_organisation(extractor: Any) -> None:
    ex = run(extractor, "The deal was approved by Defence Minister Halima Moyo of Tanzania.")
    assert entity(ex, "Defence") is None
    assert has(ex, "Halima Moyo", "AFFILIATED_WITH", "Tanzania") == {"asserted"}


def test_an_organisation_named_with_its_kind_and_its_people(extractor: Any) -> None:
    ex = run(extractor, "Canada sanctioned Belarusian state broadcaster Belaya Volna and its "
                        "director, Anton Kuzmich.")
    assert entity(ex, "Belaya Volna").type == "ORGANIZATION"
    assert has(ex, "Anton Kuzmich", "LEADS", "Belaya Volna") == {"asserted"}
    assert not has(ex, "Anton Kuzmich", "LEADS", "Canada")


def test_a_title_the_parser_cut_off_from_its_name(extractor: Any) -> None:
    ex = run(extractor, "Latvia's security service accused opposition politician Ilse Novak "
                        "of plotting a coup.")
    assert has(ex, "Latvian Security Service", "ACCUSED", "Ilse Novak") == {"asserted"}


@pytest.mark.parametrize("text, name", [
    ("The attack on the municipal utility Wodna Podlaska was carried out at night.",
     "Wodna Podlaska"),
    ("He told the radio station Cadena Norte on Monday.", "Cadena Norte"),
    ("Treasury said Marlowe Maritime had arranged dozens of transfers.", "Marlowe Maritime"),
])
def test_a_name_introduced_by_its_kind_or_ending_like_a_company(extractor: Any, text: str,
                                                                name: str) -> None:
    assert entity(run(extractor, text), name).type == "ORGANIZATION"


def test_a_person_of_a_kind_people_can_be_stays_a_person(extractor: Any) -> None:
    ex = run(extractor, "Police questioned the drone operator Tomas Brandt.")
    assert entity(ex, "Tomas Brandt").type == "PERSON"
    ex = run(extractor, "Ravi Sharma, a former National Security Adviser, met Ilse Novak.")
    assert entity(ex, "National Security") is None


def test_names_of_offices_parties_and_companies_by_their_shape(extractor: Any) -> None:
    # a title's possessive inside an office's name; a dateline with its date
    ex = run(extractor, "MADRID, Nov 4 - Spain's Anti-Corruption Prosecutor's Office charged "
                        "Alvaro Ruiz with taking bribes.")
    assert has(ex, "Anti-Corruption Prosecutor's Office", "ACCUSED", "Alvaro Ruiz") == {
        "asserted"}
    assert not has(ex, "Spain", "ACCUSED", "Alvaro Ruiz")
    # the kind after a name is not part of it; a stance is no name
    ex = run(extractor, "Giorgi Lomidze, who leads the opposition United Path party, met Ilse "
                        "Novak.")
    assert has(ex, "Giorgi Lomidze", "LEADS", "United Path") == {"asserted"}
    ex = run(extractor, "The pro-Kremlin website spread anti-EU stories.")
    assert not ex.entities
    # one capitalised word named with its kind
    ex = run(extractor, "Alvaro Ruiz took bribes from the construction group Iberlink.")
    assert entity(ex, "Iberlink").type == "ORGANIZATION"
    ex = run(extractor, "Kenya accused al-Shabaab of carrying out the attack.")
    assert has(ex, "Kenya", "ACCUSED", "al-Shabaab") == {"asserted"}


def test_whom_a_source_describes_as_a_role_holds_it(extractor: Any) -> None:
    ex = run(extractor, "Britain sanctioned Aleksei Moroz, whom it described as a senior "
                        "member of the Wagner Group.")
    assert has(ex, "Aleksei Moroz", "AFFILIATED_WITH", "Wagner Group") == {"asserted"}
    assert not has(ex, "United Kingdom", "AFFILIATED_WITH", "Wagner Group")


def test_an_organisation_by_its_first_word_and_a_director_general(extractor: Any) -> None:
    ex = run(extractor, "Volat Defence Systems delivered drones. The deliveries were overseen "
                        "by Volat's director general, Ales Karpovich. The European Union, which "
                        "imposed sanctions on Volat in 2023, said it would study the report.")
    assert "Volat" in entity(ex, "Volat Defence Systems").aliases
    assert has(ex, "Ales Karpovich", "LEADS", "Volat Defence Systems") == {"asserted"}
    assert has(ex, "European Union", "SANCTIONED", "Volat Defence Systems") == {"asserted"}


def test_on_behalf_of_names_for_whom_not_whom(extractor: Any) -> None:
    ex = run(extractor, "Latvia accused the website Vesti Baltika of trying to influence the "
                        "election on behalf of Russia.")
    assert not has(ex, "Vesti Baltika", "INTERFERED_IN", "Russia")


def test_a_firm_run_by_a_relative_named_after_a_comma(extractor: Any) -> None:
    # "run" tagged a noun, the name hung on the firm's name by the parser
    ex = run(extractor, "Sanz received money through Roldan Consultores, a consulting firm "
                        "run by his brother-in-law, Ignacio Roldan.")
    assert entity(ex, "Roldan Consultores").type == "ORGANIZATION"
    assert entity(ex, "Ignacio Roldan").type == "PERSON"
    assert has(ex, "Ignacio Roldan", "LEADS", "Roldan Consultores") == {"asserted"}


def test_bare_plural_people_of_an_organisation_named_before(extractor: Any) -> None:
    ex = run(extractor, "The Anti-Fraud Prosecutor's Office charged Alvaro Ruiz. Prosecutors "
                        "also accuse his aide, Lucia Herrera, of arranging meetings.")
    assert has(ex, "Anti-Fraud Prosecutor's Office", "ACCUSED", "Lucia Herrera") == {
        "asserted"}


def test_acts_a_state_blamed_on_another_in_a_relative_clause(extractor: Any) -> None:
    ex = run(extractor, "The attack is the latest of the intrusions that Warsaw has blamed on "
                        "Moscow since 2022.")
    assert has(ex, "Poland", "ACCUSED", "Russia") == {"asserted"}
    assert not has(ex, "Poland", "ATTACKED", "Russia")


def test_a_portfolio_of_two_words_before_minister(extractor: Any) -> None:
    ex = run(extractor, "Polish Digital Affairs Minister Jan Wisniak said the attack was "
                        "serious.")
    assert has(ex, "Jan Wisniak", "AFFILIATED_WITH", "Poland") == {"asserted"}
    assert entity(ex, "Digital") is None


@pytest.mark.parametrize("text, name, type_", [
    ("The attack was carried out by a group known as Sable Heron.", "Sable Heron",
     "ORGANIZATION"),
    ("The accounts were run by a marketing firm called Severna Volna.", "Severna Volna",
     "ORGANIZATION"),
    ("Tagirov, through his lawyers at the firm Hollis Brandt, denies it.", "Hollis Brandt",
     "ORGANIZATION"),
    ("Tagirov's daughter, Alina, escaped it.", "Alina", "PERSON"),
    ("The foundation is chaired by first lady Oh Hye-won, the president's wife.",
     "Oh Hye-won", "PERSON"),
    ("He met the head of the State Agency for National Security Georgi Marinov.",
     "State Agency for National Security", "ORGANIZATION"),
    ("He met the head of the State Agency for National Security Georgi Marinov.",
     "Georgi Marinov", "PERSON"),
    ("The Bank of New York Mellon sued Ilse Novak.", "Bank of New York Mellon", "ORGANIZATION"),
    ("The Islamic Republic denied the claims.", "Iran", "STATE"),
])
def test_names_typed_by_how_the_text_introduces_them(extractor: Any, text: str, name: str,
                                                     type_: str) -> None:
    found = entity(run(extractor, text), name)
    assert found is not None and found.type == type_


def test_laws_and_days_are_no_actors_and_a_lone_word_of_a_firm_is_the_firm(
        extractor: Any) -> None:
    ex = run(extractor, "Baltia violated the Arms Export Control Act on Liberation Day.")
    assert entity(ex, "Arms Export Control Act") is None
    assert entity(ex, "Liberation Day") is None
    ex = run(extractor, "The security firm Vantor Labs helped. Vantor's chief research "
                        "officer, Priya Raman, said the malware was new.")
    assert has(ex, "Priya Raman", "AFFILIATED_WITH", "Vantor Labs") == {"asserted"}


def test_a_network_run_by_someone_acts_for_them(extractor: Any) -> None:
    ex = run(extractor, "Lithuania's State Security Department said that a network of fake "
                        "accounts, run by a marketing firm called Severna Volna, had tried to "
                        "influence last month's parliamentary election.")
    assert has(ex, "Severna Volna", "INTERFERED_IN", "Lithuania") == {"asserted"}


def test_a_title_whose_organisation_is_named_by_its_kind(extractor: Any) -> None:
    ex = run(extractor, "Lithuania's State Security Department published a report. "
                        "\"This was organised,\" department director Tomas Janulis said.")
    assert has(ex, "Tomas Janulis", "LEADS", "State Security Department") == {"asserted"}
    # a stance before a party's name is not part of it
    ex = run(extractor, "The ads promoted the anti-NATO Homeland Union of Labour and its "
                        "leader, Darius Kazlas.")
    assert has(ex, "Darius Kazlas", "LEADS", "Homeland Union of Labour") == {"asserted"}


def test_coordinated_subjects_that_cooperate_or_sign_an_agreement(extractor: Any) -> None:
    ex = run(extractor, "Poland and Lithuania signed a defence agreement.")
    assert has(ex, "Poland", "COOPERATED_WITH", "Lithuania") == {"asserted"}
    ex = run(extractor, "Brazil and Indonesia already cooperate closely within the G20.")
    assert has(ex, "Brazil", "COOPERATED_WITH", "Indonesia") == {"asserted"}
    ex = run(extractor, "Tomas Brandt refused to cooperate.")
    assert not ex.relations
    # a legal form before a company's name is part of it
    ex = run(extractor, "Velta Bank and the Indonesian firm PT Sinar Dirgantara signed a "
                        "memorandum of understanding.")
    assert has(ex, "Velta Bank", "COOPERATED_WITH", "PT Sinar Dirgantara") == {"asserted"}


def test_the_role_after_a_fronted_phrase_is_the_subjects(extractor: Any) -> None:
    ex = run(extractor, "At the invitation of President Helena Duarte, the President of the "
                        "Republic of Indonesia, Arief Wicaksono, paid a visit to Brazil. The two "
                        "Presidents held talks at the palace.")
    assert has(ex, "Arief Wicaksono", "LEADS", "Indonesia") == {"asserted"}
    assert not has(ex, "Helena Duarte", "LEADS", "Indonesia")
    assert has(ex, "Helena Duarte", "MET", "Arief Wicaksono") == {"asserted"}


def test_board_seats_and_chairs_in_a_relative_clause(extractor: Any) -> None:
    ex = run(extractor, "Timur Kell, who sits on the board of Uralsk Metals and until February "
                        "chaired its parent, Uralsk Holdings Ltd, flew to Dubai.")
    assert has(ex, "Timur Kell", "AFFILIATED_WITH", "Uralsk Metals") == {"asserted"}
    assert has(ex, "Timur Kell", "LEADS", "Uralsk Holdings Ltd") == {"asserted"}


def test_a_persons_role_at_an_organisation_and_after_its_name(extractor: Any) -> None:
    ex = run(extractor, "\"We will appeal,\" said Jonathan Ash, a partner at the firm Hollis "
                        "Brandt.")
    assert has(ex, "Jonathan Ash", "AFFILIATED_WITH", "Hollis Brandt") == {"asserted"}
    ex = run(extractor, "Rosen Zhelev said he met with the chairman of the State Agency for "
                        "National Security Georgi Marinov.")
    assert has(ex, "Georgi Marinov", "LEADS", "State Agency for National Security") == {
        "asserted"}
    assert has(ex, "Rosen Zhelev", "MET", "Georgi Marinov") == {"asserted"}


def test_a_live_blogs_time_stamps_and_a_two_word_demonym(extractor: Any) -> None:
    ex = run(extractor, "09:12 KST - South Korean President Han Seung-woo has pardoned Park "
                        "Dong-hyun.")
    assert has(ex, "Han Seung-woo", "LEADS", "South Korea") == {"asserted"}
    assert has(ex, "Han Seung-woo", "PARDONED", "Park Dong-hyun") == {"asserted"}
    assert not [e for e in ex.entities if "KST" in e.name]


def test_an_office_named_for_a_title_gives_no_one_that_title(extractor: Any) -> None:
    ex = run(extractor, "South Korean President Han Seung-woo pardoned Choi Mi-ra. \"The "
                        "president acted alone,\" Office of the President spokesman Lee Jae-sung "
                        "said. The president did not pardon Park Min-ho.")
    assert has(ex, "Han Seung-woo", "PARDONED", "Park Min-ho") == {"negated"}
    assert not has(ex, "Lee Jae-sung", "PARDONED", "Park Min-ho")


def test_a_kind_of_organisation_capitalised_alone_is_the_one_named_before(
        extractor: Any) -> None:
    ex = run(extractor, "The opposition Democratic Renewal Party criticised the pardon. Party "
                        "leader Kim Soo-jin called it a reward.")
    assert has(ex, "Kim Soo-jin", "LEADS", "Democratic Renewal Party") == {"asserted"}
    assert entity(ex, "Party") is None


def test_a_function_head_is_no_leader_and_a_described_holder(extractor: Any) -> None:
    ex = run(extractor, "The indictment charges Baltia Trade Solutions, its chief executive "
                        "Andris Kalns, and its logistics director Mehmet Arslan.")
    assert has(ex, "Andris Kalns", "LEADS", "Baltia Trade Solutions") == {"asserted"}
    assert has(ex, "Mehmet Arslan", "AFFILIATED_WITH", "Baltia Trade Solutions") == {
        "asserted"}
    assert not has(ex, "Mehmet Arslan", "LEADS", "Baltia Trade Solutions")
    ex = run(extractor, "The indictment does not accuse Baltia's chairman, the Latvian "
                        "businessman Ivars Ozols, of any wrongdoing.")
    assert has(ex, "Ivars Ozols", "LEADS", "Baltia") == {"asserted"}


def test_whose_owner_editors_in_chief_and_complaints(extractor: Any) -> None:
    ex = run(extractor, "That place is Kelet Media, a Budapest public-relations firm whose "
                        "owner, Zoltan Barna, is a former adviser to Gabor Lendl.")
    assert has(ex, "Zoltan Barna", "LEADS", "Kelet Media") == {"asserted"}
    ex = run(extractor, "\"We looked at it,\" said Tomas Vesely, Pravdometr's editor-in-chief.")
    assert has(ex, "Tomas Vesely", "LEADS", "Pravdometr") == {"asserted"}
    ex = run(extractor, "Marketa Horak filed a criminal complaint against Kelet Media.")
    assert has(ex, "Marketa Horak", "ACCUSED", "Kelet Media") == {"asserted"}


def test_a_given_name_written_without_its_accents_is_still_a_given_name(
        extractor: Any) -> None:
    ex = run(extractor, "Marketa Horakova had been a member of the Czech parliament for six "
                        "years.")
    assert entity(ex, "Marketa Horakova").type == "PERSON"


def test_the_group_is_the_one_introduced_as_a_group(extractor: Any) -> None:
    ex = run(extractor, "Explainer: Who hacked the hospital\n\nThe agency said the attack was "
                        "carried out by a group known as Sable Heron. The security firm Vantor "
                        "Labs reached the same conclusion. The group is also believed to have "
                        "tried to hack into the Ministry of Health.")
    assert has(ex, "Sable Heron", "ATTACKED", "Ministry of Health") == {"hedged"}
    assert not has(ex, "Vantor Labs", "ATTACKED", "Ministry of Health")
    assert entity(ex, "Explainer") is None


def test_a_document_brought_by_someone_charges_for_them(extractor: Any) -> None:
    ex = run(extractor, "The indictment, brought by the U.S. Attorney's Office for the Eastern "
                        "District of New York, charges Baltia Trade Solutions with conspiracy.")
    assert has(ex, "Office for the Eastern District of New York", "ACCUSED",
               "Baltia Trade Solutions") == {"asserted"}
    # what sanctions do is not what their issuer sought
    ex = run(extractor, "The sanctions imposed by Canada hurt Velta Bank.")
    assert not has(ex, "Canada", "SOUGHT_TO_UNDERMINE", "Velta Bank")


def test_what_the_text_says_an_organisation_is_holds_for_every_mention(extractor: Any) -> None:
    # the model types the later mentions a person's name
    ex = run(extractor, "The accounts were run by a marketing firm called Severna Volna. The "
                        "report said Severna Volna was founded in 2019. Lithuania may ask the "
                        "European Union to sanction Severna Volna.")
    assert entity(ex, "Severna Volna").type == "ORGANIZATION"
    # a person's name modifying a kind ("the Trump campaign") stays a person's elsewhere
    ex = run(extractor, "Paul Mara chaired the 2016 Novak campaign. Ilse Novak met Tomas "
                        "Brandt.")
    assert entity(ex, "Ilse Novak").type == "PERSON"


def test_a_title_naming_its_own_holder_and_names_cut_by_the_model(extractor: Any) -> None:
    ex = run(extractor, "President Wicaksono also met the former President of Brazil Jose "
                        "Carlos Meirelles.")
    assert has(ex, "Wicaksono", "MET", "Jose Carlos Meirelles") == {"asserted"}
    assert has(ex, "Jose Carlos Meirelles", "LEADS", "Brazil") == {"asserted"}
    ex = run(extractor, "The manufacturer Altaneira Aeroespacial signed a deal. Altaneira "
                        "chief executive Marcelo Tavares Lins described the contract.")
    assert has(ex, "Marcelo Tavares Lins", "LEADS", "Altaneira Aeroespacial") == {"asserted"}


def test_an_envoy_to_a_capital_is_a_person_not_the_capital(extractor: Any) -> None:
    # the parser hangs "to Beijing" on the verb and the name on Beijing
    ex = run(extractor, "Japan and South Korea jointly sanctioned Pyongyang's envoy to "
                        "Beijing, Kim Song Chol.")
    assert has(ex, "Japan", "SANCTIONED", "Kim Song Chol") == {"asserted"}
    assert not has(ex, "Japan", "SANCTIONED", "China")


def test_a_definite_description_with_a_comma_clause_still_refers_back(extractor: Any) -> None:
    # "The firm, which ...": the comma clause only describes the firm named before
    ex = run(extractor, "The accounts were run by a marketing firm called Kolvar Media. The "
                        "firm, which the agency described as tied to the GRU, bought ads that "
                        "promoted Dana Rusu.")
    assert has(ex, "Kolvar Media", "SUPPORTED", "Dana Rusu") == {"asserted"}
    assert has(ex, "Kolvar Media", "AFFILIATED_WITH", "GRU") == {"asserted"}
    # "the firm that X founded" picks out a firm of its own, not the one named before
    ex = run(extractor, "The accounts were run by a marketing firm called Kolvar Media. The "
                        "firm that Ivo Petran founded bought ads that promoted Dana Rusu.")
    assert not has(ex, "Kolvar Media", "SUPPORTED", "Dana Rusu")


def test_described_as_says_it_of_the_described(extractor: Any) -> None:
    for text in ("The agency described Kolvar Media as linked to the GRU.",
                 "Kolvar Media was described as linked to the GRU."):
        ex = run(extractor, text)
        assert has(ex, "Kolvar Media", "AFFILIATED_WITH", "GRU") == {"asserted"}, text
    # the describer is not the one linked
    ex = run(extractor, "The Security Service described Kolvar Media as linked to the GRU.")
    assert not has(ex, "Security Service", "AFFILIATED_WITH", "GRU")


def test_an_organisations_kind_tagged_as_an_adjective(extractor: Any) -> None:
    ex = run(extractor, "The firm Severnaya Volna bought ads.")
    assert entity(ex, "Severnaya Volna").type == "ORGANIZATION"


def test_ownership_leads_or_makes_a_subsidiary(extractor: Any) -> None:
    ex = run(extractor, "Yegor Malinin owns the shipping firm Baltmor Logistics.")
    assert has(ex, "Yegor Malinin", "LEADS", "Baltmor Logistics") == {"asserted"}
    # an organisation or state that owns an organisation is its parent
    ex = run(extractor, "Baltmor Logistics, owned by Rosneft, was sanctioned.")
    assert has(ex, "Baltmor Logistics", "AFFILIATED_WITH", "Rosneft") == {"asserted"}
    ex = run(extractor, "The Kremlin-owned broadcaster Zvezda TV aired it.")
    assert has(ex, "Zvezda TV", "AFFILIATED_WITH", "Russia") == {"asserted"}
    # what a person owns that is no organisation gives nothing; a denial negates
    ex = run(extractor, "Yegor Malinin owns a villa in Spain.")
    assert not ex.relations
    ex = run(extractor, "Yegor Malinin does not own Baltmor Logistics, the firm said.")
    assert has(ex, "Yegor Malinin", "LEADS", "Baltmor Logistics") == {"negated"}


def test_a_demonym_inside_an_intelligence_service_is_not_the_roles_state(
        extractor: Any) -> None:
    ex = run(extractor, "Bogdan Sirko met Yuri Lemeshko, a Belarusian intelligence officer.")
    assert has(ex, "Yuri Lemeshko", "AFFILIATED_WITH", "Belarusian intelligence") == {
        "asserted"}
    assert not has(ex, "Yuri Lemeshko", "AFFILIATED_WITH", "Belarus")


def test_acting_on_behalf_of_is_affiliation(extractor: Any) -> None:
    ex = run(extractor, "The hacking group Copper Wren is believed to operate on behalf of "
                        "Iran.")
    assert has(ex, "Copper Wren", "AFFILIATED_WITH", "Iran") == {"hedged"}
    # doing business for someone is no membership of it
    ex = run(extractor, "Marlowe Maritime arranged transfers on behalf of Iran's Persian Gulf "
                        "Tanker Company.")
    assert not has(ex, "Marlowe Maritime", "AFFILIATED_WITH", "Persian Gulf Tanker Company")


def test_hired_and_employed_by_an_organisation_is_affiliation(extractor: Any) -> None:
    for text in ("Tomas Reikvam was hired by Kavel Systems in 2019.",
                 "Kavel Systems employs Tomas Reikvam as a consultant."):
        ex = run(extractor, text)
        assert has(ex, "Tomas Reikvam", "AFFILIATED_WITH", "Kavel Systems") == {"asserted"}
    ex = run(extractor, "Tomas Reikvam hired a lawyer.")
    assert not ex.relations


def test_handing_something_over_to_someone_is_cooperation(extractor: Any) -> None:
    ex = run(extractor, "Serbian officials accused Ilir Gashi of passing military secrets to "
                        "Croatia.")
    assert has(ex, "Ilir Gashi", "COOPERATED_WITH", "Croatia") == {"hedged"}
    ex = run(extractor, "Prosecutors say Borislav Mitev coordinated with Kolvex Energy.")
    assert has(ex, "Borislav Mitev", "COOPERATED_WITH", "Kolvex Energy")
    # handing over needs its receiver
    ex = run(extractor, "Ilir Gashi passed military secrets in Belgrade.")
    assert not [r for r in ex.relations if r.type == "COOPERATED_WITH"]


def test_a_hyphenated_vice_title_is_no_leadership(extractor: Any) -> None:
    ex = run(extractor, "Ruslan Teriyev, vice-president of Hallmark Energo, was questioned.")
    assert has(ex, "Ruslan Teriyev", "AFFILIATED_WITH", "Hallmark Energo") == {"asserted"}
    assert not has(ex, "Ruslan Teriyev", "LEADS", "Hallmark Energo")
    assert entity(ex, "Hallmark Energo").type == "ORGANIZATION"


def test_what_a_role_is_held_in_is_no_person(extractor: Any) -> None:
    # the model tags the company a person's name
    ex = run(extractor, "Ruslan Teriyev, chairman of Hallmark Energo, was questioned.")
    assert entity(ex, "Hallmark Energo").type == "ORGANIZATION"
    # but a relative of someone is of a person, and a company of someone is theirs
    ex = run(extractor, "Ilse Novak, the wife of Tomas Brandt, was questioned.")
    assert entity(ex, "Tomas Brandt").type == "PERSON"
    ex = run(extractor, "Canada sanctioned the companies of Russian oligarch Oleg Deripaska.")
    assert entity(ex, "Oleg Deripaska").type == "PERSON"


def test_an_unknown_name_sanctioned_or_attacked_is_a_participant(extractor: Any) -> None:
    ex = run(extractor, "Prime Minister Gabor Vasz threatened to impose sanctions on Petrovac "
                        "Naft.")
    assert has(ex, "Gabor Vasz", "SANCTIONED", "Petrovac Naft") == {"hypothetical"}
    ex = run(extractor, "Davor Kestic smuggled weapons to the Sokol Brotherhood.")
    assert entity(ex, "Sokol Brotherhood").type == "ORGANIZATION"


def test_a_states_official_name_tagged_as_an_organisation(extractor: Any) -> None:
    ex = run(extractor, "The action is taken with the Republic of Korea and Japan. The "
                        "Democratic People's Republic of Korea (DPRK) sends IT workers abroad.")
    assert entity(ex, "North Korea").type == "STATE"
    assert entity(ex, "South Korea").type == "STATE"
    assert "DPRK" in entity(ex, "North Korea").aliases
    assert "DPRK" not in entity(ex, "South Korea").aliases


def test_designating_is_sanctioning_but_not_when_appointing(extractor: Any) -> None:
    ex = run(extractor, "The State Department designated the Sokol Brotherhood as a terrorist "
                        "organisation.")
    assert has(ex, "State Department", "SANCTIONED", "Sokol Brotherhood") == {"asserted"}
    ex = run(extractor, "Vasil Petrov designated Tomas Brandt as his successor.")
    assert not has(ex, "Vasil Petrov", "SANCTIONED", "Tomas Brandt")


def test_a_counterpart_holds_the_same_title_for_another_state(extractor: Any) -> None:
    ex = run(extractor, "Argentine President Martin Ezcurra and his Chilean counterpart, "
                        "Valentina Rojas Pizarro, met on Friday.")
    assert has(ex, "Valentina Rojas Pizarro", "LEADS", "Chile") == {"asserted"}
    assert has(ex, "Martin Ezcurra", "MET", "Valentina Rojas Pizarro") == {"asserted"}
    ex = run(extractor, "Polish Foreign Minister Anna Wolska met her Lithuanian counterpart "
                        "Rasa Dambrauskaite.")
    assert has(ex, "Rasa Dambrauskaite", "AFFILIATED_WITH", "Lithuania") == {"asserted"}
    assert not has(ex, "Rasa Dambrauskaite", "LEADS", "Lithuania")
    # a counterpart with no state named says nothing of one
    ex = run(extractor, "Polish Foreign Minister Anna Wolska met her counterpart Rasa Dambrauskaite.")
    assert not [r for r in ex.relations if r.type in ("LEADS", "AFFILIATED_WITH")
                and entity(ex, "Rasa Dambrauskaite").id == r.source]


def test_a_name_whose_first_conjunct_the_model_left_out(extractor: Any) -> None:
    ex = run(extractor, "Kenya's Ethics and Anti-Corruption Commission on Wednesday charged "
                        "Brian Otieno Wafula.")
    assert has(ex, "Ethics and Anti-Corruption Commission", "ACCUSED", "Brian Otieno Wafula")
    # two organisations, each named, stay two
    ex = run(extractor, "Google and Meta Platforms removed the accounts.")
    assert entity(ex, "Google").type == "ORGANIZATION"
    assert entity(ex, "Meta Platforms").type == "ORGANIZATION"


def test_a_definite_noun_after_an_unnamed_one_is_that_one(extractor: Any) -> None:
    # the network was introduced with no name: it is no organisation named nearby ...
    ex = run(extractor, "The council said a network of fake accounts had pushed Beijing's line. "
                        "It named the Ministry of Public Security. The network sought to "
                        "discredit Eduardo Salcedo Lim.")
    assert not has(ex, "Ministry of Public Security", "SOUGHT_TO_UNDERMINE",
                   "Eduardo Salcedo Lim")
    # ... but who runs it, where the text says so
    ex = run(extractor, "Lithuania said a network of fake accounts, run by a marketing firm "
                        "called Severnaya Volna, had tried to influence the election. The "
                        "network also promoted Darius Kazlauskas.")
    assert has(ex, "Severnaya Volna", "SUPPORTED", "Darius Kazlauskas") == {"asserted"}


def test_a_portfolio_before_secretary_is_no_organisation(extractor: Any) -> None:
    ex = run(extractor, "Kenya's former Energy Cabinet Secretary Peter Wafula was charged.")
    assert has(ex, "Peter Wafula", "AFFILIATED_WITH", "Kenya") == {"asserted"}
    assert {e.name for e in ex.entities} == {"Kenya", "Peter Wafula"}


def test_an_accusation_disputed_by_the_accused_was_still_made(extractor: Any) -> None:
    ex = run(extractor, "Ukraine has accused businessman Serhiy Tkach of funding the Zavtra "
                        "party, a claim both Tkach and the party deny.")
    assert has(ex, "Ukraine", "ACCUSED", "Serhiy Tkach") == {"asserted"}


def test_a_name_in_apposition_to_a_kind_of_organisation(extractor: Any) -> None:
    ex = run(extractor, "Ali Rezaei oversaw the hacking group Sable Kitten.")
    assert entity(ex, "Sable Kitten").type == "ORGANIZATION"
    assert has(ex, "Ali Rezaei", "AUTHORIZED", "Sable Kitten") == {"asserted"}


def test_travel_bans_are_sanctions(extractor: Any) -> None:
    ex = run(extractor, "France and Germany imposed travel bans on Colonel Amadou Sissoko.")
    assert has(ex, "France", "SANCTIONED", "Amadou Sissoko") == {"asserted"}
    assert has(ex, "Germany", "SANCTIONED", "Amadou Sissoko") == {"asserted"}


def test_a_list_of_possessed_names_read_as_appositions(extractor: Any) -> None:
    ex = run(extractor, "Canada sanctioned Dmitri Orlenko, his wife Galina Orlenko and their "
                        "company Arkhon Trade.")
    for target in ("Dmitri Orlenko", "Galina Orlenko", "Arkhon Trade"):
        assert has(ex, "Canada", "SANCTIONED", target) == {"asserted"}, target
    assert has(ex, "Dmitri Orlenko", "AFFILIATED_WITH", "Arkhon Trade") == {"asserted"}
    assert has(ex, "Galina Orlenko", "AFFILIATED_WITH", "Arkhon Trade") == {"asserted"}
    assert not has(ex, "Dmitri Orlenko", "AFFILIATED_WITH", "Canada")
    # with no "and", the apposition describes: "X, her stepson," is X
    ex = run(extractor, "Khadija Bello defeated Musa Bello, her stepson, in the primary.")
    assert (has(ex, "Musa Bello", "RELATIVE_OF", "Khadija Bello")
            | has(ex, "Khadija Bello", "RELATIVE_OF", "Musa Bello")) == {"asserted"}


def test_a_possessive_opening_a_sentence_is_the_last_subjects(extractor: Any) -> None:
    ex = run(extractor, "The opposition Heritage Alliance has called on the Cyber Authority to "
                        "publish its report. Its chairman, Kofi Mensah, said the pages lied.")
    assert has(ex, "Kofi Mensah", "LEADS", "Heritage Alliance") == {"asserted"}
    assert not has(ex, "Kofi Mensah", "LEADS", "Cyber Authority")
    # past an honorific after the comma
    ex = run(extractor, "The Electoral Commission welcomed the findings. Its Chairperson, Mrs "
                        "Comfort Adjei-Frimpong, said the Commission had nothing to hide.")
    assert has(ex, "Comfort Adjei-Frimpong", "LEADS", "Electoral Commission") == {"asserted"}
    assert entity(ex, "Electoral Commission").aliases == ["Commission"] or \
        "Commission" in entity(ex, "Electoral Commission").aliases


def test_a_capitalised_kind_before_a_title_is_the_one_named_before(extractor: Any) -> None:
    ex = run(extractor, "The Bloc for Sovereignty coordinated its messaging. Bloc leader Marina "
                        "Tulbure met reporters.")
    assert has(ex, "Marina Tulbure", "LEADS", "Bloc for Sovereignty") == {"asserted"}


def test_a_peoples_name_before_a_bodys_name_is_part_of_it(extractor: Any) -> None:
    ex = run(extractor, "The opposition People's Progressive Alliance (PPA) has called for a "
                        "report.")
    assert entity(ex, "People's Progressive Alliance").type == "ORGANIZATION"
    ex = run(extractor, "The Democratic Alliance's Natasha Mazzone spoke.")
    assert has(ex, "Natasha Mazzone", "AFFILIATED_WITH", "Democratic Alliance")


def test_short_names_defined_in_brackets_and_name_parts(extractor: Any) -> None:
    ex = run(extractor, "Chollima Pioneer Trading Corporation (Chollima Pioneer) is a company. "
                        "Chollima Pioneer manages IT worker teams.")
    assert [e.name for e in ex.entities] == ["Chollima Pioneer Trading Corporation"]
    ex = run(extractor, "The Danube Institute for Democratic Resilience published a report. "
                        "The Danube Institute said Russia meddled.")
    assert has(ex, "Danube Institute for Democratic Resilience", "ACCUSED", "Russia")
    ex = run(extractor, "Defense Secretary Eduardo Salcedo Lim spoke. Salcedo Lim accused "
                        "China.")
    assert has(ex, "Eduardo Salcedo Lim", "ACCUSED", "China") == {"asserted"}


def test_lines_in_capitals_name_nothing(extractor: Any) -> None:
    ex = run(extractor, "U.S. DEPARTMENT OF THE TREASURY\nPRESS RELEASE\n\nToday, OFAC "
                        "designated two individuals.\n\nWORLD IN BRIEF\n\nNATO met the EU.")
    names = {e.name for e in ex.entities}
    assert not any(n.isupper() and len(n) > 6 for n in names), names
    assert "NATO" in names and "OFAC" in names


def test_portfolios_places_and_dashes_are_no_organisations(extractor: Any) -> None:
    ex = run(extractor, "Kestrel Bank was fined, said Under Secretary for Terrorism and "
                        "Financial Intelligence Marcus Whitfield.")
    assert {e.name for e in ex.entities} == {"Kestrel Bank", "Marcus Whitfield"}
    ex = run(extractor, "The network was run by the Orhei-based foundation Pravda Novaya "
                        "Moldova.")
    assert {e.name for e in ex.entities} == {"Pravda Novaya Moldova"}
    ex = run(extractor, "Foreign PR firm behind fake pages targeting EC - Cyber Security "
                        "Authority")
    assert "Cyber Security Authority" in {e.name for e in ex.entities}


INTERVIEW = """Last month Britain sanctioned Nenad Vukasin, the owner of the portal Svitanje.

AR: The notice says you met a Russian diplomat, Kirill Annenkov.

Vukasin: I met Annenkov once, at a reception. I have never met Oleg Sorin.

AR: Your wife, Jelena Vukasin, co-owns the company."""


def test_interview_speakers_are_i_and_you(extractor: Any) -> None:
    ex = run(extractor, INTERVIEW)
    assert has(ex, "Nenad Vukasin", "MET", "Kirill Annenkov") == {"asserted"}
    assert (has(ex, "Nenad Vukasin", "MET", "Oleg Sorin")
            | has(ex, "Oleg Sorin", "MET", "Nenad Vukasin")) == {"negated"}
    assert (has(ex, "Jelena Vukasin", "RELATIVE_OF", "Nenad Vukasin")
            | has(ex, "Nenad Vukasin", "RELATIVE_OF", "Jelena Vukasin")) == {"asserted"}
    # with no speaker labels, "I" outside quotes is nobody named
    ex = run(extractor, "I met Kirill Annenkov once, the columnist writes.")
    assert not [r for r in ex.relations if r.type == "MET"]


def test_the_party_is_the_one_named_as_a_party(extractor: Any) -> None:
    ex = run(extractor, "Nadia Petrenko, spokeswoman for the Zoria Party, accused the newspaper "
                        "Vechirni Visti of smearing the party's leader, Ihor Dovhan.")
    assert has(ex, "Ihor Dovhan", "LEADS", "Zoria Party") == {"asserted"}
    assert not has(ex, "Ihor Dovhan", "LEADS", "Vechirni Visti")


def test_a_pronoun_in_a_controlled_clause_may_be_the_accuser(extractor: Any) -> None:
    ex = run(extractor, "Polish lawmaker Krzysztof Wala accused the broadcaster Kanal Wisla of "
                        "smearing him.")
    assert has(ex, "Kanal Wisla", "SOUGHT_TO_UNDERMINE", "Krzysztof Wala") == {"hedged"}


def test_a_states_election_does_not_act(extractor: Any) -> None:
    ex = run(extractor, "Belvedere Analytics allegedly tried to sway Kenya's 2022 election in "
                        "favour of Samuel Kiprop.")
    assert has(ex, "Belvedere Analytics", "SUPPORTED", "Samuel Kiprop") == {"hedged"}
    assert not has(ex, "Kenya", "SUPPORTED", "Samuel Kiprop")


def test_a_meeting_that_was_cancelled_did_not_take_place(extractor: Any) -> None:
    for text in ("A meeting between President Rodrigo Benitez and Alvaro Duarte was "
                 "cancelled.", "The planned talks between Ilse Novak and Tomas Brandt were "
                 "scrapped."):
        ex = run(extractor, text)
        assert [r for r in ex.relations if r.type == "MET"], text
        assert all(e.modality == "negated" for r in ex.relations if r.type == "MET"
                   for e in r.evidence), text


def test_fronts_arms_and_mouthpieces_are_affiliations(extractor: Any) -> None:
    ex = run(extractor, "Sahra Gulf General Trading is a front for the Libyan National Army.")
    assert has(ex, "Sahra Gulf General Trading", "AFFILIATED_WITH", "Libyan National Army")
    ex = run(extractor, "Kestrel Capital, the investment arm of Velta Bank, was fined.")
    assert has(ex, "Kestrel Capital", "AFFILIATED_WITH", "Velta Bank") == {"asserted"}
    ex = run(extractor, "Protesters gathered at the front of the Velta Bank building.")
    assert not ex.relations


def test_adding_to_a_sanctions_list_sanctions(extractor: Any) -> None:
    ex = run(extractor, "Lithuania may ask the European Union to add Severna Volna to its "
                        "sanctions list.")
    assert has(ex, "European Union", "SANCTIONED", "Severna Volna") == {"hypothetical"}


def test_received_or_hosted_by_is_a_meeting(extractor: Any) -> None:
    ex = run(extractor, "Mehmet Arslan was received by Saudi Foreign Minister Faisal Al-Harbi "
                        "at his office in Riyadh.")
    assert (has(ex, "Faisal Al-Harbi", "MET", "Mehmet Arslan")
            | has(ex, "Mehmet Arslan", "MET", "Faisal Al-Harbi")) == {"asserted"}
    # receiving a thing from someone is no meeting
    ex = run(extractor, "Velta Bank received support from Tomas Brandt.")
    assert not [r for r in ex.relations if r.type == "MET"]


def test_hit_with_sanctions_by(extractor: Any) -> None:
    ex = run(extractor, "Hollin Arms and Dravo Logistics were hit with sanctions by the "
                        "European Union and Switzerland.")
    for s in ("European Union", "Switzerland"):
        for t in ("Hollin Arms", "Dravo Logistics"):
            assert has(ex, s, "SANCTIONED", t) == {"asserted"}, (s, t)


def test_trigger_words_in_the_phrase_of_the_verb(extractor: Any) -> None:
    ex = run(extractor, "The European Union plans to add the arms broker Faraj Obeidi to its "
                        "sanctions list.")
    assert has(ex, "European Union", "SANCTIONED", "Faraj Obeidi") == {"hypothetical"}
    ex = run(extractor, "The European Union plans to add the arms broker Faraj Obeidi to its "
                        "mailing list.")
    assert not ex.relations


def test_accused_by_someone_of_acting_as_an_agent(extractor: Any) -> None:
    # the parser hangs "of acting" on the agent's name
    ex = run(extractor, "Teodora Ilic was accused by Montenegro of acting as an agent of "
                        "Serbia.")
    assert has(ex, "Montenegro", "ACCUSED", "Teodora Ilic") == {"asserted"}
    assert has(ex, "Teodora Ilic", "AFFILIATED_WITH", "Serbia") == {"hedged"}


def test_a_state_pardons(extractor: Any) -> None:
    ex = run(extractor, "Zimbabwe may pardon the journalist Tendai Moyo, the justice minister "
                        "hinted.")
    assert has(ex, "Zimbabwe", "PARDONED", "Tendai Moyo") == {"hypothetical"}


def test_an_act_attributed_with_its_phrases_hung_elsewhere(extractor: Any) -> None:
    ex = run(extractor, "Security firm Arcturus Labs attributed the intrusion into the Estonian "
                        "government's network to Cozy Lynx.")
    assert has(ex, "Cozy Lynx", "ATTACKED", "Estonia")
    assert not has(ex, "Arcturus Labs", "ATTACKED", "Estonia")
    assert "Security" not in {e.name for e in ex.entities}


def test_a_claim_its_subject_rejects_accuses_the_rejecter(extractor: Any) -> None:
    ex = run(extractor, "Serbia rejected Croatia's claims that it had financed the Dinara "
                        "Youth movement.")
    assert has(ex, "Croatia", "ACCUSED", "Serbia") == {"asserted"}
    # a claim nobody rejects need not be an accusation
    ex = run(extractor, "Croatia's claims that Serbia had won the match were wrong.")
    assert not has(ex, "Croatia", "ACCUSED", "Serbia")


def test_roles_of_organisations_the_model_mistypes(extractor: Any) -> None:
    ex = run(extractor, "Olga Ternova held talks with Jens Kofoed, chief executive of Danwind.")
    assert has(ex, "Jens Kofoed", "LEADS", "Danwind") == {"asserted"}
    ex = run(extractor, "Kofi Mensah is the chief executive of Ashanti Gold Works.")
    assert has(ex, "Kofi Mensah", "LEADS", "Ashanti Gold Works") == {"asserted"}
    ex = run(extractor, "Rania Haddad, who was appointed Lebanon's ambassador to France in May, "
                        "met reporters.")
    assert has(ex, "Rania Haddad", "AFFILIATED_WITH", "Lebanon") == {"asserted"}
    assert not has(ex, "Rania Haddad", "AFFILIATED_WITH", "France")


def test_a_bare_count_or_pair_refers_to_the_people_named_together(extractor: Any) -> None:
    ex = run(extractor, "The indictment names Rafael Ortiz, Hanna Lind and Milo Petrak. "
                        "Prosecutors say the three worked for Norvik Capital.")
    for person in ("Rafael Ortiz", "Hanna Lind", "Milo Petrak"):
        assert has(ex, person, "AFFILIATED_WITH", "Norvik Capital") == {"asserted"}, person
    ex = run(extractor, "Lena Holt and Mark Brandt met Ivan Petrov in Oslo. "
                        "The pair later founded Norvik Capital.")
    assert has(ex, "Lena Holt", "LEADS", "Norvik Capital")
    assert has(ex, "Mark Brandt", "LEADS", "Norvik Capital")
    assert not has(ex, "Ivan Petrov", "LEADS", "Norvik Capital")
    # a count the text did not name stands for nobody
    ex = run(extractor, "Lena Holt and Mark Brandt were charged. "
                        "All three defendants worked for Norvik Capital.")
    assert not [r for r in ex.relations if r.type == "AFFILIATED_WITH"]


def test_a_states_post_abroad_is_an_organisation_of_that_state(extractor: Any) -> None:
    ex = run(extractor, "The Chilean embassy in Canberra declined to comment.")
    assert entity(ex, "Chilean embassy in Canberra").type == "ORGANIZATION"
    ex = run(extractor, "Peru's mission to the United Nations rejected the report.")
    assert entity(ex, "Peru's mission to the United Nations").type == "ORGANIZATION"
    ex = run(extractor, "Arno Vidal, a first secretary at the Chilean embassy in Lima, was "
                        "expelled.")
    assert has(ex, "Arno Vidal", "AFFILIATED_WITH", "Chile") == {"asserted"}
    # a mission in a place is an operation, and an embassy named by no state is no name
    ex = run(extractor, "Chile's mission in Haiti ended in 2019. The embassy in Lima closed.")
    assert {e.name for e in ex.entities} <= {"Chile", "Haiti"}


def test_a_name_introduced_by_its_kind_is_an_organisation(extractor: Any) -> None:
    ex = run(extractor, "Hundreds of channels on the messaging app Kestrelgram spread the "
                        "claim. In a statement emailed to Corvin Wire, the company said it "
                        "had never carried the cargo.")
    assert entity(ex, "Kestrelgram").type == "ORGANIZATION"
    assert entity(ex, "Corvin Wire").type == "ORGANIZATION"
    # a lone word that opens a company's name, and no person's, is that company
    ex = run(extractor, "The report traces the accounts to Haixo Brand Consulting, a "
                        "marketing firm. Local agencies subcontracted for Haixo.")
    assert [e.type for e in ex.entities if "Haixo" in e.name] == ["ORGANIZATION"]


def test_who_acts_with_the_subject_in_a_purpose_clause_acts_too(extractor: Any) -> None:
    ex = run(extractor, "Leaked emails suggest that Ivo Marek coordinated with Dalen Group to "
                        "smear Lena Holt.")
    assert has(ex, "Ivo Marek", "SOUGHT_TO_UNDERMINE", "Lena Holt") == {"hedged"}
    assert has(ex, "Dalen Group", "SOUGHT_TO_UNDERMINE", "Lena Holt") == {"hedged"}
    # meeting someone to talk is no joint act
    ex = run(extractor, "Ivo Marek met with Lena Holt to praise Dalen Group.")
    assert not has(ex, "Lena Holt", "SUPPORTED", "Dalen Group")


@pytest.mark.parametrize("text", [
    "Ivo Marek condemned the attack on Estonia.",
    "Ivo Marek criticised the cyberattacks on Estonia and Latvia.",
    "Estonia launched an inquiry into the attack on Latvia.",
    "Ivo Marek wrote a report on the attack on Estonia.",
    "Lena Holt warned of attacks on Estonia.",
])
def test_an_attack_reacted_to_is_not_the_reacting_ones(extractor: Any, text: str) -> None:
    ex = run(extractor, text)
    assert not [r for r in ex.relations if r.type == "ATTACKED"]


@pytest.mark.parametrize("text", [
    "Hungary opposed the sanctions on Dalen Group.",
    "Hungary blocked the sanctions on Dalen Group.",
    "Ivo Marek spoke about the sanctions on Dalen Group.",
    "Ivo Marek met Lena Holt to discuss the sanctions on Dalen Group.",
    "Dalen Group helped its owners evade the sanctions on Kaspar Lind.",
])
def test_sanctions_reacted_to_are_not_the_reacting_ones(extractor: Any, text: str) -> None:
    ex = run(extractor, text)
    assert not [r for r in ex.relations if r.type == "SANCTIONED"]


def test_events_carried_out_keep_their_actor(extractor: Any) -> None:
    for text in ("Russia launched an attack on Estonia.", "Russia ordered the attack on Estonia.",
                 "Russia carried out a campaign of attacks on Estonia.",
                 "Russia was behind the attack on Estonia.",
                 "Estonia condemned the Russian attack on its grid."):
        assert has(run(extractor, text), "Russia", "ATTACKED", "Estonia"), text
    ex = run(extractor, "Hungary opposed the EU sanctions on Dalen Group.")
    assert has(ex, "European Union", "SANCTIONED", "Dalen Group")
    assert not has(ex, "Hungary", "SANCTIONED", "Dalen Group")


def test_neither_before_titled_names_negates_both(extractor: Any) -> None:
    ex = run(extractor, "Neither the Halden Party's leader, Kaspar Lind, nor its treasurer, "
                        "Mira Sande, ever met the arms broker Ivo Marek, the party said.")
    assert has(ex, "Kaspar Lind", "MET", "Ivo Marek", symmetric=True) == {"negated"}
    assert has(ex, "Mira Sande", "MET", "Ivo Marek", symmetric=True) == {"negated"}
    assert has(ex, "Kaspar Lind", "LEADS", "Halden Party") == {"asserted"}


def test_a_description_before_a_name_is_not_part_of_it(extractor: Any) -> None:
    ex = run(extractor, "Billionaire Oren Vasko has openly backed the Halden Party.")
    assert has(ex, "Oren Vasko", "SUPPORTED", "Halden Party") == {"asserted"}
    ex = run(extractor, "Regulators said Dalen Maritime and its founder, Serbian businessman "
                        "Nenad Vuk, had moved the money.")
    assert has(ex, "Nenad Vuk", "LEADS", "Dalen Maritime") == {"asserted"}


def test_a_name_with_and_that_the_text_calls_a_party(extractor: Any) -> None:
    ex = run(extractor, "Organisers worked for Bread and Honour, a fringe opposition party "
                        "whose leader, Vasile Drun, has lived in Moscow since 2023.")
    assert entity(ex, "Bread and Honour").type == "ORGANIZATION"
    assert has(ex, "Vasile Drun", "LEADS", "Bread and Honour") == {"asserted"}
    # two people listed together stay two people
    ex = run(extractor, "Ilse Novak met Tomas Brandt and Kaspar Lind, a Danish banker.")
    assert entity(ex, "Kaspar Lind").type == "PERSON"


def test_a_role_listed_beside_a_name_is_not_that_names(extractor: Any) -> None:
    ex = run(extractor, "Juan Ferro and a spokesman for Brisa Airways declined to comment.")
    assert not has(ex, "Juan Ferro", "AFFILIATED_WITH", "Brisa Airways")
    ex = run(extractor, "The indictment accuses Lukas Brenner of passing secrets to Iran.")
    assert has(ex, "Lukas Brenner", "COOPERATED_WITH", "Iran") == {"hedged"}


def test_abbreviated_titles_end_no_sentence(extractor: Any) -> None:
    ex = run(extractor, "Hon. Felix Otieno, who is the chairman of the Assembly's roads "
                        "committee, was charged alongside Col. Ilya Sorin.")
    assert entity(ex, "Felix Otieno") is not None and entity(ex, "Ilya Sorin") is not None
    assert not [p for p in ex.problems if p.kind == "caption"]
    # the head of a unit of an organisation is affiliated with it, not its leader
    assert has(ex, "Felix Otieno", "AFFILIATED_WITH", "Assembly") == {"asserted"}
    assert not has(ex, "Felix Otieno", "LEADS", "Assembly")


def test_a_company_name_with_its_kind_and_legal_form(extractor: Any) -> None:
    ex = run(extractor, "Mr. Zhou Bin, the managing director of Lutong Engineering Company "
                        "Limited, was charged.")
    assert entity(ex, "Lutong Engineering Company Limited").type == "ORGANIZATION"
    assert has(ex, "Zhou Bin", "LEADS", "Lutong Engineering Company Limited") == {"asserted"}


def test_a_person_the_model_tags_a_nationality(extractor: Any) -> None:
    ex = run(extractor, "Appearing before the Senate Intelligence Committee, Marguerite Oyelade "
                        "said the intruders, tracked by investigators as Tin Heron, had "
                        "accessed call records.")
    assert entity(ex, "Marguerite Oyelade").type == "PERSON"
    # what a group of intruders is tracked as is the group's name
    assert entity(ex, "Tin Heron").type == "ORGANIZATION"


def test_what_an_organisation_or_state_runs_belongs_to_it(extractor: Any) -> None:
    ex = run(extractor, "For a year, a website called Prawda Dzis published fake stories. The "
                        "site was run from Limassol by a company called Vantor Reach Ltd, records show.")
    assert has(ex, "Prawda Dzis", "AFFILIATED_WITH", "Vantor Reach Ltd") == {"asserted"}
    assert entity(ex, "Limassol") is None  # where it was run from is a place
    ex = run(extractor, "Russia runs the Dalen Network.")
    assert has(ex, "Dalen Network", "AFFILIATED_WITH", "Russia") == {"asserted"}
    # a person who runs it leads it
    ex = run(extractor, "Ivo Marek runs the Dalen Network.")
    assert has(ex, "Ivo Marek", "LEADS", "Dalen Network") == {"asserted"}


def test_a_role_whose_holder_is_the_predicate(extractor: Any) -> None:
    ex = run(extractor, "Dalen Group's chairman is Ivo Marek.")
    assert has(ex, "Ivo Marek", "LEADS", "Dalen Group") == {"asserted"}
    ex = run(extractor, "Vantor Reach Ltd signed the lease. Between March and May, Vantor Reach "
                        "received money from Grodno Trade House.")
    assert [e.type for e in ex.entities if e.name.startswith("Vantor")] == ["ORGANIZATION"]


def test_an_apposition_acts_as_its_name_a_list_does_not(extractor: Any) -> None:
    ex = run(extractor, "Pilar Anzo, Juan Ferro and a spokesman for Brisa Airways all declined "
                        "to comment.")
    assert not [r for r in ex.relations if r.type == "AFFILIATED_WITH"]
    ex = run(extractor, "Helix Labs attributed the campaign to Amber Wolf, a group tied to "
                        "Moscow.")
    assert has(ex, "Amber Wolf", "AFFILIATED_WITH", "Russia")
    assert not has(ex, "Helix Labs", "AFFILIATED_WITH", "Russia")


def test_a_relative_clause_without_a_pronoun_has_its_noun_as_object(extractor: Any) -> None:
    ex = run(extractor, "Norway sanctioned Ivo Marek, a banker it accuses of laundering money.")
    assert has(ex, "Norway", "ACCUSED", "Ivo Marek") == {"asserted"}
    ex = run(extractor, "Ivo Marek, the man Norway sanctioned, met Lena Holt.")
    assert has(ex, "Norway", "SANCTIONED", "Ivo Marek") == {"asserted"}


def test_events_aimed_by_their_verb_and_times_that_own_nothing(extractor: Any) -> None:
    ex = run(extractor, "New sanctions by Canada and Japan target Polyarny Fertilizer.")
    assert has(ex, "Canada", "SANCTIONED", "Polyarny Fertilizer") == {"asserted"}
    assert has(ex, "Japan", "SANCTIONED", "Polyarny Fertilizer") == {"asserted"}
    ex = run(extractor, "The Harran Brigades likely carried out last week's rocket attack on "
                        "Saudi Arabia.")
    assert has(ex, "Harran Brigades", "ATTACKED", "Saudi Arabia") == {"hedged"}


def test_the_name_before_a_title_and_a_person_is_the_employer(extractor: Any) -> None:
    ex = run(extractor, "Nemunas Rail chief executive Dovile Kairyte told reporters that no "
                        "data was stolen.")
    assert has(ex, "Dovile Kairyte", "LEADS", "Nemunas Rail") == {"asserted"}
    # a given name before the title opens a person's name, not an employer's
    ex = run(extractor, "Anna Berg chief executive Dovile Kairyte told reporters.")
    assert entity(ex, "Anna Berg") is None or entity(ex, "Anna Berg").type != "ORGANIZATION"


def test_the_government_of_a_state_is_the_state(extractor: Any) -> None:
    ex = run(extractor, "The Government of Kenya sanctioned Ivo Marek.")
    assert has(ex, "Kenya", "SANCTIONED", "Ivo Marek") == {"asserted"}
    ex = run(extractor, "After an inquiry led by the National Cyber Agency, the Government of "
                        "the Czech Republic attributes this activity to the group known as "
                        "Grey Crane.")
    assert has(ex, "Czech Republic", "ACCUSED", "Grey Crane") == {"asserted"}
    assert entity(ex, "Government of the Czech Republic") is None


def test_saying_someone_committed_a_crime_accuses_them(extractor: Any) -> None:
    ex = run(extractor, "The Treasury Department said Dalen Maritime had channelled money to "
                        "the organisers.")
    assert has(ex, "Treasury Department", "ACCUSED", "Dalen Maritime") == {"asserted"}
    ex = run(extractor, "Ivo Marek laundered the money through Cyprus, according to Europol.")
    assert has(ex, "Europol", "ACCUSED", "Ivo Marek") == {"asserted"}
    # a denial or a victim accuses nobody
    for text in ("Europol said Ivo Marek had not laundered any money.",
                 "The FBI said Dalen Group had been robbed last year."):
        assert not [r for r in run(extractor, text).relations if r.type == "ACCUSED"], text


def test_a_person_of_an_organisation_past_its_modifiers(extractor: Any) -> None:
    ex = run(extractor, "Lidia Ferreyra of the opposition Green Dawn Movement said the vote "
                        "was rigged.")
    assert has(ex, "Lidia Ferreyra", "AFFILIATED_WITH", "Green Dawn Movement") == {"asserted"}
    assert entity(ex, "Lidia Ferreyra").type == "PERSON"
    ex = run(extractor, "Assistant Attorney General Dana Whitby of the Justice Department's "
                        "National Security Division said the case was strong.")
    assert has(ex, "Dana Whitby", "AFFILIATED_WITH", "National Security Division")
    # a unit that is no entity is not its possessor's
    ex = run(extractor, "Ivo Marek of the party's youth wing spoke.")
    assert not ex.relations


def test_names_with_of_the_and_a_plural_possessive(extractor: Any) -> None:
    ex = run(extractor, "The US Department of the Treasury on Friday imposed sanctions on "
                        "Tarvik Maritime.")
    assert has(ex, "US Department of the Treasury", "SANCTIONED", "Tarvik Maritime")
    ex = run(extractor, "Dagny Hallen, leader of the Nordic Dockworkers' Federation, spoke.")
    assert has(ex, "Dagny Hallen", "LEADS", "Nordic Dockworkers' Federation") == {"asserted"}
    ex = run(extractor, "Brin Moss, a hacking collective, claimed the attack.")
    assert entity(ex, "Brin Moss").type == "ORGANIZATION"


def test_a_raised_subject_holds_the_role_and_a_pact_has_a_partner(extractor: Any) -> None:
    ex = run(extractor, "Gennady Orlik is widely believed to be the real boss of Skerry Tankers.")
    assert has(ex, "Gennady Orlik", "LEADS", "Skerry Tankers") == {"hedged"}
    ex = run(extractor, "Japan signed a defence pact with the Philippines in Manila.")
    assert has(ex, "Japan", "COOPERATED_WITH", "Philippines", symmetric=True) == {"asserted"}
    ex = run(extractor, "Orla Kean, an adviser to Irish Taoiseach Declan Murray, resigned.")
    assert has(ex, "Declan Murray", "LEADS", "Ireland") == {"asserted"}


def test_the_institute_refers_back_and_urging_sanctions_imposes_none(extractor: Any) -> None:
    ex = run(extractor, "Hackers targeted staff of the Halden Institute. Among the accounts "
                        "compromised was that of the institute's president, Gwen Pryor, who "
                        "has long urged tighter sanctions on Iran's oil exports.")
    assert has(ex, "Gwen Pryor", "LEADS", "Halden Institute") == {"asserted"}
    assert not has(ex, "Gwen Pryor", "SANCTIONED", "Iran")


def test_occupations_at_an_organisation_and_roles_sworn_into(extractor: Any) -> None:
    ex = run(extractor, "Police arrested Raimo Kettula, a technician at the shipbuilder Harlow "
                        "Yards, on Monday.")
    assert "asserted" in has(ex, "Raimo Kettula", "AFFILIATED_WITH", "Harlow Yards")
    assert entity(ex, "Harlow Yards").type == "ORGANIZATION"
    # an occupation in a place is no affiliation with the place's state
    ex = run(extractor, "Ivo Marek worked with Li Wen, an oil trader based in Singapore.")
    assert not has(ex, "Li Wen", "AFFILIATED_WITH", "Singapore")


def test_double_barrelled_names_and_counterparts_of_titles_with_of(extractor: Any) -> None:
    ex = run(extractor, "Harwood also held talks with Philippine Foreign Secretary Teresa "
                        "Villalba-Ocampo on Friday.")
    assert has(ex, "Teresa Villalba-Ocampo", "AFFILIATED_WITH", "Philippines") == {"asserted"}
    ex = run(extractor, "U.S. Secretary of State Douglas Harwood met his Vietnamese "
                        "counterpart, Tran Minh Quoc, on Thursday.")
    assert has(ex, "Tran Minh Quoc", "AFFILIATED_WITH", "Vietnam") == {"asserted"}


def test_the_head_of_a_unit_at_an_organisation_is_affiliated(extractor: Any) -> None:
    ex = run(extractor, "Ingrid Vesth, head of threat intelligence at Halden Analytics, "
                        "said the attack was over.")
    assert has(ex, "Ingrid Vesth", "AFFILIATED_WITH", "Halden Analytics") == {"asserted"}
    assert not has(ex, "Ingrid Vesth", "LEADS", "Halden Analytics")


def test_a_friendship_between_two_people(extractor: Any) -> None:
    ex = run(extractor, "The friendship between Lorenz Aigl and Timur Sadyk ended in 2020.")
    assert has(ex, "Lorenz Aigl", "ASSOCIATE_OF", "Timur Sadyk", symmetric=True) == {"asserted"}
    ex = run(extractor, "Lorenz Aigl denied any friendship with Timur Sadyk.")
    assert has(ex, "Lorenz Aigl", "ASSOCIATE_OF", "Timur Sadyk", symmetric=True) == {"negated"}


def test_one_seat_among_several_and_names_with_a_last_conjunct(extractor: Any) -> None:
    ex = run(extractor, "Filings show that Ama Boateng was a director of Riverline until 2022.")
    assert has(ex, "Ama Boateng", "AFFILIATED_WITH", "Riverline") == {"asserted"}
    assert not has(ex, "Ama Boateng", "LEADS", "Riverline")
    ex = run(extractor, "Kofi Amoah is the director of Riverline.")
    assert has(ex, "Kofi Amoah", "LEADS", "Riverline") == {"asserted"}
    ex = run(extractor, "The Ministry of Roads and Highways, which Kofi Amoah has led since "
                        "2023, supervises the Highway Authority.")
    assert has(ex, "Kofi Amoah", "LEADS", "Ministry of Roads and Highways") == {"asserted"}
    ex = run(extractor, "The Ghana Highway Authority signed a deal with Riverline. The "
                        "authority's chief executive, Efua Mensa, defended it.")
    assert has(ex, "Efua Mensa", "LEADS", "Ghana Highway Authority") == {"asserted"}


def test_who_is_ordered_to_act_is_the_actor_named_or_not(extractor: Any) -> None:
    ex = run(extractor, "Ivo Marek directed the Haze Wolves to attack Estonia.")
    assert has(ex, "Haze Wolves", "ATTACKED", "Estonia") == {"asserted"}
    assert not has(ex, "Ivo Marek", "ATTACKED", "Estonia")
    ex = run(extractor, "Ivo Marek ordered an unnamed hacking team to break into the network "
                        "of Dalen Group.")
    assert not has(ex, "Ivo Marek", "ATTACKED", "Dalen Group")


def test_an_honorific_picks_the_bearer_of_a_shared_family_name(extractor: Any) -> None:
    ex = run(extractor, "Roads Minister Yaw Mensa-Boadu was sworn in in 2023. Kwesi Ampah is the "
                        "brother of the minister's wife, Akosua Mensa-Boadu. Filings show that "
                        "Mrs Mensa-Boadu was a director of Riverline until 2022.")
    assert has(ex, "Akosua Mensa-Boadu", "AFFILIATED_WITH", "Riverline") == {"asserted"}
    assert not has(ex, "Yaw Mensa-Boadu", "AFFILIATED_WITH", "Riverline")


# --- session 9: descriptions named later, announcing bodies, raised passives --------------

def test_lede_description_is_the_person_named_next(extractor: Any) -> None:
    ex = run(extractor, "Dutch prosecutors on Monday charged a Rotterdam shipping broker and "
                        "his accountant with helping Iran evade sanctions. Maarten Kuipers, "
                        "61, and his accountant, Ellen Dekker, were arrested at their homes.")
    assert has(ex, "Netherlands", "ACCUSED", "Maarten Kuipers")
    assert has(ex, "Netherlands", "ACCUSED", "Ellen Dekker")


def test_counted_description_is_the_next_people_named(extractor: Any) -> None:
    ex = run(extractor, "The Justice Department charged two Belarusian men with spying. Pavel "
                        "Zhuk, 44, and Oleg Marchuk, 39, were arrested in Chicago.")
    assert has(ex, "Justice Department", "ACCUSED", "Pavel Zhuk")
    assert has(ex, "Justice Department", "ACCUSED", "Oleg Marchuk")


def test_description_with_its_own_noun_later(extractor: Any) -> None:
    ex = run(extractor, "Canada sanctioned a Maltese fuel supplier on Friday. Officials said "
                        "the measures followed months of work. Vella Bunkering, a Valletta "
                        "fuel supplier, declined to comment.")
    assert has(ex, "Canada", "SANCTIONED", "Vella Bunkering")


def test_description_not_named_next_stays_unresolved(extractor: Any) -> None:
    # the next sentence names a person who is not described: only the speaker is named
    ex = run(extractor, "Latvia expelled a Russian diplomat on Tuesday. The ministry gave "
                        "no reason, a spokesman for Prime Minister Inga Roze said.")
    assert not [r for r in ex.relations if r.type not in ("LEADS", "AFFILIATED_WITH")]


def test_description_of_a_firm_is_not_the_next_firm_named(extractor: Any) -> None:
    ex = run(extractor, "A Cypriot shipping company smuggled drone parts to Iran, prosecutors "
                        "said. The charges were filed by the Office of the State Prosecutor "
                        "against Kition Lines.")
    assert not has(ex, "Office of the State Prosecutor", "COOPERATED_WITH", "Iran")


def test_announcing_body_brings_an_agentless_charge(extractor: Any) -> None:
    ex = run(extractor, "Ivo Marek and Jana Sokol were indicted on fraud charges, the Czech "
                        "Interior Ministry said.")
    assert has(ex, "Czech Interior Ministry", "ACCUSED", "Ivo Marek")
    assert has(ex, "Czech Interior Ministry", "ACCUSED", "Jana Sokol")


def test_a_lawyer_announcing_a_charge_brings_none(extractor: Any) -> None:
    ex = run(extractor, "Ivo Marek was indicted on fraud charges, his lawyer Petra Vlk said.")
    assert not [r for r in ex.relations if r.type == "ACCUSED"]


def test_charged_description_with_gerund_is_not_the_charger(extractor: Any) -> None:
    ex = run(extractor, "Polish prosecutors charged a Gdansk consultant with working for "
                        "Belarus to smear the journalist Ewa Mroz.")
    assert not has(ex, "Poland", "COOPERATED_WITH", "Belarus")
    assert not has(ex, "Poland", "SOUGHT_TO_UNDERMINE", "Ewa Mroz")


def test_raised_passive_subject_is_the_patient(extractor: Any) -> None:
    ex = run(extractor, "The Sokol Group is believed to have been funded by Artem Sokolov.")
    assert has(ex, "Artem Sokolov", "SUPPORTED", "Sokol Group") == {"hedged"}


def test_her_government_is_the_state_she_leads(extractor: Any) -> None:
    ex = run(extractor, "Lithuanian Prime Minister Rasa Jankute spoke in Vilnius. Her "
                        "government has accused Belarus of smuggling migrants.")
    assert has(ex, "Lithuania", "ACCUSED", "Belarus")


def test_they_is_the_last_plural_subject(extractor: Any) -> None:
    ex = run(extractor, "Georgian police detained Levan Beridze on Monday. They accused him "
                        "of spying for Russia.")
    assert has(ex, "Georgia", "ACCUSED", "Levan Beridze")


def test_them_reaches_a_role_with_its_holder(extractor: Any) -> None:
    ex = run(extractor, "Norway sanctioned Fjord Metals and its owner Knut Aas, accusing them "
                        "of shipping steel to Russia.")
    assert has(ex, "Norway", "ACCUSED", "Fjord Metals")
    assert has(ex, "Norway", "ACCUSED", "Knut Aas")


def test_attack_blamed_on_a_state_hits_the_blamer(extractor: Any) -> None:
    ex = run(extractor, "Finland blamed Moscow for the attack that knocked its customs "
                        "service offline.")
    assert has(ex, "Finland", "ACCUSED", "Russia") == {"asserted"}
    assert has(ex, "Russia", "ATTACKED", "Finland") == {"hedged"}


def test_whose_is_the_name_before(extractor: Any) -> None:
    ex = run(extractor, "Ines Varga, whose husband Tamas Varga runs Kolvex, met the minister.")
    assert has(ex, "Ines Varga", "RELATIVE_OF", "Tamas Varga")
    assert has(ex, "Tamas Varga", "LEADS", "Kolvex")


def test_who_after_a_role_at_a_place_is_the_person(extractor: Any) -> None:
    ex = run(extractor, "He met Pavel Orlov, an attache at the Russian embassy in Riga, who is "
                        "believed to be an officer of the SVR.")
    assert has(ex, "Pavel Orlov", "AFFILIATED_WITH", "SVR")
    assert not has(ex, "Russian embassy in Riga", "AFFILIATED_WITH", "SVR")


def test_not_disclosing_a_fact_does_not_deny_it(extractor: Any) -> None:
    ex = run(extractor, "Anna Kral broke the law by not disclosing that she was working for "
                        "the government of Hungary.")
    assert "negated" not in (has(ex, "Anna Kral", "AFFILIATED_WITH", "Hungary") or set())


def test_description_after_comma_is_the_firm_before(extractor: Any) -> None:
    ex = run(extractor, "Britain sanctioned Emil Sarkis and Vartan Mining, the company he owns.")
    assert has(ex, "Emil Sarkis", "LEADS", "Vartan Mining")
    assert entity(ex, "Emil Sarkis") and entity(ex, "Vartan Mining")


def test_named_network_tagged_as_a_place(extractor: Any) -> None:
    ex = run(extractor, "Court papers show that the broker Jan Peeters worked with the "
                        "Duskfall network to move drone parts.")
    assert has(ex, "Jan Peeters", "COOPERATED_WITH", "Duskfall")


def test_office_of_a_title_is_one_name(extractor: Any) -> None:
    ex = run(extractor, "A spokesperson for the Office of the Special Prosecutor said the "
                        "petition had been received.")
    assert entity(ex, "Office of the Special Prosecutor")


def test_dateline_with_state_abbreviation_is_no_actor(extractor: Any) -> None:
    ex = run(extractor, "Headline here\n\nALEXANDRIA, Va. (Capital Ledger) — The Justice "
                        "Department charged Omid Rahimi with hacking.")
    assert has(ex, "Justice Department", "ACCUSED", "Omid Rahimi")
    assert not has(ex, "Capital Ledger", "ACCUSED", "Omid Rahimi")


def test_named_as_the_culprit_is_an_accusation(extractor: Any) -> None:
    ex = run(extractor, "The OSCE named the Dniester Brigade as the likely culprit behind the "
                        "attacks on Moldova's border posts.")
    assert has(ex, "OSCE", "ACCUSED", "Dniester Brigade")
    assert has(ex, "Dniester Brigade", "ATTACKED", "Moldova") == {"hedged"}


def test_named_as_chair_is_no_accusation(extractor: Any) -> None:
    ex = run(extractor, "The board named Ilse Novak as its chair.")
    assert not [r for r in ex.relations if r.type == "ACCUSED"]


def test_the_statement_speaks_for_its_issuer(extractor: Any) -> None:
    ex = run(extractor, "Olga Venn was detained on Friday, the Justice Department said in a "
                        "statement. Venn was charged with acting as an agent of Russia, the "
                        "statement said.")
    assert has(ex, "Justice Department", "ACCUSED", "Olga Venn")


def test_a_reports_finding_is_not_its_issuers_act(extractor: Any) -> None:
    ex = run(extractor, "The Foreign Office published a report on Monday. The report found "
                        "a campaign by Iran, seeking to undermine Tomas Brandt.")
    assert not has(ex, "Foreign Office", "SOUGHT_TO_UNDERMINE", "Tomas Brandt")


def test_apposition_after_an_age_in_a_list_is_the_last_name(extractor: Any) -> None:
    ex = run(extractor, "Charged are Ilse Novak, 52, a Latvian national; and Arvid Kell, 61, "
                        "a former sales manager at the chipmaker Korvex Systems.")
    assert has(ex, "Arvid Kell", "AFFILIATED_WITH", "Korvex Systems")
    assert not has(ex, "Ilse Novak", "AFFILIATED_WITH", "Korvex Systems")


def test_whose_after_a_named_network(extractor: Any) -> None:
    ex = run(extractor, "The vote was targeted by the Orel Media network, whose operations "
                        "were directed by strategist Ivo Kanev, monitors said.")
    assert has(ex, "Ivo Kanev", "AUTHORIZED", "Orel Media")


def test_a_surname_named_before_is_not_merged_into_a_firm(extractor: Any) -> None:
    ex = run(extractor, "Norway sanctioned Stavros Melas on Monday. Britain said it had also "
                        "sanctioned Melas and Kition Bunkering, a Limassol fuel supplier.")
    assert entity(ex, "Stavros Melas")
    assert not entity(ex, "Melas and Kition Bunkering")


def test_a_description_is_not_the_one_who_says_it(extractor: Any) -> None:
    ex = run(extractor, "The European Union imposed sanctions on a ship manager, saying the "
                        "network had helped Russia sell oil.")
    assert not has(ex, "European Union", "SUPPORTED", "Russia")


def test_he_opening_a_sentence_is_the_last_speaker(extractor: Any) -> None:
    ex = run(extractor, "Interior Minister Jonas Berg spoke first. \"We did nothing wrong,\" "
                        "Zhou Ming said. He accused Sweden of spreading lies.")
    assert has(ex, "Zhou Ming", "ACCUSED", "Sweden")
    assert not has(ex, "Jonas Berg", "ACCUSED", "Sweden")


def test_a_group_it_calls_x_is_no_affiliation(extractor: Any) -> None:
    ex = run(extractor, "The agency said the breach was carried out by a group it calls "
                        "Amber Wren.")
    assert not [r for r in ex.relations if r.type == "AFFILIATED_WITH"]


def test_description_named_by_a_naming_clause(extractor: Any) -> None:
    ex = run(extractor, "Estonia blamed the attack on a hacking group. Officials gave few "
                        "details. The KAPO said the breach was the work of a group it calls "
                        "Grey Otter.")
    assert has(ex, "Estonia", "ACCUSED", "Grey Otter")


def test_short_form_of_a_firm_tagged_a_place(extractor: Any) -> None:
    ex = run(extractor, "Hackers hit Nordhaven Logistics in May. Nordhaven's chief executive, "
                        "Femke Bos, said no ransom was paid.")
    assert has(ex, "Femke Bos", "LEADS", "Nordhaven Logistics")


def test_title_speaking_first_is_the_person_named_next(extractor: Any) -> None:
    ex = run(extractor, "Executives from the streaming firm Vidora faced questions from MPs. "
                        "\"We acted too slowly,\" Vidora's chief executive told the committee. "
                        "\"That is my fault,\" Anja Berglund said.")
    assert has(ex, "Anja Berglund", "LEADS", "Vidora")


def test_title_named_before_is_no_cataphora(extractor: Any) -> None:
    ex = run(extractor, "Vidora chief executive Tom Hale met MPs. Vidora's chief executive "
                        "told the committee it had acted. Anja Berglund, an MP, said more "
                        "was needed.")
    assert not has(ex, "Anja Berglund", "LEADS", "Vidora")


@pytest.mark.parametrize("verb", ["acquitted", "cleared", "exonerated"])
def test_acquitted_of_an_act_denies_it(extractor: Any, verb: str) -> None:
    ex = run(extractor, f"A Vilnius court {verb} Ona Petraite of spying for Belarus.")
    assert has(ex, "Ona Petraite", "AFFILIATED_WITH", "Belarus") == {"negated"}


def test_claim_in_posts_never_written_is_no_claim(extractor: Any) -> None:
    ex = run(extractor, "She was fired after she refused to write posts claiming that Tomas "
                        "Brandt worked for the Kestrel Group.")
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Kestrel Group") == {"negated"}
    ex = run(extractor, "The site published posts claiming that Tomas Brandt worked for the "
                        "Kestrel Group.")
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Kestrel Group") == {"hedged"}


def test_they_is_not_the_object_it_accuses(extractor: Any) -> None:
    ex = run(extractor, "Austrian prosecutors say Lukas Brenner and Emre Sahin met in Graz, and "
                        "they accuse the two men of laundering money for Vela Holding.")
    assert has(ex, "Austria", "ACCUSED", "Lukas Brenner")
    assert not has(ex, "Lukas Brenner", "ACCUSED", "Emre Sahin")
    assert not has(ex, "Emre Sahin", "ACCUSED", "Lukas Brenner")


def test_attacks_blamed_on_a_group_in_the_passive(extractor: Any) -> None:
    ex = run(extractor, "A wave of attacks on Latvian government websites was blamed by Riga on "
                        "Ash Heron, a hacker group.")
    assert has(ex, "Ash Heron", "ATTACKED", "Latvia") == {"hedged"}
    assert has(ex, "Latvia", "ACCUSED", "Ash Heron")


def test_among_those_sanctioned_were(extractor: Any) -> None:
    ex = run(extractor, "Among those sanctioned by Canada were Pavel Lisin and his wife, Olga "
                        "Lisina.")
    assert has(ex, "Canada", "SANCTIONED", "Pavel Lisin") == {"asserted"}
    assert has(ex, "Canada", "SANCTIONED", "Olga Lisina") == {"asserted"}


def test_quoted_nickname_inside_a_name(extractor: Any) -> None:
    ex = run(extractor, "Firms owned by relatives of Mayor Ramon \"Jojo\" Castillo won the "
                        "contracts. Castillo denied any wrongdoing.")
    person = entity(ex, "Ramon Castillo")
    assert person is not None and person.type == "PERSON"
    assert not entity(ex, "Ramon") and not entity(ex, "Castillo")


def test_whose_title_is_a_relative_named_in_apposition(extractor: Any) -> None:
    ex = run(extractor, "The contract went to Dos Rios Builders Inc., whose president is the "
                        "mayor's elder sister, Liza Moreno-Santos.")
    assert has(ex, "Liza Moreno-Santos", "LEADS", "Dos Rios Builders Inc.")


def test_double_family_name_missed_by_the_model_is_a_person(extractor: Any) -> None:
    ex = run(extractor, "The contract went to Dos Rios Builders Inc., whose president is the "
                        "mayor's elder sister, Liza Moreno-Santos.")
    person = entity(ex, "Liza Moreno-Santos")
    assert person is not None and person.type == "PERSON"


def test_saying_who_carried_out_an_attack_accuses_them(extractor: Any) -> None:
    ex = run(extractor, "Swedish Defence Minister Per Dahl said the attack had been carried "
                        "out by Frostbite, a ransomware group.")
    assert has(ex, "Per Dahl", "ACCUSED", "Frostbite")


def test_hallmarks_and_responsibility_accuse(extractor: Any) -> None:
    ex = run(extractor, "Nordsec said the intrusion bore the hallmarks of Pale Moth.")
    assert has(ex, "Nordsec", "ACCUSED", "Pale Moth")
    ex = run(extractor, "The CERT said it had high confidence that Pale Moth was responsible.")
    assert has(ex, "CERT", "ACCUSED", "Pale Moth")


def test_no_evidence_of_responsibility_accuses_nobody(extractor: Any) -> None:
    ex = run(extractor, "Nordsec said it had found no evidence that Pale Moth was responsible.")
    assert not [r for r in ex.relations if r.type == "ACCUSED"]
    ex = run(extractor, "Nordsec said Pale Moth was not responsible.")
    assert not [r for r in ex.relations if r.type == "ACCUSED"]


def test_appointed_to_the_board_of(extractor: Any) -> None:
    ex = run(extractor, "Ngozi Adeyemi and Tunde Bello were appointed to the board of Delta "
                        "Crest Oil on Thursday.")
    assert has(ex, "Ngozi Adeyemi", "AFFILIATED_WITH", "Delta Crest Oil") == {"asserted"}
    assert has(ex, "Tunde Bello", "AFFILIATED_WITH", "Delta Crest Oil") == {"asserted"}


def test_candidate_of_a_party_not_of_a_state(extractor: Any) -> None:
    ex = run(extractor, "Vesna Kralj, the candidate of the Civic Renewal party, spoke in Nis.")
    assert has(ex, "Vesna Kralj", "AFFILIATED_WITH", "Civic Renewal")
    ex = run(extractor, "Hana Lisk was the preferred candidate of the Kremlin.")
    assert not has(ex, "Hana Lisk", "AFFILIATED_WITH", "Russia")


def test_group_tagged_a_nationality_is_an_organisation(extractor: Any) -> None:
    ex = run(extractor, "Officials warned that Black Marlin, a group tied to Iran, could target "
                        "the port operator Zeeland Logistics.")
    group = entity(ex, "Black Marlin")
    assert group is not None and group.type == "ORGANIZATION"
    assert has(ex, "Black Marlin", "ATTACKED", "Zeeland Logistics") == {"hypothetical"}


def test_a_platform_taking_down_accounts_attacks_nobody(extractor: Any) -> None:
    ex = run(extractor, "Vidora took down 900 accounts run by the Grey Lantern network.")
    assert not [r for r in ex.relations if r.type in ("ATTACKED", "ACCUSED")]


def test_officials_linking_x_to_a_state(extractor: Any) -> None:
    ex = run(extractor, "Grey Lantern, which British officials have linked to the Russian "
                        "state, posted the videos.")
    assert has(ex, "Grey Lantern", "AFFILIATED_WITH", "Russia")
    assert not has(ex, "Grey Lantern", "AFFILIATED_WITH", "United Kingdom")


def test_name_modifying_a_role_only_an_organisation_has(extractor: Any) -> None:
    # (the tagger reads "Gazmora" as a place: no place has an executive, a city's would be
    # "a Hamburg executive", which names no employer)
    ex = run(extractor, "Prosecutors charged Ivan Petrov, a Gazmora executive, with fraud.")
    assert has(ex, "Ivan Petrov", "AFFILIATED_WITH", "Gazmora") == {"asserted"}
    assert not run(extractor, "A Hamburg executive resigned.").relations


def test_acronym_after_a_states_possessive_is_a_body(extractor: Any) -> None:
    ex = run(extractor, "The leak was attributed to Sable Kite, a group tied to Iran's MOIS.")
    body = entity(ex, "MOIS")
    assert body is not None and body.type == "ORGANIZATION"
    # what describes the one blamed is asserted; the blame itself is not this edge
    assert has(ex, "Sable Kite", "AFFILIATED_WITH", "MOIS") == {"asserted"}
    assert not has(ex, "Sable Kite", "AFFILIATED_WITH", "Iran")


def test_description_of_the_accused_is_asserted(extractor: Any) -> None:
    ex = run(extractor, "Investigators accused Lena Hartwig, a Korvana executive, of bribing "
                        "Tomas Brandt.")
    assert has(ex, "Lena Hartwig", "AFFILIATED_WITH", "Korvana") == {"asserted"}


def test_ministry_described_in_lowercase_is_one_organisation(extractor: Any) -> None:
    ex = run(extractor, "Lena Hartwig, a spokeswoman for the Latvian foreign ministry, "
                        "declined to comment.")
    assert has(ex, "Lena Hartwig", "AFFILIATED_WITH", "Latvian foreign ministry")
    assert entity(ex, "Latvian foreign") is None


def test_party_name_holding_a_state_name(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt, a lawmaker from the United Georgia party, met "
                        "Lena Hartwig.")
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "United Georgia") == {"asserted"}
    assert entity(ex, "Georgia") is None
    # a lawmaker from a state is only where he is from
    ex = run(extractor, "Tomas Brandt, a businessman from Latvia, met Lena Hartwig.")
    assert not has(ex, "Tomas Brandt", "AFFILIATED_WITH", "Latvia")


def test_demonym_of_two_words(extractor: Any) -> None:
    ex = run(extractor, "The South Korean government sanctioned Korvana Shipping.")
    assert has(ex, "South Korea", "SANCTIONED", "Korvana Shipping") == {"asserted"}
    ex = run(extractor, "Tomas Brandt, a North Korean diplomat, met Lena Hartwig.")
    assert has(ex, "Tomas Brandt", "AFFILIATED_WITH", "North Korea")


def test_relative_clause_without_that_parsed_as_apposition(extractor: Any) -> None:
    ex = run(extractor, "The sanctions Latvia imposed on Korvana Shipping hurt its profits.")
    assert has(ex, "Latvia", "SANCTIONED", "Korvana Shipping") == {"asserted"}
    ex = run(extractor, "The sanctions, Latvia said, hurt Korvana Shipping.")
    assert not has(ex, "Latvia", "SANCTIONED", "Korvana Shipping")


def test_role_noun_held_by_someone_else(extractor: Any) -> None:
    # the subject sends or hires the role's holder: it is not the holder
    for text in ("Arvid Kell sent an envoy to Belarus.",
                 "Arvid Kell hired lobbyists for Korvana Shipping."):
        assert not run(extractor, text).relations, text
    # ... but is the holder where the noun says what the subject is
    ex = run(extractor, "Arvid Kell worked as a lobbyist for Korvana Shipping.")
    assert has(ex, "Arvid Kell", "AFFILIATED_WITH", "Korvana Shipping") == {"asserted"}


def test_unit_of_a_body_and_recruitment(extractor: Any) -> None:
    ex = run(extractor, "Sable Kite, a hacking unit within Iran's MOIS, recruited Tomas Brandt.")
    assert has(ex, "Sable Kite", "AFFILIATED_WITH", "MOIS") == {"asserted"}
    assert has(ex, "Sable Kite", "COOPERATED_WITH", "Tomas Brandt") == {"asserted"}


def test_to_plus_a_persons_noun_is_no_infinitive(extractor: Any) -> None:
    # the tagger reads "to businessman" as a verb; a noun of a person before a name is none
    ex = run(extractor, "Milan Kovac, a former adviser to businessman Juraj Hrasko, resigned.")
    assert has(ex, "Milan Kovac", "ASSOCIATE_OF", "Juraj Hrasko", symmetric=True)
    ex = run(extractor, "The clemency that Arvid Kell granted to tycoon Vlad Ciobanu drew "
                        "protests.")
    assert has(ex, "Arvid Kell", "PARDONED", "Vlad Ciobanu") == {"asserted"}


def test_what_one_founds_is_an_organisation(extractor: Any) -> None:
    # "Nova" is a given name, but no one founds a person: "she" is the founder
    ex = run(extractor, "Vera Sokolova founded Nova Signal in 2010. Three years later she met "
                        "Tomas Brandt.")
    firm = entity(ex, "Nova Signal")
    assert firm is not None and firm.type == "ORGANIZATION"
    assert has(ex, "Vera Sokolova", "MET", "Tomas Brandt", symmetric=True)


def test_a_company_is_no_union_of_states(extractor: Any) -> None:
    ex = run(extractor, "Halden Shipping was sanctioned by the European Union on Monday. "
                        "The company is run by Erik Sandvold.")
    assert has(ex, "Erik Sandvold", "LEADS", "Halden Shipping")
    assert not has(ex, "Erik Sandvold", "LEADS", "European Union")


def test_branch_of_a_states_intelligence(extractor: Any) -> None:
    ex = run(extractor, "Jurgen Falk passed secrets to Russian military intelligence.")
    assert has(ex, "Jurgen Falk", "COOPERATED_WITH", "Russian military intelligence")


def test_money_sent_is_support(extractor: Any) -> None:
    ex = run(extractor, "Nadia Rahimi funnelled money to the Crescent Brigade.")
    assert has(ex, "Nadia Rahimi", "SUPPORTED", "Crescent Brigade") == {"asserted"}
    ex = run(extractor, "Nadia Rahimi funnelled weapons to the Crescent Brigade.")
    assert not has(ex, "Nadia Rahimi", "SUPPORTED", "Crescent Brigade")


def test_the_attack_refers_back_to_the_act_named_before(extractor: Any) -> None:
    ex = run(extractor, "Korvana Shipping was hit by a ransomware attack last week. Latvian "
                        "officials blamed the attack on the Sable Kite group.")
    assert has(ex, "Sable Kite", "ATTACKED", "Korvana Shipping") == {"hedged"}
    ex = run(extractor, "Hackers broke into the networks of Korvana Shipping in May. The "
                        "intrusion was carried out by the Sable Kite group, investigators said.")
    assert has(ex, "Sable Kite", "ATTACKED", "Korvana Shipping") == {"asserted"}
    # the latest act named is the one referred to
    ex = run(extractor, "Korvana Shipping was hacked in May. In June, hackers attacked Baltic "
                        "Rail. Officials said the attack was carried out by the Sable Kite group.")
    assert has(ex, "Sable Kite", "ATTACKED", "Baltic Rail")
    assert not has(ex, "Sable Kite", "ATTACKED", "Korvana Shipping")
    # an indefinite act is a new one
    ex = run(extractor, "Korvana Shipping was hacked in May. Officials said an attack was "
                        "carried out by the Sable Kite group in June.")
    assert not has(ex, "Sable Kite", "ATTACKED", "Korvana Shipping")


def test_who_claims_responsibility_did_it(extractor: Any) -> None:
    ex = run(extractor, "The Sable Kite group claimed responsibility for the attack on Korvana "
                        "Shipping.")
    assert has(ex, "Sable Kite", "ATTACKED", "Korvana Shipping") == {"asserted"}
    ex = run(extractor, "The Sable Kite group denied responsibility for the attack on Korvana "
                        "Shipping.")
    assert has(ex, "Sable Kite", "ATTACKED", "Korvana Shipping") == {"negated"}
    ex = run(extractor, "The attack on Korvana Shipping was the work of the Sable Kite group, "
                        "officials said.")
    assert has(ex, "Sable Kite", "ATTACKED", "Korvana Shipping") == {"asserted"}


def test_struck_by_an_act(extractor: Any) -> None:
    ex = run(extractor, "Korvana Shipping was crippled by attacks from the Sable Kite group.")
    assert has(ex, "Sable Kite", "ATTACKED", "Korvana Shipping") == {"asserted"}
    ex = run(extractor, "Korvana Shipping was hit by sanctions from the European Union.")
    assert has(ex, "European Union", "SANCTIONED", "Korvana Shipping") == {"asserted"}


def test_list_of_companies_is_split_at_its_last_and(extractor: Any) -> None:
    ex = run(extractor, "The Treasury sanctioned Oleg Markov and his three companies, Vantor "
                        "Ltd, Baltic Reach and Kestrel Oil.")
    for firm in ("Vantor Ltd", "Baltic Reach", "Kestrel Oil"):
        assert has(ex, "Treasury", "SANCTIONED", firm) == {"asserted"}, firm
        assert has(ex, "Oleg Markov", "AFFILIATED_WITH", firm), firm


def test_aimed_to_states_the_effort(extractor: Any) -> None:
    ex = run(extractor, "The campaign, run by Vantor Ltd, aimed to boost support for the "
                        "Homeland Union party.")
    assert has(ex, "Vantor Ltd", "SUPPORTED", "Homeland Union") == {"asserted"}
    ex = run(extractor, "Vantor Ltd plans to boost support for the Homeland Union party.")
    assert has(ex, "Vantor Ltd", "SUPPORTED", "Homeland Union") == {"hypothetical"}


@pytest.mark.parametrize("text", [
    "Latvia has yet to sanction Korvana Shipping.",
    "Korvana Shipping is yet to be sanctioned by Latvia.",
    "Latvia has so far refrained from sanctioning Korvana Shipping.",
    "Latvia balked at sanctioning Korvana Shipping.",
    "Latvia has held off on sanctioning Korvana Shipping.",
])
def test_an_act_not_done_so_far_is_negated(extractor: Any, text: str) -> None:
    assert has(run(extractor, text), "Latvia", "SANCTIONED", "Korvana Shipping") == {"negated"}


def test_an_act_done_before_it_stopped_is_not_negated(extractor: Any) -> None:
    ex = run(extractor, "Latvia sanctioned Korvana Shipping in May and held a summit in June.")
    assert has(ex, "Latvia", "SANCTIONED", "Korvana Shipping") == {"asserted"}


def test_hyphenated_kin_word_parsed_as_three(extractor: Any) -> None:
    ex = run(extractor, "Tomas Brandt's ex-wife, Anna Vogel, sued him.")
    assert has(ex, "Tomas Brandt", "RELATIVE_OF", "Anna Vogel", symmetric=True) == {"asserted"}


def test_he_after_a_reported_subject_in_apposition(extractor: Any) -> None:
    ex = run(extractor, "The aide, Karlis Ozols, worked for Inese Liepa, prosecutors said. He "
                        "is accused of passing documents to Dmitry Orlov.")
    assert has(ex, "Karlis Ozols", "COOPERATED_WITH", "Dmitry Orlov") == {"hedged"}


def test_party_name_tagged_a_nationality(extractor: Any) -> None:
    ex = run(extractor, "Inese Liepa of the opposition Harmony party met Ivan Petrov.")
    assert has(ex, "Inese Liepa", "AFFILIATED_WITH", "Harmony") == {"asserted"}


def test_our_democracy_in_a_state_leaders_quote(extractor: Any) -> None:
    ex = run(extractor, 'Latvian Prime Minister Evika Kalna said Russia "continues to try to '
                        'undermine our democracy".')
    assert has(ex, "Russia", "SOUGHT_TO_UNDERMINE", "Latvia") == {"asserted"}
    assert not has(ex, "Russia", "SOUGHT_TO_UNDERMINE", "Evika Kalna")


def test_acronym_after_the_and_a_demonym_is_a_body(extractor: Any) -> None:
    ex = run(extractor, "Investigators said Black Lynx works for the Belarusian KGB.")
    assert has(ex, "Black Lynx", "AFFILIATED_WITH", "KGB") == {"asserted"}


def test_an_acts_relative_clause_names_whom_it_struck(extractor: Any) -> None:
    ex = run(extractor, "A ransomware attack that crippled computer systems at Medicor, "
                        "Poland's largest hospital chain, was carried out by the Black Lynx "
                        "group, officials said.")
    assert has(ex, "Black Lynx", "ATTACKED", "Medicor") == {"asserted"}
    assert not has(ex, "Black Lynx", "ATTACKED", "Poland")


def test_short_name_of_a_company_without_its_trade(extractor: Any) -> None:
    ex = run(extractor, "Officials said Arvid Kell worked with Hai Lan Petroleum Trading. The "
                        "sanctions Washington imposed on Hai Lan froze its assets.")
    assert has(ex, "United States", "SANCTIONED", "Hai Lan Petroleum Trading") == {"asserted"}
    assert entity(ex, "Hai Lan") is None


def test_accused_role_then_described_name(extractor: Any) -> None:
    ex = run(extractor, "The Treasury Department accused the network's operator, Emirati "
                        "businessman Rashid Al-Nouri, of disguising the cargoes.")
    assert has(ex, "Treasury Department", "ACCUSED", "Rashid Al-Nouri") == {"asserted"}
    assert not has(ex, "Rashid Al-Nouri", "AFFILIATED_WITH", "Treasury Department")


def test_who_blames_an_act_did_not_do_it(extractor: Any) -> None:
    ex = run(extractor, "Australia on Friday blamed a hacking group linked to China's Ministry "
                        "of State Security for a ransomware attack that crippled the computer "
                        "systems of Meridale Health.")
    assert not has(ex, "Australia", "ATTACKED", "Meridale Health")
    ex = run(extractor, "Australia blamed Crimson Lantern for an attack on Meridale Health.")
    assert has(ex, "Crimson Lantern", "ATTACKED", "Meridale Health") == {"hedged"}


def test_group_known_to_researchers_as_a_name(extractor: Any) -> None:
    ex = run(extractor, "Meridale Health was hit by a ransomware attack. Officials said the "
                        "group, known to researchers as Crimson Lantern, carried out the attack.")
    group = entity(ex, "Crimson Lantern")
    assert group is not None and group.type == "ORGANIZATION"
    assert has(ex, "Crimson Lantern", "ATTACKED", "Meridale Health")


def test_opposing_all_forms_of_attacks_is_no_attack(extractor: Any) -> None:
    ex = run(extractor, "Zhao Lirong said China firmly opposes all forms of cyber attacks.")
    assert not ex.relations


def test_contractor_for_a_body(extractor: Any) -> None:
    ex = run(extractor, "Crimson Lantern worked with Hainan Xinwei Technology, a contractor for "
                        "the Ministry of State Security.")
    assert has(ex, "Hainan Xinwei Technology", "AFFILIATED_WITH", "Ministry of State Security")


def test_a_verb_after_a_closing_quote_is_the_speakers(extractor: Any) -> None:
    ex = run(extractor, 'Oleg Varlamov insisted that Russia "has never interfered in Moldova" '
                        'and accused the Moldovan authorities of whipping up spy mania.')
    assert has(ex, "Oleg Varlamov", "ACCUSED", "Moldova") == {"asserted"}
    assert has(ex, "Russia", "INTERFERED_IN", "Moldova") == {"negated"}


def test_the_company_is_the_business_named_since(extractor: Any) -> None:
    ex = run(extractor, "Accounts run by a marketing company in Moscow smeared the candidate. "
                        "The operation was run by Stratagem Digital, a firm tied to the Kremlin. "
                        "The company was founded by Arkady Veselov.")
    assert has(ex, "Arkady Veselov", "LEADS", "Stratagem Digital") == {"asserted"}


def test_closer_ties_are_wished_for(extractor: Any) -> None:
    ex = run(extractor, "Vasile Ursu, who has campaigned on closer ties with Moscow, spoke.")
    assert has(ex, "Vasile Ursu", "AFFILIATED_WITH", "Russia") == {"hypothetical"}


def test_ministry_spokesman_serves_the_state_too(extractor: Any) -> None:
    ex = run(extractor, "Iranian foreign ministry spokesman Hossein Rafavi called them lies.")
    assert has(ex, "Hossein Rafavi", "AFFILIATED_WITH", "Iranian Foreign Ministry")
    assert has(ex, "Hossein Rafavi", "AFFILIATED_WITH", "Iran")
    ex = run(extractor, "Anatol Glaz, a spokesman for the Belarusian foreign ministry, denied it.")
    assert has(ex, "Anatol Glaz", "AFFILIATED_WITH", "Belarusian Foreign Ministry")


def test_portfolio_in_a_title_names_the_department(extractor: Any) -> None:
    ex = run(extractor, 'The Treasury Department sanctioned Golden Strait Shipping. "These '
                        'designations target the fleet," said Deputy Treasury Secretary Karen '
                        'Olsted.')
    assert has(ex, "Karen Olsted", "AFFILIATED_WITH", "Treasury Department") == {"asserted"}


def test_two_company_names_joined_by_and(extractor: Any) -> None:
    ex = run(extractor, "Golden Strait Shipping and Hai Lan Petroleum Trading moved the oil.")
    assert entity(ex, "Golden Strait Shipping") is not None
    assert entity(ex, "Hai Lan Petroleum Trading") is not None


def test_accusation_by_a_modifier_and_the_pronoun_it_is_about(extractor: Any) -> None:
    ex = run(extractor, "Beijing rejected U.S. accusations that it helped Russia.")
    assert has(ex, "United States", "ACCUSED", "China") == {"asserted"}
    assert not has(ex, "United States", "SUPPORTED", "Russia")
    ex = run(extractor, "Beijing has repeatedly rejected U.S. accusations that its refiners buy "
                        "sanctioned Iranian crude.")
    assert has(ex, "United States", "ACCUSED", "China") == {"asserted"}


def test_the_noun_a_participle_is_on_acts(extractor: Any) -> None:
    ex = run(extractor, "The United States sanctioned Ivan Petrov, a Russian businessman "
                        "accused of funding the Wagner Group.")
    assert has(ex, "Ivan Petrov", "SUPPORTED", "Wagner Group") == {"hedged"}
    assert not has(ex, "Russia", "SUPPORTED", "Wagner Group")
    ex = run(extractor, "Ukraine's SBU security service said it had detained a man working for "
                        "Russia's FSB.")
    assert not has(ex, "SBU", "AFFILIATED_WITH", "FSB")


def test_under_sanctions_and_among_those_sanctioned(extractor: Any) -> None:
    ex = run(extractor, "Ivan Petrov has been under US sanctions since 2018.")
    assert has(ex, "United States", "SANCTIONED", "Ivan Petrov") == {"asserted"}
    ex = run(extractor, "Ivan Petrov, who is under EU sanctions, met Tomas Brandt.")
    assert has(ex, "European Union", "SANCTIONED", "Ivan Petrov") == {"asserted"}
    ex = run(extractor, "Ivan Petrov was among 20 people sanctioned by Britain on Tuesday.")
    assert has(ex, "United Kingdom", "SANCTIONED", "Ivan Petrov") == {"asserted"}


def test_dismissed_as_absurd_claims_that(extractor: Any) -> None:
    ex = run(extractor, "Moscow has dismissed as absurd claims that it attacked Korvana Shipping.")
    assert has(ex, "Russia", "ATTACKED", "Korvana Shipping") == {"negated"}


def test_a_body_its_state_owns_or_runs(extractor: Any) -> None:
    ex = run(extractor, "Russian state-owned energy giant Volgaprom cut supplies to Latvia.")
    assert has(ex, "Volgaprom", "AFFILIATED_WITH", "Russia") == {"asserted"}
    ex = run(extractor, "Iran's state-run news agency IRNA reported the arrest.")
    assert has(ex, "IRNA", "AFFILIATED_WITH", "Iran") == {"asserted"}
    # a kind of organisation with modifiers of its own introduces the name
    ex = run(extractor, "Chinese state media outlet CGTN denied the report.")
    outlet = entity(ex, "CGTN")
    assert outlet is not None and outlet.type == "ORGANIZATION"


def test_code_names_and_hackers_from_a_group(extractor: Any) -> None:
    ex = run(extractor, "Hackers from Sandstorm-9 hacked Korvana Shipping.")
    assert has(ex, "Sandstorm-9", "ATTACKED", "Korvana Shipping") == {"asserted"}
    ex = run(extractor, "The group APT41 hacked Korvana Shipping.")
    group = entity(ex, "APT41")
    assert group is not None and group.type == "ORGANIZATION"


def test_acting_head_is_no_leader(extractor: Any) -> None:
    ex = run(extractor, "The State Committee for National Security charged him. The "
                        "committee's acting chairman, Ruslan Asanov, spoke.")
    assert has(ex, "Ruslan Asanov", "AFFILIATED_WITH", "State Committee for National Security")
    assert not has(ex, "Ruslan Asanov", "LEADS", "State Committee for National Security")


def test_the_agency_is_no_group_named_since(extractor: Any) -> None:
    ex = run(extractor, "Ukraine's State Service of Special Communications said hackers from "
                        "the group Sandstorm-9 had hacked it. The agency's spokesman, Andriy "
                        "Yusko, spoke.")
    assert has(ex, "Andriy Yusko", "AFFILIATED_WITH", "State Service of Special Communications")
    assert not has(ex, "Andriy Yusko", "AFFILIATED_WITH", "Sandstorm-9")


def test_him_after_a_name_a_list_reads_as_a_womans(extractor: Any) -> None:
    ex = run(extractor, "Almaz Tokonov was detained on Tuesday, a day after prosecutors in "
                        "Kyrgyzstan charged him with corruption.")
    assert has(ex, "Kyrgyzstan", "ACCUSED", "Almaz Tokonov") == {"asserted"}


def test_the_attack_naming_only_its_target_is_the_act_named_before(extractor: Any) -> None:
    ex = run(extractor, "Russia attacked Latvia in May. The attack targeted Korvana Shipping.")
    assert has(ex, "Russia", "ATTACKED", "Korvana Shipping") == {"asserted"}
    ex = run(extractor, "Russia attacked Latvia in May. An attack targeted Korvana Shipping.")
    assert not has(ex, "Russia", "ATTACKED", "Korvana Shipping")


def test_a_contested_claim_is_still_an_accusation(extractor: Any) -> None:
    ex = run(extractor, "Ukraine says Russia hacked Korvana Shipping, a claim Moscow denies.")
    assert has(ex, "Ukraine", "ACCUSED", "Russia") == {"asserted"}
    assert "asserted" not in has(ex, "Russia", "ATTACKED", "Korvana Shipping")
    ex = run(extractor, "Armenia's government says Azerbaijan's State Border Service armed the "
                        "Lachin Wolves, a militia, a claim Baku rejects.")
    assert has(ex, "Armenia", "ACCUSED", "State Border Service") == {"asserted"}
    lynx = entity(ex, "Lachin Wolves")
    assert lynx is not None and lynx.type == "ORGANIZATION"


def test_a_politicians_party_and_who_paid_for_his_campaign(extractor: Any) -> None:
    ex = run(extractor, "Meridian Crest Ltd paid for the campaign adverts of Bulgarian "
                        "nationalist politician Stoyan Petkanov, the outlet Balkan Ledger "
                        "reported. Petkanov's party, Rodina Front, did not respond.")
    politician = entity(ex, "Stoyan Petkanov")
    assert politician is not None and politician.type == "PERSON"
    assert has(ex, "Meridian Crest Ltd", "SUPPORTED", "Stoyan Petkanov") == {"asserted"}
    assert has(ex, "Stoyan Petkanov", "AFFILIATED_WITH", "Rodina Front") == {"asserted"}


def test_an_attack_that_paralysed_a_bank(extractor: Any) -> None:
    ex = run(extractor, "A cyber attack that paralysed the payment systems of Baltvara Bank "
                        "was carried out by the hacking group Grey Lynx.")
    assert has(ex, "Grey Lynx", "ATTACKED", "Baltvara Bank") == {"asserted"}
