//===- DelayTest.cpp - Synaptic delays and the ring buffer ----------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "dendron/Runtime/Expand.h"

#include <set>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

/// A non-spiking IF neuron: v is the running sum of all inputs.
LifModel integrator() {
  LifModel m;
  m.tauMem = 0.0;
  m.spiking = false;
  return m;
}

/// Per-step increments of the recorded voltage of neuron `j`.
std::vector<double> increments(const Recording &r, uint32_t width = 1,
                               uint32_t j = 0) {
  const auto &v = r.traces[0].values;
  std::vector<double> inc;
  double prev = 0.0;
  for (size_t n = 0; n * width < v.size(); ++n) {
    inc.push_back(v[n * width + j] - prev);
    prev = v[n * width + j];
  }
  return inc;
}

TEST(Delay, SpikeArrivesExactlyDelayStepsLater) {
  for (uint32_t d : {1u, 2u, 5u, 17u, 100u}) {
    NetworkSpec net;
    net.dt = 1e-3;
    net.populations.push_back(population("n", 1, integrator()));
    net.sources.push_back(spikesAt("s", 1, {0}, {5}));
    net.projections.push_back(oneToOne(src(0), pop(0), 1.0, d));
    net.probes.push_back({pop(0), ProbeVariable::Voltage});
    Recording r = run(net, 5 + d + 3);
    std::vector<double> inc = increments(r);
    for (uint32_t n = 0; n < inc.size(); ++n)
      EXPECT_EQ(inc[n], n == 5 + d ? 1.0 : 0.0) << "d = " << d << " n = " << n;
  }
}

TEST(Delay, RingWrapsAroundWithMixedDelays) {
  // Delays 1 and 7 into the same neuron: ring depth 8, 200 steps.
  std::vector<uint32_t> fire = {0,  3,  7,  8,  9,   10, 15,
                                23, 31, 32, 64, 150, 190};
  NetworkSpec net;
  net.dt = 1e-3;
  net.populations.push_back(population("n", 1, integrator()));
  net.sources.push_back(
      spikesAt("s", 1, std::vector<uint32_t>(fire.size(), 0), fire));
  net.projections.push_back(oneToOne(src(0), pop(0), 1.0, 1));
  net.projections.push_back(oneToOne(src(0), pop(0), 1000.0, 7));
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  Recording r = run(net, 200);
  std::set<uint32_t> s(fire.begin(), fire.end());
  std::vector<double> inc = increments(r);
  for (uint32_t n = 0; n < 200; ++n) {
    double expect = (n >= 1 && s.count(n - 1) ? 1.0 : 0.0) +
                    (n >= 7 && s.count(n - 7) ? 1000.0 : 0.0);
    EXPECT_EQ(inc[n], expect) << "step " << n;
  }
}

TEST(Delay, PerSynapseDelaysFromSparseAndProcedural) {
  // Procedural uniform delays in [1, 9]: each synapse's weight (a distinct
  // power of two) arrives at its own delay.
  NetworkSpec net;
  net.dt = 1e-3;
  net.populations.push_back(population("n", 1, integrator()));
  net.sources.push_back(spikesAt("s", 1, {0}, {0}));
  SparseConnector c;
  for (uint32_t k = 0; k < 12; ++k) {
    c.pre.push_back(0);
    c.post.push_back(0);
    c.weights.push_back(double(1u << k));
    c.delays.push_back(1 + (k * 5) % 9);
  }
  Projection p;
  p.pre = src(0);
  p.post = pop(0);
  p.connector = c;
  net.projections.push_back(p);
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  Recording r = run(net, 12);
  std::vector<double> inc = increments(r);
  std::vector<double> expect(12, 0.0);
  for (uint32_t k = 0; k < 12; ++k)
    expect[c.delays[k]] += double(1u << k);
  EXPECT_EQ(inc, expect);
}

TEST(Delay, MaximumDelay) {
  NetworkSpec net;
  net.dt = 1e-4;
  net.populations.push_back(population("n", 1, integrator()));
  net.sources.push_back(spikesAt("s", 1, {0, 0}, {0, 3}));
  net.projections.push_back(oneToOne(src(0), pop(0), 1.0, kMaxDelay));
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  Recording r = run(net, kMaxDelay + 5);
  std::vector<double> inc = increments(r);
  for (uint32_t n = 0; n < inc.size(); ++n)
    ASSERT_EQ(inc[n], n == kMaxDelay || n == kMaxDelay + 3 ? 1.0 : 0.0) << n;
}

TEST(Delay, DeliveryCountsSynapticEvents) {
  // 3 spikes through a 2 -> 3 dense projection (out-degree 3 each).
  NetworkSpec net;
  net.dt = 1e-3;
  net.populations.push_back(population("n", 3, integrator()));
  net.sources.push_back(spikesAt("s", 2, {0, 1, 0}, {0, 0, 4}));
  Projection p;
  p.pre = src(0);
  p.post = pop(0);
  DenseConnector c;
  c.weights = {1, 2, 3, 4, 5, 6}; // [post][pre]
  p.connector = c;
  net.projections.push_back(p);
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  Recording r = run(net, 6);
  EXPECT_EQ(r.numSynapses, 6u);
  EXPECT_EQ(r.numSynapticEvents, 9u);
  EXPECT_EQ(r.numNeurons, 3u);
  ASSERT_EQ(r.nodes.size(), 2u);
  EXPECT_EQ(r.nodes[1].name, "s");
  EXPECT_TRUE(r.nodes[1].isSource);
  EXPECT_EQ(r.nodes[1].spikes, 3u);
  // At step 1: post j gets w[j][0] + w[j][1]; at step 5: w[j][0] again.
  const auto &v = r.traces[0].values;
  EXPECT_EQ(v[1 * 3 + 0], 3.0);
  EXPECT_EQ(v[1 * 3 + 1], 7.0);
  EXPECT_EQ(v[1 * 3 + 2], 11.0);
  EXPECT_EQ(v[5 * 3 + 2], 16.0);
}

} // namespace
