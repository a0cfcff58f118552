//===- MachineSimulator.h - Runs a machine image ----------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Executes a MachineImage the way the machine would: every core updates its
/// neurons each timestep and sends one multicast packet per spike; routers
/// forward packets by table lookup (default route when nothing matches);
/// a receiving core looks the key up in its master population table, reads
/// the row and adds each weight into its delay ring buffer. Models per-core
/// cycles against the timestep budget and per-link packet capacity (drops,
/// re-injection). Spike trains equal the reference simulator's in s16.15
/// bit for bit when nothing is dropped, whatever the thread count.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SPINN_MACHINESIMULATOR_H
#define DENDRON_SPINN_MACHINESIMULATOR_H

#include "dendron/Runtime/Recording.h"
#include "dendron/Spinn/MachineImage.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dendron::spinn {

struct MachineRunOptions {
  uint32_t steps = 0;   ///< timesteps to simulate.
  unsigned threads = 1; ///< host threads; results never depend on it.
  /// Fewest neurons (over all cores) per host thread, as
  /// rt::RunOptions::minNeuronsPerThread: below it the per-step handshake
  /// between threads costs more than the work they share. 0 uses every
  /// requested thread. Results never depend on it.
  uint32_t minNeuronsPerThread = 8192;
  /// Spike trains for the network's external sources, matched by name.
  const std::vector<rt::SpikeTrain> *external = nullptr;
};

/// Per-core timing over the run.
struct CoreStats {
  machine::CoreCoord core;
  uint64_t packetsReceived = 0;
  uint64_t synapticWords = 0;
  double maxCycles = 0.0;   ///< worst timestep [cycles].
  double totalCycles = 0.0; ///< all timesteps [cycles].
  uint32_t overruns = 0;    ///< timesteps over the budget.
};

/// Packets over one link during the run.
struct LinkStats {
  machine::ChipCoord chip;
  machine::Direction direction = machine::Direction::E;
  uint64_t packets = 0;    ///< carried.
  uint64_t maxPerStep = 0; ///< busiest timestep.
  uint64_t dropped = 0;    ///< over capacity at this link.
};

/// What the machine did, beyond the spikes.
struct MachineReport {
  double budgetCycles = 0.0; ///< clockHz * dt [cycles/timestep].
  uint64_t linkCapacityPerStep = 0;
  std::vector<CoreStats> cores; ///< image core order.
  std::vector<LinkStats> links; ///< links that carried packets.
  uint64_t packetsSent = 0;
  uint64_t packetsDropped = 0;    ///< dropped at a full link.
  uint64_t packetsReinjected = 0; ///< of those, delivered a step late.
  uint64_t packetsLost = 0;       ///< of those, never delivered.
  uint64_t routerLookups = 0;
  uint64_t defaultRouted = 0; ///< lookups that matched no entry.
};

struct MachineRun {
  rt::Recording recording;
  MachineReport report;
};

/// Runs `image`. On failure (invalid image or inputs, out of memory)
/// returns std::nullopt and sets `error`.
std::optional<MachineRun> runMachine(const MachineImage &image,
                                     const MachineRunOptions &options,
                                     std::string &error);

} // namespace dendron::spinn

#endif // DENDRON_SPINN_MACHINESIMULATOR_H
