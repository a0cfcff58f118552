snn.network @a dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
}
snn.network @b dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
}
