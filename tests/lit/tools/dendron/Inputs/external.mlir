snn.network @ext dt(1.0e-3) profile(float) {
  %in = snn.external @in : !snn.pop<2>
  %p = snn.population @p model(#snn.if<v_th = 0.5>) : !snn.pop<2>
  snn.one_to_one %in -> %p weight(1.0) : !snn.pop<2> -> !snn.pop<2>
  snn.probe %p spikes : !snn.pop<2>
}
