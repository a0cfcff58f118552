//===- Network.h - Plain-data description of a spiking network --*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The network as the runtime sees it: plain structs with no MLIR dependency.
/// The compiler translates an `snn.network` into a `NetworkSpec`; the
/// reference simulator (and later the machine simulators) execute it. Every
/// field carries its unit. Voltages and currents are in whatever unit the
/// network author chose (mV in the examples, NIR's units for imported files);
/// times are always seconds unless the name says [steps].
///
/// The discrete-time semantics of every field are specified once in
/// docs/Semantics.md.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_NETWORK_H
#define DENDRON_RUNTIME_NETWORK_H

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dendron::rt {

/// Numeric profile the network executes in (see DESIGN.md).
enum class NumericProfile {
  Float, ///< IEEE double state and arithmetic.
  S16_15 ///< 32-bit signed fixed point, 15 fractional bits, saturating.
};

/// How a membrane or trace decay is discretised over one timestep `dt`.
enum class Integrator {
  Exact, ///< decay multiplier exp(-dt/tau): the exact solution for input held
         ///< per step and for spikes as charges into exponential synaptic
         ///< currents (Brian2's method 'exact').
  Euler  ///< decay multiplier 1 - dt/tau: forward Euler (Norse, snnTorch).
};

/// What happens to the membrane after a spike.
enum class ResetMode {
  Zero,    ///< v <- v_reset.
  Subtract ///< v <- v - (v_th - v_reset).
};

//===----------------------------------------------------------------------===//
// Neuron models
//===----------------------------------------------------------------------===//

/// The LIF family: LIF, IF, LI, CubaLIF, CubaLI and adaptive-threshold LIF are
/// all this one model with some features switched off. A zero time constant
/// switches the corresponding dynamics off (see each field).
struct LifModel {
  double tauMem = 0.0;    ///< membrane time constant [s]; 0 = no leak (IF).
  double vLeak = 0.0;     ///< resting potential [V-unit].
  double vTh = 1.0;       ///< firing threshold [V-unit]; spike if v > vTh.
  double vReset = 0.0;    ///< reset potential [V-unit].
  double r = 1.0;         ///< input resistance [V-unit per current-unit].
  double tRef = 0.0;      ///< absolute refractory period [s]: a neuron that
                          ///< spikes at step n integrates again at step
                          ///< n + round(tRef / dt).
  double tauSynExc = 0.0; ///< excitatory synaptic current tau [s]; 0 = none.
  double tauSynInh = 0.0; ///< inhibitory synaptic current tau [s]; 0 = none.
  double tauAdapt = 0.0;  ///< threshold adaptation tau [s]; 0 = none.
  double adaptJump = 0.0; ///< threshold increase per spike [V-unit].
  bool spiking = true;    ///< false for LI / CubaLI (no threshold).
  /// NIR Threshold: v is each step's input (alphaMem = 0, leak = 0,
  /// betaDirect = 1; tauMem, vLeak and r are ignored).
  bool memoryless = false;
  ResetMode reset = ResetMode::Zero;
  Integrator integrator = Integrator::Exact;
};

/// Izhikevich (2003) model in its conventional units (mV, ms internally):
/// dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u); spike at
/// v >= vPeak, then v <- c, u <- u + d. Integrated with forward Euler at `dt`.
struct IzhikevichModel {
  double a = 0.02, b = 0.2, c = -65.0, d = 8.0; ///< dimensionless / [mV].
  double vPeak = 30.0;                          ///< spike cut-off [mV].
  double tauSyn = 0.0; ///< synaptic current tau [s]; 0 = input into v.
};

/// Nonlinearity a dendritic branch applies before passing to the soma.
enum class BranchNonlinearity {
  Plateau,  ///< NMDA-like: crossing `threshold` starts a plateau of height
            ///< `amplitude` lasting `plateauSteps`; below, passes gain * d.
  Sigmoid,  ///< amplitude / (1 + exp(-(d - threshold) / slope)).
  LeakyRelu ///< gain * (d - threshold) above threshold, slope * gain *
            ///< (d - threshold) below.
};

/// One dendritic branch: a leaky integrator of its own synaptic input.
struct Branch {
  double tau = 0.0;          ///< branch integration time constant [s].
  double threshold = 0.0;    ///< nonlinearity threshold [V-unit].
  double amplitude = 0.0;    ///< plateau height / sigmoid maximum [V-unit].
  double gain = 1.0;         ///< linear gain (plateau sub-threshold, ReLU).
  double slope = 1.0;        ///< sigmoid width [V-unit] / leaky ReLU slope.
  uint32_t plateauSteps = 0; ///< plateau duration [steps].
  double coupling = 1.0;     ///< weight of this branch's output at the soma.
  BranchNonlinearity nonlinearity = BranchNonlinearity::Plateau;
};

/// A soma (a LifModel, its own synaptic input) plus N branches.
struct DendriticModel {
  LifModel soma;
  std::vector<Branch> branches;
};

using NeuronModel = std::variant<LifModel, IzhikevichModel, DendriticModel>;

//===----------------------------------------------------------------------===//
// Distributions and initial state
//===----------------------------------------------------------------------===//

/// A seeded distribution of real values (weights, initial potentials).
struct RealDistribution {
  enum class Kind { Constant, Uniform, Normal } kind = Kind::Constant;
  double a = 0.0; ///< constant value / uniform low / normal mean.
  double b = 0.0; ///< uniform high / normal standard deviation.
};

/// A seeded distribution of integer delays [steps].
struct DelayDistribution {
  enum class Kind { Constant, Uniform } kind = Kind::Constant;
  uint32_t lo = 1; ///< constant value / uniform low (inclusive) [steps].
  uint32_t hi = 1; ///< uniform high (inclusive) [steps].
};

//===----------------------------------------------------------------------===//
// Populations and sources
//===----------------------------------------------------------------------===//

struct Population {
  std::string name;
  uint32_t size = 0;
  NeuronModel model;
  /// Initial membrane potential, drawn per neuron from `vInitSeed`.
  RealDistribution vInit;
  uint64_t vInitSeed = 0;
};

/// Fixed spikes: neuron `neuron[i]` fires at step `step[i]`.
struct SpikeArraySource {
  std::vector<uint32_t> neuron;
  std::vector<uint32_t> step;
};

/// Independent Poisson processes, one per neuron.
struct PoissonSource {
  double rate = 0.0; ///< [Hz]
  uint64_t seed = 0;
};

/// Spikes supplied at run time (`dendron run --input file.h5`), looked up by
/// the source's name.
struct ExternalSource {};

struct Source {
  std::string name;
  uint32_t size = 0;
  std::variant<SpikeArraySource, PoissonSource, ExternalSource> kind;
};

/// Populations and sources share one index space: a NodeRef names either.
struct NodeRef {
  enum class Kind { Population, Source } kind = Kind::Population;
  uint32_t index = 0;
  bool operator==(const NodeRef &o) const {
    return kind == o.kind && index == o.index;
  }
};

//===----------------------------------------------------------------------===//
// Projections
//===----------------------------------------------------------------------===//

/// Which receptor channel a projection drives. The channel picks the synaptic
/// time constant; the sign of the effect is the sign of the weight.
enum class SynapseType { Excitatory, Inhibitory };

/// Dense weights, row-major [post][pre] (NIR's (out, in) layout).
struct DenseConnector {
  std::vector<double> weights;
  uint32_t delay = 1; ///< [steps]
};

/// Explicit synapse list.
struct SparseConnector {
  std::vector<uint32_t> pre, post;
  std::vector<double> weights;
  std::vector<uint32_t> delays; ///< [steps], one per synapse.
};

/// pre[i] -> post[i] with one weight.
struct OneToOneConnector {
  double weight = 0.0;
  uint32_t delay = 1; ///< [steps]
};

/// 2-D convolution from a (C, H, W) pre population to a (O, H', W') post one,
/// neurons in row-major (channel, y, x) order.
struct Conv2dConnector {
  uint32_t inChannels = 0, inHeight = 0, inWidth = 0;
  uint32_t outChannels = 0, kernelH = 0, kernelW = 0;
  uint32_t strideH = 1, strideW = 1, padH = 0, padW = 0;
  uint32_t dilationH = 1, dilationW = 1, groups = 1;
  std::vector<double> weights; ///< [O][C/groups][kH][kW]
  uint32_t delay = 1;          ///< [steps]
};

/// Sum or average pooling over (C, H, W); output (C, H', W').
struct Pool2dConnector {
  bool average = false;
  uint32_t channels = 0, inHeight = 0, inWidth = 0;
  uint32_t kernelH = 0, kernelW = 0, strideH = 1, strideW = 1;
  uint32_t padH = 0, padW = 0;
  uint32_t delay = 1; ///< [steps]
};

/// Procedural connectors: expanded from their seed only when a target needs
/// the synapse list.
struct ProceduralConnector {
  enum class Kind {
    FixedProbability, ///< each (pre, post) pair with probability `p`.
    FixedInDegree,    ///< each post neuron gets `count` random pre neurons.
    FixedTotal        ///< `count` random (pre, post) pairs in total.
  } kind = Kind::FixedProbability;
  double p = 0.0;
  uint64_t count = 0;
  bool allowSelf = true;      ///< allow pre == post when pre and post coincide.
  bool allowMultapses = true; ///< FixedInDegree/FixedTotal may repeat a pair.
  RealDistribution weight;
  DelayDistribution delay;
  uint64_t seed = 0;
};

using Connector =
    std::variant<DenseConnector, SparseConnector, OneToOneConnector,
                 Conv2dConnector, Pool2dConnector, ProceduralConnector>;

/// Pair-based STDP with exponential traces, weights clipped to [wMin, wMax].
struct StdpRule {
  double tauPlus = 0.02, tauMinus = 0.02; ///< trace time constants [s].
  double aPlus = 0.01, aMinus = 0.012;    ///< potentiation / depression.
  double wMin = 0.0, wMax = 1.0;          ///< weight bounds.
};

/// Three-factor rule: STDP pairings feed an eligibility trace per synapse;
/// the weight changes by learningRate * modulator * eligibility each step.
/// The modulator is a trace of the spikes of `modulator`.
struct ThreeFactorRule {
  StdpRule pairing;
  double tauEligibility = 0.2; ///< [s]
  double tauModulator = 0.05;  ///< [s]
  double learningRate = 1.0;
  NodeRef modulator;
};

using Plasticity = std::variant<std::monostate, StdpRule, ThreeFactorRule>;

struct Projection {
  NodeRef pre, post;
  Connector connector;
  SynapseType synapse = SynapseType::Excitatory;
  /// -1 = soma, k >= 0 = dendritic branch k of the post population.
  int32_t compartment = -1;
  Plasticity plasticity;
  /// Constant input into each post neuron every step, on this projection's
  /// channel (docs/Semantics.md, "Bias"): one value per post neuron, or
  /// empty for none.
  std::vector<double> bias;
};

//===----------------------------------------------------------------------===//
// Probes and the network
//===----------------------------------------------------------------------===//

enum class ProbeVariable { Spikes, Voltage, BranchActivation };

struct Probe {
  NodeRef node;
  ProbeVariable variable = ProbeVariable::Spikes;
};

struct NetworkSpec {
  std::string name;
  double dt = 1e-3; ///< timestep [s].
  NumericProfile profile = NumericProfile::Float;
  std::vector<Population> populations;
  std::vector<Source> sources;
  std::vector<Projection> projections;
  std::vector<Probe> probes;
};

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_NETWORK_H
