// RUN: dendron-opt %s | dendron-opt | FileCheck %s
// RUN: dendron-opt %s -mlir-print-op-generic | dendron-opt | FileCheck %s

// Every spinn op and attribute survives a print/parse round trip, in the
// custom and the generic form; dense_resource blobs keep their bytes.

// CHECK: spinn.machine @machine profile("2x1") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1}")
spinn.machine @machine profile("2x1") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1}")

snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}

// CHECK:      spinn.mapping network(@net) machine(@machine) expected_rate(2.500000e+01) seed(3) synapses(1) {
// CHECK-NEXT:   spinn.slice @p_0 node(@p) range(0, 4) core(#spinn.core<1, 0, 2>) keys(#spinn.keys<base = 0, mask = 4294967292>)
// CHECK-NEXT:   spinn.slice @a_0 node(@a) range(0, 2) core(#spinn.core<0, 0, 1>) keys(#spinn.keys<base = 4, mask = 4294967294>) {note = "kept"}
// CHECK-NEXT:   spinn.router_table chip(0, 0) uncompressed(1) compressed entries(dense<{{\[\[}}4, 4294967294, 1, 0, 0, -1]]> : tensor<1x6xi64>)
// CHECK-NEXT:   spinn.router_table chip(1, 0) uncompressed(1) entries(dense<{{\[\[}}4, 4294967294, 256, 0, 0, 3]]> : tensor<1x6xi64>)
// CHECK-NEXT:   spinn.synaptic_matrix @p_0 channels(2) ring_depth(3) master_pop(dense<{{\[\[}}4, 4294967294, 0, 2]]> : tensor<1x4xi64>) row_start(dense<[0, 1, 1]> : tensor<3xi64>) words(dense_resource<words> : tensor<1xi64>) bias(dense<0> : tensor<2x4xi64>) memory(data = 100, shared = 24 at 8) cycles(1.250000e+02)
// CHECK-NEXT:   spinn.synaptic_matrix @a_0 channels(2) ring_depth(1) master_pop(dense<> : tensor<0x4xi64>) row_start(dense<> : tensor<0xi64>) words(dense<> : tensor<0xi64>) memory(data = 10, shared = 0 at 0) cycles(0.000000e+00)
// CHECK-NEXT: }
// CHECK: words: "0x080000000300020000400000"
spinn.mapping network(@net) machine(@machine) expected_rate(25.0) seed(3) synapses(1) {
  spinn.slice @p_0 node(@p) range(0, 4) core(#spinn.core<1, 0, 2>) keys(#spinn.keys<base = 0, mask = 4294967292>)
  spinn.slice @a_0 node(@a) range(0, 2) core(#spinn.core<0, 0, 1>) keys(#spinn.keys<base = 4, mask = 4294967294>) {note = "kept"}
  spinn.router_table chip(0, 0) uncompressed(1) compressed entries(dense<[[4, 4294967294, 1, 0, 0, -1]]> : tensor<1x6xi64>)
  spinn.router_table chip(1, 0) uncompressed(1) entries(dense<[[4, 4294967294, 256, 0, 0, 3]]> : tensor<1x6xi64>)
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(3) master_pop(dense<[[4, 4294967294, 0, 2]]> : tensor<1x4xi64>) row_start(dense<[0, 1, 1]> : tensor<3xi64>) words(dense_resource<words> : tensor<1xi64>) bias(dense<0> : tensor<2x4xi64>) memory(data = 100, shared = 24 at 8) cycles(125.0)
  spinn.synaptic_matrix @a_0 channels(2) ring_depth(1) master_pop(dense<> : tensor<0x4xi64>) row_start(dense<> : tensor<0xi64>) words(dense<> : tensor<0xi64>) memory(data = 10, shared = 0 at 0) cycles(0.0)
}

// One word: weight 0.5 (0x4000), delay 2, channel 0, neuron 3.
{-#
  dialect_resources: {
    builtin: {
      words: "0x080000000300020000400000"
    }
  }
#-}
