"""Publication dates given to newsgraph: ISO 8601 dates and date-times, checked before they are used or stored."""

from __future__ import annotations

import re
from datetime import datetime

# A calendar date, optionally a time (minutes at least) and an offset; a space may stand for the `T`.
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?")
ISO_FORMS = "an ISO 8601 date or date-time such as 2024-04-03, 2024-04-03T10:00:00Z or 2024-04-03T10:00+02:00"


def iso_date(value: str) -> str | None:
    """`value` as an ISO 8601 date or date-time (a space separator becomes `T`), or None when it is not one.

    Only the ISO forms are read: `03/04/2024` or `yesterday` would be guesses, and a guess here would date
    every event of the document.
    """
    text = value.strip()
    if not _ISO.fullmatch(text):
        return None
    try:
        datetime.fromisoformat(text)  # the calendar check: no 2019-13-45, no 2024-02-30, no 24:00
    except ValueError:
        return None
    return text.replace(" ", "T", 1)
