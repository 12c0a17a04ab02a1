"""Human-readable summaries of article records, for `make run` and `analyze --summary`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table


def print_summary(records: Iterable[dict[str, Any]], console: Console | None = None) -> tuple[int, int]:
    """Print one panel per record; returns (analyzed, failed)."""
    console = console or Console()
    analyzed = failed = 0
    for record in records:
        if "error" in record:
            failed += 1
            console.print(f"[bold red]{record['id']}[/]: error {record['error']['code']}: {record['error']['message']}")
            continue
        analyzed += 1
        published = record["published"]
        console.rule(f"[bold]{record['title'] or record['id']}")
        console.print(f"site: {record['site_name'] or '-'}   published: "
                      f"{published['value'] + ' (' + published['source'] + ')' if published else '-'}   "
                      f"authors: {', '.join(record['authors']) or '-'}   words: {len(record['body'].split())}")
        if record["summary"]:
            console.print(f"[italic]{record['summary'][:300]}[/]")
        headings = [record["text"][p["start"]:p["end"]] for p in record["parts"] if p["kind"] == "heading"]
        if headings:
            console.print("headings: " + " | ".join(headings))
        if record["removed"]:
            console.print("removed: " + "; ".join(f"{r['kind']}: {r['text'][:60]}" for r in record["removed"]))
        table = Table("entity", "type", "actor", "roles", "aliases", "mentions", show_lines=False)
        ranked = sorted(record["entities"], key=lambda e: -len(e["mentions"]))[:12]
        for entity in ranked:
            actor = entity["actor"]
            code = "" if actor is None else f"{actor['country'] or '---'} {actor['sector'] or ''}".strip()
            table.add_row(entity["name"], entity["type"], code, "; ".join(r["title"] for r in entity["roles"]),
                          ", ".join(entity["aliases"][:4]), str(len(entity["mentions"])))
        console.print(table)
    console.print(f"[bold]{analyzed} analyzed, {failed} failed")
    return analyzed, failed
