//===- MachineJsonTest.cpp - Tests of machine descriptions in JSON --------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Machine/MachineJson.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>

using namespace dendron::machine;

namespace {

/// Parses `text` expecting failure; returns the message.
std::string errorOf(const std::string &text) {
  std::string err;
  auto m = parseMachineJson(text, "m.json", err);
  EXPECT_FALSE(m) << "accepted: " << text;
  EXPECT_FALSE(err.empty());
  return err;
}

TEST(MachineJson, ValidDescriptionRoundTrips) {
  MachineModel m = MachineModel::spinn5();
  m.setName("board 7");
  m.killChip({2, 5});
  m.killCore({1, 1, 3});
  m.killLink({4, 4}, Direction::SW);
  m.killLink({7, 7}, Direction::W);
  m.cycleCosts.neuronUpdate["izh"] = 123.5;
  m.routerEntries = 1000;
  m.clockHz = 150'000'000;
  m.linkPacketsPerSecond = 1.5e6;
  m.reinjectionQueue = 7;
  std::string text = machineToJson(m);
  std::string err;
  auto back = parseMachineJson(text, "rt.json", err);
  ASSERT_TRUE(back) << err;
  EXPECT_EQ(machineToJson(*back), text);
  EXPECT_EQ(back->name(), "board 7");
  EXPECT_EQ(back->profile(), "spinn5");
  EXPECT_EQ(back->allChips().size(), 48u);
  EXPECT_TRUE(back->chipDead({2, 5}));
  EXPECT_TRUE(back->coreDead({1, 1, 3}));
  EXPECT_TRUE(back->linkDead({3, 3}, Direction::NE));
  EXPECT_TRUE(back->linkDead({6, 7}, Direction::E));
  EXPECT_EQ(back->routerEntries, 1000u);
  EXPECT_EQ(back->clockHz, 150'000'000u);
  EXPECT_EQ(back->linkPacketsPerSecond, 1.5e6);
  EXPECT_EQ(back->reinjectionQueue, 7u);
  EXPECT_EQ(back->cycleCosts.neuronUpdateCost("izh"), 123.5);

  MachineModel g = MachineModel::grid(6, 3, true);
  g.killLink({5, 2}, Direction::NE); // wraps to (0, 0)
  auto gb = parseMachineJson(machineToJson(g), "g.json", err);
  ASSERT_TRUE(gb) << err;
  EXPECT_EQ(gb->width(), 6);
  EXPECT_EQ(gb->height(), 3);
  EXPECT_TRUE(gb->torus());
  EXPECT_TRUE(gb->linkDead({0, 0}, Direction::SW));
  EXPECT_EQ(machineToJson(*gb), machineToJson(g));
}

TEST(MachineJson, ExampleFileLoads) {
  std::string err;
  auto m =
      loadMachineJson(DENDRON_EXAMPLES_DIR "/machines/spinn5-dead.json", err);
  ASSERT_TRUE(m) << err;
  EXPECT_EQ(m->numLiveChips(), 46);
  EXPECT_EQ(m->deadCores().size(), 3u);
  EXPECT_EQ(m->deadLinks().size(), 3u);
  EXPECT_TRUE(m->linkDead({2, 2}, Direction::SW));
}

TEST(MachineJson, MinimalDescriptions) {
  std::string err;
  auto m = parseMachineJson(R"({"profile": "grid", "width": 3, "height": 2})",
                            "g.json", err);
  ASSERT_TRUE(m) << err;
  EXPECT_EQ(m->numLiveChips(), 6);
  EXPECT_FALSE(m->torus());
  m = parseMachineJson(R"({"profile": "spinn2"})", "s.json", err);
  ASSERT_TRUE(m) << err;
  EXPECT_EQ(m->coresPerChip, 152);
}

TEST(MachineJson, WrongType) {
  EXPECT_EQ(errorOf(R"({"profile": "grid", "width": "8", "height": 8})"),
            "m.json: /width: expected an integer in [1, 256], found string "
            "\"8\"");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "cores_per_chip": 18.5})"),
            "m.json: /cores_per_chip: expected an integer in [2, 1024], found "
            "number 18.5");
  EXPECT_EQ(errorOf(R"({"profile": "grid", "width": 2, "height": 2,
                        "torus": 1})"),
            "m.json: /torus: expected a boolean, found integer 1");
  EXPECT_EQ(errorOf(R"([1])"),
            "m.json: /: expected an object, found an array of 1 elements");
  EXPECT_EQ(errorOf(R"({"profile": 5})"),
            "m.json: /profile: expected one of \"spinn5\", \"spinn2\", "
            "\"grid\", found integer 5");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "dead_chips": {"x": 1}})"),
            "m.json: /dead_chips: expected an array of at most 48 elements, "
            "found an object with 1 keys");
}

TEST(MachineJson, OutOfRange) {
  EXPECT_EQ(errorOf(R"({"profile": "grid", "width": 300, "height": 8})"),
            "m.json: /width: expected an integer in [1, 256], found integer "
            "300");
  // Below the lower bound but non-negative (parsed as unsigned by JSON).
  EXPECT_EQ(errorOf(R"({"profile": "grid", "width": 0, "height": 8})"),
            "m.json: /width: expected an integer in [1, 256], found integer "
            "0");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "cores_per_chip": 1})"),
            "m.json: /cores_per_chip: expected an integer in [2, 1024], found "
            "integer 1");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "router_entries": -1})"),
            "m.json: /router_entries: expected an integer in [1, 1048576], "
            "found integer -1");
  EXPECT_EQ(
      errorOf(R"({"profile": "spinn5", "cycle_costs": {"per_dma_byte": -2}})"),
      "m.json: /cycle_costs/per_dma_byte: expected a number in [0, 10000000], "
      "found integer -2");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5",
                        "dead_cores": [{"x": 1, "y": 1, "p": 18}]})"),
            "m.json: /dead_cores/0/p: expected an integer in [0, 17], found "
            "integer 18");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "monitor_core": 18})"),
            "m.json: /monitor_core: expected an integer in [0, 17], found "
            "integer 18");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "link_packets_per_second": 0.5})"),
            "m.json: /link_packets_per_second: expected a number in [1, "
            "1000000000000], found number 0.5");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "reinjection_queue": 2000000})"),
            "m.json: /reinjection_queue: expected an integer in [0, 1048576], "
            "found integer 2000000");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "reinjection_queue": -1})"),
            "m.json: /reinjection_queue: expected an integer in [0, 1048576], "
            "found integer -1");
  // 49 dead chips on a 48-chip board.
  std::string many = R"({"profile": "spinn5", "dead_chips": [)";
  for (int i = 0; i < 49; ++i)
    many += std::string(i ? "," : "") + R"({"x": 4, "y": 4})";
  EXPECT_EQ(errorOf(many + "]}"),
            "m.json: /dead_chips: expected an array of at most 48 elements, "
            "found an array of 49 elements");
}

TEST(MachineJson, DeadEntriesOutsideTheMachine) {
  EXPECT_EQ(
      errorOf(R"({"profile": "spinn5", "dead_chips": [{"x": 0, "y": 7}]})"),
      "m.json: /dead_chips/0: expected a chip of the spinn5 board, "
      "found (0, 7), where the board has no chip");
  EXPECT_EQ(
      errorOf(R"({"profile": "spinn5", "dead_chips": [{"x": 9, "y": 1}]})"),
      "m.json: /dead_chips/0/x: expected an integer in [0, 7], found "
      "integer 9");
  EXPECT_EQ(errorOf(R"({"profile": "grid", "width": 4, "height": 4,
                        "dead_links": [{"x": 3, "y": 0, "direction": "E"}]})"),
            "m.json: /dead_links/0: expected a link between two chips of the "
            "machine, found link E of (3, 0) leads off the machine");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "dead_links": [
              {"x": 1, "y": 1, "direction": "E"},
              {"x": 1, "y": 1, "direction": "N"},
              {"x": 1, "y": 1, "direction": "S"},
              {"x": 1, "y": 1, "direction": "up"}]})"),
            "m.json: /dead_links/3/direction: expected one of \"E\", \"NE\", "
            "\"N\", \"W\", \"SW\", \"S\", found string \"up\"");
  EXPECT_EQ(
      errorOf(R"({"profile": "spinn5", "dead_cores": [{"x": 1, "y": 1}]})"),
      "m.json: /dead_cores/0/p: expected a processor number, found no "
      "such key");
}

TEST(MachineJson, UnknownKeys) {
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "colour": "red"})"),
            "m.json: /colour: expected one of the keys "
            "chip_shared_memory_bytes, clock_hz, core_data_memory_bytes, "
            "cores_per_chip, cycle_costs, dead_chips, dead_cores, dead_links, "
            "height, link_packets_per_second, monitor_core, name, profile, "
            "reinjection_queue, router_entries, torus, width, found unknown "
            "key 'colour'");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5",
                        "cycle_costs": {"per_spike": 3}})"),
            "m.json: /cycle_costs/per_spike: expected one of the keys "
            "default_neuron_update, neuron_update, per_dma_byte, "
            "per_packet_received, per_synaptic_word, found unknown key "
            "'per_spike'");
}

TEST(MachineJson, UnknownKeysNamed) {
  std::string e = errorOf(R"({"profile": "spinn5", "colour": "red"})");
  EXPECT_EQ(e.rfind("m.json: /colour: expected one of the keys ", 0), 0u) << e;
  EXPECT_NE(e.find("dead_links"), std::string::npos) << e;
  EXPECT_NE(e.find("found unknown key 'colour'"), std::string::npos) << e;
  e = errorOf(R"({"profile": "spinn5", "dead_links": [
          {"x": 1, "y": 1, "dir": "E"}]})");
  EXPECT_EQ(e, "m.json: /dead_links/0/dir: expected one of the keys "
               "direction, x, y, found unknown key 'dir'");
  e = errorOf(R"({"profile": "spinn5", "width": 8})");
  EXPECT_EQ(e, "m.json: /width: expected no width, height or torus with "
               "profile \"spinn5\", found integer 8");
  e = errorOf(R"({"name": "x"})");
  EXPECT_EQ(e, "m.json: /profile: expected one of \"spinn5\", \"spinn2\", "
               "\"grid\", found no such key");
}

TEST(MachineJson, DuplicateKeys) {
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "clock_hz": 1000000,
                        "clock_hz": 2000000})"),
            "m.json: /clock_hz: expected each key once in its object, found "
            "a repeated key");
  EXPECT_EQ(errorOf(R"({"profile": "spinn5", "dead_links": [
              {"x": 1, "y": 1, "direction": "E"}, [1, 2], 3,
              {"x": 1, "y": 1, "x": 2, "direction": "E"}]})"),
            "m.json: /dead_links/3/x: expected each key once in its object, "
            "found a repeated key");
}

TEST(MachineJson, MalformedJsonReportsLineAndColumn) {
  std::string e = errorOf("{\n  \"profile\": \"grid\",\n  \"width\": 8,,\n}");
  EXPECT_EQ(e.rfind("m.json: malformed JSON at line 3, column 14: ", 0), 0u)
      << e;
  e = errorOf("");
  EXPECT_EQ(e.rfind("m.json: malformed JSON at line 1, column 1", 0), 0u) << e;
}

TEST(MachineJson, MissingFile) {
  std::string err;
  EXPECT_FALSE(loadMachineJson("/nonexistent/dir/m.json", err));
  EXPECT_EQ(err, "/nonexistent/dir/m.json: cannot open the machine "
                 "description");
}

TEST(MachineJson, NoExceptionOnMangledInput) {
  std::string text = machineToJson(MachineModel::spinn5());
  // Every truncation and a byte flip at every position: never throws,
  // never crashes; failures always carry a message.
  for (size_t i = 0; i < text.size(); i += 3) {
    std::string err;
    std::string cut = text.substr(0, i);
    std::optional<MachineModel> m;
    EXPECT_NO_THROW(m = parseMachineJson(cut, "m.json", err));
    if (!m)
      EXPECT_FALSE(err.empty());
    std::string flipped = text;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x55);
    err.clear();
    EXPECT_NO_THROW(m = parseMachineJson(flipped, "m.json", err));
    if (!m)
      EXPECT_FALSE(err.empty());
  }
}

} // namespace
