//===- MulticastTree.h - Multicast routing trees on the mesh ----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A multicast routing tree says, for every chip a packet from one source
/// passes through, which of the six links it leaves by and whether (and to
/// which cores) it is delivered locally. Trees are shortest-path trees over
/// the live links, built deterministically (docs/Machine.md, "Multicast
/// routing trees").
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_MACHINE_MULTICASTTREE_H
#define DENDRON_MACHINE_MULTICASTTREE_H

#include "dendron/Machine/MachineModel.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dendron::machine {

/// What one chip's router does with the tree's packets.
struct RouteEntry {
  /// Bit d set: forward on link d (Direction numbering).
  uint8_t linkMask = 0;
  /// The chip is a target: the packet is delivered here.
  bool deliverLocal = false;
  /// Cores the packet is delivered to on this chip, ascending; empty when
  /// the chip was given as a chip target without cores.
  std::vector<int> cores;

  bool sendsOn(Direction d) const {
    return (linkMask >> static_cast<int>(d)) & 1;
  }
};

/// A multicast routing tree rooted at a source chip.
struct MulticastTree {
  ChipCoord source;
  /// One entry per chip the packets visit (source included), keyed by chip.
  std::map<ChipCoord, RouteEntry> entries;

  /// Total inter-chip link traversals of one packet [hops].
  int numLinks() const;
};

/// Builds the tree from `source` to every chip in `targets` (duplicates are
/// allowed and merged). Each target chip is marked deliverLocal. On failure
/// (dead or absent source or target, unreachable targets) returns nullopt
/// and sets error, naming every offending chip.
std::optional<MulticastTree>
buildMulticastTree(const MachineModel &machine, ChipCoord source,
                   const std::vector<ChipCoord> &targets, std::string &error);

/// As above with core targets: each core must exist on its chip, be alive
/// and not be the monitor core; its chip becomes a target and the core is
/// listed in `cores`.
std::optional<MulticastTree>
buildMulticastTree(const MachineModel &machine, ChipCoord source,
                   const std::vector<CoreCoord> &targets, std::string &error);

} // namespace dendron::machine

#endif // DENDRON_MACHINE_MULTICASTTREE_H
