// dendron_core.sv - Time-multiplexed LIF-family and dendritic neuromorphic core
//
// Part of the Dendron project.
//
// One core executes one timestep of a whole network exactly as the reference
// simulator does in the fixed<W,F> profile (docs/Semantics.md, docs/Fpga.md):
//
//   1. update: for every population (parameters loaded into registers once),
//      for every neuron in ascending order: read and clear its ring slot
//      (step mod depth) for both channels, refilling the biases, saturate the
//      accumulators to W bits, update the neuron's dendritic branches
//      (states B0..B14 per branch, branch state in its own memories), then
//      run the LIF-family update as a micro-sequence (states U0..U8, one
//      adder step each, products from one shared two-stage multiplier),
//      write the state back and, on a spike, emit (out_valid, out_index) and
//      queue the neuron;
//   2. delivery: for every queued spike (host-injected source spikes first,
//      then this step's neuron spikes) walk its CSR row and add each weight
//      into the accumulator at slot (step + delay) mod depth.
//
// Accumulators are ACC_W-bit two's complement sums, saturated only when read,
// as the reference's int64 ring; the layout library picks ACC_W so that no
// sum can wrap, which makes the order of additions irrelevant.
//
// Host interface: while idle, cfg_* writes any memory or register (sel codes
// below), in_valid/in_index queue an input spike for the next step, and a
// one-cycle `step` pulse runs one timestep; `done` pulses when it finished.
// Every memory but the ring can also be initialised from a $readmemh file
// (INIT_* names); after reset the core itself fills every ring slot with the
// biases (busy meanwhile), as the reference fills its ring at set-up.

module dendron_core #(
    parameter int W = 32,  ///< value width (fixed<W,F>).
    parameter int F = 15,  ///< fractional bits.
    parameter int ACC_W = 64,  ///< accumulator width (> W).
    parameter int MAX_NEURONS = 256,  ///< population neurons (power of 2).
    parameter int MAX_PRE = 512,  ///< neurons + source neurons.
    parameter int MAX_SYNAPSES = 4096,
    parameter int MAX_DEPTH = 16,  ///< ring slots (power of 2).
    parameter int MAX_POPS = 4,
    parameter int MAX_BRANCHES = 2,  ///< dendritic branches per neuron.
    /// 1: ring buffer in iCE40 SPRAM (synthesis only; depth <= 16384).
    parameter int ACC_SPRAM = 0,
    parameter int INIT_NUM_POPS = 0,  ///< register values after reset.
    parameter int INIT_DEPTH = 2,
    parameter INIT_ROWS = "",
    parameter INIT_SYNAPSES = "",
    parameter INIT_PARAMS = "",
    parameter INIT_V = "",
    parameter INIT_IEXC = "",
    parameter INIT_IINH = "",
    parameter INIT_ADAPT = "",
    parameter INIT_REFR = "",
    parameter INIT_BIAS = "",
    parameter INIT_BRANCH_D = "",
    parameter INIT_BRANCH_PLATEAU = "",
    /// Derived widths; not meant to be overridden.
    parameter int NW = $clog2(MAX_NEURONS),
    parameter int PW = $clog2(MAX_PRE),
    parameter int SA = $clog2(MAX_SYNAPSES + 1),  ///< row bound width
    parameter int SAW = $clog2(MAX_SYNAPSES),  ///< synapse address width
    parameter int DB = $clog2(MAX_DEPTH),
    parameter int POPW = (MAX_POPS > 1) ? $clog2(MAX_POPS) : 1,
    parameter int CB = $clog2(2 + MAX_BRANCHES),  ///< channel bits
    parameter int BW = (MAX_BRANCHES > 2) ? $clog2(MAX_BRANCHES) : 1,
    parameter int BLKW = (MAX_BRANCHES > 0) ? $clog2(1 + MAX_BRANCHES) : 1,
    parameter int SYN_W = W + NW + DB + CB
) (
    input logic clk,
    input logic rst,
    // Host configuration port (only while idle).
    input logic cfg_we,
    input logic [3:0] cfg_sel,
    // One address and data width for every memory: each uses the low bits.
    /* verilator lint_off UNUSEDSIGNAL */
    input logic [23:0] cfg_addr,
    input logic [63:0] cfg_wdata,
    /* verilator lint_on UNUSEDSIGNAL */
    // Input spikes for the next step (only while idle).
    input logic in_valid,
    input logic [PW-1:0] in_index,
    // Step control.
    input logic step,
    output logic busy,
    output logic done,
    // Output spike stream.
    output logic out_valid,
    output logic [NW-1:0] out_index,
    // Membrane potential of neuron dbg_addr, one cycle later (idle only):
    // lets a testbench or host compare whole state trajectories.
    input logic [NW-1:0] dbg_addr,
    output logic [W-1:0] dbg_v
);
  // cfg_sel codes.
  localparam logic [3:0] SEL_ROWS = 4'd0;  // {start, end} per pre index
  localparam logic [3:0] SEL_SYN = 4'd1;  // {channel, delay, post, weight}
  localparam logic [3:0] SEL_PARAM = 4'd2;  // {population, block, word}
  localparam logic [3:0] SEL_V = 4'd3;
  localparam logic [3:0] SEL_IEXC = 4'd4;
  localparam logic [3:0] SEL_IINH = 4'd5;
  localparam logic [3:0] SEL_ADAPT = 4'd6;
  localparam logic [3:0] SEL_REFR = 4'd7;
  localparam logic [3:0] SEL_ACC = 4'd8;  // {slot, channel, neuron}
  localparam logic [3:0] SEL_BIAS = 4'd9;  // {channel, neuron}
  localparam logic [3:0] SEL_REG = 4'd10;  // 0: populations, 1: depth
  localparam logic [3:0] SEL_BRANCH_D = 4'd11;  // {neuron, branch}
  localparam logic [3:0] SEL_BRANCH_PLATEAU = 4'd12;  // {neuron, branch}

  localparam int AAW = DB + CB + NW;  // accumulator address
  localparam int PAW = POPW + BLKW + 4;  // parameter address
  localparam int BAW = NW + BW;  // branch state address

  // Words of a branch's parameter block (block 1 + branch).
  localparam logic [3:0] BP_ALPHA = 4'd0;
  localparam logic [3:0] BP_THRESHOLD = 4'd1;
  localparam logic [3:0] BP_AMPLITUDE = 4'd2;
  localparam logic [3:0] BP_GAIN = 4'd3;
  localparam logic [3:0] BP_INV_SLOPE = 4'd4;
  localparam logic [3:0] BP_SLOPE_GAIN = 4'd5;
  localparam logic [3:0] BP_COUPLING = 4'd6;
  localparam logic [3:0] BP_PLATEAU_STEPS = 4'd7;
  localparam logic [3:0] BP_FLAGS = 4'd8;  // bit 0 leaky, bits 2:1 kind
  localparam logic [1:0] NL_PLATEAU = 2'd0;
  localparam logic [1:0] NL_SIGMOID = 2'd1;

  localparam logic signed [W-1:0] VMAX = {1'b0, {(W - 1) {1'b1}}};
  localparam logic signed [W-1:0] VMIN = {1'b1, {(W - 1) {1'b0}}};
  // The same bounds at accumulator width (ACC_W > W).
  localparam logic signed [ACC_W-1:0] AMAX = {{(ACC_W - W) {1'b0}}, VMAX};
  localparam logic signed [ACC_W-1:0] AMIN = {{(ACC_W - W) {1'b1}}, VMIN};

  // Flag bits of parameter word 12.
  localparam int FL_EXACT = 0;
  localparam int FL_SYNEXC = 1;
  localparam int FL_SYNINH = 2;
  localparam int FL_ADAPT = 3;
  localparam int FL_SPIKING = 4;
  localparam int FL_DIRECT = 5;
  localparam int FL_SUBTRACT = 6;

  //===--------------------------------------------------------------------===//
  // Fixed-point arithmetic (docs/Semantics.md, "Fixed-point arithmetic")
  //===--------------------------------------------------------------------===//

  /// Saturating W-bit addition.
  function automatic logic signed [W-1:0] sat_add(input logic signed [W-1:0] a,
                                                  input logic signed [W-1:0] b);
    logic signed [W:0] s;
    s = {a[W-1], a} + {b[W-1], b};
    if (s[W] != s[W-1]) sat_add = s[W] ? VMIN : VMAX;
    else sat_add = s[W-1:0];
  endfunction

  /// Saturating W-bit subtraction.
  function automatic logic signed [W-1:0] sat_sub(input logic signed [W-1:0] a,
                                                  input logic signed [W-1:0] b);
    logic signed [W:0] s;
    s = {a[W-1], a} - {b[W-1], b};
    if (s[W] != s[W-1]) sat_sub = s[W] ? VMIN : VMAX;
    else sat_sub = s[W-1:0];
  endfunction

  /// An accumulator as the update reads it: saturated to W bits.
  function automatic logic signed [W-1:0] sat_acc(input logic signed [ACC_W-1:0] a);
    if (a > AMAX) sat_acc = VMAX;
    else if (a < AMIN) sat_acc = VMIN;
    else sat_acc = a[W-1:0];
  endfunction

  /// Knot k of the s16.15 logistic table (FixedPoint.h, kSigmoidTable).
  function automatic logic [15:0] sig_knot(input logic [6:0] k);
    case (k)
      7'd0: sig_knot = 16'd11;
      7'd1: sig_knot = 16'd14;
      7'd2: sig_knot = 16'd18;
      7'd3: sig_knot = 16'd23;
      7'd4: sig_knot = 16'd30;
      7'd5: sig_knot = 16'd38;
      7'd6: sig_knot = 16'd49;
      7'd7: sig_knot = 16'd63;
      7'd8: sig_knot = 16'd81;
      7'd9: sig_knot = 16'd104;
      7'd10: sig_knot = 16'd133;
      7'd11: sig_knot = 16'd171;
      7'd12: sig_knot = 16'd219;
      7'd13: sig_knot = 16'd281;
      7'd14: sig_knot = 16'd360;
      7'd15: sig_knot = 16'd461;
      7'd16: sig_knot = 16'd589;
      7'd17: sig_knot = 16'd753;
      7'd18: sig_knot = 16'd961;
      7'd19: sig_knot = 16'd1223;
      7'd20: sig_knot = 16'd1554;
      7'd21: sig_knot = 16'd1969;
      7'd22: sig_knot = 16'd2486;
      7'd23: sig_knot = 16'd3124;
      7'd24: sig_knot = 16'd3906;
      7'd25: sig_knot = 16'd4851;
      7'd26: sig_knot = 16'd5978;
      7'd27: sig_knot = 16'd7297;
      7'd28: sig_knot = 16'd8813;
      7'd29: sig_knot = 16'd10513;
      7'd30: sig_knot = 16'd12371;
      7'd31: sig_knot = 16'd14347;
      7'd32: sig_knot = 16'd16384;
      7'd33: sig_knot = 16'd18421;
      7'd34: sig_knot = 16'd20397;
      7'd35: sig_knot = 16'd22255;
      7'd36: sig_knot = 16'd23955;
      7'd37: sig_knot = 16'd25471;
      7'd38: sig_knot = 16'd26790;
      7'd39: sig_knot = 16'd27917;
      7'd40: sig_knot = 16'd28862;
      7'd41: sig_knot = 16'd29644;
      7'd42: sig_knot = 16'd30282;
      7'd43: sig_knot = 16'd30799;
      7'd44: sig_knot = 16'd31214;
      7'd45: sig_knot = 16'd31545;
      7'd46: sig_knot = 16'd31807;
      7'd47: sig_knot = 16'd32015;
      7'd48: sig_knot = 16'd32179;
      7'd49: sig_knot = 16'd32307;
      7'd50: sig_knot = 16'd32408;
      7'd51: sig_knot = 16'd32487;
      7'd52: sig_knot = 16'd32549;
      7'd53: sig_knot = 16'd32597;
      7'd54: sig_knot = 16'd32635;
      7'd55: sig_knot = 16'd32664;
      7'd56: sig_knot = 16'd32687;
      7'd57: sig_knot = 16'd32705;
      7'd58: sig_knot = 16'd32719;
      7'd59: sig_knot = 16'd32730;
      7'd60: sig_knot = 16'd32738;
      7'd61: sig_knot = 16'd32745;
      7'd62: sig_knot = 16'd32750;
      7'd63: sig_knot = 16'd32754;
      7'd64: sig_knot = 16'd32757;
      default: sig_knot = 16'd32757;
    endcase
  endfunction

  /// sigmoidFixed of FixedPoint.h: linear interpolation between knots
  /// spaced 1/4 apart on [-8, 8]; the table is for F = 15.
  function automatic logic signed [W-1:0] sigmoid(input logic signed [W-1:0] z);
    logic signed [W+1:0] t;
    logic signed [31:0] lo, hi, interp;
    t = {{2{z[W-1]}}, z} + (W + 2)'(8 << F);
    if (t <= 0) sigmoid = W'(sig_knot(7'd0));
    else if (t >= (W + 2)'(16 << F)) sigmoid = W'(sig_knot(7'd64));
    else begin
      lo = 32'(sig_knot(7'(t >>> (F - 2))));
      hi = 32'(sig_knot(7'((t >>> (F - 2)) + 1)));
      interp = lo + (((hi - lo) * 32'(t[F-3:0]) + 32'(1 << (F - 3))) >>> (F - 2));
      sigmoid = W'(interp);
    end
  endfunction

  // The one multiplier, two pipeline stages so that neither the DSP
  // product nor the rounding shares a cycle with other arithmetic: operands
  // chosen in state S give mul_y = (a * b + 2^(F-1)) >>> F, saturated to W
  // bits, in state S + 2.
  logic signed [W-1:0] mul_a, mul_b, mul_y, mul_y_next;
  logic signed [2*W-1:0] mul_p, mul_r;
  localparam logic signed [2*W-1:0] HALF = (2 * W)'(1) << (F - 1);
  localparam logic signed [2*W-1:0] PMAX = {{W{1'b0}}, VMAX};
  localparam logic signed [2*W-1:0] PMIN = {{W{1'b1}}, VMIN};
  always_comb begin
    mul_r = (mul_p + HALF) >>> F;
    if (mul_r > PMAX) mul_y_next = VMAX;
    else if (mul_r < PMIN) mul_y_next = VMIN;
    else mul_y_next = mul_r[W-1:0];
  end
  always_ff @(posedge clk) begin
    mul_p <= mul_a * mul_b;
    mul_y <= mul_y_next;
  end

  //===--------------------------------------------------------------------===//
  // Memories
  //===--------------------------------------------------------------------===//

  logic cfg_ok;  // host writes are ignored while a step runs
  assign cfg_ok = cfg_we && !busy;

  // CSR row table, one {start, end} pair per pre index.
  logic [PW-1:0] row_raddr;
  logic [2*SA-1:0] row_rdata;
  dendron_ram #(
      .WIDTH(2 * SA),
      .DEPTH(MAX_PRE),
      .INIT_FILE(INIT_ROWS)
  ) rows (
      .clk(clk),
      .we(cfg_ok && cfg_sel == SEL_ROWS),
      .waddr(cfg_addr[PW-1:0]),
      .wdata(cfg_wdata[2*SA-1:0]),
      .raddr(row_raddr),
      .rdata(row_rdata)
  );

  // Synapses: {inhibitory, delay, post, weight}.
  logic [SAW-1:0] syn_raddr;
  logic [SYN_W-1:0] syn_rdata;
  dendron_ram #(
      .WIDTH(SYN_W),
      .DEPTH(MAX_SYNAPSES),
      .INIT_FILE(INIT_SYNAPSES)
  ) synapses (
      .clk(clk),
      .we(cfg_ok && cfg_sel == SEL_SYN),
      .waddr(cfg_addr[SAW-1:0]),
      .wdata(cfg_wdata[SYN_W-1:0]),
      .raddr(syn_raddr),
      .rdata(syn_rdata)
  );

  // Population parameters, 16 words each (see docs/Fpga.md).
  logic [PAW-1:0] prm_raddr;
  logic [W-1:0] prm_rdata;
  dendron_ram #(
      .WIDTH(W),
      .DEPTH(MAX_POPS * 16 * (1 << BLKW)),
      .INIT_FILE(INIT_PARAMS)
  ) params (
      .clk(clk),
      .we(cfg_ok && cfg_sel == SEL_PARAM),
      .waddr(cfg_addr[PAW-1:0]),
      .wdata(cfg_wdata[W-1:0]),
      .raddr(prm_raddr),
      .rdata(prm_rdata)
  );

  // Neuron state: v, synaptic currents, threshold adaptation, refractory
  // counter; all addressed by neuron, written back together.
  logic [NW-1:0] st_addr;
  logic st_we;
  logic signed [W-1:0] st_v_w, st_e_w, st_i_w, st_a_w, st_r_w;
  logic [W-1:0] st_v_r, st_e_r, st_i_r, st_a_r, st_r_r;

  dendron_ram #(
      .WIDTH(W),
      .DEPTH(MAX_NEURONS),
      .INIT_FILE(INIT_V)
  ) mem_v (
      .clk(clk),
      .we(st_we || (cfg_ok && cfg_sel == SEL_V)),
      .waddr(st_we ? st_addr : cfg_addr[NW-1:0]),
      .wdata(st_we ? st_v_w : cfg_wdata[W-1:0]),
      .raddr(st_addr),
      .rdata(st_v_r)
  );
  dendron_ram #(
      .WIDTH(W),
      .DEPTH(MAX_NEURONS),
      .INIT_FILE(INIT_IEXC)
  ) mem_iexc (
      .clk(clk),
      .we(st_we || (cfg_ok && cfg_sel == SEL_IEXC)),
      .waddr(st_we ? st_addr : cfg_addr[NW-1:0]),
      .wdata(st_we ? st_e_w : cfg_wdata[W-1:0]),
      .raddr(st_addr),
      .rdata(st_e_r)
  );
  dendron_ram #(
      .WIDTH(W),
      .DEPTH(MAX_NEURONS),
      .INIT_FILE(INIT_IINH)
  ) mem_iinh (
      .clk(clk),
      .we(st_we || (cfg_ok && cfg_sel == SEL_IINH)),
      .waddr(st_we ? st_addr : cfg_addr[NW-1:0]),
      .wdata(st_we ? st_i_w : cfg_wdata[W-1:0]),
      .raddr(st_addr),
      .rdata(st_i_r)
  );
  dendron_ram #(
      .WIDTH(W),
      .DEPTH(MAX_NEURONS),
      .INIT_FILE(INIT_ADAPT)
  ) mem_adapt (
      .clk(clk),
      .we(st_we || (cfg_ok && cfg_sel == SEL_ADAPT)),
      .waddr(st_we ? st_addr : cfg_addr[NW-1:0]),
      .wdata(st_we ? st_a_w : cfg_wdata[W-1:0]),
      .raddr(st_addr),
      .rdata(st_a_r)
  );
  dendron_ram #(
      .WIDTH(W),
      .DEPTH(MAX_NEURONS),
      .INIT_FILE(INIT_REFR)
  ) mem_refr (
      .clk(clk),
      .we(st_we || (cfg_ok && cfg_sel == SEL_REFR)),
      .waddr(st_we ? st_addr : cfg_addr[NW-1:0]),
      .wdata(st_we ? st_r_w : cfg_wdata[W-1:0]),
      .raddr(st_addr),
      .rdata(st_r_r)
  );

  // Dendritic branch state: integrated input d and plateau counter, at
  // {neuron, branch}, written back at the end of each branch's sequence.
  // With MAX_BRANCHES = 0 every piece of branch hardware is left out
  // (HAS_BRANCHES gates it), so a LIF-only core pays nothing for it.
  localparam bit HAS_BRANCHES = MAX_BRANCHES > 0;
  logic [BAW-1:0] bst_addr;
  logic bst_we;
  logic signed [W-1:0] bd_w, bp_w;
  logic [W-1:0] bd_r, bp_r;
  generate
    if (HAS_BRANCHES) begin : g_branch_state
  dendron_ram #(
      .WIDTH(W),
      .DEPTH(MAX_NEURONS * (1 << BW)),
      .INIT_FILE(INIT_BRANCH_D)
  ) mem_branch_d (
      .clk(clk),
      .we(bst_we || (cfg_ok && cfg_sel == SEL_BRANCH_D)),
      .waddr(bst_we ? bst_addr : cfg_addr[BAW-1:0]),
      .wdata(bst_we ? bd_w : cfg_wdata[W-1:0]),
      .raddr(bst_addr),
      .rdata(bd_r)
  );
  dendron_ram #(
      .WIDTH(W),
      .DEPTH(MAX_NEURONS * (1 << BW)),
      .INIT_FILE(INIT_BRANCH_PLATEAU)
  ) mem_branch_plateau (
      .clk(clk),
      .we(bst_we || (cfg_ok && cfg_sel == SEL_BRANCH_PLATEAU)),
      .waddr(bst_we ? bst_addr : cfg_addr[BAW-1:0]),
      .wdata(bst_we ? bp_w : cfg_wdata[W-1:0]),
      .raddr(bst_addr),
      .rdata(bp_r)
  );
    end else begin : g_no_branch_state
      assign bd_r = '0;
      assign bp_r = '0;
      logic unused_branch_state;  // matched by Verilator's unused pattern
      assign unused_branch_state = ^{bst_addr, bst_we, bd_w, bp_w};
    end
  endgenerate

  // Ring buffer of accumulators, {slot, channel, neuron}.
  logic [AAW-1:0] acc_raddr, acc_waddr;
  logic acc_we;
  logic [ACC_W-1:0] acc_wdata, acc_rdata;
  dendron_ram #(
      .WIDTH(ACC_W),
      .DEPTH(MAX_DEPTH * (1 << CB) * MAX_NEURONS),
      .USE_SPRAM(ACC_SPRAM)
  ) acc (
      .clk(clk),
      .we(acc_we || (cfg_ok && cfg_sel == SEL_ACC)),
      .waddr(acc_we ? acc_waddr : cfg_addr[AAW-1:0]),
      .wdata(acc_we ? acc_wdata : cfg_wdata[ACC_W-1:0]),
      .raddr(acc_raddr),
      .rdata(acc_rdata)
  );

  // Summed projection biases, {channel, neuron}: the value a slot is
  // refilled with when it is cleared.
  logic [CB+NW-1:0] bias_raddr;
  logic [ACC_W-1:0] bias_rdata;
  dendron_ram #(
      .WIDTH(ACC_W),
      .DEPTH((1 << CB) * MAX_NEURONS),
      .INIT_FILE(INIT_BIAS)
  ) bias (
      .clk(clk),
      .we(cfg_ok && cfg_sel == SEL_BIAS),
      .waddr(cfg_addr[CB+NW-1:0]),
      .wdata(cfg_wdata[ACC_W-1:0]),
      .raddr(bias_raddr),
      .rdata(bias_rdata)
  );

  // Spike queue: pre indices whose rows the delivery phase walks.
  logic [PW:0] q_len, q_pos;
  logic q_we;
  logic [PW-1:0] q_waddr, q_wdata, q_rdata;
  dendron_ram #(
      .WIDTH(PW),
      .DEPTH(MAX_PRE)
  ) queue (
      .clk(clk),
      .we(q_we),
      .waddr(q_waddr),
      .wdata(q_wdata),
      .raddr(q_pos[PW-1:0]),
      .rdata(q_rdata)
  );

  //===--------------------------------------------------------------------===//
  // Control
  //===--------------------------------------------------------------------===//

  typedef enum logic [5:0] {
    S_IDLE,
    S_INIT,  // after reset: every ring slot <- biases
    S_POP,  // start population `pop` or finish the update phase
    S_PLOAD,  // load 14 parameter words
    S_N0,  // read state, exc accumulator and bias
    S_N1,  // latch state and x_exc, clear exc slot, read inh
    S_N2,  // latch x_inh, clear inh slot
    S_BX,  // branches: direct sum starts with the unfiltered channels
    S_B0,  // branch b: read its slot, bias, state, flags
    S_B1,  // latch x_b, d, plateau, flags; clear the slot
    S_B2,  // alpha * d
    S_B3,  // latch threshold
    S_B4,  // d = leaky ? alpha d + x : x
    S_B5,  // t = d - threshold
    S_B6,  // gain d / gain t / slopeGain t / invSlope t
    S_B7,  // latch coupling
    S_B8,  // plateau / leaky ReLU output, or the logistic of invSlope t
    S_B9,  // amplitude * logistic
    S_B10,
    S_B11,  // sigmoid output
    S_B12,  // coupling * o
    S_B13,
    S_B14,  // direct sum += coupling o; write the branch state back
    S_U0,  // exact: currents += input
    S_U1,  // adaptation decay
    S_U2,  // refractory countdown or m = alphaMem v + leak
    S_U3,  // m += betaSynExc iExc
    S_U4,  // m += betaSynInh iInh
    S_U5,  // m += betaDirect d
    S_U6,  // threshold, reset, spike output
    S_R1,  // refractory: wait for the current products
    S_U7,  // iExc advances
    S_U8,  // iInh advances
    S_WB,  // write back
    S_D0,  // delivery: next queued spike
    S_D1,  // read its row
    S_D2,  // latch row bounds
    S_D3,  // read synapse
    S_D4,  // read target accumulator
    S_D5,  // write accumulator + weight
    S_DONE
  } state_t;
  state_t state;

  logic [POPW:0] num_pops, pop;
  logic [DB:0] depth, now;
  logic [4:0] pk;  // parameter word being loaded
  logic [NW:0] n, pop_end;
  logic [BW:0] p_nb, b;  // branches of the population, current branch

  // Branch working registers.
  logic signed [W-1:0] x_b, d_b, pl_b, b_thr, b_amp, b_pl_steps, b_coup;
  logic signed [W-1:0] t_q, o_b, sig_q, dsum;
  logic [2:0] b_flags;
  logic dany;
  logic signed [W-1:0] b_t;
  assign b_t = sat_sub(d_b, b_thr);
  logic [CB-1:0] b_ch;  // ring channel of branch b
  assign b_ch = CB'(b + 2'd2);
  logic [AAW:0] clr;  // ring address being filled by S_INIT
  logic [AAW-1:0] clr_d;
  logic clr_valid;

  // Parameters of the current population.
  logic signed [W-1:0] p_alpha_mem, p_leak, p_beta_direct, p_vth, p_vreset;
  logic signed [W-1:0] p_alpha_exc, p_beta_exc, p_alpha_inh, p_beta_inh;
  logic signed [W-1:0] p_alpha_adapt, p_adapt_jump, p_refr_steps;
  logic [6:0] p_flags;

  // Working registers of the neuron being updated.
  logic signed [W-1:0] v, e, i, a, r, m, x_exc, x_inh;

  // Delivery registers.
  logic [SA-1:0] s_cur, s_end;
  logic [ACC_W-1:0] d_weight;

  // Fields of the synapse word being read.
  logic signed [W-1:0] syn_weight;
  logic [NW-1:0] syn_post;
  logic [DB-1:0] syn_delay;
  logic [CB-1:0] syn_ch;
  assign {syn_ch, syn_delay, syn_post, syn_weight} = syn_rdata;
  logic [DB:0] slot_sum;
  logic [DB-1:0] slot;
  assign slot_sum = now + {1'b0, syn_delay};
  // delay < depth, so one subtraction wraps it into [0, depth).
  assign slot = DB'((slot_sum >= depth) ? slot_sum - depth : slot_sum);

  // Direct input: the channels without a synaptic current, summed
  // (registered in U0).
  logic signed [W-1:0] direct_in, direct_q;
  always_comb begin
    if (!p_flags[FL_SYNEXC] && !p_flags[FL_SYNINH]) direct_in = sat_add(x_exc, x_inh);
    else if (!p_flags[FL_SYNEXC]) direct_in = x_exc;
    else direct_in = x_inh;
  end

  // Threshold theta (registered in U2, after the adaptation decay) and
  // theta - vReset (registered in U3), so that U6 needs one adder.
  logic signed [W-1:0] theta_q, gap_q;

  // Multiplier operands, two states ahead of the state using the product
  // (the micro-sequence starts at S_U0 below). In U2 a refractory neuron skips to R1
  // and U7, so U2 already feeds U7's product.
  always_comb begin
    mul_a = p_alpha_mem;
    mul_b = v;
    case (state)
      S_N2: begin  // for U1
        mul_a = p_alpha_adapt;
        mul_b = a;
      end
      S_U1: begin  // for U3
        mul_a = p_beta_exc;
        mul_b = e;
      end
      S_U2: begin  // for U4, or U7 when refractory
        mul_a = (r != '0) ? p_alpha_exc : p_beta_inh;
        mul_b = (r != '0) ? e : i;
      end
      S_U3: begin  // for U5
        mul_a = p_beta_direct;
        mul_b = direct_q;
      end
      S_U5: begin  // for U7
        mul_a = p_alpha_exc;
        mul_b = e;
      end
      S_U6, S_R1: begin  // for U8
        mul_a = p_alpha_inh;
        mul_b = i;
      end
      S_B2:
      if (HAS_BRANCHES) begin  // for B4: alpha d (alpha arriving from the RAM)
        mul_a = prm_rdata;
        mul_b = d_b;
      end
      S_B6:
      if (HAS_BRANCHES) begin  // for B8: the nonlinearity's coefficient
        mul_a = prm_rdata;
        mul_b = (b_flags[2:1] == NL_PLATEAU) ? d_b : t_q;
      end
      S_B9:
      if (HAS_BRANCHES) begin  // for B11
        mul_a = b_amp;
        mul_b = sig_q;
      end
      S_B12:
      if (HAS_BRANCHES) begin  // for B14
        mul_a = b_coup;
        mul_b = o_b;
      end
      S_B14:
      if (HAS_BRANCHES) begin  // for U1 when this was the last branch
        mul_a = p_alpha_adapt;
        mul_b = a;
      end
      default: ;  // U0: alphaMem * v for U2
    endcase
  end

  // Branch parameter word read in each branch state (data next state).
  logic [3:0] b_word;
  always_comb begin
    case (state)
      S_B0: b_word = BP_FLAGS;
      S_B1: b_word = BP_ALPHA;
      S_B2: b_word = BP_THRESHOLD;
      S_B3: b_word = BP_AMPLITUDE;
      S_B4: b_word = BP_PLATEAU_STEPS;
      S_B5:
      if (b_flags[2:1] == NL_SIGMOID) b_word = BP_INV_SLOPE;
      else if (b_flags[2:1] != NL_PLATEAU && !(b_t > 0)) b_word = BP_SLOPE_GAIN;
      else b_word = BP_GAIN;
      default: b_word = BP_COUPLING;
    endcase
  end
  logic in_branch;
  assign in_branch = HAS_BRANCHES && state >= S_B0 && state <= S_B14;

  // Memory read addresses follow the state (registered reads: data arrive
  // in the next state).
  always_comb begin
    prm_raddr = {pop[POPW-1:0], BLKW'(0), pk[3:0]};
    if (in_branch) prm_raddr = {pop[POPW-1:0], BLKW'(b + 1'b1), b_word};
    st_addr = busy ? n[NW-1:0] : dbg_addr;
    bst_addr = {n[NW-1:0], b[BW-1:0]};
    bias_raddr = {CB'(state == S_N1), n[NW-1:0]};
    if (HAS_BRANCHES && state == S_B0) bias_raddr = {b_ch, n[NW-1:0]};
    if (state == S_INIT) bias_raddr = clr[CB+NW-1:0];
    acc_raddr = {now[DB-1:0], CB'(state == S_N1), n[NW-1:0]};
    if (HAS_BRANCHES && state == S_B0) acc_raddr = {now[DB-1:0], b_ch, n[NW-1:0]};
    if (state == S_D4) acc_raddr = {slot, syn_ch, syn_post};
    row_raddr = q_rdata;
    syn_raddr = s_cur[SAW-1:0];
  end

  assign busy = state != S_IDLE;
  assign st_v_w = v;
  assign st_e_w = e;
  assign st_i_w = i;
  assign st_a_w = a;
  assign st_r_w = r;
  assign st_we = state == S_WB;
  assign dbg_v = st_v_r;
  assign bd_w = d_b;
  assign bp_w = pl_b;
  assign bst_we = HAS_BRANCHES && state == S_B14;

  always_ff @(posedge clk) begin
    acc_we <= 1'b0;
    q_we <= 1'b0;
    done <= 1'b0;
    out_valid <= 1'b0;
    if (rst) begin
      state <= S_INIT;
      clr <= '0;
      clr_valid <= 1'b0;
      num_pops <= (POPW + 1)'(INIT_NUM_POPS);
      depth <= (DB + 1)'(INIT_DEPTH);
      now <= '0;
      q_len <= '0;
      q_pos <= '0;
      out_index <= '0;
    end else begin
      case (state)
        S_INIT: begin
          // Read the bias of address clr; write the one read last cycle.
          clr <= clr + 1'b1;
          clr_d <= clr[AAW-1:0];
          clr_valid <= !clr[AAW];
          acc_we <= clr_valid;
          acc_waddr <= clr_d;
          acc_wdata <= bias_rdata;
          if (clr[AAW] && !clr_valid) state <= S_IDLE;
        end
        S_IDLE: begin
          if (cfg_we && cfg_sel == SEL_REG) begin
            if (cfg_addr[0] == 1'b0) num_pops <= cfg_wdata[POPW:0];
            else begin
              depth <= cfg_wdata[DB:0];
              now <= '0;
            end
          end
          if (in_valid) begin
            q_we <= 1'b1;
            q_waddr <= q_len[PW-1:0];
            q_wdata <= in_index;
            q_len <= q_len + 1'b1;
          end
          if (step) begin
            pop <= '0;
            n <= '0;
            state <= S_POP;
          end
        end
        S_POP: begin
          pk <= '0;
          if (pop == num_pops) begin
            q_pos <= '0;
            state <= S_D0;
          end else state <= S_PLOAD;
        end
        S_PLOAD: begin
          // Word pk is requested now; word pk - 1 arrives.
          pk <= pk + 1'b1;
          case (pk)
            5'd1: p_alpha_mem <= prm_rdata;
            5'd2: p_leak <= prm_rdata;
            5'd3: p_beta_direct <= prm_rdata;
            5'd4: p_vth <= prm_rdata;
            5'd5: p_vreset <= prm_rdata;
            5'd6: p_alpha_exc <= prm_rdata;
            5'd7: p_beta_exc <= prm_rdata;
            5'd8: p_alpha_inh <= prm_rdata;
            5'd9: p_beta_inh <= prm_rdata;
            5'd10: p_alpha_adapt <= prm_rdata;
            5'd11: p_adapt_jump <= prm_rdata;
            5'd12: p_refr_steps <= prm_rdata;
            5'd13: p_flags <= prm_rdata[6:0];
            5'd14: pop_end <= prm_rdata[NW:0];
            5'd15: begin
              p_nb <= (MAX_BRANCHES == 0) ? '0 : prm_rdata[BW:0];
              state <= (n == pop_end) ? S_POP : S_N0;
              pop <= (n == pop_end) ? pop + 1'b1 : pop;
            end
            default: ;
          endcase
        end
        S_N0: state <= S_N1;
        S_N1: begin
          v <= st_v_r;
          e <= st_e_r;
          i <= st_i_r;
          a <= st_a_r;
          r <= st_r_r;
          x_exc <= sat_acc(acc_rdata);
          acc_we <= 1'b1;
          acc_waddr <= {now[DB-1:0], CB'(0), n[NW-1:0]};
          acc_wdata <= bias_rdata;
          state <= S_N2;
        end
        S_N2: begin
          x_inh <= sat_acc(acc_rdata);
          acc_we <= 1'b1;
          acc_waddr <= {now[DB-1:0], CB'(1), n[NW-1:0]};
          acc_wdata <= bias_rdata;
          state <= (HAS_BRANCHES && p_nb != '0) ? S_BX : S_U0;
        end
        // Dendritic branches (Kernels.h, branchStep), in branch order; each
        // adds coupling * o to the direct input after the unfiltered
        // channels, as lifStepWith sums them.
        S_BX: if (HAS_BRANCHES) begin
          dsum <= direct_in;
          dany <= !p_flags[FL_SYNEXC] || !p_flags[FL_SYNINH];
          b <= '0;
          state <= S_B0;
        end
        S_B0: state <= S_B1;
        S_B1: if (HAS_BRANCHES) begin
          x_b <= sat_acc(acc_rdata);
          acc_we <= 1'b1;
          acc_waddr <= {now[DB-1:0], b_ch, n[NW-1:0]};
          acc_wdata <= bias_rdata;
          d_b <= bd_r;
          pl_b <= bp_r;
          b_flags <= prm_rdata[2:0];
          state <= S_B2;
        end
        S_B2: state <= S_B3;
        S_B3: if (HAS_BRANCHES) begin
          b_thr <= prm_rdata;
          state <= S_B4;
        end
        S_B4: if (HAS_BRANCHES) begin
          d_b <= b_flags[0] ? sat_add(mul_y, x_b) : x_b;
          b_amp <= prm_rdata;
          state <= S_B5;
        end
        S_B5: if (HAS_BRANCHES) begin
          t_q <= b_t;
          b_pl_steps <= prm_rdata;
          state <= S_B6;
        end
        S_B6: state <= S_B7;
        S_B7: if (HAS_BRANCHES) begin
          b_coup <= prm_rdata;
          state <= S_B8;
        end
        S_B8: if (HAS_BRANCHES) begin
          if (b_flags[2:1] == NL_PLATEAU) begin
            if (pl_b != '0) begin
              pl_b <= pl_b - 1'b1;
              o_b <= b_amp;
            end else if (b_pl_steps != '0 && d_b > b_thr) begin
              pl_b <= b_pl_steps - 1'b1;
              o_b <= b_amp;
            end else o_b <= mul_y;
          end else o_b <= mul_y;
          sig_q <= sigmoid(mul_y);
          state <= S_B9;
        end
        S_B9: state <= S_B10;
        S_B10: state <= S_B11;
        S_B11: if (HAS_BRANCHES) begin
          if (b_flags[2:1] == NL_SIGMOID) o_b <= mul_y;
          state <= S_B12;
        end
        S_B12: state <= S_B13;
        S_B13: state <= S_B14;
        S_B14: if (HAS_BRANCHES) begin
          dsum <= dany ? sat_add(dsum, mul_y) : mul_y;
          dany <= 1'b1;
          b <= b + 1'b1;
          state <= (b + 1'b1 == p_nb) ? S_U0 : S_B0;
        end
        // The update, one arithmetic step per state (Kernels.h, lifStepWith).
        S_U0: begin
          if (p_flags[FL_EXACT] && p_flags[FL_SYNEXC]) e <= sat_add(e, x_exc);
          if (p_flags[FL_EXACT] && p_flags[FL_SYNINH]) i <= sat_add(i, x_inh);
          direct_q <= (HAS_BRANCHES && p_nb != '0) ? dsum : direct_in;
          state <= S_U1;
        end
        S_U1: begin
          if (p_flags[FL_ADAPT]) a <= mul_y;
          state <= S_U2;
        end
        S_U2: begin
          theta_q <= p_flags[FL_ADAPT] ? sat_add(p_vth, a) : p_vth;
          if (r != '0) begin
            r <= r - 1'b1;
            state <= S_R1;
          end else begin
            m <= sat_add(mul_y, p_leak);
            state <= S_U3;
          end
        end
        S_U3: begin
          gap_q <= sat_sub(theta_q, p_vreset);
          if (p_flags[FL_SYNEXC]) m <= sat_add(m, mul_y);
          state <= S_U4;
        end
        S_U4: begin
          if (p_flags[FL_SYNINH]) m <= sat_add(m, mul_y);
          state <= S_U5;
        end
        S_U5: begin
          if (p_flags[FL_DIRECT]) m <= sat_add(m, mul_y);
          state <= S_U6;
        end
        S_U6: begin
          v <= m;
          if (p_flags[FL_SPIKING] && m > theta_q) begin
            v <= p_flags[FL_SUBTRACT] ? sat_sub(m, gap_q) : p_vreset;
            r <= (p_refr_steps != '0) ? p_refr_steps - 1'b1 : '0;
            if (p_flags[FL_ADAPT]) a <= sat_add(a, p_adapt_jump);
            out_valid <= 1'b1;
            out_index <= n[NW-1:0];
            q_we <= 1'b1;
            q_waddr <= q_len[PW-1:0];
            q_wdata <= PW'(n[NW-1:0]);
            q_len <= q_len + 1'b1;
          end
          state <= S_U7;
        end
        S_R1: state <= S_U7;
        S_U7: begin
          if (p_flags[FL_SYNEXC])
            e <= p_flags[FL_EXACT] ? mul_y : sat_add(mul_y, x_exc);
          state <= S_U8;
        end
        S_U8: begin
          if (p_flags[FL_SYNINH])
            i <= p_flags[FL_EXACT] ? mul_y : sat_add(mul_y, x_inh);
          state <= S_WB;
        end
        S_WB: begin
          n <= n + 1'b1;
          if (n + 1'b1 == pop_end) begin
            pop <= pop + 1'b1;
            state <= S_POP;
          end else state <= S_N0;
        end
        S_D0: begin
          // q_rdata for q_pos arrives in S_D1.
          state <= (q_pos == q_len) ? S_DONE : S_D1;
        end
        S_D1: state <= S_D2;  // row_raddr = q_rdata now
        S_D2: begin
          s_cur <= row_rdata[2*SA-1:SA];
          s_end <= row_rdata[SA-1:0];
          q_pos <= q_pos + 1'b1;
          state <= (row_rdata[2*SA-1:SA] == row_rdata[SA-1:0]) ? S_D0 : S_D3;
        end
        S_D3: state <= S_D4;  // syn_raddr = s_cur now
        S_D4: begin
          acc_waddr <= {slot, syn_ch, syn_post};
          d_weight <= ACC_W'(syn_weight);
          state <= S_D5;
        end
        S_D5: begin
          acc_we <= 1'b1;
          acc_wdata <= acc_rdata + d_weight;
          s_cur <= s_cur + 1'b1;
          state <= (s_cur + 1'b1 == s_end) ? S_D0 : S_D3;
        end
        S_DONE: begin
          q_len <= '0;
          q_pos <= '0;
          now <= (now + 1'b1 == depth) ? '0 : now + 1'b1;
          done <= 1'b1;
          state <= S_IDLE;
        end
        default: state <= S_IDLE;
      endcase
    end
  end
endmodule
