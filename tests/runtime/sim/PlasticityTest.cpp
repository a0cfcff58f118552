//===- PlasticityTest.cpp - STDP and three-factor learning ----------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "dendron/Runtime/FixedPoint.h"

#include <cmath>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

constexpr double kDt = 1e-3;

StdpRule rule() {
  StdpRule r;
  r.tauPlus = 20e-3;
  r.tauMinus = 30e-3;
  r.aPlus = 0.01;
  r.aMinus = 0.012;
  r.wMin = 0.0;
  r.wMax = 1.0;
  return r;
}

/// Pre fires at `tPre`; the post neuron is forced to fire at `tPost` (a
/// strong static input arriving at that step). Projection 1 is the plastic
/// pre -> post synapse with initial weight `w0`. An optional modulator
/// source fires at `tMod`.
NetworkSpec pairing(uint32_t tPre, uint32_t tPost, Plasticity plasticity,
                    double w0 = 0.5, std::vector<uint32_t> tMod = {},
                    NumericProfile profile = NumericProfile::Float) {
  NetworkSpec net;
  net.dt = kDt;
  net.profile = profile;
  LifModel m;
  m.tauMem = 0.0;
  m.vTh = 10.0;
  net.populations.push_back(population("post", 1, m));
  net.sources.push_back(spikesAt("pre", 1, {0}, {tPre}));
  net.sources.push_back(spikesAt("drive", 1, {0}, {tPost - 1}));
  net.sources.push_back(
      spikesAt("reward", 1, std::vector<uint32_t>(tMod.size(), 0), tMod));
  net.projections.push_back(oneToOne(src(1), pop(0), 20.0));
  Projection p = oneToOne(src(0), pop(0), w0);
  p.plasticity = std::move(plasticity);
  net.projections.push_back(p);
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  return net;
}

double finalWeight(const Recording &r) {
  EXPECT_EQ(r.weights.size(), 1u);
  if (r.weights.empty() || r.weights[0].weight.empty())
    return NAN;
  EXPECT_EQ(r.weights[0].projection, 1u);
  return r.weights[0].weight[0];
}

TEST(Stdp, PreBeforePostPotentiatesByTraceValue) {
  for (uint32_t delta : {1u, 5u, 20u, 60u}) {
    Recording r = run(pairing(10, 10 + delta, rule()), 10 + delta + 5);
    ASSERT_EQ(r.spikes[0].step, std::vector<uint32_t>{10 + delta});
    EXPECT_NEAR(finalWeight(r) - 0.5,
                0.01 * std::exp(-double(delta) * kDt / 20e-3), 1e-15)
        << "delta " << delta;
  }
}

TEST(Stdp, PostBeforePreDepressesByTraceValue) {
  for (uint32_t delta : {1u, 5u, 20u, 60u}) {
    Recording r = run(pairing(10 + delta, 10, rule()), 10 + delta + 5);
    EXPECT_NEAR(finalWeight(r) - 0.5,
                -0.012 * std::exp(-double(delta) * kDt / 30e-3), 1e-15)
        << "delta " << delta;
  }
}

TEST(Stdp, SimultaneousSpikesDoNotPair) {
  Recording r = run(pairing(10, 10, rule()), 20);
  EXPECT_EQ(finalWeight(r), 0.5);
}

TEST(Stdp, WeightsAreClipped) {
  Recording up = run(pairing(10, 11, rule(), 0.995), 15);
  EXPECT_EQ(finalWeight(up), 1.0);
  Recording down = run(pairing(11, 10, rule(), 0.005), 15);
  EXPECT_EQ(finalWeight(down), 0.0);
}

TEST(Stdp, FixedPointMatchesFloatWithinLsb) {
  const double lsb = 1.0 / 32768.0;
  for (uint32_t delta : {1u, 7u, 30u}) {
    Recording up =
        run(pairing(10, 10 + delta, rule(), 0.5, {}, NumericProfile::S16_15),
            10 + delta + 3);
    EXPECT_NEAR(finalWeight(up) - 0.5,
                0.01 * std::exp(-double(delta) * kDt / 20e-3), 2 * lsb);
    Recording down =
        run(pairing(10 + delta, 10, rule(), 0.5, {}, NumericProfile::S16_15),
            10 + delta + 3);
    EXPECT_NEAR(finalWeight(down) - 0.5,
                -0.012 * std::exp(-double(delta) * kDt / 30e-3), 2 * lsb);
  }
}

ThreeFactorRule threeFactor() {
  ThreeFactorRule r;
  r.pairing = rule();
  r.tauEligibility = 0.2;
  r.tauModulator = 0.05;
  r.learningRate = 2.0;
  r.modulator = src(2);
  return r;
}

TEST(ThreeFactor, NoModulatorNoChange) {
  for (NumericProfile prof : {NumericProfile::Float, NumericProfile::S16_15}) {
    Recording a = run(pairing(10, 15, threeFactor(), 0.5, {}, prof), 100);
    EXPECT_EQ(finalWeight(a), 0.5);
    Recording b = run(pairing(15, 10, threeFactor(), 0.5, {}, prof), 100);
    EXPECT_EQ(finalWeight(b), 0.5);
  }
}

TEST(ThreeFactor, ModulatorGatesEligibility) {
  for (NumericProfile prof : {NumericProfile::Float, NumericProfile::S16_15}) {
    Recording up = run(pairing(10, 15, threeFactor(), 0.5, {40}, prof), 100);
    EXPECT_GT(finalWeight(up), 0.5);
    Recording down = run(pairing(15, 10, threeFactor(), 0.5, {40}, prof), 100);
    EXPECT_LT(finalWeight(down), 0.5);
  }
  // Exact first increment (float): at the modulator step M = 1, so
  // w = w0 + learningRate * e with e = aPlus alpha+^5 alphaE^(40 - 15).
  Recording r = run(pairing(10, 15, threeFactor(), 0.5, {40}), 41);
  double e = 0.01 * std::exp(-5 * kDt / 20e-3) * std::exp(-25 * kDt / 0.2);
  EXPECT_NEAR(finalWeight(r), 0.5 + 2.0 * e, 1e-14);
  // A modulator before the pairing changes nothing until the pairing, and
  // then scales the (decayed) modulator trace.
  Recording early = run(pairing(10, 15, threeFactor(), 0.5, {2}), 15);
  EXPECT_EQ(finalWeight(early), 0.5);
}

} // namespace
