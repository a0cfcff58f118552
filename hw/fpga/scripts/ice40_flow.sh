#!/usr/bin/env bash
# ice40_flow.sh - Bitstream of dendron_top for the iCE40 UP5K.
#
# Part of the Dendron project.
#
# Usage: ice40_flow.sh OUTDIR [FREQ_MHZ]
# OUTDIR must hold the memory files and dendron_layout.svh written by
# writeMemoryFiles (e.g. by dendron-fpga-demo-layout OUTDIR). Runs yosys
# synth_ice40 -dsp -> nextpnr-ice40 --up5k (package sg48, pins from
# hw/fpga/ice40/up5k.pcf, fixed seed) -> icepack, keeping every log in
# OUTDIR, and prints a JSON summary: LUTs, BRAM, SPRAM, DSPs and Fmax.
set -euo pipefail
out=$(cd "$1" && pwd)
freq=${2:-20}
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$out"
echo "[1/3] yosys synth_ice40" >&2
yosys -q -l yosys.log -p "read_verilog -sv -I$out $here/rtl/dendron_ram.sv $here/rtl/dendron_core.sv $here/ice40/dendron_top.sv; synth_ice40 -dsp -top dendron_top -json dendron_top.json"
echo "[2/3] nextpnr-ice40 --up5k" >&2
nextpnr-ice40 -q --up5k --package sg48 --pcf "$here/ice40/up5k.pcf" \
  --json dendron_top.json --asc dendron_top.asc --freq "$freq" --seed 1 \
  --report nextpnr_report.json -l nextpnr.log
echo "[3/3] icepack" >&2
icepack dendron_top.asc dendron_top.bin
/usr/bin/python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
r = json.load(open(os.path.join(out, "nextpnr_report.json")))
u = r["utilization"]
fmax = min(v["achieved"] for v in r["fmax"].values())
print(json.dumps({
    "luts": u["ICESTORM_LC"]["used"], "luts_available": u["ICESTORM_LC"]["available"],
    "bram": u["ICESTORM_RAM"]["used"], "bram_available": u["ICESTORM_RAM"]["available"],
    "spram": u["ICESTORM_SPRAM"]["used"], "dsp": u["ICESTORM_DSP"]["used"],
    "fmax_mhz": round(fmax, 2),
    "bitstream": os.path.join(out, "dendron_top.bin")}))
PY
