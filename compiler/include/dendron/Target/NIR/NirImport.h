//===- NirImport.h - NIR graphs to and from the snn dialect -----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Maps a NirFile onto one `snn.network` and back. Neuron nodes become
/// populations, chains of edge nodes (Affine, Linear, Conv2d, pooling,
/// Flatten, Scale, Delay) between two neuron nodes become one projection,
/// Input nodes become `snn.external` sources and Output nodes probes. What
/// cannot be mapped is refused with a diagnostic naming the node and why.
/// The mapping and its conventions are described in docs/NIR.md.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TARGET_NIR_NIRIMPORT_H
#define DENDRON_TARGET_NIR_NIRIMPORT_H

#include "dendron/Target/NIR/NirGraph.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace dendron::nir {

/// Options of the import.
struct NirImportOptions {
  /// The network's timestep [s]; NIR files carry none.
  double dt = 1e-4;
  /// The file name, for diagnostic locations.
  std::string fileName = "<nir>";
  /// Probe every neuron node (spikes and v), not only those feeding an
  /// Output node.
  bool probeAll = false;
};

/// Builds a module holding one `snn.network @nir` from `file`; emits a
/// diagnostic and returns null on failure.
mlir::OwningOpRef<mlir::ModuleOp> importNir(const NirFile &file,
                                            mlir::MLIRContext *context,
                                            const NirImportOptions &options);

/// Reads `path` and imports it; a reader failure is reported as a
/// diagnostic too.
mlir::OwningOpRef<mlir::ModuleOp>
importNirFile(const std::string &path, mlir::MLIRContext *context,
              const NirImportOptions &options);

/// Builds the NIR graph of the only `snn.network` in `module`; emits a
/// diagnostic and fails on what NIR cannot express.
mlir::FailureOr<NirFile> exportNir(mlir::ModuleOp module);

/// Registers `--import-nir` and `--export-nir` with mlir-translate's
/// registry (the `--dt` option belongs to the import).
void registerNirTranslations();

} // namespace dendron::nir

#endif // DENDRON_TARGET_NIR_NIRIMPORT_H
