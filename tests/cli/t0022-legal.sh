#!/bin/sh
# t0022-legal.sh -- 矛盾纠纷, 行政复议/诉讼 and the 年度工作安排 from the
# command line over the demo county (init --demo: five disputes of 2024
# mediated, 2024 confirmed with no case, the four tasks of 2025): the
# report states 「无一件行政复议、行政诉讼案件」 and writes part 四 from the
# tasks; `lawcase confirm` refuses a count that differs from the records
# (exit 1 naming both numbers, nothing written); an unconfirmed year
# reads 【待补充】; the audit chain intact afterwards.  Migration 0026 on a
# demo database rewound to schema 25 (the steps taken and the revision
# rounds as children, the answer due day derived): each mediated dispute
# gets its first step, each review its latest round.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0022
D="$T/data"

run() { "$FAZHI" --data "$D" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
has() { grep -q -- "$1" "$2"; ok $? "$3"; }

"$FAZHI" --data "$D" init --demo >/dev/null 2>&1
ok $? "init --demo"
run dispute list
ok $rc "dispute list"
[ "$(wc -l < "$T/out")" -eq 5 ]; ok $? "the demo's five disputes ($(wc -l < "$T/out"))"
has "已办结" "$T/out" "... closed (the outcome is on the record: dispute show)"
run report --year 2024 --as-of 2024-11-15 --format md
ok $rc "the demo report as Markdown"
has "无一件行政复议、行政诉讼案件" "$T/out" "the confirmed zero reads 无一件"
has "^1\.不断提高政治站位。充分认识" "$T/out" "part 四's first paragraph is task 1"
has "^4\.进一步加大教育法律法规规章宣传力度。不断创新" "$T/out" "... its fourth task 4"
has "受理矛盾纠纷5件，均已办结，其中调解成功5件" "$T/out" "disputes from the records"
run report --year 2025 --as-of 2025-06-30 --format md
has "【待补充：行政复议、行政诉讼案件数】" "$T/out" "2025 not confirmed: 待补充"
run lawcase add --org-id 梨树县教育局 --kind 行政复议 --case-no "梨政复〔2025〕1号" \
    --applicant 张某 --act 不予许可决定 --received-on 2025-03-02
ok $rc "record a 行政复议 of 2025"
run lawcase confirm --year 2025 --as-of 2025-06-30 --count 0
[ $rc -ne 0 ]; ok $? "confirming 0 against 1 recorded fails (rc $rc)"
has "0 件" "$T/err" "... naming the count given"
has "1 件" "$T/err" "... and the count recorded"
run lawcase-year list
[ "$(wc -l < "$T/out")" -eq 1 ]; ok $? "nothing written"
run lawcase confirm --year 2025 --as-of 2025-06-30 --count 1
ok $rc "confirm 1"
run report --year 2025 --as-of 2025-06-30 --format md
has "行政复议案件1件、行政诉讼案件0件" "$T/out" "the report states the confirmed counts"
run audit verify
ok $rc "audit verify: $(cat "$T/out")"

command -v sqlite3 >/dev/null 2>&1 || { ok 1 "sqlite3 missing (install-deps test)"; finish; }
O="$T/old"
"$FAZHI" --data "$O" init --demo >/dev/null 2>&1
ok $? "init --demo (to rewind)"
sqlite3 "$O/fazhi.db" "
  DROP INDEX org_sort_key; ALTER TABLE org DROP COLUMN sort_key;
  DROP INDEX insp_person_user; ALTER TABLE insp_person DROP COLUMN user_id; ALTER TABLE insp_person DROP COLUMN account;
  DROP TABLE idem_key; DROP TABLE upload_session;
  ALTER TABLE report DROP COLUMN version; ALTER TABLE report RENAME COLUMN rev TO version;
  CREATE TABLE report_block_old(report_id INTEGER NOT NULL REFERENCES report(id),
    seq INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('title','h1','h2','h3','para','list','sign')),
    body TEXT NOT NULL, PRIMARY KEY(report_id, seq));
  INSERT INTO report_block_old SELECT report_id, seq, kind, body FROM report_block;
  DROP TABLE report_block; ALTER TABLE report_block_old RENAME TO report_block;
  DROP TABLE insp_pub; DROP TABLE insp_rating; DROP TABLE insp_media; DROP TABLE insp_result; DROP TABLE insp_member; DROP TABLE insp_record;
  DROP INDEX insp_task_org; ALTER TABLE insp_task DROP COLUMN org_id;
  ALTER TABLE insp_task DROP COLUMN label; ALTER TABLE insp_task DROP COLUMN void_reason;
  ALTER TABLE insp_task DROP COLUMN voided_at; ALTER TABLE insp_task DROP COLUMN created_at;
  ALTER TABLE insp_task DROP COLUMN updated_at;
  DROP TABLE home_figure;
  DROP TABLE dispute_step; DROP TABLE review_round;
  ALTER TABLE lawcase DROP COLUMN answer_file; ALTER TABLE lawcase DROP COLUMN decision_file;
  ALTER TABLE decision DROP COLUMN minutes_file;
  UPDATE review SET submitted_on='2024-05-22' WHERE rev_round=2;
  DROP TABLE report_reason; DROP TABLE fig_manual;
  UPDATE meta SET v='25' WHERE k='schema_version';"
ok $? "rewound to schema 25 (resubmit overwrote the submission day then)"
"$FAZHI" --data "$O" dispute list >/dev/null 2>&1
ok $? "reopened: 0026 ran"
n=$(sqlite3 "$O/fazhi.db" "SELECT count(*) FROM dispute_step WHERE action='开始调解'
                            AND step_on=(SELECT mediation_on FROM dispute d WHERE d.id=dispute_id)")
m=$(sqlite3 "$O/fazhi.db" "SELECT count(*) FROM dispute WHERE mediation_on IS NOT NULL")
[ "$n" = "$m" ] && [ "$n" -gt 0 ]; ok $? "each mediated dispute has its first step ($n of $m)"
n=$(sqlite3 "$O/fazhi.db" "SELECT count(*) FROM review_round r JOIN review v ON v.id=r.review_id
                            WHERE r.round_no=v.rev_round AND r.submitted_on=v.submitted_on")
m=$(sqlite3 "$O/fazhi.db" "SELECT count(*) FROM review")
[ "$n" = "$m" ] && [ "$n" -gt 0 ]; ok $? "each review has its latest round ($n of $m)"
id=$(sqlite3 "$O/fazhi.db" "SELECT id FROM review WHERE rev_round=2")
"$FAZHI" --data "$O" review rounds list "$id" > "$T/out" 2>&1
has "2	2024-05-22	办公室2024-05-22修改稿" "$T/out" "fazhi review rounds list: round 2 moved"
run lawcase list
ok $rc "lawcase list after the migration"

# 0029: the review's document versions move onto its rounds (every version
# kept), and a review imported without a round gets its round 1.
O2="$T/old2"
"$FAZHI" --data "$O2" init --demo >/dev/null 2>&1
ok $? "init --demo (to rewind to 28)"
rid=$(sqlite3 "$O2/fazhi.db" "SELECT id FROM review WHERE rev_round=2")
r1=$(sqlite3 "$O2/fazhi.db" "SELECT id FROM review_round WHERE review_id=$rid AND round_no=1")
r2=$(sqlite3 "$O2/fazhi.db" "SELECT id FROM review_round WHERE review_id=$rid AND round_no=2")
lone=$(sqlite3 "$O2/fazhi.db" "SELECT min(id) FROM review WHERE id<>$rid")
sqlite3 "$O2/fazhi.db" "
  ALTER TABLE review_round DROP COLUMN doc_file; ALTER TABLE review ADD COLUMN doc_file TEXT;
  DROP TABLE report_reason; DROP TABLE fig_manual; DROP TABLE idem_key; DROP TABLE upload_session;
  ALTER TABLE report DROP COLUMN version; ALTER TABLE report RENAME COLUMN rev TO version;
  CREATE TABLE report_block_old(report_id INTEGER NOT NULL REFERENCES report(id),
    seq INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('title','h1','h2','h3','para','list','sign')),
    body TEXT NOT NULL, PRIMARY KEY(report_id, seq));
  INSERT INTO report_block_old SELECT report_id, seq, kind, body FROM report_block;
  DROP TABLE report_block; ALTER TABLE report_block_old RENAME TO report_block;
  DROP TABLE home_figure;
  DROP INDEX org_sort_key; ALTER TABLE org DROP COLUMN sort_key;
  DROP INDEX insp_person_user; ALTER TABLE insp_person DROP COLUMN user_id; ALTER TABLE insp_person DROP COLUMN account;
  DELETE FROM review_round WHERE review_id=$lone;
  UPDATE review_round SET created_at=1000 WHERE id=$r1;
  UPDATE review_round SET created_at=2000 WHERE id=$r2;
  INSERT INTO file(sm3, size, type, created_at) VALUES
    ('$(printf 'a%.0s' $(seq 64))', 10, 'application/pdf', 1100),
    ('$(printf 'b%.0s' $(seq 64))', 10, 'application/pdf', 2100),
    ('$(printf 'c%.0s' $(seq 64))', 10, 'application/pdf', 2200);
  INSERT INTO file_ref(sm3, entity, rec_id, field, name, created_at) VALUES
    ('$(printf 'a%.0s' $(seq 64))', 'review', $rid, 'doc_file', '第一稿.pdf', 1100),
    ('$(printf 'b%.0s' $(seq 64))', 'review', $rid, 'doc_file', '修改稿.pdf', 2100),
    ('$(printf 'c%.0s' $(seq 64))', 'review', $rid, 'doc_file', '修改稿二.pdf', 2200);
  UPDATE review SET doc_file='$(printf 'c%.0s' $(seq 64))' WHERE id=$rid;
  UPDATE meta SET v='28' WHERE k='schema_version';"
ok $? "rewound to schema 28: three versions on review $rid, review $lone without rounds"
"$FAZHI" --data "$O2" review list >/dev/null 2>&1
ok $? "reopened: 0029 ran"
got=$(sqlite3 "$O2/fazhi.db" "SELECT group_concat(x.round_no || ':' || r.name, ',') FROM
        (SELECT * FROM file_ref WHERE entity='review_round' ORDER BY id) r
        JOIN review_round x ON x.id=r.rec_id")
[ "$got" = "1:第一稿.pdf,2:修改稿.pdf,2:修改稿二.pdf" ]; ok $? "every version on its round: $got"
got=$(sqlite3 "$O2/fazhi.db" "SELECT substr(doc_file,1,1) FROM review_round WHERE id IN ($r1,$r2) ORDER BY round_no")
[ "$got" = "a
c" ]; ok $? "each round's document is its last version: $got"
n=$(sqlite3 "$O2/fazhi.db" "SELECT count(*) FROM file_ref WHERE entity='review'")
[ "$n" = 0 ]; ok $? "no version left on the review"
n=$(sqlite3 "$O2/fazhi.db" "SELECT count(*) FROM review_round WHERE review_id=$lone AND round_no=1")
[ "$n" = 1 ]; ok $? "the review without a round got its round 1"
"$FAZHI" --data "$O2" review rounds files "$rid" "$r2" doc_file > "$T/out" 2>&1
has "修改稿二.pdf" "$T/out" "fazhi review rounds files lists the moved versions"
finish
