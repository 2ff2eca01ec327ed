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

echo "== epsimo assistants create"
export EPSIMO_PROJECT_ID="$project_id"
assistant_id=$(epsimo assistants create --name "Support" --instructions "You help customers." --tool retrieval)
epsimo assistants

echo "== epsimo threads run (a new thread, streamed)"
notes=$(mktemp)
epsimo threads run --assistant-id "$assistant_id" --message "Hello, who are you?" 2>"$notes"
thread_id=$(sed -n 's/^thread: \([^ ]*\).*/\1/p' "$notes")
rm -f "$notes"
echo "thread $thread_id"

echo "== epsimo threads run (second turn on the same thread)"
epsimo threads run "$thread_id" --message "Tell me more"

echo "== epsimo db set / get / query"
epsimo db set --thread-id "$thread_id" --key status --value '"completed"'
epsimo db set --thread-id "$thread_id" --key prefs --value '{"theme": "dark"}'
epsimo db get --thread-id "$thread_id" --key status
epsimo db query --thread-id "$thread_id" --json

echo "== epsimo threads show"
epsimo threads show "$thread_id"

echo "== epsimo credits balance"
epsimo credits balance

echo "== epsimo auth status"
epsimo auth status

echo "== done"
