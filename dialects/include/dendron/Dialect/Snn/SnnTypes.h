//===- SnnTypes.h - snn dialect types ---------------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNTYPES_H
#define DENDRON_DIALECT_SNN_SNNTYPES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "dendron/Dialect/Snn/SnnTypes.h.inc"

#endif // DENDRON_DIALECT_SNN_SNNTYPES_H
