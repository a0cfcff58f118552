snn.network @big dt(1.0e-3) profile(float) {
  %in = snn.spike_array @in neurons([0]) steps([1]) : !snn.pop<1>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
  snn.one_to_one %in -> %p weight(1.0e6) : !snn.pop<1> -> !snn.pop<1>
}
