//===- Place.cpp - Slices onto live application cores ---------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Stage 3 (docs/Mapping.md, "Placement"): slices are ordered by a
// breadth-first walk over the projection graph (so connected populations
// come one after another) and poured, in that order, onto the cores of
// chips ordered by a breadth-first walk over the live mesh (so consecutive
// chips are near each other). The seed picks the start node, the start chip,
// the link order of the mesh walk and the core order on each chip.
//
//===----------------------------------------------------------------------===//

#include "MappingCommon.h"

#include <algorithm>
#include <deque>
#include <fmt/format.h>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::detail;

namespace {

/// SplitMix64 finaliser: a well-mixed, platform-independent hash.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

uint64_t pick(uint64_t seed, uint64_t salt, uint64_t n) {
  return n ? mix(mix(seed) ^ mix(salt)) % n : 0;
}

/// Nodes in breadth-first order over the undirected projection graph,
/// starting from a seed-chosen node; neighbours in ascending id order
/// rotated by the seed; unreached nodes start new walks in id order.
std::vector<uint32_t> nodeOrder(const rt::NetworkSpec &spec, uint64_t seed) {
  uint32_t n = numNodes(spec);
  std::vector<std::vector<uint32_t>> adjacent(n);
  for (const rt::Projection &p : spec.projections) {
    uint32_t a = nodeId(spec, p.pre), b = nodeId(spec, p.post);
    adjacent[a].push_back(b);
    adjacent[b].push_back(a);
  }
  for (uint32_t v = 0; v < n; ++v) {
    auto &adj = adjacent[v];
    std::sort(adj.begin(), adj.end());
    adj.erase(std::unique(adj.begin(), adj.end()), adj.end());
    if (!adj.empty())
      std::rotate(adj.begin(), adj.begin() + pick(seed, 1000 + v, adj.size()),
                  adj.end());
  }
  std::vector<uint32_t> order;
  std::vector<bool> seen(n, false);
  uint32_t start = uint32_t(pick(seed, 1, n));
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t root = (start + k) % n;
    if (seen[root])
      continue;
    std::deque<uint32_t> queue{root};
    seen[root] = true;
    while (!queue.empty()) {
      uint32_t v = queue.front();
      queue.pop_front();
      order.push_back(v);
      for (uint32_t w : adjacent[v])
        if (!seen[w]) {
          seen[w] = true;
          queue.push_back(w);
        }
    }
  }
  return order;
}

/// Live chips ordered for filling: connected components over usable links,
/// largest first (ties: first chip in row-major order), each walked
/// breadth-first; the largest from a seed-chosen chip with the link order
/// rotated by the seed, the others from their first chip.
std::vector<machine::ChipCoord> chipOrder(const machine::MachineModel &machine,
                                          uint64_t seed) {
  std::vector<machine::ChipCoord> live = machine.liveChips();
  const int w = machine.width();
  auto at = [w](machine::ChipCoord c) { return size_t(c.y) * w + c.x; };
  std::vector<int> component(size_t(w) * machine.height(), -1);
  int rotation = int(pick(seed, 2, machine::kNumDirections));

  // Breadth-first walk from `root`, labelling chips with `label`.
  auto walk = [&](machine::ChipCoord root, int label,
                  std::vector<machine::ChipCoord> *out) {
    std::deque<machine::ChipCoord> queue{root};
    component[at(root)] = label;
    while (!queue.empty()) {
      machine::ChipCoord c = queue.front();
      queue.pop_front();
      if (out)
        out->push_back(c);
      for (int k = 0; k < machine::kNumDirections; ++k) {
        auto d = static_cast<machine::Direction>((k + rotation) %
                                                 machine::kNumDirections);
        if (!machine.linkUsable(c, d))
          continue;
        std::optional<machine::ChipCoord> next = machine.neighbour(c, d);
        if (next && component[at(*next)] != label) {
          component[at(*next)] = label;
          queue.push_back(*next);
        }
      }
    }
  };

  // Label the components and measure them.
  std::vector<std::pair<machine::ChipCoord, size_t>> components;
  for (machine::ChipCoord c : live)
    if (component[at(c)] < 0) {
      int label = int(components.size());
      walk(c, label, nullptr);
      components.push_back({c, 0});
    }
  for (machine::ChipCoord c : live)
    ++components[component[at(c)]].second;
  std::vector<size_t> byLargest(components.size());
  for (size_t k = 0; k < byLargest.size(); ++k)
    byLargest[k] = k;
  std::stable_sort(byLargest.begin(), byLargest.end(), [&](size_t a, size_t b) {
    return components[a].second > components[b].second;
  });

  // Walk them again in that order (labels offset to mark "visited").
  std::vector<machine::ChipCoord> order;
  order.reserve(live.size());
  for (size_t k = 0; k < byLargest.size(); ++k) {
    size_t comp = byLargest[k];
    machine::ChipCoord root = components[comp].first;
    if (k == 0) {
      // A seed-chosen chip of the largest component.
      std::vector<machine::ChipCoord> members;
      for (machine::ChipCoord c : live)
        if (component[at(c)] == int(comp))
          members.push_back(c);
      root = members[pick(seed, 3, members.size())];
    }
    walk(root, int(components.size() + comp), &order);
  }
  return order;
}

} // namespace

static std::optional<std::vector<machine::CoreCoord>>
placeImpl(const rt::NetworkSpec &spec, const machine::MachineModel &machine,
          const std::vector<Slice> &slices, const MappingOptions &options,
          std::string &error) {
  SliceIndex index;
  if (!buildSliceIndex(spec, slices, index, error))
    return std::nullopt;

  std::vector<machine::ChipCoord> chips = chipOrder(machine, options.seed);
  std::vector<machine::CoreCoord> cores;
  for (machine::ChipCoord c : chips) {
    std::vector<int> app = machine.applicationCores(c);
    if (app.empty())
      continue;
    size_t shift =
        pick(options.seed, (uint64_t(c.y) << 24 | uint64_t(c.x)) + (1ull << 48),
             app.size());
    std::rotate(app.begin(), app.begin() + shift, app.end());
    for (int p : app)
      cores.push_back(machine::CoreCoord{c.x, c.y, p});
  }
  if (slices.size() > cores.size()) {
    error = fmt::format("network needs {} cores, the machine has {} live "
                        "application cores",
                        slices.size(), cores.size());
    return std::nullopt;
  }

  std::vector<machine::CoreCoord> placement(slices.size());
  size_t next = 0;
  for (uint32_t node : nodeOrder(spec, options.seed))
    for (uint32_t s = index.first[node]; s < index.first[node + 1]; ++s)
      placement[s] = cores[next++];
  return placement;
}

std::optional<std::vector<machine::CoreCoord>>
spinn::placeSlices(const rt::NetworkSpec &spec,
                   const machine::MachineModel &machine,
                   const std::vector<Slice> &slices,
                   const MappingOptions &options, std::string &error) {
  return guardMemory(error, "placement", [&] {
    return placeImpl(spec, machine, slices, options, error);
  });
}
