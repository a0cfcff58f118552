//===- MappedTest.cpp - Mapper images vs. the reference simulator ---------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// The acceptance bar of issue 4: networks mapped by spinn::buildMachineImage
// onto a SpiNN-5 board (sliced small, so that they spread over many chips
// and their packets cross links) give the reference simulator's spike trains
// and traces bit for bit, on 1 and 2 threads, for 3 placement seeds, and on
// boards with 5-20% of the cores and a few links dead.
//
//===----------------------------------------------------------------------===//

#include "SimTestUtil.h"

#include "dendron/Spinn/Mapping.h"

#include <random>

using namespace dendron::spinn;
using namespace dendron::spinn::test;
namespace machine = dendron::machine;

namespace {

/// A SpiNN-5 board with `fraction` of its application cores and `links`
/// links dead, chosen by `seed`.
machine::MachineModel faultyBoard(uint64_t seed, double fraction,
                                  unsigned links) {
  machine::MachineModel m = machine::MachineModel::spinn5();
  std::mt19937_64 rng(seed);
  std::vector<machine::CoreCoord> cores;
  for (machine::ChipCoord c : m.liveChips())
    for (int p : m.applicationCores(c))
      cores.push_back({c.x, c.y, p});
  std::shuffle(cores.begin(), cores.end(), rng);
  size_t dead = size_t(fraction * double(cores.size()));
  for (size_t k = 0; k < dead; ++k)
    m.killCore(cores[k]);
  std::vector<machine::ChipCoord> chips = m.liveChips();
  for (unsigned killed = 0; killed < links;) {
    machine::ChipCoord c = chips[rng() % chips.size()];
    auto d = machine::Direction(rng() % machine::kNumDirections);
    if (m.linkUsable(c, d) && m.killLink(c, d))
      ++killed;
  }
  return m;
}

/// Maps `net` and checks the run against `want` on 1 and 2 threads.
/// Returns the packets the links carried.
uint64_t checkMapped(const NetworkSpec &net, const Recording &want,
                     const machine::MachineModel &board, uint64_t seed,
                     uint32_t perCore, uint32_t steps,
                     const std::vector<SpikeTrain> *external = nullptr) {
  MappingOptions options;
  options.seed = seed;
  options.maxNeuronsPerCore = perCore;
  std::string error;
  auto image = buildMachineImage(net, board, options, error);
  EXPECT_TRUE(image) << error;
  if (!image)
    return 0;
  uint64_t carried = 0;
  for (unsigned threads : {1u, 2u}) {
    MachineRun run = runImage(*image, steps, threads, external);
    std::string what =
        "seed " + std::to_string(seed) + ", threads " + std::to_string(threads);
    expectSameRecording(want, run.recording, what);
    EXPECT_EQ(run.report.packetsDropped, 0u) << what;
    carried = 0;
    for (const LinkStats &l : run.report.links)
      carried += l.packets;
  }
  return carried;
}

TEST(Mapped, Examples) {
  struct Example {
    NetworkSpec net;
    uint32_t steps, perCore;
  };
  std::vector<Example> examples = {{lifExample(), 200, 256},
                                   {dendriticExample(), 300, 1},
                                   {cubaExample(), 300, 256},
                                   {cubaExample(1000), 300, 16}};
  for (const Example &e : examples) {
    SCOPED_TRACE(e.net.name + " " + std::to_string(e.net.populations[0].size));
    Recording want = reference(e.net, e.steps);
    uint64_t carried = 0;
    for (uint64_t seed : {1u, 2u, 3u})
      carried += checkMapped(e.net, want, machine::MachineModel::spinn5(), seed,
                             e.perCore, e.steps);
    carried +=
        checkMapped(e.net, want, faultyBoard(7, 0.2, 4), 1, e.perCore, e.steps);
    // 63 cores of CUBA-1000 span several chips: packets cross links.
    if (e.perCore == 16)
      EXPECT_GT(carried, 0u);
  }
}

class RandomMapped : public ::testing::TestWithParam<uint64_t> {};

TEST_P(RandomMapped, MatchesReference) {
  std::vector<SpikeTrain> external;
  NetworkSpec net = randomNetwork(GetParam(), external);
  ASSERT_EQ(validate(net), "");
  const uint32_t steps = 120;
  Recording want = reference(net, steps, &external);
  // Small slices: a network spreads over many cores and chips.
  const uint32_t perCore = 1 + uint32_t(GetParam() % 8);
  for (uint64_t seed : {1u, 2u, 3u})
    checkMapped(net, want, machine::MachineModel::spinn5(), seed, perCore,
                steps, &external);
  double fraction = 0.05 + 0.15 * double(GetParam() % 4) / 3.0;
  checkMapped(net, want, faultyBoard(GetParam(), fraction, 3), GetParam(),
              perCore, steps, &external);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomMapped,
                         ::testing::Range<uint64_t>(1, 33));

} // namespace
