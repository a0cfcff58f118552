//===- RouterTable.cpp - Multicast keys, router tables, compression -------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Ordered covering after Mundy, Heathcote and Garside (2016), written from
// the paper's description: entries sharing a route are merged into one
// covering key/mask ("X" wherever they disagree), inserted below the more
// specific entries (by generality = number of X bits) so that those act as
// exceptions; a merge is cut down (entries dropped from it) until it passes
// an "up check" (no entry it moves below would now capture keys of its
// components) and a "down check" (every key it newly covers is either already
// routed the same way or captured by an entry above it). Unlike the paper we
// keep unmatched keys unmatched (they may be default-routed traffic), so a
// merge must also stay inside the set of keys the input table matches.
//
//===----------------------------------------------------------------------===//

#include "dendron/Routing/RouterTable.h"

#include <algorithm>
#include <fmt/format.h>

using namespace dendron::routing;

//===----------------------------------------------------------------------===//
// Routes and lookup
//===----------------------------------------------------------------------===//

std::string dendron::routing::toString(const Route &route) {
  static const char *const names[kNumLinks] = {"E", "NE", "N", "W", "SW", "S"};
  std::string out = "{";
  bool first = true;
  for (unsigned i = 0; i < Route::kNumBits; ++i) {
    if (!route.bit(i))
      continue;
    if (!first)
      out += ",";
    first = false;
    out += i < kNumLinks ? std::string(names[i])
                         : fmt::format("core{}", i - kNumLinks);
  }
  return out + "}";
}

std::optional<size_t> dendron::routing::firstMatch(const RouterTable &table,
                                                   uint32_t key) {
  for (size_t i = 0; i < table.size(); ++i)
    if (matches(table[i], key))
      return i;
  return std::nullopt;
}

Route dendron::routing::lookup(const RouterTable &table, uint32_t key,
                               std::optional<Link> arrival) {
  if (std::optional<size_t> i = firstMatch(table, key))
    return table[*i].route;
  if (!arrival)
    return Route(); // Locally generated, unmatched: dropped.
  return Route::link(opposite(*arrival));
}

//===----------------------------------------------------------------------===//
// Key allocation
//===----------------------------------------------------------------------===//

std::optional<std::vector<KeyBlock>>
dendron::routing::allocateKeys(const std::vector<uint32_t> &sliceSizes,
                               std::string &error) {
  const size_t n = sliceSizes.size();
  std::vector<KeyBlock> blocks(n);
  for (size_t i = 0; i < n; ++i) {
    uint64_t size = 1;
    while (size < sliceSizes[i])
      size <<= 1;
    blocks[i].count = sliceSizes[i];
    blocks[i].blockSize = size;
  }
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return blocks[a].blockSize > blocks[b].blockSize;
  });
  // Decreasing power-of-two sizes laid out from 0 keep every base aligned.
  const uint64_t space = uint64_t(1) << 32;
  uint64_t next = 0;
  for (size_t i : order) {
    if (blocks[i].blockSize > space - next) {
      uint64_t needed = 0;
      for (const KeyBlock &b : blocks)
        needed += b.blockSize;
      error = fmt::format(
          "routing key space exhausted: {} slices need {} keys (slice {} of "
          "{} neurons needs a block of {} at key {}), but 32-bit keys give "
          "only {}",
          n, needed, i, blocks[i].count, blocks[i].blockSize, next, space);
      return std::nullopt;
    }
    blocks[i].base = static_cast<uint32_t>(next);
    blocks[i].mask = static_cast<uint32_t>(~(blocks[i].blockSize - 1));
    next += blocks[i].blockSize;
  }
  return blocks;
}

//===----------------------------------------------------------------------===//
// Ternary cubes (key/mask sets of keys)
//===----------------------------------------------------------------------===//

namespace {

/// A set of keys given as a key/mask pair with key & ~mask == 0.
struct Cube {
  uint32_t key;
  uint32_t mask;
};

unsigned generality(uint32_t mask) { return 32 - __builtin_popcount(mask); }

uint64_t cubeSize(const Cube &c) { return uint64_t(1) << generality(c.mask); }

bool intersects(uint32_t ka, uint32_t ma, uint32_t kb, uint32_t mb) {
  return ((ka ^ kb) & ma & mb) == 0;
}
bool intersects(const Cube &a, const Cube &b) {
  return intersects(a.key, a.mask, b.key, b.mask);
}
Cube intersection(const Cube &a, const Cube &b) {
  return {a.key | b.key, a.mask | b.mask};
}
/// b is a subset of a.
bool contains(const Cube &a, const Cube &b) {
  return (a.mask & ~b.mask) == 0 && ((a.key ^ b.key) & a.mask) == 0;
}

/// a \ b as disjoint cubes, appended to `out`.
void subtract(const Cube &a, const Cube &b, std::vector<Cube> &out) {
  if (!intersects(a, b)) {
    out.push_back(a);
    return;
  }
  Cube rest = a;
  uint32_t split = b.mask & ~a.mask;
  for (unsigned bit = 0; bit < 32; ++bit) {
    uint32_t m = uint32_t(1) << bit;
    if (!(split & m))
      continue;
    // The half of `rest` disagreeing with b on this bit lies outside b.
    out.push_back({(rest.key & ~m) | (~b.key & m), rest.mask | m});
    rest = {(rest.key & ~m) | (b.key & m), rest.mask | m};
  }
  // `rest` is now inside b: dropped.
}

/// Part of the keys a table matches: a cube of keys with the route and
/// arrival annotation of the entry that matches them first.
struct Piece {
  Cube cube;
  Route route;
  std::optional<Link> arrival;
};

/// The smallest cube holding every entry in `set` (indices into `table`).
Cube cover(const RouterTable &table, const std::vector<size_t> &set) {
  uint32_t mask = ~uint32_t(0), differ = 0;
  uint32_t key0 = table[set.front()].key;
  for (size_t i : set) {
    mask &= table[i].mask;
    differ |= table[i].key ^ key0;
  }
  mask &= ~differ;
  return {key0 & mask, mask};
}

/// Arrival link shared by every input piece the cube touches, if known for
/// all of them.
std::optional<Link> commonArrival(const std::vector<Piece> &pieces,
                                  const Cube &c) {
  std::optional<Link> common;
  for (const Piece &p : pieces) {
    if (!intersects(p.cube, c))
      continue;
    if (!p.arrival || (common && common != p.arrival))
      return std::nullopt;
    common = p.arrival;
  }
  return common;
}

/// The compressor's working state.
class Compressor {
public:
  Compressor(RouterTable table, const std::vector<Piece> &pieces)
      : table(std::move(table)), pieces(pieces) {}

  /// Applies the best merge until none reduces the table.
  void run() {
    while (mergeOnce()) {
    }
  }

  RouterTable table;

private:
  const std::vector<Piece> &pieces;

  /// Keys of `c` matched by the input table.
  uint64_t coveredKeys(const Cube &c) const {
    uint64_t n = 0;
    for (const Piece &p : pieces)
      if (intersects(p.cube, c))
        n += cubeSize(intersection(p.cube, c));
    return n;
  }

  /// A key of `c` that the input table does not match; `c` must hold one.
  uint32_t unmatchedKey(Cube c) const {
    while (c.mask != ~uint32_t(0)) {
      uint32_t m = uint32_t(1) << __builtin_ctz(~c.mask);
      Cube low{c.key, c.mask | m};
      Cube high{c.key | m, c.mask | m};
      c = coveredKeys(low) < cubeSize(low) ? low : high;
    }
    return c.key;
  }

  struct Merge {
    std::vector<size_t> set; // Indices of the merged entries, ascending.
    Cube cube;
    size_t insertAt; // Index (in the current table) M goes before.
  };

  /// Keeps only the entries of `set` that exclude `key` on the X bit of
  /// `merged` keeping the most of them. False when fewer than two remain.
  bool exclude(std::vector<size_t> &set, const Cube &merged,
               uint32_t key) const {
    size_t bestCount = 0;
    unsigned bestBit = 0;
    for (unsigned bit = 0; bit < 32; ++bit) {
      uint32_t m = uint32_t(1) << bit;
      if (merged.mask & m)
        continue;
      size_t count = 0;
      for (size_t i : set)
        if ((table[i].mask & m) && ((table[i].key ^ key) & m))
          ++count;
      if (count > bestCount) {
        bestCount = count;
        bestBit = bit;
      }
    }
    if (bestCount < 2)
      return false;
    uint32_t m = uint32_t(1) << bestBit;
    std::vector<size_t> kept;
    for (size_t i : set)
      if ((table[i].mask & m) && ((table[i].key ^ key) & m))
        kept.push_back(i);
    set.swap(kept);
    return true;
  }

  /// Cuts `set` (entries sharing `route`) down to a valid merge.
  std::optional<Merge> resolve(std::vector<size_t> set,
                               const Route &route) const {
    const size_t n = table.size();
    std::vector<char> inSet(n);
    while (set.size() >= 2) {
      std::fill(inSet.begin(), inSet.end(), 0);
      for (size_t i : set)
        inSet[i] = 1;
      Cube merged = cover(table, set);
      unsigned g = generality(merged.mask);
      // Below every component and below every entry at most as general.
      size_t at = set.back() + 1;
      for (size_t j = 0; j < n; ++j)
        if (!inSet[j] && generality(table[j].mask) <= g)
          at = std::max(at, j + 1);

      // Up check: keys of a component must not be captured on their way
      // down by an entry with another route.
      std::vector<size_t> kept;
      for (size_t i : set) {
        bool ok = true;
        for (size_t j = i + 1; j < at && ok; ++j)
          ok = inSet[j] || table[j].route == route ||
               !intersects(table[i].key, table[i].mask, table[j].key,
                           table[j].mask);
        if (ok)
          kept.push_back(i);
      }
      if (kept.size() != set.size()) {
        set.swap(kept);
        continue;
      }

      // The merge must not match keys the input leaves unmatched.
      if (coveredKeys(merged) < cubeSize(merged)) {
        if (!exclude(set, merged, unmatchedKey(merged)))
          return std::nullopt;
        continue;
      }

      // Down check: keys routed elsewhere must be captured above the merge.
      std::optional<uint32_t> bad;
      for (const Piece &p : pieces) {
        if (p.route == route || !intersects(p.cube, merged))
          continue;
        Cube c = intersection(p.cube, merged);
        bool captured = false;
        for (size_t j = 0; j < at && !captured; ++j)
          captured = !inSet[j] && contains({table[j].key, table[j].mask}, c);
        if (!captured) {
          bad = c.key;
          break;
        }
      }
      if (bad) {
        if (!exclude(set, merged, *bad))
          return std::nullopt;
        continue;
      }
      return Merge{set, merged, at};
    }
    return std::nullopt;
  }

  bool mergeOnce() {
    // Distinct routes in table order (deterministic).
    std::vector<Route> routes;
    for (const Entry &e : table)
      if (std::find(routes.begin(), routes.end(), e.route) == routes.end())
        routes.push_back(e.route);
    std::optional<Merge> best;
    Route bestRoute;
    for (const Route &route : routes) {
      std::vector<size_t> set;
      for (size_t i = 0; i < table.size(); ++i)
        if (table[i].route == route)
          set.push_back(i);
      if (set.size() < 2 || (best && set.size() <= best->set.size()))
        continue;
      std::optional<Merge> m = resolve(set, route);
      if (m && (!best || m->set.size() > best->set.size())) {
        best = std::move(m);
        bestRoute = route;
      }
    }
    if (!best)
      return false;
    Entry merged{best->cube.key, best->cube.mask, bestRoute,
                 commonArrival(pieces, best->cube)};
    RouterTable next;
    next.reserve(table.size());
    size_t s = 0;
    for (size_t i = 0; i <= table.size(); ++i) {
      if (i == best->insertAt)
        next.push_back(merged);
      if (i == table.size())
        break;
      if (s < best->set.size() && best->set[s] == i) {
        ++s;
        continue;
      }
      next.push_back(table[i]);
    }
    table.swap(next);
    return true;
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// Compression
//===----------------------------------------------------------------------===//

CompressResult dendron::routing::compress(const RouterTable &input,
                                          size_t limit,
                                          const CompressOptions &options) {
  CompressResult result;
  result.uncompressedSize = input.size();

  // Drop entries that match nothing, or nothing not matched above them.
  std::vector<Piece> pieces;
  RouterTable live;
  {
    RouterTable valid;
    for (const Entry &e : input)
      if ((e.key & ~e.mask) == 0)
        valid.push_back(e);
    RouterTable scratch;
    for (const Entry &e : valid) {
      scratch.push_back(e);
      // Keys e matches first = e minus everything above it.
      std::vector<Cube> cur{{e.key, e.mask}}, next;
      for (size_t j = 0; j + 1 < scratch.size() && !cur.empty(); ++j) {
        next.clear();
        for (const Cube &c : cur)
          subtract(c, {scratch[j].key, scratch[j].mask}, next);
        cur.swap(next);
      }
      if (cur.empty()) {
        scratch.pop_back();
        continue;
      }
      for (const Cube &c : cur)
        pieces.push_back({c, e.route, e.arrival});
    }
    live.swap(scratch);
  }

  // Order does not matter in an orthogonal table: sort it by generality as
  // ordered covering expects (stable, so deterministic).
  bool orthogonal = true;
  for (size_t i = 0; i < live.size() && orthogonal; ++i)
    for (size_t j = i + 1; j < live.size() && orthogonal; ++j)
      orthogonal =
          !intersects(live[i].key, live[i].mask, live[j].key, live[j].mask);
  if (orthogonal)
    std::stable_sort(live.begin(), live.end(),
                     [](const Entry &a, const Entry &b) {
                       return generality(a.mask) < generality(b.mask);
                     });

  Compressor compressor(std::move(live), pieces);
  compressor.run();
  RouterTable table = std::move(compressor.table);

  // Default-routable entries nothing below overlaps: their keys fall
  // through to default routing, which sends them the same way.
  if (options.removeDefaultRoutes) {
    for (size_t i = table.size(); i-- > 0;) {
      const Entry &e = table[i];
      // Every key e can match must come from input entries arriving by
      // one known link (merges may have moved keys of others into e).
      std::optional<Link> arrival = commonArrival(pieces, {e.key, e.mask});
      if (!arrival || e.route != Route::link(opposite(*arrival)))
        continue;
      bool overlapped = false;
      for (size_t j = i + 1; j < table.size() && !overlapped; ++j)
        overlapped = intersects(e.key, e.mask, table[j].key, table[j].mask);
      if (!overlapped)
        table.erase(table.begin() + i);
    }
  }

  result.table = std::move(table);
  result.compressedSize = result.table.size();
  result.fits = result.compressedSize <= limit;
  if (!result.fits)
    result.error = fmt::format(
        "routing table needs {} entries after compression ({} before), but "
        "the router holds only {}",
        result.compressedSize, result.uncompressedSize, limit);
  return result;
}
