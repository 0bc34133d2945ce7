#!/usr/bin/env bash
# Rebuilds an org's search index from the table (POST /api/v1/search/reindex as an admin).
#
#   make reindex ADMIN=admin@acme.test            # the local stack (make dev), signs in locally
#   make reindex URL=https://<api> TOKEN=<JWT>    # a deployed stack, with an admin's ID token
set -euo pipefail
URL="${URL:-http://127.0.0.1:3000}"
if [[ -z "${TOKEN:-}" ]]; then
  ADMIN="${ADMIN:?set ADMIN (an admin's email on the local stack) or TOKEN (an admin's JWT)}"
  TOKEN=$(curl -fsS -X POST "$URL/local/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$ADMIN\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
fi
curl -fsS -X POST "$URL/api/v1/search/reindex" -H "authorization: Bearer $TOKEN" \
  -H 'content-type: application/json' -d '{}'
echo
