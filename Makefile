# One source of truth for every check: CI (.ci/run) and the README call these targets.
# Everything installs into ./.venv, so a fresh machine needs only Rust and Python 3.
#
#   make demo     set up, build (release) and run the main job on the embedded default
#   make test     set up, build once, then every check: lint, Rust tests, Python tests
#   make build    the extension, dev profile, installed editable into .venv (with test extras)
#   make tools    what the tests need beyond Python packages (a headless browser)
#   make lint     cargo fmt/clippy, ruff, mypy, stubtest (needs `make build` for stubtest)
#   make test-rust / test-python / fuzz-smoke / bench    one part each
#   make dist     the release wheel (abi3: one for CPython 3.9+) and the sdist, into dist/
#   make test-dist  install dist/'s wheel, without Rust, into a fresh venv of every CPython
#                 3.9-3.13 present and run tests/dist/smoke.py in each (not the test suite)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# pyo3's build script reads this; one interpreter for every build keeps cargo's cache warm.
export PYO3_PYTHON ?= $(abspath $(PY))

.PHONY: demo test build tools release venv lint lint-rust lint-python typecheck stubtest \
	test-rust test-python bench fmt dist test-dist fuzz-smoke

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

venv: $(PY)

## Main job: build (release) and run the demo on the embedded DNS server and sample config.
demo: release
	$(VENV)/bin/mailtrace-mx demo

release: $(PY)
	$(PY) -m pip install -q .

## The extension in the dev profile (fast to compile), editable, with the test extras.
build: $(PY)
	@# A version-specific .so left by a pre-abi3 build would be imported before _core.abi3.so.
	rm -f python/mailtrace_mx/_core.cpython-*.so
	MATURIN_PEP517_ARGS="--profile dev" $(PY) -m pip install -q -e '.[test]'

## What the tests need beyond pip: Debian's chromium for the HTML report's screenshot test.
tools:
	bash .ci/install-browser.sh

## All tests: build once, then lint, the Rust core's tests, the Python package's tests,
## a few seconds of every fuzz target, and the release wheel installed without Rust into
## every CPython 3.9-3.13 present.
test: build tools lint test-rust test-python fuzz-smoke dist test-dist

lint: lint-rust lint-python typecheck stubtest

lint-rust:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --no-default-features -- -D warnings

lint-python: $(PY)
	$(VENV)/bin/ruff check python tests benches
	$(VENV)/bin/ruff format --check python tests benches

typecheck: $(PY)
	$(PY) -m mypy python tests

stubtest: $(PY)
	$(PY) -m mypy.stubtest mailtrace_mx --allowlist .stubtest-allowlist --mypy-config-file pyproject.toml

## The Rust core without Python: unit tests and the one integration binary.
test-rust:
	cargo test --no-default-features

test-python: $(PY)
	$(PY) -m pytest -q

fmt: $(PY)
	cargo fmt --all
	$(VENV)/bin/ruff format python tests benches
	$(VENV)/bin/ruff check --fix python tests benches

bench: release
	$(PY) -m pip install -q '.[bench]'
	$(PY) benches/bench_discovery.py
	$(PY) benches/bench_zone.py

## The wheel users install (release, abi3, manylinux tag this glibc allows) and the sdist.
## `make dist ZIG=1` links with zig (pip package ziglang, ~400 MB) for the manylinux2014
## (glibc 2.17) tag that the release workflow's containers give.
dist: $(PY)
	$(PY) -m pip install -q 'maturin>=1.9.4,<2' $(if $(ZIG),ziglang)
	rm -rf dist
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/maturin build --release --out dist \
		$(if $(ZIG),--zig --compatibility manylinux2014)
	$(VENV)/bin/maturin sdist --out dist
	@ls -l dist

test-dist:
	$(PYTHON) tests/dist/install_wheel.py dist

## Fuzz smoke: every cargo-fuzz target for a few seconds (installs cargo-fuzz if missing).
fuzz-smoke:
	fuzz/smoke.sh 5
