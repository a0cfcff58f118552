//===- Discretize.h - Model parameters to per-step constants ----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The one place that turns continuous model parameters into the per-step
/// coefficients of the discrete-time update (docs/Semantics.md). The reference
/// simulator uses the float coefficients directly and their toFixed() images
/// in the S16_15 profile; the compiler's snn-quantize pass calls
/// fixedConstants() to obtain (and range-check) the same integers. No
/// exceptions, no global state.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_DISCRETIZE_H
#define DENDRON_RUNTIME_DISCRETIZE_H

#include "dendron/Runtime/Network.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dendron::rt {

//===----------------------------------------------------------------------===//
// Float coefficients
//===----------------------------------------------------------------------===//

/// Per-step multiplier of a quantity decaying with time constant `tau` [s]:
/// exp(-dt/tau) (Exact) or 1 - dt/tau (Euler); 1 when tau == 0 is *not*
/// implied -- callers treat tau == 0 as "dynamics off".
double decayFactor(double tau, double dt, Integrator integrator);

/// Coefficients of the LIF update (Semantics.md, "LIF family"). Input reaches
/// the membrane through one gain per route: a channel with a synaptic current
/// (tauSyn > 0) through its betaSyn, every input held for the step (a channel
/// without synaptic current, the branch outputs of a dendritic soma) through
/// betaDirect.
struct LifCoefficients {
  double alphaMem = 1.0;    ///< membrane decay per step; 1 for IF.
  double leak = 0.0;        ///< (1 - alphaMem) * vLeak [V-unit]; 0 for IF.
  double betaDirect = 1.0;  ///< gain of input held for one step [V-unit per
                            ///< current-unit]; used iff `direct`.
  double vTh = 1.0;         ///< [V-unit]
  double vReset = 0.0;      ///< [V-unit]
  double alphaSynExc = 0.0; ///< excitatory current decay (synExc only).
  double betaSynExc = 0.0;  ///< gain of the excitatory current [V-unit per
                            ///< current-unit] (synExc only).
  double alphaSynInh = 0.0; ///< inhibitory current decay (synInh only).
  double betaSynInh = 0.0;  ///< gain of the inhibitory current (synInh only).
  double alphaAdapt = 0.0;  ///< threshold-adaptation decay (adapt only).
  double adaptJump = 0.0;   ///< [V-unit] (adapt only).
  uint32_t refractorySteps = 0; ///< R = round(tRef / dt) [steps]: a neuron
                                ///< spiking at step n integrates again at
                                ///< step n + R (frozen for R - 1 steps).
  bool synExc = false;          ///< tauSynExc > 0.
  bool synInh = false;          ///< tauSynInh > 0.
  bool branchInput = false;     ///< dendritic soma with >= 1 branch.
  bool direct = true; ///< some input uses betaDirect: !synExc, !synInh or
                      ///< branchInput.
  bool adapt = false; ///< tauAdapt > 0.
  bool spiking = true;
  ResetMode reset = ResetMode::Zero;
  Integrator integrator = Integrator::Exact;
};
/// `branchInput` is true for the soma of a DendriticModel with at least one
/// branch (its branch outputs enter through betaDirect).
LifCoefficients lifCoefficients(const LifModel &model, double dt,
                                bool branchInput = false);

/// Membrane gain of a synaptic current with time constant `tauSyn` > 0 [s]
/// (Semantics.md 7.1): Exact, tauMem > 0: r tauSyn / (tauSyn - tauMem)
/// (alphaSyn - alphaMem), evaluated without cancellation and equal to its
/// limit r (dt / tauMem) alphaMem when tauSyn == tauMem; Exact, IF: r tauSyn
/// (1 - alphaSyn) / dt; Euler: r dt / tauMem (r for IF).
double synapticGain(double r, double tauMem, double tauSyn, double dt,
                    Integrator integrator);

/// Coefficients of the Izhikevich update (Semantics.md, "Izhikevich").
struct IzhikevichCoefficients {
  double a = 0.0, b = 0.0, c = 0.0, d = 0.0, vPeak = 0.0;
  double dtMs = 0.0;     ///< timestep [ms].
  double k2 = 0.04;      ///< coefficient of v^2 [1/(mV ms)].
  double k1 = 5.0;       ///< coefficient of v [1/ms].
  double k0 = 140.0;     ///< constant term [mV/ms].
  double alphaSyn = 0.0; ///< synaptic current decay (syn only).
  bool syn = false;      ///< tauSyn > 0.
};
IzhikevichCoefficients izhikevichCoefficients(const IzhikevichModel &model,
                                              double dt);

/// Coefficients of one dendritic branch (Semantics.md, "Dendritic").
struct BranchCoefficients {
  double alpha = 0.0;     ///< branch decay per step (leaky only).
  bool leaky = false;     ///< tau > 0; otherwise d = x.
  double threshold = 0.0; ///< [V-unit]
  double amplitude = 0.0; ///< [V-unit]
  double gain = 1.0;
  double slope = 1.0;     ///< sigmoid width [V-unit] (float evaluation).
  double invSlope = 1.0;  ///< 1 / slope (fixed-point sigmoid).
  double slopeGain = 1.0; ///< slope * gain (leaky ReLU below threshold).
  double coupling = 1.0;
  uint32_t plateauSteps = 0;
  BranchNonlinearity nonlinearity = BranchNonlinearity::Plateau;
};
BranchCoefficients branchCoefficients(const Branch &branch, double dt,
                                      Integrator integrator);

/// Coefficients of a plasticity rule (Semantics.md, "Plasticity"). Trace
/// decays are always exact exponentials.
struct PlasticityCoefficients {
  bool threeFactor = false;
  double alphaPlus = 0.0, alphaMinus = 0.0; ///< pre / post trace decay.
  double aPlus = 0.0, aMinus = 0.0;
  double wMin = 0.0, wMax = 0.0;
  double alphaEligibility = 0.0, alphaModulator = 0.0; ///< three-factor only.
  double learningRate = 0.0;                           ///< three-factor only.
};
/// Returns std::nullopt for std::monostate (no plasticity).
std::optional<PlasticityCoefficients>
plasticityCoefficients(const Plasticity &rule, double dt);

//===----------------------------------------------------------------------===//
// s16.15 constants
//===----------------------------------------------------------------------===//

/// One integer constant of the fixed-point update. `fixed` is toFixed(real)
/// for s16.15 constants; for constants whose name ends in "Steps" it is a
/// plain integer step count and `real` the unrounded quotient.
struct FixedConstant {
  std::string name; ///< as in docs/Semantics.md ("alphaMem", "branch0.gain").
  double real = 0.0;
  int64_t fixed = 0;
};

/// Why a parameter cannot be represented in s16.15.
struct QuantizeError {
  std::string parameter; ///< offending parameter or derived constant.
  double value = 0.0;    ///< its value.
  std::string limit;     ///< the violated limit, human readable.
  std::string message;   ///< a full sentence naming parameter and limit.
};

using FixedConstantsOrError =
    std::variant<std::vector<FixedConstant>, QuantizeError>;

/// Every integer constant the S16_15 update of `model` uses, in the order of
/// docs/Semantics.md. Errors when a constant falls outside [-65536, 65536),
/// a nonzero time constant is shorter than dt, a nonzero multiplier rounds to
/// 0, or a parameter is not finite.
FixedConstantsOrError fixedConstants(const NeuronModel &model, double dt);

/// The same for a plasticity rule (empty list for std::monostate).
FixedConstantsOrError fixedPlasticityConstants(const Plasticity &rule,
                                               double dt);

/// Range check of a synaptic weight for S16_15: finite, inside
/// [-65536, 65536), and not a nonzero value that rounds to 0.
std::optional<QuantizeError> checkFixedWeight(double w);

/// The same for a projection's bias value (docs/Semantics.md, "Bias").
std::optional<QuantizeError> checkFixedBias(double b);

/// Range check of any other s16.15 value (an initial potential, a
/// distribution bound); `name` is used in the message.
std::optional<QuantizeError> checkFixedValue(const std::string &name,
                                             double value);

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_DISCRETIZE_H
