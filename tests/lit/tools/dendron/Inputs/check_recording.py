#!/usr/bin/env python3
"""Independent check of a Dendron HDF5 recording with h5py: NIR event-data
layout, consistent indices/times, and one summary line per spike train
(`<name> neurons=<n> spikes=<count> rate=<Hz>`) for FileCheck."""
import sys

import h5py
import numpy as np

path = sys.argv[1]
with h5py.File(path, "r") as f:
    dt = float(f.attrs["dt"])
    steps = int(f.attrs["num_steps"])
    assert f.attrs["__type__"] == "NIRGraphData", f.attrs["__type__"]
    total_spikes = 0
    total_neurons = 0
    for name in sorted(f["nodes"].keys()):
        node = f["nodes"][name]
        if "observables" not in node or "spikes" not in node["observables"]:
            continue
        ev = node["observables"]["spikes"]
        assert ev.attrs["__type__"] == "EventData"
        n = int(ev.attrs["n_neurons"])
        assert abs(float(ev.attrs["t_max"]) - steps * dt) < 1e-9
        idx = np.asarray(ev["idx"]).ravel()
        time = np.asarray(ev["time"]).ravel()
        step = np.asarray(ev["step"]).ravel()
        assert idx.shape == time.shape == step.shape
        assert idx.size == 0 or (idx.min() >= 0 and idx.max() < n), "idx out of range"
        assert np.all(np.diff(step) >= 0), "events not ordered by step"
        assert np.allclose(time, step * dt), "time != step * dt"
        rate = idx.size / (n * steps * dt)
        total_spikes += idx.size
        total_neurons += n
        print(f"{name} neurons={n} spikes={idx.size:,} rate={rate:.2f}")
    print(f"total neurons={total_neurons} spikes={total_spikes} "
          f"rate={total_spikes / (total_neurons * steps * dt):.2f}")
