//===- KeyAllocationTest.cpp - Key blocks of source slices ----------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Routing/RouterTable.h"

#include <gtest/gtest.h>
#include <random>

using namespace dendron::routing;

namespace {

std::vector<KeyBlock> allocateOrFail(const std::vector<uint32_t> &sizes) {
  std::string error;
  std::optional<std::vector<KeyBlock>> blocks = allocateKeys(sizes, error);
  EXPECT_TRUE(blocks) << error;
  return blocks ? *blocks : std::vector<KeyBlock>();
}

} // namespace

TEST(KeyAllocation, BlocksAlignedDisjointAndCovering) {
  std::mt19937 rng(7);
  std::vector<uint32_t> sizes = {0, 1, 2, 3, 255, 256, 257, 1000, 64};
  for (int i = 0; i < 40; ++i)
    sizes.push_back(rng() % 3000);
  std::vector<KeyBlock> blocks = allocateOrFail(sizes);
  ASSERT_EQ(blocks.size(), sizes.size());
  for (size_t i = 0; i < blocks.size(); ++i) {
    const KeyBlock &b = blocks[i];
    EXPECT_EQ(b.count, sizes[i]);
    // Power of two, at least the slice size (and at least one key).
    EXPECT_EQ(b.blockSize & (b.blockSize - 1), 0u) << i;
    EXPECT_GE(b.blockSize, std::max<uint64_t>(sizes[i], 1)) << i;
    EXPECT_LT(b.blockSize, 2 * std::max<uint64_t>(sizes[i], 1)) << i;
    EXPECT_EQ(b.base % b.blockSize, 0u) << i;
    EXPECT_EQ(b.mask, static_cast<uint32_t>(~(b.blockSize - 1))) << i;
    // Every neuron's key is in the block; the keys right outside are not.
    for (uint32_t n = 0; n < b.count; ++n)
      ASSERT_EQ((b.base + n) & b.mask, b.base) << i << " " << n;
    uint64_t end = uint64_t(b.base) + b.blockSize;
    if (end < (uint64_t(1) << 32)) {
      EXPECT_NE(static_cast<uint32_t>(end) & b.mask, b.base);
    }
    if (b.base > 0) {
      EXPECT_NE((b.base - 1) & b.mask, b.base);
    }
  }
  for (size_t i = 0; i < blocks.size(); ++i)
    for (size_t j = i + 1; j < blocks.size(); ++j) {
      uint64_t ai = blocks[i].base, ae = ai + blocks[i].blockSize;
      uint64_t bi = blocks[j].base, be = bi + blocks[j].blockSize;
      EXPECT_TRUE(ae <= bi || be <= ai) << i << " overlaps " << j;
    }
}

TEST(KeyAllocation, DeterministicAndConsecutiveForEqualSlices) {
  std::vector<uint32_t> sizes = {100, 256, 256, 256, 100, 5};
  std::vector<KeyBlock> a = allocateOrFail(sizes);
  std::vector<KeyBlock> b = allocateOrFail(sizes);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].base, b[i].base);
    EXPECT_EQ(a[i].mask, b[i].mask);
  }
  // Largest blocks first, ties in slice order.
  EXPECT_EQ(a[1].base, 0u);
  EXPECT_EQ(a[2].base, 256u);
  EXPECT_EQ(a[3].base, 512u);
  EXPECT_EQ(a[0].base, 768u);
  EXPECT_EQ(a[4].base, 896u);
  EXPECT_EQ(a[5].base, 1024u);
  EXPECT_EQ(a[5].mask, 0xFFFFFFF8u);
}

TEST(KeyAllocation, WholeKeySpaceFits) {
  std::vector<KeyBlock> one = allocateOrFail({0xFFFFFFFFu});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].base, 0u);
  EXPECT_EQ(one[0].mask, 0u);
  EXPECT_EQ(one[0].blockSize, uint64_t(1) << 32);
  std::vector<KeyBlock> halves = allocateOrFail({0x80000000u, 0x80000000u});
  ASSERT_EQ(halves.size(), 2u);
  EXPECT_EQ(halves[1].base, 0x80000000u);
}

TEST(KeyAllocation, ExhaustionErrorGivesNumbers) {
  std::string error;
  std::optional<std::vector<KeyBlock>> blocks =
      allocateKeys({0x80000000u, 0x80000000u, 1}, error);
  EXPECT_FALSE(blocks);
  EXPECT_NE(error.find("exhausted"), std::string::npos) << error;
  EXPECT_NE(error.find("3 slices need 4294967297 keys"), std::string::npos)
      << error;
  EXPECT_NE(error.find("4294967296"), std::string::npos) << error;
}

TEST(KeyAllocation, EmptyInput) { EXPECT_TRUE(allocateOrFail({}).empty()); }
