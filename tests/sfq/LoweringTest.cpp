//===- LoweringTest.cpp - SFQ netlist lowering stages ---------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Splitter trees, merger trees, path balancing, clock tree and staggering,
// checked against hand-derived counts and depths.
//
//===----------------------------------------------------------------------===//

#include "SfqTestUtil.h"

#include "dendron/Sfq/Netlist.h"

#include <algorithm>

using namespace dendron::sfq;

namespace {

size_t countKind(const Netlist &nl, CellKind kind) {
  return std::count_if(nl.instances.begin(), nl.instances.end(),
                       [&](const Instance &i) { return i.kind == kind; });
}

/// Cells of `kind` between the driver of `net` and the clocked cell, port or
/// different-kind cell it came from (walking drivers backwards).
int depthOf(const Netlist &nl, uint32_t net, CellKind kind) {
  int depth = 0;
  while (true) {
    const Instance &d = nl.instances[nl.nets[net].drivers.at(0).inst];
    if (d.kind != kind)
      return depth;
    ++depth;
    net = d.in[0];
  }
}

/// One input feeding `fanOut` neurons with weight 1.
PulseNetwork fanOutNetwork(uint32_t fanOut) {
  PulseNetwork net;
  net.numInputs = 1;
  net.neurons.resize(fanOut);
  for (uint32_t n = 0; n < fanOut; ++n)
    net.synapses.push_back({0, n, 1, 1});
  return net;
}

/// `fanIn` inputs feeding one neuron with weight 1.
PulseNetwork fanInNetwork(uint32_t fanIn) {
  PulseNetwork net;
  net.numInputs = fanIn;
  net.neurons.resize(1);
  for (uint32_t i = 0; i < fanIn; ++i)
    net.synapses.push_back({i, 0, 1, 1});
  return net;
}

class Lowering : public ::testing::Test {
protected:
  CellLibrary lib = test::loadLibrary("mitll-sfq5ee.json");
  std::string error;
};

TEST_F(Lowering, FanOutFiveIsFourSplittersDepthThree) {
  auto nl = mapToCells(fanOutNetwork(5), lib, error);
  ASSERT_TRUE(nl) << error;
  EXPECT_EQ(verifyNetlist(*nl),
            "net 0: 1 drivers and 6 sinks; an SFQ output must drive exactly "
            "one input");
  insertSplitters(*nl);
  EXPECT_EQ(countKind(*nl, CellKind::Splitter), 4u);
  // Balanced tree over 5 leaves: depths 3, 3, 2, 2, 2.
  std::vector<int> depths;
  for (const Instance &i : nl->instances)
    if (i.kind == CellKind::Synapse)
      depths.push_back(depthOf(*nl, i.in[0], CellKind::Splitter));
  std::sort(depths.begin(), depths.end());
  EXPECT_EQ(depths, (std::vector<int>{2, 2, 2, 3, 3}));
  for (uint32_t n = 0; n < nl->nets.size(); ++n)
    if (n != nl->clockNet) {
      EXPECT_LE(nl->nets[n].sinks.size(), 1u); // the clock is stage 4
    }
}

TEST_F(Lowering, FanOutOfPowersOfTwo) {
  for (uint32_t fanOut : {1u, 2u, 8u, 64u}) {
    auto nl = mapToCells(fanOutNetwork(fanOut), lib, error);
    ASSERT_TRUE(nl) << error;
    insertSplitters(*nl);
    EXPECT_EQ(countKind(*nl, CellKind::Splitter), fanOut - 1);
    int expected = 0;
    while ((1u << expected) < fanOut)
      ++expected;
    for (const Instance &i : nl->instances)
      if (i.kind == CellKind::Synapse) {
        EXPECT_EQ(depthOf(*nl, i.in[0], CellKind::Splitter), expected);
      }
  }
}

TEST_F(Lowering, FanInFiveIsFourMergersDepthThree) {
  auto nl = mapToCells(fanInNetwork(5), lib, error);
  ASSERT_TRUE(nl) << error;
  insertMergers(*nl);
  EXPECT_EQ(countKind(*nl, CellKind::Merger), 4u);
  uint32_t soma = 0;
  for (uint32_t i = 0; i < nl->instances.size(); ++i)
    if (nl->instances[i].kind == CellKind::Soma)
      soma = i;
  // Leaves of the tree rooted at the soma's increment pin.
  std::vector<int> depths;
  std::vector<std::pair<uint32_t, int>> stack = {
      {nl->instances[soma].in[0], 0}};
  while (!stack.empty()) {
    auto [net, depth] = stack.back();
    stack.pop_back();
    const Instance &d = nl->instances[nl->nets[net].drivers.at(0).inst];
    if (d.kind == CellKind::Merger) {
      stack.push_back({d.in[0], depth + 1});
      stack.push_back({d.in[1], depth + 1});
    } else {
      depths.push_back(depth);
    }
  }
  std::sort(depths.begin(), depths.end());
  EXPECT_EQ(depths, (std::vector<int>{2, 2, 2, 3, 3}));
}

TEST_F(Lowering, InhibitorySynapsesUseTheDecrementPin) {
  PulseNetwork net = fanInNetwork(3);
  net.synapses[1].weight = -2;
  auto nl = mapToCells(net, lib, error);
  ASSERT_TRUE(nl) << error;
  insertMergers(*nl);
  // Two excitatory: one merger; one inhibitory: none.
  EXPECT_EQ(countKind(*nl, CellKind::Merger), 1u);
  for (const Instance &i : nl->instances)
    if (i.kind == CellKind::Soma) {
      EXPECT_EQ(nl->instances[nl->nets[i.in[1]].drivers.at(0).inst].param, -2);
    }
}

TEST_F(Lowering, PathBalancingInsertsDelayMinusOneDffs) {
  PulseNetwork net = fanOutNetwork(2);
  net.synapses[0].delay = 3;
  net.synapses[1].delay = 1;
  auto nl = mapToCells(net, lib, error);
  ASSERT_TRUE(nl) << error;
  size_t dffsBefore = countKind(*nl, CellKind::Dff); // the input DFF
  EXPECT_EQ(dffsBefore, 1u);
  balancePaths(*nl);
  EXPECT_EQ(countKind(*nl, CellKind::Dff), 3u);
  for (const Instance &i : nl->instances) {
    if (i.kind != CellKind::Synapse)
      continue;
    EXPECT_EQ(i.delay, 1u);
    // Clock stages in front of the synapse: delay - 1 extra DFFs, then
    // the input DFF.
    int stages = 0;
    uint32_t net = i.in[0];
    while (true) {
      const Instance &d = nl->instances[nl->nets[net].drivers.at(0).inst];
      if (d.kind != CellKind::Dff)
        break;
      ++stages;
      EXPECT_EQ(nl->nets[d.in[1]].drivers.at(0).inst, 0u); // clock port
      net = d.in[0];
      if (nl->instances[nl->nets[net].drivers.at(0).inst].kind ==
          CellKind::InputPort)
        break;
    }
    EXPECT_EQ(stages, i.lag == 2 ? 3 : 1);
  }
}

TEST_F(Lowering, ClockTreeReachesEveryClockedCell) {
  // 3 inputs -> 4 neurons: 3 input DFFs + 4 somas = 7 clocked cells.
  PulseNetwork net;
  net.numInputs = 3;
  net.neurons.resize(4);
  for (uint32_t n = 0; n < 4; ++n)
    net.synapses.push_back({n % 3, n, 1, 1});
  auto nl = mapToCells(net, lib, error);
  ASSERT_TRUE(nl) << error;
  EXPECT_EQ(nl->nets[nl->clockNet].sinks.size(), 7u);
  buildClockTree(*nl);
  EXPECT_EQ(countKind(*nl, CellKind::Splitter), 6u);
  for (const Instance &i : nl->instances)
    if (isClocked(i.kind)) {
      uint32_t clk = i.kind == CellKind::Dff ? i.in[1] : i.in[2];
      int depth = depthOf(*nl, clk, CellKind::Splitter);
      EXPECT_TRUE(depth == 2 || depth == 3) << depth; // ceil(log2 7) = 3
    }
}

TEST_F(Lowering, StaggerSeparatesSimultaneousTrains) {
  // Two inputs, equal clock arrival (both DFFs at depth 2 of a 3-leaf clock
  // tree), equal paths: the second train must wait for the merger's 10.2 ps
  // separation: ceil(102 / 35) = 3 JTL stages.
  auto nl = mapToCells(fanInNetwork(2), lib, error);
  ASSERT_TRUE(nl) << error;
  balancePaths(*nl);
  insertSplitters(*nl);
  buildClockTree(*nl);
  insertMergers(*nl);
  ASSERT_TRUE(staggerMergerInputs(*nl, lib, error)) << error;
  ASSERT_EQ(countKind(*nl, CellKind::Jtl), 1u);
  for (const Instance &i : nl->instances)
    if (i.kind == CellKind::Jtl) {
      EXPECT_EQ(i.param, 3);
    }
  EXPECT_EQ(verifyNetlist(*nl), "");
}

TEST_F(Lowering, StaggerAccountsForTrainLength) {
  // Weights 3 and 1: the weight-3 train (first, by synapse order on equal
  // arrival) occupies 2 * 12 ps; the next starts 10.2 ps after its last
  // pulse: ceil((240 + 102) / 35) = 10 stages.
  PulseNetwork net = fanInNetwork(2);
  net.synapses[0].weight = 3;
  auto nl = lowerToNetlist(net, lib, error);
  ASSERT_TRUE(nl) << error;
  std::vector<int64_t> stages;
  for (const Instance &i : nl->instances)
    if (i.kind == CellKind::Jtl)
      stages.push_back(i.param);
  EXPECT_EQ(stages, (std::vector<int64_t>{10}));
}

TEST_F(Lowering, MappingErrors) {
  PulseNetwork net = fanOutNetwork(1);
  net.synapses[0].weight = 9;
  EXPECT_FALSE(mapToCells(net, lib, error));
  EXPECT_EQ(error, "synapse 0 -> 0: weight 9 pulses, limit 1..8 (the synapse "
                   "cell's pulse multiplier)");
  net.synapses[0].weight = 1;
  net.neurons[0].threshold = 65;
  EXPECT_FALSE(mapToCells(net, lib, error));
  EXPECT_EQ(error, "neuron 0: threshold 65 fluxons exceeds the soma cell's "
                   "storage, limit 64");
  net.neurons[0].threshold = 1;
  net.synapses[0].delay = 0;
  EXPECT_FALSE(mapToCells(net, lib, error));
  EXPECT_EQ(error, "synapse 0 -> 0: delay 0, limit >= 1");
  net.synapses[0] = {5, 0, 1, 1};
  EXPECT_FALSE(mapToCells(net, lib, error));
  EXPECT_EQ(error, "synapse 5 -> 0: endpoint does not exist");
  EXPECT_FALSE(mapToCells(PulseNetwork{}, lib, error));
  EXPECT_EQ(error, "the network has no neurons: nothing to map to somas");
}

TEST_F(Lowering, VerifierMessages) {
  auto nl = mapToCells(fanInNetwork(2), lib, error);
  ASSERT_TRUE(nl) << error;
  // Before insertMergers the soma's increment net has two drivers.
  buildClockTree(*nl);
  std::string msg = verifyNetlist(*nl);
  EXPECT_NE(msg.find("2 drivers and 1 sinks; an SFQ output must drive "
                     "exactly one input"),
            std::string::npos)
      << msg;
  std::string why;
  EXPECT_FALSE(staggerMergerInputs(*nl, lib, why));
  EXPECT_NE(why.find("has 2 drivers; run insertMergers first"),
            std::string::npos)
      << why;
  // A dangling pin.
  Netlist bad;
  bad.addInstance(CellKind::Splitter);
  EXPECT_EQ(verifyNetlist(bad), "splitter_0: input pin 0 is unconnected");
  uint32_t n = bad.addNet();
  bad.connectSink(n, 0, 0);
  uint32_t port = bad.addInstance(CellKind::InputPort, 0);
  bad.connectDriver(n, port, 0);
  EXPECT_EQ(verifyNetlist(bad), "splitter_0: output pin 0 is unconnected");
}

TEST_F(Lowering, EveryNetIsPointToPointAfterLowering) {
  PulseNetwork net = test::randomNetwork(3, 6, 30, 8, 5);
  auto nl = lowerToNetlist(net, lib, error);
  ASSERT_TRUE(nl) << error;
  for (const Net &n : nl->nets)
    if (!n.drivers.empty() || !n.sinks.empty()) {
      EXPECT_EQ(n.drivers.size(), 1u);
      EXPECT_EQ(n.sinks.size(), 1u);
    }
}

} // namespace
