//===- SpinnPasses.h - spinn dialect passes ---------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINNPASSES_H
#define DENDRON_DIALECT_SPINN_SPINNPASSES_H

#include "dendron/Dialect/Spinn/SpinnOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace dendron::spinn {

#define GEN_PASS_DECL
#include "dendron/Dialect/Spinn/SpinnPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "dendron/Dialect/Spinn/SpinnPasses.h.inc"

/// Registers the `spinn-pipeline` pass pipeline (buildSpinnakerPipeline)
/// with the global registry, for dendron-opt.
void registerSpinnPipeline();

} // namespace dendron::spinn

#endif // DENDRON_DIALECT_SPINN_SPINNPASSES_H
