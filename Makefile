# Set-up and everyday commands. `make run` and `make test` are the README's two set-up commands.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test install install-test sample bench clean

PORT   ?= 8501

run: install  ## install, load the sample knowledge base if empty, start the app on :$(PORT) (make run PORT=8600)
	$(BIN)/studio serve --port $(PORT)

test: install-test  ## install with test extras and run the whole suite
	$(BIN)/python -m pytest

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

sample: install  ## ingest the sample knowledge base into an empty store
	$(BIN)/studio sample

bench: install-test  ## retrieval benchmark (figures only, never pass/fail)
	$(BIN)/python bench/retrieval.py

clean:
	rm -rf $(VENV) data .pytest_cache
