# Huddle: `make run` serves a playable game; `make test` runs every check. Both set up first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
BENCH_ARGS ?=

.PHONY: install run test lint format typecheck pytest clean web webtest bench bench-full bench-first-screen

# Two install stamps: `make run` installs only what serving needs (`-e .`); the checks of
# `make test` add the development tools (`-e ".[dev]"`), which include everything serving needs.
SERVE_STAMP := $(VENV)/.serve-installed

define make_venv
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Huddle needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
endef

$(SERVE_STAMP): pyproject.toml
	$(make_venv)
	$(BIN)/python -m pip install -q -e .
	touch $(SERVE_STAMP)

$(STAMP): pyproject.toml
	$(make_venv)
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(SERVE_STAMP) $(STAMP)

install: $(STAMP)

# The web pages (web/, TypeScript + Vite): built into web/dist when it is missing or older than
# any source, the lock file or the build config. npm ci follows the committed lock file.
WEB := web
NODE_STAMP := $(WEB)/node_modules/.installed
WEB_STAMP := $(WEB)/dist/.built
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public -type f 2>/dev/null) $(wildcard $(WEB)/*.html) \
	$(WEB)/package.json $(wildcard $(WEB)/package-lock.json) $(WEB)/vite.config.ts $(WEB)/tsconfig.json

$(NODE_STAMP): $(WEB)/package.json $(wildcard $(WEB)/package-lock.json)
	@command -v npm >/dev/null || { echo "make web needs Node.js and npm (apt-get install nodejs npm)"; exit 1; }
	cd $(WEB) && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	touch $(NODE_STAMP)

$(WEB_STAMP): $(NODE_STAMP) $(WEB_SOURCES)
	cd $(WEB) && npm run build
	touch $(WEB_STAMP)

web: $(WEB_STAMP)

webtest: $(NODE_STAMP)
	cd $(WEB) && npm test

# `make run HOST=0.0.0.0` lets phones on the same network join: the start-up message and the
# join links show this machine's LAN address (PUBLIC_URL overrides it).
run: $(SERVE_STAMP) web
	$(BIN)/huddle migrate
	HUDDLE_LOG_FORMAT=$${HUDDLE_LOG_FORMAT:-text} $(BIN)/huddle serve

lint: install
	$(BIN)/ruff check games server tests bench
	$(BIN)/ruff format --check games server tests bench

format: install
	$(BIN)/ruff check --fix games server tests bench
	$(BIN)/ruff format games server tests bench

typecheck: install
	$(BIN)/mypy

# The suite in two steps: everything but the `serial` tests in parallel (pytest-xdist; each
# test file stays on one worker, so module fixtures start once), then the `serial` ones alone
# (timing bounds, floods). Both run even when the first fails; the exit status is the worse.
PYTEST_WORKERS ?= 4
PYTEST_ARGS ?=

pytest: install web
	@status=0; \
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not serial" $(PYTEST_ARGS) || status=$$?; \
	$(BIN)/pytest -p no:xdist -m serial $(PYTEST_ARGS) || status=$$?; \
	exit $$status

test: lint typecheck webtest pytest

# Benchmark against a bare python-socketio baseline (docs/performance.md); needs Redis on
# 127.0.0.1:6379 (database 12, keys under a fresh prefix, deleted afterwards).
$(BENCH_STAMP): $(STAMP) bench/requirements.txt
	$(BIN)/python -m pip install -q -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) web
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)
	$(BIN)/python -m bench.leaderboard_bench
	$(BIN)/python -m bench.search_bench
	$(BIN)/python -m bench.selfpaced_bench
	$(BIN)/python -m bench.first_screen

# The join page on Fast 3G with a 4x slower CPU: usable (PIN field) within 1.5 s, median of 5.
bench-first-screen: $(STAMP) web
	$(BIN)/python -m bench.first_screen

bench-full: $(BENCH_STAMP)
	$(BIN)/python -m bench.run --full $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(WEB)/node_modules $(WEB)/dist
