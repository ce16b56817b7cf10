#!/usr/bin/env bash
# The body of `npm test`: start the local servers, typecheck, run jest (extra args go to jest).
# Exits with jest's code.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

# up.sh prints the env line (KAFKA_BROKERS, CLICKHOUSE_URL, REDIS_URL) on success.
server_env=$(bash deploy/local/up.sh)
eval "$server_env"

# Chromium is installed here, not in up.sh: it is a test tool, not a server, and a developer
# who only wants the servers should not wait for a browser. Debian's build, because
# playwright-core cannot download its own here; tests launch it from /usr/bin/chromium.
if [ ! -x /usr/bin/chromium ]; then
  log=${DISTILLGUARD_STATE:-/tmp/distillguard-local}/apt-chromium.log
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } >"$log" 2>&1 || {
    echo "test.sh: installing chromium failed; last lines of $log:" >&2
    tail -n 40 "$log" >&2
    exit 1
  }
fi

npx tsc -p tsconfig.json --noEmit
exec npx jest --runInBand "$@"
