//===- SnnOps.td - snn dialect operations ------------------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNOPS_TD
#define DENDRON_DIALECT_SNN_SNNOPS_TD

include "dendron/Dialect/Snn/SnnAttributes.td"
include "dendron/Dialect/Snn/SnnTypes.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

/// Shared end of every projection's syntax: receptor channel, compartment,
/// plasticity, then the endpoint types.
defvar ProjectionTail = [{
  (`synapse` `(` custom<EnumKeyword>($synapse)^ `)`)?
  (`branch` `(` $branch^ `)`)? (`plasticity` `(` $plasticity^ `)`)?
  attr-dict `:` qualified(type($pre)) `->` qualified(type($post))
}];

class Snn_Op<string mnemonic, list<Trait> traits = []>
    : Op<Snn_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Network
//===----------------------------------------------------------------------===//

def Snn_NetworkOp : Snn_Op<"network", [
    IsolatedFromAbove, SymbolTable, Symbol, NoTerminator, SingleBlock,
    DeclareOpInterfaceMethods<RegionKindInterface>]> {
  let summary = "A spiking network with its timestep and numeric profile";
  let description = [{
    Holds the populations, sources, projections and probes of one network.
    The body is a graph region: projections may form cycles (recurrent
    connections). `dt` is the simulation timestep in seconds; `profile` the
    numeric profile the network is (or will be) quantized for.

    ```mlir
    snn.network @net dt(1.0e-4) profile(float) {
      %in = snn.poisson @in rate(20.0) seed(1) : !snn.pop<10>
      %out = snn.population @out model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
      snn.connect %in -> %out connector(#snn.fixed_probability<p = 0.5>)
          weight(#snn.constant<value = 0.3>) seed(2)
          : !snn.pop<10> -> !snn.pop<2>
      snn.probe %out spikes : !snn.pop<2>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, F64Attr:$dt,
                       Snn_ProfileAttr:$profile);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `dt` `(` $dt `)` `profile` `(` custom<EnumKeyword>($profile) `)`
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "double":$dt,
                   "::dendron::snn::Profile":$profile)>
  ];
  let extraClassDeclaration = [{
    ::mlir::Block *getBodyBlock() { return &getBody().front(); }
  }];
}

//===----------------------------------------------------------------------===//
// Populations and sources
//===----------------------------------------------------------------------===//

def Snn_PopulationOp : Snn_Op<"population", [
    Symbol, HasParent<"NetworkOp">]> {
  let summary = "A population of neurons sharing one model";
  let description = [{
    `size` neurons (the result type) with the given model. `init` draws the
    initial membrane potential of each neuron from a distribution seeded by
    `seed`; without it, neurons start at their leak (or reset) potential.

    ```mlir
    %exc = snn.population @exc
        model(#snn.lif<tau_mem = 0.02, v_th = -50.0, v_reset = -60.0>)
        init(#snn.uniform<low = -60.0, high = -50.0>) seed(7) : !snn.pop<3200>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       Snn_NeuronModelAttrInterface:$model,
                       OptionalAttr<Snn_DistributionAttrInterface>:$init,
                       DefaultValuedAttr<I64Attr, "0">:$seed);
  let results = (outs Snn_PopulationType:$result);
  let assemblyFormat = [{
    $sym_name `model` `(` $model `)` (`init` `(` $init^ `)`)?
    (`seed` `(` $seed^ `)`)?
    attr-dict `:` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Snn_SpikeArrayOp : Snn_Op<"spike_array", [
    Symbol, HasParent<"NetworkOp">]> {
  let summary = "A source emitting spikes at explicit timesteps";
  let description = [{
    Neuron `neurons[i]` emits a spike at timestep `steps[i]`.

    ```mlir
    %in = snn.spike_array @in neurons([0, 0, 1]) steps([5, 20, 7]) : !snn.pop<2>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       DenseI32ArrayAttr:$neurons, DenseI32ArrayAttr:$steps);
  let results = (outs Snn_PopulationType:$result);
  let assemblyFormat = [{
    $sym_name `neurons` `(` $neurons `)` `steps` `(` $steps `)` attr-dict `:`
    qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Snn_PoissonOp : Snn_Op<"poisson", [Symbol, HasParent<"NetworkOp">]> {
  let summary = "Independent Poisson spike trains";
  let description = [{
    Each neuron fires in a timestep with probability `rate * dt`, drawn from
    a counter-based generator keyed by (`seed`, neuron, step), so the trains
    do not depend on thread count or partitioning.

    ```mlir
    %bg = snn.poisson @bg rate(10.0) seed(3) : !snn.pop<100>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, F64Attr:$rate,
                       DefaultValuedAttr<I64Attr, "0">:$seed);
  let results = (outs Snn_PopulationType:$result);
  let assemblyFormat = [{
    $sym_name `rate` `(` $rate `)` (`seed` `(` $seed^ `)`)? attr-dict `:`
    qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Snn_ExternalOp : Snn_Op<"external", [Symbol, HasParent<"NetworkOp">]> {
  let summary = "Spikes supplied from a file at run time";
  let description = [{
    The spikes come from the recording given with `dendron run --input`,
    in the group named after this source.

    ```mlir
    %in = snn.external @in : !snn.pop<34>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name);
  let results = (outs Snn_PopulationType:$result);
  let assemblyFormat = "$sym_name attr-dict `:` qualified(type($result))";
}

//===----------------------------------------------------------------------===//
// Projections
//===----------------------------------------------------------------------===//

def Snn_ProjectionOpInterface : OpInterface<"ProjectionOpInterface"> {
  let cppNamespace = "::dendron::snn";
  let description = [{
    Common view of every projection op: its endpoints, receptor channel,
    target compartment, plasticity and delay range.
  }];
  let methods = [
    InterfaceMethod<"Presynaptic population or source.", "::mlir::Value",
                    "getPre">,
    InterfaceMethod<"Postsynaptic population.", "::mlir::Value", "getPost">,
    InterfaceMethod<"Receptor channel.", "::dendron::snn::SynapseType",
                    "getSynapse">,
    InterfaceMethod<"Target branch, or nothing for the soma.",
                    "std::optional<uint32_t>", "getBranch">,
    InterfaceMethod<"Largest delay [steps] this projection uses.",
                    "uint32_t", "getLongestDelay">,
  ];
}

/// Projections share endpoints, receptor channel, compartment and plasticity.
class Snn_ProjectionOp<string mnemonic, dag extraArgs, list<Trait> traits = []>
    : Snn_Op<mnemonic, !listconcat(traits, [
        HasParent<"NetworkOp">,
        DeclareOpInterfaceMethods<Snn_ProjectionOpInterface, ["getLongestDelay"]>])> {
  let arguments = !con((ins Snn_PopulationType:$pre, Snn_PopulationType:$post),
      extraArgs,
      (ins DefaultValuedAttr<Snn_SynapseTypeAttr,
                             "::dendron::snn::SynapseType::exc">:$synapse,
           OptionalAttr<I32Attr>:$branch,
           OptionalAttr<Snn_PlasticityAttrInterface>:$plasticity));
  let hasVerifier = 1;
}

def Snn_DenseOp : Snn_ProjectionOp<"dense", (ins ElementsAttr:$weights,
    OptionalAttr<ElementsAttr>:$bias,
    DefaultValuedAttr<I32Attr, "1">:$delay)> {
  let summary = "All-to-all projection with a dense weight matrix";
  let description = [{
    `weights` has shape (post, pre) like NIR's Affine/Linear. Large matrices
    are best stored as `dense_resource` blobs so the text stays small. The
    optional `bias` (shape (post), floating point) is a constant input into
    each post neuron every step, on the projection's channel
    (docs/Semantics.md, "Bias").

    ```mlir
    snn.dense %in -> %out weights(dense<[[0.5, 0.25]]> : tensor<1x2xf32>)
        : !snn.pop<2> -> !snn.pop<1>
    ```
  }];
  let assemblyFormat = !strconcat([{
    $pre `->` $post `weights` `(` $weights `)` (`bias` `(` $bias^ `)`)?
    (`delay` `(` $delay^ `)`)?
  }], ProjectionTail);
  let hasCanonicalizer = 1;
}

def Snn_SparseOp : Snn_ProjectionOp<"sparse", (ins DenseI32ArrayAttr:$pre_indices,
    DenseI32ArrayAttr:$post_indices, DenseF64ArrayAttr:$weights,
    DenseI32ArrayAttr:$delays)> {
  let summary = "Projection given as an explicit synapse list";
  let description = [{
    Synapse i connects `pre_indices[i]` to `post_indices[i]` with weight
    `weights[i]` and delay `delays[i]` timesteps.

    ```mlir
    snn.sparse %a -> %b pre([0, 1]) post([1, 0]) weights([0.5, -0.5])
        delays([1, 3]) : !snn.pop<2> -> !snn.pop<2>
    ```
  }];
  let assemblyFormat = !strconcat([{
    $pre `->` $post `pre` `(` $pre_indices `)` `post` `(` $post_indices `)`
    `weights` `(` $weights `)` `delays` `(` $delays `)`
  }], ProjectionTail);
}

def Snn_OneToOneOp : Snn_ProjectionOp<"one_to_one", (ins F64Attr:$weight,
    DefaultValuedAttr<I32Attr, "1">:$delay)> {
  let summary = "Neuron i drives neuron i";
  let description = [{
    ```mlir
    snn.one_to_one %a -> %b weight(2.0) : !snn.pop<4> -> !snn.pop<4>
    ```
  }];
  let assemblyFormat = !strconcat([{
    $pre `->` $post `weight` `(` $weight `)` (`delay` `(` $delay^ `)`)?
  }], ProjectionTail);
  let hasCanonicalizer = 1;
}

def Snn_Conv2dOp : Snn_ProjectionOp<"conv2d", (ins ElementsAttr:$weights,
    OptionalAttr<ElementsAttr>:$bias,
    DenseI64ArrayAttr:$input_shape,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$stride,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilation,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    DefaultValuedAttr<I32Attr, "1">:$delay)> {
  let summary = "2-D convolution between (C, H, W) populations";
  let description = [{
    `weights` has shape (out_channels, in_channels / groups, kh, kw);
    `input_shape` is (C, H, W) of the pre population, neurons in row-major
    (channel, y, x) order. The post population must have exactly
    out_channels * H' * W' neurons. The optional `bias` (shape
    (out_channels), floating point) is a constant input into every neuron of
    its output channel every step (docs/Semantics.md, "Bias").

    ```mlir
    snn.conv2d %img -> %fm weights(dense_resource<k1> : tensor<16x2x5x5xf32>)
        input_shape([2, 34, 34]) stride([2, 2]) padding([1, 1])
        : !snn.pop<2312> -> !snn.pop<4096>
    ```
  }];
  let assemblyFormat = !strconcat([{
    $pre `->` $post `weights` `(` $weights `)` (`bias` `(` $bias^ `)`)?
    `input_shape` `(` $input_shape `)`
    (`stride` `(` $stride^ `)`)? (`padding` `(` $padding^ `)`)?
    (`dilation` `(` $dilation^ `)`)? (`groups` `(` $groups^ `)`)?
    (`delay` `(` $delay^ `)`)?
  }], ProjectionTail);
  let extraClassDeclaration = [{
    /// Output (channels, height, width) implied by the attributes.
    std::array<int64_t, 3> getOutputShape();
  }];
}

def Snn_Pool2dOp : Snn_ProjectionOp<"pool2d", (ins Snn_PoolKindAttr:$kind,
    DenseI64ArrayAttr:$input_shape, DenseI64ArrayAttr:$kernel,
    DenseI64ArrayAttr:$stride,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0}">:$padding,
    DefaultValuedAttr<I32Attr, "1">:$delay)> {
  let summary = "Sum or average pooling between (C, H, W) populations";
  let description = [{
    Every input neuron in a window drives the window's output neuron with
    weight 1 (sum) or 1 / (kh * kw) (avg).

    ```mlir
    snn.pool2d %fm -> %pooled sum input_shape([16, 8, 8]) kernel([2, 2])
        stride([2, 2]) : !snn.pop<1024> -> !snn.pop<256>
    ```
  }];
  let assemblyFormat = !strconcat([{
    $pre `->` $post custom<EnumKeyword>($kind)
    `input_shape` `(` $input_shape `)` `kernel` `(` $kernel `)`
    `stride` `(` $stride `)`
    (`padding` `(` $padding^ `)`)? (`delay` `(` $delay^ `)`)?
  }], ProjectionTail);
  let extraClassDeclaration = [{
    /// Output (channels, height, width) implied by the attributes.
    std::array<int64_t, 3> getOutputShape();
  }];
}

def Snn_ConnectOp : Snn_ProjectionOp<"connect", (ins
    Snn_ConnectorAttrInterface:$connector,
    Snn_DistributionAttrInterface:$weight,
    DefaultValuedAttr<I32Attr, "1">:$delay,
    OptionalAttr<I32Attr>:$max_delay,
    DefaultValuedAttr<I64Attr, "0">:$seed)> {
  let summary = "Procedural projection expanded from a seed";
  let description = [{
    The synapses are generated by `connector`, weights drawn from `weight`
    and delays uniform in [delay, max_delay] (or exactly `delay`), all from
    counter-based streams keyed by `seed`. Nothing is expanded until a
    target needs the synapse list, so 10^8 synapses cost a few lines of IR.

    ```mlir
    snn.connect %exc -> %all connector(#snn.fixed_probability<p = 0.02>)
        weight(#snn.constant<value = 1.62>) seed(11)
        : !snn.pop<3200> -> !snn.pop<4000>
    ```
  }];
  let assemblyFormat = !strconcat([{
    $pre `->` $post `connector` `(` $connector `)` `weight` `(` $weight `)`
    (`delay` `(` $delay^ `)`)? (`max_delay` `(` $max_delay^ `)`)?
    (`seed` `(` $seed^ `)`)?
  }], ProjectionTail);
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// Probes
//===----------------------------------------------------------------------===//

def Snn_ProbeOp : Snn_Op<"probe", [HasParent<"NetworkOp">]> {
  let summary = "Record a variable of a population";
  let description = [{
    Records `spikes` (as events), `v` (membrane potential every step) or
    `branch` (every branch's output, dendritic populations only).

    ```mlir
    snn.probe %exc spikes : !snn.pop<3200>
    ```
  }];
  let arguments = (ins Snn_PopulationType:$target,
                       Snn_ProbeVariableAttr:$variable);
  let assemblyFormat = [{
    $target custom<EnumKeyword>($variable) attr-dict `:`
    qualified(type($target))
  }];
  let hasVerifier = 1;
}

#endif // DENDRON_DIALECT_SNN_SNNOPS_TD
