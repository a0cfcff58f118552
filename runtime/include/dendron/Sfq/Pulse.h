//===- Pulse.h - The pulse numeric profile and its golden model -*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The `pulse` profile: the network as SFQ hardware computes it. Weights are
/// signed integers (pulses a synapse emits per input pulse; negative ones
/// remove fluxons), thresholds are fluxon counts, leak removes k fluxons
/// every L clock windows, and one clock window is one timestep. The exact
/// update order is specified in docs/Sfq.md; `simulatePulse` is its golden
/// model, the reference the Verilator simulation must match bit for bit.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SFQ_PULSE_H
#define DENDRON_SFQ_PULSE_H

#include "dendron/Runtime/Network.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dendron::sfq {

/// One neuron of the pulse profile (a soma cell).
struct PulseNeuron {
  uint32_t threshold = 1;  ///< fires when stored fluxons >= threshold.
  uint32_t leakAmount = 0; ///< fluxons removed per leak event (k).
  uint32_t leakPeriod = 0; ///< windows between leak events (L); 0 = none.
};

/// A synapse between two endpoints. Endpoint numbering: inputs first
/// (0 .. numInputs-1), then neurons (numInputs + neuron index).
struct PulseSynapse {
  uint32_t pre = 0;   ///< endpoint index.
  uint32_t post = 0;  ///< neuron index.
  int32_t weight = 0; ///< pulses per input pulse; negative = inhibitory.
  uint32_t delay = 1; ///< clock windows from pre's spike to post's count.
};

struct PulseNetwork {
  uint32_t numInputs = 0;
  std::vector<PulseNeuron> neurons;
  std::vector<PulseSynapse> synapses; ///< sorted by (pre, post).
  /// Names of the groups, for reports: input group g covers
  /// [inputOffsets[g], inputOffsets[g+1]); same for neurons.
  std::vector<std::string> inputNames, neuronNames;
  std::vector<uint32_t> inputOffsets, neuronOffsets;
};

struct QuantizeOptions {
  /// Pulses the largest |weight| of the network maps to; the scale
  /// (pulses per weight unit) follows from it and applies to thresholds.
  uint32_t maxPulsesPerSynapse = 4;
};

/// Quantizes a LIF/IF network to the pulse profile. Scale s = max pulses /
/// max |w|; weight -> round(w s) (synapses rounding to 0 are dropped);
/// threshold -> max(1, round(vTh s)); a leaky membrane (tauMem > 0) ->
/// leak of 1 fluxon every max(1, round(tauMem / (dt threshold))) windows,
/// i.e. the LIF's loss rate at threshold. A dendritic neuron's branches
/// (plateau, at most one step) become sub-somas appended after all point
/// neurons (threshold round(branch threshold s), leak from the branch tau)
/// that drive their soma with round(coupling amplitude s) pulses one window
/// later; projections to compartment k feed branch k. Accepts external and
/// spike-array sources as inputs. Fails (naming the population or
/// projection) on other models, sources, plasticity, biases, synaptic
/// currents, refractoriness, non-zero reset or resting potential,
/// subtractive reset and connectors that cannot be expanded.
std::optional<PulseNetwork> quantizeToPulse(const rt::NetworkSpec &spec,
                                            const QuantizeOptions &options,
                                            std::string &error);

/// Spikes per step: raster[t][i] is 1 when endpoint/neuron i spiked at t.
using Raster = std::vector<std::vector<uint8_t>>;

/// Golden model. `inputs[t][i]` says input i spikes in window t; returns the
/// neurons' spikes for windows 0 .. inputs.size()-1. Per window t, per
/// neuron: n += sum of weights of synapses whose pre spiked at t - delay;
/// n = max(n, 0); if leakPeriod > 0 and (t + 1) % leakPeriod == 0,
/// n = max(n - leakAmount, 0); if n >= threshold: spike, n = 0.
Raster simulatePulse(const PulseNetwork &net, const Raster &inputs);

} // namespace dendron::sfq

#endif // DENDRON_SFQ_PULSE_H
