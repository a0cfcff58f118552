//===- SnnDialect.h - snn dialect declaration -------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNDIALECT_H
#define DENDRON_DIALECT_SNN_SNNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dendron/Dialect/Snn/SnnDialect.h.inc"

#endif // DENDRON_DIALECT_SNN_SNNDIALECT_H
