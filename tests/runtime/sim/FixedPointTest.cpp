//===- FixedPointTest.cpp - The S16_15 profile ----------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/FixedPoint.h"

#include <cmath>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

constexpr double kLsb = 1.0 / 32768.0;

TEST(FixedPoint, ToFixedRoundsHalfAwayFromZero) {
  EXPECT_EQ(toFixed(1.0), 32768);
  EXPECT_EQ(toFixed(-1.0), -32768);
  EXPECT_EQ(toFixed(0.5 * kLsb), 1);
  EXPECT_EQ(toFixed(-0.5 * kLsb), -1);
  EXPECT_EQ(toFixed(1.5 * kLsb), 2);
  EXPECT_EQ(toFixed(-1.5 * kLsb), -2);
  EXPECT_EQ(toFixed(2.5 * kLsb), 3);
  EXPECT_EQ(toFixed(-2.5 * kLsb), -3);
  EXPECT_EQ(toFixed(0.49 * kLsb), 0);
  EXPECT_EQ(toFixed(-0.49 * kLsb), 0);
  EXPECT_EQ(toFixed(0.1), 3277); // 3276.8
  EXPECT_EQ(toFixed(-0.1), -3277);
  EXPECT_EQ(toFixed(-65536.0), INT32_MIN);
  EXPECT_EQ(toFixed(65535.0), 65535 * 32768);
  EXPECT_EQ(toFixed(1e9), INT32_MAX);
  EXPECT_EQ(toFixed(-1e9), INT32_MIN);
  EXPECT_EQ(toFixed(std::nan("")), 0);
}

TEST(FixedPoint, MultiplyRoundsHalfUpAndSaturates) {
  EXPECT_EQ(mulFixed(32768, 12345), 12345); // 1.0 * x = x
  EXPECT_EQ(mulFixed(-32768, 12345), -12345);
  EXPECT_EQ(mulFixed(1, 16384), 1);  // +0.5 LSB rounds up
  EXPECT_EQ(mulFixed(-1, 16384), 0); // -0.5 LSB rounds up to 0
  EXPECT_EQ(mulFixed(-1, 16385), -1);
  EXPECT_EQ(mulFixed(3, 16384), 2);   // 1.5 LSB -> 2
  EXPECT_EQ(mulFixed(-3, 16384), -1); // -1.5 LSB -> -1
  EXPECT_EQ(mulFixed(INT32_MAX, INT32_MAX), INT32_MAX);
  EXPECT_EQ(mulFixed(INT32_MIN, INT32_MAX), INT32_MIN);
  EXPECT_EQ(mulFixed(INT32_MIN, INT32_MIN), INT32_MAX);
  EXPECT_EQ(addFixed(INT32_MAX, 1), INT32_MAX);
  EXPECT_EQ(subFixed(INT32_MIN, 1), INT32_MIN);
  EXPECT_EQ(saturate32(int64_t(1) << 40), INT32_MAX);
}

TEST(FixedPoint, SigmoidTable) {
  EXPECT_EQ(sigmoidFixed(0), 16384);
  EXPECT_EQ(sigmoidFixed(INT32_MIN), 11);
  EXPECT_EQ(sigmoidFixed(INT32_MAX), 32757);
  for (int k = 0; k < kSigmoidKnots; ++k) {
    EXPECT_EQ(kSigmoidTable[k] + kSigmoidTable[kSigmoidKnots - 1 - k], 32768);
    EXPECT_EQ(sigmoidFixed(toFixed(-8.0 + 0.25 * k)), kSigmoidTable[k]);
  }
  int32_t prev = 0;
  double maxErr = 0;
  for (int32_t z = -10 * 32768; z <= 10 * 32768; z += 7) {
    int32_t s = sigmoidFixed(z);
    ASSERT_GE(s, prev);
    prev = s;
    maxErr = std::max(
        maxErr, std::abs(fromFixed(s) - 1.0 / (1.0 + std::exp(-fromFixed(z)))));
  }
  EXPECT_LT(maxErr, 7.7e-4);
}

LifModel nonSpikingIf() {
  LifModel m;
  m.tauMem = 0.0;
  m.spiking = false;
  return m;
}

TEST(FixedPoint, MembraneSaturatesWithoutWrapping) {
  NetworkSpec net = drivenNeuron(nonSpikingIf(), 60000.0, 1e-3, 6, 0.0,
                                 NumericProfile::S16_15);
  Recording r = run(net, 6);
  const auto &v = r.traces[0].values;
  EXPECT_EQ(v[0], 0.0);
  EXPECT_EQ(v[1], 60000.0);
  for (int n = 2; n < 6; ++n)
    EXPECT_EQ(v[n], fromFixed(INT32_MAX)) << "step " << n;
}

TEST(FixedPoint, InputsAccumulateExactlyAndSaturateWhenRead) {
  // 100 synapses of +60000 arrive in one step: the int64 accumulator holds
  // 6e6 and saturates to INT32_MAX when read. Then +60000 x 3 and -60000 x 3
  // in one step cancel exactly whatever the order.
  NetworkSpec net;
  net.dt = 1e-3;
  net.profile = NumericProfile::S16_15;
  LifModel m = nonSpikingIf();
  m.tauMem = 10e-3;
  m.vLeak = 0.0;
  m.r = 1.0 / (1.0 - std::exp(-0.1)); // betaDirect = 1
  net.populations.push_back(population("n", 1, m));
  net.sources.push_back(everyStep("big", 100, 0, 1));
  std::vector<uint32_t> neuron, step;
  for (uint32_t k = 0; k < 6; ++k) {
    neuron.push_back(k);
    step.push_back(3);
  }
  net.sources.push_back(spikesAt("mixed", 6, neuron, step));
  Projection big;
  big.pre = src(0);
  big.post = pop(0);
  DenseConnector d;
  d.weights.assign(100, 60000.0);
  big.connector = d;
  net.projections.push_back(big);
  Projection mixed;
  mixed.pre = src(1);
  mixed.post = pop(0);
  d.weights = {60000, -60000, 60000, -60000, -60000, 60000};
  mixed.connector = d;
  net.projections.push_back(mixed);
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  Recording r = run(net, 6);
  const auto &v = r.traces[0].values;
  double alpha = fromFixed(toFixed(std::exp(-0.1)));
  EXPECT_EQ(v[1], fromFixed(INT32_MAX)); // alpha*0 + 1 * INT32_MAX
  EXPECT_NEAR(v[2], alpha * v[1], 2 * kLsb);
  EXPECT_NEAR(v[4], alpha * v[3], 2 * kLsb); // the mixed input summed to 0
}

TEST(FixedPoint, LifTrajectoryWithinFewLsbOfFloat) {
  LifModel m;
  m.tauMem = 20e-3;
  m.vTh = 1000.0;
  m.tauSynExc = 5e-3;
  const double dt = 1e-4;
  NetworkSpec f = drivenNeuron(m, 0.3, dt, 2000, 0.0);
  NetworkSpec q = f;
  q.profile = NumericProfile::S16_15;
  Recording a = run(f, 2000), b = run(q, 2000);
  // Under a constant charge w per step, v_n = betaSyn w sum_k alphaMem^k
  // sum_j alphaSyn^j (partial geometric sums of positive terms). Rounding a
  // constant to s16.15 changes betaSyn by its relative error, and a partial
  // sum 1 + alpha + ... by at most what it changes the full sum
  // 1 / (1 - alpha). The error is dominated by these three roundings: betaSyn
  // = 0.0049379 -> 162 / 2^15 (+0.12 %), 1 / (1 - alphaMem) (1 - 0.9950125 =
  // 163.43 / 2^15 -> 163 / 2^15: +0.26 %) and 1 / (1 - alphaSyn) (-0.02 %).
  LifCoefficients c = lifCoefficients(m, dt);
  auto quantized = [](double x) { return fromFixed(toFixed(x)); };
  auto rel = [](double x, double y) { return std::abs(x - y) / std::abs(y); };
  double relGain = rel(quantized(c.betaSynExc), c.betaSynExc) +
                   rel(1.0 - c.alphaMem, 1.0 - quantized(c.alphaMem)) +
                   rel(1.0 - c.alphaSynExc, 1.0 - quantized(c.alphaSynExc));
  EXPECT_GT(relGain, 3e-3);
  EXPECT_LT(relGain, 5e-3);
  EXPECT_GT(a.traces[0].values[1999], 10.0);
  for (uint32_t n = 0; n < 2000; ++n)
    ASSERT_NEAR(b.traces[0].values[n], a.traces[0].values[n],
                (relGain + 1e-3) * std::abs(a.traces[0].values[n]) + 4 * kLsb)
        << "step " << n;
}

TEST(FixedPoint, FloatAndFixedSpikeTrainsAgreeOnSmallNetwork) {
  // Feed-forward: 200 Poisson inputs -> 50 LIF neurons. Rounding moves a
  // threshold crossing by at most a step or two; nothing amplifies it.
  NetworkSpec net;
  net.dt = 1e-3;
  LifModel m;
  m.tauMem = 20e-3;
  m.tauSynExc = 5e-3;
  m.tRef = 2e-3;
  net.populations.push_back(population("lif", 50, m));
  net.sources.push_back(Source{"in", 200, PoissonSource{20.0, 5}});
  Projection p;
  p.pre = src(0);
  p.post = pop(0);
  ProceduralConnector c;
  c.p = 0.2;
  c.weight.kind = RealDistribution::Kind::Uniform;
  c.weight.a = 0.0;
  c.weight.b = 0.6;
  c.seed = 17;
  p.connector = c;
  net.projections.push_back(p);
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  Recording f = run(net, 2000);
  net.profile = NumericProfile::S16_15;
  Recording q = run(net, 2000);
  const SpikeTrain &a = f.spikes[0], &b = q.spikes[0];
  ASSERT_GT(a.step.size(), 500u);
  EXPECT_NEAR(double(b.step.size()) / a.step.size(), 1.0, 0.03);
  // Most float spikes have a fixed-point spike of the same neuron within two
  // steps.
  std::vector<std::vector<uint32_t>> byNeuron(50);
  for (size_t k = 0; k < b.step.size(); ++k)
    byNeuron[b.neuron[k]].push_back(b.step[k]);
  size_t matched = 0;
  for (size_t k = 0; k < a.step.size(); ++k)
    for (uint32_t s : byNeuron[a.neuron[k]])
      if (std::abs(int(s) - int(a.step[k])) <= 2) {
        ++matched;
        break;
      }
  EXPECT_GT(double(matched) / a.step.size(), 0.95);

  // Recurrent (CUBA): chaotic, so only the population rates agree.
  NetworkSpec rec = cuba(1e-4, 400);
  Recording rf = run(rec, 2000);
  rec.profile = NumericProfile::S16_15;
  Recording rq = run(rec, 2000);
  double nf = double(rf.nodes[0].spikes + rf.nodes[1].spikes);
  double nq = double(rq.nodes[0].spikes + rq.nodes[1].spikes);
  ASSERT_GT(nf, 100.0);
  EXPECT_NEAR(nq / nf, 1.0, 0.1);
}

TEST(FixedPoint, ConstantDriveSpikeTimesMatchFloat) {
  LifModel m;
  m.tauMem = 20e-3;
  m.tRef = 2e-3;
  NetworkSpec f = drivenNeuron(m, 1.5, 1e-4, 3000);
  NetworkSpec q = f;
  q.profile = NumericProfile::S16_15;
  Recording a = run(f, 3000), b = run(q, 3000);
  ASSERT_EQ(a.spikes[0].step.size(), b.spikes[0].step.size());
  for (size_t k = 0; k < a.spikes[0].step.size(); ++k)
    EXPECT_LE(std::abs(int(a.spikes[0].step[k]) - int(b.spikes[0].step[k])), 1);
}

} // namespace
