"""Boilerplate rules shared by the HTML and plain-text extractors.

News pages and scrapes carry lines that are not the article: share bars, promos for other stories, sign-up
widgets, captions and credits, bylines, datelines, copyright notices, leaked metadata. `boilerplate_kind`
names such a line by its general shape, never by one site's words. Ordinary sentences that open with the
same words stay text (`Share prices fell`, `Related parties signed`, `Read more than 300 pages`): a rule
wants a label's punctuation, a bare label, or a button's object, never only the opening word. A line longer
than `LINE_LIMIT_WORDS` is article text, except a long copyright notice.

`drop_boilerplate` applies the line rules to an extractor's blocks and adds the rules that need the whole
body: the headline or the page's own address repeated, the tail of other stories, a second copy of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import groupby

from newsgraph.article import Removed
from newsgraph.extract.extracted import Block

LINE_LIMIT_WORDS = 30  # line rules only judge lines this short; real paragraphs are longer
_SHORT_WORDS = 12  # a share call or list of networks longer than this is a sentence
_COPY_MIN_LINES, _COPY_MIN_WORDS = 3, 60  # a repeated run this long (10+ words a line) is a copy of the text
_TAIL_SHARE = 0.5  # an `other stories` label after this share of the body's words ends the article


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), re.I)


_LIST_MARKER = re.compile(r"^[-*•]\s+")
# The punctuation that closes a label (`Read more:`, `Related |`, `Watch —`); `Next-generation` is one word.
_LABEL_END = r"\s*(?:[:|>»–—]|-(?=\s)|\s-)"

# --------------------------------------------------------------------------------------------- share

_NETWORK = (r"facebook|twitter|whatsapp|linkedin|telegram|newsletter|youtube|instagram|e-?mail|pinterest|reddit|"
            r"messenger|flipboard|tiktok|snapchat|copy link|print")
_NETWORKS = _rx(rf"\b({_NETWORK})\b")
# Words of a share bar besides the networks' names: `Share on Facebook | Tweet | Copy link`.
_BAR_WORD = _rx(r"(share[sd]?|tweet|pin|follow|us|on|via|and|or|with|this|it|article|story|post|page|link|copy|save|"
                r"sms|comments?)")
# A share button's own words, nothing else: `Share`, `Print this page`, `Save article`, `Copy link`, `Share 24`.
_SHARE_BUTTON = _rx(r"^(share|tweet|pin|e-?mail|print|save|copy)( (this|it|the))?"
                    r"( (article|story|post|page|link|video|gallery|photos?))?[\W\d]*$")
# A call to share or follow: a verb with its object, not a verb opening a sentence (`Share prices fell`).
_SHARE_CALL = _rx(
    r"^(share|tweet|pin|e-?mail)( (this|it))?( (article|story|post|page|link))?\s+(on|via|with|to)\b",
    r"^(share|tweet|e-?mail|print|save) (this|it)\b", r"^(share|e-?mail|print|save) the (article|story|post|page)\b",
    r"^(follow|like|join) us\b", r"^click here\b", r"^download (our|the) app\b", r"^save for later\b",
    r"^copy (the )?link\b", r"^(did you )?like this (story|article|post)\?")
_FOLLOW_ON = _rx(rf"^(follow|find us|connect with us)(?![-\w])[^.!?]{{0,60}}?\bon\s+({_NETWORK})\b")
# Sign-up lines count when they ask for the site's own newsletter, alerts, channel or account, or are bare
# (`Join now`); `Join the army today, the recruiter urged` is a sentence.
_SIGN_UP = _rx(r"^(subscribe|sign up|join|register)\b.*(?<![-\w])(newsletters?|our|inbox|alerts?|youtube|channel|"
               r"podcast)\b", r"^(subscribe|sign up|join|register)( (now|today|here|for free|free)\b|[\W\d]*$)")
_SIGN_UP_SHORT = _rx(r"^(subscribe|sign up)( (to|for)\b|\W*$)")  # `Subscribe to The Weekly`: 4 words or less


def _is_share(text: str, words: int) -> bool:
    """Share buttons, follow and sign-up calls, and bars of network names (`Facebook Twitter WhatsApp`)."""
    if _SHARE_BUTTON.match(text) or _SIGN_UP.match(text) or (_SIGN_UP_SHORT.match(text) and words <= 4):
        return True
    if (_SHARE_CALL.match(text) or _FOLLOW_ON.match(text)) and (words <= _SHORT_WORDS or _NETWORKS.search(text)):
        return True
    if words > _SHORT_WORDS or len(_NETWORKS.findall(text)) < 2:
        return False
    others = [w for w in re.findall(r"[^\W\d_]+", _NETWORKS.sub(" ", text)) if not _BAR_WORD.fullmatch(w)]
    return len(others) <= 1  # `Facebook and Twitter removed the posts.` names two networks but is a sentence


# ------------------------------------------------------------------------------ promos, tags, comments

_PROMO = _rx(
    r"^(read more|read also|also read|more reading|see also|related( stories| articles| coverage| content| article|"
    r" story)?|recommended( for you)?|more from|more on this( story)?|don'?t miss|must read|trending( now)?|"
    r"you (may|might) also like|suggested( reading)?|further reading|watch( now| the video)?|listen( now| to)?|"
    rf"most (read|popular|viewed)|top stories|editor'?s picks?|see more|more|next|previous|also see|see)\b{_LABEL_END}",
    r"^also on [\w.-]+\.[a-z]{2,}\b",  # `Also on example.com: ...`
    r"^(advertisement|advertising|sponsored( content)?|ad|story continues( below)?( advertisement)?|"
    r"continue reading( below)?|read the full (story|article)|don'?t miss|must read|see more|"
    r"also read|read also)\W*$",
    r"^(listen|download|subscribe|itunes|apple podcasts|google podcasts|spotify|stitcher|watch|follow|share|"
    r"read( more)?|more)\s*:?\s*\S+://\S+$")
_TAGS = _rx(r"^(tags|tagged( with)?|filed under|categories)\W*$")
_COMMENTS = _rx(r"^(comments?|\d+ comments?|leave a (comment|reply)|post a comment|join the (conversation|discussion)|"
                r"show comments)\W*$")
# A bare label that opens other stories: late in the body, it and all after it are left out.
_OTHER_STORIES = _rx(
    r"^(read more|read next|what to read next|keep reading|more stories|more news|latest (news|stories|headlines)|"
    r"top stories|partner news|popular( now| stories)?|most (read|popular|viewed|shared)|trending( now| stories)?|"
    r"related( stories| articles| posts| links| coverage| content| news| reading)?|recommended( stories| for you)?|"
    r"(you|we think you) (may|might) (also )?(like|enjoy|be interested in)|editor'?s picks?|"
    r"more (from|on|in) [\w .&'-]{1,40}|other (stories|news|articles))\W*$")


def tail_label_kind(line: str) -> str | None:
    """The kind of a bare label opening tags, comments or other stories (`promo`), or None."""
    if _TAGS.match(line):
        return "tags"
    if _COMMENTS.match(line):
        return "comments"
    return "promo" if _OTHER_STORIES.match(line) else None


# ---------------------------------------------------------------------------------------- other kinds

# Messages of sign-up, comment and error widgets (`Thanks for reading!`, not `Thank you for reading my letter, ...`).
_WIDGET = _rx(r"^(thanks? (you )?for (signing up|subscribing|registering|reading)\b[^,;]{0,60}$|"
              r"thank you\W*$|sorry\W*$|"
              r"(an|there was an) error (has )?(occurred|processing)|please try again|"
              r"this article (has been|was) sent to|"
              r"keep an eye on your inbox|you('re| are) (now )?subscribed|loading\W*$|please enable javascript|"
              r"tell us what you think|leave a (comment|reply)|post a comment|join the (conversation|discussion)|"
              r"have your say|log ?in to comment|skip (to|this) (ad|advert|content))")
_CONTACT = _rx(r"^(write to|contact|email|e-mail|reach|follow)\b.{0,120}(@|\bat\s+\S+\.(com|org|net)\b)")
_CAPTION = _rx(r"^((file )?photo|image|picture|credit|photograph|illustration|video|graphic)s?\s*"
               r"(:|by\s*:?\s*(?-i:[A-Z])|credit\b)",  # `Photo by Jane Doe`, not `Pictures by the hundred`
               r"^\((file )?(photo|image|picture)s?\b.*\)$", r"\((photo|image|picture):?\s*[^)]{2,60}\)$",
               r"\b(photo|image|picture)\s*(credit)?\s*:\s*[\w .,&/-]{2,60}$",
               r"\b(getty images|shutterstock|afp via getty images)\W*$",
               r"\b(photos?|images?|pictures?)\b.{0,40}©", r"©.{0,40}\b(photos?|images?)\b")
# `Copyright 2019 X`, `Copyright ©`, `Copyright The X` - not `Copyright law changed` nor `Copyright-free`.
_COPYRIGHT = _rx(r"^([©ⓒ]|copyright\b(?!-|\s+(?-i:[a-z]))|\(c\)\s*\d{4})", r"all rights reserved",
                 r"for your personal,? non-commercial use", r"^(order |request )?reprints?( (and|&) permissions)?\W*$")

_WEEKDAY = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_CALENDAR = (rf"january|february|march|april|may|june|july|august|september|october|november|december|{_WEEKDAY}|"
             r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun")
# `Jane Doe` (capitalized words, not `the numbers`), but not `Monday` (`By Monday Morning` is a heading).
_NAME = rf"(?!({_WEEKDAY})\b)(?-i:[A-Z][\w'’.-]*)(\s+(?-i:[A-Z][\w'’.-]*)){{0,3}}"
_ROLE = (r"(?-i:[A-Z0-9])[\w ,:]{1,40}|"  # `Reuters`, `Monday, November 18, 2019`; `By Christmas, shoppers...` is text
         r"[\w ]{0,20}\b(staff|writer|reporter|correspondent|editor|columnist|contributor)s?\b[\w ,:]{0,20}")
_BYLINE = _rx(rf"^(by|written by|words by|posted by|reporting by)\s+{_NAME}(\s*(,|and|&)\s*{_NAME})*"
              rf"(\s*[,|]\s*({_ROLE}))?$")
_DATELINE = _rx(r"^(?=.*\d)(published|posted|updated|last updated|first published|last modified)\s*(on|at|:)?"
                r"\s*(?P<rest>[\w ,.:/+-]{4,60})$")
_DATE_WORD = _rx(rf"({_CALENDAR}|am|pm|at|on|by|ago|hours?|hrs?|minutes?|mins?|days?|weeks?|today|yesterday|"
                 r"st|nd|rd|th|[a-z])")
# Leaked page metadata: a bare image address or timestamp (a link the article cites is text and stays).
_METADATA = _rx(r"^\S+://\S+\.(jpe?g|png|gif|webp|svg|avif)(\?\S*)?$",
                r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$")


def _is_dateline(text: str) -> bool:
    """`Updated: Tue., Nov. 19, 2019`, `Posted at 1:23 p.m. ET`, not `Updated figures show 3 million jobs lost`."""
    match = _DATELINE.match(text)
    if not match:
        return False
    words = re.findall(r"[^\W\d_]+", match["rest"])
    return sum(1 for w in words if not (_DATE_WORD.fullmatch(w) or (w.isupper() and len(w) <= 4))) <= 1


_LINE_KINDS: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("promo", _PROMO.search), ("tags", _TAGS.search), ("comments", _COMMENTS.search),
    ("promo", _OTHER_STORIES.search), ("widget", _WIDGET.search), ("contact", _CONTACT.search),
    ("caption", _CAPTION.search), ("byline", _BYLINE.search), ("dateline", _is_dateline),
    ("copyright", _COPYRIGHT.search), ("metadata", _METADATA.search))


def boilerplate_kind(line: str) -> str | None:
    """Name the kind of boilerplate one line is, or None for article text.

    Kinds: `share`, `promo`, `tags`, `comments`, `widget`, `contact`, `caption`, `byline`, `dateline`,
    `copyright`, `metadata`. A leading list marker (`- `, `• `) is ignored.
    """
    text = _LIST_MARKER.sub("", line.strip())
    words = len(text.split())
    if words > LINE_LIMIT_WORDS:
        return "copyright" if words <= 2 * LINE_LIMIT_WORDS and _COPYRIGHT.search(text) else None
    if _is_share(text, words):
        return "share"
    return next((kind for kind, test in _LINE_KINDS if test(text)), None)


def is_copyright(text: str) -> bool:
    """Whether a text is (or holds) a copyright notice: `© 2023 X`, `... All rights reserved.`"""
    return bool(_COPYRIGHT.search(text))


# ------------------------------------------------------------------------------------- whole body

def drop_boilerplate(blocks: list[Block], title: str | None, url: str | None, removed: list[Removed]) -> list[Block]:
    """The blocks without boilerplate lines, headline repeats, the page's own address, other stories, copies.

    Each line left out goes to `removed` with its kind (`duplicate` for a headline repeat or a copy).
    """
    kept: list[Block] = []
    title_words, own_url = _words(title), _url_key(url)
    for block in _cut_other_stories(blocks, removed):
        lines: list[str] = []
        for line in block.text.split("\n"):
            kind = boilerplate_kind(line) or (
                "duplicate" if title_words and _words(line) == title_words else
                "share" if own_url and _url_key(line) == own_url else None)
            if kind:
                removed.append(Removed(kind, line))
            else:
                lines.append(line)
        if lines:
            kept.append(Block(block.kind, "\n".join(lines)))
    return _drop_copies(kept, removed)


def _words(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").casefold())


def _url_key(text: str | None) -> str | None:
    """An address without scheme, `www.`, query or trailing slash, to compare links; None for non-links."""
    match = re.fullmatch(r"\s*(?:https?://)?(?:www\.)?([^\s?#]+\.[^\s?#]+?)/?(?:[?#]\S*)?\s*", text or "", re.I)
    return match.group(1).lower() if match and "/" in match.group(1) else None


def _cut_other_stories(blocks: list[Block], removed: list[Removed]) -> list[Block]:
    """Cut the body at a `Top stories`, `Tags` or `Comments` label found after most of the text."""
    total, before = sum(len(b.text.split()) for b in blocks), 0
    for index, block in enumerate(blocks):
        if before >= _TAIL_SHARE * total and (kind := tail_label_kind(block.text)):
            removed.extend(Removed(kind, b.text) for b in blocks[index:])
            return blocks[:index]
        before += len(block.text.split())
    return blocks


def _drop_copies(blocks: list[Block], removed: list[Removed]) -> list[Block]:
    """Drop a second rendering of the text: a run of lines, all seen earlier, long enough to be a copy.

    Pages may hold the article twice (a hidden copy, a teaser of it). Single repeated lines and runs of
    short ones stay: in interviews, recipes, plans and pull quotes a line may rightly come back.
    """
    lines = [(index, line) for index, block in enumerate(blocks) for line in block.text.split("\n")]
    seen: set[tuple[str, ...]] = set()
    repeated: list[bool] = []
    for _, line in lines:
        repeated.append(bool(key := tuple(_words(line))) and key in seen)
        seen.add(key)
    drop: set[int] = set()
    for is_repeat, group in groupby(range(len(lines)), key=repeated.__getitem__):
        run = list(group)
        words = sum(len(lines[i][1].split()) for i in run)
        if is_repeat and len(run) >= _COPY_MIN_LINES and words >= max(_COPY_MIN_WORDS, 10 * len(run)):
            drop.update(run)
    removed.extend(Removed("duplicate", lines[i][1]) for i in sorted(drop))
    kept: dict[int, list[str]] = {}
    for i, (index, line) in enumerate(lines):
        if i not in drop:
            kept.setdefault(index, []).append(line)
    return [Block(block.kind, "\n".join(kept[i])) for i, block in enumerate(blocks) if i in kept]
