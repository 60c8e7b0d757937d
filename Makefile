# Thi đua – Khen thưởng: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist processes for `make test`: one per core by default (TEST_WORKERS=0 for one process). A transaction test
# puts the migrated content back after it empties the tables (tests/conftest.py), so files may run in any order:
# the conftest orders them longest first and --no-loadscope-reorder keeps xdist from re-sorting them by test count.
TEST_WORKERS ?= auto

.PHONY: run test e2e worker beat lint messages compilemessages migrate demo install clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	@# Translation catalogues merge entry by entry in git (tools/po.py merge; .gitattributes names the driver).
	@git config merge.po.driver "$(PY) tools/po.py merge %O %A %B" 2>/dev/null || true
	@touch $(STAMP)

install: $(STAMP)

compilemessages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=staticfiles -v 0

migrate: install compilemessages
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py load_demo

## Start the app on http://127.0.0.1:8000 with the demo data (SQLite, tasks in-process).
run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ — log in with one of the demo logins above."
	$(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (PostgreSQL and Redis when DATABASE_URL and CELERY_BROKER_URL are set).
test: compilemessages
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

## Only the browser journeys (Playwright driving Debian's Chromium).
e2e: compilemessages
	$(PY) -m pytest tests/e2e -p no:cacheprovider

## A Celery worker for the configured broker (CELERY_BROKER_URL).
worker: install
	$(VENV)/bin/celery -A config worker -Q default,reports,imports -l info --concurrency 2

beat: install
	$(VENV)/bin/celery -A config beat -l info

lint: install
	$(VENV)/bin/ruff check .

## Refresh the translation catalogues after changing user-facing strings.
messages: install
	$(PY) manage.py makemessages -l vi --ignore=.venv --ignore=staticfiles --ignore=bench --ignore=tests --ignore=tools --no-obsolete

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
