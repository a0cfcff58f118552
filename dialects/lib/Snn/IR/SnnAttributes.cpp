//===- SnnAttributes.cpp - snn dialect attributes -------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Snn/SnnAttributes.h"
#include "dendron/Dialect/Snn/SnnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace dendron::snn;

#include "dendron/Dialect/Snn/SnnAttrInterfaces.cpp.inc"
#include "dendron/Dialect/Snn/SnnEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dendron/Dialect/Snn/SnnAttributes.cpp.inc"

/// Formats `value` with `precision` significant digits as an MLIR float
/// literal (which needs a '.' in the mantissa: 5e+01 becomes 5.0e+01).
static std::string formatWithPrecision(double value, int precision) {
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
  std::string text(buffer);
  if (text.find('.') == std::string::npos) {
    size_t exponent = text.find('e');
    text.insert(exponent == std::string::npos ? text.size() : exponent, ".0");
  }
  return text;
}

std::string dendron::snn::formatReal(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  // Among the precisions that read back to the same bits, take the shortest
  // text: -50.0 rather than -5.0e+01.
  std::string best;
  for (int precision = 1; precision <= 17; ++precision) {
    std::string text = formatWithPrecision(value, precision);
    if (std::strtod(text.c_str(), nullptr) != value)
      continue;
    if (best.empty() || text.size() < best.size())
      best = text;
  }
  return best;
}

void dendron::snn::printReal(AsmPrinter &printer, double value) {
  if (std::isfinite(value)) {
    printer << formatReal(value);
    return;
  }
  // Verifiers reject non-finite parameters, but the generic form of an
  // invalid op still prints them; the bit pattern parses back exactly.
  printer << "0x"
          << llvm::format_hex_no_prefix(
                 llvm::APFloat(value).bitcastToAPInt().getZExtValue(), 16,
                 /*Upper=*/true)
          << " : f64";
}

FailureOr<Real> dendron::snn::parseReal(AsmParser &parser) {
  // Accept integer literals too (`threshold = 4`): MLIR's float parser
  // insists on a trailing dot, which is noise in a parameter list.
  SMLoc loc = parser.getCurrentLocation();
  Attribute literal;
  if (parser.parseAttribute(literal))
    return failure();
  if (auto real = dyn_cast<FloatAttr>(literal))
    return Real(real.getValueAsDouble());
  if (auto integer = dyn_cast<IntegerAttr>(literal))
    return Real(double(integer.getValue().getSExtValue()));
  parser.emitError(loc) << "expected a number, got " << literal;
  return failure();
}

void SnnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dendron/Dialect/Snn/SnnAttributes.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Verification helpers
//===----------------------------------------------------------------------===//

namespace {
/// Checks one real parameter of an attribute, naming the attribute, the
/// parameter, the value and the rule it broke.
class ParamChecker {
public:
  ParamChecker(function_ref<InFlightDiagnostic()> emitError, StringRef attr)
      : emitError(emitError), attr(attr) {}

  ParamChecker &finite(StringRef name, double value) {
    if (ok && !std::isfinite(value))
      fail(name, value, "must be finite");
    return *this;
  }
  ParamChecker &positive(StringRef name, double value) {
    if (ok && !(std::isfinite(value) && value > 0.0))
      fail(name, value, "must be positive");
    return *this;
  }
  ParamChecker &nonNegative(StringRef name, double value) {
    if (ok && !(std::isfinite(value) && value >= 0.0))
      fail(name, value, "must be non-negative (0 disables it)");
    return *this;
  }
  LogicalResult result() const { return success(ok); }
  bool good() const { return ok; }
  void fail(StringRef name, double value, StringRef rule) {
    emitError() << "#snn." << attr << " parameter '" << name << "' " << rule
                << ", got " << formatReal(value);
    ok = false;
  }

private:
  function_ref<InFlightDiagnostic()> emitError;
  StringRef attr;
  bool ok = true;
};
} // namespace

//===----------------------------------------------------------------------===//
// Neuron models
//===----------------------------------------------------------------------===//

LogicalResult LifAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                              Real tauMem, Real vLeak, Real vTh, Real vReset,
                              Real r, Real tRef, Real tauSynExc, Real tauSynInh,
                              Real tauAdapt, Real adaptJump, ResetMode,
                              Integrator) {
  ParamChecker check(emitError, "lif");
  check.positive("tau_mem", tauMem)
      .finite("v_leak", vLeak)
      .finite("v_th", vTh)
      .finite("v_reset", vReset)
      .finite("r", r)
      .nonNegative("t_ref", tRef)
      .nonNegative("tau_syn_exc", tauSynExc)
      .nonNegative("tau_syn_inh", tauSynInh)
      .nonNegative("tau_adapt", tauAdapt)
      .finite("adapt_jump", adaptJump);
  if (check.good() && !(vReset < vTh))
    return emitError() << "#snn.lif v_reset (" << formatReal(vReset)
                       << ") must be below v_th (" << formatReal(vTh) << ")";
  if (check.good() && adaptJump != 0.0 && tauAdapt == 0.0)
    return emitError() << "#snn.lif adapt_jump is " << formatReal(adaptJump)
                       << " but tau_adapt is 0: set tau_adapt to enable "
                          "threshold adaptation";
  return check.result();
}

bool LifAttr::isSpiking() const { return true; }

LogicalResult IfAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                             Real vTh, Real vReset, Real r, Real tRef,
                             ResetMode) {
  ParamChecker check(emitError, "if");
  check.finite("v_th", vTh)
      .finite("v_reset", vReset)
      .finite("r", r)
      .nonNegative("t_ref", tRef);
  if (check.good() && !(vReset < vTh))
    return emitError() << "#snn.if v_reset (" << formatReal(vReset)
                       << ") must be below v_th (" << formatReal(vTh) << ")";
  return check.result();
}

bool IfAttr::isSpiking() const { return true; }

LogicalResult IAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                            Real r) {
  ParamChecker check(emitError, "i");
  return check.finite("r", r).result();
}

bool IAttr::isSpiking() const { return false; }

LogicalResult
ThresholdAttr::verify(function_ref<InFlightDiagnostic()> emitError, Real vTh) {
  ParamChecker check(emitError, "threshold");
  return check.finite("v_th", vTh).result();
}

bool ThresholdAttr::isSpiking() const { return true; }

LogicalResult LiAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                             Real tauMem, Real vLeak, Real r, Real tauSyn,
                             Integrator) {
  ParamChecker check(emitError, "li");
  return check.positive("tau_mem", tauMem)
      .finite("v_leak", vLeak)
      .finite("r", r)
      .nonNegative("tau_syn", tauSyn)
      .result();
}

bool LiAttr::isSpiking() const { return false; }

LogicalResult
IzhikevichAttr::verify(function_ref<InFlightDiagnostic()> emitError, Real a,
                       Real b, Real c, Real d, Real vPeak, Real tauSyn) {
  ParamChecker check(emitError, "izhikevich");
  check.positive("a", a)
      .finite("b", b)
      .finite("c", c)
      .finite("d", d)
      .finite("v_peak", vPeak)
      .nonNegative("tau_syn", tauSyn);
  if (check.good() && !(c < vPeak))
    return emitError() << "#snn.izhikevich reset c (" << formatReal(c)
                       << " mV) must be below v_peak (" << formatReal(vPeak)
                       << " mV)";
  return check.result();
}

LogicalResult BranchAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 Real tau, Real threshold, Real amplitude,
                                 Real gain, Real slope, uint32_t plateauSteps,
                                 Real coupling,
                                 BranchNonlinearity nonlinearity) {
  ParamChecker check(emitError, "branch");
  check.positive("tau", tau)
      .finite("threshold", threshold)
      .finite("amplitude", amplitude)
      .finite("gain", gain)
      .finite("slope", slope)
      .finite("coupling", coupling);
  if (!check.good())
    return failure();
  if (nonlinearity == BranchNonlinearity::sigmoid && !(slope > 0.0))
    return emitError() << "#snn.branch sigmoid needs a positive slope, got "
                       << formatReal(slope);
  if (nonlinearity == BranchNonlinearity::plateau && plateauSteps == 0)
    return emitError() << "#snn.branch plateau needs plateau_steps >= 1, got 0";
  return success();
}

LogicalResult
DendriticAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                      LifAttr soma, ArrayAttr branches) {
  if (!soma)
    return emitError() << "#snn.dendritic needs a #snn.lif soma";
  if (!branches || branches.empty())
    return emitError() << "#snn.dendritic needs at least one branch, got 0";
  for (auto [index, branch] : llvm::enumerate(branches))
    if (!llvm::isa<BranchAttr>(branch))
      return emitError() << "#snn.dendritic branches[" << index
                         << "] must be a #snn.branch, got " << branch;
  return success();
}

unsigned DendriticAttr::getNumBranches() const { return getBranches().size(); }

//===----------------------------------------------------------------------===//
// Distributions
//===----------------------------------------------------------------------===//

LogicalResult ConstantAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   Real value) {
  return ParamChecker(emitError, "constant").finite("value", value).result();
}
double ConstantAttr::getLowerBound() const { return getValue(); }
double ConstantAttr::getUpperBound() const { return getValue(); }

LogicalResult UniformAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                  Real low, Real high) {
  ParamChecker check(emitError, "uniform");
  if (failed(check.finite("low", low).finite("high", high).result()))
    return failure();
  if (!(low < high))
    return emitError() << "#snn.uniform needs low < high, got low = "
                       << formatReal(low) << ", high = " << formatReal(high);
  return success();
}
double UniformAttr::getLowerBound() const { return getLow(); }
double UniformAttr::getUpperBound() const { return getHigh(); }

LogicalResult NormalAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 Real mean, Real std) {
  ParamChecker check(emitError, "normal");
  return check.finite("mean", mean).nonNegative("std", std).result();
}
// The runtime clips normal draws to five standard deviations (see
// docs/Semantics.md) so that fixed-point targets can bound every weight.
double NormalAttr::getLowerBound() const { return getMean() - 5.0 * getStd(); }
double NormalAttr::getUpperBound() const { return getMean() + 5.0 * getStd(); }

//===----------------------------------------------------------------------===//
// Connectors
//===----------------------------------------------------------------------===//

LogicalResult
FixedProbabilityAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                             Real p, bool) {
  if (!(p >= 0.0 && p <= 1.0))
    return emitError() << "#snn.fixed_probability p must be in [0, 1], got "
                       << formatReal(p);
  return success();
}
double FixedProbabilityAttr::getExpectedSynapses(uint64_t numPre,
                                                 uint64_t numPost) const {
  return getP() * double(numPre) * double(numPost);
}
double FixedInDegreeAttr::getExpectedSynapses(uint64_t,
                                              uint64_t numPost) const {
  return double(getK()) * double(numPost);
}
double FixedTotalAttr::getExpectedSynapses(uint64_t, uint64_t) const {
  return double(getN());
}

//===----------------------------------------------------------------------===//
// Plasticity
//===----------------------------------------------------------------------===//

LogicalResult StdpAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               Real tauPlus, Real tauMinus, Real aPlus,
                               Real aMinus, Real wMin, Real wMax) {
  ParamChecker check(emitError, "stdp");
  check.positive("tau_plus", tauPlus)
      .positive("tau_minus", tauMinus)
      .finite("a_plus", aPlus)
      .finite("a_minus", aMinus)
      .finite("w_min", wMin)
      .finite("w_max", wMax);
  if (check.good() && !(wMin <= wMax))
    return emitError() << "#snn.stdp needs w_min <= w_max, got w_min = "
                       << formatReal(wMin) << ", w_max = " << formatReal(wMax);
  return check.result();
}

LogicalResult
ThreeFactorAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                        StdpAttr stdp, Real tauE, Real tauM, Real learningRate,
                        FlatSymbolRefAttr modulator) {
  if (!stdp)
    return emitError() << "#snn.three_factor needs a #snn.stdp pairing rule";
  if (!modulator)
    return emitError() << "#snn.three_factor needs a modulator population";
  ParamChecker check(emitError, "three_factor");
  return check.positive("tau_e", tauE)
      .positive("tau_m", tauM)
      .finite("learning_rate", learningRate)
      .result();
}
