#!/usr/bin/env bash
# CUBA (Vogels-Abbott, 4000 LIF, 1 s) on Dendron's reference simulator
# against Brian2 2.5.1 (C++ standalone, single-threaded) on the same machine,
# in the same script. Reports each simulator's main-loop time and the ratio.
#
#   bench/cuba/compare_brian2.sh [build-dir] [repeats]
#
# Needs Debian's python3-brian (apt-get install python3-brian); Brian2's
# script is ../shared/bench/brian2/bench_cuba.py.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
repeats="${2:-3}"
brian_script="${DENDRON_SHARED_DIR:-$root/../shared}/bench/brian2/bench_cuba.py"
dendron="$build/bin/dendron"
[ -x "$dendron" ] || { echo "no $dendron; build first" >&2; exit 1; }
[ -f "$brian_script" ] || { echo "no $brian_script" >&2; exit 1; }
/usr/bin/python3 -c 'import brian2' 2>/dev/null ||
  { echo "Brian2 missing: apt-get install python3-brian" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

dendron_loop() { # threads profile -> loop seconds and mean rate
  "$dendron" run "$root/examples/cuba/cuba.mlir" --duration 1.0 \
    --threads "$1" --profile "$2" > "$tmp/out.txt"
  awk '/loop wall time/ { t = $4; if ($5 == "ms") t /= 1000; if ($5 == "µs") t /= 1e6 }
       /^  (exc|inh) / { gsub(",", "", $4); s += $4 }
       END { printf "%.4f %.3f\n", t, s / 4000 }' "$tmp/out.txt"
}

best() { sort -n | head -1; }

echo "# CUBA, 1 s biological time, best of $repeats runs"
brian=$(for _ in $(seq "$repeats"); do
  /usr/bin/python3 "$brian_script" --mode standalone \
    --outdir "$tmp/brian" | /usr/bin/python3 -c \
    'import json,sys; r=json.load(sys.stdin); print(r["sim_loop_s"], r["mean_rate_hz"])'
done | best)
echo "brian2 standalone 1 thread: loop ${brian% *} s, rate ${brian#* } Hz"
for profile in float s16.15; do
  for threads in 1 2; do
    d=$(for _ in $(seq "$repeats"); do dendron_loop "$threads" "$profile"; done | best)
    ratio=$(awk -v b="${brian% *}" -v d="${d% *}" 'BEGIN { printf "%.2f", b / d }')
    echo "dendron $profile $threads thread(s): loop ${d% *} s, rate ${d#* } Hz," \
         "speed vs brian2 = ${ratio}x"
  done
done
