#!/usr/bin/env bash
# Performance of the reference simulator on CUBA (examples/cuba/cuba.mlir),
# in a form that survives a shared, noisy machine:
#   - instructions (callgrind) of the stepping code for 0.1 s biological time,
#     which repeat exactly from run to run;
#   - loop wall time, best of N runs of 1 s, per profile and thread count.
#
#   bench/reference/cuba_perf.sh [build-dir] [repeats]
#
# Set DENDRON_BENCH_RT=1 to run the wall-clock runs under SCHED_FIFO
# (chrt -f 1, needs the privilege) so that other jobs on the machine do not
# preempt them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
repeats="${2:-5}"
dendron="$build/bin/dendron"
net="$root/examples/cuba/cuba.mlir"
[ -x "$dendron" ] || { echo "no $dendron; build first" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rt=()
[ "${DENDRON_BENCH_RT:-0}" = 1 ] && rt=(chrt -f 1)

if command -v valgrind > /dev/null; then
  echo "# instructions, 0.1 s biological time, 1 thread"
  for profile in float s16.15; do
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
      "$dendron" run "$net" --duration 0.1 --profile "$profile" \
      --threads 1 --quiet 2> /dev/null
    # The stepping code: the node phase (LIF loops) and delivery.
    callgrind_annotate "$tmp/cg.out" 2> /dev/null | awk -v p="$profile" '
      /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
      /Engine<.*>::(lifSlice|deliver|run\(.*lambda)/ { gsub(",", "", $1); loop += $1 }
      END { printf "%-7s total %d Ir, node phase + delivery %d Ir\n", p, total, loop }'
  done
fi

echo "# loop wall time, 1 s biological time, best of $repeats"
for profile in float s16.15; do
  for threads in 1 2; do
    for _ in $(seq "$repeats"); do
      "${rt[@]}" "$dendron" run "$net" --duration 1 --profile "$profile" \
        --threads "$threads" |
        awk '/loop wall time/ { t = $4; if ($5 == "s") t *= 1000;
                                if ($5 == "µs") t /= 1000; print t }'
    done | sort -g | head -1 |
      awk -v p="$profile" -v n="$threads" '{ printf "%-7s %d thread(s): %.1f ms\n", p, n, $1 }'
  done
done
