"""Build the benchmark corpus: real news articles from ../shared/data as one JSON Lines file.

PolNeAR (924 articles with their publisher, date and title), LGL (588 local news articles), ScrapingHub
(181 HTML pages), TempEval-3 (257 articles with their creation dates) and CoNLL-2003 eng.testa (216 Reuters
articles): 2,166 documents. `python bench/corpus.py` writes bench/results/corpus.jsonl.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "corpus.jsonl"


def polnear(data: Path) -> Iterator[dict[str, Any]]:
    root = data / "quotes" / "polnear"
    meta: dict[str, dict[str, str]] = {}
    with open(root / "metadata.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            meta[row["filename"]] = row
    for path in sorted(root.glob("*/text/*.txt")):
        info = meta.get(path.stem, {})
        yield {"id": f"polnear-{path.stem}", "text": path.read_text(encoding="utf-8"),
               "published": info.get("publication_date") or None, "title": info.get("title") or None}


def lgl(data: Path) -> Iterator[dict[str, Any]]:
    for article in ET.parse(data / "places" / "lgl.xml").getroot().iter("article"):
        dltime = (article.findtext("dltime") or "")[:10] or None
        yield {"id": f"lgl-{article.get('docid')}", "text": article.findtext("text") or "",
               "url": article.findtext("url"), "published": dltime}


def scrapinghub(data: Path) -> Iterator[dict[str, Any]]:
    root = data / "extraction" / "scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for path in sorted((root / "html").glob("*.html.gz")):
        key = path.name.removesuffix(".html.gz")
        html = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        yield {"id": f"scrapinghub-{key[:16]}", "html": html, "url": truth.get(key, {}).get("url")}


def tempeval(data: Path) -> Iterator[dict[str, Any]]:
    for path in sorted((data / "time" / "tempeval3" / "TBAQ-cleaned").glob("*/*.tml")):
        raw = path.read_text(encoding="utf-8")
        dct = re.search(r'functionInDocument="CREATION_TIME"[^>]*>|'
                        r'value="([^"]+)"[^>]*functionInDocument="CREATION_TIME"', raw)
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        if body is None:
            continue
        text = re.sub(r"<[^>]+>", "", body.group(1)).strip()
        published = dct.group(1) if dct and dct.group(1) else None
        yield {"id": f"timeml-{path.stem}", "text": text, "published": published[:10] if published else None}


def conll(data: Path) -> Iterator[dict[str, Any]]:
    from newsgraph.evaluate.ner import read_conll

    for document in read_conll(data / "ner" / "conll2003" / "eng.testa"):
        yield {"id": f"conll-{document.id}", "text": document.text}


def build(data: Path = DATA, limit: int | None = None) -> list[dict[str, Any]]:
    """The corpus as JSON-ready documents, in a fixed order (the same on every machine)."""
    documents: list[dict[str, Any]] = []
    for reader in (polnear, lgl, scrapinghub, tempeval, conll):
        documents.extend(reader(data))
    return documents[:limit] if limit else documents


def write(path: Path, documents: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for document in documents:
            handle.write(json.dumps({k: v for k, v in document.items() if v is not None}, ensure_ascii=False) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"corpus: {DATA} not found; the benchmark corpus is built from ../shared/data", file=sys.stderr)
        return 2
    documents = build(DATA, args.limit)
    write(args.output, documents)
    print(f"corpus: {len(documents)} documents -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
