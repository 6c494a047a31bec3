# Two commands a new machine needs: `make demo` and `make test`. Both create .venv from scratch when absent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# Answers must not depend on the machine's tz database: zoneinfo reads only the pinned tzdata package.
export PYTHONTZPATH :=
# mkdocs-material prints a banner about MkDocs 2 on every build; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

.PHONY: demo test lint typecheck pytest docs bench fuzz mutation clean browser postgres shells

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

EXAMPLE := examples/northwind
DEMO_NOW := 2026-11-23T08:00:00Z

# The example's data files and policies are named in its project file, $(EXAMPLE)/teamcore.toml.
demo: $(STAMP)
	@mkdir -p build
	$(BIN)/teamcore report --config $(EXAMPLE)/teamcore.toml --now $(DEMO_NOW) \
	  --html build/report.html --json build/report.json
	@echo "HTML report: build/report.html   JSON: build/report.json"

lint: $(STAMP)
	$(BIN)/ruff check src tests typing_tests fuzz mutation benchmarks examples docs
	$(BIN)/ruff format --check src tests typing_tests fuzz mutation benchmarks examples docs

typecheck: $(STAMP)
	$(BIN)/mypy
	# typing_tests/ is only type-checked, never run: assert_type cases over the public API.
	$(BIN)/mypy typing_tests
	$(BIN)/mypy --strict fuzz mutation

# The HTML report is tested in a real browser: Debian's chromium, installed here when absent (needs root and apt).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "warning: chromium could not be installed; the browser tests will be skipped"

# The django-helpdesk connector is tested against a throw-away PostgreSQL server started from Debian's server
# binaries (initdb, pg_ctl), installed here when absent (needs root and apt); the test starts and stops its own.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || \
	  echo "warning: postgresql could not be installed; the PostgreSQL connector test will be skipped"

# The completion scripts are checked by the shells themselves (zsh -n, fish --no-execute, real completions).
shells:
	@(command -v zsh >/dev/null 2>&1 && command -v fish >/dev/null 2>&1) || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zsh fish >/dev/null) || \
	  echo "warning: zsh and fish could not be installed; their completion tests will be skipped"

pytest: $(STAMP) browser postgres shells
	$(BIN)/pytest --cov --cov-report=term

test: lint typecheck pytest docs

docs: $(STAMP) browser
	$(BIN)/mkdocs build --strict

# Long fuzzing run over every loader and constructor (not in make test, which runs a bounded share of it).
FUZZ_INPUTS ?= 100000
fuzz: $(STAMP)
	$(BIN)/python -m fuzz --inputs $(FUZZ_INPUTS)

# Mutation testing of the core modules, each with only its own tests (not in make test: about an hour on 2 cores).
# One module: make mutation MUTATION_ARGS="--only intervals". Scores and survivors: docs/mutation.md.
MUTATION_ARGS ?=
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,docs,mutation]'
	$(BIN)/python -m mutation $(MUTATION_ARGS)

bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) site build .pytest_cache .mypy_cache .ruff_cache .coverage
