//===- DeterminismTest.cpp - Thread-count independence, seeds, Poisson ----===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include "dendron/Runtime/Rng.h"

#include <cmath>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

ProceduralConnector fixedProbability(double p, RealDistribution w, uint32_t dLo,
                                     uint32_t dHi, uint64_t seed) {
  ProceduralConnector c;
  c.p = p;
  c.weight = w;
  c.delay.kind = DelayDistribution::Kind::Uniform;
  c.delay.lo = dLo;
  c.delay.hi = dHi;
  c.seed = seed;
  c.allowSelf = false;
  return c;
}

RealDistribution uniform(double a, double b) {
  RealDistribution d;
  d.kind = RealDistribution::Kind::Uniform;
  d.a = a;
  d.b = b;
  return d;
}

Projection projection(NodeRef pre, NodeRef post, Connector c,
                      SynapseType type = SynapseType::Excitatory,
                      int32_t compartment = -1) {
  Projection p;
  p.pre = pre;
  p.post = post;
  p.connector = std::move(c);
  p.synapse = type;
  p.compartment = compartment;
  return p;
}

/// Every model, every connector family, delays, plasticity and enough
/// synaptic events per step (> 16384) to take the parallel delivery path.
NetworkSpec mixedNetwork(NumericProfile profile, uint64_t poissonSeed = 1) {
  NetworkSpec net;
  net.name = "mixed";
  net.dt = 1e-3;
  net.profile = profile;

  LifModel e;
  e.tauMem = 20e-3;
  e.vTh = 1.0;
  e.tRef = 2e-3;
  e.tauSynExc = 5e-3;
  e.tauSynInh = 10e-3;
  e.tauAdapt = 100e-3;
  e.adaptJump = 0.05;
  Population exc = population("exc", 800, e);
  exc.vInit = uniform(0.0, 1.0);
  exc.vInitSeed = 3;
  net.populations.push_back(exc);

  LifModel i = e;
  i.integrator = Integrator::Euler;
  i.reset = ResetMode::Subtract;
  i.tauAdapt = 0;
  net.populations.push_back(population("inh", 200, i));

  DendriticModel d;
  d.soma = e;
  Branch plateau;
  plateau.tau = 10e-3;
  plateau.threshold = 1.0;
  plateau.amplitude = 1.5;
  plateau.gain = 0.2;
  plateau.plateauSteps = 5;
  Branch sigmoid;
  sigmoid.tau = 20e-3;
  sigmoid.threshold = 1.0;
  sigmoid.amplitude = 1.0;
  sigmoid.slope = 0.3;
  sigmoid.nonlinearity = BranchNonlinearity::Sigmoid;
  d.branches = {plateau, sigmoid};
  net.populations.push_back(population("dend", 50, d));

  IzhikevichModel z;
  z.tauSyn = 5e-3;
  Population izh = population("izh", 50, z, -65.0);
  net.populations.push_back(izh);

  net.sources.push_back(
      Source{"noise", 1500, PoissonSource{200.0, poissonSeed}});
  net.sources.push_back(
      spikesAt("burst", 10, {0, 1, 2, 3, 9, 9}, {5, 5, 6, 50, 51, 52}));

  NodeRef E = pop(0), I = pop(1), D = pop(2), Z = pop(3), noise = src(0),
          burst = src(1);
  net.projections.push_back(projection(
      noise, E, fixedProbability(0.06, uniform(0.0, 0.1), 1, 5, 10)));
  ProceduralConnector inDeg;
  inDeg.kind = ProceduralConnector::Kind::FixedInDegree;
  inDeg.count = 60;
  inDeg.weight = constant(0.05);
  inDeg.seed = 11;
  net.projections.push_back(projection(noise, I, inDeg));
  RealDistribution normal;
  normal.kind = RealDistribution::Kind::Normal;
  normal.a = 0.05;
  normal.b = 0.02;
  net.projections.push_back(
      projection(E, E, fixedProbability(0.02, normal, 1, 10, 12)));
  net.projections.push_back(
      projection(E, I, fixedProbability(0.05, constant(0.1), 1, 3, 13)));
  net.projections.push_back(
      projection(I, E, fixedProbability(0.1, constant(-0.3), 2, 4, 14),
                 SynapseType::Inhibitory));
  ProceduralConnector total;
  total.kind = ProceduralConnector::Kind::FixedTotal;
  total.count = 1000;
  total.allowMultapses = false;
  total.weight = constant(-0.2);
  total.seed = 15;
  net.projections.push_back(projection(I, I, total, SynapseType::Inhibitory));
  net.projections.push_back(
      projection(E, D, fixedProbability(0.05, constant(0.3), 1, 2, 16),
                 SynapseType::Excitatory, 0));
  net.projections.push_back(
      projection(E, D, fixedProbability(0.05, constant(0.3), 1, 2, 17),
                 SynapseType::Excitatory, 1));
  DenseConnector dense;
  dense.weights.assign(50 * 10, 0.5);
  net.projections.push_back(projection(burst, D, dense));

  Projection stdp =
      projection(E, Z, fixedProbability(0.1, uniform(1.0, 3.0), 1, 3, 18));
  StdpRule r;
  r.aPlus = 0.05;
  r.aMinus = 0.06;
  r.wMin = 0.0;
  r.wMax = 4.0;
  stdp.plasticity = r;
  net.projections.push_back(stdp);
  Projection tf =
      projection(noise, Z, fixedProbability(0.02, constant(1.0), 1, 1, 19));
  ThreeFactorRule t;
  t.pairing = r;
  t.modulator = I;
  t.learningRate = 0.1;
  tf.plasticity = t;
  net.projections.push_back(tf);

  for (uint32_t k = 0; k < 4; ++k)
    net.probes.push_back({pop(k), ProbeVariable::Spikes});
  net.probes.push_back({noise, ProbeVariable::Spikes});
  net.probes.push_back({E, ProbeVariable::Voltage});
  net.probes.push_back({Z, ProbeVariable::Voltage});
  net.probes.push_back({D, ProbeVariable::BranchActivation});
  return net;
}

void expectIdentical(const Recording &a, const Recording &b) {
  ASSERT_EQ(a.spikes.size(), b.spikes.size());
  for (size_t k = 0; k < a.spikes.size(); ++k) {
    EXPECT_EQ(a.spikes[k].name, b.spikes[k].name);
    EXPECT_EQ(a.spikes[k].neuron, b.spikes[k].neuron) << a.spikes[k].name;
    EXPECT_EQ(a.spikes[k].step, b.spikes[k].step) << a.spikes[k].name;
  }
  ASSERT_EQ(a.traces.size(), b.traces.size());
  for (size_t k = 0; k < a.traces.size(); ++k)
    EXPECT_TRUE(a.traces[k].values == b.traces[k].values) << a.traces[k].name;
  ASSERT_EQ(a.weights.size(), b.weights.size());
  for (size_t k = 0; k < a.weights.size(); ++k)
    EXPECT_TRUE(a.weights[k].weight == b.weights[k].weight);
  ASSERT_EQ(a.nodes.size(), b.nodes.size());
  for (size_t k = 0; k < a.nodes.size(); ++k)
    EXPECT_EQ(a.nodes[k].spikes, b.nodes[k].spikes) << a.nodes[k].name;
  EXPECT_EQ(a.numSynapses, b.numSynapses);
  EXPECT_EQ(a.numSynapticEvents, b.numSynapticEvents);
}

class Determinism : public ::testing::TestWithParam<NumericProfile> {};

TEST_P(Determinism, ThreadCountDoesNotChangeTheRecording) {
  NetworkSpec net = mixedNetwork(GetParam());
  const uint32_t steps = 300;
  Recording one = run(net, steps, 1);
  // The network is active everywhere and takes the parallel delivery path.
  for (const NodeStats &n : one.nodes)
    EXPECT_GT(n.spikes, 0u) << n.name;
  EXPECT_GT(one.numSynapticEvents / steps, 16384u);
  EXPECT_EQ(one.weights.size(), 2u);
  for (unsigned threads : {2u, 3u}) {
    SCOPED_TRACE(threads);
    expectIdentical(one, run(net, steps, threads));
  }
}

TEST_P(Determinism, SameSeedSameResultOtherSeedDiffers) {
  NetworkSpec net = mixedNetwork(GetParam());
  Recording a = run(net, 100), b = run(net, 100);
  expectIdentical(a, b);
  Recording c = run(mixedNetwork(GetParam(), 2), 100);
  EXPECT_NE(a.spikes[4].neuron, c.spikes[4].neuron);
}

INSTANTIATE_TEST_SUITE_P(Profiles, Determinism,
                         ::testing::Values(NumericProfile::Float,
                                           NumericProfile::S16_15),
                         profileName);

TEST(Poisson, RateWithinTolerance) {
  NetworkSpec net;
  net.dt = 1e-3;
  const uint32_t n = 1000, steps = 2000;
  const double rate = 25.0, p = rate * net.dt;
  net.sources.push_back(Source{"p", n, PoissonSource{rate, 123}});
  net.probes.push_back({src(0), ProbeVariable::Spikes});
  Recording r = run(net, steps);
  double mean = double(n) * steps * p;
  double sigma = std::sqrt(mean * (1 - p));
  EXPECT_NEAR(double(r.nodes[0].spikes), mean, 5 * sigma);
  EXPECT_EQ(r.spikes[0].step.size(), r.nodes[0].spikes);
  // Per-neuron counts are binomial(steps, p): check their variance.
  std::vector<double> count(n, 0.0);
  for (uint32_t i : r.spikes[0].neuron)
    count[i] += 1;
  double m = 0, v = 0;
  for (double c : count)
    m += c / n;
  for (double c : count)
    v += (c - m) * (c - m) / (n - 1);
  EXPECT_NEAR(v / (steps * p * (1 - p)), 1.0, 0.2);
  // Emission order: by step, then ascending neuron.
  for (size_t k = 1; k < r.spikes[0].step.size(); ++k)
    ASSERT_TRUE(r.spikes[0].step[k - 1] < r.spikes[0].step[k] ||
                (r.spikes[0].step[k - 1] == r.spikes[0].step[k] &&
                 r.spikes[0].neuron[k - 1] < r.spikes[0].neuron[k]));
}

TEST(Poisson, SpikeIffUniformBelowRateTimesDt) {
  NetworkSpec net;
  net.dt = 1e-3;
  net.sources.push_back(Source{"p", 7, PoissonSource{300.0, 99}});
  net.probes.push_back({src(0), ProbeVariable::Spikes});
  Recording r = run(net, 50, 2);
  std::vector<std::pair<uint32_t, uint32_t>> expect, got;
  for (uint32_t s = 0; s < 50; ++s)
    for (uint32_t i = 0; i < 7; ++i)
      if (uniform01(99, i, s) < 300.0 * 1e-3)
        expect.push_back({s, i});
  for (size_t k = 0; k < r.spikes[0].step.size(); ++k)
    got.push_back({r.spikes[0].step[k], r.spikes[0].neuron[k]});
  EXPECT_EQ(got, expect);
}

TEST(External, SpikesComeFromRunOptions) {
  NetworkSpec net;
  net.dt = 1e-3;
  net.sources.push_back(Source{"ext", 4, ExternalSource{}});
  net.probes.push_back({src(0), ProbeVariable::Spikes});
  std::vector<SpikeTrain> in(1);
  in[0].name = "ext";
  in[0].neuron = {3, 1, 1, 0, 2};
  in[0].step = {2, 2, 2, 0, 99};
  Recording r = run(net, 10, 1, &in);
  // Sorted within a step, duplicates merged, steps beyond the run dropped.
  EXPECT_EQ(r.spikes[0].neuron, (std::vector<uint32_t>{0, 1, 3}));
  EXPECT_EQ(r.spikes[0].step, (std::vector<uint32_t>{0, 2, 2}));
}

} // namespace

namespace {
/// Runs CUBA-like networks of `n` neurons with the default options but for
/// `threads`, and returns how many threads the run used.
unsigned threadsUsed(uint32_t n, unsigned threads, uint32_t minPerThread) {
  RunOptions o;
  o.steps = 3;
  o.threads = threads;
  o.minNeuronsPerThread = minPerThread;
  std::string error;
  std::optional<Recording> rec = simulate(cuba(1e-4, n), o, error);
  EXPECT_TRUE(rec.has_value()) << error;
  return rec ? rec->threads : 0;
}
} // namespace

// Threads are only started where each gets minNeuronsPerThread neurons.
TEST(Threads, SmallNetworksStayOnOneThreadByDefault) {
  EXPECT_EQ(threadsUsed(4000, 2, RunOptions().minNeuronsPerThread), 1u);
  EXPECT_EQ(threadsUsed(20000, 4, 8192), 2u);
  EXPECT_EQ(threadsUsed(20000, 2, 8192), 2u);
  EXPECT_EQ(threadsUsed(4000, 3, 0), 3u);
  EXPECT_EQ(threadsUsed(4000, 1, 0), 1u);
}
