//===- SimTestUtil.h - Helpers of the machine simulator tests ---*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Builders shared by the machine-simulator tests: the example networks of
/// examples/ as NetworkSpecs (the runtime cannot parse MLIR), a generator of
/// random small networks, a minimal image builder that puts every slice on
/// one chip (independent of the mapper, so the simulator can be checked on
/// its own) and the comparison with the reference simulator.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TESTS_RUNTIME_SPINN_SIM_SIMTESTUTIL_H
#define DENDRON_TESTS_RUNTIME_SPINN_SIM_SIMTESTUTIL_H

#include "dendron/Runtime/Expand.h"
#include "dendron/Runtime/FixedPoint.h"
#include "dendron/Runtime/Simulator.h"
#include "dendron/Spinn/MachineSimulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

namespace dendron::spinn::test {

using namespace dendron::rt;

inline NodeRef pop(uint32_t i) { return {NodeRef::Kind::Population, i}; }
inline NodeRef src(uint32_t i) { return {NodeRef::Kind::Source, i}; }

//===----------------------------------------------------------------------===//
// The example networks (examples/*/*.mlir), quantized to s16.15
//===----------------------------------------------------------------------===//

/// examples/cuba/cuba.mlir. `n` scales the network down for fast tests
/// (4/5 excitatory); 4000 is the example.
inline NetworkSpec cubaExample(uint32_t n = 4000) {
  NetworkSpec net;
  net.name = "cuba";
  net.dt = 1e-4;
  net.profile = NumericProfile::S16_15;
  LifModel m;
  m.tauMem = 0.02;
  m.vLeak = -49.0;
  m.vTh = -50.0;
  m.vReset = -60.0;
  m.tRef = 0.005;
  m.tauSynExc = 0.005;
  m.tauSynInh = 0.01;
  uint32_t ne = n * 4 / 5;
  uint64_t seed = 1;
  for (auto [name, size] : {std::pair{"exc", ne}, std::pair{"inh", n - ne}}) {
    Population p;
    p.name = name;
    p.size = size;
    p.model = m;
    p.vInit.kind = RealDistribution::Kind::Uniform;
    p.vInit.a = -60.0;
    p.vInit.b = -50.0;
    p.vInitSeed = seed++;
    net.populations.push_back(p);
  }
  uint64_t connectorSeed = 11;
  for (uint32_t pre = 0; pre < 2; ++pre)
    for (uint32_t post = 0; post < 2; ++post) {
      Projection p;
      p.pre = pop(pre);
      p.post = pop(post);
      ProceduralConnector c;
      c.p = 0.02;
      c.weight.a = pre == 0 ? 1.62 : -9.0;
      c.seed = connectorSeed++;
      p.connector = c;
      p.synapse = pre == 0 ? SynapseType::Excitatory : SynapseType::Inhibitory;
      net.projections.push_back(p);
    }
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(1), ProbeVariable::Spikes});
  return net;
}

/// examples/lif/lif.mlir.
inline NetworkSpec lifExample() {
  NetworkSpec net;
  net.name = "single_lif";
  net.dt = 1e-3;
  net.profile = NumericProfile::S16_15;
  SpikeArraySource a;
  for (uint32_t s = 0; s < 200; s += 5) {
    a.neuron.push_back(0);
    a.step.push_back(s);
  }
  net.sources.push_back(Source{"in", 1, a});
  LifModel m;
  m.tauMem = 0.02;
  m.vLeak = -65.0;
  m.vTh = -50.0;
  m.vReset = -65.0;
  m.tRef = 0.002;
  m.tauSynExc = 0.005;
  Population p;
  p.name = "lif";
  p.size = 1;
  p.model = m;
  net.populations.push_back(p);
  Projection pr;
  pr.pre = src(0);
  pr.post = pop(0);
  OneToOneConnector c;
  c.weight = 20.0;
  pr.connector = c;
  net.projections.push_back(pr);
  net.probes.push_back({src(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  return net;
}

/// examples/dendritic/dendritic.mlir.
inline NetworkSpec dendriticExample() {
  NetworkSpec net;
  net.name = "dendritic_demo";
  net.dt = 1e-3;
  net.profile = NumericProfile::S16_15;
  SpikeArraySource a;
  for (uint32_t s : {20u, 120u, 220u})
    for (uint32_t n = 0; n < 8; ++n) {
      a.neuron.push_back(n);
      a.step.push_back(s);
    }
  net.sources.push_back(Source{"in", 8, a});
  DendriticModel d;
  d.soma.tauMem = 0.02;
  d.soma.vLeak = 0.0;
  d.soma.vTh = 10.0;
  d.soma.vReset = 0.0;
  d.soma.tRef = 0.002;
  Branch b;
  b.tau = 0.01;
  b.threshold = 5.0;
  b.amplitude = 20.0;
  b.gain = 0.5;
  b.plateauSteps = 30;
  d.branches.assign(4, b);
  Population p;
  p.name = "cell";
  p.size = 2;
  p.model = d;
  net.populations.push_back(p);
  auto sparse = [&](std::vector<uint32_t> pre, std::vector<uint32_t> post,
                    int32_t branch) {
    Projection pr;
    pr.pre = src(0);
    pr.post = pop(0);
    SparseConnector c;
    c.pre = pre;
    c.post = post;
    c.weights.assign(pre.size(), 1.0);
    c.delays.assign(pre.size(), 1);
    pr.connector = c;
    pr.compartment = branch;
    net.projections.push_back(pr);
  };
  sparse({0, 1, 2, 3, 4, 5, 6, 7}, {0, 0, 0, 0, 0, 0, 0, 0}, 0);
  sparse({0, 1}, {1, 1}, 0);
  sparse({2, 3}, {1, 1}, 1);
  sparse({4, 5}, {1, 1}, 2);
  sparse({6, 7}, {1, 1}, 3);
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  net.probes.push_back({pop(0), ProbeVariable::BranchActivation});
  return net;
}

//===----------------------------------------------------------------------===//
// Random networks
//===----------------------------------------------------------------------===//

/// A random small S16_15 network: 1-3 populations of random models (LIF,
/// IF, CubaLIF, adaptive, Izhikevich, dendritic), 1-3 sources (Poisson,
/// spike array, external), projections of every connector kind with delays
/// 1..20, biases, and probes of spikes, v and branch outputs. `external`
/// receives a spike train for every external source. Valid by construction
/// (rt::validate is checked by the caller).
inline NetworkSpec randomNetwork(uint64_t seed,
                                 std::vector<SpikeTrain> &external) {
  std::mt19937_64 rng(seed);
  auto uni = [&](double a, double b) {
    return std::uniform_real_distribution<double>(a, b)(rng);
  };
  auto pick = [&](uint32_t a, uint32_t b) { // [a, b]
    return std::uniform_int_distribution<uint32_t>(a, b)(rng);
  };
  NetworkSpec net;
  net.name = "random" + std::to_string(seed);
  net.dt = 1e-3;
  net.profile = NumericProfile::S16_15;
  uint32_t numPops = pick(1, 3);
  for (uint32_t k = 0; k < numPops; ++k) {
    Population p;
    p.name = "p" + std::to_string(k);
    p.size = pick(1, 90);
    LifModel lif;
    lif.vTh = uni(0.3, 1.0);
    lif.vReset = 0.0;
    lif.tRef = pick(0, 3) * 1e-3;
    switch (pick(0, 5)) {
    case 0: // LIF, direct input.
      lif.tauMem = uni(0.005, 0.05);
      p.model = lif;
      break;
    case 1: // IF.
      lif.tauMem = 0.0;
      lif.reset = ResetMode::Subtract;
      p.model = lif;
      break;
    case 2: // CubaLIF, maybe Euler.
      lif.tauMem = uni(0.005, 0.05);
      lif.tauSynExc = uni(0.002, 0.01);
      lif.tauSynInh = uni(0.002, 0.02);
      if (pick(0, 1))
        lif.integrator = Integrator::Euler;
      p.model = lif;
      break;
    case 3: // Adaptive.
      lif.tauMem = uni(0.005, 0.05);
      lif.tauSynExc = uni(0.002, 0.01);
      lif.tauAdapt = uni(0.02, 0.2);
      lif.adaptJump = uni(0.05, 0.5);
      p.model = lif;
      break;
    case 4: { // Izhikevich (mV).
      IzhikevichModel izh;
      if (pick(0, 1))
        izh.tauSyn = 0.005;
      p.model = izh;
      break;
    }
    default: { // Dendritic.
      DendriticModel d;
      d.soma = lif;
      d.soma.tauMem = uni(0.005, 0.05);
      uint32_t nb = pick(1, 3);
      for (uint32_t b = 0; b < nb; ++b) {
        Branch br;
        br.tau = uni(0.002, 0.02);
        br.threshold = uni(0.2, 1.0);
        br.amplitude = uni(0.5, 2.0);
        br.gain = uni(0.2, 1.0);
        br.plateauSteps = pick(0, 10);
        br.coupling = uni(0.5, 1.5);
        br.nonlinearity = BranchNonlinearity(pick(0, 2));
        d.branches.push_back(br);
      }
      p.model = d;
      break;
    }
    }
    bool izh = std::holds_alternative<IzhikevichModel>(p.model);
    p.vInit.kind = RealDistribution::Kind::Uniform;
    p.vInit.a = izh ? -70.0 : 0.0;
    p.vInit.b = izh ? -60.0 : 1.0;
    p.vInitSeed = rng();
    net.populations.push_back(p);
  }
  uint32_t numSources = pick(1, 3);
  for (uint32_t k = 0; k < numSources; ++k) {
    Source s;
    s.name = "s" + std::to_string(k);
    s.size = pick(1, 60);
    switch (pick(0, 2)) {
    case 0:
      s.kind = PoissonSource{uni(20.0, 200.0), rng()};
      break;
    case 1: {
      SpikeArraySource a;
      for (uint32_t e = pick(0, 300); e > 0; --e) {
        a.neuron.push_back(pick(0, s.size - 1));
        a.step.push_back(pick(0, 120));
      }
      s.kind = a;
      break;
    }
    default: {
      s.kind = ExternalSource{};
      SpikeTrain t;
      t.name = s.name;
      t.numNeurons = s.size;
      for (uint32_t e = pick(0, 300); e > 0; --e) {
        t.neuron.push_back(pick(0, s.size - 1));
        t.step.push_back(pick(0, 120));
      }
      external.push_back(t);
      break;
    }
    }
    net.sources.push_back(s);
  }
  auto sizeOf = [&](NodeRef r) {
    return r.kind == NodeRef::Kind::Population ? net.populations[r.index].size
                                               : net.sources[r.index].size;
  };
  uint32_t numProjections = pick(2, 6);
  for (uint32_t k = 0; k < numProjections; ++k) {
    Projection pr;
    bool fromSource = pick(0, 1) == 0;
    pr.pre =
        fromSource ? src(pick(0, numSources - 1)) : pop(pick(0, numPops - 1));
    pr.post = pop(pick(0, numPops - 1));
    const Population &post = net.populations[pr.post.index];
    uint32_t m = sizeOf(pr.pre), n = post.size;
    bool izh = std::holds_alternative<IzhikevichModel>(post.model);
    double scale = izh ? 20.0 : 1.0;
    pr.synapse =
        pick(0, 3) == 0 ? SynapseType::Inhibitory : SynapseType::Excitatory;
    double sign = pr.synapse == SynapseType::Inhibitory ? -1.0 : 1.0;
    if (auto *d = std::get_if<DendriticModel>(&post.model); d && pick(0, 1))
      pr.compartment = int32_t(pick(0, uint32_t(d->branches.size()) - 1));
    auto delay = [&] { return pick(1, 20); };
    switch (pick(0, 6)) {
    case 0: { // dense
      DenseConnector c;
      for (uint32_t e = 0; e < m * n; ++e)
        c.weights.push_back(pick(0, 4) == 0 ? sign * uni(0.1, 1.2) * scale
                                            : 0.0);
      c.delay = delay();
      pr.connector = c;
      break;
    }
    case 1: { // sparse
      SparseConnector c;
      for (uint32_t e = pick(1, 200); e > 0; --e) {
        c.pre.push_back(pick(0, m - 1));
        c.post.push_back(pick(0, n - 1));
        c.weights.push_back(sign * uni(0.1, 1.2) * scale);
        c.delays.push_back(delay());
      }
      pr.connector = c;
      break;
    }
    case 2: { // one-to-one
      if (m != n) {
        --k;
        continue;
      }
      OneToOneConnector c;
      c.weight = sign * uni(0.2, 1.5) * scale;
      c.delay = delay();
      pr.connector = c;
      break;
    }
    case 3: { // conv2d: pre (C, H, W) with m = C * H * W.
      uint32_t c0 = m % 2 == 0 ? 2 : 1;
      uint32_t h = 1, w = m / c0;
      if (w >= 4 && w % 2 == 0) {
        h = 2;
        w /= 2;
      }
      Conv2dConnector c;
      c.inChannels = c0;
      c.inHeight = h;
      c.inWidth = w;
      c.kernelH = 1;
      c.kernelW = std::min<uint32_t>(w, 3);
      c.padW = c.kernelW / 2;
      uint32_t outW = w + 2 * c.padW - c.kernelW + 1;
      c.outChannels = std::max<uint32_t>(1, n / (h * outW));
      if (c.outChannels * h * outW != n) {
        --k;
        continue;
      }
      for (uint32_t e = 0; e < c.outChannels * c0 * c.kernelW; ++e)
        c.weights.push_back(sign * uni(0.1, 1.2) * scale);
      c.delay = delay();
      pr.connector = c;
      break;
    }
    case 4: { // pool2d: (1, 1, m) -> (1, 1, n) with a window of m / n.
      if (n > m || m % n != 0) {
        --k;
        continue;
      }
      Pool2dConnector c;
      c.average = pick(0, 1);
      c.channels = 1;
      c.inHeight = 1;
      c.inWidth = m;
      c.kernelH = 1;
      c.kernelW = m / n;
      c.strideW = m / n;
      c.delay = delay();
      pr.connector = c;
      break;
    }
    default: { // procedural
      ProceduralConnector c;
      c.kind = ProceduralConnector::Kind(pick(0, 2));
      c.p = uni(0.05, 0.5);
      c.count = c.kind == ProceduralConnector::Kind::FixedInDegree
                    ? pick(1, std::min<uint32_t>(m, 8))
                    : pick(1, 300);
      c.allowSelf = pick(0, 1);
      c.allowMultapses = true;
      c.weight.kind = RealDistribution::Kind::Uniform;
      c.weight.a = std::min(sign * 0.2, sign * 1.2) * scale;
      c.weight.b = std::max(sign * 0.2, sign * 1.2) * scale;
      c.delay.kind = DelayDistribution::Kind::Uniform;
      c.delay.lo = 1;
      c.delay.hi = pick(1, 20);
      c.seed = rng();
      pr.connector = c;
      break;
    }
    }
    if (pick(0, 3) == 0)
      for (uint32_t j = 0; j < n; ++j)
        pr.bias.push_back(uni(0.0, 0.1) * scale);
    net.projections.push_back(pr);
  }
  for (uint32_t k = 0; k < numPops; ++k) {
    net.probes.push_back({pop(k), ProbeVariable::Spikes});
    if (pick(0, 1))
      net.probes.push_back({pop(k), ProbeVariable::Voltage});
    if (std::holds_alternative<DendriticModel>(net.populations[k].model))
      net.probes.push_back({pop(k), ProbeVariable::BranchActivation});
  }
  for (uint32_t k = 0; k < numSources; ++k)
    if (pick(0, 1))
      net.probes.push_back({src(k), ProbeVariable::Spikes});
  return net;
}

//===----------------------------------------------------------------------===//
// A minimal image: every slice on one chip
//===----------------------------------------------------------------------===//

/// Builds an image of `net` without the mapper: nodes cut into slices of at
/// most `perCore` neurons, slice i on application core i + 1 of chip (0, 0)
/// of a 1x1 SpiNNaker2-like machine, one key block of 2^k keys per slice,
/// one router entry per source slice sending to every core of every
/// population it projects to, and per destination core one master
/// population table entry per source slice. Returns nullopt on a connector
/// error (the test fails).
inline std::optional<MachineImage> oneChipImage(const NetworkSpec &net,
                                                uint32_t perCore) {
  MachineImage image;
  image.machine = machine::MachineModel::spinn2();
  image.network = net;
  image.network.projections.clear();
  struct SliceRef {
    NodeRef node;
    uint32_t lo, hi;
  };
  std::vector<SliceRef> slices;
  for (uint32_t k = 0; k < net.populations.size(); ++k)
    for (uint32_t lo = 0; lo < net.populations[k].size; lo += perCore)
      slices.push_back(
          {pop(k), lo, std::min(net.populations[k].size, lo + perCore)});
  for (uint32_t k = 0; k < net.sources.size(); ++k)
    for (uint32_t lo = 0; lo < net.sources[k].size; lo += perCore)
      slices.push_back(
          {src(k), lo, std::min(net.sources[k].size, lo + perCore)});
  uint32_t nextBase = 0;
  for (size_t s = 0; s < slices.size(); ++s) {
    CoreProgram p;
    p.core = {0, 0, int32_t(s + 1)};
    p.node = slices[s].node;
    p.lo = slices[s].lo;
    p.hi = slices[s].hi;
    uint32_t block = 1;
    while (block < p.size())
      block *= 2;
    nextBase = (nextBase + block - 1) / block * block;
    p.keys.base = nextBase;
    p.keys.mask = ~(block - 1);
    p.keys.count = p.size();
    p.keys.blockSize = block;
    nextBase += block;
    image.cores.push_back(p);
  }
  // Synapses of every (source slice, destination slice) pair, rows per
  // source neuron.
  std::map<std::pair<size_t, size_t>, std::vector<std::vector<uint64_t>>> rows;
  std::vector<routing::Route> routes(slices.size());
  for (const Projection &pr : net.projections) {
    uint32_t m = pr.pre.kind == NodeRef::Kind::Population
                     ? net.populations[pr.pre.index].size
                     : net.sources[pr.pre.index].size;
    uint32_t n = net.populations[pr.post.index].size;
    uint32_t channel = pr.compartment >= 0
                           ? 2 + uint32_t(pr.compartment)
                           : (pr.synapse == SynapseType::Excitatory ? 0 : 1);
    std::string err;
    auto list = expandConnector(pr.connector, m, n, pr.pre == pr.post, err, 1);
    EXPECT_TRUE(list.has_value()) << err;
    if (!list)
      return std::nullopt;
    image.numSynapses += list->size();
    for (size_t e = 0; e < list->size(); ++e) {
      size_t from = 0, to = 0;
      for (size_t s = 0; s < slices.size(); ++s) {
        const SliceRef &r = slices[s];
        if (r.node == pr.pre && list->pre[e] >= r.lo && list->pre[e] < r.hi)
          from = s;
        if (r.node == pr.post && list->post[e] >= r.lo && list->post[e] < r.hi)
          to = s;
      }
      auto &rs = rows[{from, to}];
      rs.resize(slices[from].hi - slices[from].lo);
      rs[list->pre[e] - slices[from].lo].push_back(
          SynapticWord::pack(toFixed(list->weight[e]), list->delay[e], channel,
                             list->post[e] - slices[to].lo));
      routes[from] = routes[from].withCore(uint32_t(to + 1));
      CoreProgram &dst = image.cores[to];
      dst.ringDepth = std::max(dst.ringDepth, list->delay[e] + 1);
    }
    if (!pr.bias.empty())
      for (size_t s = 0; s < slices.size(); ++s) {
        if (!(slices[s].node == pr.post))
          continue;
        CoreProgram &dst = image.cores[s];
        uint32_t size = dst.size();
        uint32_t channels = 2;
        if (auto *d = std::get_if<DendriticModel>(
                &net.populations[pr.post.index].model))
          channels += uint32_t(d->branches.size());
        dst.bias.resize(size_t(channels) * size, 0);
        for (uint32_t j = 0; j < size; ++j)
          dst.bias[size_t(channel) * size + j] += toFixed(pr.bias[dst.lo + j]);
      }
  }
  for (size_t s = 0; s < slices.size(); ++s) {
    CoreProgram &p = image.cores[s];
    if (p.node.kind == NodeRef::Kind::Population) {
      if (auto *d =
              std::get_if<DendriticModel>(&net.populations[p.node.index].model))
        p.channels = 2 + uint32_t(d->branches.size());
      p.rowStart.push_back(0);
      for (size_t from = 0; from < slices.size(); ++from) {
        auto it = rows.find({from, s});
        if (it == rows.end())
          continue;
        const CoreProgram &srcCore = image.cores[from];
        MasterPopEntry e;
        e.key = srcCore.keys.base;
        e.mask = srcCore.keys.mask;
        e.firstRow = uint32_t(p.rowStart.size() - 1);
        e.numRows = srcCore.size();
        it->second.resize(srcCore.size());
        for (const auto &row : it->second) {
          p.words.insert(p.words.end(), row.begin(), row.end());
          p.rowStart.push_back(p.words.size());
        }
        p.masterPopTable.push_back(e);
      }
      std::sort(p.masterPopTable.begin(), p.masterPopTable.end(),
                [](const MasterPopEntry &a, const MasterPopEntry &b) {
                  return a.key < b.key;
                });
    }
  }
  ChipTable t;
  t.chip = {0, 0};
  for (size_t s = 0; s < slices.size(); ++s)
    if (!routes[s].empty())
      t.entries.push_back(
          {image.cores[s].keys.base, image.cores[s].keys.mask, routes[s], {}});
  t.uncompressedSize = t.entries.size();
  image.tables.push_back(t);
  return image;
}

//===----------------------------------------------------------------------===//
// Comparison with the reference simulator
//===----------------------------------------------------------------------===//

/// The reference simulator's recording of `net` (fails the test on error).
inline Recording reference(const NetworkSpec &net, uint32_t steps,
                           const std::vector<SpikeTrain> *external = nullptr) {
  RunOptions o;
  o.steps = steps;
  o.external = external;
  std::string error;
  auto rec = simulate(net, o, error);
  EXPECT_TRUE(rec.has_value()) << error;
  return rec ? std::move(*rec) : Recording();
}

/// Runs `image` (fails the test on error).
inline MachineRun runImage(const MachineImage &image, uint32_t steps,
                           unsigned threads,
                           const std::vector<SpikeTrain> *external = nullptr) {
  MachineRunOptions o;
  o.steps = steps;
  o.threads = threads;
  // Every requested thread, however small the network: the tests check
  // that the split does not change the result.
  o.minNeuronsPerThread = 0;
  o.external = external;
  std::string error;
  auto run = runMachine(image, o, error);
  EXPECT_TRUE(run.has_value()) << error;
  return run ? std::move(*run) : MachineRun();
}

/// Spike trains, traces and counters equal, bit for bit.
inline void expectSameRecording(const Recording &want, const Recording &got,
                                const std::string &what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(want.spikes.size(), got.spikes.size());
  for (size_t k = 0; k < want.spikes.size(); ++k) {
    EXPECT_EQ(want.spikes[k].name, got.spikes[k].name);
    EXPECT_EQ(want.spikes[k].numNeurons, got.spikes[k].numNeurons);
    EXPECT_EQ(want.spikes[k].neuron, got.spikes[k].neuron)
        << "train " << want.spikes[k].name;
    EXPECT_EQ(want.spikes[k].step, got.spikes[k].step)
        << "train " << want.spikes[k].name;
  }
  ASSERT_EQ(want.traces.size(), got.traces.size());
  for (size_t k = 0; k < want.traces.size(); ++k) {
    EXPECT_EQ(want.traces[k].variable, got.traces[k].variable);
    EXPECT_EQ(want.traces[k].width, got.traces[k].width);
    EXPECT_TRUE(want.traces[k].values == got.traces[k].values)
        << "trace " << want.traces[k].name << " " << want.traces[k].variable;
  }
  ASSERT_EQ(want.nodes.size(), got.nodes.size());
  for (size_t k = 0; k < want.nodes.size(); ++k) {
    EXPECT_EQ(want.nodes[k].name, got.nodes[k].name);
    EXPECT_EQ(want.nodes[k].spikes, got.nodes[k].spikes);
  }
  EXPECT_EQ(want.numNeurons, got.numNeurons);
  EXPECT_EQ(want.numSynapses, got.numSynapses);
  EXPECT_EQ(want.numSynapticEvents, got.numSynapticEvents);
  EXPECT_EQ(want.numSteps, got.numSteps);
}

} // namespace dendron::spinn::test

#endif // DENDRON_TESTS_RUNTIME_SPINN_SIM_SIMTESTUTIL_H
