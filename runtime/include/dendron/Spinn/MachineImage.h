//===- MachineImage.h - A network mapped onto a SpiNNaker machine -*- C++
//-*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Everything the machine simulator needs to run a network on a
/// SpiNNaker-style machine, as plain data: the machine, the neuron models and
/// sources (no connectors: their synapses live in the cores' synaptic rows),
/// one program per used core (its slice of a population or source, its key
/// block, its master population table and synaptic rows, its ring-buffer
/// shape and biases) and one router table per chip. The compiler builds it
/// (Mapping.h), writes it to a `.dimg` file (ImageIO.h) and the runtime loads
/// and executes it (MachineSimulator.h). The on-disk format is described in
/// docs/MachineImage.md.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SPINN_MACHINEIMAGE_H
#define DENDRON_SPINN_MACHINEIMAGE_H

#include "dendron/Machine/MachineModel.h"
#include "dendron/Routing/RouterTable.h"
#include "dendron/Runtime/Network.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dendron::spinn {

//===----------------------------------------------------------------------===//
// Synaptic words
//===----------------------------------------------------------------------===//

/// Largest number of neurons one core may hold: the width of a synaptic
/// word's neuron index field (12 bits).
constexpr uint32_t kMaxNeuronsPerCore = 4096;
/// Largest number of input channels of one neuron (excitatory, inhibitory,
/// then one per dendritic branch): the width of the channel field (4 bits).
constexpr uint32_t kMaxChannels = 16;

/// One synapse as the receiving core stores it, a 64-bit word:
///   bits 63..32  weight, raw s16.15 (int32, as FixedOps holds it);
///   bits 31..16  delay [steps], 1..65535;
///   bits 15..12  channel: 0 excitatory, 1 inhibitory, 2 + k branch k;
///   bits 11..0   target neuron index within the core's slice.
/// SpiNNaker packs 16-bit weights with a per-synapse-type shift into 32-bit
/// words; s16.15 weights need all 32 bits to stay bit-exact, hence 64.
struct SynapticWord {
  static uint64_t pack(int32_t weight, uint32_t delay, uint32_t channel,
                       uint32_t index) {
    return (uint64_t(uint32_t(weight)) << 32) |
           (uint64_t(delay & 0xffff) << 16) | (uint64_t(channel & 0xf) << 12) |
           uint64_t(index & 0xfff);
  }
  static int32_t weight(uint64_t w) { return int32_t(uint32_t(w >> 32)); }
  static uint32_t delay(uint64_t w) { return uint32_t(w >> 16) & 0xffff; }
  static uint32_t channel(uint64_t w) { return uint32_t(w >> 12) & 0xf; }
  static uint32_t index(uint64_t w) { return uint32_t(w) & 0xfff; }
};

//===----------------------------------------------------------------------===//
// Per-core data
//===----------------------------------------------------------------------===//

/// One master population table entry: the packets of one source slice that
/// reach this core. A packet with key k ((k & mask) == key) selects row
/// `firstRow + (k & ~mask)`, whose words are
/// `words[rowStart[row] .. rowStart[row + 1])`. Only rows of neurons that
/// exist (k & ~mask < numRows) are valid.
struct MasterPopEntry {
  uint32_t key = 0;
  uint32_t mask = 0;
  uint32_t firstRow = 0; ///< index into CoreProgram::rowStart.
  /// Rows the entry spans (keys up to its last neuron). One entry may cover
  /// several source slices of one node whose key blocks tile an aligned
  /// block; rows of keys no neuron sends are empty.
  uint32_t numRows = 0;
};

/// What one application core runs: a slice [lo, hi) of one population or
/// source. Keys: neuron i of the slice sends key `keys.base + (i - lo)`.
struct CoreProgram {
  machine::CoreCoord core;
  rt::NodeRef node; ///< population or source the slice belongs to.
  uint32_t lo = 0, hi = 0;
  routing::KeyBlock keys;

  // --- Population slices only ------------------------------------------
  /// Sorted by key, disjoint (a binary search finds the entry of a key).
  std::vector<MasterPopEntry> masterPopTable;
  /// Row boundaries into `words`, one more than the total number of rows.
  std::vector<uint64_t> rowStart;
  /// Synaptic rows (SynapticWord). The order of words within a row does
  /// not matter: accumulation is exact (int64, docs/Semantics.md).
  std::vector<uint64_t> words;
  /// Input channels of the population's neurons (2 + branches).
  uint32_t channels = 2;
  /// Ring-buffer slots: max incoming delay + 1 [steps].
  uint32_t ringDepth = 1;
  /// Constant per-step input, raw s16.15, [channels][hi - lo]; empty when
  /// no projection into the population has a bias.
  std::vector<int64_t> bias;

  // --- Resources (filled by the mapper, reported, checked) -----------------
  uint64_t dataMemoryBytes = 0;    ///< DTCM the core uses [bytes].
  uint64_t sharedMemoryBytes = 0;  ///< SDRAM the core's rows use [bytes].
  uint64_t sharedMemoryOffset = 0; ///< where they start in the chip's SDRAM.
  /// Expected cycles per timestep at MappingOptions::expectedRateHz.
  double expectedCycles = 0.0;

  uint32_t size() const { return hi - lo; }
};

/// The (compressed) router table of one chip.
struct ChipTable {
  machine::ChipCoord chip;
  routing::RouterTable entries;
  /// Entries before compression [entries].
  uint64_t uncompressedSize = 0;
};

/// A whole mapped network.
struct MachineImage {
  /// The machine, including its dead chips, cores and links.
  machine::MachineModel machine = machine::MachineModel::spinn5();
  /// Name, dt, profile (always S16_15), populations, sources and probes.
  /// `network.projections` is empty: synapses live in the cores' rows.
  rt::NetworkSpec network;
  /// Placement seed the image was built with.
  uint64_t placementSeed = 0;
  /// One entry per used core, in slice order: by node (populations first,
  /// then sources), then by lo.
  std::vector<CoreProgram> cores;
  /// One table per chip that routes anything, row-major chip order.
  std::vector<ChipTable> tables;
  /// Synapses after expansion, over all cores.
  uint64_t numSynapses = 0;
};

} // namespace dendron::spinn

#endif // DENDRON_SPINN_MACHINEIMAGE_H
