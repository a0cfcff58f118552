//===- SpinnOps.cpp - spinn dialect operations ----------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// The verifiers check every invariant a later stage, the machine image
// writer or the machine simulator relies on, so that a hand-edited or
// corrupted mapping is rejected with a message naming the offending slice,
// chip or core instead of producing a wrong image.
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Spinn/SpinnOps.h"
#include "dendron/Dialect/Snn/SnnOps.h"
#include "dendron/Machine/MachineJson.h"
#include "dendron/Spinn/MachineImage.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <algorithm>
#include <cmath>
#include <map>

using namespace mlir;
using namespace dendron;
using namespace dendron::spinn;

#define GET_OP_CLASSES
#include "dendron/Dialect/Spinn/SpinnOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

FailureOr<ArrayRef<int64_t>>
dendron::spinn::getI64Values(ElementsAttr attr,
                             SmallVectorImpl<int64_t> &storage) {
  if (!attr.getElementType().isInteger(64))
    return failure();
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return failure();
    ArrayRef<char> bytes = blob->getData();
    if (bytes.size() != size_t(attr.getNumElements()) * sizeof(int64_t) ||
        reinterpret_cast<uintptr_t>(bytes.data()) % alignof(int64_t) != 0)
      return failure();
    return ArrayRef<int64_t>(reinterpret_cast<const int64_t *>(bytes.data()),
                             bytes.size() / sizeof(int64_t));
  }
  auto dense = dyn_cast<DenseIntElementsAttr>(attr);
  if (!dense)
    return failure();
  storage.assign(dense.getValues<int64_t>().begin(),
                 dense.getValues<int64_t>().end());
  return ArrayRef<int64_t>(storage);
}

/// The shape of `attr` when it is a ranked tensor of i64 with `rank`
/// dimensions, else failure (with a diagnostic naming `what`).
static FailureOr<ArrayRef<int64_t>> checkShape(Operation *op, ElementsAttr attr,
                                               StringRef what, int64_t rank) {
  auto type = dyn_cast<RankedTensorType>(attr.getType());
  if (!type || !type.getElementType().isInteger(64) || type.getRank() != rank ||
      !type.hasStaticShape()) {
    op->emitOpError() << what << " must be a static rank-" << rank
                      << " tensor of i64, got " << attr.getType();
    return failure();
  }
  return type.getShape();
}

//===----------------------------------------------------------------------===//
// MachineOp
//===----------------------------------------------------------------------===//

std::optional<machine::MachineModel> MachineOp::parseModel(std::string &error) {
  return machine::parseMachineJson(getDescription().str(),
                                   "machine @" + getSymName().str(), error);
}

LogicalResult MachineOp::verify() {
  std::string error;
  if (!parseModel(error))
    return emitOpError() << "invalid machine description: " << error;
  return success();
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::verify() {
  int64_t lo = getLoAttr().getInt(), hi = getHiAttr().getInt();
  if (lo < 0 || hi <= lo || hi > int64_t(UINT32_MAX))
    return emitOpError() << "range [" << lo << ", " << hi
                         << ") must be non-empty within [0, 2^32)";
  if (uint64_t(hi - lo) > kMaxNeuronsPerCore)
    return emitOpError() << "holds " << hi - lo
                         << " neurons, more than a core can address ("
                         << kMaxNeuronsPerCore << ")";
  if (std::optional<KeysAttr> keys = getKeys())
    if (keys->getBlockSize() < uint64_t(hi - lo))
      return emitOpError() << "key block of " << keys->getBlockSize()
                           << " keys cannot hold its " << hi - lo << " neurons";
  return success();
}

//===----------------------------------------------------------------------===//
// RouterTableOp
//===----------------------------------------------------------------------===//

/// Columns of a router table's entries tensor.
static constexpr int64_t kTableColumns = 6;

LogicalResult RouterTableOp::verify() {
  int64_t x = getXAttr().getInt(), y = getYAttr().getInt();
  if (x < 0 || y < 0 || x >= machine::MachineModel::kMaxDimension ||
      y >= machine::MachineModel::kMaxDimension)
    return emitOpError() << "chip coordinates must be in [0, "
                         << machine::MachineModel::kMaxDimension << "), got ("
                         << x << ", " << y << ")";
  auto type = cast<ShapedType>(getEntries().getType());
  if (type.getRank() != 2 || type.getDimSize(1) != kTableColumns)
    return emitOpError() << "entries must be a tensor<N x " << kTableColumns
                         << " x i64> (key, mask, 3 route words, arrival), "
                            "got "
                         << type;
  int64_t rows = type.getDimSize(0);
  int64_t uncompressed = getUncompressedAttr().getInt();
  if (!getCompressed() && uncompressed != rows)
    return emitOpError() << "uncompressed table holds " << rows
                         << " entries but records uncompressed(" << uncompressed
                         << ")";
  if (getCompressed() && rows > uncompressed)
    return emitOpError() << "compressed table holds " << rows
                         << " entries, more than its uncompressed size "
                         << uncompressed;
  SmallVector<int64_t> storage;
  ArrayRef<int64_t> values = *getI64Values(getEntries(), storage);
  for (int64_t row = 0; row < rows; ++row) {
    const int64_t *entry = &values[row * kTableColumns];
    for (int column : {0, 1})
      if (entry[column] < 0 || entry[column] > int64_t(UINT32_MAX))
        return emitOpError()
               << "entry " << row << ": " << (column == 0 ? "key" : "mask")
               << " " << entry[column] << " is not a 32-bit value";
    if (entry[5] < -1 || entry[5] > 5)
      return emitOpError() << "entry " << row << ": arrival link " << entry[5]
                           << " is not -1 (unknown) or a link 0-5";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// SynapticMatrixOp
//===----------------------------------------------------------------------===//

/// Columns of a master population table: key, mask, first row, rows.
static constexpr int64_t kMasterPopColumns = 4;

LogicalResult SynapticMatrixOp::verify() {
  int64_t channels = getChannelsAttr().getInt();
  int64_t ringDepth = getRingDepthAttr().getInt();
  if (channels < 2 || channels > int64_t(kMaxChannels))
    return emitOpError() << "channels must be in [2, " << kMaxChannels
                         << "], got " << channels;
  if (ringDepth < 1 || ringDepth > 65536)
    return emitOpError() << "ring_depth must be in [1, 65536], got "
                         << ringDepth;
  if (getDataMemoryAttr().getInt() < 0 || getSharedMemoryAttr().getInt() < 0 ||
      getSharedOffsetAttr().getInt() < 0)
    return emitOpError() << "memory sizes and offsets must be non-negative";
  double cycles = getExpectedCycles().convertToDouble();
  if (!std::isfinite(cycles) || cycles < 0.0)
    return emitOpError() << "expected cycles must be non-negative and finite";

  FailureOr<ArrayRef<int64_t>> popShape =
      checkShape(*this, getMasterPop(), "master_pop", 2);
  FailureOr<ArrayRef<int64_t>> rowShape =
      checkShape(*this, getRowStart(), "row_start", 1);
  FailureOr<ArrayRef<int64_t>> wordShape =
      checkShape(*this, getWords(), "words", 1);
  if (failed(popShape) || failed(rowShape) || failed(wordShape))
    return failure();
  if ((*popShape)[1] != kMasterPopColumns)
    return emitOpError() << "master_pop must have " << kMasterPopColumns
                         << " columns (key, mask, first row, rows), got "
                         << (*popShape)[1];
  // A core without rows (a source slice) may omit the boundaries.
  if ((*rowShape)[0] < 1 && ((*wordShape)[0] != 0 || (*popShape)[0] != 0))
    return emitOpError() << "row_start must hold at least one boundary";
  if (ElementsAttr bias = getBiasAttr()) {
    FailureOr<ArrayRef<int64_t>> biasShape = checkShape(*this, bias, "bias", 2);
    if (failed(biasShape))
      return failure();
    if ((*biasShape)[0] != channels)
      return emitOpError() << "bias has " << (*biasShape)[0]
                           << " channels, the core has " << channels;
  }

  // The contents, when present (an elided blob has nothing to check).
  SmallVector<int64_t> rowStorage, popStorage;
  FailureOr<ArrayRef<int64_t>> rowStart =
      getI64Values(getRowStart(), rowStorage);
  FailureOr<ArrayRef<int64_t>> masterPop =
      getI64Values(getMasterPop(), popStorage);
  if (failed(rowStart) || failed(masterPop) || rowStart->empty())
    return success();
  int64_t numWords = (*wordShape)[0];
  int64_t numRows = int64_t(rowStart->size()) - 1;
  if ((*rowStart)[0] != 0 || rowStart->back() != numWords)
    return emitOpError() << "row_start must run from 0 to the " << numWords
                         << " words, got " << (*rowStart)[0] << " .. "
                         << rowStart->back();
  for (int64_t row = 0; row < numRows; ++row)
    if ((*rowStart)[row + 1] < (*rowStart)[row])
      return emitOpError() << "row_start decreases at row " << row;
  uint64_t previousEnd = 0;
  for (int64_t entry = 0, e = int64_t(masterPop->size()) / kMasterPopColumns;
       entry < e; ++entry) {
    const int64_t *fields = &(*masterPop)[entry * kMasterPopColumns];
    int64_t key = fields[0], mask = fields[1], first = fields[2],
            rows = fields[3];
    if (key < 0 || key > int64_t(UINT32_MAX) || mask < 0 ||
        mask > int64_t(UINT32_MAX) || (key & ~mask) != 0)
      return emitOpError() << "master_pop entry " << entry
                           << ": key/mask is not a 32-bit key block";
    if (first < 0 || rows < 0 || first + rows > numRows)
      return emitOpError() << "master_pop entry " << entry << ": rows ["
                           << first << ", " << first + rows
                           << ") outside the core's " << numRows << " rows";
    uint64_t blockEnd = uint64_t(key) + (uint64_t(~uint32_t(mask)) + 1);
    if (entry > 0 && uint64_t(key) < previousEnd)
      return emitOpError() << "master_pop entry " << entry
                           << " is not sorted by key or overlaps the "
                              "previous one";
    previousEnd = blockEnd;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// MappingOp
//===----------------------------------------------------------------------===//

/// Prints a core as #spinn.core does.
static std::string formatCore(CoreAttr core) {
  return "<" + std::to_string(core.getX()) + ", " +
         std::to_string(core.getY()) + ", " + std::to_string(core.getP()) + ">";
}

LogicalResult MappingOp::verifyRegions() {
  double rate = getExpectedRate().convertToDouble();
  if (!std::isfinite(rate) || rate < 0.0)
    return emitOpError() << "expected_rate must be a finite rate >= 0 Hz, got "
                         << rate;
  llvm::StringMap<SliceOp> slices;
  std::map<std::tuple<int32_t, int32_t, int32_t>, SliceOp> cores;
  // Key blocks by base, to find overlaps in one sorted sweep.
  std::vector<std::pair<uint64_t, SliceOp>> blocks;
  std::optional<std::pair<int64_t, int64_t>> previousChip;
  llvm::StringMap<SynapticMatrixOp> matrices;
  for (Operation &op : *getBodyBlock()) {
    if (auto slice = dyn_cast<SliceOp>(op)) {
      slices[slice.getSymName()] = slice;
      if (std::optional<CoreAttr> core = slice.getCore()) {
        auto [it, inserted] = cores.try_emplace(
            std::make_tuple(core->getX(), core->getY(), core->getP()), slice);
        if (!inserted)
          return slice.emitOpError()
                 << "is placed on core " << formatCore(*core)
                 << ", which already holds slice @" << it->second.getSymName();
      }
      if (std::optional<KeysAttr> keys = slice.getKeys())
        blocks.emplace_back(keys->getBase(), slice);
      continue;
    }
    if (auto table = dyn_cast<RouterTableOp>(op)) {
      std::pair<int64_t, int64_t> chip{table.getY(), table.getX()};
      if (previousChip && chip <= *previousChip)
        return table.emitOpError()
               << "of chip (" << table.getX() << ", " << table.getY()
               << ") is not after the previous table in row-major chip order";
      previousChip = chip;
      continue;
    }
    if (auto matrix = dyn_cast<SynapticMatrixOp>(op)) {
      auto [it, inserted] = matrices.try_emplace(matrix.getSlice(), matrix);
      if (!inserted)
        return matrix.emitOpError()
               << "is the second synaptic matrix of slice @"
               << matrix.getSlice();
      continue;
    }
    return op.emitOpError()
           << "cannot be in a spinn.mapping; it holds only spinn.slice, "
              "spinn.router_table and spinn.synaptic_matrix ops";
  }

  std::sort(blocks.begin(), blocks.end(),
            [](const auto &a, const auto &b) { return a.first < b.first; });
  for (size_t i = 1; i < blocks.size(); ++i) {
    KeysAttr previous = *blocks[i - 1].second.getKeys();
    if (blocks[i - 1].first + previous.getBlockSize() > blocks[i].first)
      return blocks[i].second.emitOpError()
             << "key block overlaps the block of slice @"
             << blocks[i - 1].second.getSymName();
  }

  for (auto &[name, matrix] : matrices) {
    auto it = slices.find(name);
    if (it == slices.end())
      return matrix.emitOpError() << "names unknown slice @" << name;
    uint64_t size = it->second.getSize();
    if (ElementsAttr bias = matrix.getBiasAttr()) {
      int64_t columns = cast<ShapedType>(bias.getType()).getDimSize(1);
      if (uint64_t(columns) != size)
        return matrix.emitOpError()
               << "bias has " << columns << " neurons, slice @" << name
               << " has " << size;
    }
    SmallVector<int64_t> storage;
    FailureOr<ArrayRef<int64_t>> words =
        getI64Values(matrix.getWords(), storage);
    if (failed(words))
      continue;
    uint64_t ringDepth = uint64_t(matrix.getRingDepth());
    uint64_t channels = uint64_t(matrix.getChannels());
    for (size_t i = 0; i < words->size(); ++i) {
      uint64_t word = uint64_t((*words)[i]);
      uint32_t delay = SynapticWord::delay(word);
      if (SynapticWord::index(word) >= size ||
          SynapticWord::channel(word) >= channels || delay < 1 ||
          delay >= ringDepth)
        return matrix.emitOpError()
               << "word " << i << " (neuron " << SynapticWord::index(word)
               << ", channel " << SynapticWord::channel(word) << ", delay "
               << delay << ") does not fit slice @" << name << " (" << size
               << " neurons, " << channels << " channels, ring depth "
               << ringDepth << ")";
    }
  }
  return success();
}

/// The number of neurons of a population or source op of a network.
static std::optional<uint64_t> nodeSize(Operation *op) {
  if (!op || op->getNumResults() != 1 ||
      !(isa<snn::PopulationOp, snn::SpikeArrayOp, snn::PoissonOp,
            snn::ExternalOp>(op)))
    return std::nullopt;
  return cast<snn::PopulationType>(op->getResult(0).getType()).getSize();
}

LogicalResult MappingOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto network = symbolTable.lookupNearestSymbolFrom<snn::NetworkOp>(
      (*this)->getParentOp(), getNetworkAttr());
  if (!network)
    return emitOpError() << "names unknown network " << getNetworkAttr();
  auto machineOp = symbolTable.lookupNearestSymbolFrom<MachineOp>(
      (*this)->getParentOp(), getMachineAttr());
  if (!machineOp)
    return emitOpError() << "names unknown machine " << getMachineAttr();
  std::string error;
  std::optional<machine::MachineModel> model = machineOp.parseModel(error);
  if (!model)
    return emitOpError() << "machine " << getMachineAttr()
                         << " has an invalid description";

  // Coverage: the slices of each node, in order, tile [0, size).
  llvm::DenseMap<Operation *, uint64_t> covered;
  for (auto slice : getBodyBlock()->getOps<SliceOp>()) {
    Operation *node = symbolTable.lookupSymbolIn(network, slice.getNodeAttr());
    std::optional<uint64_t> size = nodeSize(node);
    if (!size)
      return slice.emitOpError()
             << "names " << slice.getNodeAttr()
             << ", which is not a population or source of network @"
             << network.getSymName();
    uint64_t &end = covered[node];
    if (uint64_t(slice.getLo()) != end)
      return slice.emitOpError()
             << "starts at " << slice.getLo() << " but the slices of "
             << slice.getNodeAttr() << " before it end at " << end;
    if (uint64_t(slice.getHi()) > *size)
      return slice.emitOpError()
             << "ends at " << slice.getHi() << " but " << slice.getNodeAttr()
             << " has " << *size << " neurons";
    end = slice.getHi();
    if (std::optional<CoreAttr> core = slice.getCore()) {
      std::vector<int> application =
          model->applicationCores({core->getX(), core->getY()});
      if (!std::binary_search(application.begin(), application.end(),
                              core->getP()))
        return slice.emitOpError()
               << "is placed on core " << formatCore(*core)
               << ", which is not a live application core of machine "
               << getMachineAttr();
    }
  }
  for (Operation &op : *network.getBodyBlock()) {
    std::optional<uint64_t> size = nodeSize(&op);
    if (!size)
      continue;
    uint64_t end = covered.lookup(&op);
    if (end != *size)
      return emitOpError() << "slices of @"
                           << mlir::SymbolTable::getSymbolName(&op).getValue()
                           << " cover [0, " << end << ") of its " << *size
                           << " neurons";
  }

  for (auto table : getBodyBlock()->getOps<RouterTableOp>()) {
    machine::ChipCoord chip{int32_t(table.getX()), int32_t(table.getY())};
    if (!model->chipAlive(chip))
      return table.emitOpError()
             << "is for chip (" << chip.x << ", " << chip.y
             << "), which is not a live chip of machine " << getMachineAttr();
    if (table.getCompressed() &&
        table.getNumEntries() > int64_t(model->routerEntries))
      return table.emitOpError()
             << "of chip (" << chip.x << ", " << chip.y << ") holds "
             << table.getNumEntries() << " entries, router limit "
             << model->routerEntries;
  }
  return success();
}
