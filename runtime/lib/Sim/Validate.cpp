//===- Validate.cpp - Checks of an untrusted NetworkSpec ------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Discretize.h"
#include "dendron/Runtime/Expand.h"
#include "dendron/Runtime/Simulator.h"

#include <cmath>
#include <fmt/format.h>
#include <unordered_map>

using namespace dendron::rt;

namespace {

/// Refractory periods longer than this many steps are rejected.
constexpr double kMaxRefractorySteps = 2147483647.0;

std::string nodeName(const NetworkSpec &spec, const NodeRef &r) {
  if (r.kind == NodeRef::Kind::Population)
    return r.index < spec.populations.size()
               ? fmt::format("'{}'", spec.populations[r.index].name)
               : fmt::format("population #{}", r.index);
  return r.index < spec.sources.size()
             ? fmt::format("'{}'", spec.sources[r.index].name)
             : fmt::format("source #{}", r.index);
}

/// "" if `r` names an existing node, else a message.
std::string checkRef(const NetworkSpec &spec, const NodeRef &r,
                     const char *role) {
  if (r.kind == NodeRef::Kind::Population) {
    if (r.index >= spec.populations.size())
      return fmt::format("{} population index {} out of range (network has {} "
                         "populations)",
                         role, r.index, spec.populations.size());
  } else if (r.index >= spec.sources.size()) {
    return fmt::format("{} source index {} out of range (network has {} "
                       "sources)",
                       role, r.index, spec.sources.size());
  }
  return "";
}

uint32_t nodeSize(const NetworkSpec &spec, const NodeRef &r) {
  return r.kind == NodeRef::Kind::Population ? spec.populations[r.index].size
                                             : spec.sources[r.index].size;
}

std::string checkTau(const char *name, double tau, double dt,
                     Integrator integrator) {
  if (!std::isfinite(tau) || tau < 0)
    return fmt::format("{} = {} s must be a finite number >= 0", name, tau);
  if (integrator == Integrator::Euler && tau > 0 && tau < dt)
    return fmt::format("{} = {} s is shorter than dt = {} s, which the Euler "
                       "integrator cannot represent (decay 1 - dt/tau < 0)",
                       name, tau, dt);
  return "";
}

std::string checkFinite(const char *name, double x) {
  if (std::isfinite(x))
    return "";
  return fmt::format("{} = {} is not a finite number", name, x);
}

#define DENDRON_CHECK(expr)                                                    \
  do {                                                                         \
    if (std::string e_ = (expr); !e_.empty())                                  \
      return e_;                                                               \
  } while (false)

std::string checkLif(const LifModel &m, double dt) {
  DENDRON_CHECK(checkTau("tauMem", m.tauMem, dt, m.integrator));
  DENDRON_CHECK(checkTau("tauSynExc", m.tauSynExc, dt, m.integrator));
  DENDRON_CHECK(checkTau("tauSynInh", m.tauSynInh, dt, m.integrator));
  DENDRON_CHECK(checkTau("tauAdapt", m.tauAdapt, dt, m.integrator));
  DENDRON_CHECK(checkFinite("vLeak", m.vLeak));
  DENDRON_CHECK(checkFinite("vTh", m.vTh));
  DENDRON_CHECK(checkFinite("vReset", m.vReset));
  DENDRON_CHECK(checkFinite("r", m.r));
  DENDRON_CHECK(checkFinite("adaptJump", m.adaptJump));
  if (!std::isfinite(m.tRef) || m.tRef < 0)
    return fmt::format("tRef = {} s must be a finite number >= 0", m.tRef);
  if (std::round(m.tRef / dt) > kMaxRefractorySteps)
    return fmt::format("tRef = {} s is more than {} steps", m.tRef,
                       kMaxRefractorySteps);
  return "";
}

std::string checkModel(const NeuronModel &model, double dt) {
  if (auto *lif = std::get_if<LifModel>(&model))
    return checkLif(*lif, dt);
  if (auto *izh = std::get_if<IzhikevichModel>(&model)) {
    DENDRON_CHECK(checkTau("tauSyn", izh->tauSyn, dt, Integrator::Exact));
    DENDRON_CHECK(checkFinite("a", izh->a));
    DENDRON_CHECK(checkFinite("b", izh->b));
    DENDRON_CHECK(checkFinite("c", izh->c));
    DENDRON_CHECK(checkFinite("d", izh->d));
    return checkFinite("vPeak", izh->vPeak);
  }
  const auto &den = std::get<DendriticModel>(model);
  DENDRON_CHECK(checkLif(den.soma, dt));
  for (size_t k = 0; k < den.branches.size(); ++k) {
    const Branch &b = den.branches[k];
    std::string e = checkTau("tau", b.tau, dt, den.soma.integrator);
    if (e.empty())
      e = checkFinite("threshold", b.threshold);
    if (e.empty())
      e = checkFinite("amplitude", b.amplitude);
    if (e.empty())
      e = checkFinite("gain", b.gain);
    if (e.empty())
      e = checkFinite("slope", b.slope);
    if (e.empty())
      e = checkFinite("coupling", b.coupling);
    if (e.empty() && b.nonlinearity == BranchNonlinearity::Sigmoid &&
        !(b.slope > 0))
      e = fmt::format("slope = {} must be > 0 for a sigmoid branch", b.slope);
    if (!e.empty())
      return fmt::format("branch {}: {}", k, e);
  }
  return "";
}

std::string checkDistribution(const RealDistribution &d, const char *what,
                              bool fixed) {
  if (!std::isfinite(d.a) || !std::isfinite(d.b))
    return fmt::format("{} distribution parameters must be finite", what);
  if (d.kind == RealDistribution::Kind::Uniform && d.a > d.b)
    return fmt::format("{} distribution uniform({}, {}) has low > high", what,
                       d.a, d.b);
  if (d.kind == RealDistribution::Kind::Normal && d.b < 0)
    return fmt::format("{} distribution normal({}, {}) has a negative standard "
                       "deviation",
                       what, d.a, d.b);
  if (fixed) {
    if (auto e = checkFixedValue(what, d.a))
      return e->message;
    if (d.kind == RealDistribution::Kind::Uniform)
      if (auto e = checkFixedValue(what, d.b))
        return e->message;
  }
  return "";
}

std::string checkPlasticity(const NetworkSpec &spec, const Plasticity &rule) {
  const StdpRule *pairing = std::get_if<StdpRule>(&rule);
  const ThreeFactorRule *tf = std::get_if<ThreeFactorRule>(&rule);
  if (tf)
    pairing = &tf->pairing;
  if (!pairing)
    return "";
  auto positive = [](const char *name, double tau) -> std::string {
    if (std::isfinite(tau) && tau > 0)
      return "";
    return fmt::format("plasticity {} = {} s must be a finite number > 0", name,
                       tau);
  };
  DENDRON_CHECK(positive("tauPlus", pairing->tauPlus));
  DENDRON_CHECK(positive("tauMinus", pairing->tauMinus));
  DENDRON_CHECK(checkFinite("aPlus", pairing->aPlus));
  DENDRON_CHECK(checkFinite("aMinus", pairing->aMinus));
  DENDRON_CHECK(checkFinite("wMin", pairing->wMin));
  DENDRON_CHECK(checkFinite("wMax", pairing->wMax));
  if (pairing->wMin > pairing->wMax)
    return fmt::format("plasticity wMin = {} is larger than wMax = {}",
                       pairing->wMin, pairing->wMax);
  if (tf) {
    DENDRON_CHECK(positive("tauEligibility", tf->tauEligibility));
    DENDRON_CHECK(positive("tauModulator", tf->tauModulator));
    DENDRON_CHECK(checkFinite("learningRate", tf->learningRate));
    if (std::string e = checkRef(spec, tf->modulator, "modulator"); !e.empty())
      return e;
  }
  if (spec.profile == NumericProfile::S16_15) {
    auto r = fixedPlasticityConstants(rule, spec.dt);
    if (auto *e = std::get_if<QuantizeError>(&r))
      return e->message;
  }
  return "";
}

/// S16_15 range checks of the weights a connector stores explicitly.
std::string checkFixedWeights(const Connector &c) {
  auto check = [](const std::vector<double> &ws) -> std::string {
    for (size_t k = 0; k < ws.size(); ++k)
      if (auto e = checkFixedWeight(ws[k]))
        return fmt::format("weight {}: {}", k, e->message);
    return "";
  };
  if (auto *d = std::get_if<DenseConnector>(&c))
    return check(d->weights);
  if (auto *s = std::get_if<SparseConnector>(&c))
    return check(s->weights);
  if (auto *v = std::get_if<Conv2dConnector>(&c))
    return check(v->weights);
  if (auto *o = std::get_if<OneToOneConnector>(&c))
    return check({o->weight});
  if (auto *p = std::get_if<Pool2dConnector>(&c); p && p->average)
    return check({1.0 / (double(p->kernelH) * double(p->kernelW))});
  if (auto *p = std::get_if<ProceduralConnector>(&c))
    return checkDistribution(p->weight, "weight", true);
  return "";
}

std::string checkProjection(const NetworkSpec &spec, const Projection &p) {
  DENDRON_CHECK(checkRef(spec, p.pre, "pre"));
  if (p.post.kind != NodeRef::Kind::Population)
    return "post must be a population, not a source";
  DENDRON_CHECK(checkRef(spec, p.post, "post"));
  const Population &post = spec.populations[p.post.index];
  if (p.compartment < -1)
    return fmt::format("compartment {} is invalid (-1 = soma, k >= 0 = "
                       "branch k)",
                       p.compartment);
  if (p.compartment >= 0) {
    const auto *den = std::get_if<DendriticModel>(&post.model);
    size_t n = den ? den->branches.size() : 0;
    if (size_t(p.compartment) >= n)
      return fmt::format("compartment {} does not exist: population '{}' has "
                         "{} dendritic branches",
                         p.compartment, post.name, n);
  }
  bool same = p.pre == p.post;
  DENDRON_CHECK(
      checkConnector(p.connector, nodeSize(spec, p.pre), post.size, same));
  if (spec.profile == NumericProfile::S16_15)
    DENDRON_CHECK(checkFixedWeights(p.connector));
  if (!p.bias.empty() && p.bias.size() != post.size)
    return fmt::format("bias has {} values but the post population '{}' has "
                       "{} neurons (one value per post neuron, or none)",
                       p.bias.size(), post.name, post.size);
  for (size_t k = 0; k < p.bias.size(); ++k) {
    if (!std::isfinite(p.bias[k]))
      return fmt::format("bias {} = {} is not finite", k, p.bias[k]);
    if (spec.profile == NumericProfile::S16_15)
      if (auto e = checkFixedBias(p.bias[k]))
        return fmt::format("bias {}: {}", k, e->message);
  }
  return checkPlasticity(spec, p.plasticity);
}

std::string checkRunInputs(const NetworkSpec &spec, const RunOptions &run) {
  for (const Source &s : spec.sources) {
    if (!std::holds_alternative<ExternalSource>(s.kind))
      continue;
    const SpikeTrain *train = nullptr;
    if (run.external)
      for (const SpikeTrain &t : *run.external)
        if (t.name == s.name) {
          if (train)
            return fmt::format("source '{}': two external spike trains are "
                               "named '{}'",
                               s.name, s.name);
          train = &t;
        }
    if (!train)
      return fmt::format("source '{}': external input missing (no spike train "
                         "named '{}' was supplied)",
                         s.name, s.name);
    if (train->neuron.size() != train->step.size())
      return fmt::format("source '{}': external spike train has {} neuron "
                         "indices but {} steps",
                         s.name, train->neuron.size(), train->step.size());
    for (size_t k = 0; k < train->neuron.size(); ++k)
      if (train->neuron[k] >= s.size)
        return fmt::format("source '{}': external spike {} has neuron index "
                           "{}, out of range (source has {} neurons)",
                           s.name, k, train->neuron[k], s.size);
  }
  return "";
}

} // namespace

std::string dendron::rt::validate(const NetworkSpec &spec,
                                  const RunOptions *run) {
  if (!std::isfinite(spec.dt) || !(spec.dt > 0))
    return fmt::format("network: dt = {} s must be a positive finite number",
                       spec.dt);
  bool fixed = spec.profile == NumericProfile::S16_15;

  std::unordered_map<std::string, int> names;
  auto checkName = [&](const std::string &name, const char *kind,
                       size_t index) -> std::string {
    if (name.empty())
      return fmt::format("{} {}: name must not be empty", kind, index);
    if (!names.emplace(name, 0).second)
      return fmt::format("{} {} ('{}'): duplicate node name '{}'", kind, index,
                         name, name);
    return "";
  };

  for (size_t k = 0; k < spec.populations.size(); ++k) {
    const Population &p = spec.populations[k];
    DENDRON_CHECK(checkName(p.name, "population", k));
    auto fail = [&](const std::string &m) {
      return fmt::format("population '{}': {}", p.name, m);
    };
    if (p.size == 0)
      return fail("size must be at least 1");
    if (std::string e = checkModel(p.model, spec.dt); !e.empty())
      return fail(e);
    if (std::string e = checkDistribution(p.vInit, "vInit", fixed); !e.empty())
      return fail(e);
    if (fixed) {
      auto r = fixedConstants(p.model, spec.dt);
      if (auto *e = std::get_if<QuantizeError>(&r))
        return fail(e->message);
    }
  }

  for (size_t k = 0; k < spec.sources.size(); ++k) {
    const Source &s = spec.sources[k];
    DENDRON_CHECK(checkName(s.name, "source", k));
    auto fail = [&](const std::string &m) {
      return fmt::format("source '{}': {}", s.name, m);
    };
    if (s.size == 0)
      return fail("size must be at least 1");
    if (auto *a = std::get_if<SpikeArraySource>(&s.kind)) {
      if (a->neuron.size() != a->step.size())
        return fail(fmt::format("spike array has {} neuron indices but {} "
                                "steps",
                                a->neuron.size(), a->step.size()));
      for (size_t i = 0; i < a->neuron.size(); ++i)
        if (a->neuron[i] >= s.size)
          return fail(fmt::format("spike {} has neuron index {}, out of range "
                                  "(source has {} neurons)",
                                  i, a->neuron[i], s.size));
    } else if (auto *pois = std::get_if<PoissonSource>(&s.kind)) {
      if (!std::isfinite(pois->rate) || pois->rate < 0)
        return fail(fmt::format("Poisson rate = {} Hz must be a finite number "
                                ">= 0",
                                pois->rate));
    }
  }

  for (size_t k = 0; k < spec.projections.size(); ++k) {
    const Projection &p = spec.projections[k];
    if (std::string e = checkProjection(spec, p); !e.empty()) {
      bool refsOk = checkRef(spec, p.pre, "pre").empty() &&
                    checkRef(spec, p.post, "post").empty();
      if (refsOk)
        return fmt::format("projection {} ({} -> {}): {}", k,
                           nodeName(spec, p.pre), nodeName(spec, p.post), e);
      return fmt::format("projection {}: {}", k, e);
    }
  }

  for (size_t k = 0; k < spec.probes.size(); ++k) {
    const Probe &pr = spec.probes[k];
    auto fail = [&](const std::string &m) {
      return fmt::format("probe {}: {}", k, m);
    };
    if (std::string e = checkRef(spec, pr.node, "node"); !e.empty())
      return fail(e);
    if (pr.variable == ProbeVariable::Spikes)
      continue;
    if (pr.node.kind != NodeRef::Kind::Population)
      return fail(fmt::format(
          "source {} has no {} to record", nodeName(spec, pr.node),
          pr.variable == ProbeVariable::Voltage ? "membrane voltage"
                                                : "branch activation"));
    const Population &pop = spec.populations[pr.node.index];
    if (pr.variable == ProbeVariable::BranchActivation) {
      const auto *den = std::get_if<DendriticModel>(&pop.model);
      if (!den || den->branches.empty())
        return fail(fmt::format("population '{}' has no dendritic branches to "
                                "record",
                                pop.name));
    }
  }

  if (run)
    return checkRunInputs(spec, *run);
  return "";
}
