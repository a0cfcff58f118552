//===- Expand.cpp - Connectors to synapse lists ---------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Expand.h"
#include "dendron/Runtime/Rng.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <fmt/format.h>
#include <thread>
#include <unordered_set>

using namespace dendron::rt;

namespace {

/// Stream-id offsets of the per-row weight and delay streams (Semantics.md,
/// "Procedural connectors").
constexpr uint64_t kWeightStream = uint64_t(1) << 32;
constexpr uint64_t kDelayStream = uint64_t(2) << 32;

/// Runs fn(begin, end, t) over `threads` contiguous slices of [0, n), in
/// parallel; slice t is [n t / T, n (t+1) / T). Slices whose thread cannot be
/// started run on the calling thread.
template <class F> void parallelSlices(unsigned threads, uint64_t n, F fn) {
  unsigned t = std::max(1u, threads);
  if (t == 1 || n < 2 * uint64_t(t)) {
    fn(0, n, 0u);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(t - 1);
  unsigned k = 1;
  try {
    for (; k < t; ++k)
      workers.emplace_back(fn, n * k / t, n * (k + 1) / t, k);
  } catch (const std::exception &) {
    // Fall through: the remaining slices run below.
  }
  fn(0, n / t, 0u);
  for (; k < t; ++k)
    fn(n * k / t, n * (k + 1) / t, k);
  for (auto &w : workers)
    w.join();
}

std::string checkDelay(uint32_t d, const char *what = "delay") {
  if (d >= 1 && d <= kMaxDelay)
    return "";
  return fmt::format("{} {} is invalid: delays must be in [1, {}] steps", what,
                     d, kMaxDelay);
}

std::string checkWeights(const std::vector<double> &w) {
  for (size_t i = 0; i < w.size(); ++i)
    if (!std::isfinite(w[i]))
      return fmt::format("weight {} is not finite ({})", i, w[i]);
  return "";
}

std::string checkDistribution(const RealDistribution &d, const char *what) {
  using K = RealDistribution::Kind;
  if (!std::isfinite(d.a) || !std::isfinite(d.b))
    return fmt::format("{} distribution parameters must be finite", what);
  if (d.kind == K::Uniform && d.a > d.b)
    return fmt::format("{} distribution uniform({}, {}) has low > high", what,
                       d.a, d.b);
  if (d.kind == K::Normal && d.b < 0)
    return fmt::format("{} distribution normal({}, {}) has a negative standard "
                       "deviation",
                       what, d.a, d.b);
  return "";
}

std::string checkDelayDistribution(const DelayDistribution &d) {
  if (d.kind == DelayDistribution::Kind::Constant)
    return checkDelay(d.lo);
  if (auto e = checkDelay(d.lo, "delay low"); !e.empty())
    return e;
  if (auto e = checkDelay(d.hi, "delay high"); !e.empty())
    return e;
  if (d.lo > d.hi)
    return fmt::format("delay distribution uniform[{}, {}] has low > high",
                       d.lo, d.hi);
  return "";
}

//===----------------------------------------------------------------------===//
// Sorting
//===----------------------------------------------------------------------===//

/// Stable LSD radix sort of `v` by key(v[k]) <= maxKey, 11-bit digits.
template <class T, class Key>
void radixSort(std::vector<T> &v, uint64_t maxKey, Key key) {
  constexpr unsigned kBits = 11;
  constexpr size_t kBuckets = size_t(1) << kBits;
  std::vector<T> tmp(v.size());
  std::vector<size_t> start(kBuckets);
  for (unsigned shift = 0; shift < 64 && (maxKey >> shift) != 0;
       shift += kBits) {
    std::fill(start.begin(), start.end(), 0);
    for (const T &x : v)
      ++start[(key(x) >> shift) & (kBuckets - 1)];
    size_t sum = 0;
    for (size_t &s : start) {
      size_t c = s;
      s = sum;
      sum += c;
    }
    for (const T &x : v)
      tmp[start[(key(x) >> shift) & (kBuckets - 1)]++] = x;
    v.swap(tmp);
  }
}

/// Sort key of a synapse: (pre, post) packed, or pre alone.
inline uint64_t synapseKey(uint32_t pre, uint32_t post, bool withPost) {
  return withPost ? (uint64_t(pre) << 32) | post : uint64_t(pre);
}

uint64_t maxSynapseKey(const SynapseList &l, bool withPost) {
  uint64_t maxPre = 0, maxPost = 0;
  for (uint32_t p : l.pre)
    maxPre = std::max<uint64_t>(maxPre, p);
  if (withPost)
    for (uint32_t p : l.post)
      maxPost = std::max<uint64_t>(maxPost, p);
  return synapseKey(uint32_t(maxPre), uint32_t(maxPost), withPost);
}

bool isSortedByPrePost(const SynapseList &l) {
  for (size_t k = 1; k < l.size(); ++k)
    if (l.pre[k] < l.pre[k - 1] ||
        (l.pre[k] == l.pre[k - 1] && l.post[k] < l.post[k - 1]))
      return false;
  return true;
}

/// Stable sort of all four arrays by (pre, post) or by pre alone.
void sortWithValues(SynapseList &l, bool withPost) {
  if (isSortedByPrePost(l))
    return;
  struct Item {
    uint64_t key;
    uint64_t index;
  };
  std::vector<Item> items(l.size());
  for (size_t k = 0; k < items.size(); ++k)
    items[k] = {synapseKey(l.pre[k], l.post[k], withPost), k};
  radixSort(items, maxSynapseKey(l, withPost),
            [](const Item &i) { return i.key; });
  auto permute = [&](auto &v) {
    std::remove_reference_t<decltype(v)> out(v.size());
    for (size_t k = 0; k < items.size(); ++k)
      out[k] = v[items[k].index];
    v.swap(out);
  };
  permute(l.pre);
  permute(l.post);
  permute(l.delay);
  permute(l.weight);
}

/// Sorts one row's posts, all below `bound`. Long rows (a fixed-total row
/// holds count / N_pre synapses, thousands in a cortical model) take an LSD
/// radix sort with 8-bit digits through `scratch` (at least as long as the
/// row), several times faster than a comparison sort there; short rows take
/// std::sort.
void sortRow(uint32_t *begin, uint32_t *end, uint64_t bound,
             uint32_t *scratch) {
  size_t n = size_t(end - begin);
  if (n < 256) {
    std::sort(begin, end);
    return;
  }
  uint32_t *from = begin, *to = scratch;
  size_t counts[256];
  unsigned shift = 0;
  for (; shift < 32 && (bound - 1) >> shift != 0; shift += 8) {
    std::fill(counts, counts + 256, 0);
    for (uint32_t *p = from; p != from + n; ++p)
      ++counts[(*p >> shift) & 0xff];
    size_t sum = 0;
    for (size_t &c : counts) {
      size_t here = c;
      c = sum;
      sum += here;
    }
    for (uint32_t *p = from; p != from + n; ++p)
      to[counts[(*p >> shift) & 0xff]++] = *p;
    std::swap(from, to);
  }
  if (from != begin)
    std::copy(from, from + n, begin);
}

/// Fills row i of `l.pre` (synapses [rowStart[i], rowStart[i + 1])) with i
/// and, if `bound` is nonzero, sorts the row's posts (all below `bound`).
/// Allocates before starting threads, so that running out of memory throws
/// where expandConnector catches it.
void finishRows(SynapseList &l, const std::vector<uint64_t> &rowStart,
                uint64_t bound, unsigned threads) {
  uint64_t rows = rowStart.size() - 1;
  uint64_t longest = 0;
  for (uint64_t i = 0; i < rows; ++i)
    longest = std::max(longest, rowStart[i + 1] - rowStart[i]);
  std::vector<std::vector<uint32_t>> scratch(std::max(1u, threads));
  if (bound != 0)
    for (auto &v : scratch)
      v.resize(longest);
  parallelSlices(threads, rows, [&](uint64_t b, uint64_t e, unsigned t) {
    for (uint64_t i = b; i < e; ++i) {
      std::fill(l.pre.begin() + rowStart[i], l.pre.begin() + rowStart[i + 1],
                static_cast<uint32_t>(i));
      if (bound != 0)
        sortRow(l.post.data() + rowStart[i], l.post.data() + rowStart[i + 1],
                bound, scratch[t].data());
    }
  });
}

/// Sorts pre/post only (no values attached yet) by pre, keeping generation
/// order within a row, and then, if `withPost`, each row by post. Equal
/// (pre, post) keys are equal synapses, so sorting a row needs no
/// stability. A counting sort by pre (the row lengths are needed anyway)
/// uses one extra array of posts instead of the three 64-bit arrays of a
/// radix sort over packed keys, and sorting a row touches only that row.
void sortTopology(SynapseList &l, bool withPost, unsigned threads) {
  if (isSortedByPrePost(l))
    return;
  uint32_t rows = 0;
  for (uint32_t p : l.pre)
    rows = std::max(rows, p + 1);
  std::vector<uint64_t> rowStart(uint64_t(rows) + 1, 0);
  for (uint32_t p : l.pre)
    ++rowStart[p + 1];
  for (uint64_t i = 0; i < rows; ++i)
    rowStart[i + 1] += rowStart[i];
  {
    std::vector<uint32_t> post(l.size());
    std::vector<uint64_t> cursor(rowStart.begin(), rowStart.end() - 1);
    for (size_t k = 0; k < l.size(); ++k)
      post[cursor[l.pre[k]]++] = l.post[k];
    l.post.swap(post);
  }
  uint64_t bound = 0;
  if (withPost)
    for (uint32_t p : l.post)
      bound = std::max<uint64_t>(bound, uint64_t(p) + 1);
  finishRows(l, rowStart, bound, threads);
}

void reserve(SynapseList &l, size_t n) {
  l.pre.reserve(n);
  l.post.reserve(n);
  l.delay.reserve(n);
  l.weight.reserve(n);
}

void push(SynapseList &l, uint32_t pre, uint32_t post, uint32_t delay,
          double w) {
  l.pre.push_back(pre);
  l.post.push_back(post);
  l.delay.push_back(delay);
  l.weight.push_back(w);
}

//===----------------------------------------------------------------------===//
// Per-kind checks
//===----------------------------------------------------------------------===//

std::string check(const DenseConnector &c, uint32_t preSize, uint32_t postSize,
                  bool) {
  uint64_t expected = uint64_t(preSize) * postSize;
  if (c.weights.size() != expected)
    return fmt::format("dense connector has {} weights, expected {} (post {} "
                       "x pre {})",
                       c.weights.size(), expected, postSize, preSize);
  if (auto e = checkDelay(c.delay); !e.empty())
    return e;
  return checkWeights(c.weights);
}

std::string check(const SparseConnector &c, uint32_t preSize, uint32_t postSize,
                  bool) {
  size_t n = c.pre.size();
  if (c.post.size() != n || c.weights.size() != n)
    return fmt::format("sparse connector arrays differ in length (pre {}, "
                       "post {}, weights {})",
                       n, c.post.size(), c.weights.size());
  if (!c.delays.empty() && c.delays.size() != n)
    return fmt::format("sparse connector has {} delays for {} synapses "
                       "(give one per synapse, or none for delay 1)",
                       c.delays.size(), n);
  for (size_t k = 0; k < n; ++k) {
    if (c.pre[k] >= preSize)
      return fmt::format("sparse synapse {}: pre index {} out of range (pre "
                         "has {} neurons)",
                         k, c.pre[k], preSize);
    if (c.post[k] >= postSize)
      return fmt::format("sparse synapse {}: post index {} out of range (post "
                         "has {} neurons)",
                         k, c.post[k], postSize);
    if (!c.delays.empty())
      if (auto e = checkDelay(c.delays[k]); !e.empty())
        return fmt::format("sparse synapse {}: {}", k, e);
  }
  return checkWeights(c.weights);
}

std::string check(const OneToOneConnector &c, uint32_t preSize,
                  uint32_t postSize, bool) {
  if (preSize != postSize)
    return fmt::format("one-to-one connector needs equal sizes, got pre {} and "
                       "post {}",
                       preSize, postSize);
  if (!std::isfinite(c.weight))
    return fmt::format("weight is not finite ({})", c.weight);
  return checkDelay(c.delay);
}

std::string check(const Conv2dConnector &c, uint32_t preSize, uint32_t postSize,
                  bool) {
  if (c.inChannels == 0 || c.inHeight == 0 || c.inWidth == 0 ||
      c.outChannels == 0 || c.kernelH == 0 || c.kernelW == 0)
    return "conv2d channels, input size and kernel size must be >= 1";
  if (c.strideH == 0 || c.strideW == 0 || c.dilationH == 0 ||
      c.dilationW == 0 || c.groups == 0)
    return "conv2d stride, dilation and groups must be >= 1";
  if (c.inChannels % c.groups || c.outChannels % c.groups)
    return fmt::format("conv2d groups {} must divide in channels {} and out "
                       "channels {}",
                       c.groups, c.inChannels, c.outChannels);
  uint64_t inSize = uint64_t(c.inChannels) * c.inHeight * c.inWidth;
  if (inSize != preSize)
    return fmt::format("conv2d input shape ({}, {}, {}) has {} neurons but pre "
                       "has {}",
                       c.inChannels, c.inHeight, c.inWidth, inSize, preSize);
  uint64_t oh =
      windowOutputSize(c.inHeight, c.kernelH, c.strideH, c.padH, c.dilationH);
  uint64_t ow =
      windowOutputSize(c.inWidth, c.kernelW, c.strideW, c.padW, c.dilationW);
  if (oh == 0 || ow == 0)
    return fmt::format("conv2d kernel {}x{} (dilation {}x{}) is larger than "
                       "the padded input {}x{}",
                       c.kernelH, c.kernelW, c.dilationH, c.dilationW,
                       uint64_t(c.inHeight) + 2 * uint64_t(c.padH),
                       uint64_t(c.inWidth) + 2 * uint64_t(c.padW));
  uint64_t outSize = uint64_t(c.outChannels) * oh * ow;
  if (outSize != postSize)
    return fmt::format("conv2d output shape ({}, {}, {}) has {} neurons but "
                       "post has {}",
                       c.outChannels, oh, ow, outSize, postSize);
  uint64_t nw = uint64_t(c.outChannels) * (c.inChannels / c.groups) *
                c.kernelH * c.kernelW;
  if (c.weights.size() != nw)
    return fmt::format("conv2d has {} weights, expected {} ([{}][{}][{}][{}])",
                       c.weights.size(), nw, c.outChannels,
                       c.inChannels / c.groups, c.kernelH, c.kernelW);
  if (auto e = checkDelay(c.delay); !e.empty())
    return e;
  return checkWeights(c.weights);
}

std::string check(const Pool2dConnector &c, uint32_t preSize, uint32_t postSize,
                  bool) {
  if (c.channels == 0 || c.inHeight == 0 || c.inWidth == 0 || c.kernelH == 0 ||
      c.kernelW == 0)
    return "pool2d channels, input size and kernel size must be >= 1";
  if (c.strideH == 0 || c.strideW == 0)
    return "pool2d stride must be >= 1";
  uint64_t inSize = uint64_t(c.channels) * c.inHeight * c.inWidth;
  if (inSize != preSize)
    return fmt::format("pool2d input shape ({}, {}, {}) has {} neurons but pre "
                       "has {}",
                       c.channels, c.inHeight, c.inWidth, inSize, preSize);
  uint64_t oh = windowOutputSize(c.inHeight, c.kernelH, c.strideH, c.padH, 1);
  uint64_t ow = windowOutputSize(c.inWidth, c.kernelW, c.strideW, c.padW, 1);
  if (oh == 0 || ow == 0)
    return fmt::format("pool2d kernel {}x{} is larger than the padded input "
                       "{}x{}",
                       c.kernelH, c.kernelW,
                       uint64_t(c.inHeight) + 2 * uint64_t(c.padH),
                       uint64_t(c.inWidth) + 2 * uint64_t(c.padW));
  uint64_t outSize = uint64_t(c.channels) * oh * ow;
  if (outSize != postSize)
    return fmt::format("pool2d output shape ({}, {}, {}) has {} neurons but "
                       "post has {}",
                       c.channels, oh, ow, outSize, postSize);
  return checkDelay(c.delay);
}

std::string check(const ProceduralConnector &c, uint32_t preSize,
                  uint32_t postSize, bool same) {
  using K = ProceduralConnector::Kind;
  if (same && preSize != postSize)
    return "pre and post are the same population but differ in size";
  if (auto e = checkDistribution(c.weight, "weight"); !e.empty())
    return e;
  if (auto e = checkDelayDistribution(c.delay); !e.empty())
    return e;
  bool noSelf = same && !c.allowSelf;
  switch (c.kind) {
  case K::FixedProbability:
    if (!(c.p >= 0.0 && c.p <= 1.0))
      return fmt::format("connection probability p = {} must be in [0, 1]",
                         c.p);
    return "";
  case K::FixedInDegree: {
    if (c.count == 0 || postSize == 0)
      return "";
    uint64_t available = uint64_t(preSize) - (noSelf ? 1 : 0);
    if (preSize == 0 || available == 0)
      return fmt::format("fixed in-degree {} needs candidate pre neurons, but "
                         "there are none",
                         c.count);
    if (!c.allowMultapses && c.count > available)
      return fmt::format("fixed in-degree {} exceeds the {} distinct pre "
                         "neurons available without multapses",
                         c.count, available);
    return "";
  }
  case K::FixedTotal: {
    if (c.count == 0)
      return "";
    uint64_t pairs = uint64_t(preSize) * postSize - (noSelf ? preSize : 0);
    if (pairs == 0)
      return fmt::format("fixed total {} needs candidate (pre, post) pairs, "
                         "but there are none",
                         c.count);
    if (!c.allowMultapses && c.count > pairs)
      return fmt::format("fixed total {} exceeds the {} distinct pairs "
                         "available without multapses",
                         c.count, pairs);
    return "";
  }
  }
  return "";
}

//===----------------------------------------------------------------------===//
// Per-kind expansion
//===----------------------------------------------------------------------===//

void expand(const DenseConnector &c, uint32_t preSize, uint32_t postSize, bool,
            unsigned, SynapseList &l) {
  reserve(l, uint64_t(preSize) * postSize);
  for (uint32_t i = 0; i < preSize; ++i)
    for (uint32_t j = 0; j < postSize; ++j)
      push(l, i, j, c.delay, c.weights[uint64_t(j) * preSize + i]);
}

void expand(const SparseConnector &c, uint32_t, uint32_t, bool, unsigned,
            SynapseList &l) {
  l.pre = c.pre;
  l.post = c.post;
  l.weight = c.weights;
  if (c.delays.empty())
    l.delay.assign(c.pre.size(), 1);
  else
    l.delay = c.delays;
  sortSynapses(l);
}

void expand(const OneToOneConnector &c, uint32_t preSize, uint32_t, bool,
            unsigned, SynapseList &l) {
  reserve(l, preSize);
  for (uint32_t i = 0; i < preSize; ++i)
    push(l, i, i, c.delay, c.weight);
}

void expand(const Conv2dConnector &c, uint32_t, uint32_t, bool, unsigned,
            SynapseList &l) {
  int64_t oh =
      windowOutputSize(c.inHeight, c.kernelH, c.strideH, c.padH, c.dilationH);
  int64_t ow =
      windowOutputSize(c.inWidth, c.kernelW, c.strideW, c.padW, c.dilationW);
  uint32_t cg = c.inChannels / c.groups;
  uint32_t og = c.outChannels / c.groups;
  // Generated in ascending post order, so a stable sort by pre suffices.
  for (uint32_t o = 0; o < c.outChannels; ++o) {
    uint32_t g = o / og;
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x) {
        uint32_t post = static_cast<uint32_t>((o * oh + y) * ow + x);
        for (uint32_t cl = 0; cl < cg; ++cl) {
          uint32_t ch = g * cg + cl;
          for (uint32_t ky = 0; ky < c.kernelH; ++ky) {
            int64_t iy =
                y * c.strideH - int64_t(c.padH) + int64_t(ky) * c.dilationH;
            if (iy < 0 || iy >= c.inHeight)
              continue;
            for (uint32_t kx = 0; kx < c.kernelW; ++kx) {
              int64_t ix =
                  x * c.strideW - int64_t(c.padW) + int64_t(kx) * c.dilationW;
              if (ix < 0 || ix >= c.inWidth)
                continue;
              uint32_t pre = static_cast<uint32_t>(
                  (int64_t(ch) * c.inHeight + iy) * c.inWidth + ix);
              size_t wi =
                  ((size_t(o) * cg + cl) * c.kernelH + ky) * c.kernelW + kx;
              push(l, pre, post, c.delay, c.weights[wi]);
            }
          }
        }
      }
  }
  sortWithValues(l, false); // generated in ascending post order
}

void expand(const Pool2dConnector &c, uint32_t, uint32_t, bool, unsigned,
            SynapseList &l) {
  int64_t oh = windowOutputSize(c.inHeight, c.kernelH, c.strideH, c.padH, 1);
  int64_t ow = windowOutputSize(c.inWidth, c.kernelW, c.strideW, c.padW, 1);
  double w = c.average ? 1.0 / (double(c.kernelH) * double(c.kernelW)) : 1.0;
  for (uint32_t ch = 0; ch < c.channels; ++ch)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x) {
        uint32_t post = static_cast<uint32_t>((ch * oh + y) * ow + x);
        for (uint32_t ky = 0; ky < c.kernelH; ++ky) {
          int64_t iy = y * c.strideH - int64_t(c.padH) + ky;
          if (iy < 0 || iy >= c.inHeight)
            continue;
          for (uint32_t kx = 0; kx < c.kernelW; ++kx) {
            int64_t ix = x * c.strideW - int64_t(c.padW) + kx;
            if (ix < 0 || ix >= c.inWidth)
              continue;
            uint32_t pre = static_cast<uint32_t>(
                (int64_t(ch) * c.inHeight + iy) * c.inWidth + ix);
            push(l, pre, post, c.delay, w);
          }
        }
      }
  sortWithValues(l, false); // generated in ascending post order
}

/// Concatenates per-thread partial lists (pre/post only) in slice order.
void concatenate(std::vector<SynapseList> &parts, SynapseList &l) {
  size_t total = 0;
  for (auto &p : parts)
    total += p.size();
  l.pre.reserve(total);
  l.post.reserve(total);
  for (auto &p : parts) {
    l.pre.insert(l.pre.end(), p.pre.begin(), p.pre.end());
    l.post.insert(l.post.end(), p.post.begin(), p.post.end());
    p = SynapseList();
  }
}

/// Fixed probability: row i from Stream(seed, i), geometric skipping.
void expandFixedProbability(const ProceduralConnector &c, uint32_t preSize,
                            uint32_t postSize, bool same, unsigned threads,
                            SynapseList &l) {
  if (c.p <= 0.0 || postSize == 0)
    return;
  bool noSelf = same && !c.allowSelf;
  double logQ = c.p < 1.0 ? std::log1p(-c.p) : 0.0;
  std::vector<SynapseList> parts(std::max(1u, threads));
  parallelSlices(threads, preSize, [&](uint64_t b, uint64_t e, unsigned t) {
    SynapseList &out = parts[t];
    double expected = double(e - b) * postSize * c.p;
    out.pre.reserve(size_t(expected * 1.05) + 16);
    out.post.reserve(size_t(expected * 1.05) + 16);
    for (uint64_t i = b; i < e; ++i) {
      Stream s(c.seed, i);
      int64_t j = -1;
      while (true) {
        if (c.p < 1.0) {
          // 1 - u is exact and in (0, 1].
          double skip = std::floor(std::log(1.0 - s.uniform()) / logQ);
          if (skip >= double(postSize))
            break;
          j += 1 + static_cast<int64_t>(skip);
        } else {
          j += 1;
        }
        if (j >= int64_t(postSize))
          break;
        if (noSelf && uint64_t(j) == i)
          continue;
        out.pre.push_back(static_cast<uint32_t>(i));
        out.post.push_back(static_cast<uint32_t>(j));
      }
    }
  });
  concatenate(parts, l);
}

/// Fixed in-degree: post j's pre neurons from Stream(seed, j).
void expandFixedInDegree(const ProceduralConnector &c, uint32_t preSize,
                         uint32_t postSize, bool same, unsigned threads,
                         SynapseList &l) {
  if (c.count == 0)
    return;
  bool noSelf = same && !c.allowSelf;
  uint64_t n = uint64_t(preSize) - (noSelf ? 1 : 0);
  std::vector<SynapseList> parts(std::max(1u, threads));
  parallelSlices(threads, postSize, [&](uint64_t b, uint64_t e, unsigned t) {
    SynapseList &out = parts[t];
    out.pre.reserve((e - b) * c.count);
    out.post.reserve((e - b) * c.count);
    std::vector<uint8_t> chosen;
    if (!c.allowMultapses)
      chosen.assign(n, 0);
    std::vector<uint64_t> picks;
    for (uint64_t j = b; j < e; ++j) {
      Stream s(c.seed, j);
      picks.clear();
      if (c.allowMultapses) {
        for (uint64_t k = 0; k < c.count; ++k)
          picks.push_back(s.uniformInt(n));
      } else {
        // Floyd's algorithm: `count` distinct values of [0, n).
        for (uint64_t v = n - c.count; v < n; ++v) {
          uint64_t r = s.uniformInt(v + 1);
          uint64_t pick = chosen[r] ? v : r;
          chosen[pick] = 1;
          picks.push_back(pick);
        }
        for (uint64_t p : picks)
          chosen[p] = 0;
      }
      for (uint64_t p : picks) {
        // Without self-connections, candidates skip j itself.
        uint64_t pre = noSelf && p >= j ? p + 1 : p;
        out.pre.push_back(static_cast<uint32_t>(pre));
        out.post.push_back(static_cast<uint32_t>(j));
      }
    }
  });
  concatenate(parts, l);
}

/// Fixed total with multapses, straight into sorted rows. Synapse k draws
/// (i, jj) from counters 2k and 2k + 1 of Stream(seed, 0) unless an earlier
/// uniformInt rejected a draw (probability below n / 2^64 per draw), so the
/// slices of [0, count) can be generated in parallel from their own counter.
/// Pass 1 counts each slice's synapses per pre neuron and checks that no
/// slice's counters drifted; pass 2 regenerates the slices and scatters each
/// post into its row; each row is then sorted by post. Nothing but the final
/// arrays is stored. Returns false, with `l` untouched, if a rejection
/// moved the counters: the caller then generates sequentially.
bool expandFixedTotalMultapses(const ProceduralConnector &c, uint32_t preSize,
                               uint64_t cols, bool noSelf, unsigned threads,
                               SynapseList &l) {
  unsigned slices = std::max(1u, threads);
  // Allocated here, not in the threads: see finishRows.
  std::vector<std::vector<uint64_t>> counts(slices,
                                            std::vector<uint64_t>(preSize, 0));
  std::vector<uint8_t> aligned(slices, 1);
  parallelSlices(threads, c.count, [&](uint64_t b, uint64_t e, unsigned t) {
    std::vector<uint64_t> &count = counts[t];
    Stream s(c.seed, 0, 2 * b);
    for (uint64_t k = b; k < e; ++k) {
      ++count[s.uniformInt(preSize)];
      s.uniformInt(cols);
    }
    aligned[t] = s.position() == 2 * e;
  });
  for (uint8_t a : aligned)
    if (!a)
      return false;
  // Slice t's synapses of row i start after those of slices 0 .. t-1.
  std::vector<uint64_t> rowStart(uint64_t(preSize) + 1, 0);
  for (uint32_t i = 0; i < preSize; ++i) {
    uint64_t start = rowStart[i];
    for (auto &count : counts) {
      uint64_t n = count[i];
      count[i] = start;
      start += n;
    }
    rowStart[i + 1] = start;
  }
  l.post.resize(c.count);
  l.pre.resize(c.count);
  parallelSlices(threads, c.count, [&](uint64_t b, uint64_t e, unsigned t) {
    std::vector<uint64_t> &cursor = counts[t];
    Stream s(c.seed, 0, 2 * b);
    for (uint64_t k = b; k < e; ++k) {
      uint64_t i = s.uniformInt(preSize);
      uint64_t jj = s.uniformInt(cols);
      // Without self-connections, candidates skip i itself.
      l.post[cursor[i]++] =
          static_cast<uint32_t>(noSelf && jj >= i ? jj + 1 : jj);
    }
  });
  finishRows(l, rowStart, cols + (noSelf ? 1 : 0), threads);
  return true;
}

/// Fixed total: one Stream(seed, 0) for all pairs.
void expandFixedTotal(const ProceduralConnector &c, uint32_t preSize,
                      uint32_t postSize, bool same, unsigned threads,
                      SynapseList &l) {
  if (c.count == 0)
    return;
  bool noSelf = same && !c.allowSelf;
  uint64_t cols = uint64_t(postSize) - (noSelf ? 1 : 0);
  if (c.allowMultapses &&
      expandFixedTotalMultapses(c, preSize, cols, noSelf, threads, l))
    return;
  Stream s(c.seed, 0);
  l.pre.reserve(c.count);
  l.post.reserve(c.count);
  auto emit = [&](uint64_t i, uint64_t jj) {
    uint64_t j = noSelf && jj >= i ? jj + 1 : jj;
    l.pre.push_back(static_cast<uint32_t>(i));
    l.post.push_back(static_cast<uint32_t>(j));
  };
  if (c.allowMultapses) {
    for (uint64_t k = 0; k < c.count; ++k) {
      uint64_t i = s.uniformInt(preSize);
      uint64_t jj = s.uniformInt(cols);
      emit(i, jj);
    }
    return;
  }
  // Floyd's algorithm over pair indices i * cols + jj in [0, preSize * cols).
  uint64_t pairs = uint64_t(preSize) * cols;
  std::unordered_set<uint64_t> chosen;
  chosen.reserve(c.count);
  for (uint64_t v = pairs - c.count; v < pairs; ++v) {
    uint64_t r = s.uniformInt(v + 1);
    uint64_t pick = chosen.insert(r).second ? r : v;
    if (pick == v)
      chosen.insert(v);
    emit(pick / cols, pick % cols);
  }
}

/// Draws the weights and delays of a procedural connector row by row, after
/// sorting: row i from Stream(seed, 2^32 + i) and Stream(seed, 2^33 + i).
void drawValues(const ProceduralConnector &c, uint32_t preSize,
                unsigned threads, SynapseList &l) {
  size_t n = l.size();
  l.weight.resize(n);
  l.delay.resize(n);
  std::vector<uint64_t> rowStart(uint64_t(preSize) + 1, 0);
  for (uint32_t p : l.pre)
    ++rowStart[p + 1];
  for (uint64_t i = 0; i < preSize; ++i)
    rowStart[i + 1] += rowStart[i];
  parallelSlices(threads, preSize, [&](uint64_t b, uint64_t e, unsigned) {
    for (uint64_t i = b; i < e; ++i) {
      Stream ws(c.seed, kWeightStream + i);
      Stream ds(c.seed, kDelayStream + i);
      for (uint64_t k = rowStart[i]; k < rowStart[i + 1]; ++k) {
        l.weight[k] = sampleReal(c.weight, ws);
        l.delay[k] = sampleDelay(c.delay, ds);
      }
    }
  });
}

void expand(const ProceduralConnector &c, uint32_t preSize, uint32_t postSize,
            bool same, unsigned threads, SynapseList &l) {
  using K = ProceduralConnector::Kind;
  switch (c.kind) {
  case K::FixedProbability:
    expandFixedProbability(c, preSize, postSize, same, threads, l);
    break;
  case K::FixedInDegree:
    expandFixedInDegree(c, preSize, postSize, same, threads, l);
    break;
  case K::FixedTotal:
    expandFixedTotal(c, preSize, postSize, same, threads, l);
    break;
  }
  // FixedProbability rows come out sorted; FixedInDegree is generated in
  // ascending post order, so sorting by pre suffices; FixedTotal needs both
  // (its parallel path returns sorted rows).
  sortTopology(l, c.kind == K::FixedTotal, threads);
  drawValues(c, preSize, threads, l);
}

} // namespace

uint64_t dendron::rt::windowOutputSize(uint64_t in, uint64_t kernel,
                                       uint64_t stride, uint64_t pad,
                                       uint64_t dilation) {
  if (stride == 0 || kernel == 0 || dilation == 0)
    return 0;
  uint64_t span = dilation * (kernel - 1) + 1;
  uint64_t padded = in + 2 * pad;
  if (padded < span)
    return 0;
  return (padded - span) / stride + 1;
}

std::string dendron::rt::checkConnector(const Connector &connector,
                                        uint32_t preSize, uint32_t postSize,
                                        bool samePopulation) {
  return std::visit(
      [&](const auto &c) {
        return check(c, preSize, postSize, samePopulation);
      },
      connector);
}

std::optional<SynapseList>
dendron::rt::expandConnector(const Connector &connector, uint32_t preSize,
                             uint32_t postSize, bool samePopulation,
                             std::string &error, unsigned threads) {
  error = checkConnector(connector, preSize, postSize, samePopulation);
  if (!error.empty())
    return std::nullopt;
  try {
    SynapseList l;
    std::visit(
        [&](const auto &c) {
          expand(c, preSize, postSize, samePopulation, threads, l);
        },
        connector);
    return l;
  } catch (const std::exception &e) {
    error = fmt::format("expanding the connector failed: {}", e.what());
    return std::nullopt;
  }
}

uint32_t dendron::rt::maxConnectorDelay(const Connector &connector) {
  return std::visit(
      [](const auto &c) -> uint32_t {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, SparseConnector>) {
          uint32_t m = c.delays.empty() ? 1 : 0;
          for (uint32_t d : c.delays)
            m = std::max(m, d);
          return m;
        } else if constexpr (std::is_same_v<T, ProceduralConnector>) {
          return c.delay.kind == DelayDistribution::Kind::Constant
                     ? c.delay.lo
                     : std::max(c.delay.lo, c.delay.hi);
        } else {
          return c.delay;
        }
      },
      connector);
}

double dendron::rt::sampleReal(const RealDistribution &d, Stream &s) {
  switch (d.kind) {
  case RealDistribution::Kind::Constant:
    return d.a;
  case RealDistribution::Kind::Uniform:
    return d.a + (d.b - d.a) * s.uniform();
  case RealDistribution::Kind::Normal:
    return d.a + d.b * s.normal();
  }
  return d.a;
}

uint32_t dendron::rt::sampleDelay(const DelayDistribution &d, Stream &s) {
  if (d.kind == DelayDistribution::Kind::Constant)
    return d.lo;
  return d.lo + static_cast<uint32_t>(s.uniformInt(uint64_t(d.hi) - d.lo + 1));
}

void dendron::rt::sortSynapses(SynapseList &l) { sortWithValues(l, true); }
