"""Train the event role model (`src/newsgraph/data/event_roles.npz`): which actor of a sentence is an event's source
and which its target.

Usage (from the repository root, after `pip install -e .[train]`; `make train-events` runs it):
`.venv/bin/python tools/train_event_roles.py [--train FILE ...] [--output FILE] [--folds K] [--seed N]`

Data: `../shared/data/events/articles/train.json` (180 articles; see its README), never `dev.json`. For every gold
event whose trigger word is found in the parse, every actor its sentence names is a candidate
(`analyze/event_roles.py`), described for the event's gold category; a candidate is SOURCE (or TARGET) when one of
its names (its text, its entity's name or aliases) and one of the gold source (target) names contain each other as
whole words, as `score-events` judges (of a name and the phrase it modifies, the phrase). The first candidate is
nobody. The model is a conditional logit per role: a softmax over the event's candidates of a linear score of
their feature strings (those seen at least twice), fitted by L-BFGS with an L2 penalty, so the run is
deterministic. `--folds K` first reports, by article, how often the chosen source and target are right in the
scorer's terms, beside the rule coder's actors on the same events. Under a minute on two cores.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from newsgraph.analyze.event_actors import ActorResolver, ActorSpan
from newsgraph.analyze.event_model import EventModel
from newsgraph.analyze.event_places import ArticlePlaces, PlaceCandidate, PlaceModel
from newsgraph.analyze.event_roles import SOURCE, TARGET, RoleCandidate, RoleModel
from newsgraph.analyze.events import EventStage, part_of
from newsgraph.evaluate.event_articles import code_country, names_match, place_matches

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_event_model import DEFAULT_TRAIN, analyzed, fold_table, gold_spans, read_documents

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "src" / "newsgraph" / "data" / "event_roles.npz"
DEFAULT_PLACES = ROOT / "src" / "newsgraph" / "data" / "event_places.npz"
MIN_COUNT = 2
MARGINS = (0.0, 0.5, 1.0, 1.5, 2.0)


@dataclass
class Case:
    """One gold event as the role model sees it: its candidates with their names, and the gold actors."""

    doc: int
    candidates: list[RoleCandidate]
    names: list[list[str]]  # each candidate's names
    countries: list[set[str]]  # each candidate's actor countries
    rule: tuple[list[str], list[str]]  # names of the rule coder's source and target
    rule_countries: tuple[set[str], set[str]]
    gold: tuple[list[str], list[str]]
    gold_countries: tuple[str, str]
    gold_sectors: tuple[str, str] = ("", "")


@dataclass
class PlaceCase:
    """One gold event as the place model sees it: its candidate places, the right ones, the rule coder's verdict."""

    doc: int
    candidates: list[PlaceCandidate]
    right: list[int]
    names: list[list[str]]
    gold: str | None
    rule_right: bool


def _names(spans: list[ActorSpan], resolver: ActorResolver) -> list[str]:
    out = []
    for span in spans:
        out.append(resolver.text[span.start:span.end])
        entity = resolver.entities.get(span.entity or "")
        if entity is not None:
            out += [entity.name, *entity.aliases]
    return [n for n in out if n]


def right(names: list[str], countries: set[str], gold: list[str], code: str) -> bool:
    """The scorer's judgement of one role: empty for empty, else a shared name or the gold code's country."""
    if not gold and not code:
        return not names
    return bool(names) and (bool(code) and code in countries or names_match(names, gold))


def _sector(code: str | None) -> str:
    parts = (code or "").split()
    return parts[1][:3] if len(parts) > 1 else ""


def collect(paths: list[Path]) -> tuple[list[Case], list[PlaceCase], int]:
    events = EventStage(min_confidence=0.0, model=True, encoder=False, roles=False, locator=False)
    documents = read_documents(paths)
    cases: list[Case] = []
    place_cases: list[PlaceCase] = []
    for number, gold, article, doc in analyzed(documents):
        resolver = events.resolver_for(article)
        located = ArticlePlaces.of(article, doc)
        place_names = {p.id: [p.name, *(m.text for m in p.mentions)] for p in article.places}
        works = list(events.sentences(article, doc, resolver, with_candidates=False))
        for event, span in zip([e for e in gold["events"] if article.text.find(e["sentence"]) >= 0],
                               gold_spans(article.text, gold), strict=True):
            if span["trigger"] is None:
                continue
            start, end = span["trigger"]
            work = next((w for w in works if w.sentence.start_char <= start < w.sentence.end_char), None)
            if work is None:
                continue
            inside = [t for t in work.tokens if start <= t.idx < end]
            heads = [t for t in inside if not (start <= t.head.idx < end) or t.head.i == t.i]
            if not inside:
                continue
            token = (heads or inside)[0]
            types = span["types"]
            drafts = [d for d in work.drafts if d.trigger.i == token.i]
            draft = next((d for d in drafts if d.type in types), None) or events.draft_for(token, types[0])
            draft.type = types[0] if draft.type not in types else draft.type
            part = part_of(article, token.idx)
            rule = events.rule_actors(article, draft, resolver, part)
            found = events.role_candidates(article, work.tokens, draft, resolver, part, rule)
            where = (work.sentence, work.tokens)
            own = [m for m in located.mentions if work.sentence.start_char <= m[0] < work.sentence.end_char]
            chosen, options = events.place_options(article, where, draft, resolver, (own, located), part,
                                                   rule[0] + rule[1])
            names = [place_names.get(o.place or "", []) for o in options]
            gold_place = event.get("place")
            right = [i for i in range(len(options)) if place_matches(names[i], gold_place)] if gold_place else []
            place_cases.append(PlaceCase(number, options, right, names, gold_place,
                                         place_matches(place_names.get(chosen or "", []), gold_place) if gold_place
                                         else chosen is None))
            cases.append(Case(number, found, [_names(c.spans, resolver) for c in found],
                              [{s.country for s in c.spans if s.country} for c in found],
                              (_names(rule[0], resolver), _names(rule[1], resolver)),
                              ({s.country for s in rule[0] if s.country}, {s.country for s in rule[1] if s.country}),
                              (event.get("source") or [], event.get("target") or []),
                              (code_country(event.get("source_code")), code_country(event.get("target_code"))),
                              (_sector(event.get("source_code")), _sector(event.get("target_code")))))
        if number % 20 == 0:
            print(f"  {number + 1}/{len(documents)} documents, {len(cases)} events", file=sys.stderr)
    return cases, place_cases, len(documents)


def positives(case: Case, role: int) -> list[int] | None:
    """The candidates right for a role (the first, nobody, when the gold role is empty); None when none is. As the
    scorer counts an actor of the gold code's country right, such candidates are right when none is by name."""
    code = case.gold_countries[role]
    if not case.gold[role] and not code:
        return [0]
    hits = [i for i, names in enumerate(case.names) if i and names_match(names, case.gold[role])]
    if not hits and code:
        hits = [i for i, countries in enumerate(case.countries) if i and code in countries]
    # of a name and the phrase it modifies ("Saudi" in "the Saudi government") the phrase is the actor, with its code
    heads = {case.candidates[i].head.i for i in hits if case.candidates[i].head is not None}
    outer = [i for i in hits if case.candidates[i].head is None or case.candidates[i].head.head.i not in heads
             or case.candidates[i].head.head.i == case.candidates[i].head.i]
    chosen = outer or hits
    sector = case.gold_sectors[role]
    if sector and len(chosen) > 1:  # of two right names, the one coded as the gold codes it
        coded = [i for i in chosen if any(s.sector == sector for s in case.candidates[i].spans)]
        chosen = coded or chosen
    return chosen or None


Group = tuple[list[list[str]], list[int]]  # one event's candidates (their feature strings) and the right ones


def ranker(columns: list[list[Group]], labels: list[str], c: float) -> EventModel:
    """Weights maximizing, per event and column, the likelihood of a right candidate under a softmax over the
    event's candidates (a conditional logit), with an L2 penalty of 1/c; solved by L-BFGS, so deterministic."""
    distinct = {id(features): features for groups in columns for features, _ in groups}  # an event counts once
    counts = Counter(f for features in distinct.values() for row in features for f in set(row))
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    solved = []
    for groups in columns:
        rows, cols, starts, positive = [], [], [], []
        n = 0
        for features, right_ones in groups:
            starts.append(n)
            for index, row in enumerate(features):
                for f in set(row):
                    if f in vocabulary:
                        rows.append(n)
                        cols.append(vocabulary[f])
                positive.append(index in right_ones)
                n += 1
        x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocabulary)))
        solved.append(_solve(x, np.array(starts), np.array(positive, dtype=bool), 1.0 / c))
    weights = np.stack(solved, axis=1).astype(np.float32)
    width = len(labels)
    return EventModel(labels, vocabulary, weights, np.zeros((0, width), dtype=np.float32), np.zeros(0, np.float32),
                      np.ones(0, np.float32), np.zeros(width, np.float32))


def fit(cases: list[Case], c: float) -> EventModel:
    """The role model: one column per role, over the events whose right candidates are known."""
    columns: list[list[Group]] = [[], []]
    for case in cases:
        features = [c.features for c in case.candidates]
        for role in (0, 1):
            right_ones = positives(case, role)
            if right_ones is not None and len(case.candidates) > 1:
                columns[role].append((features, right_ones))
    return ranker(columns, [SOURCE, TARGET], c)


def fit_places(cases: list[PlaceCase], c: float) -> EventModel:
    # only events with a gold place teach the ranking; the scorer judges only those, and "nowhere" is left to the
    # sentences that name no place at all
    groups: list[Group] = [([c.features for c in case.candidates], case.right) for case in cases
                           if case.gold and case.right]
    return ranker([groups], ["PLACE"], c)


def _solve(x: sparse.csr_matrix, starts: np.ndarray, positive: np.ndarray, penalty: float) -> np.ndarray:
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, x.shape[0])))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = x @ w
        top = np.maximum.reduceat(scores, starts)[group]
        e = np.exp(scores - top)
        total = np.add.reduceat(e, starts)[group]
        hit = np.add.reduceat(e * positive, starts)[group]
        p, q = e / total, e * positive / hit
        value = -float(np.sum(np.log(np.add.reduceat(e * positive, starts) / np.add.reduceat(e, starts))))
        return value + 0.5 * penalty * float(w @ w), x.T @ (p - q) + penalty * w

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return result.x


def judged(cases: list[Case], model: EventModel) -> tuple[int, int]:
    """How many cases get a right source and a right target from the model."""
    roles = RoleModel(model)
    sources = targets = 0
    for case in cases:
        chosen = roles.choose(case.candidates)
        for role, spans in enumerate(chosen):
            picked = [i for i, c in enumerate(case.candidates) if spans and any(s in c.spans for s in spans)]
            names = [n for i in picked[:1] for n in case.names[i]]
            countries = {s.country for s in spans if s.country}
            ok = right(names, countries, case.gold[role], case.gold_countries[role])
            if role == 0:
                sources += ok
            else:
                targets += ok
    return sources, targets


def with_margins(model: EventModel, margins: tuple[float, float]) -> EventModel:
    """The model with nobody's score lowered by a margin per role: nobody then wins only by that much. The scorer
    counts an actor right by its country too, which the likelihood does not see, so the margin is chosen on the
    held-out folds."""
    weights = model.sparse.copy()
    if "null" in model.vocabulary:
        weights[model.vocabulary["null"]] -= np.array(margins, dtype=np.float32)
    return EventModel(model.labels, model.vocabulary, weights, model.dense, model.mean, model.scale, model.bias)


def places_judged(cases: list[PlaceCase], model: EventModel) -> tuple[int, int]:
    """(right places of events with a gold place, events without one placed nowhere)."""
    chooser = PlaceModel(model)
    placed = nowhere = 0
    for case in cases:
        chosen = chooser.choose(case.candidates)
        if case.gold:
            placed += any(case.candidates[i].place == chosen for i in case.right)
        else:
            nowhere += chosen is None
    return placed, nowhere


def _reach(cases: list[Case]) -> list[float]:
    """Per role, the share of events where some candidate (or nobody) is right."""
    return [sum(positives(c, role) is not None for c in cases) / len(cases) for role in (0, 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, nargs="+", default=DEFAULT_TRAIN)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--places-output", type=Path, default=DEFAULT_PLACES)
    parser.add_argument("--folds", type=int, default=5, help="report K-fold figures by article first (0: none)")
    parser.add_argument("--c", type=float, default=0.5, help="inverse regularization strength")
    parser.add_argument("--place-c", type=float, default=0.1,
                        help="the place model's (fewer events teach it: 820 with a place)")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    started = time.monotonic()
    cases, place_cases, documents = collect(args.train)
    with_place = sum(bool(c.gold) for c in place_cases)
    print(f"{documents} documents, {len(cases)} events ({with_place} with a place), "
          f"{sum(len(c.candidates) for c in cases)} candidate actors; read in {time.monotonic() - started:.0f} s")
    rule_sources = sum(right(c.rule[0], c.rule_countries[0], c.gold[0], c.gold_countries[0]) for c in cases)
    rule_targets = sum(right(c.rule[1], c.rule_countries[1], c.gold[1], c.gold_countries[1]) for c in cases)
    place_right = sum(c.rule_right for c in place_cases if c.gold) / with_place
    nowhere_right = sum(c.rule_right for c in place_cases if not c.gold) / (len(place_cases) - with_place)
    print(f"  the rule coder: source right {rule_sources / len(cases):.3f}, target right "
          f"{rule_targets / len(cases):.3f}, place right {place_right:.3f}"
          f" (nowhere for no gold place {nowhere_right:.3f})")
    reach = _reach(cases)
    print(f"  best reachable among the candidates: source {reach[0]:.3f}, target {reach[1]:.3f}, place "
          f"{sum(bool(c.right) for c in place_cases if c.gold) / with_place:.3f}")
    margins = [0.0, 0.0]
    if args.folds:
        table = fold_table(documents, args.folds, args.seed)
        tally = {(ms, mt): [0, 0] for ms in MARGINS for mt in MARGINS}
        placed = [0, 0]
        for fold in range(args.folds):
            held = {d for d, k in enumerate(table) if k == fold}
            model = fit([c for c in cases if c.doc not in held], args.c)
            for pair in tally:
                got = judged([c for c in cases if c.doc in held], with_margins(model, pair))
                tally[pair] = [tally[pair][0] + got[0], tally[pair][1] + got[1]]
            found = places_judged([c for c in place_cases if c.doc in held],
                                  fit_places([c for c in place_cases if c.doc not in held], args.place_c))
            placed = [placed[0] + found[0], placed[1] + found[1]]
        # the source and the target are chosen together, so their margins are too: the best sum of both
        chosen = max(tally, key=lambda pair: (sum(tally[pair]), -sum(pair)))
        margins = [chosen[0], chosen[1]]
        print(f"  cross-validated ({args.folds} folds by article), source / target right by how much nobody must win "
              f"by (source, target): " + ", ".join(f"{pair}: {tally[pair][0] / len(cases):.3f} / "
                                                  f"{tally[pair][1] / len(cases):.3f}" for pair in tally
                                                  if pair[0] == pair[1] or pair == chosen))
        print(f"  chosen margins {margins[0]} / {margins[1]}; place right {placed[0] / with_place:.3f} (nowhere for "
              f"no gold place {placed[1] / (len(place_cases) - with_place):.3f})")
    model = with_margins(fit(cases, args.c), (margins[0], margins[1]))
    RoleModel(model).save(args.output)
    places = fit_places(place_cases, args.place_c)
    PlaceModel(places).save(args.places_output)
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.2f} MB: {len(model.vocabulary)} features) and "
          f"{args.places_output} ({args.places_output.stat().st_size / 1e6:.2f} MB: {len(places.vocabulary)} features) "
          f"in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
