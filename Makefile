# Laget — one command to run, one to test. The Makefile owns its virtual environment.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?= -n 2
export SITE_URL ?= http://127.0.0.1:$(PORT)
export DJANGO_SETTINGS_MODULE ?= laget.settings

.PHONY: run test lint fmt bench screenshots install clean worker messages serve backup restore

# The stamp files make re-runs fast: packages are reinstalled only when the pins change.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	@touch $@

install: $(VENV)/.installed node_modules/.installed laget/locale/.compiled
	@sh scripts/system-deps.sh

# The nynorsk and English catalogues are compiled in the build (.mo files are not committed).
laget/locale/.compiled: $(wildcard laget/locale/*/LC_MESSAGES/django.po) | $(VENV)/.installed
	@sh scripts/system-deps.sh
	cd laget && LAGET_DEMO=1 ../$(BIN)/python ../manage.py compilemessages -l nn -l en >/dev/null
	@touch $@

run: install
	LAGET_DEMO=1 $(BIN)/python manage.py migrate --noinput
	LAGET_DEMO=1 $(BIN)/python manage.py demo
	@echo "Starting the background worker and the web server on http://127.0.0.1:$(PORT)"
	LAGET_DEMO=1 $(BIN)/python manage.py deadlines_scan --schedule
	LAGET_DEMO=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	LAGET_DEMO=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(BIN)/python manage.py deadlines_scan --schedule
	$(BIN)/python manage.py db_worker

# Production (docs/operations.md): web (gunicorn) + worker + scheduler against PostgreSQL, configured by
# the environment file LAGET_ENV_FILE (default /etc/laget/laget.env; example deploy/laget.env.example).
serve: install
	deploy/laget-serve

backup: install
	deploy/laget-serve manage backup

# make restore BACKUP=/var/backups/laget/laget-20261129-020000 (into an empty database)
restore: install
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=<folder written by make backup>"; exit 2; }
	deploy/laget-serve manage restore "$(BACKUP)"

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark on PostgreSQL (own database, dropped and regenerated): BENCH_ARGS="--scale 0.02 --history 1,2"
# runs in a few minutes; the defaults are the municipality of docs/benchmarks.md. wrk is used when installed.
BENCH_ARGS ?= --scale 1 --history 1,10,100
bench: install
	nice -n 10 $(BIN)/python -m benchmarks.run $(BENCH_ARGS)

screenshots: install
	LAGET_SCREENSHOTS=screenshots $(BIN)/python -m pytest tests/browser -q

clean:
	rm -rf $(VENV) node_modules staticfiles

# Translations: bokmål is the source language (docs/decisions/0001); this refreshes the nynorsk and
# English catalogues from the code. New strings then need their translations before `make test` passes
# (tests/i18n/test_catalogues.py). The .mo files are compiled by `make install`.
messages: install
	cd laget && LAGET_DEMO=1 ../$(BIN)/python ../manage.py makemessages -l nn -l en --no-obsolete --no-location
	cd laget && LAGET_DEMO=1 ../$(BIN)/python ../manage.py compilemessages -l nn -l en
