// dendron_core.sv - Time-multiplexed LIF-family neuromorphic core
//
// Part of the Dendron project.
//
// One core executes one timestep of a whole network exactly as the reference
// simulator does in the fixed<W,F> profile (docs/Semantics.md, docs/Fpga.md):
//
//   1. update: for every population (parameters loaded into registers once),
//      for every neuron in ascending order: read and clear its ring slot
//      (step mod depth) for both channels, refilling the biases, saturate the
//      accumulators to W bits, run the LIF-family update as a micro-sequence
//      (states U0..U8, one adder step each, products from one shared
//      two-stage multiplier), write the state back and, on a spike, emit
//      (out_valid, out_index) and queue the neuron;
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
    /// Derived widths; not meant to be overridden.
    parameter int NW = $clog2(MAX_NEURONS),
    parameter int PW = $clog2(MAX_PRE),
    parameter int SA = $clog2(MAX_SYNAPSES + 1),  ///< row bound width
    parameter int SAW = $clog2(MAX_SYNAPSES),  ///< synapse address width
    parameter int DB = $clog2(MAX_DEPTH),
    parameter int POPW = (MAX_POPS > 1) ? $clog2(MAX_POPS) : 1,
    parameter int SYN_W = W + NW + DB + 1
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
    output logic [NW-1:0] out_index
);
  // cfg_sel codes.
  localparam logic [3:0] SEL_ROWS = 4'd0;  // {start, end} per pre index
  localparam logic [3:0] SEL_SYN = 4'd1;  // {inh, delay, post, weight}
  localparam logic [3:0] SEL_PARAM = 4'd2;  // 16 words per population
  localparam logic [3:0] SEL_V = 4'd3;
  localparam logic [3:0] SEL_IEXC = 4'd4;
  localparam logic [3:0] SEL_IINH = 4'd5;
  localparam logic [3:0] SEL_ADAPT = 4'd6;
  localparam logic [3:0] SEL_REFR = 4'd7;
  localparam logic [3:0] SEL_ACC = 4'd8;  // {slot, channel, neuron}
  localparam logic [3:0] SEL_BIAS = 4'd9;  // {channel, neuron}
  localparam logic [3:0] SEL_REG = 4'd10;  // 0: populations, 1: depth

  localparam int AAW = DB + 1 + NW;  // accumulator address
  localparam int PAW = POPW + 4;  // parameter address

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
      .DEPTH(MAX_POPS * 16),
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

  // Ring buffer of accumulators, {slot, channel, neuron}.
  logic [AAW-1:0] acc_raddr, acc_waddr;
  logic acc_we;
  logic [ACC_W-1:0] acc_wdata, acc_rdata;
  dendron_ram #(
      .WIDTH(ACC_W),
      .DEPTH(MAX_DEPTH * 2 * MAX_NEURONS),
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
  logic [NW:0] bias_raddr;
  logic [ACC_W-1:0] bias_rdata;
  dendron_ram #(
      .WIDTH(ACC_W),
      .DEPTH(2 * MAX_NEURONS),
      .INIT_FILE(INIT_BIAS)
  ) bias (
      .clk(clk),
      .we(cfg_ok && cfg_sel == SEL_BIAS),
      .waddr(cfg_addr[NW:0]),
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

  typedef enum logic [4:0] {
    S_IDLE,
    S_INIT,  // after reset: every ring slot <- biases
    S_POP,  // start population `pop` or finish the update phase
    S_PLOAD,  // load 14 parameter words
    S_N0,  // read state, exc accumulator and bias
    S_N1,  // latch state and x_exc, clear exc slot, read inh
    S_N2,  // latch x_inh, clear inh slot
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
  logic syn_inh;
  assign {syn_inh, syn_delay, syn_post, syn_weight} = syn_rdata;
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
      default: ;  // U0: alphaMem * v for U2
    endcase
  end

  // Memory read addresses follow the state (registered reads: data arrive
  // in the next state).
  always_comb begin
    prm_raddr = {pop[POPW-1:0], pk[3:0]};
    st_addr = n[NW-1:0];
    bias_raddr = {(state == S_N1), n[NW-1:0]};
    if (state == S_INIT) bias_raddr = clr[NW:0];
    acc_raddr = {now[DB-1:0], (state == S_N1), n[NW-1:0]};
    if (state == S_D4) acc_raddr = {slot, syn_inh, syn_post};
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
            5'd14: begin
              pop_end <= prm_rdata[NW:0];
              state <= (n == prm_rdata[NW:0]) ? S_POP : S_N0;
              pop <= (n == prm_rdata[NW:0]) ? pop + 1'b1 : pop;
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
          acc_waddr <= {now[DB-1:0], 1'b0, n[NW-1:0]};
          acc_wdata <= bias_rdata;
          state <= S_N2;
        end
        S_N2: begin
          x_inh <= sat_acc(acc_rdata);
          acc_we <= 1'b1;
          acc_waddr <= {now[DB-1:0], 1'b1, n[NW-1:0]};
          acc_wdata <= bias_rdata;
          state <= S_U0;
        end
        // The update, one arithmetic step per state (Kernels.h, lifStepWith).
        S_U0: begin
          if (p_flags[FL_EXACT] && p_flags[FL_SYNEXC]) e <= sat_add(e, x_exc);
          if (p_flags[FL_EXACT] && p_flags[FL_SYNINH]) i <= sat_add(i, x_inh);
          direct_q <= direct_in;
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
          acc_waddr <= {slot, syn_inh, syn_post};
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
