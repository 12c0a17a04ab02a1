"""Syntax of attributions: the parse shapes the quote stage reads beside the cue itself (passives, relative words
moved ahead of their speaker, adverbial `as` clauses, a clause less the phrase it holds)."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

_OBLIGATION = frozenset({"supposed"})  # `is supposed to go`: a modal of obligation, no belief of anyone's
_WH_TAGS = frozenset({"WDT", "WP", "WP$"})
_HUNG = frozenset({"relcl", "acl"})  # a reported clause misparsed as modifying a noun
_QUESTION_MARKS = frozenset({"if", "whether"})
_CONTRAST = frozenset({"while", "whereas", "though", "although"})
QUOTE_CHARS = frozenset("\"“”‘’'`«»")
_SURVEYS = frozenset({"poll", "polls", "survey", "surveys"})


def clause_without(clause: Token, phrase: Token) -> tuple[int, int]:
    """Token range of `clause` less the `phrase` it holds at either edge (kept whole when the phrase is inside)."""
    left, right = clause.left_edge.i, clause.right_edge.i
    doc = clause.doc
    while right > left and doc[right].is_punct and doc[right].text not in QUOTE_CHARS:
        right -= 1
    while left < right and doc[left].is_punct and doc[left].text not in QUOTE_CHARS:
        left += 1
    if phrase.left_edge.i <= left:
        left = phrase.right_edge.i + 1
    elif phrase.right_edge.i >= right:
        right = phrase.left_edge.i - 1
    return left, right


def agent(cue: Token) -> Token | None:
    """The agent of a passive cue (`was reported by the paper` -> paper), else None."""
    if not any(c.dep_ == "auxpass" for c in cue.children):
        return None
    by = next((c for c in cue.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def raised(cue: Token) -> Token | None:
    """`The bill is expected to pass`, `He is said to be ill`, `It is said that ...`: a passive cue with no agent and
    an infinitive (or `it` and a clause) says what unnamed people expect or say; the infinitive or clause, else None."""
    if not any(c.dep_ == "auxpass" for c in cue.children) or any(c.dep_ == "agent" for c in cue.children) \
            or cue.lower_ in _OBLIGATION:
        return None
    found = next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i
                  and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    if found is None and any(c.dep_ in ("expl", "nsubjpass") and c.lower_ == "it" for c in cue.children):
        found = next((c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i), None)  # `it is said that`
    return found


def extracted(left: int, speaker: Token, cue: Token) -> bool:
    """`the rules, which officials said will start soon`, `what analysts said was a sign`: the clause reported opens
    with a relative or question word moved ahead of its speaker and cue; what follows the cue is the content."""
    first = min(speaker.left_edge.i, cue.i)
    words = cue.doc[left:first]
    return 0 < len(words) <= 2 and all(t.tag_ in _WH_TAGS or t.lower_ == "that" for t in words) \
        and cue.i + 1 < len(cue.doc) and not cue.doc[cue.i + 1].is_punct


def as_clause(cue: Token) -> bool:
    """`As the paper reported, ...`, `..., as she noted`: a cue in an adverbial clause opened by `as`, with no
    content of its own, reports the clause it modifies."""
    return cue.dep_ == "advcl" and cue.head.i != cue.i \
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children) \
        and not any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in cue.children)


def names_in_quotes(obj: Token) -> bool:
    """`called Jones's plan "reckless"`, `called Doe "a liar"`: the parser hung what the object is called on the
    object (or the object on it); a quotation opening after the phrase's first word holds the name."""
    return any((t.text in QUOTE_CHARS or t.tag_ == "``") and t.tag_ != "POS"  # `the senators' offices`
               for t in obj.doc[obj.left_edge.i + 1:obj.right_edge.i + 1])


def unnamed_asker(cue: Token) -> bool:
    """`Asked about the strike, the minister said ...`: a participle of a cue with no subject or auxiliary of its own
    says what someone unnamed put to the subject of the clause; the subject is not who spoke the participle's words."""
    return cue.tag_ in ("VBN", "VBD") and cue.dep_ == "advcl" \
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in cue.children)


def hung_clause(cue: Token) -> Token | None:
    """`said in a statement that taxes will rise`, `said during a news conference that ...`: the parser may hang the
    `that` clause the cue reports on the last noun of a phrase after the cue; that clause, ending the phrase, else
    None."""
    for prep in (c for c in cue.children if c.dep_ == "prep" and c.i > cue.i):
        end = prep.right_edge.i
        for token in cue.doc[prep.i + 1:end + 1]:
            if token.dep_ in _HUNG and token.right_edge.i == end and token.left_edge.lower_ == "that" \
                    and any(c.dep_ == "mark" and c.i == token.left_edge.i for c in token.children):
                return token
    return None


def question_clause(cue: Token) -> Token | None:
    """`asked if he would run`, `asked whether taxes will rise`: the parser may take the question a cue of asking
    reports for an adverbial clause; that clause, opened by `if` or `whether` after the cue, else None."""
    return next((c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i
                 and any(m.dep_ == "mark" and m.lower_ in _QUESTION_MARKS for m in c.children)), None)


def contrasted_report(head: Token, right: int, speaker: Token, is_cue: Callable[[Token], bool]) -> Token | None:
    """`Most said they would vote, while 22 percent said they might not`: a clause opened by `while`, `whereas` or
    `though` inside the content (to its `right`) whose reporting verb has a subject of its own reports another
    source's statement; that verb, else None."""
    for token in head.doc[head.i + 1:right + 1]:
        if token.dep_ == "advcl" and is_cue(token) and token.left_edge.i > head.i \
                and any(c.dep_ == "mark" and c.lower_ in _CONTRAST for c in token.children) \
                and any(c.dep_ == "nsubj" and c.i < token.i and c.i != speaker.i for c in token.children):
            return token
    return None


def asked_unnamed(cue: Token) -> bool:
    """`She was asked about the strike`, `He was asked if he would run`: a passive of asking with no agent names the
    one asked, not who asked; the question is attributed to no one named."""
    return any(c.dep_ == "auxpass" for c in cue.children) and not any(c.dep_ == "agent" for c in cue.children)


def survey_ahead(token: Token) -> Token | None:
    """`In a CBS News poll last month, Clinton led by six points`: a poll or survey named in a phrase opening the
    clause it modifies reports what the clause says; the poll, else None."""
    head = token.head
    if token.lower_ != "in" or token.dep_ != "prep" or head.i <= token.i or head.pos_ not in ("VERB", "AUX") \
            or head.left_edge.i != token.i or any("\n" in t.text + t.whitespace_ for t in token.doc[token.i:head.i]):
        return None
    return next((c for c in token.children if c.dep_ == "pobj" and c.lower_ in _SURVEYS), None)


def inverted_frame(cue: Token, first: int) -> bool:
    """`"X," said Jane Doe, who heads the group`: a finite cue opening the frame after a quotation (`first` the frame's
    first token), with no subject before it, has its speaker after it, whatever clause the parser read there."""
    return cue.tag_ in ("VBD", "VBZ", "VBP") and all(t.is_space or t.is_punct for t in cue.doc[first:cue.i]) \
        and not any(c.dep_ == "nsubj" and c.i < cue.i for c in cue.children)
