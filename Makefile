# Sahifa: `make run` serves the demo newsroom, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
export PORT SITE_URL

.PHONY: install run serve demo test test-sqlite test-postgres lint format check lock bench clean

$(VENV)/.installed: requirements.lock
	scripts/system-deps.sh run
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	touch $@

install: $(VENV)/.installed

# Migrate, load the demo newsroom once, then run web server, task worker and
# scheduler in one process group (Ctrl-C stops all three).
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py setup_site
	$(PY) manage.py load_demo
	$(VENV)/bin/honcho start -f Procfile -p $(PORT)

test: install
	scripts/system-deps.sh test
	$(MAKE) lint check
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite:
	$(VENV)/bin/pytest

test-postgres:
	scripts/with-postgres.sh $(VENV)/bin/pytest

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check:
	DJANGO_SETTINGS_MODULE=sahifa.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=sahifa.settings.test $(PY) manage.py makemigrations --check --dry-run

# Regenerate the lock file from pyproject.toml in a fresh virtualenv.
lock:
	rm -rf /tmp/sahifa-lock && $(PYTHON) -m venv /tmp/sahifa-lock
	/tmp/sahifa-lock/bin/pip install -q ".[test,dev]"
	/tmp/sahifa-lock/bin/pip freeze --exclude sahifa > requirements.lock

bench:
	@ls bench/*.py >/dev/null 2>&1 && for b in bench/*.py; do $(PY) $$b; done || echo "no benchmarks yet"

clean:
	rm -rf var .venv
