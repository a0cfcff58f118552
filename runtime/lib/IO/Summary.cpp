//===- Summary.cpp - One-screen text summary of a run
//----------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/RecordingIO.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

using namespace dendron::rt;

namespace {

/// 1234567 -> "1,234,567".
std::string groupDigits(uint64_t value) {
  std::string digits = fmt::format("{}", value);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

/// A duration with a unit that keeps 3-4 significant digits: "1.250 s",
/// "12.500 ms", "3.2 µs".
std::string formatDuration(double seconds) {
  if (!std::isfinite(seconds))
    return "n/a";
  double magnitude = std::fabs(seconds);
  if (magnitude >= 1.0 || magnitude == 0.0)
    return fmt::format("{:.3f} s", seconds);
  if (magnitude >= 1e-3)
    return fmt::format("{:.3f} ms", seconds * 1e3);
  return fmt::format("{:.1f} µs", seconds * 1e6);
}

/// (12345678, "events/s") -> "12.3 M events/s"; no prefix below 1000.
std::string formatWithSiPrefix(double value, std::string_view unit) {
  static const char *const prefixes[] = {"", "k ", "M ", "G ", "T ", "P "};
  size_t prefix = 0;
  while (std::fabs(value) >= 1000.0 && prefix + 1 < std::size(prefixes)) {
    value /= 1000.0;
    ++prefix;
  }
  return fmt::format("{:.3g} {}{}", value, prefixes[prefix], unit);
}

/// One row of the per-node table.
struct NodeRow {
  std::string name;
  std::string kind;
  uint32_t size = 0;
  uint64_t spikes = 0;
};

} // namespace

std::string dendron::rt::formatSummary(const Recording &recording) {
  double simulatedSeconds = double(recording.numSteps) * recording.dt;

  std::vector<NodeRow> rows;
  for (const NodeStats &node : recording.nodes)
    rows.push_back({node.name, node.isSource ? "source" : "population",
                    node.size, node.spikes});
  if (rows.empty())
    for (const SpikeTrain &train : recording.spikes)
      rows.push_back({train.name, "recorded", train.numNeurons,
                      uint64_t(train.neuron.size())});
  uint64_t populationSpikes = 0, sourceSpikes = 0, otherSpikes = 0;
  for (const NodeRow &row : rows)
    (row.kind == "population" ? populationSpikes
     : row.kind == "source"   ? sourceSpikes
                              : otherSpikes) += row.spikes;

  std::string out;
  auto line = [&](std::string_view label, const std::string &value) {
    fmt::format_to(std::back_inserter(out), "  {:<18} {}\n", label, value);
  };
  out += "Dendron run summary\n";
  line("steps",
       fmt::format("{} x dt {} = {} simulated", groupDigits(recording.numSteps),
                   formatDuration(recording.dt),
                   formatDuration(simulatedSeconds)));
  line("network",
       fmt::format("{} neurons, {} synapses", groupDigits(recording.numNeurons),
                   groupDigits(recording.numSynapses)));
  uint64_t totalSpikes = populationSpikes + sourceSpikes + otherSpikes;
  line("spikes", recording.nodes.empty()
                     ? groupDigits(totalSpikes)
                     : fmt::format("{} ({} from populations, {} from sources)",
                                   groupDigits(totalSpikes),
                                   groupDigits(populationSpikes),
                                   groupDigits(sourceSpikes)));

  if (!rows.empty()) {
    size_t nameWidth = 4, sizeWidth = 4, spikesWidth = 6, rateWidth = 9;
    std::vector<std::string> sizes, spikes, rates;
    for (const NodeRow &row : rows) {
      double denominator = double(row.size) * simulatedSeconds;
      sizes.push_back(groupDigits(row.size));
      spikes.push_back(groupDigits(row.spikes));
      rates.push_back(
          denominator > 0.0
              ? fmt::format("{:.2f}", double(row.spikes) / denominator)
              : "-");
      nameWidth = std::max(nameWidth, row.name.size());
      sizeWidth = std::max(sizeWidth, sizes.back().size());
      spikesWidth = std::max(spikesWidth, spikes.back().size());
      rateWidth = std::max(rateWidth, rates.back().size());
    }
    fmt::format_to(std::back_inserter(out),
                   "\n  {:<{}}  {:<10}  {:>{}}  {:>{}}  {:>{}}\n", "node",
                   nameWidth, "kind", "size", sizeWidth, "spikes", spikesWidth,
                   "rate [Hz]", rateWidth);
    for (size_t i = 0; i < rows.size(); ++i)
      fmt::format_to(std::back_inserter(out),
                     "  {:<{}}  {:<10}  {:>{}}  {:>{}}  {:>{}}\n", rows[i].name,
                     nameWidth, rows[i].kind, sizes[i], sizeWidth, spikes[i],
                     spikesWidth, rates[i], rateWidth);
    out += "\n";
  }

  line("loop wall time", formatDuration(recording.wallSeconds));
  line("setup time", formatDuration(recording.setupSeconds));
  bool timed = recording.wallSeconds > 0.0;
  line("synaptic events",
       timed ? fmt::format(
                   "{} ({})", groupDigits(recording.numSynapticEvents),
                   formatWithSiPrefix(double(recording.numSynapticEvents) /
                                          recording.wallSeconds,
                                      "events/s"))
             : groupDigits(recording.numSynapticEvents));
  line("real-time factor",
       timed ? fmt::format("{:.3g} (simulated / wall time; > 1 is faster "
                           "than real time)",
                           simulatedSeconds / recording.wallSeconds)
             : std::string("n/a (no wall time)"));
  return out;
}
