#!/usr/bin/env bash
# Installs headless Chromium from the Debian packages when it is missing (for tests/report_browser.rs).
# Idempotent; starts nothing. Needs root (apt-get), as CI runs.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# Another apt client (a parallel install) may hold the lock: wait for it rather than fail.
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
command -v chromium >/dev/null
