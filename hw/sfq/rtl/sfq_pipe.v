// sfq_pipe.v - Dendron SFQ timing model: a pulse delay line.
//
// Part of the Dendron project.
//
// Every SFQ cell model delays its pulses by an integer number of ticks of
// the testbench's `tick` clock (the library's tickPs, 0.1 ps by default).
// A pulse is a signal high for exactly one tick; a pulse present at tick n
// on `in` appears on `out` at tick n + D. Verilator ignores `specify`
// blocks, so the delay is a shift register instead.
module sfq_pipe #(
    parameter integer D = 1
) (
    input  wire tick,
    input  wire in,
    output wire out
);
  reg [D-1:0] stages = {D{1'b0}};
  generate
    if (D == 1) begin : g_single
      always @(posedge tick) stages <= in;
    end else begin : g_chain
      always @(posedge tick) stages <= {stages[D-2:0], in};
    end
  endgenerate
  assign out = stages[D-1];
endmodule
