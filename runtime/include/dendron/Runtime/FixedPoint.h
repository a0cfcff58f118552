//===- FixedPoint.h - s16.15 arithmetic primitives --------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The integer operations of the S16_15 profile. Every target implements
/// exactly these (docs/Semantics.md, "Fixed-point arithmetic"): a value x is
/// stored as the int32 round(x * 2^15); products round half up and saturate;
/// every addition saturates to int32.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_FIXEDPOINT_H
#define DENDRON_RUNTIME_FIXEDPOINT_H

#include <cmath>
#include <cstdint>

namespace dendron::rt {

/// Fractional bits of the s16.15 format.
constexpr int kFixedFracBits = 15;
/// 1.0 in s16.15.
constexpr int32_t kFixedOne = 1 << kFixedFracBits;
/// Smallest / largest representable real value: [-65536, 65536).
constexpr double kFixedMinReal = -65536.0;
constexpr double kFixedMaxReal = 65536.0;

/// Clamp an exact int64 result to int32.
inline int32_t saturate32(int64_t x) {
  if (x > INT32_MAX)
    return INT32_MAX;
  if (x < INT32_MIN)
    return INT32_MIN;
  return static_cast<int32_t>(x);
}

/// s16.15 product: (int64(a) * b + 2^14) >> 15 (arithmetic shift, i.e. round
/// half towards +infinity), saturated to int32.
inline int32_t mulFixed(int32_t a, int32_t b) {
  int64_t p = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  return saturate32((p + (int64_t(1) << (kFixedFracBits - 1))) >>
                    kFixedFracBits);
}

/// Saturating int32 addition / subtraction.
inline int32_t addFixed(int32_t a, int32_t b) {
  return saturate32(static_cast<int64_t>(a) + b);
}
inline int32_t subFixed(int32_t a, int32_t b) {
  return saturate32(static_cast<int64_t>(a) - b);
}

/// Real value to s16.15: round half away from zero of x * 2^15, saturated to
/// int32; NaN maps to 0. Range checks live in Discretize.h.
inline int32_t toFixed(double x) {
  if (std::isnan(x))
    return 0;
  double scaled = std::round(x * static_cast<double>(kFixedOne));
  if (scaled >= 2147483647.0)
    return INT32_MAX;
  if (scaled <= -2147483648.0)
    return INT32_MIN;
  return static_cast<int32_t>(scaled);
}

/// s16.15 to real.
inline double fromFixed(int64_t x) {
  return static_cast<double>(x) / static_cast<double>(kFixedOne);
}

/// Number of knots of the fixed-point logistic table.
constexpr int kSigmoidKnots = 65;

/// round(2^15 / (1 + exp(-z_k))) for z_k = -8 + k/4, k = 0..64 (half away
/// from zero; computed with 60-digit decimal arithmetic, no knot is within
/// 10^-3 of a tie). Symmetric: S[k] + S[64 - k] = 2^15.
constexpr int32_t kSigmoidTable[kSigmoidKnots] = {
    11,    14,    18,    23,    30,    38,    49,    63,    81,    104,   133,
    171,   219,   281,   360,   461,   589,   753,   961,   1223,  1554,  1969,
    2486,  3124,  3906,  4851,  5978,  7297,  8813,  10513, 12371, 14347, 16384,
    18421, 20397, 22255, 23955, 25471, 26790, 27917, 28862, 29644, 30282, 30799,
    31214, 31545, 31807, 32015, 32179, 32307, 32408, 32487, 32549, 32597, 32635,
    32664, 32687, 32705, 32719, 32730, 32738, 32745, 32750, 32754, 32757};

/// Logistic function 1 / (1 + exp(-z)) of an s16.15 argument, as s16.15, by
/// linear interpolation between the knots of kSigmoidTable (spacing 1/4 =
/// 2^13 in s16.15); constant S[0] below z = -8 and S[64] at and above z = 8.
/// Maximum error against the real logistic is below 7.7e-4.
inline int32_t sigmoidFixed(int32_t z) {
  int64_t t = static_cast<int64_t>(z) + (int64_t(8) << kFixedFracBits);
  if (t <= 0)
    return kSigmoidTable[0];
  if (t >= (int64_t(16) << kFixedFracBits))
    return kSigmoidTable[kSigmoidKnots - 1];
  int64_t k = t >> 13;
  int64_t f = t & 0x1FFF;
  int64_t lo = kSigmoidTable[k];
  int64_t hi = kSigmoidTable[k + 1];
  return static_cast<int32_t>(lo + (((hi - lo) * f + 0x1000) >> 13));
}

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_FIXEDPOINT_H
