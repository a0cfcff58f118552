// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/one-core-chips.json},spinn-partition,spinn-place,spinn-allocate-keys,spinn-route,spinn-compress-tables,spinn-build-synaptic-matrices)' | FileCheck %s
// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(spinn-pipeline{machine=%S/Inputs/one-core-chips.json progress=true})' 2>&1 >/dev/null | FileCheck %s --check-prefix=PROGRESS

// A recurrent population of 3 on one core, inhibitory sparse synapses
// 0 -> 1 (w 0.5, delay 1), 1 -> 2 (w -0.25, delay 3), 2 -> 0 (w 1.0,
// delay 2). Its key block is [0, 4), mask 2^32 - 4 = 0xFFFFFFFC, so the
// master population table has one entry (key 0, mask 0xFFFFFFFC, first
// row 0, 3 rows), one row per pre neuron of one word each: row_start
// 0, 1, 2, 3. Ring depth: largest delay + 1 = 4.
// Words (SynapticWord: weight << 32 | delay << 16 | channel << 12 | index),
// channel 1 (inhibitory), weights in s16.15 (x 2^15):
//   0.5 -> 0x4000, delay 1, index 1 -> 0x00004000_00011001
//  -0.25 -> 0xFFFFE000, delay 3, index 2 -> 0xFFFFE000_00031002
//   1.0 -> 0x8000, delay 2, index 0 -> 0x00008000_00021000
// Blobs print as "0x", their alignment (8, as 4 bytes little-endian), then
// the little-endian bytes of each i64.
// Progress: one line before the first projection and one per 10% after.
// PROGRESS: spinn-build-synaptic-matrices: synaptic data: 0 of 1 projections (0%)
// PROGRESS-NEXT: spinn-build-synaptic-matrices: synaptic data: 1 of 1 projections (100%)
// CHECK-LABEL: spinn.mapping network(@recurrent)
// CHECK-SAME: synapses(3)
// CHECK: spinn.synaptic_matrix @r_0 channels(2) ring_depth(4) master_pop(dense_resource<[[POP:r_0_master_pop.*]]> : tensor<1x4xi64>) row_start(dense_resource<[[ROWS:r_0_row_start.*]]> : tensor<4xi64>) words(dense_resource<[[WORDS:r_0_words.*]]> : tensor<3xi64>) memory(data = {{[0-9]+}}, shared = {{[0-9]+}} at 0) cycles({{.*}})
// CHECK: [[POP]]: "0x080000000000000000000000FCFFFFFF0000000000000000000000000300000000000000"
// CHECK: [[ROWS]]: "0x080000000000000000000000010000000000000002000000000000000300000000000000"
// CHECK: [[WORDS]]: "0x0800000001100100004000000210030000E0FFFF0010020000800000"
snn.network @recurrent dt(1.0e-3) profile(float) {
  %r = snn.population @r model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  snn.sparse %r -> %r pre([0, 1, 2]) post([1, 2, 0]) weights([0.5, -0.25, 1.0]) delays([1, 3, 2]) synapse(inh) : !snn.pop<3> -> !snn.pop<3>
}

// -----

// Biases: the dense projection a -> b (inhibitory) carries 0.25, -0.5, 0.0:
// the core's bias is [channels][neurons], raw s16.15, zero on the
// excitatory channel: [[0, 0, 0], [8192, -16384, 0]]. The source a is
// routed to b: b's master population table has a's block (2 neurons at key
// 4, mask 2^32 - 2 = 0xFFFFFFFE), its rows 0 and 1 of 3 words each (a
// dense 3x2 matrix), and the ring depth is delay 2 + 1 = 3. The source's
// core receives nothing: no entries, rows or words, ring depth 1.
// CHECK-LABEL: spinn.mapping network(@biased)
// CHECK-SAME: synapses(6)
// CHECK: spinn.synaptic_matrix @b_0 channels(2) ring_depth(3) master_pop(dense_resource<[[POP:b_0_master_pop.*]]> : tensor<1x4xi64>) row_start(dense_resource<[[ROWS:b_0_row_start.*]]> : tensor<3xi64>) words(dense_resource<{{.*}}> : tensor<6xi64>) bias(dense_resource<[[BIAS:b_0_bias.*]]> : tensor<2x3xi64>)
// CHECK: spinn.synaptic_matrix @a_0 channels(2) ring_depth(1) master_pop(dense_resource<{{.*}}> : tensor<0x4xi64>) row_start(dense_resource<{{.*}}> : tensor<0xi64>) words(dense_resource<{{.*}}> : tensor<0xi64>) memory
// CHECK: [[POP]]: "0x080000000400000000000000FEFFFFFF0000000000000000000000000200000000000000"
// CHECK: [[ROWS]]: "0x08000000000000000000000003000000000000000600000000000000"
// CHECK: [[BIAS]]: "0x08000000000000000000000000000000000000000000000000000000002000000000000000C0FFFFFFFFFFFF0000000000000000"
snn.network @biased dt(1.0e-3) profile(float) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  snn.dense %a -> %b weights(dense<0.5> : tensor<3x2xf32>)
      bias(dense<[0.25, -0.5, 0.0]> : tensor<3xf64>) delay(2) synapse(inh)
      : !snn.pop<2> -> !snn.pop<3>
}
