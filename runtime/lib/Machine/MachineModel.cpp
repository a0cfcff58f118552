//===- MachineModel.cpp - A SpiNNaker-style many-core machine -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Machine/MachineModel.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>

using namespace dendron::machine;

namespace {
const char *const kDirectionNames[kNumDirections] = {"E", "NE", "N",
                                                     "W", "SW", "S"};

/// Hop count for a displacement on the triangular mesh (NE/SW diagonal).
int hexLength(int dx, int dy) {
  if ((dx >= 0) == (dy >= 0))
    return std::max(std::abs(dx), std::abs(dy));
  return std::abs(dx) + std::abs(dy);
}
} // namespace

const char *dendron::machine::directionName(Direction d) {
  return kDirectionNames[static_cast<int>(d)];
}

std::optional<Direction>
dendron::machine::parseDirection(const std::string &name) {
  for (int i = 0; i < kNumDirections; ++i)
    if (name == kDirectionNames[i])
      return static_cast<Direction>(i);
  return std::nullopt;
}

double CycleCosts::neuronUpdateCost(const std::string &model) const {
  auto it = neuronUpdate.find(model);
  return it == neuronUpdate.end() ? defaultNeuronUpdate : it->second;
}

CycleCosts CycleCosts::spinnaker1() {
  CycleCosts c;
  // Estimates; see the header for the sources and their limits.
  c.neuronUpdate = {{"lif", 100.0},
                    {"lif_cond", 180.0},
                    {"izhikevich", 150.0},
                    {"adex", 250.0},
                    {"dendritic", 300.0}};
  c.defaultNeuronUpdate = 150.0;
  c.perPacketReceived = 150.0;
  c.perSynapticWord = 15.0;
  c.perDmaByte = 0.5;
  return c;
}

MachineModel::MachineModel(int width, int height, bool torus)
    : width_(std::clamp(width, 1, kMaxDimension)),
      height_(std::clamp(height, 1, kMaxDimension)), torus_(torus) {
  shape_.assign(static_cast<size_t>(width_) * height_, true);
  name_ = fmt::format("{}x{}{}", width_, height_, torus_ ? "t" : "");
}

MachineModel MachineModel::grid(int width, int height, bool torus) {
  return MachineModel(width, height, torus);
}

MachineModel MachineModel::spinn5() {
  MachineModel m(8, 8, false);
  m.name_ = "spinn5";
  m.profile_ = "spinn5";
  // The SpiNN-5 board's 48 chips form a hexagon inside the 8x8 array: column
  // x = 0 holds y in 0..3, x = 4 holds 0..7, x = 7 holds 3..7 (the chip
  // layout used by SpiNNakerManchester's spinn_machine for 48-chip boards).
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x)
      m.shape_[m.index({x, y})] = (y - x <= 3) && (x - y <= 4);
  return m;
}

MachineModel MachineModel::spinn2() {
  MachineModel m(1, 1, false);
  m.name_ = "spinn2";
  m.profile_ = "spinn2";
  // SpiNNaker2 figures as published for the SpiNNaker2 chip (Mayr, Höppner,
  // Furber, "SpiNNaker 2: A 10 Million Core Processor System for Brain
  // Simulation and Machine Learning", 2019, and the issue's target): 152
  // ARM Cortex-M4F cores (one kept as monitor here), 128 KiB SRAM per core,
  // 16,384 router entries, 1 GiB shared memory (approximation: the board
  // has LPDDR4 of this order), ~300 MHz clock (approximation).
  m.coresPerChip = 152;
  m.coreDataMemory = 128 * 1024;
  m.chipSharedMemory = 1ull << 30;
  m.routerEntries = 16384;
  m.clockHz = 300'000'000;
  return m;
}

std::optional<MachineModel> MachineModel::fromProfile(const std::string &name,
                                                      std::string &error) {
  if (name == "spinn5")
    return spinn5();
  if (name == "spinn2")
    return spinn2();
  // WxH or WxHt.
  size_t xPos = name.find('x');
  auto parseDim = [](const std::string &s, int &out) {
    if (s.empty() || s.size() > 3)
      return false;
    for (char ch : s)
      if (ch < '0' || ch > '9')
        return false;
    out = std::stoi(s);
    return out >= 1 && out <= kMaxDimension;
  };
  if (xPos != std::string::npos) {
    std::string w = name.substr(0, xPos);
    std::string h = name.substr(xPos + 1);
    bool torus = !h.empty() && h.back() == 't';
    if (torus)
      h.pop_back();
    int wi = 0, hi = 0;
    if (parseDim(w, wi) && parseDim(h, hi))
      return grid(wi, hi, torus);
  }
  error = fmt::format("unknown machine profile '{}': expected 'spinn5', "
                      "'spinn2', 'WxH' or 'WxHt' with W and H in [1, {}]",
                      name, kMaxDimension);
  return std::nullopt;
}

bool MachineModel::inShape(ChipCoord c) const {
  return c.x >= 0 && c.y >= 0 && c.x < width_ && c.y < height_ &&
         shape_[index(c)];
}

bool MachineModel::chipAlive(ChipCoord c) const {
  return inShape(c) && !chipDead(c);
}

std::optional<ChipCoord> MachineModel::neighbour(ChipCoord c,
                                                 Direction d) const {
  if (!inShape(c))
    return std::nullopt;
  auto off = directionOffset(d);
  ChipCoord n{c.x + off[0], c.y + off[1]};
  if (torus_) {
    n.x = (n.x + width_) % width_;
    n.y = (n.y + height_) % height_;
  }
  if (!inShape(n))
    return std::nullopt;
  return n;
}

bool MachineModel::linkDead(ChipCoord c, Direction d) const {
  return deadLinkEnds_.count({c, static_cast<int>(d)}) != 0;
}

bool MachineModel::linkUsable(ChipCoord c, Direction d) const {
  if (!chipAlive(c) || linkDead(c, d))
    return false;
  auto n = neighbour(c, d);
  return n && chipAlive(*n);
}

int MachineModel::hexDistance(ChipCoord a, ChipCoord b) const {
  int dx = b.x - a.x, dy = b.y - a.y;
  if (!torus_)
    return hexLength(dx, dy);
  int best = hexLength(dx, dy);
  for (int kx = -1; kx <= 1; ++kx)
    for (int ky = -1; ky <= 1; ++ky)
      best = std::min(best, hexLength(dx + kx * width_, dy + ky * height_));
  return best;
}

std::vector<ChipCoord> MachineModel::allChips() const {
  std::vector<ChipCoord> out;
  for (int y = 0; y < height_; ++y)
    for (int x = 0; x < width_; ++x)
      if (shape_[index({x, y})])
        out.push_back({x, y});
  return out;
}

std::vector<ChipCoord> MachineModel::liveChips() const {
  std::vector<ChipCoord> out;
  for (ChipCoord c : allChips())
    if (!chipDead(c))
      out.push_back(c);
  return out;
}

int MachineModel::numLiveChips() const {
  return static_cast<int>(liveChips().size());
}

std::vector<int> MachineModel::applicationCores(ChipCoord c) const {
  std::vector<int> out;
  if (!chipAlive(c))
    return out;
  for (int p = 0; p < coresPerChip; ++p)
    if (p != monitorCore && !coreDead({c.x, c.y, p}))
      out.push_back(p);
  return out;
}

bool MachineModel::killChip(ChipCoord c) {
  if (!inShape(c))
    return false;
  deadChips_.insert(c);
  return true;
}

bool MachineModel::killCore(CoreCoord core) {
  if (!inShape({core.x, core.y}) || core.p < 0 || core.p >= coresPerChip)
    return false;
  deadCores_.insert(core);
  return true;
}

bool MachineModel::killLink(ChipCoord c, Direction d) {
  auto n = neighbour(c, d);
  if (!n)
    return false;
  deadLinkEnds_.insert({c, static_cast<int>(d)});
  deadLinkEnds_.insert({*n, static_cast<int>(opposite(d))});
  return true;
}

std::vector<std::pair<ChipCoord, Direction>> MachineModel::deadLinks() const {
  std::vector<std::pair<ChipCoord, Direction>> out;
  for (const auto &[c, di] : deadLinkEnds_) {
    Direction d = static_cast<Direction>(di);
    ChipCoord n = *neighbour(c, d);
    auto other = std::make_pair(n, static_cast<int>(opposite(d)));
    // Keep the end that sorts first; a self-loop (1-wide torus) once.
    if (std::make_pair(c, di) <= other || deadLinkEnds_.count(other) == 0)
      out.push_back({c, d});
  }
  return out;
}
