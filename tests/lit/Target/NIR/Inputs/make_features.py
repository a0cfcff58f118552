#!/usr/bin/env python3
"""Writes valid NIR files exercising what the test files do not: a nested
NIRGraph with ports, a recurrent cycle inside it, two edges into one node,
a Delay, a uniform Scale, CubaLIF w_in, mixed float32/float64, version
0.1.x without v_reset. Usage: make_features.py out.nir"""
import sys

import h5py
import numpy as np

STR = h5py.string_dtype()


def node(g, name, type_, **params):
    n = g.create_group(name)
    n.create_dataset("type", data=type_, dtype=STR)
    for key, value in params.items():
        n.create_dataset(key, data=value)
    return n


def graph(g, edges):
    g.create_dataset("type", data="NIRGraph", dtype=STR)
    g.create_dataset("edges", data=np.array(edges, dtype=object), dtype=STR)
    return g.create_group("nodes")


with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("version", data="0.1.0", dtype=STR)
    top = graph(f.create_group("node"), [
        ["in", "fc_a"], ["in", "fc_b"], ["fc_a", "sub"], ["fc_b", "sub.x"],
        ["sub", "d"], ["d", "s"], ["s", "out_lif"], ["out_lif", "out"]])
    node(top, "in", "Input", shape=np.array([2], np.int64))
    node(top, "fc_a", "Affine", weight=np.array([[1.0, 0.5], [0.25, 2.0]], np.float32),
         bias=np.zeros(2, np.float32))
    node(top, "fc_b", "Linear", weight=np.eye(2))
    node(top, "d", "Delay", delay=np.full(2, 3e-4))
    node(top, "s", "Scale", scale=np.full(2, 0.5))
    node(top, "out_lif", "CubaLIF", tau_syn=np.full(2, 5e-3), tau_mem=np.full(2, 2e-2),
         r=np.ones(2), v_leak=np.zeros(2), v_threshold=np.ones(2), w_in=np.full(2, 4.0))
    node(top, "out", "Output", shape=np.array([2], np.int64))
    sub = top.create_group("sub")
    inner = graph(sub, [["x", "lif"], ["lif", "rec"], ["rec", "lif"], ["lif", "y"]])
    node(inner, "x", "Input", shape=np.array([2], np.int64))
    node(inner, "lif", "LIF", tau=np.full(2, 0.01, np.float32), r=np.ones(2),
         v_leak=np.zeros(2, np.float32), v_threshold=np.ones(2))
    node(inner, "rec", "Linear", weight=np.array([[0.0, -1.0], [-1.0, 0.0]]))
    node(inner, "y", "Output", shape=np.array([2], np.int64))
