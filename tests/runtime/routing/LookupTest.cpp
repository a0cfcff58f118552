//===- LookupTest.cpp - Router table semantics ----------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Routing/RouterTable.h"

#include <gtest/gtest.h>

using namespace dendron::routing;

TEST(RouteLayout, LinksThenCores) {
  EXPECT_EQ(Route::link(Link::E).raw()[0], 1u);
  EXPECT_EQ(Route::link(Link::S).raw()[0], uint64_t(1) << 5);
  EXPECT_EQ(Route::core(0).raw()[0], uint64_t(1) << 6);
  EXPECT_EQ(Route::core(17).raw()[0], uint64_t(1) << 23);
  EXPECT_EQ(Route::core(151).raw()[2], uint64_t(1) << (157 - 128));
  EXPECT_TRUE(Route::core(185).bit(191));
  Route r = Route::link(Link::N).withCore(3);
  EXPECT_TRUE(r.hasLink(Link::N));
  EXPECT_TRUE(r.hasCore(3));
  EXPECT_FALSE(r.hasCore(2));
  EXPECT_EQ(toString(r), "{N,core3}");
  EXPECT_TRUE(Route().empty());
}

TEST(RouteLayout, OppositeLinks) {
  EXPECT_EQ(opposite(Link::E), Link::W);
  EXPECT_EQ(opposite(Link::W), Link::E);
  EXPECT_EQ(opposite(Link::NE), Link::SW);
  EXPECT_EQ(opposite(Link::SW), Link::NE);
  EXPECT_EQ(opposite(Link::N), Link::S);
  EXPECT_EQ(opposite(Link::S), Link::N);
}

TEST(Lookup, MaskedMatch) {
  Entry e{0x1200, 0xFF00, Route::core(1), {}};
  EXPECT_TRUE(matches(e, 0x1200));
  EXPECT_TRUE(matches(e, 0x12FF));
  EXPECT_FALSE(matches(e, 0x1300));
  // Bits clear in the mask are "don't care", also above the key's bits.
  EXPECT_TRUE(matches(e, 0x11200));
}

TEST(Lookup, FirstMatchWins) {
  RouterTable table = {
      {0x10, 0xFFFFFFFF, Route::core(1), {}}, // exactly key 0x10
      {0x10, 0xFFFFFFF0, Route::core(2), {}}, // keys 0x10..0x1F
      {0x00, 0xFFFFFF00, Route::core(3), {}}, // keys 0x00..0xFF
  };
  EXPECT_EQ(lookup(table, 0x10, std::nullopt), Route::core(1));
  EXPECT_EQ(lookup(table, 0x11, std::nullopt), Route::core(2));
  EXPECT_EQ(lookup(table, 0x20, std::nullopt), Route::core(3));
  EXPECT_EQ(firstMatch(table, 0x10), std::optional<size_t>(0));
  EXPECT_EQ(firstMatch(table, 0x1F), std::optional<size_t>(1));
  // Reordered, the general entry hides the others.
  RouterTable reversed(table.rbegin(), table.rend());
  EXPECT_EQ(lookup(reversed, 0x10, std::nullopt), Route::core(3));
}

TEST(Lookup, DefaultRouteIsStraightThrough) {
  RouterTable table = {{0x100, 0xFFFFFF00, Route::core(0), {}}};
  for (unsigned l = 0; l < kNumLinks; ++l) {
    Link in = static_cast<Link>(l);
    EXPECT_EQ(lookup(table, 0x5, in), Route::link(opposite(in))) << l;
    EXPECT_EQ(lookup(table, 0x105, in), Route::core(0)) << l;
  }
  EXPECT_EQ(lookup({}, 0x5, Link::W), Route::link(Link::E));
}

TEST(Lookup, LocalPacketWithoutMatchIsDropped) {
  RouterTable table = {{0x100, 0xFFFFFF00, Route::core(0), {}}};
  EXPECT_TRUE(lookup(table, 0x5, std::nullopt).empty());
  EXPECT_EQ(lookup(table, 0x100, std::nullopt), Route::core(0));
}

TEST(Lookup, KeyBitOutsideMaskMatchesNothing) {
  RouterTable table = {{0x3, 0x1, Route::core(0), {}}};
  for (uint32_t k = 0; k < 16; ++k)
    EXPECT_FALSE(firstMatch(table, k)) << k;
}
