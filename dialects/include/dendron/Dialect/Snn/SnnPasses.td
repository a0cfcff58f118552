//===- SnnPasses.td - snn dialect passes -------------------*- tablegen -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNPASSES_TD
#define DENDRON_DIALECT_SNN_SNNPASSES_TD

include "mlir/Pass/PassBase.td"

def SnnQuantize : Pass<"snn-quantize", "::dendron::snn::NetworkOp"> {
  let summary = "Turn float parameters into the integers of a numeric profile";
  let description = [{
    For `profile=s16.15`, computes every decay multiplier, input gain,
    threshold, reset and weight bound of the network as the 32-bit fixed-point
    constants the reference simulator and the SpiNNaker target use (see
    docs/Semantics.md), attaches them to each population as `snn.fixed`, and
    sets the network's profile. It refuses, with a diagnostic naming the op,
    the parameter, its value and the limit, anything the profile cannot
    represent: values outside [-65536, 65536), time constants shorter than
    the timestep, weights that round to zero. `profile=float` only records
    the profile.
  }];
  let options = [
    Option<"profile", "profile", "std::string", /*default=*/"\"s16.15\"",
           "Numeric profile: float or s16.15">
  ];
  let statistics = [
    Statistic<"numQuantizedPopulations", "quantized-populations",
              "Populations given fixed-point constants">,
    Statistic<"numCheckedWeights", "checked-weights",
              "Explicit weights checked against the profile's range">
  ];
}

#endif // DENDRON_DIALECT_SNN_SNNPASSES_TD
