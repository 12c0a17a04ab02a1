# make run: install into .venv and ingest the bundled samples into ./newsgraph.db; make test: install and run the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test gate bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/newsgraph ingest samples --summary --db sqlite:///newsgraph.db

test: install
	$(BIN)/python -m pytest -q

gate: install
	$(BIN)/python -m pytest -q tests/test_quality_gate.py

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) build src/*.egg-info
