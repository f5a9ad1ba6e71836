#!/bin/sh
# `npm start` from a fresh clone: install what is missing, then run the local runtime.
# Arguments pass through: `npm start -- --in-memory`.
set -e
cd "$(dirname "$0")/../.."
sh infra/local/ensure-installed.sh
exec npx tsx infra/local/main.ts "$@"
