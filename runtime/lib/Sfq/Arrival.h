//===- Arrival.h - Pulse arrival times through a netlist --------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Private helper shared by the stagger stage and the static timing
/// analysis: the first and last pulse time on a net, in ticks after the
/// clock edge (at the clock port) that launched them. Clocked cells launch
/// at their clock arrival plus clock-to-q; everything else adds its delay.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SFQ_LIB_ARRIVAL_H
#define DENDRON_SFQ_LIB_ARRIVAL_H

#include "dendron/Sfq/Netlist.h"

#include <optional>
#include <string>
#include <vector>

namespace dendron::sfq {

struct Arrival {
  int64_t first = 0, last = 0;
};

class ArrivalTimes {
public:
  ArrivalTimes(const Netlist &nl, const CellLibrary &lib) : nl(nl), lib(lib) {
    memo.resize(nl.nets.size());
    state.assign(nl.nets.size(), 0);
  }

  /// Arrival on `net`; std::nullopt for nets driven (through untimed cells)
  /// by an input port, or on a malformed netlist (then `error` is set).
  std::optional<Arrival> of(uint32_t net);

  /// Clock arrival at a clocked instance (its clock pin's net arrival).
  std::optional<int64_t> clockAt(uint32_t inst);

  std::string error;

private:
  const Netlist &nl;
  const CellLibrary &lib;
  std::vector<std::optional<Arrival>> memo;
  std::vector<uint8_t> state; ///< 0 new, 1 in progress, 2 done.
};

/// Effective setup / hold of a clocked instance [ticks], at least 1 each:
/// the timing model counts a data pulse in the clock's own tick for the
/// next window and reports it as a hold violation.
int64_t setupOf(const Instance &inst, const CellLibrary &lib);
int64_t holdOf(const Instance &inst, const CellLibrary &lib);

} // namespace dendron::sfq

#endif // DENDRON_SFQ_LIB_ARRIVAL_H
