#!/usr/bin/env bash
# Performance, side by side, in one run: epsimo vs curl and the seed's Python
# imports, as medians and ratios. Usage:
#   bash bench/run.sh           # the full run (a few minutes)
#   bash bench/run.sh --quick   # a smoke run: few repetitions, small sizes, no thresholds
# Installs hyperfine, GNU time and the Python packages it compares against when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -c 'import requests, yaml' 2>/dev/null || python3 -m pip install -q requests pyyaml
start=$(date +%s.%N)
cargo build --release --quiet
end=$(date +%s.%N)
export EPSIMO_BENCH_BUILD_SECONDS=$(python3 -c "print(round($end - $start, 1))")
exec python3 bench/run.py "$@"
