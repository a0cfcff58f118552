// RUN: dendron run %s --steps 300 --profile s16.15 --record %t.reference.h5 > /dev/null
// RUN: dendron-opt %s --pass-pipeline='builtin.module(spinn-pipeline{machine=%S/Inputs/small-chips.json max-neurons-per-core=16 seed=0},spinn-write-image{output=%t.0.dimg})' -o /dev/null
// RUN: dendron run %t.0.dimg --steps 300 --record %t.0.h5 > /dev/null
// RUN: %python %S/Inputs/same_spikes.py %t.0.h5 %t.reference.h5 100
// RUN: dendron-opt %s --pass-pipeline='builtin.module(spinn-pipeline{machine=%S/Inputs/small-chips.json max-neurons-per-core=16 seed=2 threads=2},spinn-write-image{output=%t.2.dimg})' -o /dev/null
// RUN: dendron run %t.2.dimg --steps 300 --threads 2 --record %t.2.h5 > /dev/null
// RUN: %python %S/Inputs/same_spikes.py %t.2.h5 %t.reference.h5 100
// RUN: dendron-opt %s --pass-pipeline='builtin.module(spinn-pipeline{machine=spinn2 max-neurons-per-core=1},spinn-write-image{output=%t.spinn2.dimg})' -o /dev/null
// RUN: dendron run %t.spinn2.dimg --steps 300 --record %t.spinn2.h5 > /dev/null
// RUN: %python %S/Inputs/same_spikes.py %t.spinn2.h5 %t.reference.h5 100

// The whole compiler side end to end: the image the spinn pipeline writes,
// run by the machine simulator, spikes exactly as the reference simulator
// does in s16.15 (the independent expectation), for two placement seeds.
// Inputs/small-chips.json: a 3x3 mesh of chips with 2 application cores
// each, one of them dead, and two dead links; at 16 neurons per core the 9
// slices spread over at least 5 chips, so packets cross chips and the
// routes avoid the dead links. Weights, delays (1-4 steps) and the
// inhibitory channel are all exercised; Inputs/same_spikes.py also checks
// that the network is active (at least 100 spikes). On the one-chip spinn2
// profile at one neuron per core, the 120 slices take 120 of the 151
// application cores, so some sit on core 58 or above, whose route bits
// (6 + core) are in the second 64-bit route word.
snn.network @net dt(1.0e-3) profile(float) {
  %in = snn.poisson @in rate(80.0) seed(3) : !snn.pop<40>
  %exc = snn.population @exc model(#snn.lif<tau_mem = 0.02, v_leak = -65.0, v_th = -50.0, v_reset = -65.0, tau_syn_exc = 0.005, tau_syn_inh = 0.01>) init(#snn.uniform<low = -65.0, high = -50.0>) seed(5) : !snn.pop<60>
  %inh = snn.population @inh model(#snn.lif<tau_mem = 0.01, v_leak = -65.0, v_th = -50.0, v_reset = -65.0>) : !snn.pop<20>
  snn.connect %in -> %exc connector(#snn.fixed_probability<p = 0.3>) weight(#snn.constant<value = 4.0>) delay(1) max_delay(4) seed(7) : !snn.pop<40> -> !snn.pop<60>
  snn.connect %exc -> %inh connector(#snn.fixed_probability<p = 0.2>) weight(#snn.constant<value = 6.0>) seed(8) : !snn.pop<60> -> !snn.pop<20>
  snn.connect %inh -> %exc connector(#snn.fixed_probability<p = 0.5>) weight(#snn.constant<value = -3.0>) delay(2) seed(9) synapse(inh) : !snn.pop<20> -> !snn.pop<60>
  snn.probe %exc spikes : !snn.pop<60>
  snn.probe %inh spikes : !snn.pop<20>
}
