//===- SpinnOps.td - spinn dialect operations --------------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINNOPS_TD
#define DENDRON_DIALECT_SPINN_SPINNOPS_TD

include "dendron/Dialect/Spinn/SpinnAttributes.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

class Spinn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Spinn_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Machine
//===----------------------------------------------------------------------===//

def Spinn_MachineOp : Spinn_Op<"machine", [Symbol]> {
  let summary = "The machine a network is mapped onto";
  let description = [{
    A module-level description of the target machine: the profile it was
    built from (`spinn5`, `spinn2`, `WxH` or the JSON file's path) and its
    full JSON description (docs/Machine.md), which keeps dead chips, cores
    and links and every resource number. The verifier parses the JSON.

    ```mlir
    spinn.machine @machine profile("2x2") description("{...}")
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrAttr:$profile,
                       StrAttr:$description);
  let assemblyFormat = [{
    $sym_name `profile` `(` $profile `)` `description` `(` $description `)`
    attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The machine the description holds; nullopt (and `error` set to the
    /// loader's message) when it does not parse.
    std::optional<::dendron::machine::MachineModel> parseModel(
        std::string &error);
  }];
}

//===----------------------------------------------------------------------===//
// Mapping
//===----------------------------------------------------------------------===//

def Spinn_MappingOp : Spinn_Op<"mapping", [
    SymbolTable, NoTerminator, SingleBlock, IsolatedFromAbove,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "How one network is mapped onto one machine";
  let description = [{
    Holds the result of every mapping stage for the `snn.network` named by
    `network` on the `spinn.machine` named by `machine`: slices (in slice
    order: populations, then sources, each by ascending `lo`), then router
    tables (row-major chip order), then synaptic matrices. `expected_rate`
    is the firing rate [Hz] the partitioner assumed; `seed` the placement
    seed once slices are placed; `num_synapses` the number of synapses once
    synaptic matrices are built.

    The region verifier checks the stage invariants: slices cover each node
    exactly and are no larger than a core allows, placed slices sit on
    distinct live application cores, key blocks are disjoint and hold their
    slice, tables fit the router once compressed, and each synaptic matrix
    fits its slice.

    ```mlir
    spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
      spinn.slice @exc_0 node(@exc) range(0, 200)
    }
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$network, FlatSymbolRefAttr:$machine,
                       F64Attr:$expected_rate,
                       OptionalAttr<I64Attr>:$seed,
                       OptionalAttr<I64Attr>:$num_synapses);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `network` `(` $network `)` `machine` `(` $machine `)`
    `expected_rate` `(` $expected_rate `)` (`seed` `(` $seed^ `)`)?
    (`synapses` `(` $num_synapses^ `)`)? attr-dict-with-keyword $body
  }];
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::Block *getBodyBlock() { return &getBody().front(); }
  }];
}

def Spinn_SliceOp : Spinn_Op<"slice", [Symbol, HasParent<"MappingOp">]> {
  let summary = "The neurons [lo, hi) of a population or source on one core";
  let description = [{
    `node` names a population or source of the mapped network. `core` is
    set by placement, `keys` by key allocation.

    ```mlir
    spinn.slice @exc_0 node(@exc) range(0, 200) core(#spinn.core<0, 0, 1>)
        keys(#spinn.keys<base = 0, mask = 4294967040>)
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, FlatSymbolRefAttr:$node,
                       I64Attr:$lo, I64Attr:$hi,
                       OptionalAttr<Spinn_CoreAttr>:$core,
                       OptionalAttr<Spinn_KeysAttr>:$keys);
  let assemblyFormat = [{
    $sym_name `node` `(` $node `)` `range` `(` $lo `,` $hi `)`
    (`core` `(` qualified($core)^ `)`)? (`keys` `(` qualified($keys)^ `)`)?
    attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Neurons in the slice.
    uint64_t getSize() { return uint64_t(getHi() - getLo()); }
  }];
}

def Spinn_RouterTableOp : Spinn_Op<"router_table", [HasParent<"MappingOp">]> {
  let summary = "The multicast router table of one chip";
  let description = [{
    The ordered table of chip (`x`, `y`): one row per entry, columns
    `key, mask, route word 0, route word 1, route word 2, arrival` (route
    bits as in routing::Route: links 0-5, then cores; arrival is the link
    every matched packet arrives by, or -1 when unknown or local).
    `uncompressed` is the entry count before compression; `compressed`
    marks a table the compressor has run on, which must fit the router.

    ```mlir
    spinn.router_table chip(0, 0) uncompressed(1)
        entries(dense<[[0, -256, 128, 0, 0, -1]]> : tensor<1x6xi64>)
    ```
  }];
  let arguments = (ins I64Attr:$x, I64Attr:$y, I64Attr:$uncompressed,
                       UnitAttr:$compressed, I64ElementsAttr:$entries);
  let assemblyFormat = [{
    `chip` `(` $x `,` $y `)` `uncompressed` `(` $uncompressed `)`
    (`compressed` $compressed^)? `entries` `(` $entries `)` attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Number of entries in the table now.
    int64_t getNumEntries() {
      return ::llvm::cast<::mlir::ShapedType>(getEntries().getType())
          .getDimSize(0);
    }
  }];
}

def Spinn_SynapticMatrixOp : Spinn_Op<"synaptic_matrix", [
    HasParent<"MappingOp">]> {
  let summary = "The synaptic data and resource use of one slice's core";
  let description = [{
    What the core of slice `slice` holds: its master population table
    (`master_pop`, rows `key, mask, first row, rows`), the row boundaries
    (`row_start`, one more than the rows) and the synaptic rows (`words`,
    packed dendron::spinn::SynapticWord), its ring-buffer depth and input
    channels, the optional per-step bias `[channels][slice size]` (raw
    s16.15), and its resource use: data memory, shared memory and its
    offset [bytes], expected cycles per timestep. Tables and words are
    `dense_resource` blobs so that large networks are never printed inline.
  }];
  let arguments = (ins FlatSymbolRefAttr:$slice, I64Attr:$channels,
                       I64Attr:$ring_depth, ElementsAttr:$master_pop,
                       ElementsAttr:$row_start, ElementsAttr:$words,
                       OptionalAttr<ElementsAttr>:$bias,
                       I64Attr:$data_memory, I64Attr:$shared_memory,
                       I64Attr:$shared_offset, F64Attr:$expected_cycles);
  let assemblyFormat = [{
    $slice `channels` `(` $channels `)` `ring_depth` `(` $ring_depth `)`
    `master_pop` `(` $master_pop `)` `row_start` `(` $row_start `)`
    `words` `(` $words `)` (`bias` `(` $bias^ `)`)?
    `memory` `(` `data` `=` $data_memory `,` `shared` `=` $shared_memory
    `at` $shared_offset `)` `cycles` `(` $expected_cycles `)` attr-dict
  }];
  let hasVerifier = 1;
}

#endif // DENDRON_DIALECT_SPINN_SPINNOPS_TD
