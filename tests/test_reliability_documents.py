"""Hostile documents: any text, HTML or JSON line gives a contract-valid record or a clean error record, in time."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import re
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import REPO, SHARED, need
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.document import Document
from newsgraph.sources.files import iter_documents

# A record, or an error record with a stable code; NG199 is a stage crash turned into a record: a bug, so a failure.
BUG_CODE = "NG199"
WORDS = ("Talks", "in", "Paris", "ended", "on", "Monday", ".", "The", "minister", "said", "\u201cWe", "agree,\u201d",
         "Russia", "and", "Ukraine", "met", "Geneva", "police", "arrested", "protesters", "2024-04-02", "\n\n")
HOSTILE_CHARS = ("\x00", "\x01", "\x1b", "\x7f", "\u200b", "\u200e", "\u200f", "\u202a", "\u202b", "\u202d",
                 "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffd", "\u0301", "\u05d0", "\u0627", "\U0001f600",
                 "\r", "\t", "\u2028", "\u2029", "\x85", "\ud800", "\udfff")
TAGS = ("p", "div", "article", "h1", "span", "script", "style", "table", "td", "li", "a", "title", "header", "nav")
JSON_WORDS = tuple(word for word in WORDS if word != "\n\n") + ("\\n\\n",)
# `make fuzz` raises the examples per property (NEWSGRAPH_FUZZ_EXAMPLES); `make test` runs 40.
EXAMPLES = int(os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                    derandomize=EXAMPLES <= 40)
SECONDS_SMALL = 20.0  # any document under a few kilobytes; typical is a tenth of a second
SECONDS_PER_MB = 60.0  # generous for a shared 2-core machine; tokens, not bytes, decide the cost


def _contract() -> ModuleType:
    path = need(SHARED / "tools" / "contract-check")
    loader = importlib.machinery.SourceFileLoader("contract_check", str(path))
    spec = importlib.util.spec_from_loader("contract_check", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def contract() -> ModuleType:
    return _contract()


def assert_clean(record: dict[str, Any], contract: ModuleType) -> None:
    """Contract-valid, encodable as UTF-8 JSON, offsets index the text; or an error record with a non-bug code."""
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate
    assert contract.check(record) == [], contract.check(record)[:5]
    if "error" in record:
        assert re.fullmatch(r"NG1\d\d", record["error"]["code"]) and record["error"]["code"] != BUG_CODE, record
        assert record["error"]["message"]
        return
    text = record["text"]
    for part in record["parts"]:
        assert text[part["start"]:part["end"]].strip(), part
    for place in record["places"]:
        for mention in place["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]


def analyze_timed(pipeline: Any, document: Document) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    record = pipeline.analyze_one(document)
    return record, time.monotonic() - started


hostile_text = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(HOSTILE_CHARS),
                                  st.text(max_size=12)),
                        max_size=80).map(" ".join)


@st.composite
def hostile_html(draw: st.DrawFn) -> str:
    """Random tag soup: unclosed, misnested, odd attributes, hostile characters inside and between tags."""
    pieces: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.integers(0, 4))
        if kind == 0:
            attr = draw(st.sampled_from(("", ' class="article-body"', " href='javascript:x'", ' a="<p>"', " =x",
                                         ' style="x' * 3)))
            pieces.append(f"<{tag}{attr}>")
        elif kind == 1:
            pieces.append(f"</{tag}>")
        elif kind == 2:
            pieces.append(draw(st.sampled_from(("<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;",
                                                "&#99999999;", "&bogus;", "<!DOCTYPE html>", "<?xml?>"))))
        else:
            pieces.append(draw(hostile_text))
    return "".join(pieces)


@given(text=hostile_text, body_only=st.booleans())
@SETTINGS
def test_reliability_documents_any_text_gives_a_clean_record(pipeline, contract, text: str, body_only: bool):
    record, seconds = analyze_timed(pipeline, Document(id="t", kind="text", content=text, body_only=body_only))
    assert_clean(record, contract)
    assert seconds < SECONDS_SMALL
    if body_only and "error" not in record:
        assert len(record["text"]) == len(text), "body_only keeps the text character for character (length)"


@given(markup=hostile_html(), as_bytes=st.booleans())
@SETTINGS
def test_reliability_documents_any_html_gives_a_clean_record(pipeline, contract, markup: str, as_bytes: bool):
    content: str | bytes = markup.encode("utf-8", "surrogatepass") if as_bytes else markup
    record, seconds = analyze_timed(pipeline, Document(id="h", kind="html", content=content))
    assert_clean(record, contract)
    assert seconds < SECONDS_SMALL


@given(data=st.binary(max_size=3000), kind=st.sampled_from(("html", "text")))
@SETTINGS
def test_reliability_documents_any_bytes_give_a_clean_record(pipeline, contract, data: bytes, kind: str):
    """Invalid encodings, NUL bytes, truncated UTF-8: decoded or refused with a code, never a crash."""
    record, seconds = analyze_timed(pipeline, Document(id="b", kind=kind, content=data))  # type: ignore[arg-type]
    assert_clean(record, contract)
    assert seconds < SECONDS_SMALL


@given(values=st.lists(st.one_of(st.sampled_from(JSON_WORDS), st.sampled_from(("\\ud800", "\\udfff", "\\u0000",
                                                                            "\\u202e", "\\ud83d\\ude00", "\\\\"))),
                       min_size=1, max_size=40))
@SETTINGS
def test_reliability_documents_json_escapes_give_clean_records(pipeline, contract, tmp_path_factory, values):
    """Lone surrogates and NULs written as JSON escapes, in the text and in the metadata, as `analyze` reads them."""
    body = " ".join(values)
    line = f'{{"id": "j{body[:5]}", "text": "{body}", "title": "T {body[:20]}", "url": "https://x.example/{body[:9]}"}}'
    path = tmp_path_factory.mktemp("jsonl") / "docs.jsonl"
    path.write_text(line + "\n" + line.replace('"text"', '"html"') + "\n", encoding="utf-8")
    documents = list(iter_documents([str(path)]))
    assert len(documents) == 2
    for document in documents:
        assert_clean(pipeline.analyze_one(document), contract)


def _sentences(size: int) -> str:
    sentence = "The minister said talks in Paris ended on Monday. "
    return (sentence * (size // len(sentence) + 1))[:size]


# Each is one line with no newline (or one unbroken structure): the forms that hurt parsers and regexes most.
EXTREME: dict[str, tuple[str, str | bytes, float]] = {
    "1mb-one-token": ("text", "a" * 1_000_000, SECONDS_PER_MB),
    "1mb-html-attribute": ("html", b'<html><body><p title="' + b"x" * 1_000_000 + b'">Talks in Paris ended.</p>',
                           SECONDS_PER_MB),
    "1mb-html-script": ("html", b"<html><body><script>" + b"var a=1;" * 125_000 + b"</script><p>Talks.</p>",
                        SECONDS_PER_MB),
    "1mb-nul-bytes": ("text", b"\x00" * 1_000_000, SECONDS_PER_MB),
    "1mb-invalid-utf8": ("html", b"<p>" + b"\xff\xfe\xc3" * 333_333 + b"</p>", SECONDS_PER_MB),
    "100kb-sentences-one-line": ("text", _sentences(100_000), SECONDS_PER_MB),
    "20kb-punctuation-one-run": ("text", ".\"'()[]-" * 2_500, SECONDS_PER_MB),
    "10000-deep-divs": ("html", "<div>" * 10_000 + "Talks in Paris ended on Monday." + "</div>" * 10_000,
                        SECONDS_SMALL),
    "10000-deep-unclosed": ("html", "<div><span><b>" * 10_000 + "Talks in Paris ended on Monday.", SECONDS_SMALL),
    "rtl-overrides": ("text", ("\u202eTalks in \u05d0\u05d1 Paris\u202c \u2067ended\u2069 on Monday. " * 200),
                      SECONDS_SMALL),
    "control-characters-only": ("text", "".join(chr(c) for c in range(1, 32)) * 100, SECONDS_SMALL),
    "utf16-without-bom": ("text", "Talks in Paris ended on Monday.".encode("utf-16-le") * 50, SECONDS_SMALL),
}


@pytest.mark.parametrize("name", list(EXTREME))
def test_reliability_documents_extreme_shapes_are_bounded(pipeline, contract, name: str):
    kind, content, limit = EXTREME[name]
    record, seconds = analyze_timed(pipeline, Document(id=name, kind=kind, content=content))  # type: ignore[arg-type]
    assert_clean(record, contract)
    assert seconds < limit, f"{name} took {seconds:.1f} s"


def test_reliability_documents_oversized_input_is_an_error_record(pipeline, contract, tmp_path: Path):
    """Over --max-bytes: a DocumentTooLarge record (NG105) without reading it into the model."""
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 2_100_000)
    (document,) = iter_documents([str(big)])
    record = pipeline.analyze_one(document)
    assert_clean(record, contract)
    assert record["error"]["code"] == "NG105"


# ----- regular expressions: every compiled pattern under adversarial input ------------------------------------

PATTERN_SECONDS = 2.0
_ATOMS = (" ", "a", "A", "1", ".", "-", "'", '"', "<", ">", "/", "\n", ":", "\u2019", "\u201c", "(", ",", "é")


def compiled_patterns() -> list[tuple[str, re.Pattern[Any]]]:
    """Every module-level re.compile(...) across src/, imported from its module."""
    found: list[tuple[str, re.Pattern[Any]]] = []
    for path in sorted((REPO / "src" / "newsgraph").rglob("*.py")):
        if "re.compile" not in path.read_text(encoding="utf-8"):
            continue
        module_name = ".".join(path.relative_to(REPO / "src").with_suffix("").parts)
        module = importlib.import_module(module_name)
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module_name}.{attr}", value))
    return found


def adversarial(size: int) -> list[str]:
    """Runs of one and two repeated atoms, with a final character that forces the match to fail late.

    Exponential backtracking shows by a few dozen characters; at 2,000 a quadratic pattern still passes (it
    takes about a hundredth of the 20,000-character time, see bench/fuzz.py, which reports those).
    """
    runs = [atom * size for atom in _ATOMS]
    runs += [(a + b) * (size // 2) + "!" for a in ("a", " ", ".", "A", "1") for b in ("a", " ", "-", ".", "\n")]
    runs += ["A. " * (size // 3) + "x", "Mr. " * (size // 4), "<p " * (size // 3), '"' + "a, " * (size // 3),
             "-" * (size // 2) + "a" * (size // 2)]
    return runs


def test_reliability_documents_no_regex_backtracks_catastrophically():
    patterns = compiled_patterns()
    assert len(patterns) >= 40, "the audit found too few patterns: check the import walk"
    slow = []
    for name, pattern in patterns:
        for text in adversarial(2_000):
            subject: str | bytes = text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text
            started = time.monotonic()
            pattern.search(subject)  # type: ignore[arg-type]
            for _ in zip(range(200), pattern.finditer(subject), strict=False):  # type: ignore[arg-type] (the first 200)
                pass
            seconds = time.monotonic() - started
            if seconds > PATTERN_SECONDS:
                slow.append((name, text[:12], round(seconds, 2)))
    assert slow == []
