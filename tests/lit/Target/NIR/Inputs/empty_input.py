#!/usr/bin/env python3
"""Writes a spike-input file in which source `name` never fires.
Usage: empty_input.py out.h5 name"""
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], "w") as f:
    g = f.create_group(f"spikes/{sys.argv[2]}")
    g.attrs["__type__"] = "EventData"
    g.attrs["n_neurons"] = np.int64(1)
    g.attrs["t_max"] = 0.1
    g.create_dataset("idx", data=np.zeros(0, dtype=np.int64))
    g.create_dataset("step", data=np.zeros(0, dtype=np.int64))
