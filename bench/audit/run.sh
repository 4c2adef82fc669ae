#!/bin/sh
# bench/audit/run.sh -- how fast `fazhi audit verify` walks a long chain,
# against `openssl dgst -sm3` over the very bytes the chain hashes.
#
# Needs ./fazhi (run `make` first), sqlite3 and openssl.  Builds nothing.
#   N=1000000  entries to append with `fazhi audit test-fill` (default 1e6)
#   RUNS=3     timed runs of each side; the best one counts
#   KEEP=1     keep the temporary data dir (its path is printed)
# Reports; never fails on the target (exit 1 only when something broke).
set -eu
cd "$(dirname "$0")/../.."
N=${N:-1000000}
RUNS=${RUNS:-3}
FAZHI=$PWD/fazhi
[ -x "$FAZHI" ] || { echo "bench/audit: ./fazhi not found; run make first" >&2; exit 1; }
for t in sqlite3 openssl; do
  command -v "$t" >/dev/null 2>&1 || { echo "bench/audit: $t not found (sh scripts/install-deps.sh)" >&2; exit 1; }
done

W=$(mktemp -d /tmp/fazhi-bench-audit.XXXXXX)
D=$W/data
cleanup() { [ "${KEEP:-0}" = 1 ] && echo "kept $W" || rm -rf "$W"; }
trap cleanup EXIT INT TERM

now_ns() { date +%s%N; }
# secs START END -> seconds with 3 decimals
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (b-a)/1e9}'; }

FAZHI_TEST_FAST_HASH=1 "$FAZHI" --data "$D" init --demo >/dev/null

# 1. fill
t0=$(now_ns)
"$FAZHI" --data "$D" audit test-fill "$N" >/dev/null
t1=$(now_ns)
fill_s=$(secs "$t0" "$t1")
total=$(sqlite3 "$D/fazhi.db" 'SELECT count(*) FROM audit')
dbsize=$(stat -c %s "$D/fazhi.db")

# 2. verify, best of RUNS
best_v=""
i=0
while [ $i -lt "$RUNS" ]; do
  t0=$(now_ns)
  out=$("$FAZHI" --data "$D" audit verify)
  t1=$(now_ns)
  case $out in *"$total"*) ;; *) echo "bench/audit: verify failed: $out" >&2; exit 1;; esac
  s=$(secs "$t0" "$t1")
  best_v=$(awk -v a="$best_v" -v b="$s" 'BEGIN{ if (a=="" || b<a) print b; else print a }')
  i=$((i+1))
done

# 3. export exactly what the chain hashes: for each entry prev_hash followed
# by its canonical text (id;at;user_id;len:username;org_id;len:ip;len:action;
# len:entity;len:entity_id;len:before;len:after; -- see canon_entry() in
# src/core/audit.c), concatenated with no separator.
F='length(CAST(coalesce(X,'"''"') AS BLOB))||'"':'"'||coalesce(X,'"''"')||'"';'"''
f() { echo "$F" | sed "s/X/$1/g"; }
SQL="SELECT prev_hash||id||';'||at||';'||coalesce(user_id,0)||';'||$(f username)||coalesce(org_id,0)||';'||$(f ip)||$(f action)||$(f entity)||$(f entity_id)||$(f before)||$(f after) FROM audit"
# sanity: the bytes of one entry hash to its stored hash
mid=$((total / 2))
got=$(sqlite3 -newline '' "$D/fazhi.db" "$SQL WHERE id=$mid" | openssl dgst -sm3 -r | cut -d' ' -f1)
want=$(sqlite3 "$D/fazhi.db" "SELECT hash FROM audit WHERE id=$mid")
[ "$got" = "$want" ] || { echo "bench/audit: export does not match the chain's bytes (id $mid: $got vs $want)" >&2; exit 1; }
sqlite3 -newline '' "$D/fazhi.db" "$SQL ORDER BY id" > "$W/chain.bin"
bytes=$(stat -c %s "$W/chain.bin")

# 4. openssl dgst -sm3 over the same bytes, best of RUNS (file in page cache)
cat "$W/chain.bin" > /dev/null
best_o=""
i=0
while [ $i -lt "$RUNS" ]; do
  t0=$(now_ns)
  openssl dgst -sm3 "$W/chain.bin" >/dev/null
  t1=$(now_ns)
  s=$(secs "$t0" "$t1")
  best_o=$(awk -v a="$best_o" -v b="$s" 'BEGIN{ if (a=="" || b<a) print b; else print a }')
  i=$((i+1))
done

awk -v n="$total" -v fill="$fill_s" -v nfill="$N" -v db="$dbsize" -v bytes="$bytes" \
    -v v="$best_v" -v o="$best_o" -v runs="$RUNS" -v when="$(date '+%Y-%m-%d %H:%M')" 'BEGIN{
  mb = bytes / 1e6
  vm = mb / v; om = mb / o; r = vm / om
  printf "fazhi audit benchmark (%s)\n", when
  printf "  entries in chain        %d (%d appended by test-fill)\n", n, nfill
  printf "  database size           %.1f MB\n", db / 1e6
  printf "  hashed bytes            %.1f MB (prev hash + canonical entry, exported with sqlite3)\n", mb
  printf "  fill (test-fill)        %.2f s  = %.0f entries/s (10,000 per transaction)\n", fill, nfill / fill
  printf "\n  %-28s %10s %12s\n", "best of " runs, "seconds", "MB/s"
  printf "  %-28s %10.3f %12.1f\n", "fazhi audit verify", v, vm
  printf "  %-28s %10.3f %12.1f\n", "openssl dgst -sm3 (file)", o, om
  printf "\n  ratio fazhi/openssl      %.2f  (target >= 0.80: %s)\n", r, (r >= 0.8) ? "met" : "NOT met"
  printf "  verify rate             %.0f entries/s\n", n / v
}'
