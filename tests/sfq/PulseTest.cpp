//===- PulseTest.cpp - The pulse profile and its quantizer ----------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "SfqTestUtil.h"

#include <tuple>

using namespace dendron;
using namespace dendron::sfq;

namespace {

rt::Projection projection(rt::NodeRef pre, rt::NodeRef post,
                          rt::Connector connector) {
  rt::Projection p;
  p.pre = pre;
  p.post = post;
  p.connector = std::move(connector);
  return p;
}

/// One input driving one neuron with weight `w` (delay `d`), input spiking
/// in every window of `windows`.
Raster drive(PulseNeuron neuron, int32_t w, uint32_t d, size_t windows) {
  PulseNetwork net;
  net.numInputs = 1;
  net.neurons = {neuron};
  net.synapses = {{0, 0, w, d}};
  Raster out = simulatePulse(net, Raster(windows, {1}));
  return out;
}

std::vector<size_t> spikeTimes(const Raster &r) {
  std::vector<size_t> t;
  for (size_t i = 0; i < r.size(); ++i)
    if (r[i][0])
      t.push_back(i);
  return t;
}

TEST(Pulse, IntegratesAndFiresAtThreshold) {
  // Counts 1, 2, 3 at windows 1, 2, 3 (delay 1): fires at 3, then 6, 9.
  EXPECT_EQ(spikeTimes(drive({3, 0, 0}, 1, 1, 10)),
            (std::vector<size_t>{3, 6, 9}));
  // Weight 2, threshold 3: 2, 4 -> fire at 2; 2, 4 -> fire at 4, ...
  EXPECT_EQ(spikeTimes(drive({3, 0, 0}, 2, 1, 7)),
            (std::vector<size_t>{2, 4, 6}));
  // Delay 3 shifts everything by two windows.
  EXPECT_EQ(spikeTimes(drive({3, 0, 0}, 1, 3, 12)),
            (std::vector<size_t>{5, 8, 11}));
}

TEST(Pulse, LeakRemovesFluxonsPeriodically) {
  // Threshold 2, leak 1 every 2 windows (after windows 1, 3, 5, ...):
  // t1: 1 -> leak 0; t2: 1; t3: 2 -> leak 1; t4: 2 fire; t5: 1 -> leak 0;
  // t6: 1; t7: 2 -> 1; t8: 2 fire.
  EXPECT_EQ(spikeTimes(drive({2, 1, 2}, 1, 1, 9)), (std::vector<size_t>{4, 8}));
}

TEST(Pulse, InhibitionClampsAtZero) {
  PulseNetwork net;
  net.numInputs = 2;
  net.neurons = {{2, 0, 0}};
  net.synapses = {{0, 0, -3, 1}, {1, 0, 1, 1}};
  // t0: inhibit; t1: excite; t2: excite; t3: excite.
  Raster in = {{1, 0}, {0, 1}, {0, 1}, {0, 1}, {0, 0}};
  // t1: max(0 - 3, 0) = 0; t2: 1; t3: 2 -> fire; t4: 1.
  Raster out = simulatePulse(net, in);
  EXPECT_EQ(spikeTimes(out), (std::vector<size_t>{3}));
}

TEST(Pulse, RecurrentSelfExcitation) {
  // Self-loop of weight 1 and threshold 1: once kicked, fires every window.
  PulseNetwork net;
  net.numInputs = 1;
  net.neurons = {{1, 0, 0}};
  net.synapses = {{0, 0, 1, 1}, {1, 0, 1, 1}};
  Raster in = {{1}, {0}, {0}, {0}};
  EXPECT_EQ(spikeTimes(simulatePulse(net, in)), (std::vector<size_t>{1, 2, 3}));
}

rt::NetworkSpec denseSpec() {
  rt::NetworkSpec spec;
  spec.dt = 1e-3;
  spec.sources.push_back({"in", 2, rt::ExternalSource{}});
  rt::LifModel lif;
  lif.vTh = 1.5;
  lif.tauMem = 0.02;
  spec.populations.push_back({"hidden", 2, lif, {}, 0});
  rt::DenseConnector dense;
  dense.weights = {0.5, -0.25, 1.0, 0.1}; // [post][pre]
  spec.projections.push_back(projection({rt::NodeRef::Kind::Source, 0},
                                        {rt::NodeRef::Kind::Population, 0},
                                        dense));
  return spec;
}

TEST(Pulse, QuantizesDenseLifNetwork) {
  std::string error;
  auto net = quantizeToPulse(denseSpec(), {}, error);
  ASSERT_TRUE(net) << error;
  // Scale 4 pulses / 1.0: weights 2, -1, 4, round(0.4) = 0 (dropped);
  // threshold round(1.5 * 4) = 6; leak 1 every round(0.02 / (1e-3 * 6)) = 3.
  EXPECT_EQ(net->numInputs, 2u);
  ASSERT_EQ(net->synapses.size(), 3u);
  EXPECT_EQ(net->synapses[0].pre, 0u);
  EXPECT_EQ(net->synapses[0].post, 0u);
  EXPECT_EQ(net->synapses[0].weight, 2);
  EXPECT_EQ(net->synapses[1].pre, 0u);
  EXPECT_EQ(net->synapses[1].post, 1u);
  EXPECT_EQ(net->synapses[1].weight, 4);
  EXPECT_EQ(net->synapses[2].pre, 1u);
  EXPECT_EQ(net->synapses[2].post, 0u);
  EXPECT_EQ(net->synapses[2].weight, -1);
  ASSERT_EQ(net->neurons.size(), 2u);
  EXPECT_EQ(net->neurons[0].threshold, 6u);
  EXPECT_EQ(net->neurons[0].leakAmount, 1u);
  EXPECT_EQ(net->neurons[0].leakPeriod, 3u);
}

TEST(Pulse, QuantizerErrors) {
  std::string error;
  rt::NetworkSpec spec = denseSpec();
  spec.populations[0].model = rt::IzhikevichModel{};
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "population 'hidden': only LIF/IF and dendritic neurons "
                   "map to SFQ somas (Izhikevich is not supported)");
  spec = denseSpec();
  std::get<rt::LifModel>(spec.populations[0].model).vReset = -0.5;
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "population 'hidden': vReset = -0.5 is not supported by "
                   "the pulse profile, limit 0");
  spec = denseSpec();
  std::get<rt::LifModel>(spec.populations[0].model).tauSynExc = 0.005;
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "population 'hidden': tauSynExc = 0.005 is not supported "
                   "by the pulse profile, limit 0");
  struct Case {
    void (*mutate)(rt::LifModel &);
    const char *message;
  };
  const Case cases[] = {
      {[](rt::LifModel &m) { m.tauSynInh = 0.5; },
       "population 'hidden': tauSynInh = 0.5 is not supported by the pulse "
       "profile, limit 0"},
      {[](rt::LifModel &m) { m.tRef = 0.002; },
       "population 'hidden': tRef = 0.002 is not supported by the pulse "
       "profile, limit 0"},
      {[](rt::LifModel &m) { m.adaptJump = 0.25; },
       "population 'hidden': adaptJump = 0.25 is not supported by the pulse "
       "profile, limit 0"},
      {[](rt::LifModel &m) { m.vLeak = -1; },
       "population 'hidden': vLeak = -1 is not supported by the pulse "
       "profile, limit 0"},
      {[](rt::LifModel &m) { m.spiking = false; },
       "population 'hidden': non-spiking (LI/threshold) neurons are not "
       "supported by the pulse profile"},
      {[](rt::LifModel &m) { m.vTh = -1; },
       "population 'hidden': vTh = -1 must be positive"},
      {[](rt::LifModel &m) { m.vTh = 1e6; },
       "population 'hidden': threshold 4000000 fluxons, limit 65535"},
  };
  for (const Case &c : cases) {
    spec = denseSpec();
    c.mutate(std::get<rt::LifModel>(spec.populations[0].model));
    EXPECT_FALSE(quantizeToPulse(spec, {}, error));
    EXPECT_EQ(error, c.message);
  }
  spec = denseSpec();
  spec.populations[0].vInit = {rt::RealDistribution::Kind::Uniform, 0, 1};
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "population 'hidden': initial potential must be 0 in the "
                   "pulse profile");
  spec = denseSpec();
  std::get<rt::LifModel>(spec.populations[0].model).reset =
      rt::ResetMode::Subtract;
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "population 'hidden': subtractive reset is not supported "
                   "by the pulse profile (the soma empties its loop)");
  spec = denseSpec();
  spec.sources[0].kind = rt::PoissonSource{10.0, 1};
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "source 'in': Poisson sources are not supported by the "
                   "SFQ target (drive it with external spikes)");
  spec = denseSpec();
  spec.projections[0].plasticity = rt::StdpRule{};
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "projection 0: plasticity is not supported by the SFQ "
                   "target");
  spec = denseSpec();
  spec.projections[0].bias = {0.1, 0.1};
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "projection 0: bias input is not supported by the pulse "
                   "profile");
  spec = denseSpec();
  spec.projections[0].compartment = 0;
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "projection 0: compartment 0 does not exist (population "
                   "'hidden' has 0 branches)");
  spec = denseSpec();
  rt::DendriticModel dendritic;
  dendritic.soma = std::get<rt::LifModel>(spec.populations[0].model);
  dendritic.branches.resize(1);
  dendritic.branches[0].threshold = 1.0;
  dendritic.branches[0].nonlinearity = rt::BranchNonlinearity::Sigmoid;
  spec.populations[0].model = dendritic;
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "population 'hidden': branch 0: only plateau branches of "
                   "at most one step map to sub-somas");
  std::get<rt::DendriticModel>(spec.populations[0].model)
      .branches[0]
      .nonlinearity = rt::BranchNonlinearity::Plateau;
  std::get<rt::DendriticModel>(spec.populations[0].model)
      .branches[0]
      .threshold = 0;
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "population 'hidden': branch 0: threshold must be positive "
                   "and tau, amplitude, coupling finite");
  spec = denseSpec();
  std::get<rt::DenseConnector>(spec.projections[0].connector).weights = {1};
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error.rfind("projection 0: ", 0), 0u) << error;
  spec = denseSpec();
  spec.projections[0].post = {rt::NodeRef::Kind::Population, 3};
  EXPECT_FALSE(quantizeToPulse(spec, {}, error));
  EXPECT_EQ(error, "projection 0: pre or post does not exist");
  EXPECT_FALSE(quantizeToPulse(denseSpec(), {0}, error));
  EXPECT_EQ(error, "maxPulsesPerSynapse = 0, limit >= 1");
}

TEST(Pulse, DendriticBranchesBecomeSubSomas) {
  // One neuron, two branches; input 0 -> branch 0, input 1 -> branch 1,
  // input 2 -> soma. Weights 1.0; branch 0: threshold 2, coupling 1,
  // amplitude 2 (-> 4 pulses at scale 2 = 4 pulses / max(1, 2)); branch 1:
  // threshold 1, coupling 0.5, amplitude 1 (-> 1 pulse).
  rt::NetworkSpec spec;
  spec.sources.push_back({"in", 3, rt::ExternalSource{}});
  rt::DendriticModel d;
  d.soma.vTh = 4.0;
  d.branches.resize(2);
  d.branches[0].threshold = 2.0;
  d.branches[0].amplitude = 2.0;
  d.branches[1].threshold = 1.0;
  d.branches[1].amplitude = 1.0;
  d.branches[1].coupling = 0.5;
  spec.populations.push_back({"pyr", 1, d, {}, 0});
  for (int32_t c = 0; c < 2; ++c) {
    rt::SparseConnector sparse{{uint32_t(c)}, {0}, {1.0}, {1}};
    rt::Projection p = projection({rt::NodeRef::Kind::Source, 0},
                                  {rt::NodeRef::Kind::Population, 0}, sparse);
    p.compartment = c;
    spec.projections.push_back(p);
  }
  spec.projections.push_back(projection(
      {rt::NodeRef::Kind::Source, 0}, {rt::NodeRef::Kind::Population, 0},
      rt::SparseConnector{{2}, {0}, {1.0}, {1}}));
  std::string error;
  auto net = quantizeToPulse(spec, {4}, error);
  ASSERT_TRUE(net) << error;
  // Scale 4 / 2 = 2. Neurons: soma (threshold 8), branch 0 (4), branch 1 (2).
  ASSERT_EQ(net->neurons.size(), 3u);
  EXPECT_EQ(net->neurons[0].threshold, 8u);
  EXPECT_EQ(net->neurons[1].threshold, 4u);
  EXPECT_EQ(net->neurons[2].threshold, 2u);
  // Endpoints: inputs 0..2, soma 3, branches 4, 5.
  std::vector<std::tuple<uint32_t, uint32_t, int32_t>> syn;
  for (const PulseSynapse &s : net->synapses)
    syn.push_back({s.pre, s.post, s.weight});
  EXPECT_EQ(syn, (std::vector<std::tuple<uint32_t, uint32_t, int32_t>>{
                     {0, 1, 2}, {1, 2, 2}, {2, 0, 2}, {4, 0, 4}, {5, 0, 1}}));
  // Input 0 every window: branch 0 reaches 4 at window 2 and fires; the soma
  // gets 4 pulses at windows 3, 5, 7, ... and fires at 5, 9, ...
  Raster out = simulatePulse(*net, Raster(10, {1, 0, 0}));
  std::vector<size_t> soma;
  for (size_t t = 0; t < out.size(); ++t)
    if (out[t][0])
      soma.push_back(t);
  EXPECT_EQ(soma, (std::vector<size_t>{5, 9}));
}

TEST(Pulse, QuantizedOneToOneAndProceduralExpand) {
  rt::NetworkSpec spec;
  spec.sources.push_back({"in", 3, rt::ExternalSource{}});
  rt::LifModel lif;
  lif.vTh = 2.0;
  spec.populations.push_back({"a", 3, lif, {}, 0});
  spec.projections.push_back(projection({rt::NodeRef::Kind::Source, 0},
                                        {rt::NodeRef::Kind::Population, 0},
                                        rt::OneToOneConnector{1.0, 2}));
  rt::ProceduralConnector proc;
  proc.kind = rt::ProceduralConnector::Kind::FixedTotal;
  proc.count = 4;
  proc.weight = {rt::RealDistribution::Kind::Constant, 0.5, 0};
  proc.seed = 9;
  spec.projections.push_back(projection({rt::NodeRef::Kind::Population, 0},
                                        {rt::NodeRef::Kind::Population, 0},
                                        proc));
  std::string error;
  auto net = quantizeToPulse(spec, {2}, error);
  ASSERT_TRUE(net) << error;
  // Scale 2 / 1.0: one-to-one weight 2 (delay 2), procedural weight 1;
  // threshold 4; IF (no leak).
  EXPECT_EQ(net->synapses.size(), 3u + 4u);
  for (const PulseSynapse &s : net->synapses) {
    if (s.pre < 3) {
      EXPECT_EQ(s.weight, 2);
      EXPECT_EQ(s.delay, 2u);
      EXPECT_EQ(s.post, s.pre);
    } else {
      EXPECT_EQ(s.weight, 1);
    }
  }
  EXPECT_EQ(net->neurons[0].threshold, 4u);
  EXPECT_EQ(net->neurons[0].leakPeriod, 0u);
}

TEST(Pulse, XorCaseStudyClassifiesAllPatterns) {
  // Output rate over windows 2..21 (two windows fill the pipeline):
  // 1 for (0,1) and (1,0), 0 for (0,0) and (1,1).
  PulseNetwork net = test::xorNetwork();
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b) {
      Raster out = simulatePulse(net, test::xorInputs(a, b, 22));
      int spikes = 0;
      for (size_t t = 2; t < out.size(); ++t)
        spikes += out[t][2];
      EXPECT_EQ(spikes, (a != b) ? 20 : 0) << a << b;
    }
}

} // namespace
