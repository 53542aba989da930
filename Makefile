# `make run` and `make test` set up everything they need on a fresh machine (Python 3.11).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask
STAMP := $(VENV)/.installed-stamp
export FLASK_APP := wsgi

.PHONY: run test lint install translations extract-messages db browser axe clean

# Where `make run` serves; mail links (PUBLIC_BASE_URL) point there too.
HOST ?= 127.0.0.1
PORT ?= 5000

run: install translations db
	PUBLIC_BASE_URL=http://$(HOST):$(PORT) $(FLASK) run --host $(HOST) --port $(PORT)

# The suite in TEST_WORKERS processes (pytest-xdist; each has its own databases and ports),
# a test file kept in one process so its module fixtures (browser, servers) start once.
TEST_WORKERS ?= auto
test: install translations lint axe
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# ruff (style, imports, bugbear, pyupgrade) and mypy (the pure core strictly); pyproject.toml
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 ($(PYTHON)) is needed"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Compiled catalogues are built here, never committed.
translations: install
	$(VENV)/bin/pybabel -q compile -d translations

# After adding strings: extract, merge into fi/sv, then translate the new entries.
extract-messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --sort-by-file \
		--project "Pyydä apua" -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

db: install
	$(FLASK) db upgrade
	$(FLASK) refdata load
	$(FLASK) demo load

# axe-core for the accessibility tests, pinned in package.json / package-lock.json.
AXE := node_modules/axe-core/axe.min.js
axe: $(AXE)

$(AXE): package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm; }
	npm ci --no-audit --no-fund --silent
	touch $(AXE)

# Debian's Chromium for the browser and accessibility tests.
browser:
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) node_modules instance/helpbutton.sqlite
