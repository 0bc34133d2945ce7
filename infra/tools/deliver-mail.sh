#!/usr/bin/env bash
# Delivers .eml files to the running `make dev` stack the way SES does (raw mail into
# the local inbound bucket, then inbound-email with an SES event), and prints what
# became of each: opened, threaded, duplicate, quarantined or dropped.
#   infra/tools/deliver-mail.sh message.eml [more.eml ...]
#   QUERY='spam=FAIL' infra/tools/deliver-mail.sh message.eml     # other verdicts
#   QUERY='to=10001@mail.helpdesk.example' infra/tools/deliver-mail.sh message.eml
set -euo pipefail
url="${GATEWAY_URL:-http://127.0.0.1:${GATEWAY_PORT:-3000}}/local/inbound-email"
[ $# -gt 0 ] || { echo "usage: $0 message.eml [more.eml ...]" >&2; exit 2; }
for file in "$@"; do
  echo "$file:"
  curl -sS --fail-with-body -X POST "$url${QUERY:+?$QUERY}" \
    -H 'content-type: message/rfc822' --data-binary @"$file"
  echo
done
