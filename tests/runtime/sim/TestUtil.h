//===- TestUtil.h - Network builders for the simulator tests ----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Small helpers shared by the reference-simulator tests.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TESTS_RUNTIME_SIM_TESTUTIL_H
#define DENDRON_TESTS_RUNTIME_SIM_TESTUTIL_H

#include "dendron/Runtime/Simulator.h"

#include <gtest/gtest.h>

namespace dendron::rt::test {

inline NodeRef pop(uint32_t i) { return {NodeRef::Kind::Population, i}; }
inline NodeRef src(uint32_t i) { return {NodeRef::Kind::Source, i}; }

inline RealDistribution constant(double a) {
  RealDistribution d;
  d.a = a;
  return d;
}

/// A SpikeArray source of `size` neurons; every neuron fires at every step in
/// [first, last).
inline Source everyStep(const std::string &name, uint32_t size, uint32_t first,
                        uint32_t last) {
  SpikeArraySource a;
  for (uint32_t s = first; s < last; ++s)
    for (uint32_t n = 0; n < size; ++n) {
      a.neuron.push_back(n);
      a.step.push_back(s);
    }
  return Source{name, size, a};
}

/// A SpikeArray source with explicit (neuron, step) spikes.
inline Source spikesAt(const std::string &name, uint32_t size,
                       std::vector<uint32_t> neuron,
                       std::vector<uint32_t> step) {
  SpikeArraySource a;
  a.neuron = std::move(neuron);
  a.step = std::move(step);
  return Source{name, size, a};
}

inline Projection oneToOne(NodeRef pre, NodeRef post, double w,
                           uint32_t delay = 1,
                           SynapseType type = SynapseType::Excitatory) {
  Projection p;
  p.pre = pre;
  p.post = post;
  OneToOneConnector c;
  c.weight = w;
  c.delay = delay;
  p.connector = c;
  p.synapse = type;
  return p;
}

inline Population population(const std::string &name, uint32_t size,
                             NeuronModel model, double v0 = 0.0) {
  Population p;
  p.name = name;
  p.size = size;
  p.model = std::move(model);
  p.vInit = constant(v0);
  return p;
}

/// One neuron of `model` driven by a constant input `w` per step from step 1
/// on (a source firing at every step through a delay-1 one-to-one synapse),
/// with spikes and voltage probed.
inline NetworkSpec
drivenNeuron(NeuronModel model, double w, double dt, uint32_t steps,
             double v0 = 0.0, NumericProfile profile = NumericProfile::Float) {
  NetworkSpec net;
  net.name = "driven";
  net.dt = dt;
  net.profile = profile;
  net.populations.push_back(population("n", 1, std::move(model), v0));
  net.sources.push_back(everyStep("drive", 1, 0, steps));
  net.projections.push_back(oneToOne(src(0), pop(0), w));
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(0), ProbeVariable::Voltage});
  return net;
}

/// Runs `net`, failing the test on an error.
inline Recording run(const NetworkSpec &net, uint32_t steps,
                     unsigned threads = 1,
                     const std::vector<SpikeTrain> *external = nullptr) {
  RunOptions o;
  o.steps = steps;
  o.threads = threads;
  // Split even small test networks, so the parallel paths are exercised.
  o.minNeuronsPerThread = 0;
  o.external = external;
  std::string error;
  std::optional<Recording> rec = simulate(net, o, error);
  EXPECT_TRUE(rec.has_value()) << error;
  return rec ? std::move(*rec) : Recording();
}

/// Test-name suffix for a profile parameter.
inline std::string
profileName(const ::testing::TestParamInfo<NumericProfile> &info) {
  return info.param == NumericProfile::Float ? "Float" : "S16_15";
}

/// The CUBA benchmark (Brette et al. 2007; Vogels & Abbott 2005): 3200
/// excitatory and 800 inhibitory LIF neurons, p = 0.02, current synapses.
/// `seed` selects the connectivity and initial potentials (seed 1: connector
/// seeds 1-4, initial-potential seeds = population sizes).
inline NetworkSpec cuba(double dt = 1e-4, uint32_t n = 4000,
                        NumericProfile profile = NumericProfile::Float,
                        uint64_t seed = 1) {
  NetworkSpec net;
  net.name = "cuba";
  net.dt = dt;
  net.profile = profile;
  LifModel m;
  m.tauMem = 20e-3;
  m.vLeak = -49.0;
  m.vTh = -50.0;
  m.vReset = -60.0;
  m.tRef = 5e-3;
  m.tauSynExc = 5e-3;
  m.tauSynInh = 10e-3;
  uint32_t ne = n * 4 / 5, ni = n - ne;
  for (auto [name, size] : {std::pair{"exc", ne}, std::pair{"inh", ni}}) {
    Population p = population(name, size, m);
    p.vInit.kind = RealDistribution::Kind::Uniform;
    p.vInit.a = -60.0;
    p.vInit.b = -50.0;
    p.vInitSeed = size + ((seed - 1) << 32);
    net.populations.push_back(p);
  }
  uint64_t connectorSeed = 4 * (seed - 1) + 1;
  for (uint32_t pre = 0; pre < 2; ++pre)
    for (uint32_t post = 0; post < 2; ++post) {
      Projection p;
      p.pre = pop(pre);
      p.post = pop(post);
      ProceduralConnector c;
      c.p = 0.02;
      c.allowSelf = false;
      c.weight = constant(pre == 0 ? 1.62 : -9.0);
      c.seed = connectorSeed++;
      p.connector = c;
      p.synapse = pre == 0 ? SynapseType::Excitatory : SynapseType::Inhibitory;
      net.projections.push_back(p);
    }
  net.probes.push_back({pop(0), ProbeVariable::Spikes});
  net.probes.push_back({pop(1), ProbeVariable::Spikes});
  return net;
}

} // namespace dendron::rt::test

#endif // DENDRON_TESTS_RUNTIME_SIM_TESTUTIL_H
