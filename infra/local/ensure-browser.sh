#!/bin/sh
# The browser the end-to-end page tests drive: Chromium and the CJK fonts from Debian's packages
# (never a downloaded browser build). Installs them as root when missing; otherwise prints the
# one command to run. Kept apart so that the staff console's install step (issue 17) can absorb it.
set -e
missing=""
command -v chromium >/dev/null 2>&1 || missing="chromium"
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then missing="$missing fonts-noto-cjk"; fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing$missing from Debian's packages for the browser tests..."
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "Browser tests need:$missing ('apt-get install -y$missing')" >&2
fi
