//===- SpinnAttributes.h - spinn dialect attributes -------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINNATTRIBUTES_H
#define DENDRON_DIALECT_SPINN_SPINNATTRIBUTES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#define GET_ATTRDEF_CLASSES
#include "dendron/Dialect/Spinn/SpinnAttributes.h.inc"

#endif // DENDRON_DIALECT_SPINN_SPINNATTRIBUTES_H
