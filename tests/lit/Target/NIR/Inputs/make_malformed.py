#!/usr/bin/env python3
"""Writes malformed NIR files into a directory, plus `expected.txt`: one line
per file, `<file>\t<substring the import error must contain>`.
Usage: make_malformed.py outdir"""
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
expected = []
STR = h5py.string_dtype()


def write_node(g, node):
    g.create_dataset("type", data=node["type"], dtype=STR)
    for key, value in node.items():
        if key in ("type", "nodes", "edges"):
            continue
        if isinstance(value, str):
            g.create_dataset(key, data=value, dtype=STR)
        else:
            g.create_dataset(key, data=value)
    if node["type"] == "NIRGraph":
        write_graph(g, node)


def write_graph(g, graph):
    if "type" not in g:
        g.create_dataset("type", data="NIRGraph", dtype=STR)
    edges = graph.get("edges", [])
    g.create_dataset("edges", data=np.array(edges, dtype=object).reshape(-1, 2)
                     if edges else np.zeros((0, 2), dtype=object), dtype=STR)
    nodes = g.create_group("nodes")
    for name, node in graph["nodes"].items():
        write_node(nodes.create_group(name), node)


def base():
    return {
        "type": "NIRGraph",
        "nodes": {
            "in": {"type": "Input", "shape": np.array([2], dtype=np.int64)},
            "fc": {"type": "Affine", "weight": np.ones((3, 2), np.float32),
                   "bias": np.zeros(3, np.float32)},
            "lif": {"type": "LIF", "tau": np.full(3, 0.01), "r": np.ones(3),
                    "v_leak": np.zeros(3), "v_threshold": np.ones(3)},
            "out": {"type": "Output", "shape": np.array([3], dtype=np.int64)},
        },
        "edges": [["in", "fc"], ["fc", "lif"], ["lif", "out"]],
    }


def case(name, message, graph=None, version="0.2.0", post=None):
    path = os.path.join(out, name + ".nir")
    with h5py.File(path, "w") as f:
        if version is not None:
            f.create_dataset("version", data=version, dtype=STR)
        if graph is not None:
            write_graph(f.create_group("node"), graph)
        if post:
            post(f)
    expected.append((name + ".nir", message))


def edit(fn):
    g = base()
    fn(g)
    return g


# The file itself.
with open(os.path.join(out, "not_hdf5.nir"), "wb") as f:
    f.write(b"this is not an HDF5 file\n" * 10)
expected.append(("not_hdf5.nir", "expected an HDF5 file"))
open(os.path.join(out, "empty.nir"), "wb").close()
expected.append(("empty.nir", "expected an HDF5 file"))
case("valid_for_truncation", "")
expected.pop()
data = open(os.path.join(out, "valid_for_truncation.nir"), "rb").read()
for i, frac in enumerate([0.1, 0.3, 0.5, 0.7, 0.9]):
    with open(os.path.join(out, f"truncated_{i}.nir"), "wb") as f:
        f.write(data[: int(len(data) * frac)])
    expected.append((f"truncated_{i}.nir", "error:"))
os.remove(os.path.join(out, "valid_for_truncation.nir"))

# Top level.
case("no_version", "/version: expected a scalar string 'version', found nothing", base(), version=None)
case("bad_version", "/version: expected NIR version 0.1.x or 0.2.x, found '9.9.9'", base(), version="9.9.9")
case("no_node", "/node: expected the top-level graph group, found nothing")
case("version_number", "/version: expected a scalar string 'version', found a non-string dataset",
     base(), version=None, post=lambda f: f.create_dataset("version", data=1.0))
case("node_is_dataset", "/node: expected the top-level graph group, found a dataset",
     post=lambda f: f.create_dataset("node", data=1))
case("root_type_wrong", "/node/type: expected 'NIRGraph', found 'LIF'",
     post=lambda f: (f.create_group("node").create_dataset("type", data="LIF", dtype=STR)))
case("no_nodes_group", "/node/nodes: expected a group 'nodes', found nothing",
     post=lambda f: (f.create_group("node").create_dataset("type", data="NIRGraph", dtype=STR)))


def no_edges(f):
    g = f.create_group("node")
    g.create_dataset("type", data="NIRGraph", dtype=STR)
    g.create_group("nodes")


case("no_edges", "/node/edges: expected a dataset 'edges'", post=no_edges)
# Edges.
case("dangling_edge", "edge 3 ('fc' -> 'ghost') of graph /node: expected the name of a node of the graph, found 'ghost'",
     edit(lambda g: g["edges"].append(["fc", "ghost"])))
case("edges_shape", "/node/edges: expected an (E, 2) array of strings",
     post=lambda f: (write_graph(f.create_group("node"), {"nodes": {}, "edges": []}),
                     f["node"].__delitem__("edges"),
                     f["node"].create_dataset("edges", data=np.array(["a", "b", "c"], dtype=object), dtype=STR)))
case("edges_numbers", "/node/edges: expected an (E, 2) array of strings, found non-string data",
     post=lambda f: (write_graph(f.create_group("node"), base()),
                     f["node"].__delitem__("edges"),
                     f["node"].create_dataset("edges", data=np.zeros((2, 2)))))
case("cycle_through_input", "node 'in' (Input, /node/nodes/in): has an incoming edge from 'lif'",
     edit(lambda g: g["edges"].append(["lif", "in"])))
case("edge_out_of_output", "node 'out' (Output, /node/nodes/out): has an outgoing edge to 'fc'",
     edit(lambda g: g["edges"].append(["out", "fc"])))
case("edge_cycle_without_neuron", "lies on a cycle of edge nodes without a neuron node",
     edit(lambda g: (g["nodes"].update({"s1": {"type": "Scale", "scale": np.ones(3)},
                                        "s2": {"type": "Scale", "scale": np.ones(3)}}),
                     g["edges"].extend([["lif", "s1"], ["s1", "s2"], ["s2", "s1"]]))))
# Nodes.
case("unknown_type", "/node/nodes/fc/type: expected a NIR node type",
     edit(lambda g: g["nodes"]["fc"].update({"type": "Quantum"})))
case("missing_weight", "/node/nodes/fc/weight: expected the field 'weight' required by Affine nodes, found nothing",
     edit(lambda g: g["nodes"]["fc"].pop("weight")))
case("missing_tau", "/node/nodes/lif/tau: expected the field 'tau' required by LIF nodes, found nothing",
     edit(lambda g: g["nodes"]["lif"].pop("tau")))
case("missing_input_shape", "/node/nodes/in/shape: expected the field 'shape' required by Input nodes, found nothing",
     edit(lambda g: g["nodes"]["in"].pop("shape")))
case("tau_is_int", "/node/nodes/lif/tau: expected float32 or float64 data, found int64 data",
     edit(lambda g: g["nodes"]["lif"].update({"tau": np.array([1, 2, 3])})))
case("tau_is_string", "/node/nodes/lif/tau: expected float32 or float64 data, found string data",
     edit(lambda g: g["nodes"]["lif"].update({"tau": "fast"})))
case("shape_is_float", "/node/nodes/in/shape: expected integer data, found float64 data",
     edit(lambda g: g["nodes"]["in"].update({"shape": np.array([2.0])})))
case("float16", "/node/nodes/lif/r: expected float32 or float64 data, found 16-bit floats",
     edit(lambda g: g["nodes"]["lif"].update({"r": np.ones(3, np.float16)})))
case("uint64", "/node/nodes/in/shape: expected int64 data, found uint64",
     edit(lambda g: g["nodes"]["in"].update({"shape": np.array([2], np.uint64)})))
case("compound", "/node/nodes/lif/r: expected numbers or a string, found a dataset of another HDF5 type class",
     edit(lambda g: g["nodes"]["lif"].update({"r": np.zeros(3, dtype=[("a", "f8"), ("b", "f8")])})))
case("type_missing", "/node/nodes/fc/type: expected a scalar string 'type', found nothing",
     post=lambda f: (write_graph(f.create_group("node"), base()), f["node/nodes/fc"].__delitem__("type")))
case("node_is_dataset_member", "/node/nodes/x: expected a node group, found a dataset",
     post=lambda f: (write_graph(f.create_group("node"), base()), f["node/nodes"].create_dataset("x", data=1)))
case("param_group", "/node/nodes/lif/r: expected a parameter dataset of the LIF node, found a group",
     post=lambda f: (write_graph(f.create_group("node"), base()), f["node/nodes/lif"].__delitem__("r"),
                     f["node/nodes/lif"].create_group("r")))
case("too_many_dims", "/node/nodes/lif/r: expected at most 8 dimensions, found 9",
     edit(lambda g: g["nodes"]["lif"].update({"r": np.ones((1,) * 9)})))
# Semantics.
case("hetero_tau", "node 'lif' (LIF, /node/nodes/lif): parameter 'tau' differs between neurons",
     edit(lambda g: g["nodes"]["lif"].update({"tau": np.array([0.01, 0.02, 0.01])})))
case("wrong_param_count", "parameter 'r' holds 2 values; expected 1 or one per neuron (3)",
     edit(lambda g: g["nodes"]["lif"].update({"r": np.ones(2)})))
case("weight_mismatch", "node 'fc' (Affine, /node/nodes/fc): receives 2 inputs but its weight (3, 5) expects 5",
     edit(lambda g: g["nodes"]["fc"].update({"weight": np.ones((5, 3), np.float32).T.copy()})))
case("bias_size", "node 'fc' (Affine, /node/nodes/fc): has 5 bias values, expected 3 (one per output)",
     edit(lambda g: g["nodes"]["fc"].update({"bias": np.ones(5, np.float32)})))
case("negative_tau", "#snn.lif",
     edit(lambda g: g["nodes"]["lif"].update({"tau": np.full(3, -0.01)})))
case("nan_threshold", "parameter 'v_threshold' is not finite",
     edit(lambda g: g["nodes"]["lif"].update({"v_threshold": np.full(3, np.nan)})))
case("delay_not_multiple", "is not a non-negative integer multiple of dt",
     edit(lambda g: (g["nodes"].update({"d": {"type": "Delay", "delay": np.full(3, 1.5e-4)}}),
                     g["edges"].remove(["fc", "lif"]), g["edges"].extend([["fc", "d"], ["d", "lif"]]))))
case("absurd_dimension", "expected a shape of positive dimensions, found (1099511627776,)",
     edit(lambda g: (g["nodes"]["in"].update({"shape": np.array([1 << 40], np.int64)}))))
case("absurd_shape", "expected at most 2^31-1 neurons, found shape (1048576, 1048576)",
     edit(lambda g: (g["nodes"]["in"].update({"shape": np.array([1 << 20, 1 << 20], np.int64)}))))
case("zero_shape", "expected a shape of positive dimensions",
     edit(lambda g: (g["nodes"]["in"].update({"shape": np.array([0], np.int64)}))))
case("input_to_output", "is fed by the Input node 'in' without a neuron node in between",
     edit(lambda g: (g["nodes"].update({"out2": {"type": "Output", "shape": np.array([2])}}),
                     g["edges"].append(["in", "out2"]))))
case("threshold_node", "node 'lif' (Threshold, /node/nodes/lif): parameter 'threshold' is not finite",
     edit(lambda g: g["nodes"].update({"lif": {"type": "Threshold", "threshold": np.full(3, np.inf)}})))
case("conv1d", "node 'fc' (Conv1d, /node/nodes/fc): expects a (C, L) input, found shape (2,)",
     edit(lambda g: g["nodes"].update({"fc": {"type": "Conv1d", "weight": np.ones((3, 2, 1)),
                                               "stride": np.array([1]), "padding": np.array([0]),
                                               "dilation": np.array([1]), "groups": np.int64(1)}})))
case("composition_work", "takes 34384904192.0 operations, more than the limit of 2^31",
     edit(lambda g: (g["nodes"].update({
         "in": {"type": "Input", "shape": np.array([4096], dtype=np.int64)},
         "fc": {"type": "Linear", "weight": np.zeros((2048, 4096), np.float32)},
         "fc2": {"type": "Linear", "weight": np.zeros((3, 2048), np.float32)}}),
         g["edges"].remove(["fc", "lif"]), g["edges"].extend([["fc", "fc2"], ["fc2", "lif"]]))))
case("unreachable", "its shape cannot be inferred",
     edit(lambda g: g["nodes"].update({"lonely": {"type": "Scale", "scale": np.ones(1)}})))


# Nesting.
def deep(f, depth):
    # The first levels are complete graphs; below them (the reader must stop
    # before) only the nested groups, created in one call to stay fast.
    g = f.create_group("node")
    for _ in range(min(depth, 80)):
        g.create_dataset("type", data="NIRGraph", dtype=STR)
        g.create_dataset("edges", data=np.zeros((0, 2), dtype=object), dtype=STR)
        g = g.create_group("nodes").create_group("g")
    if depth > 80:
        g.create_group("/".join(["nodes/g"] * (depth - 80)))


case("deep_100", "expected NIRGraph nodes nested at most 64 deep", post=lambda f: deep(f, 100))
case("deep_10000", "expected NIRGraph nodes nested at most 64 deep", post=lambda f: deep(f, 10000))
case("nested_bad_edge", "edge 0 ('a' -> 'b') of graph /node/nodes/sub: expected the name of a node of the graph, found 'a'",
     edit(lambda g: g["nodes"].update({"sub": {"type": "NIRGraph", "nodes": {}, "edges": [["a", "b"]]}})))


def hardlink_loop(f):
    write_graph(f.create_group("node"), base())
    sub = f["node/nodes"].create_group("loop")
    sub.create_dataset("type", data="NIRGraph", dtype=STR)
    sub.create_dataset("edges", data=np.zeros((0, 2), dtype=object), dtype=STR)
    sub["nodes"] = f["node/nodes"]


case("hardlink_cycle", "expected NIRGraph nodes nested at most 64 deep", post=hardlink_loop)

# Links, filters, bombs.
case("external_link", "found an external link (refused",
     post=lambda f: (write_graph(f.create_group("node"), base()),
                     f["node/nodes/lif"].__delitem__("r"),
                     f["node/nodes/lif"].__setitem__("r", h5py.ExternalLink("/etc/passwd", "/x"))))
case("soft_link", "found a soft or user-defined link",
     post=lambda f: (write_graph(f.create_group("node"), base()),
                     f["node/nodes/lif"].__delitem__("r"),
                     f["node/nodes/lif"].__setitem__("r", h5py.SoftLink("/node/nodes/lif/tau"))))
case("external_root", "/node: expected a group or dataset stored in this file, found an external link",
     post=lambda f: f.__setitem__("node", h5py.ExternalLink("other.h5", "/node")))


def bomb(f):
    write_graph(f.create_group("node"), base())
    f["node/nodes/lif"].__delitem__("r")
    f["node/nodes/lif"].create_dataset("r", shape=(1 << 31,), dtype="f8", chunks=(1 << 20,),
                                       compression="gzip", fillvalue=0.0)


case("gzip_bomb", "/node/nodes/lif/r: expected at most 16777216 elements, found a larger shape (dimension 2147483648)", post=bomb)


def bomb_bytes(f):
    write_graph(f.create_group("node"), base())
    f["node/nodes/lif"].__delitem__("r")
    # Two datasets of 10 M values: each fits the element limit, together they
    # exceed the byte budget; the second is refused before it is allocated.
    f["node/nodes/lif"].__delitem__("tau")
    for name in ("r", "tau"):
        f["node/nodes/lif"].create_dataset(name, shape=(10 << 20,), dtype="f8", chunks=(1 << 20,),
                                           compression="gzip", fillvalue=0.0)


case("gzip_bomb_bytes", "/node/nodes/lif/tau: expected at most 134217728 bytes of parameter data in the file, found 83886080 more bytes",
     post=bomb_bytes)


def chunk_bomb(f):
    write_graph(f.create_group("node"), base())
    f["node/nodes/lif"].__delitem__("r")
    # Declared only: no chunk is written, the reader must refuse the chunk
    # size before HDF5 allocates a 2 GB chunk buffer.
    f["node/nodes/lif"].create_dataset("r", shape=(3,), maxshape=(None,), dtype="f8",
                                       chunks=(1 << 28,), compression="gzip")


case("chunk_bomb", "/node/nodes/lif/r: expected chunks of at most 134217728 bytes", post=chunk_bomb)


def plugin_filter(f):
    write_graph(f.create_group("node"), base())
    f["node/nodes/lif"].__delitem__("r")
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_chunk((3,))
    dcpl.set_filter(32001, h5py.h5z.FLAG_OPTIONAL, ())
    space = h5py.h5s.create_simple((3,))
    h5py.h5d.create(f["node/nodes/lif"].id, b"r", h5py.h5t.IEEE_F64LE, space, dcpl=dcpl)


case("plugin_filter", "/node/nodes/lif/r: expected only filters built into libhdf5", post=plugin_filter)


def external_storage(f):
    write_graph(f.create_group("node"), base())
    f["node/nodes/lif"].__delitem__("r")
    f["node/nodes/lif"].create_dataset("r", shape=(3,), dtype="f8", external=[("/etc/passwd", 0, 24)])


case("external_storage", "/node/nodes/lif/r: expected data stored in this file, found an external raw-data file",
     post=external_storage)
case("huge_string", "/node/nodes/lif/type: expected strings of at most 65536 bytes",
     post=lambda f: (write_graph(f.create_group("node"), base()), f["node/nodes/lif"].__delitem__("type"),
                     f["node/nodes/lif"].create_dataset("type", data=np.bytes_(b"L" * 100000))))
case("null_space", "/node/nodes/lif/r: expected data, found an empty (null) dataspace",
     post=lambda f: (write_graph(f.create_group("node"), base()), f["node/nodes/lif"].__delitem__("r"),
                     f["node/nodes/lif"].create_dataset("r", data=h5py.Empty("f8"))))

with open(os.path.join(out, "expected.txt"), "w") as f:
    for name, message in expected:
        f.write(f"{name}\t{message}\n")
print(f"{len(expected)} malformed files")
