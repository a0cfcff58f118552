// The classic dendritic nonlinearity demo: the same eight synchronous input
// spikes drive two identical dendritic neurons (a LIF soma plus four
// branches with an NMDA-like plateau nonlinearity). Neuron 0 receives all
// eight on one branch (clustered); neuron 1 receives two on each of its four
// branches (scattered). The clustered branch crosses its plateau threshold
// and the soma fires a burst; the scattered branches each stay below it, the
// soma only sums their small linear outputs and stays silent.

snn.network @dendritic_demo dt(1.0e-3) profile(float) {
  // Eight inputs firing together at 20 ms, 120 ms and 220 ms.
  %in = snn.spike_array @in
      neurons([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7,
               0, 1, 2, 3, 4, 5, 6, 7])
      steps([20, 20, 20, 20, 20, 20, 20, 20, 120, 120, 120, 120, 120, 120,
             120, 120, 220, 220, 220, 220, 220, 220, 220, 220])
      : !snn.pop<8>

  %cell = snn.population @cell
      model(#snn.dendritic<
          soma = #snn.lif<tau_mem = 0.02, v_leak = 0.0, v_th = 10.0,
                          v_reset = 0.0, t_ref = 0.002>,
          branches = [
            #snn.branch<tau = 0.01, threshold = 5.0, amplitude = 20.0,
                        gain = 0.5, plateau_steps = 30>,
            #snn.branch<tau = 0.01, threshold = 5.0, amplitude = 20.0,
                        gain = 0.5, plateau_steps = 30>,
            #snn.branch<tau = 0.01, threshold = 5.0, amplitude = 20.0,
                        gain = 0.5, plateau_steps = 30>,
            #snn.branch<tau = 0.01, threshold = 5.0, amplitude = 20.0,
                        gain = 0.5, plateau_steps = 30>]>)
      : !snn.pop<2>

  // Clustered: all eight inputs onto branch 0 of neuron 0.
  snn.sparse %in -> %cell pre([0, 1, 2, 3, 4, 5, 6, 7])
      post([0, 0, 0, 0, 0, 0, 0, 0]) weights([1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0, 1.0]) delays([1, 1, 1, 1, 1, 1, 1, 1]) branch(0)
      : !snn.pop<8> -> !snn.pop<2>
  // Scattered: two inputs onto each branch of neuron 1.
  snn.sparse %in -> %cell pre([0, 1]) post([1, 1]) weights([1.0, 1.0])
      delays([1, 1]) branch(0) : !snn.pop<8> -> !snn.pop<2>
  snn.sparse %in -> %cell pre([2, 3]) post([1, 1]) weights([1.0, 1.0])
      delays([1, 1]) branch(1) : !snn.pop<8> -> !snn.pop<2>
  snn.sparse %in -> %cell pre([4, 5]) post([1, 1]) weights([1.0, 1.0])
      delays([1, 1]) branch(2) : !snn.pop<8> -> !snn.pop<2>
  snn.sparse %in -> %cell pre([6, 7]) post([1, 1]) weights([1.0, 1.0])
      delays([1, 1]) branch(3) : !snn.pop<8> -> !snn.pop<2>

  snn.probe %cell spikes : !snn.pop<2>
  snn.probe %cell v : !snn.pop<2>
  snn.probe %cell branch : !snn.pop<2>
}
