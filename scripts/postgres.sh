#!/usr/bin/env bash
# A PostgreSQL 15 + pgSphere cluster on loopback for operators and CI (Debian packages postgresql-15 and
# postgresql-15-pgsphere, see scripts/install-system-deps.sh).
#   scripts/postgres.sh start    initdb (first time), start on 127.0.0.1, create database "obscura" with pg_sphere
#   scripts/postgres.sh stop     stop the server (the data stays)
#   scripts/postgres.sh url      print the URL, e.g. postgres://postgres@127.0.0.1:54329/obscura (use as --db/OBSCURA_DB)
#   scripts/postgres.sh status   exit 0 when running
#   scripts/postgres.sh destroy  stop and delete the cluster
# Env: OBSCURA_PG_DIR (default ./data/postgres), OBSCURA_PG_PORT (default 54329), OBSCURA_PG_DB (default obscura).
# initdb refuses to run as root: as root, the server runs as the `postgres` OS user, which must own OBSCURA_PG_DIR.
set -euo pipefail
BIN=${OBSCURA_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
DIR=$(realpath -m "${OBSCURA_PG_DIR:-./data/postgres}")
PORT=${OBSCURA_PG_PORT:-54329}
DB=${OBSCURA_PG_DB:-obscura}
DATA="$DIR/data"

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
url() { echo "postgres://postgres@127.0.0.1:$(cat "$DIR/port" 2>/dev/null || echo "$PORT")/$DB"; }
running() { [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

case "${1:-}" in
  start)
    if [ ! -x "$BIN/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/pg_sphere.control ]; then
      echo "postgres.sh: PostgreSQL 15 + pgSphere missing; run: sudo bash scripts/install-system-deps.sh" >&2
      exit 1
    fi
    if running; then url; exit 0; fi
    mkdir -p "$DIR"
    if [ "$(id -u)" = 0 ]; then
      chown postgres: "$DIR"
      # The postgres user must be able to reach the directory.
      if ! runuser -u postgres -- test -w "$DIR"; then
        echo "postgres.sh: user postgres cannot write $DIR (a parent directory is closed); set OBSCURA_PG_DIR" >&2
        exit 1
      fi
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log"
    fi
    echo "$PORT" >"$DIR/port"
    [ "$(id -u)" = 0 ] && chown postgres: "$DIR/port"
    as_owner "$BIN/pg_ctl" start -D "$DATA" -w -t 60 -l "$DIR/server.log" \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$DIR'" >/dev/null
    if ! psql -X -q -d "postgres://postgres@127.0.0.1:$PORT/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
      psql -X -q -d "postgres://postgres@127.0.0.1:$PORT/postgres" -c "CREATE DATABASE $DB"
    fi
    PGOPTIONS='-c client_min_messages=warning' psql -X -q -d "$(url)" -c 'CREATE EXTENSION IF NOT EXISTS pg_sphere'
    url
    ;;
  stop)
    if running; then as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast -w >/dev/null; fi
    ;;
  url) url ;;
  status) running ;;
  destroy)
    if running; then as_owner "$BIN/pg_ctl" stop -D "$DATA" -m immediate -w >/dev/null; fi
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop|url|status|destroy" >&2
    exit 2
    ;;
esac
