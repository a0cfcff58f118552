//===- MachineModel.h - A SpiNNaker-style many-core machine -----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The one target model every mapping pass queries: chips on a 2-D
/// triangular mesh with six links per chip, cores per chip, memories, router
/// size, clock, a cycle-cost table and the dead chips, cores and links. The
/// JSON form is described in docs/Machine.md.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_MACHINE_MACHINEMODEL_H
#define DENDRON_MACHINE_MACHINEMODEL_H

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace dendron::machine {

/// A chip-to-chip link, numbered in SpiNNaker order.
enum class Direction : uint8_t { E = 0, NE = 1, N = 2, W = 3, SW = 4, S = 5 };

/// Number of inter-chip links per chip.
constexpr int kNumDirections = 6;

/// All directions in link-number order (E, NE, N, W, SW, S).
constexpr std::array<Direction, kNumDirections> kAllDirections = {
    Direction::E, Direction::NE, Direction::N,
    Direction::W, Direction::SW, Direction::S};

/// The direction of the same link seen from the other chip: (d + 3) mod 6.
constexpr Direction opposite(Direction d) {
  return static_cast<Direction>((static_cast<int>(d) + 3) % kNumDirections);
}

/// The (dx, dy) step of a link: E(+1,0) NE(+1,+1) N(0,+1) W(-1,0)
/// SW(-1,-1) S(0,-1).
constexpr std::array<int, 2> directionOffset(Direction d) {
  constexpr int dx[kNumDirections] = {1, 1, 0, -1, -1, 0};
  constexpr int dy[kNumDirections] = {0, 1, 1, 0, -1, -1};
  return {dx[static_cast<int>(d)], dy[static_cast<int>(d)]};
}

/// "E", "NE", "N", "W", "SW" or "S".
const char *directionName(Direction d);

/// Parses a direction name as written by directionName.
std::optional<Direction> parseDirection(const std::string &name);

/// A chip's coordinates on the mesh.
struct ChipCoord {
  int32_t x = 0; ///< Column [chips].
  int32_t y = 0; ///< Row [chips].
  friend bool operator==(ChipCoord a, ChipCoord b) {
    return a.x == b.x && a.y == b.y;
  }
  friend bool operator!=(ChipCoord a, ChipCoord b) { return !(a == b); }
  /// Row-major order: by y, then x.
  friend bool operator<(ChipCoord a, ChipCoord b) {
    return std::tie(a.y, a.x) < std::tie(b.y, b.x);
  }
};

/// A core: chip coordinates and processor number p.
struct CoreCoord {
  int32_t x = 0; ///< Chip column [chips].
  int32_t y = 0; ///< Chip row [chips].
  int32_t p = 0; ///< Processor number on the chip [0, coresPerChip).
  friend bool operator<(const CoreCoord &a, const CoreCoord &b) {
    return std::tie(a.y, a.x, a.p) < std::tie(b.y, b.x, b.p);
  }
  friend bool operator==(const CoreCoord &a, const CoreCoord &b) {
    return a.x == b.x && a.y == b.y && a.p == b.p;
  }
};

/// Cycle costs of the work a core does in a timestep. All values are ARM
/// core clock cycles. The SpiNNaker1 defaults are *estimates* of the order
/// reported in the literature, not measurements on this code:
///  - neuron update: Sharp et al., "Power-efficient simulation of detailed
///    cortical microcircuits on SpiNNaker", J. Neurosci. Methods 2012,
///    and the sPyNNaker documentation, put a LIF (current-based) update at
///    roughly 100 cycles per neuron per timestep at 200 MHz; conductance
///    and dendritic models cost more (estimate);
///  - per packet received: interrupt entry, master-population-table lookup
///    and DMA set-up, of order 100-200 cycles (Knight & Furber, "Synapse-
///    centric mapping of cortical models to the SpiNNaker neuromorphic
///    architecture", Front. Neurosci. 2016) (estimate);
///  - per synaptic word: of order 10-20 cycles to decode a packed word and
///    add its weight into the ring buffer (Knight & Furber 2016) (estimate);
///  - per DMA byte: the chip's SDRAM gives about 1 GB/s shared by all cores
///    (Painkras et al., "SpiNNaker: a 1-W 18-core system-on-chip for
///    massively-parallel neural network simulation", IEEE JSSC 2013); a
///    core at 200 MHz sees a fraction of that (estimate).
struct CycleCosts {
  /// Cycles per neuron update per timestep, by neuron model name
  /// [cycles/neuron/timestep].
  std::map<std::string, double> neuronUpdate;
  /// Cycles for a model not in neuronUpdate [cycles/neuron/timestep].
  double defaultNeuronUpdate = 150.0;
  /// Cycles per multicast packet received [cycles/packet].
  double perPacketReceived = 150.0;
  /// Cycles per synaptic word processed [cycles/word].
  double perSynapticWord = 15.0;
  /// Cycles per byte moved by DMA from shared memory [cycles/byte].
  double perDmaByte = 0.5;

  /// The neuron-update cost of a model, or defaultNeuronUpdate
  /// [cycles/neuron/timestep].
  double neuronUpdateCost(const std::string &model) const;
  /// The SpiNNaker1 estimates above.
  static CycleCosts spinnaker1();
};

/// A SpiNNaker-style machine: a W x H triangular mesh (optionally a torus),
/// of which a subset of positions holds chips (the board shape), minus dead
/// chips, cores and links.
class MachineModel {
public:
  /// An all-chips W x H mesh with SpiNNaker1 per-chip resources. width and
  /// height must be in [1, kMaxDimension].
  MachineModel(int width, int height, bool torus);

  /// Largest width or height accepted [chips] (SpiNNaker's 8-bit coordinates).
  static constexpr int kMaxDimension = 256;

  /// The 48-chip SpiNN-5 board: an 8x8 array with the corners cut so that
  /// chips form a hexagon; (x, y) holds a chip iff y - x <= 3 and x - y <= 4.
  /// No wrap-around. SpiNNaker1 resources.
  static MachineModel spinn5();
  /// A single SpiNNaker2-like chip (1x1) with 152 cores, 16,384 router
  /// entries and 1 GiB shared memory; other numbers are approximations (see
  /// the definition).
  static MachineModel spinn2();
  /// A W x H mesh of SpiNNaker1 chips.
  static MachineModel grid(int width, int height, bool torus);
  /// "spinn5", "spinn2", "WxH" or "WxHt" (t: torus). On failure returns
  /// nullopt and sets error.
  static std::optional<MachineModel> fromProfile(const std::string &name,
                                                 std::string &error);

  /// Profile or description name, e.g. "spinn5".
  const std::string &name() const { return name_; }
  void setName(std::string name) { name_ = std::move(name); }
  /// The board shape this machine was built from: "spinn5", "spinn2" or
  /// "grid".
  const std::string &profile() const { return profile_; }

  int width() const { return width_; }   ///< Mesh width [chips].
  int height() const { return height_; } ///< Mesh height [chips].
  bool torus() const { return torus_; }  ///< Links wrap at the edges.

  // --- Per-chip resources -------------------------------------------------
  /// Cores per chip, including the monitor core [cores].
  int coresPerChip = 18;
  /// Processor number of the monitor core, never used for application work.
  int monitorCore = 0;
  /// Data memory (DTCM) per core [bytes].
  uint64_t coreDataMemory = 64 * 1024;
  /// Shared memory (SDRAM) per chip [bytes].
  uint64_t chipSharedMemory = 128ull * 1024 * 1024;
  /// Usable multicast router entries per chip [entries].
  uint32_t routerEntries = 1023;
  /// Core clock [Hz].
  uint64_t clockHz = 200'000'000;
  /// Multicast packets one chip-to-chip link carries per second, each
  /// direction [packets/s]. SpiNNaker1's links move about 250 Mbit/s and a
  /// multicast packet without payload is 40 bits, so of order 6 M packets/s
  /// (Furber et al., "The SpiNNaker project", Proc. IEEE 2014) (estimate).
  /// The simulator turns it into a per-timestep budget: floor(rate * dt).
  double linkPacketsPerSecond = 6'250'000.0;
  /// Dropped packets the monitor core of a chip can hold for re-injection
  /// [packets]; SpiNNaker's re-injector keeps a small queue (estimate).
  uint32_t reinjectionQueue = 256;
  /// Cycle costs [cycles per unit of work].
  CycleCosts cycleCosts = CycleCosts::spinnaker1();

  // --- Geometry -----------------------------------------------------------
  /// True if (x, y) is inside the mesh and the board shape holds a chip
  /// there (dead or alive).
  bool inShape(ChipCoord c) const;
  /// True if a chip exists at c and is not dead.
  bool chipAlive(ChipCoord c) const;
  /// The position one link away, with wrap-around on a torus; nullopt when
  /// the step leaves the mesh or lands outside the board shape. Ignores
  /// dead chips and links.
  std::optional<ChipCoord> neighbour(ChipCoord c, Direction d) const;
  /// True if a packet can cross link d of chip c: both chips alive and the
  /// link not dead.
  bool linkUsable(ChipCoord c, Direction d) const;
  /// Hop count on the triangular mesh without obstacles (with wrap on a
  /// torus): max(|dx|,|dy|) when dx and dy have the same sign, else
  /// |dx| + |dy| [hops].
  int hexDistance(ChipCoord a, ChipCoord b) const;

  /// Chips in the shape (dead or alive), row-major order.
  std::vector<ChipCoord> allChips() const;
  /// Live chips, row-major order.
  std::vector<ChipCoord> liveChips() const;
  /// Number of live chips [chips].
  int numLiveChips() const;
  /// Application cores of a live chip: not the monitor, not dead,
  /// ascending. Empty for a dead or absent chip.
  std::vector<int> applicationCores(ChipCoord c) const;

  // --- Faults -------------------------------------------------------------
  /// Marks a chip dead. Returns false (and changes nothing) if no chip is
  /// at c.
  bool killChip(ChipCoord c);
  /// Marks a core dead. Returns false if the chip does not exist or p is
  /// not in [0, coresPerChip).
  bool killCore(CoreCoord core);
  /// Marks a link dead in both directions. Returns false if the chip does
  /// not exist or the link leads outside the machine.
  bool killLink(ChipCoord c, Direction d);

  bool chipDead(ChipCoord c) const { return deadChips_.count(c) != 0; }
  bool coreDead(CoreCoord core) const { return deadCores_.count(core) != 0; }
  /// True if link d of c was marked dead (from either end).
  bool linkDead(ChipCoord c, Direction d) const;

  /// Dead chips, row-major.
  const std::set<ChipCoord> &deadChips() const { return deadChips_; }
  /// Dead cores, ordered by chip then p.
  const std::set<CoreCoord> &deadCores() const { return deadCores_; }
  /// Dead links, each listed once, from the end that is first in row-major
  /// order (ties: lower direction number).
  std::vector<std::pair<ChipCoord, Direction>> deadLinks() const;

private:
  MachineModel() = default;
  int index(ChipCoord c) const { return c.y * width_ + c.x; }

  std::string name_;
  std::string profile_ = "grid";
  int width_ = 1;
  int height_ = 1;
  bool torus_ = false;
  /// shape_[y * width + x]: a chip exists at (x, y).
  std::vector<bool> shape_;
  std::set<ChipCoord> deadChips_;
  std::set<CoreCoord> deadCores_;
  /// Both ends of every dead link: (chip, direction).
  std::set<std::pair<ChipCoord, int>> deadLinkEnds_;
};

} // namespace dendron::machine

#endif // DENDRON_MACHINE_MACHINEMODEL_H
