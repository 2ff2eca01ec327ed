#!/bin/sh
# The main job, end to end, against whatever EPSIMO_API_URL points at.
# Run it against the built-in emulator (no account, no network):
#   cargo run -- emulator exec -- sh scripts/demo.sh
# `emulator exec` puts this epsimo first on PATH and sets EPSIMO_API_URL,
# EPSIMO_EMAIL, EPSIMO_PASSWORD and a throw-away EPSIMO_CONFIG_DIR.
set -eu

echo "== epsimo auth login (credentials from EPSIMO_EMAIL / EPSIMO_PASSWORD)"
epsimo auth login

echo "== epsimo whoami"
epsimo whoami

echo "== epsimo projects create"
project_id=$(epsimo projects create "Demo Project" --description "made by scripts/demo.sh")
echo "created $project_id"

echo "== epsimo projects"
epsimo projects

echo "== epsimo projects show"
epsimo projects show "$project_id"

echo "== epsimo projects --jq '.[].name'"
epsimo projects --jq '.[].name'

echo "== epsimo auth status"
epsimo auth status

echo "== done"
