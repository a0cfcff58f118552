//===- MulticastTreeTest.cpp - Tests of multicast routing trees -----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "MachineTestUtil.h"

#include "dendron/Machine/MulticastTree.h"

#include <algorithm>
#include <deque>
#include <gtest/gtest.h>
#include <random>
#include <set>

using namespace dendron::machine;
using dendron::machine::test::bfsDistances;

namespace {

/// Forwards one packet over the tree as routers would and returns how many
/// times each chip delivered it locally. Fails the test if the packet
/// crosses an unusable link, visits a chip twice, reaches a chip without an
/// entry, or if some entry is never reached or is a non-target leaf.
std::map<ChipCoord, int> simulate(const MachineModel &m,
                                  const MulticastTree &tree,
                                  std::map<ChipCoord, int> *depth = nullptr) {
  std::map<ChipCoord, int> delivered, visits, hops;
  std::deque<ChipCoord> q{tree.source};
  visits[tree.source] = 1;
  hops[tree.source] = 0;
  while (!q.empty()) {
    ChipCoord c = q.front();
    q.pop_front();
    auto it = tree.entries.find(c);
    if (it == tree.entries.end()) {
      ADD_FAILURE() << "packet reached (" << c.x << "," << c.y
                    << ") which has no route entry";
      continue;
    }
    const RouteEntry &e = it->second;
    EXPECT_TRUE(m.chipAlive(c));
    if (e.deliverLocal)
      ++delivered[c];
    if (e.linkMask == 0)
      EXPECT_TRUE(e.deliverLocal)
          << "non-target endpoint (" << c.x << "," << c.y << ")";
    for (Direction d : kAllDirections) {
      if (!e.sendsOn(d))
        continue;
      EXPECT_TRUE(m.linkUsable(c, d)) << "dead link " << directionName(d)
                                      << " of (" << c.x << "," << c.y << ")";
      EXPECT_FALSE(m.linkDead(c, d));
      auto n = m.neighbour(c, d);
      if (!n) {
        ADD_FAILURE() << "link off the machine";
        continue;
      }
      if (++visits[*n] > 1) {
        ADD_FAILURE() << "chip (" << n->x << "," << n->y << ") reached twice";
        continue;
      }
      hops[*n] = hops[c] + 1;
      q.push_back(*n);
    }
  }
  for (const auto &[c, e] : tree.entries)
    EXPECT_EQ(visits.count(c), 1u)
        << "entry (" << c.x << "," << c.y << ") never reached";
  if (depth)
    *depth = hops;
  return delivered;
}

/// Chips reachable from src over usable links.
std::set<ChipCoord> reachable(const MachineModel &m, ChipCoord src) {
  std::set<ChipCoord> seen{src};
  std::deque<ChipCoord> q{src};
  while (!q.empty()) {
    ChipCoord c = q.front();
    q.pop_front();
    for (Direction d : kAllDirections)
      if (m.linkUsable(c, d) && seen.insert(*m.neighbour(c, d)).second)
        q.push_back(*m.neighbour(c, d));
  }
  return seen;
}

std::string coordText(ChipCoord c) {
  return "(" + std::to_string(c.x) + ", " + std::to_string(c.y) + ")";
}

TEST(MulticastTree, RandomFaultsRandomTargets) {
  int built = 0, refused = 0;
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    std::mt19937 rng(seed);
    for (MachineModel m :
         {MachineModel::spinn5(), MachineModel::grid(12, 10, false),
          MachineModel::grid(9, 8, true)}) {
      auto chips = m.allChips();
      std::bernoulli_distribution chipDies(0.1), linkDies(0.08);
      for (ChipCoord c : chips)
        if (chipDies(rng))
          m.killChip(c);
      for (ChipCoord c : chips)
        for (Direction d : kAllDirections)
          if (m.neighbour(c, d) && linkDies(rng))
            m.killLink(c, d);
      auto live = m.liveChips();
      ASSERT_FALSE(live.empty());
      ChipCoord src = live[rng() % live.size()];
      std::vector<ChipCoord> targets;
      std::bernoulli_distribution pick(0.3);
      for (ChipCoord c : live)
        if (pick(rng))
          targets.push_back(c);
      std::set<ChipCoord> want(targets.begin(), targets.end());
      auto reach = reachable(m, src);
      std::vector<ChipCoord> unreachable;
      for (ChipCoord t : want)
        if (!reach.count(t))
          unreachable.push_back(t);

      std::string err;
      auto tree = buildMulticastTree(m, src, targets, err);
      if (!unreachable.empty()) {
        ASSERT_FALSE(tree);
        ++refused;
        for (ChipCoord t : unreachable)
          EXPECT_NE(err.find(coordText(t)), std::string::npos) << err;
        continue;
      }
      ASSERT_TRUE(tree) << err;
      ++built;
      std::map<ChipCoord, int> depth;
      auto delivered = simulate(m, *tree, &depth);
      // Shortest over the live mesh: tree depth equals the BFS distance.
      auto dist = bfsDistances(m, src);
      for (ChipCoord t : want)
        EXPECT_EQ(depth[t], dist[t]) << coordText(t);
      for (ChipCoord t : want)
        EXPECT_EQ(delivered[t], 1) << coordText(t);
      for (const auto &[c, n] : delivered)
        EXPECT_TRUE(want.count(c))
            << "delivered to non-target " << coordText(c);
      for (const auto &[c, e] : tree->entries)
        EXPECT_FALSE(m.chipDead(c));
    }
  }
  // Both outcomes must have been exercised.
  EXPECT_GT(built, 10);
  EXPECT_GT(refused, 0);
}

TEST(MulticastTree, ShortestPathsWhenNothingDead) {
  for (const MachineModel &m :
       {MachineModel::spinn5(), MachineModel::grid(10, 7, false),
        MachineModel::grid(8, 6, true)}) {
    auto chips = m.allChips();
    for (size_t s = 0; s < chips.size(); s += 5) {
      std::string err;
      auto tree = buildMulticastTree(m, chips[s], chips, err);
      ASSERT_TRUE(tree) << err;
      std::map<ChipCoord, int> depth;
      auto delivered = simulate(m, *tree, &depth);
      EXPECT_EQ(delivered.size(), chips.size());
      for (ChipCoord c : chips)
        EXPECT_EQ(depth[c], m.hexDistance(chips[s], c)) << m.name();
      // A spanning tree uses exactly one link per non-source chip.
      EXPECT_EQ(tree->numLinks(), static_cast<int>(chips.size()) - 1);
    }
  }
}

TEST(MulticastTree, PathsAreShared) {
  MachineModel m = MachineModel::grid(8, 8, false);
  std::string err;
  auto tree = buildMulticastTree(
      m, {0, 0}, std::vector<ChipCoord>{{4, 0}, {3, 0}, {5, 0}}, err);
  ASSERT_TRUE(tree) << err;
  EXPECT_EQ(tree->numLinks(), 5);
  EXPECT_EQ(tree->entries.size(), 6u);
  EXPECT_EQ(tree->entries.at({0, 0}).linkMask, 1u << 0); // E only
  EXPECT_FALSE(tree->entries.at({0, 0}).deliverLocal);
  EXPECT_TRUE(tree->entries.at({3, 0}).deliverLocal);
  EXPECT_EQ(tree->entries.at({3, 0}).linkMask, 1u << 0);
}

TEST(MulticastTree, TieBreakPrefersLowerDirection) {
  // (0,0) -> (1,2): two shortest paths, via (0,1) [N first] or (1,1) [NE
  // first]. BFS from (0,0) discovers (1,0) E, (1,1) NE, (0,1) N in that
  // order; (1,2) is discovered first from (1,1) via N.
  MachineModel m = MachineModel::grid(4, 4, false);
  std::string err;
  auto tree =
      buildMulticastTree(m, {0, 0}, std::vector<ChipCoord>{{1, 2}}, err);
  ASSERT_TRUE(tree) << err;
  EXPECT_TRUE(tree->entries.at({0, 0}).sendsOn(Direction::NE));
  EXPECT_TRUE(tree->entries.at({1, 1}).sendsOn(Direction::N));
  EXPECT_EQ(tree->entries.size(), 3u);
}

TEST(MulticastTree, Deterministic) {
  MachineModel m = MachineModel::grid(10, 10, true);
  m.killChip({4, 4});
  m.killLink({2, 2}, Direction::NE);
  std::vector<ChipCoord> targets{{7, 1}, {0, 9}, {5, 5}, {3, 8}, {9, 9}};
  std::string err;
  auto a = buildMulticastTree(m, {1, 1}, targets, err);
  std::reverse(targets.begin(), targets.end());
  targets.push_back({5, 5}); // duplicates merge
  auto b = buildMulticastTree(m, {1, 1}, targets, err);
  ASSERT_TRUE(a && b) << err;
  ASSERT_EQ(a->entries.size(), b->entries.size());
  for (const auto &[c, e] : a->entries) {
    ASSERT_TRUE(b->entries.count(c));
    EXPECT_EQ(e.linkMask, b->entries.at(c).linkMask);
    EXPECT_EQ(e.deliverLocal, b->entries.at(c).deliverLocal);
  }
}

TEST(MulticastTree, UnreachableTargetError) {
  MachineModel m = MachineModel::grid(5, 5, false);
  // Cut (0,0) off: its only links go E, NE and N.
  m.killChip({1, 0});
  m.killLink({0, 0}, Direction::NE);
  m.killLink({0, 0}, Direction::N);
  // And (4,4): its links go W, SW, S.
  m.killChip({3, 4});
  m.killChip({3, 3});
  m.killChip({4, 3});
  std::string err;
  auto tree = buildMulticastTree(
      m, {2, 2}, std::vector<ChipCoord>{{4, 4}, {2, 0}, {0, 0}}, err);
  EXPECT_FALSE(tree);
  EXPECT_EQ(err, "multicast targets unreachable from source (2, 2) over live "
                 "links: (0, 0), (4, 4)");
}

TEST(MulticastTree, DeadTargetAndSourceErrors) {
  MachineModel m = MachineModel::spinn5();
  m.killChip({3, 3});
  std::string err;
  EXPECT_FALSE(buildMulticastTree(m, {0, 0},
                                  std::vector<ChipCoord>{{3, 3}, {0, 7}}, err));
  EXPECT_EQ(err, "multicast targets of source (0, 0) are dead or not in the "
                 "machine: (3, 3), (0, 7)");
  EXPECT_FALSE(
      buildMulticastTree(m, {3, 3}, std::vector<ChipCoord>{{1, 1}}, err));
  EXPECT_EQ(err, "multicast source chip (3, 3) is dead");
}

TEST(MulticastTree, CoreTargets) {
  MachineModel m = MachineModel::spinn5();
  m.killCore({2, 1, 4});
  std::string err;
  auto tree = buildMulticastTree(
      m, {0, 0},
      std::vector<CoreCoord>{{2, 1, 7}, {2, 1, 3}, {2, 1, 7}, {0, 0, 1}}, err);
  ASSERT_TRUE(tree) << err;
  EXPECT_EQ(tree->entries.at({2, 1}).cores, (std::vector<int>{3, 7}));
  EXPECT_TRUE(tree->entries.at({0, 0}).deliverLocal);
  EXPECT_EQ(tree->entries.at({0, 0}).cores, (std::vector<int>{1}));
  auto delivered = simulate(m, *tree);
  EXPECT_EQ(delivered.size(), 2u);
  EXPECT_FALSE(buildMulticastTree(
      m, {0, 0}, std::vector<CoreCoord>{{2, 1, 4}, {2, 1, 18}, {1, 1, 0}},
      err));
  EXPECT_EQ(err, "multicast target cores of source (0, 0) are dead, monitor "
                 "cores or do not exist: (2, 1, 4), (2, 1, 18), (1, 1, 0)");
}

} // namespace
