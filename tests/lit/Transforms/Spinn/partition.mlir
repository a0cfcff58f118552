// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-partition)' | FileCheck %s
// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-partition{max-neurons-per-core=100 expected-rate=25})' | FileCheck %s --check-prefix=HUNDRED
// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-partition{max-neurons-per-core=7},spinn-partition)' | FileCheck %s --check-prefix=AGAIN
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-partition{max-neurons-per-core=0})' 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/tiny-core-memory.json},spinn-partition)' 2>&1 | FileCheck %s --check-prefix=MEMORY
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-partition{expected-rate=-5})' 2>&1 | FileCheck %s --check-prefix=RATE

// Slices are balanced: n neurons at most c per core make k = ceil(n / c)
// slices whose sizes differ by at most one, larger first; populations come
// before sources whatever their order in the network.

// 600 neurons at 256 per core: 3 slices of 200. At 100 per core: 6 of 100.
// CHECK-LABEL: spinn.mapping network(@net) machine(@machine) expected_rate(1.000000e+01) {
// CHECK-NEXT:    spinn.slice @p_0 node(@p) range(0, 200)
// CHECK-NEXT:    spinn.slice @p_1 node(@p) range(200, 400)
// CHECK-NEXT:    spinn.slice @p_2 node(@p) range(400, 600)
// CHECK-NEXT:    spinn.slice @in_0 node(@in) range(0, 2)
// CHECK-NEXT:  }
// HUNDRED-LABEL: spinn.mapping network(@net) machine(@machine) expected_rate(2.500000e+01) {
// HUNDRED-NEXT:    spinn.slice @p_0 node(@p) range(0, 100)
// HUNDRED-NEXT:    spinn.slice @p_1 node(@p) range(100, 200)
// HUNDRED-NEXT:    spinn.slice @p_2 node(@p) range(200, 300)
// HUNDRED-NEXT:    spinn.slice @p_3 node(@p) range(300, 400)
// HUNDRED-NEXT:    spinn.slice @p_4 node(@p) range(400, 500)
// HUNDRED-NEXT:    spinn.slice @p_5 node(@p) range(500, 600)
// HUNDRED-NEXT:    spinn.slice @in_0 node(@in) range(0, 2)
// HUNDRED-NEXT:  }
// Partitioning again replaces the mapping.
// AGAIN: spinn.mapping network(@net)
// AGAIN-NEXT: spinn.slice @p_0 node(@p) range(0, 200)
// AGAIN-NOT: spinn.mapping network(@net)
// RATE: error: spinn-partition: expected-rate must be a finite rate >= 0 Hz, got -5
// ZERO: error: spinn-partition: maximum neurons per core must be at least 1
// A core of 64 bytes cannot hold a neuron's state.
// MEMORY: error: spinn-partition: 'p' does not fit on a core: one neuron needs {{[0-9]+}} bytes of data memory ({{[0-9]+}} bytes per neuron + {{[0-9]+}} bytes per core), limit 64 bytes
snn.network @net dt(1.0e-3) profile(float) {
  %in = snn.spike_array @in neurons([0, 1]) steps([1, 2]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<600>
  snn.sparse %in -> %p pre([0, 1]) post([0, 599]) weights([0.5, 0.5]) delays([1, 1]) : !snn.pop<2> -> !snn.pop<600>
}

// -----

// 700 at 256: 3 slices of 234, 233, 233 (700 = 3 * 233 + 1). At 100: 7.
// CHECK-LABEL: spinn.mapping network(@uneven)
// CHECK-NEXT:    spinn.slice @q_0 node(@q) range(0, 234)
// CHECK-NEXT:    spinn.slice @q_1 node(@q) range(234, 467)
// CHECK-NEXT:    spinn.slice @q_2 node(@q) range(467, 700)
// CHECK-NEXT:    spinn.slice @r_0 node(@r) range(0, 5)
// CHECK-NEXT:  }
// HUNDRED-LABEL: spinn.mapping network(@uneven)
// HUNDRED-COUNT-7: spinn.slice @q_{{[0-6]}} node(@q)
// HUNDRED-NEXT:    spinn.slice @r_0 node(@r) range(0, 5)
snn.network @uneven dt(1.0e-3) profile(float) {
  %q = snn.population @q model(#snn.lif<tau_mem = 0.02>) : !snn.pop<700>
  %r = snn.population @r model(#snn.lif<tau_mem = 0.02>) : !snn.pop<5>
}
