//===- MappingTestUtil.h - Networks for the mapping tests -------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Small s16.15 networks and helpers shared by the mapping stage tests.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TESTS_RUNTIME_SPINN_MAPPING_MAPPINGTESTUTIL_H
#define DENDRON_TESTS_RUNTIME_SPINN_MAPPING_MAPPINGTESTUTIL_H

#include "dendron/Runtime/Simulator.h"
#include "dendron/Spinn/Mapping.h"

#include <gtest/gtest.h>

namespace dendron::spinn::test {

inline rt::NodeRef pop(uint32_t i) {
  return {rt::NodeRef::Kind::Population, i};
}
inline rt::NodeRef src(uint32_t i) { return {rt::NodeRef::Kind::Source, i}; }

/// An empty s16.15 network with dt = 1 ms.
inline rt::NetworkSpec fixedNetwork() {
  rt::NetworkSpec spec;
  spec.name = "net";
  spec.dt = 1e-3;
  spec.profile = rt::NumericProfile::S16_15;
  return spec;
}

inline rt::LifModel lif() {
  rt::LifModel m;
  m.tauMem = 0.02;
  m.tauSynExc = 0.005;
  m.tauSynInh = 0.01;
  m.vTh = 1.0;
  return m;
}

/// Adds a LIF population and returns its reference.
inline rt::NodeRef addLif(rt::NetworkSpec &spec, const std::string &name,
                          uint32_t size) {
  rt::Population p;
  p.name = name;
  p.size = size;
  p.model = lif();
  spec.populations.push_back(p);
  return pop(uint32_t(spec.populations.size() - 1));
}

/// Adds a Poisson source and returns its reference.
inline rt::NodeRef addPoisson(rt::NetworkSpec &spec, const std::string &name,
                              uint32_t size, double rate = 10.0) {
  rt::PoissonSource ps;
  ps.rate = rate;
  ps.seed = 7;
  spec.sources.push_back(rt::Source{name, size, ps});
  return src(uint32_t(spec.sources.size() - 1));
}

inline rt::Projection
project(rt::NodeRef pre, rt::NodeRef post, rt::Connector connector,
        rt::SynapseType type = rt::SynapseType::Excitatory) {
  rt::Projection p;
  p.pre = pre;
  p.post = post;
  p.connector = std::move(connector);
  p.synapse = type;
  return p;
}

/// A seeded fixed-probability connector with uniform weights and delays.
inline rt::ProceduralConnector randomConnector(double p, uint64_t seed,
                                               uint32_t maxDelay = 4) {
  rt::ProceduralConnector c;
  c.kind = rt::ProceduralConnector::Kind::FixedProbability;
  c.p = p;
  c.weight.kind = rt::RealDistribution::Kind::Uniform;
  c.weight.a = -0.5;
  c.weight.b = 0.75;
  c.delay.kind = rt::DelayDistribution::Kind::Uniform;
  c.delay.lo = 1;
  c.delay.hi = maxDelay;
  c.seed = seed;
  return c;
}

inline rt::OneToOneConnector oneToOne(double w, uint32_t delay = 1) {
  rt::OneToOneConnector c;
  c.weight = w;
  c.delay = delay;
  return c;
}

/// Slice sizes, in order.
inline std::vector<uint32_t> sizes(const std::vector<Slice> &slices) {
  std::vector<uint32_t> out;
  for (const Slice &s : slices)
    out.push_back(s.hi - s.lo);
  return out;
}

} // namespace dendron::spinn::test

#endif // DENDRON_TESTS_RUNTIME_SPINN_MAPPING_MAPPINGTESTUTIL_H
