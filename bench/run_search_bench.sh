#!/usr/bin/env bash
# The public result search (issue 15) at TARGETS generated targets (10M) and ROWS published
# results (1M), on SQLite and on PostgreSQL (a throwaway cluster under BUILD_DIR, stopped
# afterwards): bench/search_bench.cc seeds with SQL and bulk inserts, runs the search migration on
# the existing rows (timed), then a mix of public queries through the store functions the service
# calls, against the peer measured in the same run on the same database — the plain
# `credit_code = q OR instr/strpos(name, q) > 0` scan with an exact COUNT(*) the search was
# before. Then the same queries through `suiji serve` over HTTP (GET /api/v1/public/results,
# page 1 of 20). Writes the section "## Public result search" of docs/performance.md (unless
# SEARCH_BENCH_NO_DOC=1). Needs ~10 GB of disk at the default size; a quick run:
#   bench/run_search_bench.sh build 20000 200000
#   bench/run_search_bench.sh [BUILD_DIR] [ROWS] [TARGETS] [sqlite|postgresql|both]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
build=$(cd "${1:-$root/build}" && pwd)
rows=${2:-1000000}
targets=${3:-10000000}
which=${4:-both}
cmake --build "$build" -j2 --target suiji suiji_search_bench >/dev/null
bin="$build/suiji"
bench="$build/bench/suiji_search_bench"

work=$(mktemp -d "$build/search-bench.XXXXXX")
pgdir="$build/pg-search-bench"
pgport=${PG_PORT:-55463}
port=${SEARCH_BENCH_PORT:-18951}
server=""
cleanup() {
  bench_stop_server
  "$root/scripts/pgtmp.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

results="$work/results.jsonl"
run_one() {  # DIALECT URL
  local dialect=$1 url=$2
  "$bench" --db "$url" --targets "$targets" --rows "$rows" --repeat 3 \
    --queries-out "$work/queries-$dialect.tsv" | tee -a "$results"
  mkdir -p "$work/keys-$dialect"
  "$bin" serve --db "$url" --port "$port" --key-file "$work/keys-$dialect/platform.ed25519" \
    --checkpoint-minutes 0 >"$work/serve-$dialect.log" 2>&1 &
  server=$!
  bench_wait_health "$port" 150
  python3 - "$port" "$dialect" "$work/queries-$dialect.tsv" <<'PY' | tee -a "$results"
import http.client, json, sys, time, urllib.parse
port, dialect, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
queries = [l.rstrip("\n").split("\t", 1) for l in open(path, encoding="utf-8") if "\t" in l]
conn = http.client.HTTPConnection("127.0.0.1", port)
ms = []
for _ in range(2):
    for _, q in queries:
        t = time.perf_counter()
        conn.request("GET", "/api/v1/public/results?limit=20&q=" + urllib.parse.quote(q))
        r = conn.getresponse()
        body = r.read()
        ms.append((time.perf_counter() - t) * 1000)
        if r.status != 200:
            sys.exit(f"HTTP {r.status} for {q}: {body[:200]!r}")
ms.sort()
pct = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]
print(json.dumps({"dialect": dialect, "category": "all", "plan": "http", "n": len(ms),
                  "p50": round(pct(0.5), 2), "p95": round(pct(0.95), 2), "p99": round(pct(0.99), 2),
                  "max": round(ms[-1], 2)}))
PY
  bench_stop_server
}

if [ "$which" != postgresql ]; then run_one sqlite "sqlite://$work/search.db"; fi
if [ "$which" != sqlite ]; then
  run_one postgresql "$(bench_fresh_pg "$pgdir" "$pgport")"
fi
load=$(cut -d' ' -f1-3 /proc/loadavg)

out="$work/section.md"
python3 - "$results" "$load" "$(git -C "$root" rev-parse --short HEAD)" >"$out" <<'PY'
import json, sys, datetime
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.startswith("{")]
load, commit = sys.argv[2], sys.argv[3]
seeds = {l["dialect"]: l["seed"] for l in lines if "seed" in l}
stats = [l for l in lines if "plan" in l]
mism = {l["dialect"]: l["mismatches"] for l in lines if "mismatches" in l}
any_seed = next(iter(seeds.values()))
print("## Public result search")
print()
print(f"Measured by `bench/run_search_bench.sh` (`make bench`) on {datetime.date.today()}, commit "
      f"{commit}, one run, 2 cores shared with other engineers' builds (load average {load} at the "
      f"end). {any_seed['targets']:,} generated targets and {any_seed['publications']:,} published "
      "results with generated enterprise names (bench/search_bench.cc), then migration "
      "0018_result_search on them. Each query as the portal asks it: page 1 of 20 plus the count "
      "capped at 10,000 (`SearchAndCountPublications`, as the service asks), 3 times; *scan* = the same "
      "query the way the search was before (`credit_code = q OR instr/strpos(name, q) > 0`, exact "
      "`COUNT(*)`), once, same database, same run — and both must return the same first page "
      "and count (mismatches: " + ", ".join(f"{d} {n}" for d, n in mism.items()) + "). "
      "*http* = the indexed queries through `suiji serve`, GET /api/v1/public/results from a "
      "client on loopback, twice each. Milliseconds.")
print()
print("| database | seed targets | seed publications | migration 0018 (index the existing rows) |")
print("|---|---|---|---|")
for d, s in seeds.items():
    print(f"| {d} | {s['targets_s']:.0f} s | {s['publications_s']:.0f} s | {s['migration_s']:.1f} s |")
print()
print("| database | queries | n | indexed p50 | p95 | p99 | scan p50 | p95 | p99 | scan ÷ indexed (p95) |")
print("|---|---|---|---|---|---|---|---|---|---|")
by = {(l["dialect"], l["category"], l["plan"]): l for l in stats}
for (d, c, p), l in by.items():
    if p != "indexed":
        continue
    s = by.get((d, c, "scan"))
    ratio = f"{s['p95'] / l['p95']:.0f}×" if s and l["p95"] > 0 else ""
    sc = f"{s['p50']:.1f} | {s['p95']:.1f} | {s['p99']:.1f}" if s else " | | "
    print(f"| {d} | {c} | {l['n']} | {l['p50']:.1f} | {l['p95']:.1f} | {l['p99']:.1f} | {sc} | {ratio} |")
for (d, c, p), l in by.items():
    if p == "http":
        print(f"| {d} | all, through HTTP | {l['n']} | {l['p50']:.1f} | {l['p95']:.1f} | {l['p99']:.1f} | | | | |")
PY
cat "$out"
[ "${SEARCH_BENCH_NO_DOC:-0}" = 1 ] && exit 0

bench_write_section "Public result search" "$out"
