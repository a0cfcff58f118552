#!/usr/bin/env python3
"""An independent numpy implementation of braille_noDelay_bias_zero.nir
(Input -> Affine fc1 -> CubaLIF lif1.lif, recurrent Affine lif1.w_rec,
Affine fc2 -> CubaLIF lif2), read with h5py, every Affine with its bias.

Usage:
  braille_reference.py input out.h5 size steps seed
      writes a seeded random spike input for the Input node `input` (5 % of
      the neurons fire per step);
  braille_reference.py check model.nir in.h5 rec.h5 steps [node ...]
      simulates `steps` steps driven by in.h5 and compares the spikes of
      every listed CubaLIF node (default: lif1.lif and lif2) with the Dendron
      recording rec.h5: the first spike step of every neuron, then every
      spike.

Semantics (NIR CubaLIF, forward Euler as Norse's lif_feed_forward_step; an
Affine is y = W x + b every step):
    v' = v + dt/tau_mem (v_leak - v + r i)
    i' = i - dt/tau_syn i + w_in (sum of the Affine outputs into the node)
    spike if v' > v_threshold, then v' = v_reset (0 if absent)
Alignment as Dendron's import: the spikes a node (or the Input) emits at
step n reach the Affine outputs of step n + 1; the bias is there from step 0
on. v and i start at 0 (= v_leak = v_reset in this file).
"""
import sys

import h5py
import numpy as np

DT = 1e-4


def write_input(out, size, steps, seed):
    rng = np.random.default_rng(seed)
    step, idx = np.nonzero(rng.random((steps, size)) < 0.05)
    with h5py.File(out, "w") as f:
        g = f.create_group("spikes/input")
        g.attrs["__type__"] = "EventData"
        g.attrs["n_neurons"] = np.int64(size)
        g.attrs["t_max"] = steps * DT
        g.create_dataset("idx", data=idx.astype(np.int64))
        g.create_dataset("step", data=step.astype(np.int64))
    print(f"{idx.size} input spikes")


def main():
    if sys.argv[1] == "input":
        write_input(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
                    int(sys.argv[5]))
        return
    path, inp, rec, steps = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    wanted = sys.argv[6:] or ["lif1.lif", "lif2"]
    f = h5py.File(path, "r")
    nodes = f["node/nodes"]
    edges = [(a.decode(), b.decode()) for a, b in f["node/edges"][()]]
    kind = {k: nodes[k]["type"][()].decode() for k in nodes}
    cuba = [k for k in nodes if kind[k] == "CubaLIF"]
    # Every Affine: (pre neuron node or Input, post neuron node).
    affine = []
    for name in nodes:
        if kind[name] != "Affine":
            continue
        pre = [a for a, b in edges if b == name]
        post = [b for a, b in edges if a == name]
        assert len(pre) == 1 and len(post) == 1, name
        affine.append((name, pre[0], post[0]))
    p = {}
    for k in cuba:
        g = nodes[k]
        p[k] = {key: g[key][()].astype(np.float64) for key in
                ("tau_mem", "tau_syn", "r", "v_leak", "v_threshold", "w_in")}
        p[k]["v_reset"] = (g["v_reset"][()].astype(np.float64) if "v_reset" in g
                           else np.zeros_like(p[k]["r"]))
    size_in = int(np.prod(nodes["input"]["shape"][()]))
    v = {k: np.zeros(p[k]["r"].size) for k in cuba}
    i = {k: np.zeros(p[k]["r"].size) for k in cuba}
    prev = {k: np.zeros(p[k]["r"].size) for k in cuba}
    prev["input"] = np.zeros(size_in)
    spikes_in = np.zeros((steps, size_in))
    with h5py.File(inp, "r") as f_in:
        g = f_in["spikes/input"]
        keep = g["step"][()] < steps
        spikes_in[g["step"][()][keep], g["idx"][()][keep]] = 1.0
    spikes = {k: [] for k in cuba}
    for n in range(steps):
        x = {k: np.zeros(p[k]["r"].size) for k in cuba}
        for name, pre, post in affine:
            w = nodes[name]["weight"][()].astype(np.float64)
            b = nodes[name]["bias"][()].astype(np.float64)
            x[post] += w @ prev[pre] + b
        now = {"input": spikes_in[n]}
        for k in cuba:
            q = p[k]
            vn = v[k] + DT / q["tau_mem"] * (q["v_leak"] - v[k] + q["r"] * i[k])
            i[k] = i[k] - DT / q["tau_syn"] * i[k] + q["w_in"] * x[k]
            s = vn > q["v_threshold"]
            vn[s] = q["v_reset"][s]
            v[k] = vn
            now[k] = s.astype(np.float64)
            spikes[k].extend((int(j), n) for j in np.nonzero(s)[0])
        prev = now
    bad = 0
    with h5py.File(rec, "r") as r:
        for k in wanted:
            g = r[f"nodes/{k}/observables/spikes"]
            got = sorted(zip(g["idx"][()].ravel().tolist(),
                             g["step"][()].ravel().tolist()),
                         key=lambda e: (e[1], e[0]))
            want = sorted(spikes[k], key=lambda e: (e[1], e[0]))
            first_want, first_got = {}, {}
            for j, s in want:
                first_want.setdefault(j, s)
            for j, s in got:
                first_got.setdefault(j, s)
            same_first = first_want == first_got
            same_all = got == want
            bad += not (same_first and same_all)
            print(f"{k}: {len(first_want)} of {p[k]['r'].size} neurons fire; "
                  f"first spike steps {'same' if same_first else 'DIFFERENT'} "
                  f"(earliest {min(first_want.values(), default=-1)}); "
                  f"{len(want)} reference spikes, {len(got)} dendron spikes: "
                  f"{'same' if same_all else 'DIFFERENT'}")
    print("OK" if bad == 0 else "MISMATCH")
    sys.exit(1 if bad else 0)


main()
