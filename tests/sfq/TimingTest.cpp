//===- TimingTest.cpp - SFQ static timing analysis and cost report --------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Expectations are computed by hand from the MIT-LL library figures (ticks
// of 0.1 ps): splitter 63, merger 90 (separation 102), JTL 35, DFF clk->q
// 63 (setup 20, hold 30), synapse 80 (pulse period 120), soma clk->q 70
// (setup 30, hold 30).
//
//===----------------------------------------------------------------------===//

#include "SfqTestUtil.h"

#include "dendron/Sfq/Netlist.h"

#include <nlohmann/json.hpp>
#include <tuple>

using namespace dendron::sfq;

namespace {

class Timing : public ::testing::Test {
protected:
  CellLibrary lib = test::loadLibrary("mitll-sfq5ee.json");
  std::string error;

  /// `inputs` inputs, one neuron, synapse i from input i with weights[i].
  std::pair<Netlist, TimingReport> lower(std::vector<int32_t> weights) {
    PulseNetwork net;
    net.numInputs = static_cast<uint32_t>(weights.size());
    net.neurons.resize(1);
    for (uint32_t i = 0; i < weights.size(); ++i)
      net.synapses.push_back({i, 0, weights[i], 1});
    auto nl = lowerToNetlist(net, lib, error);
    EXPECT_TRUE(nl) << error;
    auto timing = analyzeTiming(*nl, lib, error);
    EXPECT_TRUE(timing) << error;
    return {*nl, *timing};
  }
};

std::vector<std::string> kinds(const Netlist &nl,
                               const std::vector<uint32_t> &path) {
  std::vector<std::string> out;
  for (uint32_t i : path)
    out.push_back(cellKindName(nl.instances[i].kind));
  return out;
}

TEST_F(Timing, SingleSynapseByHand) {
  auto [nl, t] = lower({1});
  // Clock: one splitter to the input DFF and the soma, both at 63.
  // Input DFF launches at 63 + 63 = 126, synapse: 126 + 80 = 206.
  ASSERT_EQ(t.endpoints.size(), 1u);
  const EndpointTiming &e = t.endpoints[0];
  EXPECT_EQ(e.clockArrival, 63);
  EXPECT_EQ(e.earliest, 206);
  EXPECT_EQ(e.latest, 206);
  EXPECT_EQ(e.requiredPeriod, 206 - 63 + 30);
  EXPECT_EQ(e.holdSlack, 206 - (63 + 30));
  EXPECT_EQ(t.minPeriod, 173);
  EXPECT_EQ(t.outputOffset, (std::vector<int64_t>{63 + 70}));
  EXPECT_EQ(kinds(nl, t.criticalPath),
            (std::vector<std::string>{"dff", "synapse", "soma"}));
  // One window deep: input pulse at 63 - 20 before edge 0, output at
  // edge 1 + 133.
  EXPECT_EQ(t.pipelineDepth, 1u);
  EXPECT_EQ(t.latency, 173 + 133 - (63 - 20));
  auto json = nlohmann::json::parse(timingReportJson(nl, lib, t));
  EXPECT_NEAR(json["minPeriodPs"].get<double>(), 17.3, 1e-9);
  EXPECT_NEAR(json["latencyPs"].get<double>(), 26.3, 1e-9);
  EXPECT_EQ(json["criticalPath"].size(), 3u);
  EXPECT_EQ(json["criticalPath"][2], nl.instanceName(t.criticalPath[2]));
  EXPECT_NEAR(json["endpoints"][0]["holdSlackPs"].get<double>(), 11.3, 1e-9);
  EXPECT_NEAR(json["endpoints"][0]["setupSlackAtMinPeriodPs"].get<double>(),
              0.0, 1e-12);
  EXPECT_NEAR(json["outputOffsetPs"][0].get<double>(), 13.3, 1e-9);
  EXPECT_EQ(setupViolators(nl, t, 172),
            (std::vector<std::string>{nl.instanceName(t.criticalPath[2])}));
  EXPECT_TRUE(setupViolators(nl, t, 173).empty());
}

TEST_F(Timing, PulseTrainLengthensThePath) {
  auto [nl, t] = lower({3});
  // Two more pulses, 120 ticks apart.
  EXPECT_EQ(t.endpoints.at(0).latest, 206 + 2 * 120);
  EXPECT_EQ(t.endpoints.at(0).earliest, 206);
  EXPECT_EQ(t.minPeriod, 446 - 63 + 30);
}

TEST_F(Timing, MergedStaggeredInputsByHand) {
  auto [nl, t] = lower({1, 1});
  // Clock tree over 3 cells: the two input DFFs at depth 2 (126), the soma
  // at depth 1 (63). Launch 189, synapse 269, merger 359; the second train
  // waits 3 JTL stages: 464.
  ASSERT_EQ(t.endpoints.size(), 1u);
  EXPECT_EQ(t.endpoints[0].clockArrival, 63);
  EXPECT_EQ(t.endpoints[0].earliest, 359);
  EXPECT_EQ(t.endpoints[0].latest, 464);
  EXPECT_EQ(t.minPeriod, 464 - 63 + 30);
  EXPECT_EQ(
      kinds(nl, t.criticalPath),
      (std::vector<std::string>{"dff", "synapse", "jtl", "merger", "soma"}));
  EXPECT_EQ(t.worstHoldSlack, 359 - (63 + 30));
}

TEST_F(Timing, RejectsIncompleteNetlists) {
  PulseNetwork net;
  net.numInputs = 2;
  net.neurons.resize(1);
  net.synapses = {{0, 0, 1, 1}, {1, 0, 1, 1}};
  auto nl = mapToCells(net, lib, error);
  ASSERT_TRUE(nl) << error;
  EXPECT_FALSE(analyzeTiming(*nl, lib, error));
  EXPECT_NE(error.find("an SFQ output must drive exactly one input"),
            std::string::npos);
}

TEST_F(Timing, ReportsLoopsAndUnclockedCells) {
  // clock -> dff.clk; splitter -> jtl -> splitter is a loop without a
  // clocked cell, feeding the DFF's data pin.
  Netlist loop;
  uint32_t clk = loop.addInstance(CellKind::ClockPort);
  uint32_t dff = loop.addInstance(CellKind::Dff);
  uint32_t sp = loop.addInstance(CellKind::Splitter);
  uint32_t jtl = loop.addInstance(CellKind::Jtl, 1);
  uint32_t out = loop.addInstance(CellKind::OutputPort, 0);
  loop.numOutputs = 1;
  auto wire = [&](uint32_t from, uint32_t fromPin, uint32_t to,
                  uint32_t toPin) {
    uint32_t n = loop.addNet();
    loop.connectDriver(n, from, fromPin);
    loop.connectSink(n, to, toPin);
  };
  wire(clk, 0, dff, 1);
  wire(sp, 0, dff, 0);
  wire(sp, 1, jtl, 0);
  wire(jtl, 0, sp, 0);
  wire(dff, 0, out, 0);
  ASSERT_EQ(verifyNetlist(loop), "");
  EXPECT_FALSE(analyzeTiming(loop, lib, error));
  EXPECT_NE(error.find("combinational loop (a cycle without a clocked cell)"),
            std::string::npos)
      << error;
  // A DFF clocked from a data input instead of the clock tree.
  Netlist unclocked;
  uint32_t in = unclocked.addInstance(CellKind::InputPort, 0);
  uint32_t in2 = unclocked.addInstance(CellKind::InputPort, 1);
  uint32_t d2 = unclocked.addInstance(CellKind::Dff);
  uint32_t o2 = unclocked.addInstance(CellKind::OutputPort, 0);
  unclocked.numInputs = 2;
  unclocked.numOutputs = 1;
  for (auto [from, to, pin] :
       {std::tuple<uint32_t, uint32_t, uint32_t>{in, d2, 0},
        {in2, d2, 1},
        {d2, o2, 0}}) {
    uint32_t n = unclocked.addNet();
    unclocked.connectDriver(n, from, 0);
    unclocked.connectSink(n, to, pin);
  }
  ASSERT_EQ(verifyNetlist(unclocked), "");
  EXPECT_FALSE(analyzeTiming(unclocked, lib, error));
  EXPECT_EQ(error, "dff_2: clock pin not reached by the clock tree");
}

TEST_F(Timing, SwitchEventsAndCostByHand) {
  auto [nl, t] = lower({1});
  PulseNetwork net;
  net.numInputs = 1;
  net.neurons.resize(1);
  net.synapses = {{0, 0, 1, 1}};
  Raster inputs = {{1}, {0}};
  Raster spikes = simulatePulse(net, inputs);
  ASSERT_EQ(spikes, (Raster{{0}, {1}}));
  // Per window: clock splitter 3 + DFF 6 + soma 20; the input's pulse
  // crosses the synapse (8) once; the soma's output goes to a port.
  uint64_t events = countSwitchEvents(nl, lib, inputs, spikes);
  EXPECT_EQ(events, 2u * 29u + 8u);
  CostReport r = buildCostReport(nl, lib, t, events, 1);
  EXPECT_EQ(r.junctions, 6u + 20u + 3u + 8u);
  EXPECT_NEAR(r.biasMa, 0.55 + 2.0 + 0.42 + 0.9, 1e-12);
  EXPECT_NEAR(r.staticPowerUw, (0.55 + 2.0 + 0.42 + 0.9) * 2.5, 1e-9);
  EXPECT_NEAR(r.energyPerInferenceFj, 66 * 2.067833848e-15 * 150e-6 * 1e15,
              1e-12);
  EXPECT_NEAR(r.minPeriodPs, 17.3, 1e-9);
  EXPECT_NEAR(r.fmaxGhz, 1000.0 / 17.3, 1e-9);
  auto json = nlohmann::json::parse(costReportJson(r, lib));
  EXPECT_EQ(json["junctions"], 37);
  EXPECT_EQ(json["cells"]["synapse"], 1);
  EXPECT_EQ(json["junctionsByCell"]["soma"], 20);
  std::string summary = costReportSummary(r, lib);
  EXPECT_NE(summary.find("Fmax 57.80 GHz"), std::string::npos) << summary;
}

TEST_F(Timing, HoldFixingRemovesNegativeHoldSlack) {
  // In this random network (delay chains of DFFs), clock skew puts some
  // DFF-to-DFF hops inside the capture cell's hold window before stage 7.
  PulseNetwork net = test::randomNetwork(7, 4, 10, 4, 3);
  for (const char *file : {"mitll-sfq5ee.json", "generic-pylse.json"}) {
    CellLibrary l = test::loadLibrary(file);
    auto nl = mapToCells(net, l, error);
    ASSERT_TRUE(nl) << error;
    balancePaths(*nl);
    insertSplitters(*nl);
    buildClockTree(*nl);
    insertMergers(*nl);
    ASSERT_TRUE(staggerMergerInputs(*nl, l, error)) << error;
    auto before = analyzeTiming(*nl, l, error);
    ASSERT_TRUE(before) << error;
    EXPECT_LT(before->worstHoldSlack, 0) << file;
    ASSERT_TRUE(fixHoldViolations(*nl, l, error)) << error;
    auto after = analyzeTiming(*nl, l, error);
    ASSERT_TRUE(after) << error;
    EXPECT_GE(after->worstHoldSlack, 0) << file;
    // A fix only adds delay: the period can only grow.
    EXPECT_GE(after->minPeriod, before->minPeriod);
  }
}

} // namespace
