#!/usr/bin/env python3
"""An independent numpy implementation of a sequential NIR CNN (Conv2d,
SumPool2d, Flatten, Affine, IF nodes, as cnn_sinabs.nir), read with h5py.

Modes:
  cnn_reference.py input model.nir out.h5 steps seed
      writes a seeded random spike input for the Input node (step layout);
  cnn_reference.py check model.nir in.h5 rec.h5 steps
      simulates the graph and compares every IF node's spikes with the
      Dendron recording `rec.h5` (same steps, same neurons, exactly).

Semantics (NIR IF, Sinabs): each step v += r * (input this step); a spike
when v > v_threshold (strict), then v = v_reset (0). Alignment as Dendron's
import: every chain of edge nodes between two neuron nodes (Input included)
delays by one step, so layer k sees at step n what layer k-1 emitted at n-1.
"""
import sys

import h5py
import numpy as np


def load(path):
    f = h5py.File(path, "r")
    nodes = f["node/nodes"]
    edges = [(a.decode(), b.decode()) for a, b in f["node/edges"][()]]
    succ = {a: b for a, b in edges}
    order = ["input"]
    while order[-1] in succ and succ[order[-1]] != "output":
        order.append(succ[order[-1]])
    return nodes, order


def conv2d(x, w, stride, pad):
    c, h, wd = x.shape
    o, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (pad[0], pad[0]), (pad[1], pad[1])))
    ho = (h + 2 * pad[0] - kh) // stride[0] + 1
    wo = (wd + 2 * pad[1] - kw) // stride[1] + 1
    out = np.zeros((o, ho, wo))
    for ky in range(kh):
        for kx in range(kw):
            patch = xp[:, ky:ky + stride[0] * ho:stride[0], kx:kx + stride[1] * wo:stride[1]]
            out += np.einsum("oc,chw->ohw", w[:, :, ky, kx], patch)
    return out


def sumpool(x, k, stride):
    c, h, w = x.shape
    ho, wo = (h - k[0]) // stride[0] + 1, (w - k[1]) // stride[1] + 1
    out = np.zeros((c, ho, wo))
    for ky in range(k[0]):
        for kx in range(k[1]):
            out += x[:, ky:ky + stride[0] * ho:stride[0], kx:kx + stride[1] * wo:stride[1]]
    return out


def edge(node, x):
    t = node["type"][()].decode()
    if t == "Conv2d":
        assert node["groups"][()] == 1 and list(node["dilation"][()]) == [1, 1]
        return conv2d(x, node["weight"][()].astype(np.float64), node["stride"][()], node["padding"][()])
    if t == "SumPool2d":
        assert list(node["padding"][()]) == [0, 0]
        return sumpool(x, node["kernel_size"][()], node["stride"][()])
    if t == "Flatten":
        return x.reshape(-1)
    if t == "Affine":
        assert not np.any(node["bias"][()])
        return node["weight"][()].astype(np.float64) @ x.reshape(-1)
    raise SystemExit(f"unsupported node type {t}")


def simulate(nodes, order, spikes_in, steps):
    shape = tuple(nodes["input"]["shape"][()])
    # Group the graph into stages: (edge nodes..., IF node).
    stages, chain = [], []
    for name in order[1:]:
        if nodes[name]["type"][()].decode() == "IF":
            stages.append((chain, name))
            chain = []
        else:
            chain.append(name)
    v = {}
    prev = {}  # spikes emitted at the previous step, per producer
    prev["input"] = np.zeros(shape)
    out = {name: [] for _, name in stages}
    for n in range(steps):
        emitted = {"input": spikes_in[n].reshape(shape)}
        producer = "input"
        for chain, name in stages:
            x = prev.get(producer, np.zeros(v[producer].shape) if producer in v else None)
            for e in chain:
                x = edge(nodes[e], x)
            node = nodes[name]
            r = node["r"][()].astype(np.float64).reshape(x.shape)
            th = node["v_threshold"][()].astype(np.float64).reshape(x.shape)
            if name not in v:
                v[name] = np.zeros(x.shape)
            v[name] = v[name] + r * x
            s = v[name] > th
            v[name][s] = 0.0
            emitted[name] = s.astype(np.float64)
            out[name].extend((int(i), n) for i in np.nonzero(s.reshape(-1))[0])
            producer = name
        prev = emitted
    return out


mode = sys.argv[1]
if mode == "input":
    nodes, order = load(sys.argv[2])
    size = int(np.prod(nodes["input"]["shape"][()]))
    steps, seed = int(sys.argv[4]), int(sys.argv[5])
    rng = np.random.default_rng(seed)
    mask = rng.random((steps, size)) < 0.05
    step, idx = np.nonzero(mask)
    with h5py.File(sys.argv[3], "w") as f:
        g = f.create_group("spikes/input")
        g.attrs["__type__"] = "EventData"
        g.attrs["n_neurons"] = np.int64(size)
        g.attrs["t_max"] = steps * 1e-4
        g.create_dataset("idx", data=idx.astype(np.int64))
        g.create_dataset("step", data=step.astype(np.int64))
    print(f"{idx.size} input spikes")
else:
    nodes, order = load(sys.argv[2])
    steps = int(sys.argv[5])
    size = int(np.prod(nodes["input"]["shape"][()]))
    spikes_in = np.zeros((steps, size))
    with h5py.File(sys.argv[3], "r") as f:
        spikes_in[f["spikes/input/step"][()], f["spikes/input/idx"][()]] = 1.0
    ref = simulate(nodes, order, spikes_in, steps)
    bad = 0
    with h5py.File(sys.argv[4], "r") as f:
        for name, events in ref.items():
            g = f[f"nodes/{name}/observables/spikes"]
            got = sorted(zip(g["idx"][()].ravel().tolist(), g["step"][()].ravel().tolist()),
                         key=lambda e: (e[1], e[0]))
            want = sorted(events, key=lambda e: (e[1], e[0]))
            status = "same" if got == want else "DIFFERENT"
            bad += got != want
            print(f"{name}: {len(want)} reference spikes, {len(got)} dendron spikes: {status}")
    print("OK" if bad == 0 else "MISMATCH")
    sys.exit(1 if bad else 0)
