//===- FpgaSim.cpp - Cycle-accurate simulation of the FPGA core -----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// simulateCore (FpgaSim.h) over a Verilated dendron_core. The model's class
/// (DENDRON_SIM_MODEL, header DENDRON_SIM_MODEL.h) and parameters arrive as
/// DENDRON_SIM_* compile definitions, set from the same CMake list that was
/// passed to Verilator as -G overrides, so one source serves every
/// Verilated configuration.
///
//===----------------------------------------------------------------------===//

#include "FpgaSim.h"

#define DENDRON_SIM_STR2(x) #x
#define DENDRON_SIM_STR(x) DENDRON_SIM_STR2(x)
#include DENDRON_SIM_STR(DENDRON_SIM_MODEL.h)
#include "verilated.h"

#include "dendron/Runtime/FixedPoint.h"

#include <exception>
#include <fmt/format.h>
#include <memory>
#include <new>

using namespace dendron;
using namespace dendron::fpga;

namespace {

using Model = DENDRON_SIM_MODEL;

/// The clocked model with the host port driven from C++.
class Core {
public:
  Core() : context(std::make_unique<VerilatedContext>()) {
    context->randReset(0);
    top = std::make_unique<Model>(context.get(), "core");
    top->clk = 0;
    top->rst = 1;
    top->cfg_we = 0;
    top->in_valid = 0;
    top->step = 0;
    top->eval();
    reset();
  }
  ~Core() { top->final(); }

  /// Pulses reset and clocks until the core has filled its ring (busy low).
  /// Returns false if it does not within `bound` cycles.
  bool reset(uint64_t bound = uint64_t(1) << 24) {
    top->rst = 1;
    tick();
    tick();
    top->rst = 0;
    for (uint64_t c = 0; top->busy; ++c) {
      if (c > bound)
        return false;
      tick();
    }
    return true;
  }

  /// One rising and one falling clock edge.
  void tick() {
    top->clk = 1;
    top->eval();
    top->clk = 0;
    top->eval();
    ++cycles;
  }

  void write(MemorySelect select, uint64_t address, uint64_t data) {
    top->cfg_we = 1;
    top->cfg_sel = uint32_t(select);
    top->cfg_addr = uint32_t(address);
    top->cfg_wdata = data;
    tick();
    top->cfg_we = 0;
  }

  std::unique_ptr<VerilatedContext> context;
  std::unique_ptr<Model> top;
  uint64_t cycles = 0;
};

/// A generous bound on the cycles of one step: the update costs a fixed
/// number of cycles per neuron and population, delivery a few per spike and
/// synapse.
uint64_t cycleBound(const FpgaLayout &L) {
  return 64 + 32 * uint64_t(L.numNeurons) + 32 * uint64_t(L.numPops) +
         8 * uint64_t(L.numPre) + 8 * L.numSynapses;
}

std::optional<SimResult> run(const FpgaLayout &L, const SimOptions &options,
                             std::string &error) {
  if (L.core != simulatedCore()) {
    const CoreConfig c = simulatedCore();
    error = fmt::format(
        "layout is for another core (W={} F={} ACC_W={} neurons={} pre={} "
        "synapses={} depth={} pops={} branches={}); the simulated core has "
        "W={} F={} ACC_W={} neurons={} pre={} synapses={} depth={} pops={} "
        "branches={}",
        L.core.valueBits, L.core.fracBits, L.core.accBits, L.core.maxNeurons,
        L.core.maxPre, L.core.maxSynapses, L.core.maxDepth, L.core.maxPops,
        L.core.maxBranches, c.valueBits, c.fracBits, c.accBits, c.maxNeurons,
        c.maxPre, c.maxSynapses, c.maxDepth, c.maxPops, c.maxBranches);
    return std::nullopt;
  }
  // Load, then reset again: the ring is filled from the loaded biases.
  // Reset leaves the memories alone but restores the registers, so those
  // are written last.
  Core core;
  for (const MemoryImage &m : L.memories)
    for (size_t a = 0; a < m.words.size(); ++a)
      core.write(m.select, a, m.words[a]);
  if (!core.reset()) {
    error = "core did not leave its ring initialisation";
    return std::nullopt;
  }
  core.write(MemorySelect::Registers, 0, L.numPops);
  core.write(MemorySelect::Registers, 1, L.depth);

  SimResult result;
  result.loadCycles = core.cycles;
  for (const PlacedPopulation &p : L.populations) {
    rt::SpikeTrain t;
    t.name = p.name;
    t.numNeurons = p.size;
    result.spikes.push_back(std::move(t));
    if (options.recordVoltage) {
      rt::Trace v;
      v.name = p.name;
      v.variable = "v";
      v.width = p.size;
      v.values.reserve(size_t(options.steps) * p.size);
      result.voltages.push_back(std::move(v));
    }
  }
  // Population of each neuron index.
  std::vector<uint32_t> popOf(L.numNeurons, 0);
  for (size_t k = 0; k < L.populations.size(); ++k)
    for (uint32_t j = 0; j < L.populations[k].size; ++j)
      popOf[L.populations[k].first + j] = uint32_t(k);

  const uint64_t bound = cycleBound(L);
  for (uint32_t step = 0; step < options.steps; ++step) {
    for (uint32_t index : inputSpikesAt(L, step, options.external)) {
      core.top->in_valid = 1;
      core.top->in_index = index;
      core.tick();
    }
    core.top->in_valid = 0;
    core.top->step = 1;
    uint64_t start = core.cycles;
    core.tick();
    core.top->step = 0;
    while (!core.top->done) {
      if (core.top->out_valid) {
        uint32_t n = core.top->out_index;
        if (n >= L.numNeurons) {
          error = fmt::format("step {}: core emitted neuron {} of {}", step, n,
                              L.numNeurons);
          return std::nullopt;
        }
        const PlacedPopulation &p = L.populations[popOf[n]];
        result.spikes[popOf[n]].neuron.push_back(n - p.first);
        result.spikes[popOf[n]].step.push_back(step);
      }
      if (core.cycles - start > bound) {
        error = fmt::format("step {}: core did not finish within {} cycles",
                            step, bound);
        return std::nullopt;
      }
      core.tick();
    }
    result.cyclesPerStep.push_back(core.cycles - start);
    if (options.recordVoltage)
      for (size_t k = 0; k < L.populations.size(); ++k)
        for (uint32_t j = 0; j < L.populations[k].size; ++j) {
          core.top->dbg_addr = L.populations[k].first + j;
          core.tick();
          result.voltages[k].values.push_back(
              rt::fromFixed(int32_t(uint32_t(core.top->dbg_v))));
        }
  }
  return result;
}

} // namespace

CoreConfig dendron::fpga::simulatedCore() {
  CoreConfig c;
  c.valueBits = DENDRON_SIM_W;
  c.fracBits = DENDRON_SIM_F;
  c.accBits = DENDRON_SIM_ACC_W;
  c.maxNeurons = DENDRON_SIM_MAX_NEURONS;
  c.maxPre = DENDRON_SIM_MAX_PRE;
  c.maxSynapses = DENDRON_SIM_MAX_SYNAPSES;
  c.maxDepth = DENDRON_SIM_MAX_DEPTH;
  c.maxPops = DENDRON_SIM_MAX_POPS;
  c.maxBranches = DENDRON_SIM_MAX_BRANCHES;
  return c;
}

std::optional<SimResult> dendron::fpga::simulateCore(const FpgaLayout &layout,
                                                     const SimOptions &options,
                                                     std::string &error) {
  error.clear();
  try {
    return run(layout, options, error);
  } catch (const std::bad_alloc &) {
    error = "out of memory while simulating the FPGA core";
  } catch (const std::exception &e) {
    error = fmt::format("FPGA simulation failed: {}", e.what());
  }
  return std::nullopt;
}
