# Cơ Sở: each target sets up what it needs (the .venv from requirements.lock, Chromium).
#   make run        development server with demo data at http://127.0.0.1:8000/ (PORT=..., DEMO_RESET=1)
#   make demo-reset the demo from scratch (deletes the development SQLite file db.sqlite3)
#   make test       the whole suite on DATABASE_URL (SQLite when unset), 2 workers
#   make test-pg    the same on PostgreSQL (PG_URL=postgres://postgres@127.0.0.1:5432/test)
#   make lint       ruff check + ruff format --check
#   make bench      generated national data in PostgreSQL coso_bench, then bench/benchmark.py
#   make loadtest   200 signed-in users on gunicorn for 60 s (bench/loadtest.py, after make bench)
#   make worker     the background task worker (django-tasks-db)
#   make pdf-converter-stop  stop the PDF converter that make run / make worker started

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
BENCH_ARGS ?=
# A database of its own (bench/README.md): created if missing, filled once at BENCH_SCALE.
BENCH_URL ?= postgres://postgres@127.0.0.1:5432/coso_bench
BENCH_SCALE ?= 0.05
BENCH_RUNS ?= 10
LOAD_USERS ?= 200
LOAD_SECONDS ?= 60

# The interpreter that creates .venv: python3.11 if there, else python3 (must be >= 3.11).
PYTHON_BOOTSTRAP ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
# Rewritten whenever requirements.lock changes, so dependencies reinstall only then.
STAMP := $(VENV)/.requirements.lock.stamp

export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv deps chromium system-deps pdf-converter pdf-converter-stop run migrate demo demo-reset test test-pg test-fast lint format bench loadtest worker clean

help:
	@sed -n '2,11p' Makefile | sed 's/^# *//'

$(PY):
	@test -n "$(PYTHON_BOOTSTRAP)" || { echo "python3.11 or python3 not found" >&2; exit 1; }
	@$(PYTHON_BOOTSTRAP) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "$(PYTHON_BOOTSTRAP) is older than Python 3.11" >&2; exit 1; }
	$(PYTHON_BOOTSTRAP) -m venv $(VENV)

venv: $(PY)

# Exactly the pinned set: the lock holds every transitive dependency, so pip resolves
# nothing new (no upgrades, no surprises). The project itself runs from the checkout.
$(STAMP): requirements.lock | $(PY)
	@echo "Installing requirements.lock into $(VENV) (a few minutes the first time)..."
	$(PY) -m pip install -qq --no-input -r requirements.lock
	$(PY) -m pip check
	@touch $@

deps: $(STAMP)

chromium:
	@bash scripts/install-chromium.sh

# LibreOffice (PDF of official papers), fonts with Vietnamese glyphs, poppler-utils.
system-deps:
	@bash scripts/install-system-deps.sh

# One LibreOffice kept running behind var/pdf-converter.sock (coso/documents/converter.py), so a
# paper's PDF does not wait for LibreOffice to start; shared by make run and make worker and left
# running for the next start (make pdf-converter-stop ends it). Without it, each PDF starts its own.
pdf-converter: deps
	@$(PY) manage.py pdf_converter --start || echo "  (no PDF converter: each PDF starts its own LibreOffice)"

pdf-converter-stop: deps
	$(PY) manage.py pdf_converter --stop

migrate: deps
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo --if-empty

# The demo from scratch: only the default development database (db.sqlite3) is deleted; with
# DATABASE_URL set, drop and recreate that database yourself.
demo-reset: deps
	@if [ -n "$${DATABASE_URL:-}" ]; then \
		echo "demo-reset: DATABASE_URL is set; only the development SQLite file db.sqlite3 is reset here" >&2; exit 1; fi
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	$(MAKE) --no-print-directory demo

# DEMO_RESET=1 starts from a fresh demo (make demo-reset), else the demo is loaded once.
# The PDFs of the papers need LibreOffice and the fonts: installed here as for `make test`
# (skipped when present). Without root or sudo the server still starts; the paper pages then
# say that no PDF can be made and serve the .docx.
run: $(if $(filter 1,$(DEMO_RESET)),demo-reset,demo)
	@bash scripts/install-system-deps.sh || echo "  (LibreOffice not installed: papers will be served as .docx only)"
	@$(MAKE) --no-print-directory pdf-converter
	@echo ""
	@echo "  Cơ Sở: http://127.0.0.1:$(PORT)/   (Ctrl+C to stop; demo logins above, password coso-demo-2026)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite (unit, integration, e2e) in $(PYTEST_WORKERS) processes on the DATABASE_URL
# of the environment (SQLite when unset).
test: deps chromium system-deps
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-pg: deps chromium system-deps
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Without the browser tests (no Chromium needed).
test-fast: deps system-deps
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not e2e" $(PYTEST_ARGS)

lint: deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: deps
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: deps
	$(PY) -c 'import sys, psycopg; from dj_database_url import parse; \
		db = parse(sys.argv[1]); name = db["NAME"]; \
		conn = psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], \
			password=db["PASSWORD"] or None, dbname="postgres", autocommit=True); \
		exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone(); \
		exists or conn.execute(f"CREATE DATABASE \"{name}\""); \
		print(("using" if exists else "created"), "database", name)' '$(BENCH_URL)'
	DATABASE_URL='$(BENCH_URL)' $(PY) manage.py migrate --no-input -v 0
	DATABASE_URL='$(BENCH_URL)' $(PY) manage.py shell -c \
		'import sys; from coso.people.models import Person; sys.exit(0 if Person.objects.exists() else 1)' \
		|| DATABASE_URL='$(BENCH_URL)' $(PY) bench/generate.py --scale $(BENCH_SCALE)
	DATABASE_URL='$(BENCH_URL)' $(PY) bench/benchmark.py --runs $(BENCH_RUNS) $(BENCH_ARGS)

loadtest: deps
	DATABASE_URL='$(BENCH_URL)' $(PY) bench/loadtest.py --users $(LOAD_USERS) --seconds $(LOAD_SECONDS)

worker: migrate
	@bash scripts/install-system-deps.sh || echo "  (LibreOffice not installed: issued papers get no PDF)"
	@$(MAKE) --no-print-directory pdf-converter
	$(PY) manage.py db_worker

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-results
