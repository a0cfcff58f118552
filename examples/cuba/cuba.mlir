// Vogels & Abbott (2005) CUBA benchmark network, as in Brette et al. (2007)
// "Benchmark 2": 4000 LIF neurons (3200 excitatory, 800 inhibitory), every
// ordered pair connected with probability 0.02, current-based exponential
// synapses, self-sustained activity from random initial potentials.
// Voltages in mV, times in seconds. Parameters as in
// ../shared/bench/brian2/bench_cuba.py.

snn.network @cuba dt(1.0e-4) profile(float) {
  %exc = snn.population @exc
      model(#snn.lif<tau_mem = 0.02, v_leak = -49.0, v_th = -50.0,
                     v_reset = -60.0, t_ref = 0.005, tau_syn_exc = 0.005,
                     tau_syn_inh = 0.01>)
      init(#snn.uniform<low = -60.0, high = -50.0>) seed(1) : !snn.pop<3200>
  %inh = snn.population @inh
      model(#snn.lif<tau_mem = 0.02, v_leak = -49.0, v_th = -50.0,
                     v_reset = -60.0, t_ref = 0.005, tau_syn_exc = 0.005,
                     tau_syn_inh = 0.01>)
      init(#snn.uniform<low = -60.0, high = -50.0>) seed(2) : !snn.pop<800>

  // Excitatory synapses: +1.62 mV into the 5 ms channel.
  snn.connect %exc -> %exc connector(#snn.fixed_probability<p = 0.02>)
      weight(#snn.constant<value = 1.62>) seed(11)
      : !snn.pop<3200> -> !snn.pop<3200>
  snn.connect %exc -> %inh connector(#snn.fixed_probability<p = 0.02>)
      weight(#snn.constant<value = 1.62>) seed(12)
      : !snn.pop<3200> -> !snn.pop<800>
  // Inhibitory synapses: -9 mV into the 10 ms channel.
  snn.connect %inh -> %exc connector(#snn.fixed_probability<p = 0.02>)
      weight(#snn.constant<value = -9.0>) seed(13) synapse(inh)
      : !snn.pop<800> -> !snn.pop<3200>
  snn.connect %inh -> %inh connector(#snn.fixed_probability<p = 0.02>)
      weight(#snn.constant<value = -9.0>) seed(14) synapse(inh)
      : !snn.pop<800> -> !snn.pop<800>

  snn.probe %exc spikes : !snn.pop<3200>
  snn.probe %inh spikes : !snn.pop<800>
}
