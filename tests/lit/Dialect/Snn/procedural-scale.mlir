// RUN: dendron-opt %s -canonicalize | FileCheck %s
// RUN: dendron-opt %s -canonicalize | dendron-opt | FileCheck %s

// A network with about 3 * 10^8 synapses (100,000 x 100,000 neurons at
// p = 0.03) is a few lines of IR: procedural projections stay unexpanded
// through parsing, verification, canonicalization and printing, so this test
// needs neither the memory nor the time the expanded matrix would (ctest
// would time out long before 3 * 10^8 synapses were generated).

// CHECK-LABEL: snn.network @large
// CHECK: snn.connect %[[A:.+]] -> %[[B:.+]] connector(#snn.fixed_probability<p = 0.03>)
// CHECK-SAME: weight(#snn.normal<mean = 0.2, std = 0.05>) max_delay(20) seed(42)
// CHECK: snn.connect %[[B]] -> %[[A]] connector(#snn.fixed_in_degree<k = 1000, allow_multapses = false>)
snn.network @large dt(1.0e-4) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02, tau_syn_exc = 0.005>) : !snn.pop<100000>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02, tau_syn_exc = 0.005>) : !snn.pop<100000>
  snn.connect %a -> %b connector(#snn.fixed_probability<p = 0.03>)
      weight(#snn.normal<mean = 0.2, std = 0.05>) delay(1) max_delay(20) seed(42)
      : !snn.pop<100000> -> !snn.pop<100000>
  snn.connect %b -> %a connector(#snn.fixed_in_degree<k = 1000, allow_multapses = false>)
      weight(#snn.constant<value = -0.5>) seed(43) synapse(inh)
      : !snn.pop<100000> -> !snn.pop<100000>
}
