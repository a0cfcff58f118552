//===- MappingIR.h - Reading and writing mapping stages in the IR -*- C++
//-*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What every spinn pass and the machine image export share: finding the
/// network, machine and mapping of a module and reading them into the
/// plain data the mapper (dendron/Spinn/Mapping.h) works on, and building
/// `dense_resource` blobs from vectors without copying them.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_LIB_SPINN_TRANSFORMS_MAPPINGIR_H
#define DENDRON_LIB_SPINN_TRANSFORMS_MAPPINGIR_H

#include "dendron/Dialect/Snn/SnnOps.h"
#include "dendron/Dialect/Spinn/SpinnOps.h"
#include "dendron/Spinn/Mapping.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"

#include <vector>

namespace dendron::spinn {

/// Name of the machine op spinn-attach-machine creates.
inline constexpr llvm::StringLiteral kMachineSymbol = "machine";

/// Everything recorded so far about the mapping of a module's network.
struct MappingState {
  snn::NetworkOp network;
  MachineOp machineOp;
  MappingOp mapping;
  rt::NetworkSpec spec;
  machine::MachineModel model = machine::MachineModel::spinn5();
  /// The slice ops in slice order and their plain-data form.
  std::vector<SliceOp> sliceOps;
  std::vector<Slice> slices;
};

/// The module's only snn.network; `stage` prefixes the diagnostic.
mlir::FailureOr<snn::NetworkOp> findNetwork(mlir::ModuleOp module,
                                            llvm::StringRef stage);

/// The module's spinn.machine @machine and its model.
mlir::FailureOr<MachineOp> findMachine(mlir::ModuleOp module,
                                       llvm::StringRef stage);

/// Reads the network (which must be quantized to s16.15), the machine and,
/// when `needMapping`, the mapping and its slices. Emits a diagnostic
/// naming `stage` and the missing earlier stage on failure.
mlir::FailureOr<MappingState> loadMappingState(mlir::ModuleOp module,
                                               llvm::StringRef stage,
                                               bool needMapping = true);

/// The cores of all slices; fails (naming `stage`) when one is unplaced.
mlir::FailureOr<std::vector<machine::CoreCoord>>
readPlacement(const MappingState &state, llvm::StringRef stage);

/// The key blocks of all slices; fails when one has none.
mlir::FailureOr<std::vector<routing::KeyBlock>>
readKeys(const MappingState &state, llvm::StringRef stage);

/// Router table rows: key, mask, three route words, arrival (-1: unknown).
mlir::DenseIntElementsAttr encodeTable(mlir::MLIRContext *context,
                                       const routing::RouterTable &table);
/// The table a router_table op holds (its entries are verified).
routing::RouterTable decodeTable(RouterTableOp op);

/// A `dense_resource` attribute of type tensor<shape x i64> owning
/// `values`, which it takes over without copying. `name` is a hint for the
/// blob's key.
mlir::ElementsAttr makeI64Resource(mlir::MLIRContext *context,
                                   llvm::StringRef name,
                                   llvm::ArrayRef<int64_t> shape,
                                   std::vector<uint64_t> values);
mlir::ElementsAttr makeI64Resource(mlir::MLIRContext *context,
                                   llvm::StringRef name,
                                   llvm::ArrayRef<int64_t> shape,
                                   std::vector<int64_t> values);

/// Moves the values out of a `dense_resource` attribute that
/// makeI64Resource built from a std::vector<uint64_t> in this process,
/// leaving the attribute's blob empty; nullopt (and nothing changed) for
/// any other attribute, e.g. one parsed from text.
std::optional<std::vector<uint64_t>> takeU64Resource(mlir::ElementsAttr attr);

} // namespace dendron::spinn

#endif // DENDRON_LIB_SPINN_TRANSFORMS_MAPPINGIR_H
