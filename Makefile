# Preflight: every set-up and check goes through here.
#   make serve   install what is missing, build, serve on http://127.0.0.1:8080
#   make test    install what is missing, run every check (CI runs this)
# Tools are installed once into cached places (~/.cargo/bin, tests/e2e/node_modules)
# and only when missing or at the wrong version. Nothing is downloaded from
# outside the package registries: Trunk runs offline with the system tools.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

E2E_DIR        := tests/e2e
CARGO_HOME     ?= $(HOME)/.cargo
NODE_BIN       := $(CURDIR)/$(E2E_DIR)/node_modules/.bin
export PATH    := $(NODE_BIN):$(CARGO_HOME)/bin:$(PATH)

TRUNK_VERSION  := 0.21.14
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
WASM_TARGET    := wasm32-unknown-unknown
CHROMIUM       := /usr/bin/chromium
export CHROMEDRIVER := /usr/bin/chromedriver
export TRUNK_OFFLINE := true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CARGO_TERM_COLOR := never
SERVE_PORT     := 8080
E2E_PORT       ?= 8181
# Where the release is served from: / at the root of a host, or a sub-path
# such as /preflight/ (GitHub Pages project sites). Must start and end with /.
PUBLIC_URL     ?= /
# The sub-path build the end-to-end tests serve from /some/sub/path/.
SUBPATH_URL    := /some/sub/path/
SUBPATH_DIST   := dist-subpath
SUDO           := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STAMPS         := target/.stamps

.PHONY: help setup serve test lint fmt-check clippy test-core test-wasm build-release build-subpath e2e bench bench-core bench-memory bench-browser fuzz clean-dist

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

# ---- set-up: each step is skipped when its tool is already right ----

setup: tool-wasm-target tool-trunk tool-wasm-bindgen tool-npm tool-chromium ## Install whatever is missing

.PHONY: tool-wasm-target tool-trunk tool-wasm-bindgen tool-npm tool-chromium
tool-wasm-target:
	@rustup target list --installed | grep -qx '$(WASM_TARGET)' \
	  || { echo "==> installing the $(WASM_TARGET) target"; rustup target add $(WASM_TARGET); }

tool-trunk:
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "==> installing trunk $(TRUNK_VERSION) (about 8 minutes on 2 cores, once)"; \
	  cargo install trunk --version $(TRUNK_VERSION) --locked; \
	fi

# No --locked: wasm-bindgen-cli's lock file names a version the registry lacks.
# Trunk.toml names the same version: the two pins must agree.
TRUNK_WASM_BINDGEN := $(shell sed -n 's/^wasm_bindgen = "\([0-9.]*\)"/\1/p' Trunk.toml)
tool-wasm-bindgen:
	@[ "$(TRUNK_WASM_BINDGEN)" = "$(WASM_BINDGEN_VERSION)" ] || { \
	  echo "Trunk.toml pins wasm-bindgen $(TRUNK_WASM_BINDGEN) but Cargo.toml pins $(WASM_BINDGEN_VERSION): make them agree"; exit 1; }
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "==> installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 2 minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

tool-npm: $(E2E_DIR)/node_modules/.package-lock.json
$(E2E_DIR)/node_modules/.package-lock.json: $(E2E_DIR)/package-lock.json $(E2E_DIR)/package.json
	@echo "==> npm ci (wasm-opt from binaryen, Playwright test runner, axe-core)"
	@cd $(E2E_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

tool-chromium:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMEDRIVER) ]; then \
	  echo "==> installing Debian's chromium and chromium-driver"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

# ---- run ----

serve: tool-wasm-target tool-trunk tool-wasm-bindgen tool-npm ## Build and serve the app on http://127.0.0.1:8080
	@echo "==> Preflight on http://127.0.0.1:$(SERVE_PORT)/ (first run loads the demo workspace; Ctrl-C stops)"
	trunk serve --offline --address 127.0.0.1 --port $(SERVE_PORT)

build-release: tool-wasm-target tool-trunk tool-wasm-bindgen tool-npm ## trunk build --release into dist/ (PUBLIC_URL=/sub/path/ to host under a sub-path)
	@echo "==> [5/6] trunk build --release --public-url $(PUBLIC_URL)"
	trunk build --release --offline --public-url '$(PUBLIC_URL)'
	@wasm=$$(ls dist/*.wasm); printf '    wasm: %s bytes, %s bytes gzipped\n' "$$(stat -c %s $$wasm)" "$$(gzip -9c $$wasm | wc -c)"

build-subpath: tool-wasm-target tool-trunk tool-wasm-bindgen tool-npm ## Release build for $(SUBPATH_URL) into dist-subpath/ (sub-path e2e tests)
	@echo "==> trunk build --release --public-url $(SUBPATH_URL) --dist $(SUBPATH_DIST)"
	trunk build --release --offline --public-url '$(SUBPATH_URL)' --dist $(SUBPATH_DIST)

# ---- checks, in the order `make test` runs them ----

test: setup ## Run every check: fmt, clippy, core tests, wasm tests, release build, e2e
	@$(MAKE) fmt-check
	@$(MAKE) clippy
	@$(MAKE) test-core
	@$(MAKE) test-wasm
	@$(MAKE) build-release
	@$(MAKE) build-subpath
	@$(MAKE) e2e
	@echo "==> all checks passed"

lint: fmt-check clippy ## Format check and clippy

fmt-check:
	@echo "==> [1/6] cargo fmt --check"
	cargo fmt --all -- --check

clippy: tool-wasm-target
	@echo "==> [2/6] clippy (native and $(WASM_TARGET))"
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p preflight --lib --bins --tests --target $(WASM_TARGET) -- -D warnings
	cargo clippy -p preflight-core --lib --target $(WASM_TARGET) -- -D warnings

test-core: ## Unit, property and snapshot tests of crates/core
	@echo "==> [3/6] cargo test -p preflight-core"
	@mkdir -p target
	cargo test -p preflight-core 2>&1 | tee target/test-core.log | { grep -E '^(test result|running|error|failures|---- )' || true; } \
	  || { echo "core tests failed:"; sed -n '/^failures:$$/,/^test result/p' target/test-core.log | head -n 200; exit 1; }
	@awk '/^test result/ { p += $$4; f += $$6 } END { printf "    core: %d passed, %d failed\n", p, f }' target/test-core.log

test-wasm: tool-wasm-target tool-wasm-bindgen tool-chromium ## wasm-bindgen-test in headless Chromium
	@echo "==> [4/6] wasm-bindgen-test in headless Chromium"
	cargo test -p preflight --target $(WASM_TARGET) --tests

e2e: tool-npm tool-chromium ## Playwright against dist/ and dist-subpath/ (run build-release first)
	@echo "==> [6/6] Playwright end-to-end tests on http://127.0.0.1:$(E2E_PORT)"
	@test -f dist/index.html || { echo "dist/ is missing: run 'make build-release' first"; exit 1; }
	@test -f $(SUBPATH_DIST)/index.html || $(MAKE) build-subpath
	cd $(E2E_DIR) && E2E_PORT=$(E2E_PORT) playwright test

bench: bench-core bench-memory bench-browser ## Criterion benches, peak memory, then the browser benchmark

bench-core: ## Criterion benches for the core
	cargo bench -p preflight-core --bench diff

bench-memory: ## Peak memory of parse + diff on the 50k-leaf documents, as a multiple of the input
	cargo bench -p preflight-core --bench memory

bench-browser: build-release tool-npm tool-chromium ## Large-diff and storage timings in Chromium (Playwright, performance marks; STORAGE_HISTORY_ROUNDS=20 for a short run)
	cd $(E2E_DIR) && E2E_PORT=$(E2E_PORT) playwright test --config playwright.bench.config.js --reporter=line
	@echo "==> figures in target/bench/ (browser.json, storage.json, storage-200.json)"

fuzz: ## Fuzz each importer for 60 s (needs nightly; not part of make test)
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for t in $$(cargo +nightly fuzz list); do \
	  echo "==> fuzzing $$t"; cargo +nightly fuzz run $$t -- -max_total_time=60 || exit 1; done

clean-dist:
	rm -rf dist $(SUBPATH_DIST)
