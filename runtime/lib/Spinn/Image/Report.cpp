//===- Report.cpp - Mapping and run reports, placement pictures -----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// JSON reports (nlohmann_json, so strings are escaped correctly and numbers
/// round-trip) and hand-written SVG. The pictures draw chips as squares on
/// a grid, x to the right and y upwards as on the machine, each chip holding
/// its cores in a small row-major grid (processor 0 top left).
///
//===----------------------------------------------------------------------===//

#include "dendron/Spinn/Report.h"

#include "XmlText.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace dendron;
using namespace dendron::spinn;
using nlohmann::ordered_json;

namespace {

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

/// Node name, or a placeholder for a reference the image does not hold
/// (reports never fail, even on an unvalidated image).
std::string nodeName(const rt::NetworkSpec &net, const rt::NodeRef &ref) {
  if (ref.kind == rt::NodeRef::Kind::Population)
    return ref.index < net.populations.size() ? net.populations[ref.index].name
                                              : "?";
  return ref.index < net.sources.size() ? net.sources[ref.index].name : "?";
}

const char *nodeKind(const rt::NodeRef &ref) {
  return ref.kind == rt::NodeRef::Kind::Population ? "population" : "source";
}

const char *modelName(const rt::NeuronModel &model) {
  switch (model.index()) {
  case 0:
    return "lif";
  case 1:
    return "izhikevich";
  default:
    return "dendritic";
  }
}

/// Cycles available per timestep: clockHz * dt [cycles].
double budgetCycles(const MachineImage &image) {
  return double(image.machine.clockHz) * image.network.dt;
}

/// Compressed entries per chip (chips without a table route nothing).
std::map<machine::ChipCoord, const ChipTable *>
tablesByChip(const MachineImage &image) {
  std::map<machine::ChipCoord, const ChipTable *> out;
  for (const ChipTable &t : image.tables)
    out[t.chip] = &t;
  return out;
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

ordered_json machineJson(const machine::MachineModel &m) {
  ordered_json j;
  j["name"] = m.name();
  j["profile"] = m.profile();
  j["width"] = m.width();
  j["height"] = m.height();
  j["torus"] = m.torus();
  j["chips"] = m.allChips().size();
  j["liveChips"] = m.numLiveChips();
  uint64_t appCores = 0;
  for (machine::ChipCoord c : m.liveChips())
    appCores += m.applicationCores(c).size();
  j["applicationCores"] = appCores;
  j["coresPerChip"] = m.coresPerChip;
  j["monitorCore"] = m.monitorCore;
  j["coreDataMemoryBytes"] = m.coreDataMemory;
  j["chipSharedMemoryBytes"] = m.chipSharedMemory;
  j["routerEntries"] = m.routerEntries;
  j["clockHz"] = m.clockHz;
  j["linkPacketsPerSecond"] = m.linkPacketsPerSecond;
  j["deadChips"] = m.deadChips().size();
  j["deadCores"] = m.deadCores().size();
  j["deadLinks"] = m.deadLinks().size();
  return j;
}

} // namespace

std::string dendron::spinn::mappingReportJson(const MachineImage &image) {
  const rt::NetworkSpec &net = image.network;
  const machine::MachineModel &m = image.machine;
  double budget = budgetCycles(image);
  ordered_json j;
  j["network"]["name"] = net.name;
  j["network"]["dt"] = net.dt;
  ordered_json pops = ordered_json::array();
  uint64_t neurons = 0, sourceNeurons = 0;
  for (const rt::Population &p : net.populations) {
    pops.push_back(
        {{"name", p.name}, {"size", p.size}, {"model", modelName(p.model)}});
    neurons += p.size;
  }
  ordered_json srcs = ordered_json::array();
  for (const rt::Source &s : net.sources) {
    const char *kinds[] = {"spikeArray", "poisson", "external"};
    srcs.push_back(
        {{"name", s.name},
         {"size", s.size},
         {"kind", s.kind.index() < 3 ? kinds[s.kind.index()] : "?"}});
    sourceNeurons += s.size;
  }
  j["network"]["populations"] = std::move(pops);
  j["network"]["sources"] = std::move(srcs);
  j["machine"] = machineJson(m);
  j["placementSeed"] = image.placementSeed;

  std::set<machine::ChipCoord> chipsUsed;
  uint64_t dtcm = 0, sdram = 0, overloaded = 0;
  double maxCycles = 0.0;
  ordered_json cores = ordered_json::array();
  for (const CoreProgram &c : image.cores) {
    chipsUsed.insert({c.core.x, c.core.y});
    dtcm += c.dataMemoryBytes;
    sdram += c.sharedMemoryBytes;
    maxCycles = std::max(maxCycles, c.expectedCycles);
    bool over = c.expectedCycles > budget;
    overloaded += over;
    ordered_json core;
    core["x"] = c.core.x;
    core["y"] = c.core.y;
    core["p"] = c.core.p;
    core["node"] = nodeName(net, c.node);
    core["kind"] = nodeKind(c.node);
    core["lo"] = c.lo;
    core["hi"] = c.hi;
    core["key"] = c.keys.base;
    core["mask"] = c.keys.mask;
    core["synapses"] = c.words.size();
    core["dtcmBytes"] = c.dataMemoryBytes;
    core["sdramBytes"] = c.sharedMemoryBytes;
    core["sdramOffset"] = c.sharedMemoryOffset;
    core["expectedCycles"] = c.expectedCycles;
    core["budgetCycles"] = budget;
    core["load"] = budget > 0 ? c.expectedCycles / budget : 0.0;
    core["overloaded"] = over;
    cores.push_back(std::move(core));
  }

  uint64_t uncompressed = 0, compressed = 0, maxEntries = 0;
  ordered_json tables = ordered_json::array();
  for (const ChipTable &t : image.tables) {
    uncompressed += t.uncompressedSize;
    compressed += t.entries.size();
    maxEntries = std::max<uint64_t>(maxEntries, t.entries.size());
    tables.push_back({{"x", t.chip.x},
                      {"y", t.chip.y},
                      {"uncompressed", t.uncompressedSize},
                      {"compressed", t.entries.size()},
                      {"limit", m.routerEntries}});
  }

  ordered_json totals;
  totals["coresUsed"] = image.cores.size();
  totals["chipsUsed"] = chipsUsed.size();
  totals["neurons"] = neurons;
  totals["sourceNeurons"] = sourceNeurons;
  totals["synapses"] = image.numSynapses;
  totals["synapticWordBytes"] = kBytesPerSynapticWord;
  totals["bytesPerSynapse"] =
      image.numSynapses ? double(sdram) / double(image.numSynapses) : 0.0;
  totals["dtcmBytes"] = dtcm;
  totals["sdramBytes"] = sdram;
  totals["budgetCycles"] = budget;
  totals["maxExpectedCycles"] = maxCycles;
  totals["overloadedCores"] = overloaded;
  totals["routerEntriesUncompressed"] = uncompressed;
  totals["routerEntriesCompressed"] = compressed;
  totals["maxRouterEntries"] = maxEntries;
  j["totals"] = std::move(totals);
  j["cores"] = std::move(cores);
  j["routerTables"] = std::move(tables);
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string dendron::spinn::runReportJson(const MachineImage &image,
                                          const MachineReport &report) {
  ordered_json j;
  j["budgetCycles"] = report.budgetCycles;
  j["linkCapacityPerStep"] = report.linkCapacityPerStep;
  ordered_json packets;
  packets["sent"] = report.packetsSent;
  packets["dropped"] = report.packetsDropped;
  packets["reinjected"] = report.packetsReinjected;
  packets["lost"] = report.packetsLost;
  packets["routerLookups"] = report.routerLookups;
  packets["defaultRouted"] = report.defaultRouted;
  j["packets"] = std::move(packets);

  uint64_t overruns = 0, overrunCores = 0;
  double maxCycles = 0.0;
  ordered_json cores = ordered_json::array();
  for (size_t i = 0; i < report.cores.size(); ++i) {
    const CoreStats &s = report.cores[i];
    ordered_json core;
    core["x"] = s.core.x;
    core["y"] = s.core.y;
    core["p"] = s.core.p;
    if (i < image.cores.size()) {
      const CoreProgram &c = image.cores[i];
      core["node"] = nodeName(image.network, c.node);
      core["lo"] = c.lo;
      core["hi"] = c.hi;
    }
    core["packetsReceived"] = s.packetsReceived;
    core["synapticWords"] = s.synapticWords;
    core["maxCycles"] = s.maxCycles;
    core["totalCycles"] = s.totalCycles;
    core["maxLoad"] =
        report.budgetCycles > 0 ? s.maxCycles / report.budgetCycles : 0.0;
    core["overruns"] = s.overruns;
    overruns += s.overruns;
    overrunCores += s.overruns > 0;
    maxCycles = std::max(maxCycles, s.maxCycles);
    cores.push_back(std::move(core));
  }
  ordered_json links = ordered_json::array();
  uint64_t linkDrops = 0;
  for (const LinkStats &l : report.links) {
    links.push_back({{"x", l.chip.x},
                     {"y", l.chip.y},
                     {"direction", int(l.direction) < machine::kNumDirections
                                       ? machine::directionName(l.direction)
                                       : "?"},
                     {"packets", l.packets},
                     {"maxPerStep", l.maxPerStep},
                     {"dropped", l.dropped}});
    linkDrops += l.dropped;
  }
  ordered_json totals;
  totals["overruns"] = overruns;
  totals["coresWithOverruns"] = overrunCores;
  totals["maxCycles"] = maxCycles;
  totals["linksUsed"] = report.links.size();
  totals["linkDrops"] = linkDrops;
  j["totals"] = std::move(totals);
  j["cores"] = std::move(cores);
  j["links"] = std::move(links);
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

//===----------------------------------------------------------------------===//
// SVG
//===----------------------------------------------------------------------===//

namespace {

struct Rgb {
  int r, g, b;
};

std::string hex(Rgb c) {
  return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
}

/// White (0) -> yellow (0.5) -> red (1); above 1 a fixed dark red.
std::string heat(double t) {
  if (!(t >= 0.0))
    t = 0.0;
  if (t > 1.0)
    return "#7f0000";
  auto mix = [](Rgb a, Rgb b, double f) {
    return Rgb{int(std::lround(a.r + (b.r - a.r) * f)),
               int(std::lround(a.g + (b.g - a.g) * f)),
               int(std::lround(a.b + (b.b - a.b) * f))};
  };
  Rgb white{255, 255, 255}, yellow{255, 210, 0}, red{215, 25, 28};
  return hex(t < 0.5 ? mix(white, yellow, t * 2) : mix(yellow, red, t * 2 - 1));
}

/// A distinct colour per node: hues spaced by the golden angle.
std::string nodeColour(size_t k) {
  double h = std::fmod(double(k) * 137.508, 360.0) / 60.0;
  double s = 0.65, v = 0.85 - 0.15 * double((k / 7) % 2);
  double c = v * s, x = c * (1 - std::fabs(std::fmod(h, 2.0) - 1));
  double r = 0, g = 0, b = 0;
  switch (int(h)) {
  case 0:
    r = c, g = x;
    break;
  case 1:
    r = x, g = c;
    break;
  case 2:
    g = c, b = x;
    break;
  case 3:
    g = x, b = c;
    break;
  case 4:
    r = x, b = c;
    break;
  default:
    r = c, b = x;
    break;
  }
  double mShift = v - c;
  return hex({int(std::lround((r + mShift) * 255)),
              int(std::lround((g + mShift) * 255)),
              int(std::lround((b + mShift) * 255))});
}

/// Chip and core geometry shared by the three pictures.
class MeshLayout {
public:
  static constexpr double kCell = 10.0;    ///< core square side [px].
  static constexpr double kPad = 4.0;      ///< chip border to cores [px].
  static constexpr double kGap = 10.0;     ///< between chips [px].
  static constexpr double kLeft = 60.0;    ///< room for y labels [px].
  static constexpr double kTop = 56.0;     ///< room for the title [px].
  static constexpr double kBottom = 56.0;  ///< room for x labels [px].
  static constexpr double kLegend = 240.0; ///< legend column [px].

  MeshLayout(const machine::MachineModel &m, double minChipSide) : machine_(m) {
    int n = std::max(m.coresPerChip, 1);
    cols_ = int(std::ceil(std::sqrt(double(n))));
    rows_ = (n + cols_ - 1) / cols_;
    side_ = std::max(minChipSide, std::max(cols_, rows_) * kCell + 2 * kPad);
  }

  double chipSide() const { return side_; }
  double chipX(int x) const { return kLeft + x * (side_ + kGap); }
  /// y grows upwards on the machine, downwards in SVG.
  double chipY(int y) const {
    return kTop + (machine_.height() - 1 - y) * (side_ + kGap);
  }
  double coreX(int x, int p) const {
    return chipX(x) + kPad + (p % cols_) * kCell;
  }
  double coreY(int y, int p) const {
    return chipY(y) + kPad + (p / cols_) * kCell;
  }
  double meshWidth() const { return machine_.width() * (side_ + kGap); }
  double meshHeight() const { return machine_.height() * (side_ + kGap); }
  double width() const { return kLeft + meshWidth() + kLegend; }
  double height() const {
    return std::max(kTop + meshHeight() + kBottom, kTop + 420.0);
  }
  double legendX() const { return kLeft + meshWidth() + 10.0; }

private:
  const machine::MachineModel &machine_;
  int cols_ = 1, rows_ = 1;
  double side_ = 0;
};

class Svg {
public:
  Svg(const MeshLayout &layout, const std::string &title,
      const std::string &subtitle) {
    // Wide enough for the title lines too (about 9.5 px per bold 16 px
    // character, 6.2 px per 11 px character).
    double width =
        std::max(layout.width(), MeshLayout::kLeft + 20 +
                                     std::max(9.5 * double(title.size()),
                                              6.2 * double(subtitle.size())));
    out_ += fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" "
        "height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" "
        "font-family=\"sans-serif\">\n"
        "<title>{}</title>\n"
        "<rect class=\"background\" x=\"0\" y=\"0\" width=\"100%\" "
        "height=\"100%\" fill=\"#ffffff\"/>\n"
        "<text x=\"{:.0f}\" y=\"22\" font-size=\"16\" "
        "font-weight=\"bold\">{}</text>\n"
        "<text x=\"{:.0f}\" y=\"40\" font-size=\"11\">{}</text>\n",
        width, layout.height(), width, layout.height(),
        dendron::rt::io::xmlEscape(title), MeshLayout::kLeft,
        dendron::rt::io::xmlEscape(title), MeshLayout::kLeft,
        dendron::rt::io::xmlEscape(subtitle));
  }

  void raw(const std::string &text) { out_ += text; }
  void rect(const char *cls, double x, double y, double w, double h,
            const std::string &fill, const std::string &stroke,
            double strokeWidth, const std::string &title) {
    out_ += fmt::format("<rect class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" "
                        "width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\" "
                        "stroke=\"{}\" stroke-width=\"{}\">",
                        cls, x, y, w, h, fill, stroke, strokeWidth);
    if (!title.empty())
      out_ +=
          fmt::format("<title>{}</title>", dendron::rt::io::xmlEscape(title));
    out_ += "</rect>\n";
  }
  void cross(double x, double y, double w, double h, const char *colour) {
    out_ += fmt::format(
        "<path class=\"dead\" d=\"M{:.1f} {:.1f}L{:.1f} {:.1f}M{:.1f} "
        "{:.1f}L{:.1f} {:.1f}\" stroke=\"{}\" stroke-width=\"1.5\"/>\n",
        x, y, x + w, y + h, x + w, y, x, y + h, colour);
  }
  void text(double x, double y, double size, const char *anchor,
            const std::string &text) {
    out_ += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"{}\" "
                        "text-anchor=\"{}\">{}</text>\n",
                        x, y, size, anchor, dendron::rt::io::xmlEscape(text));
  }

  /// Chip coordinates along the bottom and left edges, and axis names.
  void axes(const MeshLayout &layout, const machine::MachineModel &m) {
    double bottom = MeshLayout::kTop + layout.meshHeight();
    for (int x = 0; x < m.width(); ++x)
      text(layout.chipX(x) + layout.chipSide() / 2, bottom + 12, 10, "middle",
           std::to_string(x));
    for (int y = 0; y < m.height(); ++y)
      text(MeshLayout::kLeft - 8, layout.chipY(y) + layout.chipSide() / 2 + 4,
           10, "end", std::to_string(y));
    text(MeshLayout::kLeft + layout.meshWidth() / 2, bottom + 32, 12, "middle",
         "x [chip]");
    out_ += fmt::format("<text x=\"16\" y=\"{:.1f}\" font-size=\"12\" "
                        "text-anchor=\"middle\" transform=\"rotate(-90 16 "
                        "{:.1f})\">y [chip]</text>\n",
                        MeshLayout::kTop + layout.meshHeight() / 2,
                        MeshLayout::kTop + layout.meshHeight() / 2);
  }

  /// A vertical colour bar from 0 to 100 % plus an "over 100 %" swatch.
  void heatLegend(const MeshLayout &layout, const std::string &label) {
    double x = layout.legendX(), y = MeshLayout::kTop;
    text(x, y + 10, 12, "start", label);
    for (int i = 0; i <= 10; ++i) {
      double t = 1.0 - i / 10.0;
      rect("legend", x, y + 20 + i * 16, 20, 16, heat(t), "#999999", 0.5, "");
      text(x + 26, y + 32 + i * 16, 10, "start",
           fmt::format("{:.0f} %", t * 100));
    }
    rect("legend", x, y + 20 + 11 * 16 + 8, 20, 16, heat(2.0), "#999999", 0.5,
         "");
    text(x + 26, y + 32 + 11 * 16 + 8, 10, "start", "over 100 %");
  }

  std::string finish() {
    out_ += "</svg>\n";
    return std::move(out_);
  }

private:
  std::string out_;
};

/// Draws a chip square (and a cross when dead); class "chip".
void drawChip(Svg &svg, const MeshLayout &layout,
              const machine::MachineModel &m, machine::ChipCoord c,
              const std::string &fill, const std::string &title) {
  bool dead = m.chipDead(c);
  svg.rect("chip", layout.chipX(c.x), layout.chipY(c.y), layout.chipSide(),
           layout.chipSide(), dead ? "#bbbbbb" : fill, "#555555", 1,
           fmt::format("chip ({}, {}){}{}", c.x, c.y, dead ? " dead" : "",
                       title.empty() ? "" : ": " + title));
  if (dead)
    svg.cross(layout.chipX(c.x), layout.chipY(c.y), layout.chipSide(),
              layout.chipSide(), "#444444");
}

} // namespace

std::string dendron::spinn::placementSvg(const MachineImage &image) {
  const machine::MachineModel &m = image.machine;
  const rt::NetworkSpec &net = image.network;
  MeshLayout layout(m, 0.0);
  std::map<machine::CoreCoord, const CoreProgram *> byCore;
  for (const CoreProgram &c : image.cores)
    byCore[c.core] = &c;
  // Colour index: populations first, then sources.
  auto colourOf = [&](const rt::NodeRef &ref) {
    size_t k = ref.kind == rt::NodeRef::Kind::Population
                   ? ref.index
                   : net.populations.size() + ref.index;
    return nodeColour(k);
  };
  Svg svg(layout, fmt::format("Placement of '{}' on {}", net.name, m.name()),
          fmt::format("{} cores used on {} live chips; seed {}",
                      image.cores.size(), m.numLiveChips(),
                      image.placementSeed));
  svg.axes(layout, m);
  for (machine::ChipCoord c : m.allChips()) {
    drawChip(svg, layout, m, c, "#f4f4f4", "");
    if (m.chipDead(c))
      continue;
    for (int p = 0; p < m.coresPerChip; ++p) {
      machine::CoreCoord core{c.x, c.y, p};
      double x = layout.coreX(c.x, p), y = layout.coreY(c.y, p);
      double side = MeshLayout::kCell - 1;
      if (p == m.monitorCore) {
        svg.rect("core", x, y, side, side, "#333333", "none", 0,
                 fmt::format("core ({}, {}, {}): monitor", c.x, c.y, p));
      } else if (m.coreDead(core)) {
        svg.rect("core", x, y, side, side, "#bbbbbb", "none", 0,
                 fmt::format("core ({}, {}, {}): dead", c.x, c.y, p));
        svg.cross(x, y, side, side, "#cc0000");
      } else if (auto it = byCore.find(core); it != byCore.end()) {
        const CoreProgram &prog = *it->second;
        svg.rect("core", x, y, side, side, colourOf(prog.node), "none", 0,
                 fmt::format("core ({}, {}, {}): {} [{}, {})", c.x, c.y, p,
                             nodeName(net, prog.node), prog.lo, prog.hi));
      } else {
        svg.rect("core", x, y, side, side, "#ffffff", "#cccccc", 0.5,
                 fmt::format("core ({}, {}, {}): unused", c.x, c.y, p));
      }
    }
  }
  // Legend: every node with a colour, then the special cores.
  double x = layout.legendX(), y = MeshLayout::kTop;
  svg.text(x, y + 10, 12, "start", "Populations and sources");
  std::vector<std::pair<std::string, std::string>> entries;
  for (uint32_t i = 0; i < net.populations.size(); ++i)
    entries.push_back({colourOf({rt::NodeRef::Kind::Population, i}),
                       net.populations[i].name});
  for (uint32_t i = 0; i < net.sources.size(); ++i)
    entries.push_back({colourOf({rt::NodeRef::Kind::Source, i}),
                       net.sources[i].name + " (source)"});
  constexpr size_t kMaxLegendEntries = 40;
  size_t shown = std::min(entries.size(), kMaxLegendEntries);
  for (size_t i = 0; i < shown; ++i) {
    svg.rect("legend", x, y + 20 + i * 14, 10, 10, entries[i].first, "none", 0,
             "");
    svg.text(x + 16, y + 29 + i * 14, 10, "start", entries[i].second);
  }
  double below = y + 20 + shown * 14;
  if (entries.size() > shown) {
    svg.text(x, below + 10, 10, "start",
             fmt::format("... and {} more", entries.size() - shown));
    below += 14;
  }
  const std::pair<const char *, const char *> special[] = {
      {"#333333", "monitor core"},
      {"#ffffff", "unused core"},
      {"#bbbbbb", "dead core / chip (crossed)"}};
  for (size_t i = 0; i < 3; ++i) {
    svg.rect("legend", x, below + 10 + i * 14, 10, 10, special[i].first,
             "#999999", 0.5, "");
    svg.text(x + 16, below + 19 + i * 14, 10, "start", special[i].second);
  }
  return svg.finish();
}

std::string dendron::spinn::routerUsageSvg(const MachineImage &image) {
  const machine::MachineModel &m = image.machine;
  MeshLayout layout(m, 64.0);
  auto tables = tablesByChip(image);
  uint64_t worst = 0;
  for (const ChipTable &t : image.tables)
    worst = std::max<uint64_t>(worst, t.entries.size());
  Svg svg(layout,
          fmt::format("Router table use of '{}' on {}", image.network.name,
                      m.name()),
          fmt::format("compressed entries / limit {} per chip (uncompressed "
                      "in brackets); fullest table {} entries",
                      m.routerEntries, worst));
  svg.axes(layout, m);
  for (machine::ChipCoord c : m.allChips()) {
    auto it = tables.find(c);
    uint64_t used = it == tables.end() ? 0 : it->second->entries.size();
    uint64_t before = it == tables.end() ? 0 : it->second->uncompressedSize;
    double ratio = m.routerEntries ? double(used) / m.routerEntries : 0.0;
    drawChip(svg, layout, m, c, heat(ratio),
             fmt::format("{} / {} entries ({} uncompressed)", used,
                         m.routerEntries, before));
    if (m.chipDead(c))
      continue;
    double cx = layout.chipX(c.x) + layout.chipSide() / 2;
    double cy = layout.chipY(c.y) + layout.chipSide() / 2;
    svg.text(cx, cy - 2, 10, "middle",
             fmt::format("{}/{}", used, m.routerEntries));
    svg.text(cx, cy + 11, 9, "middle", fmt::format("({})", before));
  }
  svg.heatLegend(layout, "entries / limit");
  return svg.finish();
}

std::string dendron::spinn::coreLoadSvg(const MachineImage &image) {
  const machine::MachineModel &m = image.machine;
  MeshLayout layout(m, 0.0);
  double budget = budgetCycles(image);
  std::vector<const CoreProgram *> overloaded;
  for (const CoreProgram &c : image.cores)
    if (c.expectedCycles > budget)
      overloaded.push_back(&c);
  Svg svg(layout,
          fmt::format("Expected core load of '{}' on {}", image.network.name,
                      m.name()),
          fmt::format("expected cycles per timestep / budget {:.0f} cycles "
                      "(clock x dt); {} of {} cores over budget (red outline)",
                      budget, overloaded.size(), image.cores.size()));
  svg.axes(layout, m);
  for (machine::ChipCoord c : m.allChips())
    drawChip(svg, layout, m, c, "#f4f4f4", "");
  for (const CoreProgram &c : image.cores) {
    double load = budget > 0 ? c.expectedCycles / budget : 0.0;
    bool over = c.expectedCycles > budget;
    double side = MeshLayout::kCell - 1;
    svg.rect("core", layout.coreX(c.core.x, c.core.p),
             layout.coreY(c.core.y, c.core.p), side, side, heat(load),
             over ? "#ff0000" : "#999999", over ? 2 : 0.5,
             fmt::format("core ({}, {}, {}): {} [{}, {}): {:.0f} cycles, "
                         "{:.1f} % of budget{}",
                         c.core.x, c.core.y, c.core.p,
                         nodeName(image.network, c.node), c.lo, c.hi,
                         c.expectedCycles, load * 100,
                         over ? ", OVER BUDGET" : ""));
  }
  svg.heatLegend(layout, "expected cycles / budget");
  double x = layout.legendX(), y = MeshLayout::kTop + 240;
  svg.text(x, y, 12, "start",
           fmt::format("Over budget: {} core{}", overloaded.size(),
                       overloaded.size() == 1 ? "" : "s"));
  constexpr size_t kMaxListed = 12;
  for (size_t i = 0; i < overloaded.size() && i < kMaxListed; ++i) {
    const CoreProgram &c = *overloaded[i];
    svg.text(x, y + 14 * (i + 1), 10, "start",
             fmt::format("({}, {}, {}) {:.0f} %", c.core.x, c.core.y, c.core.p,
                         budget > 0 ? 100 * c.expectedCycles / budget : 0.0));
  }
  if (overloaded.size() > kMaxListed)
    svg.text(x, y + 14 * (kMaxListed + 1), 10, "start",
             fmt::format("... and {} more", overloaded.size() - kMaxListed));
  return svg.finish();
}
