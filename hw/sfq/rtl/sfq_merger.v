// sfq_merger.v - Dendron SFQ timing model: a pulse on either input leaves
// on the output D ticks later. Two input pulses closer than MINSEP ticks
// (on any inputs) violate the merger's minimum separation: the real cell
// may drop one, so the model reports it.
//
// Part of the Dendron project.
module sfq_merger #(
    parameter integer D = 1,
    parameter integer MINSEP = 1
) (
    input  wire        tick,
    input  wire [31:0] now,
    input  wire        a,
    input  wire        b,
    output wire        q
);
  // Ticks since the last input pulse, saturating.
  reg [31:0] age = 32'hFFFF_FFFF;
  always @(posedge tick) begin
    if (a && b)
      $display("SFQ_VIOLATION min-separation %m tick=%0d", now);
    else if ((a || b) && age < MINSEP)
      $display("SFQ_VIOLATION min-separation %m tick=%0d", now);
    if (a || b) age <= 32'd1;
    else if (age != 32'hFFFF_FFFF) age <= age + 32'd1;
  end
  sfq_pipe #(.D(D)) delay_line (.tick(tick), .in(a | b), .out(q));
endmodule
