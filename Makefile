# Quick start: `make demo` (set up, run the main job on the shipped booklets) and `make test` (set up, run the tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
KL := $(BIN)/keys-l10n

.PHONY: demo test lint fuzz bench clean setup setup-test gettext browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e .

setup-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'

# Debian's gettext gives the reference tools (msgfmt --check, msgcat, msgmerge) the tests compare against.
gettext:
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

demo: setup
	@echo "== extract: templates for every booklet of every edition"
	$(KL) extract
	@echo "== update: every locale's catalogs from the templates"
	$(KL) update
	@echo "== compare: what changed from the 2014 to the 2021 edition (HTML report in build/)"
	$(KL) compare 2014 2021
	$(KL) compare 2014 2021 --format html -o build/compare-2014-2021.html
	@echo "== migrate: carry the 2014 translations to the 2021 edition"
	$(KL) migrate 2014 2021
	@echo "== build: localized booklets (Markdown + HTML) of both editions, es and fr"
	$(KL) build --min-complete 0 --fuzzy mark
	@echo "== stats: translation progress, dashboard and badges in build/"
	$(KL) stats
	$(KL) stats --format html
	@echo "== check: quality checks on the shipped translations"
	$(KL) check

# Headless Chromium for the browser tests (they skip cleanly when it cannot be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || echo "chromium not installed: browser tests will be skipped"

test: setup-test gettext browser
	$(BIN)/python -m pytest -q

lint: setup-test
	$(BIN)/ruff check src tests benchmarks fuzz
	$(BIN)/ruff format --check src tests benchmarks fuzz
	$(BIN)/mypy

# Longer fuzzing than `make test` runs: hypothesis with many more examples, then atheris (coverage-guided)
# on the PO reader and the Markdown walker when it installs.
fuzz: setup-test
	KEYS_L10N_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability/test_rel_fuzz.py
	@if $(BIN)/pip install --quiet atheris; then \
		$(BIN)/python fuzz/fuzz_po.py -max_total_time=300 && $(BIN)/python fuzz/fuzz_markdown.py -max_total_time=300; \
	else echo "atheris did not install: coverage-guided fuzzing skipped"; fi

bench: setup-test gettext
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
