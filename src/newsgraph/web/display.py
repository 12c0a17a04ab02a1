"""What the pages add to the store's rows before showing them: counted nouns, names for untitled documents,
an event's date basis in words, and the sentence each event was found in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from newsgraph.store import Store
from newsgraph.store.browse.events import EventFilter, list_events
from newsgraph.store.labels import untitled_article_labels, untitled_story_labels

# The contract's `date.basis` values in words; any other basis is shown as it is.
DATE_BASIS = {"explicit": "stated in the text", "published": "publication date"}
SENTENCE_CONTEXT = 160  # characters kept on each side of the trigger in a long sentence


def counted(number: int | None, noun: str, plural: str | None = None) -> str:
    """`1 article`, `2 articles`, `0 articles` (with `plural` for nouns that do not take an s)."""
    number = number or 0
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def date_basis(basis: str | None) -> str:
    return DATE_BASIS.get(basis or "", basis or "")


def source_name(article: dict[str, Any]) -> str:
    """An article's source: its site name, else its URL's host, else "unknown source"."""
    host = urlsplit(article.get("url") or "").hostname
    return article.get("site_name") or (host.removeprefix("www.") if host else None) or "unknown source"


def label_articles(store: Store, items: Iterable[dict[str, Any]], id_key: str = "id") -> None:
    """Give each item a `label`: its `title`, else a readable fallback for an untitled article."""
    items = list(items)
    fallbacks = untitled_article_labels(store, [item[id_key] for item in items if not item.get("title")])
    for item in items:
        item["label"] = item.get("title") or fallbacks.get(item[id_key]) or item[id_key]


def label_stories(store: Store, items: Iterable[dict[str, Any]]) -> None:
    """Give each story a `label`: its title, else the first words of its first article."""
    items = list(items)
    fallbacks = untitled_story_labels(store, [item["id"] for item in items if not item.get("title")])
    for item in items:
        item["label"] = item.get("title") or fallbacks.get(item["id"]) or item["id"]


def prepare_events(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events of a table with their article's label and their sentence split around the trigger."""
    label_articles(store, [event["article"] for event in events])
    texts: dict[str, str] = {}
    for article_id in dict.fromkeys(event["article_id"] for event in events if event.get("sentence")):
        record = store.get_article(article_id)
        texts[article_id] = record.get("text", "") if record else ""
    for event in events:
        event["sentence_parts"] = sentence_parts(texts.get(event["article_id"], ""), event.get("sentence"),
                                                 event.get("trigger"))
    return events


def sentence_parts(text: str, sentence: dict[str, int] | None, trigger: dict[str, Any] | None) -> tuple[str, str, str]:
    """(before, trigger, after) of the event's sentence, clipped around the trigger when it is long."""
    if not sentence or not text:
        return ("", "", "")
    start, end = sentence["start"], sentence["end"]
    if not trigger or not start <= trigger["start"] <= trigger["end"] <= end:
        return (_clip_end(text[start:end].strip(), 2 * SENTENCE_CONTEXT), "", "")
    before = text[start:trigger["start"]].lstrip()
    after = text[trigger["end"]:end].rstrip()
    if len(before) > SENTENCE_CONTEXT:
        before = "…" + before[-SENTENCE_CONTEXT:].split(" ", 1)[-1]
    return (before, text[trigger["start"]:trigger["end"]], _clip_end(after, SENTENCE_CONTEXT))


def _clip_end(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def canonical_reports(store: Store, canonical_events: list[dict[str, Any]],
                      story_events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each canonical event with its reports (events, each linking to its article) and their actors merged.

    The story's own events are used where they hold every report; a canonical event reported in other stories
    too has its reports read from the store.
    """
    linked: dict[str, list[dict[str, Any]]] = {}
    for event in story_events:
        if event.get("canonical_id"):
            linked.setdefault(event["canonical_id"], []).append(event)
    for canonical in canonical_events:
        reports = linked.get(canonical["id"], [])
        if len({report["article_id"] for report in reports}) < (canonical.get("report_count") or 0):
            reports = list_events(store, EventFilter(canonical=canonical["id"]), limit=100).items
            label_articles(store, [report["article"] for report in reports])
        canonical["reports"] = reports
        canonical["source"] = merged_actors(report["source"] for report in reports)
        canonical["target"] = merged_actors(report["target"] for report in reports)
        canonical["place"] = next((report["place"] for report in reports if report.get("place")), None)
    return canonical_events


def merged_actors(lists: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The actors of several reports, each once (by corpus entity, else by its words), in order of appearance."""
    seen: dict[Any, dict[str, Any]] = {}
    for actors in lists:
        for actor in actors:
            seen.setdefault(actor.get("entity_id") or (actor.get("text") or "").casefold(), actor)
    return list(seen.values())
