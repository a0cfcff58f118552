//===- SnnAttributes.td - snn dialect attributes -----------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Neuron models, branches, distributions, connectors and plasticity rules.
// Real-valued parameters use `Snn_Real`, which prints the shortest decimal
// that round-trips exactly, so imported networks survive text round trips
// bit for bit. Times are in seconds; voltages in the network's own unit.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNATTRIBUTES_TD
#define DENDRON_DIALECT_SNN_SNNATTRIBUTES_TD

include "dendron/Dialect/Snn/SnnDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/Interfaces.td"
include "mlir/IR/OpBase.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def Snn_Profile : I32EnumAttr<"Profile", "numeric profile", [
    I32EnumAttrCase<"Float", 0, "float">,
    I32EnumAttrCase<"S16_15", 1, "s16.15">]> {
  let cppNamespace = "::dendron::snn";
  let genSpecializedAttr = 0;
}
def Snn_ProfileAttr : EnumAttr<Snn_Dialect, Snn_Profile, "profile">;

def Snn_SynapseType : I32EnumAttr<"SynapseType", "receptor channel", [
    I32EnumAttrCase<"exc", 0>,
    I32EnumAttrCase<"inh", 1>]> {
  let cppNamespace = "::dendron::snn";
  let genSpecializedAttr = 0;
}
def Snn_SynapseTypeAttr : EnumAttr<Snn_Dialect, Snn_SynapseType, "synapse">;

def Snn_ResetMode : I32EnumAttr<"ResetMode", "membrane reset after a spike", [
    I32EnumAttrCase<"zero", 0>,
    I32EnumAttrCase<"subtract", 1>]> {
  let cppNamespace = "::dendron::snn";
  let genSpecializedAttr = 0;
}

def Snn_Integrator : I32EnumAttr<"Integrator", "decay discretisation", [
    I32EnumAttrCase<"exact", 0>,
    I32EnumAttrCase<"euler", 1>]> {
  let cppNamespace = "::dendron::snn";
  let genSpecializedAttr = 0;
}

def Snn_BranchNonlinearity : I32EnumAttr<"BranchNonlinearity",
    "dendritic branch nonlinearity", [
    I32EnumAttrCase<"plateau", 0>,
    I32EnumAttrCase<"sigmoid", 1>,
    I32EnumAttrCase<"leaky_relu", 2>]> {
  let cppNamespace = "::dendron::snn";
  let genSpecializedAttr = 0;
}

def Snn_PoolKind : I32EnumAttr<"PoolKind", "pooling reduction", [
    I32EnumAttrCase<"sum", 0>,
    I32EnumAttrCase<"avg", 1>]> {
  let cppNamespace = "::dendron::snn";
  let genSpecializedAttr = 0;
}
def Snn_PoolKindAttr : EnumAttr<Snn_Dialect, Snn_PoolKind, "pool_kind">;

def Snn_ProbeVariable : I32EnumAttr<"ProbeVariable", "recorded variable", [
    I32EnumAttrCase<"spikes", 0>,
    I32EnumAttrCase<"v", 1>,
    I32EnumAttrCase<"branch", 2>]> {
  let cppNamespace = "::dendron::snn";
  let genSpecializedAttr = 0;
}
def Snn_ProbeVariableAttr : EnumAttr<Snn_Dialect, Snn_ProbeVariable, "probe">;

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

/// A real parameter printed exactly; `default` makes it optional in the
/// `struct(...)` syntax.
class Snn_Real<string default = "", string desc = "">
    : AttrOrTypeParameter<"::dendron::snn::Real", desc> {
  let printer = "::dendron::snn::printReal($_printer, $_self)";
  let parser = "::dendron::snn::parseReal($_parser)";
  let defaultValue = default;
}

/// A nested snn attribute, printed with its `#snn.` prefix so that a reader
/// sees `soma = #snn.lif<...>` rather than `soma = <...>`.
class Snn_NestedAttr<string cppType, string desc = "">
    : AttrParameter<cppType, desc> {
  let printer = "$_printer.printAttribute($_self)";
}

class Snn_Enum<string cppType, string default>
    : AttrOrTypeParameter<cppType, ""> {
  let defaultValue = default;
}

//===----------------------------------------------------------------------===//
// Interfaces
//===----------------------------------------------------------------------===//

def Snn_NeuronModelAttrInterface : AttrInterface<"NeuronModelAttrInterface"> {
  let cppNamespace = "::dendron::snn";
  let description = [{
    A neuron model usable in `snn.population`.
  }];
  let methods = [
    InterfaceMethod<"Number of dendritic branches (0 for point neurons).",
      "unsigned", "getNumBranches", (ins), [{}], [{ return 0; }]>,
    InterfaceMethod<"Whether the model emits spikes.",
      "bool", "isSpiking", (ins), [{}], [{ return true; }]>,
  ];
}

def Snn_DistributionAttrInterface : AttrInterface<"DistributionAttrInterface"> {
  let cppNamespace = "::dendron::snn";
  let description = [{
    A seeded distribution of real values (weights, initial potentials).
  }];
  let methods = [
    InterfaceMethod<"Smallest value the distribution can produce.",
      "double", "getLowerBound", (ins)>,
    InterfaceMethod<"Largest value the distribution can produce.",
      "double", "getUpperBound", (ins)>,
  ];
}

def Snn_ConnectorAttrInterface : AttrInterface<"ConnectorAttrInterface"> {
  let cppNamespace = "::dendron::snn";
  let description = [{
    A procedural connection rule expanded from a seed.
  }];
  let methods = [
    InterfaceMethod<[{
      Expected number of synapses for `numPre` x `numPost` neurons.
    }], "double", "getExpectedSynapses", (ins "uint64_t":$numPre,
                                               "uint64_t":$numPost)>,
  ];
}

def Snn_PlasticityAttrInterface : AttrInterface<"PlasticityAttrInterface"> {
  let cppNamespace = "::dendron::snn";
  let description = [{
    A synaptic plasticity rule attached to a projection.
  }];
}

class Snn_Attr<string name, string attrMnemonic, list<Trait> traits = []>
    : AttrDef<Snn_Dialect, name, traits> {
  let mnemonic = attrMnemonic;
  let assemblyFormat = "`<` struct(params) `>`";
}

//===----------------------------------------------------------------------===//
// Neuron models
//===----------------------------------------------------------------------===//

/// Parameters shared by the LIF family, in one place so every member agrees.
class Snn_LifFamily<string name, string attrMnemonic>
    : Snn_Attr<name, attrMnemonic,
               [DeclareAttrInterfaceMethods<Snn_NeuronModelAttrInterface,
                                            ["isSpiking"]>]> {
  let genVerifyDecl = 1;
}

def Snn_LifAttr : Snn_LifFamily<"Lif", "lif"> {
  let summary = "Leaky integrate-and-fire neuron (NIR LIF / CubaLIF, ALIF)";
  let description = [{
    tau_mem dv/dt = (v_leak - v) + r I. The neuron fires when v > v_th and
    resets by `reset` (to v_reset, or by subtracting v_th - v_reset); it then
    ignores input for t_ref seconds. Nonzero `tau_syn_exc` / `tau_syn_inh`
    give it exponentially decaying synaptic currents (CubaLIF); zero feeds
    input straight into the membrane (NIR LIF). Nonzero `tau_adapt` turns on
    threshold adaptation: each spike raises the threshold by `adapt_jump`,
    decaying back with `tau_adapt`.

    ```mlir
    #snn.lif<tau_mem = 0.02, v_leak = -49.0, v_th = -50.0, v_reset = -60.0,
             t_ref = 0.005, tau_syn_exc = 0.005, tau_syn_inh = 0.01>
    ```
  }];
  let parameters = (ins
    Snn_Real<"", "membrane time constant [s]">:$tau_mem,
    Snn_Real<"0.0", "leak reversal potential">:$v_leak,
    Snn_Real<"1.0", "threshold">:$v_th,
    Snn_Real<"0.0", "reset potential">:$v_reset,
    Snn_Real<"1.0", "input resistance">:$r,
    Snn_Real<"0.0", "refractory period [s]">:$t_ref,
    Snn_Real<"0.0", "excitatory synaptic time constant [s]">:$tau_syn_exc,
    Snn_Real<"0.0", "inhibitory synaptic time constant [s]">:$tau_syn_inh,
    Snn_Real<"0.0", "threshold adaptation time constant [s]">:$tau_adapt,
    Snn_Real<"0.0", "threshold increase per spike">:$adapt_jump,
    Snn_Enum<"::dendron::snn::ResetMode", "::dendron::snn::ResetMode::zero">:$reset,
    Snn_Enum<"::dendron::snn::Integrator", "::dendron::snn::Integrator::exact">:$integrator
  );
}

def Snn_IfAttr : Snn_LifFamily<"If", "if"> {
  let summary = "Integrate-and-fire neuron without leak (NIR IF)";
  let description = [{
    dv/dt = r I; fires when v > v_th and resets like `#snn.lif`.

    ```mlir
    #snn.if<v_th = 1.0>
    ```
  }];
  let parameters = (ins
    Snn_Real<"1.0", "threshold">:$v_th,
    Snn_Real<"0.0", "reset potential">:$v_reset,
    Snn_Real<"1.0", "input resistance">:$r,
    Snn_Real<"0.0", "refractory period [s]">:$t_ref,
    Snn_Enum<"::dendron::snn::ResetMode", "::dendron::snn::ResetMode::zero">:$reset
  );
}

def Snn_IAttr : Snn_LifFamily<"I", "i"> {
  let summary = "Integrator without leak or threshold (NIR I)";
  let description = [{
    dv/dt = r I, never spikes: one unit of input held for a step moves v by
    r (like `#snn.if` without its threshold). Its output is v.

    ```mlir
    #snn.i<r = 0.5>
    ```
  }];
  let parameters = (ins
    Snn_Real<"1.0", "input resistance">:$r
  );
}

def Snn_ThresholdAttr : Snn_LifFamily<"Threshold", "threshold"> {
  let summary = "Memoryless threshold unit (NIR Threshold)";
  let description = [{
    Each step v is exactly that step's input (no memory, no leak) and the
    unit spikes iff v > v_th; after a spike v is 0, like a reset to zero.

    ```mlir
    #snn.threshold<v_th = 0.5>
    ```
  }];
  let parameters = (ins
    Snn_Real<"1.0", "threshold">:$v_th
  );
}

def Snn_LiAttr : Snn_LifFamily<"Li", "li"> {
  let summary = "Leaky integrator without threshold (NIR LI / CubaLI)";
  let description = [{
    tau_mem dv/dt = (v_leak - v) + r I, never spikes. A nonzero `tau_syn`
    adds an exponentially decaying synaptic current (CubaLI).

    ```mlir
    #snn.li<tau_mem = 0.01, tau_syn = 0.005>
    ```
  }];
  let parameters = (ins
    Snn_Real<"", "membrane time constant [s]">:$tau_mem,
    Snn_Real<"0.0", "leak reversal potential">:$v_leak,
    Snn_Real<"1.0", "input resistance">:$r,
    Snn_Real<"0.0", "synaptic time constant [s]">:$tau_syn,
    Snn_Enum<"::dendron::snn::Integrator", "::dendron::snn::Integrator::exact">:$integrator
  );
}

def Snn_IzhikevichAttr : Snn_Attr<"Izhikevich", "izhikevich",
    [DeclareAttrInterfaceMethods<Snn_NeuronModelAttrInterface>]> {
  let summary = "Izhikevich (2003) neuron";
  let description = [{
    dv/dt = 0.04 v^2 + 5 v + 140 - u + I and du/dt = a (b v - u), with v in
    mV and t in ms; at v >= v_peak, v <- c and u <- u + d.

    ```mlir
    #snn.izhikevich<a = 0.02, b = 0.2, c = -65.0, d = 8.0>
    ```
  }];
  let parameters = (ins
    Snn_Real<"0.02", "recovery rate">:$a,
    Snn_Real<"0.2", "recovery sensitivity">:$b,
    Snn_Real<"-65.0", "reset potential [mV]">:$c,
    Snn_Real<"8.0", "recovery jump [mV]">:$d,
    Snn_Real<"30.0", "spike cut-off [mV]">:$v_peak,
    Snn_Real<"0.0", "synaptic time constant [s]">:$tau_syn
  );
  let genVerifyDecl = 1;
}

def Snn_BranchAttr : Snn_Attr<"Branch", "branch"> {
  let summary = "One dendritic branch of a dendritic neuron";
  let description = [{
    A leaky integrator d of the branch's own synaptic input (time constant
    `tau`) followed by a nonlinearity whose output, times `coupling`, drives
    the soma:
    - `plateau`: crossing `threshold` starts an NMDA-like plateau of height
      `amplitude` lasting `plateau_steps` timesteps; otherwise `gain * d`;
    - `sigmoid`: `amplitude / (1 + exp(-(d - threshold) / slope))`;
    - `leaky_relu`: `gain * (d - threshold)` above threshold,
      `slope * gain * (d - threshold)` below.

    ```mlir
    #snn.branch<tau = 0.01, threshold = 4.0, amplitude = 12.0,
                plateau_steps = 50, nonlinearity = plateau>
    ```
  }];
  let parameters = (ins
    Snn_Real<"", "branch time constant [s]">:$tau,
    Snn_Real<"0.0", "nonlinearity threshold">:$threshold,
    Snn_Real<"0.0", "plateau height / sigmoid maximum">:$amplitude,
    Snn_Real<"1.0", "linear gain">:$gain,
    Snn_Real<"1.0", "sigmoid width / leaky ReLU negative slope">:$slope,
    DefaultValuedParameter<"uint32_t", "0", "plateau duration [steps]">:$plateau_steps,
    Snn_Real<"1.0", "weight of the branch output at the soma">:$coupling,
    Snn_Enum<"::dendron::snn::BranchNonlinearity",
             "::dendron::snn::BranchNonlinearity::plateau">:$nonlinearity
  );
  let genVerifyDecl = 1;
}

def Snn_DendriticAttr : Snn_Attr<"Dendritic", "dendritic",
    [DeclareAttrInterfaceMethods<Snn_NeuronModelAttrInterface,
                                 ["getNumBranches"]>]> {
  let summary = "Dendritic neuron: a LIF soma plus nonlinear branches";
  let description = [{
    A `#snn.lif` soma receiving its own synaptic input plus the coupled
    outputs of N `#snn.branch`es. Projections choose a compartment with
    `branch = k`; without it they target the soma.

    ```mlir
    #snn.dendritic<soma = #snn.lif<tau_mem = 0.02, v_th = 10.0>,
                   branches = [#snn.branch<tau = 0.01, threshold = 4.0,
                                           plateau_steps = 20>,
                               #snn.branch<tau = 0.01, threshold = 4.0,
                                           nonlinearity = sigmoid>]>
    ```
  }];
  let parameters = (ins
    Snn_NestedAttr<"::dendron::snn::LifAttr", "soma">:$soma,
    "::mlir::ArrayAttr":$branches
  );
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Distributions
//===----------------------------------------------------------------------===//

def Snn_ConstantAttr : Snn_Attr<"Constant", "constant",
    [DeclareAttrInterfaceMethods<Snn_DistributionAttrInterface>]> {
  let summary = "The same value everywhere";
  let description = "```mlir\n#snn.constant<value = 1.62>\n```";
  let parameters = (ins Snn_Real<"", "value">:$value);
  let genVerifyDecl = 1;
}

def Snn_UniformAttr : Snn_Attr<"Uniform", "uniform",
    [DeclareAttrInterfaceMethods<Snn_DistributionAttrInterface>]> {
  let summary = "Uniform distribution on [low, high)";
  let description = "```mlir\n#snn.uniform<low = -60.0, high = -50.0>\n```";
  let parameters = (ins Snn_Real<"", "lower bound">:$low,
                        Snn_Real<"", "upper bound">:$high);
  let genVerifyDecl = 1;
}

def Snn_NormalAttr : Snn_Attr<"Normal", "normal",
    [DeclareAttrInterfaceMethods<Snn_DistributionAttrInterface>]> {
  let summary = "Normal distribution, optionally clipped";
  let description = [{
    Normal with `mean` and `std`, clipped to [low, high] (default: 5 standard
    deviations either side) so that a fixed-point target can bound it.

    ```mlir
    #snn.normal<mean = 0.5, std = 0.1>
    ```
  }];
  let parameters = (ins Snn_Real<"", "mean">:$mean,
                        Snn_Real<"", "standard deviation">:$std);
  let genVerifyDecl = 1;
}

//===----------------------------------------------------------------------===//
// Procedural connectors
//===----------------------------------------------------------------------===//

def Snn_FixedProbabilityAttr : Snn_Attr<"FixedProbability", "fixed_probability",
    [DeclareAttrInterfaceMethods<Snn_ConnectorAttrInterface>]> {
  let summary = "Each (pre, post) pair connected with probability p";
  let description = "```mlir\n#snn.fixed_probability<p = 0.02>\n```";
  let parameters = (ins Snn_Real<"", "connection probability">:$p,
                        DefaultValuedParameter<"bool", "true">:$allow_self);
  let genVerifyDecl = 1;
}

def Snn_FixedInDegreeAttr : Snn_Attr<"FixedInDegree", "fixed_in_degree",
    [DeclareAttrInterfaceMethods<Snn_ConnectorAttrInterface>]> {
  let summary = "Each post neuron receives exactly k synapses";
  let description = "```mlir\n#snn.fixed_in_degree<k = 100>\n```";
  let parameters = (ins "uint64_t":$k,
                        DefaultValuedParameter<"bool", "true">:$allow_self,
                        DefaultValuedParameter<"bool", "true">:$allow_multapses);
}

def Snn_FixedTotalAttr : Snn_Attr<"FixedTotal", "fixed_total",
    [DeclareAttrInterfaceMethods<Snn_ConnectorAttrInterface>]> {
  let summary = "Exactly n synapses between random (pre, post) pairs";
  let description = "```mlir\n#snn.fixed_total<n = 1000>\n```";
  let parameters = (ins "uint64_t":$n,
                        DefaultValuedParameter<"bool", "true">:$allow_self,
                        DefaultValuedParameter<"bool", "true">:$allow_multapses);
}

//===----------------------------------------------------------------------===//
// Plasticity
//===----------------------------------------------------------------------===//

def Snn_StdpAttr : Snn_Attr<"Stdp", "stdp",
    [Snn_PlasticityAttrInterface]> {
  let summary = "Pair-based STDP with exponential traces";
  let description = [{
    Each pre spike depresses by `a_minus` times the post trace, each post
    spike potentiates by `a_plus` times the pre trace; weights are clipped
    to [w_min, w_max].

    ```mlir
    #snn.stdp<tau_plus = 0.02, tau_minus = 0.02, a_plus = 0.01,
              a_minus = 0.012, w_min = 0.0, w_max = 1.0>
    ```
  }];
  let parameters = (ins
    Snn_Real<"0.02", "pre trace time constant [s]">:$tau_plus,
    Snn_Real<"0.02", "post trace time constant [s]">:$tau_minus,
    Snn_Real<"0.01", "potentiation amplitude">:$a_plus,
    Snn_Real<"0.012", "depression amplitude">:$a_minus,
    Snn_Real<"0.0", "lower weight bound">:$w_min,
    Snn_Real<"1.0", "upper weight bound">:$w_max);
  let genVerifyDecl = 1;
}

def Snn_ThreeFactorAttr : Snn_Attr<"ThreeFactor", "three_factor",
    [Snn_PlasticityAttrInterface]> {
  let summary = "Eligibility trace times neuromodulator";
  let description = [{
    STDP pairings (as `#snn.stdp`) accumulate into a per-synapse eligibility
    trace (time constant `tau_e`) instead of the weight; each step the
    weight changes by `learning_rate * m * e`, where m is a trace (time
    constant `tau_m`) of the spikes of the `modulator` population.

    ```mlir
    #snn.three_factor<stdp = #snn.stdp<>, tau_e = 0.2, tau_m = 0.05,
                      learning_rate = 1.0, modulator = @dopamine>
    ```
  }];
  let parameters = (ins
    Snn_NestedAttr<"::dendron::snn::StdpAttr", "pairing rule">:$stdp,
    Snn_Real<"0.2", "eligibility time constant [s]">:$tau_e,
    Snn_Real<"0.05", "modulator trace time constant [s]">:$tau_m,
    Snn_Real<"1.0", "learning rate">:$learning_rate,
    "::mlir::FlatSymbolRefAttr":$modulator);
  let genVerifyDecl = 1;
}

#endif // DENDRON_DIALECT_SNN_SNNATTRIBUTES_TD
