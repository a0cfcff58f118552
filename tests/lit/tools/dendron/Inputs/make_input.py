#!/usr/bin/env python3
"""Writes a spike-input file for `dendron run --input` with h5py, in NIR's
event layout: /spikes/<source> with idx and time (seconds)."""
import sys

import h5py
import numpy as np

path, name = sys.argv[1], sys.argv[2]
with h5py.File(path, "w") as f:
    g = f.create_group(f"spikes/{name}")
    g.attrs["__type__"] = "EventData"
    g.attrs["n_neurons"] = np.int64(2)
    g.attrs["t_max"] = 0.01
    # Neuron 0 fires at 1 ms and 3 ms, neuron 1 at 2 ms (dt = 1 ms).
    g.create_dataset("idx", data=np.array([[0, 1, 0]], dtype=np.int64))
    g.create_dataset("time", data=np.array([[0.001, 0.002, 0.003]]))
