//===- MachineTestUtil.h - Shared helpers of the machine tests --*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TESTS_RUNTIME_MACHINE_MACHINETESTUTIL_H
#define DENDRON_TESTS_RUNTIME_MACHINE_MACHINETESTUTIL_H

#include "dendron/Machine/MachineModel.h"

#include <deque>
#include <map>

namespace dendron::machine::test {

/// Hop distances from `src` over usable links (BFS): the independent
/// reference the geometry and routing tests compare against.
inline std::map<ChipCoord, int> bfsDistances(const MachineModel &m,
                                             ChipCoord src) {
  std::map<ChipCoord, int> dist{{src, 0}};
  std::deque<ChipCoord> q{src};
  while (!q.empty()) {
    ChipCoord c = q.front();
    q.pop_front();
    for (Direction d : kAllDirections) {
      if (!m.linkUsable(c, d))
        continue;
      ChipCoord n = *m.neighbour(c, d);
      if (dist.emplace(n, dist[c] + 1).second)
        q.push_back(n);
    }
  }
  return dist;
}

} // namespace dendron::machine::test

#endif // DENDRON_TESTS_RUNTIME_MACHINE_MACHINETESTUTIL_H
