//===- Verilog.h - Verilog, testbench and stimulus emission -----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Emits a lowered netlist as a Verilog top module `sfq_top` over the cell
/// models in hw/sfq/rtl (integer-tick timing model, docs/Sfq.md), a C++
/// Verilator testbench that replays a stimulus file and prints every output
/// pulse, and the stimulus itself; parses the testbench's output back into
/// per-window spikes, checking every pulse's tick against the static timing
/// analysis.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SFQ_VERILOG_H
#define DENDRON_SFQ_VERILOG_H

#include "dendron/Sfq/Netlist.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dendron::sfq {

/// The cell model files in hw/sfq/rtl the emitted design instantiates.
const std::vector<std::string> &rtlCellFiles();

/// Verilog text of module `sfq_top`: ports tick, now[31:0], clk_in, in_<i>,
/// out_<j>; one instance per cell named as Netlist::instanceName, with the
/// library's delays in ticks as parameters.
std::string emitVerilog(const Netlist &netlist, const CellLibrary &lib);

/// C++ main() for Verilator: `sim <stimulus>` reads "ticks N", "clk T" and
/// "in T I" lines, drives tick by tick and prints "OUT <tick> <j>" for every
/// output pulse (violations come from the cell models as "SFQ_VIOLATION
/// <kind> <hierarchy> tick=<T>").
std::string emitTestbench(const Netlist &netlist);

/// Shell command linting `<dir>/sfq_top.v` over the cell models in `rtlDir`
/// with `verilator --lint-only -Wall` (exit status 0 = clean).
std::string verilatorLintCommand(const std::string &verilator,
                                 const std::string &rtlDir,
                                 const std::string &dir);

/// Shell command building `<dir>/sfq_top.v` and `<dir>/sfq_tb.cpp` into
/// the simulator `<dir>/obj/sfq_sim` (one make job, -O1: small designs
/// build faster than they would run at -O3).
std::string verilatorBuildCommand(const std::string &verilator,
                                  const std::string &rtlDir,
                                  const std::string &dir);

/// When the clock edge of window w enters the clock port: firstEdge +
/// w * period [ticks].
struct ClockPlan {
  int64_t period = 0, firstEdge = 0;
  int64_t edge(int64_t window) const { return firstEdge + window * period; }
};

/// A plan for `period` whose input pulses (setup before their DFF's clock)
/// all fall at tick >= 1: the first edge comes one period plus the DFF's
/// setup after tick 0.
ClockPlan planClock(const CellLibrary &lib, int64_t period);

/// Stimulus text: the clock edges of inputs.size() windows (plus drain
/// windows for the pipeline) and each input spike of window t as a pulse at
/// edge(t) + (its DFF's clock arrival) - setup.
std::string emitStimulus(const Netlist &netlist, const CellLibrary &lib,
                         const TimingReport &timing, const ClockPlan &plan,
                         const Raster &inputs);

struct SimulationResult {
  Raster spikes; ///< [window][neuron], windows as in the stimulus.
  /// Output pulses whose tick is not edge(w) + outputOffset for any w.
  std::vector<std::string> timingMismatches;
  /// "<kind> <instance>" per violation line, instance without hierarchy.
  std::vector<std::string> violations;
  uint64_t outputPulses = 0;
};

/// Parses the testbench's stdout.
SimulationResult parseSimulation(const std::string &output,
                                 const Netlist &netlist,
                                 const TimingReport &timing,
                                 const ClockPlan &plan, size_t windows);

} // namespace dendron::sfq

#endif // DENDRON_SFQ_VERILOG_H
