# Two commands: `make run` sets everything up and serves the site; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup content check clean bench serve lint

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

setup: $(VENV)/.runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_content

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production stack on loopback: nginx (cache, static files, slow clients) in front of granian.
# Needs nginx (apt-get install nginx-light). PORT defaults to 8080 here.
serve: $(VENV)/.runtime
	PORT=$(if $(filter environment command,$(firstword $(origin PORT))),$(PORT),8080) $(PY) deploy/serve.py

# The Nu Html Checker (vnu.jar) for the HTML validity test, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent --no-fund --no-audit && touch $@; \
	else echo "npm not found: the HTML validity test will be skipped (it fails in CI)"; fi

# Line and branch coverage (coverage.py through pytest-cov); the floor is in pyproject.toml.
test: $(VENV)/.test node_modules/.installed
	$(PY) -m pytest --cov --cov-report=term:skip-covered

# Lint and format checks; each failure names the file, the line and the rule.
LINTED_TEXT = $(shell git ls-files -- '*.py' '*.html' '*.css' '*.js' '*.yaml' '*.yml' '*.toml' '*.json' '*.txt' Makefile .ci/run)
lint: $(VENV)/.test node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check --diff .
	$(VENV)/bin/djlint --lint templates
	node_modules/.bin/biome lint --error-on-warnings .
	$(VENV)/bin/check-yaml $(filter %.yaml %.yml,$(LINTED_TEXT))
	@! grep -nIE '[[:space:]]+$$' $(LINTED_TEXT) || (echo "trailing whitespace (above)"; exit 1)


check: $(VENV)/.runtime
	$(PY) manage.py check

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules .serve

bench: $(VENV)/.runtime
	$(PY) tests/bench.py
