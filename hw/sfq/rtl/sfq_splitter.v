// sfq_splitter.v - Dendron SFQ timing model: one input pulse leaves on
// both outputs D ticks later.
//
// Part of the Dendron project.
module sfq_splitter #(
    parameter integer D = 1
) (
    input  wire tick,
    input  wire a,
    output wire q0,
    output wire q1
);
  wire delayed;
  sfq_pipe #(.D(D)) delay_line (.tick(tick), .in(a), .out(delayed));
  assign q0 = delayed;
  assign q1 = delayed;
endmodule
