#!/bin/sh
# t0006-test-hooks.sh -- the release ./fazhi never reads the test hooks
# (issue 7 §4): FAZHI_TEST_FAST_HASH would drop argon2id to test cost and
# FAZHI_NOW would freeze session expiry and TOTP.  Only the test build
# (build/fazhi-test, compiled with -DFAZHI_TEST_HOOKS) honours them.
# Checked by the strings in each binary and by behaviour: the hash cost of
# a password stored with the hook set, and the time stamps of audit entries
# written with FAZHI_NOW set.  Prints "N passed, N failed" last.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0006
REL=$(pwd)/fazhi
TST=$(pwd)/build/fazhi-test

if [ ! -x "$REL" ] || [ ! -x "$TST" ] || ! command -v sqlite3 >/dev/null 2>&1; then
  echo "FAIL: need ./fazhi, build/fazhi-test and sqlite3 (run make)"
  fail=1; finish
fi

# strings: the names are not even in the release binary
n=$(strings "$REL" | grep -c -e FAZHI_TEST_FAST_HASH -e FAZHI_NOW -e FAZHI_TEST_HASH_LOG)
[ "$n" -eq 0 ]; ok $? "release ./fazhi contains no test hook names ($n found)"
n=$(strings "$TST" | grep -c -e FAZHI_TEST_FAST_HASH -e FAZHI_NOW)
[ "$n" -ge 2 ]; ok $? "the test build has both hooks ($n found)"

# behaviour: 2001-09-09 pinned; argon2id at test cost requested
for b in rel tst; do
  if [ $b = rel ]; then bin=$REL; else bin=$TST; fi
  FAZHI_NOW=1735689600 FAZHI_TEST_FAST_HASH=1 "$bin" --data "$T/$b" init --demo >/dev/null 2>&1
  ok $? "$b: init --demo with the hooks set"
done
h=$(sqlite3 "$T/rel/fazhi.db" "SELECT pw_hash FROM users WHERE username='admin'")
case $h in *'m=65536,t=3'*) r=0 ;; *) r=1 ;; esac
ok $r "release: admin's password hashed at full cost despite FAZHI_TEST_FAST_HASH ($h)"
h=$(sqlite3 "$T/tst/fazhi.db" "SELECT pw_hash FROM users WHERE username='admin'")
case $h in *'m=8,t=1'*) r=0 ;; *) r=1 ;; esac
ok $r "test build: admin's password at test cost ($h)"
now=$(date +%s)
t=$(sqlite3 "$T/rel/fazhi.db" "SELECT max(at) FROM audit")
[ "$t" -gt $((now - 600)) ]; ok $? "release: audit time is the real clock ($t), not FAZHI_NOW"
t=$(sqlite3 "$T/tst/fazhi.db" "SELECT max(at) FROM audit")
[ "$t" -eq 1735689600 ]; ok $? "test build: audit time pinned by FAZHI_NOW ($t)"
finish
