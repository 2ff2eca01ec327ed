#!/usr/bin/env bash
# A deploy of 100 and 300 assistants against 10 requests a second: wall time vs
# the ideal (requests / rate), and the 429s counted. Usage:
#   bash bench/ratelimit.sh           # the full run (about a minute after the build)
#   bash bench/ratelimit.sh --quick   # a smoke run: 20 assistants, no threshold
set -euo pipefail
cd "$(dirname "$0")/.."
command -v curl >/dev/null 2>&1 || { sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo; $sudo apt-get update -qq && $sudo apt-get install -y -qq curl >/dev/null; }
cargo build --release --quiet
exec python3 bench/ratelimit.py "$@"
