#!/usr/bin/env python3
"""Compares a Dendron recording of population `pop` with a reference trace
CSV (columns: input spike, membrane v, output spike; one row per step).
Checks that the output spikes fall on exactly the same steps and that the
membrane trace agrees within `tol` (absolute) on every step.
`scale` multiplies Dendron's v before comparing (snnTorch's membrane is in
units of tau/dt times NIR's, see docs/NIR.md); default 1.
Usage: check_trace.py out.h5 trace.csv pop tol [scale]"""
import sys

import h5py
import numpy as np

out, csv, pop, tol = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
scale = float(sys.argv[5]) if len(sys.argv) > 5 else 1.0
ref = np.loadtxt(csv, delimiter=",", ndmin=2)
with h5py.File(out, "r") as f:
    v = f[f"traces/{pop}/v"][:, 0] * scale
    steps = np.sort(f[f"nodes/{pop}/observables/spikes/step"][()].ravel())
ref_steps = np.nonzero(ref[:, 2] != 0)[0]
n = min(len(v), ref.shape[0])
err = np.abs(v[:n] - ref[:n, 1])
print(f"reference spikes at {ref_steps.tolist()}")
print(f"dendron spikes at   {steps.tolist()}")
print(f"max |v - v_ref| = {err.max():.3g} at step {int(err.argmax())}")
ok = np.array_equal(steps, ref_steps) and err.max() <= tol
print("OK" if ok else "MISMATCH")
sys.exit(0 if ok else 1)
