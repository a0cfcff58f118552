//===- Snn.td - snn dialect entry point --------------------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNN_TD
#define DENDRON_DIALECT_SNN_SNN_TD

include "dendron/Dialect/Snn/SnnDialect.td"
include "dendron/Dialect/Snn/SnnAttributes.td"
include "dendron/Dialect/Snn/SnnTypes.td"
include "dendron/Dialect/Snn/SnnOps.td"

#endif // DENDRON_DIALECT_SNN_SNN_TD
