# Sahifa: `make run` serves the demo newsroom, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
export PORT SITE_URL

.PHONY: install run proxy serve demo test test-sqlite test-postgres test-replica lint format check lock bench clean

$(VENV)/.installed: requirements.lock
	scripts/system-deps.sh run
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	touch $@

install: $(VENV)/.installed

# Page checkers for make test (package.json, pinned; package-lock.json):
# vnu-jar, axe-core, Lighthouse 12. No install scripts run: nothing may
# download at install or run time (vnu-jar's would fetch a Java).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Migrate, load the demo newsroom once, then run web server, task worker and
# scheduler, each restarted on its own if it dies (deploy/supervise.py;
# Ctrl-C stops all three).
run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py setup_site
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_renditions -v0
	$(PY) manage.py search_rebuild --if-stale -v0
	$(PY) manage.py rebuild_related --if-stale -v0
	$(PY) manage.py site_banner > var/banner.txt
	$(PY) deploy/supervise.py Procfile --ready http://127.0.0.1:$(PORT)/healthz --banner var/banner.txt

# The shipped nginx page cache (deploy/nginx/) on PROXY_PORT in front of
# `make run` on PORT; config, cache and logs under var/proxy/.
PROXY_PORT ?= 8080
export PROXY_PORT
proxy: install
	scripts/system-deps.sh proxy
	$(PY) deploy/proxy.py

test: install
	scripts/system-deps.sh test
	$(MAKE) node_modules/.installed
	$(MAKE) lint check
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) test-replica

test-sqlite:
	$(VENV)/bin/pytest

test-postgres:
	scripts/with-postgres.sh $(VENV)/bin/pytest

# Reader reads routed to a streaming replica (two local clusters).
test-replica:
	scripts/with-postgres-replica.sh $(VENV)/bin/pytest sahifa/tests/test_replica.py

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check:
	mkdir -p var
	DJANGO_SETTINGS_MODULE=sahifa.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=sahifa.settings.test $(PY) manage.py makemigrations --check --dry-run

# Regenerate the lock file from pyproject.toml in a fresh virtualenv.
lock:
	rm -rf /tmp/sahifa-lock && $(PYTHON) -m venv /tmp/sahifa-lock
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	  print("\n".join(p["dependencies"] + [d for g in p["optional-dependencies"].values() for d in g]))' \
	  > /tmp/sahifa-lock/direct.txt
	/tmp/sahifa-lock/bin/pip install -q -r /tmp/sahifa-lock/direct.txt
	{ echo "# Exact versions of everything .venv holds (runtime, test and dev tools)."; \
	  echo "# Regenerate with \`make lock\` after changing pyproject.toml."; \
	  /tmp/sahifa-lock/bin/pip freeze | sort -f; } > requirements.lock

# Benchmarks are long and load the machine: run them one at a time, e.g.
# `.venv/bin/python bench/search_relevance.py`. This lists them.
bench:
	@for b in bench/*.py; do printf '%-32s %s\n' "$$b" "$$($(PY) -c 'import ast,sys; print((ast.get_docstring(ast.parse(open(sys.argv[1]).read())) or "").splitlines()[0])' $$b)"; done

clean:
	rm -rf var .venv
