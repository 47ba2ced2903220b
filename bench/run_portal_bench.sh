#!/usr/bin/env bash
# Published-result lookups, the portal's busiest public read (SPEC §NFR: ≥ 10,000 req/s on
# 2 cores with p99 < 50 ms): `suiji serve` on a database of TARGETS generated targets and ROWS
# published results (seeded by suiji_search_bench --repeat 0), on SQLite and on PostgreSQL (a
# throwaway cluster under BUILD_DIR). 1,000 publications taken from the portal's own listing
# are looked up in turn — by 统一社会信用代码 (GET /api/v1/public/results?limit=20&q=CODE, what
# the portal's search box sends for a code) and by publication number (GET
# /api/v1/public/results/NO) — with wrk, keep-alive, against the peer measured alternately in
# the same run: nginx serving the very same response bodies as static files. Writes the section
# "## Published-result lookups" of docs/performance.md (unless PORTAL_BENCH_NO_DOC=1).
#   bench/run_portal_bench.sh [BUILD_DIR] [TARGETS] [ROWS] [sqlite|postgresql|both]
#   (make bench-portal; BENCH_SECONDS per measure, default 10; BENCH_ROUNDS, default 2;
#    BENCH_CONNECTIONS, default 32)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
build=$(cd "${1:-$root/build}" && pwd)
targets=${2:-1000000}
rows=${3:-1000000}
which=${4:-both}
seconds=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-2}
conns=${BENCH_CONNECTIONS:-32}
bench_need_debian bench-portal nginx-light wrk
cmake --build "$build" -j2 --target suiji suiji_search_bench >/dev/null

work=$(mktemp -d "$build/portal-bench.XXXXXX")
chmod 755 "$work"
pgdir="$build/pg-portal-bench"
pgport=${PG_PORT:-55467}
server=""
nginx_pid=""
cleanup() {
  bench_stop_server
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  "$root/scripts/pgtmp.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# nginx over $work/static, which each database's run fills with its response bodies.
mkdir -p "$work/static"
nginx_port=$(bench_free_port)
bench_start_nginx "$work" "$nginx_port" "$work/static" "types { application/json json; }"

# wrk over the paths in FILE on PORT: "req/s p50_ms p99_ms non2xx".
measure() {
  local port=$1 file=$2
  PORTAL_PATHS=$file wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$root/bench/portal_lookups.lua" \
    "http://127.0.0.1:$port" | awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
      /Non-2xx/ { bad = $NF }
      END { printf "%s %.2f %.2f %d\n", rps + 0, p50, p99, bad + 0 }'
}

results="$work/results.txt"
run_one() {  # DIALECT URL
  local dialect=$1 url=$2 port
  echo "bench-portal: seeding $dialect ($targets targets, $rows publications)" >&2
  "$build/bench/suiji_search_bench" --db "$url" --targets "$targets" --rows "$rows" --repeat 0 \
    >"$work/seed-$dialect.json"
  port=$(bench_free_port)
  mkdir -p "$work/keys-$dialect"
  "$build/suiji" serve --db "$url" --port "$port" --key-file "$work/keys-$dialect/platform.ed25519" \
    --checkpoint-minutes 0 >"$work/serve-$dialect.log" 2>&1 &
  server=$!
  bench_wait_health "$port" 150
  # 1,000 publications from the portal's listing (10 pages spread over its first 10,000), each
  # response fetched once: it warms the server and becomes nginx's file of the same bytes.
  python3 - "$port" "$dialect" "$work" <<'PY'
import http.client, json, os, sys, urllib.parse
port, dialect, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port)
def get(path):
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"HTTP {r.status} for {path}: {body[:200]!r}")
    return body
pubs = []
for page in range(10):
    pubs += json.loads(get(f"/api/v1/public/results?limit=100&offset={page * 997}"))["items"]
for kind in ("code", "no"):
    os.makedirs(f"{work}/static/{dialect}/{kind}", exist_ok=True)
    with open(f"{work}/paths-{dialect}-{kind}-suiji", "w") as s, \
         open(f"{work}/paths-{dialect}-{kind}-nginx", "w") as n:
        for i, p in enumerate(pubs):
            path = ("/api/v1/public/results?limit=20&q=" + urllib.parse.quote(p["credit_code"])
                    if kind == "code" else "/api/v1/public/results/" + urllib.parse.quote(p["publication_no"]))
            body = get(path)
            if kind == "code" and p["publication_no"] not in body.decode():
                sys.exit(f"lookup of {p['credit_code']} misses {p['publication_no']}")
            open(f"{work}/static/{dialect}/{kind}/{i}.json", "wb").write(body)
            s.write(path + "\n")
            n.write(f"/{dialect}/{kind}/{i}.json\n")
print(f"bench-portal: {len(pubs)} publications to look up", file=sys.stderr)
PY
  for kind in code no; do
    local best_s="0 0 0 0" best_n="0 0 0 0" s n
    for _ in $(seq 1 "$rounds"); do
      # Alternating rounds, best of each: other load on the machine lowers a round.
      s=$(measure "$port" "$work/paths-$dialect-$kind-suiji")
      n=$(measure "$nginx_port" "$work/paths-$dialect-$kind-nginx")
      [ "$(echo "$s" | awk '{print $4}')" = 0 ] || { echo "non-2xx answers from suiji: $s" >&2; exit 1; }
      best_s=$(printf '%s\n%s\n' "$best_s" "$s" | sort -g -k1 | tail -1)
      best_n=$(printf '%s\n%s\n' "$best_n" "$n" | sort -g -k1 | tail -1)
    done
    echo "$dialect $kind $best_s $best_n" | tee -a "$results" >&2
  done
  bench_stop_server
}

if [ "$which" != postgresql ]; then run_one sqlite "sqlite://$work/portal.db"; fi
if [ "$which" != sqlite ]; then run_one postgresql "$(bench_fresh_pg "$pgdir" "$pgport")"; fi
load=$(cut -d' ' -f1-3 /proc/loadavg)

out="$work/section.md"
python3 - "$results" "$load" "$(git -C "$root" rev-parse --short HEAD)" "$targets" "$rows" \
  "$seconds" "$rounds" "$conns" >"$out" <<'PY'
import datetime, sys
path, load, commit, targets, rows, seconds, rounds, conns = sys.argv[1:9]
print("## Published-result lookups")
print()
print(f"Measured by `bench/run_portal_bench.sh` (`make bench-portal`, part of `make bench`) on "
      f"{datetime.date.today()}, commit {commit}, 2 cores shared with the load generator (load "
      f"average {load} at the end). A database of {int(targets):,} generated targets and "
      f"{int(rows):,} published results (bench/search_bench.cc); 1,000 of the publications, taken "
      "from the portal's listing, looked up in turn by wrk (2 threads, "
      f"{conns} keep-alive connections, {seconds} s, best of {rounds} rounds alternating with the "
      "peer): *by code* = `GET /api/v1/public/results?limit=20&q=统一社会信用代码` (what the portal's "
      "search sends for a code), *by number* = `GET /api/v1/public/results/{no}`. The peer is nginx "
      "serving the same 1,000 response bodies as static files, in the same run. Latencies are "
      "wrk's, in ms, of suiji's best round. SPEC §NFR asks ≥ 10,000 req/s on 2 cores with p99 "
      "< 50 ms.")
print()
print("| database | lookup | suiji req/s | p50 | p99 | nginx req/s (same bodies) | suiji ÷ nginx |")
print("|---|---|---:|---:|---:|---:|---:|")
for line in open(path):
    d, kind, s, s50, s99, _, n, _, _, _ = line.split()
    s, n = float(s), float(n)
    ratio = f"{s / n:.2f}×" if n else "n/a"
    label = "by code" if kind == "code" else "by number"
    print(f"| {d} | {label} | {s:,.0f} | {float(s50):.2f} | {float(s99):.2f} | {n:,.0f} | {ratio} |")
print()
print("Reproduce: `make bench-portal` (installs nginx-light and wrk from Debian if missing; "
      "`bench/run_portal_bench.sh build 100000 100000 sqlite` for a quick run). The ratios are the "
      "stable part; absolute rates move with the machine's load, and wrk takes part of the two "
      "cores the server has.")
PY
cat "$out"
[ "${PORTAL_BENCH_NO_DOC:-0}" = 1 ] && exit 0
bench_write_section "Published-result lookups" "$out"
