#!/bin/sh
# tests/pg.sh -- a throwaway PostgreSQL 15 cluster for the tests.
#   sh tests/pg.sh start DIR   -> prints the base URL (postgresql://...)
#   sh tests/pg.sh createdb DIR NAME -> creates database NAME
#   sh tests/pg.sh stop DIR
#   sh tests/pg.sh halt DIR   -> stop the server, keep the cluster (a restart
#   sh tests/pg.sh resume DIR -> start it again     in tests/api/t_faults.py)
# initdb refuses to run as root, so the cluster runs as the postgres user
# on a Unix socket in DIR (no TCP port to collide with).
set -e
cmd=$1; D=$2
PGBIN=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$PGBIN/initdb" ] || PGBIN=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$D/data" "$D/sock"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$D" && chmod 755 "$D"
    as_pg "$PGBIN/initdb" -D "$D/data" -U fazhi --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$D/initdb.log" 2>&1
    as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w -t 30 \
      -o "-k $D/sock -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    echo "postgresql:///postgres?host=$D/sock&user=fazhi"
    ;;
  createdb)
    as_pg "$PGBIN/createdb" -h "$D/sock" -U fazhi "$3"
    echo "postgresql:///$3?host=$D/sock&user=fazhi"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$D/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$D"
    ;;
  halt)
    as_pg "$PGBIN/pg_ctl" -D "$D/data" -m fast -w stop >/dev/null
    ;;
  resume)
    as_pg "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w -t 30 \
      -o "-k $D/sock -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    ;;
  *) echo "usage: tests/pg.sh start|createdb|stop|halt|resume DIR [NAME]" >&2; exit 2;;
esac
