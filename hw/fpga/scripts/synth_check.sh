#!/usr/bin/env bash
# synth_check.sh - Synthesise dendron_core for iCE40 with yosys and check the
# block RAM count.
#
# Part of the Dendron project.
#
# Usage: synth_check.sh YOSYS OUTDIR EXPECTED_BRAM [PARAM=VALUE ...]
# Runs read_verilog -sv + synth_ice40 -dsp on the core with the given
# parameter overrides, keeps the log and the statistics in OUTDIR, and fails
# unless synthesis succeeds with exactly EXPECTED_BRAM SB_RAM40_4K blocks
# (the number DendronFpga's estimateResources predicts for those parameters).
set -euo pipefail
yosys=$1
out=$2
expected=$3
shift 3
rtl="$(cd "$(dirname "$0")/../rtl" && pwd)"
mkdir -p "$out"
chparams=""
for p in "$@"; do
  chparams+=" -set ${p%%=*} ${p#*=}"
done
"$yosys" -q -l "$out/yosys.log" -p "read_verilog -sv $rtl/dendron_ram.sv $rtl/dendron_core.sv; chparam$chparams dendron_core; synth_ice40 -dsp -top dendron_core; tee -o $out/stat.txt stat"
bram=$(awk '/SB_RAM40_4K/ {print $2}' "$out/stat.txt" | tail -1)
luts=$(awk '/SB_LUT4/ {print $2}' "$out/stat.txt" | tail -1)
echo "SB_LUT4: $luts SB_RAM40_4K: $bram"
if [ "${bram:-0}" != "$expected" ]; then
  echo "expected $expected SB_RAM40_4K blocks, got ${bram:-none}" >&2
  exit 1
fi
