//===- Discretize.cpp - Model parameters to per-step constants ------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/FixedPoint.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

using namespace dendron::rt;

double dendron::rt::decayFactor(double tau, double dt, Integrator integrator) {
  if (integrator == Integrator::Euler)
    return 1.0 - dt / tau;
  return std::exp(-dt / tau);
}

/// psi(x) = (1 - exp(-x)) / x for x >= 0, psi(0) = 1: the mean over one step
/// of a unit exponential decaying by exp(-x) per step. Accurate to a few ulp
/// for every x (expm1 has no cancellation), so no threshold is needed.
static double meanOfDecay(double x) {
  return x == 0.0 ? 1.0 : -std::expm1(-x) / x;
}

double dendron::rt::synapticGain(double r, double tauMem, double tauSyn,
                                 double dt, Integrator integrator) {
  if (integrator == Integrator::Euler)
    return tauMem > 0 ? r * (dt / tauMem) : r;
  double b = dt / tauSyn;
  // IF: a current I held for a step moves v by r I, so a current decaying
  // from I within the step moves it by r I times its mean over the step.
  if (tauMem <= 0)
    return r * meanOfDecay(b);
  // r tauSyn / (tauSyn - tauMem) (alphaSyn - alphaMem) = r a e^-a (e^(a-b) -
  // 1) / (a - b), a = dt/tauMem, b = dt/tauSyn. Factoring out the slower decay
  // e^-min(a,b) = max(alphaMem, alphaSyn) leaves a * psi(|a - b|): no
  // difference of nearly equal numbers, no overflow, and exactly the limit
  // r a alphaMem when a == b (tauSyn == tauMem).
  double a = dt / tauMem;
  double slow = std::max(std::exp(-a), std::exp(-b));
  return r * a * slow * meanOfDecay(std::abs(a - b));
}

LifCoefficients dendron::rt::lifCoefficients(const LifModel &m, double dt,
                                             bool branchInput) {
  LifCoefficients c;
  if (m.memoryless) {
    // Threshold: no memory and no leak; v is exactly the step's input
    // (alphaMem = 0 and betaDirect = 1 are exact in s16.15 too).
    c.alphaMem = 0.0;
    c.leak = 0.0;
    c.betaDirect = 1.0;
  } else if (m.tauMem > 0) {
    c.alphaMem = decayFactor(m.tauMem, dt, m.integrator);
    // Weight of input held for the step: 1 - alphaMem (Exact, evaluated as
    // -expm1(-dt/tau) for accuracy) or dt/tau (Euler).
    double g = m.integrator == Integrator::Exact ? -std::expm1(-dt / m.tauMem)
                                                 : dt / m.tauMem;
    c.leak = g * m.vLeak;
    c.betaDirect = m.r * g;
  } else {
    // IF: no leak; each unit of input held for a step moves v by r.
    c.alphaMem = 1.0;
    c.leak = 0.0;
    c.betaDirect = m.r;
  }
  c.vTh = m.vTh;
  c.vReset = m.vReset;
  c.synExc = m.tauSynExc > 0;
  c.synInh = m.tauSynInh > 0;
  c.branchInput = branchInput;
  c.direct = !c.synExc || !c.synInh || branchInput;
  c.adapt = m.tauAdapt > 0;
  if (c.synExc) {
    c.alphaSynExc = decayFactor(m.tauSynExc, dt, m.integrator);
    c.betaSynExc = synapticGain(m.r, m.tauMem, m.tauSynExc, dt, m.integrator);
  }
  if (c.synInh) {
    c.alphaSynInh = decayFactor(m.tauSynInh, dt, m.integrator);
    c.betaSynInh = synapticGain(m.r, m.tauMem, m.tauSynInh, dt, m.integrator);
  }
  if (c.adapt) {
    c.alphaAdapt = decayFactor(m.tauAdapt, dt, m.integrator);
    c.adaptJump = m.adaptJump;
  }
  double steps = m.tRef > 0 ? std::round(m.tRef / dt) : 0.0;
  c.refractorySteps =
      steps >= 4294967295.0 ? UINT32_MAX : static_cast<uint32_t>(steps);
  c.spiking = m.spiking;
  c.reset = m.reset;
  c.integrator = m.integrator;
  return c;
}

IzhikevichCoefficients
dendron::rt::izhikevichCoefficients(const IzhikevichModel &m, double dt) {
  IzhikevichCoefficients c;
  c.a = m.a;
  c.b = m.b;
  c.c = m.c;
  c.d = m.d;
  c.vPeak = m.vPeak;
  c.dtMs = dt * 1000.0;
  c.syn = m.tauSyn > 0;
  if (c.syn)
    c.alphaSyn = std::exp(-dt / m.tauSyn);
  return c;
}

BranchCoefficients dendron::rt::branchCoefficients(const Branch &b, double dt,
                                                   Integrator integrator) {
  BranchCoefficients c;
  c.leaky = b.tau > 0;
  if (c.leaky)
    c.alpha = decayFactor(b.tau, dt, integrator);
  c.threshold = b.threshold;
  c.amplitude = b.amplitude;
  c.gain = b.gain;
  c.slope = b.slope;
  c.invSlope = 1.0 / b.slope;
  c.slopeGain = b.slope * b.gain;
  c.coupling = b.coupling;
  c.plateauSteps = b.plateauSteps;
  c.nonlinearity = b.nonlinearity;
  return c;
}

static void fillPairing(PlasticityCoefficients &c, const StdpRule &r,
                        double dt) {
  c.alphaPlus = std::exp(-dt / r.tauPlus);
  c.alphaMinus = std::exp(-dt / r.tauMinus);
  c.aPlus = r.aPlus;
  c.aMinus = r.aMinus;
  c.wMin = r.wMin;
  c.wMax = r.wMax;
}

std::optional<PlasticityCoefficients>
dendron::rt::plasticityCoefficients(const Plasticity &rule, double dt) {
  PlasticityCoefficients c;
  if (auto *stdp = std::get_if<StdpRule>(&rule)) {
    fillPairing(c, *stdp, dt);
    return c;
  }
  if (auto *tf = std::get_if<ThreeFactorRule>(&rule)) {
    fillPairing(c, tf->pairing, dt);
    c.threeFactor = true;
    c.alphaEligibility = std::exp(-dt / tf->tauEligibility);
    c.alphaModulator = std::exp(-dt / tf->tauModulator);
    c.learningRate = tf->learningRate;
    return c;
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// s16.15 constants
//===----------------------------------------------------------------------===//

namespace {

constexpr const char *kRangeLimit = "[-65536, 65536)";

/// True if `x` survives toFixed without saturating.
bool inFixedRange(double x) {
  double scaled = std::round(x * static_cast<double>(kFixedOne));
  return scaled >= -2147483648.0 && scaled <= 2147483647.0;
}

QuantizeError makeError(std::string parameter, double value, std::string limit,
                        std::string message) {
  return QuantizeError{std::move(parameter), value, std::move(limit),
                       std::move(message)};
}

/// Collects constants in order and stops at the first error.
class ConstantBuilder {
public:
  ConstantBuilder(double dt, std::string prefix = "")
      : dt(dt), prefix(std::move(prefix)) {}

  bool failed() const { return error.has_value(); }

  /// A raw parameter must be finite.
  void finite(const char *name, double value) {
    if (failed() || std::isfinite(value))
      return;
    error = makeError(
        prefix + name, value, "finite",
        fmt::format("{}{} = {} is not a finite number", prefix, name, value));
  }

  /// A time constant: 0 (off) or >= dt [s].
  void timeConstant(const char *name, double tau, bool zeroAllowed = true) {
    finite(name, tau);
    if (failed())
      return;
    std::string p = prefix + name;
    if (tau < 0 || (!zeroAllowed && tau == 0)) {
      error = makeError(p, tau, zeroAllowed ? ">= 0" : "> 0",
                        fmt::format("{} = {} s must be {}", p, tau,
                                    zeroAllowed
                                        ? ">= 0 (0 switches the dynamics off)"
                                        : "> 0"));
      return;
    }
    if (tau != 0 && tau < dt)
      error = makeError(
          p, tau, fmt::format(">= dt ({} s)", dt),
          fmt::format("{} = {} s is shorter than the timestep dt = {} s; the "
                      "s16.15 profile needs every nonzero time constant >= dt",
                      p, tau, dt));
  }

  /// An s16.15 constant. `multiplier` constants must not round to 0 unless
  /// they are exactly 0. `from` names the parameters a derived constant
  /// comes from, for the message.
  void value(const char *name, double real, bool multiplier,
             const char *from = nullptr) {
    if (failed())
      return;
    std::string p = prefix + name;
    std::string origin = from ? fmt::format(" (derived from {})", from) : "";
    if (!std::isfinite(real)) {
      error = makeError(
          p, real, "finite",
          fmt::format("{} = {}{} is not a finite number", p, real, origin));
      return;
    }
    if (!inFixedRange(real)) {
      error = makeError(p, real, kRangeLimit,
                        fmt::format("{} = {}{} is outside the s16.15 range {}",
                                    p, real, origin, kRangeLimit));
      return;
    }
    int32_t fixed = toFixed(real);
    if (multiplier && real != 0 && fixed == 0) {
      error = makeError(
          p, real, "|value| >= 2^-16",
          fmt::format("{} = {}{} is nonzero but rounds to 0 in s16.15 "
                      "(|value| must be >= 2^-16 = 1.52587890625e-05)",
                      p, real, origin));
      return;
    }
    constants.push_back({p, real, fixed});
  }

  /// A plain integer step count, round(real).
  void steps(const char *name, double real) {
    if (failed())
      return;
    std::string p = prefix + name;
    if (!std::isfinite(real) || real < 0 || std::round(real) > 2147483647.0) {
      error = makeError(
          p, real, "[0, 2147483647] steps",
          fmt::format("{} = {} steps is outside [0, 2147483647]", p, real));
      return;
    }
    constants.push_back({p, real, static_cast<int64_t>(std::round(real))});
  }

  FixedConstantsOrError finish() {
    if (error)
      return *error;
    return std::move(constants);
  }

  std::optional<QuantizeError> error;
  std::vector<FixedConstant> constants;

private:
  double dt;
  std::string prefix;
};

std::optional<QuantizeError> checkDt(double dt) {
  if (std::isfinite(dt) && dt > 0)
    return std::nullopt;
  return makeError(
      "dt", dt, "> 0",
      fmt::format("dt = {} s must be a positive finite number", dt));
}

void lifConstants(ConstantBuilder &b, const LifModel &m, double dt,
                  bool branchInput) {
  b.timeConstant("tauMem", m.tauMem);
  b.timeConstant("tauSynExc", m.tauSynExc);
  b.timeConstant("tauSynInh", m.tauSynInh);
  b.timeConstant("tauAdapt", m.tauAdapt);
  b.finite("tRef", m.tRef);
  b.finite("vLeak", m.vLeak);
  b.finite("vTh", m.vTh);
  b.finite("vReset", m.vReset);
  b.finite("r", m.r);
  b.finite("adaptJump", m.adaptJump);
  if (b.failed())
    return;
  LifCoefficients c = lifCoefficients(m, dt, branchInput);
  b.value("alphaMem", c.alphaMem, true, "tauMem and dt");
  b.value("leak", c.leak, false, "vLeak, tauMem and dt");
  if (c.direct)
    b.value("betaDirect", c.betaDirect, true, "r, tauMem and dt");
  if (c.spiking) {
    b.value("vTh", c.vTh, false);
    b.value("vReset", c.vReset, false);
  }
  if (c.synExc) {
    b.value("alphaSynExc", c.alphaSynExc, true, "tauSynExc and dt");
    b.value("betaSynExc", c.betaSynExc, true, "r, tauMem, tauSynExc and dt");
  }
  if (c.synInh) {
    b.value("alphaSynInh", c.alphaSynInh, true, "tauSynInh and dt");
    b.value("betaSynInh", c.betaSynInh, true, "r, tauMem, tauSynInh and dt");
  }
  if (c.adapt) {
    b.value("alphaAdapt", c.alphaAdapt, true, "tauAdapt and dt");
    b.value("adaptJump", c.adaptJump, false);
  }
  if (c.spiking)
    b.steps("refractorySteps", m.tRef > 0 ? m.tRef / dt : 0.0);
}

void branchConstants(ConstantBuilder &b, const Branch &br, double dt,
                     Integrator integrator) {
  b.timeConstant("tau", br.tau);
  b.finite("threshold", br.threshold);
  b.finite("amplitude", br.amplitude);
  b.finite("gain", br.gain);
  b.finite("slope", br.slope);
  b.finite("coupling", br.coupling);
  if (b.failed())
    return;
  BranchCoefficients c = branchCoefficients(br, dt, integrator);
  if (c.leaky)
    b.value("alpha", c.alpha, true, "tau and dt");
  b.value("threshold", c.threshold, false);
  switch (c.nonlinearity) {
  case BranchNonlinearity::Plateau:
    b.value("amplitude", c.amplitude, false);
    b.value("gain", c.gain, true);
    b.steps("plateauSteps", c.plateauSteps);
    break;
  case BranchNonlinearity::Sigmoid:
    b.value("amplitude", c.amplitude, true);
    if (!(br.slope > 0) && !b.failed()) {
      b.error = makeError("slope", br.slope, "> 0",
                          fmt::format("slope = {} must be > 0 for a sigmoid "
                                      "branch",
                                      br.slope));
      return;
    }
    b.value("invSlope", c.invSlope, true, "slope");
    break;
  case BranchNonlinearity::LeakyRelu:
    b.value("gain", c.gain, true);
    b.value("slopeGain", c.slopeGain, true, "slope and gain");
    break;
  }
  b.value("coupling", c.coupling, true);
}

} // namespace

FixedConstantsOrError dendron::rt::fixedConstants(const NeuronModel &model,
                                                  double dt) {
  if (auto e = checkDt(dt))
    return *e;
  ConstantBuilder b(dt);
  if (auto *lif = std::get_if<LifModel>(&model)) {
    lifConstants(b, *lif, dt, false);
  } else if (auto *izh = std::get_if<IzhikevichModel>(&model)) {
    b.timeConstant("tauSyn", izh->tauSyn);
    b.finite("a", izh->a);
    b.finite("b", izh->b);
    b.finite("c", izh->c);
    b.finite("d", izh->d);
    b.finite("vPeak", izh->vPeak);
    if (!b.failed()) {
      IzhikevichCoefficients c = izhikevichCoefficients(*izh, dt);
      b.value("dtMs", c.dtMs, true, "dt");
      b.value("k2", c.k2, true);
      b.value("k1", c.k1, true);
      b.value("k0", c.k0, false);
      b.value("a", c.a, true);
      b.value("b", c.b, true);
      b.value("c", c.c, false);
      b.value("d", c.d, false);
      b.value("vPeak", c.vPeak, false);
      if (c.syn)
        b.value("alphaSyn", c.alphaSyn, true, "tauSyn and dt");
    }
  } else {
    const auto &den = std::get<DendriticModel>(model);
    lifConstants(b, den.soma, dt, !den.branches.empty());
    for (size_t k = 0; k < den.branches.size() && !b.failed(); ++k) {
      ConstantBuilder bb(dt, fmt::format("branch{}.", k));
      branchConstants(bb, den.branches[k], dt, den.soma.integrator);
      if (bb.error)
        return *bb.error;
      for (auto &c : bb.constants)
        b.constants.push_back(std::move(c));
    }
  }
  return b.finish();
}

FixedConstantsOrError
dendron::rt::fixedPlasticityConstants(const Plasticity &rule, double dt) {
  if (auto e = checkDt(dt))
    return *e;
  ConstantBuilder b(dt);
  const StdpRule *pairing = nullptr;
  const ThreeFactorRule *tf = std::get_if<ThreeFactorRule>(&rule);
  if (auto *stdp = std::get_if<StdpRule>(&rule))
    pairing = stdp;
  else if (tf)
    pairing = &tf->pairing;
  else
    return std::vector<FixedConstant>{};

  b.timeConstant("tauPlus", pairing->tauPlus, false);
  b.timeConstant("tauMinus", pairing->tauMinus, false);
  if (tf) {
    b.timeConstant("tauEligibility", tf->tauEligibility, false);
    b.timeConstant("tauModulator", tf->tauModulator, false);
    b.finite("learningRate", tf->learningRate);
  }
  b.finite("aPlus", pairing->aPlus);
  b.finite("aMinus", pairing->aMinus);
  b.finite("wMin", pairing->wMin);
  b.finite("wMax", pairing->wMax);
  if (b.failed())
    return b.finish();
  PlasticityCoefficients c = *plasticityCoefficients(rule, dt);
  b.value("alphaPlus", c.alphaPlus, true, "tauPlus and dt");
  b.value("alphaMinus", c.alphaMinus, true, "tauMinus and dt");
  b.value("aPlus", c.aPlus, true);
  b.value("aMinus", c.aMinus, true);
  b.value("wMin", c.wMin, false);
  b.value("wMax", c.wMax, false);
  if (tf) {
    b.value("alphaEligibility", c.alphaEligibility, true,
            "tauEligibility and dt");
    b.value("alphaModulator", c.alphaModulator, true, "tauModulator and dt");
    b.value("learningRate", c.learningRate, true);
  }
  return b.finish();
}

std::optional<QuantizeError>
dendron::rt::checkFixedValue(const std::string &name, double value) {
  ConstantBuilder b(1.0);
  b.value(name.c_str(), value, false);
  return b.error;
}

std::optional<QuantizeError> dendron::rt::checkFixedBias(double b) {
  ConstantBuilder builder(1.0);
  builder.value("bias", b, true);
  return builder.error;
}

std::optional<QuantizeError> dendron::rt::checkFixedWeight(double w) {
  ConstantBuilder b(1.0);
  b.value("weight", w, true);
  return b.error;
}
