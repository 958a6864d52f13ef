# The two commands of the README, and what they build on.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test install install-test system-deps lint typecheck check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

## Install and start the platform with demo data on http://127.0.0.1:$(PORT)/
demo: install
	$(BIN)/cchc demo --port $(PORT)

install-test: $(BIN)/python system-deps
	$(BIN)/pip install --quiet -e '.[test]'

## Chromium for the browser tests, LibreOffice to open exported documents as a user would,
## poppler for PDF text (Debian packages; needs root or sudo).
SYSTEM_PACKAGES := chromium fonts-liberation2 libreoffice-writer-nogui poppler-utils
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 \
	   || ! command -v pdftotext >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    $(SYSTEM_PACKAGES) >/dev/null; \
	fi

## Install the test dependencies and run the whole test suite.
test: install-test
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check cchc tests bench
	$(BIN)/ruff format --check cchc tests bench

typecheck: install-test
	$(BIN)/mypy cchc

check: lint typecheck test
