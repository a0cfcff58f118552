// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize{profile=s16.15}))' | FileCheck %s
// RUN: dendron-opt %s -split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize{profile=s16.15}, snn-quantize{profile=float}))' | FileCheck %s --check-prefix=FLOAT

// The expected integers are round-half-away-from-zero(x * 2^15) of the
// closed-form constants of docs/Semantics.md, computed independently:
//   LIF (dt 1 ms, tau 20 ms): alpha = exp(-0.05) = 0.951229... -> 31170,
//   leak = (1 - alpha) * -65 = -3.170087... -> -103877,
//   betaDirect = 1 - alpha -> 1598, refractory 2 ms / 1 ms = 2 steps.

// A plain LIF: every constant of its fixed-point update, and the profile.
// CHECK-LABEL: snn.network @lif
// CHECK-SAME: profile(s16.15)
// CHECK: snn.population @p
// CHECK-SAME: snn.fixed = {alphaMem = 31170 : i64, betaDirect = 1598 : i64, leak = -103877 : i64, refractorySteps = 2 : i64, vReset = -2129920 : i64, vTh = -1638400 : i64}
// Back to float: the constants go, the profile is recorded.
// FLOAT-LABEL: snn.network @lif
// FLOAT-SAME: profile(float)
// FLOAT-NOT: snn.fixed
snn.network @lif dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, v_leak = -65.0, v_th = -50.0, v_reset = -65.0, t_ref = 0.002>) : !snn.pop<1>
}

// -----

// CUBA's current-based LIF (dt 0.1 ms): the synaptic gains are the exact
// coupling tau_s / (tau_s - tau_m) * (alpha_s - alpha_m):
//   exc 0.004939... -> 162, inh 0.004975... -> 163; 5 ms refractory = 50.
// CHECK-LABEL: snn.network @cuba
// CHECK: snn.fixed = {alphaMem = 32605 : i64, alphaSynExc = 32119 : i64, alphaSynInh = 32442 : i64, betaSynExc = 162 : i64, betaSynInh = 163 : i64, leak = -8008 : i64, refractorySteps = 50 : i64, vReset = -1966080 : i64, vTh = -1638400 : i64}
snn.network @cuba dt(1.0e-4) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, v_leak = -49.0, v_th = -50.0, v_reset = -60.0, t_ref = 0.005, tau_syn_exc = 0.005, tau_syn_inh = 0.01>) : !snn.pop<1>
}

// -----

// Forward Euler: alpha = 1 - dt/tau = 0.95 -> 31130, gain r dt/tau = 0.1.
// CHECK-LABEL: snn.network @euler
// CHECK: snn.fixed = {alphaMem = 31130 : i64, betaDirect = 3277 : i64, leak = 0 : i64, refractorySteps = 0 : i64, vReset = 0 : i64, vTh = 32768 : i64}
snn.network @euler dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, r = 2.0, integrator = euler>) : !snn.pop<1>
}

// -----

// IF: no leak (alpha = 1.0), a unit of input moves v by r = 0.5.
// CHECK-LABEL: snn.network @if
// CHECK: snn.fixed = {alphaMem = 32768 : i64, betaDirect = 16384 : i64, leak = 0 : i64, refractorySteps = 0 : i64, vReset = 0 : i64, vTh = 32768 : i64}
snn.network @if dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<v_th = 1.0, r = 0.5>) : !snn.pop<1>
}

// -----

// A dendritic neuron: soma constants plus one group per branch
// (alpha = exp(-0.1) -> 29650, threshold 5 -> 163840, gain 0.5 -> 16384).
// CHECK-LABEL: snn.network @dendritic
// CHECK: snn.fixed = {{{.*}}branch0.alpha = 29650 : i64, branch0.amplitude = 655360 : i64, branch0.coupling = 32768 : i64, branch0.gain = 16384 : i64, branch0.plateauSteps = 30 : i64, branch0.threshold = 163840 : i64
snn.network @dendritic dt(1.0e-3) profile(float) {
  %d = snn.population @d model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02, v_th = 10.0>, branches = [#snn.branch<tau = 0.01, threshold = 5.0, amplitude = 20.0, gain = 0.5, plateau_steps = 30>]>) : !snn.pop<1>
}

// -----

// Plasticity constants sit on the projection; representable weights pass.
// CHECK-LABEL: snn.network @stdp
// CHECK: snn.one_to_one
// CHECK-SAME: snn.fixed = {
// CHECK-SAME: alphaPlus = 31170 : i64
snn.network @stdp dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  snn.one_to_one %p -> %p weight(0.5) plasticity(#snn.stdp<tau_plus = 0.02>) : !snn.pop<2> -> !snn.pop<2>
}
