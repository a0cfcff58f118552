//===- CellLibrary.h - SFQ cell libraries from JSON -------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// An SFQ cell library: per cell its delays, timing windows, junction count
/// and bias current, read from a JSON file in hw/sfq/cells/. Every time is
/// converted once, at load, to integer ticks of `tickPs` so that the static
/// timing analysis and the Verilog timing model agree exactly. Library files
/// are untrusted input: the loader never throws and every error names the
/// file, the cell, the field, the value found and the limit (docs/Sfq.md).
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SFQ_CELLLIBRARY_H
#define DENDRON_SFQ_CELLLIBRARY_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace dendron::sfq {

/// Timing and cost of one cell. Unused fields stay 0 (a JTL has no setup).
struct CellInfo {
  int64_t delayTicks = 0;         ///< input -> output (clock -> q) delay.
  int64_t setupTicks = 0;         ///< data must precede the clock by this.
  int64_t holdTicks = 0;          ///< data must follow the clock by this.
  int64_t minSeparationTicks = 0; ///< closest two input pulses may come.
  int64_t pulsePeriodTicks = 0;   ///< synapse: spacing of its output pulses.
  uint32_t junctions = 0;         ///< Josephson junctions.
  /// Synapse: extra junctions per output pulse beyond the first (the pulse
  /// multiplier grows with the weight).
  uint32_t junctionsPerExtraPulse = 0;
  double biasMa = 0.0;   ///< bias current [mA].
  uint32_t maxValue = 0; ///< synapse: max |weight|; soma: max threshold.
};

/// A whole library. The six cells the lowering uses are mandatory; the
/// loader also accepts (and checks) further cells such as and2 or xor,
/// listed in `others`.
struct CellLibrary {
  std::string name;
  double tickPs = 0.1;      ///< length of one timing-model tick [ps].
  double biasVoltageMv = 0; ///< bias voltage for static power [mV].
  double junctionIcUa = 0;  ///< mean junction critical current [uA].
  CellInfo jtl, splitter, merger, dff, synapse, soma;
  std::map<std::string, CellInfo> others;

  /// Converts ticks to picoseconds.
  double ps(int64_t ticks) const { return static_cast<double>(ticks) * tickPs; }
};

/// Parses `text` (the contents of `fileName`, used in messages). On failure
/// returns std::nullopt and sets `error` to
/// "<file>: cell '<cell>': field '<field>' = <value>: <why>, limit <limit>".
std::optional<CellLibrary> parseCellLibrary(const std::string &text,
                                            const std::string &fileName,
                                            std::string &error);

/// Reads and parses a library file.
std::optional<CellLibrary> loadCellLibrary(const std::string &path,
                                           std::string &error);

} // namespace dendron::sfq

#endif // DENDRON_SFQ_CELLLIBRARY_H
