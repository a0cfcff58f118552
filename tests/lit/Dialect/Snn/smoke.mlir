// RUN: dendron-opt %s | dendron-opt | FileCheck %s

// CHECK-LABEL: snn.network @smoke
// CHECK: snn.population @p model(#snn.lif<tau_mem = 0.02>)
snn.network @smoke dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
}
