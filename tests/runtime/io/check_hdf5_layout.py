#!/usr/bin/python3
"""Checks Dendron's HDF5 recording layout with h5py, independently of the
C++ reader, and that a file laid out by NIR's `write_data` reads back.

usage: check_hdf5_layout.py <recording-io-tool> <scratch-dir>

The NIR logic below mirrors nir/serialization.py (`read_data`,
`write_data`) of neuromorphs/NIR; the nir package itself is not needed.
"""

import os
import subprocess
import sys

try:
    import h5py
    import numpy as np
except ImportError as error:  # A missing h5py must fail, not skip.
    sys.exit(f"FAIL: this check needs h5py and numpy for {sys.executable} "
             f"({error}); install python3-h5py")

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def run_tool(tool, *args):
    result = subprocess.run([tool, *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join([tool, *args])} exited with "
                 f"{result.returncode}: {result.stderr.strip()}")
    return result.stdout


def nir_read_data(path):
    """NIR's read_data, reduced to what it checks and returns."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("__type__") != "NIRGraphData":
            raise ValueError("Root object is not NIRGraphData")
        nodes = {}
        for name, g in f["nodes"].items():
            if g.attrs["__type__"] != "NIRNodeData":
                raise ValueError(f"Unknown node type: {g.attrs['__type__']}")
            observables = {}
            for obs_name, o in g["observables"].items():
                if o.attrs["__type__"] != "EventData":
                    raise ValueError(f"Unknown observable type")
                idx, time = o["idx"][()], o["time"][()]
                if idx.shape != time.shape:
                    raise ValueError("idx and time must have the same shape")
                observables[obs_name] = dict(
                    idx=idx, time=time, n_neurons=int(o.attrs["n_neurons"]),
                    t_max=float(o.attrs["t_max"]))
            nodes[name] = observables
        return nodes


def check_string_attribute(obj, key, expected):
    value = obj.attrs.get(key)
    check(isinstance(value, str) and value == expected,
          f"{obj.name} attribute {key}: expected str {expected!r}, "
          f"found {value!r}")
    info = h5py.check_string_dtype(obj.attrs.get_id(key).dtype)
    check(info is not None and info.length is None and
          info.encoding == "utf-8",
          f"{obj.name} attribute {key}: expected a variable-length UTF-8 "
          f"string, found {info}")


def check_written_layout(path):
    dt, steps = 1e-3, 10
    with h5py.File(path, "r") as f:
        check_string_attribute(f, "__type__", "NIRGraphData")
        check_string_attribute(f, "generator", "dendron")
        check(f.attrs["dt"] == dt and f.attrs["dt"].dtype == np.float64,
              "root attribute dt")
        check(f.attrs["num_steps"] == steps and
              f.attrs["num_steps"].dtype == np.int64, "root num_steps")
        check(f.attrs["format_version"] == 1, "root format_version")
        check(sorted(f.keys()) == ["nodes", "spikes", "traces", "weights"],
              f"root members: {sorted(f.keys())}")
        check(sorted(f["spikes"].keys()) == ["exc", "stim"],
              f"/spikes members: {sorted(f['spikes'].keys())}")

        expected = {"exc": (4, [0, 0, 1, 2, 3], [0, 1, 3, 3, 9]),
                    "stim": (2, [1, 0], [0, 5])}
        for name, (size, idx, step) in expected.items():
            g = f["spikes"][name]
            check_string_attribute(g, "__type__", "EventData")
            check(g.attrs["n_neurons"] == size and
                  g.attrs["n_neurons"].dtype == np.int64,
                  f"{g.name} n_neurons")
            check(g.attrs["t_max"] == steps * dt and
                  g.attrs["t_max"].dtype == np.float64, f"{g.name} t_max")
            for key, dtype, values in (
                    ("idx", np.int64, idx), ("step", np.int64, step),
                    ("time", np.float64, [s * dt for s in step])):
                data = g[key]
                check(data.dtype == dtype and data.shape == (1, len(idx)),
                      f"{data.name}: {data.dtype} {data.shape}")
                check(data.compression is None, f"{data.name} compressed")
                check(list(data[0]) == values,
                      f"{data.name}: {list(data[0])} != {values}")
            node = f["nodes"][name]
            check_string_attribute(node, "__type__", "NIRNodeData")
            check(node["observables"]["spikes"] == g,
                  f"/nodes/{name}/observables/spikes is not {g.name}")

        w = f["weights/1"]
        check(w.attrs["projection"] == 1, f"{w.name} projection")
        for key, dtype, values in (("pre", np.int64, [0, 1]),
                                   ("post", np.int64, [3, 2]),
                                   ("weight", np.float64, [0.5, -0.25])):
            check(w[key].dtype == dtype and w[key][()].tolist() == values,
                  f"{w.name}/{key}: {w[key].dtype} {w[key][()].tolist()}")

        v = f["traces/exc/v"]
        check(v.dtype == np.float64 and v.shape == (steps, 4),
              f"{v.name}: {v.dtype} {v.shape}")
        check(v.attrs["dt"] == dt, f"{v.name} dt")
        check(np.array_equal(v[()], (10.0 * np.arange(steps)[:, None] +
                                     np.arange(4)[None, :]) / 2),
              f"{v.name} values")

    try:
        nodes = nir_read_data(path)
    except (KeyError, ValueError) as error:
        check(False, f"NIR's read_data logic refuses the file: {error}")
        return
    check(sorted(nodes) == ["exc", "stim"], "NIR read_data nodes")
    spikes = nodes["exc"]["spikes"]
    check(spikes["n_neurons"] == 4 and spikes["t_max"] == steps * dt,
          "NIR read_data exc attributes")
    check(spikes["idx"].tolist() == [[0, 0, 1, 2, 3]], "NIR read_data exc idx")
    # NIR's to_time_gridded(dt, dynamic_before_transition=False):
    # ceil(time / dt - eps) gives back the step.
    gridded = np.ceil(spikes["time"] / dt - 1e-10).astype(int)
    check(gridded.tolist() == [[0, 1, 3, 3, 9]], "NIR time -> step")


def write_like_nir(path):
    """A file as NIR's write_data writes one EventData node: gzip, 2-D
    (n_samples, n_events) arrays padded with (-1, inf)."""
    with h5py.File(path, "w") as f:
        f.attrs["__type__"] = "NIRGraphData"
        nodes = f.create_group("nodes")
        node = nodes.create_group("lif")
        node.attrs["__type__"] = "NIRNodeData"
        obs = node.create_group("observables").create_group("spikes")
        obs.attrs["__type__"] = "EventData"
        obs.create_dataset("idx", data=np.array([[2, 0, 1, -1]]),
                           dtype=np.int64, compression="gzip")
        obs.create_dataset("time", data=np.array([[3e-4, 1e-4, 3e-4, np.inf]]),
                           dtype=np.float64, compression="gzip")
        obs.attrs["n_neurons"] = 3
        obs.attrs["t_max"] = 1e-3


def main():
    tool, scratch = sys.argv[1], sys.argv[2]
    os.makedirs(scratch, exist_ok=True)
    first = os.path.join(scratch, "first.h5")
    second = os.path.join(scratch, "second.h5")
    run_tool(tool, "write", first)
    run_tool(tool, "write", second)
    with open(first, "rb") as a, open(second, "rb") as b:
        check(a.read() == b.read(), "two processes wrote different bytes")
    check_written_layout(first)

    nir_file = os.path.join(scratch, "from_nir.h5")
    write_like_nir(nir_file)
    out = run_tool(tool, "read", nir_file, "1e-4")
    check(out == "lif n_neurons=3 events=1:0,3:1,3:2\n",
          f"reading a NIR write_data file gave {out!r}")
    out = run_tool(tool, "read", first, "1e-3")
    check(out == "exc n_neurons=4 events=0:0,1:0,3:1,3:2,9:3\n"
                 "stim n_neurons=2 events=0:1,5:0\n",
          f"reading our own file gave {out!r}")

    if failures:
        print("FAIL:\n  " + "\n  ".join(failures))
        return 1
    print(f"OK: layout checked with h5py {h5py.__version__} "
          f"(HDF5 {h5py.version.hdf5_version})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
