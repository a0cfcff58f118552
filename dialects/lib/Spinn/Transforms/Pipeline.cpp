//===- Pipeline.cpp - The SpiNNaker pipeline and the image export ---------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "MappingIR.h"

#include "dendron/Dialect/Snn/SnnPasses.h"
#include "dendron/Dialect/Spinn/SpinnPasses.h"
#include "dendron/Dialect/Spinn/SpinnPipeline.h"
#include "dendron/Spinn/ImageIO.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringMap.h"

namespace dendron::spinn {
#define GEN_PASS_DEF_SPINNWRITEIMAGE
#include "dendron/Dialect/Spinn/SpinnPasses.h.inc"
} // namespace dendron::spinn

using namespace mlir;
using namespace dendron;
using namespace dendron::spinn;

void dendron::spinn::buildSpinnakerPipeline(
    OpPassManager &pm, const SpinnPipelineOptions &options) {
  snn::SnnQuantizeOptions quantize;
  quantize.profile = "s16.15";
  pm.addNestedPass<snn::NetworkOp>(snn::createSnnQuantize(quantize));
  SpinnAttachMachineOptions attach;
  attach.machine = options.machine;
  pm.addPass(createSpinnAttachMachine(attach));
  SpinnPartitionOptions partition;
  partition.maxNeuronsPerCore = options.maxNeuronsPerCore;
  partition.expectedRate = options.expectedRate;
  pm.addPass(createSpinnPartition(partition));
  SpinnPlaceOptions place;
  place.seed = options.seed;
  pm.addPass(createSpinnPlace(place));
  pm.addPass(createSpinnAllocateKeys());
  pm.addPass(createSpinnRoute());
  pm.addPass(createSpinnCompressTables());
  SpinnBuildSynapticMatricesOptions matrices;
  matrices.threads = options.threads;
  matrices.progress = options.progress;
  pm.addPass(createSpinnBuildSynapticMatrices(matrices));
}

namespace {
/// The pipeline's options as pass-pipeline options, for dendron-opt.
struct PipelineCommandLineOptions
    : public PassPipelineOptions<PipelineCommandLineOptions> {
  Option<std::string> machine{*this, "machine",
                              llvm::cl::desc("Machine profile or JSON path"),
                              llvm::cl::init("spinn5")};
  Option<uint64_t> seed{*this, "seed", llvm::cl::desc("Placement seed"),
                        llvm::cl::init(0)};
  Option<unsigned> maxNeuronsPerCore{
      *this, "max-neurons-per-core",
      llvm::cl::desc("Upper bound on neurons per core"), llvm::cl::init(256)};
  Option<double> expectedRate{
      *this, "expected-rate",
      llvm::cl::desc("Firing rate assumed for the per-core load [Hz]"),
      llvm::cl::init(10.0)};
  Option<unsigned> threads{*this, "threads",
                           llvm::cl::desc("Host threads for expansion"),
                           llvm::cl::init(1)};
  Option<bool> progress{*this, "progress",
                        llvm::cl::desc("Report progress on stderr"),
                        llvm::cl::init(false)};
};
} // namespace

void dendron::spinn::registerSpinnPipeline() {
  PassPipelineRegistration<PipelineCommandLineOptions>(
      "spinn-pipeline",
      "Quantize to s16.15 and run every SpiNNaker mapping stage",
      [](OpPassManager &pm, const PipelineCommandLineOptions &cl) {
        SpinnPipelineOptions options;
        options.machine = cl.machine;
        options.seed = cl.seed;
        options.maxNeuronsPerCore = cl.maxNeuronsPerCore;
        options.expectedRate = cl.expectedRate;
        options.threads = cl.threads;
        options.progress = cl.progress;
        buildSpinnakerPipeline(pm, options);
      });
}

/// Copies a verified i64 attribute's values into `out`; fails (with a
/// diagnostic on `op`) when a blob is missing.
template <typename T>
static LogicalResult readInto(Operation *op, ElementsAttr attr, StringRef what,
                              std::vector<T> &out) {
  SmallVector<int64_t> storage;
  FailureOr<ArrayRef<int64_t>> values = getI64Values(attr, storage);
  if (failed(values))
    return mlir::emitError(op->getLoc())
           << "machine image export: the " << what << " data is missing";
  out.assign(values->begin(), values->end());
  return success();
}

FailureOr<MachineImage>
dendron::spinn::exportMachineImage(ModuleOp module, bool moveSynapticData) {
  StringRef stage = "machine image export";
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
  MappingOp mapping = state->mapping;
  if (!mapping.getNumSynapses()) {
    mlir::emitError(mapping.getLoc()) << stage
                                      << ": no synaptic matrices; run "
                                         "spinn-build-synaptic-matrices first";
    return failure();
  }

  MachineImage image;
  image.machine = state->model;
  image.network = std::move(state->spec);
  image.network.projections.clear();
  image.placementSeed = uint64_t(mapping.getSeed().value_or(0));
  image.numSynapses = uint64_t(*mapping.getNumSynapses());

  llvm::StringMap<SynapticMatrixOp> matrices;
  for (auto matrix : mapping.getBodyBlock()->getOps<SynapticMatrixOp>())
    matrices[matrix.getSlice()] = matrix;
  for (auto [index, sliceOp] : llvm::enumerate(state->sliceOps)) {
    CoreProgram program;
    const Slice &slice = state->slices[index];
    program.core = (*cores)[index];
    program.node = slice.node;
    program.lo = slice.lo;
    program.hi = slice.hi;
    program.keys = (*keys)[index];
    auto matrix = matrices.lookup(sliceOp.getSymName());
    if (!matrix) {
      mlir::emitError(sliceOp.getLoc())
          << stage << ": slice @" << sliceOp.getSymName()
          << " has no synaptic matrix";
      return failure();
    }
    std::vector<int64_t> masterPop;
    if (failed(readInto(matrix, matrix.getMasterPop(), "master population",
                        masterPop)))
      return failure();
    // The two big arrays: moved out of the IR when allowed and possible.
    for (auto [attr, what, out] :
         {std::make_tuple(matrix.getRowStart(), "row start", &program.rowStart),
          std::make_tuple(matrix.getWords(), "synaptic word",
                          &program.words)}) {
      std::optional<std::vector<uint64_t>> taken;
      if (moveSynapticData)
        taken = takeU64Resource(attr);
      if (taken)
        *out = std::move(*taken);
      else if (failed(readInto(matrix, attr, what, *out)))
        return failure();
    }
    for (size_t at = 0; at + 4 <= masterPop.size(); at += 4)
      program.masterPopTable.push_back(
          {uint32_t(masterPop[at]), uint32_t(masterPop[at + 1]),
           uint32_t(masterPop[at + 2]), uint32_t(masterPop[at + 3])});
    if (ElementsAttr bias = matrix.getBiasAttr())
      if (failed(readInto(matrix, bias, "bias", program.bias)))
        return failure();
    program.channels = uint32_t(matrix.getChannels());
    program.ringDepth = uint32_t(matrix.getRingDepth());
    program.dataMemoryBytes = uint64_t(matrix.getDataMemory());
    program.sharedMemoryBytes = uint64_t(matrix.getSharedMemory());
    program.sharedMemoryOffset = uint64_t(matrix.getSharedOffset());
    program.expectedCycles = matrix.getExpectedCycles().convertToDouble();
    image.cores.push_back(std::move(program));
  }

  for (auto table : mapping.getBodyBlock()->getOps<RouterTableOp>()) {
    if (!table.getCompressed()) {
      mlir::emitError(table.getLoc())
          << stage << ": the table of chip (" << table.getX() << ", "
          << table.getY()
          << ") is not compressed; run spinn-compress-tables "
             "first";
      return failure();
    }
    ChipTable chipTable;
    chipTable.chip = {int32_t(table.getX()), int32_t(table.getY())};
    chipTable.entries = decodeTable(table);
    chipTable.uncompressedSize = uint64_t(table.getUncompressed());
    image.tables.push_back(std::move(chipTable));
  }

  std::string problem = validateMachineImage(image);
  if (!problem.empty()) {
    mlir::emitError(mapping.getLoc())
        << stage << ": invalid machine image: " << problem;
    return failure();
  }
  return image;
}

namespace {
struct WriteImagePass
    : public spinn::impl::SpinnWriteImageBase<WriteImagePass> {
  using SpinnWriteImageBase::SpinnWriteImageBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (output.empty()) {
      mlir::emitError(module.getLoc())
          << "spinn-write-image: no output path; pass output=<file.dimg>";
      return signalPassFailure();
    }
    FailureOr<MachineImage> image = exportMachineImage(module, moveData);
    if (failed(image))
      return signalPassFailure();
    std::string error = writeMachineImage(*image, output);
    if (!error.empty()) {
      mlir::emitError(module.getLoc()) << "spinn-write-image: " << error;
      return signalPassFailure();
    }
    if (!moveData)
      markAllAnalysesPreserved();
  }
};
} // namespace
