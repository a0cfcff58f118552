//===- Timing.cpp - Static timing analysis and cost report ----------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "Arrival.h"
#include "dendron/Sfq/Netlist.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

using namespace dendron::sfq;

std::optional<Arrival> ArrivalTimes::of(uint32_t net) {
  if (net >= memo.size()) {
    error = fmt::format("net {} does not exist", net);
    return std::nullopt;
  }
  if (state[net] == 2)
    return memo[net];
  if (state[net] == 1) {
    error = fmt::format("net {}: combinational loop (a cycle without a "
                        "clocked cell)",
                        net);
    return std::nullopt;
  }
  if (nl.nets[net].drivers.size() != 1) {
    error = fmt::format("net {}: {} drivers, need exactly 1", net,
                        nl.nets[net].drivers.size());
    return std::nullopt;
  }
  state[net] = 1;
  uint32_t d = nl.nets[net].drivers[0].inst;
  const Instance &inst = nl.instances[d];
  std::optional<Arrival> result;
  auto through = [&](uint32_t pin, int64_t delay,
                     int64_t extra) -> std::optional<Arrival> {
    std::optional<Arrival> a = of(inst.in[pin]);
    if (!a)
      return std::nullopt;
    return Arrival{a->first + delay, a->last + delay + extra};
  };
  switch (inst.kind) {
  case CellKind::ClockPort:
    result = Arrival{0, 0};
    break;
  case CellKind::InputPort:
  case CellKind::OutputPort:
    break;
  case CellKind::Jtl:
    result = through(0, inst.param * lib.jtl.delayTicks, 0);
    break;
  case CellKind::Splitter:
    result = through(0, lib.splitter.delayTicks, 0);
    break;
  case CellKind::Synapse:
    result =
        through(0, lib.synapse.delayTicks,
                (std::llabs(inst.param) - 1) * lib.synapse.pulsePeriodTicks);
    break;
  case CellKind::Merger: {
    std::optional<Arrival> a = through(0, lib.merger.delayTicks, 0);
    std::optional<Arrival> b = through(1, lib.merger.delayTicks, 0);
    if (a && b)
      result =
          Arrival{std::min(a->first, b->first), std::max(a->last, b->last)};
    else
      result = a ? a : b;
    break;
  }
  case CellKind::Dff:
  case CellKind::Soma: {
    std::optional<int64_t> c = clockAt(d);
    int64_t q =
        inst.kind == CellKind::Dff ? lib.dff.delayTicks : lib.soma.delayTicks;
    if (c)
      result = Arrival{*c + q, *c + q};
    break;
  }
  }
  memo[net] = result;
  state[net] = 2;
  return result;
}

std::optional<int64_t> ArrivalTimes::clockAt(uint32_t inst) {
  const Instance &i = nl.instances[inst];
  uint32_t pin = i.kind == CellKind::Dff ? 1 : 2;
  std::optional<Arrival> a = of(i.in[pin]);
  if (!a)
    return std::nullopt;
  return a->first;
}

namespace dendron::sfq {

int64_t setupOf(const Instance &inst, const CellLibrary &lib) {
  // A pulse arriving in the clock's own tick counts for the next window,
  // so even a zero setup needs one tick.
  return std::max<int64_t>(1, inst.kind == CellKind::Dff ? lib.dff.setupTicks
                                                         : lib.soma.setupTicks);
}

/// A pulse in the clock's own tick is a hold violation in the timing model,
/// so the effective hold is at least one tick as well.
int64_t holdOf(const Instance &inst, const CellLibrary &lib) {
  return std::max<int64_t>(1, inst.kind == CellKind::Dff ? lib.dff.holdTicks
                                                         : lib.soma.holdTicks);
}

} // namespace dendron::sfq

namespace {

/// The clocked cell launching the pulses on `net` (through unclocked
/// cells), or kNoNet for nets fed by ports.
void launchers(const Netlist &nl, uint32_t net, std::vector<uint32_t> &out) {
  std::vector<uint32_t> stack = {net};
  while (!stack.empty()) {
    uint32_t n = stack.back();
    stack.pop_back();
    if (n == kNoNet || nl.nets[n].drivers.empty())
      continue;
    uint32_t d = nl.nets[n].drivers[0].inst;
    const Instance &inst = nl.instances[d];
    if (isClocked(inst.kind)) {
      out.push_back(d);
      continue;
    }
    for (uint32_t in : inst.in)
      stack.push_back(in);
  }
}

} // namespace

std::optional<TimingReport> dendron::sfq::analyzeTiming(const Netlist &nl,
                                                        const CellLibrary &lib,
                                                        std::string &error) {
  if (std::string why = verifyNetlist(nl); !why.empty()) {
    error = why;
    return std::nullopt;
  }
  ArrivalTimes arrivals(nl, lib);
  TimingReport report;
  report.clockArrival.assign(nl.instances.size(), -1);
  report.minPeriod = 1;
  report.worstHoldSlack = INT64_MAX;
  const EndpointTiming *critical = nullptr;
  for (uint32_t i = 0; i < nl.instances.size(); ++i) {
    const Instance &inst = nl.instances[i];
    if (!isClocked(inst.kind))
      continue;
    std::optional<int64_t> clock = arrivals.clockAt(i);
    if (!clock) {
      error = arrivals.error.empty()
                  ? fmt::format("{}: clock pin not reached by the clock tree",
                                nl.instanceName(i))
                  : arrivals.error;
      return std::nullopt;
    }
    report.clockArrival[i] = *clock;
    uint32_t dataPins = inst.kind == CellKind::Dff ? 1 : 2;
    for (uint32_t pin = 0; pin < dataPins; ++pin) {
      if (inst.in[pin] == kNoNet)
        continue;
      std::optional<Arrival> a = arrivals.of(inst.in[pin]);
      if (!a) {
        if (!arrivals.error.empty()) {
          error = arrivals.error;
          return std::nullopt;
        }
        continue; // driven by an input port: the testbench's window.
      }
      EndpointTiming e;
      e.inst = i;
      e.pin = pin;
      e.clockArrival = *clock;
      e.earliest = a->first;
      e.latest = a->last;
      e.requiredPeriod = a->last - *clock + setupOf(inst, lib);
      // The first pulse of the next window must also keep the merger's
      // (and soma's) separation from this window's last one.
      if (inst.kind == CellKind::Soma)
        e.requiredPeriod = std::max(e.requiredPeriod,
                                    a->last - a->first +
                                        std::max(lib.merger.minSeparationTicks,
                                                 lib.soma.minSeparationTicks));
      e.holdSlack = a->first - (*clock + holdOf(inst, lib));
      report.endpoints.push_back(e);
    }
  }
  for (const EndpointTiming &e : report.endpoints) {
    if (!critical || e.requiredPeriod > critical->requiredPeriod)
      critical = &e;
    report.worstHoldSlack = std::min(report.worstHoldSlack, e.holdSlack);
  }
  if (critical)
    report.minPeriod = std::max<int64_t>(1, critical->requiredPeriod);
  if (report.endpoints.empty())
    report.worstHoldSlack = 0;
  // Critical path: from the capturing pin back along the latest arrivals.
  if (critical) {
    report.criticalPath.push_back(critical->inst);
    uint32_t net = nl.instances[critical->inst].in[critical->pin];
    while (true) {
      uint32_t d = nl.nets[net].drivers[0].inst;
      report.criticalPath.push_back(d);
      const Instance &inst = nl.instances[d];
      if (isClocked(inst.kind) || inst.in.empty())
        break;
      net = inst.in[0];
      if (inst.kind == CellKind::Merger) {
        auto a = arrivals.of(inst.in[0]), b = arrivals.of(inst.in[1]);
        if (!a || (b && b->last > a->last))
          net = inst.in[1];
      }
    }
    std::reverse(report.criticalPath.begin(), report.criticalPath.end());
  }
  // Output offsets.
  report.outputOffset.assign(nl.numOutputs, 0);
  for (uint32_t i = 0; i < nl.instances.size(); ++i) {
    const Instance &inst = nl.instances[i];
    if (inst.kind != CellKind::OutputPort)
      continue;
    std::optional<Arrival> a = arrivals.of(inst.in[0]);
    if (a && inst.param >= 0 && inst.param < int64_t(nl.numOutputs))
      report.outputOffset[inst.param] = a->first;
  }
  // Pipeline depth: windows from the input DFFs to each soma (BFS over the
  // clocked cells), then the deepest output that inputs reach.
  std::vector<std::vector<uint32_t>> successors(nl.instances.size());
  std::deque<uint32_t> queue;
  std::vector<int64_t> depth(nl.instances.size(), -1);
  for (uint32_t i = 0; i < nl.instances.size(); ++i) {
    const Instance &inst = nl.instances[i];
    if (!isClocked(inst.kind))
      continue;
    if (inst.kind == CellKind::Dff &&
        nl.nets[inst.in[0]].drivers[0].inst < nl.instances.size() &&
        nl.instances[nl.nets[inst.in[0]].drivers[0].inst].kind ==
            CellKind::InputPort) {
      depth[i] = 0;
      queue.push_back(i);
    }
    std::vector<uint32_t> from;
    uint32_t dataPins = inst.kind == CellKind::Dff ? 1 : 2;
    for (uint32_t pin = 0; pin < dataPins; ++pin)
      launchers(nl, inst.in[pin], from);
    for (uint32_t f : from)
      successors[f].push_back(i);
  }
  while (!queue.empty()) {
    uint32_t c = queue.front();
    queue.pop_front();
    for (uint32_t s : successors[c])
      if (depth[s] < 0) {
        depth[s] = depth[c] + 1;
        queue.push_back(s);
      }
  }
  int64_t earliestInputClock = INT64_MAX;
  for (uint32_t i = 0; i < nl.instances.size(); ++i)
    if (depth[i] == 0)
      earliestInputClock = std::min(earliestInputClock, report.clockArrival[i]);
  int64_t bestLatency = -1;
  for (uint32_t i = 0; i < nl.instances.size(); ++i) {
    const Instance &inst = nl.instances[i];
    if (inst.kind != CellKind::Soma || depth[i] < 0)
      continue;
    int64_t offset = inst.neuron < report.outputOffset.size()
                         ? report.outputOffset[inst.neuron]
                         : 0;
    int64_t latency =
        depth[i] * report.minPeriod + offset -
        (earliestInputClock - std::max<int64_t>(1, lib.dff.setupTicks));
    if (static_cast<uint32_t>(depth[i]) > report.pipelineDepth ||
        (static_cast<uint32_t>(depth[i]) == report.pipelineDepth &&
         latency > bestLatency)) {
      report.pipelineDepth = static_cast<uint32_t>(depth[i]);
      bestLatency = latency;
    }
  }
  report.latency = std::max<int64_t>(bestLatency, 0);
  return report;
}

std::vector<std::string>
dendron::sfq::setupViolators(const Netlist &nl, const TimingReport &timing,
                             int64_t period) {
  std::vector<std::string> names;
  for (const EndpointTiming &e : timing.endpoints)
    if (TimingReport::setupSlack(e, period) < 0)
      names.push_back(nl.instanceName(e.inst));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

namespace {

uint64_t junctionsOf(const Instance &inst, const CellLibrary &lib) {
  switch (inst.kind) {
  case CellKind::Jtl:
    return static_cast<uint64_t>(inst.param) * lib.jtl.junctions;
  case CellKind::Splitter:
    return lib.splitter.junctions;
  case CellKind::Merger:
    return lib.merger.junctions;
  case CellKind::Dff:
    return lib.dff.junctions;
  case CellKind::Synapse:
    return lib.synapse.junctions +
           static_cast<uint64_t>(std::llabs(inst.param) - 1) *
               lib.synapse.junctionsPerExtraPulse;
  case CellKind::Soma:
    return lib.soma.junctions;
  default:
    return 0;
  }
}

double biasOf(const Instance &inst, const CellLibrary &lib) {
  switch (inst.kind) {
  case CellKind::Jtl:
    return static_cast<double>(inst.param) * lib.jtl.biasMa;
  case CellKind::Splitter:
    return lib.splitter.biasMa;
  case CellKind::Merger:
    return lib.merger.biasMa;
  case CellKind::Dff:
    return lib.dff.biasMa;
  case CellKind::Synapse:
    // Bias grows with the multiplier's junctions.
    return lib.synapse.biasMa * static_cast<double>(junctionsOf(inst, lib)) /
           lib.synapse.junctions;
  case CellKind::Soma:
    return lib.soma.biasMa;
  default:
    return 0;
  }
}

} // namespace

uint64_t dendron::sfq::countSwitchEvents(const Netlist &nl,
                                         const CellLibrary &lib,
                                         const Raster &inputSpikes,
                                         const Raster &neuronSpikes) {
  // Junction switchings caused by one pulse entering each net, up to (not
  // including) the next clocked cell: computed sink-first, memoized.
  std::vector<int64_t> cost(nl.nets.size(), -1);
  std::vector<uint32_t> stack;
  auto netCost = [&](uint32_t root) {
    stack.push_back(root);
    while (!stack.empty()) {
      uint32_t n = stack.back();
      if (cost[n] >= 0) {
        stack.pop_back();
        continue;
      }
      const Net &net = nl.nets[n];
      if (net.sinks.empty()) {
        cost[n] = 0;
        stack.pop_back();
        continue;
      }
      const Instance &sink = nl.instances[net.sinks[0].inst];
      if (isClocked(sink.kind) || sink.kind == CellKind::OutputPort) {
        cost[n] = 0;
        stack.pop_back();
        continue;
      }
      bool ready = true;
      for (uint32_t o : sink.out)
        if (cost[o] < 0) {
          stack.push_back(o);
          ready = false;
        }
      if (!ready)
        continue;
      int64_t pulses =
          sink.kind == CellKind::Synapse ? std::llabs(sink.param) : 1;
      int64_t c = static_cast<int64_t>(junctionsOf(sink, lib));
      for (uint32_t o : sink.out)
        c += pulses * cost[o];
      cost[n] = c;
      stack.pop_back();
    }
    return cost[root];
  };
  // The clock tree switches every window; so does every clocked cell.
  uint64_t perWindowClock = 0;
  for (const Instance &inst : nl.instances) {
    if (isClocked(inst.kind))
      perWindowClock += junctionsOf(inst, lib);
  }
  if (nl.clockNet != kNoNet)
    perWindowClock += static_cast<uint64_t>(netCost(nl.clockNet));
  size_t windows = inputSpikes.size();
  uint64_t events = perWindowClock * windows;
  auto spiked = [&](uint32_t endpoint, int64_t t) -> bool {
    if (t < 0 || static_cast<size_t>(t) >= windows)
      return false;
    if (endpoint < nl.numInputs)
      return endpoint < inputSpikes[t].size() && inputSpikes[t][endpoint];
    uint32_t n = endpoint - nl.numInputs;
    return static_cast<size_t>(t) < neuronSpikes.size() &&
           n < neuronSpikes[t].size() && neuronSpikes[t][n];
  };
  for (const Instance &inst : nl.instances) {
    if (!isClocked(inst.kind) || inst.out[0] == kNoNet)
      continue;
    int64_t c = netCost(inst.out[0]);
    for (size_t t = 0; t < windows; ++t)
      if (spiked(inst.endpoint, static_cast<int64_t>(t) - inst.lag))
        events += static_cast<uint64_t>(c);
  }
  return events;
}

CostReport dendron::sfq::buildCostReport(const Netlist &nl,
                                         const CellLibrary &lib,
                                         const TimingReport &timing,
                                         uint64_t switchEvents,
                                         uint64_t inferences) {
  CostReport r;
  std::map<std::string, std::pair<uint64_t, uint64_t>> byKind;
  for (const Instance &inst : nl.instances) {
    uint64_t jj = junctionsOf(inst, lib);
    if (jj == 0)
      continue;
    auto &[count, junctions] = byKind[cellKindName(inst.kind)];
    count += inst.kind == CellKind::Jtl ? static_cast<uint64_t>(inst.param) : 1;
    junctions += jj;
    r.junctions += jj;
    r.biasMa += biasOf(inst, lib);
  }
  for (auto &[kind, v] : byKind) {
    r.cellsByKind.push_back({kind, v.first});
    r.junctionsByKind.push_back({kind, v.second});
  }
  r.staticPowerUw = r.biasMa * lib.biasVoltageMv; // mA * mV = uW.
  r.minPeriodPs = lib.ps(timing.minPeriod);
  r.fmaxGhz = r.minPeriodPs > 0 ? 1000.0 / r.minPeriodPs : 0;
  r.latencyPs = lib.ps(timing.latency);
  r.switchEvents = switchEvents;
  // Phi0 Ic per switching: 2.067833848e-15 Wb * Ic [uA] * 1e-6 -> J, in fJ.
  constexpr double kPhi0 = 2.067833848e-15;
  double perSwitchFj = kPhi0 * lib.junctionIcUa * 1e-6 * 1e15;
  r.energyPerInferenceFj =
      inferences ? static_cast<double>(switchEvents) * perSwitchFj / inferences
                 : 0;
  return r;
}

std::string dendron::sfq::costReportJson(const CostReport &r,
                                         const CellLibrary &lib) {
  nlohmann::ordered_json j;
  j["library"] = lib.name;
  nlohmann::ordered_json cells, jj;
  for (auto &[k, v] : r.cellsByKind)
    cells[k] = v;
  for (auto &[k, v] : r.junctionsByKind)
    jj[k] = v;
  j["cells"] = cells;
  j["junctionsByCell"] = jj;
  j["junctions"] = r.junctions;
  j["biasCurrentMa"] = r.biasMa;
  j["biasVoltageMv"] = lib.biasVoltageMv;
  j["staticPowerUw"] = r.staticPowerUw;
  j["minPeriodPs"] = r.minPeriodPs;
  j["fmaxGhz"] = r.fmaxGhz;
  j["latencyPs"] = r.latencyPs;
  j["switchEvents"] = r.switchEvents;
  j["energyPerInferenceFj"] = r.energyPerInferenceFj;
  return j.dump(2);
}

std::string dendron::sfq::costReportSummary(const CostReport &r,
                                            const CellLibrary &lib) {
  std::string s = fmt::format("SFQ design on library '{}'\n", lib.name);
  for (size_t i = 0; i < r.cellsByKind.size(); ++i)
    s += fmt::format("  {:<9} {:>9} cells {:>10} JJ\n", r.cellsByKind[i].first,
                     r.cellsByKind[i].second, r.junctionsByKind[i].second);
  s += fmt::format("  junctions      {}\n", r.junctions);
  s += fmt::format("  bias current   {:.3f} mA at {} mV -> static power "
                   "{:.3f} uW\n",
                   r.biasMa, lib.biasVoltageMv, r.staticPowerUw);
  s += fmt::format("  min period     {:.1f} ps (Fmax {:.2f} GHz)\n",
                   r.minPeriodPs, r.fmaxGhz);
  s += fmt::format("  latency        {:.1f} ps\n", r.latencyPs);
  s += fmt::format("  energy         {:.3f} fJ per inference ({} switchings)\n",
                   r.energyPerInferenceFj, r.switchEvents);
  return s;
}

std::string dendron::sfq::timingReportJson(const Netlist &nl,
                                           const CellLibrary &lib,
                                           const TimingReport &t) {
  nlohmann::ordered_json j;
  j["library"] = lib.name;
  j["tickPs"] = lib.tickPs;
  j["minPeriodPs"] = lib.ps(t.minPeriod);
  j["fmaxGhz"] = t.minPeriod > 0 ? 1000.0 / lib.ps(t.minPeriod) : 0.0;
  j["worstHoldSlackPs"] = lib.ps(t.worstHoldSlack);
  j["pipelineDepth"] = t.pipelineDepth;
  j["latencyPs"] = lib.ps(t.latency);
  nlohmann::ordered_json path = nlohmann::ordered_json::array();
  for (uint32_t i : t.criticalPath)
    path.push_back(nl.instanceName(i));
  j["criticalPath"] = path;
  nlohmann::ordered_json endpoints = nlohmann::ordered_json::array();
  for (const EndpointTiming &e : t.endpoints) {
    nlohmann::ordered_json o;
    o["cell"] = nl.instanceName(e.inst);
    o["pin"] = e.pin;
    o["clockArrivalPs"] = lib.ps(e.clockArrival);
    o["firstPulsePs"] = lib.ps(e.earliest);
    o["lastPulsePs"] = lib.ps(e.latest);
    o["requiredPeriodPs"] = lib.ps(e.requiredPeriod);
    o["setupSlackAtMinPeriodPs"] =
        lib.ps(TimingReport::setupSlack(e, t.minPeriod));
    o["holdSlackPs"] = lib.ps(e.holdSlack);
    endpoints.push_back(o);
  }
  j["endpoints"] = endpoints;
  nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
  for (int64_t o : t.outputOffset)
    outputs.push_back(lib.ps(o));
  j["outputOffsetPs"] = outputs;
  return j.dump(2);
}
