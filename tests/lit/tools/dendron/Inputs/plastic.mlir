// A network with an STDP projection: not mapped by the spinnaker target yet.
snn.network @plastic dt(1.0e-3) profile(float) {
  %in = snn.poisson @in rate(20.0) seed(1) : !snn.pop<10>
  %out = snn.population @out model(#snn.lif<tau_mem = 0.02, v_th = 1.0>) : !snn.pop<10>
  snn.dense %in -> %out weights(dense<0.5> : tensor<10x10xf64>)
      plasticity(#snn.stdp<tau_plus = 0.02, tau_minus = 0.02, a_plus = 0.01, a_minus = 0.012, w_min = 0.0, w_max = 1.0>)
      : !snn.pop<10> -> !snn.pop<10>
}
