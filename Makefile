# BiMediX Desktop — developer entry points. `make run` and `make test` set
# everything up on first use (see tools/setup.sh).
LLAMA_CPP_VERSION = 0.3.36
VENV ?= .venv
STAMP := $(VENV)/.bimedix-installed

.PHONY: run test bench lint clean setup

$(STAMP): pyproject.toml tools/setup.sh Makefile
	VENV=$(VENV) tools/setup.sh
	touch $@

setup: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/bimedix-desktop $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check app tests bench

clean:
	rm -rf $(VENV) build *.egg-info
