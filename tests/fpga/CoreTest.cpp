//===- CoreTest.cpp - The Verilated core against the reference simulator --===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Bit-exactness of hw/fpga/rtl/dendron_core.sv: every network is run on the
/// Verilated core and by rt::simulate in the S16_15 profile, and the spike
/// trains of every population must be identical. Also checks the core's
/// cycle count per step against the closed form of its state machine.
///
//===----------------------------------------------------------------------===//

#include "FpgaSim.h"
#include "dendron/Runtime/Simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace dendron;
using namespace dendron::fpga;
using namespace dendron::rt;

namespace {

NodeRef popRef(uint32_t i) { return {NodeRef::Kind::Population, i}; }
NodeRef srcRef(uint32_t i) { return {NodeRef::Kind::Source, i}; }

Population population(const std::string &name, uint32_t size, LifModel m,
                      RealDistribution vInit = {}, uint64_t seed = 0) {
  Population p;
  p.name = name;
  p.size = size;
  p.model = m;
  p.vInit = vInit;
  p.vInitSeed = seed;
  return p;
}

Projection projection(NodeRef pre, NodeRef post, Connector c,
                      SynapseType type = SynapseType::Excitatory) {
  Projection p;
  p.pre = pre;
  p.post = post;
  p.connector = std::move(c);
  p.synapse = type;
  return p;
}

/// Probes the spikes of every population and source and the membrane
/// potentials of every population.
void probeAll(NetworkSpec &net) {
  net.probes.clear();
  for (uint32_t k = 0; k < net.populations.size(); ++k) {
    net.probes.push_back({popRef(k), ProbeVariable::Spikes});
    net.probes.push_back({popRef(k), ProbeVariable::Voltage});
  }
  for (uint32_t k = 0; k < net.sources.size(); ++k)
    net.probes.push_back({srcRef(k), ProbeVariable::Spikes});
}

struct Outcome {
  Recording reference;
  SimResult core;
  uint64_t populationSpikes = 0;
};

/// Runs `net` both ways and expects identical spike trains and identical
/// membrane potentials of every neuron after every step.
Outcome expectBitExact(NetworkSpec net, uint32_t steps,
                       const std::vector<SpikeTrain> *external = nullptr) {
  net.profile = NumericProfile::S16_15;
  probeAll(net);
  Outcome out;
  std::string error;
  RunOptions ro;
  ro.steps = steps;
  ro.external = external;
  std::optional<Recording> ref = simulate(net, ro, error);
  EXPECT_TRUE(ref) << error;
  if (!ref)
    return out;
  out.reference = *ref;
  std::optional<FpgaLayout> layout = layoutNetwork(net, simulatedCore(), error);
  EXPECT_TRUE(layout) << error;
  if (!layout)
    return out;
  SimOptions so;
  so.steps = steps;
  so.external = external;
  so.recordVoltage = true;
  std::optional<SimResult> sim = simulateCore(*layout, so, error);
  EXPECT_TRUE(sim) << error;
  if (!sim)
    return out;
  out.core = *sim;
  EXPECT_EQ(sim->cyclesPerStep.size(), steps);
  for (const SpikeTrain &t : sim->spikes) {
    const SpikeTrain *r = nullptr;
    for (const SpikeTrain &x : ref->spikes)
      if (x.name == t.name)
        r = &x;
    EXPECT_TRUE(r) << t.name;
    if (!r)
      continue;
    EXPECT_EQ(t.numNeurons, r->numNeurons) << t.name;
    EXPECT_EQ(t.step, r->step) << t.name;
    EXPECT_EQ(t.neuron, r->neuron) << t.name;
    out.populationSpikes += t.neuron.size();
  }
  for (const Trace &t : sim->voltages) {
    const Trace *r = nullptr;
    for (const Trace &x : ref->traces)
      if (x.name == t.name && x.variable == "v")
        r = &x;
    EXPECT_TRUE(r) << t.name;
    if (!r)
      continue;
    // Values are fromFixed of the int32 state: equal doubles iff equal
    // integers.
    EXPECT_EQ(t.values, r->values) << t.name;
  }
  return out;
}

LifModel cubaLif() {
  LifModel m;
  m.tauMem = 0.02;
  m.vLeak = -49.0;
  m.vTh = -50.0;
  m.vReset = -60.0;
  m.tRef = 0.005;
  m.tauSynExc = 0.005;
  m.tauSynInh = 0.01;
  return m;
}

//===----------------------------------------------------------------------===//
// Example networks
//===----------------------------------------------------------------------===//

TEST(FpgaCore, SingleLifExample) {
  // examples/lif/lif.mlir in the S16_15 profile.
  NetworkSpec net;
  net.name = "single_lif";
  net.dt = 1e-3;
  SpikeArraySource a;
  for (uint32_t s = 0; s < 200; s += 5) {
    a.neuron.push_back(0);
    a.step.push_back(s);
  }
  net.sources.push_back({"in", 1, a});
  LifModel m;
  m.tauMem = 0.02;
  m.vLeak = -65.0;
  m.vTh = -50.0;
  m.vReset = -65.0;
  m.tRef = 0.002;
  m.tauSynExc = 0.005;
  RealDistribution v0;
  v0.a = -65.0;
  net.populations.push_back(population("lif", 1, m, v0));
  OneToOneConnector c;
  c.weight = 20.0;
  net.projections.push_back(projection(srcRef(0), popRef(0), c));
  Outcome o = expectBitExact(net, 200);
  EXPECT_GT(o.populationSpikes, 5u); // the neuron fires repeatedly
}

/// examples/cuba/cuba.mlir with 160 + 40 neurons and connection probability
/// 0.1 (synapses scaled so the net stays active).
NetworkSpec scaledCuba() {
  NetworkSpec net;
  net.name = "cuba";
  net.dt = 1e-4;
  RealDistribution init;
  init.kind = RealDistribution::Kind::Uniform;
  init.a = -60.0;
  init.b = -50.0;
  net.populations.push_back(population("exc", 160, cubaLif(), init, 1));
  net.populations.push_back(population("inh", 40, cubaLif(), init, 2));
  auto connect = [&](uint32_t pre, uint32_t post, double w, uint64_t seed,
                     SynapseType type) {
    ProceduralConnector c;
    c.kind = ProceduralConnector::Kind::FixedProbability;
    c.p = 0.1;
    c.weight.a = w;
    c.seed = seed;
    net.projections.push_back(projection(popRef(pre), popRef(post), c, type));
  };
  connect(0, 0, 1.62 * 0.2 * 4, 11, SynapseType::Excitatory);
  connect(0, 1, 1.62 * 0.2 * 4, 12, SynapseType::Excitatory);
  connect(1, 0, -9.0 * 0.2 * 4, 13, SynapseType::Inhibitory);
  connect(1, 1, -9.0 * 0.2 * 4, 14, SynapseType::Inhibitory);
  return net;
}

TEST(FpgaCore, ScaledCubaExample) {
  Outcome o = expectBitExact(scaledCuba(), 300);
  EXPECT_GT(o.populationSpikes, 50u);
}

//===----------------------------------------------------------------------===//
// Features one at a time
//===----------------------------------------------------------------------===//

/// A source firing at every step into `m` through weight `w`, delay `d`.
NetworkSpec driven(LifModel m, double w, uint32_t d = 1,
                   SynapseType type = SynapseType::Excitatory) {
  NetworkSpec net;
  SpikeArraySource a;
  for (uint32_t s = 0; s < 100; ++s)
    for (uint32_t n = 0; n < 4; ++n)
      if ((s + n) % 3 != 0) {
        a.neuron.push_back(n);
        a.step.push_back(s);
      }
  net.sources.push_back({"in", 4, a});
  net.populations.push_back(population("p", 4, m));
  OneToOneConnector c;
  c.weight = w;
  c.delay = d;
  net.projections.push_back(projection(srcRef(0), popRef(0), c, type));
  return net;
}

TEST(FpgaCore, IntegrateAndFireWithSubtractReset) {
  LifModel m; // IF: tauMem = 0
  m.vTh = 1.0;
  m.reset = ResetMode::Subtract;
  EXPECT_GT(expectBitExact(driven(m, 0.37, 3), 100).populationSpikes, 10u);
}

TEST(FpgaCore, EulerCubaLifWithAdaptation) {
  LifModel m;
  m.tauMem = 0.01;
  m.tauSynExc = 0.004;
  m.tauAdapt = 0.05;
  m.adaptJump = 0.3;
  m.integrator = Integrator::Euler;
  m.tRef = 0.003;
  EXPECT_GT(expectBitExact(driven(m, 2.5, 2), 100).populationSpikes, 5u);
}

TEST(FpgaCore, InhibitoryChannelOnly) {
  LifModel m;
  m.tauMem = 0.02;
  m.tauSynInh = 0.005;
  m.vTh = -0.1;
  m.vReset = -0.5; // spikes when inhibition lifts v above -0.1 from below
  m.vLeak = 1.0;
  expectBitExact(driven(m, -0.8, 1, SynapseType::Inhibitory), 100);
}

TEST(FpgaCore, SaturatingInputs) {
  // Huge weights: ring sums exceed int32 and saturate on read, membrane
  // additions saturate.
  LifModel m;
  m.tauMem = 0.02;
  m.vTh = 30000.0;
  m.vReset = 0.0;
  NetworkSpec net = driven(m, 60000.0);
  DenseConnector dense;
  dense.weights.assign(16, 60000.0);
  dense.delay = 2;
  net.projections.push_back(projection(srcRef(0), popRef(0), dense));
  EXPECT_GT(expectBitExact(net, 100).populationSpikes, 10u);
}

TEST(FpgaCore, BiasAndPoissonAndExternalSources) {
  NetworkSpec net;
  net.dt = 1e-3;
  PoissonSource pois;
  pois.rate = 200.0;
  pois.seed = 7;
  net.sources.push_back({"noise", 20, pois});
  net.sources.push_back({"ext", 3, ExternalSource{}});
  LifModel m;
  m.tauMem = 0.01;
  m.tauSynExc = 0.003;
  m.tRef = 0.002;
  net.populations.push_back(population("p", 10, m));
  DenseConnector d;
  d.weights.assign(200, 0.4);
  d.delay = 4;
  Projection pr = projection(srcRef(0), popRef(0), d);
  pr.bias.assign(10, 0.05);
  net.projections.push_back(pr);
  DenseConnector e;
  e.weights.assign(30, -1.5);
  net.projections.push_back(
      projection(srcRef(1), popRef(0), e, SynapseType::Inhibitory));
  std::vector<SpikeTrain> ext(1);
  ext[0].name = "ext";
  ext[0].numNeurons = 3;
  for (uint32_t s = 0; s < 120; s += 7) {
    ext[0].neuron.push_back(s % 3);
    ext[0].step.push_back(s);
    ext[0].neuron.push_back(s % 3); // a duplicate fires once
    ext[0].step.push_back(s);
  }
  EXPECT_GT(expectBitExact(net, 120, &ext).populationSpikes, 10u);
}

//===----------------------------------------------------------------------===//
// Random networks
//===----------------------------------------------------------------------===//

NetworkSpec randomNetwork(uint32_t seed) {
  std::mt19937_64 g(seed);
  auto uni = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(g);
  };
  auto pick = [&](uint32_t n) {
    return uint32_t(std::uniform_int_distribution<uint32_t>(0, n - 1)(g));
  };
  NetworkSpec net;
  net.name = "random" + std::to_string(seed);
  net.dt = 1e-3;
  uint32_t numPops = 1 + pick(3);
  for (uint32_t k = 0; k < numPops; ++k) {
    LifModel m;
    m.tauMem = pick(4) == 0 ? 0.0 : uni(0.005, 0.05);
    m.vLeak = uni(-0.2, 0.2);
    m.vTh = uni(0.5, 1.5);
    m.vReset = uni(-0.3, 0.2);
    m.r = uni(0.5, 2.0);
    m.tRef = pick(2) ? 0.0 : 0.001 * (1 + pick(4));
    m.tauSynExc = pick(2) ? 0.0 : uni(0.002, 0.02);
    m.tauSynInh = pick(2) ? 0.0 : uni(0.002, 0.02);
    if (pick(3) == 0) {
      m.tauAdapt = uni(0.01, 0.1);
      m.adaptJump = uni(0.05, 0.5);
    }
    m.reset = pick(2) ? ResetMode::Zero : ResetMode::Subtract;
    m.integrator = pick(2) ? Integrator::Exact : Integrator::Euler;
    RealDistribution init;
    init.kind = RealDistribution::Kind::Uniform;
    init.a = -0.5;
    init.b = 0.9;
    net.populations.push_back(
        population("pop" + std::to_string(k), 1 + pick(40), m, init, seed + k));
  }
  uint32_t numSrcs = 1 + pick(2);
  for (uint32_t k = 0; k < numSrcs; ++k) {
    uint32_t size = 1 + pick(16);
    std::string name = "src" + std::to_string(k);
    if (pick(2)) {
      PoissonSource p;
      p.rate = uni(20.0, 300.0);
      p.seed = seed * 31 + k;
      net.sources.push_back({name, size, p});
    } else {
      SpikeArraySource a;
      for (uint32_t s = 0; s < 150; ++s)
        for (uint32_t n = 0; n < size; ++n)
          if (pick(6) == 0) {
            a.neuron.push_back(n);
            a.step.push_back(s);
          }
      net.sources.push_back({name, size, a});
    }
  }
  uint32_t numProjs = 1 + pick(5);
  auto sizeOf = [&](NodeRef r) {
    return r.kind == NodeRef::Kind::Population ? net.populations[r.index].size
                                               : net.sources[r.index].size;
  };
  for (uint32_t k = 0; k < numProjs + numPops; ++k) {
    // Every population gets at least one input projection.
    NodeRef post = popRef(k < numPops ? k : pick(numPops));
    NodeRef pre = pick(3) == 0 ? popRef(pick(numPops)) : srcRef(pick(numSrcs));
    uint32_t preSize = sizeOf(pre), postSize = sizeOf(post);
    bool inh = pick(4) == 0;
    double scale = inh ? -1.0 : 1.0;
    Connector c;
    switch (pick(4)) {
    case 0: {
      DenseConnector d;
      for (uint32_t i = 0; i < preSize * postSize; ++i)
        d.weights.push_back(scale * uni(0.01, 0.8));
      d.delay = 1 + pick(5);
      c = d;
      break;
    }
    case 1: {
      SparseConnector s;
      uint32_t n = pick(3 * (preSize + postSize));
      for (uint32_t i = 0; i < n; ++i) {
        s.pre.push_back(pick(preSize));
        s.post.push_back(pick(postSize));
        s.weights.push_back(scale * uni(0.1, 1.5));
        s.delays.push_back(1 + pick(12));
      }
      c = s;
      break;
    }
    case 2:
      if (preSize == postSize) {
        OneToOneConnector o;
        o.weight = scale * uni(0.3, 2.0);
        o.delay = 1 + pick(3);
        c = o;
        break;
      }
      [[fallthrough]];
    default: {
      ProceduralConnector p;
      p.kind = ProceduralConnector::Kind::FixedProbability;
      p.p = uni(0.1, 0.6);
      p.weight.kind = RealDistribution::Kind::Uniform;
      p.weight.a = inh ? -1.2 : 0.1;
      p.weight.b = inh ? -0.1 : 1.2;
      p.delay.kind = DelayDistribution::Kind::Uniform;
      p.delay.lo = 1;
      p.delay.hi = 1 + pick(8);
      p.seed = seed * 7 + k;
      c = p;
      break;
    }
    }
    Projection pr = projection(
        pre, post, c, inh ? SynapseType::Inhibitory : SynapseType::Excitatory);
    if (pick(4) == 0)
      for (uint32_t j = 0; j < postSize; ++j)
        pr.bias.push_back(uni(-0.05, 0.15));
    net.projections.push_back(pr);
  }
  return net;
}

TEST(FpgaCore, RandomNetworksAreBitExact) {
  uint64_t total = 0;
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    total += expectBitExact(randomNetwork(seed), 150).populationSpikes;
  }
  EXPECT_GT(total, 200u);
}

//===----------------------------------------------------------------------===//
// Timing and errors
//===----------------------------------------------------------------------===//

TEST(FpgaCore, CyclesPerStepFollowTheStateMachine) {
  // Without refractory periods every neuron takes 13 cycles, every
  // population 17 to load, every queued spike 3 and every delivered synapse
  // 3, plus 4 per step (docs/Fpga.md).
  NetworkSpec net = randomNetwork(5);
  for (Population &p : net.populations)
    std::get<LifModel>(p.model).tRef = 0.0;
  const uint32_t steps = 80;
  Outcome o = expectBitExact(net, steps);
  uint64_t spikes = 0, neurons = 0;
  for (const NodeStats &s : o.reference.nodes)
    spikes += s.spikes;
  for (const Population &p : net.populations)
    neurons += p.size;
  uint64_t expected = steps * (4 + 17 * net.populations.size() + 13 * neurons) +
                      3 * spikes + 3 * o.reference.numSynapticEvents;
  uint64_t measured = 0;
  for (uint64_t c : o.core.cyclesPerStep)
    measured += c;
  EXPECT_EQ(measured, expected);
}

TEST(FpgaCore, RefractoryNeuronsTakeTenCycles) {
  // CUBA: R = 5 ms / 0.1 ms = 50 steps. A neuron spiking at step n is
  // frozen at steps n + 1 .. n + 49 (those inside the run), each costing 10
  // cycles instead of 13.
  NetworkSpec net = scaledCuba();
  const uint32_t steps = 300, R = 50;
  Outcome o = expectBitExact(net, steps);
  uint64_t spikes = 0, frozen = 0;
  for (const NodeStats &s : o.reference.nodes)
    spikes += s.spikes;
  for (const SpikeTrain &t : o.reference.spikes)
    for (uint32_t n : t.step)
      frozen += std::min<uint64_t>(R - 1, steps - 1 - n);
  uint64_t expected = steps * (4 + 17 * 2 + 13 * 200) + 3 * spikes +
                      3 * o.reference.numSynapticEvents - 3 * frozen;
  uint64_t measured = 0;
  for (uint64_t c : o.core.cyclesPerStep)
    measured += c;
  EXPECT_GT(frozen, 0u);
  EXPECT_EQ(measured, expected);
}

//===----------------------------------------------------------------------===//
// Dendritic neurons
//===----------------------------------------------------------------------===//

Projection toBranch(NodeRef pre, NodeRef post, Connector c, int32_t branch) {
  Projection p = projection(pre, post, std::move(c));
  p.compartment = branch;
  return p;
}

TEST(FpgaCore, DendriticExample) {
  // examples/dendritic/dendritic.mlir in the S16_15 profile: clustered
  // input onto one branch triggers a plateau, scattered input does not.
  if (simulatedCore().maxBranches < 4)
    GTEST_FAIL() << "this core has no 4 dendritic branches; CMake filters this "
                    "test out for it";
  NetworkSpec net;
  net.dt = 1e-3;
  SpikeArraySource a;
  for (uint32_t s : {20u, 120u, 220u})
    for (uint32_t n = 0; n < 8; ++n) {
      a.neuron.push_back(n);
      a.step.push_back(s);
    }
  net.sources.push_back({"in", 8, a});
  DendriticModel d;
  d.soma.tauMem = 0.02;
  d.soma.vTh = 10.0;
  d.soma.tRef = 0.002;
  Branch b;
  b.tau = 0.01;
  b.threshold = 5.0;
  b.amplitude = 20.0;
  b.gain = 0.5;
  b.plateauSteps = 30;
  d.branches.assign(4, b);
  Population cell;
  cell.name = "cell";
  cell.size = 2;
  cell.model = d;
  net.populations.push_back(cell);
  auto sparse = [](std::vector<uint32_t> pre, std::vector<uint32_t> post) {
    SparseConnector c;
    c.pre = pre;
    c.post = post;
    c.weights.assign(pre.size(), 1.0);
    c.delays.assign(pre.size(), 1);
    return c;
  };
  net.projections.push_back(
      toBranch(srcRef(0), popRef(0),
               sparse({0, 1, 2, 3, 4, 5, 6, 7}, {0, 0, 0, 0, 0, 0, 0, 0}), 0));
  for (uint32_t k = 0; k < 4; ++k)
    net.projections.push_back(toBranch(
        srcRef(0), popRef(0), sparse({2 * k, 2 * k + 1}, {1, 1}), int32_t(k)));
  Outcome o = expectBitExact(net, 300);
  EXPECT_GT(o.populationSpikes, 3u); // neuron 0 fires during its plateaus
}

/// A random dendritic population (plus a LIF one) driven through its soma
/// and its branches.
NetworkSpec randomDendritic(uint32_t seed, uint32_t maxBranches) {
  std::mt19937_64 g(seed * 977);
  auto uni = [&](double lo, double hi) {
    return std::uniform_real_distribution<double>(lo, hi)(g);
  };
  auto pick = [&](uint32_t n) {
    return uint32_t(std::uniform_int_distribution<uint32_t>(0, n - 1)(g));
  };
  NetworkSpec net = randomNetwork(seed);
  DendriticModel d;
  d.soma.tauMem = uni(0.005, 0.03);
  d.soma.vTh = uni(0.5, 1.5);
  d.soma.tauSynExc = pick(2) ? 0.0 : uni(0.002, 0.01);
  d.soma.tauSynInh = pick(2) ? 0.0 : uni(0.002, 0.01);
  d.soma.tRef = pick(2) ? 0.0 : 0.002;
  d.soma.reset = pick(2) ? ResetMode::Zero : ResetMode::Subtract;
  d.soma.integrator = pick(2) ? Integrator::Exact : Integrator::Euler;
  uint32_t nb = 1 + pick(maxBranches);
  for (uint32_t k = 0; k < nb; ++k) {
    Branch b;
    b.tau = pick(3) == 0 ? 0.0 : uni(0.002, 0.03);
    b.threshold = uni(0.2, 1.5);
    b.amplitude = uni(0.5, 3.0);
    b.gain = uni(0.2, 1.5);
    b.slope = uni(0.1, 1.0);
    b.plateauSteps = pick(6);
    b.coupling = uni(0.3, 1.5);
    b.nonlinearity = BranchNonlinearity(pick(3));
    d.branches.push_back(b);
  }
  RealDistribution init;
  init.kind = RealDistribution::Kind::Uniform;
  init.a = -0.5;
  init.b = 0.9;
  uint32_t post = uint32_t(net.populations.size());
  net.populations.push_back(
      population("dend", 1 + pick(30), LifModel{}, init, seed));
  net.populations.back().model = d;
  uint32_t size = net.populations.back().size;
  for (uint32_t k = 0; k < nb + 1; ++k) {
    ProceduralConnector p;
    p.kind = ProceduralConnector::Kind::FixedProbability;
    p.p = uni(0.2, 0.7);
    p.weight.kind = RealDistribution::Kind::Uniform;
    p.weight.a = 0.1;
    p.weight.b = 1.0;
    p.delay.kind = DelayDistribution::Kind::Uniform;
    p.delay.lo = 1;
    p.delay.hi = 1 + pick(6);
    p.seed = seed * 13 + k;
    NodeRef pre = srcRef(pick(uint32_t(net.sources.size())));
    Projection pr = projection(pre, popRef(post), p);
    pr.compartment = k < nb ? int32_t(k) : -1; // the last one: the soma
    if (pick(3) == 0)
      pr.bias.assign(size, uni(-0.05, 0.1));
    net.projections.push_back(pr);
  }
  return net;
}

TEST(FpgaCore, RandomDendriticNetworksAreBitExact) {
  const uint32_t maxBranches = simulatedCore().maxBranches;
  if (maxBranches == 0)
    GTEST_FAIL() << "this core has no dendritic branches; CMake filters this "
                    "test out for it";
  uint64_t total = 0;
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    total += expectBitExact(randomDendritic(seed, maxBranches), 150)
                 .populationSpikes;
  }
  EXPECT_GT(total, 200u);
}

TEST(FpgaCore, BranchCyclesFollowTheStateMachine) {
  // A neuron with nb > 0 branches takes 13 + 1 + 15 nb cycles (no
  // refractory periods here).
  const uint32_t maxBranches = simulatedCore().maxBranches;
  if (maxBranches == 0)
    GTEST_FAIL() << "this core has no dendritic branches; CMake filters this "
                    "test out for it";
  NetworkSpec net = randomDendritic(4, maxBranches);
  uint64_t perStep = 4 + 17 * net.populations.size();
  for (Population &p : net.populations) {
    uint64_t nb = 0;
    if (auto *lif = std::get_if<LifModel>(&p.model)) {
      lif->tRef = 0.0;
    } else {
      auto &d = std::get<DendriticModel>(p.model);
      d.soma.tRef = 0.0;
      nb = d.branches.size();
    }
    perStep += p.size * (13 + (nb ? 1 + 15 * nb : 0));
  }
  const uint32_t steps = 60;
  Outcome o = expectBitExact(net, steps);
  uint64_t spikes = 0;
  for (const NodeStats &s : o.reference.nodes)
    spikes += s.spikes;
  uint64_t measured = 0;
  for (uint64_t c : o.core.cyclesPerStep)
    measured += c;
  EXPECT_EQ(measured,
            steps * perStep + 3 * spikes + 3 * o.reference.numSynapticEvents);
}

TEST(FpgaCore, RejectsLayoutForAnotherCore) {
  NetworkSpec net = randomNetwork(3);
  net.profile = NumericProfile::S16_15;
  CoreConfig other = simulatedCore();
  other.maxDepth *= 2;
  std::string error;
  std::optional<FpgaLayout> layout = layoutNetwork(net, other, error);
  ASSERT_TRUE(layout) << error;
  SimOptions so;
  so.steps = 1;
  EXPECT_FALSE(simulateCore(*layout, so, error));
  EXPECT_NE(error.find("layout is for another core"), std::string::npos)
      << error;
}

} // namespace
