#!/bin/sh
# install-deps.sh -- install the Debian and npm packages fazhi needs.
#
#   sh scripts/install-deps.sh [run]   build and run fazhi (`make run`)
#   sh scripts/install-deps.sh test    also everything `make test` uses
#   sh scripts/install-deps.sh bench   also the benchmarks' reference tools
#
# Each level includes the ones above it.  Idempotent: does nothing when
# everything is present.  Nothing is fetched from anywhere but Debian's
# archive and the npm registry (pinned in package-lock.json).
set -e
cd "$(dirname "$0")/.."
LEVEL=${1:-run}
case "$LEVEL" in
  run|test|bench) ;;
  -h|--help)
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  *)
    echo "install-deps: unknown level '$LEVEL' (run, test or bench)" >&2
    exit 2 ;;
esac

# Build and run: compiler, pkg-config, the libraries (web: libmicrohttpd,
# jansson; store: sqlite3, libpq; crypto: openssl, libsodium, qrencode;
# office: libzip, expat, libxlsxwriter, cairo, pango, harfbuzz-subset to cut
# the PDF's CFF faces to a document's characters) and the fonts of the
# PDF documents' roles: Noto CJK for 黑体 and the title, LXGW WenKai for the
# 仿宋 body, AR PL UKai / KaitiM GB for 楷体.
PKGS="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
libssl-dev libsodium-dev libqrencode-dev libzip-dev libexpat1-dev libxlsxwriter-dev
libcairo2-dev libpango1.0-dev libharfbuzz-dev libpq-dev fonts-noto-cjk fonts-lxgw-wenkai fonts-arphic-ukai
fonts-arphic-gkai00mp"

# Tests: sqlite3 CLI, python3 + jsonschema/yaml (API suites and response
# validation), curl, unzip, xmllint, chromium (browser test), LibreOffice +
# poppler (documents render), clang + its sanitizer runtime (libFuzzer),
# PostgreSQL 15 (second backend), node + npm (browser driver, OpenAPI lint).
if [ "$LEVEL" != run ]; then
  PKGS="$PKGS sqlite3 openssl python3 python3-jsonschema python3-yaml curl unzip
libxml2-utils chromium libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
clang libclang-rt-14-dev postgresql"
  # node + npm from Debian unless a node with its own npm is already there
  command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
fi

# Benchmarks: the references (nginx, sqlite3 .import, openssl dgst) and wrk.
if [ "$LEVEL" = bench ]; then
  PKGS="$PKGS wrk nginx-light bc time"
fi

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -n "$missing" ]; then
  echo "install-deps ($LEVEL): installing$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# npm packages for the tests, pinned in package.json / package-lock.json:
# playwright-core drives Debian's chromium in the browser test (it never
# downloads a browser); @redocly/cli lints docs/api/openapi.yaml.
if [ "$LEVEL" != run ] && [ -f package.json ]; then
  if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/@redocly/cli ]; then
    if command -v npm >/dev/null 2>&1; then
      npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent
    else
      echo "install-deps: npm not found; the browser test and the OpenAPI lint will fail" >&2
    fi
  fi
fi
exit 0
