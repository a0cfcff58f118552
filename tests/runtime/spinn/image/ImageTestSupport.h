//===- ImageTestSupport.h - Shared helpers of the image tests ---*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A hand-built machine image that uses every neuron model, source kind,
/// probe variable and fault kind, a field-by-field equality check, scratch
/// directories, and an independent reading of the .dimg container (section
/// table and checksum as docs/MachineImage.md specifies them) so tests can
/// corrupt files precisely.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TESTS_RUNTIME_SPINN_IMAGE_IMAGETESTSUPPORT_H
#define DENDRON_TESTS_RUNTIME_SPINN_IMAGE_IMAGETESTSUPPORT_H

#include "dendron/Spinn/MachineImage.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace dendron::spinn::test {

inline machine::MachineModel makeTestMachine() {
  machine::MachineModel m = machine::MachineModel::grid(3, 2, false);
  m.setName("test mesh");
  m.clockHz = 200'000'000;
  m.coreDataMemory = 65536;
  m.chipSharedMemory = 1 << 20;
  m.routerEntries = 8;
  m.linkPacketsPerSecond = 1234.5;
  m.reinjectionQueue = 7;
  m.cycleCosts.neuronUpdate["custom"] = 42.25;
  m.cycleCosts.perDmaByte = 0.1;
  EXPECT_TRUE(m.killChip({2, 1}));
  EXPECT_TRUE(m.killCore({0, 0, 5}));
  EXPECT_TRUE(m.killCore({1, 1, 17}));
  EXPECT_TRUE(m.killLink({0, 0}, machine::Direction::N));
  return m;
}

inline rt::NetworkSpec makeTestNetwork() {
  rt::NetworkSpec net;
  net.name = "test <net> & \"more\"";
  net.dt = 1e-4; // Not a binary fraction: checks bit-exact storage.
  net.profile = rt::NumericProfile::S16_15;

  rt::LifModel lif;
  lif.tauMem = 0.02;
  lif.vLeak = -65.0;
  lif.vTh = -50.1;
  lif.vReset = -70.3;
  lif.r = 1.7;
  lif.tRef = 0.002;
  lif.tauSynExc = 0.005;
  lif.tauSynInh = 0.01;
  lif.tauAdapt = 0.1;
  lif.adaptJump = 0.3;
  lif.spiking = true;
  lif.memoryless = false;
  lif.reset = rt::ResetMode::Subtract;
  lif.integrator = rt::Integrator::Euler;
  rt::Population exc{"exc", 5, lif, {}, 77};
  exc.vInit = {rt::RealDistribution::Kind::Uniform, -70.0, -50.0};

  rt::IzhikevichModel izh{0.02, 0.25, -55.0, 0.05, 29.5, 0.004};
  rt::Population izhPop{"izh", 3, izh, {}, 5};
  izhPop.vInit = {rt::RealDistribution::Kind::Normal, -65.0, 2.5};

  rt::DendriticModel dend;
  dend.soma = lif;
  dend.soma.spiking = false;
  dend.soma.memoryless = true;
  dend.soma.reset = rt::ResetMode::Zero;
  dend.soma.integrator = rt::Integrator::Exact;
  dend.branches = {
      {0.01, 0.5, 2.0, 1.5, 0.25, 20, 0.75, rt::BranchNonlinearity::Plateau},
      {0.02, 0.1, 1.0, 1.0, 0.5, 0, 1.25, rt::BranchNonlinearity::Sigmoid},
      {0.03, -0.2, 0.0, 2.0, 0.01, 3, -0.5, rt::BranchNonlinearity::LeakyRelu}};
  rt::Population dendPop{"dend", 4, dend, {}, 0};
  dendPop.vInit = {rt::RealDistribution::Kind::Constant, -60.0, 0.0};
  net.populations = {exc, izhPop, dendPop};

  net.sources = {{"stim", 2, rt::SpikeArraySource{{0, 1, 1}, {3, 5, 9}}},
                 {"noise", 3, rt::PoissonSource{12.5, 99}},
                 {"ext", 1, rt::ExternalSource{}}};
  using Kind = rt::NodeRef::Kind;
  net.probes = {{{Kind::Population, 0}, rt::ProbeVariable::Spikes},
                {{Kind::Population, 2}, rt::ProbeVariable::Voltage},
                {{Kind::Population, 2}, rt::ProbeVariable::BranchActivation},
                {{Kind::Source, 0}, rt::ProbeVariable::Spikes}};
  return net;
}

/// A core program with its key block `base` / `blockSize`.
inline CoreProgram makeCore(machine::CoreCoord where, rt::NodeRef node,
                            uint32_t lo, uint32_t hi, uint32_t base,
                            uint64_t blockSize) {
  CoreProgram c;
  c.core = where;
  c.node = node;
  c.lo = lo;
  c.hi = hi;
  c.keys = {base, uint32_t(~(blockSize - 1)), hi - lo, blockSize};
  return c;
}

/// A valid image over makeTestMachine / makeTestNetwork: seven slices,
/// three cores with synaptic rows (one with biases, one with dendritic
/// channels and negative weights), one core over its cycle budget
/// (200 MHz x 0.1 ms = 20,000 cycles) and two router tables.
inline MachineImage makeTestImage() {
  MachineImage image;
  image.machine = makeTestMachine();
  image.network = makeTestNetwork();
  image.placementSeed = 0x1234567890abcdefull;
  using Kind = rt::NodeRef::Kind;
  const rt::NodeRef exc{Kind::Population, 0}, izh{Kind::Population, 1},
      dend{Kind::Population, 2}, stim{Kind::Source, 0}, noise{Kind::Source, 1},
      ext{Kind::Source, 2};

  CoreProgram exc0 = makeCore({0, 0, 1}, exc, 0, 3, 0, 4);
  exc0.channels = 2;
  exc0.ringDepth = 4;
  // Rows 0-1: stim neurons 0-1 (keys 16-17); rows 2-3: exc neurons 3-4
  // (keys 4-5). Sorted by key: exc1's block first.
  exc0.masterPopTable = {{4, 0xfffffffe, 2, 2}, {16, 0xfffffffe, 0, 2}};
  exc0.rowStart = {0, 2, 3, 3, 5};
  exc0.words = {
      SynapticWord::pack(32768, 1, 0, 0), SynapticWord::pack(-16384, 3, 1, 2),
      SynapticWord::pack(100, 2, 0, 1), SynapticWord::pack(7, 1, 0, 0),
      SynapticWord::pack(INT32_MIN, 3, 1, 2)};
  exc0.bias = {1, -2, 3, 4, 5, INT64_MIN};
  exc0.dataMemoryBytes = 4000;
  exc0.sharedMemoryBytes = 40;
  exc0.expectedCycles = 25000.5;

  CoreProgram exc1 = makeCore({0, 0, 2}, exc, 3, 5, 4, 2);
  exc1.rowStart = {0};
  exc1.dataMemoryBytes = 1000;
  exc1.expectedCycles = 300.0;

  CoreProgram izh0 = makeCore({1, 0, 1}, izh, 0, 3, 8, 4);
  izh0.ringDepth = 2;
  izh0.masterPopTable = {{20, 0xfffffffc, 0, 3}};
  izh0.rowStart = {0, 1, 1, 2};
  izh0.words = {SynapticWord::pack(5, 1, 0, 2),
                SynapticWord::pack(-5, 1, 1, 0)};
  izh0.dataMemoryBytes = 2000;
  izh0.sharedMemoryBytes = 16;
  izh0.sharedMemoryOffset = 40;
  izh0.expectedCycles = 10000.0;

  CoreProgram dend0 = makeCore({0, 1, 3}, dend, 0, 4, 12, 4);
  dend0.channels = 5;
  dend0.ringDepth = 6;
  dend0.masterPopTable = {{0, 0xfffffffc, 0, 3}};
  dend0.rowStart = {0, 1, 2, 3};
  dend0.words = {SynapticWord::pack(-1, 5, 4, 3),
                 SynapticWord::pack(65536, 1, 2, 0),
                 SynapticWord::pack(3, 2, 3, 1)};
  dend0.dataMemoryBytes = 3000;
  dend0.sharedMemoryBytes = 24;
  dend0.expectedCycles = 19999.0;

  CoreProgram stim0 = makeCore({1, 1, 1}, stim, 0, 2, 16, 2);
  CoreProgram noise0 = makeCore({1, 1, 2}, noise, 0, 3, 20, 4);
  CoreProgram ext0 = makeCore({2, 0, 4}, ext, 0, 1, 24, 1);
  for (CoreProgram *src : {&stim0, &noise0, &ext0}) {
    src->dataMemoryBytes = 100;
    src->expectedCycles = 50.0;
  }
  image.cores = {exc0, exc1, izh0, dend0, stim0, noise0, ext0};
  image.numSynapses = 10;

  ChipTable t00;
  t00.chip = {0, 0};
  t00.uncompressedSize = 5;
  t00.entries = {
      {0, 0xfffffffc, routing::Route::core(1).withLink(routing::Link::E),
       std::nullopt},
      {16, 0xfffffffe,
       routing::Route::core(2).withCore(17).withLink(routing::Link::NE),
       routing::Link::S}};
  ChipTable t11;
  t11.chip = {1, 1};
  t11.uncompressedSize = 1;
  t11.entries = {{16, 0xfffffffe, routing::Route::link(routing::Link::SW),
                  routing::Link::E}};
  image.tables = {t00, t11};
  return image;
}

/// Doubles compared by bit pattern: the format promises bit-exactness.
inline uint64_t bitsOf(double v) {
  uint64_t b;
  std::memcpy(&b, &v, 8);
  return b;
}

inline void expectLifEqual(const rt::LifModel &a, const rt::LifModel &b) {
  EXPECT_EQ(bitsOf(a.tauMem), bitsOf(b.tauMem));
  EXPECT_EQ(bitsOf(a.vLeak), bitsOf(b.vLeak));
  EXPECT_EQ(bitsOf(a.vTh), bitsOf(b.vTh));
  EXPECT_EQ(bitsOf(a.vReset), bitsOf(b.vReset));
  EXPECT_EQ(bitsOf(a.r), bitsOf(b.r));
  EXPECT_EQ(bitsOf(a.tRef), bitsOf(b.tRef));
  EXPECT_EQ(bitsOf(a.tauSynExc), bitsOf(b.tauSynExc));
  EXPECT_EQ(bitsOf(a.tauSynInh), bitsOf(b.tauSynInh));
  EXPECT_EQ(bitsOf(a.tauAdapt), bitsOf(b.tauAdapt));
  EXPECT_EQ(bitsOf(a.adaptJump), bitsOf(b.adaptJump));
  EXPECT_EQ(a.spiking, b.spiking);
  EXPECT_EQ(a.memoryless, b.memoryless);
  EXPECT_EQ(a.reset, b.reset);
  EXPECT_EQ(a.integrator, b.integrator);
}

inline void expectMachineEqual(const machine::MachineModel &a,
                               const machine::MachineModel &b) {
  EXPECT_EQ(a.name(), b.name());
  EXPECT_EQ(a.profile(), b.profile());
  EXPECT_EQ(a.width(), b.width());
  EXPECT_EQ(a.height(), b.height());
  EXPECT_EQ(a.torus(), b.torus());
  EXPECT_EQ(a.allChips().size(), b.allChips().size());
  EXPECT_EQ(a.coresPerChip, b.coresPerChip);
  EXPECT_EQ(a.monitorCore, b.monitorCore);
  EXPECT_EQ(a.coreDataMemory, b.coreDataMemory);
  EXPECT_EQ(a.chipSharedMemory, b.chipSharedMemory);
  EXPECT_EQ(a.routerEntries, b.routerEntries);
  EXPECT_EQ(a.clockHz, b.clockHz);
  EXPECT_EQ(bitsOf(a.linkPacketsPerSecond), bitsOf(b.linkPacketsPerSecond));
  EXPECT_EQ(a.reinjectionQueue, b.reinjectionQueue);
  EXPECT_EQ(a.cycleCosts.neuronUpdate, b.cycleCosts.neuronUpdate);
  EXPECT_EQ(bitsOf(a.cycleCosts.defaultNeuronUpdate),
            bitsOf(b.cycleCosts.defaultNeuronUpdate));
  EXPECT_EQ(bitsOf(a.cycleCosts.perPacketReceived),
            bitsOf(b.cycleCosts.perPacketReceived));
  EXPECT_EQ(bitsOf(a.cycleCosts.perSynapticWord),
            bitsOf(b.cycleCosts.perSynapticWord));
  EXPECT_EQ(bitsOf(a.cycleCosts.perDmaByte), bitsOf(b.cycleCosts.perDmaByte));
  EXPECT_EQ(a.deadChips(), b.deadChips());
  EXPECT_EQ(a.deadCores(), b.deadCores());
  EXPECT_EQ(a.deadLinks(), b.deadLinks());
  // The dead link is dead from both ends after reading too.
  for (auto [chip, dir] : a.deadLinks()) {
    auto n = b.neighbour(chip, dir);
    ASSERT_TRUE(n.has_value());
    EXPECT_TRUE(b.linkDead(*n, machine::opposite(dir)));
  }
}

inline void expectNetworkEqual(const rt::NetworkSpec &a,
                               const rt::NetworkSpec &b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(bitsOf(a.dt), bitsOf(b.dt));
  EXPECT_EQ(a.profile, b.profile);
  EXPECT_TRUE(b.projections.empty());
  ASSERT_EQ(a.populations.size(), b.populations.size());
  for (size_t i = 0; i < a.populations.size(); ++i) {
    const rt::Population &pa = a.populations[i], &pb = b.populations[i];
    SCOPED_TRACE("population " + pa.name);
    EXPECT_EQ(pa.name, pb.name);
    EXPECT_EQ(pa.size, pb.size);
    ASSERT_EQ(pa.model.index(), pb.model.index());
    if (auto *lif = std::get_if<rt::LifModel>(&pa.model)) {
      expectLifEqual(*lif, std::get<rt::LifModel>(pb.model));
    } else if (auto *izh = std::get_if<rt::IzhikevichModel>(&pa.model)) {
      const auto &o = std::get<rt::IzhikevichModel>(pb.model);
      EXPECT_EQ(bitsOf(izh->a), bitsOf(o.a));
      EXPECT_EQ(bitsOf(izh->b), bitsOf(o.b));
      EXPECT_EQ(bitsOf(izh->c), bitsOf(o.c));
      EXPECT_EQ(bitsOf(izh->d), bitsOf(o.d));
      EXPECT_EQ(bitsOf(izh->vPeak), bitsOf(o.vPeak));
      EXPECT_EQ(bitsOf(izh->tauSyn), bitsOf(o.tauSyn));
    } else {
      const auto &da = std::get<rt::DendriticModel>(pa.model);
      const auto &db = std::get<rt::DendriticModel>(pb.model);
      expectLifEqual(da.soma, db.soma);
      ASSERT_EQ(da.branches.size(), db.branches.size());
      for (size_t k = 0; k < da.branches.size(); ++k) {
        const rt::Branch &x = da.branches[k], &y = db.branches[k];
        EXPECT_EQ(bitsOf(x.tau), bitsOf(y.tau));
        EXPECT_EQ(bitsOf(x.threshold), bitsOf(y.threshold));
        EXPECT_EQ(bitsOf(x.amplitude), bitsOf(y.amplitude));
        EXPECT_EQ(bitsOf(x.gain), bitsOf(y.gain));
        EXPECT_EQ(bitsOf(x.slope), bitsOf(y.slope));
        EXPECT_EQ(x.plateauSteps, y.plateauSteps);
        EXPECT_EQ(bitsOf(x.coupling), bitsOf(y.coupling));
        EXPECT_EQ(x.nonlinearity, y.nonlinearity);
      }
    }
    EXPECT_EQ(pa.vInit.kind, pb.vInit.kind);
    EXPECT_EQ(bitsOf(pa.vInit.a), bitsOf(pb.vInit.a));
    EXPECT_EQ(bitsOf(pa.vInit.b), bitsOf(pb.vInit.b));
    EXPECT_EQ(pa.vInitSeed, pb.vInitSeed);
  }
  ASSERT_EQ(a.sources.size(), b.sources.size());
  for (size_t i = 0; i < a.sources.size(); ++i) {
    const rt::Source &sa = a.sources[i], &sb = b.sources[i];
    SCOPED_TRACE("source " + sa.name);
    EXPECT_EQ(sa.name, sb.name);
    EXPECT_EQ(sa.size, sb.size);
    ASSERT_EQ(sa.kind.index(), sb.kind.index());
    if (auto *arr = std::get_if<rt::SpikeArraySource>(&sa.kind)) {
      EXPECT_EQ(arr->neuron, std::get<rt::SpikeArraySource>(sb.kind).neuron);
      EXPECT_EQ(arr->step, std::get<rt::SpikeArraySource>(sb.kind).step);
    } else if (auto *p = std::get_if<rt::PoissonSource>(&sa.kind)) {
      EXPECT_EQ(bitsOf(p->rate),
                bitsOf(std::get<rt::PoissonSource>(sb.kind).rate));
      EXPECT_EQ(p->seed, std::get<rt::PoissonSource>(sb.kind).seed);
    }
  }
  ASSERT_EQ(a.probes.size(), b.probes.size());
  for (size_t i = 0; i < a.probes.size(); ++i) {
    EXPECT_TRUE(a.probes[i].node == b.probes[i].node);
    EXPECT_EQ(a.probes[i].variable, b.probes[i].variable);
  }
}

inline void expectImagesEqual(const MachineImage &a, const MachineImage &b) {
  expectMachineEqual(a.machine, b.machine);
  expectNetworkEqual(a.network, b.network);
  EXPECT_EQ(a.placementSeed, b.placementSeed);
  EXPECT_EQ(a.numSynapses, b.numSynapses);
  ASSERT_EQ(a.cores.size(), b.cores.size());
  for (size_t i = 0; i < a.cores.size(); ++i) {
    const CoreProgram &x = a.cores[i], &y = b.cores[i];
    SCOPED_TRACE("core " + std::to_string(i));
    EXPECT_EQ(x.core, y.core);
    EXPECT_TRUE(x.node == y.node);
    EXPECT_EQ(x.lo, y.lo);
    EXPECT_EQ(x.hi, y.hi);
    EXPECT_EQ(x.keys.base, y.keys.base);
    EXPECT_EQ(x.keys.mask, y.keys.mask);
    EXPECT_EQ(x.keys.count, y.keys.count);
    EXPECT_EQ(x.keys.blockSize, y.keys.blockSize);
    ASSERT_EQ(x.masterPopTable.size(), y.masterPopTable.size());
    for (size_t e = 0; e < x.masterPopTable.size(); ++e) {
      EXPECT_EQ(x.masterPopTable[e].key, y.masterPopTable[e].key);
      EXPECT_EQ(x.masterPopTable[e].mask, y.masterPopTable[e].mask);
      EXPECT_EQ(x.masterPopTable[e].firstRow, y.masterPopTable[e].firstRow);
      EXPECT_EQ(x.masterPopTable[e].numRows, y.masterPopTable[e].numRows);
    }
    EXPECT_EQ(x.rowStart, y.rowStart);
    EXPECT_EQ(x.words, y.words);
    EXPECT_EQ(x.channels, y.channels);
    EXPECT_EQ(x.ringDepth, y.ringDepth);
    EXPECT_EQ(x.bias, y.bias);
    EXPECT_EQ(x.dataMemoryBytes, y.dataMemoryBytes);
    EXPECT_EQ(x.sharedMemoryBytes, y.sharedMemoryBytes);
    EXPECT_EQ(x.sharedMemoryOffset, y.sharedMemoryOffset);
    EXPECT_EQ(bitsOf(x.expectedCycles), bitsOf(y.expectedCycles));
  }
  ASSERT_EQ(a.tables.size(), b.tables.size());
  for (size_t t = 0; t < a.tables.size(); ++t) {
    const ChipTable &x = a.tables[t], &y = b.tables[t];
    EXPECT_EQ(x.chip, y.chip);
    EXPECT_EQ(x.uncompressedSize, y.uncompressedSize);
    ASSERT_EQ(x.entries.size(), y.entries.size());
    for (size_t e = 0; e < x.entries.size(); ++e) {
      EXPECT_EQ(x.entries[e].key, y.entries[e].key);
      EXPECT_EQ(x.entries[e].mask, y.entries[e].mask);
      EXPECT_EQ(x.entries[e].route, y.entries[e].route);
      EXPECT_EQ(x.entries[e].arrival, y.entries[e].arrival);
    }
  }
}

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

/// A fresh directory under the system temporary directory, removed at the
/// end of the test.
class ScratchDir {
public:
  explicit ScratchDir(const std::string &name) {
    path_ = std::filesystem::temp_directory_path() /
            ("dendron-image-test-" + name + "-" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string file(const std::string &name) const {
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }
  /// Names of the entries in the directory.
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto &e : std::filesystem::directory_iterator(path_))
      out.push_back(e.path().filename().string());
    return out;
  }

private:
  std::filesystem::path path_;
};

inline std::vector<unsigned char> readBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeBytes(const std::string &path,
                       const std::vector<unsigned char> &bytes) {
  // A new file rather than a truncated one: ext4 flushes a file truncated
  // and rewritten in place on close, which makes thousands of rewrites slow.
  std::filesystem::remove(path);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()),
            std::streamsize(bytes.size()));
}

template <typename T>
T load(const std::vector<unsigned char> &bytes, size_t offset) {
  T v;
  std::memcpy(&v, bytes.data() + offset, sizeof(T));
  return v;
}

template <typename T>
void store(std::vector<unsigned char> &bytes, size_t offset, T v) {
  std::memcpy(bytes.data() + offset, &v, sizeof(T));
}

/// The section table as docs/MachineImage.md lays it out: entry i at byte
/// 16 + 32 i holds id (u32), reserved (u32), offset, size, checksum (u64).
struct SectionInfo {
  uint64_t offset, size, checksum;
};
inline constexpr size_t kHeaderSize = 16 + 5 * 32;
inline const char *const kSectionName[5] = {"summary", "machine", "network",
                                            "cores", "tables"};

inline SectionInfo section(const std::vector<unsigned char> &bytes, int i) {
  size_t at = 16 + 32 * size_t(i);
  return {load<uint64_t>(bytes, at + 8), load<uint64_t>(bytes, at + 16),
          load<uint64_t>(bytes, at + 24)};
}

/// The section checksum as the format document defines it, written out
/// again here from the document.
inline uint64_t documentedChecksum(const unsigned char *data, size_t size) {
  const uint64_t k = 0x9e3779b97f4a7c15ull;
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t at = 0; at < size; at += 8) {
    unsigned char word[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::memcpy(word, data + at, std::min<size_t>(8, size - at));
    uint64_t w = 0;
    for (int b = 7; b >= 0; --b)
      w = (w << 8) | word[b];
    h ^= w;
    h = (h << 23) | (h >> 41);
    h *= k;
  }
  return (h ^ uint64_t(size)) * k;
}

/// Recomputes the checksum of section i after a test edited its bytes.
inline void reseal(std::vector<unsigned char> &bytes, int i) {
  SectionInfo s = section(bytes, i);
  store<uint64_t>(bytes, 16 + 32 * size_t(i) + 24,
                  documentedChecksum(bytes.data() + s.offset, s.size));
}

/// Offset of the first occurrence of the 8 bytes of `value` in `bytes`.
inline size_t findWord(const std::vector<unsigned char> &bytes,
                       uint64_t value) {
  for (size_t at = 0; at + 8 <= bytes.size(); ++at)
    if (load<uint64_t>(bytes, at) == value)
      return at;
  ADD_FAILURE() << "word " << value << " not in the file";
  return 0;
}

} // namespace dendron::spinn::test

#endif // DENDRON_TESTS_RUNTIME_SPINN_IMAGE_IMAGETESTSUPPORT_H
