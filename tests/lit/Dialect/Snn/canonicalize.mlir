// RUN: dendron-opt %s -canonicalize | FileCheck %s

// EraseSilentProjection removes projections that can never deliver a spike:
// procedural connectors with no synapses, and projections whose weights are
// all zero with no plasticity rule to change them. Each network below holds
// one projection; populations, sources and probes always stay.

// A connection probability of 0 yields no synapses.
// CHECK-LABEL: snn.network @zero_probability
// CHECK:         snn.population @a
// CHECK-NOT:     snn.connect
snn.network @zero_probability dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.connect %a -> %a connector(#snn.fixed_probability<p = 0.0>)
      weight(#snn.constant<value = 1.0>) : !snn.pop<4> -> !snn.pop<4>
}

// An in-degree of 0 yields no synapses.
// CHECK-LABEL: snn.network @zero_in_degree
// CHECK:         snn.population @a
// CHECK-NOT:     snn.connect
snn.network @zero_in_degree dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.connect %a -> %a connector(#snn.fixed_in_degree<k = 0>)
      weight(#snn.constant<value = 1.0>) : !snn.pop<4> -> !snn.pop<4>
}

// A total of 0 synapses is no synapse.
// CHECK-LABEL: snn.network @zero_total
// CHECK:         snn.population @a
// CHECK-NOT:     snn.connect
snn.network @zero_total dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.connect %a -> %a connector(#snn.fixed_total<n = 0>)
      weight(#snn.constant<value = 1.0>) : !snn.pop<4> -> !snn.pop<4>
}

// Without synapses there is nothing to learn either, so an empty connector
// is erased even with a plasticity rule.
// CHECK-LABEL: snn.network @zero_probability_plastic
// CHECK:         snn.population @a
// CHECK-NOT:     snn.connect
snn.network @zero_probability_plastic dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.connect %a -> %a connector(#snn.fixed_probability<p = 0.0>)
      weight(#snn.constant<value = 1.0>) plasticity(#snn.stdp<>)
      : !snn.pop<4> -> !snn.pop<4>
}

// Synapses that all weigh 0 deliver nothing.
// CHECK-LABEL: snn.network @zero_constant_weight
// CHECK:         snn.population @a
// CHECK-NOT:     snn.connect
snn.network @zero_constant_weight dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.connect %a -> %a connector(#snn.fixed_probability<p = 0.5>)
      weight(#snn.constant<value = 0.0>) seed(3) synapse(inh)
      : !snn.pop<4> -> !snn.pop<4>
}

// A one-to-one projection of weight 0 (also -0.0) delivers nothing.
// CHECK-LABEL: snn.network @zero_one_to_one
// CHECK:         snn.population @a
// CHECK-NOT:     snn.one_to_one
snn.network @zero_one_to_one dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.one_to_one %a -> %a weight(0.0) delay(3) : !snn.pop<4> -> !snn.pop<4>
  snn.one_to_one %a -> %a weight(-0.0) : !snn.pop<4> -> !snn.pop<4>
}

// A dense matrix that is a zero splat delivers nothing, whatever its type.
// CHECK-LABEL: snn.network @zero_dense_splat
// CHECK:         snn.population @a
// CHECK:         snn.population @b
// CHECK-NOT:     snn.dense
snn.network @zero_dense_splat dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  snn.dense %a -> %b weights(dense<0.0> : tensor<2x4xf32>)
      : !snn.pop<4> -> !snn.pop<2>
  snn.dense %a -> %b weights(dense<[[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]>
      : tensor<2x4xf64>) : !snn.pop<4> -> !snn.pop<2>
}

// The populations, sources and probes of a network whose projections are all
// silent stay: only the projections go.
// CHECK-LABEL: snn.network @only_projections_erased
// CHECK-NEXT:    %[[IN:.+]] = snn.poisson @in rate(1.000000e+01) : !snn.pop<4>
// CHECK-NEXT:    %[[OUT:.+]] = snn.population @out
// CHECK-NEXT:    snn.probe %[[IN]] spikes : !snn.pop<4>
// CHECK-NEXT:    snn.probe %[[OUT]] v : !snn.pop<4>
// CHECK-NEXT:  }
snn.network @only_projections_erased dt(1.0e-3) profile(float) {
  %in = snn.poisson @in rate(10.0) : !snn.pop<4>
  snn.one_to_one %in -> %out weight(0.0) : !snn.pop<4> -> !snn.pop<4>
  %out = snn.population @out model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.connect %in -> %out connector(#snn.fixed_total<n = 0>)
      weight(#snn.uniform<low = 0.0, high = 1.0>) : !snn.pop<4> -> !snn.pop<4>
  snn.probe %in spikes : !snn.pop<4>
  snn.probe %out v : !snn.pop<4>
}

//===----------------------------------------------------------------------===//
// Projections that stay
//===----------------------------------------------------------------------===//

// Zero weights under a plasticity rule can grow, so the projections stay.
// CHECK-LABEL: snn.network @zero_weight_plastic
// CHECK:         snn.connect
// CHECK-SAME:      weight(#snn.constant<value = 0.0>) plasticity(#snn.stdp<>)
// CHECK:         snn.one_to_one
// CHECK-SAME:      weight(0.000000e+00) plasticity(#snn.three_factor<
// CHECK:         snn.dense
// CHECK-SAME:      weights(dense<0.000000e+00> : tensor<4x4xf32>)
// CHECK-SAME:      plasticity(#snn.stdp<>)
snn.network @zero_weight_plastic dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  %m = snn.external @m : !snn.pop<1>
  snn.connect %a -> %a connector(#snn.fixed_probability<p = 0.5>)
      weight(#snn.constant<value = 0.0>) plasticity(#snn.stdp<>)
      : !snn.pop<4> -> !snn.pop<4>
  snn.one_to_one %a -> %a weight(0.0)
      plasticity(#snn.three_factor<stdp = #snn.stdp<>, modulator = @m>)
      : !snn.pop<4> -> !snn.pop<4>
  snn.dense %a -> %a weights(dense<0.0> : tensor<4x4xf32>)
      plasticity(#snn.stdp<>) : !snn.pop<4> -> !snn.pop<4>
}

// A zero-weight projection with a nonzero bias still drives its post
// neurons every step, so it stays; with an all-zero bias it is silent.
// CHECK-LABEL: snn.network @zero_weight_bias
// CHECK:         snn.dense
// CHECK-SAME:      weights(dense<0.000000e+00> : tensor<4x4xf32>)
// CHECK-SAME:      bias(dense<[0.000000e+00, 5.000000e-01, 0.000000e+00, 0.000000e+00]> : tensor<4xf32>)
// CHECK-NOT:     snn.dense
snn.network @zero_weight_bias dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.dense %a -> %a weights(dense<0.0> : tensor<4x4xf32>)
      bias(dense<[0.0, 0.5, 0.0, 0.0]> : tensor<4xf32>)
      : !snn.pop<4> -> !snn.pop<4>
  snn.dense %a -> %a weights(dense<0.0> : tensor<4x4xf32>)
      bias(dense<0.0> : tensor<4xf32>) : !snn.pop<4> -> !snn.pop<4>
}

// Nonzero weights stay, however small or negative.
// CHECK-LABEL: snn.network @nonzero_weight
// CHECK:         snn.connect
// CHECK-SAME:      weight(#snn.constant<value = -1.0e-300>)
// CHECK:         snn.one_to_one
// CHECK-SAME:      weight(5.000000e-01)
// CHECK:         snn.dense
// CHECK-SAME:      weights(dense<1.000000e-01> : tensor<4x4xf32>)
snn.network @nonzero_weight dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.connect %a -> %a connector(#snn.fixed_probability<p = 0.5>)
      weight(#snn.constant<value = -1.0e-300>) : !snn.pop<4> -> !snn.pop<4>
  snn.one_to_one %a -> %a weight(0.5) : !snn.pop<4> -> !snn.pop<4>
  snn.dense %a -> %a weights(dense<0.1> : tensor<4x4xf32>)
      : !snn.pop<4> -> !snn.pop<4>
}

// A weight distribution other than a constant is not assumed to be zero,
// even when it can only draw 0 (a normal with std = 0).
// CHECK-LABEL: snn.network @distributed_weight
// CHECK:         snn.connect
// CHECK-SAME:      weight(#snn.uniform<low = 0.0, high = 1.0e-09>)
// CHECK:         snn.connect
// CHECK-SAME:      weight(#snn.normal<mean = 0.0, std = 0.0>)
snn.network @distributed_weight dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.connect %a -> %a connector(#snn.fixed_in_degree<k = 2>)
      weight(#snn.uniform<low = 0.0, high = 1.0e-9>)
      : !snn.pop<4> -> !snn.pop<4>
  snn.connect %a -> %a connector(#snn.fixed_in_degree<k = 2>)
      weight(#snn.normal<mean = 0.0, std = 0.0>) : !snn.pop<4> -> !snn.pop<4>
}

// A dense matrix with one nonzero entry is not a zero splat.
// CHECK-LABEL: snn.network @dense_not_splat
// CHECK:         snn.dense
// CHECK-SAME:      weights(dense<{{\[\[}}0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00]]>
snn.network @dense_not_splat dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  snn.dense %a -> %a weights(dense<[[0.0, 0.0], [0.0, 1.0]]> : tensor<2x2xf32>)
      : !snn.pop<2> -> !snn.pop<2>
}

// The contents of a dense_resource blob are not inspected: even all-zero
// weights there stay.
// CHECK-LABEL: snn.network @dense_resource_kept
// CHECK:         snn.dense
// CHECK-SAME:      weights(dense_resource<zeros> : tensor<1x1xf32>)
snn.network @dense_resource_kept dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
  snn.dense %a -> %a weights(dense_resource<zeros> : tensor<1x1xf32>)
      : !snn.pop<1> -> !snn.pop<1>
}

// Explicit synapse lists are kept as written, even when every weight is 0;
// so are convolutions and pooling.
// CHECK-LABEL: snn.network @no_pattern
// CHECK:         snn.sparse
// CHECK-SAME:      weights([0.000000e+00])
// CHECK:         snn.conv2d
// CHECK-SAME:      weights(dense<0.000000e+00> : tensor<1x1x1x1xf32>)
// CHECK:         snn.pool2d
snn.network @no_pattern dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.sparse %a -> %a pre([0]) post([1]) weights([0.0]) delays([1])
      : !snn.pop<4> -> !snn.pop<4>
  snn.conv2d %a -> %a weights(dense<0.0> : tensor<1x1x1x1xf32>)
      input_shape([1, 2, 2]) : !snn.pop<4> -> !snn.pop<4>
  snn.pool2d %a -> %a sum input_shape([1, 2, 2]) kernel([1, 1]) stride([1, 1])
      : !snn.pop<4> -> !snn.pop<4>
}

{-#
  dialect_resources: {
    builtin: {
      zeros: "0x0400000000000000"
    }
  }
#-}
