#!/bin/sh
# install-deps.sh -- install the Debian packages and npm packages fazhi needs.
# Idempotent: does nothing when everything is present.  Nothing is fetched
# from anywhere but Debian's archive and the npm registry.
set -e
cd "$(dirname "$0")/.."

# Build and run: compiler, libraries (office/: libzip, expat, libxlsxwriter,
# cairo, pango; fonts for the PDF roles: Noto CJK for 黑体 and the title,
# LXGW WenKai for the 仿宋 body, AR PL UKai / KaitiM GB for 楷体).  Tests: sqlite3 CLI, python3 (API tests),
# chromium (browser test), LibreOffice + poppler (documents render),
# clang + its sanitizer runtime (libFuzzer), PostgreSQL 15 (second backend),
# wrk + nginx + bc + time (benchmarks).
PKGS="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
libssl-dev libsodium-dev libqrencode-dev libzip-dev libexpat1-dev libxlsxwriter-dev
libcairo2-dev libpango1.0-dev fonts-noto-cjk fonts-lxgw-wenkai fonts-arphic-ukai
fonts-arphic-gkai00mp sqlite3 openssl python3 curl unzip
libxml2-utils chromium libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
clang libclang-rt-14-dev postgresql libpq-dev wrk nginx-light bc time"

missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -n "$missing" ]; then
  echo "install-deps: installing$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# playwright-core drives Debian's chromium in the browser test; pinned in
# package.json / package-lock.json, never downloads a browser of its own.
if [ -f package.json ] && [ ! -d node_modules/playwright-core ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent
  else
    echo "install-deps: npm not found; the browser test will be skipped" >&2
  fi
fi
exit 0
