#!/usr/bin/env bash
# Runs every Rust test (unit and end-to-end) against emulators of its own, started on
# free ports and stopped on exit whatever happens.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

export EMULATOR_RUN_DIR="$REPO_ROOT/.local/run-test-$$"
export EMULATOR_LOG_DIR="$REPO_ROOT/.local/logs-test"
export DDB_PORT="$(free_port)" MOTO_PORT="$(free_port)"
trap 'bash infra/tools/stop-emulators.sh >/dev/null; rm -rf "$EMULATOR_RUN_DIR"' EXIT
bash infra/tools/start-emulators.sh >/dev/null

export HELPDESK_TEST_DYNAMODB="http://127.0.0.1:$DDB_PORT"
export HELPDESK_TEST_AWS="http://127.0.0.1:$MOTO_PORT"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast "$@"
else
  cargo test --workspace --locked --no-fail-fast "$@"
fi
