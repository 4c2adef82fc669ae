#!/bin/sh
# bench/import/run.sh -- bulk import with full validation against sqlite3 .import.
#
# 1. A CSV of N (default 1,000,000) organisation rows, each with a valid
#    统一社会信用代码, imported by `fazhi org import` (header mapping, every row
#    validated: check characters, choices, parents, duplicate codes; then
#    written in one transaction with one SM3-chained audit entry per row)
#    against `sqlite3 .import` of the same file into an equivalent table
#    (same columns, NOT NULL, UNIQUE code) -- same run, best of RUNS.
# 2. The same register as an .xlsx of XLSX_N (default 100,000) rows (fazhi's
#    own export of a county made of the bureau and those rows), imported
#    into an empty database: time and peak memory.  (Not into the demo
#    county: an export carries every org, and the demo county's own rows
#    would collide with themselves.)
# Prints each target with "met" or "NOT met".
# Reports; does not fail the build.  Expects ./fazhi (make).
set -e
cd "$(dirname "$0")/../.."
N=${N:-1000000}
XLSX_N=${XLSX_N:-100000}
RUNS=${RUNS:-2}
FAZHI=$PWD/fazhi
W=$(mktemp -d /tmp/fazhi-bench-import.XXXXXX)
trap 'rm -rf "$W"' EXIT
export FAZHI_TEST_FAST_HASH=1

now() { date +%s.%N; }
python3 bench/import/gen.py "$N" "$W/orgs.csv"
SIZE=$(stat -c %s "$W/orgs.csv")

# cpu CMD...: run it; CPU seconds (user+sys) of the run into CPU
cpu() {
  /usr/bin/time -f '%U %S' -o "$W/cpu" "$@" >/dev/null
  CPU=$(awk '{printf "%.2f", $1+$2}' "$W/cpu")
}
best_f=""; best_s=""; cpu_f=""; cpu_s=""
for r in $(seq 1 "$RUNS"); do
  rm -rf "$W/d"
  "$FAZHI" --data "$W/d" init --demo >/dev/null
  t0=$(now); cpu "$FAZHI" --data "$W/d" org import "$W/orgs.csv"; t1=$(now)
  f=$(echo "$t1 - $t0" | bc)
  [ -z "$cpu_f" ] || [ "$(echo "$CPU < $cpu_f" | bc)" = 1 ] && cpu_f=$CPU
  rm -f "$W/ref.db"
  sqlite3 "$W/ref.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
    CREATE TABLE org(name TEXT NOT NULL, kind TEXT NOT NULL, code TEXT UNIQUE,
                     region TEXT, school_code TEXT, parent TEXT);" >/dev/null
  t0=$(now); cpu sqlite3 "$W/ref.db" ".import --csv --skip 1 $W/orgs.csv org"; t1=$(now)
  s=$(echo "$t1 - $t0" | bc)
  [ -z "$cpu_s" ] || [ "$(echo "$CPU < $cpu_s" | bc)" = 1 ] && cpu_s=$CPU
  [ -z "$best_f" ] || [ "$(echo "$f < $best_f" | bc)" = 1 ] && best_f=$f
  [ -z "$best_s" ] || [ "$(echo "$s < $best_s" | bc)" = 1 ] && best_s=$s
done
rows=$(sqlite3 "$W/d/fazhi.db" "SELECT count(*) FROM org WHERE name LIKE '基准学校%'")
ref=$(sqlite3 "$W/ref.db" "SELECT count(*) FROM org")
audits=$(sqlite3 "$W/d/fazhi.db" "SELECT count(*) FROM audit WHERE action='import'")
verify=$("$FAZHI" --data "$W/d" audit verify)

# the xlsx: fazhi's export of a county of the bureau and the first XLSX_N
# rows, imported into an empty database (the bureau is its first row)
head -n $((XLSX_N + 1)) "$W/orgs.csv" > "$W/x.csv"
rm -rf "$W/x"; "$FAZHI" --data "$W/x" init >/dev/null
"$FAZHI" --data "$W/x" org add --root --name 梨树县教育局 --kind bureau --region 220322 >/dev/null
"$FAZHI" --data "$W/x" org import "$W/x.csv" >/dev/null
"$FAZHI" --data "$W/x" org export --format xlsx -o "$W/x.xlsx"
rm -rf "$W/y"; "$FAZHI" --data "$W/y" init >/dev/null
/usr/bin/time -f "%e %M" -o "$W/time.txt" "$FAZHI" --data "$W/y" org import "$W/x.xlsx" >/dev/null
xrows=$(sqlite3 "$W/y/fazhi.db" "SELECT count(*) FROM org WHERE name LIKE '基准学校%'")
read -r xt xkb < "$W/time.txt"

echo "fazhi import benchmark ($(date '+%Y-%m-%d %H:%M'), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
printf '  CSV: %d rows, %.1f MB\n' "$N" "$(echo "$SIZE / 1048576" | bc -l)"
printf '  %-44s %8.2f s wall %6.2f s cpu  %9.0f rows/s   (%s rows, %s audit entries)\n' \
  "fazhi org import (validated, audited)" "$best_f" "$cpu_f" "$(echo "$N / $best_f" | bc -l)" "$rows" "$audits"
printf '  %-44s %8.2f s wall %6.2f s cpu  %9.0f rows/s   (%s rows)\n' \
  "sqlite3 .import (same file, same table)" "$best_s" "$cpu_s" "$(echo "$N / $best_s" | bc -l)" "$ref"
ratio=$(echo "$best_f / $best_s" | bc -l)
cratio=$(echo "$cpu_f / $cpu_s" | bc -l)
printf '  ratio fazhi/sqlite3      %.2fx wall, %.2fx cpu   (target <= 1.5x: %s)\n' "$ratio" "$cratio" \
  "$([ "$(echo "$ratio <= 1.5" | bc)" = 1 ] && echo met || echo "NOT met")"
echo "  $verify"
printf '  xlsx: %d rows (%.1f MB, %s imported): import %.2f s, peak RSS %.1f MB\n' "$XLSX_N" \
  "$(echo "$(stat -c %s "$W/x.xlsx") / 1048576" | bc -l)" "$xrows" "$xt" "$(echo "$xkb / 1024" | bc -l)"
