# lupex developer commands. `make demo` and `make test` are the README quick start.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.lupex-installed
PYTEST_WORKERS ?= 2

.PHONY: venv demo test test-slow check-fresh-clone bench validation clean help

help:
	@echo "make demo   - create $(VENV), install lupex with test extras, run the baseline scenario"
	@echo "make test   - run the test suite (same environment)"
	@echo "make test-slow - also run the slow, exhaustive checks"
	@echo "make check-fresh-clone - clone the repository into an empty directory and run the demo there"
	@echo "make bench  - run the benchmarks, write benchmarks/results.json"
	@echo "make validation - write docs/validation.md from src/lupex/data/validation.toml"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# results/baseline is the demo's own output directory: it is replaced on every `make demo`.
demo: $(STAMP)
	$(VENV)/bin/lupex run scenarios/baseline.toml --out results/baseline --force

test: $(STAMP)
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q

test-slow: $(STAMP)
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q -m "slow or not slow"

# a clone with nothing beside it (no data directory, no cache) runs the demo on the embedded terrain
check-fresh-clone: $(STAMP)
	$(PY) -m pytest -n 0 -q -m slow tests/test_fresh_clone.py

bench: $(STAMP)
	$(PY) benchmarks/run.py

validation: $(STAMP)
	$(PY) -m lupex.validation docs/validation.md README.md

clean:
	rm -rf results .pytest_cache build
