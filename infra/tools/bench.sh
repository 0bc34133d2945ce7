#!/usr/bin/env bash
# make bench: builds every function (and the hello-world baseline) with the release
# profile the deploy uses, builds the bench tool, starts emulators of its own on free
# ports, and runs every measurement (infra/bench). Results: target/bench/latest.{json,md}.
# Exits non-zero when a figure misses its target. Builds are cached by cargo; the
# measurements themselves take a few minutes. `bench.sh cold size` (parts: size, cold,
# requests, latency, cost, routing, search; `make bench PARTS="cold size"`) runs only those parts and
# writes target/bench/partial/ instead.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start=$SECONDS
echo "bench.sh: building the release binaries of every function and the baseline (cached after the first time)"
cargo build --release --locked -p bench-hello -p helpdesk-functions --bins
echo "bench.sh: release build took $((SECONDS - start)) s"
cargo build --profile bench-tool --locked -p helpdesk-bench
BENCH_BIN="${CARGO_TARGET_DIR:-$REPO_ROOT/target}/bench-tool/helpdesk-bench"

export EMULATOR_RUN_DIR="$REPO_ROOT/.local/run-bench-$$"
export EMULATOR_LOG_DIR="$REPO_ROOT/.local/logs-bench"
export DDB_PORT="$(free_port)" MOTO_PORT="$(free_port)"
trap 'bash infra/tools/stop-emulators.sh >/dev/null; rm -rf "$EMULATOR_RUN_DIR"' EXIT
bash infra/tools/start-emulators.sh >/dev/null

export HELPDESK_TEST_DYNAMODB="http://127.0.0.1:$DDB_PORT"
export HELPDESK_TEST_AWS="http://127.0.0.1:$MOTO_PORT"
export BENCH_RELEASE_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}/release"
export RUST_LOG="${RUST_LOG:-warn}"
status=0
"$BENCH_BIN" "$@" || status=$?
# The inbound mail path under libFuzzer for a minute (infra/tools/fuzz.sh), on full runs.
if [ "$#" -eq 0 ]; then bash infra/tools/fuzz.sh || status=1; fi
exit "$status"
