#!/bin/sh
# bench/permit/run.sh -- recomputing the due dates of N open 行政许可
# applications after a calendar change (`fazhi calendar import`, whose
# transaction runs the kernel's reg_deadline_recompute (src/reg/deadline.c)
# over every register with a declared deadline: one UPDATE per changed
# record and one audit entry carrying all its changed dates, written in one
# audit batch),
# against a plain SQL UPDATE of the same rows with sqlite3, same database,
# same run.  See bench/README.md.
#
# Needs ./fazhi (run `make` first) and sqlite3.  Builds nothing.
#   N=100000   open applications (accepted, 2026 starts, all seven items)
#   RUNS=3     timed runs of each side; the best one counts
#   KEEP=1     keep the temporary data dir (its path is printed)
# Reports; never fails on the target (exit 1 only when something broke).
set -eu
cd "$(dirname "$0")/../.."
N=${N:-100000}
RUNS=${RUNS:-3}
FAZHI=$PWD/fazhi
[ -x "$FAZHI" ] || { echo "bench/permit: ./fazhi not found; run make first" >&2; exit 1; }
command -v sqlite3 >/dev/null 2>&1 || { echo "bench/permit: sqlite3 not found (sh scripts/install-deps.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/permit: /usr/bin/time not found" >&2; exit 1; }

W=$(mktemp -d /tmp/fazhi-bench-permit.XXXXXX)
D=$W/data
DB=$D/fazhi.db
cleanup() { [ "${KEEP:-0}" = 1 ] && echo "kept $W" || rm -rf "$W"; }
trap cleanup EXIT INT TERM

now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (b-a)/1e9}'; }
best() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="" || b<a) print b; else print a }'; }
# timed CMD...: run it; WALL and CPU (user+sys) of the run in seconds
timed() {
  /usr/bin/time -f '%e %U %S' -o "$W/time" "$@" >/dev/null
  WALL=$(awk '{print $1}' "$W/time"); CPU=$(awk '{printf "%.2f", $2+$3}' "$W/time")
}

FAZHI_TEST_FAST_HASH=1 "$FAZHI" --data "$D" init --demo >/dev/null

# N accepted applications: the clock started on one of 2026-06-01 ..
# 2026-06-19, the demo's items in turn (one counts months), due dates not
# yet computed.
org=$(sqlite3 "$DB" "SELECT id FROM org WHERE name='行政审批股'")
item0=$(sqlite3 "$DB" "SELECT min(id) FROM permit_item")
nitem=$(sqlite3 "$DB" "SELECT count(*) FROM permit_item")
sqlite3 "$DB" "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<$N)
INSERT INTO permit(org_id, number, check_code, item_id, applicant_kind, applicant, uscc,
                   received_on, state, accepted_on, start_on, deemed, created_at, updated_at)
SELECT $org, printf('BX2026-%07d', i), printf('%08d', (i*7919) % 100000000),
       $item0 + (i % $nitem),
       'org', printf('测试申请人%d', i), '91310115591693856A',
       date('2026-06-01', '+' || (i % 19) || ' days'), 'accepted',
       date('2026-06-01', '+' || (i % 19) || ' days'),
       date('2026-06-01', '+' || (i % 19) || ' days'), 0,
       strftime('%s','now'), strftime('%s','now')
FROM n;"
open=$(sqlite3 "$DB" "SELECT count(*) FROM permit WHERE state='accepted'")
[ "$open" -ge "$N" ] || { echo "bench/permit: fill made $open rows" >&2; exit 1; }

# The calendar of 2026 as stored, and a corrected copy with one more day
# off (2026-06-24, a Wednesday): every application's promised (and, but
# for the month-counted item, statutory) count runs across it, so every
# one moves by a working day.
"$FAZHI" --data "$D" calendar show 2026 > "$W/2026.tsv"
grep -v '^#' "$W/2026.tsv" > /dev/null
{ grep '^#' "$W/2026.tsv"; { grep -v '^#' "$W/2026.tsv"; printf '2026-06-24\toff\t测试更正\n'; } | sort; } \
  > "$W/2026b.tsv"
grep -q '^2026-06-24' "$W/2026b.tsv" || { echo "bench/permit: could not edit the calendar" >&2; exit 1; }

# one import computes every due date (from none), then the runs alternate
# the two calendars so that each run changes the same rows back and forth
imp() { FAZHI_TEST_FAST_HASH=1 "$FAZHI" --data "$D" calendar import "$1" --year 2026 --source bench >/dev/null; }
t0=$(now_ns); imp "$W/2026.tsv"; t1=$(now_ns)
first_s=$(secs "$t0" "$t1")
nodue=$(sqlite3 "$DB" "SELECT count(*) FROM permit WHERE state='accepted' AND legal_due IS NULL")
[ "$nodue" = 0 ] || { echo "bench/permit: $nodue applications without a due date after the import" >&2; exit 1; }

best_f=""; cpu_f=""; changed=0; i=0
while [ $i -lt "$RUNS" ]; do
  a0=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='recompute'")
  f=$W/2026b.tsv; [ $((i % 2)) = 1 ] && f=$W/2026.tsv
  timed env FAZHI_TEST_FAST_HASH=1 "$FAZHI" --data "$D" calendar import "$f" --year 2026 --source bench
  a1=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action='recompute'")
  changed=$((a1 - a0))
  [ "$changed" -gt 0 ] || { echo "bench/permit: the calendar change moved no due date" >&2; exit 1; }
  best_f=$(best "$best_f" "$WALL"); cpu_f=$(best "$cpu_f" "$CPU")
  i=$((i+1))
done
# one entry per changed record (no record twice), carrying the dates that moved
ents=$(sqlite3 "$DB" "SELECT count(DISTINCT entity_id) FROM
                        (SELECT entity_id, after FROM audit WHERE action='recompute'
                         AND entity='permit' ORDER BY id DESC LIMIT $changed)
                      WHERE after LIKE '%legal_due%' OR after LIKE '%promised_due%'")
[ "$ents" = "$changed" ] || { echo "bench/permit: $ents records for $changed entries" >&2; exit 1; }
"$FAZHI" --data "$D" audit verify > "$W/verify" 2>&1 \
  || { echo "bench/permit: the audit chain does not verify: $(cat "$W/verify")" >&2; exit 1; }

# the reference: one UPDATE of as many rows (all the open applications),
# moving their due dates by a day
best_s=""; cpu_s=""; i=0
while [ $i -lt "$RUNS" ]; do
  timed sqlite3 "$DB" "BEGIN; UPDATE permit SET legal_due=date(legal_due, '+1 day'),
                   promised_due=date(promised_due, '+1 day'), updated_at=strftime('%s','now')
                 WHERE id IN (SELECT id FROM permit WHERE state='accepted' AND void_reason IS NULL
                              ORDER BY start_on LIMIT $changed); COMMIT;"
  best_s=$(best "$best_s" "$WALL"); cpu_s=$(best "$cpu_s" "$CPU")
  i=$((i+1))
done

awk -v n="$open" -v ch="$changed" -v first="$first_s" -v f="$best_f" -v s="$best_s" \
    -v cf="$cpu_f" -v cs="$cpu_s" -v runs="$RUNS" -v when="$(date '+%Y-%m-%d %H:%M')" \
    -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN{
  r = f / s
  printf "fazhi permit recompute benchmark (%s, load %s)\n", when, load
  printf "  open applications       %d\n", n
  printf "  first import            %.2f s (every due date computed and audited)\n", first
  printf "  rows changed per run    %d (each audited with its old and new dates)\n", ch
  printf "\n  %-40s %10s %10s\n", "best of " runs, "wall s", "cpu s"
  printf "  %-40s %10.2f %10.2f\n", "fazhi calendar import + recompute", f, cf
  printf "  %-40s %10.2f %10.2f\n", "sqlite3 UPDATE of as many rows", s, cs
  printf "\n  ratio fazhi/UPDATE      %.2f wall, %.2f cpu  (target <= 3: %s)\n", r,
         (cs > 0 ? cf / cs : 0), (r <= 3) ? "met" : "NOT met"
}'
