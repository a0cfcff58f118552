//===- IOTestSupport.h - Shared fixtures for the recording I/O tests ------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A small recording whose every number is known, a scratch directory that
/// removes itself, and file helpers. Header-only: also used by the sample
/// writer program that the h5py layout check runs.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TESTS_RUNTIME_IO_IOTESTSUPPORT_H
#define DENDRON_TESTS_RUNTIME_IO_IOTESTSUPPORT_H

#include "dendron/Runtime/Recording.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace dendron::rt::test {

/// 10 steps of 1 ms. "exc": 4 neurons, 5 spikes given out of order (sorted:
/// (step, neuron) = (0,0) (1,0) (3,1) (3,2) (9,3)). "stim": 2 neurons, spikes
/// (0,1) (5,0). Trace exc.v: value(step, n) = (10 * step + n) / 2. Final
/// weights of projection 1: 0 -> 3: 0.5, 1 -> 2: -0.25.
inline Recording makeSmallRecording() {
  Recording recording;
  recording.dt = 1e-3;
  recording.numSteps = 10;

  SpikeTrain exc;
  exc.name = "exc";
  exc.numNeurons = 4;
  exc.neuron = {2, 0, 1, 3, 0};
  exc.step = {3, 1, 3, 9, 0};
  SpikeTrain stim;
  stim.name = "stim";
  stim.numNeurons = 2;
  stim.neuron = {1, 0};
  stim.step = {0, 5};
  recording.spikes = {exc, stim};

  Trace voltage;
  voltage.name = "exc";
  voltage.variable = "v";
  voltage.width = 4;
  for (uint32_t step = 0; step < recording.numSteps; ++step)
    for (uint32_t n = 0; n < voltage.width; ++n)
      voltage.values.push_back((10.0 * step + n) / 2.0);
  recording.traces = {voltage};

  WeightSnapshot weights;
  weights.projection = 1;
  weights.pre = {0, 1};
  weights.post = {3, 2};
  weights.weight = {0.5, -0.25};
  recording.weights = {weights};

  recording.nodes = {{"exc", 4, false, 5}, {"stim", 2, true, 2}};
  recording.numNeurons = 6;
  recording.numSynapses = 8;
  recording.numSynapticEvents = 20;
  recording.wallSeconds = 0.002;
  recording.setupSeconds = 0.001;
  return recording;
}

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents.
class ScratchDirectory {
public:
  ScratchDirectory() {
    const char *base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base && *base ? base : "/tmp") + "/dendron-io-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()))
      path_ = buffer.data();
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    if (!path_.empty())
      std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory &) = delete;
  ScratchDirectory &operator=(const ScratchDirectory &) = delete;

  bool valid() const { return !path_.empty(); }
  const std::string &path() const { return path_; }
  std::string file(const std::string &name) const { return path_ + "/" + name; }

  /// Names of everything in the directory, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto &entry : std::filesystem::directory_iterator(path_))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

private:
  std::string path_;
};

inline std::string readFileBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

inline void writeFileBytes(const std::string &path,
                           const std::string &contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
}

inline bool fileExists(const std::string &path) {
  return std::filesystem::exists(path);
}

} // namespace dendron::rt::test

#endif // DENDRON_TESTS_RUNTIME_IO_IOTESTSUPPORT_H
