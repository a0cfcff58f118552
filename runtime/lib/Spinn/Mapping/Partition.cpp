//===- Partition.cpp - Populations and sources into per-core slices -------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Stage 2 (docs/Mapping.md, "Partitioning"): every node is cut into balanced
// slices no larger than the smallest of four bounds: the user's neurons per
// core, the synaptic word's 12-bit index field, the core's data memory and
// the timestep's cycle budget at the expected firing rate.
//
//===----------------------------------------------------------------------===//

#include "MappingCommon.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::detail;

namespace {

/// Expected synapses per post neuron of a projection (its mean in-degree),
/// from the connector's parameters without expanding it.
double expectedInDegree(const rt::Projection &p, uint32_t preSize,
                        uint32_t postSize) {
  double post = std::max<uint32_t>(postSize, 1);
  if (auto *d = std::get_if<rt::DenseConnector>(&p.connector))
    return double(d->weights.size()) / post;
  if (auto *s = std::get_if<rt::SparseConnector>(&p.connector))
    return double(s->pre.size()) / post;
  if (std::holds_alternative<rt::OneToOneConnector>(p.connector))
    return 1.0;
  if (auto *c = std::get_if<rt::Conv2dConnector>(&p.connector))
    return double(c->inChannels / std::max<uint32_t>(c->groups, 1)) *
           c->kernelH * c->kernelW;
  if (auto *pool = std::get_if<rt::Pool2dConnector>(&p.connector))
    return double(pool->kernelH) * pool->kernelW;
  const auto &proc = std::get<rt::ProceduralConnector>(p.connector);
  switch (proc.kind) {
  case rt::ProceduralConnector::Kind::FixedProbability:
    return proc.p * preSize;
  case rt::ProceduralConnector::Kind::FixedInDegree:
    return double(proc.count);
  case rt::ProceduralConnector::Kind::FixedTotal:
    return double(proc.count) / post;
  }
  return 0.0;
}

/// The per-core cycle model of one node as a function of its slice size.
struct CycleModel {
  double perNeuron = 0.0; ///< update + expected synaptic words [cycles].
  /// Per distinct pre node: its size and the summed in-degree of its
  /// projections into this node.
  std::vector<std::pair<double, double>> preNodes;
  double packetCost = 0.0;    ///< cycles per packet received.
  double spikesPerStep = 0.0; ///< expected spikes per neuron per step.

  /// Expected cycles per timestep of a core holding n neurons: each neuron
  /// updates and processes its expected synaptic words; each distinct pre
  /// neuron that reaches the core (at most min(pre size, n * in-degree))
  /// costs one packet per spike.
  double cycles(uint32_t n) const {
    double total = perNeuron * n;
    for (auto [preSize, inDegree] : preNodes)
      total += std::min(preSize, n * inDegree) * spikesPerStep * packetCost;
    return total;
  }
};

CycleModel cycleModel(const rt::NetworkSpec &spec,
                      const machine::MachineModel &machine,
                      const rt::NodeRef &node, double rateHz) {
  const machine::CycleCosts &costs = machine.cycleCosts;
  CycleModel m;
  m.spikesPerStep = rateHz * spec.dt;
  m.packetCost = costs.perPacketReceived;
  m.perNeuron = costs.neuronUpdateCost(costModelName(spec, node));
  std::map<uint32_t, std::pair<double, double>> byPre;
  double wordCost =
      costs.perSynapticWord + double(kWordBytes) * costs.perDmaByte;
  for (const rt::Projection &p : spec.projections) {
    if (!(p.post == node))
      continue;
    uint32_t preSize = nodeSize(spec, p.pre);
    double inDegree = expectedInDegree(p, preSize, nodeSize(spec, node));
    m.perNeuron += inDegree * m.spikesPerStep * wordCost;
    auto &entry = byPre[nodeId(spec, p.pre)];
    entry.first = preSize;
    entry.second += inDegree;
  }
  for (auto &kv : byPre)
    m.preNodes.push_back(kv.second);
  return m;
}

} // namespace

static std::optional<std::vector<Slice>>
partitionImpl(const rt::NetworkSpec &spec, const machine::MachineModel &machine,
              const MappingOptions &options, std::string &error) {
  if (options.maxNeuronsPerCore == 0) {
    error = "maximum neurons per core must be at least 1";
    return std::nullopt;
  }
  const double budget = double(machine.clockHz) * spec.dt;
  std::vector<Slice> slices;
  for (uint32_t n = 0; n < numNodes(spec); ++n) {
    rt::NodeRef node = n < spec.populations.size()
                           ? rt::NodeRef{rt::NodeRef::Kind::Population, n}
                           : rt::NodeRef{rt::NodeRef::Kind::Source,
                                         n - uint32_t(spec.populations.size())};
    uint32_t size = nodeSize(spec, node);
    if (size == 0)
      continue; // nothing to run (validation rejects empty nodes anyway)
    uint32_t channels = nodeChannels(spec, node);
    if (channels > kMaxChannels) {
      error = fmt::format("population {} has {} input channels (2 + {} "
                          "dendritic branches), the spinnaker target "
                          "supports at most {}",
                          nodeName(spec, node), channels, channels - 2,
                          kMaxChannels);
      return std::nullopt;
    }

    // Data memory: a hard bound.
    uint64_t perNeuron = dataBytesPerNeuron(spec, node);
    uint64_t fixed =
        dataBytesFixed(spec, node) + (node.kind == rt::NodeRef::Kind::Population
                                          ? kMasterPopAllowanceBytes
                                          : 0);
    uint64_t memoryCap = machine.coreDataMemory > fixed
                             ? (machine.coreDataMemory - fixed) / perNeuron
                             : 0;
    if (memoryCap == 0) {
      error = fmt::format(
          "{} does not fit on a core: one neuron needs {} bytes of data "
          "memory ({} bytes per neuron + {} bytes per core), limit {} bytes",
          nodeName(spec, node), perNeuron + fixed, perNeuron, fixed,
          machine.coreDataMemory);
      return std::nullopt;
    }
    uint32_t cap = uint32_t(std::min<uint64_t>(
        {memoryCap, options.maxNeuronsPerCore, kMaxNeuronsPerCore, size}));

    // Cycle budget: bounds the slice, but a core holds at least one neuron.
    CycleModel model = cycleModel(spec, machine, node, options.expectedRateHz);
    if (model.cycles(cap) > budget) {
      uint32_t lo = 1, hi = cap; // largest n in [1, cap] within budget
      while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (model.cycles(mid) <= budget)
          lo = mid;
        else
          hi = mid - 1;
      }
      cap = lo;
    }

    // Balanced slices: sizes differ by at most one, larger ones first.
    uint32_t count = uint32_t((uint64_t(size) + cap - 1) / cap);
    uint32_t base = size / count, larger = size % count, lo = 0;
    for (uint32_t k = 0; k < count; ++k) {
      uint32_t hi = lo + base + (k < larger ? 1 : 0);
      slices.push_back(Slice{node, lo, hi});
      lo = hi;
    }
  }
  return slices;
}

std::optional<std::vector<Slice>>
spinn::partitionNetwork(const rt::NetworkSpec &spec,
                        const machine::MachineModel &machine,
                        const MappingOptions &options, std::string &error) {
  return guardMemory(error, "partitioning", [&] {
    return partitionImpl(spec, machine, options, error);
  });
}
