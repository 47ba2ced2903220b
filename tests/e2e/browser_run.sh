#!/usr/bin/env bash
# Runs one browser test against the real binary: a fresh SQLite demo database, `suiji serve` on
# a free loopback port, then tests/browser/SCRIPT.mjs in Debian chromium via playwright-core.
# The demo logins are passed in the environment; screenshots go to $SUIJI_SCREENSHOT_DIR when set.
#
#   tests/e2e/browser_run.sh build/suiji console_plans
#   tests/e2e/browser_run.sh build/suiji portal_public --cycle   (further arguments go to `suiji demo`)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:?usage: browser_run.sh SUIJI_BINARY SCRIPT}
script=${2:?usage: browser_run.sh SUIJI_BINARY SCRIPT}
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -f "$src/tests/browser/$script.mjs" ] || { echo "no such browser test: tests/browser/$script.mjs" >&2; exit 1; }
[ -f "$src/web/dist/index.html" ] || { echo "web/dist is missing: run make web" >&2; exit 1; }
[ -d "$src/web/node_modules/playwright-core" ] || { echo "web/node_modules is missing: run make setup" >&2; exit 1; }
"$bin" demo "${@:3}" --db "sqlite://$work/suiji.db" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --db "sqlite://$work/suiji.db" --port "$port" --web-root "$src/web/dist" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
SUIJI_BASE_URL="http://127.0.0.1:$port" SUIJI_PASSWORD=suiji-demo-2026 \
  SUIJI_USER=planner SUIJI_PLANNER=planner SUIJI_APPROVER=approver SUIJI_ADMIN=admin \
  SUIJI_SCREENSHOT_DIR="${SUIJI_SCREENSHOT_DIR:-}" \
  node "$src/tests/browser/$script.mjs" || {
    # What the server refused or failed (a refused autosave explains a form that never saved),
    # then its last lines.
    echo "--- server: 4xx/5xx answers (last 40) ---"
    grep -E ' [45][0-9]{2} [0-9.]+ms' "$work/server.log" | tail -40 || true
    echo "--- server: last 20 lines ---"
    tail -20 "$work/server.log"
    exit 1
  }
