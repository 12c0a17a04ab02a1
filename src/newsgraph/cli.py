"""The command line: parse arguments, call the library, turn errors into clean messages and exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import IO, Any

from newsgraph import __version__
from newsgraph.config import Settings
from newsgraph.errors import NewsgraphError, UsageError

EXIT_OK, EXIT_DOCUMENT_ERRORS, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsgraph", description="News turned into evidence-linked intelligence.")
    parser.add_argument("--version", action="version", version=f"newsgraph {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", help="analyze documents and print article records (stores nothing)")
    analyze.add_argument("inputs", nargs="*", metavar="INPUT", help="file, folder, URL or - (default: stdin)")
    analyze.add_argument("--format", choices=["auto", "html", "text", "jsonl"], default="auto")
    analyze.add_argument("--body-only", action="store_true", help="the input text is the body, exactly as given")
    analyze.add_argument("--published", help="publication date (ISO), the reference for relative times")
    analyze.add_argument("--title", help="title metadata for a single document")
    analyze.add_argument("--url", help="URL metadata for a single document")
    analyze.add_argument("--id", dest="doc_id", help="id for a single document")
    analyze.add_argument("--pretty", action="store_true", help="indent a single JSON record")
    analyze.add_argument("-o", "--output", help="write to this file instead of standard output")
    analyze.add_argument("--summary", action="store_true", help="print a readable summary instead of JSON")
    _settings_options(analyze)

    evaluate = commands.add_parser("evaluate", help="score the pipeline on a gold data set")
    evaluate.add_argument("task", choices=["extraction", "ner"], help="what to evaluate")
    evaluate.add_argument("path", help="the data set (ScrapingHub folder, CoNLL-2003 file)")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    evaluate.add_argument("--limit", type=int, help="score only the first N documents")
    _settings_options(evaluate)
    return parser


def _settings_options(parser: argparse.ArgumentParser) -> None:
    help_text = Settings.help()
    parser.add_argument("--db", help="database URL (default: $NEWSGRAPH_DB or sqlite:///newsgraph.db)")
    parser.add_argument("--model", help=help_text["model"])
    parser.add_argument("--batch-size", type=int, help=help_text["batch_size"])
    parser.add_argument("--workers", type=int, help=help_text["workers"])
    parser.add_argument("--max-bytes", type=int, help=help_text["max_bytes"])
    parser.add_argument("--max-chars", dest="max_chars_per_doc", type=int, help=help_text["max_chars_per_doc"])


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(model=args.model, batch_size=args.batch_size, workers=args.workers,
                             max_bytes=args.max_bytes, max_chars_per_doc=args.max_chars_per_doc)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "analyze":
            return run_analyze(args)
        return run_evaluate(args)
    except UsageError as exc:
        print(f"newsgraph: error {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except NewsgraphError as exc:
        print(f"newsgraph: error {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_DOCUMENT_ERRORS
    except KeyboardInterrupt:
        print("newsgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


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
    out: IO[str] = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
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
    if args.task == "extraction":
        from newsgraph.evaluate.extraction import evaluate_extraction
        scores = evaluate_extraction(path, limit=args.limit)
    else:
        from newsgraph.evaluate.ner import evaluate_ner
        scores = evaluate_ner(path, _settings(args), limit=args.limit)
    if args.json:
        print(json.dumps({k: v for k, v in scores.items() if k != "per_document"}, indent=2))
    else:
        _print_scores(args.task, scores)
    return EXIT_OK


def _print_scores(task: str, scores: dict[str, Any]) -> None:
    print(f"{task}: {scores.get('documents', '?')} documents")
    print(f"  precision {scores['precision']:.4f}  recall {scores['recall']:.4f}  F1 {scores['f1']:.4f}")
    for label, row in sorted(scores.get("per_type", {}).items()):
        print(f"  {label:<6} precision {row['precision']:.4f}  recall {row['recall']:.4f}  F1 {row['f1']:.4f}"
              f"  (gold {row['gold']}, predicted {row['predicted']})")
