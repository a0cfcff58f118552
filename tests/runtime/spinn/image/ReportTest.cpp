//===- ReportTest.cpp - Mapping and run reports, SVG pictures -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The JSON reports parse back with the numbers worked out by hand from the
/// test image; the pictures are well-formed XML (xmllint when installed, a
/// tag-balance check always) with one element per chip and per core.
///
//===----------------------------------------------------------------------===//

#include "ImageTestSupport.h"

#include "dendron/Spinn/Report.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::test;
using nlohmann::json;

namespace {

/// Occurrences of `needle` in `text`.
size_t countOf(const std::string &text, const std::string &needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size()))
    ++n;
  return n;
}

/// Every start tag is closed in order, comments and the XML declaration
/// aside; returns "" or the first problem.
std::string tagBalance(const std::string &xml) {
  std::vector<std::string> open;
  for (size_t at = xml.find('<'); at != std::string::npos;
       at = xml.find('<', at + 1)) {
    size_t end = xml.find('>', at);
    if (end == std::string::npos)
      return "unterminated tag at " + std::to_string(at);
    std::string tag = xml.substr(at + 1, end - at - 1);
    if (tag.empty())
      return "empty tag at " + std::to_string(at);
    if (tag[0] == '?' || tag[0] == '!')
      continue;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1))
        return "unbalanced </" + tag.substr(1) + "> at " + std::to_string(at);
      open.pop_back();
      continue;
    }
    if (tag.back() == '/')
      continue;
    open.push_back(tag.substr(0, tag.find_first_of(" \n\t")));
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

void expectWellFormed(const std::string &svg, const std::string &name) {
  EXPECT_EQ(tagBalance(svg), "") << name;
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u) << name;
  if (std::system("command -v xmllint > /dev/null 2>&1") != 0)
    return; // The tag-balance check above stands in.
  ScratchDir dir("svg-" + name);
  std::string path = dir.file(name + ".svg");
  std::ofstream(path) << svg;
  EXPECT_EQ(std::system(("xmllint --noout '" + path + "'").c_str()), 0) << name;
}

TEST(Report, MappingJsonHasTheImagesNumbers) {
  MachineImage image = makeTestImage();
  std::string text = mappingReportJson(image);
  json j = json::parse(text);
  EXPECT_EQ(text, mappingReportJson(image)); // deterministic
  EXPECT_EQ(j["network"]["name"], image.network.name);
  EXPECT_EQ(j["network"]["populations"].size(), 3u);
  EXPECT_EQ(j["network"]["populations"][2]["model"], "dendritic");
  EXPECT_EQ(j["network"]["sources"][1]["kind"], "poisson");
  const json &m = j["machine"];
  EXPECT_EQ(m["name"], "test mesh");
  EXPECT_EQ(m["chips"], 6);
  EXPECT_EQ(m["liveChips"], 5);
  // Five live chips x 17 application cores, minus two dead cores.
  EXPECT_EQ(m["applicationCores"], 83);
  EXPECT_EQ(m["routerEntries"], 8);
  EXPECT_EQ(m["deadChips"], 1);
  EXPECT_EQ(m["deadCores"], 2);
  EXPECT_EQ(m["deadLinks"], 1);
  EXPECT_EQ(j["placementSeed"], 0x1234567890abcdefull);

  const json &t = j["totals"];
  EXPECT_EQ(t["coresUsed"], 7);
  EXPECT_EQ(t["chipsUsed"], 5); // (0,0) (1,0) (2,0) (0,1) (1,1)
  EXPECT_EQ(t["neurons"], 5 + 3 + 4);
  EXPECT_EQ(t["sourceNeurons"], 2 + 3 + 1);
  EXPECT_EQ(t["synapses"], 10);
  EXPECT_EQ(t["synapticWordBytes"], 8);
  EXPECT_EQ(t["sdramBytes"], 40 + 16 + 24);
  EXPECT_DOUBLE_EQ(t["bytesPerSynapse"].get<double>(), 80.0 / 10.0);
  EXPECT_EQ(t["dtcmBytes"], 4000 + 1000 + 2000 + 3000 + 3 * 100);
  EXPECT_DOUBLE_EQ(t["budgetCycles"].get<double>(), 20000.0);
  EXPECT_DOUBLE_EQ(t["maxExpectedCycles"].get<double>(), 25000.5);
  EXPECT_EQ(t["overloadedCores"], 1);
  EXPECT_EQ(t["routerEntriesUncompressed"], 5 + 1);
  EXPECT_EQ(t["routerEntriesCompressed"], 2 + 1);
  EXPECT_EQ(t["maxRouterEntries"], 2);

  ASSERT_EQ(j["cores"].size(), 7u);
  const json &c0 = j["cores"][0];
  EXPECT_EQ(c0["x"], 0);
  EXPECT_EQ(c0["y"], 0);
  EXPECT_EQ(c0["p"], 1);
  EXPECT_EQ(c0["node"], "exc");
  EXPECT_EQ(c0["kind"], "population");
  EXPECT_EQ(c0["lo"], 0);
  EXPECT_EQ(c0["hi"], 3);
  EXPECT_EQ(c0["key"], 0);
  EXPECT_EQ(c0["mask"], 0xfffffffcu);
  EXPECT_EQ(c0["synapses"], 5);
  EXPECT_EQ(c0["dtcmBytes"], 4000);
  EXPECT_EQ(c0["sdramBytes"], 40);
  EXPECT_DOUBLE_EQ(c0["expectedCycles"].get<double>(), 25000.5);
  EXPECT_DOUBLE_EQ(c0["budgetCycles"].get<double>(), 20000.0);
  EXPECT_DOUBLE_EQ(c0["load"].get<double>(), 25000.5 / 20000.0);
  EXPECT_EQ(c0["overloaded"], true);
  const json &c5 = j["cores"][5];
  EXPECT_EQ(c5["node"], "noise");
  EXPECT_EQ(c5["kind"], "source");
  EXPECT_EQ(c5["key"], 20);
  EXPECT_EQ(c5["overloaded"], false);

  ASSERT_EQ(j["routerTables"].size(), 2u);
  EXPECT_EQ(j["routerTables"][1], json({{"x", 1},
                                        {"y", 1},
                                        {"uncompressed", 1},
                                        {"compressed", 1},
                                        {"limit", 8}}));
}

TEST(Report, RunJsonSumsTheReport) {
  MachineImage image = makeTestImage();
  MachineReport report;
  report.budgetCycles = 20000.0;
  report.linkCapacityPerStep = 12;
  for (const CoreProgram &c : image.cores) {
    CoreStats s;
    s.core = c.core;
    report.cores.push_back(s);
  }
  report.cores[0].overruns = 3;
  report.cores[0].maxCycles = 30000.0;
  report.cores[0].totalCycles = 1e6;
  report.cores[0].packetsReceived = 40;
  report.cores[0].synapticWords = 90;
  report.cores[3].overruns = 1;
  report.cores[3].maxCycles = 20001.0;
  report.links = {{{0, 0}, machine::Direction::E, 50, 12, 4},
                  {{1, 1}, machine::Direction::NE, 7, 2, 0}};
  report.packetsSent = 100;
  report.packetsDropped = 4;
  report.packetsReinjected = 3;
  report.packetsLost = 1;
  report.routerLookups = 180;
  report.defaultRouted = 9;

  json j = json::parse(runReportJson(image, report));
  EXPECT_DOUBLE_EQ(j["budgetCycles"].get<double>(), 20000.0);
  EXPECT_EQ(j["linkCapacityPerStep"], 12);
  EXPECT_EQ(j["packets"], json({{"sent", 100},
                                {"dropped", 4},
                                {"reinjected", 3},
                                {"lost", 1},
                                {"routerLookups", 180},
                                {"defaultRouted", 9}}));
  EXPECT_EQ(j["totals"]["overruns"], 4);
  EXPECT_EQ(j["totals"]["coresWithOverruns"], 2);
  EXPECT_DOUBLE_EQ(j["totals"]["maxCycles"].get<double>(), 30000.0);
  EXPECT_EQ(j["totals"]["linksUsed"], 2);
  EXPECT_EQ(j["totals"]["linkDrops"], 4);
  ASSERT_EQ(j["cores"].size(), 7u);
  EXPECT_EQ(j["cores"][0]["node"], "exc");
  EXPECT_EQ(j["cores"][0]["packetsReceived"], 40);
  EXPECT_EQ(j["cores"][0]["synapticWords"], 90);
  EXPECT_DOUBLE_EQ(j["cores"][0]["maxLoad"].get<double>(), 1.5);
  EXPECT_EQ(j["cores"][3]["node"], "dend");
  EXPECT_EQ(j["cores"][3]["overruns"], 1);
  EXPECT_EQ(j["links"][1]["direction"], "NE");
  EXPECT_EQ(j["links"][0]["dropped"], 4);
}

TEST(Report, PlacementSvg) {
  MachineImage image = makeTestImage();
  std::string svg = placementSvg(image);
  expectWellFormed(svg, "placement");
  EXPECT_EQ(svg, placementSvg(image));
  // Six chips in the 3x2 shape; every core of the five live chips.
  EXPECT_EQ(countOf(svg, "class=\"chip\""), 6u);
  EXPECT_EQ(countOf(svg, "class=\"core\""), 5u * 18u);
  // Crosses: one dead chip, two dead cores.
  EXPECT_EQ(countOf(svg, "class=\"dead\""), 3u);
  EXPECT_EQ(countOf(svg, "): monitor</title>"), 5u);
  EXPECT_NE(svg.find("core (0, 1, 3): dend [0, 4)"), std::string::npos);
  EXPECT_NE(svg.find("x [chip]"), std::string::npos);
  EXPECT_NE(svg.find("y [chip]"), std::string::npos);
  EXPECT_NE(svg.find("noise (source)"), std::string::npos);
  // The network name is escaped.
  EXPECT_NE(svg.find("test &lt;net&gt; &amp; &quot;more&quot;"),
            std::string::npos);
}

TEST(Report, RouterUsageSvg) {
  MachineImage image = makeTestImage();
  std::string svg = routerUsageSvg(image);
  expectWellFormed(svg, "router");
  EXPECT_EQ(countOf(svg, "class=\"chip\""), 6u);
  EXPECT_NE(svg.find(">2/8</text>"), std::string::npos);
  EXPECT_NE(svg.find(">(5)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1/8</text>"), std::string::npos);
  // Three live chips route nothing.
  EXPECT_EQ(countOf(svg, ">0/8</text>"), 3u);
}

TEST(Report, CoreLoadSvg) {
  MachineImage image = makeTestImage();
  std::string svg = coreLoadSvg(image);
  expectWellFormed(svg, "load");
  EXPECT_EQ(countOf(svg, "class=\"chip\""), 6u);
  EXPECT_EQ(countOf(svg, "class=\"core\""), 7u);
  EXPECT_EQ(countOf(svg, "OVER BUDGET"), 1u);
  EXPECT_NE(svg.find("1 of 7 cores over budget"), std::string::npos);
  EXPECT_NE(svg.find("(0, 0, 1) 125 %"), std::string::npos);
}

TEST(Report, LargeProfilesStayWellFormed) {
  // SpiNNaker2's 152 cores per chip and the hexagonal SpiNN-5 board.
  for (const char *profile : {"spinn2", "spinn5"}) {
    std::string error;
    MachineImage image;
    image.machine = *machine::MachineModel::fromProfile(profile, error);
    image.network.name = profile;
    std::string svg = placementSvg(image);
    expectWellFormed(svg, profile);
    size_t chips = image.machine.allChips().size();
    EXPECT_EQ(countOf(svg, "class=\"chip\""), chips);
    EXPECT_EQ(countOf(svg, "class=\"core\""),
              chips * size_t(image.machine.coresPerChip));
    expectWellFormed(routerUsageSvg(image), std::string(profile) + "-r");
    expectWellFormed(coreLoadSvg(image), std::string(profile) + "-l");
  }
}

} // namespace
