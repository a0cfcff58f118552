#!/usr/bin/env python3
"""Turns column 0 of a NIR reference trace (lif_norse.csv) into a spike-input
file for `dendron run --input`: a spike in row n must reach the LIF at step
n, and every projection delays by one step, so the Input source emits it at
step n - 1 (written as `step`, NIR's event layout otherwise).
Usage: csv_to_input.py trace.csv out.h5 source_name"""
import sys

import h5py
import numpy as np

trace = np.loadtxt(sys.argv[1], delimiter=",", ndmin=2)
rows = np.nonzero(trace[:, 0] != 0)[0]
assert rows.size == 0 or rows.min() >= 1, "an input in row 0 cannot be delivered"
with h5py.File(sys.argv[2], "w") as f:
    g = f.create_group(f"spikes/{sys.argv[3]}")
    g.attrs["__type__"] = "EventData"
    g.attrs["n_neurons"] = np.int64(1)
    g.attrs["t_max"] = trace.shape[0] * 1e-4
    g.create_dataset("idx", data=np.zeros(rows.size, dtype=np.int64))
    g.create_dataset("step", data=(rows - 1).astype(np.int64))
