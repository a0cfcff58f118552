#!/usr/bin/env python3
"""Exits 0 iff two HDF5 recordings hold the same datasets with equal values
and at least `min_spikes` spikes in total; prints what differs otherwise."""
import sys

import h5py
import numpy as np


def datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: found.__setitem__(name, obj[()])
                     if isinstance(obj, h5py.Dataset) else None)
    return found


a, b, min_spikes = datasets(sys.argv[1]), datasets(sys.argv[2]), int(sys.argv[3])
if sorted(a) != sorted(b):
    sys.exit(f"different datasets: {sorted(a)} vs {sorted(b)}")
for name in sorted(a):
    if not np.array_equal(a[name], b[name]):
        sys.exit(f"{name} differs")
spikes = sum(a[n].size for n in a if n.endswith("spikes/idx"))
if spikes < min_spikes:
    sys.exit(f"only {spikes} spikes, expected at least {min_spikes}")
print(f"identical, {spikes} spikes")
