#!/usr/bin/env bash
# Runs a command against a freshly seeded stack of its own: emulators and the local
# gateway on free ports, with their own run and log dirs, stopped on exit whatever
# happens. So it runs while `make dev` is up, and every run starts from the same seed
# (org 10001 Acme with TKT-000001..3, org 10002 Globex). The command sees the API at
# $HELPDESK_URL. Usage: with-stack.sh <name> <command...> (logs in .local/logs-<name>).
#
# The gateway serves web/dist when it exists. GATEWAY_BIN points at a gateway binary
# built elsewhere and skips the build.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

name="${1:?usage: with-stack.sh <name> <command...>}"
shift
die() { echo "with-stack.sh ($name): error: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Quick when `make test`'s Rust tests (or `make dev`) already built it.
if [[ -n "${GATEWAY_BIN:-}" ]]; then
  [[ -x "$GATEWAY_BIN" ]] || die "GATEWAY_BIN=$GATEWAY_BIN is not an executable."
else
  cargo build -p local-gateway --locked --quiet
  GATEWAY_BIN="${CARGO_TARGET_DIR:-$REPO_ROOT/target}/debug/local-gateway"
fi

LOG_DIR="$REPO_ROOT/.local/logs-$name"
export EMULATOR_RUN_DIR="$REPO_ROOT/.local/run-$name-$$"
export EMULATOR_LOG_DIR="$LOG_DIR"
export DDB_PORT="$(free_port)" MOTO_PORT="$(free_port)"
GATEWAY_PORT="$(free_port)"
mkdir -p "$LOG_DIR"
rm -f "$LOG_DIR/gateway.log" "$LOG_DIR/gateway.out"

gateway_pid=""
cleanup() {
  if [[ -n "$gateway_pid" ]] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill "$gateway_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$gateway_pid" 2>/dev/null && kill -9 "$gateway_pid" 2>/dev/null || true
  fi
  bash infra/tools/stop-emulators.sh >/dev/null || true
  rm -rf "$EMULATOR_RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash infra/tools/start-emulators.sh >/dev/null

# The same environment `make dev` gives the gateway, on this run's ports.
export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 \
  AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT" \
  AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$DDB_PORT" \
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS="http://127.0.0.1:$DDB_PORT"
HELPDESK_SEED_HISTORY=0 GATEWAY_PORT="$GATEWAY_PORT" HELPDESK_STACK="$name" GATEWAY_LOG_FILE="$LOG_DIR/gateway.log" \
  GATEWAY_WEB_DIR="$REPO_ROOT/web/dist" \
  "$GATEWAY_BIN" >"$LOG_DIR/gateway.out" 2>&1 &
gateway_pid=$!

url="http://127.0.0.1:$GATEWAY_PORT"
deadline=$((SECONDS + ${GATEWAY_WAIT_SECONDS:-90}))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/healthz" || true)" == "200" ]]; do
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    tail -n 30 "$LOG_DIR/gateway.out" >&2 || true
    die "the gateway exited during start-up; see $LOG_DIR/gateway.out and gateway.log"
  fi
  (( SECONDS < deadline )) || die "the gateway did not answer $url/healthz in time; see $LOG_DIR/gateway.log"
  sleep 0.3
done
echo "with-stack.sh ($name): stack up at $url (DynamoDB Local :$DDB_PORT, moto :$MOTO_PORT; logs in $LOG_DIR)"

HELPDESK_URL="$url" "$@"
