//===- SpinnOps.h - spinn dialect operations --------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINNOPS_H
#define DENDRON_DIALECT_SPINN_SPINNOPS_H

#include "dendron/Dialect/Spinn/SpinnAttributes.h"
#include "dendron/Dialect/Spinn/SpinnDialect.h"

#include "dendron/Machine/MachineModel.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"

#include <optional>
#include <string>

#define GET_OP_CLASSES
#include "dendron/Dialect/Spinn/SpinnOps.h.inc"

namespace dendron::spinn {
/// The 64-bit integers of `attr`, row-major, whether it is an inline
/// `dense<...>` (copied into `storage`) or a `dense_resource` blob (viewed
/// in place, never copied: synaptic words can be gigabytes). Fails when the
/// element type is not i64 or the blob is missing (e.g. elided).
mlir::FailureOr<llvm::ArrayRef<int64_t>>
getI64Values(mlir::ElementsAttr attr, llvm::SmallVectorImpl<int64_t> &storage);
} // namespace dendron::spinn

#endif // DENDRON_DIALECT_SPINN_SPINNOPS_H
