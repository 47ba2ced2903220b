#!/usr/bin/env bash
# Builds and runs the draw engine benchmark, with a throwaway PostgreSQL for the peer
# comparison, and writes its "## Draw engine" section into docs/performance.md.
#   bench/run_draw_bench.sh [--skip-10m]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
build=${BUILD_DIR:-$root/build}
cd "$root"

cmake -S . -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j2 --target suiji_draw_bench

pgdir="$build/pg-draw-bench"
port=${PG_PORT:-55437}
"$root/scripts/pgtmp.sh" stop "$pgdir" 2>/dev/null || true
url=$("$root/scripts/pgtmp.sh" start "$pgdir" "$port")
trap '"$root/scripts/pgtmp.sh" stop "$pgdir"' EXIT

out=$(mktemp)
"$build/bench/suiji_draw_bench" --pg-url "$url" --python python3 --verifier "$root/tools/verify_draw.py" "$@" | tee "$out"

bench_write_section "Draw engine" "$out"
rm -f "$out"
