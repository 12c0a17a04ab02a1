"""The command line: parse arguments, call the library, turn errors into clean messages and exit codes."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import IO, Any

from newsgraph import __version__
from newsgraph.cli_corpus import RUNNERS, add_commands
from newsgraph.config import Settings
from newsgraph.dates import ISO_FORMS, iso_date
from newsgraph.errors import BadDateOption, NewsgraphError, StoreError, UsageError
from newsgraph.web.serve import add_serve_command, run_serve

EXIT_OK, EXIT_DOCUMENT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_STORE = 4  # the database cannot be opened, migrated or written (NG3xx); 3 is uvicorn's startup failure
# task -> (module, function): each reads its data set's native format and scores the whole pipeline.
EVALUATIONS = {
    "extraction": ("newsgraph.evaluate.extraction", "evaluate_extraction"),
    "ner": ("newsgraph.evaluate.ner", "evaluate_ner"),
    "places": ("newsgraph.evaluate.places", "evaluate_places"),
    "times": ("newsgraph.evaluate.times", "evaluate_times"),
    "quotes": ("newsgraph.evaluate.quotes", "evaluate_quotes"),
    "events": ("newsgraph.evaluate.events", "evaluate_events"),
    "events-articles": ("newsgraph.evaluate.event_articles", "evaluate_event_articles"),
    "stories": ("newsgraph.evaluate.stories", "evaluate_stories"),
    "canonical-events": ("newsgraph.evaluate.canonical_events", "evaluate_canonical_events"),
}
# The date options of every command: attribute on the parsed arguments -> the option as typed.
DATE_OPTIONS = {"published": "--published", "date_from": "--from", "date_to": "--to"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgraph", description="News turned into evidence-linked intelligence.")
    parser.add_argument("--version", action="version", version=f"newsgraph {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", help="analyze documents and print article records (stores nothing)")
    analyze.add_argument("inputs", nargs="*", metavar="INPUT", help="file, folder, URL or - (default: stdin)")
    analyze.add_argument("--format", choices=["auto", "html", "text", "jsonl"], default="auto")
    analyze.add_argument("--body-only", action="store_true", help="the input text is the body, exactly as given")
    analyze.add_argument("--published", metavar="DATE",
                         help="publication date (ISO 8601: 2024-04-03 or 2024-04-03T10:00:00Z), "
                              "the reference for relative times")
    analyze.add_argument("--title", help="title metadata for a single document")
    analyze.add_argument("--url", help="URL metadata for a single document")
    analyze.add_argument("--id", dest="doc_id", help="id for a single document")
    analyze.add_argument("--pretty", action="store_true", help="indent a single JSON record")
    analyze.add_argument("-o", "--output", help="write to this file instead of standard output")
    analyze.add_argument("--summary", action="store_true", help="print a readable summary instead of JSON")
    _settings_options(analyze)

    evaluate = commands.add_parser("evaluate", help="score the pipeline on a gold data set")
    evaluate.add_argument("task", choices=list(EVALUATIONS), help="what to evaluate")
    evaluate.add_argument("path", help="the data set in its native format (ScrapingHub folder, CoNLL-2003 file, "
                                       "LGL XML, TimeML folder, PolNeAR split folder, PLOVER JSON, "
                                       "annotated articles JSON)")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument("--limit", type=int, help="score only the first N documents")
    _settings_options(evaluate)
    add_commands(commands, _settings_options)
    add_serve_command(commands, _settings_options)
    for command in commands.choices.values():
        command.set_defaults(command_parser=command)  # so an unknown option gets this command's usage
    return parser


def _settings_options(parser: argparse.ArgumentParser) -> None:
    help_text = Settings.help()
    parser.add_argument("--db", help="database URL (default: $NEWSGRAPH_DB or sqlite:///newsgraph.db)")
    parser.add_argument("--model", help=help_text["model"])
    parser.add_argument("--batch-size", type=int, help=help_text["batch_size"])
    parser.add_argument("--workers", type=int, help=help_text["workers"])
    parser.add_argument("--max-bytes", type=int, help=help_text["max_bytes"])
    parser.add_argument("--max-chars", dest="max_chars_per_doc", type=int, help=help_text["max_chars_per_doc"])
    parser.add_argument("--event-min-confidence", type=float, help=help_text["event_min_confidence"])
    parser.add_argument("--event-coder", choices=("rules", "learned"), help=help_text["event_coder"])
    parser.add_argument("--recognizer", action=argparse.BooleanOptionalAction, default=None,
                        help=help_text["recognizer"])


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(model=args.model, batch_size=args.batch_size, workers=args.workers,
                             max_bytes=args.max_bytes, max_chars_per_doc=args.max_chars_per_doc,
                             event_min_confidence=args.event_min_confidence, event_coder=args.event_coder,
                             recognizer=args.recognizer)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        words = list(sys.argv[1:] if argv is None else argv)
        before_command = words.index(unknown[0]) < words.index(args.command) if unknown[0] in words else False
        (parser if before_command else args.command_parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        _check_dates(args)
        if args.command == "analyze":
            return run_analyze(args)
        if args.command == "evaluate":
            return run_evaluate(args)
        if args.command == "serve":
            return run_serve(args, _settings(args))
        return RUNNERS[args.command](args, _settings(args))
    except UsageError as exc:
        print(f"newsgraph: error {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"newsgraph: error {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_STORE
    except NewsgraphError as exc:
        print(f"newsgraph: error {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_DOCUMENT_ERRORS
    except KeyboardInterrupt:
        print("newsgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _check_dates(args: argparse.Namespace) -> None:
    """Every date option read as ISO 8601 (normalized in place), else a usage error that names the forms."""
    for attribute, option in DATE_OPTIONS.items():
        value = getattr(args, attribute, None)
        if value is None:
            continue
        date = iso_date(value)
        if date is None:
            raise BadDateOption(f"{option} {value!r} is not a date: give {ISO_FORMS}")
        setattr(args, attribute, date)


def run_analyze(args: argparse.Namespace) -> int:
    from newsgraph.pipeline import analyze_parallel
    from newsgraph.sources.files import Overrides, iter_documents

    settings = _settings(args)
    overrides = Overrides(id=args.doc_id, title=args.title, url=args.url, published=args.published,
                          body_only=args.body_only)
    documents = iter_documents(args.inputs or ["-"], args.format, settings.max_bytes, overrides)
    first = list(_take(documents, 2))
    single = len(first) == 1 and not first[0].jsonl
    records = analyze_parallel(chain(first, documents), settings)
    if args.summary:
        from newsgraph.report import print_summary
        _, errors = print_summary(records)
        return EXIT_DOCUMENT_ERRORS if errors else EXIT_OK
    failed = False
    out: IO[str] = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        for record in records:
            failed = failed or "error" in record
            if single:
                out.write(json.dumps(record, ensure_ascii=False, indent=2 if args.pretty else None) + "\n")
            else:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
    finally:
        if args.output:
            out.close()
    return EXIT_DOCUMENT_ERRORS if failed else EXIT_OK


def _take(iterator: Iterator[Any], n: int) -> Iterator[Any]:
    for _ in range(n):
        try:
            yield next(iterator)
        except StopIteration:
            return


def run_evaluate(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.exists():
        raise UsageError(f"evaluation data {str(path)!r} not found; give the data set's path")
    module_name, function_name = EVALUATIONS[args.task]
    evaluate = getattr(importlib.import_module(module_name), function_name)
    if args.task == "extraction":
        scores = evaluate(path, limit=args.limit)
    else:
        scores = evaluate(path, _settings(args), limit=args.limit)
    if args.json:
        print(json.dumps({k: v for k, v in scores.items() if k not in ("per_document", "misses", "errors_list")},
                         indent=2, default=str))
    else:
        _print_scores(args.task, scores)
    return EXIT_OK


def _print_scores(task: str, scores: dict[str, Any]) -> None:
    """Every top-level figure, then the per-type table where the task has one."""
    print(f"{task}: {scores.get('documents', '?')} documents")
    width = max([22, *map(len, scores)])
    for key, value in scores.items():
        if key in ("documents", "per_type", "per_document") or isinstance(value, (list, dict)):
            continue
        print(f"  {key:<{width}} {value:.4f}" if isinstance(value, float) else f"  {key:<{width}} {value}")
    for label, row in sorted(scores.get("per_type", {}).items()):
        if isinstance(row, dict) and {"precision", "recall", "f1"} <= set(row):
            print(f"  {label:<10} precision {row['precision']:.4f}  recall {row['recall']:.4f}  F1 {row['f1']:.4f}")
