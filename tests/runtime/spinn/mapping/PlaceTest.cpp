//===- PlaceTest.cpp - Stage 3: slices onto cores -------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "MappingTestUtil.h"

#include <algorithm>
#include <random>
#include <set>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::test;

namespace {

/// Eight populations of `size` neurons connected in a chain whose order is
/// not the index order: 0 -> 4 -> 1 -> 5 -> 2 -> 6 -> 3 -> 7.
rt::NetworkSpec chainNetwork(uint32_t size) {
  rt::NetworkSpec spec = fixedNetwork();
  for (int k = 0; k < 8; ++k)
    addLif(spec, "p" + std::to_string(k), size);
  const uint32_t chain[] = {0, 4, 1, 5, 2, 6, 3, 7};
  for (int k = 0; k + 1 < 8; ++k)
    spec.projections.push_back(
        project(pop(chain[k]), pop(chain[k + 1]), randomConnector(0.1, k)));
  return spec;
}

struct Mapped {
  std::vector<Slice> slices;
  std::vector<machine::CoreCoord> cores;
};

Mapped place(const rt::NetworkSpec &spec, const machine::MachineModel &machine,
             uint64_t seed, uint32_t perCore) {
  MappingOptions options;
  options.seed = seed;
  options.maxNeuronsPerCore = perCore;
  std::string error;
  auto slices = partitionNetwork(spec, machine, options, error);
  EXPECT_TRUE(slices.has_value()) << error;
  if (!slices)
    return {};
  auto cores = placeSlices(spec, machine, *slices, options, error);
  EXPECT_TRUE(cores.has_value()) << error;
  return {*slices, cores ? *cores : std::vector<machine::CoreCoord>{}};
}

/// Mean hop distance between the cores of every (pre slice, post slice)
/// pair of every projection.
double meanConnectedDistance(const rt::NetworkSpec &spec,
                             const machine::MachineModel &machine,
                             const std::vector<Slice> &slices,
                             const std::vector<machine::CoreCoord> &cores) {
  double sum = 0;
  uint64_t pairs = 0;
  for (const rt::Projection &p : spec.projections)
    for (size_t a = 0; a < slices.size(); ++a)
      for (size_t b = 0; b < slices.size(); ++b)
        if (slices[a].node == p.pre && slices[b].node == p.post) {
          sum += machine.hexDistance({cores[a].x, cores[a].y},
                                     {cores[b].x, cores[b].y});
          ++pairs;
        }
  return sum / double(pairs);
}

std::vector<machine::CoreCoord>
liveApplicationCores(const machine::MachineModel &machine) {
  std::vector<machine::CoreCoord> all;
  for (machine::ChipCoord c : machine.liveChips())
    for (int p : machine.applicationCores(c))
      all.push_back({c.x, c.y, p});
  return all;
}

} // namespace

TEST(Place, SameSeedSamePlacement) {
  rt::NetworkSpec spec = chainNetwork(300);
  machine::MachineModel machine = machine::MachineModel::spinn5();
  for (uint64_t seed : {0, 1, 42}) {
    Mapped a = place(spec, machine, seed, 64);
    Mapped b = place(spec, machine, seed, 64);
    ASSERT_FALSE(a.cores.empty());
    EXPECT_TRUE(a.cores == b.cores);
  }
}

TEST(Place, SeedsGiveDifferentPlacements) {
  rt::NetworkSpec spec = chainNetwork(300);
  machine::MachineModel machine = machine::MachineModel::spinn5();
  Mapped p0 = place(spec, machine, 0, 64);
  Mapped p1 = place(spec, machine, 1, 64);
  Mapped p2 = place(spec, machine, 2, 64);
  EXPECT_FALSE(p0.cores == p1.cores);
  EXPECT_FALSE(p0.cores == p2.cores);
  EXPECT_FALSE(p1.cores == p2.cores);
  // Even on a single chip the core order changes.
  machine::MachineModel one = machine::MachineModel::grid(1, 1, false);
  rt::NetworkSpec small = chainNetwork(10);
  EXPECT_FALSE(place(small, one, 0, 5).cores == place(small, one, 1, 5).cores);
}

TEST(Place, UsesOnlyLiveApplicationCoresOnce) {
  rt::NetworkSpec spec = chainNetwork(1000);
  machine::MachineModel machine = machine::MachineModel::spinn5();
  ASSERT_TRUE(machine.killChip({2, 2}));
  ASSERT_TRUE(machine.killChip({5, 4}));
  ASSERT_TRUE(machine.killCore({0, 0, 3}));
  ASSERT_TRUE(machine.killCore({1, 1, 17}));
  ASSERT_TRUE(machine.killCore({3, 2, 1}));
  for (uint64_t seed : {0, 1, 2}) {
    Mapped m = place(spec, machine, seed, 12); // 8 * 84 = 672 slices
    ASSERT_EQ(m.cores.size(), 672u);
    std::set<machine::CoreCoord> used;
    for (const machine::CoreCoord &c : m.cores) {
      EXPECT_TRUE(machine.chipAlive({c.x, c.y})) << c.x << "," << c.y;
      EXPECT_NE(c.p, machine.monitorCore);
      EXPECT_FALSE(machine.coreDead(c));
      EXPECT_GE(c.p, 0);
      EXPECT_LT(c.p, machine.coresPerChip);
      EXPECT_TRUE(used.insert(c).second) << "core used twice";
    }
  }
}

TEST(Place, FillsTheMachineExactlyThenFails) {
  machine::MachineModel machine = machine::MachineModel::grid(2, 1, false);
  ASSERT_TRUE(machine.killCore({0, 0, 5})); // 2 * 17 - 1 = 33 live cores
  rt::NetworkSpec fits = fixedNetwork();
  addLif(fits, "a", 33);
  Mapped m = place(fits, machine, 0, 1);
  EXPECT_EQ(std::set<machine::CoreCoord>(m.cores.begin(), m.cores.end()).size(),
            33u);

  rt::NetworkSpec tooBig = fixedNetwork();
  addLif(tooBig, "a", 30);
  addPoisson(tooBig, "in", 4);
  MappingOptions options;
  options.maxNeuronsPerCore = 1;
  std::string error;
  auto slices = partitionNetwork(tooBig, machine, options, error);
  ASSERT_TRUE(slices.has_value()) << error;
  EXPECT_FALSE(placeSlices(tooBig, machine, *slices, options, error));
  EXPECT_EQ(
      error,
      "network needs 34 cores, the machine has 33 live application cores");
}

TEST(Place, ConnectedSlicesAreNearEachOther) {
  rt::NetworkSpec spec = chainNetwork(1000);
  machine::MachineModel machine = machine::MachineModel::spinn5();
  std::vector<machine::CoreCoord> all = liveApplicationCores(machine);
  std::mt19937_64 rng(12345);
  for (uint64_t seed : {0, 1, 2}) {
    Mapped m = place(spec, machine, seed, 100); // 80 slices
    double placed = meanConnectedDistance(spec, machine, m.slices, m.cores);
    // Baselines: the same cores shuffled, and random live cores.
    double shuffled = 0, random = 0;
    const int trials = 20;
    for (int t = 0; t < trials; ++t) {
      std::vector<machine::CoreCoord> same = m.cores;
      std::vector<machine::CoreCoord> any = all;
      for (size_t k = same.size(); k > 1; --k)
        std::swap(same[k - 1], same[rng() % k]);
      for (size_t k = any.size(); k > 1; --k)
        std::swap(any[k - 1], any[rng() % k]);
      any.resize(m.cores.size());
      shuffled += meanConnectedDistance(spec, machine, m.slices, same);
      random += meanConnectedDistance(spec, machine, m.slices, any);
    }
    EXPECT_LT(placed, shuffled / trials) << "seed " << seed;
    EXPECT_LT(placed, 0.5 * random / trials) << "seed " << seed;
  }
}

TEST(Place, MisorderedSlicesAreRefused) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 10);
  std::vector<Slice> slices = {{pop(0), 5, 10}, {pop(0), 0, 5}};
  std::string error;
  EXPECT_FALSE(
      placeSlices(spec, machine::MachineModel::spinn5(), slices, {}, error));
  EXPECT_EQ(error, "slice 0 of 'a' is [5, 10): slices must cover the node's "
                   "10 neurons in order, without gaps");
}
