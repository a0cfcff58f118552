// sfq_dff.v - Dendron SFQ timing model: the clocked D flip-flop. A data
// pulse stores a fluxon; the next clock pulse releases it CLKQ ticks later.
// A data pulse less than SETUP ticks before a clock pulse, or less than
// HOLD ticks after one (the same tick included; SETUP, HOLD >= 1), is a
// timing violation;
// a data pulse in the clock's own tick counts for the next window.
//
// Part of the Dendron project.
module sfq_dff #(
    parameter integer CLKQ = 1,
    parameter integer SETUP = 1,
    parameter integer HOLD = 1
) (
    input  wire        tick,
    input  wire [31:0] now,
    input  wire        d,
    input  wire        clk,
    output wire        q
);
  reg        stored = 1'b0;
  reg [31:0] data_age = 32'hFFFF_FFFF;
  reg [31:0] clock_age = 32'hFFFF_FFFF;
  always @(posedge tick) begin
    if (clk && data_age < SETUP)
      $display("SFQ_VIOLATION setup %m tick=%0d", now);
    if (d && (clk || clock_age < HOLD))
      $display("SFQ_VIOLATION hold %m tick=%0d", now);
    if (clk) stored <= d;
    else if (d) stored <= 1'b1;
    if (d) data_age <= 32'd1;
    else if (data_age != 32'hFFFF_FFFF) data_age <= data_age + 32'd1;
    if (clk) clock_age <= 32'd1;
    else if (clock_age != 32'hFFFF_FFFF) clock_age <= clock_age + 32'd1;
  end
  sfq_pipe #(.D(CLKQ)) clk_to_q (.tick(tick), .in(clk & stored), .out(q));
endmodule
