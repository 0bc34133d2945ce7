#!/usr/bin/env bash
# Starts the local AWS emulators in the background and waits until they answer:
#   DynamoDB Local (in memory, shared DB)  on 127.0.0.1:${DDB_PORT:-8000}
#   moto server (S3, SQS, EventBridge, SESv2) on 127.0.0.1:${MOTO_PORT:-5000}
# Logs go to .local/logs/, pid files to .local/run/. Stop them with stop-emulators.sh.
# Running it again while they are up does nothing.
set -euo pipefail

TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$TOOLS_DIR/../.." && pwd)"
LOCAL_DIR="$REPO_ROOT/.local"
LOG_DIR="${EMULATOR_LOG_DIR:-$LOCAL_DIR/logs}"
RUN_DIR="${EMULATOR_RUN_DIR:-$LOCAL_DIR/run}"
DDB_PORT="${DDB_PORT:-8000}"
MOTO_PORT="${MOTO_PORT:-5000}"
WAIT_SECONDS="${EMULATOR_WAIT_SECONDS:-60}"

die() { echo "start-emulators.sh: error: $*" >&2; exit 1; }

[[ -f "$LOCAL_DIR/env.sh" ]] || die "$LOCAL_DIR/env.sh missing: run infra/tools/install.sh first."
# shellcheck source=/dev/null
source "$LOCAL_DIR/env.sh"
[[ -f "${HELPDESK_DDB_JAR:-}" ]] || die "DynamoDB Local jar not found ($HELPDESK_DDB_JAR): run infra/tools/install.sh."
[[ -x "${HELPDESK_MOTO:-}" ]] || die "moto_server not found ($HELPDESK_MOTO): run infra/tools/install.sh."

mkdir -p "$LOG_DIR" "$RUN_DIR"

running() { # name -> true if its pid file names a live process
  local pid_file="$RUN_DIR/$1.pid"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

http_status() { # url -> HTTP status code, 000 when nothing answers
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true
}

wait_for() { # name url expected-status
  local name="$1" url="$2" want="$3" deadline=$((SECONDS + WAIT_SECONDS))
  while (( SECONDS < deadline )); do
    [[ "$(http_status "$url")" == "$want" ]] && { echo "start-emulators.sh: $name is up at $url"; return 0; }
    running "$name" || die "$name exited during start-up; see $LOG_DIR/$name.log"
    sleep 0.3
  done
  die "$name did not answer $url within ${WAIT_SECONDS}s; see $LOG_DIR/$name.log"
}

command -v curl >/dev/null 2>&1 || die "curl not found (used to wait for the emulators)."

if running dynamodb; then
  echo "start-emulators.sh: DynamoDB Local already running (pid $(cat "$RUN_DIR/dynamodb.pid"))"
else
  [[ "$(http_status "http://127.0.0.1:$DDB_PORT/")" == "000" ]] \
    || die "port $DDB_PORT is already in use by something else (set DDB_PORT)."
  jar_dir="$(dirname "$HELPDESK_DDB_JAR")"
  # -sharedDb: one database whatever the access key and region, so every client sees the same tables.
  (cd "$jar_dir" && exec java -Djava.library.path="$jar_dir/DynamoDBLocal_lib" -jar "$HELPDESK_DDB_JAR" \
      -sharedDb -inMemory -port "$DDB_PORT") >"$LOG_DIR/dynamodb.log" 2>&1 &
  echo $! > "$RUN_DIR/dynamodb.pid"
fi

if running moto; then
  echo "start-emulators.sh: moto already running (pid $(cat "$RUN_DIR/moto.pid"))"
else
  [[ "$(http_status "http://127.0.0.1:$MOTO_PORT/moto-api/")" == "000" ]] \
    || die "port $MOTO_PORT is already in use by something else (set MOTO_PORT)."
  "$HELPDESK_MOTO" -H 127.0.0.1 -p "$MOTO_PORT" >"$LOG_DIR/moto.log" 2>&1 &
  echo $! > "$RUN_DIR/moto.pid"
fi

# DynamoDB Local answers a bare GET with 400 (missing auth); moto serves its dashboard.
wait_for dynamodb "http://127.0.0.1:$DDB_PORT/" 400
wait_for moto "http://127.0.0.1:$MOTO_PORT/moto-api/" 200

echo "export AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$DDB_PORT AWS_ENDPOINT_URL=http://127.0.0.1:$MOTO_PORT"
