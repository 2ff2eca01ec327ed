#!/usr/bin/env bash
# Runs COMMAND (a shell line) inside `epsimo emulator exec`, in a scratch directory
# whose epsimo.yaml was deployed to a new project named PROJECT: one assistant,
# Keeper, with the database_sync tool. What the MCP SDK checks stand on.
# Tokens stream a little apart, so a cancellation lands while a run still streams.
# Usage: bash scripts/mcp/with_keeper.sh PROJECT COMMAND   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
project=$1
command=$2
cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$root/target/debug/epsimo" emulator exec --token-delay-ms 20 -- sh -ec "
  epsimo auth login --no-input
  P=\$(epsimo projects create '$project')
  printf 'project_id: %s\nassistants:\n  - name: Keeper\n    tools:\n      - use: database_sync\n' \"\$P\" > epsimo.yaml
  epsimo deploy --quiet >/dev/null
  $command
"
