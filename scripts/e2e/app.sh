#!/usr/bin/env bash
# The scaffold really builds and really chats:
#   epsimo create -> init -> deploy against a local emulator, then npm install,
#   tsc --noEmit, next build, next start, and headless Chromium signs in, chats,
#   runs update_database and sees the Database panel change.
# Usage: bash scripts/e2e/app.sh   (from the repository root; installs chromium
# from Debian when missing). Leaves target/e2e/screenshot.png, and no process:
# it fails if a server it started still answers when it ends.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work="$root/target/e2e"
mkdir -p "$work"
export npm_config_cache="$root/target/npm-cache"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

if ! command -v chromium >/dev/null 2>&1; then
  echo "::: installing chromium"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium >/dev/null
fi

cargo build --quiet
bin="$root/target/debug/epsimo"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_port=$(free_port)
app_port=$(free_port)

pids=()
# Each server runs in a process group of its own (`setsid`): `npx next start`
# starts `next-server` as a child, which killing npx alone leaves running. The
# groups are stopped on the way out, and the script fails if a port still answers.
cleanup() {
  status=$?
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  for _ in $(seq 50); do
    left=0
    for p in "${pids[@]}"; do kill -0 -- "-$p" 2>/dev/null && left=1; done
    [ "$left" = 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
  for port in "$api_port" "$app_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "e2e: something still listens on port $port after the run" >&2
      status=1
    fi
  done
  exit "$status"
}
trap cleanup EXIT

# --faults: the driver holds back one state read (`hold`) to check the app's order.
setsid "$bin" emulator start --port "$api_port" --faults 2>"$work/emulator.log" &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$api_port/health" >/dev/null && break; sleep 0.1; done
admin_token=$(sed -n 's/^ *Admin token: *\([^ ]*\).*/\1/p' "$work/emulator.log" | head -n 1)
[ -n "$admin_token" ] || { echo "e2e: the emulator printed no admin token" >&2; cat "$work/emulator.log" >&2; exit 1; }

export EPSIMO_API_URL="http://127.0.0.1:$api_port"
export EPSIMO_CONFIG_DIR="$work/config"
export EPSIMO_EMAIL=dev@example.com EPSIMO_PASSWORD=epsimo-dev
rm -rf "$work/app"
"$bin" create "E2E App" --dir "$work/app"
cd "$work/app"
"$bin" auth login
"$bin" init --create
"$bin" deploy
grep -q '^NEXT_PUBLIC_EPSIMO_ASSISTANT_ID=.\+' .env.local

echo "::: npm install"
npm install --no-audit --no-fund --loglevel=error
echo "::: tsc --noEmit"
npx tsc --noEmit
echo "::: next build"
NEXT_TELEMETRY_DISABLED=1 npx next build
NEXT_TELEMETRY_DISABLED=1 setsid npx next start -p "$app_port" -H 127.0.0.1 >"$work/next.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$app_port" >/dev/null && break; sleep 0.2; done

echo "::: headless chromium"
mkdir -p "$work/driver"
npm install --prefix "$work/driver" --no-audit --no-fund --loglevel=error playwright-core@1.65.1 >/dev/null
# ES modules resolve imports next to the script: run it from the driver's folder.
cp "$root/scripts/e2e/app.mjs" "$work/driver/app.mjs"
E2E_API_URL="http://127.0.0.1:$api_port" E2E_ADMIN_TOKEN="$admin_token" \
  node "$work/driver/app.mjs" "http://127.0.0.1:$app_port" "$work/screenshot.png"
