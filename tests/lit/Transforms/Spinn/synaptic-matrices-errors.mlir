// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(spinn-pipeline{machine=1x1})' 2>&1 | FileCheck %s
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(spinn-pipeline{machine=%S/Inputs/tiny-shared-memory.json})' 2>&1 | FileCheck %s --check-prefix=SHARED

// Plastic projections are not mapped yet: the stage names the projection.
// CHECK: error: spinn-build-synaptic-matrices: projection 0 (pre -> post): plasticity is not supported on the spinnaker target
snn.network @plastic dt(1.0e-3) profile(float) {
  %pre = snn.poisson @pre rate(20.0) seed(1) : !snn.pop<2>
  %post = snn.population @post model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  snn.one_to_one %pre -> %post weight(0.5) plasticity(#snn.stdp<>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Inputs/tiny-shared-memory.json gives the chip 16 bytes of shared memory;
// 4 synaptic words alone need 4 * 8 = 32 bytes.
// SHARED: error: spinn-build-synaptic-matrices: chip (0, 0): synaptic rows need {{[0-9]+}} bytes of shared memory, limit 16 bytes (largest: core (0, 0, {{[0-9]+}}), population 'post', {{[0-9]+}} bytes)
snn.network @big_rows dt(1.0e-3) profile(float) {
  %pre = snn.spike_array @pre neurons([0]) steps([1]) : !snn.pop<2>
  %post = snn.population @post model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  snn.dense %pre -> %post weights(dense<0.5> : tensor<2x2xf32>) : !snn.pop<2> -> !snn.pop<2>
}
