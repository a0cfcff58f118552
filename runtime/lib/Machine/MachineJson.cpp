//===- MachineJson.cpp - Machine descriptions from JSON -------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Machine/MachineJson.h"

#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace dendron::machine;
using nlohmann::json;

namespace {

/// JSON-pointer escaping of one reference token (RFC 6901).
std::string escapeToken(const std::string &key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

/// Short description of a JSON value for "found ..." in messages.
std::string describe(const json &j) {
  std::string kind;
  switch (j.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::boolean:
    kind = "boolean";
    break;
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
    kind = "integer";
    break;
  case json::value_t::number_float:
    kind = "number";
    break;
  case json::value_t::string:
    kind = "string";
    break;
  case json::value_t::array:
    return fmt::format("an array of {} elements", j.size());
  case json::value_t::object:
    return fmt::format("an object with {} keys", j.size());
  default:
    return "an unsupported value";
  }
  std::string text = j.dump(-1, ' ', true, json::error_handler_t::replace);
  if (text.size() > 60)
    text = text.substr(0, 57) + "...";
  return kind + " " + text;
}

/// Checks fields and records the first error.
class Reader {
public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  bool fail(const std::string &path, const std::string &expected,
            const std::string &found) {
    error_ = fmt::format("{}: {}: expected {}, found {}", source_,
                         path.empty() ? "/" : path, expected, found);
    return false;
  }
  const std::string &error() const { return error_; }

  bool object(const json &j, const std::string &path,
              const std::set<std::string> &allowed) {
    if (!j.is_object())
      return fail(path, "an object", describe(j));
    for (const auto &item : j.items())
      if (!allowed.count(item.key())) {
        std::string keys;
        for (const std::string &k : allowed)
          keys += (keys.empty() ? "" : ", ") + k;
        return fail(path + "/" + escapeToken(item.key()),
                    "one of the keys " + keys,
                    "unknown key '" + item.key() + "'");
      }
    return true;
  }

  bool integer(const json &j, const std::string &path, int64_t lo, int64_t hi,
               int64_t &out) {
    std::string expected = fmt::format("an integer in [{}, {}]", lo, hi);
    if (j.is_number_unsigned()) {
      // Non-negative JSON integers arrive unsigned: both bounds still apply
      // (a width of 0 is as wrong as one of -1).
      uint64_t v = j.get<uint64_t>();
      if (v > static_cast<uint64_t>(hi) ||
          (lo > 0 && v < static_cast<uint64_t>(lo)))
        return fail(path, expected, describe(j));
      out = static_cast<int64_t>(v);
      return true;
    }
    if (!j.is_number_integer())
      return fail(path, expected, describe(j));
    int64_t v = j.get<int64_t>();
    if (v < lo || v > hi)
      return fail(path, expected, describe(j));
    out = v;
    return true;
  }

  bool number(const json &j, const std::string &path, double lo, double hi,
              double &out) {
    std::string expected = fmt::format("a number in [{}, {}]", lo, hi);
    if (!j.is_number())
      return fail(path, expected, describe(j));
    double v = j.get<double>();
    if (!std::isfinite(v) || v < lo || v > hi)
      return fail(path, expected, describe(j));
    out = v;
    return true;
  }

  bool array(const json &j, const std::string &path, size_t maxSize) {
    std::string expected =
        fmt::format("an array of at most {} elements", maxSize);
    if (!j.is_array() || j.size() > maxSize)
      return fail(path, expected, describe(j));
    return true;
  }

private:
  std::string source_;
  std::string error_;
};

/// A parser callback that records, in `first`, the JSON path of the first
/// key repeated within one object (nlohmann keeps the last value silently).
json::parser_callback_t duplicateKeyFinder(std::string &first) {
  struct Frame {
    bool isObject = false;
    std::set<std::string> keys;
    std::string lastKey;
    size_t index = 0;
  };
  auto stack = std::make_shared<std::vector<Frame>>();
  auto path = [stack]() {
    std::string p;
    for (const Frame &f : *stack)
      p +=
          "/" + (f.isObject ? escapeToken(f.lastKey) : std::to_string(f.index));
    return p;
  };
  // A finished value advances the enclosing array's index.
  auto finished = [stack]() {
    if (!stack->empty() && !stack->back().isObject)
      ++stack->back().index;
  };
  return [stack, path, finished, &first](int, json::parse_event_t event,
                                         json &parsed) {
    switch (event) {
    case json::parse_event_t::object_start:
    case json::parse_event_t::array_start:
      stack->push_back(
          Frame{event == json::parse_event_t::object_start, {}, {}, 0});
      break;
    case json::parse_event_t::key:
      if (!stack->empty() && parsed.is_string()) {
        Frame &f = stack->back();
        f.lastKey = parsed.get<std::string>();
        if (!f.keys.insert(f.lastKey).second && first.empty())
          first = path();
      }
      break;
    case json::parse_event_t::object_end:
    case json::parse_event_t::array_end:
      if (!stack->empty())
        stack->pop_back();
      finished();
      break;
    case json::parse_event_t::value:
      finished();
      break;
    }
    return true;
  };
}

bool isIdentifier(const std::string &s) {
  if (s.empty() || s.size() > 64)
    return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

constexpr double kMaxCycleCost = 1e7; // [cycles per unit of work]

bool readCycleCosts(Reader &r, const json &j, const std::string &path,
                    CycleCosts &costs) {
  if (!r.object(j, path,
                {"neuron_update", "default_neuron_update",
                 "per_packet_received", "per_synaptic_word", "per_dma_byte"}))
    return false;
  if (j.contains("neuron_update")) {
    const json &nu = j["neuron_update"];
    std::string p = path + "/neuron_update";
    if (!nu.is_object() || nu.size() > 64)
      return r.fail(p, "an object of at most 64 model costs", describe(nu));
    costs.neuronUpdate.clear();
    for (const auto &item : nu.items()) {
      if (!isIdentifier(item.key()))
        return r.fail(p + "/" + item.key(),
                      "a model name of 1-64 letters, digits or '_'",
                      "key '" + item.key() + "'");
      double v = 0;
      if (!r.number(item.value(), p + "/" + item.key(), 0, kMaxCycleCost, v))
        return false;
      costs.neuronUpdate[item.key()] = v;
    }
  }
  struct Field {
    const char *key;
    double *out;
  } fields[] = {{"default_neuron_update", &costs.defaultNeuronUpdate},
                {"per_packet_received", &costs.perPacketReceived},
                {"per_synaptic_word", &costs.perSynapticWord},
                {"per_dma_byte", &costs.perDmaByte}};
  for (const Field &f : fields)
    if (j.contains(f.key) &&
        !r.number(j[f.key], path + "/" + f.key, 0, kMaxCycleCost, *f.out))
      return false;
  return true;
}

std::optional<MachineModel> readMachine(Reader &r, const json &root) {
  if (!r.object(root, "",
                {"profile", "name", "width", "height", "torus",
                 "cores_per_chip", "monitor_core", "core_data_memory_bytes",
                 "chip_shared_memory_bytes", "router_entries", "clock_hz",
                 "link_packets_per_second", "reinjection_queue", "cycle_costs",
                 "dead_chips", "dead_cores", "dead_links"}))
    return std::nullopt;

  // Profile and shape.
  if (!root.contains("profile")) {
    r.fail("/profile", "one of \"spinn5\", \"spinn2\", \"grid\"",
           "no such key");
    return std::nullopt;
  }
  const json &prof = root["profile"];
  std::string profile = prof.is_string() ? prof.get<std::string>() : "";
  if (profile != "spinn5" && profile != "spinn2" && profile != "grid") {
    r.fail("/profile", "one of \"spinn5\", \"spinn2\", \"grid\"",
           describe(prof));
    return std::nullopt;
  }
  std::optional<MachineModel> m;
  if (profile == "grid") {
    int64_t w = 0, h = 0;
    bool torus = false;
    for (const char *key : {"width", "height"})
      if (!root.contains(key)) {
        r.fail(std::string("/") + key,
               fmt::format("an integer in [1, {}] (required for profile "
                           "\"grid\")",
                           MachineModel::kMaxDimension),
               "no such key");
        return std::nullopt;
      }
    if (!r.integer(root["width"], "/width", 1, MachineModel::kMaxDimension,
                   w) ||
        !r.integer(root["height"], "/height", 1, MachineModel::kMaxDimension,
                   h))
      return std::nullopt;
    if (root.contains("torus")) {
      if (!root["torus"].is_boolean()) {
        r.fail("/torus", "a boolean", describe(root["torus"]));
        return std::nullopt;
      }
      torus = root["torus"].get<bool>();
    }
    m = MachineModel::grid(static_cast<int>(w), static_cast<int>(h), torus);
  } else {
    for (const char *key : {"width", "height", "torus"})
      if (root.contains(key)) {
        r.fail(std::string("/") + key,
               "no width, height or torus with profile \"" + profile + "\"",
               describe(root[key]));
        return std::nullopt;
      }
    m = profile == "spinn5" ? MachineModel::spinn5() : MachineModel::spinn2();
  }

  if (root.contains("name")) {
    const json &n = root["name"];
    if (!n.is_string() || n.get<std::string>().empty() ||
        n.get<std::string>().size() > 128) {
      r.fail("/name", "a string of 1 to 128 characters", describe(n));
      return std::nullopt;
    }
    m->setName(n.get<std::string>());
  }

  // Resources.
  int64_t v = 0;
  if (root.contains("cores_per_chip")) {
    if (!r.integer(root["cores_per_chip"], "/cores_per_chip", 2, 1024, v))
      return std::nullopt;
    m->coresPerChip = static_cast<int>(v);
  }
  if (root.contains("monitor_core")) {
    if (!r.integer(root["monitor_core"], "/monitor_core", 0,
                   m->coresPerChip - 1, v))
      return std::nullopt;
    m->monitorCore = static_cast<int>(v);
  } else if (m->monitorCore >= m->coresPerChip) {
    m->monitorCore = 0;
  }
  if (root.contains("core_data_memory_bytes")) {
    if (!r.integer(root["core_data_memory_bytes"], "/core_data_memory_bytes", 1,
                   int64_t(1) << 32, v))
      return std::nullopt;
    m->coreDataMemory = static_cast<uint64_t>(v);
  }
  if (root.contains("chip_shared_memory_bytes")) {
    if (!r.integer(root["chip_shared_memory_bytes"],
                   "/chip_shared_memory_bytes", 1, int64_t(1) << 40, v))
      return std::nullopt;
    m->chipSharedMemory = static_cast<uint64_t>(v);
  }
  if (root.contains("router_entries")) {
    if (!r.integer(root["router_entries"], "/router_entries", 1, 1 << 20, v))
      return std::nullopt;
    m->routerEntries = static_cast<uint32_t>(v);
  }
  if (root.contains("clock_hz")) {
    if (!r.integer(root["clock_hz"], "/clock_hz", 1'000'000, 10'000'000'000, v))
      return std::nullopt;
    m->clockHz = static_cast<uint64_t>(v);
  }
  if (root.contains("link_packets_per_second") &&
      !r.number(root["link_packets_per_second"], "/link_packets_per_second",
                1.0, 1e12, m->linkPacketsPerSecond))
    return std::nullopt;
  if (root.contains("reinjection_queue")) {
    if (!r.integer(root["reinjection_queue"], "/reinjection_queue", 0, 1 << 20,
                   v))
      return std::nullopt;
    m->reinjectionQueue = static_cast<uint32_t>(v);
  }
  if (root.contains("cycle_costs") &&
      !readCycleCosts(r, root["cycle_costs"], "/cycle_costs", m->cycleCosts))
    return std::nullopt;

  // Faults. Each entry must lie inside the machine.
  const size_t numChips = m->allChips().size();
  auto readChip = [&](const json &e, const std::string &p,
                      std::set<std::string> keys, ChipCoord &c) {
    if (!r.object(e, p, keys))
      return false;
    for (const char *k : {"x", "y"})
      if (!e.contains(k))
        return r.fail(p + "/" + k, "an integer coordinate", "no such key");
    int64_t x = 0, y = 0;
    if (!r.integer(e["x"], p + "/x", 0, m->width() - 1, x) ||
        !r.integer(e["y"], p + "/y", 0, m->height() - 1, y))
      return false;
    c = {static_cast<int>(x), static_cast<int>(y)};
    if (!m->inShape(c))
      return r.fail(p, "a chip of the " + m->profile() + " board",
                    fmt::format("({}, {}), where the board has no chip", x, y));
    return true;
  };
  if (root.contains("dead_chips")) {
    const json &a = root["dead_chips"];
    if (!r.array(a, "/dead_chips", numChips))
      return std::nullopt;
    for (size_t i = 0; i < a.size(); ++i) {
      ChipCoord c;
      if (!readChip(a[i], fmt::format("/dead_chips/{}", i), {"x", "y"}, c))
        return std::nullopt;
      m->killChip(c);
    }
  }
  if (root.contains("dead_cores")) {
    const json &a = root["dead_cores"];
    if (!r.array(a, "/dead_cores", numChips * m->coresPerChip))
      return std::nullopt;
    for (size_t i = 0; i < a.size(); ++i) {
      std::string p = fmt::format("/dead_cores/{}", i);
      ChipCoord c;
      if (!readChip(a[i], p, {"x", "y", "p"}, c))
        return std::nullopt;
      if (!a[i].contains("p")) {
        r.fail(p + "/p", "a processor number", "no such key");
        return std::nullopt;
      }
      int64_t core = 0;
      if (!r.integer(a[i]["p"], p + "/p", 0, m->coresPerChip - 1, core))
        return std::nullopt;
      m->killCore({c.x, c.y, static_cast<int>(core)});
    }
  }
  if (root.contains("dead_links")) {
    const json &a = root["dead_links"];
    if (!r.array(a, "/dead_links", numChips * kNumDirections))
      return std::nullopt;
    for (size_t i = 0; i < a.size(); ++i) {
      std::string p = fmt::format("/dead_links/{}", i);
      ChipCoord c;
      if (!readChip(a[i], p, {"x", "y", "direction"}, c))
        return std::nullopt;
      const char *expected =
          "one of \"E\", \"NE\", \"N\", \"W\", \"SW\", \"S\"";
      if (!a[i].contains("direction")) {
        r.fail(p + "/direction", expected, "no such key");
        return std::nullopt;
      }
      const json &dj = a[i]["direction"];
      std::optional<Direction> d;
      if (dj.is_string())
        d = parseDirection(dj.get<std::string>());
      if (!d) {
        r.fail(p + "/direction", expected, describe(dj));
        return std::nullopt;
      }
      if (!m->killLink(c, *d)) {
        r.fail(p, "a link between two chips of the machine",
               fmt::format("link {} of ({}, {}) leads off the machine",
                           directionName(*d), c.x, c.y));
        return std::nullopt;
      }
    }
  }
  return m;
}

} // namespace

std::optional<MachineModel>
dendron::machine::parseMachineJson(const std::string &text,
                                   const std::string &sourceName,
                                   std::string &error) {
  Reader r(sourceName);
  try {
    if (text.size() > kMaxMachineJsonBytes) {
      r.fail("", fmt::format("at most {} bytes", kMaxMachineJsonBytes),
             fmt::format("{} bytes", text.size()));
      error = r.error();
      return std::nullopt;
    }
    json root;
    std::string duplicate;
    try {
      root = json::parse(text, duplicateKeyFinder(duplicate));
    } catch (const json::parse_error &e) {
      // e.byte is the 1-based offset of the character that failed.
      size_t end = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
      size_t line = 1, col = 1;
      for (size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
          ++line;
          col = 1;
        } else {
          ++col;
        }
      }
      error = fmt::format("{}: malformed JSON at line {}, column {}: {}",
                          sourceName, line, col, e.what());
      return std::nullopt;
    }
    if (!duplicate.empty()) {
      r.fail(duplicate, "each key once in its object", "a repeated key");
      error = r.error();
      return std::nullopt;
    }
    auto m = readMachine(r, root);
    if (!m)
      error = r.error();
    return m;
  } catch (const std::exception &e) {
    error = fmt::format("{}: {}", sourceName, e.what());
  } catch (...) {
    error = sourceName + ": unknown error while reading the machine";
  }
  return std::nullopt;
}

std::optional<MachineModel>
dendron::machine::loadMachineJson(const std::string &path, std::string &error) {
  try {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = fmt::format("{}: cannot open the machine description", path);
      return std::nullopt;
    }
    std::string text;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      text.append(buf, static_cast<size_t>(in.gcount()));
      if (text.size() > kMaxMachineJsonBytes) {
        error = fmt::format("{}: /: expected at most {} bytes, found a "
                            "larger file",
                            path, kMaxMachineJsonBytes);
        return std::nullopt;
      }
    }
    if (in.bad()) {
      error = fmt::format("{}: read error", path);
      return std::nullopt;
    }
    return parseMachineJson(text, path, error);
  } catch (const std::exception &e) {
    error = fmt::format("{}: {}", path, e.what());
  }
  return std::nullopt;
}

std::string dendron::machine::machineToJson(const MachineModel &m) {
  json j = json::object();
  j["profile"] = m.profile();
  j["name"] = m.name();
  if (m.profile() == "grid") {
    j["width"] = m.width();
    j["height"] = m.height();
    j["torus"] = m.torus();
  }
  j["cores_per_chip"] = m.coresPerChip;
  j["monitor_core"] = m.monitorCore;
  j["core_data_memory_bytes"] = m.coreDataMemory;
  j["chip_shared_memory_bytes"] = m.chipSharedMemory;
  j["router_entries"] = m.routerEntries;
  j["clock_hz"] = m.clockHz;
  j["link_packets_per_second"] = m.linkPacketsPerSecond;
  j["reinjection_queue"] = m.reinjectionQueue;
  json cc = json::object();
  cc["neuron_update"] = json::object();
  for (const auto &[k, v] : m.cycleCosts.neuronUpdate)
    cc["neuron_update"][k] = v;
  cc["default_neuron_update"] = m.cycleCosts.defaultNeuronUpdate;
  cc["per_packet_received"] = m.cycleCosts.perPacketReceived;
  cc["per_synaptic_word"] = m.cycleCosts.perSynapticWord;
  cc["per_dma_byte"] = m.cycleCosts.perDmaByte;
  j["cycle_costs"] = cc;
  json chips = json::array(), cores = json::array(), links = json::array();
  for (ChipCoord c : m.deadChips())
    chips.push_back({{"x", c.x}, {"y", c.y}});
  for (const CoreCoord &c : m.deadCores())
    cores.push_back({{"x", c.x}, {"y", c.y}, {"p", c.p}});
  for (const auto &[c, d] : m.deadLinks())
    links.push_back({{"x", c.x}, {"y", c.y}, {"direction", directionName(d)}});
  j["dead_chips"] = chips;
  j["dead_cores"] = cores;
  j["dead_links"] = links;
  return j.dump(2) + "\n";
}
