#!/usr/bin/env bash
# A private PostgreSQL server for the tests, CI and the load test: Debian's packages, a data
# directory of its own, loopback only, on a port that leaves any system server alone.
#
#   DATABASE_URL=$(bash scripts/postgres.sh)   # install if missing, start, print the URL
#   bash scripts/postgres.sh stop              # stop it (the data directory stays)
#   bash scripts/postgres.sh url               # print the URL only
#
# Only the URL goes to stdout; every message goes to stderr. Running it again is harmless.
# fsync is off: this server holds throwaway test data, never anything to keep.
# Override with ANKLES_PG_DIR, ANKLES_PG_PORT, ANKLES_PG_DB, ANKLES_PG_USER, ANKLES_PG_PASSWORD.
set -euo pipefail

BASE_DIR=${ANKLES_PG_DIR:-/tmp/ankles-pg}
PORT=${ANKLES_PG_PORT:-5433}
DB_NAME=${ANKLES_PG_DB:-ankles}
DB_USER=${ANKLES_PG_USER:-ankles}
DB_PASSWORD=${ANKLES_PG_PASSWORD:-ankles-local-only}
DATA_DIR="$BASE_DIR/data"
LOG_FILE="$BASE_DIR/server.log"
URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PORT/$DB_NAME"

say() { echo "postgres.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

# The newest installed server version (Debian puts each under /usr/lib/postgresql/<major>/bin).
find_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

install_if_missing() {
  if find_bin_dir >/dev/null; then
    return
  fi
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)."
  say "installing Debian's PostgreSQL packages..."
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql postgresql-client >&2
  find_bin_dir >/dev/null || die "PostgreSQL was installed but no server binaries were found in /usr/lib/postgresql."
}

# PostgreSQL refuses to run as root: as root, run its tools as the `postgres` system user
# (created by the Debian package); as anyone else, run them as that user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  [ -f "$DATA_DIR/PG_VERSION" ] && as_owner "$BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

# Runs SQL as the server's superuser over the private Unix socket (peer authentication).
psql_admin() {
  as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$BASE_DIR" -p "$PORT" -U "$SUPERUSER" -d postgres "$@"
}

start() {
  install_if_missing
  BIN=$(find_bin_dir)
  if [ "$(id -u)" = 0 ]; then SUPERUSER=postgres; else SUPERUSER=$(id -un); fi

  mkdir -p "$BASE_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$BASE_DIR"; fi
  chmod 700 "$BASE_DIR"

  if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
    say "creating a cluster in $DATA_DIR ($("$BIN/postgres" --version))"
    as_owner "$BIN/initdb" -D "$DATA_DIR" -U "$SUPERUSER" --auth-local=peer --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 --no-sync >&2
  fi

  if is_running; then
    say "already running on 127.0.0.1:$PORT"
  else
    say "starting on 127.0.0.1:$PORT (log: $LOG_FILE)"
    as_owner "$BIN/pg_ctl" start -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$BASE_DIR \
          -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2 \
      || { tail -n 20 "$LOG_FILE" >&2 || true; die "the server did not start"; }
  fi

  local tries=0
  until as_owner "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || die "the server is not accepting connections after 30 s (see $LOG_FILE)"
    sleep 0.5
  done

  # The role may create databases: the test suite makes test_<name>, the concurrency test its own.
  psql_admin -v user="$DB_USER" -v password="$DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password') \gexec
SQL
  psql_admin -v db="$DB_NAME" -v user="$DB_USER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
  say "ready: database $DB_NAME, role $DB_USER"
  echo "$URL"
}

stop() {
  BIN=$(find_bin_dir) || { say "PostgreSQL is not installed; nothing to stop"; return 0; }
  if is_running; then
    as_owner "$BIN/pg_ctl" stop -D "$DATA_DIR" -m fast -w >&2
    say "stopped"
  else
    say "not running"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) die "usage: $0 [start|stop|url]" ;;
esac
