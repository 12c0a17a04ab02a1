"""Line-level boilerplate rules shared by the HTML and plain-text extractors."""

from __future__ import annotations

import pytest

from newsgraph.article import Removed
from newsgraph.extract.boilerplate import boilerplate_kind, drop_boilerplate, is_copyright, tail_label_kind
from newsgraph.extract.extracted import Block

BOILERPLATE = [
    # share buttons, share bars, follow and sign-up calls
    ("Share this article on Facebook", "share"),
    ("Share", "share"),
    ("Share 24", "share"),
    ("Share on Twitter", "share"),
    ("Share via Email", "share"),
    ("Share this:", "share"),
    ("Print this page", "share"),
    ("Print Article", "share"),
    ("Save for later", "share"),
    ("Copy link", "share"),
    ("Tweet", "share"),
    ("Like this story? Share it with a friend!", "share"),
    ("Click here to get the app", "share"),
    ("Follow us on Twitter", "share"),
    ("Like us on Facebook", "share"),
    ("Facebook Twitter WhatsApp Email", "share"),
    ("Follow NBC News on Facebook, Twitter and Instagram.", "share"),
    ("Sign up for our newsletter", "share"),
    ("Subscribe", "share"),
    ("Join now", "share"),
    ("- Share on WhatsApp", "share"),
    # promos: labels with their punctuation, bare labels, links
    ("Read More: Cleric ‘Forgiven’ after Raping 12-Year-Old", "promo"),
    ("Also read: Ten things to know about floods", "promo"),
    ("Also read", "promo"),
    ("Related: Floods hit the valley", "promo"),
    ("Related stories", "promo"),
    ("See also: the full list", "promo"),
    ("Next: Floods in pictures", "promo"),
    ("Watch — the flood in pictures", "promo"),
    ("ADVERTISEMENT", "promo"),
    ("Story continues below advertisement", "promo"),
    ("Also on example.com: Floods hit the valley", "promo"),
    ("Listen: https://example.com/podcast/42", "promo"),
    ("You may also like...", "promo"),
    # tags, comments, widgets, contacts
    ("Tags", "tags"),
    ("Filed under:", "tags"),
    ("Comments", "comments"),
    ("12 comments", "comments"),
    ("Thanks for signing up!", "widget"),
    ("There was an error processing your subscription.", "widget"),
    ("Write to Al Root at al.root@example.com", "contact"),
    # captions and credits
    ("Photo: A flooded street in the valley town.", "caption"),
    ("(Photo: Reuters)", "caption"),
    ("Water in the main street. Photo: J. Doe", "caption"),
    ("Photo by Jane Doe/Reuters", "caption"),
    ("Main image credit: Getty", "caption"),
    ("Rescuers in the valley on Friday. Getty Images", "caption"),
    # bylines and datelines
    ("By Jane Doe", "byline"),
    ("By Jane Doe, staff writer", "byline"),
    ("By Jane Doe and John Smith | Reuters", "byline"),
    ("By Jan Smith", "byline"),
    ("Updated: Tue., Nov. 19, 2019", "dateline"),
    ("Updated at 1:23 p.m.", "dateline"),
    ("Published 18 November 2019", "dateline"),
    ("Posted on March 3, 2023 at 10:15 am ET", "dateline"),
    ("Last updated: 2 hours ago", "dateline"),
    # copyright notices and leaked metadata
    ("© 2023 The Daily Example. All rights reserved.", "copyright"),
    ("Copyright 2019 Hawaii News Now. All rights reserved.", "copyright"),
    ("Copyright The Associated Press", "copyright"),
    ("Order Reprints", "copyright"),
    ("This copy is for your personal, non-commercial use only.", "copyright"),
    ("https://example.com/img/flood.jpg", "metadata"),
    ("2019-11-19T07:23:12+01:00", "metadata"),
]

ARTICLE_TEXT = [
    "Share prices fell 3% on Monday.",
    "Shares of the company rose 5% in early trading.",
    "Related parties signed the deal.",
    "Related-party transactions rose sharply last year.",
    "The photo agency said it had withdrawn the picture.",
    "Read more than 300 pages of the report, she said.",
    "Next-generation chips will be made in Arizona.",
    "More-than-expected inflation hit the markets.",
    "Watch the skies tonight, astronomers said.",
    "See you in court, he said.",
    "Email correspondence showed that the deal was agreed in May.",
    "Printing costs rose by a third.",
    "Save the Children said the camps were overcrowded.",
    "Save on energy bills this winter, the minister urged.",
    "Tweets by the president angered allies.",
    "Facebook and Twitter removed the posts.",
    "Follow-up talks on Twitter's future were planned.",
    "Join the army today, the recruiter urged.",
    "Sign up numbers for the scheme doubled.",
    "Sign up for the bundle using the same email as your streaming account",
    "Subscribe to the theory that prices will fall and you will lose money.",
    "Thank you for reading my letter, Mr President, she wrote.",
    "Copyright law has not kept pace with AI.",
    "Copyright infringement cases rose 10% last year.",
    "Reprints of the 1960 edition are now rare.",
    "By Monday, most of the water had receded.",
    "By Christmas, shoppers had spent $5bn online.",
    "Published in 2019, the report was widely read.",
    "Updated figures show 3 million jobs lost.",
    "Posted 12 goals in 20 games this season.",
    "Photographs of the site were released on Tuesday.",
    "Pictures by the hundred were published.",
    "Image is everything in politics, the adviser said.",
    "Credit card debt hit a record.",
    "Contact with the crew was lost at 10:31.",
    "Be sure to visit the museum, which is open daily.",
]


@pytest.mark.parametrize("line,kind", BOILERPLATE)
def test_boilerplate_kind_of_boilerplate_line(line: str, kind: str) -> None:
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize("line", ARTICLE_TEXT)
def test_boilerplate_article_sentence_not_flagged(line: str) -> None:
    assert boilerplate_kind(line) is None


def test_boilerplate_long_line_is_text_unless_copyright() -> None:
    sentence = "Read more: " + " ".join(["the council said the budget would grow"] * 5)
    notice = ("© 2019 Associated Press. All Rights Reserved. This material may not be published, broadcast, "
              "rewritten, or redistributed. " * 2)
    assert boilerplate_kind(sentence) is None
    assert boilerplate_kind(notice) == "copyright"


@pytest.mark.parametrize("line,kind", [("Tags", "tags"), ("Comments", "comments"), ("Most read", "promo"),
                                       ("More from Business", "promo"), ("Read more", "promo"),
                                       ("Read more: Floods", None), ("Related parties signed the deal.", None)])
def test_boilerplate_tail_label_kind(line: str, kind: str | None) -> None:
    assert tail_label_kind(line) == kind


@pytest.mark.parametrize("text,expected", [("© 2023 The Daily Example", True), ("Example. All rights reserved", True),
                                           ("The Daily Example", False), ("Copyright law today", False)])
def test_boilerplate_is_copyright(text: str, expected: bool) -> None:
    assert is_copyright(text) is expected


SENTENCE = "The council passed the budget on Monday after a long debate about schools, roads and the new library."


def test_boilerplate_drop_keeps_text_and_lists_what_went() -> None:
    blocks = [Block("paragraph", "River Flood Recedes"), Block("paragraph", f"{SENTENCE}\nShare on Facebook"),
              Block("paragraph", "https://example.com/news/river-flood"), Block("paragraph", SENTENCE + " More.")]
    removed: list[Removed] = []
    kept = drop_boilerplate(blocks, "River Flood Recedes", "https://www.example.com/news/river-flood/", removed)
    assert kept == [Block("paragraph", SENTENCE), Block("paragraph", SENTENCE + " More.")]
    assert [(r.kind, r.text) for r in removed] == [
        ("duplicate", "River Flood Recedes"), ("share", "Share on Facebook"),
        ("share", "https://example.com/news/river-flood")]


def test_boilerplate_drop_cuts_other_stories_late_in_the_body() -> None:
    blocks = [Block("paragraph", SENTENCE), Block("paragraph", SENTENCE), Block("heading", "Most read"),
              Block("paragraph", "Storm hits coast")]
    removed: list[Removed] = []
    assert drop_boilerplate(blocks, None, None, removed) == blocks[:2]
    assert [(r.kind, r.text) for r in removed] == [("promo", "Most read"), ("promo", "Storm hits coast")]


def test_boilerplate_drop_removes_a_second_copy_of_the_text() -> None:
    lines = [f"{SENTENCE} Part {n}." for n in range(3)]
    blocks = [Block("paragraph", line) for line in lines] + [Block("paragraph", "\n".join(lines))]
    removed: list[Removed] = []
    assert drop_boilerplate(blocks, None, None, removed) == blocks[:3]
    assert [r.kind for r in removed] == ["duplicate"] * 3
