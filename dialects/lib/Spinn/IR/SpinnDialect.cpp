//===- SpinnDialect.cpp - spinn dialect registration ----------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Spinn/SpinnDialect.h"
#include "dendron/Dialect/Spinn/SpinnOps.h"

using namespace mlir;
using namespace dendron::spinn;

#include "dendron/Dialect/Spinn/SpinnDialect.cpp.inc"

void SpinnDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "dendron/Dialect/Spinn/SpinnOps.cpp.inc"
      >();
}
