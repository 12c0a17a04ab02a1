"""Where the recognizer's names begin and end: what CoNLL's Reuters never taught it about other news.

The model tags word by word. Outside Reuters 1996 it takes in words no name of CoNLL's holds (a job title after a
town, "Fargo Mayor"; a hyphenated word, "Columbia-based"), leaves out words a name needs (a regnal number,
"Abdullah II"; a place word, "Grand" of "Grand Prairie"), and cuts a long name where small words join its parts
("Gulf | of | Aden"); on a title-case headline every word looks like a name to it. These rules mend the bounds it
gives; the recognizer applies them to each name it reads.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Protocol

from newsgraph.analyze.actor_dictionary import HONORIFICS, ActorDictionary
from newsgraph.analyze.mentions import FUNCTION_WORDS, RawMention
from newsgraph.analyze.place_cues import DIVISION_WORDS, variants
from newsgraph.analyze.quote_marks import LABEL_COLON_WITHIN, LABEL_LEAD_WORDS, LABEL_NAME_WORDS, stands_as_label


class Words(Protocol):
    """What `widen` reads of the recognizer's words (`recognize.Words`): each word's offset and form."""

    starts: list[int]
    forms: list[str]


# The contract's types folded onto CoNLL's four (as `evaluate ner` scores them).
CONLL_KIND = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "LAW": "MISC", "WORK_OF_ART": "MISC", "LANGUAGE": "MISC",
}
# What joins the parts of one hyphenated name: a hyphen, or a small word between hyphens, as names from Urdu, Persian
# and Arabic join theirs ("Tehreek-e-Taliban", "Hizb-ut-Tahrir", "Lashkar-e-Taiba").
_HYPHEN_JOIN = re.compile(r"-(?:[a-z]{1,3}-)?")
# A hyphenated lower-case word after a name ("-based", "-born", "-led"), which CoNLL's names never end with.
_HYPHEN_TAIL = re.compile(r"(?<=\w)-[a-z]+$")
# Division words that end no team's or agency's name ("Ohio State", "School District" are organizations).
_DIVISION_ENDS = DIVISION_WORDS - {"state", "district", "division", "region"}
# What follows a person's name as part of it: a regnal number or a generation ("Abdullah II", "King Jr.").
_REGNAL = re.compile(r"(?:I{2,3}|IV|VI{0,3}|IX|XI{0,3}|Jr\.?|Sr\.?)")
# The words the model left out that `widen` may add: (before, after) the name, the longest first.
_WIDENINGS = ((1, 2), (1, 1), (0, 2), (0, 1), (1, 0))

# A line opening with one to three words in capitals and a colon, a statement after it: words, not a time or a
# figure ("PUBLISHED: 22:07 GMT" and "UPDATED: 7 July" head a page's fields, no speaker's turn). A letter's
# salutation ("DEAR WORRIED MOM: ...", an advice column's answer) names whom it addresses, not who speaks.
_LABEL = re.compile(r"^(?!DEAR )([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,2}): +(?!\d)\S", re.M)

KnownPlace = Callable[[str], bool]


def named_place(known_place: KnownPlace, name: str) -> bool:
    """Whether the gazetteer knows the name as a place, also without a direction word, "City" or a facility word."""
    return any(map(known_place, variants(name)))


def capitalized_lines(text: str) -> list[tuple[int, int]]:
    """The ranges of title-case lines ("Woman Killed in Queens Hit-And-Run, Police Arrest Allegedly Drunk Driver"):
    four or more words besides small ones, all capitalized, no figures, not all in capitals. There every word
    looks like a name to the model, which Reuters' headlines (all in capitals) never showed it."""
    out = []
    at = 0
    for line in text.split("\n"):
        words = line.split()
        content = [w for w in words if w[:1].isalpha() and w.lower().strip(",:;!?") not in FUNCTION_WORDS]
        if len(content) >= 4 and all(w[:1].isupper() for w in content) and not line.isupper() \
                and not any(c.isdigit() for c in line):
            out.append((at, at + len(line)))
        at += len(line) + 1
    return out


def pipeline_on_title_lines(found: list[RawMention], spans: list[RawMention], text: str) -> list[RawMention]:
    """On title-case lines (`capitalized_lines`) the pipeline's names stand instead of the model's."""
    lines = capitalized_lines(text)
    if not lines:
        return found
    kept = [f for f in found if not any(f.start < b and a < f.end for a, b in lines)]
    return sorted(kept + [s for s in spans if any(a <= s.start and s.end <= b for a, b in lines)],
                  key=lambda m: m.start)


def pipeline_on_line_labels(found: list[RawMention], spans: list[RawMention], text: str) -> list[RawMention]:
    """A person or organization the pipeline reads right before a colon, two words at most into a line ("SMITH: We
    will ...", "Sen. Kerry: ..."), stands unless the model reads one ending there too: a transcript's speaker label
    or a headline's source (where `quotes` looks for one), which Reuters' text never showed the model (its
    "Scotland : Michael ..." sets the colon apart). The model's name blocks it only where it could be a label itself
    (`_opens_line`): a name it runs back from the colon across a title and more ("Former Democratic Gov. Ann Lee")
    names no speaker for `quotes`."""
    labels = [s for s in spans if s.label in ("PERSON", "ORG") and text[s.end:s.end + 2] == ": "
              and _opens_line(text, s)]
    labels = [s for s in labels if not any(f.end == s.end and f.label in ("PERSON", "ORG") and _opens_line(text, f)
                                           for f in found)]
    if not labels:
        return found
    kept = [f for f in found if not any(f.start < s.end and s.start < f.end for s in labels)]
    return sorted(kept + labels, key=lambda m: m.start)


def _opens_line(text: str, name: RawMention) -> bool:
    """Whether a name stands where a line's label does for `quotes` (`quote_marks.stands_as_label`)."""
    return stands_as_label(text, text.rfind("\n", 0, name.start) + 1, name.start, name.end)


def transcript_labels(text: str) -> list[tuple[int, int]]:
    """The speaker labels of a transcript: names in capitals opening lines before a colon ("JANE DOE: I think ..."),
    when two lines or more open so. A dateline ("NAIROBI: ...", which the model reads as a place) opens one line."""
    found = [(m.start(1), m.end(1)) for m in _LABEL.finditer(text)]
    return found if len(found) >= 2 else []


def people_on_transcript_labels(found: list[RawMention], text: str) -> list[RawMention]:
    """A transcript's speaker labels (`transcript_labels`) are people, whatever the model reads there."""
    labels = transcript_labels(text)
    if not labels:
        return found
    kept = [f for f in found if not any(f.start < b and a < f.end for a, b in labels)]
    return sorted(kept + [RawMention(a, b, "PERSON", text[a:b]) for a, b in labels], key=lambda m: m.start)


def keep_joined(found: list[RawMention], spans: list[RawMention], text: str, known_place: KnownPlace | None = None
                ) -> list[RawMention]:
    """A name the pipeline reads whole and the model cuts, into names of the whole's kind, where small words join
    its parts ("National Union | for the | Total Independence of Angola", "Gulf | of | Aden") stays whole: CoNLL's
    names run across them."""
    out = list(found)
    for whole in spans:
        kind = CONLL_KIND.get(whole.label)
        if kind not in ("ORG", "LOC", "PER"):
            continue
        parts = [f for f in found if whole.start <= f.start and f.end <= whole.end]
        if len(parts) < 2 or parts[0].start != whole.start or parts[-1].end != whole.end:
            continue
        gaps = [text[a.end:b.start] for a, b in itertools.pairwise(parts)]
        if all(CONLL_KIND.get(p.label) == kind for p in parts) and all(not g.strip() for g in gaps):
            # two names of one kind never stand side by side with nothing between them: "Roy | A. Nelson",
            # "State | Duma" are one
            out = [f for f in out if f not in parts] + [whole]
            continue
        if kind == "PER":
            continue
        # parts of one hyphenated word ("Asia | - | Pacific Economic Cooperation", "Tehreek | -e- | Taliban
        # Pakistan") join whatever their kinds,
        # unless one is a place ("Fargo-Moorhead", "University of Nebraska-Lincoln" name their towns too)
        hyphenated = all(_HYPHEN_JOIN.fullmatch(gap) for gap in gaps) and not any(
            CONLL_KIND.get(p.label) == "LOC" or known_place is not None and named_place(known_place, p.text)
            for p in parts)
        if (hyphenated or all(CONLL_KIND.get(p.label) == kind for p in parts)
                and all(gap.split() and all(w.lower() in FUNCTION_WORDS for w in gap.split()) for gap in gaps)) \
                and not any(f.start < whole.end and whole.start < f.end for f in found if f not in parts):
            out = [f for f in out if f not in parts] + [whole]
    return sorted(out, key=lambda m: m.start)


def hyphenated_places(found: list[RawMention], spans: list[RawMention], known_place: KnownPlace) -> list[RawMention]:
    """A name of the pipeline's that a hyphen joins from places the gazetteer knows, each capitalized ("Fargo-Moorhead",
    a metropolitan area named by its towns), stays the pipeline's where the model reads only a piece of it or retypes
    it (as a people word, "Fargo"): the place stage reads each part as the place it is."""
    out = list(found)
    for whole in spans:
        parts = whole.text.split("-")
        if len(parts) < 2 or " " in whole.text or not all(p[:1].isupper() and named_place(known_place, p)
                                                           for p in parts):
            continue
        inside = [f for f in out if f.start < whole.end and whole.start < f.end]
        if inside and all(whole.start <= f.start and f.end <= whole.end for f in inside) \
                and not any((f.start, f.end) == (whole.start, whole.end) for f in inside):
            out = [f for f in out if f not in inside] + [whole]
    return sorted(out, key=lambda m: m.start)


def full_name_surnames(mentions: list[RawMention]) -> set[str]:
    """The last words of the persons' names of more than one word ("O'Connor" of "Brian O'Connor")."""
    return {m.text.split()[-1] for m in mentions if m.label == "PERSON" and " " in m.text}


def surnames(found: list[RawMention], spans: list[RawMention]) -> list[RawMention]:
    """A one-word name of the pipeline's, a person or an organization to it, that the model drops ("O'Connor" in
    a curly-quoted text) while it reads the same word ending a person's full name in the text ("Brian O'Connor") is
    that person: news names a person in full once and by the surname after."""
    people = full_name_surnames(found)
    kept = [s for s in spans if s.label in ("PERSON", "ORG") and s.text in people
            and not any(f.start < s.end and s.start < f.end for f in found)]
    if not kept:
        return found
    return sorted(found + [RawMention(s.start, s.end, "PERSON", s.text) for s in kept], key=lambda m: m.start)


def unintroduced_people(found: list[RawMention], spans: list[RawMention], text: str, dictionary: ActorDictionary
                        ) -> list[RawMention]:
    """A one-word name the pipeline reads as an organization and the model alone as a person stays an organization
    when the text never introduces it as a person: no person's full name ends with it and no job title or
    honorific stands before it anywhere ("LinkedIn", "Lionsgate", "DuPont"). News names a person in full, or by
    title and surname, before the surname alone; a company, brand or outlet goes by its one word throughout."""
    people = full_name_surnames(found)
    titled = {f.text for f in found if f.label == "PERSON" and after_title(text, f.start, dictionary)}
    organizations = {(s.start, s.end) for s in spans if s.label == "ORG"}
    return [RawMention(f.start, f.end, "ORG", f.text)
            if f.label == "PERSON" and " " not in f.text and (f.start, f.end) in organizations
            and f.text not in people and f.text not in titled else f for f in found]


def keep_whole(found: list[RawMention], spans: list[RawMention], text: str, dictionary: ActorDictionary,
               known_place: KnownPlace | None = None) -> list[RawMention]:
    """A name the pipeline reads whole and the model cuts short at its end, the rest named by neither model nor
    title, capitalized words and the small words between them ("Arab | League", "Memorandum | of Understanding"),
    stays whole with the pipeline's type: the model takes a common noun of a name for no name's part. A job title
    is left out, as CoNLL's names leave it out ("Clinton | Administration"), and a place stays a place
    ("Douglas County | Public Works", "Mound City | Bicycle Shop" name the place too)."""
    out = list(found)
    for whole in spans:
        if whole.label not in CONLL_KIND:
            continue
        inside = [f for f in found if f.start < whole.end and whole.start < f.end]
        if len(inside) != 1 or inside[0].start != whole.start or not inside[0].end < whole.end \
                or CONLL_KIND.get(inside[0].label) == "LOC":
            continue
        rest = text[inside[0].end:whole.end].split()
        # a MISC name is a people's or a thing's ("Arab"), no town of that name
        named = [w for w in rest if w not in FUNCTION_WORDS]
        if CONLL_KIND.get(inside[0].label) != "MISC":
            named.append(inside[0].text)
        place = known_place is not None and any(named_place(known_place, name) for name in named)
        if rest and rest[-1][:1].isupper() and not place and all(
                w.isalpha() and (w[:1].isupper() and not dictionary.sector_of_title(w) or w in FUNCTION_WORDS)
                for w in rest):
            out = [f for f in out if f is not inside[0]] + [whole]
    return sorted(out, key=lambda m: m.start)


# Head nouns of landforms and waters that follow the name they complete ("Golan Heights", "Gaza Strip", "Jordan
# Valley", "Black Sea"): a name ending so is a place's, whatever its first word names.
LANDFORMS = frozenset("heights hills valley strip mountains plateau peninsula desert islands basin delta highlands "
                      "river sea".split())
_CAPITALIZED = re.compile(r"\b[A-Z][a-z]+\b")


def landform_names(found: list[RawMention], spans: list[RawMention], text: str, dictionary: ActorDictionary
                   ) -> list[RawMention]:
    """A name and a landform's head word after it ("Golan | Heights", "Syrian Golan | Heights") are one place, which
    the model, reading word by word, cuts (the head word alone a person's name) or types as a MISC name: the head
    noun makes the whole a place. A demonym opening the name stays a people's word ("Syrian"), as the pipeline reads
    it. A person's name the pipeline reads whole ("Carla Hills") is left alone."""
    out = list(found)
    for word in _CAPITALIZED.finditer(text):
        if word.group().lower() not in LANDFORMS:
            continue
        at, end = word.span()
        holder = next((f for f in out if f.start <= at < f.end), None)
        if holder is not None and holder.start < at:
            if holder.end == end and CONLL_KIND.get(holder.label) == "MISC":
                out = [f for f in out if f is not holder] + [RawMention(holder.start, end, "LOC", holder.text)]
            continue
        if holder is not None and holder.end != end:
            continue  # the head word opens a longer name ("Sea Shepherd")
        before = next((f for f in out if f.end == at - 1 and text[f.end:at] == " "), None)
        if before is None or any(s.label == "PERSON" and s.start <= before.start and end <= s.end for s in spans):
            continue
        start, kept = before.start, []
        first = before.text.split()[0]
        if " " in before.text and dictionary.country(first) and not dictionary.country(before.text):
            start = before.start + len(first) + 1  # "Syrian | Golan Heights"
            kept = [RawMention(before.start, before.start + len(first), "NORP", first)]
        label = next((s.label for s in spans if (s.start, s.end) == (start, end) and s.label in ("GPE", "LOC", "FAC")),
                     "LOC")
        out = [f for f in out if f is not before and f is not holder] + kept \
            + [RawMention(start, end, label, text[start:end])]
    return sorted(out, key=lambda m: m.start)


# Abbreviated titles of rank and office, written before a name ("Sgt. Dan Jewell", "Sen. Kerry", "Gov. Fallin").
TITLE_ABBREVIATIONS = frozenset("sgt cpl pvt lt col gen maj capt cmdr adm sen rep gov pres insp det supt rev fr"
                                .split())


def titles_alone(found: list[RawMention], spans: list[RawMention], dictionary: ActorDictionary) -> list[RawMention]:
    """A person's or a place's name of honorifics and titles alone ("Mr.", "Sgt.", "Col." where a line breaks
    before the name it heads) is no name: the model, cut off from the name by the line's end, reads the title as a
    place's or a person's name. A body named by its kind ("the Senate", "the Ministry") stays an organization's
    name unless it is an honorific or an abbreviated title; the pipeline's own name over the same words stands."""
    def title(word: str, label: str) -> bool:
        bare = word.rstrip(".").lower()
        return bare in HONORIFICS or bare in TITLE_ABBREVIATIONS \
            or CONLL_KIND.get(label) in ("PER", "LOC") and bool(dictionary.sector_of_title(word))
    own = {(s.start, s.end) for s in spans}
    return [f for f in found if (f.start, f.end) in own or not all(title(w, f.label) for w in f.text.split())]


def after_title(text: str, start: int, dictionary: ActorDictionary) -> bool:
    """Whether a capitalized job title or an honorific stands right before `start` ("President | Assad")."""
    before = text[max(0, start - 40):start].split()  # a title word is short: no need to split the whole text
    word = before[-1] if before and text[start - 1:start] == " " else ""
    return word[:1].isupper() and (word.lower().rstrip(".") in HONORIFICS or bool(dictionary.sector_of_title(word)))


def title_modifiers(found: list[RawMention], spans: list[RawMention], text: str, dictionary: ActorDictionary
                    ) -> list[RawMention]:
    """A word the model alone reads as an organization or a MISC name right before a job title ("Federal |
    Secretary", "Deputy | Minister") is part of the title, not a name; a country word, an actor the dictionary
    knows and a word the pipeline reads as a name elsewhere in the text ("Mansfield | Mayor") stay names (a town
    the model reads as a place stays one too: "Fargo | Mayor")."""
    elsewhere = {s.text for s in spans}

    def modifier(f: RawMention) -> bool:
        after = text[f.end:f.end + 40].split(maxsplit=1)  # the next word, without copying the rest of the text
        return CONLL_KIND.get(f.label) in ("ORG", "MISC") and " " not in f.text and text[f.end:f.end + 1] == " " \
            and bool(after) and after[0][:1].isupper() and after[0].isalpha() \
            and bool(dictionary.sector_of_title(after[0])) \
            and not any(s.start < f.end and f.start < s.end for s in spans) \
            and dictionary.lookup(f.text) is None and f.text not in elsewhere
    return [f for f in found if not modifier(f)]


# An acronym: capitals alone, dots between them or not ("SPLM", "N.A.T.O."), two letters or more.
_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,}")


def acronym(name: str) -> bool:
    """Whether a name is an acronym. Of the few places written so ("US", "UAE", "NYC") the dictionary or the
    gazetteer knows each; an acronym the model reads as a place that neither knows is a body's ("SPLM", an armed
    movement's): the model learned Reuters' acronyms of countries and leagues of towns."""
    return _ACRONYM.fullmatch(name) is not None


# An acronym joined by a slash to its armed wing or partner ("SPLM/A", "PLO/PA"): one name, which the tokenizer cuts.
_SLASHED = re.compile(r"/[A-Z][A-Z.]*\b")


def slashed_acronyms(found: list[RawMention], text: str) -> list[RawMention]:
    """An acronym name followed by a slash and capitals with no space ("SPLM/A") takes them in."""
    out = []
    for f in found:
        tail = _SLASHED.match(text, f.end) if f.text.isupper() and f.text.isalpha() else None
        if tail and not any(g.start < tail.end() and f.end < g.end for g in found if g is not f):
            f = RawMention(f.start, tail.end(), f.label, text[f.start:tail.end()])
        out.append(f)
    return out


# Opening quotation marks and the marks that close each.
_CLOSING = {"`": "'\u2019", "\u2018": "'\u2019", "\u201c": "\"\u201d", '"': '"\u201d', "'": "'\u2019"}


def quoted_titles(found: list[RawMention], spans: list[RawMention], text: str) -> list[RawMention]:
    """A name the model alone reads as a person that opens a title-case quotation running on past it ("bring out
    `Shan-e-Mustafa (SAW)' Rally", "the 'Spirit of Kanto' campaign") is the start of a title, a slogan or an
    event's name, which news quotes, not a person's name (a nickname is quoted alone: "Carlos"; a quoted statement
    has lower-case words: "Smith is wrong"); it becomes a work's title, no actor."""
    def quoted(f: RawMention) -> bool:
        mark = text[f.start - 1:f.start] if f.start else ""
        if mark not in _CLOSING or f.start > 1 and not (text[f.start - 2].isspace() or text[f.start - 2] in "(["):
            return False
        rest = text[f.end:f.end + 80].split("\n", 1)[0]  # a bounded window: a quoted title is short
        close = min((at for at in (rest.find(c) for c in _CLOSING[mark]) if at >= 0), default=-1)
        inside = [w.strip("()[],") for w in rest[:close].split()] if close > 0 else []
        # a title's words are capitalized or small ones; a quoted statement opening with a name has others
        return bool(inside) and all(not w or w[:1].isupper() or w[:1].isdigit() or w in FUNCTION_WORDS
                                    for w in inside) \
            and not any(s.label == "PERSON" and s.start < f.end and f.start < s.end for s in spans)
    return [RawMention(f.start, f.end, "WORK_OF_ART", f.text) if f.label == "PERSON" and quoted(f) else f
            for f in found]


def cut(text: str, start: int, end: int, kind: str, spans: list[RawMention], dictionary: ActorDictionary,
        known_place: KnownPlace | None) -> tuple[int, str]:
    """A name's end and CoNLL kind without what CoNLL never counts in a name but the model may take in: a
    hyphenated lower-case word ("Columbia-based") and, unless the pipeline reads the same person's name, job titles
    at its end ("Fargo Mayor", "Alexandria Police"; "Mayor" alone is no name: its end becomes its start). What is
    left is a place if the gazetteer knows it."""
    name = text[start:end]
    tail = _HYPHEN_TAIL.search(name)
    if tail:
        end = start + tail.start()
    elif kind == "PER" and not any(s.label == "PERSON" and s.start <= start and s.end == end for s in spans):
        words = name.split()
        count = len(words)
        while words and dictionary.sector_of_title(words[-1]):
            words.pop()
        if len(words) == count:
            return end, kind
        if not words:
            return start, kind
        end = start + len(" ".join(words))
    else:
        return end, kind
    rest = text[start:end]
    if known_place is not None and named_place(known_place, rest) and not dictionary.country(rest):
        return end, "LOC"
    return end, kind


def titles_before(text: str, start: int, end: int, kind: str, spans: list[RawMention], dictionary: ActorDictionary
                  ) -> int:
    """A person's name's start without the job titles and honorifics the model took in at its front ("King |
    Hassan", "Dr. | Jane Doe"): CoNLL's names leave them out, as the pipeline does, and the actor stage reads the
    title before the name for the sector. Where the pipeline reads the same person's name from there, or nothing
    but titles is left, the start stays."""
    if kind != "PER" or any(s.label == "PERSON" and s.start == start and s.end >= end for s in spans):
        return start
    at = start
    for word in text[start:end].split(" ")[:-1]:
        if not (word[:1].isupper() and word.replace(".", "").isalpha()
                and (word.lower().rstrip(".") in HONORIFICS or dictionary.sector_of_title(word))):
            break
        at += len(word) + 1
    return at


def widen(found: Words, at: int, begin: int, stop: int, tags: list[str], text: str, name: tuple[int, int, str],
          known_place: KnownPlace | None) -> tuple[int, int, str]:
    """A name (start, end, CoNLL kind) of the words `begin` to `stop` of the sequence opening at word `at`, with
    what the model left out: a person's regnal number ("Abdullah II"), and the capitalized words around it when
    together they name a place the gazetteer knows ("Grand" of "Grand Prairie", "HAMPTON" of "EAST HAMPTON"):
    the model reads each word, the gazetteer knows the whole."""
    start, end, kind = name
    if end <= start:
        return name
    last = stop - 1
    if found.starts[at + last] + len(found.forms[at + last]) != end:
        return name  # cut short by `cut`
    if kind == "PER" and stop < len(tags) and tags[stop] == "O" and _REGNAL.fullmatch(found.forms[at + stop]) \
            and found.starts[at + stop] == end + 1:
        return start, end + 1 + len(found.forms[at + stop]), kind
    if known_place is None:
        return name

    def loose(k: int) -> bool:
        form = found.forms[at + k]
        return tags[k] == "O" and form[:1].isupper() and form.replace(".", "").isalpha() \
            and form.lower() not in FUNCTION_WORDS
    for before, after in _WIDENINGS:
        first, final = begin - before, last + after
        if first < 0 or final >= len(tags) or not all(loose(k) for k in (*range(first, begin),
                                                                          *range(stop, final + 1))):
            continue
        wide_start = found.starts[at + first]
        wide_end = found.starts[at + final] + len(found.forms[at + final])
        wide = text[wide_start:wide_end]
        if " ".join(found.forms[at + first:at + final + 1]) == wide and known_place(wide):
            return wide_start, wide_end, "LOC"
    return name


def division(name: str, known_place: KnownPlace | None) -> bool:
    """Whether a name the model reads as an organization is a division the gazetteer knows ("Anderson County"):
    the place, not the body that governs it."""
    return known_place is not None and " " in name and name.rsplit(" ", 1)[-1].lower() in _DIVISION_ENDS \
        and known_place(name)


# What may follow a person's or organization's name to spell a longer one: words in title case ("Carly | Fiorina"),
# or a hyphen and a capitalized word with no space ("AFL | -CIO", "Charles | -Michael Friedek").
_NAME_REST = re.compile(r"(?: [A-Z][\w'’.]*[a-z][\w'’.]*)+|-[A-Z][\w'’.]*(?: [A-Z][\w'’.]*[a-z][\w'’.]*)*")
_SPEAKER_KINDS = ("PERSON", "ORG")


def whole_names_elsewhere(found: list[RawMention], spans: list[RawMention], text: str) -> list[RawMention]:
    """A line's speaker label (two words at most into a line, before a colon) that the model cuts short: a person's or
    organization's name it ends before words in title case, or before a hyphen joining it to the next word, that
    with them spell a person's or organization's name the text gives elsewhere ("Carly | Fiorina:
    ..." where the body names "Carly Fiorina", "AFL | - | CIO" where it names the "AFL-CIO") takes them in: one
    name is spelt one way through an article, and the model, reading word by word, cuts it where its context is odd
    (a headline, a speaker label). Names the model reads among the words are taken in only across a hyphen (words
    after a space may be a name of their own). The whole takes the kind the model gives it elsewhere, else the first
    part's. Elsewhere in the text the words after a name are as often a place's or a building's ("Alexandria |
    Police", "Francis | Street"), which the pipeline may read as one name."""
    names = {m.text: m for m in spans if m.label in _SPEAKER_KINDS}
    names.update({m.text: m for m in found if m.label in _SPEAKER_KINDS})
    longer = [name for name in names if " " in name or "-" in name]
    if not longer:
        return found
    out: list[RawMention] = []
    swallowed: set[int] = set()
    for f in found:
        if id(f) in swallowed or f.label not in _SPEAKER_KINDS:
            out.append(f)
            continue
        best: RawMention | None = None
        for name in longer:
            rest = name[len(f.text):]
            end = f.start + len(name)
            if len(name) > len(f.text) and name.startswith(f.text) and _NAME_REST.fullmatch(rest) \
                    and text[end:end + 2] == ": " and len(text[text.rfind("\n", 0, f.start) + 1:f.start].split()) <= 2 \
                    and text.startswith(rest, f.end) and not text[end:end + 1].isalnum() \
                    and text[end:end + 1] not in ("-", "'", "’") \
                    and not any(g.start < end < g.end for g in found) \
                    and (rest[0] == "-" or not any(f.end <= g.start < end for g in found)) \
                    and (best is None or len(name) > len(best.text)):
                whole = names[name]
                best = RawMention(f.start, end, whole.label if whole in found else f.label, name)
        if best is not None:
            swallowed.update(id(g) for g in found if g is not f and best.start <= g.start and g.end <= best.end)
        out.append(best or f)
    return [m for m in out if id(m) not in swallowed]


def family_plurals(found: list[RawMention], spans: list[RawMention]) -> list[RawMention]:
    """One capitalized word that is the plural of a person's surname the text names ("the Khans" after "Ghazala
    Khan", "the Clintons", "the Joneses") names that family: people, not a nationality, whatever its ending (-ans,
    -ese) makes the model read."""
    surnames = full_name_surnames([*found, *spans])
    out = []
    for f in found:
        word = f.text
        stems = [word[:-2]] if word.endswith("es") else []
        if word.endswith("s"):
            stems.append(word[:-1])
        if f.label != "PERSON" and word[:1].isupper() and word[1:].islower() \
                and any(len(stem) > 1 and stem in surnames for stem in stems):
            f = RawMention(f.start, f.end, "PERSON", word)
        out.append(f)
    return out


# A line's first colon within its first 60 characters, a statement after it: where a label ends ("Sarandon: ...",
# "EXCLUSIVE – Roger Stone: ...", "Gov. Fallin: ...").
_LABEL_COLON = re.compile(rf"^([^\n]{{1,{LABEL_COLON_WITHIN}}}?): +\S", re.M)
_WORD = re.compile(r"\S+")


def label_names(text: str) -> list[tuple[int, int]]:
    """The name-like runs that may be a line's label (`_LABEL_COLON`): the last one to four capitalized words before
    the colon, at most two words into the line (where `quotes` reads a label's speaker), the longest first."""
    out = []
    for line in _LABEL_COLON.finditer(text):
        words = [(m.start(), m.end()) for m in _WORD.finditer(text, line.start(1), line.end(1))]
        for count in range(min(LABEL_NAME_WORDS, len(words)), 0, -1):
            run = words[-count:]
            if len(words) - count <= LABEL_LEAD_WORDS and all(text[a:a + 1].isupper() for a, _ in run):
                out.append((run[0][0], run[-1][1]))
    return out


def names_on_line_labels(found: list[RawMention], spans: list[RawMention], text: str) -> list[RawMention]:
    """A line's label (`label_names`) that the text names elsewhere as a person or an organization, or that ends with
    the surname of a person it names in full ("Sarandon: 'Not sure' ..." after "Susan Sarandon", "EXCLUSIVE – Roger
    Stone: ..." after "Roger Stone said"), is that speaker (one sense per discourse): a headline's or a transcript's
    label names its speaker so, and the model, reading the word out of a sentence, often takes it for no name or for a
    place. The longest such run before a colon is the label; none where a person or organization ends there already."""
    kinds: dict[str, str] = {}
    for m in [*spans, *found]:
        if m.label == "ORG":
            kinds.setdefault(m.text.lower(), "ORG")
    kinds.update({m.text.lower(): "PERSON" for m in [*spans, *found] if m.label == "PERSON"})
    kinds.update({surname.lower(): "PERSON" for surname in full_name_surnames([*spans, *found])})
    named = {f.end for f in found if f.label in ("PERSON", "ORG")}
    labels: list[tuple[int, int, str]] = []
    for a, b in label_names(text):
        label = text[a:b].lower()
        # a run ending with a surname is that person only where it opens the line, three words at most ("Gov.
        # Velik:"); after other words, the surname may end a topic ("CNN President On Trump:")
        opening = (a == 0 or text[a - 1] == "\n") and len(label.split()) <= 3
        kind = kinds.get(label) or ("PERSON" if opening and kinds.get(label.split()[-1]) == "PERSON" else None)
        if kind is not None and b not in named and not any(b == end for _, end, _ in labels):
            labels.append((a, b, kind))
    if not labels:
        return found
    kept = [f for f in found if not any(f.start < b and a < f.end for a, b, _ in labels)]
    return sorted(kept + [RawMention(a, b, kind, text[a:b]) for a, b, kind in labels], key=lambda m: m.start)
