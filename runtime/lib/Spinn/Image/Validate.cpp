//===- Validate.cpp - Invariants of a machine image -----------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// validateMachineImage: everything the machine simulator relies on without
/// checking it again per packet (indices in range, keys disjoint, cores
/// usable). Both the writer and the reader run it, so an image on disk is
/// always one the simulator can execute without bounds checks.
///
//===----------------------------------------------------------------------===//

#include "dendron/Spinn/ImageIO.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <tuple>

using namespace dendron;
using namespace dendron::spinn;

namespace {

/// The number of neurons of the node `ref` names, or nullopt when it names
/// no node of `spec`.
std::optional<uint32_t> nodeSize(const rt::NetworkSpec &spec,
                                 const rt::NodeRef &ref) {
  if (ref.kind == rt::NodeRef::Kind::Population)
    return ref.index < spec.populations.size()
               ? std::optional<uint32_t>(spec.populations[ref.index].size)
               : std::nullopt;
  return ref.index < spec.sources.size()
             ? std::optional<uint32_t>(spec.sources[ref.index].size)
             : std::nullopt;
}

std::string nodeName(const rt::NodeRef &ref) {
  return fmt::format("{} {}",
                     ref.kind == rt::NodeRef::Kind::Population ? "population"
                                                               : "source",
                     ref.index);
}

/// Input channels of a population: excitatory, inhibitory, one per branch.
uint64_t channelsOf(const rt::Population &pop) {
  if (auto *dendritic = std::get_if<rt::DendriticModel>(&pop.model))
    return 2 + uint64_t(dendritic->branches.size());
  return 2;
}

std::string checkNetwork(const rt::NetworkSpec &net) {
  if (net.profile != rt::NumericProfile::S16_15)
    return "network.profile: a machine image runs in s16.15, found float";
  if (!(net.dt > 0.0) || !std::isfinite(net.dt))
    return fmt::format("network.dt: must be a positive finite time step, "
                       "found {}",
                       net.dt);
  if (!net.projections.empty())
    return fmt::format("network.projections: must be empty (synapses live "
                       "in the cores' rows), found {}",
                       net.projections.size());
  for (size_t i = 0; i < net.populations.size(); ++i)
    if (channelsOf(net.populations[i]) > kMaxChannels)
      return fmt::format("network.populations[{}] '{}': {} dendritic "
                         "branches, at most {} fit a synaptic word",
                         i, net.populations[i].name,
                         channelsOf(net.populations[i]) - 2, kMaxChannels - 2);
  for (size_t i = 0; i < net.sources.size(); ++i) {
    const rt::Source &src = net.sources[i];
    auto *array = std::get_if<rt::SpikeArraySource>(&src.kind);
    if (!array)
      continue;
    if (array->neuron.size() != array->step.size())
      return fmt::format("network.sources[{}] '{}': {} spike neurons but {} "
                         "spike steps",
                         i, src.name, array->neuron.size(), array->step.size());
    for (size_t k = 0; k < array->neuron.size(); ++k)
      if (array->neuron[k] >= src.size)
        return fmt::format("network.sources[{}] '{}': spike {} names neuron "
                           "{}, the source has {}",
                           i, src.name, k, array->neuron[k], src.size);
  }
  for (size_t i = 0; i < net.probes.size(); ++i)
    if (!nodeSize(net, net.probes[i].node))
      return fmt::format("network.probes[{}]: {} does not exist", i,
                         nodeName(net.probes[i].node));
  return "";
}

/// The key block is well formed: a power-of-two block, aligned, with the
/// mask that selects it, holding the slice's keys.
std::string checkKeyBlock(const CoreProgram &core, const std::string &where) {
  const routing::KeyBlock &k = core.keys;
  if (k.count != core.size())
    return fmt::format("{}.keys: count {} but the slice has {} neurons", where,
                       k.count, core.size());
  uint64_t needed = std::max<uint64_t>(k.count, 1);
  bool powerOfTwo = k.blockSize != 0 && (k.blockSize & (k.blockSize - 1)) == 0;
  if (!powerOfTwo || k.blockSize < needed || k.blockSize > (uint64_t(1) << 32))
    return fmt::format("{}.keys: block size {} is not a power of two in "
                       "[{}, 2^32]",
                       where, k.blockSize, needed);
  uint32_t mask = uint32_t(~(k.blockSize - 1));
  if (k.mask != mask || (k.base & ~mask) != 0)
    return fmt::format("{}.keys: base {:#010x} / mask {:#010x} is not an "
                       "aligned block of {} keys",
                       where, k.base, k.mask, k.blockSize);
  return "";
}

/// Synaptic data of a population slice: rows, words and master population
/// table all index within the core's own arrays and shape.
std::string checkSynapticData(const CoreProgram &core, uint64_t channels,
                              const std::string &where) {
  if (core.channels != channels)
    return fmt::format("{}.channels: {}, the population has {}", where,
                       core.channels, channels);
  if (core.ringDepth < 1)
    return fmt::format("{}.ringDepth: must be at least 1", where);
  if (core.rowStart.empty() || core.rowStart.front() != 0)
    return fmt::format("{}.rowStart: must start with 0", where);
  for (size_t r = 1; r < core.rowStart.size(); ++r)
    if (core.rowStart[r] < core.rowStart[r - 1])
      return fmt::format("{}.rowStart[{}]: {} is below the previous {}", where,
                         r, core.rowStart[r], core.rowStart[r - 1]);
  if (core.rowStart.back() != core.words.size())
    return fmt::format("{}.rowStart: ends at {}, but there are {} words", where,
                       core.rowStart.back(), core.words.size());
  uint64_t numRows = core.rowStart.size() - 1;
  // A branch-free pass first (it vectorises: images hold up to ~3e8 words);
  // only a failing core is walked again for the first bad word.
  const uint32_t channelLimit = core.channels, indexLimit = core.size(),
                 delayLimit = core.ringDepth - 1;
  bool anyBad = false;
  for (uint64_t word : core.words)
    anyBad |= (SynapticWord::channel(word) >= channelLimit) |
              (SynapticWord::index(word) >= indexLimit) |
              // delay in [1, ringDepth) <=> delay - 1 in [0, ringDepth - 1).
              (SynapticWord::delay(word) - 1u >= delayLimit);
  for (size_t w = 0; anyBad && w < core.words.size(); ++w) {
    uint64_t word = core.words[w];
    uint32_t channel = SynapticWord::channel(word);
    uint32_t index = SynapticWord::index(word);
    uint32_t delay = SynapticWord::delay(word);
    if (channel >= core.channels)
      return fmt::format("{}.words[{}]: channel {}, the core has {}", where, w,
                         channel, core.channels);
    if (index >= core.size())
      return fmt::format("{}.words[{}]: neuron index {}, the slice has {}",
                         where, w, index, core.size());
    if (delay < 1 || delay >= core.ringDepth)
      return fmt::format("{}.words[{}]: delay {} outside [1, ringDepth {})",
                         where, w, delay, core.ringDepth);
  }
  const auto &mpt = core.masterPopTable;
  for (size_t e = 0; e < mpt.size(); ++e) {
    const MasterPopEntry &m = mpt[e];
    uint64_t blockKeys = uint64_t(uint32_t(~m.mask)) + 1;
    if ((m.key & ~m.mask) != 0)
      return fmt::format("{}.masterPopTable[{}]: key {:#010x} has bits "
                         "outside mask {:#010x}",
                         where, e, m.key, m.mask);
    if (m.numRows > blockKeys)
      return fmt::format("{}.masterPopTable[{}]: {} rows but the key block "
                         "holds {} keys",
                         where, e, m.numRows, blockKeys);
    if (uint64_t(m.firstRow) + m.numRows > numRows)
      return fmt::format("{}.masterPopTable[{}]: rows [{}, {}) beyond the {} "
                         "rows",
                         where, e, m.firstRow, uint64_t(m.firstRow) + m.numRows,
                         numRows);
    if (e > 0) {
      const MasterPopEntry &prev = mpt[e - 1];
      uint64_t prevEnd = uint64_t(prev.key) + uint32_t(~prev.mask) + 1;
      if (m.key < prev.key)
        return fmt::format("{}.masterPopTable[{}]: key {:#010x} is below the "
                           "previous {:#010x} (must be sorted)",
                           where, e, m.key, prev.key);
      if (m.key < prevEnd)
        return fmt::format("{}.masterPopTable[{}]: key {:#010x} overlaps the "
                           "previous entry's block",
                           where, e, m.key);
    }
  }
  if (!core.bias.empty() &&
      core.bias.size() != uint64_t(core.channels) * core.size())
    return fmt::format("{}.bias: {} values, expected channels x neurons = {}",
                       where, core.bias.size(),
                       uint64_t(core.channels) * core.size());
  return "";
}

std::string checkCores(const MachineImage &image) {
  const machine::MachineModel &m = image.machine;
  const rt::NetworkSpec &net = image.network;
  std::set<machine::CoreCoord> used;
  for (size_t i = 0; i < image.cores.size(); ++i) {
    const CoreProgram &core = image.cores[i];
    const machine::CoreCoord &c = core.core;
    std::string where = fmt::format("cores[{}] ({}, {}, {})", i, c.x, c.y, c.p);
    if (!m.chipAlive({c.x, c.y}))
      return fmt::format("{}: chip ({}, {}) is dead or absent", where, c.x,
                         c.y);
    if (c.p < 0 || c.p >= m.coresPerChip)
      return fmt::format("{}: processor {} outside [0, {})", where, c.p,
                         m.coresPerChip);
    if (c.p == m.monitorCore)
      return fmt::format("{}: processor {} is the monitor core", where, c.p);
    if (m.coreDead(c))
      return fmt::format("{}: the core is dead", where);
    if (!used.insert(c).second)
      return fmt::format("{}: core used by an earlier slice", where);
    auto size = nodeSize(net, core.node);
    if (!size)
      return fmt::format("{}.node: {} does not exist", where,
                         nodeName(core.node));
    if (core.lo >= core.hi || core.hi > *size)
      return fmt::format("{}: slice [{}, {}) is empty or outside {} ({} "
                         "neurons)",
                         where, core.lo, core.hi, nodeName(core.node), *size);
    if (core.size() > kMaxNeuronsPerCore)
      return fmt::format("{}: {} neurons, at most {} per core", where,
                         core.size(), kMaxNeuronsPerCore);
    if (auto err = checkKeyBlock(core, where); !err.empty())
      return err;
    if (core.node.kind == rt::NodeRef::Kind::Population) {
      uint64_t channels = channelsOf(net.populations[core.node.index]);
      if (auto err = checkSynapticData(core, channels, where); !err.empty())
        return err;
    } else if (!core.masterPopTable.empty() || !core.words.empty() ||
               core.rowStart.size() > 1 || !core.bias.empty()) {
      return fmt::format("{}: a source slice holds no synaptic data", where);
    }
  }

  // Slices of each node, in (kind, index, lo) order, must tile [0, size).
  std::vector<size_t> order(image.cores.size());
  std::iota(order.begin(), order.end(), 0);
  auto sliceKey = [&](size_t i) {
    const CoreProgram &c = image.cores[i];
    return std::make_tuple(int(c.node.kind), c.node.index, c.lo);
  };
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return sliceKey(a) < sliceKey(b); });
  auto checkCover = [&](rt::NodeRef ref, uint32_t size,
                        size_t &pos) -> std::string {
    uint32_t next = 0;
    for (; pos < order.size(); ++pos) {
      const CoreProgram &c = image.cores[order[pos]];
      if (!(c.node == ref))
        break;
      if (c.lo != next)
        return fmt::format("cores: {} neurons [{}, {}) {}", nodeName(ref),
                           std::min(next, c.lo), std::max(next, c.lo),
                           c.lo > next ? "are on no core" : "are on two cores");
      next = c.hi;
    }
    if (next != size)
      return fmt::format("cores: {} neurons [{}, {}) are on no core",
                         nodeName(ref), next, size);
    return "";
  };
  size_t pos = 0;
  for (uint32_t p = 0; p < net.populations.size(); ++p)
    if (auto err = checkCover({rt::NodeRef::Kind::Population, p},
                              net.populations[p].size, pos);
        !err.empty())
      return err;
  for (uint32_t s = 0; s < net.sources.size(); ++s)
    if (auto err = checkCover({rt::NodeRef::Kind::Source, s},
                              net.sources[s].size, pos);
        !err.empty())
      return err;

  // Key blocks pairwise disjoint.
  std::vector<size_t> byKey(image.cores.size());
  std::iota(byKey.begin(), byKey.end(), 0);
  std::stable_sort(byKey.begin(), byKey.end(), [&](size_t a, size_t b) {
    return image.cores[a].keys.base < image.cores[b].keys.base;
  });
  for (size_t k = 1; k < byKey.size(); ++k) {
    const routing::KeyBlock &prev = image.cores[byKey[k - 1]].keys;
    const routing::KeyBlock &cur = image.cores[byKey[k]].keys;
    if (uint64_t(prev.base) + prev.blockSize > cur.base)
      return fmt::format("cores[{}].keys: block at {:#010x} overlaps the "
                         "block of cores[{}] at {:#010x}",
                         byKey[k], cur.base, byKey[k - 1], prev.base);
  }
  return "";
}

std::string checkTables(const MachineImage &image) {
  const machine::MachineModel &m = image.machine;
  // Route bits of cores the chips do not have, to test entries in O(1).
  routing::Route absentCores;
  for (unsigned core = unsigned(std::max(m.coresPerChip, 0));
       core < routing::Route::kMaxCores; ++core)
    absentCores = absentCores.withCore(core);
  for (size_t t = 0; t < image.tables.size(); ++t) {
    const ChipTable &table = image.tables[t];
    machine::ChipCoord c = table.chip;
    std::string where = fmt::format("tables[{}] chip ({}, {})", t, c.x, c.y);
    if (!m.chipAlive(c))
      return fmt::format("{}: the chip is dead or absent", where);
    if (t > 0 && !(image.tables[t - 1].chip < c))
      return fmt::format("{}: tables must be in row-major chip order, one "
                         "per chip",
                         where);
    if (table.entries.size() > m.routerEntries)
      return fmt::format("{}: {} entries, the router holds {}", where,
                         table.entries.size(), m.routerEntries);
    for (size_t e = 0; e < table.entries.size(); ++e) {
      const auto &raw = table.entries[e].route.raw();
      if ((raw[0] & absentCores.raw()[0]) == 0 &&
          (raw[1] & absentCores.raw()[1]) == 0 &&
          (raw[2] & absentCores.raw()[2]) == 0)
        continue;
      for (unsigned core = unsigned(m.coresPerChip);
           core < routing::Route::kMaxCores; ++core)
        if (table.entries[e].route.hasCore(core))
          return fmt::format("{}.entries[{}]: routes to core {}, the chip "
                             "has {}",
                             where, e, core, m.coresPerChip);
    }
  }
  return "";
}

} // namespace

std::string dendron::spinn::validateMachineImage(const MachineImage &image) {
  if (auto err = checkNetwork(image.network); !err.empty())
    return err;
  if (auto err = checkCores(image); !err.empty())
    return err;
  if (auto err = checkTables(image); !err.empty())
    return err;
  return "";
}
