//===- MappingCommon.cpp - Helpers shared by the mapping stages -----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "MappingCommon.h"

#include "dendron/Runtime/Expand.h"

#include <algorithm>
#include <fmt/format.h>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::detail;

std::string detail::nodeName(const rt::NetworkSpec &spec,
                             const rt::NodeRef &node) {
  if (node.kind == rt::NodeRef::Kind::Population)
    return node.index < spec.populations.size()
               ? fmt::format("'{}'", spec.populations[node.index].name)
               : fmt::format("population #{}", node.index);
  return node.index < spec.sources.size()
             ? fmt::format("'{}'", spec.sources[node.index].name)
             : fmt::format("source #{}", node.index);
}

uint32_t detail::nodeSize(const rt::NetworkSpec &spec,
                          const rt::NodeRef &node) {
  return node.kind == rt::NodeRef::Kind::Population
             ? spec.populations[node.index].size
             : spec.sources[node.index].size;
}

uint32_t detail::nodeId(const rt::NetworkSpec &spec, const rt::NodeRef &node) {
  return node.kind == rt::NodeRef::Kind::Population
             ? node.index
             : uint32_t(spec.populations.size()) + node.index;
}

uint32_t detail::numNodes(const rt::NetworkSpec &spec) {
  return uint32_t(spec.populations.size() + spec.sources.size());
}

std::string detail::costModelName(const rt::NetworkSpec &spec,
                                  const rt::NodeRef &node) {
  if (node.kind == rt::NodeRef::Kind::Population) {
    const rt::NeuronModel &m = spec.populations[node.index].model;
    if (std::holds_alternative<rt::LifModel>(m))
      return "lif";
    if (std::holds_alternative<rt::IzhikevichModel>(m))
      return "izhikevich";
    return "dendritic";
  }
  const auto &kind = spec.sources[node.index].kind;
  if (std::holds_alternative<rt::SpikeArraySource>(kind))
    return "spike_array";
  if (std::holds_alternative<rt::PoissonSource>(kind))
    return "poisson";
  return "external";
}

static uint32_t numBranches(const rt::NetworkSpec &spec,
                            const rt::NodeRef &node) {
  if (node.kind != rt::NodeRef::Kind::Population)
    return 0;
  if (auto *den =
          std::get_if<rt::DendriticModel>(&spec.populations[node.index].model))
    return uint32_t(den->branches.size());
  return 0;
}

uint32_t detail::nodeChannels(const rt::NetworkSpec &spec,
                              const rt::NodeRef &node) {
  if (node.kind != rt::NodeRef::Kind::Population)
    return 0;
  return 2 + numBranches(spec, node);
}

uint32_t detail::ringDepth(const rt::NetworkSpec &spec,
                           const rt::NodeRef &node) {
  // As the reference simulator: 1 without input, else max(1, delays) + 1.
  uint32_t depth = 1;
  for (const rt::Projection &p : spec.projections)
    if (p.post == node)
      depth = std::max(
          depth, std::max<uint32_t>(1, rt::maxConnectorDelay(p.connector)) + 1);
  return depth;
}

bool detail::hasBias(const rt::NetworkSpec &spec, const rt::NodeRef &node) {
  for (const rt::Projection &p : spec.projections)
    if (p.post == node && !p.bias.empty())
      return true;
  return false;
}

uint64_t detail::stateBytesPerNeuron(const rt::NetworkSpec &spec,
                                     const rt::NodeRef &node) {
  if (node.kind != rt::NodeRef::Kind::Population) {
    // Sources: a spike-list cursor or a Poisson stream counter, and the
    // neuron's key offset.
    return 8;
  }
  const rt::NeuronModel &m = spec.populations[node.index].model;
  // s16.15 words: LIF v, iExc, iInh, adapt + refractory counter;
  // Izhikevich v, u, iSyn; dendritic: the LIF soma plus d, o and a plateau
  // counter per branch.
  if (std::holds_alternative<rt::IzhikevichModel>(m))
    return 12;
  return 20 + 12 * uint64_t(numBranches(spec, node));
}

uint64_t detail::dataBytesPerNeuron(const rt::NetworkSpec &spec,
                                    const rt::NodeRef &node) {
  uint64_t bytes = stateBytesPerNeuron(spec, node);
  if (node.kind != rt::NodeRef::Kind::Population)
    return bytes;
  uint64_t channels = nodeChannels(spec, node);
  bytes += uint64_t(ringDepth(spec, node)) * channels * kAccumulatorBytes;
  if (hasBias(spec, node))
    bytes += channels * kAccumulatorBytes;
  return bytes;
}

uint64_t detail::dataBytesFixed(const rt::NetworkSpec &spec,
                                const rt::NodeRef &node) {
  if (node.kind != rt::NodeRef::Kind::Population)
    return kCoreFixedBytes;
  return kCoreFixedBytes + kModelParamBytes +
         kBranchParamBytes * numBranches(spec, node) + kRowBufferBytes;
}

uint32_t SliceIndex::sliceOf(const std::vector<Slice> &slices, uint32_t node,
                             uint32_t neuron) const {
  // Last slice of the node whose lo <= neuron.
  uint32_t lo = first[node], hi = first[node + 1];
  while (hi - lo > 1) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (slices[mid].lo <= neuron)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

bool detail::buildSliceIndex(const rt::NetworkSpec &spec,
                             const std::vector<Slice> &slices,
                             SliceIndex &index, std::string &error) {
  uint32_t nodes = numNodes(spec);
  index.first.assign(nodes + 1, 0);
  size_t s = 0;
  for (uint32_t n = 0; n < nodes; ++n) {
    rt::NodeRef ref = n < spec.populations.size()
                          ? rt::NodeRef{rt::NodeRef::Kind::Population, n}
                          : rt::NodeRef{rt::NodeRef::Kind::Source,
                                        n - uint32_t(spec.populations.size())};
    index.first[n] = uint32_t(s);
    uint32_t next = 0, size = nodeSize(spec, ref);
    while (s < slices.size() && slices[s].node == ref) {
      if (slices[s].lo != next || slices[s].hi <= slices[s].lo ||
          slices[s].hi > size) {
        error = fmt::format("slice {} of {} is [{}, {}): slices must cover "
                            "the node's {} neurons in order, without gaps",
                            s, nodeName(spec, ref), slices[s].lo, slices[s].hi,
                            size);
        return false;
      }
      next = slices[s].hi;
      ++s;
    }
    if (next != size) {
      error = fmt::format("slices of {} cover {} of its {} neurons (slices "
                          "must be ordered populations first, then sources)",
                          nodeName(spec, ref), next, size);
      return false;
    }
  }
  index.first[nodes] = uint32_t(s);
  if (s != slices.size()) {
    error = fmt::format("slice {} does not belong to a node in order "
                        "(slices must be ordered populations first, then "
                        "sources, by ascending lo)",
                        s);
    return false;
  }
  return true;
}

std::vector<std::vector<uint32_t>>
detail::sliceTargets(const rt::NetworkSpec &spec,
                     const std::vector<Slice> &slices,
                     const SliceIndex &index) {
  std::vector<std::vector<uint32_t>> targets(slices.size());
  for (const rt::Projection &p : spec.projections) {
    uint32_t pre = nodeId(spec, p.pre), post = nodeId(spec, p.post);
    uint32_t preFirst = index.first[pre], preEnd = index.first[pre + 1];
    uint32_t postFirst = index.first[post], postEnd = index.first[post + 1];
    if (auto *one = std::get_if<rt::OneToOneConnector>(&p.connector)) {
      (void)one;
      // Neuron i -> neuron i: the post slices overlapping [lo, hi).
      for (uint32_t s = preFirst; s < preEnd; ++s)
        for (uint32_t t = postFirst; t < postEnd; ++t)
          if (slices[t].lo < slices[s].hi && slices[s].lo < slices[t].hi)
            targets[s].push_back(t);
    } else if (auto *sparse = std::get_if<rt::SparseConnector>(&p.connector)) {
      for (size_t k = 0; k < sparse->pre.size(); ++k)
        targets[index.sliceOf(slices, pre, sparse->pre[k])].push_back(
            index.sliceOf(slices, post, sparse->post[k]));
    } else {
      for (uint32_t s = preFirst; s < preEnd; ++s)
        for (uint32_t t = postFirst; t < postEnd; ++t)
          targets[s].push_back(t);
    }
    // Keep the lists short while projections accumulate.
    for (uint32_t s = preFirst; s < preEnd; ++s) {
      std::sort(targets[s].begin(), targets[s].end());
      targets[s].erase(std::unique(targets[s].begin(), targets[s].end()),
                       targets[s].end());
    }
  }
  return targets;
}
