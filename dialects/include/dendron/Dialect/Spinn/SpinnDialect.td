//===- SpinnDialect.td - SpiNNaker mapping dialect ---------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINNDIALECT_TD
#define DENDRON_DIALECT_SPINN_SPINNDIALECT_TD

include "mlir/IR/DialectBase.td"

def Spinn_Dialect : Dialect {
  let name = "spinn";
  let cppNamespace = "::dendron::spinn";
  let summary = "An snn network mapped onto a SpiNNaker-style machine";
  let description = [{
    The `spinn` dialect records, stage by stage, how an `snn.network` is
    mapped onto a SpiNNaker-style many-core machine: the machine itself
    (`spinn.machine`), and in one `spinn.mapping` op the per-core slices
    with their placement and routing keys (`spinn.slice`), the per-chip
    multicast router tables (`spinn.router_table`) and the per-core synaptic
    data (`spinn.synaptic_matrix`). Each pass runs one stage of the
    plain-data mapper (runtime/include/dendron/Spinn/Mapping.h) and records
    its result; the op verifiers check the invariants between stages. See
    docs/Dialects/Spinn.md.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

#endif // DENDRON_DIALECT_SPINN_SPINNDIALECT_TD
