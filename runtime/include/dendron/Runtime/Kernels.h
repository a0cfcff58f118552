//===- Kernels.h - Per-neuron update kernels --------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The per-neuron update of every model, written once over a numeric policy
/// (FloatOps for the Float profile, FixedOps for S16_15) so the two profiles
/// follow the same sequence of operations. These functions *are* the update
/// equations of docs/Semantics.md; the reference simulator calls them, and a
/// machine simulator that must match it bit for bit should too.
///
/// Every binary operation is one Ops call: in S16_15 each product rounds
/// (mulFixed) and each addition saturates; in Float each is one IEEE double
/// operation, evaluated exactly in the written order.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_KERNELS_H
#define DENDRON_RUNTIME_KERNELS_H

#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/FixedPoint.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace dendron::rt {

/// The Float profile: IEEE double state and arithmetic.
struct FloatOps {
  using Value = double; ///< state variables, constants, weights.
  using Acc = double;   ///< input accumulators (ring buffer).
  static constexpr bool isFixed = false;
  static Value constant(double x) { return x; }
  static Value one() { return 1.0; }
  static Value fromCount(uint64_t n) { return static_cast<double>(n); }
  static Value mul(Value a, Value b) { return a * b; }
  static Value add(Value a, Value b) { return a + b; }
  static Value sub(Value a, Value b) { return a - b; }
  /// An accumulated input as the update reads it.
  static Value input(Acc a) { return a; }
  static double toReal(Value v) { return v; }
};

/// Two neurons' Float arithmetic at once (a GCC/Clang vector of two
/// doubles): lane by lane the same IEEE operations as FloatOps, so a kernel
/// instantiated on it gives each of the two neurons FloatOps' result.
struct FloatOps2 {
  typedef double Value __attribute__((vector_size(16)));
  using Acc = Value;
  static constexpr bool isFixed = false;
  static Value splat(double x) { return Value{x, x}; }
  static Value mul(Value a, Value b) { return a * b; }
  static Value add(Value a, Value b) { return a + b; }
  static Value sub(Value a, Value b) { return a - b; }
};

/// The S16_15 profile: int32 state with 15 fractional bits, int64 inputs.
struct FixedOps {
  using Value = int32_t;
  using Acc = int64_t;
  static constexpr bool isFixed = true;
  static Value constant(double x) { return toFixed(x); }
  static Value one() { return kFixedOne; }
  static Value fromCount(uint64_t n) {
    return n >= (uint64_t(1) << 17) ? INT32_MAX
                                    : saturate32(int64_t(n) << kFixedFracBits);
  }
  // mulFixed, addFixed, subFixed and saturate32 of FixedPoint.h, written
  // with one rarely taken overflow branch instead of two clamps each: they
  // run several times per neuron and step. Same results for every input.
  static Value mul(Value a, Value b) {
    int64_t p =
        (static_cast<int64_t>(a) * b + (int64_t(1) << (kFixedFracBits - 1))) >>
        kFixedFracBits;
    return clamp(p);
  }
  static Value add(Value a, Value b) {
    int32_t r;
    // Overflows only if a and b have the same sign, towards that sign.
    if (__builtin_expect(__builtin_add_overflow(a, b, &r), 0))
      return a < 0 ? INT32_MIN : INT32_MAX;
    return r;
  }
  static Value sub(Value a, Value b) {
    int32_t r;
    // Overflows only if a and b differ in sign, towards the sign of a.
    if (__builtin_expect(__builtin_sub_overflow(a, b, &r), 0))
      return a < 0 ? INT32_MIN : INT32_MAX;
    return r;
  }
  static Value input(Acc a) { return clamp(a); }
  static Value clamp(int64_t x) {
    if (__builtin_expect(x != static_cast<int32_t>(x), 0))
      return x < 0 ? INT32_MIN : INT32_MAX;
    return static_cast<int32_t>(x);
  }
  static double toReal(Value v) { return fromFixed(v); }
};

/// FixedOps for products c * x whose first factor is a constant with
/// -2^15 < c <= 2^15 (a real in (-1, 1]): the rounded product then lies
/// between -|x| and |x| and fits in int32, so mulFixed's saturation never
/// acts and is left out. Same results as FixedOps for such factors (checked
/// by unitFactor).
struct FixedOpsUnitFactor : FixedOps {
  static Value mul(Value c, Value x) {
    return static_cast<int32_t>(
        (static_cast<int64_t>(c) * x + (int64_t(1) << (kFixedFracBits - 1))) >>
        kFixedFracBits);
  }
  static bool unitFactor(Value c) { return c > -kFixedOne && c <= kFixedOne; }
};

//===----------------------------------------------------------------------===//
// LIF family
//===----------------------------------------------------------------------===//

template <class Ops> struct BranchParams;

template <class Ops> struct LifParams {
  using V = typename Ops::Value;
  V alphaMem{}, leak{}, betaDirect{}, vTh{}, vReset{};
  V alphaSynExc{}, betaSynExc{}, alphaSynInh{}, betaSynInh{};
  V alphaAdapt{}, adaptJump{};
  uint32_t refractorySteps = 0; ///< R [steps].
  bool synExc = false, synInh = false, direct = true, adapt = false,
       spiking = true;
  bool exact = true; ///< Integrator::Exact (else Euler).
  ResetMode reset = ResetMode::Zero;

  static LifParams make(const LifCoefficients &c) {
    LifParams p;
    p.alphaMem = Ops::constant(c.alphaMem);
    p.leak = Ops::constant(c.leak);
    p.betaDirect = Ops::constant(c.betaDirect);
    p.vTh = Ops::constant(c.vTh);
    p.vReset = Ops::constant(c.vReset);
    p.alphaSynExc = Ops::constant(c.alphaSynExc);
    p.betaSynExc = Ops::constant(c.betaSynExc);
    p.alphaSynInh = Ops::constant(c.alphaSynInh);
    p.betaSynInh = Ops::constant(c.betaSynInh);
    p.alphaAdapt = Ops::constant(c.alphaAdapt);
    p.adaptJump = Ops::constant(c.adaptJump);
    p.refractorySteps = c.refractorySteps;
    p.synExc = c.synExc;
    p.synInh = c.synInh;
    p.direct = c.direct;
    p.adapt = c.adapt;
    p.spiking = c.spiking;
    p.exact = c.integrator == Integrator::Exact;
    p.reset = c.reset;
    return p;
  }
};

/// The loop-invariant switches of a LIF population as lifStep reads them:
/// from LifParams at run time (LifRuntimeShape) or fixed at compile time
/// (LifStaticShape), so that a population loop instantiated for its shape
/// carries no per-neuron flag tests. Both feed the one body, lifStepWith.
template <class Ops> struct LifRuntimeShape {
  const LifParams<Ops> &p;
  bool exact() const { return p.exact; }
  bool synExc() const { return p.synExc; }
  bool synInh() const { return p.synInh; }
  bool direct() const { return p.direct; }
  bool adapt() const { return p.adapt; }
  bool spiking() const { return p.spiking; }
};

/// A population without branches: direct = !synExc || !synInh, as
/// lifCoefficients derives it (the caller checks that `p` has this shape).
template <bool Exact, bool SynExc, bool SynInh, bool Adapt, bool Spiking>
struct LifStaticShape {
  static constexpr bool exact() { return Exact; }
  static constexpr bool synExc() { return SynExc; }
  static constexpr bool synInh() { return SynInh; }
  static constexpr bool direct() { return !SynExc || !SynInh; }
  static constexpr bool adapt() { return Adapt; }
  static constexpr bool spiking() { return Spiking; }
};

/// One step of a LIF-family neuron (Semantics.md 7.2), with the switches of
/// `p` read through `s` (see LifRuntimeShape). `xExc` and `xInh` are this
/// step's channel inputs. A dendritic soma passes its `numBranches` branches
/// and their outputs `o` of this step (already updated); they enter the
/// membrane as input held for the step. Returns true if the neuron spikes
/// this step.
///
/// Exact: a spike is a charge that jumps the synaptic current at the start of
/// the step; the current then decays within the step and the membrane
/// integrates it exactly (betaSyn). Euler (Norse): the membrane sees the
/// current before this step's input, then I = alphaSyn I + x. During the
/// refractory period the currents evolve as usual and v is frozen.
///
/// `Ar` is the arithmetic: Ops, or a policy with the same results on the
/// constants of `p` (FixedOpsUnitFactor when all of them are unit factors).
template <class Ops, class Shape, class Ar = Ops>
inline bool
lifStepWith(const LifParams<Ops> &p, const Shape &s, typename Ops::Value &v,
            typename Ops::Value &iExc, typename Ops::Value &iInh,
            typename Ops::Value &adapt, uint32_t &refractory,
            typename Ops::Value xExc, typename Ops::Value xInh,
            const BranchParams<Ops> *branches = nullptr,
            const typename Ops::Value *o = nullptr, size_t numBranches = 0) {
  using V = typename Ops::Value;
  if (s.exact()) {
    if (s.synExc())
      iExc = Ar::add(iExc, xExc);
    if (s.synInh())
      iInh = Ar::add(iInh, xInh);
  }
  if (s.adapt())
    adapt = Ar::mul(p.alphaAdapt, adapt);
  bool spiked = false;
  if (refractory > 0) {
    --refractory;
  } else {
    V m = Ar::add(Ar::mul(p.alphaMem, v), p.leak);
    if (s.synExc())
      m = Ar::add(m, Ar::mul(p.betaSynExc, iExc));
    if (s.synInh())
      m = Ar::add(m, Ar::mul(p.betaSynInh, iInh));
    if (s.direct()) {
      // Input held for the step: unfiltered channels (exc, inh), then the
      // branch terms coupling * o in branch order, summed left to right.
      V d{};
      bool any = false;
      auto push = [&](V x) {
        d = any ? Ar::add(d, x) : x;
        any = true;
      };
      if (!s.synExc())
        push(xExc);
      if (!s.synInh())
        push(xInh);
      for (size_t b = 0; b < numBranches; ++b)
        push(Ar::mul(branches[b].coupling, o[b]));
      m = Ar::add(m, Ar::mul(p.betaDirect, d));
    }
    v = m;
    if constexpr (!std::is_arithmetic_v<V>) {
      // Lanes (FloatOps2) run a static shape without the threshold; the
      // caller tests it.
      static_assert(!Shape::spiking());
    } else if (s.spiking()) {
      V theta = s.adapt() ? Ar::add(p.vTh, adapt) : p.vTh;
      if (v > theta) {
        spiked = true;
        v = p.reset == ResetMode::Zero ? p.vReset
                                       : Ar::sub(v, Ar::sub(theta, p.vReset));
        // Integrates again at step n + R: R - 1 frozen steps.
        refractory = p.refractorySteps > 0 ? p.refractorySteps - 1 : 0;
        if (s.adapt())
          adapt = Ar::add(adapt, p.adaptJump);
      }
    }
  }
  // The currents advance to the end of the step.
  if (s.synExc())
    iExc = s.exact() ? Ar::mul(p.alphaSynExc, iExc)
                     : Ar::add(Ar::mul(p.alphaSynExc, iExc), xExc);
  if (s.synInh())
    iInh = s.exact() ? Ar::mul(p.alphaSynInh, iInh)
                     : Ar::add(Ar::mul(p.alphaSynInh, iInh), xInh);
  return spiked;
}

/// lifStepWith with the switches read from `p` at run time.
template <class Ops>
inline bool lifStep(const LifParams<Ops> &p, typename Ops::Value &v,
                    typename Ops::Value &iExc, typename Ops::Value &iInh,
                    typename Ops::Value &adapt, uint32_t &refractory,
                    typename Ops::Value xExc, typename Ops::Value xInh,
                    const BranchParams<Ops> *branches = nullptr,
                    const typename Ops::Value *o = nullptr,
                    size_t numBranches = 0) {
  return lifStepWith(p, LifRuntimeShape<Ops>{p}, v, iExc, iInh, adapt,
                     refractory, xExc, xInh, branches, o, numBranches);
}

//===----------------------------------------------------------------------===//
// Izhikevich
//===----------------------------------------------------------------------===//

template <class Ops> struct IzhikevichParams {
  using V = typename Ops::Value;
  V a{}, b{}, c{}, d{}, vPeak{}, dtMs{}, k2{}, k1{}, k0{}, alphaSyn{};
  bool syn = false;

  static IzhikevichParams make(const IzhikevichCoefficients &co) {
    IzhikevichParams p;
    p.a = Ops::constant(co.a);
    p.b = Ops::constant(co.b);
    p.c = Ops::constant(co.c);
    p.d = Ops::constant(co.d);
    p.vPeak = Ops::constant(co.vPeak);
    p.dtMs = Ops::constant(co.dtMs);
    p.k2 = Ops::constant(co.k2);
    p.k1 = Ops::constant(co.k1);
    p.k0 = Ops::constant(co.k0);
    p.alphaSyn = Ops::constant(co.alphaSyn);
    p.syn = co.syn;
    return p;
  }
};

/// One forward-Euler step (ms units); `x` is the summed input of both
/// channels. Returns true on a spike (v' >= vPeak).
template <class Ops>
inline bool izhikevichStep(const IzhikevichParams<Ops> &p,
                           typename Ops::Value &v, typename Ops::Value &u,
                           typename Ops::Value &iSyn, typename Ops::Value x) {
  using V = typename Ops::Value;
  iSyn = p.syn ? Ops::add(Ops::mul(p.alphaSyn, iSyn), x) : x;
  V t = Ops::mul(p.k2, Ops::mul(v, v));
  t = Ops::add(t, Ops::mul(p.k1, v));
  t = Ops::add(t, p.k0);
  t = Ops::sub(t, u);
  t = Ops::add(t, iSyn);
  V vNext = Ops::add(v, Ops::mul(p.dtMs, t));
  V w = Ops::sub(Ops::mul(p.b, v), u);
  V uNext = Ops::add(u, Ops::mul(p.dtMs, Ops::mul(p.a, w)));
  if (vNext >= p.vPeak) {
    v = p.c;
    u = Ops::add(uNext, p.d);
    return true;
  }
  v = vNext;
  u = uNext;
  return false;
}

//===----------------------------------------------------------------------===//
// Dendritic branches
//===----------------------------------------------------------------------===//

template <class Ops> struct BranchParams {
  using V = typename Ops::Value;
  V alpha{}, threshold{}, amplitude{}, gain{}, invSlope{}, slopeGain{},
      coupling{};
  double slope = 1.0; ///< Float sigmoid only.
  uint32_t plateauSteps = 0;
  bool leaky = false;
  BranchNonlinearity nonlinearity = BranchNonlinearity::Plateau;

  static BranchParams make(const BranchCoefficients &c) {
    BranchParams p;
    p.alpha = Ops::constant(c.alpha);
    p.threshold = Ops::constant(c.threshold);
    p.amplitude = Ops::constant(c.amplitude);
    p.gain = Ops::constant(c.gain);
    p.invSlope = Ops::constant(c.invSlope);
    p.slopeGain = Ops::constant(c.slopeGain);
    p.coupling = Ops::constant(c.coupling);
    p.slope = c.slope;
    p.plateauSteps = c.plateauSteps;
    p.leaky = c.leaky;
    p.nonlinearity = c.nonlinearity;
    return p;
  }
};

/// Integrates branch input `x` into `d` and returns the branch output o.
template <class Ops>
inline typename Ops::Value branchStep(const BranchParams<Ops> &p,
                                      typename Ops::Value &d, uint32_t &plateau,
                                      typename Ops::Value x) {
  using V = typename Ops::Value;
  d = p.leaky ? Ops::add(Ops::mul(p.alpha, d), x) : x;
  switch (p.nonlinearity) {
  case BranchNonlinearity::Plateau:
    if (plateau > 0) {
      --plateau;
      return p.amplitude;
    }
    if (p.plateauSteps > 0 && d > p.threshold) {
      plateau = p.plateauSteps - 1;
      return p.amplitude;
    }
    return Ops::mul(p.gain, d);
  case BranchNonlinearity::Sigmoid:
    if constexpr (Ops::isFixed)
      return Ops::mul(p.amplitude, sigmoidFixed(Ops::mul(
                                       p.invSlope, Ops::sub(d, p.threshold))));
    else
      return p.amplitude / (1.0 + std::exp(-(d - p.threshold) / p.slope));
  case BranchNonlinearity::LeakyRelu: {
    V t = Ops::sub(d, p.threshold);
    return t > 0 ? Ops::mul(p.gain, t) : Ops::mul(p.slopeGain, t);
  }
  }
  return V{};
}

//===----------------------------------------------------------------------===//
// Plasticity
//===----------------------------------------------------------------------===//

template <class Ops> struct PlasticityParams {
  using V = typename Ops::Value;
  V alphaPlus{}, alphaMinus{}, aPlus{}, aMinus{}, wMin{}, wMax{};
  V alphaEligibility{}, alphaModulator{}, learningRate{};
  bool threeFactor = false;

  static PlasticityParams make(const PlasticityCoefficients &c) {
    PlasticityParams p;
    p.alphaPlus = Ops::constant(c.alphaPlus);
    p.alphaMinus = Ops::constant(c.alphaMinus);
    p.aPlus = Ops::constant(c.aPlus);
    p.aMinus = Ops::constant(c.aMinus);
    p.wMin = Ops::constant(c.wMin);
    p.wMax = Ops::constant(c.wMax);
    p.alphaEligibility = Ops::constant(c.alphaEligibility);
    p.alphaModulator = Ops::constant(c.alphaModulator);
    p.learningRate = Ops::constant(c.learningRate);
    p.threeFactor = c.threeFactor;
    return p;
  }

  V clip(V w) const { return w < wMin ? wMin : (w > wMax ? wMax : w); }
};

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_KERNELS_H
