// A network using what export maps to Scale and Delay nodes.
snn.network @nir dt(1.000000e-03) profile(float) {
  %0 = snn.external @in : !snn.pop<2>
  %1 = snn.population @p model(#snn.lif<tau_mem = 0.02, tau_syn_exc = 0.005, tau_syn_inh = 0.005, integrator = euler>) : !snn.pop<2>
  snn.one_to_one %0 -> %1 weight(2.5) delay(4) : !snn.pop<2> -> !snn.pop<2>
  snn.probe %1 spikes : !snn.pop<2>
  snn.probe %1 v : !snn.pop<2>
}
