//===- Pulse.cpp - The pulse numeric profile and its golden model ---------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Sfq/Pulse.h"

#include "dendron/Runtime/Expand.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

using namespace dendron;
using namespace dendron::sfq;

namespace {

/// Largest threshold the quantizer produces; the soma cell's own limit
/// (CellLibrary::soma.maxValue) is checked by the lowering.
constexpr double kMaxThreshold = 65535.0;

/// The LIF part of a population's model: the model itself or a dendritic
/// neuron's soma; nullptr for other models.
const rt::LifModel *somaOf(const rt::Population &p) {
  if (const auto *lif = std::get_if<rt::LifModel>(&p.model))
    return lif;
  if (const auto *d = std::get_if<rt::DendriticModel>(&p.model))
    return &d->soma;
  return nullptr;
}

/// Number of dendritic branches of a population (0 for point neurons).
uint32_t branchesOf(const rt::Population &p) {
  const auto *d = std::get_if<rt::DendriticModel>(&p.model);
  return d ? static_cast<uint32_t>(d->branches.size()) : 0;
}

/// Empty if population `p` has a model the pulse profile can express.
std::string checkModel(const rt::Population &p) {
  const rt::LifModel *lif = somaOf(p);
  if (!lif)
    return fmt::format("population '{}': only LIF/IF and dendritic neurons "
                       "map to SFQ somas (Izhikevich is not supported)",
                       p.name);
  if (const auto *d = std::get_if<rt::DendriticModel>(&p.model)) {
    for (size_t b = 0; b < d->branches.size(); ++b) {
      const rt::Branch &br = d->branches[b];
      if (br.nonlinearity != rt::BranchNonlinearity::Plateau ||
          br.plateauSteps > 1)
        return fmt::format("population '{}': branch {}: only plateau "
                           "branches of at most one step map to sub-somas",
                           p.name, b);
      if (!(br.threshold > 0) || !std::isfinite(br.threshold) ||
          !(br.tau >= 0) || !std::isfinite(br.amplitude * br.coupling))
        return fmt::format("population '{}': branch {}: threshold must be "
                           "positive and tau, amplitude, coupling finite",
                           p.name, b);
    }
  }
  auto bad = [&](const char *field, double v) {
    return fmt::format("population '{}': {} = {} is not supported by the "
                       "pulse profile, limit 0",
                       p.name, field, v);
  };
  if (!lif->spiking || lif->memoryless)
    return fmt::format("population '{}': non-spiking (LI/threshold) neurons "
                       "are not supported by the pulse profile",
                       p.name);
  if (lif->tauSynExc != 0)
    return bad("tauSynExc", lif->tauSynExc);
  if (lif->tauSynInh != 0)
    return bad("tauSynInh", lif->tauSynInh);
  if (lif->tRef != 0)
    return bad("tRef", lif->tRef);
  if (lif->tauAdapt != 0 || lif->adaptJump != 0)
    return bad("adaptJump", lif->adaptJump);
  if (lif->vReset != 0)
    return bad("vReset", lif->vReset);
  if (lif->vLeak != 0)
    return bad("vLeak", lif->vLeak);
  if (lif->reset != rt::ResetMode::Zero)
    return fmt::format("population '{}': subtractive reset is not supported "
                       "by the pulse profile (the soma empties its loop)",
                       p.name);
  if (!(lif->vTh > 0) || !std::isfinite(lif->vTh))
    return fmt::format("population '{}': vTh = {} must be positive", p.name,
                       lif->vTh);
  if (p.vInit.kind != rt::RealDistribution::Kind::Constant || p.vInit.a != 0)
    return fmt::format("population '{}': initial potential must be 0 in the "
                       "pulse profile",
                       p.name);
  return {};
}

} // namespace

std::optional<PulseNetwork>
dendron::sfq::quantizeToPulse(const rt::NetworkSpec &spec,
                              const QuantizeOptions &options,
                              std::string &error) {
  if (options.maxPulsesPerSynapse == 0) {
    error = "maxPulsesPerSynapse = 0, limit >= 1";
    return std::nullopt;
  }
  PulseNetwork net;
  // Endpoint numbering: every source first, then every population.
  std::vector<uint32_t> sourceBase, popBase;
  for (const rt::Source &s : spec.sources) {
    if (std::holds_alternative<rt::PoissonSource>(s.kind)) {
      error = fmt::format("source '{}': Poisson sources are not supported by "
                          "the SFQ target (drive it with external spikes)",
                          s.name);
      return std::nullopt;
    }
    sourceBase.push_back(net.numInputs);
    net.inputNames.push_back(s.name);
    net.inputOffsets.push_back(net.numInputs);
    net.numInputs += s.size;
  }
  net.inputOffsets.push_back(net.numInputs);
  uint32_t numNeurons = 0;
  uint32_t numBranches = 0;
  for (const rt::Population &p : spec.populations) {
    if (std::string why = checkModel(p); !why.empty()) {
      error = why;
      return std::nullopt;
    }
    popBase.push_back(numNeurons);
    net.neuronNames.push_back(p.name);
    net.neuronOffsets.push_back(numNeurons);
    numNeurons += p.size;
    numBranches += p.size * branchesOf(p);
  }
  // Branch sub-somas follow all point somas: neuron i's branch b of
  // population p is branchBase[p] + i * branches + b.
  std::vector<uint32_t> branchBase;
  uint32_t nextBranch = numNeurons;
  for (const rt::Population &p : spec.populations) {
    branchBase.push_back(nextBranch);
    if (branchesOf(p)) {
      net.neuronNames.push_back(p.name + ".branches");
      net.neuronOffsets.push_back(nextBranch);
    }
    nextBranch += p.size * branchesOf(p);
  }
  net.neuronOffsets.push_back(numNeurons + numBranches);

  // Expand every projection once; the scale needs the largest weight.
  struct Expanded {
    rt::SynapseList list;
    uint32_t preBase, postBase;
    int32_t compartment;
    uint32_t branches, branchBase;
  };
  std::vector<Expanded> expanded;
  double maxAbs = 0;
  for (size_t pi = 0; pi < spec.projections.size(); ++pi) {
    const rt::Projection &proj = spec.projections[pi];
    if (proj.post.kind != rt::NodeRef::Kind::Population ||
        proj.post.index >= spec.populations.size() ||
        (proj.pre.kind == rt::NodeRef::Kind::Population
             ? proj.pre.index >= spec.populations.size()
             : proj.pre.index >= spec.sources.size())) {
      error = fmt::format("projection {}: pre or post does not exist", pi);
      return std::nullopt;
    }
    if (!std::holds_alternative<std::monostate>(proj.plasticity)) {
      error = fmt::format("projection {}: plasticity is not supported by the "
                          "SFQ target",
                          pi);
      return std::nullopt;
    }
    if (!proj.bias.empty()) {
      error = fmt::format("projection {}: bias input is not supported by the "
                          "pulse profile",
                          pi);
      return std::nullopt;
    }
    uint32_t branches = branchesOf(spec.populations[proj.post.index]);
    if (proj.compartment < -1 ||
        (proj.compartment >= 0 &&
         static_cast<uint32_t>(proj.compartment) >= branches)) {
      error = fmt::format("projection {}: compartment {} does not exist "
                          "(population '{}' has {} branches)",
                          pi, proj.compartment,
                          spec.populations[proj.post.index].name, branches);
      return std::nullopt;
    }
    bool preIsPop = proj.pre.kind == rt::NodeRef::Kind::Population;
    uint32_t preSize = preIsPop ? spec.populations[proj.pre.index].size
                                : spec.sources[proj.pre.index].size;
    uint32_t postSize = spec.populations[proj.post.index].size;
    std::string why;
    auto list = rt::expandConnector(proj.connector, preSize, postSize,
                                    preIsPop && proj.pre == proj.post, why);
    if (!list) {
      error = fmt::format("projection {}: {}", pi, why);
      return std::nullopt;
    }
    for (double w : list->weight)
      maxAbs = std::max(maxAbs, std::fabs(w));
    uint32_t preBase = preIsPop ? net.numInputs + popBase[proj.pre.index]
                                : sourceBase[proj.pre.index];
    expanded.push_back({std::move(*list), preBase, popBase[proj.post.index],
                        proj.compartment, branches,
                        branchBase[proj.post.index]});
  }
  // A branch's plateau reaches the soma as coupling * amplitude.
  for (const rt::Population &p : spec.populations)
    if (const auto *d = std::get_if<rt::DendriticModel>(&p.model))
      for (const rt::Branch &b : d->branches)
        maxAbs = std::max(maxAbs, std::fabs(b.coupling * b.amplitude));
  double scale = maxAbs > 0 ? options.maxPulsesPerSynapse / maxAbs : 1.0;

  for (const Expanded &e : expanded) {
    for (size_t i = 0; i < e.list.size(); ++i) {
      long w = std::lround(e.list.weight[i] * scale);
      if (w == 0)
        continue; // below half a pulse: the synapse cell is not built.
      uint32_t post = e.compartment < 0
                          ? e.postBase + e.list.post[i]
                          : e.branchBase + e.list.post[i] * e.branches +
                                static_cast<uint32_t>(e.compartment);
      net.synapses.push_back({e.preBase + e.list.pre[i], post,
                              static_cast<int32_t>(w), e.list.delay[i]});
    }
  }
  // Each branch sub-soma drives its soma with round(coupling * amplitude
  // * s) pulses, one window later.
  for (size_t pi = 0; pi < spec.populations.size(); ++pi) {
    const auto *d =
        std::get_if<rt::DendriticModel>(&spec.populations[pi].model);
    if (!d)
      continue;
    uint32_t branches = static_cast<uint32_t>(d->branches.size());
    for (uint32_t i = 0; i < spec.populations[pi].size; ++i)
      for (uint32_t b = 0; b < branches; ++b) {
        long w = std::lround(d->branches[b].coupling *
                             d->branches[b].amplitude * scale);
        if (w != 0)
          net.synapses.push_back(
              {net.numInputs + branchBase[pi] + i * branches + b,
               popBase[pi] + i, static_cast<int32_t>(w), 1});
      }
  }
  std::stable_sort(net.synapses.begin(), net.synapses.end(),
                   [](const PulseSynapse &a, const PulseSynapse &b) {
                     return a.pre != b.pre ? a.pre < b.pre : a.post < b.post;
                   });

  for (size_t pi = 0; pi < spec.populations.size(); ++pi) {
    const rt::LifModel &lif = *somaOf(spec.populations[pi]);
    double th = std::max(1.0, std::round(lif.vTh * scale));
    if (th > kMaxThreshold) {
      error = fmt::format("population '{}': threshold {} fluxons, limit {}",
                          spec.populations[pi].name, th, kMaxThreshold);
      return std::nullopt;
    }
    PulseNeuron n;
    n.threshold = static_cast<uint32_t>(th);
    if (lif.tauMem > 0) {
      n.leakAmount = 1;
      n.leakPeriod = static_cast<uint32_t>(std::clamp(
          std::round(lif.tauMem / (spec.dt * n.threshold)), 1.0, 65535.0));
    }
    net.neurons.insert(net.neurons.end(), spec.populations[pi].size, n);
  }
  for (const rt::Population &p : spec.populations) {
    const auto *d = std::get_if<rt::DendriticModel>(&p.model);
    if (!d)
      continue;
    for (uint32_t i = 0; i < p.size; ++i)
      for (const rt::Branch &b : d->branches) {
        PulseNeuron n;
        double th = std::max(1.0, std::round(b.threshold * scale));
        if (th > kMaxThreshold) {
          error = fmt::format("population '{}': branch threshold {} fluxons, "
                              "limit {}",
                              p.name, th, kMaxThreshold);
          return std::nullopt;
        }
        n.threshold = static_cast<uint32_t>(th);
        if (b.tau > 0) {
          n.leakAmount = 1;
          n.leakPeriod = static_cast<uint32_t>(std::clamp(
              std::round(b.tau / (spec.dt * n.threshold)), 1.0, 65535.0));
        }
        net.neurons.push_back(n);
      }
  }
  return net;
}

Raster dendron::sfq::simulatePulse(const PulseNetwork &net,
                                   const Raster &inputs) {
  size_t steps = inputs.size();
  size_t numNeurons = net.neurons.size();
  Raster out(steps, std::vector<uint8_t>(numNeurons, 0));
  std::vector<int64_t> stored(numNeurons, 0), incoming(numNeurons, 0);
  auto spiked = [&](uint32_t endpoint, int64_t t) -> bool {
    if (t < 0)
      return false;
    if (endpoint < net.numInputs)
      return endpoint < inputs[t].size() && inputs[t][endpoint];
    return out[t][endpoint - net.numInputs];
  };
  for (size_t t = 0; t < steps; ++t) {
    std::fill(incoming.begin(), incoming.end(), 0);
    for (const PulseSynapse &s : net.synapses)
      if (spiked(s.pre, static_cast<int64_t>(t) - s.delay))
        incoming[s.post] += s.weight;
    for (size_t n = 0; n < numNeurons; ++n) {
      const PulseNeuron &p = net.neurons[n];
      int64_t v = std::max<int64_t>(stored[n] + incoming[n], 0);
      if (p.leakPeriod > 0 && (t + 1) % p.leakPeriod == 0)
        v = std::max<int64_t>(v - p.leakAmount, 0);
      if (v >= p.threshold) {
        out[t][n] = 1;
        v = 0;
      }
      stored[n] = v;
    }
  }
  return out;
}
