#!/usr/bin/env bash
# Replays the seed corpus through the NIR reader fuzzer, fuzzes the
# in-process reader for a bounded time (continuing past crashes and
# timeouts, which libhdf5 1.10 has on corrupted metadata), then replays every
# crashing or hanging input through the production (isolated) reader, which
# must turn each into a message.
# Usage: run_fuzzer.sh <fuzzer> <shared-nir-dir> <make_malformed.py> <workdir> <seconds>
set -euo pipefail
fuzzer=$1 shared=$2 malformed=$3 work=$4 seconds=$5
rm -rf "$work" && mkdir -p "$work/seeds" "$work/corpus" "$work/malformed" "$work/artifacts"
cp "$shared"/*.nir "$work/seeds/"
/usr/bin/python3 "$malformed" "$work/malformed" > /dev/null
# A few malformed files as seeds (the deep and bomb files are slow to mutate).
for f in dangling_edge missing_tau tau_is_int edges_shape nested_bad_edge \
         truncated_2 soft_link plugin_filter hetero_tau; do
  cp "$work/malformed/$f.nir" "$work/seeds/"
done
# Leak checking is off: libhdf5 1.10 leaks small blocks on some of its own
# error paths (LeakSanitizer traces end inside libhdf5_serial.so); the
# reader's handles are all RAII-owned.
export ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1
# Replay: every seed must pass, in process and isolated.
"$fuzzer" -runs=0 "$work/seeds" > "$work/replay.log" 2>&1 || { cat "$work/replay.log"; exit 1; }
DENDRON_FUZZ_ISOLATE=1 "$fuzzer" -runs=0 "$work/seeds" > "$work/replay-isolated.log" 2>&1 ||
  { cat "$work/replay-isolated.log"; exit 1; }
# Fuzz the in-process reader.
"$fuzzer" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -max_total_time="$seconds" -timeout=3 -rss_limit_mb=2048 -max_len=300000 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$work/seeds" \
  > "$work/fuzz.log" 2>&1 || true
grep -E "^#[0-9]+.*(DONE|pulse|NEW)" "$work/fuzz.log" | tail -n 1 || true
found=$(ls "$work/artifacts" | wc -l)
echo "in-process reader: $found crashing/hanging inputs (inside libhdf5) in ${seconds} s"
# Every one of them must be refused by the isolated reader.
status=0
for artifact in "$work"/artifacts/*; do
  [ -e "$artifact" ] || continue
  if ! DENDRON_FUZZ_ISOLATE=1 timeout 20 "$fuzzer" -runs=1 "$artifact" \
      > "$artifact.isolated.log" 2>&1; then
    echo "isolated reader failed on $artifact:"; tail -n 30 "$artifact.isolated.log"; status=1
  fi
done
[ $status -eq 0 ] && echo "isolated reader: all $found refused with a message"
exit $status
