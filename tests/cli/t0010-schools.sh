#!/bin/sh
# t0010-schools.sh -- the schools' 法治 registers from the command line:
# 法治副校长 people and appointments (the 2-school rule: exit 1 naming the
# rule, nothing written), activities (semester from the date), the year's
# checklist template and items, `fazhi compliance` as of a date (coverage
# by kind, schools without, terms ending within 60 days, item rates), the
# audit chain intact afterwards.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0010
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
run vp list
[ "$(wc -l <"$T/out")" -eq 2 ]; ok $? "nothing written by the refusal"

run activity add --org-id 梨树县第一实验小学 --kind 以案说法 --held-on 2024-10-10 --title 防诈骗
ok $rc "add an activity"
run activity list
has "2024秋" "$T/out" "semester from the date"

run check add --org-id 梨树县第一实验小学 --year 2024 --item 视频监控 --status 达标 \
    --checked-on 2024-05-01 --checker 李
[ $rc -eq 1 ]; ok $? "an item outside the year's template exits 1"
has "模板" "$T/err" "... naming the template"
run check-template add --org-id 梨树县教育局 --year 2024 --item 视频监控
ok $rc "add the template item"
run check add --org-id 梨树县第一实验小学 --year 2024 --item 视频监控 --status 达标 \
    --checked-on 2024-05-01 --checker 李
ok $rc "add the checklist item"

run compliance --as-of 2024-12-01
ok $rc "compliance"
has "法治副校长配备率（中小学）	40.0%	2/5" "$T/out" "coverage of 中小学 as of the day"
has "法治副校长配备率（幼儿园）	0.0%	0/2" "$T/out" "coverage of 幼儿园"
has "未配备法治副校长	梨树镇中心小学" "$T/out" "a school without one is listed"
has "视频监控达标率	14.3%	1/7" "$T/out" "the item's rate"
has "以案说法（2024年）	1 次" "$T/out" "以案说法 counted"
run compliance --as-of 2026-07-15
has "聘期将满	梨树县第一实验小学	王警官	2026-08-31" "$T/out" "a term ending within 60 days"
run compliance --as-of 2024-13-01
[ $rc -eq 2 ]; ok $? "a bad date exits 2"
run audit verify
ok $rc "audit chain intact"
finish
