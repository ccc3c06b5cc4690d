# The two commands a reader needs: `make book` and `make test`. Both set up what they need.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
READY_TEST := $(VENV)/.ready-test
READY_LAB := $(VENV)/.ready-lab
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
BUILD_FLAGS := -W -n --keep-going

.PHONY: setup setup-test browser book pdf test test-core verify notebooks lint clean bench lab mutation

# Three lock files, generated from pyproject.toml's dependencies (CONTRIBUTING.md says how):
# requirements.txt to read (build) the book, requirements-test.txt to test it,
# requirements-lab.txt to open the notebooks in JupyterLab.
$(READY): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	touch $@

$(READY_TEST): $(READY) requirements-test.txt
	$(PIP) -r requirements-test.txt
	touch $@

$(READY_LAB): $(READY) requirements-lab.txt
	$(PIP) -r requirements-lab.txt
	touch $@

## setup: create .venv from the pinned requirements (only when they change). A .venv copied
## with another checkout (cp -a) runs that checkout's package and scripts: it is recreated.
setup: $(READY)
	@$(BIN)/python -I tooling/venv_home.py "$(CURDIR)" || { \
	  echo "setup: recreating $(VENV) for $(CURDIR)" >&2; \
	  rm -rf $(VENV) && $(MAKE) --no-print-directory $(READY); }

## setup-test: setup, plus what the tests need (pytest, nbval, Playwright, ruff, ...)
setup-test: setup $(READY_TEST)

## verify: check seeds, registry, ledger, exclusions, coverage and every data file (seconds)
verify: setup
	$(BIN)/python -m sahel.evidence.verify

## book: execute every notebook fresh (in parallel) and build the HTML book into _build/html;
## built in a scratch folder, _build/html is replaced only if the build succeeds (tooling/build.py)
book: setup
	$(BIN)/python -m tooling.build

## browser: the system Chromium (browser tests, PDF) and poppler-utils (pdftotext, pdftoppm)
## (installed with apt as root or through sudo; otherwise says what an administrator must run)
BROWSER_PACKAGES := chromium poppler-utils
APT_INSTALL := apt-get update && env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(BROWSER_PACKAGES)
browser:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || { \
	  if [ "$$(id -u)" -eq 0 ]; then sh -c '$(APT_INSTALL)'; \
	  elif command -v sudo >/dev/null; then sudo sh -c '$(APT_INSTALL)'; \
	  else \
	    echo "browser: chromium and/or pdftoppm are missing, and installing them needs root."; \
	    echo "  Debian packages: $(BROWSER_PACKAGES)"; \
	    echo "  An administrator must run:  sh -c '$(APT_INSTALL)'"; \
	    echo "  Meanwhile 'make test-core' runs every test except the browser and PDF ones"; \
	    echo "  (NOT the full suite: 'make test' must still pass before a change is done)."; \
	    exit 1; \
	  fi; }

## pdf: the book as one HTML page (_build/print), printed by Chromium to _build/pdf/report.pdf;
## built and printed beside the last good ones, which are replaced only on success
pdf: setup browser
	$(BIN)/python -m tooling.pdf

## test: unit tests, nbval (strict) on the committed notebooks, build, browser and PDF checks
test: setup-test browser verify
	$(BIN)/python -m pytest

## test-core: every test except the browser and PDF ones, for machines without Chromium.
## NOT the full suite: make test must pass before a change is done.
BROWSER_TESTS := tests/test_browser.py tests/test_browser_checks.py tests/test_pdf.py
test-core: setup-test verify
	@echo "test-core: skipping $(BROWSER_TESTS): this is not the full suite (make test is)"
	$(BIN)/python -m pytest $(addprefix --ignore=,$(BROWSER_TESTS))

## notebooks: re-execute the notebooks in place (commit the outputs afterwards)
notebooks: setup
	$(BIN)/python -m tooling.notebooks

## bench: measure build, rebuild, test and corpus-scaling cost into bench/results.json + README.md
bench: setup-test
	$(BIN)/python -m bench.run

## mutation: mutmut over sahel/evidence, sahel/chapters and tooling/evidence_links.py with the
## fast tests (setup.cfg); writes bench/mutation.json (score, survivors), which make bench reports.
## Long: MUTANTS='sahel.chapters.reconciliation.*' runs a subset.
MUTANTS ?=
mutation: setup-test
	$(PIP) -r requirements-dev.txt
	$(BIN)/python -m bench.mutation $(MUTANTS)

lint: setup-test
	$(BIN)/ruff check sahel tooling tests bench notebooks

## lab: JupyterLab on notebooks/ with the book's kernel (.venv's Python); LAB_ARGS adds options
## (as root, as on CI and these machines, Jupyter needs --allow-root: added for root only)
LAB_ARGS ?=
lab: setup $(READY_LAB)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

clean:
	rm -rf _build
