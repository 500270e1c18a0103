# The two commands: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-postgres lint format setup clean bench-search screenshots bench bench-live bench-markdown bench-tag-page bench-extract bench-archive browser redis varnish gettext messages

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
	$(MANAGE) compiletranslations
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

# The browser tests drive Debian's Chromium and need CJK fonts to draw Chinese:
# installed with apt-get when run as root, otherwise the one command to run.
CHROMIUM_PATH ?= /usr/bin/chromium
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
browser:
	@if [ -x "$(CHROMIUM_PATH)" ] && [ -f "$(CJK_FONT)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium and CJK fonts for the browser tests (apt-get)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else \
		echo "The browser tests need Chromium and CJK fonts. Install them, then run make test again:" >&2; \
		echo "    sudo apt-get install -y chromium fonts-noto-cjk" >&2; \
		echo "(elsewhere: install Chromium and Noto CJK fonts, and set CHROMIUM_PATH to the browser)" >&2; \
		exit 1; \
	fi

# Finding the interface's strings (makemessages) needs GNU gettext; compiling them does not
# (polib, at set-up). Installed with apt-get when run as root, otherwise the one command to run.
gettext:
	@if command -v xgettext >/dev/null && command -v msgmerge >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing GNU gettext for the translation checks (apt-get)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	else \
		echo "The translation checks need GNU gettext. Install it, then run make test again:" >&2; \
		echo "    sudo apt-get install -y gettext" >&2; \
		exit 1; \
	fi

# After changing a string of the interface: adds new strings to locale/*/django.po and drops
# unused ones. Translate the empty entries, then `make test` (the catalogue tests) and commit the .po.
messages: gettext $(VENV)/.runtime
	$(MANAGE) updatetranslations
	$(MANAGE) compiletranslations

# Static files are collected by the suite itself (tests/conftest.py), so plain pytest works too.
# The cache tests run against a real Redis on 127.0.0.1:6379 as well as the file cache:
# started (and installed with apt-get when run as root) if none answers.
REDIS_ANSWERS := $(PYTHON) -c "import socket; socket.create_connection(('127.0.0.1', 6379), 1)"
redis:
	@if $(REDIS_ANSWERS) 2>/dev/null; then exit 0; fi; \
	if ! command -v redis-server >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Redis for the cache tests (apt-get)..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
		else \
			echo "The cache tests need a Redis server on 127.0.0.1:6379. Install one, then run make test again:" >&2; \
			echo "    sudo apt-get install -y redis-server" >&2; \
			exit 1; \
		fi; \
	fi; \
	redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null; \
	for i in 1 2 3 4 5 6 7 8 9 10; do $(REDIS_ANSWERS) 2>/dev/null && exit 0; sleep 0.5; done; \
	echo "Redis did not start on 127.0.0.1:6379" >&2; exit 1

# The proxy tests (tests/proxy/test_varnish.py) run Debian's Varnish with vmod xkey in front of the site:
# installed with apt-get when run as root, otherwise the one command to run.
VARNISH_XKEY := $(firstword $(wildcard /usr/lib/*/varnish/vmods/libvmod_xkey.so /usr/lib/varnish/vmods/libvmod_xkey.so))
varnish:
	@if command -v varnishd >/dev/null && [ -n "$(VARNISH_XKEY)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Varnish and its modules for the proxy tests (apt-get)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null; \
	else \
		echo "The proxy tests need Varnish 7 with vmod xkey. Install them, then run make test again:" >&2; \
		echo "    sudo apt-get install -y varnish varnish-modules" >&2; \
		exit 1; \
	fi

test: browser redis varnish gettext $(VENV)/.dev lint
	mkdir -p var
	$(MANAGE) compiletranslations
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest

# Full-page PNGs of the main pages, desktop and phone, in tests/e2e/screenshots/.
screenshots: browser $(VENV)/.dev
	SCREENSHOTS=1 $(BIN)/pytest tests/e2e -k "journey or editor or fit_the_screen" -q

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

# Markdown rendering on hostile bodies (seconds each); with Python-Markdown installed
# (pip install Markdown==3.11.3) also the old renderer, and old against new on ordinary bodies.
bench-markdown: $(VENV)/.dev
	$(BIN)/python benchmarks/hostile_markdown.py

# A tag page (overview and one kind, deep) against an article page, each missing the
# page cache, at 10,000 articles on SQLite and PostgreSQL, in-process. Databases are
# built once (var/bench/load-10000.sqlite3, shared with `make bench`; bench_pages_10000).
bench-tag-page: $(VENV)/.dev
	$(BIN)/python benchmarks/tag_page.py

# A live site: Zipf readers over every public page while an editor saves every
# 2 s; Redis, the embedded file cache, and Redis stopped and restarted mid-run.
bench-live: $(VENV)/.dev
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python benchmarks/live.py

# Export and import at 10,000, 30,000 and 100,000 articles: time and peak memory of each
# command (a child process); databases built once by generate_content under var/bench/.
bench-archive: $(VENV)/.dev
	$(BIN)/python benchmarks/archive.py --postgres

# Precision and recall of "Propose from text" on the annotated reports (dev and held-out, per
# language and kind), and the time to read a 2,000-word report. --verbose lists dev mistakes.
bench-extract: $(VENV)/.dev
	$(BIN)/python benchmarks/extraction.py
