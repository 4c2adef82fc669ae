#!/bin/sh
# t0003-cli.sh -- the command line: help, version, exit statuses and usage,
# the working-day calendar, password policy, all-or-nothing org import, and
# where the data dir comes from (--data, $FAZHI_DATA).
# Binary: $FAZHI_BIN (default build/fazhi-test).  Prints "N passed, N failed" last.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0003

# run ARGS...: run fazhi; sets $rc, $out (stdout) and $err (stderr).
run() {
  "$FAZHI" "$@" >"$T/out" 2>"$T/err"; rc=$?
  out=$(cat "$T/out"); err=$(cat "$T/err")
}

# expect STATUS WHAT: $rc must be STATUS.
expect() {
  [ "$rc" -eq "$1" ]; ok $? "$2: exit $rc, expected $1 (stdout: $out) (stderr: $err)"
}

# has TEXT WHERE WHAT: TEXT occurs in WHERE.
has() {
  case $2 in *"$1"*) ok 0 "";; *) ok 1 "$3: '$1' not in: $2";; esac
}

if [ ! -x "$FAZHI" ]; then
  echo "FAIL: $FAZHI not built"
  echo "0 passed, 1 failed"; exit 1
fi
D=$T/data

# help, version, unknown commands, usage
run help;                      expect 0 "fazhi help"
for c in audit calendar config init org routes serve user version; do
  has "$c" "$out" "help lists $c"
done
run --help;                    expect 0 "fazhi --help"
run version;                   expect 0 "fazhi version"
echo "$out" | grep -qE '^fazhi [0-9]+\.[0-9]+\.[0-9]+$'; ok $? "version line: $out"
run --version;                 expect 0 "fazhi --version"
run;                           expect 2 "fazhi without a command"
run frobnicate;                expect 2 "unknown command"
has "frobnicate" "$err" "unknown command named"
for c in org user audit calendar config init serve; do
  run "$c" --help;             expect 0 "fazhi $c --help"
  has "用法" "$out" "$c --help prints usage"
done

run --data "$D" init --demo;   expect 0 "init --demo"
has "一次性密码：" "$out" "init --demo prints the admin one-time password"
[ -f "$D/fazhi.db" ] && [ -f "$D/fazhi.key" ]; ok $? "init creates fazhi.db and fazhi.key"
perm=$(stat -c %a "$D/fazhi.key" 2>/dev/null)
[ "$perm" = "600" ]; ok $? "fazhi.key mode 600 (got $perm)"
perm=$(stat -c %a "$D/fazhi.db" 2>/dev/null)
[ "$perm" = "600" ]; ok $? "fazhi.db mode 600 (got $perm)"
run --data "$D" init --demo;   expect 0 "second init --demo changes nothing"
norg=$("$FAZHI" --data "$D" org list | wc -l)
[ "$norg" -eq 147 ]; ok $? "demo county (data/demo/orgs.csv) has 147 orgs (got $norg)"

run --data "$D" org add;       expect 2 "org add without options"
has "用法" "$err" "org add without options prints usage"
run --data "$D" org add --kind school; expect 2 "org add without --name"
has "用法" "$err" "org add without --name prints usage"
has "--name" "$err" "org add without --name names the option"
run --data "$D" org add --name 无类别; expect 2 "org add without --kind"
run --data "$D" org add --name X --kind school --bogus 1; expect 2 "org add with an unknown option"
run --data "$D" org add --name X --kind; expect 2 "org add with an option missing its value"
run --data "$D" org frob;      expect 2 "unknown org subcommand"
run --data "$D" org add --name 错误代码学校 --kind school --parent 梨树县教育局 --code 91350100M000100Y4Z
expect 1 "org add with a bad 统一社会信用代码"
has "校验码" "$err" "bad code message names the check character"
run --data "$D" org add --name 新学校 --kind school --parent 梨树县教育局 --code 91350100M000100Y43
expect 0 "org add with a valid code"
echo "$out" | grep -qE '^[0-9]+$'; ok $? "org add prints the new id: $out"
run --data "$D" org add --name 重复学校 --kind school --parent 梨树县教育局 --code 91350100M000100Y43
expect 1 "org add with a duplicate code"
run --data "$D" org add --name 孤儿 --kind school --parent 不存在的机构; expect 1 "org add, unknown parent"

# calendar
run --data "$D" calendar add-days 2025-09-26 20; expect 0 "add-days 2025-09-26 20"
[ "$out" = "2025-10-30" ]; ok $? "2025-09-26 + 20 working days = 2025-10-30 (got $out)"
run --data "$D" calendar add-days 2024-09-27 1 --explain; expect 0 "add-days --explain"
has "调休" "$out" "--explain mentions 调休 for 2024-09-27 1"
[ "$(echo "$out" | tail -n 1)" = "2024-09-29" ]; ok $? "2024-09-27 + 1 = 2024-09-29 (make-up Sunday)"
run --data "$D" calendar add-days 2024-09-30 1; expect 0 "add-days over 国庆"
[ "$out" = "2024-10-08" ]; ok $? "2024-09-30 + 1 = 2024-10-08 (got $out)"
run --data "$D" calendar add-days 2024-09-30 0; expect 0 "add-days 0"
run --data "$D" calendar add-days 2026-12-01 30; expect 1 "add-days past the loaded calendar"
[ -n "$err" ] && [ -z "$out" ]; ok $? "refusal past 2026 has a message and no date (out: $out)"
has "2027" "$err" "refusal names the missing year"
run --data "$D" calendar add-days 2025-02-30 1; expect 2 "add-days 2025-02-30"
run --data "$D" calendar add-days 2025-13-01 1; expect 2 "add-days month 13"
run --data "$D" calendar add-days 2025-01-01 x;  expect 2 "add-days N not a number"
run --data "$D" calendar add-days 2025-01-01 -1; expect 2 "add-days negative N"
run --data "$D" calendar add-days 2025-01-01;    expect 2 "add-days without N"
run --data "$D" calendar show 2025;            expect 0 "calendar show 2025"
has "work" "$out" "calendar show lists make-up days"
run --data "$D" calendar show 1999;            expect 2 "calendar show 1999"

# user add: password policy through --password-stdin
for pw in abc abcdefgh Abcdefgh; do
  printf '%s\n' "$pw" | "$FAZHI" --data "$D" user add --username weakling --name 弱口令 \
    --org 梨树县第一实验小学 --roles school --password-stdin >"$T/out" 2>"$T/err"
  rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err")
  expect 1 "user add with weak password $pw"
  has "密码" "$err" "weak password $pw: message is about the password"
done
printf 'abc\n' | "$FAZHI" --data "$D" user add --username weakling --name 弱口令 \
  --org 梨树县第一实验小学 --roles school --password-stdin 2>"$T/err" >/dev/null
has "8" "$(cat "$T/err")" "short password: the message names the minimum length"
printf 'abcdefgh\n' | "$FAZHI" --data "$D" user add --username weakling --name 弱口令 \
  --org 梨树县第一实验小学 --roles school --password-stdin 2>"$T/err" >/dev/null
has "三类" "$(cat "$T/err")" "one-class password: the message names the character classes"
printf 'Weakling1!\n' | "$FAZHI" --data "$D" user add --username weakling --name 弱口令 \
  --org 梨树县第一实验小学 --roles school --password-stdin 2>"$T/err" >/dev/null
rc=$?; [ "$rc" -eq 1 ]; ok $? "password containing the username refused (exit $rc)"
has "用户名" "$(cat "$T/err")" "password containing the username: message names the rule"
printf '' | "$FAZHI" --data "$D" user add --username weakling --name 弱口令 \
  --org 梨树县第一实验小学 --roles school --password-stdin >/dev/null 2>&1
rc=$?; [ "$rc" -eq 1 ]; ok $? "empty stdin refused (exit $rc)"
run --data "$D" user list
echo "$out" | grep -q weakling; [ $? -ne 0 ]; ok $? "no weak user was created"
printf 'Passw0rd!x\n' | "$FAZHI" --data "$D" user add --username goodone --name 好口令 \
  --org 梨树县第一实验小学 --roles school,auditor --password-stdin >"$T/out" 2>"$T/err"
rc=$?; [ "$rc" -eq 0 ]; ok $? "user add with a good password (exit $rc: $(cat "$T/err"))"
run --data "$D" user add --username badrole --name 角色 --org 梨树县第一实验小学 --roles king
expect 2 "user add with an unknown role"
run --data "$D" user add --username noorg --name 无机构 --org 不存在 --roles school
expect 1 "user add with an unknown org"
run --data "$D" user add --username gen --name 生成 --org 梨树县第一实验小学 --roles leader
expect 0 "user add without --password-stdin"
has "一次性密码" "$out" "user add prints a one-time password"
run --data "$D" user add --username gen --name 生成 --org 梨树县第一实验小学 --roles leader
expect 1 "user add with a taken username"
run --data "$D" user lock nosuch; expect 1 "user lock of an unknown user"
run --data "$D" user lock goodone; expect 0 "user lock"
run --data "$D" user list
echo "$out" | grep goodone | grep -q 已停用; ok $? "user list shows the lock"
run --data "$D" user unlock goodone; expect 0 "user unlock"
printf 'N3w-Passw0rd\n' | "$FAZHI" --data "$D" user passwd goodone --password-stdin >/dev/null 2>&1
ok $? "user passwd --password-stdin"

# org import: one bad row writes nothing
before=$("$FAZHI" --data "$D" org list | wc -l)
printf '名称,类别,统一社会信用代码,区划代码,学校标识码,上级机构\n' > "$T/bad.csv"
printf '导入学校甲,school,,220322,,梨树县教育局\n' >> "$T/bad.csv"
printf '导入学校乙,学校,91350100M000100Y4Z,220322,,梨树县教育局\n' >> "$T/bad.csv"
printf '导入幼儿园丙,幼儿园,,,,梨树县教育局\n' >> "$T/bad.csv"
run --data "$D" org import "$T/bad.csv"; expect 1 "org import with one bad row"
has "第3行" "$err" "import names the bad row"
has "未导入" "$err" "import says nothing was imported"
after=$("$FAZHI" --data "$D" org list | wc -l)
[ "$before" -eq "$after" ]; ok $? "org count unchanged by a failed import ($before -> $after)"
"$FAZHI" --data "$D" org list | grep -q 导入学校甲; [ $? -ne 0 ]; ok $? "good row of a failed import not written"
printf '名称,类别,统一社会信用代码,区划代码,学校标识码,上级机构\n导入学校丁,school,,220322,,梨树县教育局\n导入学校戊,school,,,,梨树县教育局\n' > "$T/good.csv"
run --data "$D" org import "$T/good.csv"; expect 0 "org import of good rows"
after=$("$FAZHI" --data "$D" org list | wc -l)
[ "$after" -eq $((before + 2)) ]; ok $? "good import adds 2 orgs ($before -> $after)"
run --data "$D" org import "$T/no-such.csv"; expect 1 "org import of a missing file"
run --data "$D" org import; expect 2 "org import without a file"

# config
run --data "$D" config list; expect 0 "config list"
has "session.idle_minutes" "$out" "config list shows session.idle_minutes"
run --data "$D" config set login.max_failures 7; expect 0 "config set"
run --data "$D" config get login.max_failures; expect 0 "config get"
has "7" "$out" "config get shows the new value"
run --data "$D" config set login.max_failures 1000; expect 1 "config set out of range"
run --data "$D" config set no.such 1; expect 1 "config set unknown key"

# routes
run routes; expect 0 "fazhi routes"
echo "$out" | grep -qE '^POST	/api/v1/orgs	系统管理员	-$'; ok $? "routes lists POST /api/v1/orgs for admins"

# where the data dir comes from
FAZHI_DATA=$D "$FAZHI" org list >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l <"$T/out")" -eq "$after" ]; ok $? "FAZHI_DATA honoured (exit $rc)"
FAZHI_DATA=$T/nowhere "$FAZHI" --data "$D" org list >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l <"$T/out")" -eq "$after" ]; ok $? "--data wins over FAZHI_DATA (exit $rc)"
[ ! -e "$T/nowhere" ]; ok $? "FAZHI_DATA dir not touched when --data is given"
FAZHI_DATA=$T/envdir "$FAZHI" init >/dev/null 2>&1; ok $? "init into FAZHI_DATA"
[ -f "$T/envdir/fazhi.db" ]; ok $? "init created the db in FAZHI_DATA"
"$FAZHI" --data="$D" org list >"$T/out" 2>&1; rc=$?
[ "$rc" -eq 0 ] && [ "$(wc -l <"$T/out")" -eq "$after" ]; ok $? "--data=DIR form honoured"
mkdir -p "$T/cwd"
(cd "$T/cwd" && "$FAZHI" org list >/dev/null 2>&1); rc=$?
[ "$rc" -ne 0 ]; ok $? "no data dir: org list fails (exit $rc)"

# the audit chain is whole after all of the above
run --data "$D" audit verify; expect 0 "audit verify after CLI changes"
run --data "$D" audit list --action import --entity org --limit 3; expect 0 "audit list"
[ "$(echo "$out" | wc -l)" -eq 3 ]; ok $? "audit list --limit 3 prints 3 lines"

finish
