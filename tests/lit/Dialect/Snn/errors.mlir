// RUN: dendron-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the snn types, attributes and op verifiers, in
// source order (SnnTypes.cpp, SnnAttributes.cpp, SnnOps.cpp). Each message
// names the value it rejects and the rule it breaks.

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

// A population cannot be empty.
snn.network @empty_population dt(1.0e-3) profile(float) {
  // expected-error@+1 {{population size must be at least 1, got 0}}
  %p = snn.external @p : !snn.pop<0>
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// -----

// A real parameter must be a number literal. The attribute parser then
// names the parameter it was reading.
snn.network @real_not_a_number dt(1.0e-3) profile(float) {
  // expected-error@+2 {{expected a number, got "fast"}}
  // expected-error@+1 {{failed to parse Snn_LifAttr parameter 'tau_mem' which is to be a `::dendron::snn::Real`}}
  %p = snn.population @p model(#snn.lif<tau_mem = "fast">) : !snn.pop<1>
}

// -----

// A LIF membrane time constant must be positive.
snn.network @lif_tau_mem dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.lif parameter 'tau_mem' must be positive, got 0.0}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.0>) : !snn.pop<1>
}

// -----

// Potentials must be finite; 1.0e400 overflows to infinity.
snn.network @lif_v_th_infinite dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.lif parameter 'v_th' must be finite, got inf}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, v_th = 1.0e400>) : !snn.pop<1>
}

// -----

// Refractory periods and synaptic time constants may be 0 (off) but not
// negative.
snn.network @lif_tau_syn_negative dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.lif parameter 'tau_syn_inh' must be non-negative (0 disables it), got -0.01}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, tau_syn_inh = -0.01>) : !snn.pop<1>
}

// -----

// A LIF neuron that resets at or above its threshold would fire forever.
snn.network @lif_reset_above_threshold dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.lif v_reset (-50.0) must be below v_th (-55.0)}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, v_th = -55.0, v_reset = -50.0>) : !snn.pop<1>
}

// -----

// Threshold adaptation needs its time constant.
snn.network @lif_adapt_jump_without_tau dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.lif adapt_jump is 0.5 but tau_adapt is 0: set tau_adapt to enable threshold adaptation}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02, adapt_jump = 0.5>) : !snn.pop<1>
}

// -----

// IF parameters are checked like LIF ones; a NaN written as its bit pattern
// is not finite either.
snn.network @if_v_th_nan dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.if parameter 'v_th' must be finite, got nan}}
  %p = snn.population @p model(#snn.if<v_th = 0x7FF8000000000000 : f64>) : !snn.pop<1>
}

// -----

// The integrator (NIR I) and the threshold unit (NIR Threshold) check their
// parameters like the rest of the LIF family.
snn.network @i_r_infinite dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.i parameter 'r' must be finite, got inf}}
  %p = snn.population @p model(#snn.i<r = 1.0e400>) : !snn.pop<1>
}

// -----

snn.network @threshold_v_th_nan dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.threshold parameter 'v_th' must be finite, got nan}}
  %p = snn.population @p model(#snn.threshold<v_th = 0x7FF8000000000000 : f64>) : !snn.pop<1>
}

// -----

// An integrator never spikes: only its v can be recorded.
snn.network @probe_spikes_of_i dt(1.0e-3) profile(float) {
  %i = snn.population @i model(#snn.i<r = 0.5>) : !snn.pop<2>
  // expected-error@+1 {{'snn.probe' op cannot record 'spikes' of @i, whose model #snn.i<r = 0.5> never spikes}}
  snn.probe %i spikes : !snn.pop<2>
}

// -----

// An IF neuron must reset below its threshold.
snn.network @if_reset_at_threshold dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.if v_reset (1.0) must be below v_th (1.0)}}
  %p = snn.population @p model(#snn.if<v_th = 1.0, v_reset = 1.0>) : !snn.pop<1>
}

// -----

// A CubaLI synaptic time constant cannot be negative.
snn.network @li_tau_syn dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.li parameter 'tau_syn' must be non-negative (0 disables it), got -0.005}}
  %p = snn.population @p model(#snn.li<tau_mem = 0.01, tau_syn = -0.005>) : !snn.pop<1>
}

// -----

// The Izhikevich recovery rate must be positive.
snn.network @izhikevich_a dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.izhikevich parameter 'a' must be positive, got -0.02}}
  %p = snn.population @p model(#snn.izhikevich<a = -0.02>) : !snn.pop<1>
}

// -----

// The Izhikevich reset must lie below the spike cut-off.
snn.network @izhikevich_reset_above_peak dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.izhikevich reset c (40.0 mV) must be below v_peak (30.0 mV)}}
  %p = snn.population @p model(#snn.izhikevich<c = 40.0>) : !snn.pop<1>
}

// -----

// A dendritic branch needs a positive time constant.
snn.network @branch_tau dt(1.0e-3) profile(float) {
  // expected-error@+3 {{#snn.branch parameter 'tau' must be positive, got -0.01}}
  // expected-error@+2 {{failed to parse Snn_DendriticAttr parameter 'branches' which is to be a `::mlir::ArrayAttr`}}
  %p = snn.population @p model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02>,
      branches = [#snn.branch<tau = -0.01, plateau_steps = 1>]>) : !snn.pop<1>
}

// -----

// A sigmoid branch divides by its slope.
snn.network @branch_sigmoid_slope dt(1.0e-3) profile(float) {
  // expected-error@+3 {{#snn.branch sigmoid needs a positive slope, got 0.0}}
  // expected-error@+2 {{failed to parse Snn_DendriticAttr parameter 'branches' which is to be a `::mlir::ArrayAttr`}}
  %p = snn.population @p model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02>,
      branches = [#snn.branch<tau = 0.01, slope = 0.0, nonlinearity = sigmoid>]>) : !snn.pop<1>
}

// -----

// A plateau branch (the default nonlinearity) must say how long it lasts.
snn.network @branch_plateau_steps dt(1.0e-3) profile(float) {
  // expected-error@+3 {{#snn.branch plateau needs plateau_steps >= 1, got 0}}
  // expected-error@+2 {{failed to parse Snn_DendriticAttr parameter 'branches' which is to be a `::mlir::ArrayAttr`}}
  %p = snn.population @p model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02>,
      branches = [#snn.branch<tau = 0.01>]>) : !snn.pop<1>
}

// -----

// A dendritic neuron without branches is a LIF neuron; say so instead.
snn.network @dendritic_no_branches dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.dendritic needs at least one branch, got 0}}
  %p = snn.population @p model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02>, branches = []>) : !snn.pop<1>
}

// -----

// Every entry of `branches` must be a #snn.branch.
snn.network @dendritic_branch_kind dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.dendritic branches[1] must be a #snn.branch, got #snn.lif<tau_mem = 0.01>}}
  %p = snn.population @p model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02>,
      branches = [#snn.branch<tau = 0.01, plateau_steps = 1>, #snn.lif<tau_mem = 0.01>]>) : !snn.pop<1>
}

// -----

// A constant distribution must be finite.
snn.network @constant_infinite dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.constant parameter 'value' must be finite, got -inf}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) init(#snn.constant<value = -1.0e400>) : !snn.pop<1>
}

// -----

// Uniform bounds must be finite.
snn.network @uniform_infinite dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.uniform parameter 'high' must be finite, got inf}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) init(#snn.uniform<low = 0.0, high = 1.0e400>) : !snn.pop<1>
}

// -----

// An empty or reversed uniform interval has no values.
snn.network @uniform_empty dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.uniform needs low < high, got low = -50.0, high = -60.0}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) init(#snn.uniform<low = -50.0, high = -60.0>) : !snn.pop<1>
}

// -----

// A standard deviation cannot be negative.
snn.network @normal_std dt(1.0e-3) profile(float) {
  // expected-error@+1 {{#snn.normal parameter 'std' must be non-negative (0 disables it), got -0.1}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) init(#snn.normal<mean = 0.0, std = -0.1>) : !snn.pop<1>
}

// -----

// A probability above 1 (printed exactly, so it does not read as 1.0).
snn.network @fixed_probability_range dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{#snn.fixed_probability p must be in [0, 1], got 1.0000000000000002}}
  snn.connect %p -> %p connector(#snn.fixed_probability<p = 1.0000000000000002>) weight(#snn.constant<value = 1.0>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// STDP trace time constants must be positive.
snn.network @stdp_tau_plus dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{#snn.stdp parameter 'tau_plus' must be positive, got 0.0}}
  snn.one_to_one %p -> %p weight(0.5) plasticity(#snn.stdp<tau_plus = 0.0>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// STDP weight bounds must form an interval.
snn.network @stdp_bounds dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{#snn.stdp needs w_min <= w_max, got w_min = 1.0, w_max = 0.5}}
  snn.one_to_one %p -> %p weight(0.5) plasticity(#snn.stdp<w_min = 1.0, w_max = 0.5>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// The eligibility trace of a three-factor rule needs a positive time
// constant.
snn.network @three_factor_tau_e dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{#snn.three_factor parameter 'tau_e' must be positive, got 0.0}}
  snn.one_to_one %p -> %p weight(0.5) plasticity(#snn.three_factor<stdp = #snn.stdp<>, tau_e = 0.0, modulator = @p>) : !snn.pop<2> -> !snn.pop<2>
}

//===----------------------------------------------------------------------===//
// Network, populations and sources
//===----------------------------------------------------------------------===//

// -----

// The timestep must be positive.
// expected-error@+1 {{'snn.network' op timestep dt must be positive and finite, got 0.0 s}}
snn.network @zero_dt dt(0.0) profile(float) {
}

// -----

// Initial potentials must have finite bounds: a normal distribution is
// clipped to 5 standard deviations, which here overflows.
snn.network @unbounded_init dt(1.0e-3) profile(float) {
  // expected-error@+1 {{'snn.population' op initial potential distribution must be bounded, got [-inf, inf]}}
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) init(#snn.normal<mean = 0.0, std = 1.0e308>) : !snn.pop<1>
}

// -----

// Spike-array neurons and steps pair up.
snn.network @spike_array_lengths dt(1.0e-3) profile(float) {
  // expected-error@+1 {{'snn.spike_array' op has 2 neuron indices but 1 steps; they must pair up}}
  %s = snn.spike_array @s neurons([0, 1]) steps([3]) : !snn.pop<2>
}

// -----

// Spike-array neuron indices must lie in the source.
snn.network @spike_array_neuron dt(1.0e-3) profile(float) {
  // expected-error@+1 {{'snn.spike_array' op neurons[1] = 2 is outside the source's 2 neurons}}
  %s = snn.spike_array @s neurons([0, 2]) steps([3, 4]) : !snn.pop<2>
}

// -----

// Spike times cannot be negative.
snn.network @spike_array_step dt(1.0e-3) profile(float) {
  // expected-error@+1 {{'snn.spike_array' op steps[0] = -1 is negative}}
  %s = snn.spike_array @s neurons([0]) steps([-1]) : !snn.pop<1>
}

// -----

// A Poisson rate cannot be negative.
snn.network @poisson_negative_rate dt(1.0e-3) profile(float) {
  // expected-error@+1 {{'snn.poisson' op rate must be non-negative and finite, got -5.0 Hz}}
  %s = snn.poisson @s rate(-5.0) : !snn.pop<1>
}

// -----

// A neuron fires at most once per step, so rate * dt must not exceed 1.
snn.network @poisson_rate_too_high dt(1.0e-3) profile(float) {
  // expected-error@+1 {{'snn.poisson' op rate 2000.0 Hz at dt 0.001 s asks for 2.0 spikes per step; at most 1 is possible}}
  %s = snn.poisson @s rate(2000.0) : !snn.pop<1>
}

//===----------------------------------------------------------------------===//
// Projections
//===----------------------------------------------------------------------===//

// -----

// The presynaptic side must be a population or source of the network, not a
// value some other op made up.
snn.network @pre_not_a_node dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  %x = builtin.unrealized_conversion_cast to !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op pre must be a population or spike source, but it is the result of 'builtin.unrealized_conversion_cast'}}
  snn.one_to_one %x -> %p weight(1.0) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Spike sources have no input.
snn.network @post_is_source dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  %s = snn.poisson @s rate(10.0) : !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op post must be a population, but @s is a spike source}}
  snn.one_to_one %p -> %s weight(1.0) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// The postsynaptic side cannot be an argument of the network body.
snn.network @post_block_argument dt(1.0e-3) profile(float) {
^bb0(%arg: !snn.pop<2>):
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op post must be a population, but it is a block argument}}
  snn.one_to_one %p -> %arg weight(1.0) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A negative branch index is rejected as such, not read as 4294967295.
snn.network @branch_negative dt(1.0e-3) profile(float) {
  %d = snn.population @d model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02>, branches = [#snn.branch<tau = 0.01, plateau_steps = 1>]>) : !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op branch must be non-negative, got -1}}
  snn.one_to_one %d -> %d weight(1.0) branch(-1) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Only dendritic populations have branches.
snn.network @branch_of_point_neuron dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op targets branch 0 but @p is not a dendritic population}}
  snn.one_to_one %p -> %p weight(1.0) branch(0) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Branch indices count from 0.
snn.network @branch_out_of_range dt(1.0e-3) profile(float) {
  %d = snn.population @d model(#snn.dendritic<soma = #snn.lif<tau_mem = 0.02>, branches = [#snn.branch<tau = 0.01, plateau_steps = 1>, #snn.branch<tau = 0.01, nonlinearity = leaky_relu>]>) : !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op targets branch 2 but @d has only 2 branches}}
  snn.one_to_one %d -> %d weight(1.0) branch(2) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A three-factor modulator must name a population or source of this
// network.
snn.network @modulator_missing dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op three-factor modulator @dopamine does not name a population or source in this network}}
  snn.one_to_one %p -> %p weight(1.0) plasticity(#snn.three_factor<stdp = #snn.stdp<>, modulator = @dopamine>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Delays are whole timesteps, at least one.
snn.network @delay_zero dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op delay must be at least 1 timestep, got 0}}
  snn.one_to_one %p -> %p weight(1.0) delay(0) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Dense weights form a matrix.
snn.network @dense_rank dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.dense' op weights must be a 2-D (post x pre) tensor, got 'tensor<4xf32>'}}
  snn.dense %p -> %p weights(dense<1.0> : tensor<4xf32>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A dense_resource blob can carry a dynamic type; its shape must be static.
snn.network @dense_dynamic dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.dense' op weights must have a static shape, got 'tensor<?x2xf32>'}}
  snn.dense %p -> %p weights(dense_resource<w> : tensor<?x2xf32>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Weights are real numbers; booleans are not.
snn.network @dense_i1 dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.dense' op weights must have a floating-point element type, got 'i1'}}
  snn.dense %p -> %p weights(dense<true> : tensor<2x2xi1>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// The weight matrix is (post x pre), like NIR's Affine.
snn.network @dense_shape dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.dense' op weights have shape 3x2 but @a -> @b needs 2x3 (post x pre)}}
  snn.dense %a -> %b weights(dense<1.0> : tensor<3x2xf32>) : !snn.pop<3> -> !snn.pop<2>
}

// -----

// The four lists of a sparse projection describe the same synapses.
snn.network @sparse_lengths dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.sparse' op synapse lists differ in length: pre 2, post 2, weights 1, delays 2}}
  snn.sparse %p -> %p pre([0, 1]) post([1, 0]) weights([0.5]) delays([1, 1]) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Sparse pre indices lie in the pre population.
snn.network @sparse_pre_index dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.sparse' op synapse 1: pre index 3 is outside @a (3 neurons)}}
  snn.sparse %a -> %b pre([0, 3]) post([1, 0]) weights([0.5, 0.5]) delays([1, 1]) : !snn.pop<3> -> !snn.pop<2>
}

// -----

// Sparse post indices lie in the post population.
snn.network @sparse_post_index dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.sparse' op synapse 0: post index -1 is outside @b (2 neurons)}}
  snn.sparse %a -> %b pre([0]) post([-1]) weights([0.5]) delays([1]) : !snn.pop<3> -> !snn.pop<2>
}

// -----

// Each sparse delay is at least one step.
snn.network @sparse_delay dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.sparse' op synapse 1: delay must be at least 1 timestep, got 0}}
  snn.sparse %p -> %p pre([0, 1]) post([1, 0]) weights([0.5, 0.5]) delays([2, 0]) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Each sparse weight is finite.
snn.network @sparse_weight dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.sparse' op synapse 0: weight inf is not finite}}
  snn.sparse %p -> %p pre([0]) post([1]) weights([1.0e400]) delays([1]) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// One-to-one needs equal sizes.
snn.network @one_to_one_sizes dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op connects @a (3 neurons) one-to-one to @b (2 neurons); the sizes must match}}
  snn.one_to_one %a -> %b weight(1.0) : !snn.pop<3> -> !snn.pop<2>
}

// -----

// A one-to-one weight is finite.
snn.network @one_to_one_weight dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.one_to_one' op weight must be finite, got -inf}}
  snn.one_to_one %p -> %p weight(-1.0e400) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// input_shape is (C, H, W).
snn.network @input_shape_rank dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.pool2d' op input_shape must have 3 entries (C, H, W), got 2}}
  snn.pool2d %p -> %p sum input_shape([4, 4]) kernel([1, 1]) stride([1, 1]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// input_shape entries count neurons.
snn.network @input_shape_zero dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.pool2d' op input_shape entries must be positive, got 0}}
  snn.pool2d %p -> %p sum input_shape([1, 0, 16]) kernel([1, 1]) stride([1, 1]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// input_shape must account for every pre neuron.
snn.network @input_shape_size dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<16>
  %b = snn.population @b model(#snn.if<>) : !snn.pop<4>
  // expected-error@+1 {{'snn.conv2d' op input_shape 1x4x5 has 20 neurons but @a has 16}}
  snn.conv2d %a -> %b weights(dense<1.0> : tensor<1x1x2x2xf32>) input_shape([1, 4, 5]) : !snn.pop<16> -> !snn.pop<4>
}

// -----

// An input_shape whose product overflows 64 bits does not wrap around to a
// plausible size.
snn.network @input_shape_overflow dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.pool2d' op input_shape 4294967296x4294967296x16 has more than 2^64 neurons but @a has 16}}
  snn.pool2d %a -> %a sum input_shape([4294967296, 4294967296, 16]) kernel([1, 1]) stride([1, 1]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// Spatial attributes have one entry per axis (y, x).
snn.network @pair_rank dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.pool2d' op kernel must have 2 entries (y, x), got 1}}
  snn.pool2d %p -> %p sum input_shape([1, 4, 4]) kernel([2]) stride([1, 1]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// Strides are at least 1.
snn.network @pair_minimum dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.conv2d' op stride entries must be at least 1, got 0}}
  snn.conv2d %p -> %p weights(dense<1.0> : tensor<1x1x1x1xf32>) input_shape([1, 4, 4]) stride([1, 0]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// Convolution weights are (out_channels, in_channels / groups, kh, kw).
snn.network @conv2d_rank dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.conv2d' op weights must be a 4-D (out_channels x in_channels/groups x kh x kw) tensor, got 'tensor<3x3xf32>'}}
  snn.conv2d %p -> %p weights(dense<1.0> : tensor<3x3xf32>) input_shape([1, 4, 4]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// A convolution kernel stored in a dense_resource blob must have a static
// shape (its output size depends on it).
snn.network @conv2d_dynamic dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.conv2d' op weights must have a static shape, got 'tensor<1x1x?x1xf32>'}}
  snn.conv2d %p -> %p weights(dense_resource<k> : tensor<1x1x?x1xf32>) input_shape([1, 4, 4]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// Convolution weights are real numbers.
snn.network @conv2d_element_type dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.conv2d' op weights must have a floating-point element type, got 'i8'}}
  snn.conv2d %p -> %p weights(dense<1> : tensor<1x1x1x1xi8>) input_shape([1, 4, 4]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// A kernel with no taps.
snn.network @conv2d_empty_kernel dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.conv2d' op the 0x3 kernel is empty}}
  snn.conv2d %p -> %p weights(dense<1.0> : tensor<1x1x0x3xf32>) input_shape([1, 4, 4]) padding([1, 1]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// Groups split both channel counts evenly.
snn.network @conv2d_groups dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<48>
  %b = snn.population @b model(#snn.if<>) : !snn.pop<64>
  // expected-error@+1 {{'snn.conv2d' op groups = 2 must be positive and divide both the 3 input and 4 output channels}}
  snn.conv2d %a -> %b weights(dense<1.0> : tensor<4x1x1x1xf32>) input_shape([3, 4, 4]) groups(2) : !snn.pop<48> -> !snn.pop<64>
}

// -----

// Each group sees in_channels / groups input channels.
snn.network @conv2d_channels_per_group dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<64>
  // expected-error@+1 {{'snn.conv2d' op weights have 4 input channels per group but the input has 4 channels in 2 group(s)}}
  snn.conv2d %a -> %a weights(dense<1.0> : tensor<4x4x1x1xf32>) input_shape([4, 4, 4]) groups(2) : !snn.pop<64> -> !snn.pop<64>
}

// -----

// A 2x2 kernel dilated by 2 spans 3x3 and does not fit a 2x2 input; the
// output-size formula (2 - 3) / 2 + 1 used to truncate to 1 and accept it.
snn.network @conv2d_kernel_too_large dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<4>
  %b = snn.population @b model(#snn.if<>) : !snn.pop<1>
  // expected-error@+1 {{'snn.conv2d' op the 2x2 kernel dilated by 2x2 spans 3x3, which does not fit the 2x2 input padded to 2x2}}
  snn.conv2d %a -> %b weights(dense<1.0> : tensor<1x1x2x2xf32>) input_shape([1, 2, 2]) stride([2, 2]) dilation([2, 2]) : !snn.pop<4> -> !snn.pop<1>
}

// -----

// The post population has out_channels * H' * W' neurons.
snn.network @conv2d_output_size dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<16>
  %b = snn.population @b model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.conv2d' op produces 2x3x3 = 18 neurons but @b has 16}}
  snn.conv2d %a -> %b weights(dense<1.0> : tensor<2x1x2x2xf32>) input_shape([1, 4, 4]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// A pooling window larger than its padded input: a 5x5 window with stride 2
// on a 2x2 input padded to 4x4 used to pass as one output neuron.
snn.network @pool2d_window_too_large dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<4>
  %b = snn.population @b model(#snn.if<>) : !snn.pop<1>
  // expected-error@+1 {{'snn.pool2d' op the 5x5 window does not fit the 2x2 input padded to 4x4}}
  snn.pool2d %a -> %b avg input_shape([1, 2, 2]) kernel([5, 5]) stride([2, 2]) padding([1, 1]) : !snn.pop<4> -> !snn.pop<1>
}

// -----

// Pooling keeps the channels and shrinks H and W.
snn.network @pool2d_output_size dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.if<>) : !snn.pop<32>
  %b = snn.population @b model(#snn.if<>) : !snn.pop<4>
  // expected-error@+1 {{'snn.pool2d' op produces 2x2x2 = 8 neurons but @b has 4}}
  snn.pool2d %a -> %b sum input_shape([2, 4, 4]) kernel([2, 2]) stride([2, 2]) : !snn.pop<32> -> !snn.pop<4>
}

// -----

// A delay range runs upwards; a negative max_delay is not read as 4294967295.
snn.network @connect_max_delay dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.connect' op max_delay (-1) must not be below delay (1)}}
  snn.connect %p -> %p connector(#snn.fixed_probability<p = 0.5>) weight(#snn.constant<value = 1.0>) max_delay(-1) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Weights must be bounded so that a fixed-point profile can represent them.
snn.network @connect_unbounded_weight dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.connect' op weight distribution must be bounded, got [-inf, inf]}}
  snn.connect %p -> %p connector(#snn.fixed_probability<p = 0.5>) weight(#snn.normal<mean = 0.0, std = 1.0e308>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Without self-connections or repeated pairs, a neuron of a 4-neuron
// population has 3 possible sources.
snn.network @fixed_in_degree_too_large dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<4>
  // expected-error@+1 {{'snn.connect' op asks for in-degree 4 without repeated pairs, but @p offers only 3 distinct sources per neuron}}
  snn.connect %p -> %p connector(#snn.fixed_in_degree<k = 4, allow_self = false, allow_multapses = false>) weight(#snn.constant<value = 1.0>) : !snn.pop<4> -> !snn.pop<4>
}

// -----

// Repeated pairs do not help when there is no source at all: a single neuron
// that may not connect to itself.
snn.network @fixed_in_degree_no_source dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
  // expected-error@+1 {{'snn.connect' op asks for in-degree 2, but @p offers only 0 distinct sources per neuron}}
  snn.connect %p -> %p connector(#snn.fixed_in_degree<k = 2, allow_self = false>) weight(#snn.constant<value = 1.0>) : !snn.pop<1> -> !snn.pop<1>
}

// -----

// Without repeated pairs there are at most pre * post synapses.
snn.network @fixed_total_too_large dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.connect' op asks for 7 synapses without repeated pairs, but only 6 distinct pairs exist}}
  snn.connect %a -> %b connector(#snn.fixed_total<n = 7, allow_multapses = false>) weight(#snn.constant<value = 1.0>) : !snn.pop<3> -> !snn.pop<2>
}

// -----

// Nor for a fixed total without any pair to repeat.
snn.network @fixed_total_no_pair dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<1>
  // expected-error@+1 {{'snn.connect' op asks for 5 synapses, but only 0 distinct pairs exist}}
  snn.connect %p -> %p connector(#snn.fixed_total<n = 5, allow_self = false>) weight(#snn.constant<value = 1.0>) : !snn.pop<1> -> !snn.pop<1>
}

//===----------------------------------------------------------------------===//
// Probes
//===----------------------------------------------------------------------===//

// -----

// A probe records a population or source of the network.
snn.network @probe_block_argument dt(1.0e-3) profile(float) {
^bb0(%arg: !snn.pop<2>):
  // expected-error@+1 {{'snn.probe' op target must be a population or spike source, but it is a block argument}}
  snn.probe %arg spikes : !snn.pop<2>
}

// -----

// A leaky integrator never spikes; record its potential instead.
snn.network @probe_spikes_of_li dt(1.0e-3) profile(float) {
  %li = snn.population @li model(#snn.li<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.probe' op cannot record 'spikes' of @li, whose model #snn.li<tau_mem = 0.02> never spikes}}
  snn.probe %li spikes : !snn.pop<2>
}

// -----

// Spike sources have no membrane potential.
snn.network @probe_v_of_source dt(1.0e-3) profile(float) {
  %s = snn.external @s : !snn.pop<2>
  // expected-error@+1 {{'snn.probe' op cannot record 'v' of spike source @s; sources only have spikes}}
  snn.probe %s v : !snn.pop<2>
}

// -----

// Only dendritic populations have branch outputs.
snn.network @probe_branch_of_point_neuron dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.probe' op cannot record 'branch' of @p, which is not a dendritic population}}
  snn.probe %p branch : !snn.pop<2>
}

// -----

// A dense bias has one value per post neuron.
snn.network @dense_bias_shape dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  %b = snn.population @b model(#snn.lif<tau_mem = 0.02>) : !snn.pop<3>
  // expected-error@+1 {{'snn.dense' op bias has 2 values but needs one per post neuron (3)}}
  snn.dense %a -> %b weights(dense<0.5> : tensor<3x2xf32>) bias(dense<0.1> : tensor<2xf32>) : !snn.pop<2> -> !snn.pop<3>
}

// -----

// A bias is a vector, not a matrix.
snn.network @dense_bias_rank dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.dense' op bias must be a static 1-D (post neuron) tensor, got 'tensor<2x1xf32>'}}
  snn.dense %a -> %a weights(dense<0.5> : tensor<2x2xf32>) bias(dense<0.1> : tensor<2x1xf32>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// Bias values are real numbers.
snn.network @dense_bias_element_type dt(1.0e-3) profile(float) {
  %a = snn.population @a model(#snn.lif<tau_mem = 0.02>) : !snn.pop<2>
  // expected-error@+1 {{'snn.dense' op bias must have a floating-point element type, got 'i32'}}
  snn.dense %a -> %a weights(dense<0.5> : tensor<2x2xf32>) bias(dense<1> : tensor<2xi32>) : !snn.pop<2> -> !snn.pop<2>
}

// -----

// A convolution bias has one value per output channel, not per neuron.
snn.network @conv2d_bias_shape dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.conv2d' op bias has 16 values but needs one per output channel (1)}}
  snn.conv2d %p -> %p weights(dense<1.0> : tensor<1x1x1x1xf32>) bias(dense<0.5> : tensor<16xf32>) input_shape([1, 4, 4]) : !snn.pop<16> -> !snn.pop<16>
}

// -----

// Convolution bias values are real numbers.
snn.network @conv2d_bias_element_type dt(1.0e-3) profile(float) {
  %p = snn.population @p model(#snn.if<>) : !snn.pop<16>
  // expected-error@+1 {{'snn.conv2d' op bias must have a floating-point element type, got 'i8'}}
  snn.conv2d %p -> %p weights(dense<1.0> : tensor<1x1x1x1xf32>) bias(dense<1> : tensor<1xi8>) input_shape([1, 4, 4]) : !snn.pop<16> -> !snn.pop<16>
}
