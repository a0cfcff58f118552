//===- DiscretizeTest.cpp - Coefficients and s16.15 constants -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/FixedPoint.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dendron::rt;

namespace {

std::vector<FixedConstant> constantsOk(const NeuronModel &m, double dt) {
  FixedConstantsOrError r = fixedConstants(m, dt);
  if (auto *e = std::get_if<QuantizeError>(&r)) {
    ADD_FAILURE() << e->message;
    return {};
  }
  return std::get<std::vector<FixedConstant>>(r);
}

QuantizeError errorOf(const NeuronModel &m, double dt) {
  FixedConstantsOrError r = fixedConstants(m, dt);
  if (auto *e = std::get_if<QuantizeError>(&r))
    return *e;
  ADD_FAILURE() << "expected a quantization error";
  return {};
}

const FixedConstant *find(const std::vector<FixedConstant> &cs,
                          const std::string &name) {
  for (const FixedConstant &c : cs)
    if (c.name == name)
      return &c;
  return nullptr;
}

std::vector<std::string> names(const std::vector<FixedConstant> &cs) {
  std::vector<std::string> out;
  for (const FixedConstant &c : cs)
    out.push_back(c.name);
  return out;
}

TEST(Discretize, LifConstantNamesAndValues) {
  LifModel m;
  m.tauMem = 20e-3;
  m.vLeak = -0.5;
  m.vTh = 1.0;
  m.vReset = -0.25;
  m.r = 2.0;
  m.tRef = 2e-3;
  m.tauSynExc = 5e-3;
  m.tauAdapt = 0.1;
  m.adaptJump = 0.125;
  const double dt = 1e-3;
  std::vector<FixedConstant> cs = constantsOk(m, dt);
  // The inhibitory channel has no synaptic current: it uses betaDirect.
  EXPECT_EQ(names(cs), (std::vector<std::string>{
                           "alphaMem", "leak", "betaDirect", "vTh", "vReset",
                           "alphaSynExc", "betaSynExc", "alphaAdapt",
                           "adaptJump", "refractorySteps"}));
  EXPECT_EQ(find(cs, "alphaMem")->fixed, toFixed(std::exp(-0.05)));
  EXPECT_EQ(find(cs, "alphaMem")->fixed, 31170); // 31169.96
  EXPECT_EQ(find(cs, "betaDirect")->fixed, toFixed(2.0 * -std::expm1(-0.05)));
  EXPECT_EQ(find(cs, "leak")->fixed, toFixed(-0.5 * -std::expm1(-0.05)));
  EXPECT_EQ(find(cs, "vTh")->fixed, 32768);
  EXPECT_EQ(find(cs, "vReset")->fixed, -8192);
  EXPECT_EQ(find(cs, "adaptJump")->fixed, 4096);
  EXPECT_EQ(find(cs, "refractorySteps")->fixed, 2);
  EXPECT_DOUBLE_EQ(find(cs, "alphaSynExc")->real, std::exp(-0.2));
  // betaSynExc = r tauSyn / (tauSyn - tauMem) (alphaSyn - alphaMem)
  //            = 2 * 5 / (5 - 20) * (e^-0.2 - e^-0.05) = 0.0883311...
  EXPECT_NEAR(find(cs, "betaSynExc")->real,
              2.0 * 5.0 / (5.0 - 20.0) * (std::exp(-0.2) - std::exp(-0.05)),
              1e-15);
  EXPECT_EQ(find(cs, "betaSynExc")->fixed, 2894); // 2894.48
}

TEST(Discretize, ConstantNamesOfEveryLifFamilyModel) {
  // The names the compiler's snn-quantize pass attaches, per model.
  const double dt = 1e-3;
  LifModel lif;
  lif.tauMem = 20e-3;
  lif.tRef = 2e-3;
  EXPECT_EQ(names(constantsOk(lif, dt)),
            (std::vector<std::string>{"alphaMem", "leak", "betaDirect", "vTh",
                                      "vReset", "refractorySteps"}));

  LifModel cubaLif = lif;
  cubaLif.tauSynExc = 5e-3;
  cubaLif.tauSynInh = 10e-3;
  EXPECT_EQ(names(constantsOk(cubaLif, dt)),
            (std::vector<std::string>{
                "alphaMem", "leak", "vTh", "vReset", "alphaSynExc",
                "betaSynExc", "alphaSynInh", "betaSynInh", "refractorySteps"}));

  LifModel ifModel; // tauMem = 0
  EXPECT_EQ(names(constantsOk(ifModel, dt)),
            (std::vector<std::string>{"alphaMem", "leak", "betaDirect", "vTh",
                                      "vReset", "refractorySteps"}));

  LifModel li = lif;
  li.spiking = false;
  EXPECT_EQ(names(constantsOk(li, dt)),
            (std::vector<std::string>{"alphaMem", "leak", "betaDirect"}));

  LifModel cubaLi = li; // CubaLI: both channels share tauSyn
  cubaLi.tauSynExc = 5e-3;
  cubaLi.tauSynInh = 5e-3;
  EXPECT_EQ(
      names(constantsOk(cubaLi, dt)),
      (std::vector<std::string>{"alphaMem", "leak", "alphaSynExc", "betaSynExc",
                                "alphaSynInh", "betaSynInh"}));

  // A dendritic soma takes its branch outputs through betaDirect, even with
  // both channels filtered.
  DendriticModel den;
  den.soma = cubaLif;
  Branch b;
  b.tau = 5e-3;
  den.branches = {b};
  EXPECT_EQ(
      names(constantsOk(den, dt)),
      (std::vector<std::string>{
          "alphaMem", "leak", "betaDirect", "vTh", "vReset", "alphaSynExc",
          "betaSynExc", "alphaSynInh", "betaSynInh", "refractorySteps",
          "branch0.alpha", "branch0.threshold", "branch0.amplitude",
          "branch0.gain", "branch0.plateauSteps", "branch0.coupling"}));
  den.branches.clear();
  EXPECT_EQ(find(constantsOk(den, dt), "betaDirect"), nullptr);
}

TEST(Discretize, IfAndNonSpikingConstants) {
  LifModel m; // tauMem = 0: IF
  m.r = 0.5;
  std::vector<FixedConstant> cs = constantsOk(m, 1e-3);
  EXPECT_EQ(find(cs, "alphaMem")->fixed, 32768);
  EXPECT_EQ(find(cs, "leak")->fixed, 0);
  EXPECT_EQ(find(cs, "betaDirect")->fixed, 16384);
  m.spiking = false;
  cs = constantsOk(m, 1e-3);
  EXPECT_EQ(find(cs, "vTh"), nullptr);
  EXPECT_EQ(find(cs, "refractorySteps"), nullptr);
  // IF with a synaptic current: betaSyn = r tauSyn (1 - alphaSyn) / dt
  // = 0.5 * 4 * (1 - e^-0.25) = 0.4423984 -> 14496.5 -> 14497.
  m.tauSynExc = 4e-3;
  cs = constantsOk(m, 1e-3);
  EXPECT_EQ(find(cs, "betaSynExc")->fixed, 14497);
  EXPECT_NE(find(cs, "betaDirect"), nullptr); // inh is unfiltered
}

TEST(Discretize, IzhikevichConstants) {
  IzhikevichModel m;
  std::vector<FixedConstant> cs = constantsOk(m, 1e-4);
  EXPECT_EQ(find(cs, "k2")->fixed, 1311);
  EXPECT_EQ(find(cs, "k1")->fixed, 5 * 32768);
  EXPECT_EQ(find(cs, "k0")->fixed, 140 * 32768);
  EXPECT_EQ(find(cs, "dtMs")->fixed, 3277);
  EXPECT_EQ(find(cs, "a")->fixed, 655);
  EXPECT_EQ(find(cs, "c")->fixed, -65 * 32768);
  EXPECT_EQ(find(cs, "alphaSyn"), nullptr);
}

TEST(Discretize, DendriticBranchConstants) {
  DendriticModel m;
  m.soma.tauMem = 10e-3;
  Branch plateau;
  plateau.tau = 5e-3;
  plateau.plateauSteps = 7;
  Branch sigmoid;
  sigmoid.nonlinearity = BranchNonlinearity::Sigmoid;
  sigmoid.slope = 0.25;
  sigmoid.amplitude = 1.0;
  Branch relu;
  relu.nonlinearity = BranchNonlinearity::LeakyRelu;
  relu.slope = 0.5;
  relu.gain = 3.0;
  m.branches = {plateau, sigmoid, relu};
  std::vector<FixedConstant> cs = constantsOk(m, 1e-3);
  EXPECT_EQ(find(cs, "branch0.plateauSteps")->fixed, 7);
  EXPECT_EQ(find(cs, "branch0.alpha")->fixed, toFixed(std::exp(-0.2)));
  EXPECT_EQ(find(cs, "branch1.invSlope")->fixed, 4 * 32768);
  EXPECT_EQ(find(cs, "branch1.alpha"), nullptr); // tau = 0: d = x
  EXPECT_EQ(find(cs, "branch2.slopeGain")->fixed, toFixed(1.5));
  EXPECT_EQ(find(cs, "branch2.coupling")->fixed, 32768);

  m.branches[1].slope = 0.0;
  QuantizeError e = errorOf(m, 1e-3);
  EXPECT_EQ(e.parameter, "slope");
  m.branches[1].slope = 1e-6;
  e = errorOf(m, 1e-3);
  EXPECT_EQ(e.parameter, "branch1.invSlope");
  EXPECT_EQ(e.limit, "[-65536, 65536)");
}

TEST(Discretize, TimeConstantShorterThanDt) {
  LifModel m;
  m.tauMem = 20e-3;
  m.tauSynInh = 0.5e-3;
  QuantizeError e = errorOf(m, 1e-3);
  EXPECT_EQ(e.parameter, "tauSynInh");
  EXPECT_EQ(e.value, 0.5e-3);
  EXPECT_EQ(e.limit, ">= dt (0.001 s)");
  EXPECT_NE(e.message.find("tauSynInh = 0.0005 s is shorter than the timestep "
                           "dt = 0.001 s"),
            std::string::npos)
      << e.message;
  m.tauSynInh = 0.0; // zero switches the dynamics off: fine
  constantsOk(m, 1e-3);
  m.tauSynInh = 1e-3; // == dt: fine
  constantsOk(m, 1e-3);
}

TEST(Discretize, OutOfRangeAndRoundingToZero) {
  LifModel m;
  m.tauMem = 20e-3;
  m.vTh = 70000.0;
  QuantizeError e = errorOf(m, 1e-3);
  EXPECT_EQ(e.parameter, "vTh");
  EXPECT_EQ(e.limit, "[-65536, 65536)");
  EXPECT_NE(e.message.find("vTh = 70000 is outside the s16.15 range "
                           "[-65536, 65536)"),
            std::string::npos)
      << e.message;
  m.vTh = -65536.0; // the lower end is representable
  constantsOk(m, 1e-3);
  m.vTh = 65536.0; // the upper end is not
  EXPECT_EQ(errorOf(m, 1e-3).parameter, "vTh");

  m.vTh = 1.0;
  m.r = 1e-4; // betaDirect = 1e-4 * 0.0488 rounds to 0
  e = errorOf(m, 1e-3);
  EXPECT_EQ(e.parameter, "betaDirect");
  EXPECT_NE(e.message.find("rounds to 0"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("derived from r, tauMem and dt"), std::string::npos);

  m.r = 1e6; // betaDirect = 48771 fits, r itself is not a constant
  constantsOk(m, 1e-3);
  m.r = 2e6;
  EXPECT_EQ(errorOf(m, 1e-3).parameter, "betaDirect");

  // Both channels filtered: no betaDirect, and the synaptic gains are
  // checked. betaSynExc = r * 5/(5 - 20) (e^-0.2 - e^-0.05) = 0.0442 r.
  m.tauSynExc = 5e-3;
  m.tauSynInh = 5e-3;
  m.r = 1e-4; // 4.4e-6 rounds to 0
  e = errorOf(m, 1e-3);
  EXPECT_EQ(e.parameter, "betaSynExc");
  EXPECT_NE(e.message.find("derived from r, tauMem, tauSynExc and dt"),
            std::string::npos)
      << e.message;
  m.r = 2e6; // 88331 is out of range
  e = errorOf(m, 1e-3);
  EXPECT_EQ(e.parameter, "betaSynExc");
  EXPECT_EQ(e.limit, "[-65536, 65536)");
  m.r = 1.0;

  m.r = NAN;
  EXPECT_EQ(errorOf(m, 1e-3).parameter, "r");
  m.r = 1.0;
  e = errorOf(m, -1.0);
  EXPECT_EQ(e.parameter, "dt");
}

TEST(Discretize, WeightChecks) {
  EXPECT_FALSE(checkFixedWeight(0.0).has_value());
  EXPECT_FALSE(checkFixedWeight(-65536.0).has_value());
  EXPECT_FALSE(checkFixedWeight(1.0 / 65536.0).has_value()); // rounds to 1
  std::optional<QuantizeError> e = checkFixedWeight(1e-6);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->parameter, "weight");
  EXPECT_NE(e->message.find("rounds to 0"), std::string::npos);
  e = checkFixedWeight(70000.0);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->limit, "[-65536, 65536)");
  EXPECT_TRUE(checkFixedWeight(INFINITY).has_value());
}

TEST(Discretize, PlasticityConstants) {
  ThreeFactorRule r;
  r.pairing.tauPlus = 20e-3;
  FixedConstantsOrError res = fixedPlasticityConstants(r, 1e-3);
  ASSERT_TRUE(std::holds_alternative<std::vector<FixedConstant>>(res));
  auto cs = std::get<std::vector<FixedConstant>>(res);
  EXPECT_EQ(names(cs),
            (std::vector<std::string>{
                "alphaPlus", "alphaMinus", "aPlus", "aMinus", "wMin", "wMax",
                "alphaEligibility", "alphaModulator", "learningRate"}));
  EXPECT_EQ(find(cs, "alphaPlus")->fixed, toFixed(std::exp(-0.05)));
  r.pairing.tauMinus = 0.0;
  res = fixedPlasticityConstants(r, 1e-3);
  ASSERT_TRUE(std::holds_alternative<QuantizeError>(res));
  EXPECT_EQ(std::get<QuantizeError>(res).parameter, "tauMinus");
  EXPECT_TRUE(std::get<std::vector<FixedConstant>>(
                  fixedPlasticityConstants(std::monostate{}, 1e-3))
                  .empty());
}

TEST(Discretize, DecayFactor) {
  EXPECT_DOUBLE_EQ(decayFactor(10e-3, 1e-3, Integrator::Exact), std::exp(-0.1));
  EXPECT_DOUBLE_EQ(decayFactor(10e-3, 1e-3, Integrator::Euler), 0.9);
  IzhikevichModel z;
  z.tauSyn = 2e-3;
  IzhikevichCoefficients c = izhikevichCoefficients(z, 5e-4);
  EXPECT_DOUBLE_EQ(c.dtMs, 0.5);
  EXPECT_DOUBLE_EQ(c.alphaSyn, std::exp(-0.25));
}

} // namespace
