//===- Netlist.h - SFQ netlists and their lowering stages -------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The SFQ netlist and the lowering algorithms over plain data, one function
/// per compiler stage (the model is dendron/Spinn/Mapping.h): the `sfq`
/// dialect's passes will call them one by one; `lowerToNetlist` chains them.
///
/// Netlist invariant after all stages: every net has exactly one driver pin
/// and one sink pin (an SFQ output drives exactly one input). Between
/// stages, nets may have several sinks (fan-out, removed by
/// insertSplitters / buildClockTree) and several drivers (fan-in, removed by
/// insertMergers). Stages never throw; failures return false / nullopt with
/// a message naming the instance or neuron.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SFQ_NETLIST_H
#define DENDRON_SFQ_NETLIST_H

#include "dendron/Sfq/CellLibrary.h"
#include "dendron/Sfq/Pulse.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dendron::sfq {

enum class CellKind : uint8_t {
  InputPort,  ///< top-level data input; pin out 0.
  OutputPort, ///< top-level data output; pin in 0.
  ClockPort,  ///< the clock source; pin out 0.
  Jtl,        ///< chain of `param` JTL stages (a delay line); in 0, out 0.
  Splitter,   ///< in 0 -> out 0, out 1.
  Merger,     ///< in 0, in 1 -> out 0.
  Dff,        ///< in 0 data, in 1 clock -> out 0.
  Synapse,    ///< in 0 -> out 0 (|param| pulses per input pulse).
  Soma        ///< in 0 increment, in 1 decrement, in 2 clock -> out 0.
};

/// Lower-case cell name, as in the library and the Verilog module suffix.
const char *cellKindName(CellKind kind);

/// Number of input / output pins of a kind.
unsigned numInputs(CellKind kind);
unsigned numOutputs(CellKind kind);

/// Whether the cell samples its data inputs with a clock pin.
inline bool isClocked(CellKind kind) {
  return kind == CellKind::Dff || kind == CellKind::Soma;
}

/// Sentinel for an unconnected pin.
constexpr uint32_t kNoNet = UINT32_MAX;

/// One cell (or port) of the netlist.
struct Instance {
  CellKind kind = CellKind::Jtl;
  /// Jtl: stages; Synapse: signed weight; Soma: threshold; ports: index;
  /// Dff: unused.
  int64_t param = 0;
  uint32_t leakAmount = 0, leakPeriod = 0; ///< Soma only.
  uint32_t delay = 1; ///< Synapse before balancePaths: windows of delay.
  uint32_t neuron = UINT32_MAX; ///< Soma: neuron; Synapse: post neuron.
  /// Clocked cells and synapses: the pulse-network endpoint (input i, or
  /// numInputs + neuron) whose spikes this cell carries, and how many
  /// windows later (`lag`: 0 for somas and input DFFs, k for the k-th DFF
  /// of a delay chain). Used to count switching events.
  uint32_t endpoint = UINT32_MAX;
  uint32_t lag = 0;
  std::vector<uint32_t> in, out; ///< net per pin (kNoNet = unconnected).
};

/// A pin of an instance: output pin for drivers, input pin for sinks.
struct PinRef {
  uint32_t inst = 0;
  uint32_t pin = 0;
};

/// A wire. Several drivers or sinks only between lowering stages.
struct Net {
  std::vector<PinRef> drivers, sinks;
};

/// Instances and nets, plus the port counts and the clock net (the one net
/// that buildClockTree, not insertSplitters, turns into a tree).
struct Netlist {
  std::vector<Instance> instances;
  std::vector<Net> nets;
  uint32_t numInputs = 0, numOutputs = 0;
  uint32_t clockNet = kNoNet;

  /// Adds an instance with unconnected pins; returns its index.
  uint32_t addInstance(CellKind kind, int64_t param = 0);
  /// Adds an empty net; returns its index.
  uint32_t addNet();
  void connectDriver(uint32_t net, uint32_t inst, uint32_t pin);
  void connectSink(uint32_t net, uint32_t inst, uint32_t pin);
  /// Instance name used in Verilog, reports and violation messages:
  /// "<kind>_<index>", e.g. "soma_12".
  std::string instanceName(uint32_t inst) const;
};

//===----------------------------------------------------------------------===//
// Stages
//===----------------------------------------------------------------------===//

/// Stage 1: one soma per neuron, one synapse cell per synapse, an input DFF
/// per input (inputs enter on the clock like every other stage), one output
/// port per neuron, and the clock port driving one net that every clocked
/// cell sinks. Data nets still have many sinks (fan-out) and each soma's
/// increment/decrement net many drivers (fan-in). Fails when a weight or
/// threshold exceeds the library's synapse/soma limit.
std::optional<Netlist> mapToCells(const PulseNetwork &net,
                                  const CellLibrary &lib, std::string &error);

/// Stage 2: full path balancing. A synapse of delay d > 1 gets d - 1 DFFs in
/// front of it, so that every clocked cell's inputs come from the clock
/// stage right before it. Afterwards every synapse has delay 1.
void balancePaths(Netlist &netlist);

/// Stage 3: every data net with N > 1 sinks becomes a balanced splitter tree
/// (N - 1 splitters, depth ceil(log2 N)).
void insertSplitters(Netlist &netlist);

/// Stage 4: the clock net becomes a balanced splitter tree as well (kept
/// separate so the clock tree can be reported and checked on its own).
void buildClockTree(Netlist &netlist);

/// Stage 5: every net with N > 1 drivers becomes a balanced merger tree
/// (N - 1 mergers, depth ceil(log2 N)).
void insertMergers(Netlist &netlist);

/// Stage 6: honours merger minimum separation. For every soma input, the
/// pulse trains of its synapses are scheduled one after another at the
/// soma (earliest first), each delayed by a JTL chain in front of its
/// merger-tree leaf so that any two pulses reaching any merger are at least
/// max(merger minSeparation, synapse period) apart. Needs stages 1-5.
bool staggerMergerInputs(Netlist &netlist, const CellLibrary &lib,
                         std::string &error);

/// Stage 7: hold fixing. Clock skew between a launching and a capturing
/// cell can bring data into the capture cell's hold window; every such data
/// pin gets a JTL chain just long enough to restore non-negative hold slack.
/// Needs a complete netlist (stages 1-6).
bool fixHoldViolations(Netlist &netlist, const CellLibrary &lib,
                       std::string &error);

/// Empty if every net has one driver and one sink and every pin is
/// connected (soma decrement/increment may be unconnected); otherwise a
/// message naming the net or instance.
std::string verifyNetlist(const Netlist &netlist);

//===----------------------------------------------------------------------===//
// Static timing analysis
//===----------------------------------------------------------------------===//

/// One clocked endpoint (a soma or DFF data pin), times in ticks relative to
/// the clock edge at the clock port that launched the data.
struct EndpointTiming {
  uint32_t inst = 0, pin = 0;
  int64_t clockArrival = 0; ///< clock at this cell (after the clock tree).
  int64_t earliest = 0;     ///< first data pulse.
  int64_t latest = 0;       ///< last data pulse (trains included).
  /// max(latest - clockArrival + setup, and for somas latest - earliest +
  /// separation: the next window's first pulse must keep the mergers'
  /// minimum separation from this window's last).
  int64_t requiredPeriod = 0;
  int64_t holdSlack = 0; ///< earliest - (clockArrival + hold).
};

struct TimingReport {
  std::vector<EndpointTiming> endpoints;
  /// Per clocked instance, the clock arrival [ticks]; -1 for others.
  std::vector<int64_t> clockArrival;
  /// Per output port, offset of its pulses after the clock edge [ticks].
  std::vector<int64_t> outputOffset;
  int64_t minPeriod = 0; ///< smallest period without setup violations.
  int64_t worstHoldSlack = 0;
  /// Instances on the critical path, launch to capture.
  std::vector<uint32_t> criticalPath;
  /// Windows from the inputs to the deepest first-responding output.
  uint32_t pipelineDepth = 0;
  /// Input pulse (latest allowed, setup before its DFF's clock) to the
  /// output pulse of the deepest output at minPeriod [ticks].
  int64_t latency = 0;

  /// Setup slack of `e` at `period` [ticks]; negative = violation.
  static int64_t setupSlack(const EndpointTiming &e, int64_t period) {
    return period - e.requiredPeriod;
  }
};

/// Arrival times through the netlist (which must pass verifyNetlist).
std::optional<TimingReport> analyzeTiming(const Netlist &netlist,
                                          const CellLibrary &lib,
                                          std::string &error);

/// Names of the instances whose inputs violate setup at `period` [ticks].
std::vector<std::string> setupViolators(const Netlist &netlist,
                                        const TimingReport &timing,
                                        int64_t period);

//===----------------------------------------------------------------------===//
// Cost report
//===----------------------------------------------------------------------===//

struct CostReport {
  std::vector<std::pair<std::string, uint64_t>> cellsByKind; ///< count.
  std::vector<std::pair<std::string, uint64_t>> junctionsByKind;
  uint64_t junctions = 0;
  double biasMa = 0, staticPowerUw = 0;
  double fmaxGhz = 0, minPeriodPs = 0, latencyPs = 0;
  uint64_t switchEvents = 0;       ///< junction switchings in the run.
  double energyPerInferenceFj = 0; ///< switchEvents Phi0 Ic / inferences.
};

/// Junction switchings of a run of `windows` clock windows in which the
/// pulse network produced `neuronSpikes` from `inputSpikes`: every pulse
/// through a cell switches each of its junctions once (a synapse of weight
/// w passes |w| pulses), and every window clocks every clocked cell.
uint64_t countSwitchEvents(const Netlist &netlist, const CellLibrary &lib,
                           const Raster &inputSpikes,
                           const Raster &neuronSpikes);

/// Junctions, bias, power and timing; energy from `switchEvents` over
/// `inferences` runs.
CostReport buildCostReport(const Netlist &netlist, const CellLibrary &lib,
                           const TimingReport &timing, uint64_t switchEvents,
                           uint64_t inferences);

/// The report as JSON text, and as a readable summary.
std::string costReportJson(const CostReport &report, const CellLibrary &lib);
std::string costReportSummary(const CostReport &report, const CellLibrary &lib);

/// The timing report as JSON: period, Fmax, hold slack, latency, critical
/// path (instance names) and, per clocked data pin, clock arrival, first and
/// last pulse, required period and hold slack, all in ps; plus each output
/// port's offset after the clock edge.
std::string timingReportJson(const Netlist &netlist, const CellLibrary &lib,
                             const TimingReport &timing);

/// Stages 1-7 in order, then verifyNetlist.
std::optional<Netlist> lowerToNetlist(const PulseNetwork &net,
                                      const CellLibrary &lib,
                                      std::string &error);

} // namespace dendron::sfq

#endif // DENDRON_SFQ_NETLIST_H
