//===- LifBlockTest.cpp - The branch-free S16_15 LIF loop vs. lifStep -----===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Both simulators run the same population update (PopulationUpdate.h), so
// comparing them cannot catch an error in it. Here the vectorised S16_15
// LIF blocks are checked against the specification's per-neuron kernel,
// lifStep with the switches read at run time, on random states that include
// saturation, refractory neurons, both reset modes and partial blocks.
//
//===----------------------------------------------------------------------===//

#include "PopulationUpdate.h"

#include <gtest/gtest.h>

#include <random>

using namespace dendron::rt;
using namespace dendron::rt::detail;

namespace {

TEST(FixedLanes, ProductEqualsUnitFactorProduct) {
  // Every unit factor at the edges and 2^20 random pairs, against the
  // 64-bit product of FixedOpsUnitFactor.
  std::mt19937_64 rng(42);
  std::vector<int32_t> cs = {-kFixedOne + 1, -1,       0, 1,
                             kFixedOne - 1,  kFixedOne};
  std::vector<int32_t> xs = {INT32_MIN, INT32_MIN + 1, -65536, -65535,   -1, 0,
                             1,         65535,         65536,  INT32_MAX};
  for (int k = 0; k < (1 << 20); ++k) {
    int32_t c = int32_t(rng() % (2 * kFixedOne)) - kFixedOne + 1;
    int32_t x = int32_t(uint32_t(rng()));
    ASSERT_EQ(FixedLanes::mul(c, x), FixedOpsUnitFactor::mul(c, x))
        << c << " * " << x;
    for (int32_t e : xs)
      ASSERT_EQ(FixedLanes::mul(c, e), FixedOpsUnitFactor::mul(c, e))
          << c << " * " << e;
  }
  for (int32_t c : cs)
    for (int32_t x : xs)
      EXPECT_EQ(FixedLanes::mul(c, x), FixedOpsUnitFactor::mul(c, x))
          << c << " * " << x;
}

class LifBlock : public ::testing::TestWithParam<unsigned> {};

TEST_P(LifBlock, MatchesLifStep) {
  const unsigned shape = GetParam(); // exact, synExc, synInh, adapt, spiking
  std::mt19937_64 rng(shape + 1);
  auto any32 = [&] { return int32_t(uint32_t(rng())); };
  // Unit factors: (-1, 1] in s16.15.
  auto unit = [&] { return int32_t(rng() % (2 * kFixedOne)) - kFixedOne + 1; };
  auto pick = [&](std::initializer_list<int32_t> special) {
    // A quarter of the values at the edges of the range.
    if (rng() % 4 == 0)
      return *(special.begin() + rng() % special.size());
    return int32_t(int64_t(rng() % (40 * kFixedOne)) - 20 * kFixedOne);
  };
  for (uint32_t size : {1u, 63u, 64u, 65u, 200u}) {
    for (int round = 0; round < 20; ++round) {
      LifParams<FixedOps> p;
      p.exact = shape & 1;
      p.synExc = shape & 2;
      p.synInh = shape & 4;
      p.adapt = shape & 8;
      p.spiking = shape & 16;
      p.direct = !p.synExc || !p.synInh;
      p.alphaMem = unit();
      p.alphaSynExc = unit();
      p.betaSynExc = unit();
      p.alphaSynInh = unit();
      p.betaSynInh = unit();
      p.betaDirect = unit();
      p.alphaAdapt = unit();
      p.leak = pick({INT32_MIN, INT32_MAX, 0});
      p.vTh = pick({INT32_MIN, INT32_MAX, 0});
      p.vReset = pick({INT32_MIN, INT32_MAX, 0});
      p.adaptJump = pick({INT32_MAX, 0});
      p.refractorySteps = uint32_t(rng() % 4);
      p.reset = rng() % 2 ? ResetMode::Zero : ResetMode::Subtract;
      ASSERT_TRUE(unitFactors(p));

      PopulationState<FixedOps> q;
      q.kind = ModelKind::Lif;
      q.size = size;
      q.lif = p;
      q.ring.resize(2 * size_t(size));
      for (int64_t &a : q.ring)
        a = rng() % 8 == 0 ? int64_t(rng())
                           : int64_t(pick({INT32_MIN, INT32_MAX}));
      q.v.resize(size);
      q.iExc.resize(size);
      q.iInh.resize(size);
      q.adapt.resize(size);
      q.refractory.resize(size);
      for (uint32_t j = 0; j < size; ++j) {
        q.v[j] = rng() % 8 == 0 ? any32() : pick({INT32_MIN, INT32_MAX});
        q.iExc[j] = pick({INT32_MIN, INT32_MAX});
        q.iInh[j] = pick({INT32_MIN, INT32_MAX});
        q.adapt[j] = p.adapt ? pick({INT32_MAX, 0}) : 0;
        q.refractory[j] = rng() % 3 == 0 ? uint32_t(rng() % 4) : 0;
      }
      PopulationState<FixedOps> want = q;
      std::vector<uint32_t> wantSpikes, gotSpikes;
      for (uint32_t j = 0; j < size; ++j) {
        int32_t xExc = FixedOps::input(want.ring[j]);
        int32_t xInh = FixedOps::input(want.ring[size + j]);
        if (lifStep(p, want.v[j], want.iExc[j], want.iInh[j], want.adapt[j],
                    want.refractory[j], xExc, xInh))
          wantSpikes.push_back(j);
      }
      updatePopulation(q, 0, size, 0, gotSpikes);
      SCOPED_TRACE(testing::Message() << "size " << size << " round " << round);
      EXPECT_EQ(gotSpikes, wantSpikes);
      EXPECT_EQ(q.v, want.v);
      EXPECT_EQ(q.iExc, want.iExc);
      EXPECT_EQ(q.iInh, want.iInh);
      EXPECT_EQ(q.adapt, want.adapt);
      EXPECT_EQ(q.refractory, want.refractory);
      for (int64_t a : q.ring)
        ASSERT_EQ(a, 0); // read and cleared.
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, LifBlock, ::testing::Range(0u, 32u));

} // namespace
