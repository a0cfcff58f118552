//===- FpgaLayout.h - A network laid out into the FPGA core -----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The FPGA target's view of a network: the contents of every memory of the
/// digital core in hw/fpga/rtl/dendron_core.sv (population parameter blocks,
/// CSR synapse rows, initial state and biases), the host's input
/// spike schedule, and an estimate of the FPGA resources the core needs.
/// Plain C++17, no MLIR; the Verilator harness (hw/fpga/sim) and the memory
/// initialisation files for a board both start from an FpgaLayout, so the
/// simulated and the synthesised core see the very same words.
///
/// The layout is exact: its constants are the reference simulator's S16_15
/// constants (Discretize.h, Kernels.h) and its accumulator width is chosen so
/// that no ring sum can wrap, which makes the core bit-exact against
/// rt::simulate (docs/Fpga.md).
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_FPGA_FPGALAYOUT_H
#define DENDRON_FPGA_FPGALAYOUT_H

#include "dendron/Runtime/Network.h"
#include "dendron/Runtime/Recording.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dendron::fpga {

/// The parameters of one instance of dendron_core (same names as the RTL).
/// Memory sizes are maxima: a layout fills a prefix of each memory.
struct CoreConfig {
  uint32_t valueBits = 32;     ///< W: value width of fixed<W,F>.
  uint32_t fracBits = 15;      ///< F: fractional bits.
  uint32_t accBits = 64;       ///< ACC_W: accumulator width, > W.
  uint32_t maxNeurons = 256;   ///< population neurons; a power of 2.
  uint32_t maxPre = 512;       ///< neurons + source neurons; a power of 2.
  uint32_t maxSynapses = 4096; ///< a power of 2.
  uint32_t maxDepth = 16;      ///< ring slots; a power of 2.
  uint32_t maxPops = 4;        ///< a power of 2.
  uint32_t maxBranches = 2;    ///< dendritic branches per neuron, <= 16.
  /// ACC_SPRAM: ring buffer in iCE40 SPRAM when synthesised (does not
  /// change the simulated core or the layout).
  bool accInSpram = false;

  /// Equal as far as the simulated core and the layout are concerned
  /// (accInSpram only changes synthesis).
  bool operator==(const CoreConfig &o) const {
    return valueBits == o.valueBits && fracBits == o.fracBits &&
           accBits == o.accBits && maxNeurons == o.maxNeurons &&
           maxPre == o.maxPre && maxSynapses == o.maxSynapses &&
           maxDepth == o.maxDepth && maxPops == o.maxPops &&
           maxBranches == o.maxBranches;
  }
  bool operator!=(const CoreConfig &o) const { return !(*this == o); }
};

/// Empty if `core` is a valid set of RTL parameters, else why not.
std::string checkCoreConfig(const CoreConfig &core);

/// Address widths of the core's memories, as the RTL derives them.
struct CoreWidths {
  uint32_t neuronBits = 0;   ///< NW = log2(maxNeurons).
  uint32_t preBits = 0;      ///< PW = log2(maxPre).
  uint32_t rowBoundBits = 0; ///< SA = ceil(log2(maxSynapses + 1)).
  uint32_t slotBits = 0;     ///< DB = log2(maxDepth).
  uint32_t popBits = 0;      ///< POPW = max(1, log2(maxPops)).
  uint32_t channelBits = 0;  ///< CB = ceil(log2(2 + maxBranches)).
  uint32_t branchBits = 0;   ///< BW = max(1, ceil(log2(maxBranches))).
  uint32_t blockBits = 0;    ///< BLKW = max(1, ceil(log2(1 + maxBranches))).
  uint32_t synapseBits = 0;  ///< SYN_W = W + NW + DB + CB.
};
CoreWidths coreWidths(const CoreConfig &core);

/// The host port's memory select codes (cfg_sel in the RTL).
enum class MemorySelect : uint32_t {
  Rows = 0,
  Synapses = 1,
  Params = 2,
  V = 3,
  IExc = 4,
  IInh = 5,
  Adapt = 6,
  Refractory = 7,
  Acc = 8,
  Bias = 9,
  Registers = 10,
  BranchD = 11,
  BranchPlateau = 12
};

/// The full contents of one core memory (every word, zeros included).
struct MemoryImage {
  std::string name;            ///< file stem of its .hex file ("rows", "bias").
  MemorySelect select{};       ///< cfg_sel code.
  uint32_t width = 0;          ///< bits per word.
  std::vector<uint64_t> words; ///< one per address, low `width` bits used.
};

/// Word indices of a population's 16-word parameter block.
enum ParamWord : uint32_t {
  kAlphaMem = 0,
  kLeak,
  kBetaDirect,
  kVTh,
  kVReset,
  kAlphaSynExc,
  kBetaSynExc,
  kAlphaSynInh,
  kBetaSynInh,
  kAlphaAdapt,
  kAdaptJump,
  kRefractorySteps,
  kFlags,
  kEnd,         ///< one past the population's last neuron index.
  kNumBranches, ///< dendritic branches of the population's neurons.
  kNumParamWords
};

/// Word indices of branch k's parameter block, at 16 * (1 + k) within the
/// population's parameters (the soma's block is block 0).
enum BranchParamWord : uint32_t {
  kBranchAlpha = 0,
  kBranchThreshold,
  kBranchAmplitude,
  kBranchGain,
  kBranchInvSlope,
  kBranchSlopeGain,
  kBranchCoupling,
  kBranchPlateauSteps,
  kBranchFlags, ///< bit 0 leaky; bits 2:1 0 plateau, 1 sigmoid, 2 ReLU.
  kNumBranchParamWords
};

/// Bits of the kFlags word.
constexpr uint32_t kFlagExact = 1u << 0;
constexpr uint32_t kFlagSynExc = 1u << 1;
constexpr uint32_t kFlagSynInh = 1u << 2;
constexpr uint32_t kFlagAdapt = 1u << 3;
constexpr uint32_t kFlagSpiking = 1u << 4;
constexpr uint32_t kFlagDirect = 1u << 5;
constexpr uint32_t kFlagSubtract = 1u << 6;

/// A population's neurons [first, first + size) in the core's index space.
struct PlacedPopulation {
  std::string name;
  uint32_t first = 0, size = 0;
};

/// A source's neurons [first, first + size) in the pre index space (after
/// all population neurons); the host injects their spikes every step.
struct PlacedSource {
  std::string name;
  uint32_t first = 0, size = 0;
  enum class Kind { Array, Poisson, External } kind = Kind::Array;
  std::vector<uint32_t> neuron, step; ///< Array: spike (neuron, step) pairs.
  double probability = 0.0;           ///< Poisson: rate * dt.
  uint64_t seed = 0;                  ///< Poisson.
};

struct FpgaLayout {
  CoreConfig core;
  uint32_t numNeurons = 0; ///< population neurons.
  uint32_t numPre = 0;     ///< population and source neurons.
  uint32_t depth = 2;      ///< ring slots in use: max delay + 1.
  uint64_t numSynapses = 0;
  /// Smallest accumulator width with which no ring sum can wrap: one sign
  /// bit plus the bits of max over (channel, neuron) of |bias| + sum |w|.
  uint32_t requiredAccBits = 0;
  std::vector<PlacedPopulation> populations;
  std::vector<PlacedSource> sources;
  /// Every memory but the ring buffer (the core fills it from the biases
  /// after reset).
  std::vector<MemoryImage> memories;
  uint32_t numPops = 0; ///< value of register 0.
};

/// Lays out an S16_15 network into a core with parameters `core`. Supports
/// LIF-family populations (LIF, IF, LI, CubaLIF, adaptive threshold, both
/// integrators and reset modes), dendritic populations (a LIF soma and up
/// to maxBranches plateau / sigmoid / leaky-ReLU branches), every connector
/// rt::expandConnector expands, excitatory, inhibitory and branch synapses
/// with delays, biases, and spike-array, Poisson and external sources. Returns
/// std::nullopt and sets `error` when the network is invalid, uses a feature
/// the core lacks, or does not fit the core's memories ("needs X ..., core has
/// Y").
std::optional<FpgaLayout> layoutNetwork(const rt::NetworkSpec &spec,
                                        const CoreConfig &core,
                                        std::string &error);

/// The pre indices the host injects at `step` (ascending, no duplicates):
/// spike-array and Poisson sources from the layout, external sources from
/// `external` (matched by name; may be null if there are none).
std::vector<uint32_t>
inputSpikesAt(const FpgaLayout &layout, uint32_t step,
              const std::vector<rt::SpikeTrain> *external);

/// Writes one `<name>.hex` per memory ($readmemh format) and
/// `dendron_layout.svh` (the core parameters and register values as
/// `define`s) into directory `dir`, which must exist. Returns "" or an
/// error message naming the file.
std::string writeMemoryFiles(const FpgaLayout &layout, const std::string &dir);

//===----------------------------------------------------------------------===//
// Resources
//===----------------------------------------------------------------------===//

/// An iCE40-class device's resources.
struct Device {
  std::string name;
  uint64_t luts = 0;
  uint64_t bramBlocks = 0;  ///< 4 kbit SB_RAM40_4K blocks.
  uint64_t spramBlocks = 0; ///< 256 kbit SB_SPRAM256KA blocks.
  uint64_t dsps = 0;        ///< SB_MAC16.
};

/// The Lattice iCE40 UltraPlus UP5K.
Device up5k();

/// What a core instance needs (an estimate; see docs/Fpga.md for how it
/// compares with yosys).
struct ResourceEstimate {
  uint64_t luts = 0;
  uint64_t bramBlocks = 0;
  uint64_t bramBits = 0;    ///< bits stored in block RAM.
  uint64_t spramBlocks = 0; ///< the ring, when CoreConfig::accInSpram.
  uint64_t dsps = 0;
};

/// Estimate for the RTL with parameters `core` as synth_ice40 -dsp maps it:
/// every memory in SB_RAM40_4K blocks except the ring when accInSpram
/// (SB_SPRAM256KA, 16 bits x 16K words each), the multiplier in SB_MAC16s.
ResourceEstimate estimateResources(const CoreConfig &core);

/// Empty if `need` fits `device`; otherwise one message per exceeded
/// resource, e.g. "needs 62 BRAM blocks (253952 bits), device has 30".
std::vector<std::string> checkFits(const ResourceEstimate &need,
                                   const Device &device);

} // namespace dendron::fpga

#endif // DENDRON_FPGA_FPGALAYOUT_H
