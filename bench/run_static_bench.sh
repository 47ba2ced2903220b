#!/usr/bin/env bash
# Static serving: `suiji serve` against nginx serving the same web/dist in the same run (wrk,
# keep-alive), request rates and their ratio for a small and the largest asset on 1 and 32
# connections, plus the bytes a browser transfers for a first load of the portal. Writes its
# "## Static serving" section into docs/performance.md.
#   bench/run_static_bench.sh [BUILD_DIR]      (make bench-static; BENCH_SECONDS per measure, default 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
build=${1:-${BUILD_DIR:-$root/build}}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
seconds=${BENCH_SECONDS:-5}
rounds=${BENCH_ROUNDS:-2}
cd "$root"

# The peer and the load generator, from Debian: installed once, quietly.
bench_need_debian bench-static nginx-light wrk
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

cmake -S . -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j2 --target suiji >/dev/null
[ -f web/dist/index.html ] || (cd web && npm run --silent build >/dev/null)
dist="$root/web/dist"

work=$(mktemp -d)
chmod 755 "$work"
suiji_pid=""
nginx_pid=""
cleanup() {
  [ -n "$suiji_pid" ] && kill "$suiji_pid" 2>/dev/null && wait "$suiji_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

suiji_port=$(bench_free_port)
"$build/suiji" migrate --db "sqlite://$work/suiji.db" >/dev/null 2>&1
"$build/suiji" serve --db "sqlite://$work/suiji.db" --port "$suiji_port" --web-root "$dist" \
  >"$work/suiji.log" 2>&1 &
suiji_pid=$!

nginx_port=$(bench_free_port)
bench_start_nginx "$work" "$nginx_port" "$dist" \
  "include /etc/nginx/mime.types; sendfile on; tcp_nopush on;" \
  'location / { try_files $uri /index.html; }'

for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$suiji_port/api/v1/health" >/dev/null 2>&1 &&
    curl -sf "http://127.0.0.1:$nginx_port/" >/dev/null 2>&1 && break
  sleep 0.1
done

small="/favicon.svg"
large="/assets/$(ls -S "$dist/assets" | grep '\.js$' | head -1)"
small_bytes=$(stat -c %s "$dist$small")
large_bytes=$(stat -c %s "$dist$large")
# Warm both (suiji reads and encodes each file once, on its first request).
for p in "$small" "$large"; do
  for enc in "" "br" "gzip"; do
    curl -sf -o /dev/null -H "Accept-Encoding: $enc" "http://127.0.0.1:$suiji_port$p"
    curl -sf -o /dev/null -H "Accept-Encoding: $enc" "http://127.0.0.1:$nginx_port$p"
  done
done

# wrk's Requests/sec for URL on CONNS keep-alive connections (extra header optional).
rate() {
  local url=$1 conns=$2 header=${3:-}
  local threads=1
  [ "$conns" -gt 1 ] && threads=2
  if [ -n "$header" ]; then
    wrk -t"$threads" -c"$conns" -d"${seconds}s" -H "$header" "$url"
  else
    wrk -t"$threads" -c"$conns" -d"${seconds}s" "$url"
  fi | awk '/^Requests\/sec/ {print $2; found = 1} END {if (!found) print 0}'
}

out="$work/section.md"
{
  echo "## Static serving"
  echo
  echo "Written by \`make bench-static\` (bench/run_static_bench.sh) on $(date -u +%Y-%m-%d), $(nproc) cores,"
  echo "$(wrk --version 2>&1 | head -1 | awk '{print $1, $2}'), $("$nginx_bin" -v 2>&1 | sed 's/.*: //') (worker_processes auto, sendfile,"
  echo "access log on) against \`suiji serve\` (default 8 threads, request log on) on the same \`web/dist\`,"
  echo "measured alternately in the same run ($rounds rounds of ${seconds} s each, the best round of each"
  echo "server), keep-alive, plain (identity) requests — the same bytes from both. The load generator"
  echo "shares the machine's cores; load average at the start: $(cut -d' ' -f1 /proc/loadavg)."
  echo
  echo "| asset | connections | suiji req/s | nginx req/s | ratio |"
  echo "|---|---:|---:|---:|---:|"
} >"$out"
for spec in "small:$small:$small_bytes" "largest JS:$large:$large_bytes"; do
  IFS=: read -r label path bytes <<<"$spec"
  for conns in 1 32; do
    # Alternating rounds, best of each: other load on the machine lowers a round, never raises it.
    s=0
    n=0
    for _ in $(seq 1 "$rounds"); do
      s=$(python3 -c "print(max($s, $(rate "http://127.0.0.1:$suiji_port$path" "$conns")))")
      n=$(python3 -c "print(max($n, $(rate "http://127.0.0.1:$nginx_port$path" "$conns")))")
    done
    ratio=$(python3 -c "print(f'{$s/$n:.2f}×' if $n else 'n/a')")
    echo "| $label \`$path\` ($bytes B) | $conns | $s | $n | $ratio |" >>"$out"
    echo "$label $path $conns conns: suiji $s req/s, nginx $n req/s, ratio $ratio" >&2
  done
done
br_rate=$(rate "http://127.0.0.1:$suiji_port$large" 32 "Accept-Encoding: br, gzip")
br_bytes=$(curl -s -H 'Accept-Encoding: br, gzip' "http://127.0.0.1:$suiji_port$large" | wc -c)
gz_bytes=$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$suiji_port$large" | wc -c)
one_conn=$(rate "http://127.0.0.1:$suiji_port$small" 1)
{
  echo
  echo "With \`Accept-Encoding: br, gzip\` suiji serves the largest JS ($large_bytes B) as brotli"
  echo "($br_bytes B; gzip $gz_bytes B) at $br_rate req/s on 32 connections (encoded once, then from"
  echo "memory). One keep-alive connection answers $one_conn small requests/s, i.e. no request waits"
  echo "for a delayed ACK (the 43 ms stall of issue 15 capped one connection at 23 req/s)."
} >>"$out"

# A first load of the portal in chromium: every response's transferred bytes (headers + encoded
# body), the page's own assets apart from its API calls.
load=$(SUIJI_BASE_URL="http://127.0.0.1:$suiji_port" node "$root/bench/static_first_load.mjs")
echo "$load" >&2
python3 - "$load" >>"$out" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
kb = lambda b: f"{b / 1000:.1f} KB"
print()
print("First load of the portal (`/`) in Debian chromium with `Accept-Encoding: br, gzip`, empty cache:")
print(f"{r['static_requests']} requests for index.html and its assets transferring {kb(r['static_bytes'])}"
      f" (headers included; {kb(r['static_identity_bytes'])} decoded), plus {r['api_requests']} API call(s)"
      f" ({kb(r['api_bytes'])}). Goal: ≤ 500 KB.")
PY
{
  echo
  echo "Reproduce: \`make bench-static\` (installs nginx-light and wrk from Debian if missing; builds"
  echo "\`suiji\` and \`web/dist\` when needed; \`BENCH_SECONDS=10 BENCH_ROUNDS=3\` for longer runs). The ratios are the"
  echo "stable part; absolute rates move with the machine's load."
} >>"$out"
cat "$out"

bench_write_section "Static serving" "$out"
