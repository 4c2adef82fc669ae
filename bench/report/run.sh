#!/bin/sh
# bench/report/run.sh -- the annual report: the county report as DOCX against
# every SELECT that report runs, in one sqlite3 process on the same database
# (the statements are traced by the test build, build/fazhi-test, with their
# values bound), and a city roll-up over COUNTIES counties (time and peak RSS).
# See bench/README.md.
#
# Needs ./fazhi and build/fazhi-test (run `make` first), sqlite3, python3,
# /usr/bin/time.
# Environment: RUNS=5 (best of), REQS=20 (HTTP requests per side),
# COUNTIES=60, KEEP=1 keeps the temporary directory.
# Reports; never fails on the targets (exit 1 only when something broke).
set -eu
cd "$(dirname "$0")/../.."
[ -x ./fazhi ] && [ -x build/fazhi-test ] || { echo "bench/report: ./fazhi or build/fazhi-test not found; run make first" >&2; exit 1; }
for t in sqlite3 python3 curl; do
  command -v "$t" >/dev/null 2>&1 || { echo "bench/report: $t not found (sh scripts/install-deps.sh)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench/report: /usr/bin/time not found" >&2; exit 1; }
exec python3 bench/report/bench.py
