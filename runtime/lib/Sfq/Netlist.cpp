//===- Netlist.cpp - SFQ netlists and their lowering stages ---------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Sfq/Netlist.h"

#include "Arrival.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>

using namespace dendron::sfq;

const char *dendron::sfq::cellKindName(CellKind kind) {
  switch (kind) {
  case CellKind::InputPort:
    return "in";
  case CellKind::OutputPort:
    return "out";
  case CellKind::ClockPort:
    return "clk";
  case CellKind::Jtl:
    return "jtl";
  case CellKind::Splitter:
    return "splitter";
  case CellKind::Merger:
    return "merger";
  case CellKind::Dff:
    return "dff";
  case CellKind::Synapse:
    return "synapse";
  case CellKind::Soma:
    return "soma";
  }
  return "?";
}

unsigned dendron::sfq::numInputs(CellKind kind) {
  switch (kind) {
  case CellKind::InputPort:
  case CellKind::ClockPort:
    return 0;
  case CellKind::Merger:
  case CellKind::Dff:
    return 2;
  case CellKind::Soma:
    return 3;
  default:
    return 1;
  }
}

unsigned dendron::sfq::numOutputs(CellKind kind) {
  switch (kind) {
  case CellKind::OutputPort:
    return 0;
  case CellKind::Splitter:
    return 2;
  default:
    return 1;
  }
}

uint32_t Netlist::addInstance(CellKind kind, int64_t param) {
  Instance inst;
  inst.kind = kind;
  inst.param = param;
  inst.in.assign(sfq::numInputs(kind), kNoNet);
  inst.out.assign(sfq::numOutputs(kind), kNoNet);
  instances.push_back(std::move(inst));
  return static_cast<uint32_t>(instances.size() - 1);
}

uint32_t Netlist::addNet() {
  nets.emplace_back();
  return static_cast<uint32_t>(nets.size() - 1);
}

void Netlist::connectDriver(uint32_t net, uint32_t inst, uint32_t pin) {
  nets[net].drivers.push_back({inst, pin});
  instances[inst].out[pin] = net;
}

void Netlist::connectSink(uint32_t net, uint32_t inst, uint32_t pin) {
  nets[net].sinks.push_back({inst, pin});
  instances[inst].in[pin] = net;
}

std::string Netlist::instanceName(uint32_t inst) const {
  const Instance &i = instances[inst];
  if (i.kind == CellKind::InputPort || i.kind == CellKind::OutputPort)
    return fmt::format("{}_{}", cellKindName(i.kind), i.param);
  return fmt::format("{}_{}", cellKindName(i.kind), inst);
}

std::optional<Netlist> dendron::sfq::mapToCells(const PulseNetwork &net,
                                                const CellLibrary &lib,
                                                std::string &error) {
  if (net.neurons.empty()) {
    error = "the network has no neurons: nothing to map to somas";
    return std::nullopt;
  }
  Netlist nl;
  nl.numInputs = net.numInputs;
  nl.numOutputs = static_cast<uint32_t>(net.neurons.size());
  uint32_t clock = nl.addInstance(CellKind::ClockPort);
  nl.clockNet = nl.addNet();
  nl.connectDriver(nl.clockNet, clock, 0);
  // The net carrying each endpoint's spikes (fan-out resolved later).
  std::vector<uint32_t> endpointNet;
  // An input nothing listens to gets a port but no DFF (nothing to drive).
  std::vector<bool> inputUsed(net.numInputs, false);
  for (const PulseSynapse &syn : net.synapses)
    if (syn.pre < net.numInputs)
      inputUsed[syn.pre] = true;
  for (uint32_t i = 0; i < net.numInputs; ++i) {
    uint32_t port = nl.addInstance(CellKind::InputPort, i);
    if (!inputUsed[i]) {
      endpointNet.push_back(kNoNet);
      continue;
    }
    uint32_t dff = nl.addInstance(CellKind::Dff);
    nl.instances[dff].endpoint = i;
    uint32_t toDff = nl.addNet();
    nl.connectDriver(toDff, port, 0);
    nl.connectSink(toDff, dff, 0);
    nl.connectSink(nl.clockNet, dff, 1);
    uint32_t out = nl.addNet();
    nl.connectDriver(out, dff, 0);
    endpointNet.push_back(out);
  }
  std::vector<uint32_t> somas;
  for (uint32_t n = 0; n < net.neurons.size(); ++n) {
    const PulseNeuron &p = net.neurons[n];
    if (p.threshold > lib.soma.maxValue) {
      error = fmt::format("neuron {}: threshold {} fluxons exceeds the soma "
                          "cell's storage, limit {}",
                          n, p.threshold, lib.soma.maxValue);
      return std::nullopt;
    }
    uint32_t soma = nl.addInstance(CellKind::Soma, p.threshold);
    Instance &s = nl.instances[soma];
    s.leakAmount = p.leakAmount;
    s.leakPeriod = p.leakPeriod;
    s.neuron = n;
    s.endpoint = net.numInputs + n;
    nl.connectSink(nl.clockNet, soma, 2);
    uint32_t out = nl.addNet();
    nl.connectDriver(out, soma, 0);
    uint32_t port = nl.addInstance(CellKind::OutputPort, n);
    nl.connectSink(out, port, 0);
    endpointNet.push_back(out);
    somas.push_back(soma);
  }
  for (const PulseSynapse &syn : net.synapses) {
    if (syn.pre >= endpointNet.size() || syn.post >= somas.size()) {
      error = fmt::format("synapse {} -> {}: endpoint does not exist", syn.pre,
                          syn.post);
      return std::nullopt;
    }
    uint32_t mag = static_cast<uint32_t>(std::abs(syn.weight));
    if (mag == 0 || mag > lib.synapse.maxValue) {
      error = fmt::format("synapse {} -> {}: weight {} pulses, limit 1..{} "
                          "(the synapse cell's pulse multiplier)",
                          syn.pre, syn.post, syn.weight, lib.synapse.maxValue);
      return std::nullopt;
    }
    if (syn.delay == 0) {
      error = fmt::format("synapse {} -> {}: delay 0, limit >= 1", syn.pre,
                          syn.post);
      return std::nullopt;
    }
    uint32_t cell = nl.addInstance(CellKind::Synapse, syn.weight);
    nl.instances[cell].delay = syn.delay;
    nl.instances[cell].neuron = syn.post;
    nl.instances[cell].endpoint = syn.pre;
    nl.connectSink(endpointNet[syn.pre], cell, 0);
    uint32_t soma = somas[syn.post];
    uint32_t pin = syn.weight > 0 ? 0 : 1;
    if (nl.instances[soma].in[pin] == kNoNet)
      nl.connectSink(nl.addNet(), soma, pin);
    uint32_t target = nl.instances[soma].in[pin];
    nl.connectDriver(target, cell, 0);
  }
  return nl;
}

void dendron::sfq::balancePaths(Netlist &nl) {
  size_t count = nl.instances.size();
  for (uint32_t syn = 0; syn < count; ++syn) {
    if (nl.instances[syn].kind != CellKind::Synapse ||
        nl.instances[syn].delay <= 1)
      continue;
    uint32_t delay = nl.instances[syn].delay;
    uint32_t net = nl.instances[syn].in[0];
    // Detach the synapse from its input net; the DFF chain goes in between.
    auto &sinks = nl.nets[net].sinks;
    sinks.erase(std::remove_if(sinks.begin(), sinks.end(),
                               [&](const PinRef &p) { return p.inst == syn; }),
                sinks.end());
    uint32_t current = net;
    for (uint32_t k = 1; k < delay; ++k) {
      uint32_t dff = nl.addInstance(CellKind::Dff);
      nl.instances[dff].endpoint = nl.instances[syn].endpoint;
      nl.instances[dff].lag = k;
      nl.connectSink(current, dff, 0);
      nl.connectSink(nl.clockNet, dff, 1);
      current = nl.addNet();
      nl.connectDriver(current, dff, 0);
    }
    nl.connectSink(current, syn, 0);
    nl.instances[syn].delay = 1;
    nl.instances[syn].lag = delay - 1;
  }
}

namespace {

/// Connects `sinks` to `net` through a balanced splitter tree.
void attachSinks(Netlist &nl, uint32_t net, std::vector<PinRef> sinks) {
  if (sinks.size() == 1) {
    nl.connectSink(net, sinks[0].inst, sinks[0].pin);
    return;
  }
  uint32_t sp = nl.addInstance(CellKind::Splitter);
  nl.connectSink(net, sp, 0);
  size_t half = (sinks.size() + 1) / 2;
  std::vector<PinRef> left(sinks.begin(), sinks.begin() + half);
  std::vector<PinRef> right(sinks.begin() + half, sinks.end());
  uint32_t a = nl.addNet();
  nl.connectDriver(a, sp, 0);
  attachSinks(nl, a, std::move(left));
  uint32_t b = nl.addNet();
  nl.connectDriver(b, sp, 1);
  attachSinks(nl, b, std::move(right));
}

/// Connects `drivers` to `net` through a balanced merger tree.
void attachDrivers(Netlist &nl, uint32_t net, std::vector<PinRef> drivers) {
  if (drivers.size() == 1) {
    nl.connectDriver(net, drivers[0].inst, drivers[0].pin);
    return;
  }
  uint32_t m = nl.addInstance(CellKind::Merger);
  nl.connectDriver(net, m, 0);
  size_t half = (drivers.size() + 1) / 2;
  std::vector<PinRef> left(drivers.begin(), drivers.begin() + half);
  std::vector<PinRef> right(drivers.begin() + half, drivers.end());
  uint32_t a = nl.addNet();
  nl.connectSink(a, m, 0);
  attachDrivers(nl, a, std::move(left));
  uint32_t b = nl.addNet();
  nl.connectSink(b, m, 1);
  attachDrivers(nl, b, std::move(right));
}

void splitNet(Netlist &nl, uint32_t net) {
  if (nl.nets[net].sinks.size() <= 1)
    return;
  std::vector<PinRef> sinks = std::move(nl.nets[net].sinks);
  nl.nets[net].sinks.clear();
  attachSinks(nl, net, std::move(sinks));
}

} // namespace

void dendron::sfq::insertSplitters(Netlist &nl) {
  size_t count = nl.nets.size();
  for (uint32_t net = 0; net < count; ++net)
    if (net != nl.clockNet)
      splitNet(nl, net);
}

void dendron::sfq::buildClockTree(Netlist &nl) {
  if (nl.clockNet != kNoNet)
    splitNet(nl, nl.clockNet);
}

void dendron::sfq::insertMergers(Netlist &nl) {
  size_t count = nl.nets.size();
  for (uint32_t net = 0; net < count; ++net) {
    if (nl.nets[net].drivers.size() <= 1)
      continue;
    std::vector<PinRef> drivers = std::move(nl.nets[net].drivers);
    nl.nets[net].drivers.clear();
    attachDrivers(nl, net, std::move(drivers));
  }
}

bool dendron::sfq::staggerMergerInputs(Netlist &nl, const CellLibrary &lib,
                                       std::string &error) {
  ArrivalTimes arrivals(nl, lib);
  int64_t separation =
      std::max(lib.merger.minSeparationTicks, lib.soma.minSeparationTicks);
  size_t count = nl.instances.size();
  for (uint32_t soma = 0; soma < count; ++soma) {
    if (nl.instances[soma].kind != CellKind::Soma)
      continue;
    for (uint32_t pin : {0u, 1u}) {
      uint32_t root = nl.instances[soma].in[pin];
      if (root == kNoNet)
        continue;
      // Leaves of the merger tree and the merger delay from each to the soma.
      struct Leaf {
        uint32_t net;
        int64_t start, trainLength;
      };
      std::vector<Leaf> leaves;
      std::vector<std::pair<uint32_t, int64_t>> stack = {{root, 0}};
      while (!stack.empty()) {
        auto [net, path] = stack.back();
        stack.pop_back();
        if (nl.nets[net].drivers.size() != 1) {
          error = fmt::format("{}: input net {} has {} drivers; run "
                              "insertMergers first",
                              nl.instanceName(soma), net,
                              nl.nets[net].drivers.size());
          return false;
        }
        PinRef d = nl.nets[net].drivers[0];
        const Instance &inst = nl.instances[d.inst];
        if (inst.kind == CellKind::Merger) {
          int64_t next = path + lib.merger.delayTicks;
          stack.push_back({inst.in[1], next});
          stack.push_back({inst.in[0], next});
          continue;
        }
        std::optional<Arrival> a = arrivals.of(net);
        if (!a) {
          error = arrivals.error.empty()
                      ? fmt::format("{}: input net {} is not timed",
                                    nl.instanceName(soma), net)
                      : arrivals.error;
          return false;
        }
        leaves.push_back({net, a->first + path, a->last - a->first});
      }
      std::stable_sort(
          leaves.begin(), leaves.end(),
          [](const Leaf &a, const Leaf &b) { return a.start < b.start; });
      int64_t nextFree = INT64_MIN;
      for (const Leaf &leaf : leaves) {
        int64_t stages = 0;
        if (leaf.start < nextFree)
          stages = (nextFree - leaf.start + lib.jtl.delayTicks - 1) /
                   lib.jtl.delayTicks;
        int64_t start = leaf.start + stages * lib.jtl.delayTicks;
        nextFree = start + leaf.trainLength + separation;
        if (stages == 0)
          continue;
        // driver -> leaf net -> JTL chain -> new net -> former sink.
        PinRef sink = nl.nets[leaf.net].sinks.at(0);
        nl.nets[leaf.net].sinks.clear();
        uint32_t jtl = nl.addInstance(CellKind::Jtl, stages);
        nl.connectSink(leaf.net, jtl, 0);
        uint32_t delayed = nl.addNet();
        nl.connectDriver(delayed, jtl, 0);
        nl.connectSink(delayed, sink.inst, sink.pin);
      }
    }
  }
  return true;
}

std::string dendron::sfq::verifyNetlist(const Netlist &nl) {
  for (uint32_t n = 0; n < nl.nets.size(); ++n) {
    const Net &net = nl.nets[n];
    if (net.drivers.empty() && net.sinks.empty())
      continue; // emptied by a stage; not emitted.
    if (net.drivers.size() != 1 || net.sinks.size() != 1)
      return fmt::format("net {}: {} drivers and {} sinks; an SFQ output "
                         "must drive exactly one input",
                         n, net.drivers.size(), net.sinks.size());
  }
  for (uint32_t i = 0; i < nl.instances.size(); ++i) {
    const Instance &inst = nl.instances[i];
    for (uint32_t p = 0; p < inst.in.size(); ++p) {
      bool optional = inst.kind == CellKind::Soma && p < 2;
      if (inst.in[p] == kNoNet && !optional)
        return fmt::format("{}: input pin {} is unconnected",
                           nl.instanceName(i), p);
    }
    for (uint32_t p = 0; p < inst.out.size(); ++p)
      if (inst.out[p] == kNoNet && inst.kind != CellKind::InputPort)
        return fmt::format("{}: output pin {} is unconnected",
                           nl.instanceName(i), p);
  }
  return {};
}

bool dendron::sfq::fixHoldViolations(Netlist &nl, const CellLibrary &lib,
                                     std::string &error) {
  std::optional<TimingReport> timing = analyzeTiming(nl, lib, error);
  if (!timing)
    return false;
  for (const EndpointTiming &e : timing->endpoints) {
    if (e.holdSlack >= 0)
      continue;
    int64_t stages =
        (-e.holdSlack + lib.jtl.delayTicks - 1) / lib.jtl.delayTicks;
    uint32_t net = nl.instances[e.inst].in[e.pin];
    nl.nets[net].sinks.clear();
    uint32_t jtl = nl.addInstance(CellKind::Jtl, stages);
    nl.connectSink(net, jtl, 0);
    uint32_t delayed = nl.addNet();
    nl.connectDriver(delayed, jtl, 0);
    nl.connectSink(delayed, e.inst, e.pin);
  }
  return true;
}

std::optional<Netlist> dendron::sfq::lowerToNetlist(const PulseNetwork &net,
                                                    const CellLibrary &lib,
                                                    std::string &error) {
  std::optional<Netlist> nl = mapToCells(net, lib, error);
  if (!nl)
    return std::nullopt;
  balancePaths(*nl);
  insertSplitters(*nl);
  buildClockTree(*nl);
  insertMergers(*nl);
  if (!staggerMergerInputs(*nl, lib, error) ||
      !fixHoldViolations(*nl, lib, error))
    return std::nullopt;
  if (std::string why = verifyNetlist(*nl); !why.empty()) {
    error = why;
    return std::nullopt;
  }
  return nl;
}
