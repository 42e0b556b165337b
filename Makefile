# Bootstraps the environment, then hands over to tasks.py (invoke). See README.md.
#   make build   – set up .venv and build the site into output/
#   make test    – install everything the tests need and run the whole suite
#   make serve   – preview at http://127.0.0.1:8000 that reloads on save
#   make check   – check content and data; writes nothing
#   make publish – production build (SITEURL=… and TARGET=user@host:/path for rsync;
#                  STAGE=staging for a marked preview while details are still missing)
#   make release-check – list every detail still to be supplied; fails while a page the law
#                  requires has one
#   make new ARGS="page stuttgart/neue-seite" – scaffold a page in both languages
#   make screenshots – build, then photograph the main pages at 360 and 1280 px in both
#                  languages into docs/screenshots/ (needs `make test`'s chromium)
#   make guide-screenshots – do each task of the editors' guide in the preview of a project
#                  copy and photograph it into docs/redaktion/bilder/
#   make clean   – remove output/ and caches
#   make bench   – our build against stock Pelican at 1,000 and 5,000 pages: time, memory, cost
#                  centres (ARGS="--pairs 100 --runs 1"; ARGS=--write records them in
#                  docs/performance.md); `make benchmark` is the same
#   make lock    – regenerate requirements/*.txt after a change of pyproject.toml's dependencies

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test serve check release-check publish new clean translations system-deps bench benchmark lock screenshots guide-screenshots

build: $(STAMP)
	@$(BIN)/invoke build

test: $(STAMP)-test node_modules/.installed system-deps
	$(BIN)/invoke test

check clean translations: $(STAMP)
	@$(BIN)/invoke $@

serve: $(STAMP)
	@$(BIN)/invoke serve $(ARGS)

publish: $(STAMP)
	@$(BIN)/invoke publish $(if $(TARGET),--target=$(TARGET)) $(if $(STAGE),--stage=$(STAGE))

screenshots: $(STAMP)-test system-deps
	$(BIN)/invoke screenshots

guide-screenshots: $(STAMP)-test system-deps
	$(BIN)/invoke guide-screenshots

release-check: $(STAMP)
	@$(BIN)/invoke check --release

# psutil (peak memory of the build with its child processes) comes with the test extra
bench benchmark: $(STAMP)-test
	$(BIN)/python -m benchmarks.bench $(ARGS)

new: $(STAMP)
	@$(BIN)/invoke new $(ARGS)

# Every Python package, direct or not, comes from the lock files in requirements/: exact
# versions, and pip refuses any file whose hash is not recorded there. The project itself is
# installed editable without dependencies and without build isolation, with the locked
# setuptools, so nothing unhashed is downloaded; `pip check` then fails if pyproject.toml was
# changed without `make lock`. The venv's own pip does the installing: it is not upgraded.
# Each step says in one line what it does; pip speaks only when something goes wrong.
$(STAMP): requirements/build.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 oder neuer wird gebraucht")'
	@test -x $(BIN)/python || { echo "Einrichten: Python-Umgebung $(VENV)/ anlegen"; $(PYTHON) -m venv $(VENV); }
	@echo "Einrichten: Python-Pakete aus requirements/build.txt installieren"
	@$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/build.txt
	@echo "Einrichten: die Website-Plugins installieren"
	@$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check > /dev/null || $(BIN)/python -m pip check
	@touch $@

$(STAMP)-test: $(STAMP) requirements/test.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps --no-build-isolation -r requirements/test.txt
	touch $@

node_modules/.installed: package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps:
	@sh scripts/install-system-deps.sh

# Regenerates the lock files with pip-tools (itself locked in requirements/pip-tools.txt) in a
# venv of its own: requirements/build.txt from pyproject.toml's dependencies, requirements/test.txt
# from those plus the test extra, constrained to build.txt's versions. Pins stay where they are
# unless pyproject.toml asks otherwise; ARGS=--upgrade or ARGS="--upgrade-package NAME" moves
# them. The lock is made for Python 3.11 (Debian bookworm's python3, as in CI) and records the
# hashes of all files of each release on PyPI (every platform's wheels), fetched anew each time
# rather than copied from the old lock, whatever index or wheel folder the machine's pip
# configuration adds.
LOCK_VENV := .venv-lock
PIP_COMPILE := env PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= CUSTOM_COMPILE_COMMAND="make lock" \
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-find-links --no-emit-index-url --no-reuse-hashes $(ARGS)

lock:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "make lock needs Python 3.11, e.g. PYTHON=python3.11")'
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements/pip-tools.txt
	$(PIP_COMPILE) -o requirements/pip-tools.txt requirements/pip-tools.in
	$(PIP_COMPILE) --all-build-deps -o requirements/build.txt pyproject.toml
	$(PIP_COMPILE) --all-build-deps --extra test -c requirements/build.txt -o requirements/test.txt pyproject.toml
