//===- Recording.h - What a simulation run recorded -------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The result of a run: spike events and sampled traces for every probe, plus
/// the counters the summary prints. Plain data, written to HDF5/CSV/SVG by
/// the writers in RecordingIO.h.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_RECORDING_H
#define DENDRON_RUNTIME_RECORDING_H

#include <cstdint>
#include <string>
#include <vector>

namespace dendron::rt {

/// Spikes of one population or source, in emission order: by step, and
/// within a step by ascending neuron index.
struct SpikeTrain {
  std::string name;        ///< population / source name.
  uint32_t numNeurons = 0; ///< population size.
  std::vector<uint32_t> neuron;
  std::vector<uint32_t> step;
};

/// A variable sampled every step: values[step * width + column].
struct Trace {
  std::string name;           ///< population name.
  std::string variable;       ///< "v" or "branch".
  uint32_t width = 0;         ///< neurons (v) or neurons * branches (branch,
                              ///< neuron-major).
  std::vector<double> values; ///< in the network's voltage unit.
};

/// Per-node activity counters, for the run summary.
struct NodeStats {
  std::string name;
  uint32_t size = 0;
  bool isSource = false;
  uint64_t spikes = 0;
};

/// Weights of one plastic projection at the end of the run, in synapse order
/// (sorted by pre, then post; see docs/Semantics.md).
struct WeightSnapshot {
  uint32_t projection = 0; ///< index into NetworkSpec::projections.
  std::vector<uint32_t> pre, post;
  std::vector<double> weight; ///< in the network's weight unit.
};

struct Recording {
  double dt = 0.0;       ///< timestep [s].
  uint32_t numSteps = 0; ///< steps simulated.
  std::vector<SpikeTrain> spikes;
  std::vector<Trace> traces;
  std::vector<NodeStats> nodes;        ///< every population and source.
  std::vector<WeightSnapshot> weights; ///< plastic projections only.
  uint64_t numNeurons = 0;
  uint64_t numSynapses = 0;       ///< after expansion.
  uint64_t numSynapticEvents = 0; ///< spike deliveries to synapses.
  unsigned threads = 1;           ///< worker threads the run used.
  double wallSeconds = 0.0;       ///< simulation loop only.
  double setupSeconds = 0.0;      ///< expansion and allocation.
};

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_RECORDING_H
