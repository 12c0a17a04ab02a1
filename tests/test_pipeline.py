"""The pipeline: order, batching, worker processes, stage failures isolated to their document."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from newsgraph.article import Article
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.errors import StageContractError
from newsgraph.pipeline import EXTRACTED, Pipeline, analyze_parallel, build_stages, check_stages

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


# ---------------------------------------------------------------- stage contracts


@pytest.mark.parametrize("variant", [{}, {"recognizer": True}, {"event_coder": "rules"},
                                     {"event_coder": "learned", "recognizer": True}])
def test_pipeline_every_stage_list_reads_only_what_is_written_before(variant: dict[str, object]) -> None:
    stages = build_stages(Settings(**variant))  # type: ignore[arg-type]
    assert [type(s).__name__ for s in stages][-1] == "EventStage"
    written = set(EXTRACTED)
    for stage in stages:
        assert set(stage.reads) <= written, type(stage).__name__
        written.update(stage.writes)
    assert {"entities", "places", "times", "quotes", "events"} <= written


def test_pipeline_extraction_fields_are_article_fields_no_stage_writes(pipeline: Pipeline) -> None:
    article_fields = {f.name for f in fields(Article)}
    assert set(EXTRACTED) <= article_fields
    assert not set(EXTRACTED) & {field for stage in pipeline.stages for field in stage.writes}


def test_pipeline_misordered_stages_fail_at_start_naming_stage_and_field(pipeline: Pipeline) -> None:
    stages = list(pipeline.stages)
    events = next(s for s in stages if type(s).__name__ == "EventStage")
    with pytest.raises(StageContractError) as caught:
        check_stages([events, *(s for s in stages if s is not events)])
    assert caught.value.code == "NG207"
    assert "EventStage" in caught.value.message and "'entities'" in caught.value.message
    roles_before_entities = [stages[1], stages[0], *stages[2:]]
    with pytest.raises(StageContractError, match=r"stage 1 \(RoleStage\) reads 'entities'"):
        check_stages(roles_before_entities)


def test_pipeline_stage_declaring_a_field_the_article_lacks_is_refused(pipeline: Pipeline) -> None:
    class Misspelt:
        reads: tuple[str, ...] = ("text",)
        writes: tuple[str, ...] = ("sentiments",)

        def __call__(self, article: Article, doc: object) -> None: ...

    with pytest.raises(StageContractError, match="'sentiments'"):
        check_stages([*pipeline.stages, Misspelt()])


def test_pipeline_each_stage_has_a_module_of_its_own(pipeline: Pipeline) -> None:
    """README and docs/architecture.md say `analyze/` has one module per stage: a stage class (one declaring
    `reads` and `writes`) per module, and every stage of the pipeline in `analyze/`."""
    import ast
    from pathlib import Path

    import newsgraph.analyze

    stage_classes: dict[str, list[str]] = {}
    for path in Path(newsgraph.analyze.__file__).parent.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            declared = {target.id for item in getattr(node, "body", []) if isinstance(item, (ast.Assign, ast.AnnAssign))
                        for target in (item.targets if isinstance(item, ast.Assign) else [item.target])
                        if isinstance(target, ast.Name)}
            if isinstance(node, ast.ClassDef) and {"reads", "writes"} <= declared:
                stage_classes.setdefault(path.stem, []).append(node.name)
    assert all(len(names) == 1 for names in stage_classes.values()), stage_classes
    modules = [type(stage).__module__ for stage in pipeline.stages]
    assert len(set(modules)) == len(modules)
    # the recognizer's stage list adds the actor view; every stage module runs in one list or the other
    optional = [type(stage).__module__ for stage in build_stages(Settings(recognizer=True))]
    assert len(set(optional)) == len(optional)
    assert {module.rpartition(".")[2] for module in (*modules, *optional)} == set(stage_classes)
