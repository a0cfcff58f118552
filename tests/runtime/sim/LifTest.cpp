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
  // tRef = 2.0 ms at dt = 0.1 ms: R = 20. A spike at step s is followed by
  // R - 1 = 19 frozen steps (s + 1 .. s + 19 show vReset, as does s), and
  // step s + R is the first to integrate again -- Brian2's rule, active when
  // timestep(t - lastspike) >= timestep(refractory). From vReset the approach
  // takes `approach` integrating steps, the first of them s + R, so
  // ISI = R - 1 + approach.
  const double dt = 1e-4, tau = 20e-3, w = 1.5;
  LifModel m = lif(tau);
  m.tRef = 2e-3;
  m.vReset = -0.25;
  Recording ref = run(drivenNeuron(m, w, dt, 3000), 3000);
  EXPECT_EQ(lifCoefficients(m, dt).refractorySteps, 20u);
  std::vector<uint32_t> s = spikeSteps(ref);
  ASSERT_GE(s.size(), 3u);
  for (size_t k = 0; k + 1 < s.size(); ++k) {
    for (uint32_t n = s[k]; n <= s[k] + 19; ++n)
      ASSERT_EQ(v(ref, n), -0.25) << "held at step " << n;
    // Step s + R integrates: one step of the approach from vReset.
    const double alpha = std::exp(-dt / tau);
    EXPECT_NEAR(v(ref, s[k] + 20), w + (-0.25 - w) * alpha, 1e-12);
  }
  double vInf = w;
  uint32_t approach =
      uint32_t(std::floor(tau * std::log((vInf + 0.25) / (vInf - 1.0)) / dt)) +
      1;
  for (size_t k = 1; k < s.size(); ++k)
    ASSERT_EQ(s[k] - s[k - 1], 20 - 1 + approach);
}

TEST(Lif, FirstSpikeCapableStepIsNPlusR) {
  // A drive far above threshold fires at every step the neuron integrates.
  // The input arrives from step 1 on, so the spikes are at 1, 1 + R,
  // 1 + 2R, ... (every step for R = 0 and R = 1), and v stays at vReset on
  // the R - 1 frozen steps in between.
  const double dt = 1e-3;
  for (uint32_t r : {0u, 1u, 2u, 3u, 7u}) {
    LifModel m = lif(10e-3);
    m.vReset = -0.5;
    m.tRef = r * dt;
    ASSERT_EQ(lifCoefficients(m, dt).refractorySteps, r);
    Recording rec = run(drivenNeuron(m, 1000.0, dt, 60), 60);
    std::vector<uint32_t> expect;
    for (uint32_t n = 1; n < 60; n += std::max(r, 1u))
      expect.push_back(n);
    EXPECT_EQ(spikeSteps(rec), expect) << "R = " << r;
    for (uint32_t n : expect)
      for (uint32_t k = 0; k < r && n + k < 60; ++k)
        ASSERT_EQ(v(rec, n + k), -0.5) << "R = " << r << ", step " << n + k;
  }
  // R = round(tRef / dt), half away from zero: 2.5 steps -> 3, 2.49 -> 2.
  LifModel m = lif(10e-3);
  m.tRef = 2.5e-3;
  EXPECT_EQ(lifCoefficients(m, dt).refractorySteps, 3u);
  m.tRef = 2.49e-3;
  EXPECT_EQ(lifCoefficients(m, dt).refractorySteps, 2u);
}

TEST(Lif, IfConventionEachUnitMovesVByR) {
  // tauMem = 0: alphaMem = 1, no leak, betaDirect = r.
  LifModel m = lif(0.0);
  m.r = 2.0;
  m.vTh = 1000.0;
  m.vLeak = 5.0; // ignored without a membrane time constant
  LifCoefficients c = lifCoefficients(m, 1e-3);
  EXPECT_EQ(c.alphaMem, 1.0);
  EXPECT_EQ(c.leak, 0.0);
  EXPECT_EQ(c.betaDirect, 2.0);
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

/// One non-spiking neuron of `model` receiving single spikes: each `(step,
/// weight, type)` is a source spike at `step` delivered with delay 1, i.e. a
/// charge arriving at the start of step `step + 1`. Probes v.
struct Kick {
  uint32_t step;
  double w;
  SynapseType type;
};
NetworkSpec kicked(const LifModel &model, double dt,
                   const std::vector<Kick> &kicks, double v0 = 0.0) {
  NetworkSpec net;
  net.dt = dt;
  net.populations.push_back(population("n", 1, model, v0));
  for (size_t k = 0; k < kicks.size(); ++k) {
    net.sources.push_back(
        spikesAt("s" + std::to_string(k), 1, {0}, {kicks[k].step}));
    net.projections.push_back(
        oneToOne(src(uint32_t(k)), pop(0), kicks[k].w, 1, kicks[k].type));
  }
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  return net;
}

/// Membrane response of tau_mem dv/dt = -v + r I(t), v(0) = 0, to a charge
/// w at t = 0 in a current decaying with tauSyn (I(t) = w exp(-t/tauSyn)):
/// the double exponential, or its limit r w (t/tau) exp(-t/tau) for equal
/// time constants.
double doubleExponential(double r, double w, double tauMem, double tauSyn,
                         double t) {
  if (tauSyn == tauMem)
    return r * w * (t / tauMem) * std::exp(-t / tauMem);
  return r * w * tauSyn / (tauSyn - tauMem) *
         (std::exp(-t / tauSyn) - std::exp(-t / tauMem));
}

TEST(Lif, CubaLifSpikeResponseIsExactDoubleExponential) {
  // Exact integrator: a spike is a charge that jumps the synaptic current at
  // the start of its arrival step, so the recorded v at the end of step n is
  // the continuous solution at t = (n + 1) dt - t_arrival, for every step.
  // Both channels at once (superposition), with different time constants
  // and arrival steps.
  const double dt = 1e-4, tauMem = 20e-3, r = 1.5;
  LifModel m = lif(tauMem);
  m.r = r;
  m.spiking = false;
  m.tauSynExc = 5e-3;
  m.tauSynInh = 10e-3;
  const double wE = 0.7, wI = -0.4;
  Recording rec = run(kicked(m, dt,
                             {{0, wE, SynapseType::Excitatory},
                              {30, wI, SynapseType::Inhibitory}}),
                      2000);
  EXPECT_EQ(v(rec, 0), 0.0);
  double peak = 0;
  for (uint32_t n = 1; n < 2000; ++n) {
    double tE = (n + 1) * dt - 1 * dt, tI = (n + 1) * dt - 31 * dt;
    double expect = doubleExponential(r, wE, tauMem, 5e-3, tE);
    if (n >= 31)
      expect += doubleExponential(r, wI, tauMem, 10e-3, tI);
    ASSERT_NEAR(v(rec, n), expect, 1e-12) << "step " << n;
    peak = std::max(peak, std::abs(expect));
  }
  EXPECT_GT(peak, 0.1); // the comparison is not vacuous
}

TEST(Lif, SynapticTimeConstantEqualToMembraneUsesTheLimit) {
  // tauSyn == tauMem: betaSyn = r (dt/tauMem) alphaMem, and v follows
  // r w (t/tau) exp(-t/tau). Slightly different time constants give the
  // same response to within their difference (no cancellation blow-up).
  const double dt = 1e-4, tau = 10e-3, r = 2.0, w = 0.5;
  for (double rel : {0.0, 1e-12, -1e-9, 1e-6}) {
    LifModel m = lif(tau);
    m.r = r;
    m.spiking = false;
    m.tauSynExc = tau * (1 + rel);
    if (rel == 0.0)
      EXPECT_EQ(lifCoefficients(m, dt).betaSynExc,
                r * (dt / tau) * std::exp(-dt / tau));
    Recording rec = run(kicked(m, dt, {{0, w, SynapseType::Excitatory}}), 600);
    for (uint32_t n = 1; n < 600; ++n)
      ASSERT_NEAR(v(rec, n), doubleExponential(r, w, tau, tau, n * dt),
                  1e-12 + 2 * std::abs(rel))
          << "rel " << rel << ", step " << n;
  }
}

TEST(Lif, SynapticGainIsAccurateNearEqualTimeConstants) {
  // Reference: the textbook r tauSyn / (tauSyn - tauMem) (alphaSyn -
  // alphaMem), or its limit r (dt/tauMem) alphaMem, evaluated with mpmath at
  // 60 digits for the double inputs below (tauSyn = tauMem * ratio rounded to
  // double). Evaluated in double, the textbook form is off by 9e-11 at
  // ratio 1 - 1e-4, 5e-7 at 1 - 1e-8 and 0.4 % at 1 - 1e-12; synapticGain
  // stays within a few ulp everywhere.
  const double dt = 1e-4, tauMem = 20e-3, r = 1.25;
  const std::pair<double, double> cases[] = {
      {0.005, 0.0039392778770178392507},
      {0.25, 0.0061724191191362548034},
      {0.9, 0.0062171008625875779907},
      {1 - 1e-4, 0.0062188264400920388099},
      {1 - 1e-8, 0.0062188279947987939227},
      {1 - 1e-12, 0.0062188279949542490807},
      {1.0, 0.0062188279949542646262},
      {1 + 1e-12, 0.0062188279949542801743},
      {1 + 1e-8, 0.0062188279951097353239},
      {1.1, 0.0062202415791244244878},
      {4.0, 0.0062305028864975887492},
      {1e3, 0.0062343854101822647008}};
  for (auto [ratio, expect] : cases)
    EXPECT_NEAR(synapticGain(r, tauMem, tauMem * ratio, dt, Integrator::Exact) /
                    expect,
                1.0, 1e-15)
        << "tauSyn / tauMem = " << ratio;
  // IF with a synapse: r tauSyn (1 - alphaSyn) / dt (the double expression
  // below cancels in 1 - alphaSyn, hence the tolerance).
  EXPECT_NEAR(synapticGain(r, 0.0, 5e-3, dt, Integrator::Exact),
              r * 5e-3 * (1 - std::exp(-dt / 5e-3)) / dt, 1e-14);
  // Euler: r dt / tauMem, or r for IF.
  EXPECT_EQ(synapticGain(r, tauMem, 5e-3, dt, Integrator::Euler),
            r * (dt / tauMem));
  EXPECT_EQ(synapticGain(r, 0.0, 5e-3, dt, Integrator::Euler), r);
  // Extreme ratios stay finite: exp(dt/tauMem - dt/tauSyn) would overflow.
  // Here alphaMem underflows to 0 and the gain is tauSyn / (tauSyn -
  // tauMem) alphaSyn.
  double g = synapticGain(1.0, 1e-7, 1.0, 1e-4, Integrator::Exact);
  EXPECT_NEAR(g, 1.0 / (1.0 - 1e-7) * std::exp(-1e-4), 1e-15);
}

TEST(Lif, IfSynapticChargeMovesVByRTimesItsMeanCurrent) {
  // IF (tauMem = 0) with a synaptic current: a current held for a step moves
  // v by r I, so a charge w decaying with tauSyn moves v by r/dt times the
  // integral of the current: v(t) = r w (tauSyn/dt) (1 - exp(-t/tauSyn)),
  // exactly at every step end, and the increments decay by alphaSyn.
  const double dt = 1e-4, tauSyn = 5e-3, w = 2.0, r = 0.75;
  LifModel m = lif(0.0);
  m.r = r;
  m.spiking = false;
  m.tauSynInh = tauSyn;
  Recording rec = run(kicked(m, dt, {{0, w, SynapseType::Inhibitory}}), 300);
  EXPECT_EQ(v(rec, 0), 0.0);
  for (uint32_t n = 1; n < 300; ++n) {
    ASSERT_NEAR(v(rec, n),
                r * w * tauSyn / dt * -std::expm1(-(n * dt) / tauSyn), 1e-12)
        << "step " << n;
    ASSERT_NEAR((v(rec, n) - v(rec, n - 1)) / (r * w),
                tauSyn / dt * -std::expm1(-dt / tauSyn) *
                    std::exp(-(n - 1.0) * dt / tauSyn),
                1e-12)
        << "step " << n;
  }
}

TEST(Lif, EulerMatchesNorseLoop) {
  // Integrator::Euler is Norse's lif_feed_forward_step, per channel:
  //   v' = v + dt/tau_mem ((v_leak - v) + r (i_exc + i_inh))
  //   spike if v' > v_th, then v' = v_reset
  //   i' = i - dt/tau_syn i + input        (input added after the membrane)
  // The step's input first reaches v one step later.
  const double dt = 1e-3, tauMem = 10e-3, tauE = 5e-3, tauI = 8e-3;
  LifModel m = lif(tauMem);
  m.integrator = Integrator::Euler;
  m.vLeak = 0.2;
  m.vTh = 1.0;
  m.vReset = -0.1;
  m.r = 1.3;
  m.tauSynExc = tauE;
  m.tauSynInh = tauI;
  const uint32_t steps = 400;
  std::vector<Kick> kicks;
  std::vector<double> inE(steps, 0.0), inI(steps, 0.0);
  for (uint32_t n = 0; n + 1 < steps; ++n) {
    if (n % 3 == 0 || n % 7 == 1) {
      kicks.push_back({n, 2.5, SynapseType::Excitatory});
      inE[n + 1] += 2.5;
    }
    if (n % 5 == 2) {
      kicks.push_back({n, -1.5, SynapseType::Inhibitory});
      inI[n + 1] += -1.5;
    }
  }
  LifModel spiking = m;
  NetworkSpec net = kicked(spiking, dt, kicks);
  Recording rec = run(net, steps);
  double vv = 0, iE = 0, iI = 0;
  std::vector<uint32_t> expect;
  for (uint32_t n = 0; n < steps; ++n) {
    double dv = dt / tauMem * ((m.vLeak - vv) + m.r * (iE + iI));
    vv = vv + dv;
    if (vv > m.vTh) {
      expect.push_back(n);
      vv = m.vReset;
    }
    iE = iE + -dt / tauE * iE + inE[n];
    iI = iI + -dt / tauI * iI + inI[n];
    ASSERT_NEAR(v(rec, n), vv, 1e-12) << "step " << n;
  }
  EXPECT_GT(expect.size(), 10u);
  EXPECT_EQ(spikeSteps(rec), expect);
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
  EXPECT_DOUBLE_EQ(e.betaDirect, 3.0 * (1.0 - std::exp(-0.05)));
  EXPECT_DOUBLE_EQ(e.leak, -(1.0 - std::exp(-0.05)));
  EXPECT_DOUBLE_EQ(e.alphaSynExc, std::exp(-0.2));
  EXPECT_DOUBLE_EQ(e.alphaSynInh, std::exp(-0.1));
  // r tauSyn / (tauSyn - tauMem) (alphaSyn - alphaMem); the difference of
  // exponentials costs this double expression ~1e-15 relative.
  EXPECT_NEAR(e.betaSynExc,
              3.0 * 5.0 / (5.0 - 20.0) * (std::exp(-0.2) - std::exp(-0.05)),
              1e-14);
  EXPECT_NEAR(e.betaSynInh,
              3.0 * 10.0 / (10.0 - 20.0) * (std::exp(-0.1) - std::exp(-0.05)),
              1e-14);
  EXPECT_DOUBLE_EQ(e.alphaAdapt, std::exp(-0.01));
  EXPECT_EQ(e.refractorySteps, 3u); // round(2.5) = 3, half away from zero
  EXPECT_TRUE(e.synExc && e.synInh && e.adapt);
  EXPECT_FALSE(e.direct); // both channels filtered, no branches
  EXPECT_TRUE(lifCoefficients(m, dt, /*branchInput=*/true).direct);

  m.integrator = Integrator::Euler;
  LifCoefficients u = lifCoefficients(m, dt);
  EXPECT_DOUBLE_EQ(u.alphaMem, 1.0 - 0.05);
  EXPECT_DOUBLE_EQ(u.betaDirect, 3.0 * 0.05);
  EXPECT_DOUBLE_EQ(u.betaSynExc, 3.0 * 0.05);
  EXPECT_DOUBLE_EQ(u.betaSynInh, 3.0 * 0.05);
  EXPECT_DOUBLE_EQ(u.leak, -0.05);
  EXPECT_DOUBLE_EQ(u.alphaSynExc, 1.0 - 0.2);
  EXPECT_DOUBLE_EQ(u.alphaSynInh, 1.0 - 0.1);
  EXPECT_DOUBLE_EQ(u.alphaAdapt, 1.0 - 0.01);
}

TEST(Lif, LeakyIntegratorsNeverSpike) {
  const double dt = 1e-3, tauMem = 10e-3, w = 5.0;
  for (double tauSyn : {0.0, 5e-3}) { // LI and CubaLI
    LifModel m = lif(tauMem);
    m.spiking = false;
    m.tauSynExc = tauSyn;
    Recording r = run(drivenNeuron(m, w, dt, 200), 200);
    EXPECT_TRUE(r.spikes[0].step.empty());
    EXPECT_EQ(r.nodes[0].spikes, 0u);
    // LI: v_inf = r w. CubaLI: after each step's charge w the current is
    // I = w / (1 - alphaSyn) and v_inf = betaSyn I / (1 - alphaMem), close to
    // the continuous mean r w tauSyn / dt of a charge w every dt.
    double aM = std::exp(-dt / tauMem), aS = std::exp(-dt / 5e-3);
    double betaSyn = 5e-3 / (5e-3 - tauMem) * (aS - aM);
    double vInf = tauSyn > 0 ? betaSyn * (w / (1.0 - aS)) / (1.0 - aM) : w;
    EXPECT_NEAR(v(r, 199), vInf, 1e-3 * vInf);
    if (tauSyn > 0)
      EXPECT_NEAR(vInf, w * tauSyn / dt, 0.01 * vInf);
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
  // Reference loop of Semantics.md for an IF neuron with an exact synaptic
  // current, adaptation and refractoriness: the charge enters I, A decays,
  // v integrates betaSyn I unless frozen, theta = vTh + A, A += adaptJump
  // after a spike, then I decays. R = 2: one frozen step after each spike,
  // during which I keeps evolving.
  LifModel m = lif(0.0);
  m.tauAdapt = 10e-3;
  m.adaptJump = 0.5;
  m.tauSynExc = 3e-3;
  m.tRef = 2e-3;
  const double dt = 1e-3, w = 0.25;
  Recording r = run(drivenNeuron(m, w, dt, 200), 200);
  const double betaS = lifCoefficients(m, dt).betaSynExc;
  EXPECT_DOUBLE_EQ(betaS, 3e-3 * (1 - std::exp(-dt / 3e-3)) / dt);
  double v = 0, a = 0, i = 0, alphaA = std::exp(-dt / 10e-3),
         alphaS = std::exp(-dt / 3e-3);
  uint32_t frozen = 0;
  std::vector<uint32_t> expect;
  for (uint32_t n = 0; n < 200; ++n) {
    i = i + (n ? w : 0.0);
    a = alphaA * a;
    if (frozen > 0) {
      --frozen;
    } else {
      v = v + betaS * i;
      if (v > 1.0 + a) {
        expect.push_back(n);
        v = 0.0;
        frozen = 2 - 1;
        a += 0.5;
      }
    }
    i = alphaS * i;
    ASSERT_EQ(r.traces[0].values[n], v) << "step " << n;
  }
  EXPECT_GT(expect.size(), 5u);
  EXPECT_EQ(spikeSteps(r), expect);
}

TEST(Lif, SynapticCurrentKeepsEvolvingWhileFrozen) {
  // A CubaLIF starting above threshold spikes at step 0; a charge arriving
  // at step 4, inside its refractory period (R = 10: steps 1..9 frozen),
  // still enters the current and decays. At step 10 the membrane resumes
  // from vReset with the current w alphaSyn^6 and follows the double
  // exponential from there.
  const double dt = 1e-4, tauMem = 10e-3, tauSyn = 2e-3, w = 1.0;
  LifModel m = lif(tauMem);
  m.tRef = 1e-3;
  m.tauSynExc = tauSyn;
  Recording rec =
      run(kicked(m, dt, {{3, w, SynapseType::Excitatory}}, /*v0=*/2.0), 200);
  ASSERT_EQ(spikeSteps(rec), std::vector<uint32_t>{0});
  for (uint32_t n = 0; n < 10; ++n)
    ASSERT_EQ(v(rec, n), 0.0) << "frozen at step " << n;
  double i0 = w * std::exp(-6 * dt / tauSyn);
  for (uint32_t n = 10; n < 200; ++n)
    ASSERT_NEAR(v(rec, n),
                doubleExponential(1.0, i0, tauMem, tauSyn, (n + 1 - 10) * dt),
                1e-12)
        << "step " << n;
}

} // namespace
