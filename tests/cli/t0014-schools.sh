#!/bin/sh
# t0014-schools.sh -- the schools' 法治 registers from the command line:
# 法治副校长 people and appointments (the 2-school rule: exit 1 naming the
# rule, nothing written), activities (semester from the date), the year's
# checklist template and items, `fazhi compliance` as of a date (coverage
# by kind, schools without, terms ending within 60 days, item rates) over
# the demo county's records (init --demo: a 法治副校长 at each of its 137
# schools, 2024's checklist all 达标, 以案说法 each semester), the audit
# chain intact afterwards.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0014
D="$T/data"

run() { "$FAZHI" --data "$D" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
has() { grep -q -- "$1" "$2"; ok $? "$3"; }

"$FAZHI" --data "$D" init --demo >/dev/null 2>&1
ok $? "init --demo"

run vp-person --help
has "--id-no" "$T/out" "vp-person --help names the 身份证号 option"
run vp-person add --org-id 梨树县教育局 --name 王警官 --employer-kind 公安 \
    --employer 梨树县公安局 --id-no 220322198001010012
[ $rc -eq 1 ]; ok $? "a bad 身份证号 checksum exits 1 (got $rc)"
run vp-person add --org-id 梨树县教育局 --name 王警官 --employer-kind 公安 \
    --employer 梨树县公安局 --phone 13912345678 --id-no 11010519491231002X
ok $rc "add a 法治副校长"
for s in 梨树县第一实验小学 梨树县第二实验小学; do
  run vp add --org-id $s --person-id 王警官 --term-start 2024-09-01 --term-end 2026-08-31
  ok $rc "appoint at $s"
done
run vp add --org-id 梨树镇中心小学 --person-id 王警官 --term-start 2025-01-01 --term-end 2025-06-30
[ $rc -eq 1 ]; ok $? "a third school at once exits 1 (got $rc)"
has "最多在 2 所学校" "$T/err" "... saying the rule"
run vp list --person-id 王警官
[ "$(wc -l <"$T/out")" -eq 2 ]; ok $? "nothing written by the refusal ($(wc -l <"$T/out") lines)"

run activity add --org-id 梨树县第一实验小学 --kind 以案说法 --held-on 2024-10-10 --title 防诈骗
ok $rc "add an activity"
run activity list
has "2024秋" "$T/out" "semester from the date"

run check add --org-id 梨树县第一实验小学 --year 2025 --item 视频监控 --status 达标 \
    --checked-on 2025-05-01 --checker 李
[ $rc -eq 1 ]; ok $? "an item outside the year's template exits 1"
has "模板" "$T/err" "... naming the template"
run check-template add --org-id 梨树县教育局 --year 2025 --item 视频监控
ok $rc "add the template item"
run check add --org-id 梨树县第一实验小学 --year 2025 --item 视频监控 --status 达标 \
    --checked-on 2025-05-01 --checker 李
ok $rc "add the checklist item"

run compliance --as-of 2024-12-01
ok $rc "compliance"
has "法治副校长配备率（中小学）	100%	89/89" "$T/out" "demo: every open 中小学 covered (one closed in 2023)"
has "法治副校长配备率（幼儿园）	100%	48/48" "$T/out" "demo: every 幼儿园 covered"
has "视频监控达标率	100%	137/137" "$T/out" "demo: 2024's item met everywhere"
has "以案说法（2024年）	275 次" "$T/out" "以案说法: the demo's two a school and the new one"
id=$("$FAZHI" --data "$D" vp list --org-id 梨树镇中心小学 | awk -F'\t' 'NR==1{print $1}')
run vp void "$id" --reason 录入错误
ok $rc "void the demo's appointment at 梨树镇中心小学"
run compliance --as-of 2024-12-01
has "法治副校长配备率（中小学）	98.9%	88/89" "$T/out" "coverage follows the record"
has "未配备法治副校长	梨树镇中心小学" "$T/out" "a school without one is listed"
has "缺项	梨树镇中心小学	未配备法治副校长" "$T/out" "... and among the schools with gaps, saying what it lacks"
has "有缺项的学校	1 所" "$T/out" "one school with a gap"
run compliance --as-of 2025-12-01
has "视频监控达标率	0.7%	1/137" "$T/out" "2025's rate: the one item checked"
run compliance --as-of 2026-07-15
has "聘期将满	梨树县第一实验小学	熊建华	2026-08-31" "$T/out" "a term ending within 60 days"
run compliance --as-of 2024-13-01
[ $rc -eq 2 ]; ok $? "a bad date exits 2"
run assessment --year 2024
ok $rc "assessment --year 2024"
head -1 "$T/out" | grep -q "^.*排名,学校,类别,总分,普法得分,依法治校（20分）,法治副校长配备（10分，普法）"
ok $? "the ranking's header names each item with its points"
[ "$(wc -l <"$T/out")" -eq 138 ]; ok $? "a line per open school ($(wc -l <"$T/out"))"
grep -q "^1,梨树县第一实验小学,中小学,93.3,56.3,17,10,20,15,10,10,11.3" "$T/out"
ok $? "first: 17 by hand (the demo's), 3 普法 activities of 4 (its 以案说法 added above)"
grep -q "^2,.*,92.5,52.5,20,10,20,15,10,10,7.5" "$T/out"; ok $? "then the schools with 20 by hand, sharing rank 2"
has "梨树镇中心小学,中小学,[0-9.]*,42.5,[0-9]*,0," "$T/out" "the school without a 法治副校长 scores 0 for it"
run assess-item add --org-id 梨树县教育局 --year 2024 --name 额外 --weight 5 --source 手工评分
[ $rc -eq 1 ]; ok $? "an item past 100 points exits 1 (got $rc)"
has "合计不超过 100 分" "$T/err" "... saying the limit"
run assess-score add --org-id 梨树县第一实验小学 --item-id "2024年 普法活动" --score 5
[ $rc -eq 1 ]; ok $? "a score for a computed item exits 1"
has "自动计算" "$T/err" "... saying it is computed"
run assessment --year 2024 --format xlsx -o "$T/rank.xlsx"
ok $rc "xlsx export"
[ "$(head -c 2 "$T/rank.xlsx")" = "PK" ]; ok $? "... a workbook"
run assessment --year 2024 --kind university
[ $rc -eq 2 ]; ok $? "a bad kind exits 2"
item=$("$FAZHI" --data "$D" check list --org-id 梨树县第一实验小学 | awk -F'\t' 'NR==1{print $1}')
printf '%%PDF-1.4\n保安员花名册\n' > "$T/roster.pdf"
run evidence add "$item" "$T/roster.pdf"
ok $rc "attach a PDF to checklist item $item"
ev=$(cat "$T/out")
run evidence list "$item"
has "roster.pdf" "$T/out" "listed with its name"
if openssl dgst -sm3 "$T/roster.pdf" >/dev/null 2>&1; then
  h=$(openssl dgst -sm3 -r "$T/roster.pdf" | cut -d' ' -f1)
  has "$h" "$T/out" "... and openssl's SM3"
  [ -f "$D/files/$(echo "$h" | cut -c1-2)/$h" ]; ok $? "stored under its SM3"
fi
run evidence get "$item" "$ev" -o "$T/back.pdf"
cmp -s "$T/roster.pdf" "$T/back.pdf"; ok $? "get gives the same bytes"
printf 'MZ' > "$T/a.exe"
run evidence add "$item" "$T/a.exe"
[ $rc -eq 1 ]; ok $? "a program is refused (exit $rc)"
for f in "$D"/files/*/*; do printf x >> "$f"; done
run evidence verify
[ $rc -eq 1 ]; ok $? "verify finds the changed file"
run evidence get "$item" "$ev" -o "$T/back2.pdf"
[ $rc -eq 1 ]; ok $? "get refuses the changed file"
has "SM3" "$T/err" "... saying the SM3 differs"
run audit verify
ok $rc "audit chain intact"
finish
