#!/usr/bin/env bash
# `epsimo test --jobs 8` against --jobs 1 (bench/testing.py). Usage:
#   bash bench/testing.sh           # 100 tests, with the threshold
#   bash bench/testing.sh --quick   # 20 tests, no threshold
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 bench/testing.py "$@"
