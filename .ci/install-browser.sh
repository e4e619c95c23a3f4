#!/usr/bin/env bash
# Installs a headless browser for the HTML report test (tests/python/test_html_report.py):
# Debian's `chromium` package. Idempotent: does nothing when chromium is already on PATH.
# Needs root (or sudo) and apt; prints where the browser is.
set -euo pipefail

find_browser() {
    command -v chromium || command -v chromium-browser || true
}

if [ -n "$(find_browser)" ]; then
    echo "browser: $(find_browser)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core

if [ -z "$(find_browser)" ]; then
    echo "chromium is still not on PATH after apt-get install" >&2
    exit 1
fi
echo "browser: $(find_browser)"
