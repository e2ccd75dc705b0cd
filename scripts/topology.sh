#!/usr/bin/env bash
# The production topology on one machine, from Debian's packages and the repository's own
# configuration files: what docker-compose.yml runs, for CI and for trying it out here.
#
#   nginx (deploy/nginx/*.conf: the only public ports, HTTPS with a throwaway certificate)
#     -> two gunicorn app servers (gunicorn.conf.py) on loopback ports, same settings
#     -> PostgreSQL (scripts/postgres.sh, a directory and port of its own)
#     -> Redis (shared cache, rate limits, sessions read through cached_db)
#
#   bash scripts/topology.sh start    # install if missing, start everything, print the base URL
#   bash scripts/topology.sh status   # what is running
#   bash scripts/topology.sh stop     # stop everything it started (the data directories stay)
#
# Everything listens on 127.0.0.1 only. Only the base URL goes to stdout; messages go to
# stderr. $ANKLES_TOPOLOGY_DIR/topology.env lists the URLs, ports and process ids, for the
# tests under tests/topology/ (run them with ANKLES_TOPOLOGY_DIR set).
# Ports: ANKLES_TOPOLOGY_HTTP_PORT (18080), _HTTPS_PORT (18443), _APP_PORTS (18001,18002),
# _REDIS_PORT (16379), _PG_PORT (15445).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DIR=${ANKLES_TOPOLOGY_DIR:-/tmp/ankles-topology}
HTTP_PORT=${ANKLES_TOPOLOGY_HTTP_PORT:-18080}
HTTPS_PORT=${ANKLES_TOPOLOGY_HTTPS_PORT:-18443}
IFS=, read -r APP1_PORT APP2_PORT <<<"${ANKLES_TOPOLOGY_APP_PORTS:-18001,18002}"
REDIS_PORT=${ANKLES_TOPOLOGY_REDIS_PORT:-16379}
PG_PORT=${ANKLES_TOPOLOGY_PG_PORT:-15445}
PY=${PYTHON:-$ROOT/.venv/bin/python}
HOST=127.0.0.1
BASE_URL="https://$HOST:$HTTPS_PORT"

say() { echo "topology.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

pg() { ANKLES_PG_PORT=$PG_PORT ANKLES_PG_DIR="$DIR/postgres" bash scripts/postgres.sh "$@"; }

install_if_missing() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v envsubst >/dev/null 2>&1 || missing+=(gettext-base)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}; installing needs root (apt-get install ${missing[*]})."
  say "installing ${missing[*]}..."
  apt-get update -qq >&2
  # policy-rc.d-less containers would start the system services on port 80/6379: keep them off.
  RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The environment of both app servers: the README's production settings behind a proxy.
write_app_env() {
  local database_url=$1
  [ -f "$DIR/secret_key" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$DIR/secret_key"
  cat >"$DIR/app.env" <<EOF
DJANGO_SETTINGS_MODULE=ankleapp.settings
DEBUG=False
SECRET_KEY_FILE=$DIR/secret_key
DATABASE_URL=$database_url
REDIS_URL=redis://$HOST:$REDIS_PORT/0
ALLOWED_HOSTS=$HOST,localhost
SECURE_SSL_REDIRECT=True
SECURE_PROXY_SSL_HEADER=True
TRUSTED_PROXIES=$HOST
LOG_FORMAT=json
GUNICORN_ACCESS_LOG=False
WEB_CONCURRENCY=${ANKLES_TOPOLOGY_WORKERS:-2}
EOF
}

with_app_env() { env $(grep -v '^#' "$DIR/app.env" | xargs) "$@"; }

start_redis() {
  alive "$DIR/redis.pid" && return
  mkdir -p "$DIR/redis"
  redis-server --bind "$HOST" --port "$REDIS_PORT" --protected-mode yes --daemonize yes \
    --dir "$DIR/redis" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" \
    --save "" --appendonly no >&2
  for _ in $(seq 50); do alive "$DIR/redis.pid" && return; sleep 0.1; done
  die "redis did not start; see $DIR/redis.log"
}

start_app() {  # name port
  local name=$1 port=$2
  alive "$DIR/$name.pid" && return
  rm -f "$DIR/$name.pid"
  # setsid: a process group of its own, so the tests can kill this server and its workers;
  # gunicorn writes its master's pid (--pid) once it is listening.
  with_app_env GUNICORN_BIND="$HOST:$port" setsid "$PY" -m gunicorn ankleapp.wsgi -c gunicorn.conf.py \
    --pid "$DIR/$name.pid" >>"$DIR/$name.log" 2>&1 </dev/null &
  for _ in $(seq 150); do [ -s "$DIR/$name.pid" ] && return; sleep 0.2; done
  die "$name did not start; see $DIR/$name.log"
}

wait_for() {  # url
  for _ in $(seq 150); do
    if "$PY" - "$1" <<'EOF' 2>/dev/null; then return 0; fi
import ssl, sys, urllib.request
context = ssl._create_unverified_context()
urllib.request.urlopen(sys.argv[1], timeout=2, context=context).read()
EOF
    sleep 0.2
  done
  return 1
}

write_nginx_conf() {
  mkdir -p "$DIR/nginx/tmp"
  chmod 0777 "$DIR/nginx/tmp"  # nginx's workers (www-data or nobody) buffer bodies here
  if [ ! -f "$DIR/nginx/tls.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$HOST" \
      -addext "subjectAltName=IP:$HOST,DNS:localhost" \
      -keyout "$DIR/nginx/tls.key" -out "$DIR/nginx/tls.crt" 2>/dev/null
  fi
  cp deploy/nginx/ankles-proxy.conf "$DIR/nginx/ankles-proxy.conf"
  # The same template as docker-compose.yml, only its ${...} placeholders filled in.
  HTTP_PORT=$HTTP_PORT HTTPS_PORT=$HTTPS_PORT PUBLIC_HTTPS_PORT=$HTTPS_PORT \
    APP_SERVER_1="$HOST:$APP1_PORT" APP_SERVER_2="$HOST:$APP2_PORT" \
    TLS_CERT="$DIR/nginx/tls.crt" TLS_KEY="$DIR/nginx/tls.key" \
    MAX_BODY_SIZE="$(( ${MAX_REQUEST_BODY_BYTES:-4194304} / 1024 ))k" \
    envsubst '${HTTP_PORT} ${HTTPS_PORT} ${PUBLIC_HTTPS_PORT} ${APP_SERVER_1} ${APP_SERVER_2} ${TLS_CERT} ${TLS_KEY} ${MAX_BODY_SIZE}' \
    <deploy/nginx/ankles.conf.template \
    | sed -e "s/^\(\s*listen \)\([0-9][0-9]*\)/\1$HOST:\2/" >"$DIR/nginx/ankles.conf"
  # Only what the system's nginx.conf would add: where the pid, logs and buffers go.
  cat >"$DIR/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    access_log $DIR/nginx/access.log;
    client_body_temp_path $DIR/nginx/tmp/body;
    proxy_temp_path $DIR/nginx/tmp/proxy;
    fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
    uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
    scgi_temp_path $DIR/nginx/tmp/scgi;
    include ankles.conf;
}
EOF
}

start() {
  install_if_missing
  mkdir -p "$DIR"
  say "PostgreSQL on $HOST:$PG_PORT..."
  local database_url
  database_url=$(pg)
  say "Redis on $HOST:$REDIS_PORT..."
  start_redis
  write_app_env "$database_url"
  say "migrate and collectstatic..."
  with_app_env "$PY" manage.py migrate --noinput -v0 >&2
  with_app_env "$PY" manage.py collectstatic --noinput -v0 >&2
  say "two app servers on $HOST:$APP1_PORT and $HOST:$APP2_PORT..."
  start_app app1 "$APP1_PORT"
  start_app app2 "$APP2_PORT"
  for port in "$APP1_PORT" "$APP2_PORT"; do
    wait_for "http://$HOST:$port/healthz" || die "app server on $port did not answer; see $DIR/app*.log"
  done
  say "nginx on $HOST:$HTTP_PORT (HTTP) and $HOST:$HTTPS_PORT (HTTPS)..."
  write_nginx_conf
  "$NGINX" -t -q -e "$DIR/nginx/error.log" -c "$DIR/nginx/nginx.conf" >&2
  if alive "$DIR/nginx/nginx.pid"; then
    "$NGINX" -e "$DIR/nginx/error.log" -c "$DIR/nginx/nginx.conf" -s reload
  else
    "$NGINX" -e "$DIR/nginx/error.log" -c "$DIR/nginx/nginx.conf"
  fi
  wait_for "$BASE_URL/healthz" || die "nginx did not answer; see $DIR/nginx/error.log"
  cat >"$DIR/topology.env" <<EOF
BASE_URL=$BASE_URL
HTTP_URL=http://$HOST:$HTTP_PORT
APP_URLS=http://$HOST:$APP1_PORT,http://$HOST:$APP2_PORT
APP_PID_FILES=$DIR/app1.pid,$DIR/app2.pid
DATABASE_URL=$database_url
REDIS_URL=redis://$HOST:$REDIS_PORT/0
APP_ENV_FILE=$DIR/app.env
EOF
  say "up: $BASE_URL (self-signed certificate); details in $DIR/topology.env"
  echo "$BASE_URL"
}

# Restart one app server (after a test killed it): same command, same port.
restart_app() {
  local name=$1 port
  [ "$name" = app1 ] && port=$APP1_PORT || port=$APP2_PORT
  start_app "$name" "$port"
  wait_for "http://$HOST:$port/healthz" || die "$name did not come back"
}

stop_app() {
  local file="$DIR/$1.pid"
  alive "$file" || { rm -f "$file"; return; }
  local pid
  pid=$(cat "$file")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$file"
}

stop() {
  if alive "$DIR/nginx/nginx.pid"; then
    "$NGINX" -e "$DIR/nginx/error.log" -c "$DIR/nginx/nginx.conf" -s quit || true
    for _ in $(seq 50); do alive "$DIR/nginx/nginx.pid" || break; sleep 0.1; done
  fi
  stop_app app1
  stop_app app2
  if alive "$DIR/redis.pid"; then
    kill -TERM "$(cat "$DIR/redis.pid")" 2>/dev/null || true
    for _ in $(seq 50); do alive "$DIR/redis.pid" || break; sleep 0.1; done
  fi
  [ -d "$DIR/postgres" ] && pg stop >/dev/null 2>&1 || true
  rm -f "$DIR/topology.env"  # the tests look for it: nothing is up any more
  say "stopped"
}

status() {
  local name file
  for name in nginx/nginx app1 app2 redis; do
    file="$DIR/$name.pid"
    if alive "$file"; then echo "$name: running (pid $(cat "$file"))"; else echo "$name: stopped"; fi
  done
  if [ -d "$DIR/postgres" ] && pg url >/dev/null 2>&1 && [ -f "$DIR/postgres/data/postmaster.pid" ]; then
    echo "postgres: running"
  else
    echo "postgres: stopped"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart-app) restart_app "${2:?app1 or app2}" ;;
  *) die "usage: $0 start|stop|status|restart-app app1|app2" ;;
esac
