// RUN: rm -f %t.dimg
// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(spinn-pipeline{machine=2x2 seed=4 max-neurons-per-core=100},spinn-write-image{output=%t.dimg})' | FileCheck %s
// RUN: head -c 7 %t.dimg | FileCheck %s --check-prefix=MAGIC
// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(spinn-pipeline{machine=2x2 seed=4 max-neurons-per-core=100},spinn-write-image{output=%t.moved.dimg move-data=true})' | FileCheck %s --check-prefix=MOVED
// RUN: cmp %t.dimg %t.moved.dimg
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(spinn-pipeline{machine=2x2},spinn-write-image)' 2>&1 | FileCheck %s --check-prefix=NO-OUTPUT
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(spinn-pipeline{machine=2x2},spinn-write-image{output=%t.missing-dir/net.dimg})' 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=2x2},spinn-partition,spinn-place,spinn-allocate-keys,spinn-route,spinn-write-image{output=%t.early.dimg})' 2>&1 | FileCheck %s --check-prefix=EARLY
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-partition,spinn-place,spinn-allocate-keys,spinn-route,spinn-build-synaptic-matrices,spinn-write-image{output=%t.early.dimg})' 2>&1 | FileCheck %s --check-prefix=UNCOMPRESSED
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(spinn-write-image{output=%t.hand.dimg})' 2>&1 | FileCheck %s --check-prefix=HAND

// spinn-pipeline (snn-quantize and every stage) then the image export, as
// `dendron compile --target=spinnaker` runs them. The pipeline's options
// reach the stages: 600 neurons at 100 per core are 6 slices, seed 4 is
// recorded; 2 * 600 one-to-one synapses. The IR is left as it was.
// CHECK-LABEL: spinn.mapping network(@net) machine(@machine) expected_rate(1.000000e+01) seed(4) synapses(1200)
// CHECK-COUNT-6: spinn.slice @p_{{[0-5]}} node(@p)
// Images start with their magic (docs/MachineImage.md).
// MAGIC: DENDIMG
// Moving the synaptic data out of the IR writes the same bytes and leaves
// the matrices' blobs empty.
// MOVED-LABEL: spinn.mapping network(@net)
// MOVED: dialect_resources
// MOVED: p_0_words: "0x00000000"

// NO-OUTPUT: error: spinn-write-image: no output path; pass output=<file.dimg>
// UNWRITABLE: error: spinn-write-image: cannot write '{{.*}}missing-dir/net.dimg'
// EARLY: error: machine image export: no synaptic matrices; run spinn-build-synaptic-matrices first
// UNCOMPRESSED: error: machine image export: the table of chip (0, 0) is not compressed; run spinn-compress-tables first
snn.network @net dt(1.0e-3) profile(float) {
  %in = snn.poisson @in rate(20.0) seed(1) : !snn.pop<600>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<600>
  snn.one_to_one %in -> %p weight(0.5) : !snn.pop<600> -> !snn.pop<600>
  snn.one_to_one %p -> %p weight(-0.25) synapse(inh) : !snn.pop<600> -> !snn.pop<600>
}

// -----

// A hand-written mapping whose synaptic words were elided when it was
// printed: the export cannot invent them.
// HAND: error: machine image export: the synaptic word data is missing
spinn.machine @machine profile("2x1") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1}")
snn.network @net dt(1.0e-3) profile(s16.15) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) seed(0) synapses(1) {
  spinn.slice @p_0 node(@p) range(0, 4) core(#spinn.core<1, 0, 2>) keys(#spinn.keys<base = 0, mask = 4294967292>)
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(3) master_pop(dense<> : tensor<0x4xi64>) row_start(dense<[0, 1]> : tensor<2xi64>) words(dense_resource<__elided__> : tensor<1xi64>) memory(data = 100, shared = 8 at 0) cycles(1.0)
}

// -----

// A slice without its synaptic matrix.
// HAND: error: machine image export: slice @p_1 has no synaptic matrix
spinn.machine @machine profile("2x1") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1}")
snn.network @net dt(1.0e-3) profile(s16.15) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) seed(0) synapses(0) {
  spinn.slice @p_0 node(@p) range(0, 2) core(#spinn.core<1, 0, 2>) keys(#spinn.keys<base = 0, mask = 4294967294>)
  spinn.slice @p_1 node(@p) range(2, 4) core(#spinn.core<1, 0, 3>) keys(#spinn.keys<base = 2, mask = 4294967294>)
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(1) master_pop(dense<> : tensor<0x4xi64>) row_start(dense<> : tensor<0xi64>) words(dense<> : tensor<0xi64>) memory(data = 100, shared = 0 at 0) cycles(1.0)
}
