//===- SnnTypes.cpp - snn dialect types -----------------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Snn/SnnTypes.h"
#include "dendron/Dialect/Snn/SnnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace dendron::snn;

#define GET_TYPEDEF_CLASSES
#include "dendron/Dialect/Snn/SnnTypes.cpp.inc"

LogicalResult
PopulationType::verify(function_ref<InFlightDiagnostic()> emitError,
                       uint32_t size) {
  if (size == 0)
    return emitError() << "population size must be at least 1, got 0";
  return success();
}

void SnnDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dendron/Dialect/Snn/SnnTypes.cpp.inc"
      >();
}
