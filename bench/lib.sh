# Shared by the bench/run_*.sh scripts; source it after setting $root (the repository root).

# bench_write_section HEADING FILE: puts FILE (a markdown section starting with "## HEADING")
# in place of that section of docs/performance.md, or appends it. The old section ends at the
# next "## " or "### " heading: no script writes "### " headings, so the subsections under a
# generated section are notes written by hand, and a rerun keeps them.
bench_write_section() {
  local heading=$1 file=$2
  local doc="$root/docs/performance.md"
  [ -f "$doc" ] || printf '# Performance\n\nMeasured numbers, each section written by the script named in it.\n\n' >"$doc"
  python3 - "$doc" "$file" "$heading" <<'PY'
import re, sys
path, new_path, heading = sys.argv[1:4]
doc = open(path, encoding="utf-8").read()
new = open(new_path, encoding="utf-8").read().strip() + "\n"
pattern = re.compile("^## " + re.escape(heading) + r"\n.*?(?=^## |^### |\Z)", re.S | re.M)
doc = pattern.sub(lambda m: new + "\n", doc) if pattern.search(doc) else doc.rstrip("\n") + "\n\n" + new
open(path, "w", encoding="utf-8").write(doc)
PY
  echo "wrote $doc" >&2
}

# bench_wait_health PORT [TRIES]: waits until `suiji serve` on PORT answers /api/v1/health
# (0.2 s apart, 100 tries by default); fails when it never does.
bench_wait_health() {
  local port=$1 tries=${2:-100}
  for _ in $(seq "$tries"); do
    curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "suiji serve on port $port did not answer /api/v1/health" >&2
  return 1
}

# bench_stop_server: stops the server whose pid is in $server, if any.
bench_stop_server() {
  if [ -n "${server:-}" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  server=""
}

# bench_fresh_pg DIR PORT: a new throwaway PostgreSQL cluster in DIR (an old one there is
# stopped first); prints its URL.
bench_fresh_pg() {
  "$root/scripts/pgtmp.sh" stop "$1" >/dev/null 2>&1 || true
  "$root/scripts/pgtmp.sh" start "$1" "$2"
}

# bench_need_debian WHO PACKAGE...: installs the Debian packages whose command is missing (the
# package name is the command's, except nginx-light for nginx), quietly; WHO names the caller
# in the one line it prints when it installs anything.
bench_need_debian() {
  local who=$1 missing=() pkg cmd
  shift
  for pkg in "$@"; do
    cmd=${pkg%-light}
    command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "$who: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# bench_start_nginx WORK PORT ROOT [HTTP_EXTRA] [SERVER_EXTRA]: nginx serving ROOT on
# 127.0.0.1:PORT, keep-alive with no request limit, its configuration, pid, logs and temporary
# files under WORK; HTTP_EXTRA and SERVER_EXTRA are added to its http and server blocks. Sets
# nginx_pid (the caller stops it).
bench_start_nginx() {
  local work=$1 port=$2 dir=$3 http_extra=${4:-} server_extra=${5:-} bin user_line=""
  bin=$(command -v nginx || echo /usr/sbin/nginx)
  [ "$(id -u)" = 0 ] && user_line="user root;"
  cat >"$work/nginx.conf" <<CONF
$user_line
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log $work/nginx-access.log;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  keepalive_requests 1000000;
  $http_extra
  server {
    listen 127.0.0.1:$port;
    root $dir;
    $server_extra
  }
}
CONF
  "$bin" -c "$work/nginx.conf" -p "$work" >"$work/nginx.out" 2>&1 &
  nginx_pid=$!
}

# bench_free_port: a TCP port on 127.0.0.1 that nothing listens on now.
bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
