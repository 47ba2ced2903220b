#!/usr/bin/env bash
# Runs every libFuzzer binary of a SUIJI_FUZZ=ON build for SECONDS each and writes a summary
# (executions, coverage, crashes) to REPORT. Called by `make fuzz`.
#   fuzz/run_fuzzers.sh BUILD_DIR SECONDS REPORT
# New inputs go to BUILD_DIR/fuzz-work/<name>/ (the committed seeds in fuzz/corpus/ are only
# read); crashes, leaks, timeouts and OOMs to BUILD_DIR/fuzz-artifacts/<name>/. Exit status 1
# when any fuzzer found one.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: run_fuzzers.sh BUILD_DIR SECONDS REPORT}
seconds=${2:?}
report=${3:?}
# FUZZ_TARGETS="bundle csv" limits the run to some targets.
read -r -a fuzzers <<<"${FUZZ_TARGETS:-json_body router bundle csv xlsx}"

rows=()
found=0
for name in "${fuzzers[@]}"; do
  bin="$build/fuzz/${name}_fuzzer"
  work="$build/fuzz-work/$name"
  artifacts="$build/fuzz-artifacts/$name"
  mkdir -p "$work" "$artifacts"
  if [ ! -x "$bin" ]; then
    echo "fuzz: $bin is not built" >&2
    rows+=("| \`$name\` | not run (not built) | | | | | | |")
    found=1
    continue
  fi
  log="$build/fuzz-work/$name.log"
  echo "fuzz: $name for ${seconds}s"
  start=$(date +%s)
  # -rss_limit_mb: the importers are allowed 16 MiB of decompressed parts here; anything near
  # 2 GiB is a bug. -timeout: one input taking 10 s is a hang.
  "$bin" "$work" "$here/fuzz/corpus/$name" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" -rss_limit_mb=2048 -timeout=10 -max_len=65536 >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  corpus=$(ls "$work" | wc -l)
  crashes=$(ls "$artifacts" | wc -l)
  if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
    found=1
    echo "fuzz: $name FAILED (exit $rc) — see $log and $artifacts"
    grep -m1 -A3 'ERROR:\|invariant violated\|deadly signal' "$log" || true
  fi
  rows+=("| \`$name\` | ${took} s | ${execs:-?} | ${cov:-?} | ${ft:-?} | $corpus | $crashes | $([ "$rc" = 0 ] && echo ok || echo "exit $rc") |")
done

{
  echo "# Reliability: \`make fuzz\` results"
  echo
  echo "The bounded fuzzers of issue 9 (fuzz/*_fuzzer.cc, seeds in fuzz/corpus/) run with libFuzzer,"
  echo "AddressSanitizer and UndefinedBehaviorSanitizer (Debian clang $(clang++ --version | head -1 | grep -o '[0-9][0-9.]*' | head -1))."
  echo "Each target's invariants are stated in its header comment; a violated invariant aborts, so it"
  echo "counts as a crash. The same targets run in \`make test\` (ctest label \`fuzz\`) over the seeds"
  echo "plus 2,000 deterministic mutations each, built with g++ and no sanitizer."
  echo
  echo "Latest run: $(date -u '+%Y-%m-%d %H:%M') UTC, FUZZ_SECONDS=$seconds per target."
  echo
  echo "| target | time | executions | coverage (edges) | features | new corpus inputs | crashes / leaks / timeouts | libFuzzer |"
  echo "|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Reproduce: \`make fuzz\` (FUZZ_SECONDS=120 by default; \`FUZZ_SECONDS=600 make fuzz\` for longer)."
  echo "A crash input found in build-fuzz/fuzz-artifacts/NAME/ replays with"
  echo "\`build-fuzz/fuzz/NAME_fuzzer FILE\` or, without clang, \`build/fuzz/suiji_fuzz_NAME FILE\`."
  echo "Fixed crashes are kept as regression inputs in fuzz/corpus/NAME/ (run by \`make test\`)."
} >"$report.tmp"
if [ -f "$report" ] && grep -q '^## Findings' "$report"; then
  sed -n '/^## Findings/,$p' "$report" >>"$report.tmp.findings"
  { echo; cat "$report.tmp.findings"; } >>"$report.tmp"
  rm -f "$report.tmp.findings"
fi
mv "$report.tmp" "$report"
echo "fuzz: summary in $report"
exit $found
