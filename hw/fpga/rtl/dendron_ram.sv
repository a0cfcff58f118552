// dendron_ram.sv - Simple dual-port RAM (one write port, one registered read
// port) that yosys infers as iCE40 block RAM or maps onto SPRAM, and
// simulators model as an array.
//
// Part of the Dendron project.
//
// Why a registered read: iCE40 SB_RAM40_4K blocks only read synchronously,
// so the core is written for a one-cycle read latency everywhere. INIT_FILE
// names a $readmemh file loaded at configuration time (board flow); the
// simulation harness leaves it empty and loads through the host port.
//
// USE_SPRAM = 1 builds the memory from SB_SPRAM256KA blocks (16 bits x 16K
// words each, DEPTH <= 16384) when synthesising. An SPRAM has a single port:
// the address is the write address while `we` is high, so the user must
// never need read data from a cycle in which it writes (the core's ring
// buffer satisfies this, see dendron_core.sv). SPRAM cannot be initialised
// from a file; it powers up as zeros. Simulation always uses the array.

module dendron_ram #(
    parameter int WIDTH = 32,
    parameter int DEPTH = 256,
    parameter INIT_FILE = "",
    parameter int USE_SPRAM = 0,
    /// Address width; derived, not meant to be overridden.
    parameter int AW = (DEPTH > 1) ? $clog2(DEPTH) : 1
) (
    input  logic             clk,
    input  logic             we,
    input  logic [   AW-1:0] waddr,
    input  logic [WIDTH-1:0] wdata,
    input  logic [   AW-1:0] raddr,
    output logic [WIDTH-1:0] rdata
);
`ifdef SYNTHESIS
  localparam bit SPRAM = USE_SPRAM != 0;
`else
  // Simulation models every memory as an array (same behaviour).
  localparam bit SPRAM = 1'b0 && (USE_SPRAM != 0);
`endif

  generate
    if (SPRAM) begin : g_spram
      localparam int SLICES = (WIDTH + 15) / 16;
      logic [SLICES*16-1:0] din, dout;
      logic [13:0] addr;
      assign din = (SLICES * 16)'(wdata);
      assign addr = 14'(we ? waddr : raddr);
      for (genvar k = 0; k < SLICES; k++) begin : g_slice
        SB_SPRAM256KA ram (
            .ADDRESS(addr),
            .DATAIN(din[16*k+:16]),
            .MASKWREN(4'b1111),
            .WREN(we),
            .CHIPSELECT(1'b1),
            .CLOCK(clk),
            .STANDBY(1'b0),
            .SLEEP(1'b0),
            .POWEROFF(1'b1),
            .DATAOUT(dout[16*k+:16])
        );
      end
      assign rdata = dout[WIDTH-1:0];
    end else begin : g_array
      logic [WIDTH-1:0] mem[DEPTH];
      if (INIT_FILE != "") begin : g_init
        initial $readmemh(INIT_FILE, mem);
      end
      always_ff @(posedge clk) begin
        if (we) mem[waddr] <= wdata;
        rdata <= mem[raddr];
      end
    end
  endgenerate
endmodule
