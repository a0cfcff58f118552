// sfq_synapse.v - Dendron SFQ timing model: the pulse-multiplying synapse
// (after Edwards, Krylov, Friedman and Friedman, arXiv 2311.10721): one
// input pulse becomes W output pulses, the first D ticks later, the next
// ones every P ticks (P >= 2). An input arriving while a train is still
// being emitted is reported as an overlap.
//
// Part of the Dendron project.
module sfq_synapse #(
    parameter integer D = 1,
    parameter integer W = 1,
    parameter integer P = 2
) (
    input  wire        tick,
    input  wire [31:0] now,
    input  wire        a,
    output wire        q
);
  wire delayed;
  sfq_pipe #(.D(D)) delay_line (.tick(tick), .in(a), .out(delayed));
  reg [31:0] remaining = 32'd0;  // train pulses still to emit
  reg [31:0] timer = 32'd0;      // ticks to the next train pulse, minus 1
  reg        train = 1'b0;       // a train pulse (after the first)
  always @(posedge tick) begin
    train <= 1'b0;
    if (delayed) begin
      if (remaining != 32'd0)
        $display("SFQ_VIOLATION overlap %m tick=%0d", now);
      remaining <= W - 1;
      timer <= P - 1;
    end else if (remaining != 32'd0) begin
      if (timer == 32'd1) begin
        train <= 1'b1;
        remaining <= remaining - 32'd1;
        timer <= P;
      end else begin
        timer <= timer - 32'd1;
      end
    end
  end
  assign q = delayed | train;
endmodule
