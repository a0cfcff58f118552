// RUN: dendron-opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(spinn-attach-machine{machine=1x1},spinn-partition)'
// RUN: not dendron-opt %s --pass-pipeline='builtin.module(spinn-partition)' 2>&1 | FileCheck %s --check-prefix=NO-MACHINE
// RUN: echo 'module {}' | not dendron-opt --pass-pipeline='builtin.module(spinn-partition)' 2>&1 | FileCheck %s --check-prefix=NO-NETWORK

// Diagnostics shared by every stage (loadMappingState), seen from the
// first one.

// NO-MACHINE: error: spinn-partition: no spinn.machine @machine; run spinn-attach-machine first
// NO-NETWORK: error: spinn-partition: the module must hold exactly one snn.network

// The mapper needs the network's fixed-point constants.
// expected-error@+1 {{spinn-partition: network @net is not quantized to s16.15; run snn-quantize{profile=s16.15} first}}
snn.network @net dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<6>
}
