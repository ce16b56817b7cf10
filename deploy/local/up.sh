#!/usr/bin/env bash
# Starts the real servers the tests use: Redis :6379, Kafka :9092, ClickHouse :8123/:9000,
# all on 127.0.0.1, installing whatever is missing (a fresh machine has none of Kafka or
# ClickHouse). A server that already answers is left alone, so running this twice is safe.
# Prints one line on success, the env for the tests, so `eval "$(deploy/local/up.sh)"` works.
# On failure it says what failed and shows the end of that server's log.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${DISTILLGUARD_STATE:-/tmp/distillguard-local}
CACHE=${DISTILLGUARD_CACHE:-$HOME/.cache/distillguard}
mkdir -p "$STATE"

# Two engineers may run the tests at once: one of them starts the servers, the other waits.
exec 9>"$STATE/up.lock"
flock 9

fail() { # MESSAGE [LOG...]
  echo "up.sh: $1" >&2
  shift
  local log
  for log in "$@"; do
    [ -s "$log" ] || continue
    # A dying JVM ends its log with shutdown chatter: show where the errors began too.
    if grep -qE 'ERROR|FATAL|<Error>' "$log"; then
      echo "---- first errors in $log ----" >&2
      grep -m 3 -A 3 -E 'ERROR|FATAL|<Error>' "$log" >&2
    fi
    echo "---- last lines of $log ----" >&2
    tail -n 30 "$log" >&2
  done
  exit 1
}

APT_UPDATED=
apt_install() { # PACKAGE...
  local log=$STATE/apt.log
  if [ -z "$APT_UPDATED" ]; then
    apt-get update -q >"$log" 2>&1 || fail "apt-get update failed" "$log"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$log" 2>&1 ||
    fail "apt-get install $* failed" "$log"
}

pid_alive() { # PIDFILE
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

start_detached() { # PIDFILE LOG COMMAND...
  # Own session, so the server outlives this shell and whatever job group ran it;
  # without the lock's fd 9, or it would hold the lock for as long as it runs.
  local pidfile=$1 log=$2
  shift 2
  rm -f "$pidfile"
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >"$log" 2>&1 </dev/null 9>&- &
  local i
  for i in $(seq 50); do
    [ -s "$pidfile" ] && return 0
    sleep 0.1
  done
  fail "could not start $1" "$log"
}

wait_until() { # WHAT SECONDS PIDFILE(or "") LOGS(space-separated) COMMAND...
  local what=$1 secs=$2 pidfile=$3 logs
  local deadline=$((SECONDS + secs))
  read -ra logs <<<"$4"
  shift 4
  until "$@" >/dev/null 2>&1; do
    [ -z "$pidfile" ] || pid_alive "$pidfile" || fail "$what exited while starting" "${logs[@]}"
    [ "$SECONDS" -lt "$deadline" ] || fail "$what not ready after ${secs}s" "${logs[@]}"
    sleep 0.2
  done
}

redis_answers() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

redis_up() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || apt_install redis-server
  if ! redis_answers; then
    # Same command the machine uses at boot, plus a pid file so down.sh can stop only this one.
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log --pidfile "$STATE/redis.pid" 9>&- ||
      fail "redis-server did not start" /var/log/redis/ci.log
    # No pid check: the daemon writes its pid file a moment after it forks.
    wait_until Redis 20 "" /var/log/redis/ci.log redis_answers
  fi
  # BullMQ refuses to run when Redis may evict its keys.
  redis-cli -h 127.0.0.1 -p 6379 config set maxmemory-policy noeviction >/dev/null ||
    fail "could not set Redis maxmemory-policy"
}

kafka_libs() { # prints the dir with the broker's jars, fetching them once per pom change
  local pom=$ROOT/deploy/kafka/pom.xml version sum libs
  version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom")
  sum=$(sha256sum "$pom" | cut -d' ' -f1)
  libs=$CACHE/kafka-$version/libs
  if [ "$(cat "$libs/.pom-sha256" 2>/dev/null)" != "$sum" ]; then
    command -v mvn >/dev/null || apt_install maven
    rm -rf "$libs"
    mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$libs" >"$STATE/mvn.log" 2>&1 ||
      fail "could not fetch Kafka $version jars from Maven Central" "$STATE/mvn.log"
    echo "$sum" >"$libs/.pom-sha256"
  fi
  echo "$libs"
}

kafka_ready() { # SECONDS [PID]
  node "$ROOT/deploy/local/kafka-ready.js" 127.0.0.1:9092 "$@"
}

kafka_up() {
  local dir=$STATE/kafka libs
  local java_opts=(-Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$ROOT/deploy/kafka/log4j.properties")
  kafka_ready 0 2>/dev/null && return 0
  if ! pid_alive "$dir/kafka.pid"; then
    command -v java >/dev/null || apt_install openjdk-17-jre-headless
    libs=$(kafka_libs)
    mkdir -p "$dir"
    { cat "$ROOT/deploy/kafka/server.properties"; echo "log.dirs=$dir/data"; } >"$dir/server.properties"
    if [ ! -f "$dir/data/meta.properties" ]; then
      # A KRaft log dir must be formatted with a cluster id (22 chars of base64url) once.
      local cluster_id
      cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)
      java "${java_opts[@]}" -cp "$libs/*" kafka.tools.StorageTool format \
        -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 ||
        fail "could not format the Kafka log dir" "$dir/format.log"
    fi
    start_detached "$dir/kafka.pid" "$dir/kafka.log" \
      java "${java_opts[@]}" -cp "$libs/*" kafka.Kafka "$dir/server.properties"
  fi
  kafka_ready 90 "$(cat "$dir/kafka.pid")" 2>"$dir/ready.log" ||
    fail "Kafka not ready: $(cat "$dir/ready.log")" "$dir/kafka.log"
}

clickhouse_answers() { [ "$(curl -s --max-time 2 http://127.0.0.1:8123/ping)" = Ok. ]; }

# The data goes to tmpfs where there is one: this server's data is throwaway, and on these
# machines' ext4 every part (two files a column, one part a table per insert) cost ~20 ms of
# kernel time creating files, scanning for recently deleted inodes: more than its rows.
# DISTILLGUARD_CLICKHOUSE_DATA chooses the directory instead; a state dir whose data is already a
# directory keeps it.
clickhouse_data() { # DIR: makes DIR/data, a link to tmpfs where there is one
  local data=$1/data target
  if [ -d "$data" ] && [ ! -L "$data" ]; then
    return 0
  elif [ -n "${DISTILLGUARD_CLICKHOUSE_DATA:-}" ]; then
    target=$DISTILLGUARD_CLICKHOUSE_DATA
  elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
    target=/dev/shm/distillguard-clickhouse-$(printf %s "$STATE" | sha256sum | cut -c1-12)
  else
    mkdir -p "$data"
    return 0
  fi
  mkdir -p "$target"
  ln -sfn "$target" "$data"
}

clickhouse_up() {
  local dir=$STATE/clickhouse
  command -v curl >/dev/null || apt_install curl
  clickhouse_answers && return 0
  # Debian's package is the only one reachable here. Its postinst starts no server where
  # policy-rc.d forbids it, as on these machines.
  command -v clickhouse-server >/dev/null || apt_install clickhouse-server clickhouse-client
  if ! pid_alive "$dir/clickhouse.pid"; then
    # Run from a copy: the server writes config-preprocessed.xml beside its config file.
    mkdir -p "$dir/etc"
    cp "$ROOT"/deploy/local/clickhouse/*.xml "$dir/etc/"
    clickhouse_data "$dir"
    start_detached "$dir/clickhouse.pid" "$dir/stdout.log" \
      clickhouse-server --config-file="$dir/etc/config.xml" -- \
      --path="$dir/data/" --tmp_path="$dir/tmp/" --user_files_path="$dir/user_files/" \
      --logger.log="$dir/server.log" --logger.errorlog="$dir/server.err.log"
  fi
  wait_until ClickHouse 60 "$dir/clickhouse.pid" "$dir/stdout.log $dir/server.err.log" clickhouse_answers
}

redis_up
clickhouse_up
kafka_up
echo "export KAFKA_BROKERS=127.0.0.1:9092 CLICKHOUSE_URL=http://127.0.0.1:8123 REDIS_URL=redis://127.0.0.1:6379"
