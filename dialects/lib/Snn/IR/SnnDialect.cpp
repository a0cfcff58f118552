//===- SnnDialect.cpp - snn dialect registration --------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Snn/SnnDialect.h"
#include "dendron/Dialect/Snn/SnnOps.h"

using namespace mlir;
using namespace dendron::snn;

#include "dendron/Dialect/Snn/SnnDialect.cpp.inc"

void SnnDialect::initialize() {
  registerAttributes();
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "dendron/Dialect/Snn/SnnOps.cpp.inc"
      >();
}
