//===- RecordingIO.h - Recordings to files, and spike input back -*- C++
//-*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Writers for a run's `Recording` (HDF5, CSV, an SVG raster plot and a text
/// summary) and the reader for `dendron run --input` spike files.
///
/// None of these functions throws (callers build with -fno-exceptions).
/// Failures return false / std::nullopt and set `error` to one sentence that
/// names the file, the object inside it, what was expected and what was
/// found.
///
/// Every writer is atomic: it writes a hidden temporary file next to the
/// destination and renames it into place only once everything was written
/// and flushed. On failure the temporary file is removed, no output file
/// appears and an existing file at `path` is left untouched.
///
/// ## HDF5 layout (writeRecordingHdf5)
/// ```
/// /                       attrs: __type__ = "NIRGraphData", generator =
///                         "dendron", format_version = 1 (int64),
///                         dt [s] (float64), num_steps (int64)
/// /spikes/<name>          one group per spike train, a NIR EventData:
///     attrs               __type__ = "EventData", n_neurons (int64),
///                         t_max = num_steps * dt [s] (float64)
///     idx                 int64   [1][n]  neuron index
///     time                float64 [1][n]  step * dt [s]
///     step                int64   [1][n]  timestep (exact; Dendron's own)
/// /nodes/<name>           attr __type__ = "NIRNodeData"
///     observables/spikes  a second hard link to /spikes/<name> (no copy)
/// /traces/<name>/<var>    float64 [num_steps][width], attr dt [s] (float64)
/// /weights/<projection>   final weights of a plastic projection; the group
///                         name is the decimal projection index
///     attrs               projection (int64)
///     pre, post           int64   [n]  synapse endpoints, in synapse order
///     weight              float64 [n]
/// ```
/// `/spikes`, `/nodes`, `/traces` and `/weights` always exist, maybe empty.
/// Events are sorted by step, then neuron. Strings are scalar
/// variable-length UTF-8, exactly what h5py writes for `attrs[k] = "..."`.
///
/// What this follows in NIR (neuromorphs/NIR, nir/serialization.py
/// `write_data`/`read_data`, nir/data_ir/graph.py): the root group carries
/// `__type__` "NIRGraphData" and a `nodes` group; each node group carries
/// "NIRNodeData" and an `observables` group whose members carry "EventData"
/// (attrs `n_neurons`, `t_max`; datasets `idx`, `time`) or
/// "TimeGriddedData". NIR's EventData arrays are 2-D (n_samples, n_events),
/// padded with idx -1 / time +inf; a recording is one sample, hence [1][n].
/// NIR's reader compares `__type__` with a Python `str`, which only matches a
/// variable-length string (h5py returns fixed-length ones as bytes). So
/// `nir.read_data()` loads these files; `/spikes` and `/traces` are the
/// stable paths for everyone else. Time convention: `time = step * dt`, which
/// is NIR's `dynamic_before_transition=False` (its default, True, labels the
/// spike of step k with (k + 1) * dt); convert with
/// `to_time_gridded(dt, dynamic_before_transition=False)`.
///
/// ## CSV layout (writeRecordingCsv)
/// `path` gets `population,neuron,step,time_s`, one row per spike, ordered by
/// the recording's population order, then step, then neuron. Names holding a
/// comma, quote or line break are quoted as in RFC 4180. Every trace goes to
/// its own file, `traceCsvPath(path, trace)` = `<stem>.<name>.<variable>.csv`
/// (stem = `path` without a trailing ".csv"), with header
/// `step,time_s,n0,n1,...` and one row per step; column `n<k>` is column k of
/// the trace (for "branch" traces k = neuron * branches + branch). Values are
/// printed in shortest round-trip form, times with 12 significant digits.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_RECORDINGIO_H
#define DENDRON_RUNTIME_RECORDINGIO_H

#include "dendron/Runtime/Recording.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dendron::rt {

//===----------------------------------------------------------------------===//
// HDF5
//===----------------------------------------------------------------------===//

/// Writes `recording` to `path` in the layout above. The output is
/// byte-identical for identical input (no timestamps, fixed HDF5 format
/// versions: readable by HDF5 >= 1.8).
bool writeRecordingHdf5(const Recording &recording, const std::string &path,
                        std::string &error);

/// Most events `readSpikeInputHdf5` accepts from one file, summed over all
/// trains; checked before anything is allocated.
inline constexpr uint64_t kMaxSpikeInputEvents = uint64_t(1) << 28;

/// Reads the input spikes for `dendron run --input`. Spike groups are looked
/// for, in this order:
///  1. every member of `/spikes` (the writer's layout);
///  2. if the root's `__type__` is "NIRGraphData" (a file from NIR's
///     `write_data`): the EventData observable of each `/nodes/<name>`;
///  3. every group at the root.
/// Each group needs the integer attribute `n_neurons` and the datasets `idx`
/// (integer) plus `time` (float, seconds; step = llround(time / dt)) and/or
/// `step` (integer), 1-D or [1][n]. If both `time` and `step` are present
/// they must agree at this `dt`. NIR's padding (idx -1 with time +inf) is
/// skipped. Events come back sorted by step, then neuron, with duplicates
/// removed; trains come back in name order, named after their group.
///
/// The file is untrusted: anything else is refused with a message rather
/// than guessed at, including external and soft links, external or virtual
/// storage, filters this HDF5 build lacks, and more than
/// kMaxSpikeInputEvents events. Bugs inside libhdf5 itself are out of
/// reach; the /spikes layout avoids the part of HDF5 that fuzzing broke (see
/// SpikeInputHdf5Reader.cpp).
std::optional<std::vector<SpikeTrain>>
readSpikeInputHdf5(const std::string &path, double dt, std::string &error);

//===----------------------------------------------------------------------===//
// CSV
//===----------------------------------------------------------------------===//

/// Writes the spikes to `path` and every trace to `traceCsvPath(path, trace)`
/// (layout above). Each file is written atomically; traces are renamed into
/// place before the spike file.
bool writeRecordingCsv(const Recording &recording, const std::string &path,
                       std::string &error);

/// Where writeRecordingCsv puts `trace`, given the spike file's `csvPath`:
/// "out/run.csv" -> "out/run.<name>.<variable>.csv".
std::string traceCsvPath(const std::string &csvPath, const Trace &trace);

//===----------------------------------------------------------------------===//
// Raster plot
//===----------------------------------------------------------------------===//

struct RasterOptions {
  std::string title;          ///< empty: "Spike raster".
  uint32_t width = 1000;      ///< picture width [px]; at least 400 is used.
  uint64_t maxMarks = 200000; ///< most spike marks drawn; 0 = no limit.
};

/// Renders the spike trains of `recording` as a standalone SVG 1.1 document:
/// one band per train, stacked top to bottom in recording order, each with
/// its name, size and colour; time [ms] along x with ticks, neuron index
/// along y (0 at the bottom of each band); one `<rect>` per spike inside
/// `<g class="spikes">`. If there are more than `maxMarks` spikes, only every
/// k-th neuron of each train is drawn (k the smallest that fits), and if even
/// that is too many, only the first part of the run; the title says which.
std::string renderRasterSvg(const Recording &recording,
                            const RasterOptions &options = {});

/// Writes renderRasterSvg(recording, options) to `path`.
bool writeRasterSvg(const Recording &recording, const std::string &path,
                    std::string &error, const RasterOptions &options = {});

//===----------------------------------------------------------------------===//
// Summary
//===----------------------------------------------------------------------===//

/// A one-screen text summary of the run: steps, dt, simulated time, network
/// size, spikes; per node (from `recording.nodes`, or from the spike trains
/// when that is empty) its size, spikes and mean rate
/// spikes / (size * numSteps * dt) [Hz]; then loop wall time, setup time,
/// synaptic events, events per second and the real-time factor
/// (simulated time / wall time; above 1 is faster than real time).
std::string formatSummary(const Recording &recording);

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_RECORDINGIO_H
