# The two commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-postgres lint format setup clean bench-search screenshots bench bench-live

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
	mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) collectstatic --no-input --verbosity 0

run: setup
	$(MANAGE) load_demo --if-empty
	@echo ""
	@echo "Symposium is at http://127.0.0.1:8000/  (Ctrl-C stops it)"
	@echo "To edit in /admin/, first create an account:  $(MANAGE) createsuperuser"
	@echo "  (or a role account: $(MANAGE) createstaff NAME --role editor|writer)"
	@echo ""
	$(BIN)/gunicorn symposium.wsgi

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: $(VENV)/.dev lint
	mkdir -p var
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(BIN)/pytest

# Full-page PNGs of the main pages, desktop and phone, in tests/e2e/screenshots/.
screenshots: $(VENV)/.dev
	$(MANAGE) collectstatic --no-input --verbosity 0
	SCREENSHOTS=1 $(BIN)/pytest tests/e2e -k "journey or editor" -q

# The same suite on PostgreSQL; DATABASE_URL defaults to the local server.
test-postgres: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
test-postgres: test

clean:
	rm -rf $(VENV) var

# Search latency at 1k, 10k and 100k articles (SQLite) and 100k (PostgreSQL).
# Databases are built once under var/bench/ (and bench_search_* on PostgreSQL).
bench-search: $(VENV)/.dev
	$(BIN)/python benchmarks/search.py

# Load benchmark with wrk (Debian package) against gunicorn on loopback:
# cold and warm page figures, CPU per request against a static file, and a soak.
bench: $(VENV)/.dev
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python benchmarks/load.py

# A live site: Zipf readers over every public page while an editor saves every
# 2 s; Redis, the embedded file cache, and Redis stopped and restarted mid-run.
bench-live: $(VENV)/.dev
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python benchmarks/live.py
