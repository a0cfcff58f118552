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
