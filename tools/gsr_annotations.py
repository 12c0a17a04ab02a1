"""The PLOVER GSR's records as annotated articles, so that the event trainers can learn from them too.

Usage (from the repository root): `.venv/bin/python tools/gsr_annotations.py [--halves DIR]`

Each distinct GSR text becomes one short document of the annotated-article format
(`../shared/data/events/articles/README.md`): one event per record of that text, its trigger the first phrase
the record's markup marks `(EVT: ...)`, its actors the records' `actorText`s, the older `FIGHT` read as ASSAULT. The
records code one event each, not every event the sentence reports: the documents say `"exhaustive": false`, and
the trainers learn only what their triggers are, never that their other words report nothing.
The trainers read the GSR file directly (`--train ... PLOVER_GSR_CAMEO.json`). `--halves DIR` splits the texts in
two halves (seed 13) and writes, per half K, `gsr_articles_K.json` (to train on) and `gsr_records_K.json` (to
score with `newsgraph evaluate events`): a model trained on one half and scored on the other tells what the GSR
figure is worth on sentences it never saw.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.evaluate.events import GOLD_TYPES, read_records

ROOT = Path(__file__).resolve().parent.parent
GSR = ROOT.parent / "shared" / "data" / "events" / "plover" / "PLOVER_GSR_CAMEO.json"
MARKED_EVENT = re.compile(r"\(EVT: ([^)]*)\)")


def _names(actors: Any) -> list[str]:
    return [a["actorText"] for a in actors if isinstance(a, dict) and a.get("actorText")] \
        if isinstance(actors, list) else []


def documents(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One annotated document per distinct text, with an event per record."""
    by_text: dict[str, dict[str, Any]] = {}
    for record in records:
        text = record["text"]
        # a GSR sentence is coded for the records' events only, not for every event it reports
        document = by_text.setdefault(text, {"id": f"gsr-{len(by_text)}", "origin": "PLOVER GSR",
                                             "published": record.get("date"), "text": text, "events": [],
                                             "exhaustive": False})
        info = record.get("textInfo")
        marked = MARKED_EVENT.findall(info.get("markup", "")) if isinstance(info, dict) else []
        trigger = marked[0] if marked else str(record.get("eventText", "")).split(" ")[0]
        document["events"].append({
            "sentence": text, "trigger": trigger, "type": GOLD_TYPES.get(record["event"], record["event"]),
            "source": _names(record.get("source")), "target": _names(record.get("target")), "place": None,
            "negated": False, "hypothetical": False, "optional": False})
    return list(by_text.values())


def halves(records: list[dict[str, Any]], seed: int = 13) -> list[list[dict[str, Any]]]:
    """The records in two halves by text (a text's records stay together)."""
    texts = list(dict.fromkeys(r["text"] for r in records))
    order = np.random.default_rng(seed).permutation(len(texts))
    half = {texts[int(i)]: rank % 2 for rank, i in enumerate(order)}
    return [[r for r in records if half[r["text"]] == k] for k in (0, 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gsr", type=Path, default=GSR)
    parser.add_argument("--halves", type=Path, required=True, help="folder to write the two halves to")
    args = parser.parse_args()
    records = read_records(args.gsr)
    args.halves.mkdir(parents=True, exist_ok=True)
    for k, half in enumerate(halves(records)):
        (args.halves / f"gsr_articles_{k}.json").write_text(json.dumps({"documents": documents(half)}), "utf-8")
        (args.halves / f"gsr_records_{k}.json").write_text(json.dumps(half), "utf-8")
        print(f"half {k}: {len(half)} records, {len({r['text'] for r in half})} texts")


if __name__ == "__main__":
    main()
