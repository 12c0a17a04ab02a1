"""Actor dictionary: names, dates, countries, demonyms, places, titles and organizations (real PETRARCH2 data)."""

from __future__ import annotations

import datetime
import gzip
import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from newsgraph.analyze.actor_dictionary import ActorCode, ActorDictionary, ActorDictionaryError, normalize_name

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "src" / "newsgraph" / "data" / "actors.json.gz"
BUILD_SCRIPT = ROOT / "tools" / "build_actor_dictionary.py"
SOURCE = Path("/work/shared/data/events/petrarch2-dictionaries")
D = datetime.date


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_actor_dictionary", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "expected"), [
    ("Pakistan", ActorCode("PAK", None)),
    ("Pakistan's", ActorCode("PAK", None)),
    ("Afghanistan", ActorCode("AFG", None)),
    ("Kazakhstan", ActorCode("KAZ", None)),
    ("China", ActorCode("CHN", None)),
    ("United Nations", ActorCode(None, "IGO")),
    ("the United Nations", ActorCode(None, "IGO")),
    ("U.N.", ActorCode(None, "IGO")),
    ("Shanghai Cooperation Organization", ActorCode(None, "IGO")),
    ("NATO", ActorCode(None, "IGO")),
    ("Taliban", ActorCode("AFG", "REB")),
    ("the Taliban", ActorCode("AFG", "REB")),
    ("Reuters", ActorCode(None, "MED")),
    ("Ban Ki-moon", ActorCode(None, "IGO")),  # undated lookup: the open-ended range (UN, from 2007)
    ("Nawaz Sharif", ActorCode("PAK", "GOV")),  # [PAKGOV >20130605]
])
def test_actor_dictionary_lookup_names(dictionary: ActorDictionary, name: str, expected: ActorCode) -> None:
    assert dictionary.lookup(name) == expected


@pytest.mark.parametrize(("name", "when", "expected"), [
    # NAWAZ_SHARIF: [PAKELI 670101-901106] [PAKGOV 901106-930418] ... [PAKGOV >20130605] [PAKELI]
    ("Nawaz Sharif", D(1992, 1, 1), ActorCode("PAK", "GOV")),
    ("Nawaz Sharif", D(1985, 1, 1), ActorCode("PAK", "ELI")),
    ("Nawaz Sharif", D(2005, 6, 1), ActorCode("PAK", "ELI")),
    ("Nawaz Sharif", D(2015, 1, 1), ActorCode("PAK", "GOV")),
    # MOHAMMAD_ZAHIR_SHAH: [AFGELI 320101-331108] [AFGGOV 331108-730717] [AFGELI 730717-070723]
    ("Mohammad Zahir Shah", D(1950, 1, 1), ActorCode("AFG", "GOV")),
    ("Mohammad Zahir Shah", D(1980, 1, 1), ActorCode("AFG", "ELI")),
    ("Mohammad Zahir Shah", D(2010, 1, 1), ActorCode("AFG", None)),  # after every range, no undated code
    ("Mohammad Zahir Shah", None, ActorCode("AFG", "ELI")),  # undated lookup: the range that ended last
    # HAMID_KARZAI: [AFGELI 750101-000101] [AFGGOV >011222] [AFGELI]
    ("Hamid Karzai", D(1990, 1, 1), ActorCode("AFG", "ELI")),
    ("Hamid Karzai", D(2001, 6, 1), ActorCode("AFG", "ELI")),
    ("Hamid Karzai", D(2005, 1, 1), ActorCode("AFG", "GOV")),
    # BAN_KI_MOON (Countries: [KORGOVBUS 041001-061130]) merged with International: [IGOUNO >20070101]
    ("Ban Ki-moon", D(2005, 1, 1), ActorCode("KOR", "GOV")),
    ("Ban Ki-moon", D(2010, 1, 1), ActorCode(None, "IGO")),
])
def test_actor_dictionary_lookup_dated(dictionary: ActorDictionary, name: str, when: datetime.date | None,
                                       expected: ActorCode) -> None:
    assert dictionary.lookup(name, when) == expected


@pytest.mark.parametrize("name", ["Ban Ki-moon", "BAN_KI-MOON", "ban ki moon", "  Ban   Ki Moon ", "Ban Ki-moon's"])
def test_actor_dictionary_lookup_normalizes_names(dictionary: ActorDictionary, name: str) -> None:
    assert dictionary.lookup(name, D(2010, 1, 1)) == ActorCode(None, "IGO")


@pytest.mark.parametrize("name", ["Xyzzy Quux", "", "Army", "Security", "President", "Senate", "Youth", "Kabul"])
def test_actor_dictionary_lookup_unknown_is_none(dictionary: ActorDictionary, name: str) -> None:
    assert dictionary.lookup(name) is None


def test_actor_dictionary_surname_of_person_in_office(dictionary: ActorDictionary) -> None:
    # JOE_BIDEN_: [USAELI 600101-000101] [USAGOV >090120] [USAELI]; no other Biden in the dictionary
    assert dictionary.lookup_surname("Biden", D(2025, 1, 14)) == ActorCode("USA", "GOV")
    assert dictionary.lookup_surname("Biden", None) == ActorCode("USA", "GOV")  # the open-ended range
    assert dictionary.lookup_surname("Karzai", D(2005, 1, 1)) == ActorCode("AFG", "GOV")  # [AFGGOV >011222]


@pytest.mark.parametrize(("when", "expected"), [
    (D(1950, 1, 1), None),  # before any of his ranges
    (D(2005, 1, 1), None),  # between [USAELI 600101-000101] and [USAGOV >090120]: no dated role
    (D(1990, 1, 1), ActorCode("USA", "ELI")),  # a dated range is a role too
])
def test_actor_dictionary_surname_needs_a_dated_role_at_the_date(dictionary: ActorDictionary, when: datetime.date,
                                                                 expected: ActorCode | None) -> None:
    assert dictionary.lookup_surname("Biden", when) == expected


@pytest.mark.parametrize(("surname", "full_name", "when"), [
    # NAWAZ_SHARIF [PAKGOV >20130605]; two more Sharifs hold open-ended ranges: [LBYGOV >070201], [YEMGOV >080601]
    ("Sharif", "Nawaz Sharif", D(2014, 1, 1)),
    # BILL_CLINTON [USAGOV 930120-010120]; HILLARY_CLINTON [USAELI 650101-000101]
    ("Clinton", "Bill Clinton", D(1995, 1, 1)),
])
def test_actor_dictionary_surname_of_two_people_in_office_is_none(dictionary: ActorDictionary, surname: str,
                                                                   full_name: str, when: datetime.date) -> None:
    assert dictionary.lookup(full_name, when) is not None
    assert dictionary.lookup_surname(surname, when) is None


def test_actor_dictionary_surname_of_one_person_left_in_office(dictionary: ActorDictionary) -> None:
    assert dictionary.lookup_surname("Sharif", D(1992, 1, 1)) == ActorCode("PAK", "GOV")  # [PAKGOV 901106-930418]
    assert dictionary.lookup_surname("Clinton", D(2010, 1, 1)) == ActorCode("USA", "GOV")  # Hillary, 2009-2013


@pytest.mark.parametrize(("surname", "full_name", "when", "code"), [
    # HAMILTON_JORDAN_ [USAGOV 790718-800601], the only Jordan in office then; "Jordan" is a country
    ("Jordan", "Hamilton Jordan", D(1979, 12, 1), ActorCode("USA", "GOV")),
    # OSMAN_OLCAY_TURKEY_ [IGOWSTNAT 690101-711231] (NATO)
    ("Turkey", "Osman Olcay Turkey", D(1970, 1, 1), ActorCode(None, "IGO")),
    # GORDON_BROWN_ [GBRGOV 070627-20100711]: "brown" is a common English word
    ("Brown", "Gordon Brown", D(2008, 1, 1), ActorCode("GBR", "GOV")),
])
def test_actor_dictionary_surname_that_is_a_country_or_common_word_is_none(
        dictionary: ActorDictionary, surname: str, full_name: str, when: datetime.date, code: ActorCode) -> None:
    assert dictionary.lookup(full_name, when) == code
    assert dictionary.lookup_surname(surname, when) is None


@pytest.mark.parametrize("surname", ["President Biden", "Vice President Biden", "Mr. Biden", "BIDEN", "Biden's"])
def test_actor_dictionary_surname_ignores_titles_and_case(dictionary: ActorDictionary, surname: str) -> None:
    assert dictionary.lookup_surname(surname, D(2010, 1, 1)) == ActorCode("USA", "GOV")


@pytest.mark.parametrize("surname", ["", "President", "Xyzzy", "Joe Biden", "Biden Said"])
def test_actor_dictionary_surname_unknown_is_none(dictionary: ActorDictionary, surname: str) -> None:
    assert dictionary.lookup_surname(surname, D(2010, 1, 1)) is None


@pytest.mark.parametrize(("words", "isos", "keys"), [
    (["joe", "biden"], {"USA"}, ["biden"]),
    (["abdel", "fattah", "el", "sisi"], {"EGY"}, ["el sisi", "sisi"]),
    (["hans", "van", "den", "broek"], {"NLD"}, ["van den broek"]),
    (["hu", "jintao"], {"CHN"}, ["hu"]),  # family name first
    (["annette", "lu"], {"TWN"}, ["lu"]),  # written in the Western order
    (["ouyang", "min", "sheng"], {"TWN"}, []),  # order unclear
    (["mariano", "rajoy", "brey"], {"ESP"}, ["rajoy", "rajoy brey"]),  # paternal and maternal family names
    (["juan", "manuel", "santos"], {"COL"}, ["santos"]),  # two given names
    (["thein", "sein"], {"MMR"}, []),  # no family name
])
def test_actor_dictionary_surname_keys_follow_naming_customs(build_script: ModuleType, words: list[str],
                                                             isos: set[str], keys: list[str]) -> None:
    assert build_script.surname_keys(words, isos, {"hu", "lu"}, {"juan", "manuel"}) == keys


@pytest.mark.parametrize(("word", "iso3"), [
    ("Afghan", "AFG"), ("Afghans", "AFG"), ("Afghanistan", "AFG"), ("Afghanistani", "AFG"),
    ("Chinese", "CHN"), ("China", "CHN"), ("People's Republic of China", "CHN"),
    ("Pakistani", "PAK"), ("Pakistanis", "PAK"), ("Pakistan", "PAK"),
    ("U.S.", "USA"), ("US", "USA"), ("USA", "USA"), ("the United States", "USA"), ("American", "USA"),
    ("Americans", "USA"),
    ("Britain", "GBR"), ("Great Britain", "GBR"), ("UK", "GBR"), ("U.K.", "GBR"), ("British", "GBR"),
    ("Kazakh", "KAZ"), ("Kazakhstani", "KAZ"), ("Kazakhstan", "KAZ"), ("Kazakstan", "KAZ"),
    ("Russia", "RUS"), ("Russian", "RUS"), ("Nigerian", "NGA"), ("Nigerien", "NER"), ("Niger", "NER"),
    ("Côte d'Ivoire", "CIV"), ("Ivory Coast", "CIV"), ("Burma", "MMR"), ("Turkey", "TUR"), ("DRC", "COD"),
    ("Iranian", "IRN"), ("Iraqi", "IRQ"), ("Filipino", "PHL"), ("Dutch", "NLD"),
])
def test_actor_dictionary_country_names_and_demonyms(dictionary: ActorDictionary, word: str, iso3: str) -> None:
    assert dictionary.country(word) == iso3


@pytest.mark.parametrize(("city", "iso3"), [
    ("Kabul", "AFG"), ("Islamabad", "PAK"), ("Karachi", "PAK"), ("Beijing", "CHN"), ("Astana", "KAZ"),
    ("Almaty", "KAZ"), ("Washington", "USA"), ("London", "GBR"), ("Tunis", "TUN"), ("Algiers", "DZA"),
    ("Brasilia", "BRA"), ("Kuwait City", "KWT"), ("Bissau", "GNB"), ("Helmand", "AFG"),
])
def test_actor_dictionary_city_is_not_a_country(dictionary: ActorDictionary, city: str, iso3: str) -> None:
    assert dictionary.country(city) is None
    assert dictionary.city_country(city) == iso3


@pytest.mark.parametrize("word", ["Korea", "Europe", "Army", "National", "Security", "Foreign", "Xyzzy", ""])
def test_actor_dictionary_country_unknown_is_none(dictionary: ActorDictionary, word: str) -> None:
    assert dictionary.country(word) is None


@pytest.mark.parametrize(("title", "sector"), [
    ("Deputy Interior Minister", "GOV"),
    ("Foreign Office spokesperson", "GOV"),
    ("Secretary of the National Security Division", "GOV"),
    ("President", "GOV"),
    ("army chief", "MIL"),
    ("police", "COP"),
    ("rebel", "REB"),
    ("journalist", "MED"),
    ("CEO", "BUS"),
    ("Pakistan's Interior Minister", "GOV"),
    ("Minister for Foreign Affairs", "GOV"),
    ("ministers", "GOV"),
    ("senator", "LEG"),
    ("soldiers", "MIL"),
    ("Chief of Army Staff", "MIL"),
    ("military spokesman", "MIL"),
    ("company spokesman", "BUS"),
    ("Taliban spokesman", "REB"),
    ("UN Secretary-General", "IGO"),
    ("spokesperson", "GOV"),
    ("leaders", "GOV"),
    ("opposition leader", "OPP"),
    ("rebel leader", "REB"),
])
def test_actor_dictionary_sector_of_title(dictionary: ActorDictionary, title: str, sector: str) -> None:
    assert dictionary.sector_of_title(title) == sector


@pytest.mark.parametrize("title", ["chairman", "analyst", "Secretary-General", "Xyzzy", ""])
def test_actor_dictionary_sector_of_title_unknown_is_none(dictionary: ActorDictionary, title: str) -> None:
    assert dictionary.sector_of_title(title) is None


@pytest.mark.parametrize(("name", "sector"), [
    ("Foreign Office", "GOV"),
    ("Ministry of Interior", "GOV"),
    ("Interior Ministry", "GOV"),
    ("National Security Division", "GOV"),
    ("Pakistan Army", "MIL"),
    ("Supreme Court", "JUD"),
    ("Army Public School", "EDU"),
    ("Reuters", None),
    ("", None),
])
def test_actor_dictionary_sector_of_org(dictionary: ActorDictionary, name: str, sector: str | None) -> None:
    assert dictionary.sector_of_org(name) == sector


@pytest.mark.parametrize(("text", "key"), [
    ("The U.S.'s", "us"),
    ("Ban Ki-moon", "ban ki moon"),
    ("BAN_KI-MOON_", "ban ki moon"),
    ("Côte d'Ivoire", "cote divoire"),
    ("Afghans'", "afghans"),
    ("the", "the"),
])
def test_actor_dictionary_normalize_name(text: str, key: str) -> None:
    assert normalize_name(text) == key


@pytest.mark.parametrize(("code", "expected"), [
    ("AFGGOV", ("AFG", "GOV")),
    ("AFGELI", ("AFG", "ELI")),
    ("PAKGOVMIL", ("PAK", "GOV")),
    ("IGOUNO", (None, "IGO")),
    ("IGOUNOREFHCR", (None, "IGO")),
    ("NGOUSAHRI", (None, "NGO")),
    ("IMGMUSALQ", (None, "REB")),
    ("KKLREB", (None, "REB")),
    ("TMPGOV", (None, "GOV")),  # East Timor's CAMEO code, not ISO 3166
    ("KSV", (None, None)),
    ("USRKAZ", (None, None)),
    ("MNCUSA", (None, "BUS")),
    ("HINRAD", (None, "RAD")),
    ("USAPRI", ("PRI", None)),  # a territory code gives the territory
    ("MED", (None, "MED")),
])
def test_actor_dictionary_cameo_code_decoding(build_script: ModuleType, code: str,
                                              expected: tuple[str | None, str | None]) -> None:
    assert build_script.decode_code(code) == expected


@pytest.mark.parametrize(("text", "day"), [
    ("780427", D(1978, 4, 27)),
    ("070723", D(2007, 7, 23)),  # 00-30: 20YY
    ("320101", D(1932, 1, 1)),
    ("19270101", D(1927, 1, 1)),
    ("201005011", D(2010, 5, 1)),  # only the first 8 digits count
])
def test_actor_dictionary_petrarch_dates(build_script: ModuleType, text: str, day: datetime.date) -> None:
    assert build_script.parse_date(text) == day


def test_actor_dictionary_loads_once_and_fast(tmp_path: Path) -> None:
    assert ActorDictionary.load() is ActorDictionary.load()
    copy = tmp_path / "actors.json.gz"
    copy.write_bytes(DATA_FILE.read_bytes())
    start = time.perf_counter()
    fresh = ActorDictionary.load(copy)
    assert time.perf_counter() - start < 1.0
    assert fresh.country("Pakistani") == "PAK"
    assert DATA_FILE.stat().st_size < 4_000_000


def test_actor_dictionary_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ActorDictionaryError, match="build_actor_dictionary"):
        ActorDictionary.load(tmp_path / "absent.json.gz")
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"not gzip")
    with pytest.raises(ActorDictionaryError, match="unreadable"):
        ActorDictionary.load(broken)
    old = tmp_path / "old.json.gz"
    old.write_bytes(gzip.compress(b'{"format": 1}'))
    with pytest.raises(ActorDictionaryError, match="format 1 is not"):
        ActorDictionary.load(old)


@pytest.mark.skipif(not SOURCE.is_dir(), reason="PETRARCH2 dictionaries not available on this machine")
def test_actor_dictionary_packaged_file_is_the_build_output(tmp_path: Path) -> None:
    output = tmp_path / "actors.json.gz"
    subprocess.run([sys.executable, str(BUILD_SCRIPT), "--source", str(SOURCE), "--output", str(output)],
                   check=True, capture_output=True)
    assert output.read_bytes() == DATA_FILE.read_bytes(), "rerun tools/build_actor_dictionary.py"


# ----- the actor stage: codes of organizations and persons the dictionary knows only in part -------------------

def _coded(dictionary: ActorDictionary, *entities: tuple[str, str]) -> dict[str, tuple[str | None, str | None]]:
    """Run the actor stage over entities (name, type) of a text naming them in order; name -> (country, sector)."""
    from newsgraph.analyze.actors import ActorStage
    from newsgraph.article import Article, Entity, Mention

    text, found = "", []
    for index, (name, kind) in enumerate(entities):
        start = len(text)
        text += name + ". "
        found.append(Entity(id=f"e{index}", name=name, type=kind, mentions=[Mention(start, start + len(name), name)]))
    article = Article(id="t", body=text, parts=[], text=text, entities=found)
    ActorStage(dictionary)(article)
    return {e.name: (e.actor.country, e.actor.sector) if e.actor else (None, None) for e in found}


@pytest.mark.parametrize("name", ["Andean Parliament", "European Community", "Caribbean Development Bank",
                                  "Asia-Pacific Economic Cooperation"])
def test_actor_dictionary_regional_body_is_igo(dictionary: ActorDictionary, name: str) -> None:
    assert _coded(dictionary, (name, "ORG"))[name] == (None, "IGO")


@pytest.mark.parametrize("name", ["American Civil Liberties Union", "South Korea Bank", "Central Bank"])
def test_actor_dictionary_national_body_is_not_igo(dictionary: ActorDictionary, name: str) -> None:
    assert _coded(dictionary, (name, "ORG"))[name][1] != "IGO"


def test_actor_dictionary_region_coded_group_takes_the_country_its_name_says(dictionary: ActorDictionary) -> None:
    # the dictionary codes it by region only (MEA, no country)
    assert _coded(dictionary, ("Palestinian Islamic Jihad", "ORG"))["Palestinian Islamic Jihad"] == ("PSE", "REB")


def test_actor_dictionary_codes_a_known_group_whatever_type_the_model_gave(dictionary: ActorDictionary) -> None:
    """A group or institution the model read as a people, a location or an event keeps the dictionary's code."""
    coded = _coded(dictionary, ("Taliban", "NORP"), ("White House", "LOC"), ("al-Qaeda", "EVENT"),
                   ("Sudanese", "NORP"), ("Christmas", "EVENT"))
    assert coded["Taliban"] == ("AFG", "REB") and coded["White House"] == ("USA", "GOV")
    assert coded["al-Qaeda"][1] == "REB"
    assert coded["Sudanese"] == ("SDN", None) and coded["Christmas"] == (None, None)


def test_actor_dictionary_known_part_of_an_organization_name(dictionary: ActorDictionary) -> None:
    name = "United Nations Observer Mission in Angola"
    assert _coded(dictionary, (name, "ORG"))[name] == (None, "IGO")


def test_actor_dictionary_international_official_gets_no_focus_country(dictionary: ActorDictionary) -> None:
    # The article is about the United States, but the dictionary codes Kofi Annan with no country on purpose.
    codes = _coded(dictionary, ("United States", "GPE"), ("Kofi Annan", "PERSON"), ("United States", "GPE"))
    assert codes["Kofi Annan"][0] is None


@pytest.mark.parametrize(("name", "when", "expected"), [
    ("Emmanuel Macron", datetime.date(2019, 5, 1), ActorCode("FRA", "GOV")),  # not the co-prince of Andorra
    ("Macron", datetime.date(2019, 5, 1), ActorCode("FRA", "GOV")),
    ("Olaf Scholz", datetime.date(2022, 5, 1), ActorCode("DEU", "GOV")),
    ("Olaf Scholz", datetime.date(2019, 5, 1), ActorCode("DEU", None)),  # chancellor from 2021 only
    ("Justin Trudeau", datetime.date(2018, 5, 1), ActorCode("CAN", "GOV")),
])
def test_actor_dictionary_leaders_after_2014_by_the_articles_date(dictionary: ActorDictionary, name: str,
                                                                 when: datetime.date, expected: ActorCode) -> None:
    code = dictionary.lookup(name, when) if " " in name else dictionary.lookup_surname(name, when)
    assert code == expected


def test_actor_dictionary_new_leader_leaves_a_known_surname_alone(dictionary: ActorDictionary) -> None:
    # Equatorial Guinea's prime minister Francisco Pascual Obama Asue (2016-) has the family name Obama too.
    assert dictionary.lookup_surname("Obama", None) == ActorCode("USA", "GOV")
    assert dictionary.lookup("Francisco Pascual Obama Asue", datetime.date(2018, 1, 1)) == ActorCode("GNQ", "GOV")


def test_actor_dictionary_leader_tables(build_script: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "world-leaders-2021.csv").write_text(
        "countryid,country,position,positionLabel,officeholder,officeholderLabel,start_year,end_year\n"
        "Q228,Andorra,Q1,Co-Prince of Andorra,Q2,Ann Example,2017,\n"
        "Q142,France,Q3,President of the French Republic,Q2,Ann Example,2017,\n"
        "Q30,Atlantis,Q4,President of Atlantis,Q5,Bob Nowhere,2019,2020\n", encoding="utf-8")
    (tmp_path / "international-officeholders.csv").write_text(
        "position,person,personID,start,end\n"
        "Secretary-General of the United Nations,Carla Example,Q6,2017-01-01,2021-06\n", encoding="utf-8")
    from petrarch_format import Rule

    un = build_script.Entry("x", 1, ["UNITED_NATIONS"], [Rule("IGOUNO")])
    report = build_script.Report()
    entries = build_script.leader_entries(tmp_path, [un], {"france": "FRA", "andorra": "AND"}, report)
    assert [(e.phrases[0], e.rules[0].code) for e in entries] == [
        ("Ann_Example", "FRAGOV"), ("Ann_Example", "ANDGOV"), ("Carla_Example", "IGOUNO")]
    assert entries[0].rules[0].start == datetime.date(2017, 1, 1) and entries[0].rules[0].end is None
    assert entries[2].rules[0].end == datetime.date(2021, 6, 30)
    assert report.warnings["leader whose country or start year is unknown (skipped)"] == 1
