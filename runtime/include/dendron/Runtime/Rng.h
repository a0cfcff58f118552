//===- Rng.h - Counter-based random numbers ---------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Every random draw in the runtime is a pure function of (seed, stream,
/// counter), so results never depend on the thread count, the order in which
/// work is scheduled, or how a network is partitioned. The exact bit-level
/// definition is in docs/Semantics.md ("Random numbers"); other targets that
/// generate spikes themselves must reproduce it.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_RNG_H
#define DENDRON_RUNTIME_RNG_H

#include <cmath>
#include <cstdint>

namespace dendron::rt {

/// The splitmix64 finalizer (Stafford's "Mix13"): a bijective, well-avalanched
/// 64-bit mixing function.
inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// The 64 random bits for draw `counter` of stream `stream` under `seed`.
inline uint64_t hashKey(uint64_t seed, uint64_t stream, uint64_t counter) {
  uint64_t h = mix64(seed + 0x9E3779B97F4A7C15ULL);
  h = mix64(h ^ (stream + 0xD1B54A32D192ED03ULL));
  return mix64(h ^ (counter + 0x8CB92BA72F3D8DD7ULL));
}

/// A double uniform in [0, 1): the top 53 bits of hashKey times 2^-53.
inline double uniform01(uint64_t seed, uint64_t stream, uint64_t counter) {
  return static_cast<double>(hashKey(seed, stream, counter) >> 11) * 0x1.0p-53;
}

/// A sequential view of one (seed, stream): draw k uses counter k.
class Stream {
public:
  Stream(uint64_t seed, uint64_t stream, uint64_t counter = 0)
      : seed(seed), stream(stream), counter(counter) {}

  /// The next 64 random bits.
  uint64_t next() { return hashKey(seed, stream, counter++); }

  /// Uniform in [0, 1) (one draw).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  /// Standard normal by Box-Muller (two draws, u1 then u2; the sine half is
  /// discarded so every call consumes exactly two counters):
  /// sqrt(-2 ln(1 - u1)) * cos(2 pi u2). 1 - u1 is exact and in (0, 1].
  double normal() {
    double u1 = uniform();
    double u2 = uniform();
    return std::sqrt(-2.0 * std::log(1.0 - u1)) *
           std::cos(6.283185307179586476925 * u2);
  }

  /// Uniform integer in [0, n), unbiased (Lemire's multiply-and-reject); one
  /// draw, more only on the rare rejection. Returns 0 when n == 0.
  uint64_t uniformInt(uint64_t n) {
    if (n == 0)
      return 0;
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next()) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  uint64_t position() const { return counter; }

private:
  uint64_t seed;
  uint64_t stream;
  uint64_t counter;
};

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_RNG_H
