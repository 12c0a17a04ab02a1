"""The places stage: gazetteer access, toponym resolution in context, the record it writes, and LGL scores."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, SEED, SHARED, need

from newsgraph.analyze.gazetteer import Gazetteer, GazetteerError, name_key
from newsgraph.analyze.places import PlaceStage
from newsgraph.article import Article, Entity, Mention
from newsgraph.document import Document
from newsgraph.sources.files import iter_documents


@pytest.fixture(scope="module")
def place_pipeline():
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.stages.append(PlaceStage())
    return pipeline


@pytest.fixture(scope="module")
def seed_places(place_pipeline) -> dict[str, Any]:
    return place_pipeline.analyze_one(list(iter_documents([str(need(SEED))]))[0])


def analyze(pipeline, text: str) -> dict[str, Any]:
    return pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True))


def place_of(record: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The place of the entity whose name or alias is `name` (None when unresolved); fails when no such entity."""
    places = {p["id"]: p for p in record["places"]}
    for entity in record["entities"]:
        if name == entity["name"] or name in entity["aliases"]:
            return places.get(entity["place"]) if entity["place"] else None
    raise AssertionError(f"no entity named {name!r} in {[e['name'] for e in record['entities']]}")


def test_places_name_key_joins_abbreviations_and_saints() -> None:
    assert name_key("W. Va.") == name_key("W.Va.") == "wva"
    assert name_key("Saint Louis") == name_key("St. Louis") == "st louis"
    assert name_key("Khyber-Pakhtunkhwa") == "khyber pakhtunkhwa"
    assert name_key("Shāngla") == "shangla"


def test_places_gazetteer_loads_fast_and_knows_districts() -> None:
    started = time.perf_counter()
    gazetteer = Gazetteer.load()
    assert time.perf_counter() - started < 1.0
    shangla = [p for p, _ in gazetteer.lookup("Shangla") if p.feature == "ADM2"]
    assert shangla and shangla[0].country_code == "PK"
    assert gazetteer.admin1_name(shangla[0]) == "Khyber Pakhtunkhwa"
    tennessee = [p for p, _ in gazetteer.lookup("Tenn.") if p.feature == "ADM1"]  # AP style, from `us`
    assert tennessee and tennessee[0].admin1 == "TN"


def test_places_gazetteer_missing_file_says_how_to_rebuild(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="build_gazetteer"):
        Gazetteer.load(tmp_path / "absent.sqlite")
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database")
    with pytest.raises(GazetteerError, match="rebuild"):
        Gazetteer.load(broken)


def test_places_seed_astana_is_in_kazakhstan(seed_places) -> None:
    astana = place_of(seed_places, "Astana")
    assert astana is not None and astana["country_code"] == "KZ" and astana["feature"] == "PPLC"
    assert abs(astana["lat"] - 51.18) < 0.1 and abs(astana["lon"] - 71.45) < 0.1


def test_places_seed_dasu_is_in_pakistan(seed_places) -> None:
    dasu = next(p for p in seed_places["places"] if p["name"] == "Dasu")
    assert dasu["country_code"] == "PK" and dasu["admin1"] == "Khyber Pakhtunkhwa"
    assert [m["text"] for m in dasu["mentions"]] == ["Dasu"]


def test_places_seed_shangla_and_bisham_never_in_england(seed_places) -> None:
    shangla = place_of(seed_places, "Shangla")
    assert shangla is not None and shangla["country_code"] == "PK" and shangla["feature"] == "ADM2"
    bisham = place_of(seed_places, "Bisham")  # GeoNames' only Bisham in these sources is in Berkshire
    assert bisham is None or bisham["country_code"] == "PK"
    assert all(p["country_code"] != "GB" for p in seed_places["places"])


def test_places_seed_each_place_once_with_linked_entities(seed_places) -> None:
    ids = [p["geonames_id"] for p in seed_places["places"]]
    assert len(ids) == len(set(ids))
    place_ids = {p["id"] for p in seed_places["places"]}
    linked = {e["place"] for e in seed_places["entities"] if e["place"]}
    assert linked <= place_ids
    # A place no entity links to is named only inside another entity's name (nested place mentions).
    spans = [(m["start"], m["end"]) for e in seed_places["entities"] for m in e["mentions"]]
    for place in seed_places["places"]:
        if place["id"] not in linked:
            assert all(any(a <= m["start"] and m["end"] <= b for a, b in spans) for m in place["mentions"])
    text = seed_places["text"]
    for place in seed_places["places"]:
        assert set(place) == {"id", "name", "geonames_id", "lat", "lon", "country_code", "admin1", "feature",
                              "mentions"}
        for mention in place["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
    pakistan = place_of(seed_places, "Pakistan")
    assert pakistan is not None and pakistan["feature"] == "PCLI" and len(pakistan["mentions"]) >= 10


def test_places_seed_record_passes_contract_check(seed_places, tmp_path: Path) -> None:
    tool = SHARED / "tools" / "contract-check"
    if not tool.exists() or shutil.which("python3") is None:
        pytest.skip(f"{tool} is absent: it lives in ../shared beside the repository")
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed_places))
    result = subprocess.run(["python3", str(tool), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_places_paris_texas_versus_paris_in_a_french_story(place_pipeline) -> None:
    texas = analyze(place_pipeline, "The storm damaged homes in Paris, Texas, on Sunday, the mayor said.")
    paris = place_of(texas, "Paris")
    assert paris is not None and paris["country_code"] == "US" and paris["admin1"] == "Texas"
    france = analyze(place_pipeline, "France's president spoke in Paris on Monday. French unions marched "
                                     "in Lyon and Marseille against the pension reform.")
    paris = place_of(france, "Paris")
    assert paris is not None and paris["country_code"] == "FR" and paris["feature"] == "PPLC"


def test_places_demonym_links_its_country(place_pipeline) -> None:
    record = analyze(place_pipeline, "Georgian troops entered the breakaway region, officials in Tbilisi said.")
    georgian = place_of(record, "Georgian")
    assert georgian is not None and georgian["country_code"] == "GE" and georgian["feature"] == "PCLI"


def test_places_unknown_town_stays_an_entity_without_place(place_pipeline) -> None:
    record = analyze(place_pipeline, "Flooding cut off Zqxwville, Pakistan, where 40 families live.")
    assert place_of(record, "Zqxwville") is None
    assert place_of(record, "Pakistan")["country_code"] == "PK"  # type: ignore[index]


def test_places_missed_name_becomes_a_gpe_entity() -> None:
    text = "Two men were arrested on Friday in Gainesville after a chase."
    article = Article(id="t", text=text, body=text, parts=[])
    PlaceStage()(article, None)
    entity = next(e for e in article.entities if e.name == "Gainesville")
    assert entity.type == "GPE" and entity.place == article.places[0].id
    assert article.places[0].country_code == "US"
    assert [(m.start, m.end) for m in entity.mentions] == [(35, 46)]


def test_places_a_wire_dateline_under_a_headline_is_found_though_no_entity_covers_it() -> None:
    """Reuters' wire copy gives the dateline as the city and the date alone on a line ("LAGOS 1996-05-28"); a name
    never runs on from the line before (the headline's last word)."""
    text = "Cholera kills 21 in southern Nigeria.\nLAGOS 1996-05-28\nAn outbreak of cholera has killed 21 people."
    article = Article(id="t", text=text, body=text, parts=[])
    PlaceStage()(article, None)
    lagos = next(p for p in article.places if p.name == "Lagos")
    assert lagos.country_code == "NG"
    assert [(m.start, m.end) for m in lagos.mentions] == [(38, 43)]


def test_places_a_dateline_city_abroad_stands_without_the_story_naming_its_country(place_pipeline) -> None:
    """A report filed in Paris about Algeria names no French place but its dateline: the dateline is still Paris."""
    record = analyze(place_pipeline, "Algeria faults Britain over Islamists gathering.\n\nPARIS 1996-08-28\nAlgeria, "
                                     "fighting a war against guerrillas, attacked Britain on Wednesday for letting "
                                     "Islamist groups meet there.")
    assert ("Paris", "FR") in [(p["name"], p["country_code"]) for p in record["places"]]


def test_places_a_dateline_city_the_pipeline_read_as_an_organization_is_the_city(place_pipeline) -> None:
    """A dateline "NICOSIA" over a story about Iraq, read as an organization: the dictionary lists it as a city, so its
    country code does not make it an actor, and the dateline makes it the place where the report was filed."""
    record = analyze(place_pipeline, "Kurds say Iran shelled their camps.\n\nNICOSIA 1996-08-24\nAn Iraqi Kurdish "
                                     "guerrilla group said on Saturday that Iranian forces had shelled its camps.")
    assert ("Nicosia", "CY") in [(p["name"], p["country_code"]) for p in record["places"]]


def test_places_a_dateline_the_pipeline_read_into_its_date_is_still_a_place(place_pipeline) -> None:
    """The small pipeline reads "WINNIPEG 1996-08-26" (title-cased for it) as one date: the name before the date's
    first digit is still looked up as the dateline's place."""
    record = analyze(place_pipeline, "Prairies saw no frost Monday, none rest of week.\nWINNIPEG 1996-08-26\n"
                                     "Canada's Prairies saw no frost on Monday.")
    assert ("Winnipeg", "CA") in [(p["name"], p["country_code"]) for p in record["places"]]


def test_places_lgl_smoke() -> None:
    from newsgraph.evaluate.places import evaluate_places

    scores = evaluate_places(need(DATA / "places" / "lgl.xml"), limit=12)
    assert scores["documents"] == 12 and scores["errors"] == 0 and scores["gold"] > 50
    assert scores["recall"] > 0.5 and scores["accuracy_161km"] > 0.7 and scores["precision"] > 0.7


@pytest.mark.parametrize(("text", "name", "feature", "admin1"), [
    ("WASHINGTON (Reuters) - The Senate voted on Tuesday to extend the program.", "Washington", "PPLC",
     "District of Columbia"),
    ("NEW YORK (Reuters) - Stocks rose on Wall Street on Monday.", "New York City", "PPL", "New York"),
    ("VIENNA (Reuters) - OPEC ministers met on Friday to discuss output.", "Vienna", "PPLC", "Wien"),
    ("NEW YORK \u2015 Stocks rose on Wall Street on Monday.", "New York City", "PPL", "New York"),
    ("Stocks rise.\nNEW YORK 1996-08-22\nStocks rose on Wall Street on Monday.", "New York City", "PPL", "New York"),
])
def test_places_a_dateline_names_the_city_not_its_state(place_pipeline, text: str, name: str, feature: str,
                                                        admin1: str) -> None:
    places = analyze(place_pipeline, text)["places"]
    assert [(p["name"], p["feature"], p["admin1"]) for p in places] == [(name, feature, admin1)]


def test_places_a_state_named_in_the_body_stays_the_state(place_pipeline) -> None:
    places = analyze(place_pipeline, "Farmers in Washington state and Oregon expect a smaller apple crop.")["places"]
    assert ("Washington", "ADM1") in {(p["name"], p["feature"]) for p in places}


def test_places_a_capital_before_a_namesake_town_of_a_country_named_beside_it(place_pipeline) -> None:
    record = analyze(place_pipeline, "Officials in Russia and Paris denied the report.")
    paris = place_of(record, "Paris")
    assert paris is not None and (paris["country_code"], paris["feature"]) == ("FR", "PPLC")


def test_places_a_building_name_holds_no_town(place_pipeline) -> None:
    record = analyze(place_pipeline, "The White House said the president would travel to Ohio next week.")
    assert [p["name"] for p in record["places"]] == ["Ohio"]


@pytest.mark.parametrize(("text", "town", "county", "admin1"), [
    ("Deputies in Warren County said the crash happened near Lebanon late on Saturday.", "Lebanon", "Warren County",
     "Ohio"),
    ("Volunteers from Washington County cleaned the riverbank in Marietta on Sunday.", "Marietta",
     "Washington County", "Ohio"),
])
def test_places_a_town_and_a_county_that_nest_choose_each_other(place_pipeline, text: str, town: str, county: str,
                                                                 admin1: str) -> None:
    """Alone, each name's likeliest reading lies elsewhere (the country Lebanon, the largest Washington County);
    the one state where the town lies in the county decides both."""
    record = analyze(place_pipeline, text)
    for name in (town, county):
        place = place_of(record, name)
        assert place is not None and (place["country_code"], place["admin1"]) == ("US", admin1), (name, place)


def test_places_names_a_hyphen_joins_are_each_a_place_when_every_part_is(place_pipeline) -> None:
    record = analyze(place_pipeline, "Commuters in Fargo-Moorhead and shoppers at Wal-Mart stores in Fargo, North "
                                     "Dakota, faced icy roads on Monday.")
    names = {(m["text"], p["admin1"]) for p in record["places"] for m in p["mentions"]}
    assert ("Moorhead", "Minnesota") in names and ("Fargo", "North Dakota") in names
    assert not any(text in ("Wal", "Mart") for text, _ in names)


@pytest.mark.parametrize(("text", "name", "admin1"), [
    ("The man was charged Monday in Wyandotte County District Court with aggravated battery.", "Wyandotte County",
     "Kansas"),
    ("North Las Vegas Police said the officer fired twice.", "North Las Vegas", "Nevada"),
])
def test_places_an_institution_the_model_took_for_a_place_names_its_place(place_pipeline, text: str, name: str,
                                                                         admin1: str) -> None:
    """The small model types these institutions GPE; their words name a sector (a court, the police), and the place
    they serve opens the name."""
    record = analyze(place_pipeline, text)
    assert [(p["name"], p["admin1"]) for p in record["places"]] == [(name, admin1)]


def test_places_names_listed_before_counties_are_each_a_county(place_pipeline) -> None:
    """"Clay, Grant and Wilkin counties": every name of the list is a county, not a town named alike."""
    record = analyze(place_pipeline, "Flood warnings were issued on Sunday for Clay, Grant and Wilkin counties in "
                                     "western Minnesota.")
    counties = {m["text"]: p["feature"] for p in record["places"] for m in p["mentions"]}
    assert {name: counties.get(name) for name in ("Clay", "Grant", "Wilkin")} == dict.fromkeys(
        ("Clay", "Grant", "Wilkin"), "ADM2"), record["places"]


def test_places_a_legislators_party_designation_names_a_us_seat(place_pipeline) -> None:
    text = ("The bill passed the House on Tuesday. Delegate Harold Michael, D-Hardy, and Delegate Linda Sumner, "
            "R-Raleigh, voted for it. Sen. Jay Rockefeller, D-W. Va., praised the vote in Charleston.")
    record = analyze(place_pipeline, text)
    seats = {m["text"]: p for p in record["places"] for m in p["mentions"]}
    assert seats["Hardy"]["feature"] == "ADM2" and seats["Hardy"]["admin1"] == "West Virginia"
    assert seats["W. Va."]["feature"] == "ADM1" and seats["W. Va."]["name"] == "West Virginia"
    assert all(p["country_code"] == "US" for p in seats.values())
    spans = sorted((m["start"], m["end"]) for e in record["entities"] for m in e["mentions"])
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no overlaps
    assert not any(e["name"].startswith(("D-", "R-")) for e in record["entities"])


def test_places_a_town_the_model_read_as_a_people_word_is_a_place_where_the_text_says_so(place_pipeline) -> None:
    record = analyze(place_pipeline, "Eberhart has been held at the Augusta psychiatric hospital since 2004. Deputies "
                                     "in Augusta said the Georgia Bureau of Investigation was called.")
    augusta = place_of(record, "Augusta")
    assert augusta is not None and augusta["admin1"] == "Georgia" and augusta["country_code"] == "US"
    assert next(e for e in record["entities"] if e["name"] == "Augusta")["type"] == "GPE"


def test_places_a_doubtful_name_does_not_veto_another_by_its_own_foreign_choice() -> None:
    # "Markel" (a person the gazetteer knows as a French village) must not make the article French for "Gainesville".
    text = "A Gainesville man cut a plea deal on Monday. He is the boyfriend of Markel's mother."
    at = text.index("Markel")
    article = Article(id="t", text=text, body=text, parts=[])
    article.entities = [Entity(id="e1", name="Gainesville", type="ORG", mentions=[Mention(2, 13, "Gainesville")]),
                        Entity(id="e2", name="Markel", type="PERSON", mentions=[Mention(at, at + 6, "Markel")])]
    PlaceStage()(article, None)
    assert [(p.name, p.country_code) for p in article.places] == [("Gainesville", "US")]


@pytest.mark.parametrize(("text", "name", "admin1"), [
    ("Her younger sister, Kalena Horhn of Grand Prairie, said she remembers the day.", "Grand Prairie", "Texas"),
    ("Corporate officials for Northbrook-based Crate & Barrel declined to comment.", "Northbrook", "Illinois"),
])
def test_places_where_someone_is_from_or_a_firm_is_based_cues_a_place(place_pipeline, text: str, name: str,
                                                                      admin1: str) -> None:
    record = analyze(place_pipeline, text)
    assert [(p["name"], p["admin1"]) for p in record["places"]] == [(name, admin1)]


def test_places_an_organization_opening_with_a_town_is_not_placed_by_its_of_phrase(place_pipeline) -> None:
    record = analyze(place_pipeline, "The award was given by the Arlington Chamber of Commerce on Tuesday, Texas "
                                     "officials said.")
    assert sorted(p["name"] for p in record["places"]) == ["Arlington", "Texas"]


@pytest.mark.parametrize(("text", "abroad"), [
    ("Wildfires spread along the West Coast on Monday, officials in Oregon and California said.", "AU"),
    ("Storms battered the East Coast and the South, and Texas braced for more.", "LB"),
])
def test_places_a_direction_name_is_no_division_abroad_the_text_does_not_name(place_pipeline, text: str,
                                                                                abroad: str) -> None:
    places = analyze(place_pipeline, text)["places"]
    assert {p["country_code"] for p in places} == {"US"}, places
    assert abroad not in {p["country_code"] for p in places}


def test_places_a_direction_name_is_the_division_of_the_country_the_text_names(place_pipeline) -> None:
    record = analyze(place_pipeline, "Heavy rain hit the West Coast of New Zealand, closing roads near Greymouth.")
    west = place_of(record, "West Coast")
    assert west is not None and (west["country_code"], west["feature"]) == ("NZ", "ADM1")


@pytest.mark.parametrize(("text", "country"), [
    ("James Comey, the director of the Federal Bureau of Investigation, testified in Washington on Tuesday.", "US"),
    ("Iraq demanded compensation for the 1991 Gulf War, officials in Baghdad said.", "IQ"),
    ("A bomb exploded Friday at a West Coast Bank branch in Woodburn, Oregon, killing a police officer.", "US"),
    # two toponyms of one name do not vouch for each other's country
    ("A bomb exploded at a West Coast Bank branch in Woodburn, Oregon. Police said the West Coast branch had "
     "received a threat.", "US"),
])
def test_places_a_place_word_inside_a_name_stays_off_the_map_where_the_text_places_are_elsewhere(
        place_pipeline, text: str, country: str) -> None:
    places = analyze(place_pipeline, text)["places"]
    assert places and {p["country_code"] for p in places} == {country}, places


def test_places_a_place_word_inside_a_name_stays_where_the_text_agrees(place_pipeline) -> None:
    places = analyze(place_pipeline, "The Ohio Department of Health reported new cases in Columbus.")["places"]
    assert {(p["name"], p["feature"]) for p in places} == {("Ohio", "ADM1"), ("Columbus", "PPL")}


@pytest.mark.parametrize(("text", "expected"), [
    ("The Federal Elections Commission fined the campaign on Tuesday.", set()),
    ("The Drug Enforcement Administration seized the shipment.", set()),
    ("The Ohio Department of Health reported new cases on Tuesday.", {("Ohio", "US")}),
])
def test_places_a_place_word_inside_a_name_of_a_text_without_places_is_a_place_only_by_its_own_name(
        place_pipeline, text: str, expected: set[tuple[str, str]]) -> None:
    places = analyze(place_pipeline, text)["places"]
    assert {(p["name"], p["country_code"]) for p in places} == expected
