"""The project's own event annotations (kept without their texts) still fit the articles in ../shared/data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "annotation_text.py"
SHARED_DATA = ROOT.parent / "shared" / "data"
FILES = sorted((ROOT / "tools" / "annotations").glob("*.json"))

pytestmark = pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared/data absent")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), *args], check=False, capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_committed_annotations_are_sound(path: Path) -> None:
    done = run("--check", str(path))
    assert done.returncode == 0, done.stdout[-2000:]


def test_check_names_a_sentence_missing_from_its_article(tmp_path: Path) -> None:
    document = {"id": "conll-train-0000", "source": "ner/conll2003/eng.train#0", "events": [
        {"sentence": "The European Commission said on Thursday it disagreed with German advice",
         "trigger": "disagreed", "type": "DISAPPROVE", "source": ["European Commission"], "target": [],
         "negated": False, "hypothetical": False, "optional": False},
        {"sentence": "A sentence no Reuters story of 1996 holds.", "trigger": "holds", "type": "AGREE",
         "source": [], "target": [], "negated": False, "hypothetical": False, "optional": False},
        {"sentence": "EU rejects German call to boycott British lamb.", "trigger": "rejects", "type": "REFUSE",
         "source": ["EU"], "target": [], "negated": False, "hypothetical": False, "optional": False}]}
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"documents": [document]}), encoding="utf-8")
    done = run("--check", str(path))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    assert "event 1: sentence found 0 times" in lines[0]
    assert "event 2: type 'REFUSE'" in lines[1]


def test_an_unknown_source_is_an_error_that_says_where() -> None:
    done = run("places/lgl.xml#0")
    assert done.returncode == 2
    assert "no article at 'places/lgl.xml#0'" in done.stderr


def test_gold_writes_the_articles_with_their_texts_for_score_events(tmp_path: Path) -> None:
    source = ROOT / "tools" / "annotations" / "events_lgl.json"
    out = tmp_path / "gold" / "lgl.json"
    done = run("--gold", str(out), str(source))
    assert done.returncode == 0, done.stderr
    annotated = json.loads(source.read_text(encoding="utf-8"))["documents"]
    written = json.loads(out.read_text(encoding="utf-8"))["documents"]
    assert [d["id"] for d in written] == [d["id"] for d in annotated]
    for document in written:
        assert document["text"] and all(document["text"].count(e["sentence"]) == 1 for e in document["events"])
    assert f"{len(annotated)} articles" in done.stdout


def test_gold_without_annotation_files_is_a_usage_error(tmp_path: Path) -> None:
    done = run("--gold", str(tmp_path / "out.json"))
    assert done.returncode == 2 and "needs the annotation files" in done.stderr
    assert not (tmp_path / "out.json").exists()
