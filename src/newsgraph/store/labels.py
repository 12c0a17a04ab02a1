"""Readable names for untitled articles and stories: the first words of the body, else the site and the date.

A document without a title (a plain-text scrape, a JSON line with `body_only`) would otherwise be shown by its
id ("doc-7a1d...", "s-doc-7a1d...").
"""

from __future__ import annotations

from collections.abc import Iterable

from newsgraph.store.base import Store

LEAD_WORDS = 10
LEAD_CHARS = 400  # read no more of a body than its first words need


def lead_label(text: str | None, words: int = LEAD_WORDS) -> str | None:
    """The first `words` words of `text` (with an ellipsis when there are more), or None when it has none."""
    parts = (text or "").split()
    if not parts:
        return None
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def fallback_label(lead: str | None, site: str | None, published: str | None) -> str:
    """The name of an untitled document: its first words, else its site and date."""
    site_and_day = " · ".join(part for part in (site, (published or "")[:10]) if part)
    return lead_label(lead) or (f"untitled, {site_and_day}" if site_and_day else "untitled article")


def _marks(values: list[str]) -> str:
    return ", ".join("?" for _ in values)


def untitled_article_labels(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """A label for each untitled article among `article_ids` (titled ones are left out)."""
    ids = sorted({i for i in article_ids if i})
    if not ids:
        return {}
    with store.read() as tx:
        rows = tx.all(f"SELECT id, substr(coalesce(body, ''), 1, {LEAD_CHARS}) AS lead, "
                      "coalesce(site_name, host) AS site, published FROM articles "
                      f"WHERE (title IS NULL OR title = '') AND id IN ({_marks(ids)})", ids)
    return {row["id"]: fallback_label(row["lead"], row["site"], row["published"]) for row in rows}


def untitled_story_labels(store: Store, story_ids: Iterable[str]) -> dict[str, str]:
    """A label for each story among `story_ids` whose first article (the one it takes its title from) is untitled."""
    ids = sorted({i for i in story_ids if i})
    if not ids:
        return {}
    first: dict[str, dict] = {}
    with store.read() as tx:
        for row in tx.all(f"SELECT story_id, title, substr(coalesce(body, ''), 1, {LEAD_CHARS}) AS lead, "
                          f"coalesce(site_name, host) AS site, published FROM articles WHERE story_id IN "
                          f"({_marks(ids)}) ORDER BY published NULLS LAST, seq", ids):
            first.setdefault(row["story_id"], row)
    return {story: fallback_label(row["lead"], row["site"], row["published"]) for story, row in first.items()
            if not row["title"]}
