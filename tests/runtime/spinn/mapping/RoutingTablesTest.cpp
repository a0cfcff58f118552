//===- RoutingTablesTest.cpp - Stages 4 to 6: keys and router tables ------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Every key of every source slice is walked hop by hop through the router
// tables with routing::lookup (default routing included), from the source
// chip: it must reach exactly the expected cores, each once, and never cross
// a dead link. Expected cores are derived independently: the cores of the
// post slices that hold a synapse of the slice (rt::expandConnector) for
// one-to-one and sparse projections, every post slice otherwise
// (docs/Mapping.md).
//
//===----------------------------------------------------------------------===//

#include "MappingTestUtil.h"

#include "dendron/Runtime/Expand.h"

#include <cstdio>
#include <fmt/format.h>
#include <map>
#include <set>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::test;

namespace {

struct Routed {
  std::vector<Slice> slices;
  std::vector<machine::CoreCoord> cores;
  std::vector<routing::KeyBlock> keys;
  std::vector<ChipTable> tables;
};

Routed route(const rt::NetworkSpec &spec, const machine::MachineModel &machine,
             uint64_t seed, uint32_t perCore) {
  MappingOptions options;
  options.seed = seed;
  options.maxNeuronsPerCore = perCore;
  std::string error;
  Routed r;
  auto slices = partitionNetwork(spec, machine, options, error);
  EXPECT_TRUE(slices) << error;
  if (!slices)
    return r;
  r.slices = *slices;
  auto cores = placeSlices(spec, machine, r.slices, options, error);
  EXPECT_TRUE(cores) << error;
  auto keys = allocateSliceKeys(r.slices, error);
  EXPECT_TRUE(keys) << error;
  if (!cores || !keys)
    return r;
  r.cores = *cores;
  r.keys = *keys;
  auto tables =
      buildRoutingTables(spec, machine, r.slices, r.cores, r.keys, error);
  EXPECT_TRUE(tables) << error;
  if (tables)
    r.tables = *tables;
  return r;
}

/// The cores a packet with `key` reaches from core `from`, walking the
/// tables; fails the test on a dead link, a loop or a double delivery.
std::multiset<machine::CoreCoord> walk(const machine::MachineModel &machine,
                                       const std::vector<ChipTable> &tables,
                                       machine::CoreCoord from, uint32_t key) {
  std::map<machine::ChipCoord, const routing::RouterTable *> byChip;
  for (const ChipTable &t : tables)
    byChip[t.chip] = &t.entries;
  const routing::RouterTable none;
  std::multiset<machine::CoreCoord> reached;
  std::vector<std::pair<machine::ChipCoord, std::optional<routing::Link>>>
      pending{{{from.x, from.y}, std::nullopt}};
  int hops = 0;
  while (!pending.empty()) {
    auto [chip, arrival] = pending.back();
    pending.pop_back();
    if (++hops > 10000) {
      ADD_FAILURE() << "routing loop for key " << key;
      break;
    }
    auto it = byChip.find(chip);
    routing::Route r =
        routing::lookup(it == byChip.end() ? none : *it->second, key, arrival);
    for (int p = 0; p < machine.coresPerChip; ++p)
      if (r.hasCore(unsigned(p)))
        reached.insert({chip.x, chip.y, p});
    for (unsigned l = 0; l < routing::kNumLinks; ++l) {
      if (!r.hasLink(routing::Link(l)))
        continue;
      auto d = machine::Direction(l);
      if (!machine.linkUsable(chip, d)) {
        ADD_FAILURE() << "key " << key << " crosses a dead link at (" << chip.x
                      << ", " << chip.y << ") " << machine::directionName(d);
        continue;
      }
      pending.push_back(
          {*machine.neighbour(chip, d), routing::opposite(routing::Link(l))});
    }
  }
  return reached;
}

/// Expected target cores of every slice (see the file comment).
std::vector<std::set<machine::CoreCoord>>
expectedTargets(const rt::NetworkSpec &spec, const Routed &r) {
  auto sizeOf = [&](rt::NodeRef n) {
    return n.kind == rt::NodeRef::Kind::Population
               ? spec.populations[n.index].size
               : spec.sources[n.index].size;
  };
  auto sliceOf = [&](rt::NodeRef n, uint32_t i) {
    for (size_t s = 0; s < r.slices.size(); ++s)
      if (r.slices[s].node == n && r.slices[s].lo <= i && i < r.slices[s].hi)
        return s;
    ADD_FAILURE() << "no slice";
    return size_t(0);
  };
  std::vector<std::set<machine::CoreCoord>> out(r.slices.size());
  for (const rt::Projection &p : spec.projections) {
    bool exact = std::holds_alternative<rt::OneToOneConnector>(p.connector) ||
                 std::holds_alternative<rt::SparseConnector>(p.connector);
    if (exact) {
      std::string error;
      auto list = rt::expandConnector(p.connector, sizeOf(p.pre),
                                      sizeOf(p.post), p.pre == p.post, error);
      EXPECT_TRUE(list) << error;
      for (size_t k = 0; list && k < list->size(); ++k)
        out[sliceOf(p.pre, list->pre[k])].insert(
            r.cores[sliceOf(p.post, list->post[k])]);
      continue;
    }
    for (size_t s = 0; s < r.slices.size(); ++s)
      if (r.slices[s].node == p.pre)
        for (size_t t = 0; t < r.slices.size(); ++t)
          if (r.slices[t].node == p.post)
            out[s].insert(r.cores[t]);
  }
  return out;
}

/// Every key of every slice reaches exactly its expected cores, once each.
void checkRoutes(const rt::NetworkSpec &spec,
                 const machine::MachineModel &machine, const Routed &r,
                 const std::vector<ChipTable> &tables) {
  std::vector<std::set<machine::CoreCoord>> expected = expectedTargets(spec, r);
  for (size_t s = 0; s < r.slices.size(); ++s)
    for (uint32_t i = 0; i < r.slices[s].hi - r.slices[s].lo; ++i) {
      uint32_t key = r.keys[s].base + i;
      std::multiset<machine::CoreCoord> got =
          walk(machine, tables, r.cores[s], key);
      std::multiset<machine::CoreCoord> want(expected[s].begin(),
                                             expected[s].end());
      ASSERT_TRUE(got == want)
          << "slice " << s << " key " << key << ": " << got.size()
          << " cores reached, " << want.size() << " expected";
    }
}

/// Sources, populations, every routing-relevant connector kind.
rt::NetworkSpec routingNetwork() {
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef in = addPoisson(spec, "in", 30);
  rt::NodeRef a = addLif(spec, "a", 60);
  rt::NodeRef b = addLif(spec, "b", 60);
  rt::NodeRef c = addLif(spec, "c", 30);
  addLif(spec, "isolated", 12);
  spec.projections.push_back(project(in, a, randomConnector(0.2, 1)));
  spec.projections.push_back(project(a, b, oneToOne(0.5, 2)));
  spec.projections.push_back(project(b, b, randomConnector(0.05, 2)));
  rt::SparseConnector sp;
  sp.pre = {0, 17, 59, 59};
  sp.post = {29, 3, 0, 28};
  sp.weights = {0.5, 0.5, 0.5, 0.5};
  sp.delays = {1, 1, 1, 1};
  spec.projections.push_back(project(b, c, sp));
  spec.projections.push_back(project(in, c, oneToOne(0.25)));
  return spec;
}

machine::MachineModel damagedSpinn5() {
  machine::MachineModel m = machine::MachineModel::spinn5();
  EXPECT_TRUE(m.killChip({4, 4}));
  EXPECT_TRUE(m.killChip({1, 3}));
  EXPECT_TRUE(m.killLink({2, 2}, machine::Direction::E));
  EXPECT_TRUE(m.killLink({3, 3}, machine::Direction::N));
  EXPECT_TRUE(m.killLink({0, 0}, machine::Direction::NE));
  EXPECT_TRUE(m.killLink({5, 2}, machine::Direction::SW));
  EXPECT_TRUE(m.killCore({0, 0, 1}));
  return m;
}

} // namespace

TEST(RoutingTables, KeysReachExactlyTheirTargets) {
  rt::NetworkSpec spec = routingNetwork();
  machine::MachineModel machine = machine::MachineModel::spinn5();
  for (uint64_t seed : {0, 1, 2}) {
    Routed r = route(spec, machine, seed, 8);
    ASSERT_FALSE(r.tables.empty());
    checkRoutes(spec, machine, r, r.tables);
  }
}

TEST(RoutingTables, RoutesAvoidDeadLinksAndChips) {
  rt::NetworkSpec spec = routingNetwork();
  machine::MachineModel machine = damagedSpinn5();
  for (uint64_t seed : {0, 1, 2}) {
    // 3 cores per slice: the slices spread over many chips.
    Routed r = route(spec, machine, seed, 3);
    ASSERT_FALSE(r.tables.empty());
    for (const ChipTable &t : r.tables)
      EXPECT_TRUE(machine.chipAlive(t.chip));
    checkRoutes(spec, machine, r, r.tables);
  }
}

TEST(RoutingTables, CompressedTablesRouteLikeUncompressed) {
  rt::NetworkSpec spec = routingNetwork();
  machine::MachineModel machine = damagedSpinn5();
  for (uint64_t seed : {0, 1, 2}) {
    Routed r = route(spec, machine, seed, 2);
    std::vector<ChipTable> compressed = r.tables;
    std::string error;
    ASSERT_TRUE(compressRoutingTables(compressed, machine, error)) << error;
    ASSERT_EQ(compressed.size(), r.tables.size());
    size_t before = 0, after = 0;
    for (size_t k = 0; k < compressed.size(); ++k) {
      EXPECT_EQ(compressed[k].uncompressedSize, r.tables[k].entries.size());
      EXPECT_LE(compressed[k].entries.size(), machine.routerEntries);
      before += r.tables[k].entries.size();
      after += compressed[k].entries.size();
    }
    EXPECT_LT(after, before); // default-routable entries go at least
    checkRoutes(spec, machine, r, compressed);
  }
}

TEST(RoutingTables, OneEntryPerTreePerChipRowMajor) {
  rt::NetworkSpec spec = routingNetwork();
  machine::MachineModel machine = machine::MachineModel::spinn5();
  Routed r = route(spec, machine, 0, 8);
  for (size_t k = 0; k < r.tables.size(); ++k) {
    if (k > 0) {
      EXPECT_TRUE(r.tables[k - 1].chip < r.tables[k].chip);
    }
    EXPECT_EQ(r.tables[k].uncompressedSize, r.tables[k].entries.size());
    std::set<uint32_t> keys;
    for (const routing::Entry &e : r.tables[k].entries) {
      EXPECT_TRUE(keys.insert(e.key).second) << "two entries for one tree";
      EXPECT_FALSE(e.route.empty());
    }
  }
  // 'isolated' sends nothing: its keys appear in no table.
  for (size_t s = 0; s < r.slices.size(); ++s) {
    if (!(r.slices[s].node == pop(3)))
      continue;
    for (const ChipTable &t : r.tables)
      for (const routing::Entry &e : t.entries) {
        EXPECT_NE(e.key, r.keys[s].base);
      }
  }
}

TEST(RoutingTables, TableTooLargeIsAnError) {
  rt::NetworkSpec spec = routingNetwork();
  machine::MachineModel machine = machine::MachineModel::spinn5();
  Routed r = route(spec, machine, 0, 2);
  machine.routerEntries = 1;
  std::vector<ChipTable> tables = r.tables;
  std::string error;
  EXPECT_FALSE(compressRoutingTables(tables, machine, error));
  // The message names the first chip (row-major) whose table does not fit;
  // its uncompressed size is the input's.
  ASSERT_EQ(error.rfind("chip (", 0), 0u) << error;
  int x = -1, y = -1;
  unsigned needed = 0, before = 0, limit = 0;
  ASSERT_EQ(std::sscanf(error.c_str(),
                        "chip (%d, %d): router table needs %u entries after "
                        "compression (%u before), limit %u",
                        &x, &y, &needed, &before, &limit),
            5)
      << error;
  EXPECT_EQ(limit, 1u);
  EXPECT_GT(needed, 1u);
  bool found = false;
  for (const ChipTable &t : r.tables)
    if (t.chip == machine::ChipCoord{x, y}) {
      found = true;
      EXPECT_EQ(before, t.entries.size());
      EXPECT_LE(needed, before);
    }
  EXPECT_TRUE(found);
}

TEST(RoutingTables, KeyBlocksFollowSliceSizes) {
  std::vector<Slice> slices = {{pop(0), 0, 5}, {pop(0), 5, 8}, {src(0), 0, 1}};
  std::string error;
  auto keys = allocateSliceKeys(slices, error);
  ASSERT_TRUE(keys) << error;
  // Power-of-two blocks: 8, 4, 1 keys, disjoint and aligned.
  EXPECT_EQ((*keys)[0].blockSize, 8u);
  EXPECT_EQ((*keys)[1].blockSize, 4u);
  EXPECT_EQ((*keys)[2].blockSize, 1u);
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ((*keys)[k].count, slices[k].hi - slices[k].lo);
    EXPECT_EQ((*keys)[k].base % (*keys)[k].blockSize, 0u);
    for (size_t j = 0; j < 3; ++j)
      if (j != k) {
        EXPECT_NE((*keys)[k].base & (*keys)[j].mask, (*keys)[j].base);
      }
  }
}

TEST(RoutingTables, MismatchedInputsAreRefused) {
  rt::NetworkSpec spec = routingNetwork();
  machine::MachineModel machine = machine::MachineModel::spinn5();
  Routed r = route(spec, machine, 0, 8);
  r.cores.pop_back();
  std::string error;
  EXPECT_FALSE(
      buildRoutingTables(spec, machine, r.slices, r.cores, r.keys, error));
  EXPECT_EQ(error, fmt::format("{} slices but {} placed cores and {} key "
                               "blocks",
                               r.slices.size(), r.cores.size(), r.keys.size()));
}

TEST(RoutingTables, UnreachableTargetsAreAnError) {
  // Two chips whose only link is dead: a population spread over both cannot
  // reach itself.
  machine::MachineModel machine = machine::MachineModel::grid(2, 1, false);
  ASSERT_TRUE(machine.killLink({0, 0}, machine::Direction::E));
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef a = addLif(spec, "a", 20);
  spec.projections.push_back(project(a, a, randomConnector(0.5, 1)));
  MappingOptions options;
  options.maxNeuronsPerCore = 1;
  std::string error;
  auto slices = partitionNetwork(spec, machine, options, error);
  ASSERT_TRUE(slices) << error;
  auto cores = placeSlices(spec, machine, *slices, options, error);
  ASSERT_TRUE(cores) << error;
  auto keys = allocateSliceKeys(*slices, error);
  ASSERT_TRUE(keys) << error;
  EXPECT_FALSE(
      buildRoutingTables(spec, machine, *slices, *cores, *keys, error));
  const machine::CoreCoord &c = (*cores)[0];
  EXPECT_EQ(error.rfind(fmt::format("slice [0, 1) of 'a' on core ({}, {}, "
                                    "{}): multicast targets unreachable",
                                    c.x, c.y, c.p),
                        0),
            0u)
      << error;
}
