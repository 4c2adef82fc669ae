#!/bin/sh
# t0020-permit-pause-migrate.sh -- migration 0020 moves every pause and
# 补正 round of a permit out of the packed text fields into the child
# register permit_pause, with no cap (40 pauses on one application all
# arrive), the open pause of a paused application too, and the packed
# columns go.  A database is rewound to schema 19 with packed values
# written the way the old code wrote them, then opened by this binary.
# (Rewound to 19, the migration before 0020, so that only 0020 runs again.)
# SQLite, and PostgreSQL when tests/run started a cluster
# (FAZHI_TEST_PG_DIR).
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh t0020
check(){ [ "$1" = "$2" ]; ok $? "$3: got '$1', want '$2'"; }

PAUSES=$(i=0; s=""; while [ $i -lt 40 ]; do
  d=$(printf '2025-%02d-%02d' $((1 + i / 28)) $((1 + i % 28)))
  s="$s${s:+;}expert,$d,$d"; i=$((i + 1)); done; echo "$s")
REWIND="DROP INDEX org_sort_key; ALTER TABLE org DROP COLUMN sort_key;
  DROP TABLE idem_key; DROP TABLE upload_session;
  ALTER TABLE report DROP COLUMN version; ALTER TABLE report RENAME COLUMN rev TO version;
  CREATE TABLE report_block_old(report_id INTEGER NOT NULL REFERENCES report(id),
    seq INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('title','h1','h2','h3','para','list','sign')),
    body TEXT NOT NULL, PRIMARY KEY(report_id, seq));
  INSERT INTO report_block_old SELECT report_id, seq, kind, body FROM report_block;
  DROP TABLE report_block; ALTER TABLE report_block_old RENAME TO report_block;
DROP TABLE permit_pause;
ALTER TABLE permit ADD COLUMN pauses TEXT;
ALTER TABLE permit ADD COLUMN rounds TEXT;
UPDATE permit SET pauses='$PAUSES;hearing,2025-05-01,2025-05-03',
  rounds='2025-03-04,2025-03-10;2025-03-11,2025-03-17' WHERE id=1;
UPDATE permit SET state='paused', pause_kind='appraisal', pause_start='2025-06-02' WHERE id=2;
DROP TABLE insp_pub; DROP TABLE insp_rating; DROP TABLE insp_media; DROP TABLE insp_result; DROP TABLE insp_member; DROP TABLE insp_record;
DROP TABLE home_figure;
DROP TABLE insp_task; DROP TABLE insp_draw; DROP TABLE insp_plan; DROP TABLE insp_conflict;
DROP TABLE insp_person; DROP TABLE insp_target; DROP TABLE insp_item;
DROP TABLE dispute_step; DROP TABLE review_round;
DROP TABLE decision; DROP TABLE normdoc; DROP TABLE review;
DROP TABLE task; DROP TABLE lawcase_year; DROP TABLE lawcase; DROP TABLE dispute;
DROP INDEX org_parent_name; ALTER TABLE org DROP COLUMN allow_duplicate_name;
DROP TABLE report_reason; DROP TABLE fig_manual;
UPDATE meta SET v='19' WHERE k='schema_version';"

# verify NAME SQLFN [--db URL]: the children after the migration
verify() {
  name=$1; sql=$2; shift 2
  out=$("$FAZHI" --data "$T/$name" "$@" permit pauses list 1)
  ok $? "$name: fazhi permit pauses list 1"
  check "$(printf '%s\n' "$out" | grep -c 专家评审)" 40 "$name: all 40 expert pauses kept (no cap of 32)"
  check "$(printf '%s\n' "$out" | grep -c '听证	2025-05-01	2025-05-03')" 1 "$name: the 41st pause too"
  check "$(printf '%s\n' "$out" | grep -c '补正	2025-03-')" 2 "$name: both 补正 rounds"
  out=$("$FAZHI" --data "$T/$name" "$@" permit pauses list 2)
  check "$(printf '%s\n' "$out" | cut -f2,3,4)" "鉴定	2025-06-02	" "$name: the open pause, still open"
  check "$($sql "SELECT count(*) FROM permit_pause WHERE permit_id=1")" 43 "$name: 43 rows for application 1"
  check "$($sql "SELECT count(*) FROM permit_pause p JOIN permit a ON a.id=p.permit_id WHERE p.org_id<>a.org_id")" \
    0 "$name: each child in its application's unit"
  "$FAZHI" --data "$T/$name" "$@" audit verify >/dev/null 2>&1
  ok $? "$name: the audit chain still verifies"
}

"$FAZHI" --data "$T/sq" init --demo >/dev/null
sqlite3 "$T/sq/fazhi.db" "$REWIND"
ok $? "sqlite: rewound to 0015 with packed pauses"
sq() { sqlite3 "$T/sq/fazhi.db" "$1"; }
verify sq sq
check "$(sq "SELECT count(*) FROM pragma_table_info('permit') WHERE name IN ('pauses','rounds')")" 0 \
  "sqlite: the packed columns are gone"

if [ -n "$FAZHI_TEST_PG_DIR" ]; then
  url=$(sh tests/pg.sh createdb "$FAZHI_TEST_PG_DIR" pause_t0015_$$)
  "$FAZHI" --data "$T/pg" --db "$url" init --demo >/dev/null
  psql -q -v ON_ERROR_STOP=1 "$url" -c "$REWIND" >/dev/null
  ok $? "pg: rewound to 0015 with packed pauses"
  pg() { psql -At "$url" -c "$1"; }
  verify pg pg --db "$url"
  check "$(pg "SELECT count(*) FROM information_schema.columns WHERE table_name='permit' AND column_name IN ('pauses','rounds')")" \
    0 "pg: the packed columns are gone"
fi
finish
