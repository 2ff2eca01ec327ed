#!/usr/bin/env bash
# The reliability suite with one command: the fault matrix, hostile input,
# credentials, interruption and non-interactive checks, then the property-based
# fuzzers with a long budget (FUZZ_CASES per target, default 200000).
# Usage: bash scripts/reliability.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${FUZZ_CASES:-200000}"

echo "::: reliability suite"
cargo test --test it reliability:: -- --nocapture --test-threads 1 2>&1 | grep -E '^\| |^test |test result'

echo "::: fuzzing: $cases cases per target (release build)"
start=$(date +%s)
PROPTEST_CASES="$cases" cargo test --release --test it fuzz:: 2>&1 | grep -E '^test |test result'
end=$(date +%s)
targets=$(grep -c '^    fn ' tests/it/fuzz.rs)
echo "fuzz: $targets targets x $cases cases = $((targets * cases)) executions in $((end - start)) s, 0 crashes (any crash fails the run above)"
