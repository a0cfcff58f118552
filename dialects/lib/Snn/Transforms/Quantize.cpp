//===- Quantize.cpp - Float parameters to a numeric profile ---------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// The integers themselves come from the runtime's Discretize library, the
// single implementation of the semantics; this pass range-checks them,
// reports what cannot be represented, and records them on the IR so that
// targets read the same constants the reference simulator uses.
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Snn/SnnPasses.h"
#include "dendron/Dialect/Snn/SnnToRuntime.h"
#include "dendron/Runtime/Discretize.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

namespace dendron::snn {
#define GEN_PASS_DEF_SNNQUANTIZE
#include "dendron/Dialect/Snn/SnnPasses.h.inc"
} // namespace dendron::snn

using namespace mlir;
using namespace dendron;
using namespace dendron::snn;

/// Name of the discardable attribute holding an op's s16.15 constants.
static constexpr llvm::StringLiteral kFixedAttrName = "snn.fixed";

namespace {
struct SnnQuantizePass : public snn::impl::SnnQuantizeBase<SnnQuantizePass> {
  using SnnQuantizeBase::SnnQuantizeBase;

  void runOnOperation() override;

private:
  LogicalResult quantizeFixed(NetworkOp network);
  LogicalResult attachConstants(Operation *op,
                                const rt::FixedConstantsOrError &constants,
                                StringRef what);
  LogicalResult checkWeight(Operation *op, double weight,
                            const llvm::Twine &where);
  LogicalResult checkWeights(Operation *op, ElementsAttr weights);
  LogicalResult checkBias(Operation *op, ElementsAttr bias);
};
} // namespace

/// The IR spelling of a runtime parameter name: tauMem -> tau_mem,
/// branch0.vTh -> branch0.v_th.
static std::string toIrName(StringRef name) {
  std::string result;
  for (char c : name) {
    if (llvm::isUpper(c)) {
      result += '_';
      result += llvm::toLower(c);
    } else {
      result += c;
    }
  }
  return result;
}

/// Reports a quantization error on `op`, naming what was being quantized,
/// with parameter names spelled as in the IR.
static InFlightDiagnostic reportError(Operation *op, StringRef what,
                                      const rt::QuantizeError &error) {
  std::string irName = toIrName(error.parameter);
  std::string message = error.message;
  if (irName != error.parameter)
    for (size_t at = message.find(error.parameter); at != std::string::npos;
         at = message.find(error.parameter, at + irName.size()))
      message.replace(at, error.parameter.size(), irName);
  InFlightDiagnostic diag = op->emitOpError() << "cannot quantize " << what
                                              << " to s16.15: " << message;
  diag.attachNote() << "'" << irName << "' must satisfy " << error.limit;
  return diag;
}

LogicalResult SnnQuantizePass::attachConstants(
    Operation *op, const rt::FixedConstantsOrError &constants, StringRef what) {
  if (auto *error = std::get_if<rt::QuantizeError>(&constants))
    return reportError(op, what, *error);
  Builder builder(op->getContext());
  SmallVector<NamedAttribute> entries;
  for (const rt::FixedConstant &constant :
       std::get<std::vector<rt::FixedConstant>>(constants))
    entries.push_back(builder.getNamedAttr(
        constant.name, builder.getI64IntegerAttr(constant.fixed)));
  if (entries.empty())
    return success();
  op->setAttr(kFixedAttrName, builder.getDictionaryAttr(entries));
  return success();
}

LogicalResult SnnQuantizePass::checkWeight(Operation *op, double weight,
                                           const llvm::Twine &where) {
  ++numCheckedWeights;
  if (std::optional<rt::QuantizeError> error = rt::checkFixedWeight(weight))
    return reportError(op, where.str(), *error);
  return success();
}

LogicalResult SnnQuantizePass::checkWeights(Operation *op,
                                            ElementsAttr weights) {
  FailureOr<std::vector<double>> values = readWeights(op, weights);
  if (failed(values))
    return failure();
  ArrayRef<int64_t> shape = cast<ShapedType>(weights.getType()).getShape();
  for (auto [index, weight] : llvm::enumerate(*values)) {
    if (!rt::checkFixedWeight(weight))
      continue;
    // Name the element by its position in the tensor: [post, pre] for dense
    // weights, [out, in, y, x] for convolution kernels.
    SmallVector<int64_t> position(shape.size());
    int64_t rest = index;
    for (int64_t dim = int64_t(shape.size()) - 1; dim >= 0; --dim) {
      position[dim] = rest % shape[dim];
      rest /= shape[dim];
    }
    std::string where;
    llvm::raw_string_ostream os(where);
    os << "weight [";
    llvm::interleaveComma(position, os);
    os << "]";
    return checkWeight(op, weight, where);
  }
  numCheckedWeights += values->size();
  return success();
}

/// Range-checks a projection's optional bias (one value per post neuron or
/// output channel), naming the first bad element by its index.
LogicalResult SnnQuantizePass::checkBias(Operation *op, ElementsAttr bias) {
  if (!bias)
    return success();
  FailureOr<std::vector<double>> values = readWeights(op, bias);
  if (failed(values))
    return failure();
  for (auto [index, value] : llvm::enumerate(*values))
    if (std::optional<rt::QuantizeError> error = rt::checkFixedBias(value))
      return reportError(op, ("bias [" + llvm::Twine(index) + "]").str(),
                         *error);
  return success();
}

LogicalResult SnnQuantizePass::quantizeFixed(NetworkOp network) {
  double dt = network.getDt().convertToDouble();
  for (Operation &op : *network.getBodyBlock()) {
    if (auto population = dyn_cast<PopulationOp>(op)) {
      rt::NeuronModel model = toRuntimeModel(population.getModel());
      if (failed(attachConstants(population, rt::fixedConstants(model, dt),
                                 "the neuron model")))
        return failure();
      rt::RealDistribution init = initialPotential(population);
      for (double bound :
           {init.a, init.kind == rt::RealDistribution::Kind::Constant ? init.a
                                                                      : init.b})
        if (std::optional<rt::QuantizeError> error =
                rt::checkFixedValue("initial potential", bound))
          return reportError(population, "the initial potential", *error);
      ++numQuantizedPopulations;
      continue;
    }
    auto projection = dyn_cast<ProjectionOpInterface>(op);
    if (!projection)
      continue;
    if (Attribute plasticity = op.getAttr("plasticity")) {
      // The modulator does not affect the constants; resolve it to anything.
      FailureOr<rt::Plasticity> rule =
          toRuntimePlasticity(&op, plasticity, [](FlatSymbolRefAttr) {
            return std::optional<rt::NodeRef>{};
          });
      if (succeeded(rule) &&
          failed(attachConstants(&op, rt::fixedPlasticityConstants(*rule, dt),
                                 "the plasticity rule")))
        return failure();
    }
    LogicalResult checked =
        llvm::TypeSwitch<Operation *, LogicalResult>(&op)
            .Case([&](DenseOp dense) {
              if (failed(checkBias(dense, dense.getBiasAttr())))
                return failure();
              return checkWeights(dense, dense.getWeights());
            })
            .Case([&](Conv2dOp conv) {
              if (failed(checkBias(conv, conv.getBiasAttr())))
                return failure();
              return checkWeights(conv, conv.getWeights());
            })
            .Case([&](SparseOp sparse) {
              for (auto [index, weight] : llvm::enumerate(sparse.getWeights()))
                if (failed(checkWeight(sparse, weight,
                                       "weight #" + llvm::Twine(index))))
                  return failure();
              return success();
            })
            .Case([&](OneToOneOp oneToOne) {
              return checkWeight(oneToOne,
                                 oneToOne.getWeight().convertToDouble(),
                                 "the weight");
            })
            .Case([&](Pool2dOp pool) {
              if (pool.getKind() == PoolKind::sum)
                return success();
              double weight =
                  1.0 / double(pool.getKernel()[0] * pool.getKernel()[1]);
              return checkWeight(pool, weight, "the average-pool weight");
            })
            .Case([&](ConnectOp connect) {
              auto weight = connect.getWeight();
              if (failed(checkWeight(connect, weight.getLowerBound(),
                                     "the smallest weight")))
                return failure();
              return checkWeight(connect, weight.getUpperBound(),
                                 "the largest weight");
            })
            .Default([](Operation *) { return success(); });
    if (failed(checked))
      return failure();
  }
  return success();
}

void SnnQuantizePass::runOnOperation() {
  NetworkOp network = getOperation();
  std::optional<Profile> target = symbolizeProfile(profile);
  if (!target) {
    network.emitError() << "snn-quantize: unknown profile '" << profile
                        << "'; expected 'float' or 's16.15'";
    return signalPassFailure();
  }
  // Re-quantizing starts from the float parameters, never from old constants.
  network.walk([](Operation *op) { op->removeAttr(kFixedAttrName); });
  if (*target == Profile::S16_15 && failed(quantizeFixed(network)))
    return signalPassFailure();
  network.setProfile(*target);
}
