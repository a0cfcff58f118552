//===- Simulator.h - The reference simulator --------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The golden model: executes a NetworkSpec step by step exactly as
/// docs/Semantics.md specifies. Results are bit-identical for every thread
/// count. The input is untrusted: every problem is reported as an error
/// string; no exception escapes and nothing asserts.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_SIMULATOR_H
#define DENDRON_RUNTIME_SIMULATOR_H

#include "dendron/Runtime/Network.h"
#include "dendron/Runtime/Recording.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dendron::rt {

struct RunOptions {
  uint32_t steps = 0;   ///< number of timesteps to simulate [steps].
  unsigned threads = 1; ///< worker threads, clamped to [1, 256].
  /// Fewest neurons (populations and sources together) per thread: a step
  /// is split across threads only as far as every thread gets this many,
  /// because below it the per-step handshake between cores costs more than
  /// the work it shares (measured on CUBA: 4000 neurons ran slower on two
  /// threads than on one). 0 uses every requested thread. Results never
  /// depend on it.
  uint32_t minNeuronsPerThread = 8192;
  /// Spike trains for the ExternalSource nodes, matched by name. Spikes at
  /// steps >= `steps` are ignored; a neuron listed twice in one step fires
  /// once.
  const std::vector<SpikeTrain> *external = nullptr;
};

/// Checks `spec` (indices, sizes, shapes, parameters, delays, quantization
/// for S16_15) and, when `run` is given, the run inputs (every external
/// source has a spike train, in range). Returns the first problem found as a
/// message that names the node or projection, or "" if the network is valid.
std::string validate(const NetworkSpec &spec, const RunOptions *run = nullptr);

/// Simulates `spec` for `options.steps` steps. On failure returns
/// std::nullopt and sets `error` (validation failures, out of memory).
std::optional<Recording> simulate(const NetworkSpec &spec,
                                  const RunOptions &options,
                                  std::string &error);

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_SIMULATOR_H
