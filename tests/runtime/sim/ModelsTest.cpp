//===- ModelsTest.cpp - Izhikevich and dendritic neurons ------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <cmath>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

//===----------------------------------------------------------------------===//
// Izhikevich
//===----------------------------------------------------------------------===//

NetworkSpec regularSpiking(NumericProfile profile, double dt, uint32_t steps) {
  IzhikevichModel m; // a=0.02 b=0.2 c=-65 d=8: regular spiking
  return drivenNeuron(m, 10.0, dt, steps, -65.0, profile);
}

TEST(Izhikevich, RegularSpikingRate) {
  // RS with I = 10 settles to an ISI of about 44.8 ms (continuous time);
  // forward Euler at 0.1 ms gives ~45.1 ms and 23 spikes in 1 s.
  const double dt = 1e-4;
  Recording r = run(regularSpiking(NumericProfile::Float, dt, 10000), 10000);
  const auto &s = r.spikes[0].step;
  ASSERT_GE(s.size(), 20u);
  EXPECT_LE(s.size(), 26u);
  double isi = (s[s.size() - 1] - s[s.size() - 2]) * dt * 1000.0;
  EXPECT_NEAR(isi, 45.0, 1.0);
  // Spike-frequency adaptation: the first ISI is the shortest.
  EXPECT_LT(s[1] - s[0], s[s.size() - 1] - s[s.size() - 2]);
  // After a spike the recorded v is the reset value c.
  EXPECT_EQ(r.traces[0].values[s[0]], -65.0);
}

TEST(Izhikevich, FixedPointCloseToFloat) {
  const double dt = 1e-4;
  Recording f = run(regularSpiking(NumericProfile::Float, dt, 10000), 10000);
  Recording q = run(regularSpiking(NumericProfile::S16_15, dt, 10000), 10000);
  const auto &a = f.spikes[0].step, &b = q.spikes[0].step;
  ASSERT_GE(a.size(), 20u);
  ASSERT_LE(std::abs(int(a.size()) - int(b.size())), 1);
  // The constants 0.04 and dt round to 1311 / 2^15 and 3277 / 2^15, so the
  // fixed-point neuron drifts by ~0.2 % per ISI: compare early spike times
  // and the steady ISI.
  for (size_t k = 0; k < 5; ++k)
    EXPECT_LE(std::abs(int64_t(a[k]) - int64_t(b[k])), 10) << "spike " << k;
  double isiF = a[a.size() - 1] - a[a.size() - 2];
  double isiQ = b[b.size() - 1] - b[b.size() - 2];
  EXPECT_NEAR(isiQ / isiF, 1.0, 0.01);
}

//===----------------------------------------------------------------------===//
// Dendritic
//===----------------------------------------------------------------------===//

/// One dendritic neuron with four identical branches. Four input spikes at
/// step 0 arrive at step 1 either all on branch 0 (clustered) or one per
/// branch (scattered).
NetworkSpec dendritic(const Branch &b, bool clustered, NumericProfile profile,
                      uint32_t nb = 4) {
  NetworkSpec net;
  net.dt = 1e-3;
  net.profile = profile;
  DendriticModel m;
  m.soma.tauMem = 10e-3;
  m.soma.vTh = 1.0;
  m.soma.r = 1.0;
  m.branches.assign(nb, b);
  net.populations.push_back(population("d", 1, m));
  net.sources.push_back(spikesAt("in", 4, {0, 1, 2, 3}, {0, 0, 0, 0}));
  if (clustered) {
    Projection p;
    p.pre = src(0);
    p.post = pop(0);
    SparseConnector c;
    c.pre = {0, 1, 2, 3};
    c.post = {0, 0, 0, 0};
    c.weights = {1.0, 1.0, 1.0, 1.0};
    c.delays = {1, 1, 1, 1};
    p.connector = c;
    p.compartment = 0;
    net.projections.push_back(p);
  } else {
    for (int32_t k = 0; k < 4; ++k) {
      Projection p;
      p.pre = src(0);
      p.post = pop(0);
      SparseConnector c;
      c.pre = {uint32_t(k)};
      c.post = {0};
      c.weights = {1.0};
      p.connector = c;
      p.compartment = k;
      net.projections.push_back(p);
    }
  }
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  net.probes.push_back({pop(0), ProbeVariable::BranchActivation});
  return net;
}

Branch plateauBranch() {
  Branch b;
  b.tau = 10e-3;
  b.threshold = 2.5;
  b.amplitude = 2.0;
  b.gain = 0.1;
  b.plateauSteps = 30;
  b.nonlinearity = BranchNonlinearity::Plateau;
  return b;
}

Branch sigmoidBranch() {
  Branch b;
  b.tau = 50e-3;
  b.threshold = 2.5;
  b.amplitude = 2.0;
  b.slope = 0.25;
  b.nonlinearity = BranchNonlinearity::Sigmoid;
  return b;
}

class DendriticProfiles : public ::testing::TestWithParam<NumericProfile> {};

TEST_P(DendriticProfiles, ClusteredInputFiresScatteredDoesNot) {
  for (const Branch &b : {plateauBranch(), sigmoidBranch()}) {
    Recording clustered = run(dendritic(b, true, GetParam()), 60);
    Recording scattered = run(dendritic(b, false, GetParam()), 60);
    EXPECT_FALSE(clustered.spikes[0].step.empty())
        << "nonlinearity " << int(b.nonlinearity);
    EXPECT_TRUE(scattered.spikes[0].step.empty())
        << "nonlinearity " << int(b.nonlinearity);
    // Same total input: the linear sum of the scattered branch outputs at
    // the arrival step is far below the clustered output.
    const Trace &c = clustered.traces[1], &s = scattered.traces[1];
    ASSERT_EQ(c.width, 4u);
    double sumScattered = 0;
    for (int k = 0; k < 4; ++k)
      sumScattered += s.values[1 * 4 + k];
    EXPECT_GT(c.values[1 * 4 + 0], 3 * sumScattered);
    EXPECT_LT(std::abs(c.values[1 * 4 + 1]), 1e-3); // idle branch
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, DendriticProfiles,
                         ::testing::Values(NumericProfile::Float,
                                           NumericProfile::S16_15),
                         profileName);

TEST(Dendritic, PlateauLastsPlateauSteps) {
  Branch b = plateauBranch();
  Recording r = run(dendritic(b, true, NumericProfile::Float), 60);
  const Trace &t = r.traces[1];
  // Arrival at step 1: plateau of height amplitude during steps 1..30.
  for (uint32_t n = 1; n <= 30; ++n)
    EXPECT_EQ(t.values[n * 4], 2.0) << "step " << n;
  // Afterwards d = 4 exp(-n dt / tau) < threshold, output gain * d.
  double d31 = 4.0 * std::pow(std::exp(-0.1), 30);
  EXPECT_NEAR(t.values[31 * 4], 0.1 * d31, 1e-12);
}

TEST(Dendritic, LeakyReluOutputFormula) {
  // tau = 0: d = x. Output gain (d - th) above th, slope gain (d - th) below.
  Branch b;
  b.tau = 0.0;
  b.threshold = 1.0;
  b.gain = 2.0;
  b.slope = 0.125;
  b.nonlinearity = BranchNonlinearity::LeakyRelu;
  NetworkSpec net;
  net.dt = 1e-3;
  DendriticModel m;
  m.soma.tauMem = 10e-3;
  m.soma.vTh = 1e4;
  m.branches = {b};
  net.populations.push_back(population("d", 1, m));
  net.sources.push_back(spikesAt("in", 3, {0, 1, 2}, {0, 1, 2}));
  Projection p;
  p.pre = src(0);
  p.post = pop(0);
  SparseConnector c;
  c.pre = {0, 1, 2};
  c.post = {0, 0, 0};
  c.weights = {0.5, 2.0, 3.5};
  p.connector = c;
  p.compartment = 0;
  net.projections.push_back(p);
  net.probes.push_back({pop(0), ProbeVariable::BranchActivation});
  for (NumericProfile prof : {NumericProfile::Float, NumericProfile::S16_15}) {
    net.profile = prof;
    Recording r = run(net, 5);
    const auto &o = r.traces[0].values;
    EXPECT_EQ(o[0], 0.125 * 2.0 * (0.0 - 1.0));
    EXPECT_EQ(o[1], 0.125 * 2.0 * (0.5 - 1.0));
    EXPECT_EQ(o[2], 2.0 * (2.0 - 1.0));
    EXPECT_EQ(o[3], 2.0 * (3.5 - 1.0));
    EXPECT_EQ(o[4], -0.25);
  }
}

TEST(Dendritic, SigmoidFixedTracksFloat) {
  // Sweep d through the sigmoid and compare the s16.15 output with the float
  // one: the table interpolation error is < 7.7e-4 of the amplitude.
  Branch b;
  b.tau = 0.0;
  b.threshold = 0.5;
  b.amplitude = 3.0;
  b.slope = 0.5;
  b.nonlinearity = BranchNonlinearity::Sigmoid;
  NetworkSpec net;
  net.dt = 1e-3;
  DendriticModel m;
  m.soma.tauMem = 10e-3;
  m.soma.vTh = 1e4;
  m.branches = {b};
  net.populations.push_back(population("d", 1, m));
  std::vector<uint32_t> neuron, step;
  SparseConnector c;
  for (uint32_t k = 0; k < 41; ++k) {
    neuron.push_back(k);
    step.push_back(k);
    c.pre.push_back(k);
    c.post.push_back(0);
    c.weights.push_back(-4.5 + 0.25 * k);
  }
  net.sources.push_back(spikesAt("in", 41, neuron, step));
  Projection p;
  p.pre = src(0);
  p.post = pop(0);
  p.connector = c;
  p.compartment = 0;
  net.projections.push_back(p);
  net.probes.push_back({pop(0), ProbeVariable::BranchActivation});
  Recording f = run(net, 42);
  net.profile = NumericProfile::S16_15;
  Recording q = run(net, 42);
  for (uint32_t n = 1; n < 42; ++n) {
    double d = -4.5 + 0.25 * (n - 1);
    double expect = 3.0 / (1.0 + std::exp(-(d - 0.5) / 0.5));
    EXPECT_NEAR(f.traces[0].values[n], expect, 1e-12);
    EXPECT_NEAR(q.traces[0].values[n], expect, 3.0 * 7.7e-4 + 1e-4);
  }
}

} // namespace
