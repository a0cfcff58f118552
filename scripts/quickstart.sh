#!/usr/bin/env bash
# From a fresh Debian 12 machine to a simulated network: installs the
# dependencies, builds Dendron, and runs the CUBA example (4000 LIF neurons,
# 1 s of biological time) on the reference simulator, recording its spikes
# to HDF5 and drawing a raster plot.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DENDRON_BUILD_DIR:-$root/build}"
out="$root/out"

echo "== 1/3 installing Debian packages (scripts/install-deps.sh)"
"$root/scripts/install-deps.sh"
echo "== 2/3 building into $build (scripts/build.sh)"
"$root/scripts/build.sh"
echo "== 3/3 running examples/cuba/cuba.mlir on the reference simulator"
mkdir -p "$out"
"$build/bin/dendron" run "$root/examples/cuba/cuba.mlir" --duration 1.0 \
  --record "$out/cuba.h5" --plot "$out/cuba.svg"
echo
echo "Done. Spike recording: $out/cuba.h5 (HDF5, NIR event layout)"
echo "      Raster plot:     $out/cuba.svg (open it in a browser)"
echo "      Tools:           $build/bin/dendron, $build/bin/dendron-opt"
