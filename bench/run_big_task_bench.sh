#!/usr/bin/env bash
# The big task's ceremony through the HTTP API (bench/big_task_drive.mjs: 1,850 objects, 480
# inspectors — the data of tests/browser/big_task.mjs) on a fresh demo database, SQLite and/or
# PostgreSQL (a throwaway cluster under BUILD_DIR, stopped afterwards). Prints one JSON line per
# step (client wall time, the server's CPU time over the call, answer size) and the load average.
# PERF=1 records the server with `perf record -g` (the report path is printed).
#   bench/run_big_task_bench.sh [BUILD_DIR] [sqlite|postgresql|both]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
build=$(cd "${1:-$root/build}" && pwd)
which=${2:-sqlite}
bin="${SUIJI_BIN:-$build/suiji}"  # SUIJI_BIN: measure another build (e.g. before a change)
[ -x "$bin" ] || { echo "no binary at $bin: build it first" >&2; exit 1; }

work=$(mktemp -d "$build/big-task-bench.XXXXXX")
pgdir="$build/pg-big-task-bench"
pgport=${PG_PORT:-55447}
server=""
perf_pid=""
cleanup() {
  [ -n "$perf_pid" ] && kill -INT "$perf_pid" 2>/dev/null && wait "$perf_pid" 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  "$root/scripts/pgtmp.sh" stop "$pgdir" >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

run_one() {  # DIALECT URL
  local dialect=$1 url=$2
  "$bin" demo --db "$url" >/dev/null
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$bin" serve --db "$url" --port "$port" --checkpoint-minutes 0 >"$work/serve-$dialect.log" 2>&1 &
  server=$!
  bench_wait_health "$port"
  if [ -n "${PERF:-}" ]; then
    perf record -F 499 -g -p "$server" -o "$work/perf-$dialect.data" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  SUIJI_BASE_URL="http://127.0.0.1:$port" SUIJI_PASSWORD=suiji-demo-2026 \
    node "$root/bench/big_task_drive.mjs" "$server" | sed "s/^{/{\"dialect\": \"$dialect\", /"
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"
    wait "$perf_pid" 2>/dev/null || true
    perf_pid=""
    echo "perf data: $work/perf-$dialect.data (KEEP=1 keeps it)" >&2
  fi
  bench_stop_server
}

if [ "$which" != postgresql ]; then run_one sqlite "sqlite://$work/big.db"; fi
if [ "$which" != sqlite ]; then
  run_one postgresql "$(bench_fresh_pg "$pgdir" "$pgport")"
fi
echo "{\"load_average\": \"$(cut -d' ' -f1-3 /proc/loadavg)\", \"commit\": \"$(git -C "$root" rev-parse --short HEAD)\"}"
