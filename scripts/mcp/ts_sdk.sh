#!/usr/bin/env bash
# The official MCP TypeScript SDK 1.x against `epsimo mcp` on the emulator (see
# ts_sdk.mjs), over stdio and HTTP with every tool enabled. Installs the pinned
# `@modelcontextprotocol/sdk` into target/mcp-ts on first use.
# Usage: bash scripts/mcp/ts_sdk.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
sdk_version=1.32.2
node_dir="$root/target/mcp-ts"
if [ ! -f "$node_dir/node_modules/@modelcontextprotocol/sdk/package.json" ] ||
  ! grep -q "\"version\": \"$sdk_version\"" "$node_dir/node_modules/@modelcontextprotocol/sdk/package.json"; then
  echo "::: installing @modelcontextprotocol/sdk@$sdk_version into $node_dir"
  mkdir -p "$node_dir"
  (cd "$node_dir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
    npm install --silent --no-audit --no-fund "@modelcontextprotocol/sdk@$sdk_version" >/dev/null)
fi
cp "$root/scripts/mcp/ts_sdk.mjs" "$node_dir/ts_sdk.mjs"
cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# Tokens a little apart, so a cancellation lands while a run still streams.
"$root/target/debug/epsimo" emulator exec --token-delay-ms 20 -- sh -ec "
  epsimo auth login --no-input
  P=\$(epsimo projects create 'TypeScript SDK')
  printf 'project_id: %s\nassistants:\n  - name: Keeper\n    tools:\n      - use: database_sync\n' \"\$P\" > epsimo.yaml
  epsimo deploy --quiet >/dev/null
  node '$node_dir/ts_sdk.mjs'
"
