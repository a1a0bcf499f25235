#!/usr/bin/env bash
# A throwaway PostgreSQL server for the QuoteBot tests and benchmarks.
#
#   eval "$(.ci/postgres.sh start)"   # installs PostgreSQL if missing, starts it, exports QUOTEBOT_TEST_POSTGRES
#   .ci/postgres.sh env               # prints the export line again (server already running)
#   .ci/postgres.sh status
#   .ci/postgres.sh stop              # stops the server and deletes its data
#
# The server listens on 127.0.0.1 only (port QUOTEBOT_PG_PORT, default 55432) and keeps its data in QUOTEBOT_PG_DIR
# (default /tmp/quotebot-pg), with QUOTEBOT_PG_SHARED_BUFFERS of shared buffers (default 256MB; the benchmarks at a
# million quotes use 4GB so table and indexes fit, as on a server sized for its data). The role "quotebot" gets a random password at first start; it owns the database
# "quotebot_test", in which every test makes (and drops) its own schema. Diagnostics go to stderr; stdout carries
# only the export line, so `eval "$(...)"` is safe.
set -euo pipefail

PORT="${QUOTEBOT_PG_PORT:-55432}"
SHARED_BUFFERS="${QUOTEBOT_PG_SHARED_BUFFERS:-256MB}"
BASE="${QUOTEBOT_PG_DIR:-/tmp/quotebot-pg}"
DATA="$BASE/data"
LOG="$BASE/server.log"
PWFILE="$BASE/password"
DB=quotebot_test
ROLE=quotebot

say() { echo "postgres.sh: $*" >&2; }

find_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/pg_ctl" ]; then BIN="$dir"; fi
  done
  if [ -z "${BIN:-}" ] && command -v pg_ctl >/dev/null 2>&1; then BIN="$(dirname "$(command -v pg_ctl)")"; fi
}

install_if_missing() {
  BIN=""
  find_bin
  if [ -n "$BIN" ]; then return; fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL is not installed; install it (Debian/Ubuntu: apt-get install postgresql) and run again."
    exit 1
  fi
  say "installing PostgreSQL (apt-get)..."
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  find_bin
}

# initdb and the server refuse to run as root: use the postgres account then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

conn() {
  echo "Host=127.0.0.1;Port=$PORT;Username=$ROLE;Password=$(cat "$PWFILE");Database=$DB"
}

running() { [ -n "${BIN:-}" ] && [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

psql_admin() { as_owner "$BIN/psql" -h /tmp -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

start() {
  install_if_missing
  if ! running; then
    mkdir -p "$BASE"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$BASE"; fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
      say "creating a cluster in $DATA"
      as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
      head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$PWFILE"
      chmod 600 "$PWFILE"
    fi
    say "starting on 127.0.0.1:$PORT"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
      -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=$SHARED_BUFFERS" start >/dev/null
  fi
  local pw
  pw="$(cat "$PWFILE")"
  if [ "$(psql_admin -c "SELECT count(*) FROM pg_roles WHERE rolname = '$ROLE'")" = "0" ]; then
    psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$pw'"
  fi
  if [ "$(psql_admin -c "SELECT count(*) FROM pg_database WHERE datname = '$DB'")" = "0" ]; then
    psql_admin -c "CREATE DATABASE $DB OWNER $ROLE"
  fi
  echo "export QUOTEBOT_TEST_POSTGRES='$(conn)'"
}

stop() {
  BIN=""
  find_bin
  if running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    say "stopped"
  fi
  rm -rf "$BASE"
}

case "${1:-start}" in
  start) start ;;
  env) BIN=""; find_bin; running || { say "not running; use: $0 start"; exit 1; }; echo "export QUOTEBOT_TEST_POSTGRES='$(conn)'" ;;
  status) BIN=""; find_bin; if running; then say "running on 127.0.0.1:$PORT"; else say "not running"; exit 1; fi ;;
  stop) stop ;;
  *) say "usage: $0 start|env|status|stop"; exit 2 ;;
esac
