//===- RngTest.cpp - Counter-based random numbers -------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Rng.h"

#include <gtest/gtest.h>

#include <bitset>
#include <cmath>

using namespace dendron::rt;

namespace {

TEST(Rng, PureFunctionOfSeedStreamCounter) {
  EXPECT_EQ(hashKey(1, 2, 3), hashKey(1, 2, 3));
  EXPECT_NE(hashKey(1, 2, 3), hashKey(1, 2, 4));
  EXPECT_NE(hashKey(1, 2, 3), hashKey(1, 3, 3));
  EXPECT_NE(hashKey(1, 2, 3), hashKey(2, 2, 3));
  // The roles of the three inputs are not interchangeable.
  EXPECT_NE(hashKey(1, 2, 3), hashKey(1, 3, 2));
  EXPECT_NE(hashKey(0, 0, 0), 0u);
  // Test vectors of docs/Semantics.md (independently computed in Python):
  // changing the generator would change every procedural network and
  // Poisson source.
  EXPECT_EQ(hashKey(0, 0, 0), 0xd9dfee5d0039b834ULL);
  EXPECT_EQ(hashKey(1, 2, 3), 0x5ddff0791e77cf58ULL);
  EXPECT_EQ(uniform01(42, 7, 1000), 0.77624024860129304);
  Stream s(5, 9);
  for (uint64_t c = 0; c < 10; ++c)
    EXPECT_EQ(s.next(), hashKey(5, 9, c));
  EXPECT_EQ(s.position(), 10u);
}

TEST(Rng, Avalanche) {
  // Flipping one input bit flips about half of the output bits.
  double total = 0;
  int n = 0;
  for (uint64_t base = 0; base < 64; ++base)
    for (int bit = 0; bit < 64; ++bit)
      for (int which = 0; which < 3; ++which) {
        uint64_t in[3] = {base * 7919, base, base * 31};
        uint64_t a = hashKey(in[0], in[1], in[2]);
        in[which] ^= uint64_t(1) << bit;
        uint64_t b = hashKey(in[0], in[1], in[2]);
        total += std::bitset<64>(a ^ b).count();
        ++n;
      }
  EXPECT_NEAR(total / n, 32.0, 0.5);
}

TEST(Rng, UniformMoments) {
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int k = 0; k < n; ++k) {
    double u = uniform01(17, 3, k);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sq += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sq / n - (sum / n) * (sum / n), 1.0 / 12, 1e-3);
  EXPECT_EQ(uniform01(1, 2, 3),
            double(hashKey(1, 2, 3) >> 11) * std::ldexp(1.0, -53));
}

TEST(Rng, NormalMoments) {
  Stream s(3, 1);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int k = 0; k < n; ++k) {
    double x = s.normal();
    sum += x;
    sq += x * x;
  }
  EXPECT_EQ(s.position(), uint64_t(2 * n)); // two draws per normal
  EXPECT_NEAR(sum / n, 0.0, 5 / std::sqrt(double(n)));
  EXPECT_NEAR(sq / n, 1.0, 0.01);
}

TEST(Rng, UniformIntIsUnbiasedAndInRange) {
  Stream s(8, 0);
  const uint64_t m = 7;
  std::vector<double> count(m, 0);
  const int n = 70000;
  for (int k = 0; k < n; ++k) {
    uint64_t x = s.uniformInt(m);
    ASSERT_LT(x, m);
    count[x] += 1;
  }
  double chi2 = 0;
  for (double c : count)
    chi2 += (c - n / 7.0) * (c - n / 7.0) / (n / 7.0);
  EXPECT_LT(chi2, 22.5); // p ~ 0.001 for 6 degrees of freedom
  EXPECT_EQ(s.uniformInt(1), 0u);
  EXPECT_EQ(s.uniformInt(0), 0u);
  // Large ranges stay in range.
  for (int k = 0; k < 1000; ++k)
    ASSERT_LT(s.uniformInt((uint64_t(1) << 63) + 12345),
              (uint64_t(1) << 63) + 12345);
}

} // namespace
