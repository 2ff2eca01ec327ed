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
bash scripts/mcp/with_keeper.sh 'TypeScript SDK' "node '$node_dir/ts_sdk.mjs'"
