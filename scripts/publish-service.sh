#!/usr/bin/env bash
# The one publish command for a Lambda executable, used by Dockerfile.base, CI, the tests and the benchmarks:
#   scripts/publish-service.sh <project-dir> <out-dir> [aot|jit|r2r]
# leaves <out-dir>/bootstrap, the file name the provided.al2023 base image runs.
#   aot  native AOT, self-contained single native file (what the images ship; needs clang + zlib1g-dev,
#        see scripts/install-aot-prereqs.sh)
#   jit  framework-dependent with the bootstrap apphost: the fastest publish, for tests and the local stack
#   r2r  self-contained ReadyToRun: the fallback for a service that cannot be trimmed/AOT-compiled
# Intermediate output goes to <out-dir>.build (or $PUBLISH_ARTIFACTS_PATH), never to the projects' own
# bin/obj, so a publish cannot collide with a concurrent `dotnet build` of the same projects.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 <project-dir> <out-dir> [aot|jit|r2r]" >&2
  exit 2
fi

project=${1%/}
out=${2%/}
mode=${3:-aot}
artifacts=${PUBLISH_ARTIFACTS_PATH:-$out.build}

case "$mode" in
  aot) mode_args=(-p:PublishAot=true -p:StripSymbols=true) ;;
  jit) mode_args=(--self-contained false) ;;
  r2r) mode_args=(--self-contained true -p:PublishReadyToRun=true) ;;
  *) echo "unknown mode '$mode': use aot, jit or r2r" >&2; exit 2 ;;
esac

if [ "$mode" = aot ] && ! command -v clang >/dev/null 2>&1; then
  # Debian ships versioned binaries (clang-14) when only the versioned package is installed.
  versioned=$(compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -V | tail -n 1 || true)
  if [ -n "$versioned" ]; then
    mode_args+=(-p:CppCompilerAndLinker="$versioned")
  else
    echo "native AOT needs clang: run scripts/install-aot-prereqs.sh" >&2
    exit 1
  fi
fi

rm -f "$out/bootstrap"
dotnet publish "$project" -c Release -r linux-x64 -p:PublishAsBootstrap=true \
  --artifacts-path "$artifacts" -o "$out" -nologo -clp:ErrorsOnly "${mode_args[@]}"

if [ ! -x "$out/bootstrap" ]; then
  echo "publish produced no executable $out/bootstrap" >&2
  exit 1
fi
echo "published $project ($mode) -> $out/bootstrap"
