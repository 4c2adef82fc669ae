#!/bin/sh
# t0005-migrate.sh -- moving a county's database into a city's.
# A county (SQLite) with the demo tree, a school user and 300 imported
# orgs moves under 四平市教育局 in a city database -- SQLite, and also
# PostgreSQL when tests/run started a cluster (FAZHI_TEST_PG_DIR):
# every org and user arrives, the password hash is unchanged, the target
# audit chain verifies; a second move conflicts and writes nothing; a
# county whose chain was tampered with is refused.
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh t0005
bad()  { ok 1 "$*"; }
check(){ [ "$1" = "$2" ]; ok $? "$3: got '$1', want '$2'"; }

# the county
"$FAZHI" --data "$T/cty" init --demo >/dev/null
printf 'Passw0rd!x\n' | "$FAZHI" --data "$T/cty" user add --username xiaozhang --name 小张 \
  --org 梨树县第一实验小学 --roles school --password-stdin >/dev/null
{ echo "名称,类别,统一社会信用代码,区划代码,学校标识码,上级机构"
  i=0; while [ $i -lt 300 ]; do echo "迁移测试学校$i,学校,,220322,,梨树县教育局"; i=$((i+1)); done
} > "$T/orgs.csv"
"$FAZHI" --data "$T/cty" org import "$T/orgs.csv" >/dev/null
norg=$(sqlite3 "$T/cty/fazhi.db" "SELECT count(*) FROM org")
naud=$(sqlite3 "$T/cty/fazhi.db" "SELECT count(*) FROM audit")
hash=$(sqlite3 "$T/cty/fazhi.db" "SELECT pw_hash FROM users WHERE username='xiaozhang'")

# move_into NAME [--db URL]: a city data dir with 四平市教育局, then the move
move_into() {
  name=$1; shift
  "$FAZHI" --data "$T/$name" "$@" init >/dev/null
  "$FAZHI" --data "$T/$name" "$@" org add --name 四平市教育局 --kind bureau --region 220300 >/dev/null
  "$FAZHI" --data "$T/$name" "$@" migrate-db --from "$T/cty" --parent 四平市教育局 > "$T/$name.out" 2>&1
  check $? 0 "$name: migrate-db exits 0"
  grep -q "迁移完成" "$T/$name.out" || bad "$name: no report: $(cat "$T/$name.out")"
  grep -q "机构     $norg" "$T/$name.out" || bad "$name: report does not count $norg orgs"
  check "$("$FAZHI" --data "$T/$name" "$@" org list | wc -l)" $((norg + 1)) "$name: every org arrived"
  "$FAZHI" --data "$T/$name" "$@" org list | grep -q "^[0-9]*	  梨树县教育局" \
    || bad "$name: 梨树县教育局 is not directly under 四平市教育局"
  check "$("$FAZHI" --data "$T/$name" "$@" user list | grep -c xiaozhang)" 1 "$name: the school user arrived"
  "$FAZHI" --data "$T/$name" "$@" audit verify > "$T/$name.verify"
  check $? 0 "$name: target audit chain verifies"
  # county entries + the move's own entry + the city's two (org add + init none)
  grep -q "$((naud + 2)) 条" "$T/$name.verify" || bad "$name: audit count: $(cat "$T/$name.verify")"
  "$FAZHI" --data "$T/$name" "$@" migrate-db --from "$T/cty" --parent 四平市教育局 > "$T/$name.again" 2>&1
  check $? 1 "$name: a second move is refused"
  grep -q "冲突" "$T/$name.again" || bad "$name: the refusal names the conflicts"
  check "$("$FAZHI" --data "$T/$name" "$@" org list | wc -l)" $((norg + 1)) "$name: ... and wrote nothing"
}

move_into city_sqlite
check "$(sqlite3 "$T/city_sqlite/fazhi.db" "SELECT pw_hash FROM users WHERE username='xiaozhang'")" \
  "$hash" "city_sqlite: the password hash is unchanged"

if [ -n "$FAZHI_TEST_PG_DIR" ]; then
  url=$(sh tests/pg.sh createdb "$FAZHI_TEST_PG_DIR" migrate_t0005)
  move_into city_pg --db "$url"
fi

# a county whose chain was changed is refused
cp -r "$T/cty" "$T/cty2"
sqlite3 "$T/cty2/fazhi.db" "UPDATE audit SET after='{}' WHERE id=3"
"$FAZHI" --data "$T/city3" init >/dev/null
"$FAZHI" --data "$T/city3" org add --name 四平市教育局 --kind bureau >/dev/null
"$FAZHI" --data "$T/city3" migrate-db --from "$T/cty2" --parent 四平市教育局 > "$T/c3.out" 2>&1
check $? 1 "a tampered county is refused"
grep -q "审计日志链校验失败" "$T/c3.out" || bad "the refusal says why: $(cat "$T/c3.out")"
check "$("$FAZHI" --data "$T/city3" org list | wc -l)" 1 "... and nothing moved"

"$FAZHI" migrate-db --from "$T/cty" > /dev/null 2>&1
check $? 2 "migrate-db without --parent is a usage error"

finish
