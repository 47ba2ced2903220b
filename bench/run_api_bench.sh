#!/usr/bin/env bash
# The task ceremony through the real HTTP API at province-like size: the demo district plus
# ROWS generated targets (1M by default), one ad hoc task over the whole district, on SQLite and
# on PostgreSQL (a throwaway cluster under BUILD_DIR, stopped afterwards). Each step is timed
# from the client (preview, target commit, reveal, GET task, GET bundle), with the server's peak
# RSS, beside peers measured in the same run: the draw engine alone on a pool of the same strata
# sizes, and the database's own `ORDER BY random() LIMIT k`. Writes the section
# "## Task ceremony through the API" of docs/performance.md (unless API_BENCH_NO_DOC=1).
#   bench/run_api_bench.sh [BUILD_DIR] [ROWS] [sqlite|postgresql|both]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
build=$(cd "${1:-$root/build}" && pwd)
rows=${2:-1000000}
which=${3:-both}
[ -n "${SUIJI_BIN:-}" ] || cmake --build "$build" -j2 --target suiji suiji_api_bench >/dev/null
bin="${SUIJI_BIN:-$build/suiji}"  # SUIJI_BIN: measure another build (e.g. before a change)
seed="$build/bench/suiji_api_bench"

work=$(mktemp -d "$build/api-bench.XXXXXX")
pgdir="$build/pg-api-bench"
pgport=${PG_PORT:-55443}
port=${API_BENCH_PORT:-18931}
server=""
cleanup() {
  bench_stop_server
  "$root/scripts/pgtmp.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

results="$work/results.jsonl"
run_one() {  # DIALECT URL
  local dialect=$1 url=$2 keys="$work/keys-$1"
  mkdir -p "$keys"
  local t0=$(date +%s.%N)
  "$seed" seed --db "$url" --keys "$keys" --rows "$rows" >&2
  echo "$dialect: seeded in $(echo "$(date +%s.%N) - $t0" | bc) s" >&2
  "$bin" serve --db "$url" --port "$port" --key-file "$keys/platform.ed25519" \
    --pii-key-file "$keys/pii.key" --checkpoint-minutes 0 >"$work/serve-$dialect.log" 2>&1 &
  server=$!
  bench_wait_health "$port"
  python3 "$root/bench/api_bench_drive.py" --port "$port" --server-pid "$server" \
    --engine "$seed" --db "$url" | sed "s/^{/{\"dialect\": \"$dialect\", /" | tee -a "$results"
  bench_stop_server
}

if [ "$which" != postgresql ]; then run_one sqlite "sqlite://$work/api.db"; fi
if [ "$which" != sqlite ]; then
  run_one postgresql "$(bench_fresh_pg "$pgdir" "$pgport")"
fi
load=$(cut -d' ' -f1 /proc/loadavg)

out="$work/section.md"
python3 - "$results" "$rows" "$load" "$(git -C "$root" rev-parse --short HEAD)" >"$out" <<'PY'
import json, sys, datetime
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
n, load, commit = int(sys.argv[2]), sys.argv[3], sys.argv[4]
print("## Task ceremony through the API")
print()
print(f"Measured by `bench/run_api_bench.sh` (`make bench-api`) on {datetime.date.today()}, commit "
      f"{commit}, one run, 2 cores shared with other work (load average {load} at the end). The demo "
      f"district plus {n:,} generated targets (`suiji_api_bench seed`), `suiji serve`, one ad hoc "
      "task of 金水区市场监督管理局 over the whole district (item SCJG-GS-01, the demo's tiers), "
      "each step timed by a client on loopback (bench/api_bench_drive.py; the bundle downloaded "
      "with curl, as a user would, and again with Python's http.client, in brackets: reading "
      "130 MB takes Python itself about half a second). *Engine* = "
      "`TargetDraw::Prepare` + `Reveal` alone on a pool of the same strata sizes in memory; "
      "*random()* = the database's `ORDER BY random() LIMIT quota` on the same targets table. "
      "Seconds; ratio = API step ÷ engine prepare + reveal. *Peak RSS*: the server's VmHWM, and "
      "in brackets the peak of its anonymous memory alone (sampled every 10 ms), without the "
      "database file's pages that SQLite reads through a mapping (ADR 0014).")
print()
print("| database | pool | locked | preview | commit | reveal | GET task | GET bundle | "
      "engine | random() | peak RSS |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    e = r["engine_prepare_s"] + r["engine_reveal_s"]
    print(f"| {r['dialect']} | {r['pool']:,} | {r['locked']:,} | {r['preview_s']:.2f} | "
          f"{r['commit_s']:.2f} | {r['reveal_s']:.2f} | {r['get_task_s']:.2f} "
          f"({r['task_bytes'] / 1e6:.1f} MB) | {r['bundle_s']:.2f} ({r['bundle_bytes'] / 1e6:.0f} MB; "
          f"{r.get('bundle_python_s', 0):.2f}) | "
          f"{e:.2f} | {r['order_by_random_s']:.2f} | {r['peak_rss_mib']} MiB "
          f"({r.get('peak_rss_anon_mib', '?')} anon) |")
print()
print("Each step ÷ the engine (prepare + reveal) and ÷ `ORDER BY random()`, same run:")
print()
print("| database | preview | commit | reveal | GET task | GET bundle |")
print("|---|---|---|---|---|---|")
for r in rows:
    e = r["engine_prepare_s"] + r["engine_reveal_s"]
    o = r["order_by_random_s"]
    cells = " | ".join(f"{r[k] / e:.2f}× / {r[k] / o:.2f}×" for k in
                       ("preview_s", "commit_s", "reveal_s", "get_task_s", "bundle_s"))
    print(f"| {r['dialect']} | {cells} |")
PY
cat "$out"
[ "${API_BENCH_NO_DOC:-0}" = 1 ] && exit 0

bench_write_section "Task ceremony through the API" "$out"
