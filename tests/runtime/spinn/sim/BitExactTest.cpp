//===- BitExactTest.cpp - Machine simulator vs. the reference simulator ---===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Every network run on the machine must give the reference simulator's
// spike trains and traces bit for bit, whatever the slicing and thread
// count. These tests use the mapper-independent one-chip images of
// SimTestUtil.h; MappedTest.cpp runs the mapper's images.
//
//===----------------------------------------------------------------------===//

#include "SimTestUtil.h"

using namespace dendron::spinn;
using namespace dendron::spinn::test;

namespace {

TEST(OneChipImage, LifExample) {
  NetworkSpec net = lifExample();
  Recording want = reference(net, 200);
  ASSERT_GT(want.spikes[1].neuron.size(), 0u); // the example fires.
  auto image = oneChipImage(net, 1);
  ASSERT_TRUE(image);
  for (unsigned threads : {1u, 2u})
    expectSameRecording(want, runImage(*image, 200, threads).recording,
                        "threads " + std::to_string(threads));
}

TEST(OneChipImage, DendriticExample) {
  NetworkSpec net = dendriticExample();
  Recording want = reference(net, 300);
  ASSERT_GT(want.spikes[0].neuron.size(), 0u); // the clustered cell bursts.
  for (uint32_t perCore : {1u, 2u, 8u}) {
    auto image = oneChipImage(net, perCore);
    ASSERT_TRUE(image);
    for (unsigned threads : {1u, 2u})
      expectSameRecording(want, runImage(*image, 300, threads).recording,
                          "per core " + std::to_string(perCore) + ", threads " +
                              std::to_string(threads));
  }
}

TEST(OneChipImage, CubaExample) {
  // The full example for 0.1 s, sliced 256 per core as the mapper does.
  NetworkSpec net = cubaExample();
  Recording want = reference(net, 1000);
  ASSERT_GT(want.numSynapticEvents, 100000u);
  auto image = oneChipImage(net, 256);
  ASSERT_TRUE(image);
  for (unsigned threads : {1u, 2u})
    expectSameRecording(want, runImage(*image, 1000, threads).recording,
                        "threads " + std::to_string(threads));
}

class RandomOneChip : public ::testing::TestWithParam<uint64_t> {};

TEST_P(RandomOneChip, MatchesReference) {
  std::vector<SpikeTrain> external;
  NetworkSpec net = randomNetwork(GetParam(), external);
  ASSERT_EQ(validate(net), "");
  const uint32_t steps = 150;
  Recording want = reference(net, steps, &external);
  for (uint32_t perCore : {7u, 64u}) {
    auto image = oneChipImage(net, perCore);
    ASSERT_TRUE(image);
    for (unsigned threads : {1u, 2u})
      expectSameRecording(want,
                          runImage(*image, steps, threads, &external).recording,
                          "per core " + std::to_string(perCore) + ", threads " +
                              std::to_string(threads));
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomOneChip,
                         ::testing::Range<uint64_t>(1, 41));

} // namespace
