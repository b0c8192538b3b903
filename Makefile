# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
CINELAKE := $(BIN)/cinelake
SAMPLE_DIR ?= data/sample
SAMPLE_TITLES ?= 2000
# Days of sample loads `make run` lands (DIR/YYYY-MM-DD/*.csv, one landed late).
SAMPLE_DAYS ?= 3
INGEST_FLAGS ?=

export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DBT_PROFILES_DIR := $(CURDIR)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help setup browser image-tools image java spark dashboard report run lake-up lake-down sample ingest build enrich docs docs-site docs-site-serve test test-quick lint bench-ingest bench-build bench-daily bench-spark orchestrate clean

# $(call debian_program,PROGRAM,PACKAGE): install Debian's PACKAGE when PROGRAM is not on
# PATH. Every system program the tests or the pipeline need comes through here, so a
# fresh machine gets it from the project's own files, never from a hand install.
define debian_program
	@if command -v $(1) >/dev/null 2>&1; then \
		echo "$(1): $$(command -v $(1))"; \
	elif [ "$$(id -u)" -ne 0 ]; then \
		echo "make $@: $(1) is missing and installing Debian's $(2) needs root: run 'sudo make $@'" >&2; \
		exit 1; \
	else \
		echo "make $@: installing Debian's $(2) (for $(1))"; \
		apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
		command -v $(1) >/dev/null || { echo "make $@: $(2) installed no $(1)" >&2; exit 1; }; \
	fi
endef

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml tools/pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "cinelake needs Python 3.11 or newer (PYTHON=$(PYTHON))" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@# the product, and beside it the tools (sample data, benchmarks): tools/pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev,spark]' -e ./tools
	$(CINELAKE) setup
	touch $@

setup: $(BIN)/.installed ## create .venv and install everything (pinned, offline-safe)

# The program the browser tests drive (/usr/bin/chromium).
BROWSER ?= chromium

browser: ## install Debian's Chromium for the browser tests, when missing (needs root)
	$(call debian_program,$(BROWSER),chromium)

# The container image is built and checked with podman (no Docker daemon needed) on a
# Debian base that mmdebstrap makes from Debian's packages (no Docker Hub needed).
image-tools: ## install Debian's podman and mmdebstrap, when missing (needs root)
	$(call debian_program,podman,podman)
	$(call debian_program,mmdebstrap,mmdebstrap)

image: image-tools lake-up ## build the container image offline, run the sample in it, scan it
	$(CINELAKE) image

# Spark (dbt-spark, PySpark in-process) needs a Java runtime: Debian's OpenJDK 17.
java: ## install Debian's OpenJDK 17 for Spark, when no java is on PATH (needs root)
	$(call debian_program,java,openjdk-17-jre-headless)

spark: setup java ## everything `CINELAKE_ENGINE=spark make build` needs: the spark extra and Java

lake-up: setup ## start the local S3 lake (SeaweedFS on 127.0.0.1)
	$(CINELAKE) lake up

lake-down: setup ## stop the local lake
	$(CINELAKE) lake down

sample: setup ## generate $(SAMPLE_DAYS) days of sample movies.csv and series.csv into $(SAMPLE_DIR)
	$(CINELAKE) sample --titles $(SAMPLE_TITLES) --days $(SAMPLE_DAYS) --out $(SAMPLE_DIR) --tmdb-bodies

# What `cinelake run` works on: your own files (make run MOVIES_CSV=path/movies.csv
# SERIES_CSV=path/series.csv), else the generated sample of $(SAMPLE_DAYS) days.
RUN_FLAGS = --sample-dir $(SAMPLE_DIR) --titles $(SAMPLE_TITLES) --days $(SAMPLE_DAYS) \
	$${MOVIES_CSV:+--movies "$$MOVIES_CSV"} $${SERIES_CSV:+--series "$$SERIES_CSV"} $(INGEST_FLAGS)

ingest: setup ## land the CSVs in the Raw zone (sample data unless MOVIES_CSV/SERIES_CSV)
	$(CINELAKE) run --step ingest $(RUN_FLAGS)

# CINELAKE_ENGINE=spark: the same models on Spark, through the local mirror of the lake.
build: setup ## the daily build: what new Raw files or changed models call for, with their tests
	@if [ "$${CINELAKE_ENGINE:-duckdb}" = spark ]; then $(MAKE) --no-print-directory java; fi
	$(CINELAKE) build

# With the sample (no MOVIES_CSV/SERIES_CSV) and no TMDB key, the sample's own TMDB
# bodies are served on 127.0.0.1 (the log says so in one line); with a key set
# (TMDB_READ_TOKEN or TMDB_API_KEY, in the environment or .env) the real API is called.
enrich: setup ## TMDB details of the focus titles not yet landed, then build what they change
	$(CINELAKE) run --step enrich $(RUN_FLAGS)

run: lake-up ## the whole pipeline on the local lake: ingest, build, enrich, build
	$(CINELAKE) run $(RUN_FLAGS)

# Dagster's instance (runs, schedules, sensor cursors) is SQLite in .lake/dagster
# (DAGSTER_HOME); the inbox it watches is CINELAKE_INBOX (default: the sample, data/sample).
orchestrate: lake-up ## the Dagster UI and daemon on http://127.0.0.1:3000: daily loads, builds, backfills
	$(CINELAKE) orchestrate dev

dashboard: lake-up ## serve the dashboard on http://127.0.0.1:8501
	$(CINELAKE) dashboard

report: lake-up ## write the static HTML report into report/
	$(CINELAKE) report --out report

docs: lake-up ## generate the dbt docs and serve them on http://127.0.0.1:8080
	$(BIN)/dbt docs generate
	$(BIN)/dbt docs serve --host 127.0.0.1 --port 8080 --no-browser

# The project's docs site (MkDocs + Material, docs/ and mkdocs.yml). --strict: a broken
# link or anchor, or a page left out of the nav, fails the build. It loads nothing from
# the network, so site/index.html reads the same from file:// or offline.
MKDOCS := NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs

docs-site: setup ## build the docs site into site/ (offline, --strict)
	$(MKDOCS) build --strict --site-dir site

docs-site-serve: setup ## serve the docs site on http://127.0.0.1:8000, rebuilt on every edit
	$(MKDOCS) serve --strict --dev-addr 127.0.0.1:8000

# SQLFluff compiles the models with the dbt templater against an in-memory DuckDB.
lint: setup ## ruff and SQLFluff
	$(BIN)/ruff check ingest cinelake tools tests models
	$(BIN)/ruff format --check ingest cinelake tools tests models
	@# no lake needed: an in-memory warehouse and no Iceberg catalog (its secret fetches a
	@# token when a connection opens)
	CINELAKE_WAREHOUSE=:memory: CINELAKE_CATALOG=none DBT_TARGET_PATH=$(CURDIR)/target/lint \
		$(BIN)/sqlfluff lint models tests/singular

test: lint docs-site browser image-tools java ## lint, the docs site, then the whole test suite (starts its own lake)
	$(BIN)/pytest --durations=15

# The inner loop: no Spark, image or browser test, so no Java, podman or Chromium needed;
# still the real lake, ingest, dbt builds on small fixtures, write-audit-publish, the CLI.
QUICK := not spark and not image and not browser and not slow

test-quick: setup ## the fast subset: unit and model tests on small fixtures (no Spark, image, browser)
	$(BIN)/pytest -m "$(QUICK)" --durations=10

bench-ingest: lake-up ## land a real-scale generated movies.csv; compare with plain boto3
	$(CINELAKE) bench ingest

bench-build: lake-up ## dbt build on real-scale sample data; compare with a bare DuckDB scan
	$(CINELAKE) bench build

bench-spark: lake-up java ## the build on Spark local[1] and local[2] against DuckDB, 1x and 10x
	$(CINELAKE) bench spark

bench-daily: lake-up ## daily builds: no new data, a new day on 1/5/20 days of history, 1x and 10x
	$(CINELAKE) bench daily

.PHONY: bench-orchestrate
bench-orchestrate: lake-up ## two daily runs under Dagster against cinelake's own steps; the UI's memory
	$(CINELAKE) bench orchestrate

.PHONY: bench-enrich
bench-enrich: lake-up ## TMDB enrichment of 2,000 and 10,000 ids against the fake TMDB: rate, memory
	$(CINELAKE) bench enrich

clean: ## remove generated data and build output (keeps .venv; stop the lake first)
	rm -rf target logs data .lake/bench
