#!/usr/bin/env bash
# Past one machine, measured on one: the public portal's task list (GET /api/v1/public/tasks,
# a database read per request) served by one `suiji serve`, by two on the same PostgreSQL
# primary, and by one on the primary plus one `suiji serve --read-only` on a streaming hot
# standby (scripts/pgtmp.sh replica). wrk, keep-alive, the same total connections in every
# row; rates are compared within this run only (the load generator shares the cores). Prints a
# markdown table with the load average; docs/deploy.md keeps a copy of a run.
#   bench/run_scale_multiprocess.sh [BUILD_DIR]   (BENCH_SECONDS per measure, default 5;
#                                                  BENCH_CONNECTIONS in all, default 16)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
build=${1:-${BUILD_DIR:-$root/build}}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
seconds=${BENCH_SECONDS:-5}
conns=${BENCH_CONNECTIONS:-16}
cd "$root"

bench_need_debian scale-multiprocess wrk
[ -x "$build/suiji" ] || cmake --build "$build" -j2 --target suiji >/dev/null

work=$(mktemp -d /tmp/suiji_scale_mp.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  "$root/scripts/pgtmp.sh" stop "$work/replica" 2>/dev/null || true
  "$root/scripts/pgtmp.sh" stop "$work/primary" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

primary_port=$(bench_free_port)
primary=$("$root/scripts/pgtmp.sh" start "$work/primary" "$primary_port")
replica=$("$root/scripts/pgtmp.sh" replica "$primary_port" "$work/replica" "$(bench_free_port)")
keys=(--key-file "$work/keys/platform.ed25519" --pii-key-file "$work/keys/pii.key")
"$build/suiji" demo --cycle --db "$primary" "${keys[@]}" >/dev/null 2>&1

start_server() {  # PORT_VAR DB [ARGS...]
  local port
  port=$(bench_free_port)
  "$build/suiji" serve --db "$2" --port "$port" "${keys[@]}" --deadline-check-seconds 0 \
    "${@:3}" >"$work/serve-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.1
  done
  printf -v "$1" '%s' "$port"
}
start_server a "$primary"
start_server b "$primary"
cp -r "$work/keys" "$work/replica-keys"
keys=(--key-file "$work/replica-keys/platform.ed25519" --pii-key-file "$work/replica-keys/pii.key")
start_server r "$replica" --read-only
path=/api/v1/public/tasks
# The standby has replayed the demo when it lists what the primary lists.
for _ in $(seq 1 600); do
  [ "$(curl -fs "http://127.0.0.1:$r$path")" = "$(curl -fs "http://127.0.0.1:$a$path")" ] && break
  sleep 0.1
done

rate() {  # PORT CONNECTIONS -> requests/s (run in the background, written to a file)
  wrk -t1 -c"$2" -d"${seconds}s" "http://127.0.0.1:$1$path" 2>/dev/null |
    awk '/Requests\/sec/ {print $2}'
}
measure() {  # PORTS... -> total requests/s, the connections split evenly
  local per=$((conns / $#)) i=0 files=() jobs_=()
  for p in "$@"; do
    rate "$p" "$per" >"$work/rate.$i" &
    jobs_+=($!)
    files+=("$work/rate.$i")
    i=$((i + 1))
  done
  for j in "${jobs_[@]}"; do wait "$j"; done
  awk '{s += $1} END {printf "%.0f", s}' "${files[@]}"
}
one=$(measure "$a")
two=$(measure "$a" "$b")
mixed=$(measure "$a" "$r")
ro=$(measure "$r")
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "## Past one machine: portal reads on one, two and replica servers ($(date -u +%F), load average $load)"
echo
echo "GET $path, wrk, $conns keep-alive connections in all, ${seconds} s each, 2 cores shared with wrk."
echo
echo "| servers | requests/s | × one server |"
echo "|---|---|---|"
awk -v o="$one" -v t="$two" -v m="$mixed" -v r="$ro" 'BEGIN {
  printf "| one `suiji serve` on the primary | %d | 1.00 |\n", o
  printf "| two `suiji serve` on the primary | %d | %.2f |\n", t, t / o
  printf "| one on the primary + one `--read-only` on the standby | %d | %.2f |\n", m, m / o
  printf "| one `--read-only` on the standby | %d | %.2f |\n", r, r / o
}'
