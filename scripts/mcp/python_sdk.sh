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
"$root/target/debug/epsimo" emulator exec -- sh -ec "
  epsimo auth login --no-input
  P=\$(epsimo projects create 'Python SDK')
  printf 'project_id: %s\nassistants:\n  - name: Keeper\n    tools:\n      - use: database_sync\n' \"\$P\" > epsimo.yaml
  epsimo deploy --quiet >/dev/null
  '$venv/bin/python' '$root/scripts/mcp/python_sdk.py'
"
