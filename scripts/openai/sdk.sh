#!/usr/bin/env bash
# The official OpenAI SDKs (the `openai` Python package and the `openai` npm
# package) call a public assistant on the emulator through its OpenAI-compatible
# endpoint: a reply streamed and not, a wrong token refused, an assistant set back
# to `authenticated` refused with the guide's message. Installs both on first use
# (target/py-venv, target/openai-node).
# Usage: bash scripts/openai/sdk.sh   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. scripts/py-venv.sh
node_dir="$root/target/openai-node"
if [ ! -d "$node_dir/node_modules/openai" ]; then
  echo "::: installing the openai npm package into $node_dir"
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund 'openai@>=4' >/dev/null)
fi
cp "$root/scripts/openai/sdk.mjs" "$node_dir/sdk.mjs"
cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$root/target/debug/epsimo" emulator exec -- sh -ec "
  epsimo auth login --no-input
  export EPSIMO_PROJECT_ID=\$(epsimo projects create 'OpenAI SDKs')
  epsimo assistants create --name Open --instructions 'Be brief.' >/dev/null
  epsimo assistants create --name Locked --instructions 'Be brief.' >/dev/null
  export PUBLIC_TOKEN=\$(epsimo assistants publish Open --quiet)
  export AUTHENTICATED_TOKEN=\$(epsimo assistants publish Locked --quiet)
  epsimo assistants unpublish Locked --quiet
  '$venv/bin/python' '$root/scripts/openai/sdk.py'
  node '$node_dir/sdk.mjs'
"
