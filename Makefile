# Two commands for a fresh machine: `make run` and `make test` (see README.md).
# Both install what is missing first and are safe to run again.

VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes: one per core (pytest-xdist); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto

.PHONY: install run test test-browser lint migrations-check bench clean

install: $(VENV)/.installed node_modules/.installed static/build/app.css

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/app.css: assets/app.scss node_modules/.installed
	npm run --silent build

run: install
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py import_reports seeds/
	DEBUG=$${DEBUG:-1} $(PY) manage.py load_demo_plan
	DEBUG=$${DEBUG:-1} $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile -

# The whole suite, browser tests included (they need Chromium at /usr/bin/chromium:
# `apt-get install chromium`; without it they are skipped, unless CI is set).
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Only the browser tests: journeys, keyboard use and axe-core accessibility checks.
# Screenshots of every main page at 1280 and 320 px go to tests/screenshots/.
test-browser: install
	$(PY) -m pytest -n $(TEST_WORKERS) tests/browser $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: install
	TESTING=1 $(PY) manage.py makemigrations --check --dry-run

# Pages, exports and imports at small, 10x and national size (docs/performance.md);
# set DATABASE_URL for PostgreSQL, BENCH_ARGS="--sizes small 10x" for a quick look.
bench: install
	$(PY) bench/pages_bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/build staticfiles tests/screenshots
