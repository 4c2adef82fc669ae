#!/bin/sh
# tests/fuzz/run.sh -- run each libFuzzer target for FUZZ_SECONDS (default
# 20) from its seed corpus; the last line is "N passed, N failed" (one per
# target: passed when it ran the whole time without a crash).
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-12}
pass=0; fail=0
make --no-print-directory fuzz || { echo "0 passed, 1 failed"; exit 1; }
for t in xlsx csv xml web json ids; do
  work=$(mktemp -d /tmp/fazhi-fuzz-$t-XXXXXX)
  cp tests/fuzz/corpus/$t/* "$work"/ 2>/dev/null
  if ./build-fuzz/fuzz_$t -max_total_time="$secs" -rss_limit_mb=2048 \
       -timeout=10 -artifact_prefix="$work/" "$work" > "$work.log" 2>&1; then
    echo "fuzz_$t: ok, $(grep -o 'Done [0-9]* runs' "$work.log" | tail -n 1)"
    pass=$((pass + 1))
  else
    echo "fuzz_$t: FAIL (see $work.log; artifacts in $work)"
    tail -n 40 "$work.log"
    fail=$((fail + 1))
    continue
  fi
  rm -rf "$work" "$work.log"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
