#!/usr/bin/env bash
# The official Python MCP SDK against `epsimo mcp` on the emulator (see
# python_sdk.py). Installs `mcp` from PyPI into target/py-venv on first use.
# Usage: bash scripts/mcp/python_sdk.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. scripts/py-venv.sh
# The SDK logs what went wrong on its side (a failed session termination) on
# stderr: any such line fails the check.
bash scripts/mcp/with_keeper.sh 'Python SDK' "
  '$venv/bin/python' '$root/scripts/mcp/python_sdk.py' 2> python_sdk.err || { cat python_sdk.err >&2; exit 1; }
  if [ -s python_sdk.err ]; then cat python_sdk.err >&2; echo 'python sdk: FAILED: the SDK complained' >&2; exit 1; fi
"
