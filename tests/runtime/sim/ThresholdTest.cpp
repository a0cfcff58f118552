//===- ThresholdTest.cpp - Memoryless threshold units (Semantics 7) -------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// NIR's Threshold: a LifModel with `memoryless` set is discretised to
// alphaMem = 0, leak = 0, betaDirect = 1, so the simulator's unchanged LIF
// kernel makes v exactly each step's input and spikes iff v > vTh (then v is
// vReset = 0), in both profiles.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "dendron/Runtime/Discretize.h"

#include <map>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

LifModel thresholdUnit(double vTh) {
  LifModel m;
  m.memoryless = true;
  m.vTh = vTh;
  m.vReset = 0.0;
  // Ignored by a memoryless unit.
  m.tauMem = 20e-3;
  m.r = 3.0;
  m.vLeak = 0.7;
  return m;
}

TEST(Threshold, Coefficients) {
  LifCoefficients c = lifCoefficients(thresholdUnit(0.5), 1e-3, false);
  EXPECT_EQ(c.alphaMem, 0.0);
  EXPECT_EQ(c.leak, 0.0);
  EXPECT_EQ(c.betaDirect, 1.0);
  EXPECT_EQ(c.vTh, 0.5);
  EXPECT_EQ(c.vReset, 0.0);
  EXPECT_TRUE(c.spiking);
  FixedConstantsOrError r = fixedConstants(thresholdUnit(0.5), 1e-3);
  ASSERT_TRUE(std::holds_alternative<std::vector<FixedConstant>>(r))
      << std::get<QuantizeError>(r).message;
  std::map<std::string, int64_t> fixed;
  for (const FixedConstant &k : std::get<std::vector<FixedConstant>>(r))
    fixed[k.name] = k.fixed;
  EXPECT_EQ(fixed.at("alphaMem"), 0);
  EXPECT_EQ(fixed.at("leak"), 0);
  EXPECT_EQ(fixed.at("betaDirect"), 32768);
  EXPECT_EQ(fixed.at("vTh"), 16384);
  EXPECT_EQ(fixed.at("vReset"), 0);
}

class ThresholdProfiles : public ::testing::TestWithParam<NumericProfile> {};

TEST_P(ThresholdProfiles, VoltageIsTheInputAndSpikesStrictlyAbove) {
  // Four units, vTh = 0.5, each with its own weight from its own input
  // neuron and a bias 0.25: x[n] = 0.25 + w_i s_i[n - 1]. Unit 0 (w = 0.25)
  // reaches exactly 0.5 and never fires (strictly above); units 1 and 2 fire
  // on every step their input spiked the step before; unit 3 goes negative.
  const std::vector<double> w = {0.25, 0.5, 1.75, -1.0};
  const double bias = 0.25, vTh = 0.5;
  const uint32_t steps = 40, n = 4;
  std::vector<uint32_t> neuron, step;
  for (uint32_t s = 0; s < steps; ++s)
    for (uint32_t i = 0; i < n; ++i)
      if ((s * 7 + i * 3) % 5 < 2) {
        neuron.push_back(i);
        step.push_back(s);
      }
  NetworkSpec net;
  net.name = "threshold";
  net.dt = 1e-3;
  net.profile = GetParam();
  net.populations.push_back(population("thr", n, thresholdUnit(vTh)));
  net.sources.push_back(spikesAt("in", n, neuron, step));
  Projection p;
  p.pre = src(0);
  p.post = pop(0);
  DenseConnector d;
  d.weights.assign(n * n, 0.0);
  for (uint32_t i = 0; i < n; ++i)
    d.weights[i * n + i] = w[i];
  p.connector = d;
  p.bias.assign(n, bias);
  net.projections.push_back(p);
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  Recording r = run(net, steps);
  ASSERT_EQ(r.traces.size(), 1u);
  std::vector<std::vector<bool>> input(steps, std::vector<bool>(n, false));
  for (size_t k = 0; k < neuron.size(); ++k)
    input[step[k]][neuron[k]] = true;
  std::vector<std::pair<uint32_t, uint32_t>> want, got;
  for (uint32_t s = 0; s < steps; ++s)
    for (uint32_t i = 0; i < n; ++i) {
      double x = bias + (s > 0 && input[s - 1][i] ? w[i] : 0.0);
      bool spikes = x > vTh;
      if (spikes)
        want.push_back({s, i});
      // v is the input; on a spike step it is then reset to vReset = 0.
      EXPECT_EQ(r.traces[0].values[s * n + i], spikes ? 0.0 : x)
          << "step " << s << " neuron " << i;
    }
  for (size_t k = 0; k < r.spikes[0].step.size(); ++k)
    got.push_back({r.spikes[0].step[k], r.spikes[0].neuron[k]});
  EXPECT_EQ(got, want);
  EXPECT_FALSE(want.empty());
}

INSTANTIATE_TEST_SUITE_P(Profiles, ThresholdProfiles,
                         ::testing::Values(NumericProfile::Float,
                                           NumericProfile::S16_15),
                         profileName);

} // namespace
