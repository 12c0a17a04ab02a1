"""Keyset pages: a cursor is the opaque, URL-safe encoding of the last row's sort key, so a page never shifts
when rows are added before it (unlike offsets)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from newsgraph.errors import BadCursor
from newsgraph.store.base import Tx

MAX_LIMIT = 500


@dataclass
class Page:
    """One page of a list and the cursor of the next page (None on the last one)."""

    items: list[dict[str, Any]]
    next_cursor: str | None = None


def encode_cursor(kind: str, values: Sequence[Any]) -> str:
    raw = json.dumps({"k": kind, "v": list(values)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, width: int) -> list[Any]:
    """The sort key a cursor of this list holds; BadCursor for anything else."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        values = data["v"]
        ok = data["k"] == kind and isinstance(values, list) and len(values) == width
        ok = ok and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values)
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        ok = False
    if not ok:
        raise BadCursor(f"the cursor {cursor[:40]!r} does not belong to this list: pass the `next_cursor` of its "
                        "previous page, or no cursor for the first page")
    return list(values)


def clamp_limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def keyset_page(tx: Tx, kind: str, inner: str, params: Sequence[Any], keys: Sequence[str], descending: bool,
                cursor: str | None, limit: int, item: Callable[[dict[str, Any]], dict[str, Any]]) -> Page:
    """Rows of `inner` (a SELECT whose `keys` columns are never NULL) after the cursor, in key order."""
    limit = clamp_limit(limit)
    order = " DESC" if descending else ""
    statement = f"SELECT * FROM ({inner}) k"
    params = list(params)
    if cursor:
        values = decode_cursor(kind, cursor, len(keys))
        statement += f" WHERE ({', '.join('k.' + key for key in keys)}) {'<' if descending else '>'} " \
                     f"({', '.join('?' for _ in keys)})"
        params += values
    statement += f" ORDER BY {', '.join('k.' + key + order for key in keys)} LIMIT ?"
    rows = tx.all(statement, params + [limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(kind, [rows[-1][key] for key in keys]) if more and rows else None
    return Page([item(row) for row in rows], next_cursor)
