//===- SnnDialect.td - Spiking neural network dialect ------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNDIALECT_TD
#define DENDRON_DIALECT_SNN_SNNDIALECT_TD

include "mlir/IR/DialectBase.td"

def Snn_Dialect : Dialect {
  let name = "snn";
  let cppNamespace = "::dendron::snn";
  let summary = "Target-independent spiking and dendritic neural networks";
  let description = [{
    The `snn` dialect describes a spiking network as a graph: populations of
    neurons (point or dendritic models), spike sources, projections between
    them (explicit, convolutional or procedural connectors with integer
    delays) with optional plasticity, and probes naming what to record. The
    network lives in one `snn.network` op that fixes the timestep and the
    numeric profile. Its discrete-time meaning is given in
    `docs/Semantics.md`; every target reproduces it.
  }];
  let useDefaultAttributePrinterParser = 1;
  let useDefaultTypePrinterParser = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
    void registerTypes();
  }];
}

#endif // DENDRON_DIALECT_SNN_SNNDIALECT_TD
