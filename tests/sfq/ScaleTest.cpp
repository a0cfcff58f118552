//===- ScaleTest.cpp - SFQ lowering at 1,000 neurons / 50,000 synapses ----===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// The scale bar: a network of 1,000 neurons and 50,000 synapses
// lowers, path-balances and times well inside 30 s. Counts are checked
// against closed forms: N - 1 splitters per net of N sinks, N - 1 mergers
// per soma input of N drivers.
//
//===----------------------------------------------------------------------===//

#include "SfqTestUtil.h"

#include "dendron/Sfq/Netlist.h"

#include <chrono>
#include <random>

using namespace dendron::sfq;

namespace {

TEST(Scale, ThousandNeuronsFiftyThousandSynapses) {
  CellLibrary lib = test::loadLibrary("mitll-sfq5ee.json");
  // 100 inputs, 1,000 neurons, 50 random excitatory/inhibitory synapses
  // into each neuron from inputs and other neurons.
  std::mt19937 rng(5);
  PulseNetwork net;
  net.numInputs = 100;
  net.neurons.assign(1000, PulseNeuron{8, 1, 4});
  for (uint32_t post = 0; post < 1000; ++post)
    for (uint32_t k = 0; k < 50; ++k) {
      uint32_t pre = std::uniform_int_distribution<uint32_t>(0, 1099)(rng);
      int32_t w = std::uniform_int_distribution<int32_t>(-2, 4)(rng);
      if (w == 0)
        w = 1;
      net.synapses.push_back({pre, post, w, 1});
    }
  ASSERT_EQ(net.synapses.size(), 50000u);
  auto start = std::chrono::steady_clock::now();
  std::string error;
  auto nl = lowerToNetlist(net, lib, error);
  ASSERT_TRUE(nl) << error;
  auto timing = analyzeTiming(*nl, lib, error);
  ASSERT_TRUE(timing) << error;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_LT(seconds, 30.0);

  // Closed forms: every endpoint with fan-out f >= 1 needs f - 1 splitters
  // (neurons also drive their output port); every soma input with d >= 1
  // drivers needs d - 1 mergers; the clock tree has (clocked cells - 1).
  std::vector<uint64_t> fanOut(1100, 0);
  std::vector<uint64_t> exc(1000, 0), inh(1000, 0);
  for (const PulseSynapse &s : net.synapses) {
    ++fanOut[s.pre];
    ++(s.weight > 0 ? exc : inh)[s.post];
  }
  uint64_t splitters = 0, mergers = 0, usedInputs = 0;
  for (uint32_t e = 0; e < 1100; ++e) {
    uint64_t f = fanOut[e] + (e >= 100 ? 1 : 0);
    if (e < 100 && fanOut[e] > 0)
      ++usedInputs;
    if (f > 0)
      splitters += f - 1;
  }
  for (uint32_t n = 0; n < 1000; ++n)
    mergers += (exc[n] ? exc[n] - 1 : 0) + (inh[n] ? inh[n] - 1 : 0);
  splitters += usedInputs + 1000 - 1; // the clock tree
  uint64_t countSplit = 0, countMerge = 0;
  for (const Instance &i : nl->instances) {
    countSplit += i.kind == CellKind::Splitter;
    countMerge += i.kind == CellKind::Merger;
  }
  EXPECT_EQ(countSplit, splitters);
  EXPECT_EQ(countMerge, mergers);
  CostReport report = buildCostReport(*nl, lib, *timing, 0, 1);
  std::printf("lowering + STA: %.2f s, %zu instances\n%s", seconds,
              nl->instances.size(), costReportSummary(report, lib).c_str());
}

} // namespace
