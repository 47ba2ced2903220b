#!/usr/bin/env bash
# Province scale (issue 15), `make scale`: not part of `make test` nor of `make bench`; meant to
# finish within 30 minutes on 2 cores. Runs, end to end:
#   1. `suiji import targets` of ROWS (10M) generated targets from one CSV file into an empty
#      directory, on SQLite and on PostgreSQL (a throwaway cluster under BUILD_DIR): wall time,
#      the CLI's CPU seconds and peak RSS, and on PostgreSQL the server's CPU seconds;
#   2. the draw engine's 10M row (`suiji_draw_bench --part 10m`: prepare, reveal, peak RSS);
#   3. the task ceremony through the HTTP API at ROWS targets (bench/run_api_bench.sh);
#   4. bench/run_scale_multiprocess.sh BUILD_DIR, when that script exists.
# Writes the section "## Province scale (10M)" of docs/performance.md. Everything it creates
# (the CSV, the databases, the cluster) lives under BUILD_DIR and is deleted at the end.
#   bench/run_scale.sh [BUILD_DIR] [ROWS]    SCALE_SKIP="api multiprocess" skips steps by name
#   (import, engine, api, multiprocess).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
build=$(cd "${1:-$root/build}" && pwd)
rows=${2:-10000000}
skip=" ${SCALE_SKIP:-} "
cmake --build "$build" -j2 --target suiji suiji_registers_bench suiji_draw_bench >/dev/null
bin="$build/suiji"
seed="$build/bench/suiji_registers_bench"

work=$(mktemp -d "$build/scale.XXXXXX")
pgdir="$build/pg-scale"
port=${PG_PORT:-55447}
cleanup() {
  "$root/scripts/pgtmp.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
results="$work/results.md"
: >"$results"
started=$(date +%s)

# CPU seconds (user + system) of a process and of its reaped children: the PostgreSQL postmaster
# reaps the backends, so its children's time is the server's work for connections now closed.
proc_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ s = $0; sub(/^.*\) /, "", s); split(s, f, " ");
    printf "%.2f\n", (f[12] + f[13] + f[14] + f[15]) / hz }' "/proc/$1/stat"
}

import_row() {  # DIALECT URL KEYS_DIR
  local dialect=$1 url=$2 keys=$3 pm="" cpu0=0 cpu1=0 server="" t
  [[ $dialect == postgresql ]] && pm=$(head -1 "$pgdir/data/postmaster.pid" 2>/dev/null ||
    head -1 "$pgdir/postmaster.pid")
  [ -n "$pm" ] && cpu0=$(proc_cpu "$pm")
  # %e wall, %U user, %S system, %M peak RSS (KiB) of the CLI.
  t=$(/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" import targets "$work/targets.csv" \
    --db "$url" --key-file "$keys/platform.ed25519" --pii-key-file "$keys/pii.key" \
    >"$work/import-$dialect.out" 2>&1 && cat "$work/time") || {
    cat "$work/import-$dialect.out" >&2
    return 1
  }
  [ -n "$pm" ] && cpu1=$(proc_cpu "$pm") && server=$(echo "$cpu1 - $cpu0" | bc)
  read -r wall user sys rss <<<"$t"
  python3 - "$dialect" "$rows" "$wall" "$user" "$sys" "$rss" "${server:-}" \
    "$(stat -c %s "$work/targets.csv")" >>"$results" <<'PY'
import sys
d, n, wall, user, sys_, rss, server, size = sys.argv[1:]
n, wall, cpu, rss = int(n), float(wall), float(user) + float(sys_), int(rss)
server = f"{float(server):.1f} s" if server else "(in-process)"
print(f"| import, {d} | {n:,} targets from CSV ({int(size) / 1e9:.2f} GB) | {wall:.1f} s "
      f"({n / wall:,.0f}/s) | CLI CPU {cpu:.1f} s, server CPU {server} | {rss / 1024:,.0f} MiB |")
PY
  tail -1 "$results"
}

if [[ $skip != *" import "* ]]; then
  mkdir -p "$work/keys-sqlite" "$work/keys-postgresql"
  # The SQLite database with its organisations, and the file (streamed, not held in memory).
  "$seed" --db "sqlite://$work/scale.db" --rows "$rows" --write-file "$work/targets.csv"
  import_row sqlite "sqlite://$work/scale.db" "$work/keys-sqlite"
  rm -f "$work/scale.db" "$work/scale.db-wal" "$work/scale.db-shm"
  pgurl=$(bench_fresh_pg "$pgdir" "$port")
  "$seed" --db "$pgurl" --rows 0 --write-file "$work/empty.csv"
  import_row postgresql "$pgurl" "$work/keys-postgresql"
  "$root/scripts/pgtmp.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$pgdir" "$work/targets.csv"
fi

if [[ $skip != *" engine "* ]]; then
  # suiji_draw_bench --part 10m prints: n, prepare and reveal wall seconds, their CPU seconds,
  # RSS before and at peak (KiB), and PostgreSQL's ORDER BY random() on the same pool (s).
  pgurl=$(bench_fresh_pg "$pgdir" "$port")
  read -r n prep rev prep_cpu rev_cpu rss_in rss pg10 < <("$build/bench/suiji_draw_bench" \
    --part 10m --pg-url "$pgurl")
  "$root/scripts/pgtmp.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$pgdir"
  printf '| draw engine, 1 stratum, 3%%, %s threads | %s candidates | prepare %.2f s + reveal %.2f s = %.2f s; PostgreSQL `ORDER BY random()` on the same pool %.2f s (%.1f× the engine) | %.2f s | %s MiB (input %s MiB) |\n' \
    "$(nproc)" "$(printf "%'d" "$n")" "$prep" "$rev" "$(echo "$prep + $rev" | bc)" "$pg10" \
    "$(echo "$pg10 / ($prep + $rev)" | bc -l)" "$(echo "$prep_cpu + $rev_cpu" | bc)" \
    "$((rss / 1024))" "$((rss_in / 1024))" | tee -a "$results"
fi

if [[ $skip != *" api "* ]]; then
  # Its own section stays as `make bench-api` wrote it; its rows are copied here.
  API_BENCH_NO_DOC=1 "$root/bench/run_api_bench.sh" "$build" "$rows" | tee "$work/api.out" || true
  python3 - "$work/api.out" >>"$results" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    steps = ", ".join(f"{k[:-2].replace('_', ' ')} {v:.2f} s" for k, v in r.items()
                      if k.endswith("_s") and not k.startswith("engine")
                      and not k.endswith("_cpu_s"))
    rss = f"{r.get('peak_rss_mib', '')} MiB ({r.get('peak_rss_anon_mib', '?')} anon)"
    print(f"| API ceremony, {r.get('dialect')} | pool {r.get('pool', 0):,}, locked "
          f"{r.get('locked', 0):,} | {steps} | | {rss} |")
PY
fi

if [[ $skip != *" multiprocess "* && -x "$root/bench/run_scale_multiprocess.sh" ]]; then
  "$root/bench/run_scale_multiprocess.sh" "$build" | tee "$work/multi.out" || true
  grep '^|' "$work/multi.out" >"$work/multi.md" || true
fi
load=$(cut -d' ' -f1 /proc/loadavg)
minutes=$((($(date +%s) - started + 59) / 60))

out="$work/section.md"
{
  echo "## Province scale (10M)"
  echo
  echo "Measured by \`make scale\` (bench/run_scale.sh) on $(date -u +%Y-%m-%d), commit"
  echo "$(git -C "$root" rev-parse --short HEAD), one run of $minutes min, 2 cores shared with other work"
  echo "(load average $load at the end). *Import*: \`suiji import targets\` of one CSV file of"
  echo "generated targets (registers_bench's rows: valid 统一社会信用代码, 13 columns filled, a third"
  echo "with a licence tag, 2% in a 专项库) into an empty directory with its organisations — read,"
  echo "validate every cell, write, history, audit entry, commit; wall time, the CLI's CPU seconds"
  echo "(user + system) and peak RSS (\`/usr/bin/time\`; the file is mapped, so its pages read so far"
  echo "count in the RSS while the kernel keeps them), and on PostgreSQL the server's CPU seconds."
  echo "*Engine*: \`suiji_draw_bench --part 10m\`. *API*: \`bench/run_api_bench.sh BUILD $rows\`"
  echo "(the demo plus the generated targets, one task over the whole district, each step timed by"
  echo "a client; RSS is the server's)."
  echo
  echo "| what | size | time | CPU | peak RSS |"
  echo "|---|---|---|---|---|"
  cat "$results"
  echo
  if [ -s "$work/multi.md" ]; then
    echo "Several processes (bench/run_scale_multiprocess.sh, wrk on \`GET /api/v1/public/tasks\`):"
    echo
    cat "$work/multi.md"
    echo
  fi
  echo "Reproduce: \`make scale\` (BUILD=build; SCALE_ROWS=N for another size; SCALE_SKIP=\"api\""
  echo "leaves a step out). Needs about 10 GB free under the build directory and 8 GB of memory."
} >"$out"

bench_write_section "Province scale (10M)" "$out"
