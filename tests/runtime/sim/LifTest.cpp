//===- LifTest.cpp - LIF-family dynamics against closed forms -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "dendron/Runtime/Discretize.h"

#include <cmath>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

/// Voltage of neuron 0 after step n.
double v(const Recording &r, uint32_t n) { return r.traces[0].values[n]; }

std::vector<uint32_t> spikeSteps(const Recording &r) {
  return r.spikes[0].step;
}

LifModel lif(double tauMem) {
  LifModel m;
  m.tauMem = tauMem;
  m.vLeak = 0.0;
  m.vTh = 1.0;
  m.vReset = 0.0;
  m.r = 1.0;
  return m;
}

TEST(Lif, ExactMembraneMatchesClosedForm) {
  // v_n = v_inf + (v_0 - v_inf) alpha^n with v_inf = vLeak + r w; the input
  // arrives from step 1 on (delay 1), so step 0 only leaks.
  const double dt = 1e-4, tau = 20e-3, w = 0.8;
  LifModel m = lif(tau);
  m.vLeak = -0.2;
  m.r = 1.5;
  m.vTh = 100.0;
  const double v0 = 0.3;
  NetworkSpec net = drivenNeuron(m, w, dt, 500, v0);
  Recording r = run(net, 500);
  const double alpha = std::exp(-dt / tau);
  const double vInf = m.vLeak + m.r * w;
  const double vStep0 = m.vLeak + (v0 - m.vLeak) * alpha;
  EXPECT_NEAR(v(r, 0), vStep0, 1e-12);
  for (uint32_t n = 1; n < 500; ++n)
    ASSERT_NEAR(v(r, n), vInf + (vStep0 - vInf) * std::pow(alpha, n), 1e-10)
        << "step " << n;
  EXPECT_TRUE(r.spikes[0].step.empty());
}

TEST(Lif, EulerMembraneFollowsForwardEuler) {
  const double dt = 1e-3, tau = 10e-3, w = 2.0;
  LifModel m = lif(tau);
  m.integrator = Integrator::Euler;
  m.vTh = 100.0;
  m.vLeak = 0.5;
  NetworkSpec net = drivenNeuron(m, w, dt, 50, 0.0);
  Recording r = run(net, 50);
  double expect = 0.0;
  for (uint32_t n = 0; n < 50; ++n) {
    double input = n == 0 ? 0.0 : w;
    expect = expect + dt / tau * (m.vLeak - expect + m.r * input);
    ASSERT_NEAR(v(r, n), expect, 1e-12) << "step " << n;
  }
}

TEST(Lif, IsiMatchesDiscreteAndContinuousFormulas) {
  // After a reset to vReset the neuron crosses vTh at the first k with
  // v_inf + (vReset - v_inf) alpha^k > vTh, i.e.
  //   ISI = floor(tau ln((v_inf - vReset) / (v_inf - vTh)) / dt) + 1 steps,
  // which is within one step of the continuous ISI tau ln(...).
  for (double w : {1.05, 1.5, 3.0}) {
    const double dt = 1e-4, tau = 20e-3;
    LifModel m = lif(tau);
    NetworkSpec net = drivenNeuron(m, w, dt, 3000);
    Recording r = run(net, 3000);
    std::vector<uint32_t> s = spikeSteps(r);
    ASSERT_GE(s.size(), 3u) << "w = " << w;
    double vInf = m.vLeak + m.r * w;
    double continuous = tau * std::log((vInf - m.vReset) / (vInf - m.vTh));
    uint32_t discrete = uint32_t(std::floor(continuous / dt)) + 1;
    // v_0 = 0 = vReset, so the first spike also comes after one ISI.
    EXPECT_EQ(s[0], discrete) << "w = " << w;
    for (size_t k = 1; k < s.size(); ++k)
      ASSERT_EQ(s[k] - s[k - 1], discrete) << "w = " << w;
    EXPECT_LE(std::abs(discrete * dt - continuous), dt);
  }
}

TEST(Lif, RefractoryPeriodHoldsMembrane) {
  // tRef = 2.0 ms at dt = 0.1 ms: 20 steps held at vReset after each spike,
  // then the usual approach from vReset, so ISI = 20 + approach steps.
  const double dt = 1e-4, tau = 20e-3, w = 1.5;
  LifModel m = lif(tau);
  m.tRef = 2e-3;
  m.vReset = -0.25;
  Recording ref = run(drivenNeuron(m, w, dt, 3000), 3000);
  EXPECT_EQ(lifCoefficients(m, dt).refractorySteps, 20u);
  std::vector<uint32_t> s = spikeSteps(ref);
  ASSERT_GE(s.size(), 3u);
  for (size_t k = 0; k + 1 < s.size(); ++k)
    for (uint32_t n = s[k]; n <= s[k] + 20; ++n)
      ASSERT_EQ(v(ref, n), -0.25) << "held at step " << n;
  EXPECT_GT(v(ref, s[0] + 21), -0.25);
  double vInf = w;
  uint32_t approach =
      uint32_t(std::floor(tau * std::log((vInf + 0.25) / (vInf - 1.0)) / dt)) +
      1;
  for (size_t k = 1; k < s.size(); ++k)
    ASSERT_EQ(s[k] - s[k - 1], 20 + approach);
}

TEST(Lif, RefractoryWithSaturatingDrive) {
  // A drive far above threshold fires at every step the neuron is allowed
  // to integrate: every refractorySteps + 1 steps.
  LifModel m = lif(10e-3);
  m.tRef = 3e-3;
  Recording r = run(drivenNeuron(m, 1000.0, 1e-3, 40), 40);
  std::vector<uint32_t> s = spikeSteps(r);
  ASSERT_GE(s.size(), 5u);
  EXPECT_EQ(s[0], 1u);
  for (size_t k = 1; k < s.size(); ++k)
    EXPECT_EQ(s[k] - s[k - 1], 4u);
}

TEST(Lif, IfConventionEachUnitMovesVByR) {
  // tauMem = 0: alphaMem = 1, no leak, beta = r.
  LifModel m = lif(0.0);
  m.r = 2.0;
  m.vTh = 1000.0;
  m.vLeak = 5.0; // ignored without a membrane time constant
  LifCoefficients c = lifCoefficients(m, 1e-3);
  EXPECT_EQ(c.alphaMem, 1.0);
  EXPECT_EQ(c.leak, 0.0);
  EXPECT_EQ(c.beta, 2.0);
  Recording r = run(drivenNeuron(m, 0.25, 1e-3, 20), 20);
  for (uint32_t n = 0; n < 20; ++n)
    EXPECT_EQ(v(r, n), 0.5 * n);
}

TEST(Lif, SubtractResetAndStrictThreshold) {
  // IF, w = 0.375 per step (binary-exact), vTh = 1.
  LifModel m = lif(0.0);
  m.reset = ResetMode::Subtract;
  Recording r = run(drivenNeuron(m, 0.375, 1e-3, 12), 12);
  // v: 0, .375, .75, 1.125->.125*, .5, .875, 1.25->.25*, .625, 1.0 (not >),
  // 1.375->.375*, .75, 1.125->.125*
  std::vector<double> expect = {0,    0.375, 0.75, 0.125, 0.5,  0.875,
                                0.25, 0.625, 1.0,  0.375, 0.75, 0.125};
  for (uint32_t n = 0; n < 12; ++n)
    EXPECT_EQ(v(r, n), expect[n]) << "step " << n;
  EXPECT_EQ(spikeSteps(r), (std::vector<uint32_t>{3, 6, 9, 11}));

  m.reset = ResetMode::Zero;
  Recording z = run(drivenNeuron(m, 0.375, 1e-3, 12), 12);
  EXPECT_EQ(spikeSteps(z), (std::vector<uint32_t>{3, 6, 9}));
  EXPECT_EQ(v(z, 3), 0.0);
}

TEST(Lif, SynapticCurrentDecaysExponentially) {
  // One spike of weight w at step 0 into a non-spiking IF neuron with a
  // synaptic time constant: v_n - v_{n-1} = I_n = w exp(-(n - 1) dt / tau).
  const double dt = 1e-4, tauSyn = 5e-3, w = 2.0;
  NetworkSpec net;
  net.dt = dt;
  LifModel m = lif(0.0);
  m.spiking = false;
  m.tauSynInh = tauSyn;
  net.populations.push_back(population("n", 1, m));
  net.sources.push_back(spikesAt("s", 1, {0}, {0}));
  net.projections.push_back(
      oneToOne(src(0), pop(0), w, 1, SynapseType::Inhibitory));
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  Recording r = run(net, 300);
  EXPECT_EQ(v(r, 0), 0.0);
  for (uint32_t n = 1; n < 300; ++n)
    ASSERT_NEAR((v(r, n) - v(r, n - 1)) / w, std::exp(-(n - 1.0) * dt / tauSyn),
                1e-12)
        << "step " << n;
}

TEST(Lif, IntegratorCoefficients) {
  LifModel m;
  m.tauMem = 20e-3;
  m.tauSynExc = 5e-3;
  m.tauSynInh = 10e-3;
  m.tauAdapt = 0.1;
  m.adaptJump = 0.2;
  m.r = 3.0;
  m.vLeak = -1.0;
  m.tRef = 2.5e-3;
  const double dt = 1e-3;
  LifCoefficients e = lifCoefficients(m, dt);
  EXPECT_DOUBLE_EQ(e.alphaMem, std::exp(-0.05));
  EXPECT_DOUBLE_EQ(e.beta, 3.0 * (1.0 - std::exp(-0.05)));
  EXPECT_DOUBLE_EQ(e.leak, -(1.0 - std::exp(-0.05)));
  EXPECT_DOUBLE_EQ(e.alphaSynExc, std::exp(-0.2));
  EXPECT_DOUBLE_EQ(e.alphaSynInh, std::exp(-0.1));
  EXPECT_DOUBLE_EQ(e.alphaAdapt, std::exp(-0.01));
  EXPECT_EQ(e.refractorySteps, 3u); // round(2.5) = 3, half away from zero
  EXPECT_TRUE(e.synExc && e.synInh && e.adapt);

  m.integrator = Integrator::Euler;
  LifCoefficients u = lifCoefficients(m, dt);
  EXPECT_DOUBLE_EQ(u.alphaMem, 1.0 - 0.05);
  EXPECT_DOUBLE_EQ(u.beta, 3.0 * 0.05);
  EXPECT_DOUBLE_EQ(u.leak, -0.05);
  EXPECT_DOUBLE_EQ(u.alphaSynExc, 1.0 - 0.2);
  EXPECT_DOUBLE_EQ(u.alphaSynInh, 1.0 - 0.1);
  EXPECT_DOUBLE_EQ(u.alphaAdapt, 1.0 - 0.01);
}

TEST(Lif, LeakyIntegratorsNeverSpike) {
  for (double tauSyn : {0.0, 5e-3}) { // LI and CubaLI
    LifModel m = lif(10e-3);
    m.spiking = false;
    m.tauSynExc = tauSyn;
    Recording r = run(drivenNeuron(m, 5.0, 1e-3, 200), 200);
    EXPECT_TRUE(r.spikes[0].step.empty());
    EXPECT_EQ(r.nodes[0].spikes, 0u);
    // Converges to v_inf = r * I_inf, I_inf = w / (1 - alphaSyn).
    double iInf = tauSyn > 0 ? 5.0 / (1.0 - std::exp(-1e-3 / tauSyn)) : 5.0;
    EXPECT_NEAR(v(r, 199), iInf, 1e-3 * iInf);
  }
}

TEST(Lif, AdaptiveThresholdLengthensIsi) {
  LifModel m = lif(20e-3);
  const double dt = 1e-4, w = 1.5;
  Recording plain = run(drivenNeuron(m, w, dt, 5000), 5000);
  m.tauAdapt = 200e-3;
  m.adaptJump = 0.05;
  Recording adapt = run(drivenNeuron(m, w, dt, 5000), 5000);
  std::vector<uint32_t> p = spikeSteps(plain), a = spikeSteps(adapt);
  ASSERT_GE(a.size(), 4u);
  // First spike is unaffected; afterwards every ISI is longer and they grow.
  EXPECT_EQ(a[0], p[0]);
  uint32_t plainIsi = p[1] - p[0];
  for (size_t k = 1; k < a.size(); ++k)
    EXPECT_GT(a[k] - a[k - 1], plainIsi);
  EXPECT_GT(a[3] - a[2], a[1] - a[0]);
  EXPECT_LT(a.size(), p.size());
}

TEST(Lif, AdaptationFollowsTheUpdateOrder) {
  // Reference loop of Semantics.md for an IF neuron with adaptation: A
  // decays first, theta = vTh + A, A += adaptJump after a spike.
  LifModel m = lif(0.0);
  m.tauAdapt = 10e-3;
  m.adaptJump = 0.5;
  m.tauSynExc = 3e-3;
  m.tRef = 2e-3;
  const double dt = 1e-3, w = 0.25;
  Recording r = run(drivenNeuron(m, w, dt, 200), 200);
  double v = 0, a = 0, i = 0, alphaA = std::exp(-dt / 10e-3),
         alphaS = std::exp(-dt / 3e-3);
  uint32_t ref = 0;
  std::vector<uint32_t> expect;
  for (uint32_t n = 0; n < 200; ++n) {
    i = alphaS * i + (n ? w : 0.0);
    a = alphaA * a;
    if (ref > 0) {
      --ref;
    } else {
      v = v + i;
      if (v > 1.0 + a) {
        expect.push_back(n);
        v = 0.0;
        ref = 2;
        a += 0.5;
      }
    }
    ASSERT_EQ(r.traces[0].values[n], v) << "step " << n;
  }
  EXPECT_GT(expect.size(), 5u);
  EXPECT_EQ(spikeSteps(r), expect);
}

} // namespace
