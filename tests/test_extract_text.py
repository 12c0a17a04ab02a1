"""Plain-text scrape extraction: the shape of scraped news, never one site's words."""

from __future__ import annotations

import pytest

from newsgraph.errors import EmptyDocument
from newsgraph.extract.text import extract_text

SCRAPE = """Home | World | Business |

Published: 3 March 2023 09:15

Flood Waters Recede in the River Valley

Residents return to damaged homes as the river falls back below its banks, officials said on Friday.

Residents of the valley began returning to their homes on Friday as the river fell back below its banks, officials said.

Also read: Ten things to know about floods

Rebuilding the Levees

Engineers from the regional authority said repairs to the levees would take months. The work begins next week.

Share this article on Facebook

Photo: A flooded street in the valley town.

The authority said it would publish a full damage report in April."""


def test_extract_text_headline_standfirst_and_dateline() -> None:
    out = extract_text(SCRAPE)
    assert out.title == "Flood Waters Recede in the River Valley"
    assert out.summary is not None and out.summary.startswith("Residents return to damaged homes")
    assert out.published is not None
    assert (out.published.value, out.published.source) == ("2023-03-03T09:15:00", "dateline")


def test_extract_text_headings_and_paragraphs() -> None:
    out = extract_text(SCRAPE)
    kinds = [(b.kind, b.text.split()[0]) for b in out.blocks]
    assert ("heading", "Rebuilding") in kinds
    assert kinds[0] == ("paragraph", "Residents")
    assert kinds[-1] == ("paragraph", "The")


@pytest.mark.parametrize("kind,start", [
    ("banner", "Home | World"),
    ("promo", "Also read"),
    ("share", "Share this article"),
    ("caption", "Photo:"),
])
def test_extract_text_boilerplate_removed(kind: str, start: str) -> None:
    out = extract_text(SCRAPE)
    removed = [r for r in out.removed if r.text.startswith(start)]
    assert removed and removed[0].kind == kind
    assert all(not b.text.startswith(start) for b in out.blocks)


def test_extract_text_welcome_banner_names_the_site() -> None:
    out = extract_text("| Welcome to The Daily Planet\n\nCity Council Passes Budget\n\n"
                       "The council passed the budget on Monday after a long debate.\n\n"
                       "The mayor said the vote was close.")
    assert out.site_name == "The Daily Planet"
    assert out.removed[0].kind == "banner"
    assert out.title == "City Council Passes Budget"


def test_extract_text_wire_lede_is_not_a_standfirst() -> None:
    out = extract_text("Ministers Meet Over Fuel Prices\n\n"
                       "Energy ministers from five countries met in Vienna on Monday to discuss rising fuel prices.\n\n"
                       "The talks lasted four hours and ended without a joint statement from the delegations.\n\n"
                       "A further round is planned for next month.")
    assert out.summary is None
    assert out.blocks[0].text.startswith("Energy ministers")


def test_extract_text_lines_without_blank_lines_are_paragraphs() -> None:
    out = extract_text("Storm Hits Coast\nThe storm reached the coast overnight.\nThousands lost power.")
    assert out.title == "Storm Hits Coast"
    assert [b.text for b in out.blocks] == ["The storm reached the coast overnight.", "Thousands lost power."]


@pytest.mark.parametrize("text", ["", "   \n\t  \n", "| Welcome to Somewhere\n\nMonday, 2 May 2022"])
def test_extract_text_empty_or_only_boilerplate_raises(text: str) -> None:
    with pytest.raises(EmptyDocument) as info:
        extract_text(text)
    assert info.value.code == "NG101"


def test_extract_text_shared_rules_remove_byline_and_keep_share_prices() -> None:
    out = extract_text("Markets Slide on Rate Fears\n\nBy Jane Doe\n\n"
                       "Share prices fell 3% on Monday as traders bet on higher interest rates.\n\n"
                       "Related: Ten things to know about rates\n\n"
                       "Banks led the fall, while utilities held steady through the afternoon.")
    assert ("byline", "By Jane Doe") in {(r.kind, r.text) for r in out.removed}
    assert ("promo", "Related: Ten things to know about rates") in {(r.kind, r.text) for r in out.removed}
    assert [b.text.split()[0] for b in out.blocks] == ["Share", "Banks"]
