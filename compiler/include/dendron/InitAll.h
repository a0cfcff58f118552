//===- InitAll.h - Register every Dendron dialect and pass ------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_INITALL_H
#define DENDRON_INITALL_H

#include "mlir/IR/DialectRegistry.h"

namespace dendron {
/// Adds every Dendron dialect (and the upstream ones it relies on) to
/// `registry`.
void registerAllDialects(mlir::DialectRegistry &registry);
/// Registers every Dendron pass and pipeline with the global registry.
void registerAllPasses();
} // namespace dendron

#endif // DENDRON_INITALL_H
