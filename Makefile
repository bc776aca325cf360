# RBM: two commands for a newcomer (`make run`, `make test`); `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run serve demo migrate test lint format worker beat backup restore bench bench-large messages clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt scripts/install.sh
	@PYTHON=$(PYTHON) bash scripts/install.sh
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install everything the app and its tests need

migrate: install ## Apply database migrations (reference data included)
	$(PY) manage.py migrate --noinput

demo: migrate ## Load the demo data from the seed documents (idempotent)
	$(PY) manage.py load_demo

run: demo ## Install, migrate, load demo data and serve on http://127.0.0.1:8000
	@bash scripts/run.sh

worker: install ## Run a Celery worker (needs CELERY_BROKER_URL or REDIS_URL)
	$(VENV)/bin/celery -A rbm worker --loglevel=INFO

beat: install ## Run the Celery scheduler for periodic jobs
	$(VENV)/bin/celery -A rbm beat --loglevel=INFO

backup: install ## Archive the database and the media files into BACKUP_DIR (default backup-archives/)
	$(PY) manage.py backup

restore: install ## Replace the database and media files with a backup: make restore FILE=backup-archives/rbm-backup-....tar.gz
	@test -n "$(FILE)" || (echo "Name the archive: make restore FILE=path/to/rbm-backup-....tar.gz" && exit 2)
	$(PY) manage.py restore "$(FILE)"
	$(PY) manage.py migrate --noinput

# The Django of requirements.txt (e.g. 5.2), the version django-upgrade writes for.
DJANGO_VERSION := $(shell sed -n 's/^Django==\([0-9]*\.[0-9]*\).*/\1/p' requirements.txt)
PYTHON_FILES := find . -name '*.py' -not -path './.venv/*' -not -path './node_modules/*' -not -path './staticfiles/*' \
	-not -path './media/*' -print0

lint: install ## The pre-commit checks: ruff, ruff format, django-upgrade, djLint, mypy; then makemigrations --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTHON_FILES) | xargs -0 $(VENV)/bin/django-upgrade --target-version $(DJANGO_VERSION) --check
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

format: install ## Format and fix the code with ruff and django-upgrade
	$(PYTHON_FILES) | xargs -0 $(VENV)/bin/django-upgrade --target-version $(DJANGO_VERSION) --exit-zero-even-if-changed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: lint ## Lint, then the whole suite on SQLite and again on PostgreSQL
	@bash scripts/test.sh

bench: install ## Benchmarks at scales 1 and 10 against the local PostgreSQL (table + bench/results.json)
	$(PY) bench/run.py --scales 1,10

bench-large: install ## Counts, pages, exports and load at scale 100 (about 2.5 million results; slow) into bench/results-large.json
	$(PY) bench/run.py --scales 100 --only counts,pages,export,load --out bench/results-large.json

messages: install ## Update the French and Spanish message catalogues (needs gettext: apt-get install gettext)
	$(PY) manage.py makemessages -l fr -l es --no-wrap --no-obsolete --ignore=.venv --ignore=node_modules --ignore=test-artifacts \
		--ignore=staticfiles --ignore=media --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

clean: ## Remove the virtualenv, local database and generated files
	rm -rf $(VENV) db.sqlite3 staticfiles media .pytest_cache .ruff_cache .mypy_cache
