//===- MappingIR.cpp - Reading and writing mapping stages in the IR -------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "MappingIR.h"

#include "dendron/Dialect/Snn/SnnToRuntime.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <memory>
#include <mutex>
#include <type_traits>

using namespace mlir;
using namespace dendron;
using namespace dendron::spinn;

FailureOr<snn::NetworkOp> dendron::spinn::findNetwork(ModuleOp module,
                                                      StringRef stage) {
  auto networks = module.getOps<snn::NetworkOp>();
  if (networks.empty() || std::next(networks.begin()) != networks.end()) {
    mlir::emitError(module.getLoc())
        << stage << ": the module must hold exactly one snn.network";
    return failure();
  }
  return *networks.begin();
}

FailureOr<MachineOp> dendron::spinn::findMachine(ModuleOp module,
                                                 StringRef stage) {
  auto machineOp = module.lookupSymbol<MachineOp>(kMachineSymbol);
  if (!machineOp) {
    mlir::emitError(module.getLoc()) << stage
                                     << ": no spinn.machine @machine; run "
                                        "spinn-attach-machine first";
    return failure();
  }
  return machineOp;
}

FailureOr<MappingState> dendron::spinn::loadMappingState(ModuleOp module,
                                                         StringRef stage,
                                                         bool needMapping) {
  MappingState state;
  FailureOr<snn::NetworkOp> network = findNetwork(module, stage);
  if (failed(network))
    return failure();
  state.network = *network;
  FailureOr<MachineOp> machineOp = findMachine(module, stage);
  if (failed(machineOp))
    return failure();
  state.machineOp = *machineOp;
  std::string error;
  std::optional<machine::MachineModel> model =
      state.machineOp.parseModel(error);
  if (!model) {
    mlir::emitError(state.machineOp.getLoc()) << stage << ": " << error;
    return failure();
  }
  state.model = std::move(*model);
  if (state.network.getProfile() != snn::Profile::S16_15) {
    mlir::emitError(state.network.getLoc())
        << stage << ": network @" << state.network.getSymName()
        << " is not quantized to s16.15; run snn-quantize{profile=s16.15} "
           "first";
    return failure();
  }
  FailureOr<rt::NetworkSpec> spec = snn::translateToRuntime(state.network);
  if (failed(spec))
    return failure();
  state.spec = std::move(*spec);
  if (!needMapping)
    return state;

  auto mappings = module.getOps<MappingOp>();
  if (mappings.empty()) {
    mlir::emitError(module.getLoc())
        << stage << ": no spinn.mapping; run spinn-partition first";
    return failure();
  }
  state.mapping = *mappings.begin();
  llvm::StringMap<rt::NodeRef> nodes;
  for (auto [index, population] : llvm::enumerate(state.spec.populations))
    nodes[population.name] = {rt::NodeRef::Kind::Population, uint32_t(index)};
  for (auto [index, source] : llvm::enumerate(state.spec.sources))
    nodes[source.name] = {rt::NodeRef::Kind::Source, uint32_t(index)};
  for (auto slice : state.mapping.getBodyBlock()->getOps<SliceOp>()) {
    auto node = nodes.find(slice.getNode());
    if (node == nodes.end()) {
      mlir::emitError(slice.getLoc())
          << stage << ": slice names unknown node " << slice.getNodeAttr();
      return failure();
    }
    state.sliceOps.push_back(slice);
    state.slices.push_back(
        {node->second, uint32_t(slice.getLo()), uint32_t(slice.getHi())});
  }
  return state;
}

FailureOr<std::vector<machine::CoreCoord>>
dendron::spinn::readPlacement(const MappingState &state, StringRef stage) {
  std::vector<machine::CoreCoord> cores;
  for (SliceOp slice : state.sliceOps) {
    std::optional<CoreAttr> core = slice.getCore();
    if (!core) {
      mlir::emitError(slice.getLoc())
          << stage << ": slice @" << slice.getSymName()
          << " has no core; run spinn-place first";
      return failure();
    }
    cores.push_back({core->getX(), core->getY(), core->getP()});
  }
  return cores;
}

FailureOr<std::vector<routing::KeyBlock>>
dendron::spinn::readKeys(const MappingState &state, StringRef stage) {
  std::vector<routing::KeyBlock> blocks;
  for (SliceOp slice : state.sliceOps) {
    std::optional<KeysAttr> keys = slice.getKeys();
    if (!keys) {
      mlir::emitError(slice.getLoc())
          << stage << ": slice @" << slice.getSymName()
          << " has no key block; run spinn-allocate-keys first";
      return failure();
    }
    blocks.push_back({keys->getBase(), keys->getMask(),
                      uint32_t(slice.getSize()), keys->getBlockSize()});
  }
  return blocks;
}

DenseIntElementsAttr
dendron::spinn::encodeTable(MLIRContext *context,
                            const routing::RouterTable &table) {
  std::vector<int64_t> values;
  values.reserve(table.size() * 6);
  for (const routing::Entry &entry : table) {
    values.push_back(entry.key);
    values.push_back(entry.mask);
    for (uint64_t word : entry.route.raw())
      values.push_back(int64_t(word));
    values.push_back(entry.arrival ? int64_t(*entry.arrival) : -1);
  }
  auto type = RankedTensorType::get({int64_t(table.size()), 6},
                                    IntegerType::get(context, 64));
  return DenseIntElementsAttr::get(type, ArrayRef<int64_t>(values));
}

routing::RouterTable dendron::spinn::decodeTable(RouterTableOp op) {
  SmallVector<int64_t> storage;
  ArrayRef<int64_t> values = *getI64Values(op.getEntries(), storage);
  routing::RouterTable table;
  for (size_t row = 0; row + 6 <= values.size(); row += 6) {
    routing::Entry entry;
    entry.key = uint32_t(values[row]);
    entry.mask = uint32_t(values[row + 1]);
    for (unsigned bit = 0; bit < routing::Route::kNumBits; ++bit)
      if ((uint64_t(values[row + 2 + bit / 64]) >> (bit % 64)) & 1)
        entry.route = entry.route.withBit(bit);
    if (values[row + 5] >= 0)
      entry.arrival = routing::Link(values[row + 5]);
    table.push_back(entry);
  }
  return table;
}

namespace {
/// The std::vector<uint64_t> behind every blob makeI64Resource built, by the
/// address of its data, so that takeU64Resource can move the vector out
/// instead of copying it. Blobs of other element types are not listed.
struct OwnedVectors {
  std::mutex mutex;
  llvm::DenseMap<const void *, std::vector<uint64_t> *> byData;
};
OwnedVectors &ownedVectors() {
  static OwnedVectors registry;
  return registry;
}
} // namespace

/// Moves `values` into a blob whose deleter frees them: the IR then owns
/// the data without a copy.
template <typename T>
static ElementsAttr makeResource(MLIRContext *context, StringRef name,
                                 ArrayRef<int64_t> shape,
                                 std::vector<T> values) {
  static_assert(sizeof(T) == sizeof(int64_t));
  auto owner = std::make_unique<std::vector<T>>(std::move(values));
  // A null pointer is not a valid blob address even when empty.
  static const int64_t emptyData = 0;
  const char *data = owner->empty()
                         ? reinterpret_cast<const char *>(&emptyData)
                         : reinterpret_cast<const char *>(owner->data());
  ArrayRef<char> bytes(data, owner->size() * sizeof(T));
  std::vector<T> *raw = owner.release();
  if constexpr (std::is_same_v<T, uint64_t>) {
    if (!raw->empty()) {
      OwnedVectors &registry = ownedVectors();
      std::lock_guard<std::mutex> lock(registry.mutex);
      registry.byData[raw->data()] = raw;
    }
  }
  AsmResourceBlob blob(
      bytes, alignof(int64_t),
      [raw](void *, size_t, size_t) {
        if constexpr (std::is_same_v<T, uint64_t>) {
          OwnedVectors &registry = ownedVectors();
          std::lock_guard<std::mutex> lock(registry.mutex);
          registry.byData.erase(raw->data());
        }
        delete raw;
      },
      /*dataIsMutable=*/true);
  auto type = RankedTensorType::get(shape, IntegerType::get(context, 64));
  return DenseResourceElementsAttr::get(type, name, std::move(blob));
}

ElementsAttr dendron::spinn::makeI64Resource(MLIRContext *context,
                                             StringRef name,
                                             ArrayRef<int64_t> shape,
                                             std::vector<uint64_t> values) {
  return makeResource(context, name, shape, std::move(values));
}

ElementsAttr dendron::spinn::makeI64Resource(MLIRContext *context,
                                             StringRef name,
                                             ArrayRef<int64_t> shape,
                                             std::vector<int64_t> values) {
  return makeResource(context, name, shape, std::move(values));
}

std::optional<std::vector<uint64_t>>
dendron::spinn::takeU64Resource(ElementsAttr attr) {
  auto resource = dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource)
    return std::nullopt;
  DenseResourceElementsHandle handle = resource.getRawHandle();
  AsmResourceBlob *blob = handle.getBlob();
  if (!blob || blob->getData().empty())
    return std::nullopt;
  std::vector<uint64_t> values;
  {
    OwnedVectors &registry = ownedVectors();
    std::lock_guard<std::mutex> lock(registry.mutex);
    auto it = registry.byData.find(blob->getData().data());
    if (it == registry.byData.end())
      return std::nullopt;
    values = std::move(*it->second);
    registry.byData.erase(it);
  }
  // The old blob's deleter now frees an empty vector.
  handle.getResource()->setBlob(AsmResourceBlob());
  return values;
}
