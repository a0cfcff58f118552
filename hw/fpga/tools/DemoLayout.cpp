//===- DemoLayout.cpp - Memory files of the iCE40 demonstration network ---===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// dendron-fpga-demo-layout OUTDIR: lays out the 256-neuron network of the
/// iCE40 UP5K demonstration (docs/Fpga.md) for the board core, checks that
/// the core fits the UP5K, writes the .hex files and dendron_layout.svh to
/// OUTDIR (created if needed), and prints the cycles per step the core needs on
/// this network (from the reference simulator's spike and event counts and the
/// core's cycle formula, checked against Verilator by the FpgaCore tests).
///
//===----------------------------------------------------------------------===//

#include "dendron/Fpga/FpgaLayout.h"
#include "dendron/Runtime/Simulator.h"

#include <cstdio>
#include <filesystem>

using namespace dendron;
using namespace dendron::rt;

namespace {

/// The core the board flow builds: 256 neurons, 512 synapses, 4 ring slots
/// of 40-bit accumulators in SPRAM.
fpga::CoreConfig boardCore() {
  fpga::CoreConfig c;
  c.accBits = 40;
  c.maxNeurons = 256;
  c.maxPre = 256;
  c.maxSynapses = 512;
  c.maxDepth = 4;
  c.maxPops = 2;
  c.maxBranches = 0;
  c.accInSpram = true;
  return c;
}

/// 205 excitatory + 51 inhibitory LIF neurons driven by a constant bias,
/// 512 random recurrent synapses with delays 1 to 3.
NetworkSpec demoNetwork() {
  NetworkSpec net;
  net.name = "ice40_demo";
  net.dt = 1e-3;
  net.profile = NumericProfile::S16_15;
  LifModel m;
  m.tauMem = 0.02;
  m.vTh = 1.0;
  m.tauSynInh = 0.005;
  const char *names[2] = {"exc", "inh"};
  const uint32_t sizes[2] = {205, 51};
  for (uint32_t k = 0; k < 2; ++k) {
    Population p;
    p.name = names[k];
    p.size = sizes[k];
    p.model = m;
    p.vInit.kind = RealDistribution::Kind::Uniform;
    p.vInit.b = 1.0;
    p.vInitSeed = 1 + k;
    net.populations.push_back(p);
  }
  uint32_t counts[2][2] = {{200, 56}, {200, 56}};
  for (uint32_t pre = 0; pre < 2; ++pre)
    for (uint32_t post = 0; post < 2; ++post) {
      Projection pr;
      pr.pre = {NodeRef::Kind::Population, pre};
      pr.post = {NodeRef::Kind::Population, post};
      ProceduralConnector c;
      c.kind = ProceduralConnector::Kind::FixedTotal;
      c.count = counts[pre][post];
      c.weight.a = pre == 0 ? 0.05 : -0.4;
      c.delay.kind = DelayDistribution::Kind::Uniform;
      c.delay.lo = 1;
      c.delay.hi = 3;
      c.seed = 10 + 2 * pre + post;
      pr.connector = c;
      pr.synapse = pre == 0 ? SynapseType::Excitatory : SynapseType::Inhibitory;
      if (pre == 0)
        pr.bias.assign(net.populations[post].size, 1.2);
      net.projections.push_back(pr);
    }
  for (uint32_t k = 0; k < 2; ++k)
    net.probes.push_back(
        {{NodeRef::Kind::Population, k}, ProbeVariable::Spikes});
  return net;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
    return 2;
  }
  NetworkSpec net = demoNetwork();
  std::string error;
  std::optional<fpga::FpgaLayout> layout =
      fpga::layoutNetwork(net, boardCore(), error);
  if (!layout) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 1;
  }
  fpga::ResourceEstimate need = fpga::estimateResources(boardCore());
  std::vector<std::string> misfit = fpga::checkFits(need, fpga::up5k());
  for (const std::string &m : misfit)
    std::fprintf(stderr, "error: %s\n", m.c_str());
  if (!misfit.empty())
    return 1;
  std::error_code ec;
  std::filesystem::create_directories(argv[1], ec);
  if (ec) {
    std::fprintf(stderr, "error: cannot create '%s': %s\n", argv[1],
                 ec.message().c_str());
    return 1;
  }
  error = fpga::writeMemoryFiles(*layout, argv[1]);
  if (!error.empty()) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 1;
  }
  const uint32_t steps = 1000;
  RunOptions ro;
  ro.steps = steps;
  std::optional<Recording> rec = simulate(net, ro, error);
  if (!rec) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 1;
  }
  uint64_t spikes = 0;
  for (const NodeStats &s : rec->nodes)
    spikes += s.spikes;
  // No refractory period: 13 cycles per neuron (docs/Fpga.md).
  uint64_t cycles = steps * (4 + 17 * uint64_t(net.populations.size()) +
                             13 * uint64_t(layout->numNeurons)) +
                    3 * spikes + 3 * rec->numSynapticEvents;
  std::printf("{\"neurons\": %u, \"synapses\": %llu, \"estimated_luts\": %llu, "
              "\"estimated_bram\": %llu, \"estimated_spram\": %llu, "
              "\"spikes_per_step\": %.3f, \"cycles_per_step\": %.1f}\n",
              layout->numNeurons, (unsigned long long)layout->numSynapses,
              (unsigned long long)need.luts,
              (unsigned long long)need.bramBlocks,
              (unsigned long long)need.spramBlocks, double(spikes) / steps,
              double(cycles) / steps);
  return 0;
}
