"""Document-level entities, roles and actor codes, on the seed article and on small texts."""

from __future__ import annotations

from itertools import pairwise

import pytest

from newsgraph.document import Document


def _entity(record: dict, name: str) -> dict:
    found = [e for e in record["entities"] if e["name"] == name]
    names = [e["name"] for e in record["entities"]]
    assert len(found) == 1, f"{name!r} should be exactly one entity; entities: {names}"
    return found[0]


def _analyze(pipeline, text: str, published: str | None = None) -> dict:
    return pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True, published=published))


@pytest.mark.parametrize("name,short_forms,role_word,country", [
    ("Mumtaz Zahra Baloch", {"Baloch"}, "spokesperson", "PAK"),
    ("Mohammad Nabi Omari", set(), "Minister", "AFG"),
    ("Waqar Ahmad", {"Ahmad"}, "Secretary", "PAK"),
])
def test_entities_seed_people_merged_with_roles_and_country(seed_record, name, short_forms, role_word, country) -> None:
    person = _entity(seed_record, name)
    assert person["type"] == "PERSON"
    assert short_forms <= set(person["aliases"])
    assert any(role_word in r["title"] for r in person["roles"]), person["roles"]
    assert person["actor"]["country"] == country
    assert person["actor"]["sector"] == "GOV"


def test_entities_seed_no_person_short_form_left_as_its_own_entity(seed_record) -> None:
    names = {e["name"] for e in seed_record["entities"]}
    assert not names & {"Baloch", "Ahmad", "Omari"}


@pytest.mark.parametrize("expansion,acronym", [
    ("Tehreek-e-Taliban Pakistan", "TTP"),
    ("Shanghai Cooperation Organization", "SCO"),
])
def test_entities_seed_acronyms_merged_with_expansion(seed_record, expansion, acronym) -> None:
    org = _entity(seed_record, expansion)
    assert org["type"] == "ORG"
    assert acronym in org["aliases"]
    assert sum(m["text"] == acronym for m in org["mentions"]) >= 3


def test_entities_seed_demonyms_linked_to_country(seed_record) -> None:
    afghan = _entity(seed_record, "Afghan")
    assert afghan["type"] == "NORP" and afghan["actor"]["country"] == "AFG"
    chinese = _entity(seed_record, "Chinese")
    assert chinese["actor"]["country"] == "CHN"


def test_entities_seed_shanghai_cooperation_is_an_igo(seed_record) -> None:
    assert _entity(seed_record, "Shanghai Cooperation Organization")["actor"]["sector"] == "IGO"


def test_entities_seed_nothing_from_removed_boilerplate(seed_record) -> None:
    names = {e["name"] for e in seed_record["entities"]}
    assert "Global Village Space" not in names
    assert all("Cleric" not in n for n in names)


def test_entities_mentions_never_overlap_and_match_text(seed_record) -> None:
    spans = sorted((m["start"], m["end"]) for e in seed_record["entities"] for m in e["mentions"])
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    text = seed_record["text"]
    assert all(text[m["start"]:m["end"]] == m["text"] for e in seed_record["entities"] for m in e["mentions"])


def test_entities_surname_the_model_calls_a_place_is_the_person(pipeline) -> None:
    record = _analyze(pipeline, "Senator Maria Cantwell spoke on Monday. Later, Cantwell said the bill was dead. "
                                "Cantwell added that talks would resume.")
    person = _entity(record, "Maria Cantwell")
    assert person["type"] == "PERSON"
    assert len(person["mentions"]) == 3


def test_entities_initials_acronym_without_parentheses(pipeline) -> None:
    record = _analyze(pipeline, "The North Atlantic Treaty Organization met in Brussels. "
                                "NATO ministers agreed to raise spending.")
    nato = _entity(record, "North Atlantic Treaty Organization")
    assert "NATO" in nato["aliases"]


def test_entities_country_variants_are_one_entity(pipeline) -> None:
    record = _analyze(pipeline, "The United States said on Tuesday it would send aid. "
                                "Officials in the U.S. capital confirmed that the United States had agreed.")
    usa = [e for e in record["entities"] if e["actor"] and e["actor"]["country"] == "USA" and e["type"] == "GPE"]
    assert len(usa) == 1
    assert usa[0]["name"] == "United States"


def test_entities_headline_in_capitals_takes_names_from_the_body(pipeline) -> None:
    record = _analyze(pipeline, "KENYA AND UGANDA SIGN BORDER ACCORD AFTER TALKS\n"
                                "Kenya and Uganda signed a border accord on Monday, officials in Nairobi said.")
    kenya = _entity(record, "Kenya")
    assert len(kenya["mentions"]) == 2
    assert not [e for e in record["entities"] if "ACCORD" in e["name"] or "Accord" in e["name"]]


def test_entities_results_table_rows_are_teams(pipeline) -> None:
    record = _analyze(pipeline, "SOCCER - KOREAN LEAGUE RESULTS\nResults of matches played on Sunday:\n"
                                "Pohang 3 Ulsan 2\nBucheon 1 Daejeon 0\n")
    teams = {e["name"]: e["type"] for e in record["entities"]}
    assert teams.get("Pohang") == "ORG" and teams.get("Ulsan") == "ORG"


def test_entities_dated_dictionary_entry_follows_publication_date(pipeline) -> None:
    # PETRARCH2: Nur Mohammad Taraki, AFGELI 1935-04-30 1978, AFGGOV 1978-04-30 to 1979-09-16.
    text = "Nur Mohammad Taraki met the delegation in Kabul on Monday."
    during = _analyze(pipeline, text, published="1979-01-10")
    assert _entity(during, "Nur Mohammad Taraki")["actor"] == {"country": "AFG", "sector": "GOV"}
    before = _analyze(pipeline, text, published="1970-06-01")
    assert _entity(before, "Nur Mohammad Taraki")["actor"] == {"country": "AFG", "sector": "ELI"}


def test_entities_an_honorific_short_form_joins_the_full_name(pipeline) -> None:
    record = _analyze(pipeline, "Nikki Haley spoke in Iowa on Monday. Mrs Haley said she would stay in the race.")
    haley = _entity(record, "Nikki Haley")
    assert haley["type"] == "PERSON" and "Mrs Haley" in haley["aliases"]


def test_entities_an_acronym_joins_a_name_led_by_its_country(pipeline) -> None:
    record = _analyze(pipeline, "The U.S. Federal Bureau of Investigation opened an inquiry. "
                                "The FBI declined to comment.")
    assert "FBI" in _entity(record, "U.S. Federal Bureau of Investigation")["aliases"]


def test_entities_a_company_is_one_with_or_without_its_legal_form(pipeline) -> None:
    record = _analyze(pipeline, "SoftBank Group Corp said on Tuesday it would buy the firm. SoftBank shares rose.")
    assert "SoftBank" in _entity(record, "SoftBank Group Corp")["aliases"]


def test_entities_two_companies_sharing_a_word_stay_two(pipeline) -> None:
    record = _analyze(pipeline, "General Motors Co said it would cut jobs, while General Electric Co hired.")
    names = {e["name"] for e in record["entities"] if e["type"] == "ORG"}
    assert {"General Motors Co", "General Electric Co"} <= names


@pytest.mark.parametrize("text", [
    "Turkey's President Recep Tayyip Erdogan spoke. Russia's ambassador Andrei Karlov was shot in Ankara.",
    "Andrei Karlov, Russia's ambassador to Turkey, was shot in Ankara.",
])
def test_entities_an_ambassador_serves_the_possessor_not_the_host(pipeline, text: str) -> None:
    record = _analyze(pipeline, text, published="2016-12-19")
    assert _entity(record, "Andrei Karlov")["actor"] == {"country": "RUS", "sector": "GOV"}


def test_entities_list_dash_is_no_part_of_a_name(pipeline) -> None:
    """A digest's items open with a dash: the name the recognizer reads across it starts after the dash."""
    record = _analyze(pipeline, "NEWS DIGEST\n\n- Opposition leader Rami Haddad criticised the budget on Monday.\n"
                                "- Prime Minister Nadia Kassem met union leaders in Tripoli.")
    names = [m["text"] for e in record["entities"] for m in e["mentions"]] + [e["name"] for e in record["entities"]]
    assert "Nadia Kassem" in names and "Tripoli" in names, names
    assert not [n for n in names if n[:1] in "-–—•*"], names
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            assert record["text"][mention["start"]:mention["end"]] == mention["text"]


def test_entities_a_name_ends_before_the_date_of_a_wire_dateline() -> None:
    """The small pipeline reads a wire dateline with its date as one name ("SARAJEVO 1996-08-22"): the name is the
    city's alone."""
    from newsgraph.analyze.mentions import trim

    text = "Leading stories.\nSARAJEVO 1996-08-22\nThese are the leading stories."
    start = text.index("SARAJEVO")
    trimmed = trim(text, start, start + len("SARAJEVO 1996-08-22"), "GPE")
    assert trimmed is not None and trimmed.text == "SARAJEVO" and trimmed.end == start + len("SARAJEVO")
    kept = trim("Windows 2000", 0, len("Windows 2000"), "PRODUCT")  # a number that is no date stays in the name
    assert kept is not None and kept.text == "Windows 2000"


@pytest.mark.parametrize(("name", "label", "expected"), [
    ("G. Rose 7-73", "PERSON", "G. Rose"),  # a bowler's figures in a cricket scorecard
    ("M. Vaughan 57", "PERSON", "M. Vaughan"),
    ("Channel 4", "ORG", "Channel 4"),  # an organization's number is its name's
])
def test_entities_a_persons_name_ends_before_the_figures_a_table_gives_it(name: str, label: str,
                                                                          expected: str) -> None:
    from newsgraph.analyze.mentions import trim

    trimmed = trim(name, 0, len(name), label)
    assert trimmed is not None and trimmed.text == expected
