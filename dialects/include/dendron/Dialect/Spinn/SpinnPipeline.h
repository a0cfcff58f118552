//===- SpinnPipeline.h - The SpiNNaker compilation pipeline -----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The whole `--target=spinnaker` compilation as one pass pipeline, and the
/// read-out of its result. The driver builds the pipeline, runs it on the
/// module holding one `snn.network`, then calls exportMachineImage and
/// writes the image with dendron::spinn::writeMachineImage (ImageIO.h).
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINNPIPELINE_H
#define DENDRON_DIALECT_SPINN_SPINNPIPELINE_H

#include "dendron/Spinn/MachineImage.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/LogicalResult.h"

#include <cstdint>
#include <string>

namespace dendron::spinn {

/// Options of the SpiNNaker pipeline (the `dendron compile` flags).
struct SpinnPipelineOptions {
  /// Machine: a profile (`spinn5`, `spinn2`, `WxH`) or a machine JSON path.
  std::string machine = "spinn5";
  /// Placement seed: same seed, same placement.
  uint64_t seed = 0;
  /// Upper bound on neurons per core (the partitioner may go lower).
  unsigned maxNeuronsPerCore = 256;
  /// Firing rate assumed for the expected per-core load [Hz].
  double expectedRate = 10.0;
  /// Host threads for connector expansion (the result does not depend on it).
  unsigned threads = 1;
  /// Report the progress of the long stages (connector expansion) on
  /// stderr.
  bool progress = false;
};

/// Adds to `pm` (a pass manager on builtin.module) snn-quantize{profile=
/// s16.15} followed by every spinn stage: attach-machine, partition, place,
/// allocate-keys, route, compress-tables, build-synaptic-matrices, each
/// followed by the IR verifier.
void buildSpinnakerPipeline(mlir::OpPassManager &pm,
                            const SpinnPipelineOptions &options);

/// Reads the IR the pipeline produced into a MachineImage and validates it
/// (validateMachineImage). Emits a diagnostic on the module and fails when a
/// stage's result is missing or inconsistent.
///
/// With `moveSynapticData`, the synaptic words and row boundaries the
/// pipeline recorded are moved out of the IR instead of copied, which halves
/// the peak memory of large networks (the full microcircuit has 2.4 GB of
/// words); the module's synaptic matrices are left without their data, so
/// use it only when the module is discarded afterwards, as the driver does.
mlir::FailureOr<MachineImage> exportMachineImage(mlir::ModuleOp module,
                                                 bool moveSynapticData = false);

} // namespace dendron::spinn

#endif // DENDRON_DIALECT_SPINN_SPINNPIPELINE_H
