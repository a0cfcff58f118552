// RUN: dendron-opt %s --pass-pipeline='builtin.module(snn.network(snn-quantize),spinn-attach-machine{machine=1x1},spinn-partition,spinn-allocate-keys)' | FileCheck %s

// Each slice gets the smallest power-of-two block holding its neurons,
// aligned to its size; blocks are laid out from key 0 in decreasing size,
// ties in slice order (populations, then sources). Masks keep the bits
// above the block: 2^32 - size.
//   p: 600 neurons, 3 slices of 200 -> blocks of 256 at 0, 256, 512,
//      mask 2^32 - 256 = 4294967040;
//   q: 5 -> block of 8 at 768, mask 4294967288;
//   in: 2 -> block of 2 at 776, mask 4294967294;
//   r: 1 -> block of 1 at 778, mask 4294967295.
// CHECK: spinn.slice @p_0 node(@p) range(0, 200) keys(#spinn.keys<base = 0, mask = 4294967040>)
// CHECK: spinn.slice @p_1 node(@p) range(200, 400) keys(#spinn.keys<base = 256, mask = 4294967040>)
// CHECK: spinn.slice @p_2 node(@p) range(400, 600) keys(#spinn.keys<base = 512, mask = 4294967040>)
// CHECK: spinn.slice @q_0 node(@q) range(0, 5) keys(#spinn.keys<base = 768, mask = 4294967288>)
// CHECK: spinn.slice @r_0 node(@r) range(0, 1) keys(#spinn.keys<base = 778, mask = 4294967295>)
// CHECK: spinn.slice @in_0 node(@in) range(0, 2) keys(#spinn.keys<base = 776, mask = 4294967294>)
snn.network @net dt(1.0e-3) profile(float) {
  %in = snn.spike_array @in neurons([0, 1]) steps([1, 2]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<600>
  %q = snn.population @q model(#snn.lif<tau_mem = 0.02>) : !snn.pop<5>
  %r = snn.population @r model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
}
