#!/usr/bin/env bash
# Installs what Suiji needs on Debian 12 — only what is missing, quietly when all is there.
#   Debian packages (compiler, libraries, PostgreSQL 15 for tests, chromium + CJK fonts for UI tests,
#   clang-format/clang-tidy 14 for `make lint`)
#   npm packages for the web UI (npm ci from the committed package-lock.json)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  g++ cmake ninja-build make pkg-config python3 curl ca-certificates
  libsqlite3-dev libssl-dev libsodium-dev
  libasio-dev libfmt-dev libhttp-parser-dev libspdlog-dev libcli11-dev
  nlohmann-json3-dev libcpp-httplib-dev
  libpq-dev postgresql-15 libyaml-cpp-dev
  libxlsxwriter-dev libzip-dev libpugixml-dev libexpat1-dev zlib1g-dev libbrotli-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nodejs chromium fonts-noto-cjk
  clang-format-14 clang-tidy-14
)
# `scripts/setup.sh fuzz` (make fuzz) also installs clang with libFuzzer and the sanitizers.
if [ "${1:-}" = fuzz ]; then APT_PACKAGES+=(clang libclang-rt-dev); fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  # nodejs may come from outside Debian (e.g. a newer Node on the machine): a node binary is enough.
  if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "setup: npm is missing; installing Debian's npm"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
# Vite 8 needs Node 20.19+ (or 22.12+).
node_version=$(node -p 'process.versions.node')
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)?0:1)'; then
  echo "setup: Node.js $node_version is too old for the web build (need 20.19+ or 22.12+)" >&2
  exit 1
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  echo "setup: installing web packages (npm ci)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
