# Quick start: `make demo` (set up, run the main job on the shipped booklets) and `make test` (set up, run the tests).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
KL := $(BIN)/keys-l10n

.PHONY: demo test test-weblate lint fuzz bench clean setup setup-test gettext browser fonts messages

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

# The demo works on a copy of the shipped project in build/demo/ (made anew each time): the repository's own
# sources and catalogs stay exactly as committed. Its outputs are in build/demo/build/.
DEMO := build/demo
DKL := $(abspath $(KL))

demo: setup
	@rm -rf $(DEMO) && mkdir -p $(DEMO) && cp -R keys-l10n.toml source locale glossary $(DEMO)/
	@echo "== extract: templates for every booklet of every edition (in $(DEMO)/, a copy of the shipped project)"
	cd $(DEMO) && $(DKL) extract
	@echo "== update: every locale's catalogs from the templates"
	cd $(DEMO) && $(DKL) update
	@echo "== compare: what changed from the 2014 to the 2021 edition (HTML report in $(DEMO)/build/)"
	cd $(DEMO) && $(DKL) compare 2014 2021
	cd $(DEMO) && $(DKL) compare 2014 2021 --format html -o build/compare-2014-2021.html
	@echo "== migrate: carry the 2014 translations to the 2021 edition"
	cd $(DEMO) && $(DKL) migrate 2014 2021
	@echo "== build: localized booklets (Markdown + HTML) of both editions, es and fr"
	cd $(DEMO) && $(DKL) build --min-complete 0 --fuzzy mark
	@echo "== stats: translation progress, dashboard and badges in $(DEMO)/build/"
	cd $(DEMO) && $(DKL) stats
	cd $(DEMO) && $(DKL) stats --format html
	@echo "== check: quality checks on the shipped translations"
	cd $(DEMO) && $(DKL) check
	@echo "== done: open $(DEMO)/build/2021/es/presentation.html, $(DEMO)/build/stats.html, $(DEMO)/build/compare-2014-2021.html"

# Headless Chromium for the browser tests (they skip cleanly when it cannot be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || echo "chromium not installed: browser tests will be skipped"

# Fonts for the PDF booklets (accented Latin and Arabic) and Pango for WeasyPrint; the PDF tests skip without them.
fonts:
	@{ fc-list :lang=ar 2>/dev/null | grep -q . && fc-list :lang=fr 2>/dev/null | grep -q . && ldconfig -p | grep -q libpangoft2; } || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; } || \
		echo "fonts or Pango not installed: PDF tests will be skipped"

test: setup-test gettext browser fonts
	$(BIN)/python -m pytest -q

# Round trip against a real Weblate (docs/weblate.md): pinned Weblate in its own venv under .weblate/ (kept, so a
# second run is fast), a private PostgreSQL and Weblate's server on 127.0.0.1, all stopped at the end.
test-weblate: setup-test gettext
	$(BIN)/python scripts/weblate/roundtrip.py

lint: setup-test
	$(BIN)/ruff check src tests benchmarks fuzz
	$(BIN)/ruff format --check src tests benchmarks fuzz
	$(BIN)/mypy

# keys-l10n's own messages (booklet header, dashboard, compare page, stats table; see src/keys_l10n/adapters/i18n.py):
# extract them from the code and templates into the POT, merge it into each language's PO, lay the files out as
# gettext does (msgcat). Then translate the new entries in src/keys_l10n/locale/<lang>/LC_MESSAGES/keys_l10n.po.
I18N := src/keys_l10n/locale
messages: setup-test gettext
	$(BIN)/pybabel -q extract -F babel.cfg -c "Translators:" --add-location file --sort-by-file \
		--project keys-l10n --version 0.1.0 --copyright-holder "keys-l10n authors" \
		--msgid-bugs-address keys-l10n@example.org -o $(I18N)/keys_l10n.pot .
	$(BIN)/pybabel -q update -i $(I18N)/keys_l10n.pot -d $(I18N) -D keys_l10n -w 79
	for f in $(I18N)/keys_l10n.pot $(I18N)/*/LC_MESSAGES/keys_l10n.po; do msgcat --force-po "$$f" -o "$$f"; done

# Longer fuzzing than `make test` runs: hypothesis with many more examples, then atheris (coverage-guided)
# on the PO reader and the Markdown walker when it installs.
fuzz: setup-test
	KEYS_L10N_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability/test_rel_fuzz.py tests/test_properties.py
	KEYS_L10N_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_real_catalogs.py -k verdicts
	@if $(BIN)/pip install --quiet atheris; then \
		$(BIN)/python fuzz/fuzz_po.py -max_total_time=300 && $(BIN)/python fuzz/fuzz_markdown.py -max_total_time=300; \
	else echo "atheris did not install: coverage-guided fuzzing skipped"; fi

bench: setup-test gettext
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache .weblate
