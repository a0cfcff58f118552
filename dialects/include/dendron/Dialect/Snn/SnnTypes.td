//===- SnnTypes.td - snn dialect types ---------------------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNTYPES_TD
#define DENDRON_DIALECT_SNN_SNNTYPES_TD

include "dendron/Dialect/Snn/SnnDialect.td"
include "mlir/IR/AttrTypeBase.td"

class Snn_Type<string name, string typeMnemonic> : TypeDef<Snn_Dialect, name> {
  let mnemonic = typeMnemonic;
}

def Snn_PopulationType : Snn_Type<"Population", "pop"> {
  let summary = "A group of neurons or spike sources";
  let description = [{
    The value produced by a population or a spike source. Its only parameter
    is the number of neurons, so that projections can check their shapes
    without looking at the defining op.

    ```mlir
    !snn.pop<3200>
    ```
  }];
  let parameters = (ins "uint32_t":$size);
  let assemblyFormat = "`<` $size `>`";
  let genVerifyDecl = 1;
}

#endif // DENDRON_DIALECT_SNN_SNNTYPES_TD
