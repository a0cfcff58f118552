//===- RoutingTables.cpp - Keys, multicast trees, router tables -----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Stages 4 to 6 (docs/Mapping.md, "Keys and routing"): one key block per
// slice, one multicast tree per source slice to the cores of the slices it
// sends to, one router entry per (tree, chip) and compression of each chip's
// table to the router's size.
//
//===----------------------------------------------------------------------===//

#include "MappingCommon.h"

#include "dendron/Machine/MulticastTree.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::detail;

std::optional<std::vector<routing::KeyBlock>>
spinn::allocateSliceKeys(const std::vector<Slice> &slices, std::string &error) {
  return guardMemory(error, "allocating keys", [&] {
    std::vector<uint32_t> sizes;
    sizes.reserve(slices.size());
    for (const Slice &s : slices)
      sizes.push_back(s.hi - s.lo);
    return routing::allocateKeys(sizes, error);
  });
}

static std::optional<std::vector<ChipTable>> buildTablesImpl(
    const rt::NetworkSpec &spec, const machine::MachineModel &machine,
    const std::vector<Slice> &slices,
    const std::vector<machine::CoreCoord> &placement,
    const std::vector<routing::KeyBlock> &keys, std::string &error) {
  if (placement.size() != slices.size() || keys.size() != slices.size()) {
    error = fmt::format("{} slices but {} placed cores and {} key blocks",
                        slices.size(), placement.size(), keys.size());
    return std::nullopt;
  }
  SliceIndex index;
  if (!buildSliceIndex(spec, slices, index, error))
    return std::nullopt;
  std::vector<std::vector<uint32_t>> targets =
      sliceTargets(spec, slices, index);

  std::map<machine::ChipCoord, routing::RouterTable> tables;
  std::vector<machine::CoreCoord> targetCores;
  for (size_t s = 0; s < slices.size(); ++s) {
    if (targets[s].empty())
      continue;
    targetCores.clear();
    for (uint32_t t : targets[s])
      targetCores.push_back(placement[t]);
    const machine::CoreCoord &from = placement[s];
    std::string treeError;
    std::optional<machine::MulticastTree> tree = machine::buildMulticastTree(
        machine, machine::ChipCoord{from.x, from.y}, targetCores, treeError);
    if (!tree) {
      error = fmt::format("slice [{}, {}) of {} on core ({}, {}, {}): {}",
                          slices[s].lo, slices[s].hi,
                          nodeName(spec, slices[s].node), from.x, from.y,
                          from.p, treeError);
      return std::nullopt;
    }
    // The link each chip's packets arrive by: the one its parent sends on.
    std::map<machine::ChipCoord, routing::Link> arrival;
    for (const auto &[chip, route] : tree->entries)
      for (machine::Direction d : machine::kAllDirections)
        if (route.sendsOn(d))
          if (std::optional<machine::ChipCoord> child =
                  machine.neighbour(chip, d))
            arrival[*child] = static_cast<routing::Link>(
                static_cast<int>(machine::opposite(d)));
    for (const auto &[chip, route] : tree->entries) {
      routing::Entry entry;
      entry.key = keys[s].base;
      entry.mask = keys[s].mask;
      for (machine::Direction d : machine::kAllDirections)
        if (route.sendsOn(d))
          entry.route =
              entry.route.withLink(static_cast<routing::Link>(int(d)));
      for (int core : route.cores)
        entry.route = entry.route.withCore(unsigned(core));
      auto in = arrival.find(chip);
      if (chip != tree->source && in != arrival.end())
        entry.arrival = in->second;
      tables[chip].push_back(entry);
    }
  }

  std::vector<ChipTable> result;
  result.reserve(tables.size());
  for (auto &[chip, entries] : tables) {
    std::sort(entries.begin(), entries.end(),
              [](const routing::Entry &a, const routing::Entry &b) {
                return a.key < b.key;
              });
    ChipTable table;
    table.chip = chip;
    table.uncompressedSize = entries.size();
    table.entries = std::move(entries);
    result.push_back(std::move(table));
  }
  return result;
}

static bool compressImpl(std::vector<ChipTable> &tables,
                         const machine::MachineModel &machine,
                         std::string &error);

bool spinn::compressRoutingTables(std::vector<ChipTable> &tables,
                                  const machine::MachineModel &machine,
                                  std::string &error) {
  try {
    return compressImpl(tables, machine, error);
  } catch (const std::bad_alloc &) {
    error = "out of memory compressing the routing tables";
    return false;
  }
}

static bool compressImpl(std::vector<ChipTable> &tables,
                         const machine::MachineModel &machine,
                         std::string &error) {
  for (ChipTable &table : tables) {
    if (table.uncompressedSize == 0)
      table.uncompressedSize = table.entries.size();
    routing::CompressResult result =
        routing::compress(table.entries, machine.routerEntries);
    if (!result.fits) {
      error = fmt::format("chip ({}, {}): router table needs {} entries after "
                          "compression ({} before), limit {}",
                          table.chip.x, table.chip.y, result.compressedSize,
                          table.uncompressedSize, machine.routerEntries);
      return false;
    }
    table.entries = std::move(result.table);
  }
  return true;
}

std::optional<std::vector<ChipTable>> spinn::buildRoutingTables(
    const rt::NetworkSpec &spec, const machine::MachineModel &machine,
    const std::vector<Slice> &slices,
    const std::vector<machine::CoreCoord> &placement,
    const std::vector<routing::KeyBlock> &keys, std::string &error) {
  return guardMemory(error, "building the routing tables", [&] {
    return buildTablesImpl(spec, machine, slices, placement, keys, error);
  });
}
