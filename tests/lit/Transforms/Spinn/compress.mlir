// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/tiny-router.json},spinn-partition{max-neurons-per-core=2},spinn-place,spinn-allocate-keys,spinn-route,spinn-compress-tables)' -mlir-print-ir-after=spinn-route,spinn-compress-tables 2>&1 >/dev/null | FileCheck %s
// The IR dumps and the diagnostics both go to stderr, in pass order.

// Inputs/tiny-router.json: one chip, 4 application cores, a router of one
// entry.

// a (4 neurons at 2 per core) has slices a_0, a_1 with key blocks [0, 2)
// and [2, 4) (mask 2^32 - 2 = 4294967294); both go to p's core only (the
// same route R), so ordered covering merges them into one entry for the
// keys [0, 4): key 0, mask 2^32 - 4 = 4294967292. Before compression the
// table has 2 entries, after it 1, and the uncompressed size is kept.
// CHECK-LABEL: IR Dump After SpinnRoute
// CHECK: spinn.router_table chip(0, 0) uncompressed(2) entries(dense<{{\[\[}}0, 4294967294, [[R:[0-9]+]], 0, 0, -1], [2, 4294967294, [[R]], 0, 0, -1]]> : tensor<2x6xi64>)
// CHECK-LABEL: IR Dump After SpinnCompressTables
// CHECK: spinn.router_table chip(0, 0) uncompressed(2) compressed entries(dense<{{\[\[}}0, 4294967292, [[R]], 0, 0, -1]]> : tensor<1x6xi64>)
snn.network @net dt(1.0e-3) profile(float) {
  %a = snn.spike_array @a neurons([0, 3]) steps([1, 2]) : !snn.pop<4>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
  snn.dense %a -> %p weights(dense<0.5> : tensor<1x4xf32>) : !snn.pop<4> -> !snn.pop<1>
}

// -----

// a -> p and b -> q: two blocks with different routes (p's core, q's
// core) need two entries whatever the compressor does; the router has one.
// CHECK: error: spinn-compress-tables: chip (0, 0): router table needs 2 entries after compression (2 before), limit 1
snn.network @two_routes dt(1.0e-3) profile(float) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %b = snn.spike_array @b neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
  %q = snn.population @q model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
  snn.dense %a -> %p weights(dense<0.5> : tensor<1x2xf32>) : !snn.pop<2> -> !snn.pop<1>
  snn.dense %b -> %q weights(dense<0.5> : tensor<1x2xf32>) : !snn.pop<2> -> !snn.pop<1>
}
