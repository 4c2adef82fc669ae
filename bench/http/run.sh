#!/bin/sh
# bench/http/run.sh -- GET /api/v1/orgs from `fazhi serve` against nginx
# serving the very same bytes, in one run on one machine: cached (one URL,
# the response cache answers) and uncached (980 rotating URLs, so the cache
# misses; nginx serves the same 980 bodies), the applications list (1,000
# rows a page, 20 rotating pages: over the cache's 256 KiB, never cached)
# and the dashboard; then the same with fazhi over PostgreSQL.  Each target is printed met / NOT met.
#
# Needs ./fazhi (run `make` first), wrk, nginx (Debian's nginx-light), curl,
# python3.  Builds nothing.  Environment:
#   ORGS=150       organisations in the county (demo county + `org add`)
#   PERMITS=1000   行政许可 applications added to the demo's (straight into the
#                  database with SQL), listed 1,000 at a time uncached
#   DURATION=10s   wrk duration of each measured run
#   WARMUP=2s      wrk warm-up before each measured run (0 to skip)
#   THREADS=2 CONNS=64   wrk -t / -c
#   FAZHI_THREADS  passed to `fazhi serve --threads` when set
#   KEEP=1         keep the temporary directory (its path is printed)
#   PG=0           skip the PostgreSQL run (default: run it when installed)
# Reports; never fails on the targets (exit 1 only when something broke).
set -eu
cd "$(dirname "$0")/../.."
ORGS=${ORGS:-150}
PERMITS=${PERMITS:-1000}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
FAZHI=$PWD/fazhi
[ -x "$FAZHI" ] || { echo "bench/http: ./fazhi not found; run make first" >&2; exit 1; }
for t in wrk curl python3; do
  command -v "$t" >/dev/null 2>&1 || { echo "bench/http: $t not found (sh scripts/install-deps.sh)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "bench/http: nginx not found (sh scripts/install-deps.sh)" >&2; exit 1; }

W=$(mktemp -d /tmp/fazhi-bench-http.XXXXXX)
chmod 755 "$W"            # nginx workers may run as nobody
D=$W/data
FPID=""; NPID=""
cleanup() {
  [ -n "$FPID" ] && kill "$FPID" 2>/dev/null && wait "$FPID" 2>/dev/null || true
  [ -n "$NPID" ] && kill "$NPID" 2>/dev/null || true
  [ -f "$W/nginx.pid" ] && kill "$(cat "$W/nginx.pid")" 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $W"; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json_get() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
rss_kb() { awk '/^VmRSS:/{print $2}' "/proc/$1/status"; }
wait_http() {   # URL
  i=0
  while ! curl -s -o /dev/null "$1"; do
    i=$((i+1)); [ $i -gt 100 ] && { echo "bench/http: nothing answers $1" >&2; exit 1; }
    sleep 0.1
  done
}

# fill_permits: PERMITS accepted applications of 行政审批股 in 2026, written
# with one portable statement (sqlite3 on the data folder's database, or
# psql on PGURL), so the applications list has PERMITS rows and more.
fill_permits() {
  now=$(date +%s)
  sql="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<$PERMITS)
INSERT INTO permit(org_id, number, check_code, item_id, applicant_kind, applicant, uscc,
                   received_on, state, accepted_on, start_on, deemed, created_at, updated_at)
SELECT (SELECT id FROM org WHERE name='行政审批股'), 'BH2026-' || (1000000 + i),
       '' || (10000000 + (i * 7919) % 89999999),
       (SELECT min(id) FROM permit_item) + i % (SELECT count(*) FROM permit_item),
       'org', '基准申请人' || i, '91310115591693856A',
       '2026-0' || (1 + i % 9) || '-' || (10 + i % 19), 'accepted',
       '2026-0' || (1 + i % 9) || '-' || (10 + i % 19),
       '2026-0' || (1 + i % 9) || '-' || (10 + i % 19), 0, $now, $now
FROM n;"
  if [ -n "${PGURL:-}" ]; then
    psql -q -v ON_ERROR_STOP=1 "$PGURL" -c "$sql" >/dev/null
  else
    sqlite3 "$dir/fazhi.db" "$sql"
  fi
}

# setup_fazhi DIR [--db URL]: the county (demo 15 orgs + schools up to ORGS, a
# leader to read them) in DIR, `fazhi serve` on a free port, signed in through
# the API with the initial password changed.  Sets FPID, B, COOKIE, rss_start.
setup_fazhi() {
  dir=$1; shift
  FAZHI_TEST_FAST_HASH=1 "$FAZHI" --data "$dir" "$@" init --demo >/dev/null
  have=$("$FAZHI" --data "$dir" "$@" org list | wc -l)
  i=1
  while [ "$have" -lt "$ORGS" ]; do
    case $((i % 3)) in 0) k=kindergarten; n="梨树县第${i}幼儿园";; 1) k=school; n="梨树县第${i}小学";; *) k=school; n="梨树县第${i}中学";; esac
    FAZHI_TEST_FAST_HASH=1 "$FAZHI" --data "$dir" "$@" org add --name "$n" --kind $k --region 220322 --parent 1 >/dev/null
    have=$((have+1)); i=$((i+1))
  done
  fill_permits
  printf 'Jz#Start2024x\n' | FAZHI_TEST_FAST_HASH=1 "$FAZHI" --data "$dir" "$@" user add --username bench \
    --name 基准 --org 1 --roles leader --password-stdin >/dev/null
  PORT=$(free_port)
  FAZHI_TEST_FAST_HASH=1 "$FAZHI" --data "$dir" "$@" serve --listen "127.0.0.1:$PORT" \
    ${FAZHI_THREADS:+--threads "$FAZHI_THREADS"} > "$W/fazhi-$PORT.log" 2>&1 &
  FPID=$!
  wait_http "http://127.0.0.1:$PORT/healthz"
  rss_start=$(rss_kb "$FPID")
  B="http://127.0.0.1:$PORT"
  login=$(curl -s -c "$W/jar$PORT" -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"Jz#Start2024x"}' "$B/api/v1/login")
  csrf=$(echo "$login" | json_get csrf_token) || { echo "bench/http: login failed: $login" >&2; exit 1; }
  r=$(curl -s -b "$W/jar$PORT" -c "$W/jar$PORT" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
    -d '{"old_password":"Jz#Start2024x","new_password":"Jz#Run2024xy"}' "$B/api/v1/password")
  case $r in *'"ok":true'*) ;; *) echo "bench/http: password change failed: $r" >&2; exit 1;; esac
  COOKIE=$(awk '$6=="fazhi_session"{print $7}' "$W/jar$PORT" | tail -n 1)
  [ -n "$COOKIE" ] || { echo "bench/http: no fazhi_session cookie" >&2; exit 1; }
}

# 1-2. fazhi over SQLite
setup_fazhi "$D"
URLPATH=/api/v1/orgs
curl -s -D "$W/headers" -o "$W/orgs.json" -H "Cookie: fazhi_session=$COOKIE" "$B$URLPATH"
status=$(head -n 1 "$W/headers" | tr -d '\r')
case $status in *" 200"*) ;; *) echo "bench/http: GET $URLPATH: $status" >&2; cat "$W/orgs.json" >&2; exit 1;; esac
norgs=$(json_get total < "$W/orgs.json")
bytes=$(stat -c %s "$W/orgs.json")
ctype=$(grep -i '^Content-Type:' "$W/headers" | head -n 1 | sed 's/^[^:]*: *//' | tr -d '\r')

# the dashboard (home page) as the same leader: HTML with the year's figures,
# the chart and the alerts
curl -s -D "$W/dash-headers" -o "$W/dash.html" -H "Cookie: fazhi_session=$COOKIE" "$B/"
case $(head -n 1 "$W/dash-headers") in *" 200"*) ;; *) echo "bench/http: GET /: $(head -n 1 "$W/dash-headers")" >&2; exit 1;; esac
dbytes=$(stat -c %s "$W/dash.html")
dctype=$(grep -i '^Content-Type:' "$W/dash-headers" | head -n 1 | sed 's/^[^:]*: *//' | tr -d '\r')

# the uncached path: rotating queries (limit 100-148 x offset 0-19, 980
# distinct URLs) so that the response cache (256 slots, replaced round-robin)
# misses; each body fetched once here so that nginx serves the same bytes
mkdir -p "$W/www/u"
rot_fetch() {   # BASE DIR: every rotating URL's body into DIR/orgs-L-O.json
  for o in $(seq 0 19); do
    for l in $(seq 100 148); do
      curl -s -o "$2/orgs-$l-$o.json" -H "Cookie: fazhi_session=$COOKIE" "$1$URLPATH?limit=$l&offset=$o"
    done
  done
}
rss_idle=$(rss_kb "$FPID")       # before the rotating bodies fill the cache
rot_fetch "$B" "$W/www/u"
ubytes=$(cat "$W"/www/u/*.json | wc -c); ubytes=$((ubytes / 980))
# the applications list, 1,000 rows a page at offsets 0-19: each page is
# over the response cache's 256 KiB, so every request is built afresh
PURL=/api/v1/permits
mkdir -p "$W/www/p"
for o in $(seq 0 19); do
  curl -s -o "$W/www/p/permits-$o.json" -H "Cookie: fazhi_session=$COOKIE" "$B$PURL?limit=1000&offset=$o"
done
prows=$(json_get total < "$W/www/p/permits-0.json")
pgbytes=$(cat "$W"/www/p/*.json | wc -c); pgbytes=$((pgbytes / 20))
[ "$pgbytes" -gt 262144 ] || echo "bench/http: note: application pages are $pgbytes bytes, under the cache's 256 KiB" >&2
cat > "$W/rotate-p.lua" <<'LUA'
local n = 0
function setup(thread) thread:set("id", n); n = n + 1 end
function init(args) counter = id * 10 end
function request()
  local i = counter % 20
  counter = counter + 1
  return wrk.format("GET", "/api/v1/permits?limit=1000&offset=" .. i)
end
LUA
cat > "$W/rotate.lua" <<'LUA'
-- each wrk thread walks the 980 URLs in order, the threads half a cycle
-- apart, so no URL comes back before 256 others were asked for
local n = 0
function setup(thread) thread:set("id", n); n = n + 1 end
function init(args) counter = id * 490 end
function request()
  local i = counter % 980
  counter = counter + 1
  return wrk.format("GET", "/api/v1/orgs?limit=" .. (100 + i % 49) .. "&offset=" .. math.floor(i / 49))
end
LUA

# 3. nginx: same bytes, same Content-Type, the same extra headers fazhi sends
mkdir -p "$W/www"
cp "$W/orgs.json" "$W/www/orgs.json"
cp "$W/dash.html" "$W/www/dash.html"
chmod -R a+rX "$W/www"
NPORT=$(free_port)
extra=$(grep -iv -e '^HTTP/' -e '^Date:' -e '^Content-Length:' -e '^Content-Type:' -e '^Connection:' \
         -e '^Set-Cookie:' -e '^Keep-Alive:' -e '^Transfer-Encoding:' -e '^ETag:' -e '^Last-Modified:' "$W/headers" \
        | tr -d '\r' | awk -F': ' 'NF>=2{ v=$0; sub(/^[^:]*: /, "", v); printf "      add_header %s \"%s\" always;\n", $1, v }')
dextra=$(grep -iv -e '^HTTP/' -e '^Date:' -e '^Content-Length:' -e '^Content-Type:' -e '^Connection:' \
         -e '^Set-Cookie:' -e '^Keep-Alive:' -e '^Transfer-Encoding:' -e '^ETag:' -e '^Last-Modified:' "$W/dash-headers" \
        | tr -d '\r' | awk -F': ' 'NF>=2{ v=$0; sub(/^[^:]*: /, "", v); printf "      add_header %s \"%s\" always;\n", $1, v }')
cat > "$W/nginx.conf" <<EOF
worker_processes 2;
pid $W/nginx.pid;
error_log $W/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=100 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path $W/nginx-body;
  proxy_temp_path $W/nginx-proxy;
  fastcgi_temp_path $W/nginx-fastcgi;
  uwsgi_temp_path $W/nginx-uwsgi;
  scgi_temp_path $W/nginx-scgi;
  server {
    listen 127.0.0.1:$NPORT;
    root $W/www;
    location = $URLPATH {
      types { }
      default_type "$ctype";
      etag off;
$extra
      if (\$arg_limit) { rewrite ^ /u/orgs-\$arg_limit-\$arg_offset.json last; }
      try_files /orgs.json =404;
    }
    location = $PURL {
      types { }
      default_type "$ctype";
      etag off;
$extra
      rewrite ^ /p/permits-\$arg_offset.json last;
    }
    location /p/ {
      types { }
      default_type "$ctype";
      etag off;
$extra
    }
    location /u/ {
      types { }
      default_type "$ctype";
      etag off;
$extra
    }
    location = / {
      types { }
      default_type "$dctype";
      etag off;
$dextra
      try_files /dash.html =404;
    }
  }
}
EOF
"$NGINX" -p "$W" -c "$W/nginx.conf" -g 'daemon off;' 2>"$W/nginx-start.log" &
NPID=$!
wait_http "http://127.0.0.1:$NPORT$URLPATH"
N="http://127.0.0.1:$NPORT"
curl -s -o "$W/nginx.json" -D "$W/nginx-headers" "$N$URLPATH"
cmp -s "$W/orgs.json" "$W/nginx.json" || { echo "bench/http: nginx serves different bytes" >&2; exit 1; }
curl -s -o "$W/nginx-dash.html" "$N/"
cmp -s "$W/dash.html" "$W/nginx-dash.html" || { echo "bench/http: nginx serves a different dashboard" >&2; exit 1; }
nctype=$(grep -i '^Content-Type:' "$W/nginx-headers" | sed 's/^[^:]*: *//' | tr -d '\r')
[ "$nctype" = "$ctype" ] || echo "bench/http: note: Content-Type differs: fazhi '$ctype', nginx '$nctype'" >&2

# 4. load: warm-up then measure, fazhi first, then nginx
rps() { awk '/^Requests\/sec:/{print $2}' "$1"; }
non2xx() { awk '/Non-2xx or 3xx responses:/{print $5}' "$1"; }
secs() { echo "$1" | sed 's/s$//'; }
# fazhi's CPU time (user + system, clock ticks) so far: CPU per request
# holds still when other work on the machine moves req/s
cpu_ticks() { awk '{print $14 + $15}' "/proc/$FPID/stat" 2>/dev/null || echo 0; }
run_wrk() {   # LOG URL [header]; LOG.cpu gets fazhi's ticks during the run
  log=$1; url=$2; shift 2
  if [ "$WARMUP" != 0 ]; then wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$@" "$url" >/dev/null 2>&1; fi
  c0=$(cpu_ticks)
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" "$url" > "$log" 2>&1
  echo $(( $(cpu_ticks) - c0 )) > "$log.cpu"
}
# ms of fazhi CPU per request of the run logged in LOG ("" without a count)
cpu_ms() {
  [ -s "$1.cpu" ] || return 0
  awk -v t="$(cat "$1.cpu")" -v hz="$(getconf CLK_TCK)" '/ requests in /{ if ($1 > 0) printf "%.2f", t * 1000 / hz / $1 }' "$1"
}
if [ "$WARMUP" != 0 ]; then
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -H "Cookie: fazhi_session=$COOKIE" "$B$URLPATH" >/dev/null 2>&1
fi
wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -H "Cookie: fazhi_session=$COOKIE" "$B$URLPATH" > "$W/wrk-fazhi.log" 2>&1 &
WPID=$!
d=$(secs "$DURATION")
sleep "$(awk -v d="$d" 'BEGIN{ x = d - 0.5; if (x < 0.2) x = 0.2; print x }')"
rss_load=$(rss_kb "$FPID")
wait "$WPID"
rss_after=$(rss_kb "$FPID")
run_wrk "$W/wrk-nginx.log" "$N$URLPATH"
# the dashboard page, fazhi then nginx
run_wrk "$W/wrk-fazhi-dash.log" "$B/" -H "Cookie: fazhi_session=$COOKIE"
run_wrk "$W/wrk-nginx-dash.log" "$N/"
# uncached: the rotating queries, fazhi then nginx on the same 980 bodies
curl -s -o "$W/u-check.json" "$N$URLPATH?limit=123&offset=7"
cmp -s "$W/u-check.json" "$W/www/u/orgs-123-7.json" || { echo "bench/http: nginx does not serve the rotating bodies" >&2; exit 1; }
# fazhi_rotating LOG URL LUA PERFTOP: fazhi under the rotating queries of
# LUA; with PERF=1 a profile of fazhi during the measured run (perf record,
# flat: the top lines by own time go to PERFTOP, printed at the end)
fazhi_rotating(){
  if [ "${PERF:-0}" = 1 ] && command -v perf >/dev/null 2>&1; then
    if [ "$WARMUP" != 0 ]; then
      wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s "$3" -H "Cookie: fazhi_session=$COOKIE" "$2" >/dev/null 2>&1
    fi
    perf record -F 999 -o "$4.data" -p "$FPID" -- sleep "$(secs "$DURATION")" >/dev/null 2>&1 &
    PERFPID=$!
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$3" -H "Cookie: fazhi_session=$COOKIE" \
      "$2" > "$1" 2>&1
    wait "$PERFPID" || true
    perf report -i "$4.data" --no-children --stdio --sort dso,sym 2>/dev/null \
      | grep -E '^ +[0-9]' | head -25 > "$4" || true
  else
    run_wrk "$1" "$2" -s "$3" -H "Cookie: fazhi_session=$COOKIE"
  fi
}
fazhi_rotating "$W/wrk-fazhi-u.log" "$B$URLPATH" "$W/rotate.lua" "$W/perf-top.txt"
run_wrk "$W/wrk-nginx-u.log" "$N$URLPATH" -s "$W/rotate.lua"
# the applications list (1,000 rows a page), fazhi then nginx on the same 20 bodies
curl -s -o "$W/p-check.json" "$N$PURL?limit=1000&offset=7"
cmp -s "$W/p-check.json" "$W/www/p/permits-7.json" || { echo "bench/http: nginx does not serve the application pages" >&2; exit 1; }
fazhi_rotating "$W/wrk-fazhi-p.log" "$B$PURL" "$W/rotate-p.lua" "$W/perf-p-top.txt"
run_wrk "$W/wrk-nginx-p.log" "$N$PURL" -s "$W/rotate-p.lua"

# a write must show in the very next read (a cache must not hide it)
"$FAZHI" --data "$D" org add --name "基准后新增学校" --kind school --parent 1 >/dev/null
fresh=$(curl -s -H "Cookie: fazhi_session=$COOKIE" "$B$URLPATH" | json_get total)

# 5. the same endpoint with fazhi over PostgreSQL (a throwaway cluster from
#    tests/pg.sh), when PostgreSQL is installed; the same county, built the
#    same way, so the JSON has the same size
p_rps=""; p_lat="-"; p_bad=0; pu_rps=""; pd_rps=""; pp_rps=""
if [ "${PG:-1}" = 1 ] && { command -v pg_config >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/initdb ]; }; then
  PGD=$(mktemp -d /tmp/fazhi-bench-pg.XXXXXX)
  if sh tests/pg.sh start "$PGD" >/dev/null 2>&1; then
    kill "$FPID" 2>/dev/null; wait "$FPID" 2>/dev/null || true
    url=$(sh tests/pg.sh createdb "$PGD" bench)
    PGURL=$url
    setup_fazhi "$W/pgdata" --db "$url"
    PGURL=""
    pbytes=$(curl -s -H "Cookie: fazhi_session=$COOKIE" "$B$URLPATH" | wc -c)
    run_wrk "$W/wrk-pg.log" "$B$URLPATH" -H "Cookie: fazhi_session=$COOKIE"
    run_wrk "$W/wrk-pg-u.log" "$B$URLPATH" -s "$W/rotate.lua" -H "Cookie: fazhi_session=$COOKIE"
    run_wrk "$W/wrk-pg-dash.log" "$B/" -H "Cookie: fazhi_session=$COOKIE"
    run_wrk "$W/wrk-pg-p.log" "$B$PURL" -s "$W/rotate-p.lua" -H "Cookie: fazhi_session=$COOKIE"
    pp_rps=$(rps "$W/wrk-pg-p.log")
    pu_cpu=$(cpu_ms "$W/wrk-pg-u.log"); pp_cpu=$(cpu_ms "$W/wrk-pg-p.log")
    p_rps=$(rps "$W/wrk-pg.log"); p_bad=$(non2xx "$W/wrk-pg.log")
    pu_rps=$(rps "$W/wrk-pg-u.log"); pd_rps=$(rps "$W/wrk-pg-dash.log")
    p_lat=$(awk '/^ +50%/{p50=$2} /^ +99%/{p99=$2} END{print p50 " / " p99}' "$W/wrk-pg.log")
    kill "$FPID" 2>/dev/null; wait "$FPID" 2>/dev/null || true
    FPID=""
  fi
  sh tests/pg.sh stop "$PGD" >/dev/null 2>&1 || true
fi

f_rps=$(rps "$W/wrk-fazhi.log"); n_rps=$(rps "$W/wrk-nginx.log")
fd_rps=$(rps "$W/wrk-fazhi-dash.log"); nd_rps=$(rps "$W/wrk-nginx-dash.log")
fd_bad=$(non2xx "$W/wrk-fazhi-dash.log")
fu_rps=$(rps "$W/wrk-fazhi-u.log"); nu_rps=$(rps "$W/wrk-nginx-u.log"); fu_bad=$(non2xx "$W/wrk-fazhi-u.log")
fu_cpu=$(cpu_ms "$W/wrk-fazhi-u.log"); fp_cpu=$(cpu_ms "$W/wrk-fazhi-p.log")
fp_rps=$(rps "$W/wrk-fazhi-p.log"); np_rps=$(rps "$W/wrk-nginx-p.log"); fp_bad=$(non2xx "$W/wrk-fazhi-p.log")
f_bad=$(non2xx "$W/wrk-fazhi.log"); n_bad=$(non2xx "$W/wrk-nginx.log")
lat() { awk '/^ +50%/{p50=$2} /^ +99%/{p99=$2} END{print p50 " / " p99}' "$1"; }
f_lat=$(lat "$W/wrk-fazhi.log"); n_lat=$(lat "$W/wrk-nginx.log")
[ -n "$f_rps" ] && [ -n "$n_rps" ] || { echo "bench/http: wrk failed"; cat "$W/wrk-fazhi.log" "$W/wrk-nginx.log"; exit 1; }

awk -v when="$(date '+%Y-%m-%d %H:%M')" -v cores="$(nproc)" -v norgs="$norgs" -v bytes="$bytes" \
    -v ctype="$ctype" -v dur="$DURATION" -v warm="$WARMUP" -v t="$THREADS" -v c="$CONNS" \
    -v f="$f_rps" -v n="$n_rps" -v fl="$f_lat" -v nl="$n_lat" -v fb="${f_bad:-0}" -v nb="${n_bad:-0}" \
    -v rs="$rss_start" -v ri="$rss_idle" -v rl="$rss_load" -v ra="$rss_after" \
    -v before="$norgs" -v fresh="$fresh" -v p="$p_rps" -v pl="$p_lat" -v pb="${p_bad:-0}" \
    -v pbytes="${pbytes:-0}" -v fd="$fd_rps" -v nd="$nd_rps" -v fdb="${fd_bad:-0}" -v dbytes="$dbytes" \
    -v fdl="$(lat "$W/wrk-fazhi-dash.log")" -v fu="$fu_rps" -v nu="$nu_rps" -v fub="${fu_bad:-0}" \
    -v ubytes="$ubytes" -v pu="$pu_rps" -v pd="$pd_rps" \
    -v fp="$fp_rps" -v np="$np_rps" -v fpb="${fp_bad:-0}" -v pp="$pp_rps" -v prows="$prows" \
    -v pgbytes="$pgbytes" -v fuc="$fu_cpu" -v fpc="$fp_cpu" -v puc="${pu_cpu:-}" -v ppc="${pp_cpu:-}" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN{
  r = f / n
  printf "fazhi HTTP benchmark (%s, %d cores, load average %s)\n", when, cores, load
  printf "  GET /api/v1/orgs as a leader (cookie session): %d orgs, %d bytes, %s\n", norgs, bytes, ctype
  printf "  wrk -t%s -c%s -d%s (after a %s warm-up), fazhi then nginx\n\n", t, c, dur, warm
  printf "  %-36s %12s %20s %10s\n", "server", "req/s", "p50 / p99 latency", "non-2xx"
  printf "  %-36s %12.0f %20s %10d\n", "fazhi serve", f, fl, fb
  if (p != "") printf "  %-36s %12.0f %20s %10d\n", "fazhi serve over PostgreSQL", p, pl, pb
  printf "  %-36s %12.0f %20s %10d\n", "nginx (2 workers, sendfile, ofc)", n, nl, nb
  printf "\n  cached (one URL, the response cache answers)\n"
  printf "  ratio fazhi/nginx        %.3f   (target >= 0.8: %s)\n", r, (r >= 0.8) ? "met" : "NOT met"
  if (p != "") printf "  ratio PostgreSQL/nginx   %.3f   (target >= 0.5: %s; %d bytes per reply)\n", p / n, (p / n >= 0.5) ? "met" : "NOT met", pbytes
  printf "\n  uncached (980 rotating URLs: limit 100-148 x offset 0-19, ~%d bytes each)\n", ubytes
  printf "  %-36s %12.0f %20s %10d\n", "fazhi serve", fu, "", fub
  if (pu != "") printf "  %-36s %12.0f\n", "fazhi serve over PostgreSQL", pu
  printf "  %-36s %12.0f\n", "nginx, the same 980 bodies", nu
  printf "  ratio fazhi/nginx        %.3f   (target >= 0.10: %s)\n", fu / nu, (fu / nu >= 0.10) ? "met" : "NOT met"
  if (pu != "") printf "  ratio PostgreSQL/nginx   %.3f   (target >= 0.05: %s)\n", pu / nu, (pu / nu >= 0.05) ? "met" : "NOT met"
  if (fuc != "") printf "  fazhi CPU per request    %s ms%s\n", fuc, (puc != "") ? "   (over PostgreSQL: " puc " ms, postgres not counted)" : ""
  printf "\n  uncached applications list (GET /api/v1/permits, %d rows, limit 1000 x offset 0-19, ~%d bytes each)\n", prows, pgbytes
  printf "  %-36s %12.0f %20s %10d\n", "fazhi serve", fp, "", fpb
  if (pp != "") printf "  %-36s %12.0f\n", "fazhi serve over PostgreSQL", pp
  printf "  %-36s %12.0f\n", "nginx, the same 20 bodies", np
  printf "  ratio fazhi/nginx        %.3f   (target >= 0.10: %s)\n", fp / np, (fp / np >= 0.10) ? "met" : "NOT met"
  if (pp != "") printf "  ratio PostgreSQL/nginx   %.3f   (target >= 0.05: %s)\n", pp / np, (pp / np >= 0.05) ? "met" : "NOT met"
  if (fpc != "") printf "  fazhi CPU per request    %s ms%s\n", fpc, (ppc != "") ? "   (over PostgreSQL: " ppc " ms, postgres not counted)" : ""
  printf "\n"
  printf "  RSS fazhi at start       %.1f MB\n", rs / 1024
  printf "  RSS fazhi idle           %.1f MB   (target <= 16 MB: %s)\n", ri / 1024, (ri <= 16384) ? "met" : "NOT met"
  printf "  RSS fazhi end of load    %.1f MB   (target <= 64 MB: %s)\n", rl / 1024, (rl <= 65536) ? "met" : "NOT met"
  printf "  RSS fazhi after load     %.1f MB\n", ra / 1024
  printf "\n  GET / (dashboard: figures, chart, alerts) as the leader: %d bytes of HTML\n", dbytes
  printf "  %-36s %12.0f %20s %10d\n", "fazhi serve", fd, fdl, fdb
  printf "  %-36s %12.0f\n", "nginx, the same bytes", nd
  printf "  ratio fazhi/nginx        %.3f   (target >= 0.8: %s)\n", fd / nd, (fd / nd >= 0.8) ? "met" : "NOT met"
  if (pd != "") printf "  ratio PostgreSQL/nginx   %.3f   (target >= 0.5: %s)\n", pd / nd, (pd / nd >= 0.5) ? "met" : "NOT met"
  printf "\n"
  printf "  write then read          total %d -> %d after one org add (%s)\n", before, fresh,
         (fresh == before + 1) ? "visible at once" : "STALE"
}'
if [ -s "$W/perf-top.txt" ]; then
  echo "  profile of fazhi during the uncached run (perf, own time, top lines):"
  sed 's/^/  /' "$W/perf-top.txt"
fi
if [ -s "$W/perf-p-top.txt" ]; then
  echo "  profile of fazhi during the uncached applications run (perf, own time, top lines):"
  sed 's/^/  /' "$W/perf-p-top.txt"
fi
