#!/bin/sh
# Installs what the platform and its tests need on a fresh machine, and nothing when it is there:
# the npm dependencies (when node_modules is missing or older than the lock file) and a Java
# runtime for DynamoDB Local (from Debian's packages, as root; otherwise the one command to run).
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
