// 500 sources all-to-all onto 500 neurons: 250,000 synapses, 2 MB of
// synaptic rows; more than a chip with 64 KiB of shared memory holds.
snn.network @dense dt(1.0e-3) profile(float) {
  %in = snn.poisson @in rate(10.0) seed(1) : !snn.pop<500>
  %out = snn.population @out model(#snn.lif<tau_mem = 0.02, v_th = 1.0>) : !snn.pop<500>
  snn.connect %in -> %out connector(#snn.fixed_probability<p = 1.0>)
      weight(#snn.constant<value = 0.01>) seed(3)
      : !snn.pop<500> -> !snn.pop<500>
}
