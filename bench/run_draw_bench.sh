#!/usr/bin/env bash
# Builds and runs the draw engine benchmark, with a throwaway PostgreSQL for the peer
# comparison, and writes its "## Draw engine" section into docs/performance.md.
#   bench/run_draw_bench.sh [--skip-10m]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
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

# Replace the section (from its heading to the next "## " heading) or append it.
doc="$root/docs/performance.md"
mkdir -p "$root/docs"
[ -f "$doc" ] || printf '# Performance\n\nMeasured numbers, each section written by the script named in it.\n\n' >"$doc"
python3 - "$doc" "$out" <<'PY'
import re, sys
doc, new = open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read().strip() + "\n"
pattern = re.compile(r"^## Draw engine\n.*?(?=^## |\Z)", re.S | re.M)
doc = pattern.sub(lambda m: new + "\n", doc) if pattern.search(doc) else doc.rstrip("\n") + "\n\n" + new
open(sys.argv[1], "w", encoding="utf-8").write(doc)
PY
rm -f "$out"
echo "wrote $doc"
