#!/usr/bin/env bash
# Browser tests use the system Chromium, never a downloaded one (no `playwright install`).
# Installs Debian's chromium when it is missing and we may (root with apt-get); otherwise says
# exactly what to do.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser tests…"
  (apt-get install -y -q chromium >/dev/null 2>&1) || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)
  [ -x "$CHROMIUM" ] && exit 0
fi
echo "Chromium not found at $CHROMIUM. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH." >&2
exit 1
