#!/usr/bin/env bash
# Installs what native AOT publishing needs on Debian/Ubuntu (the SDK image and CI): clang as the
# native linker and zlib1g-dev. Idempotent: does nothing when both are present. CI and Dockerfile.base
# call this; nobody installs these by hand (FACTS.md: nothing installed by hand survives).
set -euo pipefail

have_clang() { command -v clang >/dev/null 2>&1; }
have_zlib() { [ -f /usr/include/zlib.h ]; }

if have_clang && have_zlib; then
  echo "install-aot-prereqs: clang and zlib1g-dev already present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-aot-prereqs: apt-get not found; install clang and zlib development headers with this system's package manager" >&2
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install-aot-prereqs: need root (or sudo) to apt-get install clang zlib1g-dev" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# A lock so that parallel callers (several test assemblies, CI steps) do not fight over dpkg.
exec 9>/tmp/fulfilment-aot-prereqs.lock
flock 9
if have_clang && have_zlib; then
  exit 0
fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends clang zlib1g-dev
have_clang && have_zlib
echo "install-aot-prereqs: installed clang and zlib1g-dev"
