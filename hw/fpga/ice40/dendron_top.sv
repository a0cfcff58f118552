// dendron_top.sv - iCE40 UP5K board top: one dendron_core running a network
// from memory files, free-running timesteps, spikes on a PMOD header.
//
// Part of the Dendron project.
//
// Expects dendron_layout.svh and the .hex files written by
// writeMemoryFiles (runtime/include/dendron/Fpga/FpgaLayout.h) in the
// directory yosys runs in. After configuration a power-on reset lets the
// core fill its ring from the biases; then a new timestep starts as soon as
// the previous one is done. Each output spike appears for one clock cycle on
// spike_index / spike_valid (e.g. for a logic analyser); the green LED
// toggles every 256 timesteps, the red LED lights while the button (reset)
// is held. Pins: hw/fpga/ice40/up5k.pcf (iCEBreaker).

`include "dendron_layout.svh"

module dendron_top (
    input  logic       clk,
    input  logic       btn_n,
    output logic       led_r_n,
    output logic       led_g_n,
    output logic [7:0] spike_index,
    output logic       spike_valid
);
  logic [3:0] por = 4'd0;
  logic rst, busy, done, step, out_valid;
  logic [$clog2(`DENDRON_MAX_NEURONS)-1:0] out_index;
  logic [7:0] steps;
  logic [`DENDRON_W-1:0] unused_dbg_v;  // debug port: simulation only

  assign rst = !por[3] || !btn_n;
  always_ff @(posedge clk) if (!por[3]) por <= por + 1'b1;

  // Start the next step in the cycle after the core becomes idle.
  always_ff @(posedge clk) begin
    step <= !rst && !busy && !step;
    if (rst) steps <= '0;
    else if (done) steps <= steps + 1'b1;
    spike_valid <= out_valid;
    spike_index <= 8'(out_index);
  end

  assign led_g_n = !steps[7];
  assign led_r_n = btn_n;

  dendron_core #(
      .W(`DENDRON_W),
      .F(`DENDRON_F),
      .ACC_W(`DENDRON_ACC_W),
      .MAX_NEURONS(`DENDRON_MAX_NEURONS),
      .MAX_PRE(`DENDRON_MAX_PRE),
      .MAX_SYNAPSES(`DENDRON_MAX_SYNAPSES),
      .MAX_DEPTH(`DENDRON_MAX_DEPTH),
      .MAX_POPS(`DENDRON_MAX_POPS),
      .MAX_BRANCHES(`DENDRON_MAX_BRANCHES),
      .ACC_SPRAM(`DENDRON_ACC_SPRAM),
      .INIT_NUM_POPS(`DENDRON_NUM_POPS),
      .INIT_DEPTH(`DENDRON_DEPTH),
      .INIT_ROWS("rows.hex"),
      .INIT_SYNAPSES("synapses.hex"),
      .INIT_PARAMS("params.hex"),
      .INIT_V("v.hex"),
      .INIT_IEXC("iexc.hex"),
      .INIT_IINH("iinh.hex"),
      .INIT_ADAPT("adapt.hex"),
      .INIT_REFR("refractory.hex"),
      .INIT_BIAS("bias.hex"),
      .INIT_BRANCH_D("branch_d.hex"),
      .INIT_BRANCH_PLATEAU("branch_plateau.hex")
  ) core (
      .clk(clk),
      .rst(rst),
      .cfg_we(1'b0),
      .cfg_sel(4'd0),
      .cfg_addr(24'd0),
      .cfg_wdata(64'd0),
      .in_valid(1'b0),
      .in_index('0),
      .step(step),
      .busy(busy),
      .done(done),
      .out_valid(out_valid),
      .out_index(out_index),
      .dbg_addr('0),
      .dbg_v(unused_dbg_v)
  );
endmodule
