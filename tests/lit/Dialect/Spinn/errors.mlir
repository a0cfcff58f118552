// RUN: dendron-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the spinn attributes and op verifiers, in
// source order (SpinnAttributes.cpp, SpinnOps.cpp). The machine used below
// is a 2x1 grid of 3-core chips (core 0 the monitor) with core 2 of chip
// (1, 0) dead and a router of 2 entries; the network has a source @a of 2
// neurons and a population @p of 4.

// A core has non-negative coordinates.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{core coordinates must be non-negative, got <0, -1, 1>}}
  spinn.slice @p_0 node(@p) range(0, 4) core(#spinn.core<0, -1, 1>)
  spinn.slice @a_0 node(@a) range(0, 2)
}

// -----

// A key mask is ones, then zeros.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{key mask 4294967293 is not a prefix mask (ones, then zeros)}}
  spinn.slice @p_0 node(@p) range(0, 4) keys(#spinn.keys<base = 0, mask = 4294967293>)
  spinn.slice @a_0 node(@a) range(0, 2)
}

// -----

// A key base is aligned to its block.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{key base 2 has bits outside its mask 4294967292}}
  spinn.slice @p_0 node(@p) range(0, 4) keys(#spinn.keys<base = 2, mask = 4294967292>)
  spinn.slice @a_0 node(@a) range(0, 2)
}

// -----

// The machine description must load.
// expected-error@+1 {{'spinn.machine' op invalid machine description: machine @machine: /width: expected an integer in [1, 256], found integer 300}}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 300, \22height\22: 1}")

// -----

// A slice holds at least one neuron.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{'spinn.slice' op range [3, 3) must be non-empty within [0, 2^32)}}
  spinn.slice @p_0 node(@p) range(3, 3)
}

// -----

// A slice fits the 12-bit neuron index of a synaptic word.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{'spinn.slice' op holds 4097 neurons, more than a core can address (4096)}}
  spinn.slice @p_0 node(@p) range(0, 4097)
}

// -----

// A slice's key block holds all its neurons.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{'spinn.slice' op key block of 2 keys cannot hold its 4 neurons}}
  spinn.slice @p_0 node(@p) range(0, 4) keys(#spinn.keys<base = 0, mask = 4294967294>)
  spinn.slice @a_0 node(@a) range(0, 2)
}

// -----

// Chips are on the mesh.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.router_table' op chip coordinates must be in [0, 256), got (256, 0)}}
  spinn.router_table chip(256, 0) uncompressed(0) entries(dense<0> : tensor<0x6xi64>)
}


// -----

// Entries have six columns.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.router_table' op entries must be a tensor<N x 6 x i64> (key, mask, 3 route words, arrival), got 'tensor<1x5xi64>'}}
  spinn.router_table chip(0, 0) uncompressed(1) entries(dense<0> : tensor<1x5xi64>)
}


// -----

// An uncompressed table records its own size.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.router_table' op uncompressed table holds 1 entries but records uncompressed(2)}}
  spinn.router_table chip(0, 0) uncompressed(2) entries(dense<[[4, 4294967294, 1, 0, 0, -1]]> : tensor<1x6xi64>)
}


// -----

// Compression never adds entries.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.router_table' op compressed table holds 1 entries, more than its uncompressed size 0}}
  spinn.router_table chip(0, 0) uncompressed(0) compressed entries(dense<[[4, 4294967294, 1, 0, 0, -1]]> : tensor<1x6xi64>)
}


// -----

// Keys and masks are 32-bit.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.router_table' op entry 0: mask 4294967296 is not a 32-bit value}}
  spinn.router_table chip(0, 0) uncompressed(1) entries(dense<[[4, 4294967296, 1, 0, 0, -1]]> : tensor<1x6xi64>)
}


// -----

// The arrival link is a link or unknown.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.router_table' op entry 0: arrival link 6 is not -1 (unknown) or a link 0-5}}
  spinn.router_table chip(0, 0) uncompressed(1) entries(dense<[[4, 4294967294, 1, 0, 0, 6]]> : tensor<1x6xi64>)
}


// -----

// Channels: excitatory, inhibitory and up to 14 branches.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op channels must be in [2, 16], got 17}}
  spinn.synaptic_matrix @p_0 channels(17) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// Ring depth: delays are 16-bit.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op ring_depth must be in [1, 65536], got 0}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(0) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// Memory use is a size.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op memory sizes and offsets must be non-negative}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = -1, shared = 0 at 0) cycles(1.0)
}


// -----

// Expected cycles are a finite count.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op expected cycles must be non-negative and finite}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(-1.0)
}


// -----

// Tables are tensors of i64.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op master_pop must be a static rank-2 tensor of i64, got 'tensor<4xi64>'}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// A master population entry has four fields.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op master_pop must have 4 columns (key, mask, first row, rows), got 3}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<1x3xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// Rows need boundaries.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op row_start must hold at least one boundary}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<0xi64>) words(dense<0> : tensor<1xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// A bias has one row per channel.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op bias has 3 channels, the core has 2}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) bias(dense<0> : tensor<3x4xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// Row boundaries span the words.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op row_start must run from 0 to the 1 words, got 0 .. 0}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<[0, 0]> : tensor<2xi64>) words(dense<65536> : tensor<1xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// Row boundaries do not decrease.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op row_start decreases at row 1}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<[0, 2, 1]> : tensor<3xi64>) words(dense<65536> : tensor<1xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// A master population entry is a key block.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op master_pop entry 0: key/mask is not a 32-bit key block}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<[[5, 4294967294, 0, 0]]> : tensor<1x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// A master population entry's rows exist.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op master_pop entry 0: rows [0, 2) outside the core's 0 rows}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<[[4, 4294967294, 0, 2]]> : tensor<1x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// Master population entries are sorted and disjoint (binary search).
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op master_pop entry 1 is not sorted by key or overlaps the previous one}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<[[4, 4294967294, 0, 0], [0, 4294967292, 0, 0]]> : tensor<2x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// The partitioner's firing rate is a rate.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
// expected-error@+1 {{'spinn.mapping' op expected_rate must be a finite rate >= 0 Hz, got -1.000000e+00}}
spinn.mapping network(@net) machine(@machine) expected_rate(-1.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
}

// -----

// One slice per core.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4) core(#spinn.core<0, 0, 1>)
  // expected-error@+1 {{'spinn.slice' op is placed on core <0, 0, 1>, which already holds slice @p_0}}
  spinn.slice @a_0 node(@a) range(0, 2) core(#spinn.core<0, 0, 1>)
}

// -----

// Tables in row-major chip order, one per chip.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  spinn.router_table chip(1, 0) uncompressed(0) entries(dense<0> : tensor<0x6xi64>)
  // expected-error@+1 {{'spinn.router_table' op of chip (0, 0) is not after the previous table in row-major chip order}}
  spinn.router_table chip(0, 0) uncompressed(0) entries(dense<0> : tensor<0x6xi64>)
}


// -----

// One synaptic matrix per slice.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
  // expected-error@+1 {{'spinn.synaptic_matrix' op is the second synaptic matrix of slice @p_0}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// A mapping holds only mapping ops.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{'spinn.machine' op cannot be in a spinn.mapping; it holds only spinn.slice, spinn.router_table and spinn.synaptic_matrix ops}}
  spinn.machine @inner profile("1x1") description("{\22profile\22: \22grid\22, \22width\22: 1, \22height\22: 1}")
}

// -----

// Key blocks are disjoint.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4) keys(#spinn.keys<base = 0, mask = 4294967292>)
  // expected-error@+1 {{'spinn.slice' op key block overlaps the block of slice @p_0}}
  spinn.slice @a_0 node(@a) range(0, 2) keys(#spinn.keys<base = 2, mask = 4294967294>)
}

// -----

// A synaptic matrix belongs to a slice.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op names unknown slice @q_0}}
  spinn.synaptic_matrix @q_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// A bias has one column per neuron of the slice.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op bias has 3 neurons, slice @p_0 has 4}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<0> : tensor<1xi64>) words(dense<0> : tensor<0xi64>) bias(dense<0> : tensor<2x3xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// Every word addresses a neuron, channel and ring slot of its core:
// here delay 4 with a ring of depth 2.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.synaptic_matrix' op word 0 (neuron 1, channel 0, delay 4) does not fit slice @p_0 (4 neurons, 2 channels, ring depth 2)}}
  spinn.synaptic_matrix @p_0 channels(2) ring_depth(2) master_pop(dense<0> : tensor<0x4xi64>) row_start(dense<[0, 1]> : tensor<2xi64>) words(dense<262145> : tensor<1xi64>) memory(data = 1, shared = 0 at 0) cycles(1.0)
}


// -----

// The mapped network exists.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
// expected-error@+1 {{'spinn.mapping' op names unknown network @other}}
spinn.mapping network(@other) machine(@machine) expected_rate(10.0) {
}

// -----

// The machine exists.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
// expected-error@+1 {{'spinn.mapping' op names unknown machine @other}}
spinn.mapping network(@net) machine(@other) expected_rate(10.0) {
}

// -----

// Slices name populations or sources of the network.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{'spinn.slice' op names @q, which is not a population or source of network @net}}
  spinn.slice @q_0 node(@q) range(0, 4)
}

// -----

// Slices of a node follow each other without gaps.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 2)
  // expected-error@+1 {{'spinn.slice' op starts at 3 but the slices of @p before it end at 2}}
  spinn.slice @p_1 node(@p) range(3, 4)
}

// -----

// Slices stay within their node.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{'spinn.slice' op ends at 5 but @p has 4 neurons}}
  spinn.slice @p_0 node(@p) range(0, 5)
}

// -----

// Slices sit on live application cores: core 2 of chip (1, 0) is dead.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{'spinn.slice' op is placed on core <1, 0, 2>, which is not a live application core of machine @machine}}
  spinn.slice @p_0 node(@p) range(0, 4) core(#spinn.core<1, 0, 2>)
  spinn.slice @a_0 node(@a) range(0, 2)
}

// -----

// The monitor core (0) runs no slice.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  // expected-error@+1 {{'spinn.slice' op is placed on core <0, 0, 0>, which is not a live application core of machine @machine}}
  spinn.slice @p_0 node(@p) range(0, 4) core(#spinn.core<0, 0, 0>)
  spinn.slice @a_0 node(@a) range(0, 2)
}

// -----

// Every neuron of every node is in a slice.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
// expected-error@+1 {{'spinn.mapping' op slices of @a cover [0, 0) of its 2 neurons}}
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
}

// -----

// Tables are on live chips of the machine.
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.router_table' op is for chip (2, 0), which is not a live chip of machine @machine}}
  spinn.router_table chip(2, 0) uncompressed(0) entries(dense<0> : tensor<0x6xi64>)
}


// -----

// A compressed table fits the router (2 entries here).
snn.network @net dt(1.0e-3) profile(s16.15) {
  %a = snn.spike_array @a neurons([0]) steps([1]) : !snn.pop<2>
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
spinn.machine @machine profile("test") description("{\22profile\22: \22grid\22, \22width\22: 2, \22height\22: 1, \22cores_per_chip\22: 3, \22router_entries\22: 2, \22dead_chips\22: [], \22dead_cores\22: [{\22x\22: 1, \22y\22: 0, \22p\22: 2}]}")
spinn.mapping network(@net) machine(@machine) expected_rate(10.0) {
  spinn.slice @p_0 node(@p) range(0, 4)
  spinn.slice @a_0 node(@a) range(0, 2)
  // expected-error@+1 {{'spinn.router_table' op of chip (0, 0) holds 3 entries, router limit 2}}
  spinn.router_table chip(0, 0) uncompressed(3) compressed entries(dense<[[0, 4294967295, 1, 0, 0, -1], [1, 4294967295, 2, 0, 0, -1], [2, 4294967295, 4, 0, 0, -1]]> : tensor<3x6xi64>)
}

