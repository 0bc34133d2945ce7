# The two commands: `make dev` runs the helpdesk locally, `make test` runs every check.
# Everything they need is installed by infra/tools/install.sh into .local/ (git-ignored).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

GATEWAY_PORT ?= 3000
DDB_PORT ?= 8000
MOTO_PORT ?= 5000

LOCAL_ENV := export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 \
	AWS_ENDPOINT_URL=http://127.0.0.1:$(MOTO_PORT) \
	AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:$(DDB_PORT) \
	AWS_ENDPOINT_URL_DYNAMODB_STREAMS=http://127.0.0.1:$(DDB_PORT)

.PHONY: setup dev stop test lint validate-template unit e2e contract web web-check fmt bench fuzz reindex

## setup: install the pinned local tools (DynamoDB Local, moto, cfn-lint) into .local/,
## the web app's packages (web/node_modules) and Debian's chromium when missing
setup:
	bash infra/tools/install.sh

## dev: build, start the local AWS stack, provision and seed it, serve on :$(GATEWAY_PORT)
dev: setup web
	cargo build -p local-gateway
	EMULATOR_RUN_DIR=.local/run bash infra/tools/stop-emulators.sh >/dev/null
	DDB_PORT=$(DDB_PORT) MOTO_PORT=$(MOTO_PORT) bash infra/tools/start-emulators.sh
	$(LOCAL_ENV); trap 'bash infra/tools/stop-emulators.sh' EXIT; \
	  GATEWAY_PORT=$(GATEWAY_PORT) GATEWAY_LOG_FILE=$(CURDIR)/.local/logs/gateway.log target/debug/local-gateway

## stop: stop the emulators `make dev` started
stop:
	bash infra/tools/stop-emulators.sh

## web: build the web app into web/dist (the gateway serves it at /)
web: setup
	npm --prefix web run build

## test: format, lint, template validation, unit and end-to-end tests (own emulators, free ports),
## the API contract (schemathesis, every role), then the web app's checks and its browser tests
test: setup lint validate-template e2e contract web-check

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings

validate-template:
	.local/venv/bin/python infra/tools/validate-template.py template.yaml

# The end-to-end tests start their own emulators on free ports, so they run while
# `make dev` is up; every test provisions its own stack under a unique prefix.
e2e:
	bash infra/tools/run-tests.sh

# The API contract: schemathesis on every operation of docs/openapi.json, every phase and
# check, once per role, against a seeded stack of its own (infra/tools/schemathesis.sh).
contract: setup
	bash infra/tools/schemathesis.sh

# The web app: its API types against docs/openapi.json (`check:api`), ESLint, tsc, Vitest,
# the production build, then Playwright in Chromium against a freshly seeded stack of its
# own (own emulators and gateway on free ports).
# After `e2e` in `make test`, so the gateway binary is already built.
web-check: setup
	npm --prefix web run check:api
	npm --prefix web run lint
	npm --prefix web run typecheck
	npm --prefix web test
	npm --prefix web run build
	bash infra/tools/run-web-e2e.sh

fmt:
	cargo fmt --all

## bench: release binaries, then cold start, size, DynamoDB requests, latency, throughput,
## fan-out and cost in one run; writes target/bench/latest.{json,md} (docs/performance.md).
## PARTS="cold size" runs only those parts (size, cold, requests, latency, cost, search).
bench: setup
	bash infra/tools/bench.sh $(PARTS)

## reindex: rebuild an org's search index from the table (ADMIN=admin@acme.test locally,
## or URL=... TOKEN=<an admin's JWT> for a deployed stack)
reindex:
	bash infra/tools/reindex.sh

## fuzz: the inbound mail path under cargo fuzz (nightly) for FUZZ_SECONDS (default 60)
fuzz:
	bash infra/tools/fuzz.sh
