// Networks NIR cannot express, one per split.
snn.network @procedural dt(1.0e-4) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.01>) : !snn.pop<4>
  snn.connect %a -> %a connector(#snn.fixed_probability<p = 0.5>)
      weight(#snn.constant<value = 1.0>) seed(1) : !snn.pop<4> -> !snn.pop<4>
}

// -----
snn.network @refractory dt(1.0e-4) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.01, t_ref = 0.002>) : !snn.pop<4>
}

// -----
snn.network @poisson dt(1.0e-4) profile(float) {
  %a = snn.poisson @a rate(10.0) : !snn.pop<4>
}

// -----
snn.network @inhibitory dt(1.0e-4) profile(float) {
  %a = snn.external @a : !snn.pop<1>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.01>) : !snn.pop<1>
  snn.one_to_one %a -> %b weight(-1.0) synapse(inh) : !snn.pop<1> -> !snn.pop<1>
}

// -----
snn.network @conv1d_not_height_1 dt(1.0e-4) profile(float) {
  %a = snn.external @a : !snn.pop<4>
  %b = snn.population @b model(#snn.if<>) : !snn.pop<1>
  snn.conv2d %a -> %b weights(dense<1.0> : tensor<1x1x2x2xf64>) input_shape([1, 2, 2]) {nir.conv1d} : !snn.pop<4> -> !snn.pop<1>
}
