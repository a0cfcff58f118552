//===- SpinnDialect.h - spinn dialect declaration ---------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINNDIALECT_H
#define DENDRON_DIALECT_SPINN_SPINNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "dendron/Dialect/Spinn/SpinnDialect.h.inc"

#endif // DENDRON_DIALECT_SPINN_SPINNDIALECT_H
