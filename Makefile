# The two commands a reader needs: `make book` and `make test`. Both set up what they need.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
BUILD_FLAGS := -W -n --keep-going

.PHONY: setup browser book pdf test notebooks lint clean bench

$(READY): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## setup: create .venv from the pinned requirements (only when they change)
setup: $(READY)

## book: execute every notebook fresh (in parallel) and build the HTML book into _build/html;
## built in a scratch folder, _build/html is replaced only if the build succeeds (tooling/build.py)
book: setup
	$(BIN)/python -m tooling.build

## browser: the system Chromium (browser tests, PDF) and poppler-utils (pdftotext, pdftoppm)
browser:
	command -v chromium >/dev/null && command -v pdftoppm >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y --no-install-recommends chromium poppler-utils; }

## pdf: the book as one HTML page (_build/print), printed by Chromium to _build/pdf/report.pdf
pdf: setup browser
	rm -rf _build/print _build/pdf
	$(BIN)/python -m tooling.pdf

## test: unit tests, nbval (strict) on the committed notebooks, build, browser and PDF checks
test: setup browser
	$(BIN)/python -m pytest

## notebooks: re-execute the notebooks in place (commit the outputs afterwards)
notebooks: setup
	$(BIN)/python -m tooling.notebooks

## bench: measure build, rebuild, test and corpus-scaling cost into bench/results.json + README.md
bench: setup
	$(BIN)/python -m bench.run

lint: setup
	$(BIN)/ruff check sahel tooling tests bench notebooks

clean:
	rm -rf _build
