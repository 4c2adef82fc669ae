#!/bin/sh
# t0008-help.sh -- every command and subcommand answers --help and -h with
# its usage on stdout and exit 0 (issue 7 §6: `fazhi org add --help` said
# 未知选项 and exited 2); `fazhi help` lists every command with each of its
# subcommands; `fazhi routes` prints a header and role names.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0008
if [ ! -x "$FAZHI" ]; then
  echo "FAIL: $FAZHI not built"; echo "0 passed, 1 failed"; exit 1
fi
D=$T/data
"$FAZHI" help > "$T/help" 2>&1; ok $? "fazhi help exits 0"
cmds=$(sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' "$T/help")
[ -n "$cmds" ]; ok $? "fazhi help lists commands"
for c in $cmds; do
  for h in --help -h; do
    "$FAZHI" --data "$D" "$c" $h > "$T/out" 2> "$T/err"; rc=$?
    ok $rc "fazhi $c $h exits 0 (exit $rc: $(cat "$T/err"))"
    grep -q "用法" "$T/out"; ok $? "fazhi $c $h prints its usage on stdout"
  done
  "$FAZHI" help "$c" > "$T/out" 2>&1; ok $? "fazhi help $c exits 0"
  # the subcommands its usage names ("fazhi [opts] CMD SUB ..."), test hooks aside
  subs=$("$FAZHI" "$c" --help | sed -n "s/.*fazhi\( \[[^]]*\]\)* $c \([a-z][a-z-]*\).*/\2/p" \
         | grep -v '^test' | sort -u)
  line=$(grep "^  $c " "$T/help")
  for s in $subs; do
    echo "$line" | grep -qE "(^|[^a-z-])$s([^a-z-]|\$)"
    ok $? "fazhi help's line for $c names its subcommand $s: $line"
    for h in --help -h; do
      "$FAZHI" --data "$D" "$c" "$s" $h > "$T/out" 2> "$T/err"; rc=$?
      ok $rc "fazhi $c $s $h exits 0 (exit $rc: $(cat "$T/err"))"
      grep -q "用法" "$T/out"; ok $? "fazhi $c $s $h prints the usage"
    done
  done
done
# the cases of the issue, with other options around the --help
"$FAZHI" --data "$D" org add --help > "$T/out" 2>&1; ok $? "fazhi org add --help"
grep -q -- "--parent" "$T/out"; ok $? "org add --help names --parent"
grep -q -- "--root" "$T/out"; ok $? "org add --help names --root"
"$FAZHI" --data "$D" user add --name 张三 --help > "$T/out" 2>&1; ok $? "fazhi user add --name x --help"
grep -q -- "--roles" "$T/out"; ok $? "user add --help names --roles"
[ ! -d "$D" ]; ok $? "no --help created the data folder"
# routes: a header and role names; --raw keeps the bits for scripts
"$FAZHI" routes > "$T/out"; ok $? "fazhi routes"
head -n 1 "$T/out" | grep -q "^方法	路径	角色	标志$"; ok $? "routes starts with a header: $(head -n 1 "$T/out")"
grep -q "^POST	/api/v1/orgs	系统管理员	-$" "$T/out"; ok $? "routes names roles (POST /api/v1/orgs: 系统管理员)"
grep -q "^GET	/api/v1/audit	审计员	-$" "$T/out"; ok $? "routes: GET /api/v1/audit for 审计员"
grep -q "^GET	/api/v1/orgs	所有登录用户	cache$" "$T/out"; ok $? "routes: any signed-in user, flags by name"
"$FAZHI" routes --raw | grep -q "^POST	/api/v1/orgs	1	0$"; ok $? "routes --raw keeps the bits"
finish
