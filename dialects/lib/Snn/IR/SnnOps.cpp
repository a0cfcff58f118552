//===- SnnOps.cpp - snn dialect operations --------------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Snn/SnnOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>
#include <optional>
#include <string>

using namespace mlir;
using namespace dendron::snn;

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// Parses an enum attribute written as a bare keyword (`synapse(inh)`).
template <typename EnumAttrT>
static ParseResult parseEnumKeyword(OpAsmParser &parser, EnumAttrT &attr) {
  Attribute parsed = EnumAttrT::parse(parser, Type());
  if (!parsed)
    return failure();
  attr = cast<EnumAttrT>(parsed);
  return success();
}

/// Prints an enum attribute as a bare keyword. The attribute's own printer
/// starts with the space it needs after its mnemonic (`#snn<synapse inh>`),
/// which inside op syntax would give `synapse( inh)`.
template <typename EnumAttrT>
static void printEnumKeyword(OpAsmPrinter &printer, Operation *,
                             EnumAttrT attr) {
  printer << stringifyEnum(attr.getValue());
}

#include "dendron/Dialect/Snn/SnnOpInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "dendron/Dialect/Snn/SnnOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static uint32_t getSize(Value value) {
  return cast<PopulationType>(value.getType()).getSize();
}

/// The symbol name of the population or source defining `value`, for
/// messages; only called once `isNode(value)` holds.
static StringRef getNodeName(Value value) {
  if (Operation *def = value.getDefiningOp())
    if (auto name =
            def->getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName()))
      return name.getValue();
  return "<unknown>";
}

static bool isSource(Value value) {
  return isa_and_nonnull<SpikeArrayOp, PoissonOp, ExternalOp>(
      value.getDefiningOp());
}

/// Whether `value` is a population or a spike source of the network.
static bool isNode(Value value) {
  return isSource(value) || value.getDefiningOp<PopulationOp>();
}

/// Describes a value that is not a population or source, for messages.
static std::string describeNonNode(Value value) {
  if (Operation *def = value.getDefiningOp())
    return ("the result of '" + def->getName().getStringRef() + "'").str();
  return "a block argument";
}

/// The number of neurons of a (C, H, W) shape with non-negative entries, or
/// nothing if it does not fit in 64 bits.
static std::optional<uint64_t> getNumNeurons(ArrayRef<int64_t> shape) {
  uint64_t count = 1;
  for (int64_t dim : shape) {
    bool overflow = false;
    count = llvm::SaturatingMultiply(count, uint64_t(dim), &overflow);
    if (overflow)
      return std::nullopt;
  }
  return count;
}

static std::string formatCount(std::optional<uint64_t> count) {
  return count ? std::to_string(*count) : "more than 2^64";
}

//===----------------------------------------------------------------------===//
// NetworkOp
//===----------------------------------------------------------------------===//

void NetworkOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                      double dt, Profile profile) {
  state.addAttribute(getSymNameAttrName(state.name),
                     builder.getStringAttr(name));
  state.addAttribute(getDtAttrName(state.name), builder.getF64FloatAttr(dt));
  state.addAttribute(getProfileAttrName(state.name),
                     ProfileAttr::get(builder.getContext(), profile));
  Region *body = state.addRegion();
  body->push_back(new Block);
}

RegionKind NetworkOp::getRegionKind(unsigned) { return RegionKind::Graph; }

LogicalResult NetworkOp::verify() {
  double dt = getDt().convertToDouble();
  if (!(std::isfinite(dt) && dt > 0.0))
    return emitOpError() << "timestep dt must be positive and finite, got "
                         << formatReal(dt) << " s";
  return success();
}

//===----------------------------------------------------------------------===//
// Populations and sources
//===----------------------------------------------------------------------===//

LogicalResult PopulationOp::verify() {
  if (auto init = getInit()) {
    double low = init->getLowerBound(), high = init->getUpperBound();
    if (!std::isfinite(low) || !std::isfinite(high))
      return emitOpError() << "initial potential distribution must be "
                              "bounded, got ["
                           << formatReal(low) << ", " << formatReal(high)
                           << "]";
  }
  return success();
}

LogicalResult SpikeArrayOp::verify() {
  ArrayRef<int32_t> neurons = getNeurons();
  ArrayRef<int32_t> steps = getSteps();
  if (neurons.size() != steps.size())
    return emitOpError() << "has " << neurons.size() << " neuron indices but "
                         << steps.size() << " steps; they must pair up";
  uint32_t size = getSize(getResult());
  for (auto [index, neuron] : llvm::enumerate(neurons))
    if (neuron < 0 || uint32_t(neuron) >= size)
      return emitOpError() << "neurons[" << index << "] = " << neuron
                           << " is outside the source's " << size << " neurons";
  for (auto [index, step] : llvm::enumerate(steps))
    if (step < 0)
      return emitOpError() << "steps[" << index << "] = " << step
                           << " is negative";
  return success();
}

LogicalResult PoissonOp::verify() {
  double rate = getRate().convertToDouble();
  if (!(std::isfinite(rate) && rate >= 0.0))
    return emitOpError() << "rate must be non-negative and finite, got "
                         << formatReal(rate) << " Hz";
  double dt = cast<NetworkOp>((*this)->getParentOp()).getDt().convertToDouble();
  if (rate * dt > 1.0)
    return emitOpError() << "rate " << formatReal(rate) << " Hz at dt "
                         << formatReal(dt) << " s asks for "
                         << formatReal(rate * dt)
                         << " spikes per step; at most 1 is possible";
  return success();
}

//===----------------------------------------------------------------------===//
// Projections
//===----------------------------------------------------------------------===//

/// Checks shared by every projection: endpoints, compartment, plasticity.
static LogicalResult verifyProjection(ProjectionOpInterface op) {
  Operation *operation = op.getOperation();
  Value pre = op.getPre(), post = op.getPost();
  if (!isNode(pre))
    return operation->emitOpError()
           << "pre must be a population or spike source, but it is "
           << describeNonNode(pre);
  auto postPop = post.getDefiningOp<PopulationOp>();
  if (isSource(post))
    return operation->emitOpError()
           << "post must be a population, but @" << getNodeName(post)
           << " is a spike source";
  if (!postPop)
    return operation->emitOpError()
           << "post must be a population, but it is " << describeNonNode(post);
  // `branch` is a signless i32 whose getter reads it as unsigned.
  if (auto branchAttr = operation->getAttrOfType<IntegerAttr>("branch");
      branchAttr && branchAttr.getInt() < 0)
    return operation->emitOpError()
           << "branch must be non-negative, got " << branchAttr.getInt();
  if (std::optional<uint32_t> branch = op.getBranch()) {
    unsigned numBranches = postPop.getModel().getNumBranches();
    if (numBranches == 0)
      return operation->emitOpError()
             << "targets branch " << *branch << " but @" << postPop.getSymName()
             << " is not a dendritic population";
    if (*branch >= numBranches)
      return operation->emitOpError()
             << "targets branch " << *branch << " but @" << postPop.getSymName()
             << " has only " << numBranches << " branches";
  }
  if (auto plasticity = operation->getAttrOfType<Attribute>("plasticity")) {
    if (auto rule = dyn_cast<ThreeFactorAttr>(plasticity)) {
      Operation *modulator = SymbolTable::lookupSymbolIn(
          operation->getParentOp(), rule.getModulator());
      if (!modulator ||
          !isa<PopulationOp, SpikeArrayOp, PoissonOp, ExternalOp>(modulator))
        return operation->emitOpError()
               << "three-factor modulator " << rule.getModulator()
               << " does not name a population or source in this network";
    }
  }
  return success();
}

static LogicalResult verifyDelay(Operation *op, int32_t delay) {
  if (delay < 1)
    return op->emitOpError()
           << "delay must be at least 1 timestep, got " << delay;
  return success();
}

/// A projection's optional bias: a static 1-D floating-point tensor of
/// `length` values (`what` names the dimension in the message).
static LogicalResult verifyBias(Operation *op, ElementsAttr bias,
                                int64_t length, StringRef what) {
  if (!bias)
    return success();
  auto type = dyn_cast<ShapedType>(bias.getType());
  if (!type || !type.hasRank() || type.getRank() != 1 || !type.hasStaticShape())
    return op->emitOpError() << "bias must be a static 1-D (" << what
                             << ") tensor, got " << bias.getType();
  if (!isa<FloatType>(type.getElementType()))
    return op->emitOpError()
           << "bias must have a floating-point element type, got "
           << type.getElementType();
  if (type.getDimSize(0) != length)
    return op->emitOpError()
           << "bias has " << type.getDimSize(0) << " values but needs one per "
           << what << " (" << length << ")";
  return success();
}

LogicalResult DenseOp::verify() {
  if (failed(verifyProjection(*this)) || failed(verifyDelay(*this, getDelay())))
    return failure();
  auto type = dyn_cast<ShapedType>(getWeights().getType());
  if (!type || !type.hasRank() || type.getRank() != 2)
    return emitOpError() << "weights must be a 2-D (post x pre) tensor, got "
                         << getWeights().getType();
  if (!type.hasStaticShape())
    return emitOpError() << "weights must have a static shape, got " << type;
  if (!isa<FloatType>(type.getElementType()))
    return emitOpError()
           << "weights must have a floating-point element type, got "
           << type.getElementType();
  int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
  if (rows != getSize(getPost()) || cols != getSize(getPre()))
    return emitOpError() << "weights have shape " << rows << "x" << cols
                         << " but @" << getNodeName(getPre()) << " -> @"
                         << getNodeName(getPost()) << " needs "
                         << getSize(getPost()) << "x" << getSize(getPre())
                         << " (post x pre)";
  return verifyBias(*this, getBiasAttr(), rows, "post neuron");
}

uint32_t DenseOp::getLongestDelay() { return getDelay(); }

LogicalResult SparseOp::verify() {
  if (failed(verifyProjection(*this)))
    return failure();
  size_t n = getPreIndices().size();
  if (getPostIndices().size() != n || getWeights().size() != n ||
      getDelays().size() != n)
    return emitOpError() << "synapse lists differ in length: pre "
                         << getPreIndices().size() << ", post "
                         << getPostIndices().size() << ", weights "
                         << getWeights().size() << ", delays "
                         << getDelays().size();
  uint32_t preSize = getSize(getPre()), postSize = getSize(getPost());
  for (size_t i = 0; i < n; ++i) {
    int32_t pre = getPreIndices()[i], post = getPostIndices()[i];
    if (pre < 0 || uint32_t(pre) >= preSize)
      return emitOpError() << "synapse " << i << ": pre index " << pre
                           << " is outside @" << getNodeName(getPre()) << " ("
                           << preSize << " neurons)";
    if (post < 0 || uint32_t(post) >= postSize)
      return emitOpError() << "synapse " << i << ": post index " << post
                           << " is outside @" << getNodeName(getPost()) << " ("
                           << postSize << " neurons)";
    if (getDelays()[i] < 1)
      return emitOpError() << "synapse " << i
                           << ": delay must be at least 1 timestep, got "
                           << getDelays()[i];
    if (!std::isfinite(getWeights()[i]))
      return emitOpError() << "synapse " << i << ": weight "
                           << formatReal(getWeights()[i]) << " is not finite";
  }
  return success();
}

uint32_t SparseOp::getLongestDelay() {
  int32_t maxDelay = 1;
  for (int32_t delay : getDelays())
    maxDelay = std::max(maxDelay, delay);
  return maxDelay;
}

LogicalResult OneToOneOp::verify() {
  if (failed(verifyProjection(*this)) || failed(verifyDelay(*this, getDelay())))
    return failure();
  if (getSize(getPre()) != getSize(getPost()))
    return emitOpError() << "connects @" << getNodeName(getPre()) << " ("
                         << getSize(getPre()) << " neurons) one-to-one to @"
                         << getNodeName(getPost()) << " (" << getSize(getPost())
                         << " neurons); the sizes must match";
  if (!std::isfinite(getWeight().convertToDouble()))
    return emitOpError() << "weight must be finite, got "
                         << formatReal(getWeight().convertToDouble());
  return success();
}

uint32_t OneToOneOp::getLongestDelay() { return getDelay(); }

/// Checks a two-entry spatial attribute (stride, padding, kernel, ...).
static LogicalResult verifyPair(Operation *op, StringRef name,
                                ArrayRef<int64_t> values, int64_t minimum) {
  if (values.size() != 2)
    return op->emitOpError()
           << name << " must have 2 entries (y, x), got " << values.size();
  for (int64_t value : values)
    if (value < minimum)
      return op->emitOpError() << name << " entries must be at least "
                               << minimum << ", got " << value;
  return success();
}

/// Checks `input_shape` (C, H, W) against the pre population.
static LogicalResult verifyInputShape(Operation *op, ArrayRef<int64_t> shape,
                                      Value pre) {
  if (shape.size() != 3)
    return op->emitOpError()
           << "input_shape must have 3 entries (C, H, W), got " << shape.size();
  for (int64_t dim : shape)
    if (dim < 1)
      return op->emitOpError()
             << "input_shape entries must be positive, got " << dim;
  std::optional<uint64_t> count = getNumNeurons(shape);
  if (count != getSize(pre))
    return op->emitOpError()
           << "input_shape " << shape[0] << "x" << shape[1] << "x" << shape[2]
           << " has " << formatCount(count) << " neurons but @"
           << getNodeName(pre) << " has " << getSize(pre);
  return success();
}

/// Span of a window of `kernel` taps `dilation` apart (kernel, dilation >= 1);
/// saturates rather than overflow on absurd values.
static int64_t getWindowSpan(int64_t kernel, int64_t dilation) {
  int64_t span;
  if (llvm::MulOverflow(dilation, kernel - 1, span) ||
      llvm::AddOverflow(span, int64_t(1), span))
    return std::numeric_limits<int64_t>::max();
  return span;
}

/// Size of `in` entries padded by `pad` on both sides (pad >= 0); saturates.
static int64_t getPaddedSize(int64_t in, int64_t pad) {
  int64_t padded;
  if (llvm::MulOverflow(pad, int64_t(2), padded) ||
      llvm::AddOverflow(padded, in, padded))
    return std::numeric_limits<int64_t>::max();
  return padded;
}

/// Output size along one axis of a window sliding by `stride` over `in`
/// entries padded by `pad` on both sides; 0 if the window does not fit.
static int64_t convOutputDim(int64_t in, int64_t kernel, int64_t stride,
                             int64_t pad, int64_t dilation) {
  int64_t span = getWindowSpan(kernel, dilation);
  int64_t padded = getPaddedSize(in, pad);
  if (span == std::numeric_limits<int64_t>::max() || span > padded)
    return 0;
  return (padded - span) / stride + 1;
}

std::array<int64_t, 3> Conv2dOp::getOutputShape() {
  auto type = cast<ShapedType>(getWeights().getType());
  ArrayRef<int64_t> in = getInputShape();
  return {type.getDimSize(0),
          convOutputDim(in[1], type.getDimSize(2), getStride()[0],
                        getPadding()[0], getDilation()[0]),
          convOutputDim(in[2], type.getDimSize(3), getStride()[1],
                        getPadding()[1], getDilation()[1])};
}

LogicalResult Conv2dOp::verify() {
  if (failed(verifyProjection(*this)) ||
      failed(verifyDelay(*this, getDelay())) ||
      failed(verifyInputShape(*this, getInputShape(), getPre())) ||
      failed(verifyPair(*this, "stride", getStride(), 1)) ||
      failed(verifyPair(*this, "padding", getPadding(), 0)) ||
      failed(verifyPair(*this, "dilation", getDilation(), 1)))
    return failure();
  auto type = dyn_cast<ShapedType>(getWeights().getType());
  if (!type || !type.hasRank() || type.getRank() != 4)
    return emitOpError() << "weights must be a 4-D (out_channels x "
                            "in_channels/groups x kh x kw) tensor, got "
                         << getWeights().getType();
  if (!type.hasStaticShape())
    return emitOpError() << "weights must have a static shape, got " << type;
  if (!isa<FloatType>(type.getElementType()))
    return emitOpError()
           << "weights must have a floating-point element type, got "
           << type.getElementType();
  if (type.getDimSize(2) < 1 || type.getDimSize(3) < 1)
    return emitOpError() << "the " << type.getDimSize(2) << "x"
                         << type.getDimSize(3) << " kernel is empty";
  int64_t groups = getGroups();
  int64_t inChannels = getInputShape()[0];
  int64_t outChannels = type.getDimSize(0);
  if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
    return emitOpError() << "groups = " << groups
                         << " must be positive and divide both the "
                         << inChannels << " input and " << outChannels
                         << " output channels";
  if (type.getDimSize(1) != inChannels / groups)
    return emitOpError() << "weights have " << type.getDimSize(1)
                         << " input channels per group but the input has "
                         << inChannels << " channels in " << groups
                         << " group(s)";
  std::array<int64_t, 3> out = getOutputShape();
  ArrayRef<int64_t> in = getInputShape(), pad = getPadding();
  ArrayRef<int64_t> dilation = getDilation();
  if (out[1] < 1 || out[2] < 1)
    return emitOpError() << "the " << type.getDimSize(2) << "x"
                         << type.getDimSize(3) << " kernel dilated by "
                         << dilation[0] << "x" << dilation[1] << " spans "
                         << getWindowSpan(type.getDimSize(2), dilation[0])
                         << "x"
                         << getWindowSpan(type.getDimSize(3), dilation[1])
                         << ", which does not fit the " << in[1] << "x" << in[2]
                         << " input padded to " << getPaddedSize(in[1], pad[0])
                         << "x" << getPaddedSize(in[2], pad[1]);
  std::optional<uint64_t> count = getNumNeurons(out);
  if (count != getSize(getPost()))
    return emitOpError() << "produces " << out[0] << "x" << out[1] << "x"
                         << out[2] << " = " << formatCount(count)
                         << " neurons but @" << getNodeName(getPost())
                         << " has " << getSize(getPost());
  return verifyBias(*this, getBiasAttr(), outChannels, "output channel");
}

uint32_t Conv2dOp::getLongestDelay() { return getDelay(); }

std::array<int64_t, 3> Pool2dOp::getOutputShape() {
  ArrayRef<int64_t> in = getInputShape();
  return {
      in[0],
      convOutputDim(in[1], getKernel()[0], getStride()[0], getPadding()[0], 1),
      convOutputDim(in[2], getKernel()[1], getStride()[1], getPadding()[1], 1)};
}

LogicalResult Pool2dOp::verify() {
  if (failed(verifyProjection(*this)) ||
      failed(verifyDelay(*this, getDelay())) ||
      failed(verifyInputShape(*this, getInputShape(), getPre())) ||
      failed(verifyPair(*this, "kernel", getKernel(), 1)) ||
      failed(verifyPair(*this, "stride", getStride(), 1)) ||
      failed(verifyPair(*this, "padding", getPadding(), 0)))
    return failure();
  std::array<int64_t, 3> out = getOutputShape();
  ArrayRef<int64_t> in = getInputShape(), pad = getPadding();
  if (out[1] < 1 || out[2] < 1)
    return emitOpError() << "the " << getKernel()[0] << "x" << getKernel()[1]
                         << " window does not fit the " << in[1] << "x" << in[2]
                         << " input padded to " << getPaddedSize(in[1], pad[0])
                         << "x" << getPaddedSize(in[2], pad[1]);
  std::optional<uint64_t> count = getNumNeurons(out);
  if (count != getSize(getPost()))
    return emitOpError() << "produces " << out[0] << "x" << out[1] << "x"
                         << out[2] << " = " << formatCount(count)
                         << " neurons but @" << getNodeName(getPost())
                         << " has " << getSize(getPost());
  return success();
}

uint32_t Pool2dOp::getLongestDelay() { return getDelay(); }

LogicalResult ConnectOp::verify() {
  if (failed(verifyProjection(*this)) || failed(verifyDelay(*this, getDelay())))
    return failure();
  // `max_delay` is a signless i32 whose getter reads it as unsigned.
  if (IntegerAttr maxDelay = getMaxDelayAttr();
      maxDelay && maxDelay.getInt() < int64_t(getDelay()))
    return emitOpError() << "max_delay (" << maxDelay.getInt()
                         << ") must not be below delay (" << getDelay() << ")";
  double low = getWeight().getLowerBound(), high = getWeight().getUpperBound();
  if (!std::isfinite(low) || !std::isfinite(high))
    return emitOpError() << "weight distribution must be bounded, got ["
                         << formatReal(low) << ", " << formatReal(high) << "]";
  uint64_t preSize = getSize(getPre()), postSize = getSize(getPost());
  bool samePopulation = getPre() == getPost();
  // With repeated pairs allowed any number of synapses can be drawn, unless
  // there is nothing to draw from (one neuron connected to itself, with
  // self-connections excluded).
  if (auto inDegree = dyn_cast<FixedInDegreeAttr>(getConnector())) {
    bool multapses = inDegree.getAllowMultapses();
    uint64_t sources =
        samePopulation && !inDegree.getAllowSelf() ? preSize - 1 : preSize;
    if (inDegree.getK() > sources && (!multapses || sources == 0))
      return emitOpError() << "asks for in-degree " << inDegree.getK()
                           << (multapses ? "" : " without repeated pairs")
                           << ", but @" << getNodeName(getPre())
                           << " offers only " << sources
                           << " distinct sources per neuron";
  }
  if (auto total = dyn_cast<FixedTotalAttr>(getConnector())) {
    bool multapses = total.getAllowMultapses();
    uint64_t pairs = samePopulation && !total.getAllowSelf()
                         ? preSize * (preSize - 1)
                         : preSize * postSize;
    if (total.getN() > pairs && (!multapses || pairs == 0))
      return emitOpError() << "asks for " << total.getN() << " synapses"
                           << (multapses ? "" : " without repeated pairs")
                           << ", but only " << pairs << " distinct pairs exist";
  }
  return success();
}

uint32_t ConnectOp::getLongestDelay() {
  return getMaxDelay().value_or(getDelay());
}

//===----------------------------------------------------------------------===//
// Probes
//===----------------------------------------------------------------------===//

LogicalResult ProbeOp::verify() {
  if (!isNode(getTarget()))
    return emitOpError()
           << "target must be a population or spike source, but it is "
           << describeNonNode(getTarget());
  auto population = getTarget().getDefiningOp<PopulationOp>();
  if (getVariable() == ProbeVariable::spikes) {
    if (population && !population.getModel().isSpiking())
      return emitOpError() << "cannot record 'spikes' of @"
                           << population.getSymName() << ", whose model "
                           << population.getModel() << " never spikes";
    return success();
  }
  if (!population)
    return emitOpError() << "cannot record '"
                         << stringifyProbeVariable(getVariable())
                         << "' of spike source @" << getNodeName(getTarget())
                         << "; sources only have spikes";
  if (getVariable() == ProbeVariable::branch &&
      population.getModel().getNumBranches() == 0)
    return emitOpError() << "cannot record 'branch' of @"
                         << population.getSymName()
                         << ", which is not a dendritic population";
  return success();
}

//===----------------------------------------------------------------------===//
// Canonicalization
//===----------------------------------------------------------------------===//

namespace {
/// Erases a projection that can never deliver anything: no synapses, or all
/// weights zero with no plasticity to make them nonzero later.
template <typename ProjectionOp>
struct EraseSilentProjection : OpRewritePattern<ProjectionOp> {
  using OpRewritePattern<ProjectionOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ProjectionOp op,
                                PatternRewriter &rewriter) const override {
    if (!isSilent(op))
      return failure();
    rewriter.eraseOp(op);
    return success();
  }

  static bool hasPlasticity(Operation *op) { return op->hasAttr("plasticity"); }
  static bool isSilent(DenseOp op) {
    auto dense = dyn_cast<DenseElementsAttr>(op.getWeights());
    if (!dense || !dense.isSplat() || hasPlasticity(op))
      return false;
    if (!dense.getSplatValue<APFloat>().isZero())
      return false;
    // A bias drives the post neurons even when every weight is zero.
    auto bias = dyn_cast_or_null<DenseElementsAttr>(op.getBiasAttr());
    if (!op.getBiasAttr())
      return true;
    return bias && bias.isSplat() && bias.getSplatValue<APFloat>().isZero();
  }
  static bool isSilent(OneToOneOp op) {
    return op.getWeight().isZero() && !hasPlasticity(op);
  }
  static bool isSilent(ConnectOp op) {
    Attribute connector = op.getConnector();
    if (auto p = dyn_cast<FixedProbabilityAttr>(connector); p && p.getP() == 0)
      return true;
    if (auto k = dyn_cast<FixedInDegreeAttr>(connector); k && k.getK() == 0)
      return true;
    if (auto n = dyn_cast<FixedTotalAttr>(connector); n && n.getN() == 0)
      return true;
    auto weight = dyn_cast<ConstantAttr>(op.getWeight());
    return weight && weight.getValue() == 0.0 && !hasPlasticity(op);
  }
};
} // namespace

void DenseOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                          MLIRContext *context) {
  patterns.add<EraseSilentProjection<DenseOp>>(context);
}

void OneToOneOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                             MLIRContext *context) {
  patterns.add<EraseSilentProjection<OneToOneOp>>(context);
}

void ConnectOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<EraseSilentProjection<ConnectOp>>(context);
}
