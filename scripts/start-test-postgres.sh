#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 for the tests on 127.0.0.1:${PGPORT:-54329} and prints its URL.
# PostgreSQL refuses to run as root, so the server runs as the postgres user.
set -euo pipefail
PGPORT="${PGPORT:-54329}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
DIR="${PGDIR:-/tmp/lienthong-test-pg-$PGPORT}"
if runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
  exit 0
fi
rm -rf "$DIR"
mkdir -p "$DIR/data" "$DIR/sock"
chown -R postgres:postgres "$DIR"
runuser -u postgres -- "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust >"$DIR/initdb.log" 2>&1
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $DIR/sock -c fsync=off -c max_connections=200" start >/dev/null
echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
