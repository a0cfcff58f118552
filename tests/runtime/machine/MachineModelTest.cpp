//===- MachineModelTest.cpp - Tests of the machine model ------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "MachineTestUtil.h"

#include "dendron/Machine/MachineModel.h"

#include <deque>
#include <gtest/gtest.h>
#include <map>

using namespace dendron::machine;
using dendron::machine::test::bfsDistances;

namespace {

TEST(MachineModel, Spinn5HasExactly48Chips) {
  MachineModel m = MachineModel::spinn5();
  EXPECT_EQ(m.width(), 8);
  EXPECT_EQ(m.height(), 8);
  EXPECT_FALSE(m.torus());
  EXPECT_EQ(m.allChips().size(), 48u);
  EXPECT_EQ(m.numLiveChips(), 48);
  EXPECT_EQ(m.coresPerChip, 18);
  EXPECT_EQ(m.routerEntries, 1023u);
  EXPECT_EQ(m.coreDataMemory, 65536u);
  EXPECT_EQ(m.chipSharedMemory, 128ull << 20);
}

TEST(MachineModel, Spinn5CornerRule) {
  MachineModel m = MachineModel::spinn5();
  // Column extents of the hexagonal board.
  const int lo[8] = {0, 0, 0, 0, 0, 1, 2, 3};
  const int hi[8] = {3, 4, 5, 6, 7, 7, 7, 7};
  for (int x = 0; x < 8; ++x)
    for (int y = 0; y < 8; ++y)
      EXPECT_EQ(m.inShape({x, y}), y >= lo[x] && y <= hi[x])
          << "(" << x << ", " << y << ")";
  EXPECT_FALSE(m.inShape({0, 4}));
  EXPECT_FALSE(m.inShape({7, 2}));
  EXPECT_TRUE(m.inShape({4, 0}));
  EXPECT_TRUE(m.inShape({7, 7}));
  EXPECT_FALSE(m.inShape({8, 8}));
  EXPECT_FALSE(m.inShape({-1, 0}));
  // Links off the hexagon lead nowhere.
  EXPECT_FALSE(m.neighbour({0, 3}, Direction::N));
  EXPECT_FALSE(m.neighbour({4, 0}, Direction::E));
  EXPECT_EQ(*m.neighbour({3, 3}, Direction::NE), (ChipCoord{4, 4}));
}

TEST(MachineModel, GridCounts) {
  EXPECT_EQ(MachineModel::grid(3, 5, false).allChips().size(), 15u);
  EXPECT_EQ(MachineModel::grid(1, 1, false).allChips().size(), 1u);
  EXPECT_EQ(MachineModel::grid(12, 8, true).numLiveChips(), 96);
  std::string err;
  auto m = MachineModel::fromProfile("12x8t", err);
  ASSERT_TRUE(m) << err;
  EXPECT_EQ(m->width(), 12);
  EXPECT_EQ(m->height(), 8);
  EXPECT_TRUE(m->torus());
  m = MachineModel::fromProfile("4x7", err);
  ASSERT_TRUE(m) << err;
  EXPECT_FALSE(m->torus());
  EXPECT_EQ(m->numLiveChips(), 28);
}

TEST(MachineModel, ProfileErrors) {
  for (const char *bad : {"0x3", "3x", "x3", "foo", "3x300", "spinn6", ""}) {
    std::string err;
    EXPECT_FALSE(MachineModel::fromProfile(bad, err)) << bad;
    EXPECT_NE(err.find("unknown machine profile"), std::string::npos) << bad;
  }
}

TEST(MachineModel, Spinn2Profile) {
  MachineModel m = MachineModel::spinn2();
  EXPECT_EQ(m.coresPerChip, 152);
  EXPECT_EQ(m.routerEntries, 16384u);
  EXPECT_EQ(m.chipSharedMemory, 1ull << 30);
  EXPECT_EQ(m.applicationCores({0, 0}).size(), 151u);
}

TEST(MachineModel, TorusWrapNeighbours) {
  MachineModel t = MachineModel::grid(4, 3, true);
  EXPECT_EQ(*t.neighbour({3, 0}, Direction::E), (ChipCoord{0, 0}));
  EXPECT_EQ(*t.neighbour({0, 0}, Direction::W), (ChipCoord{3, 0}));
  EXPECT_EQ(*t.neighbour({0, 0}, Direction::SW), (ChipCoord{3, 2}));
  EXPECT_EQ(*t.neighbour({3, 2}, Direction::NE), (ChipCoord{0, 0}));
  EXPECT_EQ(*t.neighbour({1, 2}, Direction::N), (ChipCoord{1, 0}));
  EXPECT_EQ(*t.neighbour({1, 0}, Direction::S), (ChipCoord{1, 2}));
  MachineModel g = MachineModel::grid(4, 3, false);
  EXPECT_FALSE(g.neighbour({3, 0}, Direction::E));
  EXPECT_FALSE(g.neighbour({0, 0}, Direction::SW));
  EXPECT_FALSE(g.neighbour({1, 2}, Direction::N));
  EXPECT_EQ(*g.neighbour({1, 1}, Direction::SW), (ChipCoord{0, 0}));
}

TEST(MachineModel, DirectionsAndOpposites) {
  const char *names[] = {"E", "NE", "N", "W", "SW", "S"};
  for (int i = 0; i < kNumDirections; ++i) {
    Direction d = kAllDirections[i];
    EXPECT_EQ(static_cast<int>(d), i);
    EXPECT_STREQ(directionName(d), names[i]);
    EXPECT_EQ(parseDirection(names[i]), d);
    EXPECT_EQ(opposite(opposite(d)), d);
    EXPECT_NE(opposite(d), d);
    auto a = directionOffset(d), b = directionOffset(opposite(d));
    EXPECT_EQ(a[0] + b[0], 0);
    EXPECT_EQ(a[1] + b[1], 0);
  }
  EXPECT_FALSE(parseDirection("ne"));
  EXPECT_EQ(opposite(Direction::E), Direction::W);
  EXPECT_EQ(opposite(Direction::NE), Direction::SW);
  EXPECT_EQ(opposite(Direction::N), Direction::S);
}

TEST(MachineModel, NeighbourOfNeighbourIsSelf) {
  for (const MachineModel &m :
       {MachineModel::spinn5(), MachineModel::grid(5, 4, false),
        MachineModel::grid(5, 4, true), MachineModel::grid(3, 3, true)}) {
    int links = 0;
    for (ChipCoord c : m.allChips())
      for (Direction d : kAllDirections) {
        auto n = m.neighbour(c, d);
        if (!n)
          continue;
        ++links;
        auto back = m.neighbour(*n, opposite(d));
        ASSERT_TRUE(back) << m.name();
        EXPECT_EQ(*back, c) << m.name();
      }
    if (m.torus())
      EXPECT_EQ(links, static_cast<int>(m.allChips().size()) * 6);
  }
}

TEST(MachineModel, HexDistanceEqualsBfsOnLiveMesh) {
  for (const MachineModel &m :
       {MachineModel::spinn5(), MachineModel::grid(9, 7, false),
        MachineModel::grid(6, 5, true), MachineModel::grid(7, 7, true)}) {
    for (ChipCoord a : m.allChips()) {
      auto dist = bfsDistances(m, a);
      ASSERT_EQ(dist.size(), m.allChips().size()) << m.name();
      for (ChipCoord b : m.allChips())
        EXPECT_EQ(m.hexDistance(a, b), dist[b])
            << m.name() << " (" << a.x << "," << a.y << ")->(" << b.x << ","
            << b.y << ")";
    }
  }
  MachineModel g = MachineModel::grid(9, 9, false);
  EXPECT_EQ(g.hexDistance({0, 0}, {3, 3}), 3); // diagonal NE
  EXPECT_EQ(g.hexDistance({0, 3}, {3, 0}), 6); // against the diagonal
}

TEST(MachineModel, DeadLinksAreDeadBothWays) {
  MachineModel m = MachineModel::grid(4, 4, false);
  EXPECT_TRUE(m.killLink({1, 1}, Direction::NE));
  EXPECT_TRUE(m.linkDead({1, 1}, Direction::NE));
  EXPECT_TRUE(m.linkDead({2, 2}, Direction::SW));
  EXPECT_FALSE(m.linkUsable({1, 1}, Direction::NE));
  EXPECT_FALSE(m.linkUsable({2, 2}, Direction::SW));
  EXPECT_TRUE(m.linkUsable({1, 1}, Direction::E));
  ASSERT_EQ(m.deadLinks().size(), 1u);
  EXPECT_EQ(m.deadLinks()[0].first, (ChipCoord{1, 1}));
  EXPECT_EQ(m.deadLinks()[0].second, Direction::NE);
  // A link off the edge cannot be killed.
  EXPECT_FALSE(m.killLink({3, 3}, Direction::E));
}

TEST(MachineModel, DeadChipsAndCores) {
  MachineModel m = MachineModel::spinn5();
  EXPECT_TRUE(m.killChip({2, 2}));
  EXPECT_FALSE(m.killChip({0, 7}));
  EXPECT_EQ(m.numLiveChips(), 47);
  EXPECT_FALSE(m.chipAlive({2, 2}));
  // Links into a dead chip are unusable from both sides.
  EXPECT_FALSE(m.linkUsable({1, 2}, Direction::E));
  EXPECT_FALSE(m.linkUsable({2, 2}, Direction::W));
  EXPECT_TRUE(m.killCore({3, 3, 5}));
  EXPECT_FALSE(m.killCore({3, 3, 18}));
  EXPECT_FALSE(m.killCore({0, 7, 1}));
  auto cores = m.applicationCores({3, 3});
  EXPECT_EQ(cores.size(), 16u); // 18 - monitor - one dead
  EXPECT_EQ(cores.front(), 1);
  EXPECT_EQ(std::count(cores.begin(), cores.end(), 5), 0);
  EXPECT_TRUE(m.applicationCores({2, 2}).empty());
}

TEST(MachineModel, CycleCosts) {
  CycleCosts c = CycleCosts::spinnaker1();
  EXPECT_GT(c.neuronUpdateCost("lif"), 0.0);
  EXPECT_EQ(c.neuronUpdateCost("no_such_model"), c.defaultNeuronUpdate);
  EXPECT_GT(c.perPacketReceived, c.perSynapticWord);
}

} // namespace
