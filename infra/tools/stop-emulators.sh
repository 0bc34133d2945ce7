#!/usr/bin/env bash
# Stops the emulators that start-emulators.sh started, by the pids in .local/run/.
set -euo pipefail

TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN_DIR="${EMULATOR_RUN_DIR:-$(cd "$TOOLS_DIR/../.." && pwd)/.local/run}"

for name in moto dynamodb; do
  pid_file="$RUN_DIR/$name.pid"
  if [[ ! -f "$pid_file" ]]; then
    echo "stop-emulators.sh: $name not running (no pid file)"
    continue
  fi
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "stop-emulators.sh: $name (pid $pid) ignored SIGTERM; sending SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
    echo "stop-emulators.sh: stopped $name (pid $pid)"
  else
    echo "stop-emulators.sh: $name (pid $pid) was not running"
  fi
  rm -f "$pid_file"
done
