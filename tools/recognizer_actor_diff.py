"""Which PLOVER GSR actors the recognizer costs: each record's source and target, right without it, wrong with it.

Usage (from the repository root):
`.venv/bin/python tools/recognizer_actor_diff.py GSR.json [--event-coder rules] [--cache DIR] [--gains]`

Runs the whole pipeline (as `newsgraph evaluate events` does) on the GSR texts twice, without and with the
recognizer, and prints per record and role where the matched actors fall (or, with `--gains`, rise): the gold
actors, each setting's predicted actors (text, country, sector) and the names whose bounds or type differ
between the two settings. Each setting's output is kept in `--cache` (one JSON file per setting and coder), so
a rerun after changing the recognizer needs `--rerun-with` only. A last table counts the records by a rough
cause: the name differences seen in the records' sentences.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from newsgraph.config import Settings
from newsgraph.evaluate.events import (
    DEFAULT_THRESHOLD,
    GOLD_TYPES,
    analyze_texts,
    gold_actors,
    match_actors,
    read_records,
)

Names = set[tuple[int, int, str, str]]


def run(records: list[dict[str, Any]], coder: str, recognizer: bool) -> dict[str, dict[str, Any]]:
    """Per text: the events (as `evaluate_events` keeps them) and the names (start, end, type, text)."""
    outputs = analyze_texts(records, Settings.from_env(event_coder=coder, recognizer=recognizer))
    out: dict[str, dict[str, Any]] = {}
    for text, output in outputs.items():
        names = sorted({(m["start"], m["end"], e["type"], m["text"]) for e in output.get("entities", [])
                        for m in e["mentions"]})
        out[text] = {"events": output.get("events", []), "names": names}
    return out


def chosen(record: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The event the gate scores for a record: the gold category's likeliest, else the likeliest."""
    gold = GOLD_TYPES.get(record["event"], record["event"])
    shown = [e for e in events if e["confidence"] >= DEFAULT_THRESHOLD]
    same = [e for e in shown if e["type"] == gold]
    return max(same or shown, key=lambda e: e["confidence"], default=None)


def actors(event: dict[str, Any] | None, role: str) -> list[tuple[str, str | None, str | None]]:
    return [(a["text"], a["country"], a["sector"]) for a in event[role]] if event else []


def cause(without: Names, with_: Names, before: list[tuple[str, str | None, str | None]],
          after: list[tuple[str, str | None, str | None]]) -> str:
    """A rough class of why an actor was lost, from the names that differ and the actors' texts."""
    lost = without - with_
    gained = with_ - without
    if not lost and not gained:
        return "same names (the event or its roles moved)"
    spans_lost = {(a, b) for a, b, _, _ in lost}
    spans_gained = {(a, b) for a, b, _, _ in gained}
    if spans_lost == spans_gained:
        return "same bounds, other type"
    if any(a <= c and d <= b and (a, b) != (c, d) for a, b in spans_lost for c, d in spans_gained):
        return "name cut shorter"
    if any(c <= a and b <= d and (a, b) != (c, d) for a, b in spans_lost for c, d in spans_gained):
        return "name widened"
    if lost and not gained:
        return "name dropped"
    if gained and not lost:
        return "name added"
    return "bounds moved"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--event-coder", choices=("rules", "learned"), default="rules")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/recognizer_actor_diff"))
    parser.add_argument("--rerun-with", action="store_true", help="run the setting with the recognizer anew")
    parser.add_argument("--gains", action="store_true", help="list what the recognizer wins instead")
    args = parser.parse_args()
    records = read_records(args.gold)
    args.cache.mkdir(parents=True, exist_ok=True)
    outputs = []
    for recognizer in (False, True):
        path = args.cache / f"{args.event_coder}-{'with' if recognizer else 'without'}.json"
        if not path.exists() or (recognizer and args.rerun_with):
            path.write_text(json.dumps(run(records, args.event_coder, recognizer)), encoding="utf-8")
        outputs.append(json.loads(path.read_text(encoding="utf-8")))
    without, with_ = outputs
    causes: Counter[str] = Counter()
    totals = {role: [[0, 0, 0], [0, 0, 0]] for role in ("source", "target")}
    for record in records:
        text = record["text"]
        for role in ("source", "target"):
            gold = gold_actors(record.get(role))
            found = [actors(chosen(record, run_[text]["events"]), role) for run_ in (without, with_)]
            counts = [match_actors([(c, s) for _, c, s in f], gold) for f in found]
            for k in (0, 1):
                totals[role][k] = [t + n for t, n in zip(totals[role][k], counts[k], strict=True)]
            # worse: fewer right, or as many right and more wrong
            change = (counts[1][0] - counts[0][0], counts[0][1] - counts[1][1])
            if change == (0, 0) or (change < (0, 0)) == args.gains:
                continue
            names = [{tuple(n) for n in run_[text]["names"]} for run_ in (without, with_)]
            kind = cause(names[0], names[1], *found)
            causes[kind] += 1
            print(f"{record['id']} {role}: (right, wrong) {counts[0][:2]} -> {counts[1][:2]}  [{kind}]")
            print(f"  text: {text}")
            print(f"  gold: {[(g, a.get('actorText')) for g, a in zip(gold, record.get(role) or [], strict=False)]}")
            print(f"  without: {found[0]}")
            print(f"  with:    {found[1]}")
            print(f"  names only without: {sorted(names[0] - names[1])}")
            print(f"  names only with:    {sorted(names[1] - names[0])}")
    print("\ncauses:")
    for kind, n in causes.most_common():
        print(f"  {n:3d}  {kind}")
    for role, (before, after) in totals.items():
        print(f"{role} (right, wrong, missed): without {tuple(before)}, with {tuple(after)}")


if __name__ == "__main__":
    main()
