//===- ExpandTest.cpp - Connector expansion -------------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Expand.h"
#include "dendron/Runtime/Rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace dendron::rt;

namespace {

SynapseList expandOk(const Connector &c, uint32_t pre, uint32_t post,
                     bool same = false, unsigned threads = 1) {
  std::string error;
  std::optional<SynapseList> l =
      expandConnector(c, pre, post, same, error, threads);
  EXPECT_TRUE(l.has_value()) << error;
  return l ? std::move(*l) : SynapseList();
}

void expectSorted(const SynapseList &l) {
  for (size_t k = 1; k < l.size(); ++k)
    ASSERT_TRUE(l.pre[k - 1] < l.pre[k] ||
                (l.pre[k - 1] == l.pre[k] && l.post[k - 1] <= l.post[k]))
        << "synapse " << k;
}

bool sameList(const SynapseList &a, const SynapseList &b) {
  return a.pre == b.pre && a.post == b.post && a.delay == b.delay &&
         a.weight == b.weight;
}

ProceduralConnector procedural(ProceduralConnector::Kind kind, uint64_t seed) {
  ProceduralConnector c;
  c.kind = kind;
  c.seed = seed;
  c.weight.kind = RealDistribution::Kind::Uniform;
  c.weight.a = 0.5;
  c.weight.b = 1.5;
  c.delay.kind = DelayDistribution::Kind::Uniform;
  c.delay.lo = 2;
  c.delay.hi = 6;
  return c;
}

TEST(Expand, FixedProbabilityCountWithinFiveSigma) {
  for (double p : {0.001, 0.02, 0.1, 0.5}) {
    ProceduralConnector c =
        procedural(ProceduralConnector::Kind::FixedProbability, 7);
    c.p = p;
    const uint32_t n = 1000, m = 800;
    SynapseList l = expandOk(c, n, m);
    double mean = p * n * m, sigma = std::sqrt(n * m * p * (1 - p));
    EXPECT_NEAR(double(l.size()), mean, 5 * sigma) << "p = " << p;
    expectSorted(l);
    // No pair twice: (pre, post) strictly increasing.
    for (size_t k = 1; k < l.size(); ++k)
      ASSERT_FALSE(l.pre[k] == l.pre[k - 1] && l.post[k] == l.post[k - 1]);
    for (size_t k = 0; k < l.size(); ++k) {
      ASSERT_GE(l.weight[k], 0.5);
      ASSERT_LT(l.weight[k], 1.5);
      ASSERT_GE(l.delay[k], 2u);
      ASSERT_LE(l.delay[k], 6u);
    }
  }
}

TEST(Expand, FixedProbabilityEdgeCases) {
  ProceduralConnector c =
      procedural(ProceduralConnector::Kind::FixedProbability, 3);
  c.p = 0.0;
  EXPECT_EQ(expandOk(c, 50, 50).size(), 0u);
  c.p = 1.0;
  EXPECT_EQ(expandOk(c, 50, 40).size(), 2000u);
  c.allowSelf = false;
  SynapseList l = expandOk(c, 50, 50, true);
  EXPECT_EQ(l.size(), 50u * 49u);
  // allowSelf only matters when pre and post are the same node.
  EXPECT_EQ(expandOk(c, 50, 50, false).size(), 2500u);
}

TEST(Expand, NoSelfConnectionsWhenDisallowed) {
  using K = ProceduralConnector::Kind;
  for (K kind : {K::FixedProbability, K::FixedInDegree, K::FixedTotal}) {
    for (bool multapses : {true, false}) {
      ProceduralConnector c = procedural(kind, 11);
      c.p = 0.3;
      c.count = kind == K::FixedTotal ? 3000 : 40;
      c.allowSelf = false;
      c.allowMultapses = multapses;
      SynapseList l = expandOk(c, 100, 100, true);
      ASSERT_GT(l.size(), 0u);
      for (size_t k = 0; k < l.size(); ++k)
        ASSERT_NE(l.pre[k], l.post[k]) << "kind " << int(kind);
    }
  }
  // With self-connections allowed, a dense-ish connector does make some.
  ProceduralConnector c = procedural(K::FixedProbability, 11);
  c.p = 0.3;
  SynapseList l = expandOk(c, 100, 100, true);
  size_t self = 0;
  for (size_t k = 0; k < l.size(); ++k)
    self += l.pre[k] == l.post[k];
  EXPECT_GT(self, 10u);
}

TEST(Expand, FixedInDegreeExact) {
  for (bool multapses : {true, false}) {
    ProceduralConnector c =
        procedural(ProceduralConnector::Kind::FixedInDegree, 5);
    c.count = 37;
    c.allowMultapses = multapses;
    SynapseList l = expandOk(c, 60, 500);
    EXPECT_EQ(l.size(), 37u * 500u);
    expectSorted(l);
    std::vector<uint32_t> in(500, 0);
    std::set<std::pair<uint32_t, uint32_t>> pairs;
    for (size_t k = 0; k < l.size(); ++k) {
      ++in[l.post[k]];
      pairs.insert({l.pre[k], l.post[k]});
    }
    for (uint32_t j = 0; j < 500; ++j)
      ASSERT_EQ(in[j], 37u) << "post " << j;
    if (!multapses)
      EXPECT_EQ(pairs.size(), l.size());
    else
      EXPECT_LT(pairs.size(), l.size()); // 37 of 60 with repeats: some repeat
  }
  // All candidates: in-degree = pre size without multapses.
  ProceduralConnector all =
      procedural(ProceduralConnector::Kind::FixedInDegree, 5);
  all.count = 20;
  all.allowMultapses = false;
  all.allowSelf = false;
  SynapseList l = expandOk(all, 21, 21, true);
  EXPECT_EQ(l.size(), 21u * 20u);
}

TEST(Expand, FixedTotalExact) {
  for (bool multapses : {true, false}) {
    ProceduralConnector c =
        procedural(ProceduralConnector::Kind::FixedTotal, 9);
    c.count = 12345;
    c.allowMultapses = multapses;
    SynapseList l = expandOk(c, 300, 200);
    EXPECT_EQ(l.size(), 12345u);
    expectSorted(l);
    std::set<std::pair<uint32_t, uint32_t>> pairs;
    for (size_t k = 0; k < l.size(); ++k) {
      ASSERT_LT(l.pre[k], 300u);
      ASSERT_LT(l.post[k], 200u);
      pairs.insert({l.pre[k], l.post[k]});
    }
    if (!multapses)
      EXPECT_EQ(pairs.size(), 12345u);
  }
  // Every pair exactly once.
  ProceduralConnector c = procedural(ProceduralConnector::Kind::FixedTotal, 9);
  c.count = 30 * 29;
  c.allowMultapses = false;
  c.allowSelf = false;
  EXPECT_EQ(expandOk(c, 30, 30, true).size(), 870u);
}

TEST(Expand, SeedsAndThreads) {
  using K = ProceduralConnector::Kind;
  for (K kind : {K::FixedProbability, K::FixedInDegree, K::FixedTotal}) {
    ProceduralConnector c = procedural(kind, 42);
    c.p = 0.05;
    c.count = kind == K::FixedTotal ? 5000 : 10;
    c.weight.kind = RealDistribution::Kind::Normal;
    c.weight.a = 1.0;
    c.weight.b = 0.2;
    SynapseList a = expandOk(c, 400, 300, false, 1);
    SynapseList b = expandOk(c, 400, 300, false, 1);
    SynapseList t3 = expandOk(c, 400, 300, false, 3);
    EXPECT_TRUE(sameList(a, b)) << "kind " << int(kind);
    EXPECT_TRUE(sameList(a, t3)) << "kind " << int(kind);
    c.seed = 43;
    SynapseList d = expandOk(c, 400, 300, false, 1);
    EXPECT_FALSE(a.pre == d.pre && a.post == d.post) << "kind " << int(kind);
    EXPECT_NE(a.weight, d.weight);
  }
}

TEST(Expand, WeightDistributionMoments) {
  ProceduralConnector c = procedural(ProceduralConnector::Kind::FixedTotal, 1);
  c.count = 200000;
  c.weight.kind = RealDistribution::Kind::Normal;
  c.weight.a = 2.0;
  c.weight.b = 0.5;
  SynapseList l = expandOk(c, 1000, 1000);
  double sum = 0, sq = 0;
  std::vector<uint64_t> delayCount(7, 0);
  for (size_t k = 0; k < l.size(); ++k) {
    sum += l.weight[k];
    sq += l.weight[k] * l.weight[k];
    ++delayCount[l.delay[k]];
  }
  double mean = sum / l.size(), var = sq / l.size() - mean * mean;
  EXPECT_NEAR(mean, 2.0, 5 * 0.5 / std::sqrt(200000.0));
  EXPECT_NEAR(std::sqrt(var), 0.5, 0.005);
  for (uint32_t d = 2; d <= 6; ++d)
    EXPECT_NEAR(double(delayCount[d]), 40000.0, 5 * std::sqrt(40000.0 * 0.8));
}

TEST(Expand, DenseSparseOneToOne) {
  DenseConnector d;
  d.weights = {1, 2, 3, 4, 5, 6}; // [post 2][pre 3]
  d.delay = 4;
  SynapseList l = expandOk(d, 3, 2);
  EXPECT_EQ(l.pre, (std::vector<uint32_t>{0, 0, 1, 1, 2, 2}));
  EXPECT_EQ(l.post, (std::vector<uint32_t>{0, 1, 0, 1, 0, 1}));
  EXPECT_EQ(l.weight, (std::vector<double>{1, 4, 2, 5, 3, 6}));
  EXPECT_EQ(l.delay, std::vector<uint32_t>(6, 4));

  SparseConnector s;
  s.pre = {2, 0, 2, 0, 2};
  s.post = {1, 3, 0, 3, 1};
  s.weights = {10, 20, 30, 40, 50};
  l = expandOk(s, 3, 4);
  // Sorted by pre, post; the two (2, 1) and (0, 3) multapses keep list order.
  EXPECT_EQ(l.pre, (std::vector<uint32_t>{0, 0, 2, 2, 2}));
  EXPECT_EQ(l.post, (std::vector<uint32_t>{3, 3, 0, 1, 1}));
  EXPECT_EQ(l.weight, (std::vector<double>{20, 40, 30, 10, 50}));
  EXPECT_EQ(l.delay, std::vector<uint32_t>(5, 1));

  OneToOneConnector o;
  o.weight = 0.5;
  o.delay = 2;
  l = expandOk(o, 4, 4);
  EXPECT_EQ(l.pre, (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(l.post, l.pre);
}

/// Naive direct convolution y = conv2d(x, w) in PyTorch semantics.
std::vector<double> naiveConv(const Conv2dConnector &c,
                              const std::vector<double> &x) {
  int64_t oh =
      windowOutputSize(c.inHeight, c.kernelH, c.strideH, c.padH, c.dilationH);
  int64_t ow =
      windowOutputSize(c.inWidth, c.kernelW, c.strideW, c.padW, c.dilationW);
  int64_t cg = c.inChannels / c.groups, og = c.outChannels / c.groups;
  std::vector<double> y(c.outChannels * oh * ow, 0.0);
  for (int64_t o = 0; o < c.outChannels; ++o)
    for (int64_t yy = 0; yy < oh; ++yy)
      for (int64_t xx = 0; xx < ow; ++xx) {
        double acc = 0;
        for (int64_t ci = 0; ci < cg; ++ci)
          for (int64_t ky = 0; ky < c.kernelH; ++ky)
            for (int64_t kx = 0; kx < c.kernelW; ++kx) {
              int64_t iy = yy * c.strideH - c.padH + ky * c.dilationH;
              int64_t ix = xx * c.strideW - c.padW + kx * c.dilationW;
              if (iy < 0 || ix < 0 || iy >= c.inHeight || ix >= c.inWidth)
                continue;
              int64_t ch = (o / og) * cg + ci;
              acc +=
                  c.weights[((o * cg + ci) * c.kernelH + ky) * c.kernelW + kx] *
                  x[(ch * c.inHeight + iy) * c.inWidth + ix];
            }
        y[(o * oh + yy) * ow + xx] = acc;
      }
  return y;
}

/// y[post] = sum over synapses of weight * x[pre].
std::vector<double> applyList(const SynapseList &l,
                              const std::vector<double> &x, size_t outSize) {
  std::vector<double> y(outSize, 0.0);
  for (size_t k = 0; k < l.size(); ++k)
    y[l.post[k]] += l.weight[k] * x[l.pre[k]];
  return y;
}

TEST(Expand, Conv2dMatchesDirectConvolution) {
  struct Case {
    uint32_t c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, g;
  };
  std::vector<Case> cases = {
      {1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1, 1},
      {3, 8, 7, 4, 3, 2, 2, 1, 1, 0, 1, 1, 1},
      {4, 9, 9, 6, 3, 3, 2, 2, 2, 1, 2, 1, 2},
      {6, 6, 10, 6, 1, 3, 1, 3, 0, 2, 1, 2, 6}, // depthwise
  };
  Stream rng(99, 0);
  for (const Case &k : cases) {
    Conv2dConnector c;
    c.inChannels = k.c;
    c.inHeight = k.h;
    c.inWidth = k.w;
    c.outChannels = k.o;
    c.kernelH = k.kh;
    c.kernelW = k.kw;
    c.strideH = k.sh;
    c.strideW = k.sw;
    c.padH = k.ph;
    c.padW = k.pw;
    c.dilationH = k.dh;
    c.dilationW = k.dw;
    c.groups = k.g;
    c.weights.resize(k.o * (k.c / k.g) * k.kh * k.kw);
    for (double &w : c.weights)
      w = rng.uniform() - 0.5;
    std::vector<double> x(k.c * k.h * k.w);
    for (double &v : x)
      v = rng.uniform();
    uint64_t oh = windowOutputSize(k.h, k.kh, k.sh, k.ph, k.dh);
    uint64_t ow = windowOutputSize(k.w, k.kw, k.sw, k.pw, k.dw);
    uint32_t outSize = uint32_t(k.o * oh * ow);
    SynapseList l = expandOk(c, k.c * k.h * k.w, outSize);
    expectSorted(l);
    std::vector<double> expect = naiveConv(c, x);
    std::vector<double> got = applyList(l, x, outSize);
    ASSERT_EQ(got.size(), expect.size());
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_NEAR(got[i], expect[i], 1e-12) << "output " << i;
  }
}

TEST(Expand, Pool2dSumAndAverage) {
  Pool2dConnector p;
  p.channels = 2;
  p.inHeight = 5;
  p.inWidth = 6;
  p.kernelH = 2;
  p.kernelW = 3;
  p.strideH = 2;
  p.strideW = 2;
  p.padH = 1;
  p.padW = 1;
  uint64_t oh = windowOutputSize(5, 2, 2, 1, 1),
           ow = windowOutputSize(6, 3, 2, 1, 1);
  ASSERT_EQ(oh, 3u);
  ASSERT_EQ(ow, 3u);
  std::vector<double> x(2 * 5 * 6);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = double(i % 7) + 0.25;
  for (bool average : {false, true}) {
    p.average = average;
    SynapseList l = expandOk(p, 60, uint32_t(2 * oh * ow));
    std::vector<double> got = applyList(l, x, 2 * oh * ow);
    for (int64_t ch = 0; ch < 2; ++ch)
      for (int64_t y = 0; y < int64_t(oh); ++y)
        for (int64_t xx = 0; xx < int64_t(ow); ++xx) {
          double sum = 0;
          for (int64_t ky = 0; ky < 2; ++ky)
            for (int64_t kx = 0; kx < 3; ++kx) {
              int64_t iy = y * 2 - 1 + ky, ix = xx * 2 - 1 + kx;
              if (iy >= 0 && ix >= 0 && iy < 5 && ix < 6)
                sum += x[(ch * 5 + iy) * 6 + ix];
            }
          // Average divides by the full window (padding counts).
          double expect = average ? sum / 6.0 : sum;
          EXPECT_NEAR(got[(ch * oh + y) * ow + xx], expect, 1e-12);
        }
  }
}

TEST(Expand, CheckConnectorMessages) {
  DenseConnector d;
  d.weights = {1, 2, 3};
  EXPECT_NE(checkConnector(d, 2, 2, false)
                .find("dense connector has 3 weights, "
                      "expected 4"),
            std::string::npos);
  Conv2dConnector c;
  c.inChannels = 2;
  c.inHeight = c.inWidth = 4;
  c.outChannels = 3;
  c.kernelH = c.kernelW = 3;
  c.groups = 2;
  EXPECT_NE(checkConnector(c, 32, 12, false).find("groups 2 must divide"),
            std::string::npos);
  c.groups = 1;
  c.weights.assign(3 * 2 * 9, 1.0);
  EXPECT_NE(checkConnector(c, 32, 13, false)
                .find("output shape (3, 2, 2) has "
                      "12 neurons but post has 13"),
            std::string::npos);
  EXPECT_EQ(checkConnector(c, 32, 12, false), "");
  ProceduralConnector p;
  p.kind = ProceduralConnector::Kind::FixedInDegree;
  p.count = 11;
  p.allowMultapses = false;
  EXPECT_NE(checkConnector(p, 10, 5, false).find("exceeds the 10 distinct"),
            std::string::npos);
  std::string error;
  EXPECT_FALSE(expandConnector(p, 10, 5, false, error).has_value());
  EXPECT_NE(error.find("exceeds"), std::string::npos);
}

} // namespace
