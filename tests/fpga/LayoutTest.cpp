//===- LayoutTest.cpp - The FPGA layout library ---------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// FpgaLayout: memory words of hand-checked networks (values from closed
/// forms: x * 2^15, exp(-dt/tau) * 2^15, field positions of the RTL), the
/// accumulator width bound, the input spike schedule, the .hex files, every
/// error message, and the resource estimate against yosys' synth_ice40 -dsp
/// counts measured for the same core parameters (docs/Fpga.md).
///
//===----------------------------------------------------------------------===//

#include "dendron/Fpga/FpgaLayout.h"
#include "dendron/Runtime/Simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace dendron;
using namespace dendron::fpga;
using namespace dendron::rt;

namespace {

NodeRef popRef(uint32_t i) { return {NodeRef::Kind::Population, i}; }
NodeRef srcRef(uint32_t i) { return {NodeRef::Kind::Source, i}; }

/// A small core: NW = 2, PW = 3, SA = 5, DB = 3, ACC_W = 40, two branches
/// (CB = 2 channel bits, BW = 1, BLKW = 2).
CoreConfig smallCore() {
  CoreConfig c;
  c.accBits = 40;
  c.maxNeurons = 4;
  c.maxPre = 8;
  c.maxSynapses = 16;
  c.maxDepth = 8;
  c.maxPops = 2;
  c.maxBranches = 2;
  return c;
}

Population lifPopulation(const std::string &name, uint32_t size,
                         double v0 = 0.0) {
  Population p;
  p.name = name;
  p.size = size;
  LifModel m;
  m.tauMem = 0.02;
  p.model = m;
  p.vInit.a = v0;
  return p;
}

/// Source "in" (1 neuron) -> population "p" (2 neurons): one inhibitory
/// synapse 0 -> 1 of weight 0.5 and delay 3, biases 0.5 and -1 on the
/// inhibitory channel.
NetworkSpec tinyNetwork() {
  NetworkSpec net;
  net.dt = 1e-3;
  net.profile = NumericProfile::S16_15;
  net.sources.push_back({"in", 1, SpikeArraySource{{0, 0}, {2, 5}}});
  net.populations.push_back(lifPopulation("p", 2, -0.25));
  Projection pr;
  pr.pre = srcRef(0);
  pr.post = popRef(0);
  SparseConnector s;
  s.pre = {0};
  s.post = {1};
  s.weights = {0.5};
  s.delays = {3};
  pr.connector = s;
  pr.synapse = SynapseType::Inhibitory;
  pr.bias = {0.5, -1.0};
  net.projections.push_back(pr);
  return net;
}

const MemoryImage &memory(const FpgaLayout &L, const std::string &name) {
  for (const MemoryImage &m : L.memories)
    if (m.name == name)
      return m;
  static MemoryImage none;
  ADD_FAILURE() << "no memory " << name;
  return none;
}

std::string layoutError(const NetworkSpec &net, const CoreConfig &core) {
  std::string error;
  EXPECT_FALSE(layoutNetwork(net, core, error));
  return error;
}

TEST(FpgaLayout, WordsOfATinyNetwork) {
  std::string error;
  std::optional<FpgaLayout> L =
      layoutNetwork(tinyNetwork(), smallCore(), error);
  ASSERT_TRUE(L) << error;
  EXPECT_EQ(L->numNeurons, 2u);
  EXPECT_EQ(L->numPre, 3u);
  EXPECT_EQ(L->depth, 4u);
  EXPECT_EQ(L->numSynapses, 1u);
  EXPECT_EQ(L->numPops, 1u);
  EXPECT_EQ(L->requiredAccBits, 33u); // W + 1: tiny sums

  // Rows {start, end} with SA = 5: neurons 0, 1 empty, source (index 2)
  // owns synapse 0; unused rows are empty at the end.
  const MemoryImage &rows = memory(*L, "rows");
  ASSERT_EQ(rows.words.size(), 8u);
  EXPECT_EQ(rows.width, 10u);
  EXPECT_EQ(rows.words[0], 0u);
  EXPECT_EQ(rows.words[1], 0u);
  EXPECT_EQ(rows.words[2], (0u << 5) | 1u);
  EXPECT_EQ(rows.words[7], (1u << 5) | 1u);

  // {channel, delay, post, weight}: 0.5 = 16384, post 1 at bit 32, delay 3
  // at bit 34, channel 1 (inhibitory) at bit 37.
  const MemoryImage &syn = memory(*L, "synapses");
  EXPECT_EQ(syn.width, 39u);
  EXPECT_EQ(syn.words[0],
            16384ull | (1ull << 32) | (3ull << 34) | (1ull << 37));

  // 2 populations x 4 blocks x 16 words.
  const MemoryImage &prm = memory(*L, "params");
  ASSERT_EQ(prm.words.size(), 128u);
  EXPECT_EQ(prm.words[kAlphaMem],
            uint64_t(std::llround(std::exp(-1e-3 / 0.02) * 32768.0)));
  EXPECT_EQ(prm.words[kVTh], 32768u);
  EXPECT_EQ(prm.words[kVReset], 0u);
  EXPECT_EQ(prm.words[kBetaDirect],
            uint64_t(std::llround((1.0 - std::exp(-1e-3 / 0.02)) * 32768.0)));
  EXPECT_EQ(prm.words[kFlags], kFlagExact | kFlagSpiking | kFlagDirect);
  EXPECT_EQ(prm.words[kEnd], 2u);
  EXPECT_EQ(prm.words[kNumBranches], 0u);

  // v(0) = -0.25 = -8192 as 32-bit two's complement.
  EXPECT_EQ(memory(*L, "v").words[0], 0xFFFFE000u);
  EXPECT_EQ(memory(*L, "v").words[1], 0xFFFFE000u);

  // Biases at {channel = inh, neuron}, 40-bit words, 4 channels.
  const MemoryImage &bias = memory(*L, "bias");
  ASSERT_EQ(bias.words.size(), 16u);
  EXPECT_EQ(bias.words[4 + 0], 16384u);
  EXPECT_EQ(bias.words[4 + 1], (uint64_t(1) << 40) - 32768);
  EXPECT_EQ(bias.words[0], 0u);
  for (const MemoryImage &m : L->memories)
    EXPECT_NE(m.name, "acc"); // the core fills its ring itself
}

TEST(FpgaLayout, BranchParametersAndChannels) {
  // One dendritic neuron with one leaky-ReLU branch; the source drives the
  // branch (channel 2) with weight 0.5, delay 1.
  NetworkSpec net = tinyNetwork();
  DendriticModel d;
  d.soma.tauMem = 0.02;
  Branch br;
  br.tau = 0.01;
  br.threshold = 0.5;
  br.amplitude = 2.0;
  br.gain = 0.25;
  br.slope = 0.5;
  br.coupling = 0.75;
  br.plateauSteps = 7;
  br.nonlinearity = BranchNonlinearity::LeakyRelu;
  d.branches = {br};
  net.populations[0].model = d;
  net.projections[0].compartment = 0;
  net.projections[0].synapse = SynapseType::Excitatory;
  std::get<SparseConnector>(net.projections[0].connector).delays = {1};
  net.projections[0].bias.clear();
  std::string error;
  std::optional<FpgaLayout> L = layoutNetwork(net, smallCore(), error);
  ASSERT_TRUE(L) << error;
  const MemoryImage &prm = memory(*L, "params");
  EXPECT_EQ(prm.words[kNumBranches], 1u);
  // A soma with branch input has betaDirect and the direct flag.
  EXPECT_EQ(prm.words[kFlags], kFlagExact | kFlagSpiking | kFlagDirect);
  const uint64_t *q = prm.words.data() + 16; // block 1 = branch 0
  EXPECT_EQ(q[kBranchAlpha],
            uint64_t(std::llround(std::exp(-1e-3 / 0.01) * 32768.0)));
  EXPECT_EQ(q[kBranchThreshold], 16384u);
  EXPECT_EQ(q[kBranchAmplitude], 65536u);
  EXPECT_EQ(q[kBranchGain], 8192u);
  EXPECT_EQ(q[kBranchInvSlope], 65536u); // 1 / 0.5
  EXPECT_EQ(q[kBranchSlopeGain], 4096u); // 0.5 * 0.25
  EXPECT_EQ(q[kBranchCoupling], 24576u);
  EXPECT_EQ(q[kBranchPlateauSteps], 7u);
  EXPECT_EQ(q[kBranchFlags], 1u | (2u << 1)); // leaky, leaky ReLU
  // Channel 2 at bit 37, delay 1 at bit 34, post 1 at bit 32.
  EXPECT_EQ(memory(*L, "synapses").words[0],
            16384ull | (1ull << 32) | (1ull << 34) | (2ull << 37));
  // Branch state memories: {neuron, branch} with BW = 1.
  EXPECT_EQ(memory(*L, "branch_d").words.size(), 8u);
  EXPECT_EQ(memory(*L, "branch_plateau").words.size(), 8u);
}

TEST(FpgaLayout, AccumulatorWidthIsTheWorstCaseSum) {
  // 600 multapses of weight 60000 into one neuron: |sum| <= 600 * 60000 *
  // 2^15 = 1.179648e12, between 2^40 and 2^41, so 41 magnitude bits and a
  // sign bit.
  NetworkSpec net;
  net.profile = NumericProfile::S16_15;
  net.sources.push_back({"in", 1, SpikeArraySource{}});
  net.populations.push_back(lifPopulation("p", 1));
  Projection pr;
  pr.pre = srcRef(0);
  pr.post = popRef(0);
  SparseConnector s;
  s.pre.assign(600, 0);
  s.post.assign(600, 0);
  s.weights.assign(600, 60000.0);
  s.delays.assign(600, 1);
  pr.connector = s;
  net.projections.push_back(pr);
  CoreConfig core = smallCore();
  core.maxSynapses = 1024;
  core.accBits = 42;
  std::string error;
  std::optional<FpgaLayout> L = layoutNetwork(net, core, error);
  ASSERT_TRUE(L) << error;
  EXPECT_EQ(L->requiredAccBits, 42u);
  core.accBits = 41;
  EXPECT_EQ(layoutError(net, core),
            "needs 42-bit accumulators to be exact, core has 41");
}

TEST(FpgaLayout, InputSpikesAreSortedAndUnique) {
  NetworkSpec net;
  net.profile = NumericProfile::S16_15;
  net.populations.push_back(lifPopulation("p", 2));
  net.sources.push_back({"a", 3, SpikeArraySource{{2, 0, 2, 1}, {4, 4, 4, 5}}});
  PoissonSource always;
  always.rate = 1000.0; // rate * dt = 1: fires every step
  net.sources.push_back({"always", 2, always});
  PoissonSource never; // rate 0
  net.sources.push_back({"never", 2, never});
  net.sources.push_back({"ext", 2, ExternalSource{}});
  // Index space: p = 0..1, a = 2..4, always = 5..6, never = 7..8, ext =
  // 9..10.
  CoreConfig core = smallCore();
  core.maxPre = 16;
  std::string error;
  std::optional<FpgaLayout> L = layoutNetwork(net, core, error);
  ASSERT_TRUE(L) << error;
  std::vector<SpikeTrain> ext(1);
  ext[0].name = "ext";
  ext[0].neuron = {1, 0};
  ext[0].step = {4, 3};
  EXPECT_EQ(inputSpikesAt(*L, 4, &ext),
            (std::vector<uint32_t>{2, 4, 5, 6, 10}));
  EXPECT_EQ(inputSpikesAt(*L, 3, &ext), (std::vector<uint32_t>{5, 6, 9}));
  EXPECT_EQ(inputSpikesAt(*L, 3, nullptr), (std::vector<uint32_t>{5, 6}));
}

TEST(FpgaLayout, WritesHexFilesAndHeader) {
  std::string error;
  std::optional<FpgaLayout> L =
      layoutNetwork(tinyNetwork(), smallCore(), error);
  ASSERT_TRUE(L) << error;
  char dir[] = "/tmp/dendron-fpga-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  EXPECT_EQ(writeMemoryFiles(*L, dir), "");
  std::ifstream syn(std::string(dir) + "/synapses.hex");
  std::string line;
  std::getline(syn, line);
  // 0x20_0000_0000 | 0xC_0000_0000 | 0x1_0000_0000 | 0x4000, 39 bits ->
  // 10 hex digits.
  EXPECT_EQ(line, "2d00004000");
  size_t lines = 1;
  while (std::getline(syn, line))
    ++lines;
  EXPECT_EQ(lines, 16u);
  std::ifstream hdr(std::string(dir) + "/dendron_layout.svh");
  std::stringstream text;
  text << hdr.rdbuf();
  EXPECT_NE(text.str().find("`define DENDRON_DEPTH 4\n"), std::string::npos);
  EXPECT_NE(text.str().find("`define DENDRON_ACC_W 40\n"), std::string::npos);
  std::system((std::string("rm -rf ") + dir).c_str());

  EXPECT_EQ(writeMemoryFiles(*L, "/nonexistent-dir"),
            "cannot write '/nonexistent-dir/rows.hex'");
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST(FpgaLayout, RejectsUnsupportedNetworks) {
  NetworkSpec net = tinyNetwork();
  net.profile = NumericProfile::Float;
  EXPECT_EQ(layoutError(net, smallCore()),
            "the FPGA core needs the S16_15 profile (fixed<32,15>)");

  net = tinyNetwork();
  net.populations[0].model = IzhikevichModel{};
  EXPECT_EQ(layoutError(net, smallCore()),
            "population 'p': the FPGA core supports LIF-family and dendritic "
            "neurons only");

  net = tinyNetwork();
  DendriticModel three;
  three.branches.assign(3, Branch{});
  net.populations[0].model = three;
  EXPECT_EQ(layoutError(net, smallCore()),
            "population 'p': needs 3 dendritic branches, core has 2");

  net = tinyNetwork();
  net.projections[0].plasticity = StdpRule{};
  net.projections[0].synapse = SynapseType::Excitatory;
  std::get<SparseConnector>(net.projections[0].connector).weights = {0.5};
  net.projections[0].bias.clear();
  EXPECT_EQ(layoutError(net, smallCore()),
            "projection 0: the FPGA core has no plasticity");

  // Invalid networks fail with the reference simulator's own message.
  net = tinyNetwork();
  net.populations[0].size = 0;
  EXPECT_EQ(layoutError(net, smallCore()), validate(net));
  EXPECT_NE(validate(net), "");
}

TEST(FpgaLayout, RejectsNetworksLargerThanTheCore) {
  NetworkSpec net = tinyNetwork();
  net.populations.push_back(lifPopulation("q", 1));
  net.populations.push_back(lifPopulation("r", 1));
  EXPECT_EQ(layoutError(net, smallCore()), "needs 3 populations, core has 2");

  net = tinyNetwork();
  net.populations[0].size = 5;
  net.projections[0].bias.assign(5, 0.0);
  EXPECT_EQ(layoutError(net, smallCore()), "needs 5 neurons, core has 4");

  net = tinyNetwork();
  net.sources[0].size = 7;
  EXPECT_EQ(layoutError(net, smallCore()),
            "needs 9 neurons and source neurons, core has 8");

  net = tinyNetwork();
  auto &s = std::get<SparseConnector>(net.projections[0].connector);
  s.pre.assign(17, 0);
  s.post.assign(17, 1);
  s.weights.assign(17, 0.5);
  s.delays.assign(17, 1);
  EXPECT_EQ(layoutError(net, smallCore()), "needs 17 synapses, core has 16");

  net = tinyNetwork();
  std::get<SparseConnector>(net.projections[0].connector).delays = {8};
  EXPECT_EQ(layoutError(net, smallCore()),
            "needs 9 delay slots (max delay 8 + 1), core has 8");
}

TEST(FpgaLayout, ChecksCoreParameters) {
  NetworkSpec net = tinyNetwork();
  CoreConfig c = smallCore();
  c.valueBits = 40;
  EXPECT_EQ(layoutError(net, c), "core value width W = 40 is outside [8, 32]");
  c = smallCore();
  c.fracBits = 32;
  EXPECT_EQ(layoutError(net, c), "core fraction bits F = 32 must be in [1, W)");
  c = smallCore();
  c.accBits = 32;
  EXPECT_EQ(layoutError(net, c),
            "core accumulator width 32 must be in (W, 64]");
  c = smallCore();
  c.maxSynapses = 12;
  EXPECT_EQ(layoutError(net, c),
            "core maxSynapses = 12 must be a power of 2 in [2, 2^20]");
  c = smallCore();
  c.maxPre = 2;
  EXPECT_EQ(layoutError(net, c),
            "core maxPre = 2 is smaller than maxNeurons = 4");
  c = smallCore();
  c.maxNeurons = c.maxPre = c.maxDepth = 1u << 20;
  EXPECT_EQ(layoutError(net, c), "core synapse words would exceed 64 bits");
  c = smallCore();
  c.accInSpram = true;
  c.maxNeurons = c.maxPre = 8192; // 8 slots x 4 channels x 8192 neurons
  EXPECT_EQ(layoutError(net, c), "core ring of 262144 words does not fit one "
                                 "SPRAM address range (16384 words)");
  c = smallCore();
  c.maxBranches = 17;
  EXPECT_EQ(layoutError(net, c), "core maxBranches = 17 is more than 16");
  c = smallCore();
  c.valueBits = 16;
  c.fracBits = 8;
  EXPECT_EQ(layoutError(net, c),
            "the FPGA core needs the S16_15 profile (fixed<32,15>)");
}

//===----------------------------------------------------------------------===//
// Resources
//===----------------------------------------------------------------------===//

struct Measured {
  uint32_t accBits, maxDepth, maxNeurons, maxPre, maxSynapses, maxBranches;
  uint64_t luts, bram; ///< yosys 0.23 synth_ice40 -dsp, SB_LUT4 / RAM40_4K.
};

/// Core instances synthesised with yosys (docs/Fpga.md, "Resources").
const Measured kMeasured[] = {
    {40, 8, 256, 256, 4096, 0, 3087, 104},
    {40, 8, 64, 128, 1024, 0, 2967, 39},
    {64, 16, 256, 512, 4096, 0, 3314, 199},
    {64, 16, 256, 512, 4096, 2, 4933, 344},
};

CoreConfig configOf(const Measured &m) {
  CoreConfig c;
  c.accBits = m.accBits;
  c.maxDepth = m.maxDepth;
  c.maxNeurons = m.maxNeurons;
  c.maxPre = m.maxPre;
  c.maxSynapses = m.maxSynapses;
  c.maxBranches = m.maxBranches;
  return c;
}

TEST(FpgaResources, BlockRamCloseToYosysNeverBelow) {
  // yosys sometimes packs one block tighter than tiling each memory with a
  // single shape (199 vs 200 for the third instance); the estimate must
  // never promise less than synthesis uses.
  for (const Measured &m : kMeasured) {
    ResourceEstimate r = estimateResources(configOf(m));
    EXPECT_GE(r.bramBlocks, m.bram) << m.maxNeurons;
    EXPECT_LE(r.bramBlocks, m.bram + 1 + m.bram / 50) << m.maxNeurons;
    // A 32 x 32 product is 2 x 2 SB_MAC16 tiles; branches add the logistic
    // interpolation's product (yosys: 4 and 6).
    EXPECT_EQ(r.dsps, m.maxBranches ? 6u : 4u);
  }
}

TEST(FpgaResources, LutEstimateWithinThreePercentOfYosys) {
  for (const Measured &m : kMeasured) {
    double est = double(estimateResources(configOf(m)).luts);
    EXPECT_NEAR(est, double(m.luts), 0.03 * double(m.luts)) << m.maxNeurons;
  }
}

TEST(FpgaResources, ReportsWhatDoesNotFit) {
  // kMeasured[0]: 104 blocks; bits by hand: rows 256 x 26, synapses 4096 x
  // 44, parameters 4 x 16 x 2 blocks (one address bit even without
  // branches) x 32, five state arrays 256 x 32, ring 4096 x 40, biases
  // 512 x 40, queue 256 x 8.
  uint64_t bits = 256 * 26 + 4096 * 44 + 128 * 32 + 5 * 256 * 32 + 4096 * 40 +
                  512 * 40 + 256 * 8;
  ResourceEstimate r = estimateResources(configOf(kMeasured[0]));
  EXPECT_EQ(r.bramBits, bits);
  std::vector<std::string> msgs = checkFits(r, up5k());
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0], "needs 104 BRAM blocks (" + std::to_string(bits) +
                         " bits), device has 30");

  Device tiny;
  tiny.luts = 1000;
  tiny.bramBlocks = 200;
  tiny.dsps = 2;
  msgs = checkFits(r, tiny);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0],
            "needs " + std::to_string(r.luts) + " LUTs, device has 1000");
  EXPECT_EQ(msgs[1], "needs 4 DSPs, device has 2");

  CoreConfig small = configOf(kMeasured[1]);
  small.maxNeurons = 32;
  small.maxPre = 64;
  small.maxSynapses = 256;
  small.maxDepth = 4;
  EXPECT_TRUE(checkFits(estimateResources(small), up5k()).empty());
}

TEST(FpgaResources, RingInSpram) {
  // The ring of kMeasured[0] (4096 x 40 bits, 40 blocks by itself: 2048x2
  // tiles, 20 wide x 2 deep) moves into ceil(40 / 16) = 3 SPRAMs.
  CoreConfig c = configOf(kMeasured[0]);
  ResourceEstimate bram = estimateResources(c);
  c.accInSpram = true;
  ResourceEstimate spram = estimateResources(c);
  EXPECT_EQ(spram.spramBlocks, 3u);
  EXPECT_EQ(bram.bramBlocks - spram.bramBlocks, 40u);
  EXPECT_EQ(bram.bramBits - spram.bramBits, 4096u * 40);
  Device d = up5k();
  d.spramBlocks = 2;
  d.bramBlocks = 1000;
  std::vector<std::string> msgs = checkFits(spram, d);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0], "needs 3 SPRAM blocks, device has 2");
}

} // namespace
