//===- Layout.cpp - A network laid out into the FPGA core -----------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// layoutNetwork, inputSpikesAt and writeMemoryFiles (FpgaLayout.h). The
/// constants come from the same functions the reference simulator uses
/// (lifCoefficients, LifParams<FixedOps>::make, toFixed), so the core
/// computes with bit-identical numbers.
///
//===----------------------------------------------------------------------===//

#include "dendron/Fpga/FpgaLayout.h"
#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/Expand.h"
#include "dendron/Runtime/Kernels.h"
#include "dendron/Runtime/Rng.h"
#include "dendron/Runtime/Simulator.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <fmt/format.h>
#include <new>

using namespace dendron;
using namespace dendron::fpga;

namespace {

bool isPowerOfTwo(uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

uint32_t log2Exact(uint64_t x) {
  uint32_t b = 0;
  while ((uint64_t(1) << b) < x)
    ++b;
  return b;
}

/// Bits a two's complement number needs to hold every value in
/// [-bound, bound].
uint32_t signedBitsFor(uint64_t bound) {
  uint32_t b = 1;
  while (b < 64 && (uint64_t(1) << (b - 1)) - 1 < bound)
    ++b;
  return b;
}

uint64_t mask(uint32_t bits) {
  return bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
}

/// A value as the low `bits` bits of its two's complement.
uint64_t word(int64_t value, uint32_t bits) {
  return uint64_t(value) & mask(bits);
}

MemoryImage image(const char *name, MemorySelect select, uint32_t width,
                  uint64_t depth) {
  MemoryImage m;
  m.name = name;
  m.select = select;
  m.width = width;
  m.words.assign(depth, 0);
  return m;
}

std::optional<FpgaLayout> layoutImpl(const rt::NetworkSpec &spec,
                                     const CoreConfig &core,
                                     std::string &error) {
  if (std::string e = checkCoreConfig(core); !e.empty()) {
    error = e;
    return std::nullopt;
  }
  if (spec.profile != rt::NumericProfile::S16_15 || core.valueBits != 32 ||
      core.fracBits != 15) {
    error = "the FPGA core needs the S16_15 profile (fixed<32,15>)";
    return std::nullopt;
  }
  if (std::string e = rt::validate(spec); !e.empty()) {
    error = e;
    return std::nullopt;
  }
  const CoreWidths wd = coreWidths(core);
  const uint32_t W = core.valueBits;

  FpgaLayout L;
  L.core = core;
  // Index space: populations in order, then sources.
  std::vector<uint32_t> popFirst, srcFirst;
  for (const rt::Population &p : spec.populations) {
    if (std::holds_alternative<rt::IzhikevichModel>(p.model)) {
      error = fmt::format("population '{}': the FPGA core supports LIF-family "
                          "and dendritic neurons only",
                          p.name);
      return std::nullopt;
    }
    if (auto *den = std::get_if<rt::DendriticModel>(&p.model);
        den && den->branches.size() > core.maxBranches) {
      error = fmt::format("population '{}': needs {} dendritic branches, "
                          "core has {}",
                          p.name, den->branches.size(), core.maxBranches);
      return std::nullopt;
    }
    popFirst.push_back(L.numNeurons);
    L.populations.push_back({p.name, L.numNeurons, p.size});
    L.numNeurons += p.size;
  }
  L.numPre = L.numNeurons;
  for (const rt::Source &s : spec.sources) {
    srcFirst.push_back(L.numPre);
    PlacedSource ps;
    ps.name = s.name;
    ps.first = L.numPre;
    ps.size = s.size;
    if (auto *a = std::get_if<rt::SpikeArraySource>(&s.kind)) {
      ps.neuron = a->neuron;
      ps.step = a->step;
    } else if (auto *q = std::get_if<rt::PoissonSource>(&s.kind)) {
      ps.kind = PlacedSource::Kind::Poisson;
      ps.probability = q->rate * spec.dt;
      ps.seed = q->seed;
    } else {
      ps.kind = PlacedSource::Kind::External;
    }
    L.sources.push_back(std::move(ps));
    L.numPre += s.size;
  }
  L.numPops = uint32_t(spec.populations.size());
  if (L.numPops > core.maxPops) {
    error = fmt::format("needs {} populations, core has {}", L.numPops,
                        core.maxPops);
    return std::nullopt;
  }
  if (L.numNeurons > core.maxNeurons) {
    error = fmt::format("needs {} neurons, core has {}", L.numNeurons,
                        core.maxNeurons);
    return std::nullopt;
  }
  if (L.numPre > core.maxPre) {
    error = fmt::format("needs {} neurons and source neurons, core has {}",
                        L.numPre, core.maxPre);
    return std::nullopt;
  }

  // Expand every projection; rows group the synapses of one pre index over
  // all projections (delivery order does not matter: sums cannot wrap).
  // Channels: 0 excitatory, 1 inhibitory, 2 + k dendritic branch k.
  struct Syn {
    uint32_t post, delay, channel;
    int32_t weight;
  };
  const uint32_t channels = 2 + core.maxBranches;
  std::vector<std::vector<Syn>> rows(L.numPre);
  std::vector<uint64_t> bound(size_t(channels) * L.numNeurons, 0);
  std::vector<int64_t> bias(size_t(channels) * L.numNeurons, 0);
  uint32_t maxDelay = 1;
  for (size_t k = 0; k < spec.projections.size(); ++k) {
    const rt::Projection &pr = spec.projections[k];
    if (!std::holds_alternative<std::monostate>(pr.plasticity)) {
      error = fmt::format("projection {}: the FPGA core has no plasticity", k);
      return std::nullopt;
    }
    bool pop = pr.pre.kind == rt::NodeRef::Kind::Population;
    uint32_t preFirst = pop ? popFirst[pr.pre.index] : srcFirst[pr.pre.index];
    uint32_t preSize = pop ? spec.populations[pr.pre.index].size
                           : spec.sources[pr.pre.index].size;
    uint32_t postFirst = popFirst[pr.post.index];
    uint32_t postSize = spec.populations[pr.post.index].size;
    // validate() checked the compartment against the post population's
    // branches, and those against maxBranches above.
    uint32_t channel =
        pr.compartment >= 0
            ? 2 + uint32_t(pr.compartment)
            : (pr.synapse == rt::SynapseType::Inhibitory ? 1 : 0);
    std::string err;
    std::optional<rt::SynapseList> list = rt::expandConnector(
        pr.connector, preSize, postSize, pr.pre == pr.post, err);
    if (!list) {
      error = fmt::format("projection {}: {}", k, err);
      return std::nullopt;
    }
    for (size_t s = 0; s < list->size(); ++s) {
      int32_t w = rt::toFixed(list->weight[s]);
      uint32_t post = postFirst + list->post[s];
      rows[preFirst + list->pre[s]].push_back(
          {post, list->delay[s], channel, w});
      bound[size_t(channel) * L.numNeurons + post] +=
          uint64_t(w < 0 ? -int64_t(w) : int64_t(w));
      maxDelay = std::max(maxDelay, list->delay[s]);
    }
    L.numSynapses += list->size();
    for (uint32_t j = 0; j < uint32_t(pr.bias.size()) && j < postSize; ++j)
      bias[size_t(channel) * L.numNeurons + postFirst + j] +=
          rt::toFixed(pr.bias[j]);
  }
  L.depth = maxDelay + 1;
  if (L.numSynapses > core.maxSynapses) {
    error = fmt::format("needs {} synapses, core has {}", L.numSynapses,
                        core.maxSynapses);
    return std::nullopt;
  }
  if (L.depth > core.maxDepth) {
    error = fmt::format("needs {} delay slots (max delay {} + 1), core has {}",
                        L.depth, maxDelay, core.maxDepth);
    return std::nullopt;
  }
  uint64_t worst = 0;
  for (size_t c = 0; c < bound.size(); ++c) {
    uint64_t b = bound[c] + uint64_t(bias[c] < 0 ? -bias[c] : bias[c]);
    worst = std::max(worst, b);
  }
  L.requiredAccBits = std::max(W + 1, signedBitsFor(worst));
  if (L.requiredAccBits > core.accBits) {
    error = fmt::format("needs {}-bit accumulators to be exact, core has {}",
                        L.requiredAccBits, core.accBits);
    return std::nullopt;
  }

  // Memories.
  MemoryImage rowsMem =
      image("rows", MemorySelect::Rows, 2 * wd.rowBoundBits, core.maxPre);
  MemoryImage synMem = image("synapses", MemorySelect::Synapses, wd.synapseBits,
                             core.maxSynapses);
  uint64_t at = 0;
  for (uint32_t i = 0; i < L.numPre; ++i) {
    uint64_t start = at;
    for (const Syn &s : rows[i]) {
      uint64_t w = word(s.weight, W);
      w |= uint64_t(s.post) << W;
      w |= uint64_t(s.delay) << (W + wd.neuronBits);
      w |= uint64_t(s.channel) << (W + wd.neuronBits + wd.slotBits);
      synMem.words[at++] = w;
    }
    rowsMem.words[i] = (start << wd.rowBoundBits) | at;
  }
  for (uint32_t i = L.numPre; i < core.maxPre; ++i)
    rowsMem.words[i] = (at << wd.rowBoundBits) | at;

  // Parameters at {population, block, word}: block 0 the soma, block
  // 1 + k branch k.
  const uint64_t popStride = uint64_t(16) << wd.blockBits;
  MemoryImage prm =
      image("params", MemorySelect::Params, W, core.maxPops * popStride);
  MemoryImage vMem = image("v", MemorySelect::V, W, core.maxNeurons);
  for (size_t k = 0; k < spec.populations.size(); ++k) {
    const rt::Population &p = spec.populations[k];
    const rt::LifModel *lif = std::get_if<rt::LifModel>(&p.model);
    const auto *den = std::get_if<rt::DendriticModel>(&p.model);
    rt::LifCoefficients c =
        lif ? rt::lifCoefficients(*lif, spec.dt)
            : rt::lifCoefficients(den->soma, spec.dt, !den->branches.empty());
    auto P = rt::LifParams<rt::FixedOps>::make(c);
    // validate() caps refractorySteps at 2^31 - 1: it fits the W = 32
    // counter (a narrower W would need a check here).
    uint64_t *b = prm.words.data() + k * popStride;
    b[kAlphaMem] = word(P.alphaMem, W);
    b[kLeak] = word(P.leak, W);
    b[kBetaDirect] = word(P.betaDirect, W);
    b[kVTh] = word(P.vTh, W);
    b[kVReset] = word(P.vReset, W);
    b[kAlphaSynExc] = word(P.alphaSynExc, W);
    b[kBetaSynExc] = word(P.betaSynExc, W);
    b[kAlphaSynInh] = word(P.alphaSynInh, W);
    b[kBetaSynInh] = word(P.betaSynInh, W);
    b[kAlphaAdapt] = word(P.alphaAdapt, W);
    b[kAdaptJump] = word(P.adaptJump, W);
    b[kRefractorySteps] = P.refractorySteps;
    b[kFlags] = (P.exact ? kFlagExact : 0) | (P.synExc ? kFlagSynExc : 0) |
                (P.synInh ? kFlagSynInh : 0) | (P.adapt ? kFlagAdapt : 0) |
                (P.spiking ? kFlagSpiking : 0) | (P.direct ? kFlagDirect : 0) |
                (P.reset == rt::ResetMode::Subtract ? kFlagSubtract : 0);
    b[kEnd] = popFirst[k] + p.size;
    b[kNumBranches] = den ? den->branches.size() : 0;
    for (size_t nb = 0; den && nb < den->branches.size(); ++nb) {
      auto B = rt::BranchParams<rt::FixedOps>::make(rt::branchCoefficients(
          den->branches[nb], spec.dt, den->soma.integrator));
      uint64_t *q = b + 16 * (1 + nb);
      q[kBranchAlpha] = word(B.alpha, W);
      q[kBranchThreshold] = word(B.threshold, W);
      q[kBranchAmplitude] = word(B.amplitude, W);
      q[kBranchGain] = word(B.gain, W);
      q[kBranchInvSlope] = word(B.invSlope, W);
      q[kBranchSlopeGain] = word(B.slopeGain, W);
      q[kBranchCoupling] = word(B.coupling, W);
      q[kBranchPlateauSteps] = B.plateauSteps;
      uint32_t kind =
          B.nonlinearity == rt::BranchNonlinearity::Plateau
              ? 0
              : (B.nonlinearity == rt::BranchNonlinearity::Sigmoid ? 1 : 2);
      q[kBranchFlags] = (B.leaky ? 1u : 0u) | (kind << 1);
    }
    for (uint32_t j = 0; j < p.size; ++j) {
      rt::Stream s(p.vInitSeed, j);
      vMem.words[popFirst[k] + j] =
          word(rt::toFixed(rt::sampleReal(p.vInit, s)), W);
    }
  }

  // Biases at {channel, neuron}. The ring has no image: after reset the
  // core fills every slot with the biases itself.
  MemoryImage biasMem =
      image("bias", MemorySelect::Bias, core.accBits,
            (uint64_t(1) << wd.channelBits) * core.maxNeurons);
  for (uint32_t ch = 0; ch < channels; ++ch)
    for (uint32_t j = 0; j < L.numNeurons; ++j)
      biasMem.words[(uint64_t(ch) << wd.neuronBits) | j] =
          word(bias[size_t(ch) * L.numNeurons + j], core.accBits);

  L.memories.push_back(std::move(rowsMem));
  L.memories.push_back(std::move(synMem));
  L.memories.push_back(std::move(prm));
  L.memories.push_back(std::move(vMem));
  L.memories.push_back(image("iexc", MemorySelect::IExc, W, core.maxNeurons));
  L.memories.push_back(image("iinh", MemorySelect::IInh, W, core.maxNeurons));
  L.memories.push_back(image("adapt", MemorySelect::Adapt, W, core.maxNeurons));
  L.memories.push_back(
      image("refractory", MemorySelect::Refractory, W, core.maxNeurons));
  L.memories.push_back(std::move(biasMem));
  const uint64_t branchWords = uint64_t(core.maxNeurons) << wd.branchBits;
  L.memories.push_back(
      image("branch_d", MemorySelect::BranchD, W, branchWords));
  L.memories.push_back(
      image("branch_plateau", MemorySelect::BranchPlateau, W, branchWords));
  return L;
}

} // namespace

std::string dendron::fpga::checkCoreConfig(const CoreConfig &c) {
  if (c.valueBits < 8 || c.valueBits > 32)
    return fmt::format("core value width W = {} is outside [8, 32]",
                       c.valueBits);
  if (c.fracBits < 1 || c.fracBits >= c.valueBits)
    return fmt::format("core fraction bits F = {} must be in [1, W)",
                       c.fracBits);
  if (c.accBits <= c.valueBits || c.accBits > 64)
    return fmt::format("core accumulator width {} must be in (W, 64]",
                       c.accBits);
  struct {
    const char *name;
    uint32_t value;
  } sizes[] = {{"maxNeurons", c.maxNeurons},
               {"maxPre", c.maxPre},
               {"maxSynapses", c.maxSynapses},
               {"maxDepth", c.maxDepth},
               {"maxPops", c.maxPops}};
  if (c.maxBranches > 16)
    return fmt::format("core maxBranches = {} is more than 16", c.maxBranches);
  for (const auto &s : sizes)
    if (!isPowerOfTwo(s.value) || s.value < 2 || s.value > (1u << 20))
      return fmt::format("core {} = {} must be a power of 2 in [2, 2^20]",
                         s.name, s.value);
  if (c.maxPre < c.maxNeurons)
    return fmt::format("core maxPre = {} is smaller than maxNeurons = {}",
                       c.maxPre, c.maxNeurons);
  CoreWidths w = coreWidths(c);
  if (w.synapseBits > 64 || 2 * w.rowBoundBits > 64)
    return "core synapse words would exceed 64 bits";
  uint64_t ring = (uint64_t(c.maxDepth) * c.maxNeurons) << w.channelBits;
  if (c.accInSpram && ring > 16384)
    return fmt::format("core ring of {} words does not fit one SPRAM "
                       "address range (16384 words)",
                       ring);
  return "";
}

CoreWidths dendron::fpga::coreWidths(const CoreConfig &c) {
  CoreWidths w;
  w.neuronBits = log2Exact(c.maxNeurons);
  w.preBits = log2Exact(c.maxPre);
  w.rowBoundBits = log2Exact(uint64_t(c.maxSynapses) + 1);
  w.slotBits = log2Exact(c.maxDepth);
  w.popBits = std::max(1u, log2Exact(c.maxPops));
  w.channelBits = log2Exact(2 + uint64_t(c.maxBranches));
  w.branchBits = std::max(1u, log2Exact(c.maxBranches));
  w.blockBits = std::max(1u, log2Exact(1 + uint64_t(c.maxBranches)));
  w.synapseBits = c.valueBits + w.neuronBits + w.slotBits + w.channelBits;
  return w;
}

std::optional<FpgaLayout>
dendron::fpga::layoutNetwork(const rt::NetworkSpec &spec,
                             const CoreConfig &core, std::string &error) {
  error.clear();
  try {
    return layoutImpl(spec, core, error);
  } catch (const std::bad_alloc &) {
    error = "out of memory while laying out the network";
  } catch (const std::exception &e) {
    error = fmt::format("FPGA layout failed: {}", e.what());
  }
  return std::nullopt;
}

std::vector<uint32_t>
dendron::fpga::inputSpikesAt(const FpgaLayout &layout, uint32_t step,
                             const std::vector<rt::SpikeTrain> *external) {
  std::vector<uint32_t> out;
  for (const PlacedSource &s : layout.sources) {
    switch (s.kind) {
    case PlacedSource::Kind::Array:
      for (size_t k = 0; k < s.neuron.size(); ++k)
        if (s.step[k] == step && s.neuron[k] < s.size)
          out.push_back(s.first + s.neuron[k]);
      break;
    case PlacedSource::Kind::Poisson:
      // The reference simulator's draw for (neuron k, step).
      for (uint32_t k = 0; k < s.size; ++k)
        if (rt::uniform01(s.seed, k, step) < s.probability)
          out.push_back(s.first + k);
      break;
    case PlacedSource::Kind::External:
      if (!external)
        break;
      for (const rt::SpikeTrain &t : *external)
        if (t.name == s.name) {
          for (size_t k = 0; k < t.neuron.size() && k < t.step.size(); ++k)
            if (t.step[k] == step && t.neuron[k] < s.size)
              out.push_back(s.first + t.neuron[k]);
          break;
        }
      break;
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string dendron::fpga::writeMemoryFiles(const FpgaLayout &layout,
                                            const std::string &dir) {
  for (const MemoryImage &m : layout.memories) {
    std::string path = dir + "/" + m.name + ".hex";
    std::FILE *f = std::fopen(path.c_str(), "w");
    if (!f)
      return fmt::format("cannot write '{}'", path);
    int digits = int((m.width + 3) / 4);
    bool ok = true;
    for (uint64_t w : m.words)
      ok &= std::fprintf(f, "%0*llx\n", digits,
                         (unsigned long long)(w & mask(m.width))) > 0;
    ok &= std::fclose(f) == 0;
    if (!ok)
      return fmt::format("cannot write '{}'", path);
  }
  std::string path = dir + "/dendron_layout.svh";
  std::FILE *f = std::fopen(path.c_str(), "w");
  if (!f)
    return fmt::format("cannot write '{}'", path);
  const CoreConfig &c = layout.core;
  std::string text = fmt::format(
      "// Generated by Dendron: parameters of dendron_core for this layout.\n"
      "`define DENDRON_W {}\n`define DENDRON_F {}\n`define DENDRON_ACC_W {}\n"
      "`define DENDRON_MAX_NEURONS {}\n`define DENDRON_MAX_PRE {}\n"
      "`define DENDRON_MAX_SYNAPSES {}\n`define DENDRON_MAX_DEPTH {}\n"
      "`define DENDRON_MAX_POPS {}\n`define DENDRON_MAX_BRANCHES {}\n"
      "`define DENDRON_ACC_SPRAM {}\n"
      "`define DENDRON_NUM_POPS {}\n"
      "`define DENDRON_DEPTH {}\n`define DENDRON_NUM_NEURONS {}\n"
      "`define DENDRON_NUM_PRE {}\n",
      c.valueBits, c.fracBits, c.accBits, c.maxNeurons, c.maxPre, c.maxSynapses,
      c.maxDepth, c.maxPops, c.maxBranches, c.accInSpram ? 1 : 0,
      layout.numPops, layout.depth, layout.numNeurons, layout.numPre);
  bool ok = std::fputs(text.c_str(), f) >= 0;
  ok &= std::fclose(f) == 0;
  if (!ok)
    return fmt::format("cannot write '{}'", path);
  return "";
}
