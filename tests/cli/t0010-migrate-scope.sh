#!/bin/sh
# t0010-migrate-scope.sh -- migration 0011 on a database from before it:
# partner departments stored under the bureau become roots of their own,
# audit entries get the paths that scope their reading, the chain still
# verifies, and a duplicate 学校标识码 already stored stops nothing else.
# The "old" database is made by undoing 0011-0024 by hand on a fresh one;
# 0012 (法律顾问), 0013 (org order keys), 0014 (schools), 0015 (行政许可), 0017
# (row versions, rate limits), 0018 (declared rules), 0019 (the file store),
# 0020 (permit pauses as children), 0022 (矛盾纠纷, 复议诉讼, 工作安排) and 0023
# (合法性审核, 规范性文件, 重大行政决策) and 0024 (双随机) then come after it.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0010
D=$T/data
DB=$D/fazhi.db
command -v sqlite3 >/dev/null 2>&1 || { ok 1 "sqlite3 missing (install-deps test)"; finish; }
"$FAZHI" --data "$D" init --demo > /dev/null; ok $? "init --demo"
bureau=$(sqlite3 "$DB" "SELECT id FROM org WHERE kind='bureau'")
sqlite3 "$DB" "
  DROP INDEX org_sort_key; ALTER TABLE org DROP COLUMN sort_key;
  DROP TABLE idem_key; DROP TABLE upload_session;
  ALTER TABLE report DROP COLUMN version; ALTER TABLE report RENAME COLUMN rev TO version;
  CREATE TABLE report_block_old(report_id INTEGER NOT NULL REFERENCES report(id),
    seq INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('title','h1','h2','h3','para','list','sign')),
    body TEXT NOT NULL, PRIMARY KEY(report_id, seq));
  INSERT INTO report_block_old SELECT report_id, seq, kind, body FROM report_block;
  DROP TABLE report_block; ALTER TABLE report_block_old RENAME TO report_block;
  UPDATE org SET parent_id=$bureau, path=(SELECT path FROM org WHERE id=$bureau) || substr(path, 2)
   WHERE kind='dept';
  DROP INDEX org_school_code;
  DROP TABLE insp_pub; DROP TABLE insp_rating; DROP TABLE insp_media; DROP TABLE insp_result; DROP TABLE insp_member; DROP TABLE insp_record;
  DROP TABLE home_figure;
  DROP TABLE insp_task; DROP TABLE insp_draw; DROP TABLE insp_plan; DROP TABLE insp_conflict;
  DROP TABLE insp_person; DROP TABLE insp_target; DROP TABLE insp_item;
  ALTER TABLE audit DROP COLUMN actor_path;
  ALTER TABLE audit DROP COLUMN subject_path;
  DROP TABLE dispute_step; DROP TABLE review_round;
  DROP TABLE decision; DROP TABLE normdoc; DROP TABLE review;
  DROP TABLE task; DROP TABLE lawcase_year; DROP TABLE lawcase; DROP TABLE dispute;
  DROP TABLE file_ref; DROP TABLE file;
  DROP TABLE adviser;
  DROP TABLE reg_seq;
  DROP TABLE permit_rating;
  DROP TABLE permit_pause;
  DROP TABLE permit;
  DROP TABLE permit_item;
  DROP TABLE evidence; DROP TABLE assess_score; DROP TABLE assess_item;
  ALTER TABLE org DROP COLUMN stage; ALTER TABLE org DROP COLUMN ownership;
  ALTER TABLE org DROP COLUMN town; ALTER TABLE org DROP COLUMN status;
  ALTER TABLE org DROP COLUMN merged_into;
  DROP TABLE check_item; DROP TABLE check_tmpl; DROP TABLE activity;
  DROP TABLE vp_appoint; DROP TABLE vp_person;
  DROP INDEX org_sort;
  ALTER TABLE org DROP COLUMN sort_path;
  ALTER TABLE org DROP COLUMN sort_no;
  ALTER TABLE org DROP COLUMN version;
  DROP TABLE rate_limit;
  DROP INDEX org_parent_name; ALTER TABLE org DROP COLUMN allow_duplicate_name;
  DROP TABLE report_reason; DROP TABLE fig_manual;
  UPDATE meta SET v='10' WHERE k='schema_version';"
ok $? "made a schema-10 database with partners under the bureau"
n=$(sqlite3 "$DB" "SELECT count(*) FROM org WHERE kind='dept' AND parent_id IS NOT NULL")
[ "$n" = 2 ]; ok $? "two partners under the bureau before ($n)"

"$FAZHI" --data "$D" audit verify > "$T/out" 2>&1; ok $? "audit verify after the migration: $(cat "$T/out")"
[ "$(sqlite3 "$DB" "SELECT v FROM meta WHERE k='schema_version'")" -ge 15 ]; ok $? "schema migrated"
n=$(sqlite3 "$DB" "SELECT count(*) FROM org WHERE sort_path=''")
[ "$n" = 0 ]; ok $? "0013 order keys filled at start ($n empty)"
"$FAZHI" --data "$D" adviser list > "$T/out" 2>&1; ok $? "0012 adviser register usable: $(head -c 200 "$T/out")"
n=$(sqlite3 "$DB" "SELECT count(*) FROM org WHERE kind='dept' AND parent_id IS NULL
                    AND path='/' || substr('0000000000' || id, -10) || '/'")
[ "$n" = 2 ]; ok $? "partners are roots with their own path ($n)"
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE entity='org' AND subject_path IS NULL")
[ "$n" = 0 ]; ok $? "every org entry has its subject path ($n missing)"
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit a JOIN org o ON o.id=CAST(a.entity_id AS INTEGER)
                    WHERE a.entity='org' AND a.subject_path<>o.path")
[ "$n" = 0 ]; ok $? "subject paths are the orgs' paths ($n differ)"
n=$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE entity='user' AND subject_path IS NULL")
[ "$n" = 0 ]; ok $? "user entries have the user's org path"
held=$(sqlite3 "$DB" "SELECT school_code FROM org WHERE school_code IS NOT NULL ORDER BY id LIMIT 1")
"$FAZHI" --data "$D" org add --name 重复 --kind school --school-code "$held" > "$T/out" 2>&1
[ $? -ne 0 ]; ok $? "the unique 学校标识码 index is in place: $(cat "$T/out")"
finish
