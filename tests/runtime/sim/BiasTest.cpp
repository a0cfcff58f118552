//===- BiasTest.cpp - Projection biases (docs/Semantics.md, "Bias") -------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/Kernels.h"

#include <cmath>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

double v(const Recording &r, uint32_t n) { return r.traces[0].values[n]; }

/// A projection from `pre` into population `post` of `postSize` neurons with
/// all-zero dense weights and a bias `b` per post neuron.
Projection biasOnly(NodeRef pre, uint32_t preSize, NodeRef post,
                    uint32_t postSize, double b,
                    SynapseType type = SynapseType::Excitatory) {
  Projection p;
  p.pre = pre;
  p.post = post;
  DenseConnector d;
  d.weights.assign(size_t(preSize) * postSize, 0.0);
  p.connector = d;
  p.synapse = type;
  p.bias.assign(postSize, b);
  return p;
}

/// One neuron of `model` driven by a bias `b` alone: a silent source feeds it
/// through zero weights.
NetworkSpec biasedNeuron(const LifModel &model, double b, double dt,
                         double v0 = 0.0,
                         NumericProfile profile = NumericProfile::Float) {
  NetworkSpec net;
  net.name = "bias";
  net.dt = dt;
  net.profile = profile;
  net.populations.push_back(population("n", 1, model, v0));
  net.sources.push_back(spikesAt("silent", 1, {}, {}));
  net.projections.push_back(biasOnly(src(0), 1, pop(0), 1, b));
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  return net;
}

LifModel lif(double tauMem) {
  LifModel m;
  m.tauMem = tauMem;
  m.vTh = 1.0;
  return m;
}

TEST(Bias, ExactLifReachesClosedFormSteadyState) {
  // The bias is a held input x = b from step 0 on: v_n = v_inf + (v0 -
  // v_inf) alpha^(n+1), v_inf = vLeak + r b.
  const double dt = 1e-4, tau = 20e-3, b = 0.8;
  LifModel m = lif(tau);
  m.vLeak = -0.2;
  m.r = 1.5;
  m.vTh = 100.0;
  const double v0 = 0.3;
  Recording r = run(biasedNeuron(m, b, dt, v0), 3000);
  const double alpha = std::exp(-dt / tau);
  const double vInf = m.vLeak + m.r * b;
  for (uint32_t n = 0; n < 3000; ++n)
    ASSERT_NEAR(v(r, n), vInf + (v0 - vInf) * std::pow(alpha, n + 1), 1e-10)
        << "step " << n;
  EXPECT_NEAR(v(r, 2999), vInf, 1e-6);
  EXPECT_TRUE(r.spikes[0].step.empty());
}

TEST(Bias, ExactLifWithSynapticCurrentReachesSteadyState) {
  // With an Exact synaptic current the bias is a charge b at the start of
  // every step: before the decay the current settles at I* = b / (1 -
  // alphaSyn), and v at v* = vLeak + betaSyn I* / (1 - alphaMem).
  const double dt = 1e-4, tau = 20e-3, tauSyn = 5e-3, b = 0.01;
  LifModel m = lif(tau);
  m.tauSynExc = tauSyn;
  m.vLeak = -0.1;
  m.r = 2.0;
  m.vTh = 100.0;
  Recording r = run(biasedNeuron(m, b, dt), 30000);
  const double alphaMem = std::exp(-dt / tau),
               alphaSyn = std::exp(-dt / tauSyn);
  const double betaSyn = m.r * tauSyn / (tauSyn - tau) * (alphaSyn - alphaMem);
  const double iStar = b / (1.0 - alphaSyn);
  const double vStar = m.vLeak + betaSyn * iStar / (1.0 - alphaMem);
  EXPECT_NEAR(v(r, 29999), vStar, 1e-9 * std::fabs(vStar) + 1e-12);
  // About r b tauSyn / dt above rest (the mean current of a charge b per dt).
  EXPECT_NEAR(vStar - m.vLeak, m.r * b * tauSyn / dt,
              0.01 * m.r * b * tauSyn / dt);
}

class BiasProfile : public ::testing::TestWithParam<NumericProfile> {};

TEST_P(BiasProfile, IfFiresEveryFloorOfThresholdOverRbPlusOneSteps) {
  // IF (tauMem = 0) from v = 0: v after step n is (n + 1) r b, and the
  // threshold is strict, so it fires when (n + 1) r b > vTh: every
  // P = floor(vTh / (r b)) + 1 steps (= ceil(vTh / (r b)) unless vTh / (r b)
  // is an integer), at steps P - 1, 2P - 1, ...
  for (auto [b, period] : {std::pair{0.3, 4u}, {0.25, 5u}, {0.07, 15u}}) {
    LifModel m = lif(0.0);
    NetworkSpec net = biasedNeuron(m, b, 1e-3, 0.0, GetParam());
    Recording r = run(net, 100);
    ASSERT_EQ(uint32_t(std::floor(m.vTh / (m.r * b))) + 1, period);
    std::vector<uint32_t> expect;
    for (uint32_t s = period - 1; s < 100; s += period)
      expect.push_back(s);
    EXPECT_EQ(r.spikes[0].step, expect) << "b = " << b;
  }
}

/// Replays the kernel of Kernels.h with the inputs docs/Semantics.md
/// defines: the summed biases of a channel are the first term of its
/// accumulator at every step, weighted spikes are added after them.
template <class Ops>
std::vector<double> replay(const LifModel &m, double dt, double v0,
                           std::vector<double> biasExc,
                           std::vector<double> biasInh, double w,
                           uint32_t steps, std::vector<uint32_t> &spikes) {
  using V = typename Ops::Value;
  using Acc = typename Ops::Acc;
  LifParams<Ops> p = LifParams<Ops>::make(lifCoefficients(m, dt));
  V vv = Ops::constant(v0), ie{}, ii{}, a{};
  uint32_t ref = 0;
  Acc be{}, bi{};
  for (double b : biasExc)
    be += Acc(Ops::constant(b));
  for (double b : biasInh)
    bi += Acc(Ops::constant(b));
  std::vector<double> trace;
  for (uint32_t n = 0; n < steps; ++n) {
    Acc xe = be, xi = bi;
    if (n >= 1)
      xe += Acc(Ops::constant(w));
    if (lifStep(p, vv, ie, ii, a, ref, Ops::input(xe), Ops::input(xi)))
      spikes.push_back(n);
    if constexpr (Ops::isFixed)
      trace.push_back(fromFixed(vv));
    else
      trace.push_back(vv);
  }
  return trace;
}

TEST_P(BiasProfile, SummedBiasesEnterEachStepBeforeTheDeliveries) {
  // Two excitatory biases and one inhibitory bias on a CubaLIF, plus a spike
  // of weight w every step from step 1 on: bit-identical to the kernel fed
  // with x_exc = (b1 + b2) + w, x_inh = b3 (toFixed of each in s16.15).
  const double dt = 1e-4;
  for (Integrator integrator : {Integrator::Exact, Integrator::Euler}) {
    LifModel m = lif(10e-3);
    m.tauSynExc = 3e-3;
    m.tauSynInh = 6e-3;
    m.vLeak = 0.1;
    m.vTh = 0.6;
    m.vReset = 0.05;
    m.tRef = 5e-4;
    m.integrator = integrator;
    const double b1 = 0.0123, b2 = 0.004567, b3 = -0.00321, w = 0.0071;
    NetworkSpec net;
    net.dt = dt;
    net.profile = GetParam();
    net.populations.push_back(population("n", 1, m, 0.2));
    net.sources.push_back(everyStep("drive", 1, 0, 2000));
    net.projections.push_back(biasOnly(src(0), 1, pop(0), 1, b1));
    net.projections.push_back(oneToOne(src(0), pop(0), w));
    net.projections.push_back(
        biasOnly(pop(0), 1, pop(0), 1, b3, SynapseType::Inhibitory));
    net.projections.push_back(biasOnly(src(0), 1, pop(0), 1, b2));
    net.probes.push_back({pop(0), ProbeVariable::Spikes});
    net.probes.push_back({pop(0), ProbeVariable::Voltage});
    Recording r = run(net, 2000, 2);
    std::vector<uint32_t> spikes;
    std::vector<double> trace =
        GetParam() == NumericProfile::Float
            ? replay<FloatOps>(m, dt, 0.2, {b1, b2}, {b3}, w, 2000, spikes)
            : replay<FixedOps>(m, dt, 0.2, {b1, b2}, {b3}, w, 2000, spikes);
    ASSERT_FALSE(spikes.empty());
    EXPECT_EQ(r.spikes[0].step, spikes);
    for (uint32_t n = 0; n < 2000; ++n)
      ASSERT_EQ(v(r, n), trace[n]) << "step " << n;
  }
}

TEST_P(BiasProfile, DelayedProjectionsKeepTheBiasEveryStep) {
  // With a deeper ring (delay 7) every slot still receives the bias once
  // per use: an IF neuron integrates exactly b per step.
  LifModel m = lif(0.0);
  m.vTh = 1000.0;
  NetworkSpec net = biasedNeuron(m, 0.5, 1e-3, 0.0, GetParam());
  net.projections.push_back(oneToOne(src(0), pop(0), 0.0, 7));
  Recording r = run(net, 50);
  for (uint32_t n = 0; n < 50; ++n)
    ASSERT_EQ(v(r, n), 0.5 * (n + 1)) << "step " << n;
}

INSTANTIATE_TEST_SUITE_P(Profiles, BiasProfile,
                         ::testing::Values(NumericProfile::Float,
                                           NumericProfile::S16_15),
                         profileName);

TEST(Bias, Validation) {
  LifModel m = lif(10e-3);
  NetworkSpec net = biasedNeuron(m, 0.5, 1e-3);
  EXPECT_EQ(validate(net), "");
  net.projections[0].bias.assign(3, 0.5);
  EXPECT_EQ(validate(net),
            "projection 0 ('silent' -> 'n'): bias has 3 values but the post "
            "population 'n' has 1 neurons (one value per post neuron, or "
            "none)");
  net.projections[0].bias = {NAN};
  EXPECT_EQ(validate(net),
            "projection 0 ('silent' -> 'n'): bias 0 = nan is not "
            "finite");
  net.projections[0].bias = {70000.0};
  EXPECT_EQ(validate(net), "");
  net.profile = NumericProfile::S16_15;
  EXPECT_EQ(validate(net),
            "projection 0 ('silent' -> 'n'): bias 0: bias = 70000 "
            "is outside the s16.15 range [-65536, 65536)");
  RunOptions o;
  o.steps = 3;
  std::string error;
  EXPECT_FALSE(simulate(net, o, error).has_value());
  EXPECT_EQ(error, validate(net));
}

} // namespace
