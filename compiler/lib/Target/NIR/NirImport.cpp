//===- NirImport.cpp - NIR graph to the snn dialect -----------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// The import runs in four steps over plain data, then builds the IR:
//   1. flatten nested NIRGraphs (their Input/Output nodes become identity
//      "ports"), resolving edge endpoints;
//   2. infer every node's shape from the Input nodes along the edges;
//   3. from every source and neuron node, follow chains of edge nodes to the
//      next neuron node: each chain is one projection (its linear maps
//      composed, its delays added);
//   4. map neuron nodes to model attributes (uniform parameters only).
//
//===----------------------------------------------------------------------===//

#include "dendron/Target/NIR/NirImport.h"
#include "dendron/Target/NIR/NirReader.h"

#include "dendron/Dialect/Snn/SnnAttributes.h"
#include "dendron/Dialect/Snn/SnnDialect.h"
#include "dendron/Dialect/Snn/SnnOps.h"
#include "dendron/Dialect/Snn/SnnTypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <functional>
#include <map>
#include <set>

using namespace mlir;
using namespace dendron;
using namespace dendron::nir;

namespace {

/// Largest number of entries of a composed dense matrix.
constexpr int64_t kMaxComposedEntries = int64_t(1) << 24;
/// Largest number of edge-node chains followed from all producers.
constexpr int64_t kMaxChains = 1 << 20;
/// Largest number of multiply-adds spent composing one chain.
constexpr double kMaxCompositionWork = 2147483648.0;
/// Weights with more elements than this go into dense_resource blobs.
constexpr int64_t kInlineWeightLimit = 16;

enum class Role { Source, Sink, Neuron, Edge, Port };

struct FlatNode {
  std::string name;
  const NirNode *node = nullptr;
  Role role = Role::Edge;
  std::vector<int64_t> inShape, outShape;
  bool hasIn = false, hasOut = false;
  std::vector<size_t> succs, preds;
  /// Where the node came from, for messages.
  std::string describe() const {
    return "node '" + name + "' (" + node->type + ", " + node->path + ")";
  }
};

int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string shapeString(const std::vector<int64_t> &shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

/// One linear map of a chain, with the data needed to apply it.
struct LinearOp {
  enum Kind { Dense, Conv, Pool, Scale } kind;
  const FlatNode *node;
  int64_t inSize = 0, outSize = 0;
  // Dense: (out, in) row-major. Conv: (O, C/g, kh, kw). Scale: per element.
  std::vector<double> weights;
  bool f32 = false;
  // Dense: one per output; Conv: one per output channel; empty: none (or
  // all zero). biasF32: stored as float32.
  std::vector<double> bias;
  bool biasF32 = false;
  std::vector<int64_t> wShape;
  std::array<int64_t, 3> in{}, out{};
  std::array<int64_t, 2> kernel{}, stride{1, 1}, padding{}, dilation{1, 1};
  int64_t groups = 1;
  bool avg = false;
  bool conv1d = false; ///< Conv: a NIR Conv1d (height 1).

  /// Multiply-adds of one application.
  int64_t cost() const {
    switch (kind) {
    case Dense:
      return outSize * inSize;
    case Scale:
      return outSize;
    case Conv:
      return outSize * (in[0] / groups) * kernel[0] * kernel[1];
    case Pool:
      return outSize * kernel[0] * kernel[1];
    }
    return outSize;
  }

  std::vector<double> apply(const std::vector<double> &x) const {
    std::vector<double> y(size_t(outSize), 0.0);
    switch (kind) {
    case Dense:
      for (int64_t o = 0; o < outSize; ++o) {
        double sum = 0.0;
        for (int64_t i = 0; i < inSize; ++i)
          if (x[i] != 0.0)
            sum += weights[o * inSize + i] * x[i];
        y[o] = sum;
      }
      break;
    case Scale:
      for (int64_t i = 0; i < outSize; ++i)
        y[i] = x[i] * (weights.size() == 1 ? weights[0] : weights[i]);
      break;
    case Conv: {
      int64_t cPerG = in[0] / groups, oPerG = out[0] / groups;
      for (int64_t o = 0; o < out[0]; ++o)
        for (int64_t oy = 0; oy < out[1]; ++oy)
          for (int64_t ox = 0; ox < out[2]; ++ox) {
            double sum = 0.0;
            int64_t g = o / oPerG;
            for (int64_t c = 0; c < cPerG; ++c)
              for (int64_t ky = 0; ky < kernel[0]; ++ky)
                for (int64_t kx = 0; kx < kernel[1]; ++kx) {
                  int64_t iy = oy * stride[0] - padding[0] + ky * dilation[0];
                  int64_t ix = ox * stride[1] - padding[1] + kx * dilation[1];
                  if (iy < 0 || ix < 0 || iy >= in[1] || ix >= in[2])
                    continue;
                  double v = x[((g * cPerG + c) * in[1] + iy) * in[2] + ix];
                  if (v != 0.0)
                    sum +=
                        weights[((o * cPerG + c) * kernel[0] + ky) * kernel[1] +
                                kx] *
                        v;
                }
            y[(o * out[1] + oy) * out[2] + ox] = sum;
          }
      break;
    }
    case Pool: {
      double w = avg ? 1.0 / double(kernel[0] * kernel[1]) : 1.0;
      for (int64_t c = 0; c < out[0]; ++c)
        for (int64_t oy = 0; oy < out[1]; ++oy)
          for (int64_t ox = 0; ox < out[2]; ++ox) {
            double sum = 0.0;
            for (int64_t ky = 0; ky < kernel[0]; ++ky)
              for (int64_t kx = 0; kx < kernel[1]; ++kx) {
                int64_t iy = oy * stride[0] - padding[0] + ky;
                int64_t ix = ox * stride[1] - padding[1] + kx;
                if (iy < 0 || ix < 0 || iy >= in[1] || ix >= in[2])
                  continue;
                sum += w * x[(c * in[1] + iy) * in[2] + ix];
              }
            y[(c * out[1] + oy) * out[2] + ox] = sum;
          }
      break;
    }
    }
    return y;
  }

  /// The bias as one value per output element (zeros without a bias).
  std::vector<double> biasVector() const {
    std::vector<double> b(size_t(outSize), 0.0);
    if (bias.empty())
      return b;
    if (kind == Conv) {
      int64_t plane = out[1] * out[2];
      for (int64_t o = 0; o < out[0]; ++o)
        std::fill(b.begin() + o * plane, b.begin() + (o + 1) * plane, bias[o]);
      return b;
    }
    return bias;
  }
};

/// A convolution's geometry, 2-D (a Conv1d has height 1).
struct ConvGeometry {
  std::array<int64_t, 3> in{}, out{};
  std::array<int64_t, 2> kernel{}, stride{1, 1}, padding{}, dilation{1, 1};
  int64_t groups = 1;
  std::vector<int64_t> wShape; ///< (O, C/g, kh, kw).
  bool oneD = false;           ///< a NIR Conv1d.
};

class Importer {
public:
  Importer(const NirFile &file, MLIRContext *context,
           const NirImportOptions &options)
      : file(file), context(context), options(options),
        loc(FileLineColLoc::get(context, options.fileName, 0, 0)) {}

  OwningOpRef<ModuleOp> run();

private:
  InFlightDiagnostic error() { return emitError(loc); }
  LogicalResult failNode(const FlatNode &node, const Twine &message) {
    return error() << node.describe() << ": " << message;
  }

  LogicalResult flatten(const NirGraph &graph, const std::string &prefix,
                        bool top);
  LogicalResult inferShapes();
  LogicalResult computeOut(FlatNode &node, bool &changed);
  FailureOr<ConvGeometry> convGeometry(const FlatNode &node);
  FailureOr<double> uniform(const FlatNode &node, const char *name,
                            std::optional<double> fallback);
  FailureOr<Attribute> neuronModel(const FlatNode &node, double &inputGain);
  FailureOr<std::vector<int64_t>> ints(const FlatNode &node, const char *name,
                                       size_t count);
  FailureOr<LinearOp> linearOp(const FlatNode &node);
  LogicalResult followChains(size_t producer);
  LogicalResult emitProjection(size_t pre, size_t post,
                               const std::vector<size_t> &path);
  ElementsAttr weightsAttr(const std::string &key,
                           const std::vector<int64_t> &shape,
                           const std::vector<double> &values, bool f32);

  const NirFile &file;
  MLIRContext *context;
  const NirImportOptions &options;
  Location loc;

  std::vector<FlatNode> nodes;
  std::map<std::string, size_t> byName;
  std::map<size_t, Value> values;
  std::map<size_t, double> inputGain;
  std::vector<size_t> chainPath;
  int64_t chains = 0;
  std::map<std::string, int> blobCount;
  OpBuilder builder{context};
};

//===----------------------------------------------------------------------===//
// Flattening
//===----------------------------------------------------------------------===//

LogicalResult Importer::flatten(const NirGraph &graph,
                                const std::string &prefix, bool top) {
  // Ports of nested graphs, by the nested graph's local name.
  struct Ports {
    std::vector<size_t> inputs, outputs;
    std::map<std::string, size_t> byName;
  };
  std::map<std::string, Ports> subPorts;
  std::map<std::string, size_t> local;

  for (const NirNode &node : graph.nodes) {
    std::string name = prefix + node.name;
    if (node.graph) {
      size_t before = nodes.size();
      if (failed(flatten(*node.graph, name + ".", false)))
        return failure();
      Ports &ports = subPorts[node.name];
      for (size_t i = before; i < nodes.size(); ++i) {
        // Only the nested graph's own ports (one level down).
        if (nodes[i].role != Role::Port ||
            nodes[i].name.rfind(name + ".", 0) != 0 ||
            nodes[i].name.find('.', name.size() + 1) != std::string::npos)
          continue;
        std::string portName = nodes[i].name.substr(name.size() + 1);
        ports.byName[portName] = i;
        (nodes[i].node->type == "Input" ? ports.inputs : ports.outputs)
            .push_back(i);
      }
      continue;
    }
    if (byName.count(name))
      return error() << "node '" << name << "' (" << node.path
                     << "): its flattened name collides with another node; "
                        "rename one of them";
    FlatNode flat;
    flat.name = name;
    flat.node = &node;
    const std::string &type = node.type;
    if (type == "Input")
      flat.role = top ? Role::Source : Role::Port;
    else if (type == "Output")
      flat.role = top ? Role::Sink : Role::Port;
    else if (type == "LIF" || type == "CubaLIF" || type == "IF" ||
             type == "LI" || type == "CubaLI" || type == "I" ||
             type == "Threshold")
      flat.role = Role::Neuron;
    else
      flat.role = Role::Edge;
    byName[name] = nodes.size();
    local[node.name] = nodes.size();
    nodes.push_back(std::move(flat));
  }

  auto resolve = [&](const std::string &end, bool asSource,
                     size_t edgeIndex) -> FailureOr<size_t> {
    auto it = local.find(end);
    if (it != local.end())
      return it->second;
    const auto &edge = graph.edges[edgeIndex];
    std::string where = "edge " + std::to_string(edgeIndex) + " ('" +
                        edge.first + "' -> '" + edge.second + "') of graph " +
                        graph.path;
    auto sub = subPorts.find(end);
    if (sub != subPorts.end()) {
      const std::vector<size_t> &candidates =
          asSource ? sub->second.outputs : sub->second.inputs;
      if (candidates.size() != 1) {
        error() << where << ": the nested graph '" << end << "' has "
                << candidates.size() << " " << (asSource ? "Output" : "Input")
                << " nodes; name one as '" << end << ".<port>'";
        return failure();
      }
      return candidates.front();
    }
    size_t dot = end.rfind('.');
    if (dot != std::string::npos) {
      auto subIt = subPorts.find(end.substr(0, dot));
      if (subIt != subPorts.end()) {
        auto port = subIt->second.byName.find(end.substr(dot + 1));
        if (port != subIt->second.byName.end())
          return port->second;
      }
    }
    error() << where << ": names node '" << end
            << "', which is not in the graph";
    return failure();
  };
  for (size_t i = 0; i < graph.edges.size(); ++i) {
    FailureOr<size_t> from = resolve(graph.edges[i].first, true, i);
    if (failed(from))
      return failure();
    FailureOr<size_t> to = resolve(graph.edges[i].second, false, i);
    if (failed(to))
      return failure();
    nodes[*from].succs.push_back(*to);
    nodes[*to].preds.push_back(*from);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

FailureOr<std::vector<int64_t>> Importer::ints(const FlatNode &node,
                                               const char *name, size_t count) {
  const NirParam *param = node.node->param(name);
  if (!param || param->kind != NirParam::Kind::Int64 ||
      (count && param->ints.size() != count && param->ints.size() != 1)) {
    (void)failNode(node, Twine("expected '") + name + "' to hold " +
                             Twine(count) + " integers");
    return failure();
  }
  std::vector<int64_t> values = param->ints;
  if (count && values.size() == 1)
    values.assign(count, values.front());
  return values;
}

/// A Conv2d, or a Conv1d as a convolution of height 1: input (C, 1, L),
/// kernel (O, C/g, 1, k), stride (1, s), padding (0, p), dilation (1, d).
FailureOr<ConvGeometry> Importer::convGeometry(const FlatNode &node) {
  const NirNode &n = *node.node;
  bool oneD = n.type == "Conv1d";
  size_t rank = oneD ? 1 : 2;
  ConvGeometry g;
  g.oneD = oneD;
  const NirParam *w = n.param("weight");
  if (w->shape.size() != rank + 2) {
    (void)failNode(node, oneD ? "expected a 3-D weight (out, in/groups, k), "
                                "found shape " +
                                    shapeString(w->shape)
                              : "expected a 4-D weight (out, in/groups, kh, "
                                "kw), found shape " +
                                    shapeString(w->shape));
    return failure();
  }
  g.wShape = w->shape;
  if (oneD)
    g.wShape.insert(g.wShape.begin() + 2, 1);
  if (!oneD) {
    if (node.inShape.size() != 3) {
      (void)failNode(node, "expects a (C, H, W) input, found shape " +
                               shapeString(node.inShape));
      return failure();
    }
    g.in = {node.inShape[0], node.inShape[1], node.inShape[2]};
  } else if (node.inShape.size() == 2) {
    g.in = {node.inShape[0], 1, node.inShape[1]};
  } else {
    // A flat input: its length is the Conv1d's input_shape (L).
    const NirParam *length = n.param("input_shape");
    int64_t l = length && length->kind == NirParam::Kind::Int64 &&
                        length->ints.size() == 1
                    ? length->ints[0]
                    : 0;
    if (l < 1 || product(node.inShape) % l != 0) {
      (void)failNode(node, "expects a (C, L) input, found shape " +
                               shapeString(node.inShape));
      return failure();
    }
    g.in = {product(node.inShape) / l, 1, l};
  }
  FailureOr<std::vector<int64_t>> stride = ints(node, "stride", rank),
                                  dilation = ints(node, "dilation", rank),
                                  groups = ints(node, "groups", 1);
  if (failed(stride) || failed(dilation) || failed(groups))
    return failure();
  if (oneD) {
    stride->insert(stride->begin(), 1);
    dilation->insert(dilation->begin(), 1);
  }
  g.stride = {(*stride)[0], (*stride)[1]};
  g.dilation = {(*dilation)[0], (*dilation)[1]};
  g.groups = (*groups)[0];
  g.kernel = {g.wShape[2], g.wShape[3]};
  const NirParam *pad = n.param("padding");
  if (pad->kind == NirParam::Kind::String) {
    if (pad->text == "valid") {
      g.padding = {0, 0};
    } else if (pad->text == "same" && g.stride[0] == 1 && g.stride[1] == 1 &&
               g.kernel[0] % 2 == 1 && g.kernel[1] % 2 == 1) {
      g.padding = {g.dilation[0] * (g.kernel[0] - 1) / 2,
                   g.dilation[1] * (g.kernel[1] - 1) / 2};
    } else {
      (void)failNode(node, "padding '" + pad->text +
                               "' is only supported as 'valid', or 'same' "
                               "with stride 1 and odd kernels");
      return failure();
    }
  } else {
    FailureOr<std::vector<int64_t>> p = ints(node, "padding", rank);
    if (failed(p))
      return failure();
    if (oneD)
      p->insert(p->begin(), 0);
    g.padding = {(*p)[0], (*p)[1]};
  }
  for (int64_t v :
       {g.stride[0], g.stride[1], g.dilation[0], g.dilation[1], g.groups,
        g.wShape[0], g.wShape[1], g.wShape[2], g.wShape[3]})
    if (v < 1 || v > 65536) {
      (void)failNode(node, "expected stride, dilation, groups and weight "
                           "dimensions in [1, 65536]");
      return failure();
    }
  if (g.padding[0] < 0 || g.padding[1] < 0 || g.padding[0] > 65536 ||
      g.padding[1] > 65536) {
    (void)failNode(node, "expected padding in [0, 65536]");
    return failure();
  }
  if (g.in[0] != g.wShape[1] * g.groups || g.wShape[0] % g.groups != 0) {
    (void)failNode(node, "weight " + shapeString(w->shape) + " with " +
                             std::to_string(g.groups) +
                             " groups does not fit the input shape " +
                             shapeString(node.inShape));
    return failure();
  }
  int64_t h =
      (g.in[1] + 2 * g.padding[0] - g.dilation[0] * (g.kernel[0] - 1) - 1) /
          g.stride[0] +
      1;
  int64_t wd =
      (g.in[2] + 2 * g.padding[1] - g.dilation[1] * (g.kernel[1] - 1) - 1) /
          g.stride[1] +
      1;
  if (h < 1 || wd < 1) {
    (void)failNode(node, "the kernel does not fit the input " +
                             shapeString(node.inShape));
    return failure();
  }
  g.out = {g.wShape[0], h, wd};
  return g;
}

LogicalResult Importer::computeOut(FlatNode &node, bool &changed) {
  if (node.hasOut)
    return success();
  const NirNode &n = *node.node;
  auto setOut = [&](std::vector<int64_t> shape) {
    node.outShape = std::move(shape);
    node.hasOut = true;
    changed = true;
  };
  if (n.type == "Affine" || n.type == "Linear") {
    const NirParam *w = n.param("weight");
    if (w->shape.size() != 2)
      return failNode(node, "expected a 2-D weight (out, in), found shape " +
                                shapeString(w->shape));
    if (node.hasIn && product(node.inShape) != w->shape[1])
      return failNode(node,
                      "receives " + std::to_string(product(node.inShape)) +
                          " inputs but its weight " + shapeString(w->shape) +
                          " expects " + std::to_string(w->shape[1]));
    setOut({w->shape[0]});
    return success();
  }
  if (node.role == Role::Source) {
    FailureOr<std::vector<int64_t>> shape = ints(node, "shape", 0);
    if (failed(shape))
      return failure();
    for (int64_t d : *shape)
      if (d < 1 || d > (int64_t(1) << 31))
        return failNode(node, "expected a shape of positive dimensions, "
                              "found " +
                                  shapeString(*shape));
    if (product(*shape) > (int64_t(1) << 31) - 1)
      return failNode(node, "expected at most 2^31-1 neurons, found shape " +
                                shapeString(*shape));
    setOut(*shape);
    return success();
  }
  if (!node.hasIn)
    return success();
  if (n.type == "Conv2d" || n.type == "Conv1d") {
    FailureOr<ConvGeometry> geometry = convGeometry(node);
    if (failed(geometry))
      return failure();
    if (geometry->oneD)
      setOut({geometry->out[0], geometry->out[2]});
    else
      setOut({geometry->out[0], geometry->out[1], geometry->out[2]});
    return success();
  }
  if (n.type == "SumPool2d" || n.type == "AvgPool2d") {
    if (node.inShape.size() != 3)
      return failNode(node, "expects a (C, H, W) input, found shape " +
                                shapeString(node.inShape));
    FailureOr<std::vector<int64_t>> kernel = ints(node, "kernel_size", 2),
                                    stride = ints(node, "stride", 2),
                                    padding = ints(node, "padding", 2);
    if (failed(kernel) || failed(stride) || failed(padding))
      return failure();
    for (int i = 0; i < 2; ++i)
      if ((*kernel)[i] < 1 || (*stride)[i] < 1 || (*padding)[i] < 0 ||
          (*kernel)[i] > 65536 || (*stride)[i] > 65536 || (*padding)[i] > 65536)
        return failNode(node, "expected kernel and stride in [1, 65536] and "
                              "padding in [0, 65536]");
    int64_t h =
        (node.inShape[1] + 2 * (*padding)[0] - (*kernel)[0]) / (*stride)[0] + 1;
    int64_t w =
        (node.inShape[2] + 2 * (*padding)[1] - (*kernel)[1]) / (*stride)[1] + 1;
    if (h < 1 || w < 1)
      return failNode(node, "the pooling window does not fit the input " +
                                shapeString(node.inShape));
    setOut({node.inShape[0], h, w});
    return success();
  }
  if (n.type == "Flatten") {
    // Flattening keeps the row-major order of the elements: the identity on
    // the flat index space. Only the shape changes.
    int64_t rank = int64_t(node.inShape.size());
    FailureOr<std::vector<int64_t>> start = ints(node, "start_dim", 1),
                                    end = ints(node, "end_dim", 1);
    if (failed(start) || failed(end))
      return failure();
    int64_t s = (*start)[0] < 0 ? (*start)[0] + rank : (*start)[0];
    int64_t e = (*end)[0] < 0 ? (*end)[0] + rank : (*end)[0];
    if (s < 0 || e >= rank || s > e)
      return failNode(node, "start_dim/end_dim do not fit the input shape " +
                                shapeString(node.inShape));
    std::vector<int64_t> shape(node.inShape.begin(), node.inShape.begin() + s);
    int64_t merged = 1;
    for (int64_t i = s; i <= e; ++i)
      merged *= node.inShape[i];
    shape.push_back(merged);
    shape.insert(shape.end(), node.inShape.begin() + e + 1, node.inShape.end());
    setOut(shape);
    return success();
  }
  // Neurons, Scale, Delay, ports, sinks: the output is the input.
  setOut(node.inShape);
  return success();
}

LogicalResult Importer::inferShapes() {
  for (FlatNode &node : nodes) {
    if (node.role == Role::Source && !node.preds.empty())
      return failNode(node, "has an incoming edge from '" +
                                nodes[node.preds.front()].name +
                                "'; Input nodes only feed the graph");
    if (node.role == Role::Sink && !node.succs.empty())
      return failNode(node, "has an outgoing edge to '" +
                                nodes[node.succs.front()].name +
                                "'; Output nodes end the graph");
  }
  for (int round = 0; round < 2; ++round) {
    bool changed = true;
    while (changed) {
      changed = false;
      for (size_t i = 0; i < nodes.size(); ++i) {
        if (failed(computeOut(nodes[i], changed)))
          return failure();
        if (!nodes[i].hasOut)
          continue;
        for (size_t s : nodes[i].succs) {
          FlatNode &succ = nodes[s];
          if (!succ.hasIn) {
            succ.inShape = nodes[i].outShape;
            succ.hasIn = true;
            changed = true;
          } else if (product(succ.inShape) != product(nodes[i].outShape)) {
            return failNode(succ, "receives inputs of different sizes: " +
                                      shapeString(succ.inShape) + " and " +
                                      shapeString(nodes[i].outShape) +
                                      " (from '" + nodes[i].name + "')");
          }
        }
      }
    }
    if (round == 1)
      break;
    // Neurons reached only through cycles: their parameter arrays say how
    // many neurons there are.
    for (FlatNode &node : nodes) {
      if (node.hasIn || node.role != Role::Neuron)
        continue;
      for (const auto &[key, param] : node.node->params)
        if (param.isFloat() && param.numElements() > 1) {
          node.inShape = param.shape;
          node.hasIn = true;
          break;
        }
    }
  }
  for (FlatNode &node : nodes) {
    const std::string &type = node.node->type;
    if ((type == "Affine" || type == "Linear") && node.hasIn) {
      const NirParam *w = node.node->param("weight");
      if (product(node.inShape) != w->shape[1])
        return failNode(node,
                        "receives " + std::to_string(product(node.inShape)) +
                            " inputs but its weight " + shapeString(w->shape) +
                            " expects " + std::to_string(w->shape[1]));
    }
  }
  for (FlatNode &node : nodes)
    if (!node.hasOut && node.role != Role::Sink)
      return failNode(node, "its shape cannot be inferred: no Input node "
                            "reaches it and its parameters do not say");
  return success();
}

//===----------------------------------------------------------------------===//
// Neurons
//===----------------------------------------------------------------------===//

FailureOr<double> Importer::uniform(const FlatNode &node, const char *name,
                                    std::optional<double> fallback) {
  const NirParam *param = node.node->param(name);
  if (!param) {
    if (fallback)
      return *fallback;
    (void)failNode(node, Twine("has no '") + name + "' parameter");
    return failure();
  }
  int64_t size = product(node.outShape);
  if (!param->isFloat() ||
      (param->numElements() != 1 && param->numElements() != size)) {
    (void)failNode(node, Twine("parameter '") + name + "' holds " +
                             Twine(param->numElements()) +
                             " values; expected 1 or one per neuron (" +
                             Twine(size) + ")");
    return failure();
  }
  if (param->floats.empty()) {
    (void)failNode(node, Twine("parameter '") + name + "' is empty");
    return failure();
  }
  double first = param->floats.front();
  for (size_t i = 1; i < param->floats.size(); ++i)
    if (!(param->floats[i] == first) &&
        !(std::isnan(first) && std::isnan(param->floats[i]))) {
      (void)failNode(node, Twine("parameter '") + name +
                               "' differs between "
                               "neurons (" +
                               snn::formatReal(first) + " at 0, " +
                               snn::formatReal(param->floats[i]) + " at " +
                               Twine(i) +
                               "); heterogeneous populations are not "
                               "supported yet");
      return failure();
    }
  if (!std::isfinite(first)) {
    (void)failNode(node, Twine("parameter '") + name + "' is not finite");
    return failure();
  }
  return first;
}

FailureOr<Attribute> Importer::neuronModel(const FlatNode &node, double &gain) {
  const std::string &type = node.node->type;
  gain = 1.0;
  using R = snn::Real;
  auto diag = [&]() -> InFlightDiagnostic {
    return error() << node.describe() << ": ";
  };
#define GET(var, name, def)                                                    \
  FailureOr<double> var = uniform(node, name, def);                            \
  if (failed(var))                                                             \
    return failure();
  if (type == "LIF" || type == "CubaLIF") {
    bool cuba = type == "CubaLIF";
    GET(tau, cuba ? "tau_mem" : "tau", std::nullopt)
    GET(r, "r", std::nullopt)
    GET(vLeak, "v_leak", std::nullopt)
    GET(vTh, "v_threshold", std::nullopt)
    GET(vReset, "v_reset", 0.0)
    double tauSyn = 0.0;
    if (cuba) {
      GET(ts, "tau_syn", std::nullopt)
      GET(wIn, "w_in", 1.0)
      tauSyn = *ts;
      gain = *wIn;
    }
    Attribute attr = snn::LifAttr::getChecked(
        diag, context, R(*tau), R(*vLeak), R(*vTh), R(*vReset), R(*r), R(0.0),
        R(tauSyn), R(tauSyn), R(0.0), R(0.0), snn::ResetMode::zero,
        snn::Integrator::euler);
    if (!attr)
      return failure();
    return attr;
  }
  if (type == "IF") {
    GET(r, "r", std::nullopt)
    GET(vTh, "v_threshold", std::nullopt)
    GET(vReset, "v_reset", 0.0)
    Attribute attr =
        snn::IfAttr::getChecked(diag, context, R(*vTh), R(*vReset), R(*r),
                                R(0.0), snn::ResetMode::zero);
    if (!attr)
      return failure();
    return attr;
  }
  if (type == "LI" || type == "CubaLI") {
    bool cuba = type == "CubaLI";
    GET(tau, cuba ? "tau_mem" : "tau", std::nullopt)
    GET(r, "r", std::nullopt)
    GET(vLeak, "v_leak", std::nullopt)
    double tauSyn = 0.0;
    if (cuba) {
      GET(ts, "tau_syn", std::nullopt)
      GET(wIn, "w_in", 1.0)
      tauSyn = *ts;
      gain = *wIn;
    }
    Attribute attr =
        snn::LiAttr::getChecked(diag, context, R(*tau), R(*vLeak), R(*r),
                                R(tauSyn), snn::Integrator::euler);
    if (!attr)
      return failure();
    return attr;
  }
  if (type == "I") {
    GET(r, "r", std::nullopt)
    Attribute attr = snn::IAttr::getChecked(diag, context, R(*r));
    if (!attr)
      return failure();
    return attr;
  }
  if (type == "Threshold") {
    GET(vTh, "threshold", std::nullopt)
    Attribute attr = snn::ThresholdAttr::getChecked(diag, context, R(*vTh));
    if (!attr)
      return failure();
    return attr;
  }
#undef GET
  (void)failNode(node, "has no snn neuron model");
  return failure();
}

//===----------------------------------------------------------------------===//
// Projections
//===----------------------------------------------------------------------===//

FailureOr<LinearOp> Importer::linearOp(const FlatNode &node) {
  const NirNode &n = *node.node;
  LinearOp op{};
  op.node = &node;
  op.inSize = product(node.inShape);
  op.outSize = product(node.outShape);
  // A bias is a constant input per output (Affine) or output channel
  // (Conv2d); an all-zero one is dropped.
  auto readBias = [&](int64_t expected, const char *per) -> LogicalResult {
    const NirParam *bias = n.param("bias");
    if (!bias)
      return success();
    if (bias->numElements() != expected)
      return failNode(node, "has " + std::to_string(bias->numElements()) +
                                " bias values, expected " +
                                std::to_string(expected) + " (one per " + per +
                                ")");
    if (std::all_of(bias->floats.begin(), bias->floats.end(),
                    [](double b) { return b == 0.0; }))
      return success();
    op.bias = bias->floats;
    op.biasF32 = bias->kind == NirParam::Kind::Float32;
    return success();
  };
  if (n.type == "Affine" || n.type == "Linear") {
    if (failed(readBias(op.outSize, "output")))
      return failure();
    const NirParam *w = n.param("weight");
    op.kind = LinearOp::Dense;
    op.weights = w->floats;
    op.f32 = w->kind == NirParam::Kind::Float32;
    op.wShape = w->shape;
    return op;
  }
  if (n.type == "Scale") {
    const NirParam *s = n.param("scale");
    if (s->numElements() != 1 && s->numElements() != op.inSize) {
      (void)failNode(node, "expected 1 or " + std::to_string(op.inSize) +
                               " scale factors, found " +
                               std::to_string(s->numElements()));
      return failure();
    }
    op.kind = LinearOp::Scale;
    op.weights = s->floats;
    return op;
  }
  if (n.type == "Conv2d" || n.type == "Conv1d") {
    if (failed(readBias(node.outShape[0], "output channel")))
      return failure();
    FailureOr<ConvGeometry> g = convGeometry(node);
    if (failed(g))
      return failure();
    const NirParam *w = n.param("weight");
    op.kind = LinearOp::Conv;
    op.weights = w->floats;
    op.f32 = w->kind == NirParam::Kind::Float32;
    op.wShape = g->wShape;
    op.in = g->in;
    op.out = g->out;
    op.kernel = g->kernel;
    op.stride = g->stride;
    op.padding = g->padding;
    op.dilation = g->dilation;
    op.groups = g->groups;
    op.conv1d = g->oneD;
    return op;
  }
  if (n.type == "SumPool2d" || n.type == "AvgPool2d") {
    for (int i = 0; i < 3; ++i) {
      op.in[i] = node.inShape[i];
      op.out[i] = node.outShape[i];
    }
    std::vector<int64_t> stride = *ints(node, "stride", 2);
    op.stride = {stride[0], stride[1]};
    op.kind = LinearOp::Pool;
    op.avg = n.type == "AvgPool2d";
    std::vector<int64_t> k = *ints(node, "kernel_size", 2),
                         p = *ints(node, "padding", 2);
    op.kernel = {k[0], k[1]};
    op.padding = {p[0], p[1]};
    return op;
  }
  (void)failNode(node, "has no snn projection");
  return failure();
}

ElementsAttr Importer::weightsAttr(const std::string &key,
                                   const std::vector<int64_t> &shape,
                                   const std::vector<double> &values,
                                   bool f32) {
  Type element = f32 ? Type(builder.getF32Type()) : builder.getF64Type();
  auto type = RankedTensorType::get(shape, element);
  if (int64_t(values.size()) <= kInlineWeightLimit) {
    if (f32) {
      std::vector<float> floats(values.begin(), values.end());
      return DenseElementsAttr::get(type, llvm::ArrayRef<float>(floats));
    }
    return DenseElementsAttr::get(type, llvm::ArrayRef<double>(values));
  }
  // Resource keys must be identifiers: node names such as "3" are not.
  std::string name = "nir_";
  for (char c : key)
    name += llvm::isAlnum(c) ? c : '_';
  int index = blobCount[name]++;
  name += "_w" + std::to_string(index);
  if (f32) {
    std::vector<float> floats(values.begin(), values.end());
    return DenseResourceElementsAttr::get(
        type, name,
        HeapAsmResourceBlob::allocateAndCopyInferAlign(
            llvm::ArrayRef<float>(floats)));
  }
  return DenseResourceElementsAttr::get(
      type, name,
      HeapAsmResourceBlob::allocateAndCopyInferAlign(
          llvm::ArrayRef<double>(values)));
}

LogicalResult Importer::emitProjection(size_t pre, size_t post,
                                       const std::vector<size_t> &path) {
  FlatNode &postNode = nodes[post];
  double gain = inputGain[post];
  int64_t delay = 1;
  std::vector<LinearOp> ops;
  // uniformScales[k]: the folded uniform Scales between ops k - 1 and k (the
  // last entry: after the last op). They scale the weights as a whole, but a
  // bias only by those after its op.
  std::vector<double> uniformScales{1.0};
  for (size_t index : path) {
    const FlatNode &node = nodes[index];
    const std::string &type = node.node->type;
    if (node.role == Role::Port || type == "Flatten")
      continue;
    if (type == "Delay") {
      FailureOr<double> seconds = uniform(node, "delay", std::nullopt);
      if (failed(seconds))
        return failure();
      double steps = *seconds / options.dt;
      double rounded = std::round(steps);
      if (!(steps >= 0.0) ||
          std::fabs(steps - rounded) > 1e-6 * std::max(1.0, rounded))
        return failNode(node, "delay " + snn::formatReal(*seconds) +
                                  " s is not a non-negative integer multiple "
                                  "of dt = " +
                                  snn::formatReal(options.dt) + " s");
      delay += int64_t(rounded);
      if (delay > 65535)
        return failNode(node, "the total delay exceeds 65535 steps");
      continue;
    }
    FailureOr<LinearOp> op = linearOp(node);
    if (failed(op))
      return failure();
    if (op->kind == LinearOp::Scale &&
        std::all_of(op->weights.begin(), op->weights.end(),
                    [&](double s) { return s == op->weights.front(); })) {
      gain *= op->weights[0];
      uniformScales.back() *= op->weights[0];
      continue;
    }
    ops.push_back(std::move(*op));
    uniformScales.push_back(1.0);
  }
  Value preValue = values[pre], postValue = values[post];
  int64_t inSize = product(nodes[pre].outShape);
  int64_t outSize = product(postNode.outShape);
  Location opLoc = loc;
  auto scaled = [&](const std::vector<double> &w) {
    std::vector<double> out(w);
    if (gain != 1.0)
      for (double &v : out)
        v *= gain;
    return out;
  };
  if (ops.empty()) {
    if (inSize != outSize)
      return failNode(postNode, "receives " + std::to_string(inSize) +
                                    " inputs from '" + nodes[pre].name +
                                    "' but has " + std::to_string(outSize) +
                                    " neurons");
    builder.create<snn::OneToOneOp>(opLoc, preValue, postValue,
                                    llvm::APFloat(gain), uint32_t(delay),
                                    snn::SynapseType::exc, nullptr, nullptr);
    return success();
  }
  // The bias is an input like the weighted spikes: scaled by the same gain.
  auto biasAttr = [&](const LinearOp &op) -> ElementsAttr {
    if (op.bias.empty())
      return nullptr;
    double biasGain = inputGain[post] * uniformScales[1];
    std::vector<double> b(op.bias);
    if (biasGain != 1.0)
      for (double &v : b)
        v *= biasGain;
    return weightsAttr(postNode.name + "_bias", {int64_t(b.size())}, b,
                       op.biasF32 && biasGain == 1.0);
  };
  if (ops.size() == 1 && ops[0].kind == LinearOp::Dense) {
    bool f32 = ops[0].f32 && gain == 1.0;
    builder.create<snn::DenseOp>(
        opLoc, preValue, postValue,
        weightsAttr(postNode.name, ops[0].wShape, scaled(ops[0].weights), f32),
        biasAttr(ops[0]), uint32_t(delay), snn::SynapseType::exc, nullptr,
        nullptr);
    return success();
  }
  if (ops.size() == 1 && ops[0].kind == LinearOp::Conv) {
    const LinearOp &op = ops[0];
    bool f32 = op.f32 && gain == 1.0;
    auto conv = builder.create<snn::Conv2dOp>(
        opLoc, preValue, postValue,
        weightsAttr(postNode.name, op.wShape, scaled(op.weights), f32),
        biasAttr(op), llvm::ArrayRef<int64_t>(op.in),
        llvm::ArrayRef<int64_t>(op.stride), llvm::ArrayRef<int64_t>(op.padding),
        llvm::ArrayRef<int64_t>(op.dilation), uint64_t(op.groups),
        uint32_t(delay), snn::SynapseType::exc, nullptr, nullptr);
    // A NIR Conv1d: the export writes it back as one (docs/NIR.md).
    if (op.conv1d)
      conv->setAttr("nir.conv1d", builder.getUnitAttr());
    return success();
  }
  if (ops.size() == 1 && ops[0].kind == LinearOp::Pool && gain == 1.0) {
    const LinearOp &op = ops[0];
    builder.create<snn::Pool2dOp>(
        opLoc, preValue, postValue,
        op.avg ? snn::PoolKind::avg : snn::PoolKind::sum,
        llvm::ArrayRef<int64_t>(op.in), llvm::ArrayRef<int64_t>(op.kernel),
        llvm::ArrayRef<int64_t>(op.stride), llvm::ArrayRef<int64_t>(op.padding),
        uint32_t(delay), snn::SynapseType::exc, nullptr, nullptr);
    return success();
  }
  // Anything else: compose the chain into one dense matrix.
  if (inSize * outSize > kMaxComposedEntries) {
    std::string chain;
    for (const LinearOp &op : ops)
      chain += (chain.empty() ? "" : " -> ") + op.node->name;
    return failNode(
        postNode, "the chain of edge nodes " + chain + " from '" +
                      nodes[pre].name + "' composes into a " +
                      std::to_string(outSize) + " x " + std::to_string(inSize) +
                      " matrix, more than the limit of 2^24 entries; put "
                      "a neuron node between them");
  }
  // Composing applies the chain to every basis vector: bound the work too.
  double work = 0.0;
  for (const LinearOp &op : ops)
    work += double(inSize) * double(op.cost());
  if (work > kMaxCompositionWork) {
    std::string chain;
    for (const LinearOp &op : ops)
      chain += (chain.empty() ? "" : " -> ") + op.node->name;
    return failNode(postNode, "composing the chain of edge nodes " + chain +
                                  " from '" + nodes[pre].name + "' takes " +
                                  snn::formatReal(work) +
                                  " operations, more than the limit of "
                                  "2^31; put a neuron node between them");
  }
  std::vector<double> matrix(size_t(outSize * inSize), 0.0);
  bool f32 = gain == 1.0;
  for (const LinearOp &op : ops)
    f32 = f32 && (op.kind == LinearOp::Pool || op.f32);
  std::vector<double> basis(size_t(inSize), 0.0);
  for (int64_t i = 0; i < inSize; ++i) {
    basis.assign(size_t(inSize), 0.0);
    basis[i] = 1.0;
    std::vector<double> v = basis;
    for (const LinearOp &op : ops)
      v = op.apply(v);
    for (int64_t o = 0; o < outSize; ++o) {
      double value = v[o] * gain;
      matrix[o * inSize + i] = value;
      if (f32 && double(float(value)) != value)
        f32 = false;
    }
  }
  // The biases compose like an input: for y = W2 (W1 x + b1) + b2 the bias
  // is W2 b1 + b2, i.e. the chain applied to x = 0 with every bias added.
  ElementsAttr bias;
  if (std::any_of(ops.begin(), ops.end(),
                  [](const LinearOp &op) { return !op.bias.empty(); })) {
    std::vector<double> b(size_t(inSize), 0.0);
    double biasGain = inputGain[post] * uniformScales.back();
    bool biasF32 = biasGain == 1.0;
    for (size_t k = 0; k < ops.size(); ++k) {
      const LinearOp &op = ops[k];
      if (uniformScales[k] != 1.0)
        for (double &value : b)
          value *= uniformScales[k];
      b = op.apply(b);
      std::vector<double> own = op.biasVector();
      for (size_t i = 0; i < b.size(); ++i)
        b[i] += own[i];
      biasF32 = biasF32 && (op.bias.empty() || op.biasF32) &&
                (op.kind == LinearOp::Pool || op.f32) &&
                uniformScales[k] == 1.0;
    }
    for (double &value : b) {
      value *= biasGain;
      if (biasF32 && double(float(value)) != value)
        biasF32 = false;
    }
    if (std::any_of(b.begin(), b.end(), [](double v) { return v != 0.0; }))
      bias = weightsAttr(postNode.name + "_bias", {outSize}, b, biasF32);
  }
  builder.create<snn::DenseOp>(
      opLoc, preValue, postValue,
      weightsAttr(postNode.name, {outSize, inSize}, matrix, f32), bias,
      uint32_t(delay), snn::SynapseType::exc, nullptr, nullptr);
  return success();
}

LogicalResult Importer::followChains(size_t producer) {
  std::function<LogicalResult(size_t)> visit = [&](size_t index) {
    if (++chains > kMaxChains)
      return failNode(nodes[index], "too many paths through edge nodes "
                                    "(more than 2^20)");
    FlatNode &node = nodes[index];
    if (node.role == Role::Neuron)
      return emitProjection(producer, index, chainPath);
    if (node.role == Role::Sink) {
      if (nodes[producer].role != Role::Neuron)
        return failNode(node, "is fed by the Input node '" +
                                  nodes[producer].name +
                                  "' without a neuron node in between");
      for (size_t step : chainPath) {
        const FlatNode &via = nodes[step];
        if (via.role != Role::Port && via.node->type != "Flatten")
          return failNode(node, "is fed through the " + via.node->type +
                                    " node '" + via.name +
                                    "'; an Output must be fed by a neuron "
                                    "node (Dendron records neurons)");
      }
      return success();
    }
    if (node.role == Role::Source)
      return failNode(node, "is reached by an edge; Input nodes only feed "
                            "the graph");
    for (size_t onPath : chainPath)
      if (onPath == index)
        return failNode(node, "lies on a cycle of edge nodes without a "
                              "neuron node (each cycle needs a neuron to "
                              "carry its delay)");
    chainPath.push_back(index);
    std::vector<size_t> succs = node.succs;
    std::sort(succs.begin(), succs.end());
    for (size_t s : succs)
      if (failed(visit(s)))
        return failure();
    chainPath.pop_back();
    return success();
  };
  std::vector<size_t> succs = nodes[producer].succs;
  std::sort(succs.begin(), succs.end());
  for (size_t s : succs) {
    chainPath.clear();
    if (failed(visit(s)))
      return failure();
  }
  return success();
}

OwningOpRef<ModuleOp> Importer::run() {
  if (!(options.dt > 0.0) || !std::isfinite(options.dt)) {
    error() << "--dt must be a positive number of seconds, got "
            << snn::formatReal(options.dt);
    return nullptr;
  }
  if (failed(flatten(file.graph, "", true)) || failed(inferShapes()))
    return nullptr;

  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto network = builder.create<snn::NetworkOp>(loc, "nir", options.dt,
                                                snn::Profile::Float);
  builder.setInsertionPointToEnd(network.getBodyBlock());

  auto popType = [&](const FlatNode &node) -> FailureOr<Type> {
    int64_t size = product(node.outShape);
    if (size < 1 || size > (int64_t(1) << 31) - 1) {
      (void)failNode(node, "has " + std::to_string(size) +
                               " neurons; expected 1 to 2^31-1");
      return failure();
    }
    return Type(snn::PopulationType::get(context, uint32_t(size)));
  };
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].role != Role::Source)
      continue;
    FailureOr<Type> type = popType(nodes[i]);
    if (failed(type))
      return nullptr;
    values[i] = builder.create<snn::ExternalOp>(loc, *type, nodes[i].name);
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].role != Role::Neuron)
      continue;
    FailureOr<Type> type = popType(nodes[i]);
    if (failed(type))
      return nullptr;
    double gain = 1.0;
    FailureOr<Attribute> model = neuronModel(nodes[i], gain);
    if (failed(model))
      return nullptr;
    inputGain[i] = gain;
    values[i] = builder.create<snn::PopulationOp>(
        loc, *type, nodes[i].name, cast<snn::NeuronModelAttrInterface>(*model),
        nullptr, uint64_t(0));
  }
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].role == Role::Source || nodes[i].role == Role::Neuron)
      if (failed(followChains(i)))
        return nullptr;
  // Projections in (pre, post) name order, so that the IR does not depend
  // on the names of the edge nodes (which an export renames).
  SmallVector<Operation *> projections;
  for (Operation &op : *network.getBodyBlock())
    if (isa<snn::ProjectionOpInterface>(op))
      projections.push_back(&op);
  auto key = [](Operation *op) {
    auto projection = cast<snn::ProjectionOpInterface>(op);
    auto name = [](Value v) {
      return v.getDefiningOp()
          ->getAttrOfType<StringAttr>("sym_name")
          .getValue();
    };
    return std::make_pair(name(projection.getPre()),
                          name(projection.getPost()));
  };
  std::stable_sort(projections.begin(), projections.end(),
                   [&](Operation *a, Operation *b) { return key(a) < key(b); });
  for (Operation *op : projections)
    op->moveBefore(network.getBodyBlock(), network.getBodyBlock()->end());
  // Probes: every neuron node that feeds an Output (directly or through
  // ports and Flatten) records its spikes and membrane potential.
  auto byNodeName = [&](size_t a, size_t b) {
    return nodes[a].name < nodes[b].name;
  };
  std::set<size_t, decltype(byNodeName)> probed(byNodeName);
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].role != Role::Sink)
      continue;
    std::vector<size_t> work(nodes[i].preds.begin(), nodes[i].preds.end());
    std::set<size_t> seen;
    while (!work.empty()) {
      size_t j = work.back();
      work.pop_back();
      if (!seen.insert(j).second)
        continue;
      if (nodes[j].role == Role::Neuron) {
        probed.insert(j);
        continue;
      }
      work.insert(work.end(), nodes[j].preds.begin(), nodes[j].preds.end());
    }
  }
  if (options.probeAll)
    for (size_t i = 0; i < nodes.size(); ++i)
      if (nodes[i].role == Role::Neuron)
        probed.insert(i);
  for (size_t j : probed) {
    auto model = cast<snn::PopulationOp>(values[j].getDefiningOp()).getModel();
    if (model.isSpiking())
      builder.create<snn::ProbeOp>(loc, values[j], snn::ProbeVariable::spikes);
    builder.create<snn::ProbeOp>(loc, values[j], snn::ProbeVariable::v);
  }
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> dendron::nir::importNir(const NirFile &file,
                                              MLIRContext *context,
                                              const NirImportOptions &options) {
  context->getOrLoadDialect<snn::SnnDialect>();
  // A verifier message names the op; dumping it in generic form only buries
  // the message.
  context->printOpOnDiagnostic(false);
  Importer importer(file, context, options);
  return importer.run();
}

OwningOpRef<ModuleOp>
dendron::nir::importNirFile(const std::string &path, MLIRContext *context,
                            const NirImportOptions &options) {
  std::string error;
  std::optional<NirFile> file = readNirFile(path, error);
  if (!file) {
    llvm::StringRef message(error);
    message.consume_front(path + ": ");
    emitError(FileLineColLoc::get(context, path, 0, 0)) << message;
    return nullptr;
  }
  NirImportOptions withName = options;
  withName.fileName = path;
  return importNir(*file, context, withName);
}
