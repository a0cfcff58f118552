#!/usr/bin/env bash
# Builds Dendron and runs the whole test suite (GoogleTest + lit, via ctest).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DENDRON_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh"
cd "$build"
ctest --output-on-failure -j "$(nproc)"
