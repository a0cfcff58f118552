//===- Stages.cpp - One pass per SpiNNaker mapping stage ------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// The passes are thin on purpose: the algorithms live in the plain-data
// mapper (dendron/Spinn/Mapping.h), which the runtime's tests exercise
// without MLIR; each pass reads the earlier stages from the IR, runs one
// stage and records its result, so that the op verifiers check the
// invariants between stages. Re-running a stage drops the results of the
// stages that depend on it.
//
//===----------------------------------------------------------------------===//

#include "MappingIR.h"

#include "dendron/Dialect/Spinn/SpinnPasses.h"
#include "dendron/Machine/MachineJson.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <type_traits>

namespace dendron::spinn {
#define GEN_PASS_DEF_SPINNATTACHMACHINE
#define GEN_PASS_DEF_SPINNPARTITION
#define GEN_PASS_DEF_SPINNPLACE
#define GEN_PASS_DEF_SPINNALLOCATEKEYS
#define GEN_PASS_DEF_SPINNROUTE
#define GEN_PASS_DEF_SPINNCOMPRESSTABLES
#define GEN_PASS_DEF_SPINNBUILDSYNAPTICMATRICES
#include "dendron/Dialect/Spinn/SpinnPasses.h.inc"
} // namespace dendron::spinn

using namespace mlir;
using namespace dendron;
using namespace dendron::spinn;

/// Erases the ops of the given kinds from a mapping: the results of later
/// stages once an earlier stage changes. The synapse count goes with the
/// synaptic matrices.
template <typename... OpTys> static void eraseStages(MappingOp mapping) {
  for (Operation &op : llvm::make_early_inc_range(*mapping.getBodyBlock()))
    if (isa<OpTys...>(op))
      op.erase();
  if constexpr ((std::is_same_v<OpTys, SynapticMatrixOp> || ...))
    mapping.removeNumSynapsesAttr();
}

/// The JSON text on one line, so that the IR stays readable: drops every
/// line break and the indentation after it (JSON strings cannot hold a raw
/// line break, so none is inside a string), keeping a space after commas.
static std::string compactJson(const std::string &text) {
  std::string result;
  result.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n') {
      result += text[i];
      continue;
    }
    while (i + 1 < text.size() && text[i + 1] == ' ')
      ++i;
    if (!result.empty() && result.back() == ',')
      result += ' ';
  }
  return result;
}

namespace {

//===----------------------------------------------------------------------===//
// spinn-attach-machine
//===----------------------------------------------------------------------===//

struct AttachMachinePass
    : public spinn::impl::SpinnAttachMachineBase<AttachMachinePass> {
  using SpinnAttachMachineBase::SpinnAttachMachineBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string error;
    std::optional<machine::MachineModel> model =
        StringRef(machine).ends_with(".json")
            ? machine::loadMachineJson(machine, error)
            : machine::MachineModel::fromProfile(machine, error);
    if (!model) {
      mlir::emitError(module.getLoc()) << "spinn-attach-machine: " << error;
      return signalPassFailure();
    }
    if (auto old = module.lookupSymbol<MachineOp>(kMachineSymbol))
      old.erase();
    OpBuilder builder = OpBuilder::atBlockBegin(module.getBody());
    builder.create<MachineOp>(module.getLoc(), kMachineSymbol, machine,
                              compactJson(machine::machineToJson(*model)));
  }
};

//===----------------------------------------------------------------------===//
// spinn-partition
//===----------------------------------------------------------------------===//

struct PartitionPass : public spinn::impl::SpinnPartitionBase<PartitionPass> {
  using SpinnPartitionBase::SpinnPartitionBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (!std::isfinite(expectedRate) || expectedRate < 0.0) {
      mlir::emitError(module.getLoc())
          << "spinn-partition: expected-rate must be a finite rate >= 0 Hz, "
             "got "
          << expectedRate;
      return signalPassFailure();
    }
    FailureOr<MappingState> state =
        loadMappingState(module, "spinn-partition", /*needMapping=*/false);
    if (failed(state))
      return signalPassFailure();
    MappingOptions options;
    options.maxNeuronsPerCore = maxNeuronsPerCore;
    options.expectedRateHz = expectedRate;
    std::string error;
    std::optional<std::vector<Slice>> slices =
        partitionNetwork(state->spec, state->model, options, error);
    if (!slices) {
      mlir::emitError(state->network.getLoc()) << "spinn-partition: " << error;
      return signalPassFailure();
    }

    for (MappingOp old : llvm::make_early_inc_range(module.getOps<MappingOp>()))
      old.erase();
    MLIRContext *context = &getContext();
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    auto mapping = builder.create<MappingOp>(
        module.getLoc(),
        FlatSymbolRefAttr::get(state->network.getSymNameAttr()),
        FlatSymbolRefAttr::get(context, kMachineSymbol),
        builder.getF64FloatAttr(expectedRate), IntegerAttr(), IntegerAttr());
    builder.setInsertionPointToStart(&mapping.getBody().emplaceBlock());
    // Slice k of node N is @N_k: names stay readable and unique.
    llvm::DenseMap<std::pair<int, uint32_t>, unsigned> perNode;
    for (const Slice &slice : *slices) {
      const std::string &node =
          slice.node.kind == rt::NodeRef::Kind::Population
              ? state->spec.populations[slice.node.index].name
              : state->spec.sources[slice.node.index].name;
      unsigned index = perNode[{int(slice.node.kind), slice.node.index}]++;
      builder.create<SliceOp>(
          module.getLoc(),
          builder.getStringAttr(node + "_" + llvm::utostr(index)),
          FlatSymbolRefAttr::get(context, node),
          builder.getI64IntegerAttr(slice.lo),
          builder.getI64IntegerAttr(slice.hi), CoreAttr(), KeysAttr());
    }
    numSlices += slices->size();
  }
};

//===----------------------------------------------------------------------===//
// spinn-place
//===----------------------------------------------------------------------===//

struct PlacePass : public spinn::impl::SpinnPlaceBase<PlacePass> {
  using SpinnPlaceBase::SpinnPlaceBase;

  void runOnOperation() override {
    FailureOr<MappingState> state =
        loadMappingState(getOperation(), "spinn-place");
    if (failed(state))
      return signalPassFailure();
    MappingOptions options;
    options.seed = seed;
    std::string error;
    std::optional<std::vector<machine::CoreCoord>> cores =
        placeSlices(state->spec, state->model, state->slices, options, error);
    if (!cores) {
      mlir::emitError(state->mapping.getLoc()) << "spinn-place: " << error;
      return signalPassFailure();
    }
    MLIRContext *context = &getContext();
    for (auto [slice, core] : llvm::zip_equal(state->sliceOps, *cores))
      slice.setCoreAttr(CoreAttr::get(context, core.x, core.y, core.p));
    state->mapping.setSeed(seed);
    eraseStages<RouterTableOp, SynapticMatrixOp>(state->mapping);
  }
};

//===----------------------------------------------------------------------===//
// spinn-allocate-keys
//===----------------------------------------------------------------------===//

struct AllocateKeysPass
    : public spinn::impl::SpinnAllocateKeysBase<AllocateKeysPass> {
  using SpinnAllocateKeysBase::SpinnAllocateKeysBase;

  void runOnOperation() override {
    FailureOr<MappingState> state =
        loadMappingState(getOperation(), "spinn-allocate-keys");
    if (failed(state))
      return signalPassFailure();
    std::string error;
    std::optional<std::vector<routing::KeyBlock>> blocks =
        allocateSliceKeys(state->slices, error);
    if (!blocks) {
      mlir::emitError(state->mapping.getLoc())
          << "spinn-allocate-keys: " << error;
      return signalPassFailure();
    }
    MLIRContext *context = &getContext();
    for (auto [slice, block] : llvm::zip_equal(state->sliceOps, *blocks))
      slice.setKeysAttr(KeysAttr::get(context, block.base, block.mask));
    eraseStages<RouterTableOp, SynapticMatrixOp>(state->mapping);
  }
};

/// What the stages after key allocation start from: the mapping with every
/// slice placed and keyed.
struct PlacedState {
  MappingState state;
  std::vector<machine::CoreCoord> cores;
  std::vector<routing::KeyBlock> keys;
};

/// Loads the mapping, its placement and its keys; `stage` prefixes the
/// diagnostic when one is missing.
FailureOr<PlacedState> loadPlacedState(ModuleOp module, StringRef stage) {
  FailureOr<MappingState> state = loadMappingState(module, stage);
  if (failed(state))
    return failure();
  FailureOr<std::vector<machine::CoreCoord>> cores =
      readPlacement(*state, stage);
  if (failed(cores))
    return failure();
  FailureOr<std::vector<routing::KeyBlock>> keys = readKeys(*state, stage);
  if (failed(keys))
    return failure();
  return PlacedState{std::move(*state), std::move(*cores), std::move(*keys)};
}

//===----------------------------------------------------------------------===//
// spinn-route
//===----------------------------------------------------------------------===//

struct RoutePass : public spinn::impl::SpinnRouteBase<RoutePass> {
  using SpinnRouteBase::SpinnRouteBase;

  void runOnOperation() override {
    StringRef stage = "spinn-route";
    FailureOr<PlacedState> placed = loadPlacedState(getOperation(), stage);
    if (failed(placed))
      return signalPassFailure();
    MappingState *state = &placed->state;
    const std::vector<machine::CoreCoord> *cores = &placed->cores;
    const std::vector<routing::KeyBlock> *keys = &placed->keys;
    std::string error;
    std::optional<std::vector<ChipTable>> tables = buildRoutingTables(
        state->spec, state->model, state->slices, *cores, *keys, error);
    if (!tables) {
      mlir::emitError(state->mapping.getLoc()) << "spinn-route: " << error;
      return signalPassFailure();
    }
    eraseStages<RouterTableOp>(state->mapping);
    // Tables go after the slices and before any synaptic matrix.
    OpBuilder builder(&getContext());
    Block *body = state->mapping.getBodyBlock();
    auto matrices = body->getOps<SynapticMatrixOp>();
    if (matrices.empty())
      builder.setInsertionPointToEnd(body);
    else
      builder.setInsertionPoint(*matrices.begin());
    for (const ChipTable &table : *tables) {
      builder.create<RouterTableOp>(state->mapping.getLoc(), table.chip.x,
                                    table.chip.y, int64_t(table.entries.size()),
                                    /*compressed=*/false,
                                    encodeTable(&getContext(), table.entries));
      ++numTables;
      numEntries += table.entries.size();
    }
  }
};

//===----------------------------------------------------------------------===//
// spinn-compress-tables
//===----------------------------------------------------------------------===//

struct CompressTablesPass
    : public spinn::impl::SpinnCompressTablesBase<CompressTablesPass> {
  using SpinnCompressTablesBase::SpinnCompressTablesBase;

  void runOnOperation() override {
    FailureOr<MappingState> state =
        loadMappingState(getOperation(), "spinn-compress-tables");
    if (failed(state))
      return signalPassFailure();
    // One table at a time, so that a failure is reported on its own op.
    for (auto op : state->mapping.getBodyBlock()->getOps<RouterTableOp>()) {
      std::vector<ChipTable> tables(1);
      tables[0].chip = {int32_t(op.getX()), int32_t(op.getY())};
      tables[0].entries = decodeTable(op);
      tables[0].uncompressedSize = uint64_t(op.getUncompressed());
      std::string error;
      if (!compressRoutingTables(tables, state->model, error)) {
        mlir::emitError(op.getLoc()) << "spinn-compress-tables: " << error;
        return signalPassFailure();
      }
      numEntriesBefore += uint64_t(op.getUncompressed());
      numEntriesAfter += tables[0].entries.size();
      op.setEntriesAttr(encodeTable(&getContext(), tables[0].entries));
      op.setCompressed(true);
    }
  }
};

//===----------------------------------------------------------------------===//
// spinn-build-synaptic-matrices
//===----------------------------------------------------------------------===//

struct BuildSynapticMatricesPass
    : public spinn::impl::SpinnBuildSynapticMatricesBase<
          BuildSynapticMatricesPass> {
  using SpinnBuildSynapticMatricesBase::SpinnBuildSynapticMatricesBase;

  void runOnOperation() override {
    StringRef stage = "spinn-build-synaptic-matrices";
    FailureOr<PlacedState> placed = loadPlacedState(getOperation(), stage);
    if (failed(placed))
      return signalPassFailure();
    MappingState *state = &placed->state;
    const std::vector<machine::CoreCoord> *cores = &placed->cores;
    const std::vector<routing::KeyBlock> *keys = &placed->keys;
    MappingOptions options;
    options.expectedRateHz = state->mapping.getExpectedRate().convertToDouble();
    options.seed = state->mapping.getSeed().value_or(0);
    options.threads = threads;
    // Progress lines at every 10% of the projections expanded: few enough
    // for a log file, frequent enough to show a long expansion is alive.
    unsigned lastTenth = 0;
    if (progress)
      options.progress = [&lastTenth, stage](const char *what, uint64_t done,
                                             uint64_t total) {
        unsigned tenth = total == 0 ? 10 : unsigned(done * 10 / total);
        if (tenth <= lastTenth && done != 0)
          return;
        lastTenth = tenth;
        llvm::errs() << stage << ": " << what << ": " << done << " of " << total
                     << " projections ("
                     << (total == 0 ? 100 : done * 100 / total) << "%)\n";
      };
    std::string error;
    std::optional<std::vector<CoreProgram>> programs =
        buildSynapticData(state->spec, state->model, state->slices, *cores,
                          *keys, options, error);
    if (!programs) {
      mlir::emitError(state->mapping.getLoc()) << stage << ": " << error;
      return signalPassFailure();
    }
    eraseStages<SynapticMatrixOp>(state->mapping);

    MLIRContext *context = &getContext();
    OpBuilder builder = OpBuilder::atBlockEnd(state->mapping.getBodyBlock());
    uint64_t synapses = 0;
    for (auto [slice, program] : llvm::zip_equal(state->sliceOps, *programs)) {
      std::string name = slice.getSymName().str();
      std::vector<int64_t> masterPop;
      masterPop.reserve(program.masterPopTable.size() * 4);
      for (const MasterPopEntry &entry : program.masterPopTable)
        masterPop.insert(masterPop.end(),
                         {int64_t(entry.key), int64_t(entry.mask),
                          int64_t(entry.firstRow), int64_t(entry.numRows)});
      int64_t numEntries = int64_t(program.masterPopTable.size());
      int64_t numBoundaries = int64_t(program.rowStart.size());
      int64_t numWords = int64_t(program.words.size());
      synapses += program.words.size();
      ElementsAttr bias;
      if (!program.bias.empty()) {
        // Shape first: the vector is moved into the blob below.
        SmallVector<int64_t, 2> shape{
            int64_t(program.channels),
            int64_t(program.bias.size() /
                    std::max<uint32_t>(program.channels, 1))};
        bias = makeI64Resource(context, name + "_bias", shape,
                               std::move(program.bias));
      }
      builder.create<SynapticMatrixOp>(
          state->mapping.getLoc(),
          FlatSymbolRefAttr::get(slice.getSymNameAttr()),
          builder.getI64IntegerAttr(program.channels),
          builder.getI64IntegerAttr(program.ringDepth),
          makeI64Resource(context, name + "_master_pop", {numEntries, 4},
                          std::move(masterPop)),
          makeI64Resource(context, name + "_row_start", {numBoundaries},
                          std::move(program.rowStart)),
          makeI64Resource(context, name + "_words", {numWords},
                          std::move(program.words)),
          bias, builder.getI64IntegerAttr(int64_t(program.dataMemoryBytes)),
          builder.getI64IntegerAttr(int64_t(program.sharedMemoryBytes)),
          builder.getI64IntegerAttr(int64_t(program.sharedMemoryOffset)),
          builder.getF64FloatAttr(program.expectedCycles));
    }
    state->mapping.setNumSynapses(synapses);
    numSynapses += synapses;
  }
};

} // namespace
