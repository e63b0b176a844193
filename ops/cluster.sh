#!/usr/bin/env bash
# `make cluster` / `make cluster-stop`: the production shape on this one machine.
#
#   two gunicorn web nodes on 127.0.0.1:8101 and :8102, each with its own empty local folder
#   one Celery worker and one beat
#   PostgreSQL, Redis and an S3 endpoint: those already running here, or started for it
#
# Every process it starts is recorded (name and process id) in var/cluster/pids; `stop` ends
# exactly those, by their ids. The demo data is seeded once per database.
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${CLUSTER_DIR:-var/cluster}
PIDS=$DIR/pids
BIN=${VENV:-.venv}/bin
DATABASE_URL=${CLUSTER_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/siang_cluster}
REDIS_URL=${CLUSTER_REDIS_URL:-redis://127.0.0.1:6379/2}
BROKER_URL=${CLUSTER_BROKER_URL:-redis://127.0.0.1:6379/3}
S3_PORT=${CLUSTER_S3_PORT:-9000}
S3_ENDPOINT=${CLUSTER_S3_ENDPOINT:-http://127.0.0.1:$S3_PORT}
WEB_PORTS=(8101 8102)

say() { printf '== %s\n' "$*"; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

record() { echo "$1 $2" >>"$PIDS"; }

# The environment every node, worker and command of the cluster shares.
cluster_env() {
  export SIANG_ENV=development DEBUG=0
  export SECRET_KEY
  SECRET_KEY=$(cat "$DIR/secret_key")
  export DATABASE_URL REDIS_URL CELERY_BROKER_URL=$BROKER_URL
  export S3_BUCKET=${CLUSTER_S3_BUCKET:-siang} S3_ENDPOINT_URL=$S3_ENDPOINT
  export S3_ACCESS_KEY_ID=${CLUSTER_S3_ACCESS_KEY_ID:-cluster} S3_SECRET_ACCESS_KEY=${CLUSTER_S3_SECRET_ACCESS_KEY:-cluster}
  export SITE_URL=http://127.0.0.1:${WEB_PORTS[0]}
  export JOBS_LEASE_SECONDS=${JOBS_LEASE_SECONDS:-15} JOBS_REQUEUE_SECONDS=${JOBS_REQUEUE_SECONDS:-10}
  export SIANG_VAR_DIR=$DIR/shared
}

# Start a long-running process in its own process group (so stopping it ends its children too).
spawn() {
  local name=$1
  shift
  setsid "$@" >>"$DIR/$name.log" 2>&1 </dev/null &
  record "$name" $!
  say "$name: process $!"
}

ensure_postgresql() {
  local host_port=${DATABASE_URL#*@}
  host_port=${host_port%%/*}
  local port=${host_port##*:}
  if ! pg_isready -h 127.0.0.1 -p "$port" -q; then
    say "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
    for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p "$port" -q && break; sleep 1; done
  fi
  local name=${DATABASE_URL##*/}
  psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 \
    || createdb -h 127.0.0.1 -p "$port" -U postgres "$name"
}

ensure_redis() {
  local port=${REDIS_URL#redis://*:}
  port=${port%%/*}
  if ! redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
    spawn redis redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$DIR"
    for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
  fi
}

ensure_s3() {
  if ! listening "$S3_PORT"; then
    spawn s3 "$BIN/python" -m moto.server -H 127.0.0.1 -p "$S3_PORT"
    for _ in $(seq 60); do listening "$S3_PORT" && break; sleep 0.5; done
  fi
  "$BIN/python" - <<'PY'
import os
import boto3
from botocore.exceptions import ClientError

s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["S3_ENDPOINT_URL"],
    aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
    region_name="us-east-1",
)
try:
    s3.create_bucket(Bucket=os.environ["S3_BUCKET"])
except ClientError as error:
    if error.response["Error"]["Code"] not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
        raise
PY
}

seed_once() {
  "$BIN/python" manage.py migrate --noinput -v 0
  "$BIN/python" manage.py collectstatic --noinput -v 0
  local stamp="$DIR/seeded-${DATABASE_URL##*/}"
  if [ ! -f "$stamp" ]; then
    say "Seeding the demo data (once)"
    "$BIN/python" manage.py load_units -v 0
    "$BIN/python" manage.py demo_data
    touch "$stamp"
  fi
}

start_web() {
  local port=$1
  mkdir -p "$DIR/node-$port"
  # Each node has its own local folder: nothing it needs may live there beyond a cache.
  spawn "web-$port" env SIANG_VAR_DIR="$DIR/node-$port" STATIC_ROOT="$DIR/static" WEB_CONCURRENCY=2 \
    "$BIN/gunicorn" siang.wsgi -c gunicorn.conf.py -b "127.0.0.1:$port"
}

start_worker() {
  spawn worker env SIANG_VAR_DIR="$DIR/worker" "$BIN/celery" -A siang worker -l info --concurrency 2 -n "worker@%h"
}

start_beat() {
  spawn beat env SIANG_VAR_DIR="$DIR/worker" "$BIN/celery" -A siang beat -l info -s "$DIR/worker/beat-schedule"
}

wait_ready() {
  for port in "${WEB_PORTS[@]}"; do
    for _ in $(seq 60); do
      curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
      sleep 0.5
    done
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { say "node $port did not come up: $DIR/web-$port.log"; return 1; }
  done
}

# End one recorded process (by name) and its process group, then forget it.
stop_one() {
  local name=$1 pid
  pid=$(awk -v n="$name" '$1 == n {print $2}' "$PIDS" | tail -n 1)
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    # The main process first: gunicorn and Celery then stop their own workers gracefully (a
    # task being run is finished or handed back). Whatever is left of its group goes after.
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  kill -KILL -- "-$pid" 2>/dev/null || true
  awk -v n="$name" '$1 != n' "$PIDS" >"$PIDS.tmp" && mv "$PIDS.tmp" "$PIDS"
  say "$name: stopped (process $pid)"
}

start() {
  if [ -s "$PIDS" ]; then
    say "The cluster is already running ($PIDS); make cluster-stop first."
    exit 1
  fi
  mkdir -p "$DIR/shared" "$DIR/worker"
  : >"$PIDS"
  [ -f "$DIR/secret_key" ] || { "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$DIR/secret_key"; chmod 600 "$DIR/secret_key"; }
  cluster_env
  ensure_postgresql
  ensure_redis
  ensure_s3
  seed_once
  for port in "${WEB_PORTS[@]}"; do start_web "$port"; done
  start_worker
  start_beat
  wait_ready
  say "Siang runs on http://127.0.0.1:${WEB_PORTS[0]}/ and http://127.0.0.1:${WEB_PORTS[1]}/ (logs in $DIR)"
}

stop() {
  [ -f "$PIDS" ] || { say "Nothing recorded in $PIDS"; return 0; }
  for name in $(awk '{print $1}' "$PIDS" | tac); do stop_one "$name"; done
  rm -f "$PIDS"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  stop-worker) stop_one worker ;;
  start-worker) mkdir -p "$DIR/worker"; cluster_env; start_worker ;;
  env) cluster_env; env | grep -E '^(SIANG_|SECRET_KEY|DATABASE_URL|REDIS_URL|CELERY_|S3_|SITE_URL|JOBS_)' | sed 's/^/export /' ;;
  *) echo "usage: $0 start|stop|start-worker|stop-worker|env" >&2; exit 2 ;;
esac
