//===- RecordingChecks.cpp - What every recording writer relies on --------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "RecordingChecks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <utility>

using namespace dendron::rt;

namespace {

/// Why `name` cannot be an HDF5 link name or part of a file name, or empty.
std::string nameProblem(const std::string &name) {
  if (name.empty())
    return "it is empty";
  if (name == "." || name == "..")
    return fmt::format("'{}' is reserved", name);
  if (name.find('/') != std::string::npos)
    return "it contains '/'";
  if (name.find('\0') != std::string::npos)
    return "it contains a NUL character";
  return {};
}

} // namespace

bool io::checkRecording(const Recording &recording, const std::string &path,
                        std::string &error) {
  auto fail = [&](std::string what) {
    error = fmt::format("cannot write '{}': {}", path, what);
    return false;
  };
  if (!std::isfinite(recording.dt) || recording.dt <= 0.0)
    return fail(
        fmt::format("expected a positive timestep dt, found {}", recording.dt));

  std::set<std::string> trainNames;
  for (const SpikeTrain &train : recording.spikes) {
    if (std::string problem = nameProblem(train.name); !problem.empty())
      return fail(fmt::format("spike train '{}' has an unusable name: {}",
                              train.name, problem));
    if (!trainNames.insert(train.name).second)
      return fail(fmt::format("two spike trains are named '{}'; expected "
                              "unique names",
                              train.name));
    if (train.neuron.size() != train.step.size())
      return fail(fmt::format("spike train '{}' has {} neuron indices but {} "
                              "steps; expected one of each per spike",
                              train.name, train.neuron.size(),
                              train.step.size()));
    for (size_t i = 0; i < train.neuron.size(); ++i) {
      if (train.neuron[i] >= train.numNeurons)
        return fail(fmt::format("spike train '{}' (size {}) has a spike of "
                                "neuron {} at step {}; expected neuron < {}",
                                train.name, train.numNeurons, train.neuron[i],
                                train.step[i], train.numNeurons));
      if (train.step[i] >= recording.numSteps)
        return fail(fmt::format("spike train '{}' has a spike of neuron {} at "
                                "step {}, but the run has {} steps",
                                train.name, train.neuron[i], train.step[i],
                                recording.numSteps));
    }
  }

  std::set<std::pair<std::string, std::string>> traceKeys;
  for (const Trace &trace : recording.traces) {
    std::string label = fmt::format("{}.{}", trace.name, trace.variable);
    if (std::string problem = nameProblem(trace.name); !problem.empty())
      return fail(fmt::format("trace '{}' has an unusable population name: {}",
                              label, problem));
    if (std::string problem = nameProblem(trace.variable); !problem.empty())
      return fail(fmt::format("trace '{}' has an unusable variable name: {}",
                              label, problem));
    if (!traceKeys.insert({trace.name, trace.variable}).second)
      return fail(fmt::format("two traces are named '{}'; expected unique "
                              "(population, variable) pairs",
                              label));
    uint64_t expected = uint64_t(recording.numSteps) * trace.width;
    if (trace.values.size() != expected)
      return fail(fmt::format("trace '{}' holds {} values; expected {} steps "
                              "x width {} = {}",
                              label, trace.values.size(), recording.numSteps,
                              trace.width, expected));
  }
  std::set<uint32_t> projections;
  for (const WeightSnapshot &snapshot : recording.weights) {
    if (!projections.insert(snapshot.projection).second)
      return fail(fmt::format("two weight snapshots are for projection {}; "
                              "expected one per projection",
                              snapshot.projection));
    if (snapshot.pre.size() != snapshot.weight.size() ||
        snapshot.post.size() != snapshot.weight.size())
      return fail(fmt::format("weight snapshot of projection {} has {} pre, "
                              "{} post and {} weights; expected one of each "
                              "per synapse",
                              snapshot.projection, snapshot.pre.size(),
                              snapshot.post.size(), snapshot.weight.size()));
  }
  return true;
}

std::vector<size_t> io::spikeOrder(const SpikeTrain &train) {
  std::vector<size_t> order(std::min(train.neuron.size(), train.step.size()));
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::pair(train.step[a], train.neuron[a]) <
           std::pair(train.step[b], train.neuron[b]);
  });
  return order;
}
