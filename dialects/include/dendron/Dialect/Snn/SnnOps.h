//===- SnnOps.h - snn dialect operations ------------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNOPS_H
#define DENDRON_DIALECT_SNN_SNNOPS_H

#include "dendron/Dialect/Snn/SnnAttributes.h"
#include "dendron/Dialect/Snn/SnnDialect.h"
#include "dendron/Dialect/Snn/SnnTypes.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <array>
#include <optional>

#include "dendron/Dialect/Snn/SnnOpInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dendron/Dialect/Snn/SnnOps.h.inc"

#endif // DENDRON_DIALECT_SNN_SNNOPS_H
