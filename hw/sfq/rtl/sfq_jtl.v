// sfq_jtl.v - Dendron SFQ timing model: a Josephson transmission line
// (a chain of stages lumped into one delay D = stages * JTL delay).
//
// Part of the Dendron project.
module sfq_jtl #(
    parameter integer D = 1
) (
    input  wire tick,
    input  wire a,
    output wire q
);
  sfq_pipe #(.D(D)) delay_line (.tick(tick), .in(a), .out(q));
endmodule
