//===- SynapticDataTest.cpp - Stage 7 and the whole image -----------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// The synapses found by walking every core's master population table and
// rows must be exactly the synapses rt::expandConnector produces (brute
// force, as multisets), with weights converted independently
// (round(w * 2^15)); every key finds its entry by binary search; biases,
// ring depths and memory errors follow docs/Mapping.md.
//
//===----------------------------------------------------------------------===//

#include "MappingTestUtil.h"

#include "dendron/Runtime/Expand.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::test;

namespace {

/// (post node, pre node, pre neuron, post neuron, raw weight, delay,
/// channel); nodes numbered populations first, then sources.
using Synapse = std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, int32_t,
                           uint32_t, uint32_t>;

uint32_t id(const rt::NetworkSpec &spec, rt::NodeRef n) {
  return n.kind == rt::NodeRef::Kind::Population
             ? n.index
             : uint32_t(spec.populations.size()) + n.index;
}

uint32_t channelOf(const rt::Projection &p) {
  if (p.compartment >= 0)
    return 2 + uint32_t(p.compartment);
  return p.synapse == rt::SynapseType::Excitatory ? 0 : 1;
}

uint32_t sizeOf(const rt::NetworkSpec &spec, rt::NodeRef n) {
  return n.kind == rt::NodeRef::Kind::Population
             ? spec.populations[n.index].size
             : spec.sources[n.index].size;
}

/// Every synapse of the network, expanded by the reference expander.
std::vector<Synapse> expectedSynapses(const rt::NetworkSpec &spec) {
  std::vector<Synapse> out;
  for (const rt::Projection &p : spec.projections) {
    std::string error;
    auto list =
        rt::expandConnector(p.connector, sizeOf(spec, p.pre),
                            sizeOf(spec, p.post), p.pre == p.post, error);
    EXPECT_TRUE(list.has_value()) << error;
    for (size_t k = 0; list && k < list->size(); ++k)
      out.emplace_back(id(spec, p.post), id(spec, p.pre), list->pre[k],
                       list->post[k],
                       int32_t(std::lround(list->weight[k] * 32768.0)),
                       list->delay[k], channelOf(p));
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Every synapse found by walking the image's tables and rows; checks the
/// tables' structure on the way.
std::vector<Synapse> mappedSynapses(const MachineImage &image) {
  const rt::NetworkSpec &spec = image.network;
  std::map<uint32_t, const CoreProgram *> byKey;
  for (const CoreProgram &c : image.cores)
    byKey[c.keys.base] = &c;
  std::vector<Synapse> out;
  for (const CoreProgram &core : image.cores) {
    const auto &mpt = core.masterPopTable;
    for (size_t e = 1; e < mpt.size(); ++e)
      EXPECT_LT(mpt[e - 1].key, mpt[e].key);
    if (core.node.kind == rt::NodeRef::Kind::Population) {
      EXPECT_EQ(core.rowStart.front(), 0u);
      EXPECT_EQ(core.rowStart.back(), core.words.size());
    }
    for (size_t k = 0; k < mpt.size(); ++k) {
      const MasterPopEntry &e = mpt[k];
      EXPECT_EQ(e.key & ~e.mask, 0u);
      if (k + 1 < mpt.size()) { // disjoint blocks
        EXPECT_LE(uint64_t(e.key) + (uint64_t(~e.mask) + 1), mpt[k + 1].key);
      }
      for (uint32_t r = 0; r < e.numRows; ++r) {
        // The source neuron sending key e.key + r, if any.
        uint32_t key = e.key + r;
        auto it = byKey.upper_bound(key);
        const CoreProgram *source =
            it == byKey.begin() ? nullptr : std::prev(it)->second;
        bool sent = source && key - source->keys.base < source->size();
        uint64_t row = uint64_t(e.firstRow) + r;
        if (!sent) {
          EXPECT_EQ(core.rowStart[row], core.rowStart[row + 1])
              << "row of unused key " << key << " is not empty";
          continue;
        }
        uint32_t i = source->lo + (key - source->keys.base);
        for (uint64_t w = core.rowStart[row]; w < core.rowStart[row + 1]; ++w) {
          uint64_t word = core.words[w];
          EXPECT_LT(SynapticWord::index(word), core.size());
          out.emplace_back(
              id(spec, core.node), id(spec, source->node), i,
              core.lo + SynapticWord::index(word), SynapticWord::weight(word),
              SynapticWord::delay(word), SynapticWord::channel(word));
        }
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Binary search of a master population table as a core would do it.
const MasterPopEntry *findEntry(const std::vector<MasterPopEntry> &mpt,
                                uint32_t key) {
  size_t lo = 0, hi = mpt.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (mpt[mid].key <= key)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return nullptr;
  const MasterPopEntry &e = mpt[lo - 1];
  return (key & e.mask) == e.key ? &e : nullptr;
}

/// A mixed network: a source, three populations (one dendritic), every
/// connector kind, self connections, biases.
rt::NetworkSpec mixedNetwork() {
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef in = addPoisson(spec, "in", 23);
  rt::NodeRef a = addLif(spec, "a", 40);
  rt::NodeRef b = addLif(spec, "b", 40);
  rt::Population d;
  d.name = "d";
  d.size = 23;
  rt::DendriticModel den;
  den.soma = lif();
  rt::Branch br;
  br.tau = 0.01;
  br.threshold = 0.5;
  br.amplitude = 1.0;
  den.branches = {br, br};
  d.model = den;
  spec.populations.push_back(d);
  rt::NodeRef dn = pop(2);

  spec.projections.push_back(project(in, a, randomConnector(0.3, 11, 3)));
  rt::ProceduralConnector self = randomConnector(0.2, 12, 6);
  self.allowSelf = false;
  spec.projections.push_back(project(a, a, self, rt::SynapseType::Inhibitory));
  spec.projections.push_back(
      project(a, b, oneToOne(0.25, 2), rt::SynapseType::Inhibitory));
  rt::SparseConnector sp;
  sp.pre = {0, 0, 5, 22, 22, 22};
  sp.post = {3, 3, 30, 0, 15, 16};
  sp.weights = {0.5, -0.25, 1.5, 0.125, 2.0, -3.0};
  sp.delays = {1, 2, 3, 4, 5, 7};
  spec.projections.push_back(project(in, b, sp));
  rt::DenseConnector dense;
  dense.delay = 3;
  for (uint32_t k = 0; k < 40u * 40u; ++k)
    dense.weights.push_back((k % 7 == 0) ? 0.0 : 0.01 * double(k % 13) - 0.05);
  spec.projections.push_back(project(b, a, dense));
  rt::Projection toBranch = project(a, dn, randomConnector(0.5, 13, 2));
  toBranch.compartment = 1;
  spec.projections.push_back(toBranch);
  rt::Projection toSoma = project(in, dn, oneToOne(0.75, 1));
  toSoma.bias.assign(23, 0.0);
  for (uint32_t j = 0; j < 23; ++j)
    toSoma.bias[j] = 0.001 * j + 1.0 / 3.0;
  spec.projections.push_back(toSoma);
  rt::Projection biasOnly = project(b, dn, randomConnector(0.0, 14, 1));
  biasOnly.bias.assign(23, 0.2);
  spec.projections.push_back(biasOnly);
  return spec;
}

MachineImage buildOk(const rt::NetworkSpec &spec,
                     const machine::MachineModel &machine,
                     const MappingOptions &options) {
  std::string error;
  auto image = buildMachineImage(spec, machine, options, error);
  EXPECT_TRUE(image.has_value()) << error;
  return image ? std::move(*image) : MachineImage{};
}

std::string buildError(const rt::NetworkSpec &spec,
                       const machine::MachineModel &machine,
                       const MappingOptions &options = {}) {
  std::string error;
  auto image = buildMachineImage(spec, machine, options, error);
  EXPECT_FALSE(image.has_value());
  return error;
}

} // namespace

TEST(SynapticData, RowsHoldExactlyTheExpandedSynapses) {
  rt::NetworkSpec spec = mixedNetwork();
  ASSERT_EQ(rt::validate(spec), "");
  std::vector<Synapse> expected = expectedSynapses(spec);
  machine::MachineModel damaged = machine::MachineModel::spinn5();
  ASSERT_TRUE(damaged.killChip({3, 3}));
  ASSERT_TRUE(damaged.killCore({0, 0, 1}));
  ASSERT_TRUE(damaged.killLink({1, 1}, machine::Direction::N));
  for (const machine::MachineModel &machine :
       {machine::MachineModel::spinn5(), damaged})
    for (uint64_t seed : {0, 1, 2}) {
      for (uint32_t perCore : {7u, 256u}) {
        MappingOptions options;
        options.seed = seed;
        options.maxNeuronsPerCore = perCore;
        options.threads = 2;
        MachineImage image = buildOk(spec, machine, options);
        EXPECT_EQ(image.numSynapses, expected.size());
        EXPECT_TRUE(mappedSynapses(image) == expected)
            << "seed " << seed << ", " << perCore << " per core";
      }
    }
}

TEST(SynapticData, EveryKeyFindsItsEntryByBinarySearch) {
  rt::NetworkSpec spec = mixedNetwork();
  MappingOptions options;
  options.maxNeuronsPerCore = 5;
  MachineImage image = buildOk(spec, machine::MachineModel::spinn5(), options);
  // The (source core, target core) pairs that carry synapses, brute force.
  std::map<std::pair<uint32_t, uint32_t>, bool> carries;
  std::vector<Synapse> all = expectedSynapses(spec);
  auto coreOf = [&](uint32_t node, uint32_t neuron) {
    for (uint32_t c = 0; c < image.cores.size(); ++c)
      if (id(spec, image.cores[c].node) == node &&
          image.cores[c].lo <= neuron && neuron < image.cores[c].hi)
        return c;
    ADD_FAILURE() << "no core for node " << node << " neuron " << neuron;
    return 0u;
  };
  for (const Synapse &s : all)
    carries[{coreOf(std::get<1>(s), std::get<2>(s)),
             coreOf(std::get<0>(s), std::get<3>(s))}] = true;
  ASSERT_FALSE(carries.empty());
  for (const auto &[pair, unused] : carries) {
    const CoreProgram &from = image.cores[pair.first];
    const CoreProgram &to = image.cores[pair.second];
    for (uint32_t i = 0; i < from.size(); ++i) {
      uint32_t key = from.keys.base + i;
      const MasterPopEntry *e = findEntry(to.masterPopTable, key);
      ASSERT_NE(e, nullptr) << "key " << key;
      EXPECT_EQ(key & e->mask, e->key);
      EXPECT_LT(key & ~e->mask, e->numRows);
    }
  }
}

TEST(SynapticData, RingDepthChannelsAndBiases) {
  rt::NetworkSpec spec = mixedNetwork();
  MappingOptions options;
  options.maxNeuronsPerCore = 6;
  MachineImage image = buildOk(spec, machine::MachineModel::spinn5(), options);
  // Largest delays into a (3, 6, 3), b (2, 7), d (2, 1, 1): depth = max + 1.
  const uint32_t depth[] = {7, 8, 3};
  const uint32_t channels[] = {2, 2, 4};
  for (const CoreProgram &c : image.cores) {
    if (c.node.kind != rt::NodeRef::Kind::Population) {
      EXPECT_TRUE(c.masterPopTable.empty());
      continue;
    }
    EXPECT_EQ(c.ringDepth, depth[c.node.index]);
    EXPECT_EQ(c.channels, channels[c.node.index]);
    if (c.node.index != 2) {
      EXPECT_TRUE(c.bias.empty());
      continue;
    }
    // Both biases of 'd' are excitatory soma input (channel 0), summed as
    // raw s16.15 values.
    ASSERT_EQ(c.bias.size(), 4u * c.size());
    for (uint32_t k = 0; k < c.size(); ++k) {
      uint32_t j = c.lo + k;
      int64_t b0 = std::lround((0.001 * j + 1.0 / 3.0) * 32768.0);
      int64_t b1 = std::lround(0.2 * 32768.0);
      EXPECT_EQ(c.bias[k], b0 + b1);
      for (uint32_t ch = 1; ch < 4; ++ch)
        EXPECT_EQ(c.bias[ch * c.size() + k], 0);
    }
  }
}

TEST(SynapticData, ImageKeepsNetworkWithoutProjections) {
  rt::NetworkSpec spec = mixedNetwork();
  MappingOptions options;
  options.seed = 5;
  MachineImage image = buildOk(spec, machine::MachineModel::spinn5(), options);
  EXPECT_TRUE(image.network.projections.empty());
  EXPECT_EQ(image.network.populations.size(), 3u);
  EXPECT_EQ(image.network.sources.size(), 1u);
  EXPECT_EQ(image.placementSeed, 5u);
  EXPECT_EQ(image.machine.name(), "spinn5");
  // Slice order: populations in index order, then sources, by lo.
  for (size_t k = 1; k < image.cores.size(); ++k) {
    const CoreProgram &a = image.cores[k - 1], &b = image.cores[k];
    auto rank = [&](const CoreProgram &c) {
      return std::make_tuple(id(image.network, c.node), c.lo);
    };
    EXPECT_LT(rank(a), rank(b));
  }
  // Row-major tables, each on a distinct chip.
  for (size_t k = 1; k < image.tables.size(); ++k)
    EXPECT_TRUE(image.tables[k - 1].chip < image.tables[k].chip);
}

TEST(SynapticData, SharedMemoryIsLaidOutPerChip) {
  rt::NetworkSpec spec = mixedNetwork();
  MappingOptions options;
  options.maxNeuronsPerCore = 8; // 3 + 5 + 5 + 3 = 16 cores of 17
  MachineImage image =
      buildOk(spec, machine::MachineModel::grid(1, 1, false), options);
  // One chip: offsets are the running sum in processor order, and each
  // core's share is 8 bytes per word plus 8 per row.
  std::vector<const CoreProgram *> cores;
  for (const CoreProgram &c : image.cores)
    cores.push_back(&c);
  std::sort(cores.begin(), cores.end(),
            [](auto *a, auto *b) { return a->core.p < b->core.p; });
  uint64_t offset = 0;
  for (const CoreProgram *c : cores) {
    uint64_t rows = c->rowStart.empty() ? 0 : c->rowStart.size() - 1;
    EXPECT_EQ(c->sharedMemoryBytes, 8 * c->words.size() + 8 * rows);
    EXPECT_EQ(c->sharedMemoryOffset, offset);
    offset += c->sharedMemoryBytes;
    EXPECT_LE(c->dataMemoryBytes, image.machine.coreDataMemory);
    EXPECT_GT(c->expectedCycles, 0.0);
  }
}

TEST(SynapticData, PlasticityIsAnError) {
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef in = addPoisson(spec, "in", 4);
  rt::NodeRef a = addLif(spec, "a", 4);
  spec.projections.push_back(project(in, a, oneToOne(0.5)));
  rt::Projection plastic = project(in, a, oneToOne(0.5));
  plastic.plasticity = rt::StdpRule{};
  spec.projections.push_back(plastic);
  ASSERT_EQ(rt::validate(spec), "");
  EXPECT_EQ(buildError(spec, machine::MachineModel::spinn5()),
            "projection 1 (in -> a): plasticity is not supported on the "
            "spinnaker target");
}

TEST(SynapticData, ContiguousSourceSlicesShareAnEntry) {
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef a = addLif(spec, "a", 8);
  rt::NodeRef in = addPoisson(spec, "in", 60);
  spec.projections.push_back(project(in, a, randomConnector(1.0, 4)));
  MappingOptions options;
  options.maxNeuronsPerCore = 8;
  MachineImage image = buildOk(spec, machine::MachineModel::spinn5(), options);
  // 'in' is 8 slices (4 of 8, 4 of 7) with 8-key blocks at keys 8..71
  // ('a' has 0..7). The largest aligned power-of-two unions of consecutive
  // blocks: [8, 16), [16, 32), [32, 64), [64, 72).
  const CoreProgram &core = image.cores[0];
  ASSERT_EQ(core.node, pop(0));
  std::vector<std::pair<uint32_t, uint32_t>> blocks;
  for (const MasterPopEntry &e : core.masterPopTable)
    blocks.push_back({e.key, ~e.mask + 1});
  EXPECT_EQ(blocks, (std::vector<std::pair<uint32_t, uint32_t>>{
                        {8, 8}, {16, 16}, {32, 32}, {64, 8}}));
  EXPECT_EQ(core.masterPopTable.back().numRows, 7u);
  EXPECT_EQ(mappedSynapses(image), expectedSynapses(spec));
}

TEST(SynapticData, ManyEntriesOverflowDataMemory) {
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef a = addLif(spec, "a", 1);
  rt::NodeRef in = addPoisson(spec, "in", 600);
  // Every other source neuron: 300 one-neuron slices with one-key blocks
  // that never tile a larger block, so 300 entries of 16 bytes.
  rt::SparseConnector sp;
  for (uint32_t i = 0; i < 600; i += 2) {
    sp.pre.push_back(i);
    sp.post.push_back(0);
    sp.weights.push_back(0.5);
    sp.delays.push_back(1);
  }
  spec.projections.push_back(project(in, a, sp));
  ASSERT_EQ(rt::validate(spec), "");
  machine::MachineModel machine = machine::MachineModel::grid(6, 6, false);
  // The partitioner plans 10368 + 36 bytes (delay 1: depth 2, 20 + 2 * 2 *
  // 8 = 52 bytes per neuron); the core needs 2048 + 128 + 4096 + 52 + 300 *
  // 16 = 11124.
  machine.coreDataMemory = 10368 + 52 + 100;
  MappingOptions options;
  options.maxNeuronsPerCore = 1;
  std::string error = buildError(spec, machine, options);
  EXPECT_EQ(error.rfind("core (", 0), 0u) << error;
  EXPECT_NE(error.find("): slice [0, 1) of population 'a' needs 11124 bytes "
                       "of data memory (300 master population entries), "
                       "limit 10520 bytes"),
            std::string::npos)
      << error;
}

TEST(SynapticData, SharedMemoryOverflowIsAnError) {
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef in = addPoisson(spec, "in", 10);
  rt::NodeRef a = addLif(spec, "a", 10);
  rt::ProceduralConnector c = randomConnector(1.0, 3, 1); // all 100 pairs
  spec.projections.push_back(project(in, a, c));
  machine::MachineModel machine = machine::MachineModel::grid(1, 1, false);
  // 100 words * 8 + 10 rows * 8 = 880 bytes on the one core.
  machine.chipSharedMemory = 879;
  std::string error = buildError(spec, machine);
  EXPECT_NE(error.find("chip (0, 0): synaptic rows need 880 bytes of shared "
                       "memory, limit 879 bytes (largest: core (0, 0, "),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("population 'a', 880 bytes)"), std::string::npos)
      << error;
  machine.chipSharedMemory = 880;
  buildOk(spec, machine, {});
}

TEST(SynapticData, FloatNetworksAreRefused) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 4);
  spec.profile = rt::NumericProfile::Float;
  EXPECT_EQ(buildError(spec, machine::MachineModel::spinn5()),
            "the spinnaker target runs s16.15 fixed point: quantize the "
            "network first");
}

TEST(SynapticData, InvalidNetworksAreRefused) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 4);
  spec.projections.push_back(project(pop(0), pop(3), oneToOne(0.5)));
  std::string error = buildError(spec, machine::MachineModel::spinn5());
  EXPECT_EQ(error, rt::validate(spec));
  EXPECT_FALSE(error.empty());
}

TEST(SynapticData, ReportsProgress) {
  rt::NetworkSpec spec = mixedNetwork();
  MappingOptions options;
  uint64_t last = 0, total = 0;
  options.progress = [&](const char *stage, uint64_t done, uint64_t all) {
    if (std::string(stage) == "synaptic data") {
      EXPECT_GE(done, last);
      last = done;
      total = all;
    }
  };
  buildOk(spec, machine::MachineModel::spinn5(), options);
  EXPECT_EQ(total, spec.projections.size());
  EXPECT_EQ(last, total);
}

TEST(SynapticData, ThreadsDoNotChangeTheImage) {
  // Large enough (> 2^16 synapses per projection) to be split between
  // threads.
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef a = addLif(spec, "a", 300);
  rt::NodeRef in = addPoisson(spec, "in", 400);
  spec.projections.push_back(project(in, a, randomConnector(0.8, 21, 9)));
  spec.projections.push_back(
      project(a, a, randomConnector(0.5, 22, 3), rt::SynapseType::Inhibitory));
  MappingOptions one, two;
  one.maxNeuronsPerCore = two.maxNeuronsPerCore = 64;
  two.threads = 2;
  MachineImage a1 = buildOk(spec, machine::MachineModel::spinn5(), one);
  MachineImage a2 = buildOk(spec, machine::MachineModel::spinn5(), two);
  ASSERT_EQ(a1.cores.size(), a2.cores.size());
  for (size_t k = 0; k < a1.cores.size(); ++k) {
    EXPECT_TRUE(a1.cores[k].rowStart == a2.cores[k].rowStart);
    EXPECT_TRUE(a1.cores[k].words == a2.cores[k].words);
  }
  EXPECT_TRUE(mappedSynapses(a2) == expectedSynapses(spec));
}
