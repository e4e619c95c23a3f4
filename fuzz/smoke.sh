#!/usr/bin/env bash
# Runs every fuzz target for a few seconds (CI smoke): installs cargo-fuzz if
# missing, builds the targets once, then runs each on its committed seeds.
# cargo-fuzz needs nightly compiler features; RUSTC_BOOTSTRAP=1 enables them
# on the stable toolchain. The targets are safe Rust, so they are built
# without AddressSanitizer (`-s none`, which also lets `ulimit -v` bound a
# run) but with debug assertions and overflow checks (`-a`).
# Usage: fuzz/smoke.sh [seconds per target]
set -euo pipefail

cd "$(dirname "$0")"
SECONDS_PER_TARGET="${1:-5}"
export RUSTC_BOOTSTRAP=1
FLAGS=(-O -a -s none)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

cargo fuzz build "${FLAGS[@]}"
mkdir -p work
status=0
for target in $(cargo fuzz list); do
    # New inputs go to work/<target> (ignored by git); the seeds stay as committed.
    mkdir -p "work/$target"
    log="work/$target.log"
    if cargo fuzz run "${FLAGS[@]}" "$target" "work/$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=1 \
        -print_final_stats=1 >"$log" 2>&1; then
        echo "ok   $target: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') executions"
    else
        echo "FAIL $target (log: fuzz/$log)"
        grep -E "ERROR|SUMMARY|panicked|Test unit written" "$log" || tail -20 "$log"
        status=1
    fi
done
exit "$status"
