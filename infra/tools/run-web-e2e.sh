#!/usr/bin/env bash
# Runs the web app's Playwright tests (web/e2e) against a freshly seeded stack of their
# own (infra/tools/with-stack.sh), so it runs while `make dev` is up and every run
# starts from the same seed.
#
# The gateway serves web/dist: build it first (`npm --prefix web run build`), or set
# WEB_E2E_BUILD=1 to have this script build it (it does when dist/ is missing). Extra
# arguments go to Playwright, e.g.
#   bash infra/tools/run-web-e2e.sh e2e/customer.spec.ts
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

[[ -d web/node_modules ]] || { echo "run-web-e2e.sh: error: web/node_modules missing: run infra/tools/install.sh (or make setup)." >&2; exit 1; }
if [[ "${WEB_E2E_BUILD:-0}" == "1" || ! -f web/dist/index.html ]]; then
  npm --prefix web run build
fi
exec bash infra/tools/with-stack.sh web-e2e npm --prefix web run e2e -- "$@"
