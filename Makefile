# `make run` and `make test` set everything up themselves: a .venv with the pinned
# dependencies (reinstalled only when requirements.txt changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint samples template bench browser fuzz

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	EVALUATIONS_ALLOW_CREATE=on $(BIN)/streamlit run serve.py

# Two workers (the machines have two cores); a file's tests stay together, so each
# browser test file starts its app once.
TEST_WORKERS ?= 2
test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .

# The browser test needs Debian's chromium; install it when we are root and it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "chromium is not installed and we are not root: the browser test will be skipped"

samples: $(STAMP)
	$(BIN)/python -m sample_tenders.generate
	$(BIN)/python -m sample_tenders.designs.generate

template: $(STAMP)
	$(BIN)/python -m scoring template templates/bid-workbook-v1.xlsx

# Differential fuzzing, thousands of cases (make test runs a few hundred): CASES=20000 SEED=2
CASES ?= 5000
SEED ?= 1
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --cases $(CASES) --seed $(SEED)

# Speed and memory figures (scripts, not tests: these machines are shared and noisy).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scoring.py
	$(BIN)/python benchmarks/bench_refusal.py
	$(BIN)/python benchmarks/bench_reading_bound.py
	$(BIN)/python benchmarks/bench_bounds.py
	$(BIN)/python benchmarks/bench_stress.py
	$(BIN)/python benchmarks/bench_app.py
	$(BIN)/python benchmarks/bench_design.py
	$(BIN)/python benchmarks/bench_evaluations.py
	$(BIN)/python benchmarks/bench_documents.py
	$(BIN)/python benchmarks/bench_robustness.py
	$(BIN)/python benchmarks/bench_panel.py
