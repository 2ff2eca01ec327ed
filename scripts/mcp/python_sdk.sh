#!/usr/bin/env bash
# The official Python MCP SDK against `epsimo mcp` on the emulator (see
# python_sdk.py). Installs `mcp` from PyPI into target/py-venv on first use.
# Usage: bash scripts/mcp/python_sdk.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. scripts/py-venv.sh
cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$root/target/debug/epsimo" emulator exec --token-delay-ms 20 -- sh -ec "
  epsimo auth login --no-input
  P=\$(epsimo projects create 'Python SDK')
  printf 'project_id: %s\nassistants:\n  - name: Keeper\n    tools:\n      - use: database_sync\n' \"\$P\" > epsimo.yaml
  epsimo deploy --quiet >/dev/null
  '$venv/bin/python' '$root/scripts/mcp/python_sdk.py' 2> python_sdk.err || { cat python_sdk.err >&2; exit 1; }
  # The SDK logs what went wrong on its side (a failed session termination) there.
  if [ -s python_sdk.err ]; then cat python_sdk.err >&2; echo 'python sdk: FAILED: the SDK complained' >&2; exit 1; fi
"
