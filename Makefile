# One venv for everything; stamps record which set of packages it holds.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test check bench score format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# A changed pipeline source is compiled again (setup.py) by the next install.
SOURCES := pyproject.toml setup.py $(wildcard store/text/*.py)

$(RUN_STAMP): $(SOURCES) | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(DEV_STAMP): $(SOURCES) | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)  ## open the app on the bundled sample articles
	$(BIN)/marginalia

test: $(DEV_STAMP)  ## install what tests need and run them
	@.ci/install-chromium
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

check: $(DEV_STAMP)  ## ruff (format + lint), mypy and the layer rules (import-linter)
	$(BIN)/ruff format --check store tui tests bench setup.py
	$(BIN)/ruff check store tui tests bench setup.py
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(DEV_STAMP)
	$(BIN)/ruff format store tui tests bench setup.py
	$(BIN)/ruff check --fix store tui tests bench setup.py

score: $(RUN_STAMP)  ## score the parser against the gold files of the samples
	$(BIN)/python tests/seedeval/eval/score_seeds.py -- $(BIN)/marginalia parse --json

bench: $(DEV_STAMP)  ## print the benchmark figures
	$(BIN)/python bench/parse_bench.py
	$(BIN)/python bench/speaker_bench.py
	$(BIN)/python bench/store_bench.py
	$(BIN)/python bench/tui_bench.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/reopen_bench.py
	$(BIN)/python bench/serve_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache snapshot_report.html build
	rm -f store/text/*.so store/text/*.pyd store/text/compiled_sources.txt
