//===- Expand.h - Connectors to synapse lists -------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Expansion of every Connector kind into an explicit synapse list. The
/// result is a pure function of the connector (including its seed) and the
/// population sizes: it does not depend on the thread count. Its order is
/// part of the semantics (docs/Semantics.md, "Connectors"): sorted by pre,
/// then post, then generation order.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_EXPAND_H
#define DENDRON_RUNTIME_EXPAND_H

#include "dendron/Runtime/Network.h"
#include "dendron/Runtime/Rng.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dendron::rt {

/// Largest delay any connector may use [steps].
constexpr uint32_t kMaxDelay = 65535;

/// Explicit synapses, structure of arrays, sorted by (pre, post, generation).
struct SynapseList {
  std::vector<uint32_t> pre, post;
  std::vector<uint32_t> delay; ///< [steps], >= 1.
  std::vector<double> weight;
  size_t size() const { return pre.size(); }
};

/// Output height/width of a convolution or pooling window along one axis:
/// floor((in + 2 pad - dilation (kernel - 1) - 1) / stride) + 1, or 0 when
/// the (padded) input is smaller than the dilated kernel.
uint64_t windowOutputSize(uint64_t in, uint64_t kernel, uint64_t stride,
                          uint64_t pad, uint64_t dilation);

/// Empty if `connector` can be expanded between populations of the given
/// sizes; otherwise a message (without a "projection N:" prefix) naming the
/// offending field. Checks sizes, shapes, delays in [1, kMaxDelay], finite
/// weights and feasible procedural counts. `samePopulation` says pre and post
/// are the same node (only then allowSelf matters).
std::string checkConnector(const Connector &connector, uint32_t preSize,
                           uint32_t postSize, bool samePopulation);

/// Expands `connector`. Runs checkConnector first; on failure (or when memory
/// runs out) returns std::nullopt and sets `error`. `threads` only speeds up
/// procedural connectors; the result is identical for every value.
std::optional<SynapseList>
expandConnector(const Connector &connector, uint32_t preSize, uint32_t postSize,
                bool samePopulation, std::string &error, unsigned threads = 1);

/// One draw of `d` from `s`: Constant a (no draw); Uniform a + (b - a) u
/// (one draw); Normal a + b n (two draws, Box-Muller).
double sampleReal(const RealDistribution &d, Stream &s);

/// One draw of `d` from `s`: Constant lo (no draw); Uniform
/// lo + s.uniformInt(hi - lo + 1).
uint32_t sampleDelay(const DelayDistribution &d, Stream &s);

/// Largest delay used by `connector` [steps] (without expanding it).
uint32_t maxConnectorDelay(const Connector &connector);

/// Stable sort of `list` by (pre, post); generation order breaks ties.
void sortSynapses(SynapseList &list);

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_EXPAND_H
