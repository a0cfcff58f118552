//===- Simulator.cpp - The reference simulator ----------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Executes a NetworkSpec as docs/Semantics.md specifies. Layout: every
/// population owns flat state arrays and a ring buffer of input accumulators
/// ring[slot][channel][neuron]; every projection owns a CSR synapse matrix
/// (one row per pre neuron, posts ascending). Per step:
///
///   1. node phase (parallel over neuron slices): sources emit, populations
///      read and clear their ring slot and update; spikes go to per-thread
///      buffers that are concatenated in slice order (ascending neurons);
///   2. delivery (parallel over slices of *post* neurons, so every target
///      accumulator sees its additions in the serial order);
///   3. plasticity (serial), recording (serial).
///
/// Neither phase depends on the thread count for its result. The population
/// state and its update (PopulationUpdate.h) are shared with the machine
/// simulator (runtime/lib/Spinn/Sim), which runs them on per-core slices.
///
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Simulator.h"
#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/Expand.h"
#include "dendron/Runtime/Kernels.h"
#include "dendron/Runtime/Rng.h"

#include "PopulationUpdate.h"
#include "WorkerPool.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <exception>
#include <fmt/format.h>
#include <new>
#include <type_traits>
#include <utility>

using namespace dendron::rt;
using namespace dendron::rt::detail;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Upper bound on RunOptions::threads.
constexpr unsigned kMaxThreads = 256;

/// Deliveries per step below which the delivery phase runs on one thread
/// (the result is the same either way).
constexpr uint64_t kParallelDeliveryThreshold = 16384;

/// The threads worth starting: as many as requested, but no more than give
/// each thread `minNeuronsPerThread` neurons.
unsigned usefulThreads(const NetworkSpec &spec, const RunOptions &options) {
  unsigned threads = std::clamp(options.threads, 1u, kMaxThreads);
  if (options.minNeuronsPerThread == 0)
    return threads;
  uint64_t neurons = 0;
  for (const Population &p : spec.populations)
    neurons += p.size;
  for (const Source &s : spec.sources)
    neurons += s.size;
  uint64_t useful =
      std::max<uint64_t>(1, neurons / options.minNeuronsPerThread);
  return unsigned(std::min<uint64_t>(threads, useful));
}

template <class Ops> class Engine {
  using V = typename Ops::Value;
  using Acc = typename Ops::Acc;

public:
  Engine(const NetworkSpec &spec, const RunOptions &options)
      : spec(spec), options(options), pool(usefulThreads(spec, options)) {}

  bool setup(Recording &rec, std::string &error);
  void run(Recording &rec);

private:
  enum class SourceKind { Table, Poisson };
  using Pop = PopulationState<Ops>;

  struct Src {
    SourceKind kind = SourceKind::Table;
    uint32_t size = 0;
    double probability = 0.0; ///< Poisson: rate * dt.
    uint64_t seed = 0;
    StepTable table;
  };

  struct Proj {
    uint32_t preNode = 0; ///< global node id.
    uint32_t postPop = 0;
    uint32_t channel = 0;
    uint32_t preSize = 0;
    std::vector<uint64_t> rowStart; ///< [preSize + 1]
    std::vector<uint32_t> post;
    std::vector<uint16_t> delay;
    std::vector<V> weight;
    bool uniformDelay = true;
    uint32_t delay0 = 1;
    // Plasticity.
    bool plastic = false;
    PlasticityParams<Ops> rule;
    uint32_t modulatorNode = 0;
    std::vector<V> preTrace, postTrace, eligibility;
    V modulator{};
    std::vector<uint64_t> colStart; ///< [postSize + 1]
    std::vector<uint64_t> colSynapse;
    std::vector<uint32_t> colPre;
  };

  uint32_t nodeId(const NodeRef &r) const {
    return r.kind == NodeRef::Kind::Population
               ? r.index
               : uint32_t(spec.populations.size()) + r.index;
  }
  uint32_t nodeSize(uint32_t node) const {
    return node < pops.size() ? pops[node].size : srcs[node - pops.size()].size;
  }

  void updateSlice(uint32_t node, uint32_t begin, uint32_t end, uint32_t step,
                   std::vector<uint32_t> &out);
  void deliver(Proj &p, uint32_t step, uint32_t postBegin, uint32_t postEnd,
               bool ranged);
  void plasticity(Proj &p);

  const NetworkSpec &spec;
  const RunOptions &options;
  WorkerPool pool;
  std::vector<Pop> pops;
  std::vector<Src> srcs;
  std::vector<Proj> projs;
  uint32_t numNodes = 0;
  std::vector<std::vector<uint32_t>> spikes; ///< [node], current step.
  std::vector<std::vector<std::vector<uint32_t>>> threadSpikes; ///< [t][node]
};

template <class Ops>
bool Engine<Ops>::setup(Recording &rec, std::string &error) {
  const uint32_t steps = options.steps;
  pops.resize(spec.populations.size());
  for (size_t k = 0; k < pops.size(); ++k)
    initPopulation(spec.populations[k], spec.dt, 0, spec.populations[k].size,
                   pops[k]);

  srcs.resize(spec.sources.size());
  for (size_t k = 0; k < srcs.size(); ++k) {
    const Source &s = spec.sources[k];
    Src &q = srcs[k];
    q.size = s.size;
    if (auto *a = std::get_if<SpikeArraySource>(&s.kind)) {
      q.table.build(a->neuron, a->step, steps);
    } else if (auto *pois = std::get_if<PoissonSource>(&s.kind)) {
      q.kind = SourceKind::Poisson;
      q.probability = pois->rate * spec.dt;
      q.seed = pois->seed;
    } else {
      for (const SpikeTrain &t : *options.external)
        if (t.name == s.name) {
          q.table.build(t.neuron, t.step, steps);
          break;
        }
    }
  }
  numNodes = uint32_t(pops.size() + srcs.size());

  // Expand every projection into CSR rows.
  projs.resize(spec.projections.size());
  for (size_t k = 0; k < projs.size(); ++k) {
    const Projection &sp = spec.projections[k];
    Proj &p = projs[k];
    p.preNode = nodeId(sp.pre);
    p.postPop = sp.post.index;
    p.preSize = nodeSize(p.preNode);
    Pop &post = pops[p.postPop];
    p.channel = sp.compartment >= 0
                    ? 2 + uint32_t(sp.compartment)
                    : (sp.synapse == SynapseType::Excitatory ? 0 : 1);
    std::string err;
    std::optional<SynapseList> list =
        expandConnector(sp.connector, p.preSize, post.size, sp.pre == sp.post,
                        err, options.threads);
    if (!list) {
      error = fmt::format("projection {}: {}", k, err);
      return false;
    }
    size_t n = list->size();
    rec.numSynapses += n;
    p.rowStart.assign(uint64_t(p.preSize) + 1, 0);
    for (uint32_t i : list->pre)
      ++p.rowStart[i + 1];
    for (uint32_t i = 0; i < p.preSize; ++i)
      p.rowStart[i + 1] += p.rowStart[i];
    p.post = std::move(list->post);
    list->pre = {};
    p.delay.resize(n);
    p.weight.resize(n);
    p.delay0 = n ? list->delay[0] : 1;
    uint32_t maxDelay = 1;
    for (size_t s = 0; s < n; ++s) {
      p.delay[s] = static_cast<uint16_t>(list->delay[s]);
      p.uniformDelay &= list->delay[s] == p.delay0;
      maxDelay = std::max(maxDelay, list->delay[s]);
      p.weight[s] = Ops::constant(list->weight[s]);
    }
    if (p.uniformDelay)
      p.delay = {};
    post.depth = std::max(post.depth, maxDelay + 1);

    if (!sp.bias.empty()) {
      if (post.bias.empty())
        post.bias.assign(size_t(post.channels) * post.size, Acc{});
      if (std::find(post.biasChannels.begin(), post.biasChannels.end(),
                    p.channel) == post.biasChannels.end())
        post.biasChannels.push_back(p.channel);
      Acc *b = post.bias.data() + size_t(p.channel) * post.size;
      for (uint32_t j = 0; j < post.size; ++j)
        b[j] += Acc(Ops::constant(sp.bias[j]));
    }

    if (auto coeff = plasticityCoefficients(sp.plasticity, spec.dt)) {
      p.plastic = true;
      p.rule = PlasticityParams<Ops>::make(*coeff);
      p.preTrace.assign(p.preSize, V{});
      p.postTrace.assign(post.size, V{});
      if (coeff->threeFactor) {
        p.eligibility.assign(n, V{});
        p.modulatorNode =
            nodeId(std::get<ThreeFactorRule>(sp.plasticity).modulator);
      }
      // Column index: synapses of each post neuron in ascending synapse
      // (= pre) order.
      p.colStart.assign(uint64_t(post.size) + 1, 0);
      for (uint32_t j : p.post)
        ++p.colStart[j + 1];
      for (uint32_t j = 0; j < post.size; ++j)
        p.colStart[j + 1] += p.colStart[j];
      p.colSynapse.resize(n);
      p.colPre.resize(n);
      std::vector<uint64_t> fill(p.colStart.begin(), p.colStart.end() - 1);
      for (uint32_t i = 0; i < p.preSize; ++i)
        for (uint64_t s = p.rowStart[i]; s < p.rowStart[i + 1]; ++s) {
          uint64_t at = fill[p.post[s]]++;
          p.colSynapse[at] = s;
          p.colPre[at] = i;
        }
    }
  }

  for (Pop &q : pops)
    allocateRing(q);

  spikes.resize(numNodes);
  threadSpikes.assign(pool.size(),
                      std::vector<std::vector<uint32_t>>(numNodes));
  for (uint32_t node = 0; node < numNodes; ++node) {
    uint32_t size = nodeSize(node);
    spikes[node].reserve(size);
    for (unsigned t = 0; t < pool.size(); ++t)
      threadSpikes[t][node].reserve(size / pool.size() + 1);
  }
  return true;
}

template <class Ops>
void Engine<Ops>::updateSlice(uint32_t node, uint32_t begin, uint32_t end,
                              uint32_t step, std::vector<uint32_t> &out) {
  if (node < pops.size()) {
    updatePopulation(pops[node], begin, end, step, out);
    return;
  }
  Src &s = srcs[node - pops.size()];
  if (s.kind == SourceKind::Poisson) {
    for (uint32_t k = begin; k < end; ++k)
      if (uniform01(s.seed, k, step) < s.probability)
        out.push_back(k);
    return;
  }
  // A table is emitted whole by the one non-empty slice starting at 0.
  if (begin != 0 || end == begin)
    return;
  out.insert(out.end(), s.table.neuron.begin() + s.table.start[step],
             s.table.neuron.begin() + s.table.start[step + 1]);
}

template <class Ops>
void Engine<Ops>::deliver(Proj &p, uint32_t step, uint32_t postBegin,
                          uint32_t postEnd, bool ranged) {
  Pop &q = pops[p.postPop];
  const size_t slotStride = size_t(q.channels) * q.size;
  Acc *channel = q.ring.data() + size_t(p.channel) * q.size;
  const uint32_t now = step % q.depth;
  const uint32_t *post = p.post.data();
  const V *weight = p.weight.data();
  for (uint32_t i : spikes[p.preNode]) {
    uint64_t b = p.rowStart[i], e = p.rowStart[i + 1];
    if (ranged) {
      b = std::lower_bound(post + b, post + e, postBegin) - post;
      e = std::lower_bound(post + b, post + e, postEnd) - post;
    }
    if (p.uniformDelay) {
      uint32_t slot = now + p.delay0;
      if (slot >= q.depth)
        slot -= q.depth;
      Acc *dst = channel + slot * slotStride;
      for (uint64_t s = b; s < e; ++s)
        dst[post[s]] += weight[s];
    } else {
      const uint16_t *delay = p.delay.data();
      for (uint64_t s = b; s < e; ++s) {
        uint32_t slot = now + delay[s];
        if (slot >= q.depth)
          slot -= q.depth;
        channel[slot * slotStride + post[s]] += weight[s];
      }
    }
  }
}

template <class Ops> void Engine<Ops>::plasticity(Proj &p) {
  const PlasticityParams<Ops> &r = p.rule;
  const std::vector<uint32_t> &preSpikes = spikes[p.preNode];
  const std::vector<uint32_t> &postSpikes = spikes[p.postPop];
  // 1. Decay.
  for (V &x : p.preTrace)
    x = Ops::mul(r.alphaPlus, x);
  for (V &y : p.postTrace)
    y = Ops::mul(r.alphaMinus, y);
  if (r.threeFactor) {
    for (V &e : p.eligibility)
      e = Ops::mul(r.alphaEligibility, e);
    p.modulator = Ops::mul(r.alphaModulator, p.modulator);
  }
  // 2. Depression at pre spikes, 3. potentiation at post spikes (traces
  // still hold only earlier steps' spikes).
  for (uint32_t i : preSpikes)
    for (uint64_t s = p.rowStart[i]; s < p.rowStart[i + 1]; ++s) {
      V dw = Ops::mul(r.aMinus, p.postTrace[p.post[s]]);
      if (r.threeFactor)
        p.eligibility[s] = Ops::sub(p.eligibility[s], dw);
      else
        p.weight[s] = r.clip(Ops::sub(p.weight[s], dw));
    }
  for (uint32_t j : postSpikes)
    for (uint64_t c = p.colStart[j]; c < p.colStart[j + 1]; ++c) {
      uint64_t s = p.colSynapse[c];
      V dw = Ops::mul(r.aPlus, p.preTrace[p.colPre[c]]);
      if (r.threeFactor)
        p.eligibility[s] = Ops::add(p.eligibility[s], dw);
      else
        p.weight[s] = r.clip(Ops::add(p.weight[s], dw));
    }
  // 4. This step's spikes enter the traces.
  for (uint32_t i : preSpikes)
    p.preTrace[i] = Ops::add(p.preTrace[i], Ops::one());
  for (uint32_t j : postSpikes)
    p.postTrace[j] = Ops::add(p.postTrace[j], Ops::one());
  if (!r.threeFactor)
    return;
  // 5. Modulator, 6. weight update w += (learningRate * M) * e.
  p.modulator =
      Ops::add(p.modulator, Ops::fromCount(spikes[p.modulatorNode].size()));
  V g = Ops::mul(r.learningRate, p.modulator);
  if (g == V{})
    return;
  for (size_t s = 0; s < p.weight.size(); ++s)
    p.weight[s] = r.clip(Ops::add(p.weight[s], Ops::mul(g, p.eligibility[s])));
}

template <class Ops> void Engine<Ops>::run(Recording &rec) {
  const uint32_t steps = options.steps;
  const unsigned T = pool.size();

  // Recording targets.
  struct SpikeProbe {
    uint32_t node;
    size_t train;
  };
  struct TraceProbe {
    uint32_t pop;
    bool branch;
    size_t trace;
  };
  std::vector<SpikeProbe> spikeProbes;
  std::vector<TraceProbe> traceProbes;
  for (const Probe &pr : spec.probes) {
    uint32_t node = nodeId(pr.node);
    const std::string &name = node < pops.size()
                                  ? spec.populations[node].name
                                  : spec.sources[node - pops.size()].name;
    if (pr.variable == ProbeVariable::Spikes) {
      SpikeTrain t;
      t.name = name;
      t.numNeurons = nodeSize(node);
      spikeProbes.push_back({node, rec.spikes.size()});
      rec.spikes.push_back(std::move(t));
      continue;
    }
    bool branch = pr.variable == ProbeVariable::BranchActivation;
    Trace t;
    t.name = name;
    t.variable = branch ? "branch" : "v";
    t.width = branch ? uint32_t(pops[node].o.size()) : pops[node].size;
    t.values.reserve(size_t(steps) * t.width);
    traceProbes.push_back({node, branch, rec.traces.size()});
    rec.traces.push_back(std::move(t));
  }
  std::vector<uint64_t> spikeCount(numNodes, 0);

  uint32_t step = 0;
  auto nodePhase = [&](unsigned t) {
    for (uint32_t node = 0; node < numNodes; ++node) {
      uint64_t size = nodeSize(node);
      auto &out = threadSpikes[t][node];
      out.clear();
      updateSlice(node, uint32_t(size * t / T), uint32_t(size * (t + 1) / T),
                  step, out);
    }
  };
  auto deliveryPhase = [&](unsigned t) {
    for (Proj &p : projs) {
      uint64_t m = pops[p.postPop].size;
      deliver(p, step, uint32_t(m * t / T), uint32_t(m * (t + 1) / T), true);
    }
  };

  auto t0 = Clock::now();
  for (step = 0; step < steps; ++step) {
    pool.run(nodePhase);
    for (uint32_t node = 0; node < numNodes; ++node) {
      auto &all = spikes[node];
      all.clear();
      for (unsigned t = 0; t < T; ++t)
        all.insert(all.end(), threadSpikes[t][node].begin(),
                   threadSpikes[t][node].end());
      spikeCount[node] += all.size();
    }

    uint64_t events = 0;
    for (Proj &p : projs)
      for (uint32_t i : spikes[p.preNode])
        events += p.rowStart[i + 1] - p.rowStart[i];
    rec.numSynapticEvents += events;
    if (T > 1 && events >= kParallelDeliveryThreshold)
      pool.run(deliveryPhase);
    else
      for (Proj &p : projs)
        deliver(p, step, 0, 0, false);

    for (Proj &p : projs)
      if (p.plastic)
        plasticity(p);

    for (const SpikeProbe &sp : spikeProbes) {
      SpikeTrain &train = rec.spikes[sp.train];
      for (uint32_t i : spikes[sp.node]) {
        train.neuron.push_back(i);
        train.step.push_back(step);
      }
    }
    for (const TraceProbe &tp : traceProbes) {
      Trace &trace = rec.traces[tp.trace];
      const std::vector<V> &src = tp.branch ? pops[tp.pop].o : pops[tp.pop].v;
      for (V x : src)
        trace.values.push_back(Ops::toReal(x));
    }
  }
  rec.wallSeconds = secondsSince(t0);
  rec.threads = T;

  for (uint32_t node = 0; node < numNodes; ++node) {
    NodeStats st;
    bool isSource = node >= pops.size();
    st.name = isSource ? spec.sources[node - pops.size()].name
                       : spec.populations[node].name;
    st.size = nodeSize(node);
    st.isSource = isSource;
    st.spikes = spikeCount[node];
    rec.nodes.push_back(std::move(st));
  }
  for (size_t k = 0; k < projs.size(); ++k) {
    const Proj &p = projs[k];
    if (!p.plastic)
      continue;
    WeightSnapshot w;
    w.projection = uint32_t(k);
    for (uint32_t i = 0; i < p.preSize; ++i)
      for (uint64_t s = p.rowStart[i]; s < p.rowStart[i + 1]; ++s) {
        w.pre.push_back(i);
        w.post.push_back(p.post[s]);
        w.weight.push_back(Ops::toReal(p.weight[s]));
      }
    rec.weights.push_back(std::move(w));
  }
}

template <class Ops>
std::optional<Recording>
runEngine(const NetworkSpec &spec, const RunOptions &options,
          std::string &error, Clock::time_point start) {
  Recording rec;
  rec.dt = spec.dt;
  rec.numSteps = options.steps;
  for (const Population &p : spec.populations)
    rec.numNeurons += p.size;
  Engine<Ops> engine(spec, options);
  if (!engine.setup(rec, error))
    return std::nullopt;
  rec.setupSeconds = secondsSince(start);
  engine.run(rec);
  return rec;
}

} // namespace

std::optional<Recording> dendron::rt::simulate(const NetworkSpec &spec,
                                               const RunOptions &options,
                                               std::string &error) {
  error.clear();
  auto start = Clock::now();
  try {
    error = validate(spec, &options);
    if (!error.empty())
      return std::nullopt;
    RunOptions opts = options;
    opts.threads = std::clamp(opts.threads, 1u, kMaxThreads);
    if (spec.profile == NumericProfile::S16_15)
      return runEngine<FixedOps>(spec, opts, error, start);
    return runEngine<FloatOps>(spec, opts, error, start);
  } catch (const std::bad_alloc &) {
    error = "out of memory while setting up or running the simulation";
  } catch (const std::exception &e) {
    error = fmt::format("simulation failed: {}", e.what());
  }
  return std::nullopt;
}
