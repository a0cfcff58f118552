//===- MachineTest.cpp - Links, drops, default routes, cycles, errors -----===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Hand-built images small enough that every packet, lookup and cycle can be
// counted by hand: five source neurons on chip (0, 0) fire once, their
// packets cross chip (1, 0) (no table there: default routing) to five IF
// neurons on chip (2, 0), one-to-one with weight 1 > threshold 0.5, so each
// delivered packet makes its target fire one step later.
//
//===----------------------------------------------------------------------===//

#include "SimTestUtil.h"

#include <gmock/gmock.h>

using namespace dendron::spinn;
using namespace dendron::spinn::test;
using ::testing::HasSubstr;
namespace machine = dendron::machine;
namespace routing = dendron::routing;

namespace {

NetworkSpec lineNetwork() {
  NetworkSpec net;
  net.name = "line";
  net.dt = 1e-3;
  net.profile = NumericProfile::S16_15;
  SpikeArraySource a;
  for (uint32_t n = 0; n < 5; ++n) {
    a.neuron.push_back(n);
    a.step.push_back(0);
  }
  net.sources.push_back(Source{"in", 5, a});
  LifModel m; // IF: no leak, direct input, threshold 0.5.
  m.vTh = 0.5;
  Population p;
  p.name = "out";
  p.size = 5;
  p.model = m;
  net.populations.push_back(p);
  Projection pr;
  pr.pre = src(0);
  pr.post = pop(0);
  OneToOneConnector c;
  c.weight = 1.0;
  pr.connector = c;
  net.projections.push_back(pr);
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  return net;
}

/// lineNetwork on a 3x1 mesh, link capacity `capacity` per step.
MachineImage lineImage(uint32_t capacity, uint32_t queue) {
  MachineImage image;
  image.machine = machine::MachineModel::grid(3, 1, false);
  image.machine.linkPacketsPerSecond = capacity / 1e-3;
  image.machine.reinjectionQueue = queue;
  image.network = lineNetwork();
  image.network.projections.clear();
  image.numSynapses = 5;
  CoreProgram in;
  in.core = {0, 0, 1};
  in.node = src(0);
  in.lo = 0;
  in.hi = 5;
  in.keys = {0, ~7u, 5, 8};
  CoreProgram out;
  out.core = {2, 0, 1};
  out.node = pop(0);
  out.lo = 0;
  out.hi = 5;
  out.keys = {8, ~7u, 5, 8};
  out.masterPopTable = {{0, ~7u, 0, 5}};
  for (uint32_t i = 0; i < 5; ++i) {
    out.words.push_back(SynapticWord::pack(toFixed(1.0), 1, 0, i));
    out.rowStart.push_back(i);
  }
  out.rowStart.push_back(5);
  out.ringDepth = 2;
  image.cores = {in, out};
  ChipTable first, last;
  first.chip = {0, 0};
  first.entries = {{0, ~7u, routing::Route::link(routing::Link::E), {}}};
  last.chip = {2, 0};
  last.entries = {{0, ~7u, routing::Route::core(1), {}}};
  image.tables = {first, last};
  return image;
}

const LinkStats *findLink(const MachineReport &r, int x, int y,
                          machine::Direction d) {
  for (const LinkStats &l : r.links)
    if (l.chip.x == x && l.chip.y == y && l.direction == d)
      return &l;
  return nullptr;
}

TEST(Links, NoDropsMatchesReferenceAndCountsDefaultRoutes) {
  Recording want = reference(lineNetwork(), 4);
  ASSERT_EQ(want.spikes[0].neuron, (std::vector<uint32_t>{0, 1, 2, 3, 4}));
  MachineRun run = runImage(lineImage(5, 2), 4, 1);
  expectSameRecording(want, run.recording, "capacity 5");
  const MachineReport &r = run.report;
  EXPECT_EQ(r.linkCapacityPerStep, 5u);
  // 5 source packets + 5 spikes of "out" (no route: dropped at its router).
  EXPECT_EQ(r.packetsSent, 10u);
  EXPECT_EQ(r.packetsDropped, 0u);
  // Source packets: lookups on all three chips, default-routed on (1, 0).
  EXPECT_EQ(r.routerLookups, 5u * 3 + 5);
  EXPECT_EQ(r.defaultRouted, 5u);
  ASSERT_EQ(r.links.size(), 2u);
  const LinkStats *e0 = findLink(r, 0, 0, machine::Direction::E);
  const LinkStats *e1 = findLink(r, 1, 0, machine::Direction::E);
  ASSERT_TRUE(e0 && e1);
  EXPECT_EQ(e0->packets, 5u);
  EXPECT_EQ(e0->maxPerStep, 5u);
  EXPECT_EQ(e1->packets, 5u);
}

TEST(Links, DropsAreReinjectedOrLostExactly) {
  // Capacity 2 per step, re-injection queue of 2 on each chip. Step 0:
  // packets 0 and 1 pass, 2 and 3 are dropped and queued, 4 is dropped and
  // lost. Step 1: 2 and 3 are re-sent and arrive a step late.
  for (unsigned threads : {1u, 2u}) {
    MachineRun run = runImage(lineImage(2, 2), 4, threads);
    const MachineReport &r = run.report;
    EXPECT_EQ(r.packetsSent, 5u + 4u);
    EXPECT_EQ(r.packetsDropped, 3u);
    EXPECT_EQ(r.packetsReinjected, 2u);
    EXPECT_EQ(r.packetsLost, 1u);
    const LinkStats *e0 = findLink(r, 0, 0, machine::Direction::E);
    const LinkStats *e1 = findLink(r, 1, 0, machine::Direction::E);
    ASSERT_TRUE(e0 && e1);
    EXPECT_EQ(e0->dropped, 3u);
    EXPECT_EQ(e0->packets, 4u);
    EXPECT_EQ(e0->maxPerStep, 2u);
    EXPECT_EQ(e1->dropped, 0u);
    EXPECT_EQ(e1->packets, 4u);
    // Lookups: step 0, two packets on three chips and three dropped after
    // the first; step 1, the two re-sent packets on chips (1, 0) and
    // (2, 0); plus one for each of the four spikes of "out".
    EXPECT_EQ(r.routerLookups, 2u * 3 + 3 + 2 * 2 + 4);
    EXPECT_EQ(r.defaultRouted, 4u);
    // Neurons 0 and 1 fire at step 1, the re-injected 2 and 3 at step 2.
    const SpikeTrain &out = run.recording.spikes[0];
    EXPECT_EQ(out.neuron, (std::vector<uint32_t>{0, 1, 2, 3}));
    EXPECT_EQ(out.step, (std::vector<uint32_t>{1, 1, 2, 2}));
    EXPECT_EQ(run.recording.numSynapticEvents, 4u);
  }
}

TEST(Links, NoQueueLosesEveryDrop) {
  MachineRun run = runImage(lineImage(2, 0), 4, 1);
  EXPECT_EQ(run.report.packetsDropped, 3u);
  EXPECT_EQ(run.report.packetsReinjected, 0u);
  EXPECT_EQ(run.report.packetsLost, 3u);
  EXPECT_EQ(run.recording.spikes[0].neuron, (std::vector<uint32_t>{0, 1}));
}

TEST(Links, DeadLinkLosesItsPackets) {
  MachineImage image = lineImage(5, 2);
  image.machine.killLink({1, 0}, machine::Direction::E);
  MachineRun run = runImage(image, 4, 1);
  EXPECT_EQ(run.report.packetsDropped, 5u);
  EXPECT_EQ(run.report.packetsLost, 5u);
  EXPECT_TRUE(run.recording.spikes[0].neuron.empty());
  const LinkStats *dead = findLink(run.report, 1, 0, machine::Direction::E);
  ASSERT_TRUE(dead);
  EXPECT_EQ(dead->dropped, 5u);
  EXPECT_EQ(dead->packets, 0u);
}

TEST(Cycles, CountedPerCoreAgainstTheBudget) {
  // "out": 5 LIF updates (100 cycles each) per step; at step 0, 5 packets
  // (150 each) and 5 words (15 each, 8 bytes at 0.5 cycles per byte). "in":
  // 5 source updates at the default 150 cycles.
  MachineImage image = lineImage(5, 2);
  MachineRun run = runImage(image, 4, 1);
  const MachineReport &r = run.report;
  EXPECT_DOUBLE_EQ(r.budgetCycles, 200e6 * 1e-3);
  ASSERT_EQ(r.cores.size(), 2u);
  const double busy = 500 + 5 * 150 + 5 * 15 + 5 * 8 * 0.5;
  EXPECT_DOUBLE_EQ(r.cores[1].maxCycles, busy);
  EXPECT_DOUBLE_EQ(r.cores[1].totalCycles, busy + 3 * 500);
  EXPECT_EQ(r.cores[1].packetsReceived, 5u);
  EXPECT_EQ(r.cores[1].synapticWords, 5u);
  EXPECT_EQ(r.cores[1].overruns, 0u);
  EXPECT_DOUBLE_EQ(r.cores[0].totalCycles, 4 * 750.0);
  EXPECT_EQ(r.cores[0].overruns, 0u);

  // A 600 kHz clock gives 600 cycles per step: "in" (750) overruns every
  // step, "out" only at step 0.
  image.machine.clockHz = 600'000;
  MachineRun slow = runImage(image, 4, 1);
  EXPECT_EQ(slow.report.cores[0].overruns, 4u);
  EXPECT_EQ(slow.report.cores[1].overruns, 1u);
  // Overruns are reported, not simulated: the spikes are unchanged.
  expectSameRecording(run.recording, slow.recording, "slow clock");
}

TEST(Errors, MissingExternalInput) {
  NetworkSpec net = lineNetwork();
  net.sources[0].kind = ExternalSource{};
  auto image = oneChipImage(net, 8);
  ASSERT_TRUE(image);
  MachineRunOptions o;
  o.steps = 3;
  std::string error;
  EXPECT_FALSE(runMachine(*image, o, error));
  EXPECT_THAT(error, HasSubstr("source 'in': external input missing"));
}

TEST(Errors, InvalidImages) {
  struct Case {
    const char *what;
    std::function<void(MachineImage &)> breakIt;
    const char *message;
  };
  std::vector<Case> cases = {
      {"float profile",
       [](MachineImage &m) { m.network.profile = NumericProfile::Float; },
       "not in the s16.15 profile"},
      {"projections left",
       [](MachineImage &m) {
         m.network.projections = lineNetwork().projections;
       },
       "still has projections"},
      {"node index", [](MachineImage &m) { m.cores[1].node.index = 3; },
       "core 1 at (2, 0, 1): node index out of range"},
      {"slice range", [](MachineImage &m) { m.cores[1].hi = 6; },
       "slice [0, 6) is not within the node's 5 neurons"},
      {"too many neurons",
       [](MachineImage &m) {
         m.network.populations[0].size = 5000;
         m.cores[1].hi = 5000;
       },
       "5000 neurons, limit 4096"},
      {"dead core",
       [](MachineImage &m) {
         m.machine.killCore({2, 0, 1});
       },
       "not a live application core"},
      {"monitor core", [](MachineImage &m) { m.cores[1].core.p = 0; },
       "not a live application core"},
      {"two programs",
       [](MachineImage &m) { m.cores[1].core = m.cores[0].core; },
       "the core runs two programs"},
      {"key block", [](MachineImage &m) { m.cores[0].keys.base = 1; },
       "its key block does not hold its neurons' keys"},
      {"channels", [](MachineImage &m) { m.cores[1].channels = 3; },
       "3 input channels, the population has 2"},
      {"ring depth", [](MachineImage &m) { m.cores[1].ringDepth = 0; },
       "ring depth 0 is not in [1, 65536]"},
      {"row boundaries",
       [](MachineImage &m) { m.cores[1].rowStart.back() = 4; },
       "row boundaries do not span its synaptic words"},
      {"row order", [](MachineImage &m) { m.cores[1].rowStart[2] = 0; },
       "row boundaries are not ascending"},
      {"master population table",
       [](MachineImage &m) { m.cores[1].masterPopTable[0].numRows = 6; },
       "master population table entry 0 is out of order or range"},
      {"synaptic word",
       [](MachineImage &m) {
         m.cores[1].words[2] = SynapticWord::pack(1, 2, 0, 1);
       },
       "a synaptic word (index 1, channel 0, delay 2) does not fit"},
      {"bias",
       [](MachineImage &m) {
         m.cores[1].bias = {1, 2, 3};
       },
       "bias is not [channels][neurons]"},
      {"coverage",
       [](MachineImage &m) {
         m.cores[1].lo = 1;
         m.cores[1].keys.count = 4;
         m.cores[1].masterPopTable.clear();
         m.cores[1].words.clear();
         m.cores[1].rowStart = {0};
       },
       "the cores' slices of 'out' do not cover its 5 neurons exactly once"},
      {"table outside",
       [](MachineImage &m) {
         m.tables[0].chip = {5, 0};
       },
       "router table for chip (5, 0) outside the machine"},
      {"link capacity",
       [](MachineImage &m) { m.machine.linkPacketsPerSecond = -1.0; },
       "image: the machine's link capacity -1 packets/s is not a finite "
       "number >= 0"},
      {"two tables",
       [](MachineImage &m) { m.tables[1].chip = m.tables[0].chip; },
       "two router tables for chip (0, 0)"},
  };
  for (const Case &c : cases) {
    MachineImage image = lineImage(5, 2);
    c.breakIt(image);
    MachineRunOptions o;
    o.steps = 3;
    std::string error;
    EXPECT_FALSE(runMachine(image, o, error)) << c.what;
    EXPECT_THAT(error, HasSubstr(c.message)) << c.what;
  }
}

} // namespace
