//===- SfqTestUtil.h - Shared helpers of the SFQ tests ----------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TESTS_SFQ_SFQTESTUTIL_H
#define DENDRON_TESTS_SFQ_SFQTESTUTIL_H

#include "dendron/Sfq/CellLibrary.h"
#include "dendron/Sfq/Pulse.h"

#include <gtest/gtest.h>
#include <random>
#include <string>

namespace dendron::sfq::test {

inline CellLibrary loadLibrary(const std::string &file) {
  std::string error;
  auto lib =
      loadCellLibrary(std::string(DENDRON_SFQ_CELLS_DIR) + "/" + file, error);
  EXPECT_TRUE(lib) << error;
  return lib ? *lib : CellLibrary{};
}

/// A random pulse network: `inputs` inputs, `neurons` somas, every neuron
/// fed by 1..maxFanIn random endpoints (inputs and earlier neurons; one in
/// eight from any neuron, so recurrence and self-loops occur) with weights
/// in [-1, maxWeight] \ {0}, delays 1..3, thresholds 1..4 and some leaky
/// neurons.
inline PulseNetwork randomNetwork(uint32_t seed, uint32_t inputs,
                                  uint32_t neurons, uint32_t maxFanIn,
                                  int32_t maxWeight) {
  std::mt19937 rng(seed);
  auto uniform = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  PulseNetwork net;
  net.numInputs = inputs;
  for (uint32_t n = 0; n < neurons; ++n) {
    PulseNeuron p;
    p.threshold = uniform(1, 4);
    if (uniform(0, 2) == 0) {
      p.leakAmount = uniform(1, 2);
      p.leakPeriod = uniform(1, 4);
    }
    net.neurons.push_back(p);
    uint32_t fanIn = uniform(1, maxFanIn);
    for (uint32_t k = 0; k < fanIn; ++k) {
      PulseSynapse s;
      s.pre = uniform(0, 7) == 0 ? uniform(0, inputs + neurons - 1)
                                 : uniform(0, inputs + n - 1);
      s.post = n;
      do
        s.weight = uniform(-1, maxWeight);
      while (s.weight == 0);
      s.delay = uniform(1, 3);
      net.synapses.push_back(s);
    }
  }
  return net;
}

/// The XOR case study (rate-coded, after Edwards et al.): inputs 0 and 1,
/// hidden OR (weights 1, threshold 1), hidden AND (weights 2, threshold 2,
/// leak 2 every window, so one input alone never accumulates), output
/// OR - 2 AND (threshold 1). Neurons: 0 = OR, 1 = AND, 2 = XOR.
inline PulseNetwork xorNetwork() {
  PulseNetwork net;
  net.numInputs = 2;
  net.neurons = {{1, 0, 0}, {2, 2, 1}, {1, 0, 0}};
  net.synapses = {{0, 0, 1, 1}, {0, 1, 2, 1}, {1, 0, 1, 1},
                  {1, 1, 2, 1}, {2, 2, 1, 1}, {3, 2, -2, 1}};
  return net;
}

/// `a` and `b` side by side as one network: a's inputs, then b's; a's
/// neurons, then b's.
inline PulseNetwork disjointUnion(const PulseNetwork &a,
                                  const PulseNetwork &b) {
  PulseNetwork u;
  u.numInputs = a.numInputs + b.numInputs;
  u.neurons = a.neurons;
  u.neurons.insert(u.neurons.end(), b.neurons.begin(), b.neurons.end());
  uint32_t na = static_cast<uint32_t>(a.neurons.size());
  for (PulseSynapse s : a.synapses) {
    if (s.pre >= a.numInputs)
      s.pre += b.numInputs;
    u.synapses.push_back(s);
  }
  for (PulseSynapse s : b.synapses) {
    s.pre = s.pre < b.numInputs ? a.numInputs + s.pre
                                : u.numInputs + na + (s.pre - b.numInputs);
    s.post += na;
    u.synapses.push_back(s);
  }
  return u;
}

/// A quantized dendritic network: 3 inputs, 2 neurons of 2 plateau
/// branches each; input i drives branch (i % 2) of both neurons, input 2
/// also drives the somas, and the neurons inhibit each other.
inline PulseNetwork dendriticNetwork() {
  rt::NetworkSpec spec;
  spec.sources.push_back({"in", 3, rt::ExternalSource{}});
  rt::DendriticModel d;
  d.soma.vTh = 2.5;
  d.soma.tauMem = 0.01;
  d.branches.resize(2);
  d.branches[0] = {0.0, 1.0, 1.5, 1.0,
                   1.0, 1,   1.0, rt::BranchNonlinearity::Plateau};
  d.branches[1] = {0.004, 1.5, 2.0,  1.0,
                   1.0,   1,   0.75, rt::BranchNonlinearity::Plateau};
  spec.populations.push_back({"pyr", 2, d, {}, 0});
  auto add = [&](rt::NodeRef pre, rt::Connector c, int32_t compartment) {
    rt::Projection p;
    p.pre = pre;
    p.post = {rt::NodeRef::Kind::Population, 0};
    p.connector = std::move(c);
    p.compartment = compartment;
    spec.projections.push_back(p);
  };
  rt::NodeRef in{rt::NodeRef::Kind::Source, 0};
  add(in, rt::SparseConnector{{0, 0}, {0, 1}, {1.0, 1.0}, {1, 2}}, 0);
  add(in, rt::SparseConnector{{1, 1}, {0, 1}, {1.0, 0.5}, {1, 1}}, 1);
  add(in, rt::SparseConnector{{2, 2}, {0, 1}, {1.0, 1.0}, {1, 1}}, -1);
  add({rt::NodeRef::Kind::Population, 0},
      rt::SparseConnector{{0, 1}, {1, 0}, {-1.0, -1.0}, {1, 1}}, -1);
  std::string error;
  auto net = quantizeToPulse(spec, {3}, error);
  EXPECT_TRUE(net) << error;
  return net ? *net : PulseNetwork{};
}

/// Rate code of one XOR pattern: a 1 spikes in every window, a 0 never.
inline Raster xorInputs(bool a, bool b, uint32_t windows) {
  return Raster(windows, std::vector<uint8_t>{uint8_t(a), uint8_t(b)});
}

inline Raster randomInputs(uint32_t seed, uint32_t inputs, uint32_t windows,
                           double p) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution spike(p);
  Raster r(windows, std::vector<uint8_t>(inputs));
  for (auto &row : r)
    for (auto &v : row)
      v = spike(rng);
  return r;
}

} // namespace dendron::sfq::test

#endif // DENDRON_TESTS_SFQ_SFQTESTUTIL_H
