//===- ValidateTest.cpp - Invariants of a machine image -------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// One broken invariant at a time on the valid hand-built image, each with
/// the exact message validateMachineImage must give.
///
//===----------------------------------------------------------------------===//

#include "ImageTestSupport.h"

#include "dendron/Spinn/ImageIO.h"

#include <functional>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::test;

namespace {

struct Case {
  const char *name;
  std::function<void(MachineImage &)> breakIt;
  std::string message;
};

TEST(ValidateImage, TheTestImageIsValid) {
  EXPECT_EQ(validateMachineImage(makeTestImage()), "");
}

TEST(ValidateImage, EachBrokenInvariantHasItsMessage) {
  using Kind = rt::NodeRef::Kind;
  const std::vector<Case> cases = {
      {"float profile",
       [](MachineImage &m) { m.network.profile = rt::NumericProfile::Float; },
       "network.profile: a machine image runs in s16.15, found float"},
      {"dt", [](MachineImage &m) { m.network.dt = 0; },
       "network.dt: must be a positive finite time step, found 0"},
      {"projections", [](MachineImage &m) { m.network.projections.resize(2); },
       "network.projections: must be empty (synapses live in the cores' "
       "rows), found 2"},
      {"branches",
       [](MachineImage &m) {
         std::get<rt::DendriticModel>(m.network.populations[2].model)
             .branches.resize(15);
       },
       "network.populations[2] 'dend': 15 dendritic branches, at most 14 fit "
       "a synaptic word"},
      {"spike lengths",
       [](MachineImage &m) {
         std::get<rt::SpikeArraySource>(m.network.sources[0].kind)
             .step.push_back(1);
       },
       "network.sources[0] 'stim': 3 spike neurons but 4 spike steps"},
      {"spike neuron",
       [](MachineImage &m) {
         std::get<rt::SpikeArraySource>(m.network.sources[0].kind).neuron[2] =
             2;
       },
       "network.sources[0] 'stim': spike 2 names neuron 2, the source has 2"},
      {"probe", [](MachineImage &m) { m.network.probes[3].node.index = 3; },
       "network.probes[3]: source 3 does not exist"},
      {"dead chip",
       [](MachineImage &m) {
         m.cores[6].core = {2, 1, 4};
       },
       "cores[6] (2, 1, 4): chip (2, 1) is dead or absent"},
      {"absent chip",
       [](MachineImage &m) {
         m.cores[6].core = {3, 0, 4};
       },
       "cores[6] (3, 0, 4): chip (3, 0) is dead or absent"},
      {"processor", [](MachineImage &m) { m.cores[6].core.p = 18; },
       "cores[6] (2, 0, 18): processor 18 outside [0, 18)"},
      {"monitor", [](MachineImage &m) { m.cores[6].core.p = 0; },
       "cores[6] (2, 0, 0): processor 0 is the monitor core"},
      {"dead core",
       [](MachineImage &m) {
         m.cores[6].core = {0, 0, 5};
       },
       "cores[6] (0, 0, 5): the core is dead"},
      {"shared core",
       [](MachineImage &m) {
         m.cores[6].core = {0, 1, 3};
       },
       "cores[6] (0, 1, 3): core used by an earlier slice"},
      {"node",
       [](MachineImage &m) {
         m.cores[6].node = {Kind::Source, 3};
       },
       "cores[6] (2, 0, 4).node: source 3 does not exist"},
      {"empty slice", [](MachineImage &m) { m.cores[6].hi = 0; },
       "cores[6] (2, 0, 4): slice [0, 0) is empty or outside source 2 (1 "
       "neurons)"},
      {"slice outside", [](MachineImage &m) { m.cores[6].hi = 2; },
       "cores[6] (2, 0, 4): slice [0, 2) is empty or outside source 2 (1 "
       "neurons)"},
      {"key count", [](MachineImage &m) { m.cores[6].keys.count = 2; },
       "cores[6] (2, 0, 4).keys: count 2 but the slice has 1 neurons"},
      {"block size", [](MachineImage &m) { m.cores[0].keys.blockSize = 3; },
       "cores[0] (0, 0, 1).keys: block size 3 is not a power of two in [3, "
       "2^32]"},
      {"block too small",
       [](MachineImage &m) { m.cores[0].keys.blockSize = 2; },
       "cores[0] (0, 0, 1).keys: block size 2 is not a power of two in [3, "
       "2^32]"},
      {"mask", [](MachineImage &m) { m.cores[0].keys.mask = 0xfffffff0; },
       "cores[0] (0, 0, 1).keys: base 0x00000000 / mask 0xfffffff0 is not an "
       "aligned block of 4 keys"},
      {"unaligned base", [](MachineImage &m) { m.cores[0].keys.base = 2; },
       "cores[0] (0, 0, 1).keys: base 0x00000002 / mask 0xfffffffc is not an "
       "aligned block of 4 keys"},
      {"channels", [](MachineImage &m) { m.cores[3].channels = 2; },
       "cores[3] (0, 1, 3).channels: 2, the population has 5"},
      {"ring depth", [](MachineImage &m) { m.cores[1].ringDepth = 0; },
       "cores[1] (0, 0, 2).ringDepth: must be at least 1"},
      {"row start empty", [](MachineImage &m) { m.cores[1].rowStart.clear(); },
       "cores[1] (0, 0, 2).rowStart: must start with 0"},
      {"row start monotone",
       [](MachineImage &m) { m.cores[0].rowStart[2] = 1; },
       "cores[0] (0, 0, 1).rowStart[2]: 1 is below the previous 2"},
      {"row start end", [](MachineImage &m) { m.cores[0].rowStart[4] = 4; },
       "cores[0] (0, 0, 1).rowStart: ends at 4, but there are 5 words"},
      {"word channel",
       [](MachineImage &m) {
         m.cores[3].words[1] = SynapticWord::pack(1, 1, 5, 0);
       },
       "cores[3] (0, 1, 3).words[1]: channel 5, the core has 5"},
      {"word index",
       [](MachineImage &m) {
         m.cores[3].words[2] = SynapticWord::pack(1, 1, 0, 4);
       },
       "cores[3] (0, 1, 3).words[2]: neuron index 4, the slice has 4"},
      {"word delay zero",
       [](MachineImage &m) {
         m.cores[2].words[0] = SynapticWord::pack(1, 0, 0, 0);
       },
       "cores[2] (1, 0, 1).words[0]: delay 0 outside [1, ringDepth 2)"},
      {"word delay ring",
       [](MachineImage &m) {
         m.cores[2].words[1] = SynapticWord::pack(1, 2, 0, 0);
       },
       "cores[2] (1, 0, 1).words[1]: delay 2 outside [1, ringDepth 2)"},
      {"mpt key bits",
       [](MachineImage &m) { m.cores[2].masterPopTable[0].key = 21; },
       "cores[2] (1, 0, 1).masterPopTable[0]: key 0x00000015 has bits "
       "outside mask 0xfffffffc"},
      {"mpt rows vs block",
       [](MachineImage &m) { m.cores[2].masterPopTable[0].numRows = 5; },
       "cores[2] (1, 0, 1).masterPopTable[0]: 5 rows but the key block holds "
       "4 keys"},
      {"mpt rows range",
       [](MachineImage &m) { m.cores[0].masterPopTable[0].firstRow = 3; },
       "cores[0] (0, 0, 1).masterPopTable[0]: rows [3, 5) beyond the 4 rows"},
      {"mpt sorted",
       [](MachineImage &m) {
         std::swap(m.cores[0].masterPopTable[0], m.cores[0].masterPopTable[1]);
       },
       "cores[0] (0, 0, 1).masterPopTable[1]: key 0x00000004 is below the "
       "previous 0x00000010 (must be sorted)"},
      {"mpt overlap",
       [](MachineImage &m) {
         m.cores[0].masterPopTable[0].mask = 0xffffffe0;
         m.cores[0].masterPopTable[0].key = 0;
       },
       "cores[0] (0, 0, 1).masterPopTable[1]: key 0x00000010 overlaps the "
       "previous entry's block"},
      {"bias size", [](MachineImage &m) { m.cores[0].bias.pop_back(); },
       "cores[0] (0, 0, 1).bias: 5 values, expected channels x neurons = 6"},
      {"source rows",
       [](MachineImage &m) {
         m.cores[4].words = {SynapticWord::pack(1, 1, 0, 0)};
       },
       "cores[4] (1, 1, 1): a source slice holds no synaptic data"},
      {"coverage gap",
       [](MachineImage &m) {
         m.cores[1].lo = 4;
         m.cores[1].keys.count = 1;
       },
       "cores: population 0 neurons [3, 4) are on no core"},
      {"coverage overlap",
       [](MachineImage &m) {
         m.cores[1].lo = 2;
         m.cores[1].keys = {4, 0xfffffffc, 3, 4};
         m.cores[2].keys = {12, 0xfffffffc, 3, 4};
         m.cores[3].keys = {32, 0xfffffffc, 4, 4};
       },
       "cores: population 0 neurons [2, 3) are on two cores"},
      {"coverage tail",
       [](MachineImage &m) {
         m.cores[1].hi = 4;
         m.cores[1].keys = {4, 0xffffffff, 1, 1};
       },
       "cores: population 0 neurons [4, 5) are on no core"},
      {"missing node", [](MachineImage &m) { m.cores.pop_back(); },
       "cores: source 2 neurons [0, 1) are on no core"},
      {"key overlap",
       [](MachineImage &m) {
         m.cores[6].keys = {8, 0xffffffff, 1, 1};
       },
       "cores[6].keys: block at 0x00000008 overlaps the block of cores[2] at "
       "0x00000008"},
      {"table dead chip",
       [](MachineImage &m) {
         m.tables[1].chip = {2, 1};
       },
       "tables[1] chip (2, 1): the chip is dead or absent"},
      {"table order",
       [](MachineImage &m) { std::swap(m.tables[0], m.tables[1]); },
       "tables[1] chip (0, 0): tables must be in row-major chip order, one "
       "per chip"},
      {"table duplicate",
       [](MachineImage &m) {
         m.tables[1].chip = {0, 0};
       },
       "tables[1] chip (0, 0): tables must be in row-major chip order, one "
       "per chip"},
      {"table size", [](MachineImage &m) { m.tables[0].entries.resize(9); },
       "tables[0] chip (0, 0): 9 entries, the router holds 8"},
      {"table core",
       [](MachineImage &m) {
         m.tables[1].entries[0].route =
             m.tables[1].entries[0].route.withCore(18);
       },
       "tables[1] chip (1, 1).entries[0]: routes to core 18, the chip has "
       "18"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.name);
    MachineImage image = makeTestImage();
    c.breakIt(image);
    EXPECT_EQ(validateMachineImage(image), c.message);
  }
}

} // namespace
