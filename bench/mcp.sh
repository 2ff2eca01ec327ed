#!/usr/bin/env bash
# `epsimo mcp` against the CLI, side by side (bench/mcp.py). Usage:
#   bash bench/mcp.sh           # the full run, with thresholds
#   bash bench/mcp.sh --quick   # a smoke run: few repetitions, no thresholds
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 bench/mcp.py "$@"
