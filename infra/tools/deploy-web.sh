#!/usr/bin/env bash
# Builds the web app and publishes it to the stack's bucket behind CloudFront, with a
# config.json made from the stack's outputs (API URL, Cognito hosted UI), so nothing
# about an environment is baked into the build.
#   infra/tools/deploy-web.sh helpdesk-dev [region]
# Needs the AWS CLI with credentials for the account, and Node.js.
set -euo pipefail

STACK="${1:?usage: deploy-web.sh <stack-name> [region]}"
REGION="${2:-${AWS_REGION:-us-east-1}}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

output() {
  aws cloudformation describe-stacks --region "$REGION" --stack-name "$STACK" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}

api_url="$(output ApiUrl)"
web_url="$(output WebUrl)"
bucket="$(output WebBucketName)"
distribution="$(output WebDistributionId)"
client_id="$(output UserPoolClientId)"
domain="$(output UserPoolDomain)"

npm --prefix "$ROOT/web" ci --no-audit --no-fund
npm --prefix "$ROOT/web" run build

cat > "$ROOT/web/dist/config.json" <<JSON
{
  "apiBaseUrl": "${api_url%/}",
  "auth": {
    "mode": "cognito",
    "domain": "https://${domain}",
    "clientId": "${client_id}",
    "redirectUri": "${web_url%/}/callback",
    "logoutUri": "${web_url}"
  }
}
JSON

# Hashed assets are immutable; index.html and config.json must always be fresh.
aws s3 sync "$ROOT/web/dist" "s3://$bucket" --region "$REGION" --delete \
  --exclude index.html --exclude config.json --cache-control "public, max-age=31536000, immutable"
aws s3 cp "$ROOT/web/dist/index.html" "s3://$bucket/index.html" --region "$REGION" --cache-control "no-cache"
aws s3 cp "$ROOT/web/dist/config.json" "s3://$bucket/config.json" --region "$REGION" --cache-control "no-cache"
aws cloudfront create-invalidation --distribution-id "$distribution" --paths /index.html /config.json >/dev/null

echo "deploy-web.sh: web app published at $web_url"
