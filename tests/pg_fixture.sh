#!/usr/bin/env bash
# ctest fixture: start/stop the throwaway PostgreSQL cluster shared by one test run.
#   pg_fixture.sh start BUILD_DIR   -> cluster in BUILD_DIR/pgtest, URL in BUILD_DIR/pgtest.url
#   pg_fixture.sh stop BUILD_DIR    -> stops it by pid and removes it (runs even after failures)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:?}; build=$(cd "${2:?}" && pwd)
dir="$build/pgtest"
case "$cmd" in
  start)
    "$here/scripts/pgtmp.sh" stop "$dir" 2>/dev/null || true
    rm -f "$build/pgtest.url"
    # A free port: try a few random ones in the dynamic range.
    for _ in 1 2 3 4 5 6 7 8; do
      port=$((20000 + RANDOM % 30000))
      if url=$("$here/scripts/pgtmp.sh" start "$dir" "$port" 2>"$build/pgtest.err"); then
        echo "$url" >"$build/pgtest.url"
        echo "PostgreSQL 15 test cluster: $url"
        exit 0
      fi
      "$here/scripts/pgtmp.sh" stop "$dir" 2>/dev/null || true
    done
    echo "could not start the PostgreSQL test cluster:" >&2
    cat "$build/pgtest.err" >&2
    exit 1
    ;;
  stop)
    "$here/scripts/pgtmp.sh" stop "$dir"
    rm -f "$build/pgtest.url"
    echo "PostgreSQL test cluster stopped"
    ;;
esac
