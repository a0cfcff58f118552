//===- RouterTable.h - Multicast keys and router tables ---------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The multicast routing model of a SpiNNaker-style router (docs/Routing.md):
/// 32-bit packet keys, ordered tables of (key, mask, route) entries with
/// default routing, allocation of key blocks to source slices, and an
/// order-exploiting table compressor ("ordered covering", Mundy, Heathcote
/// and Garside 2016). Plain C++17, no global state, deterministic.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_ROUTING_ROUTERTABLE_H
#define DENDRON_ROUTING_ROUTERTABLE_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dendron::routing {

//===----------------------------------------------------------------------===//
// Links and routes
//===----------------------------------------------------------------------===//

/// The six inter-chip links, numbered as on SpiNNaker (and as
/// dendron::machine::Direction): E=0, NE=1, N=2, W=3, SW=4, S=5.
enum class Link : uint8_t { E = 0, NE = 1, N = 2, W = 3, SW = 4, S = 5 };

/// Number of inter-chip links per chip.
inline constexpr unsigned kNumLinks = 6;

/// The link a packet leaves by when it continues straight through a chip it
/// entered by `link`: E<->W, NE<->SW, N<->S, i.e. (link + 3) mod 6.
inline Link opposite(Link link) {
  return static_cast<Link>((static_cast<unsigned>(link) + 3) % kNumLinks);
}

/// The set of outputs a router sends a packet to.
///
/// Bit layout (bit i of the 192-bit word array, word i / 64, bit i % 64):
///   bits 0..5    links E, NE, N, W, SW, S (Link numbering);
///   bits 6..191  cores 0..185 of the chip (core c is bit 6 + c).
/// SpiNNaker1 uses bits 0..23 (18 cores), a SpiNNaker2-like chip bits
/// 0..157 (152 cores). An empty route means "the packet is dropped".
class Route {
public:
  /// Number of cores a route can address.
  static constexpr unsigned kMaxCores = 186;
  /// Total number of bits (links + cores).
  static constexpr unsigned kNumBits = kNumLinks + kMaxCores;

  Route() = default;

  /// A route holding only link `link`.
  static Route link(Link link) { return Route().withLink(link); }
  /// A route holding only core `core` (< kMaxCores).
  static Route core(unsigned core) { return Route().withCore(core); }

  /// This route plus link `link`.
  Route withLink(Link link) const {
    return withBit(static_cast<unsigned>(link));
  }
  /// This route plus core `core` (< kMaxCores).
  Route withCore(unsigned core) const { return withBit(kNumLinks + core); }

  bool hasLink(Link link) const { return bit(static_cast<unsigned>(link)); }
  bool hasCore(unsigned core) const { return bit(kNumLinks + core); }
  bool empty() const { return (words[0] | words[1] | words[2]) == 0; }

  /// Bit `i` of the layout above (i < kNumBits).
  bool bit(unsigned i) const { return (words[i / 64] >> (i % 64)) & 1; }
  Route withBit(unsigned i) const {
    Route r = *this;
    r.words[i / 64] |= uint64_t(1) << (i % 64);
    return r;
  }

  /// Raw words: word w holds bits 64w .. 64w+63.
  const std::array<uint64_t, 3> &raw() const { return words; }

  friend bool operator==(const Route &a, const Route &b) {
    return a.words == b.words;
  }
  friend bool operator!=(const Route &a, const Route &b) { return !(a == b); }
  friend bool operator<(const Route &a, const Route &b) {
    return a.words < b.words;
  }
  friend Route operator|(const Route &a, const Route &b) {
    Route r;
    for (unsigned w = 0; w < 3; ++w)
      r.words[w] = a.words[w] | b.words[w];
    return r;
  }

private:
  std::array<uint64_t, 3> words{};
};

/// Human-readable route, e.g. "{E,N,core3}" (for messages and tests).
std::string toString(const Route &route);

//===----------------------------------------------------------------------===//
// Router tables
//===----------------------------------------------------------------------===//

/// One router table entry. It matches a packet key `k` iff
/// `(k & mask) == key`; bits set in `mask` must equal the corresponding bits
/// of `key`, bits clear are "don't care" (X). An entry with a key bit set
/// outside its mask matches nothing.
struct Entry {
  uint32_t key = 0;
  uint32_t mask = 0;
  Route route;
  /// Optional knowledge used only by the compressor: every packet whose
  /// first match is this entry arrives by this link. Unset = unknown (or
  /// mixed, or generated on this chip). An entry whose `arrival` is known and
  /// whose route is exactly the opposite link is "default-routable".
  std::optional<Link> arrival;
};

/// An ordered router table: the first matching entry wins.
using RouterTable = std::vector<Entry>;

/// True iff `entry` matches packet key `key`.
inline bool matches(const Entry &entry, uint32_t key) {
  return (key & entry.mask) == entry.key;
}

/// Index of the first entry of `table` matching `key`, or std::nullopt.
std::optional<size_t> firstMatch(const RouterTable &table, uint32_t key);

/// Where the router sends a packet with key `key` that arrived by link
/// `arrival` (std::nullopt: generated by a core on this chip):
///  - the route of the first matching entry, if any entry matches;
///  - otherwise default routing: the packet continues straight through, out
///    of the link opposite the one it arrived by;
///  - a locally generated packet that matches no entry is dropped (empty
///    route), as on SpiNNaker.
Route lookup(const RouterTable &table, uint32_t key,
             std::optional<Link> arrival);

//===----------------------------------------------------------------------===//
// Key allocation
//===----------------------------------------------------------------------===//

/// The keys of one source slice: `base .. base + blockSize - 1`, the key of
/// neuron i of the slice being `base + i` (i < count). `mask` selects the
/// block: a key k belongs to it iff (k & mask) == base.
struct KeyBlock {
  uint32_t base = 0;
  uint32_t mask = 0;
  /// Neurons in the slice (the slice size passed in).
  uint32_t count = 0;
  /// Keys in the block: the smallest power of two >= max(count, 1); up to
  /// 2^32, hence 64-bit.
  uint64_t blockSize = 0;
};

/// Gives each slice (sliceSizes[i] neurons) an aligned power-of-two block of
/// the 32-bit key space, blocks disjoint. Deterministic: blocks are laid out
/// from key 0 upwards in decreasing block size, ties in slice order, so each
/// base is a multiple of its block size and equal-size slices of one
/// population get consecutive blocks. A slice of size 0 gets one key.
/// Returns std::nullopt and sets `error` when the blocks do not fit in 2^32
/// keys. Result i belongs to slice i.
std::optional<std::vector<KeyBlock>>
allocateKeys(const std::vector<uint32_t> &sliceSizes, std::string &error);

//===----------------------------------------------------------------------===//
// Compression
//===----------------------------------------------------------------------===//

struct CompressOptions {
  /// Remove default-routable entries (see Entry::arrival) when no later
  /// entry overlaps them. Off: every key keeps its exact table match.
  bool removeDefaultRoutes = true;
};

struct CompressResult {
  /// The compressed table (even when it does not fit).
  RouterTable table;
  /// Entries before and after compression.
  size_t uncompressedSize = 0;
  size_t compressedSize = 0;
  /// True iff compressedSize <= limit.
  bool fits = false;
  /// When !fits: "... needs N entries ... limit L" (the caller names the
  /// chip).
  std::string error;
};

/// Compresses `table` by ordered covering. The result routes every packet
/// exactly like the input: for every key, the first matching entries of both
/// tables have the same route, or neither table matches the key; the only
/// exception is a removed default-routable entry, whose keys then take the
/// default route, which equals its route for the packets it receives.
/// Keys that match no input entry stay unmatched (they may be default-routed
/// traffic of other sources), so merges never cover them. Deterministic.
CompressResult compress(const RouterTable &table, size_t limit,
                        const CompressOptions &options = {});

} // namespace dendron::routing

#endif // DENDRON_ROUTING_ROUTERTABLE_H
