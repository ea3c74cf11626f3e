#!/usr/bin/env bash
# Installs Debian's Apache Velocity 1.7 (package `velocity`, with its dependencies commons-lang 2.6 and
# commons-collections 3) for the mapping-template tests (tests/Fulfilment.Cdk.Tests): API Gateway renders mapping
# templates with Java Velocity, and the tests render ours with the same engine family beside velocityjs.
# Idempotent: does nothing when the jars are present. CI (as root, no stdin) and the tests' own fixture call this;
# nobody installs it by hand (nothing installed by hand survives to a new machine).
set -euo pipefail

jars=(/usr/share/java/velocity.jar /usr/share/java/commons-lang.jar /usr/share/java/commons-collections3.jar)
have_velocity() {
  for jar in "${jars[@]}"; do [ -f "$jar" ] || return 1; done
}

if have_velocity; then
  echo "install-velocity: ${jars[*]} already present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-velocity: apt-get not found; install Apache Velocity 1.7 with commons-lang 2.6 and commons-collections 3 so that ${jars[*]} exist" >&2
  exit 1
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "install-velocity: need root (or passwordless sudo) to apt-get install velocity (Debian's Apache Velocity 1.7)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# A lock so that parallel callers (test assemblies, CI steps) do not fight over dpkg.
exec 9>/tmp/fulfilment-velocity.lock
flock 9
if have_velocity; then
  exit 0
fi
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends velocity </dev/null
have_velocity
echo "install-velocity: installed $(dpkg-query -W -f='velocity ${Version}' velocity 2>/dev/null || echo velocity)"
