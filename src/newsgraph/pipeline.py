"""The ordered analysis stages, batched over `nlp.pipe`, in one process or several."""

from __future__ import annotations

import multiprocessing
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from itertools import islice
from typing import Any, Protocol

from spacy.tokens import Doc

from newsgraph import __version__
from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.actor_view import ActorViewStage
from newsgraph.analyze.actors import ActorStage
from newsgraph.analyze.entities import EntityStage
from newsgraph.analyze.events import EventStage
from newsgraph.analyze.gazetteer import Gazetteer
from newsgraph.analyze.places import PlaceStage
from newsgraph.analyze.quotes import QuoteStage
from newsgraph.analyze.recognize import Recognizer, gazetteer_places
from newsgraph.analyze.roles import RoleStage
from newsgraph.analyze.times import TimeStage
from newsgraph.article import Article
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.errors import AnalysisFailed, DocumentError, DocumentTooLarge, StageContractError, UsageError
from newsgraph.extract.document import extract_document
from newsgraph.nlp import load_model, model_name, model_view, unwrap

Record = dict[str, Any]
# spaCy's tokenizer peels prefixes and suffixes off a space-free run one at a time, quadratic in its length
# (5,000 characters of punctuation took 8 s to tokenize): the model's copy of the text gets a space after
# every 99 characters of such a run. Same length, so every offset still indexes the text; words are shorter.
_LONG_RUN = re.compile(r"(\S{99})\S")


# What extraction sets on every Article before the first stage runs (`assemble` and `body_only` in extract/assemble.py).
EXTRACTED = ("id", "text", "body", "parts", "title", "summary", "url", "site_name", "language", "authors",
             "published", "removed")


class Stage(Protocol):
    """Adds its own kind of finding to the article, reading only what extraction and earlier stages wrote.

    `reads` and `writes` name Article fields (`entities`) or fields of their items (`entities.actor`);
    `check_stages` holds every stage to them when the pipeline is built.
    """

    reads: tuple[str, ...]
    writes: tuple[str, ...]

    def __call__(self, article: Article, doc: Doc) -> None: ...


class Pipeline:
    """Loads the model and every lexicon once; `analyze` turns documents into records, in input order."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = load_model(self.settings.model)
        self.nlp.max_length = max(self.nlp.max_length, self.settings.max_chars_per_doc + 1)
        self.stages: list[Stage] = build_stages(self.settings)
        self.info = {
            "version": __version__,
            "model": model_name(self.nlp),
            "stages": [type(s).__name__ for s in self.stages],
        }

    def analyze(self, documents: Iterable[Document]) -> Iterator[Record]:
        """Records for `documents`, batch by batch; a failing document becomes an error record."""
        iterator = iter(documents)
        while batch := list(islice(iterator, self.settings.batch_size)):
            yield from self.analyze_batch(batch)

    def analyze_batch(self, batch: list[Document]) -> list[Record]:
        results: list[Article | DocumentError] = [self._extract(doc) for doc in batch]
        ready = [(i, r) for i, r in enumerate(results) if isinstance(r, Article)]
        texts = (self._model_text(article) for _, article in ready)
        done: set[int] = set()
        try:
            for (i, article), doc in zip(ready, self.nlp.pipe(texts, batch_size=self.settings.batch_size), strict=True):
                results[i] = self._run_stages(article, doc)
                done.add(i)
        except Exception:  # noqa: BLE001 (one text the model cannot take must cost only itself: redo one by one)
            for i, article in ready:
                if i not in done:
                    results[i] = self._parse_alone(article)
        return [error_record(batch[i].id, named(r, batch[i].origin)) if isinstance(r, DocumentError)
                else r.to_record() for i, r in enumerate(results)]

    def analyze_one(self, document: Document) -> Record:
        return self.analyze_batch([document])[0]

    def _model_text(self, article: Article) -> str:
        text = model_view(article.text) if self.settings.truecase_headlines else unwrap(article.text)
        return _LONG_RUN.sub(r"\1 ", text)

    def _parse_alone(self, article: Article) -> Article | DocumentError:
        try:
            doc = self.nlp(self._model_text(article))
        except Exception as exc:  # noqa: BLE001 (the model's failure on one text becomes that document's error)
            return AnalysisFailed(f"the NLP model failed on this text ({type(exc).__name__}: {exc}); please report it")
        return self._run_stages(article, doc)

    def _extract(self, doc: Document) -> Article | DocumentError:
        if doc.error is not None:
            return doc.error
        try:
            article = extract_document(doc, self.settings)
        except DocumentError as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 (one document's failure must not end the batch)
            return AnalysisFailed(f"extraction failed unexpectedly ({type(exc).__name__}: {exc}); please report it")
        if len(article.text) > self.settings.max_chars_per_doc:
            return DocumentTooLarge(f"the article text has {len(article.text):,} characters, above the limit of "
                                    f"{self.settings.max_chars_per_doc:,}; raise --max-chars to analyze it")
        article.pipeline = dict(self.info)
        return article

    def _run_stages(self, article: Article, doc: Doc) -> Article | DocumentError:
        for stage in self.stages:
            try:
                stage(article, doc)
            except Exception as exc:  # noqa: BLE001 (a stage bug costs one document, never the batch)
                return AnalysisFailed(
                    f"stage {type(stage).__name__} failed ({type(exc).__name__}: {exc}); please report it")
        return article


EVENT_CODERS = ("rules", "learned")


def build_stages(settings: Settings) -> list[Stage]:
    """The analysis stages in order; each reads only what the ones before it wrote."""
    if settings.event_coder not in EVENT_CODERS:
        raise UsageError(f"the event coder is one of {', '.join(EVENT_CODERS)}, not {settings.event_coder!r}")
    dictionary = ActorDictionary.load()
    gazetteer = Gazetteer.load()
    recognizer = Recognizer.packaged(dictionary, gazetteer_places(gazetteer)) if settings.recognizer else None
    return check_stages([
        EntityStage(dictionary, recognizer),
        RoleStage(dictionary),
        ActorStage(dictionary),
        PlaceStage(gazetteer, dictionary=dictionary),
        TimeStage(),
        QuoteStage(),
        # with the recognizer, events are found on the small pipeline's names, which their models were trained on
        *([ActorViewStage(dictionary, gazetteer)] if recognizer is not None else []),
        EventStage(dictionary, min_confidence=settings.event_min_confidence,
                   model=settings.event_coder == "learned"),
    ])


def check_stages(stages: Sequence[Stage]) -> list[Stage]:
    """The stages, once each is found to read only what extraction or a stage before it writes (as spaCy's
    `analyze_pipes` checks `requires` against `assigns`), so a misordered list fails at start, not on data."""
    article_fields = {f.name for f in fields(Article)}
    written = set(EXTRACTED)
    for position, stage in enumerate(stages, start=1):
        name = type(stage).__name__
        unknown = [f for f in (*stage.reads, *stage.writes) if f.split(".")[0] not in article_fields]
        if unknown:
            raise StageContractError(f"stage {position} ({name}) declares {', '.join(map(repr, unknown))}, not a field "
                                     f"of Article: name fields of article.py in its `reads` and `writes`")
        missing = [f for f in stage.reads if f not in written]
        if missing:
            raise StageContractError(
                f"stage {position} ({name}) reads {', '.join(map(repr, missing))}, which neither extraction nor an "
                f"earlier stage writes: put {name} after the stage that writes it (see build_stages in pipeline.py)")
        written.update(stage.writes)
    return list(stages)


def named(error: DocumentError, origin: str) -> DocumentError:
    """The error with its message led by where the document came from (file, `file:line`, URL), as the
    JSON Lines and size errors already say it; text pasted into the web page has no such place."""
    if not origin or origin == "web" or origin in error.message:
        return error
    return type(error)(f"{origin}: {error.message}", error.code)


def error_record(doc_id: str, error: DocumentError) -> Record:
    return {"id": doc_id, "error": error.to_record()}


_worker: Pipeline | None = None


def _init_worker(settings: Settings) -> None:
    global _worker
    _worker = Pipeline(settings)


def _work(batch: list[Document]) -> list[Record]:
    assert _worker is not None
    return _worker.analyze_batch(batch)


def analyze_parallel(documents: Iterable[Document], settings: Settings) -> Iterator[Record]:
    """`--workers N`: N processes, each with its own model, batches kept in input order."""
    if settings.workers <= 1:
        yield from Pipeline(settings).analyze(documents)
        return

    def batches() -> Iterator[list[Document]]:
        iterator = iter(documents)
        while batch := list(islice(iterator, settings.batch_size)):
            yield batch

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(settings.workers, initializer=_init_worker, initargs=(settings,)) as pool:
        for records in pool.imap(_work, batches()):
            yield from records
