// RUN: dendron-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(snn.network(snn-quantize{profile=s16.15}))'
// RUN: not dendron-opt %s --pass-pipeline='builtin.module(snn.network(snn-quantize{profile=s12.4}))' 2>&1 | FileCheck %s --check-prefix=PROFILE
// PROFILE: error: snn-quantize: unknown profile 's12.4'; expected 'float' or 's16.15'

// Every diagnostic of snn-quantize: what cannot be represented in s16.15.

// A membrane time constant shorter than the timestep.
snn.network @tau_below_dt dt(1.0e-3) profile(float) {
  // expected-error@+2 {{'snn.population' op cannot quantize the neuron model to s16.15: tau_mem = 0.0005 s is shorter than the timestep dt = 0.001 s; the s16.15 profile needs every nonzero time constant >= dt}}
  // expected-note@+1 {{'tau_mem' must satisfy >= dt (0.001 s)}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.0005>) : !snn.pop<1>
}

// -----

// A synaptic time constant shorter than the timestep.
snn.network @syn_below_dt dt(1.0e-3) profile(float) {
  // expected-error@+2 {{tau_syn_inh = 0.0002 s is shorter than the timestep dt = 0.001 s}}
  // expected-note@+1 {{'tau_syn_inh' must satisfy >= dt (0.001 s)}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, tau_syn_inh = 0.0002>) : !snn.pop<1>
}

// -----

// A threshold outside [-65536, 65536).
snn.network @big_threshold dt(1.0e-3) profile(float) {
  // expected-error@+2 {{cannot quantize the neuron model to s16.15: v_th = 100000 is outside the s16.15 range [-65536, 65536)}}
  // expected-note@+1 {{'v_th' must satisfy [-65536, 65536)}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, v_th = 1.0e5>) : !snn.pop<2>
}

// -----

// An initial potential outside the range.
snn.network @big_init dt(1.0e-3) profile(float) {
  // expected-error@+2 {{cannot quantize the initial potential to s16.15: initial potential = -70000 is outside the s16.15 range [-65536, 65536)}}
  // expected-note@+1 {{'initial potential' must satisfy [-65536, 65536)}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) init(#snn.uniform<low = -70000.0, high = 0.0>) : !snn.pop<2>
}

// -----

// A dense weight that overflows, named by its [post, pre] position.
snn.network @dense_overflow dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+2 {{'snn.dense' op cannot quantize weight [1, 0] to s16.15: weight = 70000 is outside the s16.15 range [-65536, 65536)}}
  // expected-note@+1 {{'weight' must satisfy [-65536, 65536)}}
  snn.dense %p -> %p weights(dense<[[0.5, 0.25], [70000.0, 2.0]]> : tensor<2x2xf32>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A convolution weight that overflows, named by [out, in, y, x].
snn.network @conv_overflow dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<4>
  %b = snn.population @b model(#snn.if<>) : !snn.pop<1>
  // expected-error@+2 {{'snn.conv2d' op cannot quantize weight [0, 0, 1, 0] to s16.15: weight = -1000000 is outside the s16.15 range [-65536, 65536)}}
  // expected-note@+1 {{'weight' must satisfy [-65536, 65536)}}
  snn.conv2d %a -> %b weights(dense<[[[[1.0, 1.0], [-1.0e6, 1.0]]]]> : tensor<1x1x2x2xf32>) input_shape([1, 2, 2]) : !snn.pop<4> -> !snn.pop<1>
}

// -----

// A nonzero sparse weight that rounds to zero.
snn.network @sparse_tiny dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+2 {{'snn.sparse' op cannot quantize weight #1 to s16.15: weight = 1e-07 is nonzero but rounds to 0 in s16.15 (|value| must be >= 2^-16 = 1.52587890625e-05)}}
  // expected-note@+1 {{'weight' must satisfy |value| >= 2^-16}}
  snn.sparse %p -> %p pre([0, 1]) post([1, 0]) weights([0.5, 1.0e-7]) delays([1, 1]) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A one-to-one weight that overflows.
snn.network @one_to_one_overflow dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+2 {{'snn.one_to_one' op cannot quantize the weight to s16.15: weight = 1000000 is outside the s16.15 range [-65536, 65536)}}
  // expected-note@+1 {{'weight' must satisfy [-65536, 65536)}}
  snn.one_to_one %p -> %p weight(1.0e6) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A procedural weight distribution whose bound overflows.
snn.network @connect_overflow dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+2 {{'snn.connect' op cannot quantize the largest weight to s16.15: weight = 100000 is outside the s16.15 range [-65536, 65536)}}
  // expected-note@+1 {{'weight' must satisfy [-65536, 65536)}}
  snn.connect %p -> %p connector(#snn.fixed_probability<p = 0.5>) weight(#snn.uniform<low = 0.0, high = 1.0e5>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A plasticity trace time constant shorter than the timestep.
snn.network @stdp_below_dt dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+2 {{'snn.one_to_one' op cannot quantize the plasticity rule to s16.15: tau_plus = 0.0001 s is shorter than the timestep dt = 0.001 s}}
  // expected-note@+1 {{'tau_plus' must satisfy >= dt (0.001 s)}}
  snn.one_to_one %p -> %p weight(0.5) plasticity(#snn.stdp<tau_plus = 0.0001>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A dendritic branch whose time constant is shorter than the timestep.
snn.network @branch_below_dt dt(1.0e-3) profile(float) {
  // expected-error@+2 {{'snn.population' op cannot quantize the neuron model to s16.15: branch0.tau = 0.0001 s is shorter than the timestep dt = 0.001 s}}
  // expected-note@+1 {{'branch0.tau' must satisfy >= dt (0.001 s)}}
  %d = snn.population @d model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02>, branches = [#snn.branch<tau = 0.0001, plateau_steps = 1>]>) : !snn.pop<1>
}

// -----

// A dense bias outside the s16.15 range, named by its post neuron.
snn.network @big_dense_bias dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+2 {{'snn.dense' op cannot quantize bias [1] to s16.15: bias = 70000 is outside the s16.15 range [-65536, 65536)}}
  // expected-note@+1 {{'bias' must satisfy [-65536, 65536)}}
  snn.dense %p -> %p weights(dense<0.5> : tensor<2x2xf32>) bias(dense<[0.5, 70000.0]> : tensor<2xf32>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A nonzero convolution bias that rounds to zero, named by its channel.
snn.network @tiny_conv_bias dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<4>
  %b = snn.population @b model(#snn.if<>) : !snn.pop<8>
  // expected-error@+2 {{'snn.conv2d' op cannot quantize bias [1] to s16.15: bias = 1e-07 is nonzero but rounds to 0 in s16.15}}
  // expected-note@+1 {{'bias' must satisfy}}
  snn.conv2d %a -> %b weights(dense<1.0> : tensor<2x1x1x1xf32>) bias(dense<[0.25, 1.0e-7]> : tensor<2xf64>) input_shape([1, 2, 2]) : !snn.pop<4> -> !snn.pop<8>
}
