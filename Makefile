# Every target creates the virtualenv when it is missing (only Python 3.11+ is needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck pytest bench clean

run: $(STAMP)  ## start the server with the demo shop on SQLite (http://127.0.0.1:8000)
	$(BIN)/python -m app

test: lint typecheck pytest  ## everything CI runs

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy app quick_replies intents handoff bench

pytest: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)  ## the benchmarks; they print figures, they assert nothing
	$(BIN)/python -m bench.ws_throughput
	$(BIN)/python -m bench.match_latency
	$(BIN)/python -m bench.accuracy ../shared/eval/dev.jsonl

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
