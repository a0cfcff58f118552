//===- Resources.cpp - FPGA resource estimate of the core -----------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// estimateResources and checkFits (FpgaLayout.h). Block RAM is counted the
/// way yosys' memory_bram maps each inferred memory onto SB_RAM40_4K blocks
/// (the cheapest of the 256x16, 512x8, 1024x4 and 2048x2 shapes, tiled);
/// LUTs follow an affine model fitted to synth_ice40 -dsp runs of the core
/// (docs/Fpga.md lists them), since the control logic does not depend on
/// the network, only on the widths.
///
//===----------------------------------------------------------------------===//

#include "dendron/Fpga/FpgaLayout.h"

#include <algorithm>
#include <fmt/format.h>

using namespace dendron::fpga;

namespace {

/// SB_RAM40_4K blocks for one width x depth memory.
uint64_t bramBlocks(uint64_t width, uint64_t depth) {
  static const uint64_t shapes[][2] = {
      {16, 256}, {8, 512}, {4, 1024}, {2, 2048}};
  uint64_t best = ~uint64_t(0);
  for (const auto &s : shapes)
    best = std::min(best,
                    ((width + s[0] - 1) / s[0]) * ((depth + s[1] - 1) / s[1]));
  return best;
}

} // namespace

Device dendron::fpga::up5k() {
  Device d;
  d.name = "iCE40 UP5K";
  d.luts = 5280;
  d.bramBlocks = 30;
  d.spramBlocks = 4;
  d.dsps = 8;
  return d;
}

ResourceEstimate dendron::fpga::estimateResources(const CoreConfig &core) {
  ResourceEstimate r;
  CoreWidths w = coreWidths(core);
  const uint64_t W = core.valueBits, A = core.accBits;
  struct Mem {
    uint64_t width, depth;
  } mems[] = {
      {2 * w.rowBoundBits, core.maxPre},                 // rows
      {w.synapseBits, core.maxSynapses},                 // synapses
      {W, (uint64_t(core.maxPops) * 16) << w.blockBits}, // parameters
      {W, core.maxNeurons},                              // v
      {W, core.maxNeurons},                              // iExc
      {W, core.maxNeurons},                              // iInh
      {W, core.maxNeurons},                              // adapt
      {W, core.maxNeurons},                              // refractory
      {A, uint64_t(core.maxNeurons) << w.channelBits},   // biases
      {w.preBits, core.maxPre},                          // spike queue
  };
  for (const Mem &m : mems) {
    r.bramBlocks += bramBlocks(m.width, m.depth);
    r.bramBits += m.width * m.depth;
  }
  if (core.maxBranches > 0) // d and plateau per (neuron, branch)
    for (int k = 0; k < 2; ++k) {
      uint64_t depth = uint64_t(core.maxNeurons) << w.branchBits;
      r.bramBlocks += bramBlocks(W, depth);
      r.bramBits += W * depth;
    }
  const uint64_t ringDepth = (uint64_t(core.maxDepth) * core.maxNeurons)
                             << w.channelBits;
  if (core.accInSpram) {
    // checkCoreConfig keeps the ring within one SPRAM's 16K words.
    r.spramBlocks = (A + 15) / 16;
  } else {
    r.bramBlocks += bramBlocks(A, ringDepth);
    r.bramBits += A * ringDepth;
  }
  // Fitted to synth_ice40 -dsp at W = 32 (docs/Fpga.md): the datapath
  // scales with the value and accumulator widths, the address registers and
  // comparators with the address widths.
  uint64_t addressBits = w.neuronBits + w.preBits + w.rowBoundBits + w.slotBits;
  r.luts = 739 + 40 * W + 15 * A / 2 + 24 * addressBits;
  uint64_t tiles = (W + 15) / 16;
  r.dsps = tiles * tiles;
  if (core.maxBranches > 0) {
    // Branch sequencer, registers and the logistic table (fitted with two
    // branches); the table interpolation's product takes two more DSPs.
    r.luts += 1618;
    r.dsps += 2;
  }
  return r;
}

std::vector<std::string> dendron::fpga::checkFits(const ResourceEstimate &need,
                                                  const Device &device) {
  std::vector<std::string> out;
  if (need.luts > device.luts)
    out.push_back(
        fmt::format("needs {} LUTs, device has {}", need.luts, device.luts));
  if (need.bramBlocks > device.bramBlocks)
    out.push_back(fmt::format("needs {} BRAM blocks ({} bits), device has {}",
                              need.bramBlocks, need.bramBits,
                              device.bramBlocks));
  if (need.spramBlocks > device.spramBlocks)
    out.push_back(fmt::format("needs {} SPRAM blocks, device has {}",
                              need.spramBlocks, device.spramBlocks));
  if (need.dsps > device.dsps)
    out.push_back(
        fmt::format("needs {} DSPs, device has {}", need.dsps, device.dsps));
  return out;
}
