# One source of truth for every check: CI (.ci/run) and the README call these targets.
# Everything installs into ./.venv, so a fresh machine needs only Rust and Python 3.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The extension is built once per run; `make test` builds it in the dev profile (fast to
# compile), `make demo` and `make bench` in release.
export PYO3_PYTHON ?= $(abspath $(PY))

.PHONY: demo test venv dev release lint-rust test-rust lint-python stubtest test-python bench fmt

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

venv: $(PY)

## Main job: build (release) and run the demo on the embedded DNS server and sample config.
demo: release
	$(VENV)/bin/mailtrace-mx demo

release: $(PY)
	$(PY) -m pip install -q .

dev: $(PY)
	MATURIN_PEP517_ARGS="--profile dev" $(PY) -m pip install -q -e '.[test]'

## All tests: Rust format/lint/unit+integration tests, stub check, Python lint and pytest.
test: dev lint-rust test-rust stubtest lint-python test-python

lint-rust:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --no-default-features -- -D warnings

test-rust:
	cargo test --no-default-features

stubtest:
	$(PY) -m mypy.stubtest mailtrace_mx --allowlist .stubtest-allowlist --mypy-config-file pyproject.toml

lint-python:
	$(VENV)/bin/ruff check python tests benches
	$(VENV)/bin/ruff format --check python tests benches

test-python:
	$(PY) -m pytest -q

fmt:
	cargo fmt --all
	$(VENV)/bin/ruff format python tests benches
	$(VENV)/bin/ruff check --fix python tests benches

bench: release
	$(PY) -m pip install -q '.[bench]'
	$(PY) benches/bench_discovery.py
	$(PY) benches/bench_zone.py

## Fuzz smoke: every cargo-fuzz target for a few seconds (installs cargo-fuzz if missing).
.PHONY: fuzz-smoke
fuzz-smoke:
	fuzz/smoke.sh 5
