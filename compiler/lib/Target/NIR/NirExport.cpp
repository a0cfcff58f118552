//===- NirExport.cpp - snn dialect to a NIR graph -------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// The inverse of NirImport.cpp: sources become Input nodes, populations
// neuron nodes, each projection one edge node (plus a Delay node for delays
// above the implicit step), probed populations feed an Output node. What
// the import produces exports to a file that imports back to the same IR.
//
//===----------------------------------------------------------------------===//

#include "dendron/Target/NIR/NirImport.h"

#include "dendron/Dialect/Snn/SnnAttributes.h"
#include "dendron/Dialect/Snn/SnnOps.h"
#include "dendron/Dialect/Snn/SnnToRuntime.h"
#include "dendron/Dialect/Snn/SnnTypes.h"

#include "mlir/IR/BuiltinAttributes.h"

#include <set>

using namespace mlir;
using namespace dendron;
using namespace dendron::nir;

namespace {

NirParam floats(std::vector<double> values, std::vector<int64_t> shape,
                bool f32 = false) {
  NirParam param;
  param.kind = f32 ? NirParam::Kind::Float32 : NirParam::Kind::Float64;
  param.floats = std::move(values);
  param.shape = std::move(shape);
  return param;
}

NirParam filled(double value, int64_t size) {
  return floats(std::vector<double>(size_t(size), value), {size});
}

NirParam ints(std::vector<int64_t> values, bool scalar = false) {
  NirParam param;
  param.kind = NirParam::Kind::Int64;
  if (!scalar)
    param.shape = {int64_t(values.size())};
  param.ints = std::move(values);
  return param;
}

std::vector<int64_t> vec(llvm::ArrayRef<int64_t> values) {
  return std::vector<int64_t>(values.begin(), values.end());
}

uint32_t sizeOf(Value value) {
  return cast<snn::PopulationType>(value.getType()).getSize();
}

std::string nameOf(Value value) {
  Operation *op = value.getDefiningOp();
  return op->getAttrOfType<StringAttr>("sym_name").getValue().str();
}

/// A snn.conv2d the import made from a NIR Conv1d (marked `nir.conv1d`)
/// and still of height 1: it exports as a Conv1d.
bool isConv1d(snn::Conv2dOp conv) {
  if (!conv->hasAttr("nir.conv1d"))
    return false;
  auto in = conv.getInputShape();
  auto weights = cast<ShapedType>(conv.getWeights().getType());
  return in.size() == 3 && in[1] == 1 && weights.getRank() == 4 &&
         weights.getShape()[2] == 1 && conv.getStride()[0] == 1 &&
         conv.getPadding()[0] == 0 && conv.getDilation()[0] == 1;
}

class Exporter {
public:
  FailureOr<NirFile> run(ModuleOp module);

private:
  LogicalResult population(snn::PopulationOp op, NirNode &node);
  LogicalResult projection(snn::ProjectionOpInterface projection);
  std::string freshName(const std::string &base) {
    std::string name = base;
    for (int i = 1; used.count(name); ++i)
      name = base + "_" + std::to_string(i);
    used.insert(name);
    return name;
  }

  NirFile file;
  std::set<std::string> used;
  double dt = 0.0;
};

LogicalResult Exporter::population(snn::PopulationOp op, NirNode &node) {
  int64_t n = sizeOf(op.getResult());
  if (op.getInit())
    return op.emitOpError("has an explicit init distribution, which NIR "
                          "cannot express");
  Attribute model = op.getModel();
  if (auto lif = dyn_cast<snn::LifAttr>(model)) {
    if (lif.getTRef() != 0.0 || lif.getTauAdapt() != 0.0 ||
        lif.getReset() != snn::ResetMode::zero ||
        lif.getTauSynExc() != lif.getTauSynInh())
      return op.emitOpError("uses refractoriness, adaptation, reset by "
                            "subtraction or two synaptic time constants, "
                            "which NIR's LIF and CubaLIF cannot express");
    bool cuba = lif.getTauSynExc() != 0.0;
    node.type = cuba ? "CubaLIF" : "LIF";
    node.params[cuba ? "tau_mem" : "tau"] = filled(lif.getTauMem(), n);
    if (cuba) {
      node.params["tau_syn"] = filled(lif.getTauSynExc(), n);
      node.params["w_in"] = filled(1.0, n);
    }
    node.params["r"] = filled(lif.getR(), n);
    node.params["v_leak"] = filled(lif.getVLeak(), n);
    node.params["v_threshold"] = filled(lif.getVTh(), n);
    node.params["v_reset"] = filled(lif.getVReset(), n);
    return success();
  }
  if (auto ifModel = dyn_cast<snn::IfAttr>(model)) {
    if (ifModel.getTRef() != 0.0 || ifModel.getReset() != snn::ResetMode::zero)
      return op.emitOpError("uses refractoriness or reset by subtraction, "
                            "which NIR's IF cannot express");
    node.type = "IF";
    node.params["r"] = filled(ifModel.getR(), n);
    node.params["v_threshold"] = filled(ifModel.getVTh(), n);
    node.params["v_reset"] = filled(ifModel.getVReset(), n);
    return success();
  }
  if (auto integrator = dyn_cast<snn::IAttr>(model)) {
    node.type = "I";
    node.params["r"] = filled(integrator.getR(), n);
    return success();
  }
  if (auto threshold = dyn_cast<snn::ThresholdAttr>(model)) {
    node.type = "Threshold";
    node.params["threshold"] = filled(threshold.getVTh(), n);
    return success();
  }
  if (auto li = dyn_cast<snn::LiAttr>(model)) {
    bool cuba = li.getTauSyn() != 0.0;
    node.type = cuba ? "CubaLI" : "LI";
    node.params[cuba ? "tau_mem" : "tau"] = filled(li.getTauMem(), n);
    if (cuba) {
      node.params["tau_syn"] = filled(li.getTauSyn(), n);
      node.params["w_in"] = filled(1.0, n);
    }
    node.params["r"] = filled(li.getR(), n);
    node.params["v_leak"] = filled(li.getVLeak(), n);
    return success();
  }
  return op.emitOpError("has a neuron model NIR cannot express");
}

LogicalResult Exporter::projection(snn::ProjectionOpInterface projection) {
  Operation *op = projection.getOperation();
  if (projection.getSynapse() != snn::SynapseType::exc ||
      projection.getBranch() || op->getAttr("plasticity"))
    return op->emitOpError("uses an inhibitory channel, a dendritic branch or "
                           "plasticity, which NIR cannot express");
  std::string pre = nameOf(projection.getPre());
  std::string post = nameOf(projection.getPost());
  NirNode edge;
  edge.name = freshName(pre + "_to_" + post);
  uint32_t delay = 1;
  auto weightParam = [&](ElementsAttr weights) -> FailureOr<NirParam> {
    FailureOr<std::vector<double>> values = snn::readWeights(op, weights);
    if (failed(values))
      return failure();
    auto type = cast<ShapedType>(weights.getType());
    return floats(*values, vec(type.getShape()), type.getElementType().isF32());
  };
  // NIR's Affine and Conv2d always carry a bias: zeros without one.
  auto biasParam = [&](ElementsAttr bias, int64_t count,
                       bool f32) -> FailureOr<NirParam> {
    if (!bias)
      return floats(std::vector<double>(size_t(count), 0.0), {count}, f32);
    return weightParam(bias);
  };
  if (auto dense = dyn_cast<snn::DenseOp>(op)) {
    FailureOr<NirParam> w = weightParam(dense.getWeights());
    if (failed(w))
      return failure();
    edge.type = "Affine";
    FailureOr<NirParam> b = biasParam(dense.getBiasAttr(), w->shape[0],
                                      w->kind == NirParam::Kind::Float32);
    if (failed(b))
      return failure();
    edge.params["bias"] = std::move(*b);
    edge.params["weight"] = std::move(*w);
    delay = dense.getDelay();
  } else if (auto conv = dyn_cast<snn::Conv2dOp>(op)) {
    FailureOr<NirParam> w = weightParam(conv.getWeights());
    if (failed(w))
      return failure();
    bool oneD = isConv1d(conv);
    if (conv->hasAttr("nir.conv1d") && !oneD)
      return conv.emitOpError("is marked nir.conv1d but is not a convolution "
                              "of height 1 (input height, kernel height, "
                              "stride and dilation 1, padding 0)");
    edge.type = oneD ? "Conv1d" : "Conv2d";
    FailureOr<NirParam> b = biasParam(conv.getBiasAttr(), w->shape[0],
                                      w->kind == NirParam::Kind::Float32);
    if (failed(b))
      return failure();
    edge.params["bias"] = std::move(*b);
    // A Conv1d: the height dimension (1) dropped everywhere.
    auto last = [&](llvm::ArrayRef<int64_t> values) {
      return oneD ? std::vector<int64_t>{values.back()} : vec(values);
    };
    if (oneD)
      w->shape.erase(w->shape.begin() + 2);
    edge.params["weight"] = std::move(*w);
    auto shape = conv.getInputShape();
    edge.params["input_shape"] =
        oneD ? ints({shape[2]}) : ints({shape[1], shape[2]});
    edge.params["stride"] = ints(last(conv.getStride()));
    edge.params["padding"] = ints(last(conv.getPadding()));
    edge.params["dilation"] = ints(last(conv.getDilation()));
    edge.params["groups"] = ints({int64_t(conv.getGroups())}, true);
    delay = conv.getDelay();
  } else if (auto pool = dyn_cast<snn::Pool2dOp>(op)) {
    edge.type =
        pool.getKind() == snn::PoolKind::avg ? "AvgPool2d" : "SumPool2d";
    edge.params["kernel_size"] = ints(vec(pool.getKernel()));
    edge.params["stride"] = ints(vec(pool.getStride()));
    edge.params["padding"] = ints(vec(pool.getPadding()));
    delay = pool.getDelay();
  } else if (auto oneToOne = dyn_cast<snn::OneToOneOp>(op)) {
    edge.type = "Scale";
    edge.params["scale"] = filled(oneToOne.getWeight().convertToDouble(),
                                  sizeOf(oneToOne.getPre()));
    delay = oneToOne.getDelay();
  } else {
    return op->emitOpError("has no NIR counterpart; NIR edges are dense, "
                           "convolution, pooling or scaling");
  }
  std::string edgeName = edge.name;
  file.graph.nodes.push_back(std::move(edge));
  std::string last = edgeName;
  file.graph.edges.emplace_back(pre, edgeName);
  if (delay > 1) {
    NirNode delayNode;
    delayNode.name = freshName(edgeName + "_delay");
    delayNode.type = "Delay";
    delayNode.params["delay"] =
        filled(double(delay - 1) * dt, sizeOf(projection.getPost()));
    file.graph.edges.emplace_back(edgeName, delayNode.name);
    last = delayNode.name;
    file.graph.nodes.push_back(std::move(delayNode));
  }
  file.graph.edges.emplace_back(last, post);
  return success();
}

FailureOr<NirFile> Exporter::run(ModuleOp module) {
  SmallVector<snn::NetworkOp> networks;
  module.walk([&](snn::NetworkOp network) { networks.push_back(network); });
  if (networks.size() != 1)
    return module.emitError("expected exactly one snn.network to export, "
                            "found ")
           << networks.size();
  snn::NetworkOp network = networks.front();
  dt = network.getDt().convertToDouble();
  file.version = "0.2.0";
  file.graph.path = "/node";
  Block &body = *network.getBodyBlock();
  for (Operation &op : body)
    if (auto sym = op.getAttrOfType<StringAttr>("sym_name"))
      used.insert(sym.getValue().str());
  std::set<std::string> probed;
  for (Operation &op : body) {
    if (auto external = dyn_cast<snn::ExternalOp>(op)) {
      NirNode node;
      node.name = external.getSymName().str();
      node.type = "Input";
      std::vector<int64_t> shape = {int64_t(sizeOf(external.getResult()))};
      // A source feeding a convolution or pooling carries its (C, H, W).
      for (Operation *user : external.getResult().getUsers()) {
        if (auto conv = dyn_cast<snn::Conv2dOp>(user))
          shape = isConv1d(conv) ? std::vector<int64_t>{conv.getInputShape()[0],
                                                        conv.getInputShape()[2]}
                                 : vec(conv.getInputShape());
        else if (auto pool = dyn_cast<snn::Pool2dOp>(user))
          shape = vec(pool.getInputShape());
      }
      node.params["shape"] = ints(shape);
      file.graph.nodes.push_back(std::move(node));
    } else if (auto population = dyn_cast<snn::PopulationOp>(op)) {
      NirNode node;
      node.name = population.getSymName().str();
      if (failed(this->population(population, node)))
        return failure();
      file.graph.nodes.push_back(std::move(node));
    } else if (auto projection = dyn_cast<snn::ProjectionOpInterface>(op)) {
      if (failed(this->projection(projection)))
        return failure();
    } else if (auto probe = dyn_cast<snn::ProbeOp>(op)) {
      if (probe.getVariable() == snn::ProbeVariable::branch)
        return probe.emitOpError("records dendritic branches, which NIR "
                                 "cannot express");
      std::string target = nameOf(probe.getTarget());
      if (!probed.insert(target).second)
        continue;
      NirNode node;
      node.name = freshName(target + "_out");
      node.type = "Output";
      node.params["shape"] = ints({int64_t(sizeOf(probe.getTarget()))});
      file.graph.edges.emplace_back(target, node.name);
      file.graph.nodes.push_back(std::move(node));
    } else {
      return op.emitOpError("has no NIR counterpart (NIR graphs take their "
                            "input from Input nodes)");
    }
  }
  std::sort(file.graph.nodes.begin(), file.graph.nodes.end(),
            [](const NirNode &a, const NirNode &b) { return a.name < b.name; });
  for (NirNode &node : file.graph.nodes)
    node.path = "/node/nodes/" + node.name;
  return std::move(file);
}

} // namespace

FailureOr<NirFile> dendron::nir::exportNir(ModuleOp module) {
  Exporter exporter;
  return exporter.run(module);
}
