#!/usr/bin/env bash
# Issue 4's benchmarks in one run: Brian2 2.5.1 (C++ standalone, 1 thread)
# against Dendron on the same networks, on the same machine, in the same
# script, with simulation time reported apart from build/compile time.
#
#   bench/spinnaker/run.sh [build-dir]
#
#   (a) Vogels-Abbott CUBA, 4000 LIF, 1 s: Brian2 bench_cuba.py against
#       examples/cuba/cuba.mlir;
#   (b) Potjans-Diesmann microcircuit, 10 % neurons, full in-degree (~30 M
#       synapses, DC drive), 1 s: Brian2 bench_pd14.py against
#       examples/pd14/generate.py --scale 0.1;
#   (c) the full microcircuit (77,169 neurons, ~3e8 synapses), 1 s, Dendron
#       only (Brian2 needs ~34 GB there).
#
# Dendron runs on the SpiNNaker machine simulator (`dendron compile
# --target=spinnaker` then `dendron run net.dimg`) when the build has it, and
# always on the reference simulator (`dendron run x.mlir --profile s16.15`)
# as a second column. Every figure is a wall time measured by the tool
# itself ("loop wall time", Brian2's sim_loop_s) or by /usr/bin/time -v
# (compile time, peak resident memory).
#
# Environment: REPEATS (best of, default 3, for CUBA), THREADS (Dendron
# thread counts, default "1 2"), SKIP_BRIAN=1, SKIP_PD14=1, SKIP_FULL=1,
# SKIP_REFERENCE=1, FULL_MACHINE (default 12x12), FULL_THREADS (default 2),
# PD14_MACHINE (default spinn5), NICE (e.g. -10: run every measured command,
# Brian2's and Dendron's alike, at that niceness, so that other jobs on a
# shared machine disturb the timings less), DENDRON (binary, default
# <build-dir>/bin/dendron), KEEP=1 keeps the work directory. Needs Debian's
# python3-brian for the Brian2 side, GNU time, and about 8 GB of memory and
# 10 GB of /tmp for the full microcircuit.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
dendron="${DENDRON:-$build/bin/dendron}"
repeats="${REPEATS:-3}"
threads_list="${THREADS:-1 2}"
full_machine="${FULL_MACHINE:-12x12}"
pd14_machine="${PD14_MACHINE:-spinn5}"
shared="${DENDRON_SHARED_DIR:-$root/../shared}/bench/brian2"
generate="$root/examples/pd14/generate.py"

[ -x "$dendron" ] || { echo "no $dendron; build first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 1; }
if [ "${SKIP_BRIAN:-0}" != 1 ]; then
  [ -f "$shared/bench_cuba.py" ] || { echo "no $shared/bench_cuba.py" >&2; exit 1; }
  /usr/bin/python3 -c 'import brian2' 2>/dev/null ||
    { echo "Brian2 missing: apt-get install python3-brian" >&2; exit 1; }
fi

work="$(mktemp -d /tmp/dendron-bench.XXXXXX)"
if [ "${KEEP:-0}" = 1 ]; then
  echo "# work directory: $work"
else
  trap 'rm -rf "$work"' EXIT
fi

# The SpiNNaker path exists when `compile` knows --machine.
spinnaker=0
if "$dendron" compile --help 2>&1 | grep -q -- '--machine'; then
  spinnaker=1
fi

#---------------------------------------------------------------------------
# Helpers
#---------------------------------------------------------------------------

# measure NAME CMD...: runs CMD with stdout+stderr in $work/NAME.out and GNU
# time's report in $work/NAME.time; returns CMD's status.
measure() {
  local name="$1"
  shift
  local niced=()
  [ -n "${NICE:-}" ] && niced=(nice -n "$NICE")
  "${niced[@]}" /usr/bin/time -v -o "$work/$name.time" "$@" > "$work/$name.out" 2>&1
}
# Peak resident set size [MB] and wall time [s] from a GNU time report.
peak_mb() { awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/$1.time"; }
wall_s() {
  awk '/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); s = 0
         for (i = 1; i <= n; ++i) s = s * 60 + p[i]; printf "%.2f", s }' "$work/$1.time"
}
# User + system CPU time [s] of the whole process tree: on a shared machine
# it moves less than the wall time.
cpu_s() {
  awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$work/$1.time"
}
# Loop wall time [s] from a Dendron run summary.
loop_s() {
  awk '/loop wall time/ { t = $4; gsub(",", "", t)
         if ($5 == "ms") t /= 1000; else if ($5 == "µs") t /= 1e6
         else if ($5 == "min") t *= 60; printf "%.4f", t }' "$work/$1.out"
}
# Synaptic events of a Dendron run.
events() { awk '/synaptic events/ { gsub(",", "", $3); print $3 }' "$work/$1.out"; }
synapses() { awk '/^  network / { gsub(",", "", $4); print $4 }' "$work/$1.out"; }
# "L23E 1.54, L23I 3.81, ..." from the per-population lines of a summary.
rates() {
  awk '$2 == "population" { printf "%s%s %s", sep, $1, $5; sep = ", " }
       END { print "" }' "$work/$1.out"
}
# Mean rate over all populations [Hz].
mean_rate() {
  awk '$2 == "population" { gsub(",", "", $3); gsub(",", "", $4); n += $3; s += $4 }
       END { if (n) printf "%.3f", s / n / '"${2:-1}"' }' "$work/$1.out"
}
json() { /usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); v=r
for k in sys.argv[2].split("."): v=v[k]
print(", ".join(f"{k} {x}" for k, x in v.items()) if isinstance(v, dict) else v)' "$1" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
# best NAME-PREFIX: the run (of $repeats) with the smallest loop time.
best_of() {
  local prefix="$1" best="" t
  for k in $(seq "$repeats"); do
    t=$(loop_s "$prefix.$k")
    if [ -z "$best" ] || awk -v t="$t" -v b="$(loop_s "$prefix.$best")" 'BEGIN { exit !(t < b) }'; then
      best=$k
    fi
  done
  echo "$prefix.$best"
}
fail_tail() { echo "  FAILED ($1): see below"; tail -5 "$work/$1.out" | sed 's/^/    /'; }

echo "# Dendron vs Brian2, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
  "$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)," \
  "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "# load average before starting: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs on the machine inflate wall times)${NICE:+; measured commands at niceness $NICE}"
echo "# dendron: $dendron (spinnaker target: $([ $spinnaker = 1 ] && echo yes || echo "not in this build"))"

# dendron_side TAG NET.mlir STEPS MACHINE BRIAN_LOOP BRIAN_MB REPEATS:
# compiles NET for the spinnaker target and runs it, then runs the reference
# simulator, for each thread count; prints loop times, peaks and ratios.
dendron_side() {
  local tag="$1" net="$2" steps="$3" machine="$4" bloop="$5" bmb="$6" reps="$7"
  local bio t name
  bio=$(awk -v s="$steps" 'BEGIN { printf "%g", s * 1e-4 }')
  if [ $spinnaker = 1 ]; then
    if measure "$tag.compile" "$dendron" compile "$net" --target=spinnaker \
      --machine="$machine" -o "$work/$tag.dimg" --timing; then
      echo "dendron compile (spinnaker, $machine): $(wall_s "$tag.compile") s wall," \
        "cpu $(cpu_s "$tag.compile") s, peak $(peak_mb "$tag.compile") MB, image $(du -m "$work/$tag.dimg" | cut -f1) MB"
      for t in $threads_list; do
        for k in $(seq "$reps"); do
          measure "$tag.spinn$t.$k" "$dendron" run "$work/$tag.dimg" \
            --steps "$steps" --threads "$t" || { fail_tail "$tag.spinn$t.$k"; continue 2; }
        done
        name=$(repeats=$reps best_of "$tag.spinn$t")
        report_run "spinnaker" "$t" "$name" "$bio" "$bloop" "$bmb"
      done
    else
      fail_tail "$tag.compile"
    fi
  fi
  [ "${SKIP_REFERENCE:-0}" = 1 ] && return 0
  for t in $threads_list; do
    for k in $(seq "$reps"); do
      measure "$tag.ref$t.$k" "$dendron" run "$net" --steps "$steps" \
        --profile s16.15 --threads "$t" || { fail_tail "$tag.ref$t.$k"; continue 2; }
    done
    name=$(repeats=$reps best_of "$tag.ref$t")
    report_run "reference" "$t" "$name" "$bio" "$bloop" "$bmb"
  done
}

# report_run KIND THREADS NAME BIO_S BRIAN_LOOP BRIAN_MB
report_run() {
  local kind="$1" asked="$2" name="$3" bio="$4" bloop="$5" bmb="$6" loop ev mb t
  loop=$(loop_s "$name")
  ev=$(events "$name")
  mb=$(peak_mb "$name")
  # The threads the run really used (a small network uses fewer than asked,
  # and its summary says so): per-core figures divide by those.
  t=$(sed -n 's/.*s16\.15, \([0-9]*\) thread.*/\1/p' "$work/$name.out" | head -1)
  t="${t:-$asked}"
  echo "dendron $kind s16.15 $asked thread(s) asked, $t used: loop $loop s for $bio s" \
    "(core-s per bio s $(awk -v l="$loop" -v t="$t" -v b="$bio" 'BEGIN { printf "%.2f", l * t / b }')," \
    "$(awk -v e="$ev" -v l="$loop" -v t="$t" 'BEGIN { printf "%.1f", e / l / t / 1e6 }') M events/s per core)," \
    "peak $mb MB, process wall $(wall_s "$name") s, cpu $(cpu_s "$name") s"
  echo "    rates [Hz]: $(rates "$name")"
  if [ -n "$bloop" ]; then
    echo "    => speed vs brian2 (sim loop) = $(ratio "$bloop" "$loop")x," \
      "memory brian2/dendron (peak) = $(ratio "$bmb" "$mb")x"
  fi
}

#---------------------------------------------------------------------------
# (a) CUBA
#---------------------------------------------------------------------------
echo
echo "## (a) CUBA (4000 LIF, ~320k synapses), 1 s biological time, best of $repeats"
bloop="" bmb=""
if [ "${SKIP_BRIAN:-0}" != 1 ]; then
  for k in $(seq "$repeats"); do
    measure "cuba.brian.$k" /usr/bin/python3 "$shared/bench_cuba.py" \
      --mode standalone --outdir "$work/cuba-brian"
  done
  best=""
  for k in $(seq "$repeats"); do
    l=$(tail -1 "$work/cuba.brian.$k.out" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["sim_loop_s"])')
    if [ -z "$best" ] || awk -v a="$l" -v b="$bloop" 'BEGIN { exit !(a < b) }'; then
      best=$k bloop=$l
    fi
  done
  tail -1 "$work/cuba.brian.$best.out" > "$work/cuba.brian.json"
  bmb=$(peak_mb "cuba.brian.$best")
  echo "brian2 standalone 1 thread: loop $bloop s, rate $(json "$work/cuba.brian.json" mean_rate_hz) Hz," \
    "peak $bmb MB (python + binary), total wall $(wall_s "cuba.brian.$best") s (incl. codegen + make)"
fi
dendron_side cuba "$root/examples/cuba/cuba.mlir" 10000 spinn5 "$bloop" "$bmb" "$repeats"

#---------------------------------------------------------------------------
# (b) PD14, 10 % neurons, full in-degree
#---------------------------------------------------------------------------
if [ "${SKIP_PD14:-0}" != 1 ]; then
  echo
  echo "## (b) PD14 10 % neurons / full in-degree, DC drive, 1 s biological time"
  python3 "$generate" --scale 0.1 --kscale 1.0 -o "$work/pd14_10.mlir" 2>&1 | sed 's/^/generated: /'
  bloop="" bmb=""
  if [ "${SKIP_BRIAN:-0}" != 1 ]; then
    if measure pd14.brian /usr/bin/python3 "$shared/bench_pd14.py" --scale 0.1 \
      --kscale 1.0 --bg dc --mode standalone --outdir "$work/pd14-brian"; then
      tail -1 "$work/pd14.brian.out" > "$work/pd14.brian.json"
      bloop=$(json "$work/pd14.brian.json" sim_loop_s)
      bmb=$(peak_mb pd14.brian)
      echo "brian2 standalone 1 thread: loop $bloop s (after 0.1 s untimed warm-up)," \
        "peak $bmb MB, total wall $(wall_s pd14.brian) s (incl. numpy connect, codegen, make)"
      echo "    rates [Hz]: $(json "$work/pd14.brian.json" pop_rates_hz)"
    else
      fail_tail pd14.brian
    fi
  fi
  dendron_side pd14 "$work/pd14_10.mlir" 10000 "$pd14_machine" "$bloop" "$bmb" 1
fi

#---------------------------------------------------------------------------
# (c) The full microcircuit, Dendron only
#---------------------------------------------------------------------------
if [ "${SKIP_FULL:-0}" != 1 ]; then
  echo
  echo "## (c) full PD14 (77,169 neurons, ~3e8 synapses), 1 s biological time, Dendron only"
  python3 "$generate" --scale 1 --kscale 1 -o "$work/pd14_full.mlir" 2>&1 | sed 's/^/generated: /'
  nsyn=$(awk '/fixed_total/ { sub(/.*n = /, ""); sub(/>.*/, ""); s += $0 } END { print s }' "$work/pd14_full.mlir")
  full_threads="${FULL_THREADS:-2}"
  if [ $spinnaker = 1 ]; then
    if measure full.compile "$dendron" compile "$work/pd14_full.mlir" --target=spinnaker \
      --machine="$full_machine" -o "$work/full.dimg" --timing; then
      echo "dendron compile (spinnaker, $full_machine): $(wall_s full.compile) s wall," \
        "cpu $(cpu_s full.compile) s, peak $(peak_mb full.compile) MB, image $(du -m "$work/full.dimg" | cut -f1) MB" \
        "($(awk -v b="$(stat -c %s "$work/full.dimg")" -v n="$nsyn" 'BEGIN { printf "%.1f", b / n }') bytes per synapse)"
      sed -n '/stage times/,$p' "$work/full.compile.out" | sed 's/^/    /'
      for t in $full_threads; do
        if measure "full.spinn$t" "$dendron" run "$work/full.dimg" --steps 10000 --threads "$t"; then
          report_run spinnaker "$t" "full.spinn$t" 1 "" ""
          echo "    peak RSS per synapse: $(awk -v m="$(peak_mb "full.spinn$t")" -v n="$nsyn" 'BEGIN { printf "%.1f", m * 1048576 / n }') bytes"
        else
          fail_tail "full.spinn$t"
        fi
      done
    else
      fail_tail full.compile
    fi
  fi
  if [ "${SKIP_REFERENCE:-0}" != 1 ]; then
    for t in $full_threads; do
      if measure "full.ref$t" "$dendron" run "$work/pd14_full.mlir" --steps 10000 \
        --profile s16.15 --threads "$t" --timing; then
        report_run reference "$t" "full.ref$t" 1 "" ""
        echo "    setup (expansion + allocation) $(awk '/simulate: setup/ { printf "%.2f", $3 / 1000 }' "$work/full.ref$t.out") s;" \
          "peak RSS per synapse: $(awk -v m="$(peak_mb "full.ref$t")" -v n="$nsyn" 'BEGIN { printf "%.1f", m * 1048576 / n }') bytes"
      else
        fail_tail "full.ref$t"
      fi
    done
  fi
fi
