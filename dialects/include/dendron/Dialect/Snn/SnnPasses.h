//===- SnnPasses.h - snn dialect passes -------------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNPASSES_H
#define DENDRON_DIALECT_SNN_SNNPASSES_H

#include "dendron/Dialect/Snn/SnnOps.h"
#include "mlir/Pass/Pass.h"

namespace dendron::snn {

#define GEN_PASS_DECL
#include "dendron/Dialect/Snn/SnnPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "dendron/Dialect/Snn/SnnPasses.h.inc"

} // namespace dendron::snn

#endif // DENDRON_DIALECT_SNN_SNNPASSES_H
