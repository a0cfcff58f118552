//===- CellLibrary.cpp - SFQ cell libraries from JSON ---------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Sfq/CellLibrary.h"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace dendron::sfq;
using nlohmann::json;

namespace {

/// Longest delay or window any cell may declare [ps]; far beyond any real
/// SFQ gate, it keeps tick arithmetic well inside 64 bits.
constexpr double kMaxTimePs = 10000.0;
constexpr double kMaxJunctions = 100000.0;
constexpr double kMaxBiasMa = 1000.0;
constexpr double kMaxCellValue = 65535.0;

/// Reads the cells of one library file, remembering the first error.
class Reader {
public:
  Reader(const std::string &file, double tickPs) : file(file), tickPs(tickPs) {}

  std::string error;

  /// The number `cell.field`, required or defaulting to 0; checked against
  /// [lo, hi].
  double number(const json &cell, const std::string &cellName,
                const std::string &field, bool required, double lo, double hi) {
    if (!error.empty())
      return 0;
    auto it = cell.find(field);
    if (it == cell.end()) {
      if (required)
        error = fmt::format("{}: cell '{}': field '{}' is missing", file,
                            cellName, field);
      return 0;
    }
    if (!it->is_number()) {
      error = fmt::format("{}: cell '{}': field '{}' = {}: not a number", file,
                          cellName, field, it->dump());
      return 0;
    }
    double v = it->get<double>();
    if (!std::isfinite(v) || v < lo || v > hi) {
      error = fmt::format("{}: cell '{}': field '{}' = {}: out of range, "
                          "limit [{}, {}]",
                          file, cellName, field, it->dump(), lo, hi);
      return 0;
    }
    return v;
  }

  /// A time in ps converted to ticks; must be a whole number of ticks
  /// (within 1e-6) so that no rounding separates STA from simulation.
  int64_t ticks(const json &cell, const std::string &cellName,
                const std::string &field, bool required, double lo) {
    double ps = number(cell, cellName, field, required, lo, kMaxTimePs);
    if (!error.empty())
      return 0;
    double t = ps / tickPs;
    double r = std::round(t);
    if (std::fabs(t - r) > 1e-6) {
      error = fmt::format("{}: cell '{}': field '{}' = {}: not a whole number "
                          "of ticks, limit: multiples of tickPs = {}",
                          file, cellName, field, ps, tickPs);
      return 0;
    }
    return static_cast<int64_t>(r);
  }

private:
  std::string file;
  double tickPs;
};

/// Fields a cell may carry; anything else is a typo the user should see.
const std::set<std::string> kCellFields = {"delayPs",
                                           "setupPs",
                                           "holdPs",
                                           "minSeparationPs",
                                           "pulsePeriodPs",
                                           "junctions",
                                           "junctionsPerExtraPulse",
                                           "biasMa",
                                           "maxWeight",
                                           "maxThreshold",
                                           "source",
                                           "estimated",
                                           "note",
                                           "inputs",
                                           "outputs",
                                           "clocked"};

} // namespace

std::optional<CellLibrary> dendron::sfq::parseCellLibrary(
    const std::string &text, const std::string &fileName, std::string &error) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    error = fmt::format("{}: not valid JSON", fileName);
    return std::nullopt;
  }
  if (!root.is_object()) {
    error = fmt::format("{}: top level must be an object", fileName);
    return std::nullopt;
  }
  CellLibrary lib;
  Reader top(fileName, 1.0);
  if (root.contains("name") && !root["name"].is_string()) {
    error = fmt::format("{}: field 'name' must be a string", fileName);
    return std::nullopt;
  }
  if (root.contains("name"))
    lib.name = root["name"].get<std::string>();
  lib.tickPs = top.number(root, "<library>", "tickPs", true, 0.001, 10.0);
  lib.biasVoltageMv =
      top.number(root, "<library>", "biasVoltageMv", true, 0.01, 100.0);
  lib.junctionIcUa =
      top.number(root, "<library>", "junctionIcUa", true, 1.0, 10000.0);
  if (!top.error.empty()) {
    error = top.error;
    return std::nullopt;
  }
  auto cellsIt = root.find("cells");
  if (cellsIt == root.end() || !cellsIt->is_object()) {
    error = fmt::format("{}: field 'cells' (an object) is missing", fileName);
    return std::nullopt;
  }
  Reader r(fileName, lib.tickPs);
  const json &cells = *cellsIt;
  for (const char *required :
       {"jtl", "splitter", "merger", "dff", "synapse", "soma"}) {
    if (!cells.contains(required)) {
      error = fmt::format("{}: cell '{}' is missing (the lowering needs it)",
                          fileName, required);
      return std::nullopt;
    }
  }
  for (auto it = cells.begin(); it != cells.end(); ++it) {
    const std::string &name = it.key();
    const json &c = it.value();
    if (!c.is_object()) {
      error = fmt::format("{}: cell '{}': must be an object", fileName, name);
      return std::nullopt;
    }
    for (auto f = c.begin(); f != c.end(); ++f) {
      if (!kCellFields.count(f.key())) {
        error = fmt::format("{}: cell '{}': field '{}': unknown field",
                            fileName, name, f.key());
        return std::nullopt;
      }
    }
    bool clocked = name == "dff" || name == "soma";
    CellInfo info;
    // Every cell needs a positive delay: a zero-delay cell would let a pulse
    // cross it within the tick it arrived, which the tick model excludes.
    info.delayTicks = r.ticks(c, name, "delayPs", true, lib.tickPs);
    info.setupTicks = r.ticks(c, name, "setupPs", clocked, 0.0);
    info.holdTicks = r.ticks(c, name, "holdPs", clocked, 0.0);
    info.minSeparationTicks =
        r.ticks(c, name, "minSeparationPs", name == "merger", 0.0);
    info.pulsePeriodTicks =
        r.ticks(c, name, "pulsePeriodPs", name == "synapse", lib.tickPs);
    info.junctions = static_cast<uint32_t>(
        r.number(c, name, "junctions", true, 1, kMaxJunctions));
    info.junctionsPerExtraPulse = static_cast<uint32_t>(
        r.number(c, name, "junctionsPerExtraPulse", false, 0, kMaxJunctions));
    info.biasMa = r.number(c, name, "biasMa", true, 0.0, kMaxBiasMa);
    if (name == "synapse")
      info.maxValue = static_cast<uint32_t>(
          r.number(c, name, "maxWeight", true, 1, kMaxCellValue));
    if (name == "soma")
      info.maxValue = static_cast<uint32_t>(
          r.number(c, name, "maxThreshold", true, 1, kMaxCellValue));
    if (!r.error.empty()) {
      error = r.error;
      return std::nullopt;
    }
    if (name == "jtl")
      lib.jtl = info;
    else if (name == "splitter")
      lib.splitter = info;
    else if (name == "merger")
      lib.merger = info;
    else if (name == "dff")
      lib.dff = info;
    else if (name == "synapse")
      lib.synapse = info;
    else if (name == "soma")
      lib.soma = info;
    else
      lib.others[name] = info;
  }
  // The synapse's train generator needs two ticks between pulses (the
  // pulse itself and a gap).
  if (lib.synapse.pulsePeriodTicks < 2) {
    error =
        fmt::format("{}: cell 'synapse': field 'pulsePeriodPs' = {}: "
                    "too short, limit >= {:g} (2 ticks)",
                    fileName, lib.ps(lib.synapse.pulsePeriodTicks), lib.ps(2));
    return std::nullopt;
  }
  // A synapse's own pulse train passes every merger on its way to the soma,
  // so its spacing must respect the merger's minimum separation.
  if (lib.synapse.pulsePeriodTicks < lib.merger.minSeparationTicks) {
    error = fmt::format("{}: cell 'synapse': field 'pulsePeriodPs' = {:g}: "
                        "below the merger's minimum separation, limit >= {:g}",
                        fileName, lib.ps(lib.synapse.pulsePeriodTicks),
                        lib.ps(lib.merger.minSeparationTicks));
    return std::nullopt;
  }
  return lib;
}

std::optional<CellLibrary>
dendron::sfq::loadCellLibrary(const std::string &path, std::string &error) {
  std::ifstream in(path);
  if (!in) {
    error = fmt::format("{}: cannot open cell library", path);
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parseCellLibrary(buffer.str(), path, error);
}
