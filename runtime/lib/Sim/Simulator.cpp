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
/// Neither phase depends on the thread count for its result.
///
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Simulator.h"
#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/Expand.h"
#include "dendron/Runtime/Kernels.h"
#include "dendron/Runtime/Rng.h"

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
using dendron::rt::detail::WorkerPool;

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

/// Spikes of a SpikeArray / External source bucketed by step (CSR).
struct StepTable {
  std::vector<uint64_t> start; ///< [steps + 1]
  std::vector<uint32_t> neuron;

  /// Buckets (neuron, step) pairs; steps >= `steps` are dropped, neurons are
  /// sorted and de-duplicated within a step.
  void build(const std::vector<uint32_t> &neurons,
             const std::vector<uint32_t> &stepsOf, uint32_t steps) {
    start.assign(uint64_t(steps) + 1, 0);
    for (size_t k = 0; k < neurons.size(); ++k)
      if (stepsOf[k] < steps)
        ++start[stepsOf[k] + 1];
    for (uint32_t s = 0; s < steps; ++s)
      start[s + 1] += start[s];
    neuron.assign(start[steps], 0);
    std::vector<uint64_t> fill(start.begin(), start.end() - 1);
    for (size_t k = 0; k < neurons.size(); ++k)
      if (stepsOf[k] < steps)
        neuron[fill[stepsOf[k]]++] = neurons[k];
    // Sort and de-duplicate each step in place, compacting the table.
    uint64_t out = 0;
    for (uint32_t s = 0; s < steps; ++s) {
      auto b = neuron.begin() + start[s], e = neuron.begin() + start[s + 1];
      std::sort(b, e);
      e = std::unique(b, e);
      start[s] = out;
      for (auto it = b; it != e; ++it)
        neuron[out++] = *it;
    }
    start[steps] = out;
    neuron.resize(out);
  }
};

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
  enum class ModelKind { Lif, Izhikevich, Dendritic };
  enum class SourceKind { Table, Poisson };

  struct Pop {
    ModelKind kind = ModelKind::Lif;
    uint32_t size = 0;
    uint32_t channels = 2; ///< exc, inh, then one per branch.
    uint32_t depth = 1;    ///< ring slots = max incoming delay + 1.
    std::vector<Acc> ring; ///< [depth][channels][size]
    /// Summed projection biases, [channels][size] (empty: none), and the
    /// channels that have one. A slot is refilled with them when it is
    /// cleared, before any delivery into it (docs/Semantics.md, "Bias").
    std::vector<Acc> bias;
    std::vector<uint32_t> biasChannels;
    LifParams<Ops> lif;
    IzhikevichParams<Ops> izh;
    std::vector<BranchParams<Ops>> branches;
    std::vector<V> v, iExc, iInh, adapt, u, iSyn;
    std::vector<uint32_t> refractory;
    std::vector<V> d, o;           ///< [size][branches]
    std::vector<uint32_t> plateau; ///< [size][branches]
  };

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

  void initPopulation(const Population &p, Pop &q);
  void updateSlice(uint32_t node, uint32_t begin, uint32_t end, uint32_t step,
                   std::vector<uint32_t> &out);
  void updatePopulation(Pop &q, uint32_t begin, uint32_t end, uint32_t step,
                        std::vector<uint32_t> &out);
  template <class Shape, class Ar = Ops>
  void lifSlice(Pop &q, const Shape &s, Acc *accExc, Acc *accInh,
                uint32_t begin, uint32_t end, std::vector<uint32_t> &out);
  template <class Shape, class Quiet>
  void lifSlicePairs(Pop &q, Acc *accExc, Acc *accInh, uint32_t begin,
                     uint32_t end, std::vector<uint32_t> &out);
  template <unsigned Bits>
  void lifSliceOf(Pop &q, Acc *accExc, Acc *accInh, uint32_t begin,
                  uint32_t end, std::vector<uint32_t> &out);
  template <size_t... Bits>
  void lifSliceDispatch(Pop &q, Acc *accExc, Acc *accInh, uint32_t begin,
                        uint32_t end, std::vector<uint32_t> &out,
                        std::index_sequence<Bits...>);
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
void Engine<Ops>::initPopulation(const Population &p, Pop &q) {
  q.size = p.size;
  uint32_t nb = 0;
  LifCoefficients soma;
  if (auto *lif = std::get_if<LifModel>(&p.model)) {
    q.kind = ModelKind::Lif;
    q.lif = LifParams<Ops>::make(lifCoefficients(*lif, spec.dt));
  } else if (auto *izh = std::get_if<IzhikevichModel>(&p.model)) {
    q.kind = ModelKind::Izhikevich;
    q.izh = IzhikevichParams<Ops>::make(izhikevichCoefficients(*izh, spec.dt));
  } else {
    const auto &den = std::get<DendriticModel>(p.model);
    q.kind = ModelKind::Dendritic;
    q.lif = LifParams<Ops>::make(
        lifCoefficients(den.soma, spec.dt, !den.branches.empty()));
    nb = uint32_t(den.branches.size());
    for (const Branch &b : den.branches)
      q.branches.push_back(BranchParams<Ops>::make(
          branchCoefficients(b, spec.dt, den.soma.integrator)));
  }
  q.channels = 2 + nb;
  q.v.resize(q.size);
  for (uint32_t j = 0; j < q.size; ++j) {
    Stream s(p.vInitSeed, j);
    q.v[j] = Ops::constant(sampleReal(p.vInit, s));
  }
  if (q.kind == ModelKind::Izhikevich) {
    q.u.resize(q.size);
    q.iSyn.assign(q.size, V{});
    for (uint32_t j = 0; j < q.size; ++j)
      q.u[j] = Ops::mul(q.izh.b, q.v[j]);
  } else {
    q.iExc.assign(q.size, V{});
    q.iInh.assign(q.size, V{});
    q.adapt.assign(q.size, V{});
    q.refractory.assign(q.size, 0);
  }
  if (nb) {
    q.d.assign(size_t(q.size) * nb, V{});
    q.o.assign(size_t(q.size) * nb, V{});
    q.plateau.assign(size_t(q.size) * nb, 0);
  }
}

template <class Ops>
bool Engine<Ops>::setup(Recording &rec, std::string &error) {
  const uint32_t steps = options.steps;
  pops.resize(spec.populations.size());
  for (size_t k = 0; k < pops.size(); ++k)
    initPopulation(spec.populations[k], pops[k]);

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

  for (Pop &q : pops) {
    q.ring.assign(size_t(q.depth) * q.channels * q.size, Acc{});
    if (!q.bias.empty())
      for (uint32_t d = 0; d < q.depth; ++d)
        std::copy(q.bias.begin(), q.bias.end(),
                  q.ring.begin() + size_t(d) * q.bias.size());
  }

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

/// The state arrays of a LIF population, as local pointers: a store to one
/// state array could otherwise alias the vectors' data pointers and the
/// parameters and force their reloads within the update.
template <class V> struct LifState {
  V *v, *iExc, *iInh, *adapt;
  uint32_t *refractory;
};

/// Reads and clears neuron j's ring entries and applies lifStepWith to it.
/// Returns true if it spikes.
template <class Ops, class Shape, class Ar>
inline bool lifNeuron(const LifParams<Ops> &p, const Shape &s,
                      const LifState<typename Ops::Value> &st,
                      typename Ops::Acc *accExc, typename Ops::Acc *accInh,
                      size_t j) {
  using V = typename Ops::Value;
  using Acc = typename Ops::Acc;
  Acc accE = accExc[j], accI = accInh[j];
  accExc[j] = Acc{};
  accInh[j] = Acc{};
  V xExc, xInh;
  if constexpr (Ops::isFixed) {
    // Both sums within int32 (nearly always): one test instead of two
    // saturations. x + 2^31 < 2^32 (unsigned) iff INT32_MIN <= x <= INT32_MAX.
    constexpr uint64_t bias = uint64_t(1) << 31;
    if (((uint64_t(accE) + bias) | (uint64_t(accI) + bias)) >> 32 == 0) {
      xExc = V(accE);
      xInh = V(accI);
    } else {
      xExc = Ops::input(accE);
      xInh = Ops::input(accI);
    }
  } else {
    xExc = Ops::input(accE);
    xInh = Ops::input(accI);
  }
  V v = st.v[j], e = st.iExc[j], i = st.iInh[j];
  V a = s.adapt() ? st.adapt[j] : V{};
  uint32_t r = st.refractory[j];
  bool spiked = lifStepWith<Ops, Shape, Ar>(p, s, v, e, i, a, r, xExc, xInh);
  st.v[j] = v;
  st.iExc[j] = e;
  st.iInh[j] = i;
  if (s.adapt())
    st.adapt[j] = a;
  st.refractory[j] = r;
  return spiked;
}

template <class Ops>
template <class Shape, class Ar>
void Engine<Ops>::lifSlice(Pop &q, const Shape &s, Acc *accExc, Acc *accInh,
                           uint32_t begin, uint32_t end,
                           std::vector<uint32_t> &out) {
  // A local copy of the parameters, see LifState.
  const LifParams<Ops> p = q.lif;
  const LifState<V> st{q.v.data(), q.iExc.data(), q.iInh.data(), q.adapt.data(),
                       q.refractory.data()};
  for (uint32_t j = begin; j < end; ++j)
    // Rare; marked so that the call is laid out off the loop's path and the
    // constants stay in registers.
    if (__builtin_expect(lifNeuron<Ops, Shape, Ar>(p, s, st, accExc, accInh, j),
                         0))
      out.push_back(j);
}

/// Shape bits: exact, synExc, synInh, adapt, spiking (bits 0 to 4); bit 5:
/// S16_15 with unit-factor coefficients (FixedOpsUnitFactor).
template <unsigned Bits>
using LifShapeOf =
    LifStaticShape<(Bits & 1) != 0, (Bits & 2) != 0, (Bits & 4) != 0,
                   (Bits & 8) != 0, (Bits & 16) != 0>;

template <class Ops>
template <class Shape, class Quiet>
void Engine<Ops>::lifSlicePairs(Pop &q, Acc *accExc, Acc *accInh,
                                uint32_t begin, uint32_t end,
                                std::vector<uint32_t> &out) {
  // Float only. Most neurons in a step are neither refractory nor spike; for
  // a pair of them the kernel's remaining path, instantiated without the
  // threshold (shape Quiet), runs on both at once in FloatOps2, the same IEEE
  // operations lane by lane. A pair with a refractory neuron or a lane above
  // threshold is discarded and redone by the scalar loop, so every neuron
  // gets exactly lifStepWith's result.
  using W = FloatOps2::Value;
  using O = FloatOps2;
  const LifParams<Ops> &p = q.lif;
  LifParams<O> p2;
  p2.alphaMem = O::splat(p.alphaMem);
  p2.leak = O::splat(p.leak);
  p2.betaDirect = O::splat(p.betaDirect);
  p2.vTh = O::splat(p.vTh);
  p2.vReset = O::splat(p.vReset);
  p2.alphaSynExc = O::splat(p.alphaSynExc);
  p2.betaSynExc = O::splat(p.betaSynExc);
  p2.alphaSynInh = O::splat(p.alphaSynInh);
  p2.betaSynInh = O::splat(p.betaSynInh);
  p2.alphaAdapt = O::splat(p.alphaAdapt);
  p2.adaptJump = O::splat(p.adaptJump);
  p2.refractorySteps = p.refractorySteps;
  p2.synExc = p.synExc;
  p2.synInh = p.synInh;
  p2.direct = p.direct;
  p2.adapt = p.adapt;
  p2.spiking = false;
  p2.exact = p.exact;
  p2.reset = p.reset;
  const LifParams<Ops> p1 = p; // for the scalar loop; see LifState.
  const LifState<V> st{q.v.data(), q.iExc.data(), q.iInh.data(), q.adapt.data(),
                       q.refractory.data()};
  V *v = st.v, *iExc = st.iExc, *iInh = st.iInh, *adapt = st.adapt;
  const uint32_t *refractory = st.refractory;
  auto load = [](const V *x) {
    W w;
    std::memcpy(&w, x, sizeof w);
    return w;
  };
  auto store = [](V *x, W w) { std::memcpy(x, &w, sizeof w); };
  size_t j = begin;
  size_t pairsEnd = begin + (end - begin) / 2 * 2;
  while (j < pairsEnd) {
    uint64_t r2;
    std::memcpy(&r2, refractory + j, sizeof r2);
    if (r2 == 0) {
      W xExc = load(accExc + j), xInh = load(accInh + j);
      W vj = load(v + j), e = load(iExc + j), i = load(iInh + j);
      W a = Shape::adapt() ? load(adapt + j) : W{};
      uint32_t r = 0;
      lifStepWith<O, Quiet>(p2, Quiet{}, vj, e, i, a, r, xExc, xInh);
      bool quiet = true;
      if (Shape::spiking()) {
        W theta = Shape::adapt() ? O::add(p2.vTh, a) : p2.vTh;
        auto above = vj > theta;
        quiet = (above[0] | above[1]) == 0;
      }
      if (__builtin_expect(quiet, 1)) {
        store(accExc + j, W{});
        store(accInh + j, W{});
        store(v + j, vj);
        store(iExc + j, e);
        store(iInh + j, i);
        if (Shape::adapt())
          store(adapt + j, a);
        j += 2;
        continue;
      }
    }
    for (size_t k = j; k < j + 2; ++k)
      if (lifNeuron<Ops, Shape, Ops>(p1, Shape{}, st, accExc, accInh, k))
        out.push_back(uint32_t(k));
    j += 2;
  }
  if (j < end && lifNeuron<Ops, Shape, Ops>(p1, Shape{}, st, accExc, accInh, j))
    out.push_back(uint32_t(j));
}

template <class Ops>
template <unsigned Bits>
void Engine<Ops>::lifSliceOf(Pop &q, Acc *accExc, Acc *accInh, uint32_t begin,
                             uint32_t end, std::vector<uint32_t> &out) {
  if constexpr (!Ops::isFixed) {
    lifSlicePairs<LifShapeOf<Bits>, LifShapeOf<Bits & ~16u>>(q, accExc, accInh,
                                                             begin, end, out);
  } else {
    using Ar = std::conditional_t<(Bits & 32) != 0, FixedOpsUnitFactor, Ops>;
    lifSlice<LifShapeOf<Bits>, Ar>(q, LifShapeOf<Bits>{}, accExc, accInh, begin,
                                   end, out);
  }
}

/// True if every coefficient lifStep multiplies by is a unit factor (see
/// FixedOpsUnitFactor).
template <class Ops> bool unitFactors(const LifParams<Ops> &p) {
  if constexpr (!Ops::isFixed) {
    return false;
  } else {
    auto unit = FixedOpsUnitFactor::unitFactor;
    return unit(p.alphaMem) &&
           (!p.synExc || (unit(p.alphaSynExc) && unit(p.betaSynExc))) &&
           (!p.synInh || (unit(p.alphaSynInh) && unit(p.betaSynInh))) &&
           (!p.direct || unit(p.betaDirect)) &&
           (!p.adapt || unit(p.alphaAdapt));
  }
}

template <class Ops>
template <size_t... Bits>
void Engine<Ops>::lifSliceDispatch(Pop &q, Acc *accExc, Acc *accInh,
                                   uint32_t begin, uint32_t end,
                                   std::vector<uint32_t> &out,
                                   std::index_sequence<Bits...>) {
  // The switches are loop invariant: pick the loop compiled for them once
  // per slice, so the per-neuron code has no flag tests.
  using Fn = void (Engine::*)(Pop &, Acc *, Acc *, uint32_t, uint32_t,
                              std::vector<uint32_t> &);
  static constexpr std::array<Fn, sizeof...(Bits)> table = {
      &Engine::lifSliceOf<unsigned(Bits)>...};
  const LifParams<Ops> &p = q.lif;
  // A LIF population has no branches, so direct follows from the channels;
  // anything else takes the loop that reads the switches at run time.
  if (p.direct != (!p.synExc || !p.synInh)) {
    lifSlice(q, LifRuntimeShape<Ops>{p}, accExc, accInh, begin, end, out);
    return;
  }
  unsigned bits = (p.exact ? 1 : 0) | (p.synExc ? 2 : 0) | (p.synInh ? 4 : 0) |
                  (p.adapt ? 8 : 0) | (p.spiking ? 16 : 0) |
                  (unitFactors(p) ? 32 : 0);
  (this->*table[bits])(q, accExc, accInh, begin, end, out);
}

template <class Ops>
void Engine<Ops>::updatePopulation(Pop &q, uint32_t begin, uint32_t end,
                                   uint32_t step, std::vector<uint32_t> &out) {
  const size_t n = q.size;
  Acc *slot = q.ring.data() + size_t(step % q.depth) * q.channels * n;
  Acc *accExc = slot;
  Acc *accInh = slot + n;
  switch (q.kind) {
  case ModelKind::Lif:
    lifSliceDispatch(q, accExc, accInh, begin, end, out,
                     std::make_index_sequence<(Ops::isFixed ? 64 : 32)>());
    break;
  case ModelKind::Izhikevich:
    for (uint32_t j = begin; j < end; ++j) {
      V x = Ops::input(accExc[j] + accInh[j]);
      accExc[j] = Acc{};
      accInh[j] = Acc{};
      if (izhikevichStep(q.izh, q.v[j], q.u[j], q.iSyn[j], x))
        out.push_back(j);
    }
    break;
  case ModelKind::Dendritic: {
    const size_t nb = q.branches.size();
    for (uint32_t j = begin; j < end; ++j) {
      V xExc = Ops::input(accExc[j]), xInh = Ops::input(accInh[j]);
      accExc[j] = Acc{};
      accInh[j] = Acc{};
      V *o = q.o.data() + j * nb;
      for (size_t b = 0; b < nb; ++b) {
        Acc &acc = slot[(2 + b) * n + j];
        o[b] = branchStep(q.branches[b], q.d[j * nb + b], q.plateau[j * nb + b],
                          Ops::input(acc));
        acc = Acc{};
      }
      if (lifStep(q.lif, q.v[j], q.iExc[j], q.iInh[j], q.adapt[j],
                  q.refractory[j], xExc, xInh, q.branches.data(), o, nb))
        out.push_back(j);
    }
    break;
  }
  }
  // The slot just read and cleared next serves step `step + depth`: its
  // biases go in first, before any delivery into it.
  for (uint32_t c : q.biasChannels) {
    Acc *acc = slot + size_t(c) * n;
    const Acc *b = q.bias.data() + size_t(c) * n;
    for (uint32_t j = begin; j < end; ++j)
      acc[j] += b[j];
  }
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
