# BiMediX Desktop — developer entry points. `make run` and `make test` set
# everything up on first use (see tools/setup.sh).
LLAMA_CPP_VERSION = 0.3.36
VENV ?= .venv
# One stamp per llama.cpp build flavour: `LLAMA_NATIVE=1 make run` after a
# portable set-up (or the reverse) reinstalls the matching build.
LLAMA_FLAVOUR := $(if $(filter 1,$(LLAMA_NATIVE)),native,portable)
STAMP := $(VENV)/.bimedix-installed-$(LLAMA_FLAVOUR)

.PHONY: run test bench lint clean setup translations bundle bundle-test dist dist-test

$(STAMP): pyproject.toml tools/setup.sh Makefile requirements/default-model.txt
	VENV=$(VENV) LLAMA_NATIVE=$(LLAMA_NATIVE) tools/setup.sh
	rm -f $(VENV)/.bimedix-installed-*
	touch $@

TS_FILES := $(wildcard app/gui/translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

# Compiled Qt translations (git-ignored), rebuilt whenever a .ts changes.
%.qm: %.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

setup: $(STAMP) $(QM_FILES)

run: $(STAMP) $(QM_FILES)
	$(VENV)/bin/bimedix-desktop $(ARGS)

test: $(STAMP) $(QM_FILES)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check app models training tests bench tools

translations: $(STAMP)
	$(VENV)/bin/python tools/translations.py update

# --- desktop bundle and distributions (issue 9; README "Desktop bundle") ---
# PyInstaller and build come from the [bundle] extra, installed on first use
# only: `make test` does not need them.
BUNDLE_TOOLS := $(VENV)/.bimedix-bundle-tools

$(BUNDLE_TOOLS): $(STAMP)
	$(VENV)/bin/pip install -q -e ".[bundle]"
	touch $@

bundle: $(BUNDLE_TOOLS) $(QM_FILES)
	VENV=$(VENV) packaging/build_bundle.sh

bundle-test: bundle
	dist/BiMediX/bimedix-desktop --smoke-test

dist: $(BUNDLE_TOOLS) $(QM_FILES)
	$(VENV)/bin/python -m build --outdir dist .

dist-test: $(BUNDLE_TOOLS) $(QM_FILES)
	VENV=$(VENV) packaging/wheel_smoke_test.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
