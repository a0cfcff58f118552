//===- VerilatorTest.cpp - Verilator proof of the SFQ lowering ------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Emits random networks as Verilog, lints them with `verilator --lint-only
// -Wall`, builds one Verilator simulation per cell library and checks:
// output pulses per clock window equal simulatePulse bit for bit, every
// output pulse arrives at exactly the tick static timing analysis predicts,
// and clocking one tick faster than Fmax makes the cell models report setup
// violations only at the cells STA names (including the critical endpoint).
//
//===----------------------------------------------------------------------===//

#include "SfqTestUtil.h"

#include "dendron/Sfq/Netlist.h"
#include "dendron/Sfq/Verilog.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

using namespace dendron::sfq;
namespace fs = std::filesystem;

namespace {

/// Runs `command`, returns its exit status; stdout (+stderr) into `output`.
int run(const std::string &command, std::string &output) {
  output.clear();
  FILE *pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe)
    return -1;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    output.append(buffer.data(), n);
  return pclose(pipe);
}

void writeFile(const fs::path &path, const std::string &text) {
  std::ofstream out(path);
  out << text;
}

struct Design {
  PulseNetwork net;
  Netlist netlist;
  TimingReport timing;
  fs::path dir;
};

/// Lowers, emits, lints and builds `net` on `lib` in its own directory.
void buildDesign(const PulseNetwork &net, const CellLibrary &lib,
                 const std::string &name, Design &d) {
  d.net = net;
  std::string error;
  auto nl = lowerToNetlist(net, lib, error);
  ASSERT_TRUE(nl) << error;
  d.netlist = *nl;
  auto timing = analyzeTiming(d.netlist, lib, error);
  ASSERT_TRUE(timing) << error;
  d.timing = *timing;
  d.dir = fs::path(DENDRON_SFQ_WORK_DIR) / name;
  fs::create_directories(d.dir);
  writeFile(d.dir / "sfq_top.v", emitVerilog(d.netlist, lib));
  writeFile(d.dir / "sfq_tb.cpp", emitTestbench(d.netlist));
  std::string out;
  ASSERT_EQ(run(verilatorLintCommand(DENDRON_VERILATOR, DENDRON_SFQ_RTL_DIR,
                                     d.dir.string()),
                out),
            0)
      << out;
  ASSERT_EQ(run(verilatorBuildCommand(DENDRON_VERILATOR, DENDRON_SFQ_RTL_DIR,
                                      d.dir.string()),
                out),
            0)
      << out;
}

SimulationResult simulate(const Design &d, const CellLibrary &lib,
                          int64_t period, const Raster &inputs) {
  ClockPlan plan = planClock(lib, period);
  fs::path stim = d.dir / "stimulus.txt";
  writeFile(stim, emitStimulus(d.netlist, lib, d.timing, plan, inputs));
  std::string out;
  int status =
      run((d.dir / "obj" / "sfq_sim").string() + " " + stim.string(), out);
  EXPECT_EQ(status, 0) << out;
  return parseSimulation(out, d.netlist, d.timing, plan, inputs.size());
}

/// Whether the clocked cell launching the critical path fires in a window
/// whose capture edge is still simulated.
bool criticalPathFires(const Design &d, const Raster &inputs,
                       const Raster &spikes) {
  const Instance &launch = d.netlist.instances[d.timing.criticalPath.front()];
  for (size_t t = 0; t + 1 < inputs.size(); ++t) {
    int64_t w = static_cast<int64_t>(t) - launch.lag;
    if (w < 0)
      continue;
    bool fired = launch.endpoint < d.net.numInputs
                     ? inputs[w][launch.endpoint]
                     : spikes[w][launch.endpoint - d.net.numInputs];
    if (fired)
      return true;
  }
  return false;
}

TEST(VerilatorLint, EmittedDesignsAreLintClean) {
  if (std::string(DENDRON_VERILATOR).empty())
    GTEST_FAIL()
        << "verilator not installed (scripts/install-deps.sh installs it)";
  CellLibrary lib = test::loadLibrary("generic-pylse.json");
  std::vector<PulseNetwork> nets;
  for (uint32_t seed = 20; seed < 23; ++seed)
    nets.push_back(test::randomNetwork(seed, 5, 8, 5, 4));
  // An input nothing listens to, and a neuron without inputs.
  PulseNetwork sparse;
  sparse.numInputs = 2;
  sparse.neurons = {{1, 0, 0}, {1, 0, 0}};
  sparse.synapses = {{0, 0, 1, 1}};
  nets.push_back(sparse);
  fs::path dir = fs::path(DENDRON_SFQ_WORK_DIR) / "lint";
  fs::create_directories(dir);
  for (const PulseNetwork &net : nets) {
    std::string error, out;
    auto nl = lowerToNetlist(net, lib, error);
    ASSERT_TRUE(nl) << error;
    writeFile(dir / "sfq_top.v", emitVerilog(*nl, lib));
    EXPECT_EQ(run(verilatorLintCommand(DENDRON_VERILATOR, DENDRON_SFQ_RTL_DIR,
                                       dir.string()),
                  out),
              0)
        << out;
  }
}

class VerilatorTest : public ::testing::TestWithParam<const char *> {};

TEST_P(VerilatorTest, MatchesGoldenModelAndStaticTiming) {
  if (std::string(DENDRON_VERILATOR).empty())
    GTEST_FAIL()
        << "verilator not installed (scripts/install-deps.sh installs it)";
  CellLibrary lib = test::loadLibrary(GetParam());
  // Weights up to 3 pulses fit both libraries' synapse limits. A random
  // recurrent network and a quantized dendritic one, side by side.
  PulseNetwork net = test::disjointUnion(test::randomNetwork(7, 4, 10, 4, 3),
                                         test::dendriticNetwork());
  Design d;
  buildDesign(net, lib, std::string("random-") + lib.name, d);
  if (HasFatalFailure())
    return;
  Raster inputs = test::randomInputs(11, net.numInputs, 24, 0.6);
  Raster golden = simulatePulse(net, inputs);
  uint64_t goldenSpikes = 0;
  for (auto &row : golden)
    for (uint8_t s : row)
      goldenSpikes += s;
  ASSERT_GT(goldenSpikes, 10u) << "stimulus too weak to test anything";
  // The dendritic part's somas (neurons 10, 11) and branches fire too.
  uint64_t dendriticSpikes = 0;
  for (auto &row : golden)
    for (size_t n = 10; n < row.size(); ++n)
      dendriticSpikes += row[n];
  ASSERT_GT(dendriticSpikes, 5u);
  uint64_t somaSpikes = 0;
  for (auto &row : golden)
    somaSpikes += row[10] + row[11];
  ASSERT_GT(somaSpikes, 0u);

  // At Fmax exactly: no violations, same spikes, every pulse on time.
  SimulationResult atFmax = simulate(d, lib, d.timing.minPeriod, inputs);
  EXPECT_TRUE(atFmax.violations.empty())
      << atFmax.violations.size() << " violations, first "
      << atFmax.violations.front();
  EXPECT_TRUE(atFmax.timingMismatches.empty())
      << atFmax.timingMismatches.front();
  EXPECT_EQ(atFmax.outputPulses, goldenSpikes);
  EXPECT_EQ(atFmax.spikes, golden);

  // Slower clocks change nothing either.
  SimulationResult slow = simulate(d, lib, d.timing.minPeriod * 3 / 2, inputs);
  EXPECT_TRUE(slow.violations.empty());
  EXPECT_TRUE(slow.timingMismatches.empty());
  EXPECT_EQ(slow.spikes, golden);

  // One tick faster than Fmax: setup violations, only where STA said.
  int64_t fast = d.timing.minPeriod - 1;
  std::vector<std::string> named = setupViolators(d.netlist, d.timing, fast);
  ASSERT_FALSE(named.empty());
  SimulationResult tooFast = simulate(d, lib, fast, inputs);
  ASSERT_FALSE(tooFast.violations.empty());
  std::set<std::string> namedSet(named.begin(), named.end());
  for (const std::string &v : tooFast.violations) {
    EXPECT_EQ(v.rfind("setup ", 0), 0u) << v;
    EXPECT_TRUE(namedSet.count(v.substr(v.find(' ') + 1))) << v;
  }
  std::printf("%s: %zu instances, period %lld ticks, %llu output pulses "
              "match; at period - 1: %zu violations, STA names %zu cells\n",
              lib.name.c_str(), d.netlist.instances.size(),
              static_cast<long long>(d.timing.minPeriod),
              static_cast<unsigned long long>(atFmax.outputPulses),
              tooFast.violations.size(), named.size());
  ASSERT_TRUE(criticalPathFires(d, inputs, golden));
  std::string criticalEnd =
      "setup " + d.netlist.instanceName(d.timing.criticalPath.back());
  EXPECT_NE(std::find(tooFast.violations.begin(), tooFast.violations.end(),
                      criticalEnd),
            tooFast.violations.end())
      << criticalEnd;
}

INSTANTIATE_TEST_SUITE_P(Libraries, VerilatorTest,
                         ::testing::Values("mitll-sfq5ee.json",
                                           "generic-pylse.json"));

} // namespace

namespace {

TEST(VerilatorXor, CaseStudyOnMitll) {
  if (std::string(DENDRON_VERILATOR).empty())
    GTEST_FAIL()
        << "verilator not installed (scripts/install-deps.sh installs it)";
  CellLibrary lib = test::loadLibrary("mitll-sfq5ee.json");
  PulseNetwork net = test::xorNetwork();
  Design d;
  buildDesign(net, lib, "xor-mitll", d);
  if (HasFatalFailure())
    return;
  const uint32_t windows = 22;
  uint64_t events = 0;
  double margin = 1.0;
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b) {
      Raster inputs = test::xorInputs(a, b, windows);
      Raster golden = simulatePulse(net, inputs);
      SimulationResult sim = simulate(d, lib, d.timing.minPeriod, inputs);
      EXPECT_TRUE(sim.violations.empty());
      EXPECT_TRUE(sim.timingMismatches.empty());
      EXPECT_EQ(sim.spikes, golden);
      double rate = 0;
      for (size_t t = 2; t < windows; ++t)
        rate += sim.spikes[t][2];
      rate /= windows - 2;
      EXPECT_EQ(rate, a != b ? 1.0 : 0.0);
      margin = std::min(margin, a != b ? rate : 1.0 - rate);
      events += countSwitchEvents(d.netlist, lib, inputs, golden);
    }
  CostReport report = buildCostReport(d.netlist, lib, d.timing, events, 4);
  std::printf("XOR margin %.2f (output rate 1 vs 0 per window)\n%s%s\n", margin,
              costReportSummary(report, lib).c_str(),
              costReportJson(report, lib).c_str());
}

} // namespace
