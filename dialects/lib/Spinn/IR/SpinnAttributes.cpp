//===- SpinnAttributes.cpp - spinn dialect attributes ---------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Spinn/SpinnAttributes.h"
#include "dendron/Dialect/Spinn/SpinnDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace dendron::spinn;

#define GET_ATTRDEF_CLASSES
#include "dendron/Dialect/Spinn/SpinnAttributes.cpp.inc"

void SpinnDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dendron/Dialect/Spinn/SpinnAttributes.cpp.inc"
      >();
}

LogicalResult CoreAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               int32_t x, int32_t y, int32_t p) {
  if (x < 0 || y < 0 || p < 0)
    return emitError() << "core coordinates must be non-negative, got <" << x
                       << ", " << y << ", " << p << ">";
  return success();
}

LogicalResult KeysAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               uint32_t base, uint32_t mask) {
  // A block is a power of two of keys iff the don't-care bits (~mask) are
  // the low bits: ~mask + 1 then has no bit in common with ~mask.
  uint32_t dontCare = ~mask;
  if ((dontCare & (dontCare + 1)) != 0)
    return emitError() << "key mask " << mask
                       << " is not a prefix mask (ones, then zeros)";
  if ((base & dontCare) != 0)
    return emitError() << "key base " << base << " has bits outside its mask "
                       << mask;
  return success();
}
