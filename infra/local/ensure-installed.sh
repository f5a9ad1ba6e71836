#!/bin/sh
# Installs what the platform and its tests need on a fresh machine, and nothing when it is there:
# the npm dependencies (when node_modules is missing or older than the lock file) and a JDK for
# DynamoDB Local (from Debian's packages, as root; otherwise the one command to run).
set -e
cd "$(dirname "$0")/../.."

# npm writes node_modules/.package-lock.json on every install: older than the lock file (or
# missing) means the dependencies changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi

# DynamoDB Local runs on Java; its loopback launcher (infra/local/java/) is compiled with `javac`
# on first use, so the JDK, not only the runtime: Debian's default-jdk-headless brings both.
if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing a Java runtime and compiler for DynamoDB Local (apt-get install -y default-jdk-headless)..."
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jdk-headless
  elif ! command -v java >/dev/null 2>&1; then
    echo "Java runtime not found: install one with 'apt-get install -y default-jdk-headless'" >&2
    exit 1
  else
    # A launcher compiled earlier still runs; the runtime says so in one line if it must compile.
    echo "Java compiler not found: DynamoDB Local's loopback launcher needs it on first use ('apt-get install -y default-jdk-headless')" >&2
  fi
fi

# Chromium and CJK fonts for the page tests (infra/local/ensure-browser.sh).
sh infra/local/ensure-browser.sh
