"""The pipeline: order, batching, worker processes, stage failures isolated to their document."""

from __future__ import annotations

from dataclasses import replace

from newsgraph.article import Article
from newsgraph.config import Settings
from newsgraph.pipeline import Pipeline, analyze_parallel
from newsgraph.sources.files import Document

TEXTS = [
    "Officials in Nairobi said on Monday that talks with Uganda would resume.",
    "The European Union imposed sanctions on three companies in Minsk.",
    "Police in Lagos arrested two men after the protest, a spokesman said.",
    "President Emmanuel Macron met Chancellor Olaf Scholz in Berlin.",
    "Flooding in Dhaka forced thousands of families from their homes.",
]


def _docs() -> list[Document]:
    return [Document(id=f"d{i}", kind="text", content=t, body_only=True) for i, t in enumerate(TEXTS)]


def test_pipeline_keeps_input_order_across_small_batches(pipeline: Pipeline) -> None:
    small = Pipeline(replace(pipeline.settings, batch_size=2))
    records = list(small.analyze(_docs()))
    assert [r["id"] for r in records] == [f"d{i}" for i in range(len(TEXTS))]
    assert [r["text"] for r in records] == TEXTS


def test_pipeline_workers_give_the_same_records_as_one_process() -> None:
    one = list(analyze_parallel(_docs(), Settings(batch_size=2, workers=1)))
    two = list(analyze_parallel(_docs(), Settings(batch_size=2, workers=2)))
    assert one == two
    assert any(e["name"] == "Emmanuel Macron" for e in one[3]["entities"])


def test_pipeline_stage_failure_costs_only_its_document(pipeline: Pipeline) -> None:
    class Explodes:
        reads: tuple[str, ...] = ("text",)
        writes: tuple[str, ...] = ()

        def __call__(self, article: Article, doc: object) -> None:
            if "Lagos" in article.text:
                raise ValueError("boom")

    broken = Pipeline(pipeline.settings)
    broken.stages = [*broken.stages, Explodes()]
    records = list(broken.analyze(_docs()))
    errors = {r["id"]: r["error"]["code"] for r in records if "error" in r}
    assert errors == {"d2": "NG199"}
    assert "Explodes" in records[2]["error"]["message"]


def test_pipeline_record_names_version_and_model(pipeline: Pipeline) -> None:
    record = pipeline.analyze_one(_docs()[0])
    assert record["pipeline"]["version"]
    assert "core_web_sm" in record["pipeline"]["model"]


def test_pipeline_text_longer_than_the_limit_is_an_error_record(pipeline: Pipeline) -> None:
    limited = Pipeline(replace(pipeline.settings, max_chars_per_doc=50))
    record = limited.analyze_one(_docs()[0])
    assert record["error"]["code"] == "NG105"
