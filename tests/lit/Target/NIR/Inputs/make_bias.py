#!/usr/bin/env python3
"""Writes a NIR file whose edge nodes carry biases the test files do not
exercise: a chain Scale 3 -> Affine fc1 -> Affine fc2 -> Scale 0.5 into a
CubaLIF with w_in = 2 (composed: weights 3 W2 W1, bias W2 b1 + b2: the
Scale before fc1 scales the input, not the biases), and Scale 2 -> Conv2d
with a per-channel bias into an IF layer. Usage: make_bias.py out.nir"""
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


with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("version", data="0.2.0", dtype=STR)
    top = f.create_group("node")
    top.create_dataset("type", data="NIRGraph", dtype=STR)
    top.create_dataset("edges", dtype=STR, data=np.array([
        ["in", "s_in"], ["s_in", "fc1"], ["fc1", "fc2"], ["fc2", "s_out"],
        ["s_out", "lif"], ["lif", "out"],
        ["img", "s_img"], ["s_img", "conv"], ["conv", "if"], ["if", "out_if"]],
        dtype=object))
    nodes = top.create_group("nodes")
    node(nodes, "in", "Input", shape=np.array([2], np.int64))
    node(nodes, "s_in", "Scale", scale=np.full(2, 3.0))
    node(nodes, "s_out", "Scale", scale=np.full(2, 0.5))
    node(nodes, "s_img", "Scale", scale=np.full(9, 2.0))
    node(nodes, "fc1", "Affine", weight=np.array([[1, 0], [0, 1], [1, 1]], np.float32),
         bias=np.array([0.5, 0.25, -1.0], np.float32))
    node(nodes, "fc2", "Affine", weight=np.array([[1, 0, 2], [0, 1, -1]], np.float32),
         bias=np.array([0.125, 0.0], np.float32))
    node(nodes, "lif", "CubaLIF", tau_syn=np.full(2, 5e-3), tau_mem=np.full(2, 2e-2),
         r=np.ones(2), v_leak=np.zeros(2), v_threshold=np.ones(2), w_in=np.full(2, 2.0))
    node(nodes, "out", "Output", shape=np.array([2], np.int64))
    node(nodes, "img", "Input", shape=np.array([1, 3, 3], np.int64))
    node(nodes, "conv", "Conv2d", weight=np.ones((2, 1, 2, 2), np.float32),
         bias=np.array([0.5, -0.25], np.float32), stride=np.array([1, 1], np.int64),
         padding=np.array([0, 0], np.int64), dilation=np.array([1, 1], np.int64),
         groups=np.int64(1), input_shape=np.array([3, 3], np.int64))
    node(nodes, "if", "IF", r=np.ones(8), v_threshold=np.ones(8))
    node(nodes, "out_if", "Output", shape=np.array([8], np.int64))
