#!/bin/sh
# `npm start` from a fresh clone: install what is missing, then run the local runtime.
# Arguments pass through: `npm start -- --in-memory`.
set -e
cd "$(dirname "$0")/../.."

# npm writes node_modules/.package-lock.json on every install: older than the lock file (or
# missing) means the dependencies changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi

if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing a Java runtime for DynamoDB Local (apt-get install -y default-jre-headless)..."
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jre-headless
  else
    echo "Java runtime not found: install one with 'apt-get install -y default-jre-headless'" >&2
    exit 1
  fi
fi

exec npx tsx infra/local/main.ts "$@"
