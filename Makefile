# Bootstraps the environment, then hands over to tasks.py (invoke). See README.md.
#   make build   – set up .venv and build the site into output/
#   make test    – install everything the tests need and run the whole suite
#   make serve   – preview at http://127.0.0.1:8000 that reloads on save
#   make check   – check content and data; writes nothing
#   make publish – production build (SITEURL=… and TARGET=user@host:/path for rsync)
#   make new ARGS="page stuttgart/neue-seite" – scaffold a page in both languages
#   make clean   – remove output/ and caches
#   make benchmark – build time, memory and plugin share for a site of thousands of pages

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test serve check publish new clean translations system-deps benchmark

build: $(STAMP)
	$(BIN)/invoke build

test: $(STAMP)-test node_modules/.installed system-deps
	$(BIN)/invoke test

serve check clean translations: $(STAMP)
	$(BIN)/invoke $@

publish: $(STAMP)
	$(BIN)/invoke publish $(if $(TARGET),--target=$(TARGET))

benchmark: $(STAMP)
	$(BIN)/python benchmarks/build_overhead.py $(ARGS)

new: $(STAMP)
	$(BIN)/invoke new $(ARGS)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP)-test: $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps:
	@sh scripts/install-system-deps.sh
