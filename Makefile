# The two commands of the README: `make run` (serve the app) and `make test` (the whole suite).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# make test spreads the suite over this many pytest-xdist processes (auto: one a CPU);
# TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= auto

.PHONY: run test setup setup-dev migrate lint bench bench-postgres loadtest clean

$(VENV)/.python-ok:
	@python_bin=$$(bash scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$python_bin"; "$$python_bin" -m venv $(VENV); \
	fi
	@$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	@touch $@

$(VENV)/.runtime-installed: $(VENV)/.python-ok requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.runtime-installed

setup-dev: $(VENV)/.dev-installed

# Serve the app on its embedded defaults: SQLite, seeded exercises, http://127.0.0.1:8000,
# with the reminder loop beside it (reminder emails printed to the console). Ctrl-C stops both.
run: setup
	DEBUG=True $(PY) manage.py migrate --noinput
	@trap 'kill $$loop 2>/dev/null; wait $$loop 2>/dev/null' EXIT INT TERM; \
	DEBUG=True $(PY) manage.py send_reminders --loop & loop=$$!; \
	DEBUG=True $(PY) manage.py runserver $(HOST):$(PORT)

# The whole test suite, browser tests included (installs Debian's chromium if missing).
test: setup-dev
	bash scripts/ensure-chromium.sh
	$(PY) manage.py collectstatic --noinput -v0 --settings=ankleapp.test_settings
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

$(VENV)-lint/.installed: $(VENV)/.python-ok requirements-lint.txt
	$(PY) -m venv $(VENV)-lint
	$(VENV)-lint/bin/pip install -q --disable-pip-version-check -r requirements-lint.txt
	@touch $@

# Static checks CI runs beside the tests: ruff (lint and format), mypy with django-stubs,
# Dockerfile lint, security lint, dependency audit, migrations.
lint: setup-dev $(VENV)-lint/.installed
	$(VENV)-lint/bin/ruff check .
	$(VENV)-lint/bin/ruff format --check .
	$(PY) -m mypy
	$(VENV)-lint/bin/hadolint Dockerfile
	$(VENV)-lint/bin/bandit -q -r ankleapp accounts routines tracking portability reminders progress -x '*/migrations/*' --severity-level high
	bash scripts/audit-dependencies.sh $(VENV)-lint/bin/pip-audit
	DEBUG=True $(PY) manage.py makemigrations --check --dry-run

# Load and fault test: gunicorn on a fresh database, simulated runners, one worker SIGKILLed.
# Against a running deployment: LOADTEST_ARGS="--base-url URL --database-url URL".
loadtest: setup
	$(PY) loadtest/run.py $(LOADTEST_ARGS)

# Performance benchmark: wrk against gunicorn on loopback, about 2 minutes. On a fresh
# SQLite file; with DATABASE_URL set, on that (throwaway!) database instead.
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS)

# The same benchmark on a private, throwaway PostgreSQL (started, then stopped again). Its
# port is below Linux's ephemeral range (32768-60999): just after a benchmark, tens of
# thousands of loopback connections wait out TIME_WAIT on ports of that range, and one of
# them on the server's port stops it from listening ("Address already in use").
BENCH_PG := ANKLES_PG_DIR=$${ANKLES_PG_DIR:-/tmp/ankles-bench-pg} ANKLES_PG_PORT=$${ANKLES_PG_PORT:-15439}
bench-postgres: setup
	@url=$$($(BENCH_PG) bash scripts/postgres.sh) || exit 1; \
	DATABASE_URL=$$url $(PY) bench/run.py $(BENCH_ARGS); status=$$?; \
	$(BENCH_PG) bash scripts/postgres.sh stop; exit $$status

clean:
	rm -rf $(VENV) $(VENV)-lint staticfiles .pytest_cache .hypothesis
