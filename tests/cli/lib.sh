# tests/cli/lib.sh -- what every CLI test starts with.  Source it with the
# test's name: `. tests/cli/lib.sh t0003` (from the repository root).
#
# Sets FAZHI (absolute path of $FAZHI_BIN, default build/fazhi-test: the
# test build, which honours FAZHI_TEST_FAST_HASH and FAZHI_NOW), cheap password
# hashing, no inherited data folder or database, a scratch folder $T removed
# at exit, the counters, and:
#   ok STATUS MESSAGE   count one check (STATUS 0 passes)
#   finish              print "N passed, N failed" and exit non-zero on any
#                       failure or when nothing ran
FAZHI=${FAZHI_BIN:-build/fazhi-test}
case $FAZHI in /*) ;; *) FAZHI=$(pwd)/$FAZHI ;; esac
export FAZHI_TEST_FAST_HASH=1
unset FAZHI_DATA FAZHI_DB
: "${ASAN_OPTIONS:=detect_leaks=0}"; export ASAN_OPTIONS
pass=0; fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/fazhi-${1:-test}.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT INT TERM

ok() {
  if [ "$1" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi
}

finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
  exit $?
}
