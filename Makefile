# fraudguard — the whole set-up is `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test train eval bench load check lint clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)  ## start the service on http://127.0.0.1:8000 (SQLite, the shipped model)
	$(BIN)/fraudguard serve --host 127.0.0.1 --port 8000

test: $(STAMP) lint  ## install and run every test
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src training tests benchmarks
	$(BIN)/ruff format --check src training tests benchmarks
	$(BIN)/mypy src

check: lint

train: $(STAMP)  ## full deterministic training → models/
	$(BIN)/fraudguard train

eval: $(STAMP)  ## the shipped model on the frozen test split: the README's figures, re-computed
	$(BIN)/fraudguard evaluate

bench: $(STAMP)  ## throughput, memory, load time, SpamAssassin side by side
	$(BIN)/python -m benchmarks.bench

load: $(STAMP)  ## the HTTP service under load on loopback (~7 min; wrk if installed)
	$(BIN)/python -m benchmarks.load

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
