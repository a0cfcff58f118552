//===- CompressTest.cpp - Ordered-covering table compression --------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Routing/RouterTable.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <random>

using namespace dendron::routing;

namespace {

/// Keys of the random tables: 12 effective bits, so every key can be tried.
constexpr uint32_t kKeyBits = 12;
constexpr uint32_t kKeySpace = uint32_t(1) << kKeyBits;
constexpr uint32_t kHighMask = ~(kKeySpace - 1);

/// A few routes, so that many entries share one and merges happen.
std::vector<Route> routePool() {
  return {Route::link(Link::E), Route::link(Link::N).withCore(1),
          Route::core(2), Route::core(3).withCore(17)};
}

/// A random entry of the 12-bit key space: each low mask bit set with
/// probability `fixedProb`, the key random under the mask.
Entry randomEntry(std::mt19937 &rng, double fixedProb, unsigned routes) {
  std::bernoulli_distribution fixed(fixedProb);
  uint32_t mask = kHighMask;
  for (uint32_t b = 0; b < kKeyBits; ++b)
    if (fixed(rng))
      mask |= uint32_t(1) << b;
  Entry e;
  e.mask = mask;
  e.key = static_cast<uint32_t>(rng()) & mask & (kKeySpace - 1);
  e.route = routePool()[rng() % routes];
  return e;
}

/// Random table; `orthogonal` rejects entries overlapping earlier ones
/// (the shape of generated tables), otherwise entries overlap freely.
RouterTable randomTable(std::mt19937 &rng, size_t size, bool orthogonal,
                        unsigned routes = 4) {
  RouterTable table;
  size_t attempts = 0;
  while (table.size() < size && attempts++ < 100 * size) {
    Entry e = randomEntry(rng, orthogonal ? 0.85 : 0.7, routes);
    bool overlaps = false;
    for (const Entry &o : table)
      overlaps |= ((e.key ^ o.key) & e.mask & o.mask) == 0;
    if (orthogonal && overlaps)
      continue;
    table.push_back(e);
  }
  return table;
}

/// Random orthogonal table matching every key of the 12-bit space: the
/// space split at random into `size` aligned blocks, in random order.
RouterTable partitionTable(std::mt19937 &rng, size_t size, unsigned routes) {
  RouterTable table = {{0, kHighMask, routePool()[0], {}}};
  while (table.size() < size) {
    size_t i = rng() % table.size();
    uint32_t free = ~table[i].mask;
    if (free == 0) {
      bool any = false;
      for (const Entry &e : table)
        any |= e.mask != ~uint32_t(0);
      if (!any)
        break;
      continue;
    }
    std::vector<uint32_t> bits;
    for (uint32_t b = 0; b < 32; ++b)
      if (free & (uint32_t(1) << b))
        bits.push_back(uint32_t(1) << b);
    uint32_t m = bits[rng() % bits.size()];
    Entry hi = table[i];
    table[i].mask |= m;
    hi.mask |= m;
    hi.key |= m;
    table.push_back(hi);
  }
  for (Entry &e : table)
    e.route = routePool()[rng() % routes];
  std::shuffle(table.begin(), table.end(), rng);
  return table;
}

/// Every key of the 12-bit space (and a sample above it) has the same first
/// match route in both tables, or no match in either.
void expectSameMatches(const RouterTable &in, const RouterTable &out,
                       const std::string &what) {
  auto check = [&](uint32_t k) {
    std::optional<size_t> a = firstMatch(in, k), b = firstMatch(out, k);
    ASSERT_EQ(a.has_value(), b.has_value()) << what << " key " << k;
    if (a) {
      ASSERT_EQ(in[*a].route, out[*b].route) << what << " key " << k;
    }
  };
  for (uint32_t k = 0; k < kKeySpace; ++k)
    check(k);
  std::mt19937 rng(99);
  for (int i = 0; i < 200; ++i)
    check(static_cast<uint32_t>(rng()));
}

/// Routing with default routes: every packet the input can carry is routed
/// the same way, for every arrival the input's annotations allow.
void expectSameRouting(const RouterTable &in, const RouterTable &out,
                       const std::string &what) {
  for (uint32_t k = 0; k < kKeySpace; ++k) {
    std::optional<size_t> m = firstMatch(in, k);
    std::vector<std::optional<Link>> arrivals;
    if (m && in[*m].arrival) {
      arrivals.push_back(in[*m].arrival);
    } else {
      arrivals.push_back(std::nullopt);
      for (unsigned l = 0; l < kNumLinks; ++l)
        arrivals.push_back(static_cast<Link>(l));
    }
    for (std::optional<Link> a : arrivals)
      ASSERT_EQ(lookup(in, k, a), lookup(out, k, a))
          << what << " key " << k << " arrival "
          << (a ? static_cast<int>(*a) : -1);
  }
}

RouterTable keyAllocatedTable(const std::vector<uint32_t> &sizes,
                              const std::vector<Route> &routes) {
  std::string error;
  std::optional<std::vector<KeyBlock>> blocks = allocateKeys(sizes, error);
  EXPECT_TRUE(blocks) << error;
  RouterTable table;
  for (size_t i = 0; blocks && i < blocks->size(); ++i)
    table.push_back({(*blocks)[i].base, (*blocks)[i].mask, routes[i], {}});
  return table;
}

const std::vector<size_t> kSizes = {1, 2, 3, 5, 8, 13, 30, 60, 100, 200, 300};

} // namespace

TEST(Compress, ExhaustiveEquivalenceOverlappingTables) {
  for (unsigned seed = 1; seed <= 4; ++seed)
    for (size_t size : kSizes) {
      std::mt19937 rng(seed * 1000 + size);
      RouterTable in = randomTable(rng, size, /*orthogonal=*/false);
      CompressResult r = compress(in, 1023);
      std::string what = fmt::format("seed {} size {}", seed, size);
      EXPECT_EQ(r.uncompressedSize, in.size()) << what;
      EXPECT_EQ(r.compressedSize, r.table.size()) << what;
      EXPECT_LE(r.compressedSize, r.uncompressedSize) << what;
      EXPECT_TRUE(r.fits) << what;
      expectSameMatches(in, r.table, what);
    }
}

TEST(Compress, ExhaustiveEquivalenceExceptionTables) {
  // Overlapping entries, most specific first: general entries below act on
  // what the exceptions above leave (the shape ordered covering produces).
  for (unsigned seed = 1; seed <= 4; ++seed)
    for (size_t size : kSizes) {
      std::mt19937 rng(seed * 577 + size);
      RouterTable in = randomTable(rng, size - 1, /*orthogonal=*/false, 3);
      std::stable_sort(
          in.begin(), in.end(), [](const Entry &a, const Entry &b) {
            return __builtin_popcount(a.mask) > __builtin_popcount(b.mask);
          });
      // A catch-all last: every key is matched, so merges are free to
      // cover holes and the up and down checks decide.
      in.push_back({0, kHighMask, routePool()[seed % 3], {}});
      CompressResult r = compress(in, 1023);
      std::string what = fmt::format("seed {} size {}", seed, size);
      EXPECT_LE(r.compressedSize, r.uncompressedSize) << what;
      expectSameMatches(in, r.table, what);
    }
}

TEST(Compress, MergeMustNotCaptureKeysOfAGeneralEntryBelow) {
  // Keys 0 and 3 to core 1, the rest of 0..7 to core 2 via a general entry
  // below: covering {0, 3} by 0/~3 would steal keys 1 and 2.
  RouterTable in = {{0, ~uint32_t(0), Route::core(1), {}},
                    {3, ~uint32_t(0), Route::core(1), {}},
                    {0, ~uint32_t(7), Route::core(2), {}}};
  CompressResult c = compress(in, 1023);
  EXPECT_EQ(c.compressedSize, 3u);
  expectSameMatches(in, c.table, "down check");
}

TEST(Compress, ExhaustiveEquivalencePartitionTables) {
  size_t before = 0, after = 0;
  for (unsigned seed = 1; seed <= 4; ++seed)
    for (size_t size : kSizes) {
      std::mt19937 rng(seed * 4243 + size);
      RouterTable in = partitionTable(rng, size, 2 + seed % 3);
      CompressResult r = compress(in, 1023);
      std::string what = fmt::format("seed {} size {}", seed, size);
      EXPECT_LE(r.compressedSize, r.uncompressedSize) << what;
      expectSameMatches(in, r.table, what);
      before += r.uncompressedSize;
      after += r.compressedSize;
    }
  EXPECT_LT(after * 10, before * 7);
}

TEST(Compress, ExhaustiveEquivalenceOrthogonalTables) {
  size_t before = 0, after = 0;
  for (unsigned seed = 1; seed <= 4; ++seed)
    for (size_t size : kSizes) {
      std::mt19937 rng(seed * 7919 + size);
      RouterTable in = randomTable(rng, size, /*orthogonal=*/true, 2);
      CompressResult r = compress(in, 1023);
      std::string what = fmt::format("seed {} size {}", seed, size);
      EXPECT_LE(r.compressedSize, r.uncompressedSize) << what;
      expectSameMatches(in, r.table, what);
      before += r.uncompressedSize;
      after += r.compressedSize;
    }
  // Two routes over random disjoint blocks: ordered covering must win
  // something overall.
  EXPECT_LT(after, before);
}

TEST(Compress, ExhaustiveEquivalenceWithDefaultRoutes) {
  for (unsigned seed = 1; seed <= 4; ++seed)
    for (size_t size : kSizes) {
      std::mt19937 rng(seed * 31 + size);
      // Odd seeds: full partitions, where merges across arrivals happen.
      RouterTable in = seed % 2 ? partitionTable(rng, size, 2)
                                : randomTable(rng, size, true, 4);
      // Annotate arrivals; make some entries default-routable.
      for (Entry &e : in) {
        unsigned pick = rng() % 4;
        if (pick == 0)
          continue; // Unknown arrival.
        e.arrival = static_cast<Link>(rng() % kNumLinks);
        if (pick == 1)
          e.route = Route::link(opposite(*e.arrival));
      }
      CompressResult r = compress(in, 1023);
      std::string what = fmt::format("seed {} size {}", seed, size);
      EXPECT_LE(r.compressedSize, r.uncompressedSize) << what;
      expectSameRouting(in, r.table, what);
    }
}

TEST(Compress, SameRouteSlicesBecomeOneEntry) {
  Route r = Route::link(Link::NE).withCore(4);
  RouterTable in = keyAllocatedTable(std::vector<uint32_t>(8, 256),
                                     std::vector<Route>(8, r));
  CompressResult c = compress(in, 1023);
  EXPECT_EQ(c.uncompressedSize, 8u);
  ASSERT_EQ(c.compressedSize, 1u);
  EXPECT_EQ(c.table[0].key, 0u);
  EXPECT_EQ(c.table[0].mask, ~uint32_t(2047));
  EXPECT_EQ(c.table[0].route, r);
  expectSameMatches(in, c.table, "8 slices");
}

TEST(Compress, TwoPopulationsBecomeTwoEntries) {
  Route a = Route::core(1), b = Route::link(Link::S);
  // Four slices of 200 (blocks of 256) to a, then two of 100 (128) to b.
  RouterTable in =
      keyAllocatedTable({200, 200, 200, 200, 100, 100}, {a, a, a, a, b, b});
  CompressResult c = compress(in, 1023);
  EXPECT_EQ(c.uncompressedSize, 6u);
  EXPECT_EQ(c.compressedSize, 2u);
  expectSameMatches(in, c.table, "two populations");
}

TEST(Compress, UnmatchedKeysStayUnmatched) {
  // Three blocks of 256: merging all would also cover keys 768..1023, which
  // may be other sources' default-routed traffic.
  Route r = Route::core(5);
  RouterTable in = keyAllocatedTable({256, 256, 256}, {r, r, r});
  CompressResult c = compress(in, 1023);
  EXPECT_EQ(c.compressedSize, 2u);
  EXPECT_FALSE(firstMatch(c.table, 800));
  expectSameMatches(in, c.table, "three blocks");
}

TEST(Compress, ExceptionsStayAboveTheCover) {
  // Keys 0..7 go to core 1 except key 5, which goes to core 2: ordered
  // covering needs two entries, key 5 first.
  RouterTable in;
  for (uint32_t k = 0; k < 8; ++k)
    in.push_back({k, ~uint32_t(0), Route::core(k == 5 ? 2 : 1), {}});
  CompressResult c = compress(in, 1023);
  ASSERT_EQ(c.compressedSize, 2u);
  EXPECT_EQ(c.table[0].key, 5u);
  EXPECT_EQ(c.table[0].route, Route::core(2));
  EXPECT_EQ(c.table[1].mask, ~uint32_t(7));
  expectSameMatches(in, c.table, "exception");
}

TEST(Compress, DefaultRoutableEntries) {
  // Arrives by W, leaves by E: default routing does the same.
  RouterTable alone = {{0x40, ~uint32_t(0xF), Route::link(Link::E), Link::W}};
  CompressResult c = compress(alone, 1023);
  EXPECT_EQ(c.compressedSize, 0u);
  EXPECT_EQ(lookup(c.table, 0x41, Link::W), Route::link(Link::E));

  // Unknown arrival: must stay.
  RouterTable unknown = {{0x40, ~uint32_t(0xF), Route::link(Link::E), {}}};
  EXPECT_EQ(compress(unknown, 1023).compressedSize, 1u);

  // Overlapped by a later entry: removing it would send key 0x40 to core 0.
  RouterTable shadowing = {
      {0x40, ~uint32_t(0), Route::link(Link::E), Link::W},
      {0x40, ~uint32_t(0xF), Route::core(0), {}},
  };
  CompressResult s = compress(shadowing, 1023);
  EXPECT_EQ(s.compressedSize, 2u);
  EXPECT_EQ(lookup(s.table, 0x40, Link::W), Route::link(Link::E));

  // Merged with an entry arriving by N (same route, E): the merged entry
  // also carries packets from N, which default routing would send S.
  RouterTable mixed = {
      {0x50, ~uint32_t(0xF), Route::link(Link::E), Link::N},
      {0x40, ~uint32_t(0xF), Route::link(Link::E), Link::W},
  };
  CompressResult m = compress(mixed, 1023);
  ASSERT_EQ(m.compressedSize, 1u);
  EXPECT_EQ(m.table[0].mask, ~uint32_t(0x1F));
  EXPECT_EQ(lookup(m.table, 0x51, Link::N), Route::link(Link::E));

  // Option off: kept.
  CompressOptions keep;
  keep.removeDefaultRoutes = false;
  EXPECT_EQ(compress(alone, 1023, keep).compressedSize, 1u);
}

TEST(Compress, LimitErrorNamesEntriesAndLimit) {
  RouterTable in;
  for (uint32_t k = 0; k < 4; ++k)
    in.push_back({k << 8, ~uint32_t(0xFF), Route::core(k), {}});
  CompressResult c = compress(in, 3);
  EXPECT_FALSE(c.fits);
  EXPECT_EQ(c.compressedSize, 4u);
  EXPECT_NE(c.error.find("needs 4 entries"), std::string::npos) << c.error;
  EXPECT_NE(c.error.find("holds only 3"), std::string::npos) << c.error;
  CompressResult ok = compress(in, 4);
  EXPECT_TRUE(ok.fits);
  EXPECT_TRUE(ok.error.empty());
}

TEST(Compress, Deterministic) {
  std::mt19937 rng(5);
  RouterTable in = randomTable(rng, 200, false);
  CompressResult a = compress(in, 1023), b = compress(in, 1023);
  ASSERT_EQ(a.table.size(), b.table.size());
  for (size_t i = 0; i < a.table.size(); ++i) {
    EXPECT_EQ(a.table[i].key, b.table[i].key);
    EXPECT_EQ(a.table[i].mask, b.table[i].mask);
    EXPECT_EQ(a.table[i].route, b.table[i].route);
  }
}

TEST(Compress, EmptyAndDeadEntries) {
  CompressResult e = compress({}, 0);
  EXPECT_TRUE(e.fits);
  EXPECT_EQ(e.compressedSize, 0u);
  // A key bit outside the mask matches nothing; a fully shadowed entry
  // is never used.
  RouterTable in = {{0x3, 0x1, Route::core(0), {}},
                    {0x0, ~uint32_t(0xF), Route::core(1), {}},
                    {0x4, ~uint32_t(0x3), Route::core(2), {}}};
  CompressResult c = compress(in, 1023);
  EXPECT_EQ(c.compressedSize, 1u);
  expectSameMatches(in, c.table, "dead entries");
}
