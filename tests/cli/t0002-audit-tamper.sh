#!/bin/sh
# t0002-audit-tamper.sh -- `fazhi audit verify` finds every kind of tampering
# (threats.md row 9): change a field of a middle entry, delete a middle
# entry, delete the newest entry, insert a forged entry in the middle, swap
# two entries.  Each copy of one data dir gets one kind of damage with the
# sqlite3 shell; verify must exit 1 and name the first bad entry (or the seal
# for a deleted tail), and exit 0 with the right count on the untouched copy.
# Issue 7 §3 adds what the database alone cannot show: the log emptied
# (DELETE FROM audit and the head and seal rows), and the newest entries cut
# with an older head and seal written back (copied from the same database
# earlier).  The head sealed in the key folder (fazhi.audit-head) catches
# both; a signed checkpoint proves the chain up to it unchanged; a restore
# of a `fazhi backup` copy verifies with a warning (exit 3) saying how old
# it is, until `fazhi audit accept-restore`.
# Binary: $FAZHI_BIN (default build/fazhi-test).  Prints "N passed, N failed" last.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0002


if [ ! -x "$FAZHI" ] || ! command -v sqlite3 >/dev/null 2>&1; then
  echo "FAIL: need $FAZHI and sqlite3"
  fail=1; finish
fi

# A data dir with a few audited changes on top of the demo county.
D=$T/orig
"$FAZHI" --data "$D" init --demo >/dev/null 2>&1; ok $? "init --demo"
"$FAZHI" --data "$D" org add --name 审计测试学校一 --kind school --parent 梨树县教育局 >/dev/null 2>&1
ok $? "org add 1"
"$FAZHI" --data "$D" org add --name 审计测试学校二 --kind school --parent 梨树县教育局 \
  --code 91350100M000100Y43 >/dev/null 2>&1; ok $? "org add 2"
"$FAZHI" --data "$D" config set login.max_failures 6 >/dev/null 2>&1; ok $? "config set"
printf 'Passw0rd!x\n' | "$FAZHI" --data "$D" user add --username auditee --name 审计对象 \
  --org 梨树县第一实验小学 --roles school --password-stdin >/dev/null 2>&1; ok $? "user add"
"$FAZHI" --data "$D" user lock auditee >/dev/null 2>&1; ok $? "user lock"
"$FAZHI" --data "$D" org add --name 审计测试学校三 --kind kindergarten --parent 梨树县教育局 >/dev/null 2>&1
ok $? "org add 3"

N=$(sqlite3 "$D/fazhi.db" "SELECT count(*) FROM audit")
MAXID=$(sqlite3 "$D/fazhi.db" "SELECT max(id) FROM audit")
MID=$((N / 2))
[ "$N" -ge 20 ] && [ "$MAXID" -eq "$N" ]; ok $? "audit has $N entries numbered 1..$MAXID"

out=$("$FAZHI" --data "$D" audit verify 2>&1); rc=$?
[ "$rc" -eq 0 ]; ok $? "untouched original: exit $rc ($out)"

for k in clean change delete tail insert swap; do
  cp -R "$D" "$T/$k" || ok 1 "copy $k"
  rm -f "$T/$k/fazhi.db-wal" "$T/$k/fazhi.db-shm"
done

# sql COPY STATEMENTS: run SQL on one copy's database.
sql() { sqlite3 "$T/$1/fazhi.db" "$2"; }

# expect_bad COPY ID WHAT: verify exits 1 and names entry ID.
expect_bad() {
  out=$("$FAZHI" --data "$T/$1" audit verify 2>&1); rc=$?
  [ "$rc" -eq 1 ]; ok $? "$3: exit $rc, expected 1 ($out)"
  echo "$out" | grep -q "first bad entry: $2\$"; ok $? "$3: expected 'first bad entry: $2' in: $out"
}

# untouched copy
out=$("$FAZHI" --data "$T/clean" audit verify 2>&1); rc=$?
[ "$rc" -eq 0 ]; ok $? "untouched copy: exit $rc, expected 0 ($out)"
echo "$out" | grep -q "$N 条"; ok $? "untouched copy: count $N in: $out"
echo "$out" | grep -q "first bad entry"; [ $? -ne 0 ]; ok $? "untouched copy names no bad entry"

# 1. change one field of a middle entry
sql change "UPDATE audit SET ip='10.6.6.6' WHERE id=$MID"; ok $? "tamper change"
expect_bad change "$MID" "changed field of entry $MID"

# a change of the 'after' text, on a fresh copy of the copy
cp -R "$D" "$T/change2"; rm -f "$T/change2/fazhi.db-wal" "$T/change2/fazhi.db-shm"
sql change2 "UPDATE audit SET after=replace(after,'kind','kinD') WHERE id=2"
expect_bad change2 2 "changed 'after' of entry 2"

# 2. delete a middle entry: the next one no longer links
sql delete "DELETE FROM audit WHERE id=$MID"; ok $? "tamper delete"
expect_bad delete "$((MID + 1))" "deleted entry $MID"

# 3. delete the newest entry: the chain is whole but the seal does not match
sql tail "DELETE FROM audit WHERE id=$MAXID"; ok $? "tamper tail"
out=$("$FAZHI" --data "$T/tail" audit verify 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "deleted newest entry: exit $rc, expected 1 ($out)"
echo "$out" | grep -q "封印"; ok $? "deleted newest entry: the seal is named in: $out"

# 4. insert a forged entry in the middle, renumbering those after it; the
#    forgery copies the previous entry's hash as its prev_hash
sql insert "UPDATE audit SET id=id+100000 WHERE id>$MID;
            UPDATE audit SET id=id-100000+1 WHERE id>100000;
            INSERT INTO audit(id, at, user_id, username, org_id, ip, action, entity,
                              entity_id, before, after, prev_hash, hash)
              SELECT $MID+1, at, user_id, username, org_id, ip, 'delete', 'org', '7',
                     NULL, NULL, hash, hash
                FROM audit WHERE id=$MID;"; ok $? "tamper insert"
c=$(sql insert "SELECT count(*) FROM audit")
[ "$c" -eq $((N + 1)) ]; ok $? "forged entry inserted ($c rows)"
expect_bad insert "$((MID + 1))" "forged entry at $((MID + 1))"

# 4b. a forged entry with an unused id after the end
cp -R "$D" "$T/append"; rm -f "$T/append/fazhi.db-wal" "$T/append/fazhi.db-shm"
sql append "INSERT INTO audit(id, at, user_id, username, org_id, ip, action, entity,
                              entity_id, before, after, prev_hash, hash)
              SELECT id+1, at, user_id, username, org_id, ip, 'delete', 'org', '7',
                     NULL, NULL, hash, hash FROM audit WHERE id=$MAXID"
out=$("$FAZHI" --data "$T/append" audit verify 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "forged entry appended: exit $rc, expected 1 ($out)"
echo "$out" | grep -q "first bad entry: $((MAXID + 1))\$"; ok $? "appended forgery named in: $out"

# 5. swap two entries (contents exchanged, ids kept = reordered)
A=$MID; B=$((MID + 1))
sql swap "UPDATE audit SET id=-1 WHERE id=$A;
          UPDATE audit SET id=$A WHERE id=$B;
          UPDATE audit SET id=$B WHERE id=-1;"; ok $? "tamper swap"
expect_bad swap "$A" "swapped entries $A and $B"

# 5b. swap two entries' contents but keep their hashes in place
cp -R "$D" "$T/swap2"; rm -f "$T/swap2/fazhi.db-wal" "$T/swap2/fazhi.db-shm"
sql swap2 "CREATE TEMP TABLE s AS SELECT * FROM audit WHERE id IN ($A, $B);
           UPDATE audit SET action=(SELECT action FROM s WHERE s.id=($A+$B)-audit.id),
                            after=(SELECT after FROM s WHERE s.id=($A+$B)-audit.id),
                            entity_id=(SELECT entity_id FROM s WHERE s.id=($A+$B)-audit.id)
            WHERE id IN ($A, $B);"
same=$(sql swap2 "SELECT count(*) FROM audit a JOIN audit b ON b.id=$B
                  WHERE a.id=$A AND a.action IS b.action AND a.after IS b.after
                  AND a.entity_id IS b.entity_id")
if [ "$same" -eq 1 ]; then
  ok 0 "entries $A and $B identical in content; swap2 skipped"
else
  expect_bad swap2 "$A" "swapped contents of $A and $B"
fi

# 6. the log emptied: every entry and the head and seal rows deleted
cp -R "$D" "$T/empty"; rm -f "$T/empty/fazhi.db-wal" "$T/empty/fazhi.db-shm"
sql empty "DELETE FROM audit; DELETE FROM meta WHERE k IN ('audit_head', 'audit_seal');"
ok $? "tamper empty"
out=$("$FAZHI" --data "$T/empty" audit verify 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "emptied log: exit $rc, expected 1 ($out)"
echo "$out" | grep -q "清空"; ok $? "emptied log: named as emptied in: $out"
echo "$out" | grep -q "审计头记录有${N}条"; ok $? "emptied log: the head file's $N entries named in: $out"
echo "$out" | grep -q "完好"; [ $? -ne 0 ]; ok $? "emptied log is never 完好"
#    ... and without the head file (a database with orgs and users but no log)
rm -f "$T/empty/fazhi.audit-head"
out=$("$FAZHI" --data "$T/empty" audit verify 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "emptied log, no head file: exit $rc, expected 1 ($out)"
echo "$out" | grep -q "机构或用户"; ok $? "emptied log with records named in: $out"

# 7. the newest entries cut, an older head and seal written back (copied
#    from the same database earlier): no key needed, the database alone
#    looks whole
cp -R "$D" "$T/cut"; rm -f "$T/cut/fazhi.db-wal" "$T/cut/fazhi.db-shm"
OLDHEAD=$(sql cut "SELECT v FROM meta WHERE k='audit_head'")
OLDSEAL=$(sql cut "SELECT v FROM meta WHERE k='audit_seal'")
for k in 1 2 3; do
  "$FAZHI" --data "$T/cut" org add --name "截断测试$k" --kind school --parent 梨树县教育局 >/dev/null 2>&1
  ok $? "cut: org add $k"
done
out=$("$FAZHI" --data "$T/cut" audit verify 2>&1); rc=$?
[ "$rc" -eq 0 ]; ok $? "cut: whole before the cut ($out)"
rm -f "$T/cut/fazhi.db-wal" "$T/cut/fazhi.db-shm"
sql cut "DELETE FROM audit WHERE id>$N;
         UPDATE meta SET v='$OLDHEAD' WHERE k='audit_head';
         UPDATE meta SET v='$OLDSEAL' WHERE k='audit_seal';"; ok $? "tamper cut"
c=$(sql cut "SELECT count(*) FROM audit"); [ "$c" -eq "$N" ]; ok $? "cut back to $N entries ($c)"
out=$("$FAZHI" --data "$T/cut" audit verify 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "cut log with an old head and seal: exit $rc, expected 1 ($out)"
echo "$out" | grep -q "截短"; ok $? "cut log: named as cut in: $out"
echo "$out" | grep -q "first bad entry: $((N + 1))\$"; ok $? "cut log: first missing entry $((N + 1)) in: $out"
#    a later write does not paper over it
"$FAZHI" --data "$T/cut" org add --name 截断后新增 --kind school --parent 梨树县教育局 >/dev/null 2>&1
out=$("$FAZHI" --data "$T/cut" audit verify 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "cut log, then one more write: still exit 1 ($out)"
#    the head file cannot be forged without the key
cp -R "$D" "$T/forge"; rm -f "$T/forge/fazhi.db-wal" "$T/forge/fazhi.db-shm"
sed -i 's/^count=.*/count=3/' "$T/forge/fazhi.audit-head"
out=$("$FAZHI" --data "$T/forge" audit verify 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "edited head file: exit $rc, expected 1 ($out)"
echo "$out" | grep -q "审计头文件"; ok $? "edited head file named in: $out"

# 8. a signed checkpoint: the chain up to it unchanged, and continued
cp -R "$D" "$T/ck"; rm -f "$T/ck/fazhi.db-wal" "$T/ck/fazhi.db-shm"
"$FAZHI" --data "$T/ck" audit checkpoint -o "$T/ck.txt" >/dev/null 2>&1; ok $? "checkpoint -o"
grep -q "^count=$N\$" "$T/ck.txt"; ok $? "checkpoint holds count=$N"
grep -q "^seal=[0-9a-f]\{64\}\$" "$T/ck.txt"; ok $? "checkpoint is sealed"
"$FAZHI" --data "$T/ck" audit checkpoint > "$T/ck2.txt" 2>/dev/null; ok $? "checkpoint to stdout"
cmp -s "$T/ck.txt" "$T/ck2.txt"; [ $? -ne 0 ] || grep -q "^hash=" "$T/ck2.txt"; ok $? "stdout checkpoint has the head"
"$FAZHI" --data "$T/ck" org add --name 检查点后新增 --kind school --parent 梨树县教育局 >/dev/null 2>&1
out=$("$FAZHI" --data "$T/ck" audit verify --since-checkpoint "$T/ck.txt" 2>&1); rc=$?
[ "$rc" -eq 0 ]; ok $? "since checkpoint: exit $rc ($out)"
echo "$out" | grep -q "之前的条目未被改动，此后又追加了1条"; ok $? "since checkpoint: unchanged + 1 in: $out"
sed 's/^count=.*/count=2/' "$T/ck.txt" > "$T/ck-bad.txt"
out=$("$FAZHI" --data "$T/ck" audit verify --since-checkpoint "$T/ck-bad.txt" 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "edited checkpoint refused: exit $rc ($out)"
echo "$out" | grep -q "检查点"; ok $? "edited checkpoint named in: $out"
#    an entry before the checkpoint rewritten by someone holding the key:
#    the rebuilt chain verifies on its own, the checkpoint does not match
rm -f "$T/ck/fazhi.db-wal" "$T/ck/fazhi.db-shm"
sql ck "UPDATE audit SET ip='10.9.9.9' WHERE id=2"
out=$("$FAZHI" --data "$T/ck" audit verify --since-checkpoint "$T/ck.txt" 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "changed entry before the checkpoint: exit $rc ($out)"
#    the log cut below the checkpoint
cp -R "$D" "$T/ck3"; rm -f "$T/ck3/fazhi.db-wal" "$T/ck3/fazhi.db-shm" "$T/ck3/fazhi.audit-head"
sql ck3 "DELETE FROM audit WHERE id>3; UPDATE meta SET v='x' WHERE k='audit_head'"
out=$("$FAZHI" --data "$T/ck3" audit verify --since-checkpoint "$T/ck.txt" 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "log shorter than the checkpoint: exit $rc ($out)"

# 9. restore from a backup: passes with a warning saying how old it is
cp -R "$D" "$T/rs"; rm -f "$T/rs/fazhi.db-wal" "$T/rs/fazhi.db-shm"
"$FAZHI" --data "$T/rs" backup "$T/rs-backup.db" >/dev/null 2>&1; ok $? "backup"
for k in 1 2; do
  "$FAZHI" --data "$T/rs" org add --name "备份后新增$k" --kind school --parent 梨树县教育局 >/dev/null 2>&1
done
rm -f "$T/rs/fazhi.db-wal" "$T/rs/fazhi.db-shm"
cp "$T/rs-backup.db" "$T/rs/fazhi.db"; ok $? "restore the backup file"
out=$("$FAZHI" --data "$T/rs" audit verify 2>&1); rc=$?
[ "$rc" -eq 3 ]; ok $? "restored backup: exit $rc, expected 3 (a warning) ($out)"
echo "$out" | grep -q "从备份恢复"; ok $? "restored backup: said so in: $out"
echo "$out" | grep -q "缺少其后的2条"; ok $? "restored backup: 2 entries older than the head file, in: $out"
echo "$out" | grep -q "审计日志完好"; [ $? -ne 0 ]; ok $? "restored backup is not silently 完好"
"$FAZHI" --data "$T/rs" org add --name 恢复后新增 --kind school --parent 梨树县教育局 >/dev/null 2>&1
out=$("$FAZHI" --data "$T/rs" audit verify 2>&1); rc=$?
[ "$rc" -eq 3 ]; ok $? "restored, then one write: still the warning, exit $rc ($out)"
echo "$out" | grep -q "恢复后又追加了1条"; ok $? "restored then appended 1, in: $out"
"$FAZHI" --data "$T/rs" audit accept-restore >/dev/null 2>&1; ok $? "accept-restore"
out=$("$FAZHI" --data "$T/rs" audit verify 2>&1); rc=$?
[ "$rc" -eq 0 ]; ok $? "after accept-restore: exit $rc ($out)"
"$FAZHI" --data "$T/rs" audit list --action restore | grep -q '"lost":2'; ok $? "the accepted restore is audited with what it gave up"
"$FAZHI" --data "$T/rs" audit accept-restore >/dev/null 2>&1; [ $? -eq 1 ]; ok $? "nothing to accept the second time"
#    a cut that keeps entries after a backup head is still a cut: they are
#    older than the head file's head, so not written after a restore
cp -R "$D" "$T/rs2"; rm -f "$T/rs2/fazhi.db-wal" "$T/rs2/fazhi.db-shm"
"$FAZHI" --data "$T/rs2" backup "$T/rs2-backup.db" >/dev/null 2>&1
"$FAZHI" --data "$T/rs2" org add --name 备份后A --kind school --parent 梨树县教育局 >/dev/null 2>&1
H1=$(sql rs2 "SELECT v FROM meta WHERE k='audit_head'"); S1=$(sql rs2 "SELECT v FROM meta WHERE k='audit_seal'")
sleep 1   # the entry left after the cut is older than the head file's head
"$FAZHI" --data "$T/rs2" org add --name 备份后B --kind school --parent 梨树县教育局 >/dev/null 2>&1
rm -f "$T/rs2/fazhi.db-wal" "$T/rs2/fazhi.db-shm"
sql rs2 "DELETE FROM audit WHERE id>$((N + 1)); UPDATE meta SET v='$H1' WHERE k='audit_head';
         UPDATE meta SET v='$S1' WHERE k='audit_seal';"
out=$("$FAZHI" --data "$T/rs2" audit verify 2>&1); rc=$?
[ "$rc" -eq 1 ]; ok $? "cut to a head no backup recorded: exit $rc, expected 1 ($out)"
"$FAZHI" --data "$T/rs2" audit accept-restore >/dev/null 2>&1; [ $? -eq 1 ]; ok $? "a cut cannot be accepted as a restore"

# the original is still whole, with the right count
out=$("$FAZHI" --data "$D" audit verify 2>&1); rc=$?
[ "$rc" -eq 0 ]; ok $? "original still whole: exit $rc"
echo "$out" | grep -q "$N 条"; ok $? "original count $N in: $out"
finish
