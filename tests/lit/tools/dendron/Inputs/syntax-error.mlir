snn.network @broken dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = -1.0>) : !snn.pop<1>
}
