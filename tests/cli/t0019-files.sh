#!/bin/sh
# t0019-files.sh -- migration 0019 keeps every evidence file: on a
# database from before it (0019 undone by hand) whose checklist items have
# evidence, the migration enters each file in the store's tables, `fazhi
# files verify` re-hashes them, `evidence get` still serves them, and
# `fazhi backup` carries them into files/ beside the copy.  A changed file
# is named by verify (exit 1) until it is restored.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0019
D=$T/data
DB=$D/fazhi.db
command -v sqlite3 >/dev/null 2>&1 || { ok 1 "sqlite3 missing (install-deps test)"; finish; }
"$FAZHI" --data "$D" init --demo > /dev/null; ok $? "init --demo"
item=$("$FAZHI" --data "$D" check list --org-id 梨树县第一实验小学 | awk -F'\t' 'NR==1{print $1}')
printf '%%PDF-1.4\n保安员花名册\n' > "$T/roster.pdf"
printf '\377\330\377\340 a photo of the gate\n' > "$T/gate.jpg"
ev1=$("$FAZHI" --data "$D" evidence add "$item" "$T/roster.pdf"); ok $? "evidence 1"
ev2=$("$FAZHI" --data "$D" evidence add "$item" "$T/gate.jpg"); ok $? "evidence 2"
"$FAZHI" --data "$D" evidence add "$item" "$T/gate.jpg" > /dev/null; ok $? "the same photo again"
sqlite3 "$DB" "
  DROP INDEX org_sort_key; ALTER TABLE org DROP COLUMN sort_key;
  DROP TABLE idem_key; DROP TABLE upload_session;
  ALTER TABLE report DROP COLUMN version; ALTER TABLE report RENAME COLUMN rev TO version;
  CREATE TABLE report_block_old(report_id INTEGER NOT NULL REFERENCES report(id),
    seq INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('title','h1','h2','h3','para','list','sign')),
    body TEXT NOT NULL, PRIMARY KEY(report_id, seq));
  INSERT INTO report_block_old SELECT report_id, seq, kind, body FROM report_block;
  DROP TABLE report_block; ALTER TABLE report_block_old RENAME TO report_block;
  DROP TABLE file_ref; DROP TABLE file;
  ALTER TABLE adviser DROP COLUMN contract_file;
  ALTER TABLE permit DROP COLUMN decision_file;
  ALTER TABLE permit DROP COLUMN receipt_file;
  DROP TABLE permit_pause;
  ALTER TABLE permit ADD COLUMN pauses TEXT;
  ALTER TABLE permit ADD COLUMN rounds TEXT;
  DROP TABLE insp_pub; DROP TABLE insp_rating; DROP TABLE insp_media; DROP TABLE insp_result; DROP TABLE insp_member; DROP TABLE insp_record;
  DROP TABLE home_figure;
  DROP TABLE insp_task; DROP TABLE insp_draw; DROP TABLE insp_plan; DROP TABLE insp_conflict;
  DROP TABLE insp_person; DROP TABLE insp_target; DROP TABLE insp_item;
  DROP TABLE dispute_step; DROP TABLE review_round;
  DROP TABLE decision; DROP TABLE normdoc; DROP TABLE review;
  DROP TABLE task; DROP TABLE lawcase_year; DROP TABLE lawcase; DROP TABLE dispute;
  DROP INDEX org_parent_name; ALTER TABLE org DROP COLUMN allow_duplicate_name;
  DROP TABLE report_reason; DROP TABLE fig_manual;
  UPDATE meta SET v='18' WHERE k='schema_version';"
ok $? "made a schema-18 database with 3 evidence rows, 2 files"
"$FAZHI" --data "$D" files verify > "$T/out" 2>&1; rc=$?
ok $rc "files verify after the migration: $(cat "$T/out")"
grep -q "2 个文件" "$T/out"; ok $? "... both files entered and checked"
n=$(sqlite3 "$DB" "SELECT count(*) FROM file_ref WHERE entity='check_item' AND field='evidence'")
[ "$n" = 3 ]; ok $? "every evidence row names its file ($n)"
"$FAZHI" --data "$D" evidence get "$item" "$ev1" -o "$T/back.pdf"; ok $? "evidence get"
cmp -s "$T/roster.pdf" "$T/back.pdf"; ok $? "... the same bytes"
mkdir "$T/bak"
"$FAZHI" --data "$D" backup "$T/bak/fazhi.db" > "$T/out" 2>&1; ok $? "backup: $(cat "$T/out")"
[ "$(find "$T/bak/files" -type f | wc -l)" = 2 ]; ok $? "the backup folder has files/ with both"
h=$(sqlite3 "$DB" "SELECT sm3 FROM evidence WHERE id=$ev2")
f="$D/files/$(echo "$h" | cut -c1-2)/$h"
cp "$f" "$T/good"
printf x >> "$f"
"$FAZHI" --data "$D" files verify > "$T/out" 2>&1; rc=$?
[ $rc -eq 1 ]; ok $? "verify finds the changed file (exit $rc)"
grep -q "$h" "$T/out" && grep -q "check_item $item evidence" "$T/out"
ok $? "... naming it and the item that uses it: $(cat "$T/out")"
cp "$T/good" "$f"
"$FAZHI" --data "$D" files verify > /dev/null 2>&1; ok $? "restored: verify passes"
rm "$f"
"$FAZHI" --data "$D" files verify > "$T/out" 2>&1; rc=$?
[ $rc -eq 1 ] && grep -q "缺失" "$T/out"; ok $? "a missing file is named too"
"$FAZHI" --data "$D" audit verify > /dev/null 2>&1; ok $? "audit chain intact"
finish
