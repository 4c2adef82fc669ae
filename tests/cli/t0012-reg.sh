#!/bin/sh
# t0012-reg.sh -- the command every register gets from its declaration,
# through the 法律顾问 register: --help generated from the fields, add
# (every problem at once, exit 1; missing options exit 2), list with
# filters, show, set, the steps dismiss/renew (refused from the wrong
# state naming it), void with a reason, template/export/import (all or
# nothing, an error file), exit codes by error kind, the audit chain
# intact afterwards.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0012
D="$T/data"

run() { "$FAZHI" --data "$D" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
has() { grep -q -- "$1" "$2"; ok $? "$3"; }

"$FAZHI" --data "$D" init --demo >/dev/null 2>&1
ok $? "init --demo"
# the demo county's own 法律顾问 stay in every list; its audit entries too
"$FAZHI" --data "$D" adviser list > "$T/demo.list" 2>/dev/null
nd=$("$FAZHI" --data "$D" audit list --entity adviser 2>/dev/null | grep -c adviser)

run adviser --help
ok $rc "adviser --help exits 0"
has "--licence-no" "$T/out" "help names the options from the declaration"
has "dismiss ID" "$T/out" "help names the steps"
has "person 个人" "$T/out" "help lists the choices"
run org --help
has "--school-code" "$T/out" "org --help from its declaration"

run adviser add --name 张律师
[ $rc -eq 2 ]; ok $? "add without required options exits 2 (got $rc)"
has "--org-id" "$T/err" "... naming the missing options"

run adviser add --org 梨树县第一实验小学 --name 张律师 --kind 个人 --phone 123 \
    --contract-start 2025-01-01 --contract-end 2024-01-01
[ $rc -eq 1 ]; ok $? "invalid add exits 1 (got $rc)"
has "手机号码" "$T/err" "the bad phone is named"
has "终止日" "$T/err" "the cross-field rule is named"
has "律师事务所" "$T/err" "every problem at once"

run adviser add --org 梨树县第一实验小学 --name 张律师 --kind 个人 --firm 某所 \
    --licence-no １２２０３２０１９１０１２３４５６ --phone "139 1234 5678" \
    --contract-start 2025/1/1 --contract-end 2099年12月31日
ok $rc "add exits 0"
id=$(cat "$T/out")
run adviser add --org 梨树县第一实验小学 --name 李律师 --kind 个人 --firm 某所 \
    --licence-no 12203201910123456 --contract-start 2025-01-01 --contract-end 2099-01-01
[ $rc -eq 1 ]; ok $? "a duplicate licence exits 1 (conflict)"
has "张律师" "$T/err" "... naming the record that has it"

run adviser list --kind 个人
ok $rc "list with a filter"
grep -q "^$id	张律师" "$T/out"; ok $? "list shows the new adviser (id, then name)"
has "12203201910123456" "$T/out" "full-width licence folded"
run adviser list --kind 律师事务所
[ ! -s "$T/out" ]; ok $? "filter by another kind lists nothing"
run adviser show "$id"
has "13912345678" "$T/out" "show: the operator sees the phone in full"
has "在聘" "$T/out" "show: state label"
run adviser show 999
[ $rc -eq 3 ]; ok $? "show of an unknown id exits 3 (not found; got $rc)"

run adviser set "$id" --filed-on 2025-01-05
ok $rc "set one field"
run adviser show "$id"
has "2025-01-05" "$T/out" "... changed"
run adviser set "$id" --status dismissed
[ $rc -eq 2 ]; ok $? "a read-only field is not an option of set (got $rc)"

run adviser renew "$id" --contract-end 2098-01-01
[ $rc -eq 1 ]; ok $? "renew to an earlier end: the rule refuses"
run adviser dismiss "$id" --dismissed-on 2026-01-01 --end-reason 合同提前终止
ok $rc "dismiss"
run adviser dismiss "$id" --dismissed-on 2026-01-02
[ $rc -eq 1 ]; ok $? "dismiss again exits 1"
has "当前状态为“解聘”" "$T/err" "... naming the state"
run adviser void "$id"
[ $rc -eq 1 ]; ok $? "void without a reason exits 1"
run adviser void "$id" --reason 录入错误
ok $rc "void with a reason"
run adviser set "$id" --name 改名
[ $rc -eq 5 ]; ok $? "a voided record cannot change: exit 5 (gone; got $rc)"
run adviser list
cmp -s "$T/out" "$T/demo.list"; ok $? "voided records leave the list"

run adviser template --format csv -o "$T/tpl.csv"
ok $rc "template"
head -n 1 "$T/tpl.csv" | grep -q "执业证号"; ok $? "template header from the labels"
printf '聘请单位,姓名或名称,类别,所在律师事务所,执业证号,联系电话,合同起始日,合同终止日\n梨树县第一实验小学,赵律师,个人,某所,11111111111111111,13800000000,2025-01-01,2099-12-31\n梨树县第一实验小学,钱律师,个人,某所,11111111111111111,1380000,2025-01-01,2099-12-31\n' > "$T/bad.csv"
run adviser import "$T/bad.csv"
[ $rc -eq 1 ]; ok $? "import with bad rows exits 1"
has "第3行" "$T/err" "... naming the row"
[ -f "$T/bad.csv.errors.csv" ]; ok $? "... and writing the error file"
run adviser list
cmp -s "$T/out" "$T/demo.list"; ok $? "nothing imported"
sed 's/钱律师,个人,某所,11111111111111111,1380000/钱律师,个人,某所,22222222222222222,13800000001/' "$T/bad.csv" > "$T/good.csv"
run adviser import "$T/good.csv"
ok $rc "import of good rows"
has "已导入 2 条法律顾问" "$T/out" "import says how many"
run adviser export --format csv -o "$T/out.csv"
ok $rc "export"
grep -q "钱律师" "$T/out.csv"; ok $? "export holds the imported rows"
run adviser export --format docx
[ $rc -eq 2 ]; ok $? "adviser has no docx export: usage error"
run org export --format docx -o "$T/orgs.docx"
ok $rc "org export --format docx (the register's own document)"
run adviser frob 1
[ $rc -eq 2 ]; ok $? "unknown subcommand exits 2"

run audit verify
ok $rc "audit chain intact"
run audit list --entity adviser
n=$(grep -c adviser "$T/out")
[ "$n" -eq $((6 + nd)) ]; ok $? "every change audited once: create update dismiss void 2×import ($n, $nd of the demo)"
for act in create update dismiss void import; do
  grep -q "	$act	adviser	" "$T/out"; ok $? "audit entry for $act"
done
finish
