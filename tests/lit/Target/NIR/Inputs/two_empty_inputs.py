#!/usr/bin/env python3
"""Writes a spike-input file in which every named source never fires.
Usage: two_empty_inputs.py out.h5 name..."""
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], "w") as f:
    for name in sys.argv[2:]:
        g = f.create_group(f"spikes/{name}")
        g.attrs["__type__"] = "EventData"
        g.attrs["n_neurons"] = np.int64(1)
        g.attrs["t_max"] = 0.1
        g.create_dataset("idx", data=np.zeros(0, dtype=np.int64))
        g.create_dataset("step", data=np.zeros(0, dtype=np.int64))
