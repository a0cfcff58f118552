#!/usr/bin/env python3
"""Runs `dendron-translate --import-nir` on every file of expected.txt with
at most 512 MB of address space and 2 s, and checks that each is refused
(non-zero exit, no signal) with its expected message.
Usage: run_malformed.py dir"""
import os
import resource
import subprocess
import sys

d = sys.argv[1]
failures = 0
lines = open(os.path.join(d, "expected.txt")).read().splitlines()
for line in lines:
    name, message = line.split("\t")


    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))


    try:
        p = subprocess.run(["dendron-translate", "--import-nir", os.path.join(d, name)],
                           capture_output=True, text=True, timeout=2, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        print(f"FAIL {name}: took longer than 2 s")
        failures += 1
        continue
    err = p.stderr.strip().splitlines()
    first = err[0] if err else ""
    if p.returncode <= 0 or message not in p.stderr or len(err) != 1:
        print(f"FAIL {name}: exit {p.returncode}, expected '{message}', got: {p.stderr[:400]}")
        failures += 1
    else:
        print(f"ok {name}: {first}")
print(f"{len(lines) - failures} of {len(lines)} refused as expected")
sys.exit(1 if failures else 0)
