#!/bin/sh
# bench/draw/run.sh -- the 双随机 draw against a plain scan of the same rows.
#
# A county (the demo) with N (default 1,000,000) generated targets and P
# (default 10,000) inspectors, written straight into the data folder's
# database with SQL (a recursive CTE: seconds, not minutes), and one plan
# over all of them at the default ratio (5 %, 2 inspectors each).  Then,
# in the same run, best of RUNS:
#   draw  `fazhi draw run`: the candidate lists read in canonical order and
#         hashed with SM3, the draw (fazhi-draw-1), the record with its
#         hashes, the drawn tasks written, one audit entry, one transaction
#   scan  the sqlite3 shell reading the same candidate rows with the same
#         SELECT ... ORDER BY (targets and inspectors), output discarded
# and prints the ratio draw/scan with the target (<= 2x) "met" or "NOT met".
# Reports; does not fail the build.  Expects ./fazhi (make) and sqlite3.
set -e
cd "$(dirname "$0")/../.."
N=${N:-1000000}
P=${P:-10000}
RUNS=${RUNS:-2}
FAZHI=$PWD/fazhi
W=$(mktemp -d /tmp/fazhi-bench-draw.XXXXXX)
trap 'rm -rf "$W"' EXIT
export FAZHI_TEST_FAST_HASH=1
now() { date +%s.%N; }

"$FAZHI" --data "$W/d" init --demo >/dev/null
DB="$W/d/fazhi.db"
t0=$(now)
sqlite3 "$DB" <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
CREATE TEMP TABLE sch AS SELECT row_number() OVER (ORDER BY id) AS k, id FROM org WHERE kind='school';
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<$N)
INSERT INTO insp_target(org_id, name, kind, risk, town, created_at, updated_at)
SELECT CASE WHEN i%10=0 THEN (SELECT id FROM org WHERE parent_id IS NULL AND kind='bureau')
            ELSE (SELECT id FROM sch WHERE k=1+(i%(SELECT count(*) FROM sch))) END,
       '基准对象' || i, CASE WHEN i%10=0 THEN 'training' ELSE 'school' END, 'low',
       '基准镇', 0, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<$P)
INSERT INTO insp_person(org_id, name, cert_no, valid_until, status, created_at, updated_at)
SELECT CASE WHEN i%5=0 THEN (SELECT id FROM sch WHERE k=1+(i%(SELECT count(*) FROM sch)))
            ELSE (SELECT id FROM org WHERE parent_id IS NULL AND kind='bureau') END,
       '基准人员' || i, 'BENCH' || i, CASE WHEN i%50=0 THEN '2020-12-31' ELSE '2099-12-31' END,
       'valid', 0, 0 FROM n;
INSERT INTO insp_plan(org_id, item_id, year, title, mode, ratio_pct, per_target, type,
                      avoid_repeat, window_start, window_end, created_at, updated_at)
SELECT (SELECT id FROM org WHERE parent_id IS NULL AND kind='bureau'), min(id), 2025,
       '基准计划', 'ratio', 5, 2, 'internal', 1, '2025-03-01', '2025-11-30', 0, 0 FROM insp_item;
COMMIT;
ANALYZE;
SQL
t1=$(now)
gen=$(echo "$t1 - $t0" | bc)
PLAN=$(sqlite3 "$DB" "SELECT id FROM insp_plan WHERE title='基准计划'")
PATHL=$(sqlite3 "$DB" "SELECT path || '%' FROM org WHERE parent_id IS NULL AND kind='bureau'")

# the same candidate rows, the same order, as the draw's SELECTs
SCAN="SELECT t.id, CASE WHEN t.kind IN ('school','kindergarten') THEN t.org_id ELSE 0 END, t.name
 FROM insp_target t JOIN org o ON o.id=t.org_id
 WHERE o.path LIKE '$PATHL' AND t.void_reason IS NULL AND t.created_at<=strftime('%s','now')
 AND (t.kind='' OR ''='') AND (t.town='' OR ''='') AND (t.risk='' OR ''='') ORDER BY t.id;
SELECT t.id, t.org_id, t.dept, t.cert_no, t.name, t.valid_until, t.status, t.lapsed_on
 FROM insp_person t JOIN org o ON o.id=t.org_id
 WHERE o.path LIKE '$PATHL' AND t.void_reason IS NULL AND t.created_at<=strftime('%s','now')
 ORDER BY t.id;"

best_d=""; best_s=""; draws=0
for r in $(seq 1 "$RUNS"); do
  t0=$(now); sqlite3 "$DB" "$SCAN" >/dev/null; t1=$(now)
  s=$(echo "$t1 - $t0" | bc)
  prev=$(sqlite3 "$DB" "SELECT coalesce(max(id), 0) FROM insp_draw WHERE plan_id=$PLAN AND status='valid'")
  if [ "$prev" = 0 ]; then
    t0=$(now); "$FAZHI" --data "$W/d" draw run --plan-id "$PLAN" --seed "bench-$r" >/dev/null; t1=$(now)
  else
    t0=$(now); "$FAZHI" --data "$W/d" draw run --plan-id "$PLAN" --seed "bench-$r" \
      --replaces "$prev" --reason "基准测试第$r轮" >/dev/null; t1=$(now)
  fi
  d=$(echo "$t1 - $t0" | bc)
  draws=$((draws + 1))
  [ -z "$best_d" ] || [ "$(echo "$d < $best_d" | bc)" = 1 ] && best_d=$d
  [ -z "$best_s" ] || [ "$(echo "$s < $best_s" | bc)" = 1 ] && best_s=$s
done
last=$(sqlite3 "$DB" "SELECT max(id) FROM insp_draw WHERE plan_id=$PLAN")
drawn=$(sqlite3 "$DB" "SELECT n_drawn FROM insp_draw WHERE id=$last")
tasks=$(sqlite3 "$DB" "SELECT count(*) FROM insp_task WHERE draw_id=$last")
excl=$(sqlite3 "$DB" "SELECT length(excluded) - length(replace(excluded, char(10), '')) FROM insp_draw WHERE id=$last")
t0=$(now); vres=$("$FAZHI" --data "$W/d" draw verify "$last" | head -1); t1=$(now)
v=$(echo "$t1 - $t0" | bc)
ratio=$(echo "scale=2; $best_d / $best_s" | bc)
met="NOT met"; [ "$(echo "$ratio <= 2" | bc)" = 1 ] && met="met"
echo "bench/draw: $N targets, $P inspectors (generated in ${gen}s), plan 5 % x 2 inspectors"
echo "  draw (lists + SM3 + fazhi-draw-1 + record + $tasks tasks): ${best_d}s, $drawn targets drawn, $excl inspectors excluded"
echo "  scan (sqlite3, same rows, same ORDER BY):                 ${best_s}s"
echo "  verify (lists rebuilt + recomputed):                      ${v}s  $vres"
echo "  ratio draw/scan: ${ratio}x (target <= 2x) $met"
