#!/usr/bin/env bash
# From a fresh Debian 12 machine to a simulated network: installs the
# dependencies, builds Dendron, runs the CUBA example (4000 LIF neurons, 1 s
# of biological time) on the reference simulator, recording its spikes to
# HDF5 and drawing a raster plot, then maps the same network onto a
# SpiNNaker board (spinn5), runs the machine image on the machine simulator
# and checks that its spikes equal the reference's in s16.15.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DENDRON_BUILD_DIR:-$root/build}"
out="$root/out"
dendron="$build/bin/dendron"
cuba="$root/examples/cuba/cuba.mlir"

echo "== 1/4 installing Debian packages (scripts/install-deps.sh)"
"$root/scripts/install-deps.sh"
echo "== 2/4 building into $build (scripts/build.sh)"
"$root/scripts/build.sh"
echo "== 3/4 running examples/cuba/cuba.mlir on the reference simulator"
mkdir -p "$out"
"$dendron" run "$cuba" --duration 1.0 --record "$out/cuba.h5" \
  --plot "$out/cuba.svg"
echo "== 4/4 mapping it onto a SpiNNaker board and running the machine image"
"$dendron" compile "$cuba" --target=spinnaker --machine=spinn5 \
  -o "$out/cuba.dimg" --report "$out/cuba-mapping.json" \
  --pictures "$out/cuba-machine"
"$dendron" run "$out/cuba.dimg" --duration 1.0 --record "$out/cuba-spinn.csv" \
  --report "$out/cuba-run.json"
"$dendron" run "$cuba" --duration 1.0 --profile s16.15 \
  --record "$out/cuba-s16.15.csv" --quiet
if cmp -s "$out/cuba-s16.15.csv" "$out/cuba-spinn.csv"; then
  echo "The machine simulator's spikes equal the reference simulator's (s16.15)."
else
  echo "error: the machine simulator's spikes differ from the reference's" >&2
  exit 1
fi
echo
echo "Done. Spike recording: $out/cuba.h5 (HDF5, NIR event layout)"
echo "      Raster plot:     $out/cuba.svg (open it in a browser)"
echo "      SpiNNaker:       $out/cuba.dimg (machine image), $out/cuba-mapping.json,"
echo "                       $out/cuba-run.json, $out/cuba-machine/*.svg (placement,"
echo "                       router usage, core load)"
echo "      Tools:           $build/bin/dendron, $build/bin/dendron-opt"
