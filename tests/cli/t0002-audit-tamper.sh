#!/bin/sh
# t0002-audit-tamper.sh -- `fazhi audit verify` finds every kind of tampering
# (threats.md row 9): change a field of a middle entry, delete a middle
# entry, delete the newest entry, insert a forged entry in the middle, swap
# two entries.  Each copy of one data dir gets one kind of damage with the
# sqlite3 shell; verify must exit 1 and name the first bad entry (or the seal
# for a deleted tail), and exit 0 with the right count on the untouched copy.
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

# the original is still whole, with the right count
out=$("$FAZHI" --data "$D" audit verify 2>&1); rc=$?
[ "$rc" -eq 0 ]; ok $? "original still whole: exit $rc"
echo "$out" | grep -q "$N 条"; ok $? "original count $N in: $out"
finish
