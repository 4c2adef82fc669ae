#!/bin/sh
# t0001-codecheck.sh -- tools/codecheck on its fixtures.
#
# good.c must pass (exit 0, "0 failed"); bad.c must fail (exit 1) with
# exactly the lines that carry a /* BAD */ comment reported. Run from the
# top of the tree after `make build/tools/codecheck`. Prints its own
# "N passed, N failed" last and exits non-zero on any failure.
cd "$(dirname "$0")/../.." || exit 1
CC=./build/tools/codecheck
D=tests/unit/codecheck
pass=0; fail=0

# ok COND-EXIT-STATUS MESSAGE: count one check.
ok() {
  if [ "$1" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi
}

if [ ! -x "$CC" ]; then
  echo "FAIL: $CC not built (make build/tools/codecheck)"
  echo "0 passed, 1 failed"
  exit 1
fi

out=$("$CC" "$D/good.c"); rc=$?
ok "$rc" "good.c: exit $rc, expected 0"
echo "$out" | tail -n 1 | grep -qE '^[1-9][0-9]* passed, 0 failed$'; ok $? "good.c: last line '$(echo "$out" | tail -n 1)'"
[ "$rc" -eq 0 ] || echo "$out"

out=$("$CC" "$D/bad.c"); rc=$?
[ "$rc" -eq 1 ]; ok $? "bad.c: exit $rc, expected 1"
want=$(grep -n '/\* BAD \*/' "$D/bad.c" | cut -d: -f1 | sort -n | tr '\n' ' ')
got=$(echo "$out" | grep -E "^$D/bad.c:[0-9]+: " | cut -d: -f2 | sort -n | tr '\n' ' ')
for n in $want; do
  echo " $got" | grep -q " $n " ; ok $? "bad.c:$n not reported"
done
for n in $got; do
  echo " $want" | grep -q " $n " ; ok $? "bad.c:$n reported but not marked BAD"
done
nbad=$(echo "$want" | wc -w)
echo "$out" | tail -n 1 | grep -qE "^[0-9]+ passed, $nbad failed\$"; ok $? "bad.c: last line '$(echo "$out" | tail -n 1)', expected $nbad failed"

# the real sources pass
out=$("$CC" $(ls src/*.c src/*/*.c src/*/*/*.c src/*.h src/*/*.h src/*/*/*.h)); rc=$?
ok "$rc" "src: $out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
