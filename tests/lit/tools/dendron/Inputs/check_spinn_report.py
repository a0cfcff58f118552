#!/usr/bin/env python3
"""Independent checks of the spinnaker target's JSON reports.

    check_spinn_report.py mapping.json run.json recording.csv

Checks that the mapping report's cores tile every population exactly, sit on
distinct non-monitor cores and agree with the totals; that the run report's
packet count equals the spikes in the recording (one multicast packet per
spike) and its per-core numbers add up. Prints one summary line for
FileCheck."""
import csv
import json
import sys

mapping = json.load(open(sys.argv[1]))
run = json.load(open(sys.argv[2]))
with open(sys.argv[3]) as f:
    spikes = sum(1 for _ in csv.DictReader(f))

cores = mapping["cores"]
totals = mapping["totals"]
assert totals["coresUsed"] == len(cores), (totals["coresUsed"], len(cores))
places = {(c["x"], c["y"], c["p"]) for c in cores}
assert len(places) == len(cores), "two slices on one core"
monitor = mapping["machine"]["monitorCore"]
assert all(c["p"] != monitor for c in cores), "a slice on the monitor core"
assert totals["chipsUsed"] == len({(c["x"], c["y"]) for c in cores})
sizes = {p["name"]: p["size"] for p in mapping["network"]["populations"]}
for name, size in sizes.items():
    ranges = sorted((c["lo"], c["hi"]) for c in cores if c["node"] == name)
    covered = 0
    for lo, hi in ranges:
        assert lo == covered and hi > lo, (name, ranges)
        covered = hi
    assert covered == size, (name, covered, size)
assert sum(c["synapses"] for c in cores) == totals["synapses"]
assert all(c["expectedCycles"] <= c["budgetCycles"] or c["overloaded"]
           for c in cores)

packets = run["packets"]
assert packets["sent"] == spikes, (packets["sent"], spikes)
assert packets["dropped"] == packets["reinjected"] + packets["lost"]
run_cores = run["cores"]
assert len(run_cores) == len(cores)
assert sum(c["overruns"] for c in run_cores) == run["totals"]["overruns"]
assert max(c["maxCycles"] for c in run_cores) == run["totals"]["maxCycles"]
print(f"cores={len(cores)} chips={totals['chipsUsed']} "
      f"synapses={totals['synapses']} packets={packets['sent']} "
      f"dropped={packets['dropped']}")
