//===- PartitionTest.cpp - Stage 2: populations into core slices ----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Expected slice sizes are derived by hand from the models of
// docs/Mapping.md ("Partitioning"): per-core data memory
//   2048 + 128 (+ 64 per branch) + 4096 fixed bytes,
//   per neuron: state (LIF 20) + depth * channels * 8 + 16 (row buffers);
// per-core cycles: n * (update + in-degree * rate * dt * (15 + 8 * 0.5))
//   + min(pre size, n * in-degree) * rate * dt * 150 per pre node.
//
//===----------------------------------------------------------------------===//

#include "MappingTestUtil.h"

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::test;

namespace {

/// A machine whose memory and clock never bound a slice.
machine::MachineModel roomyMachine() {
  machine::MachineModel m = machine::MachineModel::grid(2, 2, false);
  m.coreDataMemory = 1ull << 30;
  m.clockHz = 1'000'000'000'000ull;
  return m;
}

std::vector<Slice> partitionOk(const rt::NetworkSpec &spec,
                               const machine::MachineModel &machine,
                               const MappingOptions &options) {
  std::string error;
  auto slices = partitionNetwork(spec, machine, options, error);
  EXPECT_TRUE(slices.has_value()) << error;
  return slices ? *slices : std::vector<Slice>{};
}

std::string partitionError(const rt::NetworkSpec &spec,
                           const machine::MachineModel &machine,
                           const MappingOptions &options = {}) {
  std::string error;
  auto slices = partitionNetwork(spec, machine, options, error);
  EXPECT_FALSE(slices.has_value());
  return error;
}

} // namespace

TEST(Partition, MaxNeuronsPerCoreGivesBalancedSlices) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 1000);     // ceil(1000 / 256) = 4 slices of 250
  addLif(spec, "b", 1001);     // 4 slices: 251, 250, 250, 250
  addPoisson(spec, "in", 300); // 2 slices of 150
  std::vector<Slice> slices = partitionOk(spec, roomyMachine(), {});
  EXPECT_EQ(sizes(slices), (std::vector<uint32_t>{250, 250, 250, 250, 251, 250,
                                                  250, 250, 150, 150}));
  // Order: populations, then sources, each by ascending lo, covering all.
  ASSERT_EQ(slices.size(), 10u);
  EXPECT_EQ(slices[0].node, pop(0));
  EXPECT_EQ(slices[4].node, pop(1));
  EXPECT_EQ(slices[8].node, src(0));
  EXPECT_EQ(slices[4].lo, 0u);
  EXPECT_EQ(slices[5].lo, 251u);
  EXPECT_EQ(slices[7].hi, 1001u);
  EXPECT_EQ(slices[9].lo, 150u);
}

TEST(Partition, SmallNodesAreOneSlice) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 1);
  addLif(spec, "b", 256);
  std::vector<Slice> slices = partitionOk(spec, roomyMachine(), {});
  EXPECT_EQ(sizes(slices), (std::vector<uint32_t>{1, 256}));
}

TEST(Partition, SynapticWordIndexCapsSlices) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 10000);
  MappingOptions options;
  options.maxNeuronsPerCore = 100000;
  // 4096 neurons at most: ceil(10000 / 4096) = 3 slices.
  EXPECT_EQ(sizes(partitionOk(spec, roomyMachine(), options)),
            (std::vector<uint32_t>{3334, 3333, 3333}));
}

TEST(Partition, DataMemoryBoundsSlices) {
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef in = addPoisson(spec, "in", 10);
  rt::NodeRef a = addLif(spec, "a", 100);
  spec.projections.push_back(project(in, a, oneToOne(0.5, 9)));
  machine::MachineModel machine = roomyMachine();
  // LIF, delay 9 -> depth 10, 2 channels: 20 + 10 * 2 * 8 = 180 bytes per
  // neuron, 2048 + 128 + 4096 + 4096 = 10368 fixed: room for exactly 12.
  machine.coreDataMemory = 10368 + 180 * 12 + 179;
  std::vector<Slice> slices = partitionOk(spec, machine, {});
  // ceil(100 / 12) = 9 slices: 1 of 12, 8 of 11; then the source.
  EXPECT_EQ(sizes(slices),
            (std::vector<uint32_t>{12, 11, 11, 11, 11, 11, 11, 11, 11, 10}));
}

TEST(Partition, DataMemoryErrorNamesPopulationAndNumbers) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "exc", 10);
  machine::MachineModel machine = roomyMachine();
  machine.coreDataMemory = 6000;
  std::string error = partitionError(spec, machine);
  // One neuron: 20 + 1 * 2 * 8 = 36 bytes + 10368 fixed.
  EXPECT_EQ(error, "'exc' does not fit on a core: one neuron needs 10404 bytes "
                   "of data memory (36 bytes per neuron + 10368 bytes per "
                   "core), limit 6000 bytes");
}

TEST(Partition, CycleBudgetBoundsSlices) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 100);
  machine::MachineModel machine = roomyMachine();
  // LIF update 100 cycles, no input: 10 neurons = 1000 cycles = clock * dt.
  machine.clockHz = 1'000'500;
  EXPECT_EQ(sizes(partitionOk(spec, machine, {})),
            std::vector<uint32_t>(10, 10));
}

TEST(Partition, CycleBudgetCountsSynapticLoad) {
  rt::NetworkSpec spec = fixedNetwork();
  rt::NodeRef in = addPoisson(spec, "in", 100);
  rt::NodeRef a = addLif(spec, "a", 80);
  rt::ProceduralConnector c = randomConnector(0.0, 1);
  c.kind = rt::ProceduralConnector::Kind::FixedInDegree;
  c.count = 50;
  spec.projections.push_back(project(in, a, c));
  machine::MachineModel machine = roomyMachine();
  // Per neuron: 100 + 50 * 0.01 * (15 + 8 * 0.5) = 109.5 cycles; packets:
  // min(100, 50 n) * 0.01 * 150 = 150 cycles. 8 neurons: 1026 cycles.
  machine.clockHz = 1'026'500; // 1026.5 cycles per step
  // Sources cost nothing here, so they stay one slice.
  machine.cycleCosts.neuronUpdate["poisson"] = 0.0;
  MappingOptions options;
  options.expectedRateHz = 10.0;
  std::vector<Slice> slices = partitionOk(spec, machine, options);
  EXPECT_EQ(sizes(slices), (std::vector<uint32_t>{8, 8, 8, 8, 8, 8, 8, 8, 8,
                                                  8,      // population: 80 / 8
                                                  100})); // source: 100 cycles
  // A cycle more and 8 no longer fit: 80 / 7 -> 12 slices.
  machine.clockHz = 1'025'500;
  EXPECT_EQ(partitionOk(spec, machine, options).size(), 12u + 1u);
}

TEST(Partition, CycleBudgetKeepsAtLeastOneNeuron) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 5);
  machine::MachineModel machine = roomyMachine();
  machine.clockHz = 1;
  EXPECT_EQ(sizes(partitionOk(spec, machine, {})),
            (std::vector<uint32_t>{1, 1, 1, 1, 1}));
}

TEST(Partition, TooManyChannelsIsAnError) {
  rt::NetworkSpec spec = fixedNetwork();
  rt::Population p;
  p.name = "dend";
  p.size = 4;
  rt::DendriticModel d;
  d.soma = lif();
  rt::Branch b;
  b.tau = 0.01;
  b.threshold = 0.5;
  b.amplitude = 1.0;
  d.branches.assign(15, b);
  p.model = d;
  spec.populations.push_back(p);
  EXPECT_EQ(partitionError(spec, roomyMachine()),
            "population 'dend' has 17 input channels (2 + 15 dendritic "
            "branches), the spinnaker target supports at most 16");
}

TEST(Partition, ZeroNeuronsPerCoreIsAnError) {
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 5);
  MappingOptions options;
  options.maxNeuronsPerCore = 0;
  EXPECT_EQ(partitionError(spec, roomyMachine(), options),
            "maximum neurons per core must be at least 1");
}

TEST(Partition, EmptyNodesGetNoSlices) {
  // Validation refuses empty nodes; the stage itself must still not fail on
  // them (the MLIR passes call it directly).
  rt::NetworkSpec spec = fixedNetwork();
  addLif(spec, "a", 3);
  addLif(spec, "empty", 0);
  addPoisson(spec, "in", 2);
  std::vector<Slice> slices = partitionOk(spec, roomyMachine(), {});
  EXPECT_EQ(sizes(slices), (std::vector<uint32_t>{3, 2}));
  std::string error;
  auto cores = placeSlices(spec, roomyMachine(), slices, {}, error);
  EXPECT_TRUE(cores.has_value()) << error;
}
