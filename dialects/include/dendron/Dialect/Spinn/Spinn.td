//===- Spinn.td - spinn dialect entry point ----------------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINN_TD
#define DENDRON_DIALECT_SPINN_SPINN_TD

include "dendron/Dialect/Spinn/SpinnDialect.td"
include "dendron/Dialect/Spinn/SpinnAttributes.td"
include "dendron/Dialect/Spinn/SpinnOps.td"

#endif // DENDRON_DIALECT_SPINN_SPINN_TD
