#!/usr/bin/env bash
# Installs Debian's chromium for the execution console's browser tests (tests/Fulfilment.Local.Console.Tests):
# playwright-core drives /usr/bin/chromium, because a test tool's own browser download cannot work without internet.
# Idempotent: does nothing when /usr/bin/chromium is present. CI (as root, no stdin) calls this; nobody installs
# chromium by hand (FACTS.md: nothing installed by hand survives).
set -euo pipefail

have_chromium() { [ -x /usr/bin/chromium ]; }

if have_chromium; then
  echo "install-chromium: /usr/bin/chromium already present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: apt-get not found; install Chromium as /usr/bin/chromium with this system's package manager" >&2
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "install-chromium: need root (or passwordless sudo) to apt-get install chromium" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# A lock so that parallel callers (test assemblies, CI steps) do not fight over dpkg.
exec 9>/tmp/fulfilment-chromium.lock
flock 9
if have_chromium; then
  exit 0
fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core </dev/null
have_chromium
echo "install-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
