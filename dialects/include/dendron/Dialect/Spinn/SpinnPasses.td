//===- SpinnPasses.td - spinn dialect passes ---------------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// One pass per mapping stage. Each reads what the earlier stages recorded,
// calls the stage of the plain-data mapper (dendron/Spinn/Mapping.h) and
// records its result; failures are diagnostics carrying the mapper's message
// (which names the population or chip, what was needed and the limit).
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SPINN_SPINNPASSES_TD
#define DENDRON_DIALECT_SPINN_SPINNPASSES_TD

include "mlir/Pass/PassBase.td"

def SpinnAttachMachine : Pass<"spinn-attach-machine", "::mlir::ModuleOp"> {
  let summary = "Describe the target machine in a spinn.machine op";
  let description = [{
    Builds the machine from a profile (`spinn5`, `spinn2`, `WxH`, `WxHt`)
    or, for anything ending in `.json`, loads the description file
    (docs/Machine.md), and records it as `spinn.machine @machine` with its
    JSON form, replacing an earlier one.
  }];
  let options = [
    Option<"machine", "machine", "std::string", /*default=*/"\"spinn5\"",
           "Machine profile (spinn5, spinn2, WxH, WxHt) or JSON file path">
  ];
  let dependentDialects = ["::dendron::spinn::SpinnDialect"];
}

def SpinnPartition : Pass<"spinn-partition", "::mlir::ModuleOp"> {
  let summary = "Split populations and sources into per-core slices";
  let description = [{
    Creates the `spinn.mapping` of the module's network on its machine and
    one `spinn.slice` per core-sized piece of every population and source,
    bounded by `max-neurons-per-core`, the core's data memory and the
    timestep's cycle budget at `expected-rate`. Replaces an earlier mapping.
  }];
  let options = [
    Option<"maxNeuronsPerCore", "max-neurons-per-core", "unsigned",
           /*default=*/"256", "Upper bound on neurons per core">,
    Option<"expectedRate", "expected-rate", "double", /*default=*/"10.0",
           "Firing rate assumed for the expected per-core load [Hz]">
  ];
  let statistics = [
    Statistic<"numSlices", "slices", "Slices created">
  ];
  let dependentDialects = ["::dendron::spinn::SpinnDialect"];
}

def SpinnPlace : Pass<"spinn-place", "::mlir::ModuleOp"> {
  let summary = "Place every slice on a live application core";
  let description = [{
    Attaches `#spinn.core<x, y, p>` to each slice: connected slices near
    each other, dead chips and cores skipped, deterministic for `seed`.
  }];
  let options = [
    Option<"seed", "seed", "uint64_t", /*default=*/"0", "Placement seed">
  ];
  let dependentDialects = ["::dendron::spinn::SpinnDialect"];
}

def SpinnAllocateKeys : Pass<"spinn-allocate-keys", "::mlir::ModuleOp"> {
  let summary = "Give every slice a multicast key block";
  let description = [{
    Attaches `#spinn.keys<base, mask>` to each slice: aligned power-of-two
    blocks of the 32-bit key space, disjoint, largest first.
  }];
  let dependentDialects = ["::dendron::spinn::SpinnDialect"];
}

def SpinnRoute : Pass<"spinn-route", "::mlir::ModuleOp"> {
  let summary = "Build multicast trees and per-chip router tables";
  let description = [{
    Routes every source slice's packets to the cores of every slice its node
    projects to, around dead chips and links, and records one uncompressed
    `spinn.router_table` per chip that routes anything.
  }];
  let statistics = [
    Statistic<"numTables", "tables", "Router tables created">,
    Statistic<"numEntries", "entries", "Entries before compression">
  ];
  let dependentDialects = ["::dendron::spinn::SpinnDialect"];
}

def SpinnCompressTables : Pass<"spinn-compress-tables", "::mlir::ModuleOp"> {
  let summary = "Compress every router table to the router's size";
  let description = [{
    Ordered-covering compression of every `spinn.router_table`, keeping the
    uncompressed size. Fails, naming the chip, the entries needed and the
    limit, when a table cannot fit.
  }];
  let statistics = [
    Statistic<"numEntriesBefore", "entries-before", "Entries before compression">,
    Statistic<"numEntriesAfter", "entries-after", "Entries after compression">
  ];
  let dependentDialects = ["::dendron::spinn::SpinnDialect"];
}

def SpinnBuildSynapticMatrices
    : Pass<"spinn-build-synaptic-matrices", "::mlir::ModuleOp"> {
  let summary = "Expand connectors into per-core synaptic data";
  let description = [{
    Expands every connector and records, per slice, a `spinn.synaptic_matrix`
    with its master population table, synaptic rows, ring-buffer shape,
    biases and resource use. Fails when a core's data memory or a chip's
    shared memory is exceeded.
  }];
  let options = [
    Option<"threads", "threads", "unsigned", /*default=*/"1",
           "Host threads for connector expansion (result independent of it)">,
    Option<"progress", "progress", "bool", /*default=*/"false",
           "Report the expansion's progress on stderr, every 10%">
  ];
  let statistics = [
    Statistic<"numSynapses", "synapses", "Synapses after expansion">
  ];
  let dependentDialects = ["::dendron::spinn::SpinnDialect"];
}

def SpinnWriteImage : Pass<"spinn-write-image", "::mlir::ModuleOp"> {
  let summary = "Write the mapped network as a machine image file";
  let description = [{
    Reads the finished mapping into a MachineImage (exportMachineImage in
    SpinnPipeline.h), validates it and writes it to `output` (a `.dimg`
    file, docs/MachineImage.md), as `dendron compile --target=spinnaker`
    does. Leaves the IR unchanged unless `move-data` is set, which moves the
    synaptic words and row boundaries into the image instead of copying
    them (the module's synaptic matrices are left without their data).
  }];
  let options = [
    Option<"output", "output", "std::string", /*default=*/"",
           "Path of the machine image to write">,
    Option<"moveData", "move-data", "bool", /*default=*/"false",
           "Move the synaptic data out of the IR instead of copying it">
  ];
}

#endif // DENDRON_DIALECT_SPINN_SPINNPASSES_TD
