# One source, four outputs. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDEXPANSION:
MAKEFLAGS += --no-builtin-rules

VENV  := .venv
PY    := $(VENV)/bin/python
SETUP := $(VENV)/.setup-done
PAPER ?= a4
export SOURCE_DATE_EPOCH ?= 0

DOCS    := $(patsubst documents/%/document.xml,%,$(wildcard documents/*/document.xml))
FORMATS := $(filter html pdf epub docx,$(basename $(notdir $(wildcard pipeline/writers/*.py))))
OUT_html := build/%/html/index.html
OUT_pdf  := build/%/%.pdf
OUT_epub := build/%/%.epub
OUT_docx := build/%/%.docx
OUTPUTS := $(foreach f,$(FORMATS),$(foreach d,$(DOCS),$(subst %,$d,$(OUT_$f))))

# What each output depends on: its source, the shared code, its writer and its own templates.
CORE      := $(filter-out pipeline/cli.py,$(wildcard pipeline/*.py)) pipeline/writers/__init__.py
DEPS_html := pipeline/writers/html.py pipeline/writers/htmlparts.py templates/labels.json $(wildcard templates/html/*)
DEPS_pdf  := $(wildcard pipeline/writers/pdf*.py) pipeline/writers/printhtml.py pipeline/writers/htmlparts.py templates/labels.json $(wildcard templates/pdf/*)
DEPS_epub := pipeline/writers/epub.py pipeline/writers/epubhtml.py pipeline/writers/htmlparts.py templates/labels.json $(wildcard templates/epub/*)
DEPS_docx := pipeline/writers/docx.py pipeline/writers/docx_ast.py $(wildcard templates/docx/*)
SOURCE     = documents/$$(firstword $$(subst /, ,$$*))/document.xml

.PHONY: all setup validate test check verify release accept fuzz clean help pdfa

all: $(OUTPUTS) ## Set up, then validate and build every document in every format into build/

setup: $(SETUP) ## Install what is missing: Debian packages, .venv, npm validators

$(SETUP): scripts/setup pyproject.toml package.json package-lock.json
	scripts/setup
	touch $@

validate: $(SETUP) ## Check every document against the AKN 3.0 schema and the project's rules
	$(PY) -m pipeline validate documents/*/document.xml

build/%/html/index.html: $(SOURCE) $(CORE) $(DEPS_html) | $(SETUP)
	$(PY) -m pipeline build $< --to html -o $(@D)

build/%.pdfa.pdf: $(SOURCE) $(CORE) $(DEPS_pdf) | $(SETUP)
	$(PY) -m pipeline build $< --to pdf --variant pdfa --paper $(PAPER) -o $@

build/%.pdf: $(SOURCE) $(CORE) $(DEPS_pdf) | $(SETUP)
	$(PY) -m pipeline build $< --to pdf --paper $(PAPER) -o $@

build/%.epub: $(SOURCE) $(CORE) $(DEPS_epub) | $(SETUP)
	$(PY) -m pipeline build $< --to epub -o $@

build/%.docx: $(SOURCE) $(CORE) $(DEPS_docx) | $(SETUP)
	$(PY) -m pipeline build $< --to docx -o $@

pdfa: $(foreach d,$(DOCS),build/$d/$d.pdfa.pdf) ## Build the PDF/A-2u variant of every document, for archives and printers

test: $(SETUP) ## Set up, then run the whole test suite
	$(PY) -m pytest

check: $(OUTPUTS) ## Run every validator on what was built; one table, document x format x check
	$(PY) -m pipeline.checks

verify: $(OUTPUTS) ## Content parity: every text unit of each source in each edition, in order, once
	$(PY) -m pipeline.verify

release: $(OUTPUTS) ## Release folders with checksums and a manifest: make release VERSION=x.y.z
	@test -n "$(VERSION)" || { echo "release: error: give a version: make release VERSION=x.y.z" >&2; exit 2; }
	$(PY) -m pipeline.verify
	$(PY) -m pipeline.release $(VERSION)

accept: $(SETUP) ## Accept the current outputs of tests/cases/ as the new goldens (review the diff first)
	ACCEPT_GOLDEN=1 $(PY) -m pytest -q -k golden
	git status --short tests/golden

fuzz: $(SETUP) ## A longer mutation-fuzzing campaign than make test runs (FUZZ_CASES=5000)
	FUZZ_CASES=$${FUZZ_CASES:-5000} $(PY) -m pytest -q -s tests/test_fuzz.py

clean: ## Remove build/
	rm -rf build

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-zA-Z_-]+):.*## (.*)/  \1\t\2/' | expand -t 14
