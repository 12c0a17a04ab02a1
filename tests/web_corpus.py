"""A store holding the four bundled samples plus one hostile article, built once per test process."""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
XSS_ID = "xss-probe"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
XSS_TEXT = (
    f"President Emmanuel Macron met Chancellor Olaf Scholz in Berlin on Monday. {SCRIPT} "
    f"Macron said the two governments would cooperate on energy. {IMG} "
    "Scholz welcomed the agreement and said Germany would support France in the talks."
)


@functools.cache
def corpus_db() -> str:
    """The URL of a SQLite store with the samples and the hostile article, ingested through `ingest`."""
    from newsgraph.config import Settings
    from newsgraph.ingest import ingest
    from newsgraph.store import open_store

    folder = Path(tempfile.mkdtemp(prefix="newsgraph-web-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    probe = folder / "probe.jsonl"
    probe.write_text(json.dumps({"id": XSS_ID, "text": XSS_TEXT, "title": f"Probe {SCRIPT}", "body_only": True,
                                 "published": "2024-03-04"}) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'web.db'}"
    with open_store(url) as store:
        report = ingest([str(SAMPLES), str(probe)], store, Settings())
    assert report.failed == 0, report.errors
    return url
