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
# The print master's page count padded to a multiple of this (make print SIGNATURE=4 for saddle stitching),
# and the printer's own CMYK profile instead of the paper's standard condition (make print PRINTER_ICC=press.icc).
SIGNATURE ?=
PRINTER_ICC ?=
QUIET ?=
# Each build prints one line with its time ("  PDF   build/x/x.pdf  (2.1 s)"); QUIET=1 prints only problems.
# A source found valid is not validated again by its other editions: the schema's verdict is remembered in
# build/.schema-cache, by a digest of the source, the schema files and the validator (pipeline/schema.py).
# Each build goes to a warm worker of this make (pipeline/warm.py: one per job slot, gone when make ends), which
# pays Python's start and the engines' imports once; WARM=0 builds each output in its own process.
WARM ?= 1
BUILD = @PIPELINE_SCHEMA_CACHE=build/.schema-cache PIPELINE_WARM=$(if $(filter 0,$(WARM)),0,build/.warm) \
        $(PY) -m pipeline.warm build$(if $(QUIET), --quiet)
export SOURCE_DATE_EPOCH ?= 0
# The address the documents site is published at (make site SITE_URL=https://documents.example.org/): links between
# documents become absolute, so they work in an EPUB and a downloaded HTML edition too, and the feeds name it.
SITE_URL ?=
# The release a site or release belongs to (make site VERSION=1.2.0); the package's own version when not given.
VERSION ?=

SOURCES := $(wildcard documents/*/document.xml)
DOCS    := $(patsubst documents/%/document.xml,%,$(SOURCES))
# make SHARD=k/N builds the k-th of N balanced parts of the documents (pipeline/shard.py), with their print masters
# and the part's manifest, build/parts/k-of-N.json; make merge checks the parts gathered into one build/.
ifdef SHARD
DOCS := $(shell python3 -m pipeline.shard select '$(SHARD)' --documents documents)
ifneq ($(.SHELLSTATUS),0)
$(error SHARD=$(SHARD) cannot be built (the line above says why))
endif
PART := build/parts/$(subst /,-of-,$(SHARD)).json
endif
FORMATS := $(filter html pdf epub docx,$(basename $(notdir $(wildcard pipeline/writers/*.py))))
OUT_html := build/%/html/index.html
OUT_pdf  := build/%/%.pdf
OUT_epub := build/%/%.epub
OUT_docx := build/%/%.docx
OUTPUTS := $(foreach f,$(FORMATS),$(foreach d,$(DOCS),$(subst %,$d,$(OUT_$f))))
PRINTS  := $(foreach d,$(DOCS),build/$d/$d.print.pdf)

# What each output depends on: its source, the code that loads it, its writer, its own templates, and the
# options that change its bytes (a stamp per value, so switching PAPER or SOURCE_DATE_EPOCH rebuilds).
CORE      := $(addprefix pipeline/,__init__.py __main__.py cli.py errors.py limits.py safexml.py schema.py profile.py \
               ids.py kinds.py reader.py reader_meta.py reader_document.py model.py walk.py transforms.py loader.py \
               roles.py pictures.py versions.py output.py resources.py warm.py writers/__init__.py importer/__init__.py \
               importer/arguments.py)
EPOCH     := build/.options/epoch-$(SOURCE_DATE_EPOCH)
PAPER_SET := build/.options/paper-$(PAPER)
SIGNATURE_SET := build/.options/signature-$(or $(SIGNATURE),1)
DEPS_html := pipeline/collection.py pipeline/writers/html.py pipeline/writers/htmlparts.py templates/labels.json $(wildcard templates/html/*)
PRINT_CSS := $(wildcard templates/pdf/print-master*)
DEPS_pdf  := $(wildcard pipeline/writers/pdf*.py) pipeline/writers/printhtml.py pipeline/writers/htmlparts.py templates/labels.json $(filter-out $(PRINT_CSS),$(wildcard templates/pdf/*))
DEPS_epub := pipeline/collection.py pipeline/writers/epub.py pipeline/writers/epubhtml.py pipeline/writers/htmlparts.py templates/labels.json $(wildcard templates/epub/*)
DEPS_docx := pipeline/writers/docx.py pipeline/writers/docx_ast.py pipeline/process.py $(wildcard templates/docx/*)
# The print master: the PDF's dependencies, its own stylesheet and code, and the profile of the paper's printing
# condition (built once with Argyll into .cache/icc, which `make clean` keeps).
DEPS_print := $(DEPS_pdf) $(PRINT_CSS) pipeline/writers/printmaster.py pipeline/writers/print_finish.py \
               pipeline/checks/preflight.py pipeline/checks/pdfcontent.py pipeline/icc.py
ICC_a4     := FOGRA39
ICC_letter := CGATS-TR006
ICC        := $(or $(PRINTER_ICC),.cache/icc/$(ICC_$(PAPER)).icc)
ICC_SET    := build/.options/icc-$(subst /,_,$(ICC))
ICC_PROFILES := .cache/icc/$(ICC_a4).icc .cache/icc/$(ICC_letter).icc
SOURCE     = documents/$$(firstword $$(subst /, ,$$*))/document.xml
# The sources of a document's other language versions (documents/<name>.<lang>/, pipeline/versions.py), which the
# HTML edition links to: a translation added rebuilds the pages of the others.
VERSIONS   = $$(wildcard documents/$$(call base_of,$$*)/document.xml documents/$$(call base_of,$$*).*/document.xml)
base_of    = $(firstword $(subst ., ,$(firstword $(subst /, ,$(1)))))
# The other files of a document's folder: its pictures, which the editions carry.
PICTURES   = $$(filter-out %/document.xml,$$(wildcard documents/$$(firstword $$(subst /, ,$$*))/*))

.PHONY: all setup validate test check verify release accept fuzz bench bench-print mutate clean help pdfa print \
        preflight print-long import import-campaign bench-import corpus preview merge sums site bench-site FORCE

all: $(OUTPUTS) $(if $(SHARD),$(PRINTS) $(PART)) ## Set up, then validate and build every document in every format into build/ (SHARD=k/N: one part)

setup: $(SETUP) ## Install what is missing: Debian packages, .venv, npm validators

$(SETUP): scripts/setup pyproject.toml constraints.txt package.json package-lock.json
	scripts/setup
	touch $@

validate: $(SETUP) ## Check every document against the AKN 3.0 schema and the project's rules
	$(PY) -m pipeline validate documents/*/document.xml

# The collection (every document's name, language, symbol and FRBR URIs), which the HTML and EPUB editions link
# other documents by. It is brought up to date while make reads this file, and rewritten only when what it says
# changes (a document added or removed, a symbol or URI changed), so editing a document's text rebuilds only its
# own editions and a make with nothing to do still says so; the check runs only when a source is newer than the
# last one (build/.collection-checked).
COLLECTION := build/.collection.json
SITE_URL_SET := build/.options/site-url-$(shell printf '%s' '$(SITE_URL)' | cksum | cut -d' ' -f1)
ifneq ($(wildcard $(PY)),)
ifneq ($(if $(MAKECMDGOALS),$(filter-out help clean setup,$(MAKECMDGOALS)),all),)
ifneq ($(shell find documents $(SOURCES) pipeline/collection.py pipeline/reader_meta.py pipeline/versions.py -newer build/.collection-checked -print -quit 2>/dev/null || echo new),)
COLLECTION_CHECK := $(shell mkdir -p build && $(PY) -m pipeline.collection documents -o $(COLLECTION) >&2 && \
                            touch build/.collection-checked)
endif
endif
endif

$(COLLECTION): | $(SETUP)
	@$(PY) -m pipeline.collection documents -o $@

$(SITE_URL_SET):
	@mkdir -p $(@D) && rm -f $(@D)/site-url-* && touch $@

$(EPOCH):
	@mkdir -p $(@D) && rm -f $(@D)/epoch-* && touch $@

$(PAPER_SET):
	@mkdir -p $(@D) && rm -f $(@D)/paper-* && touch $@

$(SIGNATURE_SET):
	@mkdir -p $(@D) && rm -f $(@D)/signature-* && touch $@

$(ICC_SET):
	@mkdir -p $(@D) && rm -f $(@D)/icc-* && touch $@

.cache/icc/%.icc: pipeline/icc.py | $(SETUP)
	$(PY) -m pipeline.icc $* -o $@

LINKS = --collection $(COLLECTION)$(if $(SITE_URL), --site-url $(SITE_URL))

build/%/html/index.html: $(SOURCE) $(PICTURES) $(VERSIONS) $(CORE) $(DEPS_html) $(COLLECTION) $(SITE_URL_SET) $(EPOCH) | $(SETUP)
	$(BUILD) $< --to html $(LINKS) -o $(@D)

$(PRINTS): build/%.print.pdf: $(SOURCE) $(PICTURES) $(CORE) $(DEPS_print) $(ICC) $(ICC_SET) $(EPOCH) $(PAPER_SET) $(SIGNATURE_SET) | $(SETUP)
	$(BUILD) $< --to pdf --variant print --paper $(PAPER)$(if $(SIGNATURE), --signature $(SIGNATURE))$(if \
	  $(PRINTER_ICC), --icc $(PRINTER_ICC)) -o $@

build/%.pdfa.pdf: $(SOURCE) $(PICTURES) $(CORE) $(DEPS_pdf) $(EPOCH) $(PAPER_SET) | $(SETUP)
	$(BUILD) $< --to pdf --variant pdfa --paper $(PAPER) -o $@

build/%.pdf: $(SOURCE) $(PICTURES) $(CORE) $(DEPS_pdf) $(EPOCH) $(PAPER_SET) | $(SETUP)
	$(BUILD) $< --to pdf --paper $(PAPER) -o $@

build/%.epub: $(SOURCE) $(PICTURES) $(CORE) $(DEPS_epub) $(if $(SITE_URL),$(COLLECTION)) $(SITE_URL_SET) $(EPOCH) | $(SETUP)
	$(BUILD) $< --to epub $(if $(SITE_URL),$(LINKS)) -o $@

build/%.docx: $(SOURCE) $(PICTURES) $(CORE) $(DEPS_docx) $(EPOCH) | $(SETUP)
	$(BUILD) $< --to docx -o $@

# A part of a sharded build: its manifest, written when every output of the part is built.
# Rewritten by every make of the part (it is cheap): the part's documents can change without any output changing.
SHARD_OPTIONS = --option 'PAPER=$(PAPER)' --option 'SIGNATURE=$(SIGNATURE)' --option 'PRINTER_ICC=$(PRINTER_ICC)' \
                --option 'SITE_URL=$(SITE_URL)' --option 'SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)'
$(PART): $(OUTPUTS) $(PRINTS) FORCE
	python3 -m pipeline.shard manifest '$(SHARD)' $(SHARD_OPTIONS) -o $@

FORCE:

merge: $(SETUP) $(COLLECTION) $(SITE_URL_SET) $(EPOCH) $(PAPER_SET) $(SIGNATURE_SET) $(ICC_SET) $(ICC_PROFILES) ## Check the parts of a sharded build gathered in build/ (checksums, sources), write build/SHA256SUMS
	python3 -m pipeline.shard merge $(SHARD_OPTIONS)

sums: $(OUTPUTS) $(PRINTS) ## build/SHA256SUMS of every edition and print master (the same file make merge writes)
	python3 -m pipeline.shard sums

site: $(OUTPUTS) $(COLLECTION) | $(SETUP) ## The documents site in build/site/: index, a page per document, search, Atom and OPDS feeds (SITE_URL=, VERSION=)
	PIPELINE_SCHEMA_CACHE=build/.schema-cache $(PY) -m pipeline.site --collection $(COLLECTION) --out build/site$(if $(SITE_URL), --site-url $(SITE_URL))$(if $(VERSION), --version $(VERSION))

bench-site: $(SETUP) ## A generated corpus (6 languages, 2-50 pages; BENCH_COUNT=200): 1 part against 4, merge, site (about 15 s a document, twice)
	$(PY) -m scripts.bench.site --count $${BENCH_COUNT:-200}

pdfa: $(foreach d,$(DOCS),build/$d/$d.pdfa.pdf) ## Build the PDF/A-2u variant of every document, for archives

print: $(PRINTS) ## Build the printer's master of every document: PDF/X-4, bleed, crop marks (SIGNATURE=4: pad pages)

preflight: $(PRINTS) ## Preflight every print master (ISO 15930 checks with pikepdf); one table
	$(PY) -m pipeline.checks.preflight $(PRINTS)

print-long: $(SETUP) $(ICC_PROFILES) ## The print master of a 300-page generated document: preflight, footnotes, rectos (2 min)
	PIPELINE_PRINT_LONG=1 $(PY) -m pytest -q -s tests/test_print.py -k long

test: $(SETUP) $(ICC_PROFILES) ## Set up, then run the whole test suite
	$(PY) -m pytest

check: $(OUTPUTS) $(PRINTS) ## Run every validator and the preflight on what was built; one table, document x format x check
	$(PY) -m pipeline.checks

verify: $(OUTPUTS) $(PRINTS) ## Content parity: every text unit of each source in each edition, in order, once
	$(PY) -m pipeline.verify

release: $(OUTPUTS) $(PRINTS) ## Release folders with checksums and a manifest: make release VERSION=x.y.z
	@test -n "$(VERSION)" || { echo "release: error: give a version: make release VERSION=x.y.z" >&2; exit 2; }
	$(PY) -m pipeline.verify
	$(PY) -m pipeline.release $(VERSION)

accept: $(SETUP) ## Accept the current outputs of tests/cases/ as the new goldens (review the diff first)
	ACCEPT_GOLDEN=1 $(PY) -m pytest -q -k golden
	git status --short tests/golden

corpus: $(SETUP) ## Every real document of ../shared/corpora/akn in the four editions, with parity and every validator
	$(PY) -m scripts.corpus

fuzz: $(SETUP) ## A longer mutation-fuzzing campaign than make test runs (FUZZ_CASES=5000)
	FUZZ_CASES=$${FUZZ_CASES:-5000} $(PY) -m pytest -q -s tests/test_fuzz.py

bench: $(SETUP) ## Time each edition against WeasyPrint and pandoc alone, and make -j1/-j2 (BENCH_QUICK=1: no 500 pages)
	$(PY) -m scripts.bench

$(VENV)/.mutation-installed: pyproject.toml constraints.txt | $(SETUP)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[mutation]'
	touch $@

mutate: $(VENV)/.mutation-installed ## Mutation testing of the core modules, 20 mutants of each (about an hour; MUTATE_SAMPLE=0 for all): build/mutation/report.txt
	MUTATE_SAMPLE=$${MUTATE_SAMPLE-20} $(PY) -m scripts.mutate

bench-print: $(SETUP) $(ICC_PROFILES) ## Time the print master against the screen PDF: seed, specimen, 300 pages (4 min)
	$(PY) -m scripts.bench.printmaster

import: $(SETUP) ## A source from a Word draft: make import DOCX=draft.docx NAME=name [IMPORT_OPTIONS="--track-changes accept"]
	@test -n "$(DOCX)" -a -n "$(NAME)" || { echo "import: error: give the draft and the name: make import DOCX=draft.docx NAME=name" >&2; exit 2; }
	$(PY) -m pipeline import "$(DOCX)" -o "documents/$(NAME)/document.xml" $(IMPORT_OPTIONS)

import-campaign: $(SETUP) ## Longer import round trips than make test runs (IMPORT_EXAMPLES=300), and the corpus of Word files
	IMPORT_EXAMPLES=$${IMPORT_EXAMPLES:-300} $(PY) -m pytest -q tests/test_import_roundtrip.py tests/test_import_inputs.py
	$(PY) -m scripts.import_corpus

bench-import: $(SETUP) ## Import time of a 50-page Word draft (the generated document's DOCX edition) and of the seed
	$(PY) -m scripts.bench.importer

preview: $(SETUP) ## Serve a document's HTML edition on localhost, rebuilt as you edit: make preview DOC=name [PORT=8000]
	@test -n "$(DOC)" || { echo "preview: error: name the document: make preview DOC=name (a folder of documents/)" >&2; exit 2; }
	$(PY) -m pipeline preview "documents/$(DOC)/document.xml" --port $(or $(PORT),8000)

clean: ## Remove build/
	rm -rf build

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-zA-Z_-]+):.*## (.*)/  \1\t\2/' | expand -t 14
