#!/bin/sh
# `npm start` from a fresh clone: install what is missing, then run the local runtime.
# Arguments pass through: `npm start -- --in-memory`.
set -e
cd "$(dirname "$0")/../.."
sh infra/local/ensure-installed.sh
# Node itself, with tsx only as its loader: no relaying launcher process between the signal and the
# platform, so a stop is never cut short and always ends with "stopped."
exec node --import tsx infra/local/main.ts "$@"
