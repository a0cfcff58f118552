// RUN: dendron-opt %s --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-partition{max-neurons-per-core=4},spinn-place{seed=7})' | FileCheck %s --check-prefix=FULL
// RUN: dendron-opt %s --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/dead.json},spinn-partition{max-neurons-per-core=5},spinn-place)' | FileCheck %s --check-prefix=DEAD
// RUN: not dendron-opt %s --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/dead.json},spinn-partition{max-neurons-per-core=4},spinn-place)' 2>&1 | FileCheck %s --check-prefix=TOO-MANY
// RUN: dendron-opt %s --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=4x4},spinn-partition{max-neurons-per-core=2},spinn-place{seed=3})' -o %t.a
// RUN: dendron-opt %s --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=4x4},spinn-partition{max-neurons-per-core=2},spinn-place{seed=3})' -o %t.b
// RUN: diff %t.a %t.b
// RUN: dendron-opt %s --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-partition{max-neurons-per-core=4},spinn-place,spinn-allocate-keys,spinn-route,spinn-build-synaptic-matrices,spinn-place)' | FileCheck %s --check-prefix=AGAIN
// RUN: not dendron-opt %s --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-place)' 2>&1 | FileCheck %s --check-prefix=NO-MAPPING

// 68 neurons at 4 per core are 17 slices: exactly the 17 application cores
// of a SpiNNaker1 chip (18 cores, core 0 the monitor). The verifier checks
// that they are distinct; none may be the monitor.
// FULL: spinn.mapping network(@net) machine(@machine) expected_rate(1.000000e+01) seed(7) {
// FULL-COUNT-17: core(#spinn.core<0, 0, {{[0-9]+}}>)
// FULL-NOT: spinn.slice
// FULL-NOT: core(#spinn.core<0, 0, 0>)

// Inputs/dead.json: chip (0, 0) is dead and so is core 5 of chip (1, 0),
// leaving 16 application cores, all on chip (1, 0): 68 neurons at 5 per
// core are 14 slices and fit; at 4 per core they are 17 and do not.
// DEAD: spinn.mapping
// DEAD-COUNT-14: core(#spinn.core<1, 0, {{[0-9]+}}>)
// DEAD-NOT: spinn.slice
// DEAD-NOT: core(#spinn.core<1, 0, 5>)
// TOO-MANY: error: spinn-place: network needs 17 cores, the machine has 16 live application cores

// Placing again drops the routes and synaptic data built on the old places.
// AGAIN: spinn.mapping
// AGAIN-NOT: synapses(
// AGAIN: spinn.slice @p_0
// AGAIN-NOT: spinn.router_table
// AGAIN-NOT: spinn.synaptic_matrix

// NO-MAPPING: error: spinn-place: no spinn.mapping; run spinn-partition first
snn.network @net dt(1.0e-3) profile(float) {
  %in = snn.poisson @in rate(10.0) seed(1) : !snn.pop<8>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<60>
  snn.connect %in -> %p connector(#snn.fixed_probability<p = 0.5>)
      weight(#snn.constant<value = 0.3>) seed(2) : !snn.pop<8> -> !snn.pop<60>
}
