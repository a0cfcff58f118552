//===- ImageIO.cpp - Machine image files (.dimg) --------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The binary `.dimg` format of docs/MachineImage.md: a header, a table of
/// five checksummed sections, all little-endian. Large arrays (synaptic
/// words, row starts, biases) move with one fread/fwrite each so that a
/// multi-gigabyte image loads at disk speed; everything else goes through
/// the C library's buffered streams. The reader trusts nothing: every count
/// is checked against the bytes left in its section before anything is
/// allocated, and the parsed image must pass validateMachineImage.
///
//===----------------------------------------------------------------------===//

#include "dendron/Spinn/ImageIO.h"

#include "AtomicFile.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <type_traits>

#include <sys/mman.h>
#include <sys/stat.h>

using namespace dendron;
using namespace dendron::spinn;

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the .dimg format is little-endian and arrays are copied "
              "verbatim; a big-endian host needs byte swapping here");

namespace {

//===----------------------------------------------------------------------===//
// Format constants
//===----------------------------------------------------------------------===//

constexpr char kMagic[8] = {'D', 'E', 'N', 'D', 'I', 'M', 'G', '\0'};
constexpr uint32_t kVersion = 1;
constexpr uint32_t kNumSections = 5;
/// Section table entry: id, reserved, offset, size, checksum.
constexpr uint64_t kSectionEntryBytes = 32;
constexpr uint64_t kPreambleBytes = 16; // magic, version, section count.
constexpr uint64_t kHeaderBytes =
    kPreambleBytes + kNumSections * kSectionEntryBytes;
/// Longest string (names) the reader accepts [bytes].
constexpr uint32_t kMaxStringBytes = 1u << 16;
const char *const kSectionNames[kNumSections] = {"summary", "machine",
                                                 "network", "cores", "tables"};
/// Arrival byte of a router entry whose arrival link is unknown.
constexpr uint8_t kNoArrival = 0xff;

//===----------------------------------------------------------------------===//
// Checksum
//===----------------------------------------------------------------------===//

/// The section checksum of docs/MachineImage.md: over the section's bytes
/// as little-endian 64-bit words (the last one zero-padded),
/// h <- rotl(h ^ w, 23) * K, then h <- (h ^ size) * K. Every step is a
/// bijection of h, so any change to a single word (in particular any
/// single corrupted byte) changes the result.
class Checksum {
public:
  static constexpr uint64_t kSeed = 0xcbf29ce484222325ull;
  static constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ull;

  void update(const void *data, size_t bytes) {
    auto *p = static_cast<const unsigned char *>(data);
    size_ += bytes;
    if (pending_ > 0) {
      size_t take = std::min<size_t>(8 - pending_, bytes);
      std::memcpy(tail_ + pending_, p, take);
      pending_ += take;
      p += take;
      bytes -= take;
      if (pending_ < 8)
        return;
      mixWord(load(tail_));
      pending_ = 0;
    }
    for (; bytes >= 8; bytes -= 8, p += 8)
      mixWord(load(p));
    std::memcpy(tail_, p, bytes);
    pending_ = bytes;
  }

  uint64_t finish() const {
    uint64_t h = hash_;
    if (pending_ > 0) {
      unsigned char last[8] = {};
      std::memcpy(last, tail_, pending_);
      h = step(h, load(last));
    }
    return (h ^ size_) * kMultiplier;
  }

private:
  static uint64_t load(const unsigned char *p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  }
  static uint64_t step(uint64_t h, uint64_t w) {
    h ^= w;
    h = (h << 23) | (h >> 41);
    return h * kMultiplier;
  }
  void mixWord(uint64_t w) { hash_ = step(hash_, w); }

  uint64_t hash_ = kSeed;
  uint64_t size_ = 0;
  unsigned char tail_[8] = {};
  size_t pending_ = 0; ///< bytes in tail_, always < 8.
};

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

/// Appends to a stdio stream, counting and checksumming; remembers the
/// first failure instead of failing every call.
class Writer {
public:
  explicit Writer(FILE *file) : file_(file) {}

  void raw(const void *data, size_t bytes) {
    if (bytes == 0 || failed_)
      return;
    if (std::fwrite(data, 1, bytes, file_) != bytes) {
      failed_ = true;
      errno_ = errno;
      return;
    }
    position_ += bytes;
    checksum_.update(data, bytes);
  }
  template <typename T> void scalar(T value) {
    static_assert(std::is_arithmetic_v<T>);
    raw(&value, sizeof(T));
  }
  void u8(uint8_t v) { scalar(v); }
  void u32(uint32_t v) { scalar(v); }
  void i32(int32_t v) { scalar(v); }
  void u64(uint64_t v) { scalar(v); }
  void f64(double v) { scalar(v); }
  void flag(bool v) { u8(v ? 1 : 0); }
  void string(const std::string &s) {
    u32(uint32_t(s.size()));
    raw(s.data(), s.size());
  }
  /// A u64 count, then the elements verbatim.
  template <typename T> void array(const std::vector<T> &v) {
    u64(v.size());
    raw(v.data(), v.size() * sizeof(T));
  }

  /// Starts a new section: resets the checksum.
  void beginSection() { checksum_ = Checksum(); }
  uint64_t checksum() const { return checksum_.finish(); }
  uint64_t position() const { return position_; }
  bool failed() const { return failed_; }
  int error() const { return errno_; }

private:
  FILE *file_;
  Checksum checksum_;
  uint64_t position_ = 0;
  bool failed_ = false;
  int errno_ = 0;
};

void writeLif(Writer &w, const rt::LifModel &m) {
  for (double v : {m.tauMem, m.vLeak, m.vTh, m.vReset, m.r, m.tRef, m.tauSynExc,
                   m.tauSynInh, m.tauAdapt, m.adaptJump})
    w.f64(v);
  w.flag(m.spiking);
  w.flag(m.memoryless);
  w.u8(uint8_t(m.reset));
  w.u8(uint8_t(m.integrator));
}

void writeSummary(Writer &w, const MachineImage &image) {
  w.u64(image.placementSeed);
  w.u64(image.numSynapses);
}

void writeMachine(Writer &w, const machine::MachineModel &m) {
  w.string(m.name());
  w.string(m.profile());
  w.i32(m.width());
  w.i32(m.height());
  w.flag(m.torus());
  w.i32(m.coresPerChip);
  w.i32(m.monitorCore);
  w.u64(m.coreDataMemory);
  w.u64(m.chipSharedMemory);
  w.u32(m.routerEntries);
  w.u64(m.clockHz);
  w.f64(m.linkPacketsPerSecond);
  w.u32(m.reinjectionQueue);
  const machine::CycleCosts &c = m.cycleCosts;
  w.f64(c.defaultNeuronUpdate);
  w.f64(c.perPacketReceived);
  w.f64(c.perSynapticWord);
  w.f64(c.perDmaByte);
  w.u32(uint32_t(c.neuronUpdate.size()));
  for (const auto &[model, cost] : c.neuronUpdate) {
    w.string(model);
    w.f64(cost);
  }
  w.u32(uint32_t(m.deadChips().size()));
  for (machine::ChipCoord chip : m.deadChips()) {
    w.i32(chip.x);
    w.i32(chip.y);
  }
  w.u32(uint32_t(m.deadCores().size()));
  for (const machine::CoreCoord &core : m.deadCores()) {
    w.i32(core.x);
    w.i32(core.y);
    w.i32(core.p);
  }
  auto links = m.deadLinks();
  w.u32(uint32_t(links.size()));
  for (const auto &[chip, dir] : links) {
    w.i32(chip.x);
    w.i32(chip.y);
    w.u8(uint8_t(dir));
  }
}

void writeNetwork(Writer &w, const rt::NetworkSpec &net) {
  w.string(net.name);
  w.f64(net.dt);
  w.u8(uint8_t(net.profile));
  w.u32(uint32_t(net.populations.size()));
  for (const rt::Population &pop : net.populations) {
    w.string(pop.name);
    w.u32(pop.size);
    w.u8(uint8_t(pop.model.index()));
    if (auto *lif = std::get_if<rt::LifModel>(&pop.model)) {
      writeLif(w, *lif);
    } else if (auto *izh = std::get_if<rt::IzhikevichModel>(&pop.model)) {
      for (double v : {izh->a, izh->b, izh->c, izh->d, izh->vPeak, izh->tauSyn})
        w.f64(v);
    } else {
      const auto &dend = std::get<rt::DendriticModel>(pop.model);
      writeLif(w, dend.soma);
      w.u32(uint32_t(dend.branches.size()));
      for (const rt::Branch &b : dend.branches) {
        for (double v : {b.tau, b.threshold, b.amplitude, b.gain, b.slope})
          w.f64(v);
        w.u32(b.plateauSteps);
        w.f64(b.coupling);
        w.u8(uint8_t(b.nonlinearity));
      }
    }
    w.u8(uint8_t(pop.vInit.kind));
    w.f64(pop.vInit.a);
    w.f64(pop.vInit.b);
    w.u64(pop.vInitSeed);
  }
  w.u32(uint32_t(net.sources.size()));
  for (const rt::Source &src : net.sources) {
    w.string(src.name);
    w.u32(src.size);
    w.u8(uint8_t(src.kind.index()));
    if (auto *array = std::get_if<rt::SpikeArraySource>(&src.kind)) {
      w.array(array->neuron);
      w.array(array->step);
    } else if (auto *poisson = std::get_if<rt::PoissonSource>(&src.kind)) {
      w.f64(poisson->rate);
      w.u64(poisson->seed);
    }
  }
  w.u32(uint32_t(net.probes.size()));
  for (const rt::Probe &probe : net.probes) {
    w.u8(uint8_t(probe.node.kind));
    w.u32(probe.node.index);
    w.u8(uint8_t(probe.variable));
  }
}

void writeCores(Writer &w, const std::vector<CoreProgram> &cores) {
  w.u32(uint32_t(cores.size()));
  for (const CoreProgram &c : cores) {
    w.i32(c.core.x);
    w.i32(c.core.y);
    w.i32(c.core.p);
    w.u8(uint8_t(c.node.kind));
    w.u32(c.node.index);
    w.u32(c.lo);
    w.u32(c.hi);
    w.u32(c.keys.base);
    w.u32(c.keys.mask);
    w.u32(c.keys.count);
    w.u64(c.keys.blockSize);
    w.u32(c.channels);
    w.u32(c.ringDepth);
    w.u64(c.dataMemoryBytes);
    w.u64(c.sharedMemoryBytes);
    w.u64(c.sharedMemoryOffset);
    w.f64(c.expectedCycles);
    static_assert(sizeof(MasterPopEntry) == 16,
                  "master population entries are written verbatim");
    w.array(c.masterPopTable);
    w.array(c.rowStart);
    w.array(c.words);
    w.array(c.bias);
  }
}

void writeTables(Writer &w, const std::vector<ChipTable> &tables) {
  w.u32(uint32_t(tables.size()));
  for (const ChipTable &t : tables) {
    w.i32(t.chip.x);
    w.i32(t.chip.y);
    w.u64(t.uncompressedSize);
    w.u32(uint32_t(t.entries.size()));
    for (const routing::Entry &e : t.entries) {
      w.u32(e.key);
      w.u32(e.mask);
      for (uint64_t word : e.route.raw())
        w.u64(word);
      w.u8(e.arrival ? uint8_t(*e.arrival) : kNoArrival);
    }
  }
}

/// Counts that the format stores as u32 must fit.
std::string checkWritableCounts(const MachineImage &image) {
  auto tooMany = [](size_t n) { return n > UINT32_MAX; };
  if (tooMany(image.network.populations.size()) ||
      tooMany(image.network.sources.size()) ||
      tooMany(image.network.probes.size()) || tooMany(image.cores.size()) ||
      tooMany(image.tables.size()))
    return "image: more than 2^32 - 1 populations, sources, probes, cores or "
           "tables";
  for (const rt::Population &pop : image.network.populations)
    if (pop.name.size() > kMaxStringBytes)
      return fmt::format("network.populations '{}...': name longer than {} "
                         "bytes",
                         pop.name.substr(0, 32), kMaxStringBytes);
  for (const rt::Source &src : image.network.sources)
    if (src.name.size() > kMaxStringBytes)
      return fmt::format("network.sources '{}...': name longer than {} bytes",
                         src.name.substr(0, 32), kMaxStringBytes);
  if (image.network.name.size() > kMaxStringBytes ||
      image.machine.name().size() > kMaxStringBytes)
    return fmt::format("image: network or machine name longer than {} bytes",
                       kMaxStringBytes);
  for (const auto &[model, cost] : image.machine.cycleCosts.neuronUpdate)
    if (model.size() > kMaxStringBytes)
      return fmt::format("machine.cycleCosts: model name longer than {} bytes",
                         kMaxStringBytes);
  for (const ChipTable &t : image.tables)
    if (tooMany(t.entries.size()))
      return "tables: more than 2^32 - 1 entries in one table";
  return "";
}

struct FileCloser {
  void operator()(FILE *f) const {
    if (f)
      std::fclose(f);
  }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

/// Reads one section from a stdio stream, never past the section's end;
/// the first problem is kept (later calls do nothing and fail).
class Reader {
public:
  Reader(FILE *file, uint64_t size) : file_(file), remaining_(size) {}

  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }
  uint64_t remaining() const { return remaining_; }
  uint64_t checksum() const { return checksum_.finish(); }

  bool fail(std::string message) {
    if (error_.empty())
      error_ = std::move(message);
    return false;
  }

  bool raw(void *data, size_t bytes, const std::string &field) {
    if (!ok())
      return false;
    if (bytes > remaining_)
      return fail(fmt::format("{}: needs {} bytes, the section has {} left",
                              field, bytes, remaining_));
    // In chunks, each checksummed while it is still in the cache.
    auto *out = static_cast<unsigned char *>(data);
    for (size_t done = 0; done < bytes;) {
      size_t chunk = std::min(bytes - done, kChunkBytes);
      if (std::fread(out + done, 1, chunk, file_) != chunk)
        return fail(fmt::format("{}: read error: {}", field,
                                std::ferror(file_) ? std::strerror(errno)
                                                   : "unexpected end of file"));
      checksum_.update(out + done, chunk);
      done += chunk;
    }
    remaining_ -= bytes;
    return true;
  }
  template <typename T> bool scalar(T &value, const std::string &field) {
    static_assert(std::is_arithmetic_v<T>);
    return raw(&value, sizeof(T), field);
  }
  bool u32(uint32_t &v, const std::string &field) { return scalar(v, field); }
  bool i32(int32_t &v, const std::string &field) { return scalar(v, field); }
  bool u64(uint64_t &v, const std::string &field) { return scalar(v, field); }
  bool f64(double &v, const std::string &field) { return scalar(v, field); }
  /// A byte that must be < `limit` (an enum or a flag).
  bool enumeration(uint8_t &v, unsigned limit, const std::string &field) {
    if (!scalar(v, field))
      return false;
    if (v >= limit)
      return fail(fmt::format("{}: value {} out of range [0, {})", field,
                              unsigned(v), limit));
    return true;
  }
  bool flag(bool &v, const std::string &field) {
    uint8_t byte = 0;
    if (!enumeration(byte, 2, field))
      return false;
    v = byte != 0;
    return true;
  }
  bool string(std::string &s, const std::string &field) {
    uint32_t length = 0;
    if (!u32(length, field + " length"))
      return false;
    if (length > kMaxStringBytes)
      return fail(fmt::format("{}: length {} exceeds the limit of {} bytes",
                              field, length, kMaxStringBytes));
    if (length > remaining_)
      return fail(fmt::format("{}: length {} exceeds the {} bytes left in "
                              "the section",
                              field, length, remaining_));
    s.resize(length);
    return raw(s.data(), length, field);
  }
  /// A count of elements of at least `minBytes` each, checked against the
  /// bytes left before anyone allocates for it.
  bool count(uint64_t &n, uint64_t minBytes, const std::string &field) {
    if (!ok())
      return false;
    if (n > remaining_ / minBytes)
      return fail(fmt::format("{}: count {} needs {} bytes, the section has "
                              "{} left",
                              field, n,
                              n > UINT64_MAX / minBytes
                                  ? std::string("more than 2^64")
                                  : "at least " + std::to_string(n * minBytes),
                              remaining_));
    return true;
  }
  bool count32(uint32_t &n, uint64_t minBytes, const std::string &field) {
    if (!u32(n, field + " count"))
      return false;
    uint64_t wide = n;
    return count(wide, minBytes, field);
  }
  template <typename T>
  bool array(std::vector<T> &v, const std::string &field) {
    uint64_t n = 0;
    if (!u64(n, field + " count") || !count(n, sizeof(T), field))
      return false;
    v.clear();
    v.reserve(n);
    adviseHugePages(v.data(), n * sizeof(T));
    v.resize(n);
    return raw(v.data(), n * sizeof(T), field);
  }

private:
  static constexpr size_t kChunkBytes = size_t(4) << 20;

  /// Asks for transparent huge pages on a large, not yet touched buffer:
  /// filling gigabytes of fresh memory otherwise costs one page fault per
  /// 4 KiB. Only a hint; failure changes nothing.
  static void adviseHugePages(void *data, size_t bytes) {
    constexpr size_t kHugePage = size_t(2) << 20;
    if (bytes < 32 * kHugePage)
      return;
    auto begin = (reinterpret_cast<uintptr_t>(data) + kHugePage - 1) &
                 ~uintptr_t(kHugePage - 1);
    auto end =
        (reinterpret_cast<uintptr_t>(data) + bytes) & ~uintptr_t(kHugePage - 1);
    if (end > begin)
      ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
  }

  FILE *file_;
  uint64_t remaining_;
  Checksum checksum_;
  std::string error_;
};

bool readLif(Reader &r, rt::LifModel &m, const std::string &field) {
  for (double *v : {&m.tauMem, &m.vLeak, &m.vTh, &m.vReset, &m.r, &m.tRef,
                    &m.tauSynExc, &m.tauSynInh, &m.tauAdapt, &m.adaptJump})
    r.f64(*v, field);
  uint8_t reset = 0, integrator = 0;
  r.flag(m.spiking, field + ".spiking");
  r.flag(m.memoryless, field + ".memoryless");
  r.enumeration(reset, 2, field + ".reset");
  r.enumeration(integrator, 2, field + ".integrator");
  m.reset = rt::ResetMode(reset);
  m.integrator = rt::Integrator(integrator);
  return r.ok();
}

bool readSummary(Reader &r, MachineImage &image) {
  r.u64(image.placementSeed, "summary.placementSeed");
  r.u64(image.numSynapses, "summary.numSynapses");
  return r.ok();
}

bool readMachine(Reader &r, MachineImage &image) {
  std::string name, profile;
  int32_t width = 0, height = 0;
  bool torus = false;
  r.string(name, "machine.name");
  r.string(profile, "machine.profile");
  r.i32(width, "machine.width");
  r.i32(height, "machine.height");
  r.flag(torus, "machine.torus");
  if (!r.ok())
    return false;
  std::optional<machine::MachineModel> m;
  if (profile == "spinn5")
    m = machine::MachineModel::spinn5();
  else if (profile == "spinn2")
    m = machine::MachineModel::spinn2();
  else if (profile == "grid" && width >= 1 &&
           width <= machine::MachineModel::kMaxDimension && height >= 1 &&
           height <= machine::MachineModel::kMaxDimension)
    m = machine::MachineModel::grid(width, height, torus);
  else if (profile != "grid")
    return r.fail(fmt::format("machine.profile: '{}' is not 'spinn5', "
                              "'spinn2' or 'grid'",
                              profile.substr(0, 64)));
  if (!m || m->width() != width || m->height() != height || m->torus() != torus)
    return r.fail(fmt::format("machine: a '{}' mesh of {}x{}{} is not "
                              "possible",
                              profile, width, height, torus ? " (torus)" : ""));
  m->setName(name);
  r.i32(m->coresPerChip, "machine.coresPerChip");
  r.i32(m->monitorCore, "machine.monitorCore");
  r.u64(m->coreDataMemory, "machine.coreDataMemory");
  r.u64(m->chipSharedMemory, "machine.chipSharedMemory");
  r.u32(m->routerEntries, "machine.routerEntries");
  r.u64(m->clockHz, "machine.clockHz");
  r.f64(m->linkPacketsPerSecond, "machine.linkPacketsPerSecond");
  r.u32(m->reinjectionQueue, "machine.reinjectionQueue");
  if (!r.ok())
    return false;
  if (m->coresPerChip < 1 || m->coresPerChip > int(routing::Route::kMaxCores))
    return r.fail(fmt::format("machine.coresPerChip: {} outside [1, {}]",
                              m->coresPerChip, routing::Route::kMaxCores));
  if (m->monitorCore < 0 || m->monitorCore >= m->coresPerChip)
    return r.fail(fmt::format("machine.monitorCore: {} outside [0, {})",
                              m->monitorCore, m->coresPerChip));
  machine::CycleCosts &c = m->cycleCosts;
  c.neuronUpdate.clear();
  r.f64(c.defaultNeuronUpdate, "machine.cycleCosts.defaultNeuronUpdate");
  r.f64(c.perPacketReceived, "machine.cycleCosts.perPacketReceived");
  r.f64(c.perSynapticWord, "machine.cycleCosts.perSynapticWord");
  r.f64(c.perDmaByte, "machine.cycleCosts.perDmaByte");
  uint32_t n = 0;
  r.count32(n, 4 + 8, "machine.cycleCosts.neuronUpdate");
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    std::string model;
    double cost = 0;
    std::string field = fmt::format("machine.cycleCosts.neuronUpdate[{}]", i);
    r.string(model, field);
    r.f64(cost, field);
    if (r.ok() && !c.neuronUpdate.emplace(model, cost).second)
      return r.fail(fmt::format("{}: model '{}' listed twice", field,
                                model.substr(0, 64)));
  }
  r.count32(n, 8, "machine.deadChips");
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    machine::ChipCoord chip;
    std::string field = fmt::format("machine.deadChips[{}]", i);
    r.i32(chip.x, field);
    r.i32(chip.y, field);
    if (r.ok() && !m->killChip(chip))
      return r.fail(
          fmt::format("{}: no chip at ({}, {})", field, chip.x, chip.y));
  }
  r.count32(n, 12, "machine.deadCores");
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    machine::CoreCoord core;
    std::string field = fmt::format("machine.deadCores[{}]", i);
    r.i32(core.x, field);
    r.i32(core.y, field);
    r.i32(core.p, field);
    if (r.ok() && !m->killCore(core))
      return r.fail(fmt::format("{}: no core ({}, {}, {})", field, core.x,
                                core.y, core.p));
  }
  r.count32(n, 9, "machine.deadLinks");
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    machine::ChipCoord chip;
    uint8_t dir = 0;
    std::string field = fmt::format("machine.deadLinks[{}]", i);
    r.i32(chip.x, field);
    r.i32(chip.y, field);
    r.enumeration(dir, machine::kNumDirections, field + ".direction");
    if (r.ok() && !m->killLink(chip, machine::Direction(dir)))
      return r.fail(fmt::format("{}: no link {} at chip ({}, {})", field,
                                machine::directionName(machine::Direction(dir)),
                                chip.x, chip.y));
  }
  if (!r.ok())
    return false;
  image.machine = std::move(*m);
  return true;
}

bool readPopulation(Reader &r, rt::Population &pop, const std::string &field) {
  r.string(pop.name, field + ".name");
  r.u32(pop.size, field + ".size");
  uint8_t kind = 0;
  r.enumeration(kind, 3, field + ".model.kind");
  if (!r.ok())
    return false;
  if (kind == 0) {
    rt::LifModel lif;
    readLif(r, lif, field + ".model");
    pop.model = lif;
  } else if (kind == 1) {
    rt::IzhikevichModel izh;
    for (double *v : {&izh.a, &izh.b, &izh.c, &izh.d, &izh.vPeak, &izh.tauSyn})
      r.f64(*v, field + ".model");
    pop.model = izh;
  } else {
    rt::DendriticModel dend;
    readLif(r, dend.soma, field + ".model.soma");
    uint32_t n = 0;
    r.count32(n, 5 * 8 + 4 + 8 + 1, field + ".model.branches");
    if (!r.ok())
      return false;
    dend.branches.resize(n);
    for (uint32_t b = 0; b < n && r.ok(); ++b) {
      rt::Branch &br = dend.branches[b];
      std::string bf = fmt::format("{}.model.branches[{}]", field, b);
      for (double *v :
           {&br.tau, &br.threshold, &br.amplitude, &br.gain, &br.slope})
        r.f64(*v, bf);
      r.u32(br.plateauSteps, bf);
      r.f64(br.coupling, bf);
      uint8_t nl = 0;
      r.enumeration(nl, 3, bf + ".nonlinearity");
      br.nonlinearity = rt::BranchNonlinearity(nl);
    }
    pop.model = std::move(dend);
  }
  uint8_t vKind = 0;
  r.enumeration(vKind, 3, field + ".vInit.kind");
  pop.vInit.kind = rt::RealDistribution::Kind(vKind);
  r.f64(pop.vInit.a, field + ".vInit");
  r.f64(pop.vInit.b, field + ".vInit");
  r.u64(pop.vInitSeed, field + ".vInitSeed");
  return r.ok();
}

bool readNetwork(Reader &r, rt::NetworkSpec &net) {
  uint8_t profile = 0;
  r.string(net.name, "network.name");
  r.f64(net.dt, "network.dt");
  r.enumeration(profile, 2, "network.profile");
  net.profile = rt::NumericProfile(profile);
  uint32_t n = 0;
  // Smallest population: name length, size, kind, Izhikevich, vInit.
  r.count32(n, 4 + 4 + 1 + 6 * 8 + 1 + 2 * 8 + 8, "network.populations");
  if (!r.ok())
    return false;
  net.populations.resize(n);
  for (uint32_t i = 0; i < n && r.ok(); ++i)
    readPopulation(r, net.populations[i],
                   fmt::format("network.populations[{}]", i));
  r.count32(n, 4 + 4 + 1, "network.sources");
  if (!r.ok())
    return false;
  net.sources.resize(n);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    rt::Source &src = net.sources[i];
    std::string field = fmt::format("network.sources[{}]", i);
    r.string(src.name, field + ".name");
    r.u32(src.size, field + ".size");
    uint8_t kind = 0;
    r.enumeration(kind, 3, field + ".kind");
    if (!r.ok())
      break;
    if (kind == 0) {
      rt::SpikeArraySource array;
      r.array(array.neuron, field + ".neuron");
      r.array(array.step, field + ".step");
      src.kind = std::move(array);
    } else if (kind == 1) {
      rt::PoissonSource poisson;
      r.f64(poisson.rate, field + ".rate");
      r.u64(poisson.seed, field + ".seed");
      src.kind = poisson;
    } else {
      src.kind = rt::ExternalSource{};
    }
  }
  r.count32(n, 1 + 4 + 1, "network.probes");
  if (!r.ok())
    return false;
  net.probes.resize(n);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    rt::Probe &probe = net.probes[i];
    std::string field = fmt::format("network.probes[{}]", i);
    uint8_t kind = 0, variable = 0;
    r.enumeration(kind, 2, field + ".node.kind");
    r.u32(probe.node.index, field + ".node.index");
    r.enumeration(variable, 3, field + ".variable");
    probe.node.kind = rt::NodeRef::Kind(kind);
    probe.variable = rt::ProbeVariable(variable);
  }
  return r.ok();
}

/// Fixed part of a core record, then four u64 array counts [bytes].
constexpr uint64_t kMinCoreBytes =
    3 * 4 + 1 + 4 + 2 * 4 + 3 * 4 + 8 + 2 * 4 + 3 * 8 + 8 + 4 * 8;

bool readCores(Reader &r, std::vector<CoreProgram> &cores) {
  uint32_t n = 0;
  r.count32(n, kMinCoreBytes, "cores");
  if (!r.ok())
    return false;
  cores.resize(n);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    CoreProgram &c = cores[i];
    std::string field = fmt::format("cores[{}]", i);
    r.i32(c.core.x, field + ".core");
    r.i32(c.core.y, field + ".core");
    r.i32(c.core.p, field + ".core");
    uint8_t kind = 0;
    r.enumeration(kind, 2, field + ".node.kind");
    c.node.kind = rt::NodeRef::Kind(kind);
    r.u32(c.node.index, field + ".node.index");
    r.u32(c.lo, field + ".lo");
    r.u32(c.hi, field + ".hi");
    r.u32(c.keys.base, field + ".keys");
    r.u32(c.keys.mask, field + ".keys");
    r.u32(c.keys.count, field + ".keys");
    r.u64(c.keys.blockSize, field + ".keys");
    r.u32(c.channels, field + ".channels");
    r.u32(c.ringDepth, field + ".ringDepth");
    r.u64(c.dataMemoryBytes, field + ".dataMemoryBytes");
    r.u64(c.sharedMemoryBytes, field + ".sharedMemoryBytes");
    r.u64(c.sharedMemoryOffset, field + ".sharedMemoryOffset");
    r.f64(c.expectedCycles, field + ".expectedCycles");
    r.array(c.masterPopTable, field + ".masterPopTable");
    r.array(c.rowStart, field + ".rowStart");
    r.array(c.words, field + ".words");
    r.array(c.bias, field + ".bias");
  }
  return r.ok();
}

bool readTables(Reader &r, std::vector<ChipTable> &tables) {
  uint32_t n = 0;
  r.count32(n, 4 + 4 + 8 + 4, "tables");
  if (!r.ok())
    return false;
  tables.resize(n);
  constexpr uint64_t kEntryBytes = 4 + 4 + 3 * 8 + 1;
  for (uint32_t t = 0; t < n && r.ok(); ++t) {
    ChipTable &table = tables[t];
    std::string field = fmt::format("tables[{}]", t);
    r.i32(table.chip.x, field + ".chip");
    r.i32(table.chip.y, field + ".chip");
    r.u64(table.uncompressedSize, field + ".uncompressedSize");
    uint32_t entries = 0;
    r.count32(entries, kEntryBytes, field + ".entries");
    if (!r.ok())
      break;
    // One read for the whole table, then decode.
    std::vector<unsigned char> bytes(size_t(entries) * kEntryBytes);
    if (!r.raw(bytes.data(), bytes.size(), field + ".entries"))
      break;
    table.entries.resize(entries);
    for (uint32_t e = 0; e < entries; ++e) {
      const unsigned char *p = bytes.data() + size_t(e) * kEntryBytes;
      routing::Entry &entry = table.entries[e];
      std::memcpy(&entry.key, p, 4);
      std::memcpy(&entry.mask, p + 4, 4);
      std::array<uint64_t, 3> route;
      std::memcpy(route.data(), p + 8, 24);
      // Only the set bits (a route names a few links and cores).
      for (unsigned word = 0; word < 3; ++word)
        for (uint64_t bits = route[word]; bits != 0; bits &= bits - 1)
          entry.route =
              entry.route.withBit(word * 64 + unsigned(__builtin_ctzll(bits)));
      uint8_t arrival = p[32];
      if (arrival != kNoArrival) {
        if (arrival >= routing::kNumLinks)
          return r.fail(fmt::format("{}.entries[{}].arrival: value {} is "
                                    "neither a link [0, 6) nor 255 (unknown)",
                                    field, e, unsigned(arrival)));
        entry.arrival = routing::Link(arrival);
      }
    }
  }
  return r.ok();
}

struct SectionEntry {
  uint32_t id = 0;
  uint32_t reserved = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  uint64_t checksum = 0;
};

std::optional<MachineImage> readImage(FILE *file, uint64_t fileSize,
                                      std::string &error) {
  if (fileSize < kPreambleBytes) {
    error = fmt::format("header: file is {} bytes, shorter than the {}-byte "
                        "header",
                        fileSize, kPreambleBytes);
    return std::nullopt;
  }
  unsigned char preamble[kPreambleBytes];
  if (std::fread(preamble, 1, kPreambleBytes, file) != kPreambleBytes) {
    error = "header: read error";
    return std::nullopt;
  }
  if (std::memcmp(preamble, kMagic, sizeof(kMagic)) != 0) {
    error = "header: bad magic, not a Dendron machine image";
    return std::nullopt;
  }
  uint32_t version = 0, sections = 0;
  std::memcpy(&version, preamble + 8, 4);
  std::memcpy(&sections, preamble + 12, 4);
  if (version != kVersion) {
    error = fmt::format("header: version {} is not supported (this build "
                        "reads version {})",
                        version, kVersion);
    return std::nullopt;
  }
  if (sections != kNumSections) {
    error = fmt::format("header: {} sections, version {} has {}", sections,
                        kVersion, kNumSections);
    return std::nullopt;
  }
  if (fileSize < kHeaderBytes) {
    error = fmt::format("section table: file is {} bytes, the section table "
                        "ends at byte {}",
                        fileSize, kHeaderBytes);
    return std::nullopt;
  }
  SectionEntry table[kNumSections];
  uint64_t expectedOffset = kHeaderBytes;
  for (uint32_t i = 0; i < kNumSections; ++i) {
    unsigned char raw[kSectionEntryBytes];
    if (std::fread(raw, 1, sizeof(raw), file) != sizeof(raw)) {
      error = "section table: read error";
      return std::nullopt;
    }
    SectionEntry &s = table[i];
    std::memcpy(&s.id, raw, 4);
    std::memcpy(&s.reserved, raw + 4, 4);
    std::memcpy(&s.offset, raw + 8, 8);
    std::memcpy(&s.size, raw + 16, 8);
    std::memcpy(&s.checksum, raw + 24, 8);
    if (s.id != i + 1 || s.reserved != 0) {
      error = fmt::format("section table: entry {} has id {} and reserved {}, "
                          "expected id {} ('{}') and 0",
                          i, s.id, s.reserved, i + 1, kSectionNames[i]);
      return std::nullopt;
    }
    if (s.offset != expectedOffset) {
      error = fmt::format("section '{}': starts at byte {}, expected {}",
                          kSectionNames[i], s.offset, expectedOffset);
      return std::nullopt;
    }
    if (s.size > fileSize - s.offset) {
      error = fmt::format("section '{}': bytes [{}, {}) run past the end of "
                          "the file ({} bytes)",
                          kSectionNames[i], s.offset,
                          s.size > UINT64_MAX - s.offset
                              ? std::string("2^64")
                              : std::to_string(s.offset + s.size),
                          fileSize);
      return std::nullopt;
    }
    expectedOffset = s.offset + s.size;
  }
  if (expectedOffset != fileSize) {
    error = fmt::format("file: {} bytes after the last section",
                        fileSize - expectedOffset);
    return std::nullopt;
  }

  MachineImage image;
  for (uint32_t i = 0; i < kNumSections; ++i) {
    Reader r(file, table[i].size);
    switch (i) {
    case 0:
      readSummary(r, image);
      break;
    case 1:
      readMachine(r, image);
      break;
    case 2:
      readNetwork(r, image.network);
      break;
    case 3:
      readCores(r, image.cores);
      break;
    default:
      readTables(r, image.tables);
      break;
    }
    if (r.ok() && r.remaining() != 0)
      r.fail(fmt::format("section '{}': {} unused bytes at its end",
                         kSectionNames[i], r.remaining()));
    if (r.ok() && r.checksum() != table[i].checksum)
      r.fail(fmt::format("section '{}': checksum {:#018x} does not match the "
                         "stored {:#018x} (the file is corrupt)",
                         kSectionNames[i], r.checksum(), table[i].checksum));
    if (!r.ok()) {
      error = r.error();
      return std::nullopt;
    }
  }
  if (std::string invalid = validateMachineImage(image); !invalid.empty()) {
    error = std::move(invalid);
    return std::nullopt;
  }
  return image;
}

} // namespace

namespace {
std::string writeImage(const MachineImage &image, const std::string &path) {
  if (std::string invalid = validateMachineImage(image); !invalid.empty())
    return fmt::format("{}: not written, the image is invalid: {}", path,
                       invalid);
  if (std::string tooBig = checkWritableCounts(image); !tooBig.empty())
    return fmt::format("{}: not written: {}", path, tooBig);
  std::string error;
  auto atomic = rt::io::AtomicFile::create(path, error);
  if (!atomic)
    return error;
  atomic->releaseDescriptor();
  FilePtr file(std::fopen(atomic->tempPath().c_str(), "wb"));
  if (!file)
    return fmt::format("cannot write '{}': cannot open the temporary file "
                       "'{}': {}",
                       path, atomic->tempPath(), std::strerror(errno));
  std::vector<char> buffer(size_t(1) << 20);
  std::setvbuf(file.get(), buffer.data(), _IOFBF, buffer.size());

  Writer w(file.get());
  std::array<unsigned char, kHeaderBytes> header{};
  w.raw(header.data(), header.size()); // placeholder, rewritten below.
  SectionEntry table[kNumSections];
  for (uint32_t i = 0; i < kNumSections; ++i) {
    w.beginSection();
    table[i].id = i + 1;
    table[i].offset = w.position();
    switch (i) {
    case 0:
      writeSummary(w, image);
      break;
    case 1:
      writeMachine(w, image.machine);
      break;
    case 2:
      writeNetwork(w, image.network);
      break;
    case 3:
      writeCores(w, image.cores);
      break;
    default:
      writeTables(w, image.tables);
      break;
    }
    table[i].size = w.position() - table[i].offset;
    table[i].checksum = w.checksum();
  }

  std::memcpy(header.data(), kMagic, sizeof(kMagic));
  std::memcpy(header.data() + 8, &kVersion, 4);
  std::memcpy(header.data() + 12, &kNumSections, 4);
  for (uint32_t i = 0; i < kNumSections; ++i) {
    unsigned char *p = header.data() + kPreambleBytes + i * kSectionEntryBytes;
    std::memcpy(p, &table[i].id, 4);
    std::memcpy(p + 4, &table[i].reserved, 4);
    std::memcpy(p + 8, &table[i].offset, 8);
    std::memcpy(p + 16, &table[i].size, 8);
    std::memcpy(p + 24, &table[i].checksum, 8);
  }
  int writeErrno = w.failed() ? w.error() : 0;
  if (writeErrno == 0 && (std::fseek(file.get(), 0, SEEK_SET) != 0 ||
                          std::fwrite(header.data(), 1, header.size(),
                                      file.get()) != header.size() ||
                          std::fflush(file.get()) != 0))
    writeErrno = errno;
  FILE *raw = file.release();
  if (std::fclose(raw) != 0 && writeErrno == 0)
    writeErrno = errno;
  if (writeErrno != 0)
    return fmt::format("cannot write '{}': {}", path,
                       std::strerror(writeErrno));
  if (!atomic->commit(error))
    return error;
  return "";
}
} // namespace

std::string dendron::spinn::writeMachineImage(const MachineImage &image,
                                              const std::string &path) {
  try {
    return writeImage(image, path);
  } catch (const std::bad_alloc &) {
    return fmt::format("cannot write '{}': out of memory", path);
  }
}

std::optional<MachineImage>
dendron::spinn::readMachineImage(const std::string &path, std::string &error) {
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    error = fmt::format("{}: cannot open: {}", path, std::strerror(errno));
    return std::nullopt;
  }
  std::vector<char> buffer(size_t(1) << 20);
  std::setvbuf(file.get(), buffer.data(), _IOFBF, buffer.size());
  struct stat info;
  if (::fstat(::fileno(file.get()), &info) != 0) {
    error = fmt::format("{}: cannot determine the file size: {}", path,
                        std::strerror(errno));
    return std::nullopt;
  }
  if (!S_ISREG(info.st_mode)) {
    error = fmt::format("{}: not a regular file", path);
    return std::nullopt;
  }
  uint64_t size = uint64_t(info.st_size);
  std::string problem;
  std::optional<MachineImage> image;
  try {
    image = readImage(file.get(), size, problem);
  } catch (const std::bad_alloc &) {
    problem = "out of memory while reading the image";
    image.reset();
  }
  if (!image)
    error = fmt::format("{}: {}", path, problem);
  return image;
}
