//===- MulticastTree.cpp - Multicast routing trees on the mesh ------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// The tree is a breadth-first-search tree over the live links from the
// source: chips are dequeued in FIFO order and each tries its links in
// direction order E, NE, N, W, SW, S; a chip's parent is the first chip that
// discovers it. BFS layers are hop distances, so every path in the tree is a
// shortest path over the live mesh, and paths to different targets share
// their common prefix. The tree is then pruned to the union of the paths
// from the source to each target.
//
//===----------------------------------------------------------------------===//

#include "dendron/Machine/MulticastTree.h"

#include <algorithm>
#include <deque>
#include <fmt/format.h>

using namespace dendron::machine;

int MulticastTree::numLinks() const {
  int n = 0;
  for (const auto &[chip, e] : entries)
    for (Direction d : kAllDirections)
      n += e.sendsOn(d) ? 1 : 0;
  return n;
}

namespace {
std::string chipList(const std::vector<ChipCoord> &chips) {
  std::string s;
  for (size_t i = 0; i < chips.size(); ++i)
    s += fmt::format("{}({}, {})", i ? ", " : "", chips[i].x, chips[i].y);
  return s;
}

std::optional<MulticastTree>
buildTree(const MachineModel &m, ChipCoord source,
          const std::map<ChipCoord, std::vector<int>> &targets,
          std::string &error) {
  if (!m.chipAlive(source)) {
    error =
        fmt::format("multicast source chip ({}, {}) is {}", source.x, source.y,
                    m.inShape(source) ? "dead" : "not in the machine");
    return std::nullopt;
  }
  std::vector<ChipCoord> bad;
  for (const auto &[chip, cores] : targets)
    if (!m.chipAlive(chip))
      bad.push_back(chip);
  if (!bad.empty()) {
    error = fmt::format("multicast targets of source ({}, {}) are dead or not "
                        "in the machine: {}",
                        source.x, source.y, chipList(bad));
    return std::nullopt;
  }

  // BFS over live links; parent[i] = (parent index, direction taken).
  const int w = m.width(), h = m.height();
  auto idx = [w](ChipCoord c) { return c.y * w + c.x; };
  std::vector<int> parent(static_cast<size_t>(w) * h, -2); // -2: unvisited
  std::vector<int> parentDir(parent.size(), -1);
  std::deque<ChipCoord> queue{source};
  parent[idx(source)] = -1;
  while (!queue.empty()) {
    ChipCoord c = queue.front();
    queue.pop_front();
    for (Direction d : kAllDirections) {
      if (!m.linkUsable(c, d))
        continue;
      ChipCoord n = *m.neighbour(c, d);
      if (parent[idx(n)] != -2)
        continue;
      parent[idx(n)] = idx(c);
      parentDir[idx(n)] = static_cast<int>(d);
      queue.push_back(n);
    }
  }

  for (const auto &[chip, cores] : targets)
    if (parent[idx(chip)] == -2)
      bad.push_back(chip);
  if (!bad.empty()) {
    error = fmt::format("multicast targets unreachable from source ({}, {}) "
                        "over live links: {}",
                        source.x, source.y, chipList(bad));
    return std::nullopt;
  }

  MulticastTree tree;
  tree.source = source;
  tree.entries[source]; // the source always has an entry
  for (const auto &[chip, cores] : targets) {
    RouteEntry &e = tree.entries[chip];
    e.deliverLocal = true;
    e.cores = cores;
    // Walk up to the source, adding links; stop where the path joins a
    // branch already in the tree.
    int i = idx(chip);
    while (parent[i] >= 0) {
      int p = parent[i];
      ChipCoord pc{p % w, p / w};
      RouteEntry &pe = tree.entries[pc];
      uint8_t bit = uint8_t(1u << parentDir[i]);
      if (pe.linkMask & bit)
        break;
      pe.linkMask |= bit;
      i = p;
    }
  }
  return tree;
}
} // namespace

std::optional<MulticastTree> dendron::machine::buildMulticastTree(
    const MachineModel &machine, ChipCoord source,
    const std::vector<ChipCoord> &targets, std::string &error) {
  std::map<ChipCoord, std::vector<int>> t;
  for (ChipCoord c : targets)
    t[c];
  return buildTree(machine, source, t, error);
}

std::optional<MulticastTree> dendron::machine::buildMulticastTree(
    const MachineModel &machine, ChipCoord source,
    const std::vector<CoreCoord> &targets, std::string &error) {
  std::map<ChipCoord, std::vector<int>> t;
  std::vector<std::string> badCores;
  for (const CoreCoord &c : targets) {
    if (!machine.inShape({c.x, c.y}) || c.p < 0 ||
        c.p >= machine.coresPerChip || c.p == machine.monitorCore ||
        machine.coreDead(c))
      badCores.push_back(fmt::format("({}, {}, {})", c.x, c.y, c.p));
    else
      t[{c.x, c.y}].push_back(c.p);
  }
  if (!badCores.empty()) {
    std::string list;
    for (size_t i = 0; i < badCores.size(); ++i)
      list += (i ? ", " : "") + badCores[i];
    error = fmt::format("multicast target cores of source ({}, {}) are dead, "
                        "monitor cores or do not exist: {}",
                        source.x, source.y, list);
    return std::nullopt;
  }
  for (auto &[chip, cores] : t) {
    std::sort(cores.begin(), cores.end());
    cores.erase(std::unique(cores.begin(), cores.end()), cores.end());
  }
  return buildTree(machine, source, t, error);
}
