// One LIF neuron driven by a regular spike train: an input spike every 5 ms
// (weight 20 into a 5 ms synaptic current) for 200 ms. The membrane
// charges over a few inputs, fires, resets and repeats.

snn.network @single_lif dt(1.0e-3) profile(float) {
  %in = snn.spike_array @in
      neurons([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
      steps([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75,
             80, 85, 90, 95, 100, 105, 110, 115, 120, 125, 130, 135, 140,
             145, 150, 155, 160, 165, 170, 175, 180, 185, 190, 195])
      : !snn.pop<1>
  %lif = snn.population @lif
      model(#snn.lif<tau_mem = 0.02, v_leak = -65.0, v_th = -50.0,
                     v_reset = -65.0, t_ref = 0.002, tau_syn_exc = 0.005>)
      : !snn.pop<1>
  snn.one_to_one %in -> %lif weight(20.0) : !snn.pop<1> -> !snn.pop<1>
  snn.probe %in spikes : !snn.pop<1>
  snn.probe %lif spikes : !snn.pop<1>
  snn.probe %lif v : !snn.pop<1>
}
