"""LGL (Local-Global Lexicon) geoparsing: read the XML, run the whole pipeline with the places stage, score.

LGL (Lieberman, Samet and Sankaranarayanan 2010; the XML of github.com/milangritta/Pragmatic-Guide-to-Geoparsing-
Evaluation) is local US news: each `<article>` has its `<text>` and `<toponyms>`, each toponym with character
offsets (`<start>`, `<end>`, `<phrase>`) and, for most, a `<gaztag geonameid=...>` with `<lat>`, `<lon>` and
`<fcode>`. Toponyms without a gaztag (mostly streets and buildings) are not gold for recall or accuracy; a
predicted place on one of them is not counted as a false positive either.

Scores, over the gold toponyms (those with coordinates):

- `recall`: share whose exact span is a mention of a resolved place (`article.places`);
  `recall_overlap`: share overlapped by one;
- `accuracy_161km`: of the found ones, share resolved within 161 km (100 miles) of the gold coordinates;
  `median_km`, `mean_km`: their errors; a place without coordinates counts as 20,038 km (half the equator);
- `precision`: share of the predicted place mentions that are exactly a toponym of the file (with or without
  coordinates).
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.analyze.gazetteer import distance_km
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.errors import NewsgraphError

ACCURACY_KM = 161.0
NO_COORDINATES_KM = 20_038.0


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonames_id: int | None
    lat: float | None
    lon: float | None
    feature: str | None


@dataclass
class LglDocument:
    id: str
    text: str
    toponyms: list[GoldToponym]


def read_lgl(path: Path) -> Iterator[LglDocument]:
    """The articles of an LGL XML file, each with its gold toponyms (offsets checked against the text)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise NewsgraphError(f"cannot read the LGL file {path}: {exc}") from None
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        toponyms = []
        for node in article.iter("toponym"):
            start, end = int(node.findtext("start") or 0), int(node.findtext("end") or 0)
            phrase = node.findtext("phrase") or ""
            if text[start:end] != phrase:
                raise NewsgraphError(f"LGL article {article.get('docid')}: toponym {phrase!r} at {start}-{end} "
                                     f"does not match the text ({text[start:end]!r})")
            tag = node.find("gaztag")
            if tag is None or tag.findtext("lat") is None:
                toponyms.append(GoldToponym(start, end, phrase, None, None, None, None))
                continue
            toponyms.append(GoldToponym(start, end, phrase, int(tag.get("geonameid") or 0) or None,
                                        float(tag.findtext("lat") or 0), float(tag.findtext("lon") or 0),
                                        tag.findtext("fcode")))
        yield LglDocument(str(article.get("docid")), text, toponyms)


def evaluate_places(path: Path, settings: Settings | None = None, limit: int | None = None,
                    nested: bool = True) -> dict[str, Any]:
    """Run the pipeline (with the places stage) on each LGL article as a body-only text; score the places.

    `nested`: a stage of the pipeline's own is replaced by one that also reports place names inside other
    entities' names (see `PlaceStage`)."""
    from newsgraph.analyze.places import PlaceStage
    from newsgraph.pipeline import Pipeline, check_stages

    documents = list(read_lgl(path))[:limit]
    pipeline = Pipeline(settings)
    pipeline.stages = check_stages([PlaceStage(nested=nested) if isinstance(stage, PlaceStage) else stage
                                    for stage in pipeline.stages])  # in its place: the events stage reads places
    started = time.perf_counter()
    records = list(pipeline.analyze(Document(id=d.id, kind="text", content=d.text, body_only=True)
                                    for d in documents))
    seconds = time.perf_counter() - started
    gold = found = overlap = predicted = correct_predictions = errors = 0
    distances: list[float] = []
    misses: list[dict[str, Any]] = []
    for document, record in zip(documents, records, strict=True):
        if "error" in record:
            errors += 1
            continue
        spans: dict[tuple[int, int], dict[str, Any]] = {}
        for place in record["places"]:
            for mention in place["mentions"]:
                spans[(mention["start"], mention["end"])] = place
        toponym_spans = {(t.start, t.end) for t in document.toponyms}
        predicted += len(spans)
        correct_predictions += len(spans.keys() & toponym_spans)
        for toponym in document.toponyms:
            if toponym.lat is None or toponym.lon is None:
                continue
            gold += 1
            place = spans.get((toponym.start, toponym.end))
            if place is None:
                overlap += any(a < toponym.end and toponym.start < b for a, b in spans)
                continue
            found += 1
            overlap += 1
            km = NO_COORDINATES_KM if place["lat"] is None else \
                distance_km(place["lat"], place["lon"], toponym.lat, toponym.lon)
            distances.append(km)
            if km > ACCURACY_KM:
                misses.append({"document": document.id, "phrase": toponym.phrase, "gold": toponym.geonames_id,
                               "gold_feature": toponym.feature, "predicted": place["geonames_id"],
                               "predicted_name": place["name"], "km": round(km)})
    within = sum(km <= ACCURACY_KM for km in distances)
    return {
        "documents": len(documents),
        "errors": errors,
        "gold": gold,
        "found": found,
        "recall": found / gold if gold else 0.0,
        "recall_overlap": overlap / gold if gold else 0.0,
        "accuracy_161km": within / found if found else 0.0,
        "median_km": statistics.median(distances) if distances else None,
        "mean_km": statistics.fmean(distances) if distances else None,
        "predicted": predicted,
        "precision": correct_predictions / predicted if predicted else 0.0,
        "seconds": seconds,
        "misses": misses,
    }
