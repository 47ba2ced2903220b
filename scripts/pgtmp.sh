#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and benchmarks, on loopback only.
#   scripts/pgtmp.sh start DIR PORT   -> initdb into DIR (if new), start, print the URL
#   scripts/pgtmp.sh replica PRIMARY_PORT DIR PORT
#                                     -> a streaming hot standby of the cluster on PRIMARY_PORT:
#                                        pg_basebackup -R into DIR, start, print the URL
#   scripts/pgtmp.sh stop DIR         -> stop the server whose pid is in DIR, then delete DIR
# (PostgreSQL 15's defaults already allow it: wal_level=replica, max_wal_senders=10, and initdb's
# pg_hba.conf trusts replication connections from 127.0.0.1.)
# As root the cluster runs as the 'postgres' system user (initdb refuses root).
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
cmd=${1:?usage: pgtmp.sh start DIR PORT | replica PRIMARY_PORT DIR PORT | stop DIR}
dir=${2:?missing DIR}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    port=${3:?missing PORT}
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      chown postgres:postgres "$dir"
      runuser -u postgres -- test -x "$dir" || { echo "pgtmp: $dir is not reachable by user postgres (a parent directory is private)" >&2; exit 1; }
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$PGBIN/initdb" -D "$dir/data" -U suiji --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U suiji suiji 2>/dev/null || true
    echo "postgresql://suiji@127.0.0.1:$port/suiji"
    ;;
  replica)
    # Here the second argument is the primary's port; DIR and PORT follow.
    primary_port=$dir; dir=${3:?missing DIR}; port=${4:?missing PORT}
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
    as_owner "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U suiji -D "$dir/data" -R \
      -X stream -c fast >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
    # A standby needs max_connections at least the primary's (200, above).
    as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200 -c hot_standby=on" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://suiji@127.0.0.1:$port/suiji"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      pid=$(head -1 "$dir/data/postmaster.pid")
      kill -INT "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "usage: pgtmp.sh start DIR PORT | replica PRIMARY_PORT DIR PORT | stop DIR" >&2; exit 2 ;;
esac
