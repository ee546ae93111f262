#!/usr/bin/env bash
# The browser suite in CI: `.ci/run` calls this after `cargo test`. Installs what the suite needs
# from Debian (Chromium, nginx, a CJK font for the screenshots) and from npm (the lockfile), then
# runs browser/run, whose exit status it returns.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
if ! command -v fc-list >/dev/null 2>&1 || ! fc-list | grep -qi 'WenQuanYi Micro Hei'; then need+=(fonts-wqy-microhei); fi
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "browser/ci.sh: please install: ${need[*]}" >&2; exit 2; }
  echo "browser/ci.sh: apt-get install ${need[*]}" >&2
  # Keep Debian's nginx package from starting its own daemon on port 80: the suite runs its own.
  added_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; added_policy=1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  [ -z "$added_policy" ] || rm -f /usr/sbin/policy-rc.d
fi

(cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
exec "$here/run"
