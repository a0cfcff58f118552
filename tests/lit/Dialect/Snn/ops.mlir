// RUN: dendron-opt %s | dendron-opt | FileCheck %s --strict-whitespace
// RUN: dendron-opt %s -mlir-print-op-generic | dendron-opt \
// RUN:   | FileCheck %s --strict-whitespace

// Round trip of every snn op and attribute through the custom and the generic
// form. Parameters equal to their default are elided on printing; reals print
// as the shortest decimal that reads back to the same double. Whitespace is
// checked strictly: enum keywords print without padding (`profile(float)`,
// `synapse(inh)`, `%0 spikes`).

// A LIF neuron with every parameter set. Reals print exactly and shortest:
// the integer literal -50 as -50.0, 1.0e-4 as 0.0001, 1.0e-5 in exponent
// form, and 3.3333333333333335 (which needs 17 digits) unchanged.
// CHECK-LABEL: snn.network @lif_parameters dt(1.000000e-04) profile(float) {
// CHECK:         snn.population @lif model(#snn.lif<tau_mem = 0.02,
// CHECK-SAME:      v_leak = 0.1, v_th = -50.0, v_reset = -60.0,
// CHECK-SAME:      r = 3.3333333333333335, t_ref = 0.0001,
// CHECK-SAME:      tau_syn_exc = 1.0e-05, tau_syn_inh = 0.01, tau_adapt = 0.1,
// CHECK-SAME:      adapt_jump = 0.5, reset = subtract, integrator = euler>)
// CHECK-SAME:      : !snn.pop<4>
snn.network @lif_parameters dt(1.0e-4) profile(float) {
  %lif = snn.population @lif
      model(#snn.lif<tau_mem = 0.02, v_leak = 0.1, v_th = -50, v_reset = -60,
                     r = 3.3333333333333335, t_ref = 1.0e-4,
                     tau_syn_exc = 1.0e-5, tau_syn_inh = 0.01, tau_adapt = 0.1,
                     adapt_jump = 0.5, reset = subtract, integrator = euler>)
      : !snn.pop<4>
}

// Parameters written at their default value are not printed; a LIF with only
// its required time constant prints just that.
// CHECK-LABEL: snn.network @lif_defaults
// CHECK:         snn.population @lif model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
snn.network @lif_defaults dt(1.0e-3) profile(float) {
  %lif = snn.population @lif
      model(#snn.lif<tau_mem = 0.02, v_leak = 0.0, v_th = 1.0, r = 1,
                     reset = zero, integrator = exact>) : !snn.pop<1>
}

// The IF, I, Threshold, LI (plain and current-based) and Izhikevich models,
// with the
// numeric profile of a quantized network.
// CHECK-LABEL: snn.network @point_models dt(1.000000e-03) profile(s16.15) {
// CHECK:         snn.population @if model(#snn.if<v_th = 2.5, v_reset = -1.0,
// CHECK-SAME:      r = 0.5, t_ref = 0.002, reset = subtract>) : !snn.pop<2>
// CHECK:         snn.population @if_default model(#snn.if<>) : !snn.pop<2>
// CHECK:         snn.population @integ model(#snn.i<r = 0.5>) : !snn.pop<2>
// CHECK:         snn.population @integ_default model(#snn.i<>) : !snn.pop<2>
// CHECK:         snn.population @thr model(#snn.threshold<v_th = -0.25>) : !snn.pop<2>
// CHECK:         snn.population @thr_default model(#snn.threshold<>) : !snn.pop<2>
// CHECK:         snn.population @li model(#snn.li<tau_mem = 0.01>) : !snn.pop<2>
// CHECK:         snn.population @cuba_li model(#snn.li<tau_mem = 0.01,
// CHECK-SAME:      v_leak = -65.0, r = 2.0, tau_syn = 0.005, integrator = euler>)
// CHECK:         snn.population @izh_default model(#snn.izhikevich<>)
// CHECK:         snn.population @izh model(#snn.izhikevich<a = 0.1, b = 0.25,
// CHECK-SAME:      c = -50.0, d = 2.0, v_peak = 35.0, tau_syn = 0.005>)
snn.network @point_models dt(1.0e-3) profile(s16.15) {
  %if = snn.population @if
      model(#snn.if<v_th = 2.5, v_reset = -1.0, r = 0.5, t_ref = 0.002,
                    reset = subtract>) : !snn.pop<2>
  %if_default = snn.population @if_default model(#snn.if<>) : !snn.pop<2>
  %integ = snn.population @integ model(#snn.i<r = 0.5>) : !snn.pop<2>
  %integ_default = snn.population @integ_default model(#snn.i<>) : !snn.pop<2>
  %thr = snn.population @thr model(#snn.threshold<v_th = -0.25>) : !snn.pop<2>
  %thr_default = snn.population @thr_default model(#snn.threshold<>)
      : !snn.pop<2>
  %li = snn.population @li model(#snn.li<tau_mem = 0.01>) : !snn.pop<2>
  %cuba_li = snn.population @cuba_li
      model(#snn.li<tau_mem = 0.01, v_leak = -65.0, r = 2.0, tau_syn = 0.005,
                    integrator = euler>) : !snn.pop<2>
  %izh_default = snn.population @izh_default model(#snn.izhikevich<>)
      : !snn.pop<2>
  %izh = snn.population @izh
      model(#snn.izhikevich<a = 0.1, b = 0.25, c = -50.0, d = 2.0,
                            v_peak = 35.0, tau_syn = 0.005>) : !snn.pop<2>
}

// A dendritic neuron with one branch of each nonlinearity. The soma prints
// with its #snn.lif prefix; projections pick a compartment with branch(k) and
// a probe records every branch's output.
// CHECK-LABEL: snn.network @dendritic
// CHECK:         %[[IN:.+]] = snn.poisson @in rate(1.000000e+01) : !snn.pop<4>
// CHECK:         %[[D:.+]] = snn.population @d model(#snn.dendritic<
// CHECK-SAME:      soma = #snn.lif<tau_mem = 0.02, v_th = 10.0>, branches = [
// CHECK-SAME:      #snn.branch<tau = 0.01, threshold = 4.0, amplitude = 12.0,
// CHECK-SAME:        plateau_steps = 50>,
// CHECK-SAME:      #snn.branch<tau = 0.02, threshold = 2.0, amplitude = 3.0,
// CHECK-SAME:        slope = 0.5, coupling = 0.75, nonlinearity = sigmoid>,
// CHECK-SAME:      #snn.branch<tau = 0.005, gain = 2.0, slope = 0.01,
// CHECK-SAME:        nonlinearity = leaky_relu>]>) : !snn.pop<2>
// CHECK:         snn.connect %[[IN]] -> %[[D]]
// CHECK-SAME:      seed(1) : !snn.pop<4> -> !snn.pop<2>
// CHECK:         snn.connect %[[IN]] -> %[[D]]
// CHECK-SAME:      seed(2) branch(0) : !snn.pop<4> -> !snn.pop<2>
// CHECK:         snn.connect %[[IN]] -> %[[D]]
// CHECK-SAME:      seed(3) synapse(inh) branch(2) : !snn.pop<4> -> !snn.pop<2>
// CHECK:         snn.probe %[[D]] branch : !snn.pop<2>
snn.network @dendritic dt(1.0e-3) profile(float) {
  %in = snn.poisson @in rate(10.0) : !snn.pop<4>
  %d = snn.population @d
      model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02, v_th = 10.0>,
          branches = [
            #snn.branch<tau = 0.01, threshold = 4, amplitude = 12,
                        plateau_steps = 50, nonlinearity = plateau>,
            #snn.branch<tau = 0.02, threshold = 2, amplitude = 3, slope = 0.5,
                        coupling = 0.75, nonlinearity = sigmoid>,
            #snn.branch<tau = 0.005, gain = 2, slope = 0.01,
                        nonlinearity = leaky_relu>]>) : !snn.pop<2>
  snn.connect %in -> %d connector(#snn.fixed_probability<p = 0.5>)
      weight(#snn.constant<value = 1.0>) seed(1) : !snn.pop<4> -> !snn.pop<2>
  snn.connect %in -> %d connector(#snn.fixed_probability<p = 0.5>)
      weight(#snn.constant<value = 1.0>) seed(2) branch(0)
      : !snn.pop<4> -> !snn.pop<2>
  snn.connect %in -> %d connector(#snn.fixed_probability<p = 0.5>)
      weight(#snn.constant<value = -1.0>) seed(3) synapse(inh) branch(2)
      : !snn.pop<4> -> !snn.pop<2>
  snn.probe %d branch : !snn.pop<2>
}

// Initial potentials drawn from each distribution; seed(0) is the default and
// is not printed.
// CHECK-LABEL: snn.network @distributions
// CHECK:         snn.population @constant model(#snn.lif<tau_mem = 0.02>)
// CHECK-SAME:      init(#snn.constant<value = -65.0>) : !snn.pop<3>
// CHECK:         snn.population @uniform model(#snn.lif<tau_mem = 0.02>)
// CHECK-SAME:      init(#snn.uniform<low = -60.0, high = -50.0>) seed(7)
// CHECK:         snn.population @normal model(#snn.lif<tau_mem = 0.02>)
// CHECK-SAME:      init(#snn.normal<mean = 0.5, std = 0.1>) seed(-3)
// CHECK:         snn.population @unseeded model(#snn.lif<tau_mem = 0.02>)
// CHECK-SAME:      init(#snn.normal<mean = 0.0, std = 0.0>) : !snn.pop<3>
snn.network @distributions dt(1.0e-3) profile(float) {
  %constant = snn.population @constant model(#snn.lif<tau_mem = 0.02>)
      init(#snn.constant<value = -65>) : !snn.pop<3>
  %uniform = snn.population @uniform model(#snn.lif<tau_mem = 0.02>)
      init(#snn.uniform<low = -60.0, high = -50.0>) seed(7) : !snn.pop<3>
  %normal = snn.population @normal model(#snn.lif<tau_mem = 0.02>)
      init(#snn.normal<mean = 0.5, std = 0.1>) seed(-3) : !snn.pop<3>
  %unseeded = snn.population @unseeded model(#snn.lif<tau_mem = 0.02>)
      init(#snn.normal<mean = 0.0, std = 0.0>) seed(0) : !snn.pop<3>
}

// The three spike sources, each probed for spikes (the only variable a source
// has). A spike array may be empty.
// CHECK-LABEL: snn.network @sources
// CHECK:         %[[ARRAY:.+]] = snn.spike_array @array neurons([0, 0, 1])
// CHECK-SAME:      steps([5, 20, 7]) : !snn.pop<2>
// CHECK:         %[[EMPTY:.+]] = snn.spike_array @empty neurons([]) steps([])
// CHECK:         %[[POISSON:.+]] = snn.poisson @bg rate(1.000000e+02) seed(3)
// CHECK:         %[[SILENT:.+]] = snn.poisson @silent rate(0.000000e+00) : !snn.pop<1>
// CHECK:         %[[EXT:.+]] = snn.external @ext : !snn.pop<34>
// CHECK:         snn.probe %[[ARRAY]] spikes : !snn.pop<2>
// CHECK:         snn.probe %[[EMPTY]] spikes : !snn.pop<1>
// CHECK:         snn.probe %[[POISSON]] spikes : !snn.pop<100>
// CHECK:         snn.probe %[[SILENT]] spikes : !snn.pop<1>
// CHECK:         snn.probe %[[EXT]] spikes : !snn.pop<34>
snn.network @sources dt(1.0e-3) profile(float) {
  %array = snn.spike_array @array neurons([0, 0, 1]) steps([5, 20, 7])
      : !snn.pop<2>
  %empty = snn.spike_array @empty neurons([]) steps([]) : !snn.pop<1>
  %bg = snn.poisson @bg rate(100.0) seed(3) : !snn.pop<100>
  %silent = snn.poisson @silent rate(0.0) : !snn.pop<1>
  %ext = snn.external @ext : !snn.pop<34>
  snn.probe %array spikes : !snn.pop<2>
  snn.probe %empty spikes : !snn.pop<1>
  snn.probe %bg spikes : !snn.pop<100>
  snn.probe %silent spikes : !snn.pop<1>
  snn.probe %ext spikes : !snn.pop<34>
}

// Every procedural connector, with and without self-connections and repeated
// pairs; delay ranges, seeds and the inhibitory channel. Boolean flags at
// their default (true) are not printed.
// CHECK-LABEL: snn.network @connectors
// CHECK:         %[[A:.+]] = snn.population @a
// CHECK:         %[[B:.+]] = snn.population @b
// CHECK:         snn.connect %[[A]] -> %[[A]]
// CHECK-SAME:      connector(#snn.fixed_probability<p = 0.02, allow_self = false>)
// CHECK-SAME:      weight(#snn.constant<value = 1.62>) seed(11)
// CHECK-SAME:      : !snn.pop<10> -> !snn.pop<10>
// CHECK:         snn.connect %[[A]] -> %[[B]]
// CHECK-SAME:      connector(#snn.fixed_probability<p = 1.0>)
// CHECK-SAME:      weight(#snn.constant<value = -9.0>) delay(2) max_delay(5)
// CHECK-SAME:      synapse(inh) : !snn.pop<10> -> !snn.pop<5>
// CHECK:         snn.connect %[[A]] -> %[[A]]
// CHECK-SAME:      connector(#snn.fixed_in_degree<k = 9, allow_self = false,
// CHECK-SAME:      allow_multapses = false>)
// CHECK-SAME:      weight(#snn.uniform<low = 0.0, high = 0.5>) seed(12)
// CHECK:         snn.connect %[[A]] -> %[[B]]
// CHECK-SAME:      connector(#snn.fixed_in_degree<k = 100>)
// CHECK-SAME:      weight(#snn.normal<mean = 0.5, std = 0.1>)
// CHECK:         snn.connect %[[A]] -> %[[B]]
// CHECK-SAME:      connector(#snn.fixed_total<n = 50, allow_multapses = false>)
// CHECK-SAME:      weight(#snn.constant<value = 0.25>) max_delay(1)
// CHECK:         snn.connect %[[A]] -> %[[A]]
// CHECK-SAME:      connector(#snn.fixed_total<n = 1000, allow_self = false>)
snn.network @connectors dt(1.0e-4) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<10>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<5>
  snn.connect %a -> %a
      connector(#snn.fixed_probability<p = 0.02, allow_self = false>)
      weight(#snn.constant<value = 1.62>) seed(11)
      : !snn.pop<10> -> !snn.pop<10>
  snn.connect %a -> %b connector(#snn.fixed_probability<p = 1>)
      weight(#snn.constant<value = -9.0>) delay(2) max_delay(5) seed(0)
      synapse(inh) : !snn.pop<10> -> !snn.pop<5>
  snn.connect %a -> %a
      connector(#snn.fixed_in_degree<k = 9, allow_self = false,
                                     allow_multapses = false>)
      weight(#snn.uniform<low = 0.0, high = 0.5>) seed(12)
      : !snn.pop<10> -> !snn.pop<10>
  snn.connect %a -> %b
      connector(#snn.fixed_in_degree<k = 100, allow_self = true,
                                     allow_multapses = true>)
      weight(#snn.normal<mean = 0.5, std = 0.1>) delay(1) synapse(exc)
      : !snn.pop<10> -> !snn.pop<5>
  snn.connect %a -> %b
      connector(#snn.fixed_total<n = 50, allow_multapses = false>)
      weight(#snn.constant<value = 0.25>) max_delay(1)
      : !snn.pop<10> -> !snn.pop<5>
  snn.connect %a -> %a
      connector(#snn.fixed_total<n = 1000, allow_self = false>)
      weight(#snn.constant<value = 0.25>) : !snn.pop<10> -> !snn.pop<10>
}

// Plasticity rules: STDP with default and explicit parameters, and a
// three-factor rule whose modulator is a population of the same network.
// CHECK-LABEL: snn.network @plasticity
// CHECK:         snn.connect
// CHECK-SAME:      plasticity(#snn.stdp<>)
// CHECK:         snn.dense
// CHECK-SAME:      plasticity(#snn.stdp<tau_plus = 0.01, tau_minus = 0.03,
// CHECK-SAME:      a_plus = 0.005, a_minus = 0.006, w_min = -1.0, w_max = 2.0>)
// CHECK:         snn.sparse
// CHECK-SAME:      plasticity(#snn.three_factor<stdp = #snn.stdp<a_plus = 0.02>,
// CHECK-SAME:      modulator = @dopamine>)
// CHECK:         snn.one_to_one
// CHECK-SAME:      plasticity(#snn.three_factor<stdp = #snn.stdp<>, tau_e = 1.0,
// CHECK-SAME:      tau_m = 0.1, learning_rate = 0.5, modulator = @reward>)
snn.network @plasticity dt(1.0e-3) profile(float) {
  %pre = snn.poisson @pre rate(20.0) seed(1) : !snn.pop<2>
  %post = snn.population @post model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  %dopamine = snn.population @dopamine model(#snn.lif<tau_mem = 0.02>)
      : !snn.pop<1>
  %reward = snn.external @reward : !snn.pop<1>
  snn.connect %pre -> %post connector(#snn.fixed_probability<p = 0.5>)
      weight(#snn.uniform<low = 0.0, high = 1.0>)
      plasticity(#snn.stdp<tau_plus = 0.02, tau_minus = 0.02, a_plus = 0.01,
                           a_minus = 0.012, w_min = 0.0, w_max = 1.0>)
      : !snn.pop<2> -> !snn.pop<2>
  snn.dense %pre -> %post weights(dense<0.5> : tensor<2x2xf32>)
      plasticity(#snn.stdp<tau_plus = 0.01, tau_minus = 0.03, a_plus = 0.005,
                           a_minus = 0.006, w_min = -1, w_max = 2>)
      : !snn.pop<2> -> !snn.pop<2>
  snn.sparse %pre -> %post pre([0]) post([1]) weights([0.5]) delays([1])
      plasticity(#snn.three_factor<stdp = #snn.stdp<a_plus = 0.02>,
                                   modulator = @dopamine>)
      : !snn.pop<2> -> !snn.pop<2>
  snn.one_to_one %pre -> %post weight(0.5)
      plasticity(#snn.three_factor<stdp = #snn.stdp<>, tau_e = 1.0,
                                   tau_m = 0.1, learning_rate = 0.5,
                                   modulator = @reward>)
      : !snn.pop<2> -> !snn.pop<2>
}

// Dense projections with inline weights (any float type) and with
// dense_resource blobs, which keep large matrices out of the text. The blobs
// are checked at the end of the file.
// CHECK-LABEL: snn.network @dense
// CHECK:         %[[IN:.+]] = snn.spike_array @in
// CHECK:         %[[OUT:.+]] = snn.population @out
// CHECK:         snn.dense %[[IN]] -> %[[OUT]]
// CHECK-SAME:      weights(dense<{{\[\[}}5.000000e-01, 2.500000e-01]]> : tensor<1x2xf32>)
// CHECK-SAME:      : !snn.pop<2> -> !snn.pop<1>
// CHECK:         snn.dense %[[IN]] -> %[[OUT]]
// CHECK-SAME:      weights(dense<1.000000e-01> : tensor<1x2xf64>) delay(3)
// CHECK-SAME:      synapse(inh)
// CHECK:         snn.dense %[[OUT]] -> %[[IN2:.+]] weights(dense_resource<blob>
// CHECK-SAME:      : tensor<2x1xf16>) : !snn.pop<1> -> !snn.pop<2>
// CHECK:         snn.dense %[[IN2]] -> %[[IN2]] weights(dense_resource<weights>
// CHECK-SAME:      : tensor<2x2xf32>) : !snn.pop<2> -> !snn.pop<2>
snn.network @dense dt(1.0e-3) profile(float) {
  %in = snn.spike_array @in neurons([0]) steps([1]) : !snn.pop<2>
  %out = snn.population @out model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
  %in2 = snn.population @in2 model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  snn.dense %in -> %out weights(dense<[[0.5, 0.25]]> : tensor<1x2xf32>)
      : !snn.pop<2> -> !snn.pop<1>
  snn.dense %in -> %out weights(dense<0.1> : tensor<1x2xf64>) delay(3)
      synapse(inh) : !snn.pop<2> -> !snn.pop<1>
  snn.dense %out -> %in2 weights(dense_resource<blob> : tensor<2x1xf16>)
      : !snn.pop<1> -> !snn.pop<2>
  snn.dense %in2 -> %in2 weights(dense_resource<weights> : tensor<2x2xf32>)
      : !snn.pop<2> -> !snn.pop<2>
}

// Explicit synapse lists, including an empty one, and one-to-one
// projections with their default and explicit delay.
// CHECK-LABEL: snn.network @explicit
// CHECK:         %[[A:.+]] = snn.population @a
// CHECK:         %[[B:.+]] = snn.population @b
// CHECK:         snn.sparse %[[A]] -> %[[B]] pre([0, 1, 1]) post([1, 0, 1])
// CHECK-SAME:      weights([5.000000e-01, -5.000000e-01, 1.000000e-01])
// CHECK-SAME:      delays([1, 3, 16]) : !snn.pop<2> -> !snn.pop<2>
// CHECK:         snn.sparse %[[A]] -> %[[B]] pre([]) post([]) weights([])
// CHECK-SAME:      delays([]) synapse(inh) : !snn.pop<2> -> !snn.pop<2>
// CHECK:         snn.one_to_one %[[A]] -> %[[B]] weight(2.000000e+00)
// CHECK-SAME:      : !snn.pop<2> -> !snn.pop<2>
// CHECK:         snn.one_to_one %[[A]] -> %[[B]] weight(-1.000000e-01)
// CHECK-SAME:      delay(4) synapse(inh) : !snn.pop<2> -> !snn.pop<2>
snn.network @explicit dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  snn.sparse %a -> %b pre([0, 1, 1]) post([1, 0, 1])
      weights([0.5, -0.5, 0.1]) delays([1, 3, 16])
      : !snn.pop<2> -> !snn.pop<2>
  snn.sparse %a -> %b pre([]) post([]) weights([]) delays([]) synapse(inh)
      : !snn.pop<2> -> !snn.pop<2>
  snn.one_to_one %a -> %b weight(2.0) delay(1) : !snn.pop<2> -> !snn.pop<2>
  snn.one_to_one %a -> %b weight(-0.1) delay(4) synapse(inh)
      : !snn.pop<2> -> !snn.pop<2>
}

// Convolutions: attributes at their default (stride 1, padding 0, dilation 1,
// groups 1, delay 1) are elided; the others print. 2x8x8 -> 4x4x4 with a
// strided, padded 3x3 kernel; 4x4x4 -> 4x2x2 in 2 groups with a 2x2 kernel
// dilated by 2; 2x8x8 -> 4x4x4 with a 1x2 kernel whose axes differ in
// padding and dilation.
// CHECK-LABEL: snn.network @conv2d
// CHECK:         %[[IMG:.+]] = snn.population @img
// CHECK:         %[[FM:.+]] = snn.population @fm
// CHECK:         %[[FM2:.+]] = snn.population @fm2
// CHECK:         snn.conv2d %[[IMG]] -> %[[FM]]
// CHECK-SAME:      weights(dense<2.500000e-01> : tensor<4x2x3x3xf32>)
// CHECK-SAME:      input_shape([2, 8, 8]) stride([2, 2]) padding([1, 1])
// CHECK-SAME:      : !snn.pop<128> -> !snn.pop<64>
// CHECK:         snn.conv2d %[[FM]] -> %[[FM2]]
// CHECK-SAME:      weights(dense<5.000000e-01> : tensor<4x2x2x2xf32>)
// CHECK-SAME:      input_shape([4, 4, 4]) dilation([2, 2]) groups(2) delay(2)
// CHECK-SAME:      synapse(inh) : !snn.pop<64> -> !snn.pop<16>
// CHECK:         snn.conv2d %[[IMG]] -> %[[FM]]
// CHECK-SAME:      weights(dense<1.000000e+00> : tensor<4x2x1x2xf32>)
// CHECK-SAME:      input_shape([2, 8, 8]) stride([2, 2]) padding([0, 1])
// CHECK-SAME:      dilation([1, 3]) : !snn.pop<128> -> !snn.pop<64>
snn.network @conv2d dt(1.0e-3) profile(float) {
  %img = snn.population @img model(#snn.if<>) : !snn.pop<128>
  %fm = snn.population @fm model(#snn.if<>) : !snn.pop<64>
  %fm2 = snn.population @fm2 model(#snn.if<>) : !snn.pop<16>
  snn.conv2d %img -> %fm weights(dense<0.25> : tensor<4x2x3x3xf32>)
      input_shape([2, 8, 8]) stride([2, 2]) padding([1, 1])
      : !snn.pop<128> -> !snn.pop<64>
  snn.conv2d %fm -> %fm2 weights(dense<0.5> : tensor<4x2x2x2xf32>)
      input_shape([4, 4, 4]) stride([1, 1]) padding([0, 0]) dilation([2, 2])
      groups(2) delay(2) synapse(inh) : !snn.pop<64> -> !snn.pop<16>
  snn.conv2d %img -> %fm weights(dense<1.0> : tensor<4x2x1x2xf32>)
      input_shape([2, 8, 8]) stride([2, 2]) padding([0, 1]) dilation([1, 3])
      groups(1) delay(1) : !snn.pop<128> -> !snn.pop<64>
}

// Biases: one value per post neuron (dense) or output channel (conv2d), in
// any float type, printed after the weights.
// CHECK-LABEL: snn.network @bias
// CHECK:         snn.dense %[[A:.+]] -> %[[B:.+]] weights(dense<5.000000e-01> : tensor<3x2xf32>)
// CHECK-SAME:      bias(dense<[1.000000e-01, -2.000000e-01, 0.000000e+00]> : tensor<3xf64>)
// CHECK-SAME:      delay(2) synapse(inh) : !snn.pop<2> -> !snn.pop<3>
// CHECK:         snn.conv2d %[[IMG:.+]] -> %[[FM:.+]] weights(dense<2.500000e-01> : tensor<2x1x3x3xf32>)
// CHECK-SAME:      bias(dense<[1.000000e+00, 2.500000e-01]> : tensor<2xf32>)
// CHECK-SAME:      input_shape([1, 4, 4]) padding([1, 1]) : !snn.pop<16> -> !snn.pop<32>
snn.network @bias dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  %img = snn.population @img model(#snn.if<>) : !snn.pop<16>
  %fm = snn.population @fm model(#snn.if<>) : !snn.pop<32>
  snn.dense %a -> %b weights(dense<0.5> : tensor<3x2xf32>)
      bias(dense<[0.1, -0.2, 0.0]> : tensor<3xf64>) delay(2) synapse(inh)
      : !snn.pop<2> -> !snn.pop<3>
  snn.conv2d %img -> %fm weights(dense<0.25> : tensor<2x1x3x3xf32>)
      bias(dense<[1.0, 0.25]> : tensor<2xf32>) input_shape([1, 4, 4])
      padding([1, 1]) : !snn.pop<16> -> !snn.pop<32>
}

// Sum and average pooling; padding and delay print only when not default.
// CHECK-LABEL: snn.network @pool2d
// CHECK:         %[[FM:.+]] = snn.population @fm
// CHECK:         %[[SUM:.+]] = snn.population @sum
// CHECK:         %[[AVG:.+]] = snn.population @avg
// CHECK:         snn.pool2d %[[FM]] -> %[[SUM]] sum input_shape([4, 4, 4])
// CHECK-SAME:      kernel([2, 2]) stride([2, 2]) : !snn.pop<64> -> !snn.pop<16>
// CHECK:         snn.pool2d %[[FM]] -> %[[AVG]] avg input_shape([4, 4, 4])
// CHECK-SAME:      kernel([3, 3]) stride([2, 2]) padding([1, 1]) delay(2)
// CHECK-SAME:      : !snn.pop<64> -> !snn.pop<16>
snn.network @pool2d dt(1.0e-3) profile(float) {
  %fm = snn.population @fm model(#snn.if<>) : !snn.pop<64>
  %sum = snn.population @sum model(#snn.if<>) : !snn.pop<16>
  %avg = snn.population @avg model(#snn.if<>) : !snn.pop<16>
  snn.pool2d %fm -> %sum sum input_shape([4, 4, 4]) kernel([2, 2])
      stride([2, 2]) padding([0, 0]) : !snn.pop<64> -> !snn.pop<16>
  snn.pool2d %fm -> %avg avg input_shape([4, 4, 4]) kernel([3, 3])
      stride([2, 2]) padding([1, 1]) delay(2) : !snn.pop<64> -> !snn.pop<16>
}

// Every probe variable: spikes and membrane potential of a point neuron,
// membrane potential of a non-spiking leaky integrator.
// CHECK-LABEL: snn.network @probes
// CHECK:         %[[LIF:.+]] = snn.population @lif
// CHECK:         %[[LI:.+]] = snn.population @li
// CHECK:         snn.probe %[[LIF]] spikes : !snn.pop<3>
// CHECK:         snn.probe %[[LIF]] v : !snn.pop<3>
// CHECK:         snn.probe %[[LI]] v : !snn.pop<1>
snn.network @probes dt(1.0e-3) profile(float) {
  %lif = snn.population @lif model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  %li = snn.population @li model(#snn.li<tau_mem = 0.02>) : !snn.pop<1>
  snn.probe %lif spikes : !snn.pop<3>
  snn.probe %lif v : !snn.pop<3>
  snn.probe %li v : !snn.pop<1>
}

// The body is a graph region: projections and probes may use a population
// defined further down, so recurrent loops (exc <-> inh) need no ordering.
// CHECK-LABEL: snn.network @recurrent
// CHECK:         snn.connect %[[INH:.+]] -> %[[EXC:.+]] connector
// CHECK-SAME:      synapse(inh) : !snn.pop<2> -> !snn.pop<8>
// CHECK:         snn.probe %[[EXC]] spikes : !snn.pop<8>
// CHECK:         %[[EXC]] = snn.population @exc
// CHECK:         snn.one_to_one %[[EXC]] -> %[[EXC]] weight
// CHECK:         %[[INH]] = snn.population @inh
// CHECK:         snn.connect %[[EXC]] -> %[[INH]] connector
snn.network @recurrent dt(1.0e-3) profile(float) {
  snn.connect %inh -> %exc connector(#snn.fixed_in_degree<k = 2>)
      weight(#snn.constant<value = -2.0>) synapse(inh)
      : !snn.pop<2> -> !snn.pop<8>
  snn.probe %exc spikes : !snn.pop<8>
  %exc = snn.population @exc model(#snn.lif<tau_mem = 0.02>) : !snn.pop<8>
  snn.one_to_one %exc -> %exc weight(0.5) delay(2) : !snn.pop<8> -> !snn.pop<8>
  %inh = snn.population @inh model(#snn.lif<tau_mem = 0.01>) : !snn.pop<2>
  snn.connect %exc -> %inh connector(#snn.fixed_total<n = 16>)
      weight(#snn.constant<value = 1.0>) : !snn.pop<8> -> !snn.pop<2>
}

// The blobs behind the dense_resource weights survive byte for byte: a
// 32-bit little-endian alignment (2 and 4), then f16 [1.0, -1.0] and f32
// [[0.5, -0.25], [1.0, 0.0]].
// CHECK-LABEL: dialect_resources: {
// CHECK-NEXT:    builtin: {
// CHECK-NEXT:      blob: "0x02000000003C00BC",
// CHECK-NEXT:      weights: "0x040000000000003F000080BE0000803F00000000"
// CHECK-NEXT:    }
// CHECK-NEXT:  }
{-#
  dialect_resources: {
    builtin: {
      blob: "0x02000000003C00BC",
      weights: "0x040000000000003F000080BE0000803F00000000"
    }
  }
#-}
