#!/usr/bin/env bash
# Stops the servers deploy/local/up.sh started, and only those: a Redis that was already
# running when up.sh ran is left alone. Data stays for the next up.sh: in the state dir, and
# ClickHouse's in tmpfs (see up.sh) until the machine restarts.
set -euo pipefail

STATE=${DISTILLGUARD_STATE:-/tmp/distillguard-local}
[ -d "$STATE" ] || exit 0

exec 9>"$STATE/up.lock"
flock 9

stop() { # PIDFILE MARKER: MARKER must be in the process's command line, so a reused pid is spared
  local pidfile=$1 marker=$2 pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  rm -f "$pidfile"
  kill -0 "$pid" 2>/dev/null && grep -qaF -- "$marker" "/proc/$pid/cmdline" || return 0
  kill "$pid"
  # Kafka's orderly shutdown takes a few seconds.
  for i in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "down.sh: $pid ($marker) ignored SIGTERM for 30s; killing it" >&2
  kill -9 "$pid"
}

stop "$STATE/kafka/kafka.pid" "$STATE/kafka/server.properties"
stop "$STATE/clickhouse/clickhouse.pid" "$STATE/clickhouse/etc/config.xml"
# Redis rewrites its command line to "redis-server 127.0.0.1:6379".
stop "$STATE/redis.pid" redis-server
