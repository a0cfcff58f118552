// sfq_soma.v - Dendron SFQ timing model: the soma (after Edwards, Krylov,
// Friedman and Friedman, arXiv 2311.10721). Increment pulses add a fluxon
// to the storage loop, decrement pulses remove one; on each clock pulse
// the loop is clamped at 0, leaks LEAK_K fluxons every LEAK_L windows
// (LEAK_L = 0: no leak) and fires (CLKQ ticks later) and empties when it
// holds THRESHOLD fluxons. Timing checks as in sfq_dff.v (SETUP, HOLD >= 1). This is the
// `pulse` profile of docs/Sfq.md, cycle for cycle.
//
// Part of the Dendron project.
module sfq_soma #(
    parameter integer CLKQ = 1,
    parameter integer SETUP = 1,
    parameter integer HOLD = 1,
    parameter integer THRESHOLD = 1,
    parameter integer LEAK_K = 0,
    parameter integer LEAK_L = 0
) (
    input  wire        tick,
    input  wire [31:0] now,
    input  wire        inc,
    input  wire        dec,
    input  wire        clk,
    output wire        q
);
  localparam integer LeakDivisor = (LEAK_L > 0) ? LEAK_L : 1;
  integer stored = 0;
  integer pending = 0;  // increments minus decrements this window
  integer window = 0;
  reg [31:0] data_age = 32'hFFFF_FFFF;
  reg [31:0] clock_age = 32'hFFFF_FFFF;
  integer level;
  reg fire;
  always @(*) begin
    level = stored + pending;
    if (level < 0) level = 0;
    if (LEAK_L > 0 && ((window + 1) % LeakDivisor) == 0) begin
      level = level - LEAK_K;
      if (level < 0) level = 0;
    end
    fire = clk && (level >= THRESHOLD);
  end
  wire data = inc || dec;
  always @(posedge tick) begin
    if (clk && data_age < SETUP)
      $display("SFQ_VIOLATION setup %m tick=%0d", now);
    if (data && (clk || clock_age < HOLD))
      $display("SFQ_VIOLATION hold %m tick=%0d", now);
    if (clk) begin
      stored <= fire ? 0 : level;
      window <= window + 1;
      pending <= (inc ? 1 : 0) - (dec ? 1 : 0);
    end else begin
      pending <= pending + (inc ? 1 : 0) - (dec ? 1 : 0);
    end
    if (data) data_age <= 32'd1;
    else if (data_age != 32'hFFFF_FFFF) data_age <= data_age + 32'd1;
    if (clk) clock_age <= 32'd1;
    else if (clock_age != 32'hFFFF_FFFF) clock_age <= clock_age + 32'd1;
  end
  sfq_pipe #(.D(CLKQ)) clk_to_q (.tick(tick), .in(fire), .out(q));
endmodule
