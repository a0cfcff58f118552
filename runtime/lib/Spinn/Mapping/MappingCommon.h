//===- MappingCommon.h - Helpers shared by the mapping stages ---*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Internal to DendronSpinnMapping: node naming and numbering, the memory
/// and cycle model constants of docs/Mapping.md, the slice lookup and the
/// "which slices does a source slice send to" relation that both the routing
/// tables and the master population tables are built from (so every packet
/// a core receives has an entry there).
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_LIB_SPINN_MAPPING_MAPPINGCOMMON_H
#define DENDRON_RUNTIME_LIB_SPINN_MAPPING_MAPPINGCOMMON_H

#include "dendron/Spinn/Mapping.h"

#include <cstdint>
#include <new>
#include <string>
#include <vector>

namespace dendron::spinn::detail {

//===----------------------------------------------------------------------===//
// Memory model (docs/Mapping.md, "Data memory")
//===----------------------------------------------------------------------===//

/// Runtime kernel data, stack, recording and spike buffers of a core [bytes].
constexpr uint64_t kCoreFixedBytes = 2048;
/// Master population table allowance made by the partitioner: 256 entries of
/// 16 bytes [bytes]. The synaptic-data stage checks the real size.
constexpr uint64_t kMasterPopAllowanceBytes = 4096;
/// Bytes of one master population table entry (key, mask, row, count).
constexpr uint64_t kMasterPopEntryBytes = 16;
/// Bytes of one synaptic word, in SDRAM and in the DMA buffers.
constexpr uint64_t kWordBytes = 8;
/// Words one row DMA buffer holds; longer rows are fetched in pieces.
constexpr uint64_t kRowBufferWords = 256;
/// Row DMA buffers of a population core: two (one filling while the other
/// is processed) [bytes].
constexpr uint64_t kRowBufferBytes = 2 * kRowBufferWords * kWordBytes;
/// Bytes of one ring-buffer slot per channel and neuron (int64 accumulator).
constexpr uint64_t kAccumulatorBytes = 8;
/// Bytes of a row's address/length record in SDRAM.
constexpr uint64_t kRowIndexBytes = 8;
/// Per-population parameters (decays, thresholds, ...), shared by the
/// neurons of a core, and per dendritic branch [bytes].
constexpr uint64_t kModelParamBytes = 128;
constexpr uint64_t kBranchParamBytes = 64;

//===----------------------------------------------------------------------===//
// Nodes
//===----------------------------------------------------------------------===//

/// "'name'" of a population or source.
std::string nodeName(const rt::NetworkSpec &spec, const rt::NodeRef &node);
/// Neurons of a population or source.
uint32_t nodeSize(const rt::NetworkSpec &spec, const rt::NodeRef &node);
/// Dense node number: populations 0..P-1, then sources P..P+S-1.
uint32_t nodeId(const rt::NetworkSpec &spec, const rt::NodeRef &node);
/// Number of nodes (populations + sources).
uint32_t numNodes(const rt::NetworkSpec &spec);
/// Model name used for the cycle-cost table: "lif", "izhikevich",
/// "dendritic", or for sources "spike_array", "poisson", "external".
std::string costModelName(const rt::NetworkSpec &spec, const rt::NodeRef &node);

/// Input channels of a population: 2 + dendritic branches (sources: 0).
uint32_t nodeChannels(const rt::NetworkSpec &spec, const rt::NodeRef &node);
/// Ring-buffer depth of a population: 1 + the largest delay of any
/// projection into it (at least 2 when there is one), 1 without input.
uint32_t ringDepth(const rt::NetworkSpec &spec, const rt::NodeRef &node);
/// True if some projection into the population has a bias.
bool hasBias(const rt::NetworkSpec &spec, const rt::NodeRef &node);
/// State bytes per neuron (s16.15 words and counters).
uint64_t stateBytesPerNeuron(const rt::NetworkSpec &spec,
                             const rt::NodeRef &node);
/// Data memory per neuron that scales with the slice size: state, ring
/// buffer and biases [bytes/neuron].
uint64_t dataBytesPerNeuron(const rt::NetworkSpec &spec,
                            const rt::NodeRef &node);
/// Data memory of a core independent of its slice size (fixed overhead,
/// model parameters and, for populations, the row buffers), without the
/// master population table [bytes].
uint64_t dataBytesFixed(const rt::NetworkSpec &spec, const rt::NodeRef &node);

//===----------------------------------------------------------------------===//
// Slices
//===----------------------------------------------------------------------===//

/// Slices grouped by node: node n owns slices [first[n], first[n + 1]), by
/// ascending lo.
struct SliceIndex {
  std::vector<uint32_t> first;
  /// Slice index holding neuron `neuron` of node `node` (a valid neuron).
  uint32_t sliceOf(const std::vector<Slice> &slices, uint32_t node,
                   uint32_t neuron) const;
};

/// Builds the index; fails (error) when slices are not grouped by node in
/// ascending, contiguous lo order covering every node exactly.
bool buildSliceIndex(const rt::NetworkSpec &spec,
                     const std::vector<Slice> &slices, SliceIndex &index,
                     std::string &error);

/// For every slice s, the slices of populations that receive its packets
/// (sorted, unique): exact for one_to_one and sparse projections, every
/// slice of the post population otherwise.
std::vector<std::vector<uint32_t>>
sliceTargets(const rt::NetworkSpec &spec, const std::vector<Slice> &slices,
             const SliceIndex &index);

/// Runs `stage` (returning a std::optional) and turns std::bad_alloc into
/// std::nullopt with "out of memory <what>": no stage throws.
template <class Stage>
auto guardMemory(std::string &error, const char *what, Stage stage)
    -> decltype(stage()) {
  try {
    return stage();
  } catch (const std::bad_alloc &) {
    error = std::string("out of memory ") + what;
    return std::nullopt;
  }
}

} // namespace dendron::spinn::detail

#endif // DENDRON_RUNTIME_LIB_SPINN_MAPPING_MAPPINGCOMMON_H
