#!/usr/bin/env bash
# Fuzzes the inbound mail path (shared/inbound/fuzz: parse → sanitise → threading
# checks) with cargo-fuzz and libFuzzer for FUZZ_SECONDS (default 60), starting from
# the committed corpus. Needs the nightly toolchain; installs cargo-fuzz into .local/.
# A crash leaves its input under shared/inbound/fuzz/artifacts/ and fails the run.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
SECONDS_TO_RUN="${FUZZ_SECONDS:-60}"

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz.sh: no nightly toolchain here; cargo fuzz needs one (rustup toolchain install nightly)" >&2
  exit 1
fi
export PATH="$REPO_ROOT/.local/cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install --locked --root .local/cargo cargo-fuzz@0.13.2
fi

# Seed the fuzzer with the real-world-shaped messages.
work="$REPO_ROOT/.local/fuzz-corpus"
mkdir -p "$work"
cp tests/mail/corpus/*.eml "$work/"

log="$REPO_ROOT/.local/logs-fuzz.log"
mkdir -p "$(dirname "$log")"
cd shared/inbound
if cargo +nightly fuzz run --fuzz-dir fuzz inbound "$work" -- -max_total_time="$SECONDS_TO_RUN" -rss_limit_mb=2048 >"$log" 2>&1; then
  grep -E '^Done|stat::number_of_executed_units' "$log" || true
  echo "fuzz.sh: no crash in ${SECONDS_TO_RUN} s (log: $log)"
else
  grep -E 'panicked|SUMMARY|ERROR|crash-|artifact' "$log" >&2 || tail -30 "$log" >&2
  echo "fuzz.sh: the fuzzer found a failing input (see above; log: $log)" >&2
  exit 1
fi
