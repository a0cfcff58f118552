//===- SnnAttributes.h - snn dialect attributes -----------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNATTRIBUTES_H
#define DENDRON_DIALECT_SNN_SNNATTRIBUTES_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/Hashing.h"

#include <cstring>
#include <string>

#include "dendron/Dialect/Snn/SnnEnums.h.inc"

namespace dendron::snn {
/// A real-valued attribute parameter. It converts to and from `double`; the
/// wrapper exists only so that attribute storage can hash it (LLVM has no
/// `hash_value(double)`).
struct Real {
  double value = 0.0;
  Real() = default;
  Real(double value) : value(value) {}
  operator double() const { return value; }
};

inline llvm::hash_code hash_value(Real real) {
  uint64_t bits;
  static_assert(sizeof(bits) == sizeof(real.value));
  std::memcpy(&bits, &real.value, sizeof(bits));
  return llvm::hash_value(bits);
}

/// Returns the shortest decimal that parses back to `value` exactly (`-50.0`,
/// `0.1`, `3.3333333333333335`), or `inf`, `-inf`, `nan`. Diagnostics use it
/// so that the value they name is the value in the IR.
std::string formatReal(double value);
/// Prints `value` as the shortest decimal that parses back to the same
/// double, so parameters survive text round trips exactly.
void printReal(mlir::AsmPrinter &printer, double value);
/// Parses a real parameter (float or integer literal).
mlir::FailureOr<Real> parseReal(mlir::AsmParser &parser);
} // namespace dendron::snn

#include "dendron/Dialect/Snn/SnnAttrInterfaces.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dendron/Dialect/Snn/SnnAttributes.h.inc"

#endif // DENDRON_DIALECT_SNN_SNNATTRIBUTES_H
