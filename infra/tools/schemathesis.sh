#!/usr/bin/env bash
# The API contract, checked: schemathesis (pinned in requirements.txt) against a freshly
# seeded stack of its own (with-stack.sh), on every operation of docs/openapi.json, in
# every phase (examples, coverage, fuzzing, stateful), with every check, once per role
# (admin, manager, agent, customer of org 10001). Any failure fails the run. One worker:
# with threads, CPython 3.11's ast.parse (used by hypothesis) can fail with "AST
# constructor recursion depth mismatch".
#
# What a valid request may still be refused with is listed in schemathesis.toml. The
# seed is fixed so a run is reproducible; SCHEMATHESIS_SEED=<n> explores another,
# SCHEMATHESIS_EXAMPLES (default 30) sets the examples per operation.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

if [[ -z "${HELPDESK_URL:-}" ]]; then
  exec bash infra/tools/with-stack.sh schemathesis bash "$0" "$@"
fi

ST="$REPO_ROOT/.local/venv/bin/schemathesis"
[[ -x "$ST" ]] || { echo "schemathesis.sh: $ST missing: run infra/tools/install.sh" >&2; exit 1; }
export PYTHONPATH="$REPO_ROOT/infra/tools${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_hooks
REPORTS="$REPO_ROOT/.local/logs-schemathesis"
mkdir -p "$REPORTS"

status=0
for who in admin@acme.test manager@acme.test agent1@acme.test customer1@acme.test; do
  token="$(curl -sf -X POST "$HELPDESK_URL/local/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$who\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  echo "schemathesis.sh: as $who"
  # Its working files (.schemathesis/) stay in the git-ignored log dir.
  (cd "$REPORTS" && "$ST" --config-file "$REPO_ROOT/infra/tools/schemathesis.toml" run \
    "$HELPDESK_URL/api/v1/openapi.json" \
    -H "Authorization: Bearer $token" \
    --checks all \
    --max-examples "${SCHEMATHESIS_EXAMPLES:-30}" \
    --seed "${SCHEMATHESIS_SEED:-20261202}" \
    --workers 1 \
    --no-color "$@") || status=1
done
exit "$status"
