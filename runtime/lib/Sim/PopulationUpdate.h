//===- PopulationUpdate.h - Population state and its update -----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The state of a slice [lo, lo + size) of one population (its neurons'
/// variables and its own ring buffer of input accumulators) and the update
/// of that slice for one step. Shared by the reference simulator (one slice
/// per population, updated in thread ranges) and the machine simulator (one
/// slice per core), so that both run the very same per-neuron code and agree
/// bit for bit. Internal to the runtime libraries.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_LIB_SIM_POPULATIONUPDATE_H
#define DENDRON_RUNTIME_LIB_SIM_POPULATIONUPDATE_H

#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/Expand.h"
#include "dendron/Runtime/Kernels.h"
#include "dendron/Runtime/Network.h"
#include "dendron/Runtime/Rng.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace dendron::rt::detail {

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

enum class ModelKind { Lif, Izhikevich, Dendritic };

/// The neurons [lo, lo + size) of one population: parameters, state (index
/// j is neuron lo + j) and a ring buffer of input accumulators.
template <class Ops> struct PopulationState {
  using V = typename Ops::Value;
  using Acc = typename Ops::Acc;

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

/// Sets up `q` for neurons [lo, lo + size) of `p`: parameters, initial
/// state (neuron lo + j draws its initial v from Stream(vInitSeed, lo + j)).
/// Leaves depth, bias and the ring to the caller (see allocateRing).
template <class Ops>
void initPopulation(const Population &p, double dt, uint32_t lo, uint32_t size,
                    PopulationState<Ops> &q) {
  using V = typename Ops::Value;
  q.size = size;
  uint32_t nb = 0;
  LifCoefficients soma;
  if (auto *lif = std::get_if<LifModel>(&p.model)) {
    q.kind = ModelKind::Lif;
    q.lif = LifParams<Ops>::make(lifCoefficients(*lif, dt));
  } else if (auto *izh = std::get_if<IzhikevichModel>(&p.model)) {
    q.kind = ModelKind::Izhikevich;
    q.izh = IzhikevichParams<Ops>::make(izhikevichCoefficients(*izh, dt));
  } else {
    const auto &den = std::get<DendriticModel>(p.model);
    q.kind = ModelKind::Dendritic;
    q.lif = LifParams<Ops>::make(
        lifCoefficients(den.soma, dt, !den.branches.empty()));
    nb = uint32_t(den.branches.size());
    for (const Branch &b : den.branches)
      q.branches.push_back(BranchParams<Ops>::make(
          branchCoefficients(b, dt, den.soma.integrator)));
  }
  q.channels = 2 + nb;
  q.v.resize(q.size);
  for (uint32_t j = 0; j < q.size; ++j) {
    Stream s(p.vInitSeed, uint64_t(lo) + j);
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

/// Allocates the ring buffer (q.depth slots) and fills every slot with the
/// biases, as a slot is filled when it is cleared.
template <class Ops> void allocateRing(PopulationState<Ops> &q) {
  q.ring.assign(size_t(q.depth) * q.channels * q.size, typename Ops::Acc{});
  if (!q.bias.empty())
    for (uint32_t d = 0; d < q.depth; ++d)
      std::copy(q.bias.begin(), q.bias.end(),
                q.ring.begin() + size_t(d) * q.bias.size());
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

template <class Ops, class Shape, class Ar = Ops>
void lifSlice(PopulationState<Ops> &q, const Shape &s,
              typename Ops::Acc *accExc, typename Ops::Acc *accInh,
              uint32_t begin, uint32_t end, std::vector<uint32_t> &out) {
  using V = typename Ops::Value;
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

template <class Ops, class Shape, class Quiet>
void lifSlicePairs(PopulationState<Ops> &q, typename Ops::Acc *accExc,
                   typename Ops::Acc *accInh, uint32_t begin, uint32_t end,
                   std::vector<uint32_t> &out) {
  using V = typename Ops::Value;
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

//===----------------------------------------------------------------------===//
// Branch-free S16_15 LIF blocks
//===----------------------------------------------------------------------===//

/// Neurons per block of the branch-free S16_15 LIF loop.
constexpr uint32_t kLifBlock = 64;

/// FixedOpsUnitFactor's operations written without branches, so that a
/// loop over a block of neurons vectorises: the same results for every
/// input (a saturation is a select, not a jump). Products are unit-factor
/// products (no saturation); int64 clamps are left out, since AVX2 has no
/// 64-bit min/max (the caller narrows the inputs).
struct FixedLanes {
  static inline int32_t add(int32_t a, int32_t b) {
    int32_t r = int32_t(uint32_t(a) + uint32_t(b));
    // Overflow iff a and b share a sign that r does not; then saturate
    // towards the sign of a: (a >> 31) ^ INT32_MAX is INT32_MAX or INT32_MIN.
    return ((a ^ r) & (b ^ r)) < 0 ? (a >> 31) ^ INT32_MAX : r;
  }
  static inline int32_t sub(int32_t a, int32_t b) {
    int32_t r = int32_t(uint32_t(a) - uint32_t(b));
    return ((a ^ b) & (a ^ r)) < 0 ? (a >> 31) ^ INT32_MAX : r;
  }
  /// FixedOpsUnitFactor::mul in 32-bit lanes (AVX2 has no 64-bit
  /// arithmetic shift, and 64-bit products need shuffles): with x = xh 2^16
  /// + xl (xl in [0, 2^16)), (c x + 2^14) >> 15 = 2 c xh + ((c xl + 2^14) >>
  /// 15) exactly, as 2 c xh 2^15 is a multiple of 2^15. For -2^15 < c <= 2^15
  /// |c xl| + 2^14 < 2^31, and the sum, computed modulo 2^32, is the product,
  /// which fits in int32.
  static inline int32_t mul(int32_t c, int32_t x) {
    int32_t xh = x >> 16;
    int32_t xl = x & 0xffff;
    uint32_t high = uint32_t(c) * uint32_t(xh) * 2u;
    int32_t low = (c * xl + (1 << (kFixedFracBits - 1))) >> kFixedFracBits;
    return int32_t(high + uint32_t(low));
  }
};

/// One neuron of lifStepWith<FixedOps, Shape, FixedOpsUnitFactor> without
/// branches, in two halves (two loops over a block need fewer registers
/// than one): every path is computed and the result selected. `xExc` and
/// `xInh` are the neuron's inputs, already saturated to int32.
///
/// First half: the currents take this step's input (Exact), the adaptation
/// decays, and the membrane's candidate value m is returned.
template <class Shape>
__attribute__((always_inline)) inline int32_t
lifMembrane(const LifParams<FixedOps> &p, int32_t xExc, int32_t xInh, int32_t v,
            int32_t &e, int32_t &i, int32_t &a) {
  using L = FixedLanes;
  constexpr Shape s{};
  if (s.exact()) {
    if (s.synExc())
      e = L::add(e, xExc);
    if (s.synInh())
      i = L::add(i, xInh);
  }
  if (s.adapt())
    a = L::mul(p.alphaAdapt, a);
  int32_t m = L::add(L::mul(p.alphaMem, v), p.leak);
  if (s.synExc())
    m = L::add(m, L::mul(p.betaSynExc, e));
  if (s.synInh())
    m = L::add(m, L::mul(p.betaSynInh, i));
  if (s.direct()) {
    // A LIF population's direct input is its unfiltered channels, exc then
    // inh, summed left to right (lifStepWith's `push`).
    int32_t d;
    if (!s.synExc() && !s.synInh())
      d = L::add(xExc, xInh);
    else
      d = !s.synExc() ? xExc : xInh;
    m = L::add(m, L::mul(p.betaDirect, d));
  }
  return m;
}

/// Second half: refractoriness, threshold and reset, then the currents
/// advance to the end of the step. Returns -1 if the neuron spikes, else 0
/// (an int32 lane like the others).
template <class Shape>
__attribute__((always_inline)) inline int32_t
lifSpike(const LifParams<FixedOps> &p, int32_t m, int32_t xExc, int32_t xInh,
         int32_t &v, int32_t &e, int32_t &i, int32_t &a, uint32_t &r) {
  using L = FixedLanes;
  constexpr Shape s{};
  const bool active = r == 0;
  int32_t spiked = 0;
  int32_t vNext = active ? m : v;
  uint32_t rNext = active ? 0 : r - 1;
  if (s.spiking()) {
    int32_t theta = s.adapt() ? L::add(p.vTh, a) : p.vTh;
    bool fires = active & (m > theta);
    spiked = fires ? -1 : 0;
    int32_t vAfter = p.reset == ResetMode::Zero
                         ? p.vReset
                         : L::sub(m, L::sub(theta, p.vReset));
    vNext = fires ? vAfter : vNext;
    uint32_t rAfter = p.refractorySteps > 0 ? p.refractorySteps - 1 : 0;
    rNext = fires ? rAfter : rNext;
    if (s.adapt())
      a = fires ? L::add(a, p.adaptJump) : a;
  }
  v = vNext;
  r = rNext;
  if (s.synExc())
    e = s.exact() ? L::mul(p.alphaSynExc, e)
                  : L::add(L::mul(p.alphaSynExc, e), xExc);
  if (s.synInh())
    i = s.exact() ? L::mul(p.alphaSynInh, i)
                  : L::add(L::mul(p.alphaSynInh, i), xInh);
  return spiked;
}

/// kLifBlock neurons of lifMembrane and lifSpike, reading and clearing
/// their ring entries; spiked[j] is -1 for a spike, else 0. With `Masked`,
/// only lanes j >= first are updated (and their entries cleared); the
/// others are left as they are (spiked[j] = 0). Loops without branches or
/// aliasing, so the compiler vectorises them (with AVX2 where the host has
/// it; both clones compute the same integers).
template <class Shape, bool Masked>
__attribute__((target_clones("avx2", "default"))) void
lifFixedBlock(uint32_t first, const LifParams<FixedOps> &params,
              int64_t *__restrict accExc, int64_t *__restrict accInh,
              int32_t *__restrict v, int32_t *__restrict iExc,
              int32_t *__restrict iInh, int32_t *__restrict adapt,
              uint32_t *__restrict refractory, int32_t *__restrict spiked) {
  const LifParams<FixedOps> p = params; // see LifState.
  int32_t xExc[kLifBlock], xInh[kLifBlock];
  int32_t m[kLifBlock], e[kLifBlock], i[kLifBlock], a[kLifBlock];
  // The inputs are within int32 nearly always: one test for the block (see
  // lifNeuron), else saturated one by one.
  constexpr uint64_t bias = uint64_t(1) << 31;
  uint64_t outside = 0;
  for (uint32_t j = 0; j < kLifBlock; ++j)
    outside |= (uint64_t(accExc[j]) + bias) | (uint64_t(accInh[j]) + bias);
  if (__builtin_expect(outside >> 32 == 0, 1)) {
    for (uint32_t j = 0; j < kLifBlock; ++j) {
      xExc[j] = int32_t(accExc[j]);
      xInh[j] = int32_t(accInh[j]);
    }
  } else {
    for (uint32_t j = 0; j < kLifBlock; ++j) {
      xExc[j] = FixedOps::input(accExc[j]);
      xInh[j] = FixedOps::input(accInh[j]);
    }
  }
  std::memset(accExc + first, 0, (kLifBlock - first) * sizeof *accExc);
  std::memset(accInh + first, 0, (kLifBlock - first) * sizeof *accInh);
  for (uint32_t j = 0; j < kLifBlock; ++j) {
    e[j] = iExc[j];
    i[j] = iInh[j];
    a[j] = Shape::adapt() ? adapt[j] : 0;
    m[j] = lifMembrane<Shape>(p, xExc[j], xInh[j], v[j], e[j], i[j], a[j]);
  }
  for (uint32_t j = 0; j < kLifBlock; ++j) {
    int32_t vj = v[j];
    uint32_t r = refractory[j];
    int32_t fired =
        lifSpike<Shape>(p, m[j], xExc[j], xInh[j], vj, e[j], i[j], a[j], r);
    // Masked: lanes below `first` were updated already; they keep their
    // state (a select, so the loop stays branch-free).
    const bool live = !Masked || j >= first;
    v[j] = live ? vj : v[j];
    iExc[j] = live ? e[j] : iExc[j];
    iInh[j] = live ? i[j] : iInh[j];
    if (Shape::adapt())
      adapt[j] = live ? a[j] : adapt[j];
    refractory[j] = live ? r : refractory[j];
    spiked[j] = live ? fired : 0;
  }
}

/// The S16_15 LIF loop of a static shape with unit-factor coefficients:
/// blocks branch-free (the last one masked or padded); spikes in ascending
/// order.
template <class Shape>
void lifSliceFixed(PopulationState<FixedOps> &q, int64_t *accExc,
                   int64_t *accInh, uint32_t begin, uint32_t end,
                   std::vector<uint32_t> &out) {
  uint32_t j = begin;
  alignas(32) int32_t spiked[kLifBlock];
  for (; j + kLifBlock <= end; j += kLifBlock) {
    lifFixedBlock<Shape, false>(
        0, q.lif, accExc + j, accInh + j, q.v.data() + j, q.iExc.data() + j,
        q.iInh.data() + j, q.adapt.data() + j, q.refractory.data() + j, spiked);
    for (uint32_t w = 0; w < kLifBlock; w += 4) {
      uint64_t lo, hi;
      std::memcpy(&lo, spiked + w, sizeof lo);
      std::memcpy(&hi, spiked + w + 2, sizeof hi);
      if (__builtin_expect((lo | hi) != 0, 0))
        for (uint32_t k = w; k < w + 4; ++k)
          if (spiked[k])
            out.push_back(j + k);
    }
  }
  if (j == end)
    return;
  const uint32_t n = end - j;
  if (end - begin >= kLifBlock) {
    // The last partial block runs as the block ending at `end`, its lanes
    // below j (updated above) masked.
    const uint32_t at = end - kLifBlock, first = j - at;
    lifFixedBlock<Shape, true>(first, q.lif, accExc + at, accInh + at,
                               q.v.data() + at, q.iExc.data() + at,
                               q.iInh.data() + at, q.adapt.data() + at,
                               q.refractory.data() + at, spiked);
    for (uint32_t k = first; k < kLifBlock; ++k)
      if (spiked[k])
        out.push_back(at + k);
    return;
  }
  // A slice shorter than a block runs padded: copies of its neurons, then
  // zero state whose results are dropped.
  alignas(32) int64_t e64[kLifBlock] = {}, i64[kLifBlock] = {};
  alignas(32) int32_t v[kLifBlock] = {}, iExc[kLifBlock] = {},
                      iInh[kLifBlock] = {}, adapt[kLifBlock] = {};
  alignas(32) uint32_t refractory[kLifBlock] = {};
  std::copy_n(accExc + j, n, e64);
  std::copy_n(accInh + j, n, i64);
  std::copy_n(q.v.data() + j, n, v);
  std::copy_n(q.iExc.data() + j, n, iExc);
  std::copy_n(q.iInh.data() + j, n, iInh);
  std::copy_n(q.adapt.data() + j, n, adapt);
  std::copy_n(q.refractory.data() + j, n, refractory);
  lifFixedBlock<Shape, false>(0, q.lif, e64, i64, v, iExc, iInh, adapt,
                              refractory, spiked);
  std::fill_n(accExc + j, n, 0);
  std::fill_n(accInh + j, n, 0);
  std::copy_n(v, n, q.v.data() + j);
  std::copy_n(iExc, n, q.iExc.data() + j);
  std::copy_n(iInh, n, q.iInh.data() + j);
  std::copy_n(adapt, n, q.adapt.data() + j);
  std::copy_n(refractory, n, q.refractory.data() + j);
  for (uint32_t k = 0; k < n; ++k)
    if (spiked[k])
      out.push_back(j + k);
}

template <class Ops, unsigned Bits>
void lifSliceOf(PopulationState<Ops> &q, typename Ops::Acc *accExc,
                typename Ops::Acc *accInh, uint32_t begin, uint32_t end,
                std::vector<uint32_t> &out) {
  if constexpr (!Ops::isFixed) {
    lifSlicePairs<Ops, LifShapeOf<Bits>, LifShapeOf<Bits & ~16u>>(
        q, accExc, accInh, begin, end, out);
  } else {
    if constexpr ((Bits & 32) != 0)
      lifSliceFixed<LifShapeOf<Bits>>(q, accExc, accInh, begin, end, out);
    else
      lifSlice<Ops, LifShapeOf<Bits>, Ops>(q, LifShapeOf<Bits>{}, accExc,
                                           accInh, begin, end, out);
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

template <class Ops, size_t... Bits>
void lifSliceDispatch(PopulationState<Ops> &q, typename Ops::Acc *accExc,
                      typename Ops::Acc *accInh, uint32_t begin, uint32_t end,
                      std::vector<uint32_t> &out,
                      std::index_sequence<Bits...>) {
  // The switches are loop invariant: pick the loop compiled for them once
  // per slice, so the per-neuron code has no flag tests.
  using Acc = typename Ops::Acc;
  using Fn = void (*)(PopulationState<Ops> &, Acc *, Acc *, uint32_t, uint32_t,
                      std::vector<uint32_t> &);
  static constexpr std::array<Fn, sizeof...(Bits)> table = {
      &lifSliceOf<Ops, unsigned(Bits)>...};
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
  table[bits](q, accExc, accInh, begin, end, out);
}

template <class Ops>
void updatePopulation(PopulationState<Ops> &q, uint32_t begin, uint32_t end,
                      uint32_t step, std::vector<uint32_t> &out) {
  using V = typename Ops::Value;
  using Acc = typename Ops::Acc;
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

} // namespace dendron::rt::detail

#endif // DENDRON_RUNTIME_LIB_SIM_POPULATIONUPDATE_H
