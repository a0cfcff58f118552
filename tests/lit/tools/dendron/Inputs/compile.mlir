snn.network @net dt(1.0e-3) profile(float) {
  %in = snn.spike_array @in neurons([0, 1]) steps([1, 2]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, v_leak = -65.0, v_th = -50.0, v_reset = -65.0, t_ref = 0.002>) : !snn.pop<2>
  snn.connect %in -> %p connector(#snn.fixed_probability<p = 0.0>) weight(#snn.constant<value = 1.0>) : !snn.pop<2> -> !snn.pop<2>
  snn.one_to_one %in -> %p weight(20.0) : !snn.pop<2> -> !snn.pop<2>
  snn.probe %p spikes : !snn.pop<2>
}
