#!/usr/bin/env python3
"""Conv1d, I and Threshold nodes, with an independent numpy reference.

Modes:
  new_nodes.py write model.nir
      in1 (2, 10) -> Conv1d c1 (3 x 2 x 3, stride 2, padding 1, bias) -> IF
      if1; in1 -> Conv1d c2 (4 x 1 x 3, groups 2, dilation 2, padding
      'same', bias) -> Threshold thr; in2 (3) -> Affine fc (bias) -> I integ.
      Every value is dyadic, so every sum is exact in double.
  new_nodes.py input model.nir in.h5 steps seed
      seeded random spikes for in1 and in2 (step layout);
  new_nodes.py check model.nir in.h5 rec.h5 steps
      compares Dendron's recording with numpy: if1 and thr spikes exactly,
      thr's v (each step's input x, 0 after a spike), integ's v (the running
      sum of r (W s + b), closed form: r (W S_n + (n + 1) b)).

Semantics: NIR IF (v += r x, spike if v > v_threshold, reset to 0),
Threshold (spike iff x > threshold, memoryless), I (v += r x). Alignment as
Dendron's import: a neuron sees at step n x = W s[n-1] + b (s[-1] = 0).
"""
import sys

import h5py
import numpy as np

STR = h5py.string_dtype()


def node(g, name, type_, **params):
    n = g.create_group(name)
    n.create_dataset("type", data=type_, dtype=STR)
    for key, value in params.items():
        if isinstance(value, str):
            n.create_dataset(key, data=value, dtype=STR)
        else:
            n.create_dataset(key, data=value)


def write(path):
    rng = np.random.default_rng(3)
    w1 = rng.integers(-2, 5, (3, 2, 3)) * 0.25
    w2 = rng.integers(-2, 5, (4, 1, 3)) * 0.25
    wf = rng.integers(-2, 5, (2, 3)) * 0.25
    with h5py.File(path, "w") as f:
        f.create_dataset("version", data="0.2.0", dtype=STR)
        top = f.create_group("node")
        top.create_dataset("type", data="NIRGraph", dtype=STR)
        top.create_dataset("edges", dtype=STR, data=np.array([
            ["in1", "c1"], ["c1", "if1"], ["if1", "out1"],
            ["in1", "c2"], ["c2", "thr"], ["thr", "out2"],
            ["in2", "fc"], ["fc", "integ"], ["integ", "out3"]], dtype=object))
        nodes = top.create_group("nodes")
        node(nodes, "in1", "Input", shape=np.array([2, 10], np.int64))
        node(nodes, "in2", "Input", shape=np.array([3], np.int64))
        node(nodes, "c1", "Conv1d", weight=w1, bias=np.array([0.25, 0.0, -0.5]),
             stride=np.array([2], np.int64), padding=np.array([1], np.int64),
             dilation=np.array([1], np.int64), groups=np.int64(1),
             input_shape=np.array([10], np.int64))
        node(nodes, "c2", "Conv1d", weight=w2, bias=np.array([0.0, 0.25, 0.5, -0.25]),
             stride=np.int64(1), padding="same", dilation=np.int64(2),
             groups=np.int64(2), input_shape=np.int64(10))
        node(nodes, "fc", "Affine", weight=wf, bias=np.array([0.5, -0.25]))
        node(nodes, "if1", "IF", r=np.ones(15), v_threshold=np.full(15, 1.5),
             v_reset=np.zeros(15))
        node(nodes, "thr", "Threshold", threshold=np.full(40, 0.5))
        node(nodes, "integ", "I", r=np.full(2, 0.5))
        for name, n in (("out1", 15), ("out2", 40), ("out3", 2)):
            node(nodes, name, "Output", shape=np.array([n], np.int64))


def conv1d(x, node):
    """NIR Conv1d (PyTorch semantics) on x of shape (C, L)."""
    w = node["weight"][()]
    b = node["bias"][()]
    s = int(np.ravel(node["stride"][()])[0])
    d = int(np.ravel(node["dilation"][()])[0])
    g = int(node["groups"][()])
    pad = node["padding"][()]
    o, cg, k = w.shape
    p = d * (k - 1) // 2 if isinstance(pad, bytes) and pad == b"same" else (
        0 if isinstance(pad, bytes) else int(np.ravel(pad)[0]))
    c, length = x.shape
    xp = np.pad(x, ((0, 0), (p, p)))
    lo = (length + 2 * p - d * (k - 1) - 1) // s + 1
    y = np.zeros((o, lo))
    for oc in range(o):
        grp = oc // (o // g)
        for ci in range(cg):
            for kk in range(k):
                y[oc] += w[oc, ci, kk] * xp[grp * cg + ci, kk * d:kk * d + s * lo:s]
        y[oc] += b[oc]
    return y


def reference(path, s1, s2, steps):
    f = h5py.File(path, "r")
    n = f["node/nodes"]
    fc_w, fc_b = n["fc/weight"][()], n["fc/bias"][()]
    r = n["integ/r"][()][0]
    th_if, th = n["if1/v_threshold"][()][0], n["thr/threshold"][()][0]
    v_if = np.zeros(15)
    v_i = np.zeros(2)
    out = {"if1": [], "thr": [], "thr_v": [], "integ_v": []}
    for step in range(steps):
        x1 = s1[step - 1].reshape(2, 10) if step else np.zeros((2, 10))
        x2 = s2[step - 1] if step else np.zeros(3)
        v_if = v_if + conv1d(x1, n["c1"]).reshape(-1)
        spk = v_if > th_if
        v_if[spk] = 0.0
        out["if1"] += [(int(i), step) for i in np.nonzero(spk)[0]]
        x = conv1d(x1, n["c2"]).reshape(-1)
        spk = x > th
        out["thr"] += [(int(i), step) for i in np.nonzero(spk)[0]]
        out["thr_v"].append(np.where(spk, 0.0, x))
        v_i = v_i + r * (fc_w @ x2 + fc_b)
        out["integ_v"].append(v_i.copy())
    # Closed form of the integrator: r (W S_n + (n + 1) b), S_n the sum of
    # the input spikes up to step n - 1.
    cum = np.cumsum(np.vstack([np.zeros(3), s2[:steps - 1]]), axis=0)
    closed = r * (cum @ fc_w.T + np.arange(1, steps + 1)[:, None] * fc_b)
    assert np.array_equal(closed, np.array(out["integ_v"]))
    return out


def events(g):
    return sorted(zip(g["idx"][()].ravel().tolist(), g["step"][()].ravel().tolist()),
                  key=lambda e: (e[1], e[0]))


mode = sys.argv[1]
if mode == "write":
    write(sys.argv[2])
elif mode == "input":
    steps, seed = int(sys.argv[4]), int(sys.argv[5])
    rng = np.random.default_rng(seed)
    with h5py.File(sys.argv[3], "w") as f:
        for name, size, p in (("in1", 20, 0.3), ("in2", 3, 0.5)):
            step, idx = np.nonzero(rng.random((steps, size)) < p)
            g = f.create_group(f"spikes/{name}")
            g.attrs["__type__"] = "EventData"
            g.attrs["n_neurons"] = np.int64(size)
            g.attrs["t_max"] = steps * 1e-4
            g.create_dataset("idx", data=idx.astype(np.int64))
            g.create_dataset("step", data=step.astype(np.int64))
else:
    steps = int(sys.argv[5])
    s1, s2 = np.zeros((steps, 20)), np.zeros((steps, 3))
    with h5py.File(sys.argv[3], "r") as f:
        s1[f["spikes/in1/step"][()], f["spikes/in1/idx"][()]] = 1.0
        s2[f["spikes/in2/step"][()], f["spikes/in2/idx"][()]] = 1.0
    ref = reference(sys.argv[2], s1, s2, steps)
    bad = 0
    with h5py.File(sys.argv[4], "r") as f:
        for name in ("if1", "thr"):
            got = events(f[f"nodes/{name}/observables/spikes"])
            want = sorted(ref[name], key=lambda e: (e[1], e[0]))
            ok = got == want
            bad += not ok
            print(f"{name}: {len(want)} reference spikes, {len(got)} dendron spikes: "
                  + ("same" if ok else "DIFFERENT"))
        for name, key in (("thr", "thr_v"), ("integ", "integ_v")):
            got = np.asarray(f[f"traces/{name}/v"][()], np.float64)
            want = np.array(ref[key])
            ok = got.shape == want.shape and np.array_equal(got, want)
            bad += not ok
            print(f"{name} v: {want.shape} " + ("equal" if ok else f"DIFFERENT {got.shape}"))
    print("OK" if bad == 0 else "MISMATCH")
    sys.exit(1 if bad else 0)
