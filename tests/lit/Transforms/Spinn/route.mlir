// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/one-core-chips.json},spinn-partition,spinn-place,spinn-allocate-keys,spinn-route)' | FileCheck %s
// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/one-core-chips.json},spinn-partition,spinn-place{seed=1},spinn-allocate-keys,spinn-route)' | FileCheck %s
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/one-core-chips.json},spinn-partition,spinn-allocate-keys,spinn-route)' 2>&1 | FileCheck %s --check-prefix=UNPLACED
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/one-core-chips.json},spinn-partition,spinn-place,spinn-route)' 2>&1 | FileCheck %s --check-prefix=NO-KEYS
// RUN: not dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=%S/Inputs/split-machine.json},spinn-partition,spinn-place,spinn-allocate-keys,spinn-route)' 2>&1 | FileCheck %s --check-prefix=UNREACHABLE

// Inputs/one-core-chips.json: chips (0, 0) and (1, 0), each with one
// application core (core 1). Table rows are (key, mask, route words 0-2,
// arrival link); route bits are links E=0 .. S=5, then core c at bit 6 + c,
// so core 1 is 2^7 = 128, link E is 1 and link W is 2^3 = 8.
//
// Keys: p (4 neurons) gets block [0, 4), mask 2^32 - 4 = 4294967292; in (2)
// gets [4, 6), mask 4294967294. Only in projects, so only its block is
// routed: from its chip SX over the one link to the other chip, whose core
// receives it. Placement picks which chip is which; with PX = x of p's
// chip, in sits at x = 1 - PX, its entry leaves by E (1) if PX = 1, else by
// W (8), and arrives at p's chip by W (3) if PX = 1, else by E (0). Locally
// generated packets have no arrival link (-1). In chip order (0, 0), (1, 0):
//   chip (0, 0): route 128 - 127 * PX, arrival -PX;
//   chip (1, 0): route 8 + 120 * PX, arrival 4 * PX - 1.
// CHECK: spinn.slice @p_0 node(@p) range(0, 4) core(#spinn.core<[[#PX:]], 0, 1>) keys(#spinn.keys<base = 0, mask = 4294967292>)
// CHECK-NEXT: spinn.slice @in_0 node(@in) range(0, 2) core(#spinn.core<[[#1-PX]], 0, 1>) keys(#spinn.keys<base = 4, mask = 4294967294>)
// CHECK-NEXT: spinn.router_table chip(0, 0) uncompressed(1) entries(dense<{{\[\[}}4, 4294967294, [[#sub(128,mul(127,PX))]], 0, 0, [[#%d,sub(0,PX)]]]]> : tensor<1x6xi64>)
// CHECK-NEXT: spinn.router_table chip(1, 0) uncompressed(1) entries(dense<{{\[\[}}4, 4294967294, [[#add(8,mul(120,PX))]], 0, 0, [[#%d,sub(mul(4,PX),1)]]]]> : tensor<1x6xi64>)
// CHECK-NEXT: }

// UNPLACED: error: spinn-route: slice @p_0 has no core; run spinn-place first
// Inputs/split-machine.json: chips (0, 0) and (2, 0) with one application
// core each, the chip between them dead: in and p land on the two ends and
// no live link joins them.
// UNREACHABLE: error: spinn-route: slice [0, 2) of 'in' on core ([[#SX:]], 0, 1): multicast targets unreachable
// UNREACHABLE-SAME: from source ([[#SX]], 0) over live links: ([[#sub(2,SX)]], 0)
// NO-KEYS: error: spinn-route: slice @p_0 has no key block; run spinn-allocate-keys first
snn.network @net dt(1.0e-3) profile(float) {
  %in = snn.spike_array @in neurons([0, 1]) steps([1, 2]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  snn.dense %in -> %p weights(dense<0.5> : tensor<4x2xf32>) : !snn.pop<2> -> !snn.pop<4>
}

// -----

// Without projections nothing is routed: no tables.
// CHECK-LABEL: spinn.mapping network(@silent)
// CHECK-NOT: spinn.router_table
snn.network @silent dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}

// -----

// A recurrent population on one core: its own block goes only to its own
// core (128), generated locally (-1), on whichever chip holds it.
// CHECK-LABEL: spinn.mapping network(@recurrent)
// CHECK: spinn.slice @r_0 node(@r) range(0, 3) core(#spinn.core<[[#X:]], 0, 1>) keys(#spinn.keys<base = 0, mask = 4294967292>)
// CHECK-NEXT: spinn.router_table chip([[#X]], 0) uncompressed(1) entries(dense<{{\[\[}}0, 4294967292, 128, 0, 0, -1]]> : tensor<1x6xi64>)
// CHECK-NEXT: }
snn.network @recurrent dt(1.0e-3) profile(float) {
  %r = snn.population @r model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  snn.one_to_one %r -> %r weight(0.5) : !snn.pop<3> -> !snn.pop<3>
}
