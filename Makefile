# One command each: `make run` (set up + run on seeds/), `make test` (set up + tests).
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q
STAMP  := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: setup run test lint fuzz snapshot bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	@touch $@

run: $(STAMP)
	$(VENV)/bin/muster run seeds/ --table output/events

test: $(STAMP)
	$(PY) -m pytest -q

# ruff (lint rules and formatting) and mypy, as configured in pyproject.toml; .ci/run runs it before the tests
lint: $(STAMP)
	$(VENV)/bin/ruff check flows extractors schemas tests bench
	$(VENV)/bin/ruff format --check flows extractors schemas tests bench
	$(VENV)/bin/mypy

# Many more fuzz examples than CI runs (tests/test_fuzz.py), each run with fresh random ones.
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	MUSTER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) MUSTER_FUZZ_RANDOM=1 $(PY) -m pytest -q tests/test_fuzz.py -k never_raises -p no:cacheprovider

# Deliberately rewrite tests/snapshots/seeds_events.jsonl from a fresh run on seeds/ (a fresh table,
# so every article is re-extracted with the current code); review the printed diff and commit it.
snapshot: $(STAMP)
	rm -rf output/snapshot
	$(VENV)/bin/muster run seeds/ --table output/snapshot/events
	$(PY) -m flows.snapshot write output/snapshot/events tests/snapshots/seeds_events.jsonl

clean:
	rm -rf output .pytest_cache
