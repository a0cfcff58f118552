//===- ValidateTest.cpp - Error messages for invalid networks -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <cmath>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

/// A valid network: source "in" (3) -> population "a" (3) -> "b" (2).
NetworkSpec base() {
  NetworkSpec net;
  net.dt = 1e-3;
  LifModel m;
  m.tauMem = 10e-3;
  net.populations.push_back(population("a", 3, m));
  net.populations.push_back(population("b", 2, m));
  net.sources.push_back(spikesAt("in", 3, {0, 1}, {0, 1}));
  net.projections.push_back(oneToOne(src(0), pop(0), 1.0));
  Projection p;
  p.pre = pop(0);
  p.post = pop(1);
  DenseConnector d;
  d.weights.assign(6, 0.5);
  p.connector = d;
  net.projections.push_back(p);
  net.probes.push_back({pop(1), ProbeVariable::Spikes});
  return net;
}

/// Expects validate() and simulate() to fail with a message containing every
/// fragment.
void expectError(const NetworkSpec &net,
                 std::initializer_list<const char *> fragments,
                 const RunOptions *run = nullptr) {
  std::string msg = validate(net, run);
  ASSERT_FALSE(msg.empty()) << "network unexpectedly valid";
  for (const char *f : fragments)
    EXPECT_NE(msg.find(f), std::string::npos)
        << "message: " << msg << "\nmissing: " << f;
  RunOptions o = run ? *run : RunOptions();
  o.steps = 5;
  std::string error;
  EXPECT_FALSE(simulate(net, o, error).has_value());
  if (run)
    EXPECT_EQ(error, msg);
}

TEST(Validate, BaseNetworkIsValid) {
  EXPECT_EQ(validate(base()), "");
  RunOptions o;
  EXPECT_EQ(validate(base(), &o), "");
}

TEST(Validate, BadNodeIndex) {
  NetworkSpec net = base();
  net.projections[1].pre = pop(7);
  expectError(net, {"projection 1:", "pre population index 7 out of range",
                    "network has 2 populations"});
  net = base();
  net.projections[0].pre = src(4);
  expectError(net, {"projection 0:", "pre source index 4 out of range"});
  net = base();
  net.probes.push_back({pop(9), ProbeVariable::Spikes});
  expectError(net, {"probe 1:", "node population index 9 out of range"});
}

TEST(Validate, PostMustBeAPopulation) {
  NetworkSpec net = base();
  net.projections[0].post = src(0);
  expectError(net, {"projection 0", "post must be a population, not a source"});
}

TEST(Validate, SizeMismatch) {
  NetworkSpec net = base();
  net.projections.push_back(oneToOne(pop(0), pop(1), 1.0));
  expectError(net, {"projection 2 ('a' -> 'b')",
                    "one-to-one connector needs equal sizes, got pre 3 and "
                    "post 2"});
  net = base();
  std::get<DenseConnector>(net.projections[1].connector).weights.pop_back();
  expectError(net, {"projection 1 ('a' -> 'b')",
                    "dense connector has 5 weights, expected 6 (post 2 x pre "
                    "3)"});
}

TEST(Validate, DelayZero) {
  NetworkSpec net = base();
  std::get<OneToOneConnector>(net.projections[0].connector).delay = 0;
  expectError(net, {"projection 0 ('in' -> 'a')", "delay 0 is invalid",
                    "[1, 65535] steps"});
  net = base();
  SparseConnector s;
  s.pre = {0, 1};
  s.post = {0, 1};
  s.weights = {1, 1};
  s.delays = {1, 0};
  net.projections[1].connector = s;
  expectError(net, {"sparse synapse 1: delay 0 is invalid"});
}

TEST(Validate, MissingAndOutOfRangeExternalInput) {
  NetworkSpec net = base();
  net.sources.push_back(Source{"cam", 4, ExternalSource{}});
  EXPECT_EQ(validate(net), ""); // structure alone is fine
  RunOptions o;
  expectError(
      net,
      {"source 'cam'", "external input missing", "no spike train named 'cam'"},
      &o);
  std::vector<SpikeTrain> trains(1);
  trains[0].name = "cam";
  trains[0].neuron = {0, 4};
  trains[0].step = {0, 1};
  o.external = &trains;
  expectError(net,
              {"source 'cam'", "external spike 1 has neuron index 4",
               "source has 4 neurons"},
              &o);
  trains[0].neuron = {0, 3};
  EXPECT_EQ(validate(net, &o), "");
  trains[0].step = {0};
  expectError(net, {"2 neuron indices but 1 steps"}, &o);
}

TEST(Validate, SpikeArrayOutOfRange) {
  NetworkSpec net = base();
  std::get<SpikeArraySource>(net.sources[0].kind).neuron[1] = 3;
  expectError(net, {"source 'in'", "spike 1 has neuron index 3",
                    "source has 3 neurons"});
}

TEST(Validate, NamesAndSizes) {
  NetworkSpec net = base();
  net.sources[0].name = "a";
  expectError(net, {"duplicate node name 'a'"});
  net = base();
  net.populations[0].size = 0;
  expectError(net, {"population 'a'", "size must be at least 1"});
  net = base();
  net.dt = 0.0;
  expectError(net, {"dt = 0 s must be a positive finite number"});
}

TEST(Validate, ModelParameters) {
  NetworkSpec net = base();
  std::get<LifModel>(net.populations[1].model).tauMem = -1.0;
  expectError(net, {"population 'b'", "tauMem = -1 s must be a finite number "
                                      ">= 0"});
  net = base();
  std::get<LifModel>(net.populations[1].model).vTh = NAN;
  expectError(net, {"population 'b'", "vTh = nan is not a finite number"});
  net = base();
  auto &m = std::get<LifModel>(net.populations[1].model);
  m.integrator = Integrator::Euler;
  m.tauSynExc = 0.5e-3;
  expectError(net,
              {"tauSynExc = 0.0005 s is shorter than dt = 0.001 s", "Euler"});
}

TEST(Validate, CompartmentAndProbes) {
  NetworkSpec net = base();
  net.projections[1].compartment = 0;
  expectError(net, {"compartment 0 does not exist", "population 'b' has 0 "
                                                    "dendritic branches"});
  net = base();
  net.probes.push_back({src(0), ProbeVariable::Voltage});
  expectError(net, {"probe 1:", "source 'in' has no membrane voltage"});
  net = base();
  net.probes.push_back({pop(0), ProbeVariable::BranchActivation});
  expectError(net, {"probe 1:", "population 'a' has no dendritic branches"});
}

TEST(Validate, ShapesAndProcedural) {
  NetworkSpec net = base();
  Pool2dConnector p;
  p.channels = 1;
  p.inHeight = 1;
  p.inWidth = 3;
  p.kernelH = 1;
  p.kernelW = 2;
  net.projections[1].connector = p;
  EXPECT_EQ(validate(net), ""); // (1,1,3) -> (1,1,2)
  p.strideW = 2;
  net.projections[1].connector = p;
  expectError(net, {"pool2d output shape (1, 1, 1) has 1 neurons but post "
                    "has 2"});
  ProceduralConnector c;
  c.p = 1.5;
  net.projections[1].connector = c;
  expectError(net, {"connection probability p = 1.5 must be in [0, 1]"});
}

TEST(Validate, PlasticityParameters) {
  NetworkSpec net = base();
  StdpRule r;
  r.wMin = 2.0;
  r.wMax = 1.0;
  net.projections[1].plasticity = r;
  expectError(net, {"projection 1", "wMin = 2 is larger than wMax = 1"});
  ThreeFactorRule t;
  t.modulator = pop(5);
  net.projections[1].plasticity = t;
  expectError(net, {"modulator population index 5 out of range"});
}

TEST(Validate, FixedPointQuantizationErrors) {
  NetworkSpec net = base();
  net.profile = NumericProfile::S16_15;
  EXPECT_EQ(validate(net), "");
  std::get<LifModel>(net.populations[0].model).tauMem = 0.5e-3;
  expectError(net, {"population 'a'", "tauMem = 0.0005 s is shorter than the "
                                      "timestep dt = 0.001 s"});
  net = base();
  net.profile = NumericProfile::S16_15;
  std::get<DenseConnector>(net.projections[1].connector).weights[4] = 1e5;
  expectError(net, {"projection 1", "weight 4: weight = 100000 is outside the "
                                    "s16.15 range [-65536, 65536)"});
  net = base();
  net.profile = NumericProfile::S16_15;
  net.populations[0].vInit = constant(70000.0);
  expectError(net, {"population 'a'", "vInit = 70000"});
}

} // namespace
