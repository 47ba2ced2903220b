#!/usr/bin/env bash
# The task ceremony's reveal (POST /tasks/{id}/reveal's service path) at the demo's size, beside
# the draw engine alone on the same pool, on SQLite and on PostgreSQL (a throwaway cluster under
# BUILD_DIR, stopped afterwards). Writes the "## Task ceremony" section of docs/performance.md.
#   bench/run_ceremony_bench.sh [BUILD_DIR] [REPEAT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
build=$(cd "${1:-$root/build}" && pwd)
repeat=${2:-5}
bin="$build/bench/suiji_ceremony_bench"
[ -x "$bin" ] || cmake --build "$build" -j2 --target suiji_ceremony_bench >/dev/null

work=$(mktemp -d "$build/ceremony-bench.XXXXXX")
pgdir="$build/pg-ceremony-bench"
port=${PG_PORT:-55441}
cleanup() {
  "$root/scripts/pgtmp.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$root/scripts/pgtmp.sh" stop "$pgdir" >/dev/null 2>&1 || true
url=$("$root/scripts/pgtmp.sh" start "$pgdir" "$port")

results="$work/results.md"
"$bin" --db "sqlite://$work/ceremony.db" --repeat "$repeat" | tee -a "$results"
"$bin" --db "$url" --repeat "$repeat" | tee -a "$results"
load=$(cut -d' ' -f1 /proc/loadavg)

out="$work/section.md"
{
  echo "## Task ceremony"
  echo
  echo "Measured by \`bench/run_ceremony_bench.sh\` (bench/ceremony_bench.cc) on $(date -u +%Y-%m-%d),"
  echo "2 cores shared with other work (load average $load at the end). The demo district (20,400"
  echo "targets), an ad hoc task of 金水区市场监督管理局 over all of them at 5%: commit, one witness,"
  echo "then *reveal* — \`TaskService::RevealTargets\`, the service path of \`POST /tasks/{id}/reveal\`:"
  echo "reveal the draw, lock the targets, write the placeholder inspections, the audit entries, commit,"
  echo "and load the task for the answer. *Engine* is \`TargetDraw::Prepare\` + \`Reveal\` alone on the"
  echo "same pool in memory (the floor). Median of $repeat tasks, milliseconds."
  echo
  echo "| database | pool | locked targets | tasks | reveal | engine | reveal ÷ engine |"
  echo "|---|---|---|---|---|---|---|"
  cat "$results"
} >"$out"

bench_write_section "Task ceremony" "$out"
