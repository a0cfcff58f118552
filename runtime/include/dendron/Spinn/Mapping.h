//===- Mapping.h - Network to SpiNNaker machine, stage by stage -*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The mapping algorithms over plain data, one function per compiler stage.
/// The `spinn` dialect's passes call them one by one (recording each result
/// in the IR and verifying between stages); `buildMachineImage` chains them
/// for callers without MLIR (runtime tests, benchmarks). Every stage is
/// deterministic for its inputs (and the placement seed) and never throws:
/// failures return std::nullopt / false with a message that names the
/// population or chip, what was needed and the limit. See docs/Mapping.md.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SPINN_MAPPING_H
#define DENDRON_SPINN_MAPPING_H

#include "dendron/Spinn/MachineImage.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dendron::spinn {

struct MappingOptions {
  /// Upper bound on neurons per core, SpiNNaker's customary default; the
  /// partitioner goes lower when memory or the cycle budget demand it.
  uint32_t maxNeuronsPerCore = 256;
  /// Placement seed: same seed, same placement.
  uint64_t seed = 0;
  /// Firing rate assumed for the expected per-core load [Hz].
  double expectedRateHz = 10.0;
  /// Host threads for connector expansion (result independent of it).
  unsigned threads = 1;
  /// Called with (stage, done, total) during long stages; may be empty.
  std::function<void(const char *, uint64_t, uint64_t)> progress;
};

/// A slice of one node before placement.
struct Slice {
  rt::NodeRef node;
  uint32_t lo = 0, hi = 0;
};

/// Stage 2: splits every population and source into per-core slices bounded
/// by MappingOptions::maxNeuronsPerCore, kMaxNeuronsPerCore, the core's data
/// memory (neuron state, parameters and ring buffers) and the timestep's
/// cycle budget (clockHz * dt). Slice order: populations, then sources, each
/// by ascending lo. `spec` must be valid and S16_15.
std::optional<std::vector<Slice>>
partitionNetwork(const rt::NetworkSpec &spec,
                 const machine::MachineModel &machine,
                 const MappingOptions &options, std::string &error);

/// Stage 3: one live application core per slice (result[i] for slices[i]),
/// connected slices near each other, deterministic for options.seed. Fails
/// when there are more slices than live application cores.
std::optional<std::vector<machine::CoreCoord>>
placeSlices(const rt::NetworkSpec &spec, const machine::MachineModel &machine,
            const std::vector<Slice> &slices, const MappingOptions &options,
            std::string &error);

/// Stage 4: a key block per slice (routing::allocateKeys on slice sizes).
std::optional<std::vector<routing::KeyBlock>>
allocateSliceKeys(const std::vector<Slice> &slices, std::string &error);

/// Stage 5 and 6a: the multicast tree of every source slice (to the cores
/// of every slice its node projects to), routed around dead links and
/// chips, merged into one uncompressed router table per chip (row-major
/// chip order; chips that route nothing are omitted).
std::optional<std::vector<ChipTable>> buildRoutingTables(
    const rt::NetworkSpec &spec, const machine::MachineModel &machine,
    const std::vector<Slice> &slices,
    const std::vector<machine::CoreCoord> &placement,
    const std::vector<routing::KeyBlock> &keys, std::string &error);

/// Stage 6b: compresses every table to machine.routerEntries; fails with
/// "chip (x, y): router table needs N entries after compression, limit L".
/// `uncompressedSize` is kept.
bool compressRoutingTables(std::vector<ChipTable> &tables,
                           const machine::MachineModel &machine,
                           std::string &error);

/// Stage 7: expands every connector and builds each core's synaptic data
/// (master population table, rows of packed words, ring depth, biases) and
/// its resource use; fails when a core's data memory or a chip's shared
/// memory is exceeded (naming the core, the population, bytes needed and the
/// limit) or when the network uses plasticity (not mapped yet).
/// result[i] belongs to slices[i].
std::optional<std::vector<CoreProgram>>
buildSynapticData(const rt::NetworkSpec &spec,
                  const machine::MachineModel &machine,
                  const std::vector<Slice> &slices,
                  const std::vector<machine::CoreCoord> &placement,
                  const std::vector<routing::KeyBlock> &keys,
                  const MappingOptions &options, std::string &error);

/// All stages in order. `spec` is validated and must be S16_15 (quantized).
std::optional<MachineImage>
buildMachineImage(const rt::NetworkSpec &spec,
                  const machine::MachineModel &machine,
                  const MappingOptions &options, std::string &error);

} // namespace dendron::spinn

#endif // DENDRON_SPINN_MAPPING_H
