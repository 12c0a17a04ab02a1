"""The text of an article the project annotated without storing it: `source` names it in ../shared/data.

Annotations in `tools/annotations/` keep only where their article is, so that the corpora's texts stay in
../shared/data under their own terms. A source is one of:

- a plain-text file, e.g. `quotes/polnear/train/text/nyt_2016-06-07_china-rebuts-american-criticism-.txt`;
- `ner/conll2003/eng.train#N`: the CoNLL-2003 document numbered N from 0, its sentences detokenized one per line;
- `places/lgl.xml#DOCID`: the LGL article with that docid;
- `stories/ecbplus/T/FILE.xml`: the ECB+ file's text as `newsgraph evaluate stories` rebuilds it.

`python tools/annotation_text.py SOURCE` prints the text; `--unused KIND` (polnear, conll, lgl, ecbplus) lists
the sources of that kind no annotated file uses yet (train.json, dev.json, tools/annotations/*.json); `--check FILE`
says what in an annotation file breaks the format of ../shared/data/events/articles/README.md; `--gold OUT FILE...`
writes the files' articles with their texts as one gold file that `../shared/tools/score-events OUT` scores (the
held-out measure of docs/events.md: `--gold build/annotations.json tools/annotations/events_*.json`).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from pathlib import Path

from newsgraph.analyze.plover import EVENT_TYPES
from newsgraph.evaluate.ner import read_conll
from newsgraph.evaluate.places import read_lgl
from newsgraph.evaluate.stories import FILE_NAME, detokenize, read_document

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
CONLL = "ner/conll2003/eng.train"
LGL = "places/lgl.xml"
POLNEAR = "quotes/polnear/train/text"
ECBPLUS = "stories/ecbplus"


class SourceError(ValueError):
    """A source that names no readable article: check the path and number against ../shared/data."""


def text_of(source: str) -> str:
    """The article's text, exactly as annotated."""
    path, _, part = source.partition("#")
    try:
        if path == CONLL:
            return _conll()[int(part)]
        if path == LGL:
            return _lgl()[part]
        if path.startswith(ECBPLUS + "/"):
            return read_document(SHARED_DATA / path).text
        return (SHARED_DATA / path).read_text(encoding="utf-8")
    except (OSError, KeyError, IndexError, ValueError) as exc:
        raise SourceError(f"no article at {source!r} in {SHARED_DATA} ({exc})") from None


@functools.lru_cache(maxsize=1)
def _conll() -> list[str]:
    texts = []
    for doc in read_conll(SHARED_DATA / CONLL):
        lines = [detokenize(line.split(" ")) for line in doc.text.split("\n") if line]
        texts.append("\n".join(lines) + "\n")
    return texts


@functools.lru_cache(maxsize=1)
def _lgl() -> dict[str, str]:
    return {doc.id: doc.text for doc in read_lgl(SHARED_DATA / LGL)}


def used() -> set[str]:
    """Every source some annotated file covers, in this module's terms (ids of train.json and dev.json mapped)."""
    found: set[str] = set()
    files = [SHARED_DATA / "events" / "articles" / f"{name}.json" for name in ("train", "dev")]
    files += sorted((ROOT / "tools" / "annotations").glob("*.json"))
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        for doc in data.get("documents", []) if isinstance(data, dict) else []:
            if doc.get("source"):
                found.add(doc["source"])
            origin = doc.get("origin", "")
            if match := re.match(r"CoNLL-2003 eng\.train document (\d+)", origin):
                found.add(f"{CONLL}#{match.group(1)}")
            elif match := re.match(r"LGL (\d+)", origin):
                found.add(f"{LGL}#{match.group(1)}")
            elif match := re.match(r"PolNeAR train (\S+)", origin):
                found.add(f"{POLNEAR}/{match.group(1)}")
    return found


def unused(kind: str) -> list[str]:
    taken = used()
    if kind == "conll":
        every = [f"{CONLL}#{n}" for n in range(len(_conll()))]
    elif kind == "lgl":
        every = [f"{LGL}#{docid}" for docid in _lgl()]
    elif kind == "polnear":
        every = [f"{POLNEAR}/{p.name}" for p in sorted((SHARED_DATA / POLNEAR).glob("*.txt"))]
    elif kind == "ecbplus":
        every = [str(p.relative_to(SHARED_DATA)) for p in sorted((SHARED_DATA / ECBPLUS).rglob("*.xml"))
                 if FILE_NAME.match(p.name)]
    else:
        raise SourceError(f"unknown kind {kind!r}: polnear, conll, lgl or ecbplus")
    return [s for s in every if s not in taken]


FIELDS = {"sentence": str, "trigger": str, "source": list, "target": list, "negated": bool, "hypothetical": bool,
          "optional": bool}


def problems(path: Path) -> list[str]:
    """What in an annotation file (kept without texts) breaks the format; empty when it is sound."""
    found: list[str] = []
    for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
        name = doc.get("id", "?")
        if not doc.get("source"):
            found.append(f"{name}: no source")
            continue
        try:
            text = text_of(doc["source"])
        except SourceError as exc:
            found.append(f"{name}: {exc}")
            continue
        for number, event in enumerate(doc.get("events", [])):
            where = f"{name} event {number}"
            for field, kind in FIELDS.items():
                if not isinstance(event.get(field), kind):
                    found.append(f"{where}: {field} should be a {kind.__name__}")
            types = event.get("type")
            types = types if isinstance(types, list) else [types]
            if not types or any(t not in EVENT_TYPES for t in types):
                found.append(f"{where}: type {event.get('type')!r} is not a PLOVER category of the guideline")
            sentence = event.get("sentence") or ""
            if text.count(sentence) != 1:
                found.append(f"{where}: sentence found {text.count(sentence)} times in the text, not once: "
                             f"{sentence[:60]!r}")
            elif (event.get("trigger") or "").lower() not in sentence.lower():
                found.append(f"{where}: trigger {event.get('trigger')!r} is not in its sentence")
    return found


def with_text(document: dict) -> dict:
    """An annotated article with its text; SourceError when the source is unreadable or an event's sentence is not
    found in it exactly once."""
    if "text" in document:
        return document
    text = text_of(document["source"])
    missing = [e["sentence"][:60] for e in document["events"] if text.count(e["sentence"]) != 1]
    if missing:
        raise SourceError(f"sentences not found once in {document['source']}: {missing[:3]}")
    return {**document, "text": text}


def gold(paths: list[Path]) -> dict:
    """The annotated articles of `paths` with their texts, in the format of the gold files of ../shared/data."""
    return {"documents": [with_text(document) for path in paths
                          for document in json.loads(path.read_text(encoding="utf-8"))["documents"]]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?")
    parser.add_argument("--unused", metavar="KIND")
    parser.add_argument("--check", type=Path, metavar="FILE")
    parser.add_argument("--gold", type=Path, metavar="OUT", help="write the annotation FILEs given as SOURCE... "
                        "with their texts to OUT")
    parser.add_argument("files", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        if args.gold:
            paths = [Path(args.source), *args.files] if args.source else []
            if not paths:
                parser.error("--gold OUT needs the annotation files to read")
            written = gold(paths)
            args.gold.parent.mkdir(parents=True, exist_ok=True)
            args.gold.write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
            print(f"{args.gold}: {len(written['documents'])} articles, "
                  f"{sum(len(d['events']) for d in written['documents'])} events")
            return 0
        if args.check:
            found = problems(args.check)
            print("\n".join(found) or f"{args.check}: sound")
            return 1 if found else 0
        if args.unused:
            print("\n".join(unused(args.unused)))
        elif args.source:
            sys.stdout.write(text_of(args.source))
        else:
            parser.error("give a SOURCE or --unused KIND")
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
