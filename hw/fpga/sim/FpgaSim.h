//===- FpgaSim.h - Cycle-accurate simulation of the FPGA core ---*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Runs an FpgaLayout on the Verilated dendron_core: resets the core, loads
/// every memory word through the host port (as a host processor would on a
/// board), then for each timestep injects the source spikes, pulses `step`,
/// and clocks the core until `done`, recording the output spike stream and
/// the cycles the step took. The Verilated model is built once, with the
/// CoreConfig that simulatedCore() returns; a layout for another
/// configuration is rejected.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_FPGA_FPGASIM_H
#define DENDRON_FPGA_FPGASIM_H

#include "dendron/Fpga/FpgaLayout.h"
#include "dendron/Runtime/Recording.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dendron::fpga {

struct SimOptions {
  uint32_t steps = 0;
  /// Spike trains of the external sources, matched by name (may be null).
  const std::vector<rt::SpikeTrain> *external = nullptr;
  /// Read every neuron's membrane potential after each step through the
  /// core's debug port (costs one cycle per neuron, outside the step).
  bool recordVoltage = false;
};

struct SimResult {
  /// One train per population, in population order: spikes by step, within
  /// a step by ascending neuron (the order the core emits them in).
  std::vector<rt::SpikeTrain> spikes;
  std::vector<uint64_t> cyclesPerStep; ///< step pulse to done, inclusive.
  /// With recordVoltage: one "v" trace per population, in population
  /// order, values[step * size + neuron], in the network's voltage unit.
  std::vector<rt::Trace> voltages;
  uint64_t loadCycles = 0; ///< cycles spent loading the memories.
};

/// The parameters the Verilated model was built with.
CoreConfig simulatedCore();

/// Simulates `layout` for `options.steps` steps. On failure (a layout for
/// another core configuration, a core that does not finish a step within
/// its cycle bound) returns std::nullopt and sets `error`.
std::optional<SimResult> simulateCore(const FpgaLayout &layout,
                                      const SimOptions &options,
                                      std::string &error);

} // namespace dendron::fpga

#endif // DENDRON_FPGA_FPGASIM_H
