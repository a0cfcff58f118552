//===- SpinnAttributes.td - spinn dialect attributes -------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINNATTRIBUTES_TD
#define DENDRON_DIALECT_SPINN_SPINNATTRIBUTES_TD

include "dendron/Dialect/Spinn/SpinnDialect.td"
include "mlir/IR/AttrTypeBase.td"

class Spinn_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Spinn_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
}

def Spinn_CoreAttr : Spinn_Attr<"Core", "core"> {
  let summary = "A core of the machine: chip (x, y) and processor p";
  let description = [{
    `#spinn.core<x, y, p>` names processor `p` of the chip at column `x`,
    row `y` of the mesh.
  }];
  let parameters = (ins "int32_t":$x, "int32_t":$y, "int32_t":$p);
  let assemblyFormat = "`<` $x `,` $y `,` $p `>`";
  let genVerifyDecl = 1;
}

def Spinn_KeysAttr : Spinn_Attr<"Keys", "keys"> {
  let summary = "The multicast key block of a slice";
  let description = [{
    `#spinn.keys<base = B, mask = M>`: neuron `i` of the slice sends key
    `B + i`; a key `k` belongs to the block iff `k & M == B`. `M` is a
    prefix mask (ones, then zeros), so the block holds `~M + 1` keys and `B`
    is a multiple of that size.
  }];
  let parameters = (ins "uint32_t":$base, "uint32_t":$mask);
  let assemblyFormat = "`<` `base` `=` $base `,` `mask` `=` $mask `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Keys in the block: ~mask + 1 (up to 2^32).
    uint64_t getBlockSize() const { return uint64_t(~getMask()) + 1; }
  }];
}

#endif // DENDRON_DIALECT_SPINN_SPINNATTRIBUTES_TD
