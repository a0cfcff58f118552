//===- SynapticData.cpp - Master population tables and synaptic rows ------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Stage 7 (docs/Mapping.md, "Synaptic data"). Every core of a population
// slice gets master population table entries for the source slices that
// send to it (the same relation the routing tables are built from) and one
// row per key of those slices. A row holds the synapses of one source neuron
// onto the core's neurons, over all projections from the source's node (they
// share its keys).
//
// Scale: a row only receives words from projections of its source node, so
// the rows of a core are numbered node by node and the work goes one source
// node at a time: expand each of its projections once (counting each row's
// words and keeping the synapses compactly: a packed word without its index
// and the post neuron, 12 bytes), lay the node's rows out at the end of
// every target core's words, then write the words. Only one node's synapses
// are held besides the final words. The per-synapse loops split a
// projection between threads at source-neuron boundaries: different source
// neurons own different rows, so threads never touch the same counter or
// word.
//
//===----------------------------------------------------------------------===//

#include "MappingCommon.h"

#include "dendron/Runtime/Expand.h"
#include "dendron/Runtime/Kernels.h"

#include <algorithm>
#include <atomic>
#include <fmt/format.h>
#include <map>
#include <thread>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::detail;

namespace {

constexpr uint32_t kNoRow = UINT32_MAX;

/// Runs fn(begin, end) over the source neurons [0, n) in up to `threads`
/// parts of about equal synapse counts (preStart: CSR offsets, n + 1).
/// Falls back to fewer threads if the system refuses one.
template <class Fn>
void forSourceNeuronChunks(const std::vector<uint64_t> &preStart,
                           unsigned threads, Fn fn) {
  const uint32_t n = uint32_t(preStart.size() - 1);
  const uint64_t synapses = preStart.back();
  unsigned parts = std::max(1u, std::min<unsigned>(threads, 64));
  if (parts == 1 || synapses < (uint64_t(1) << 16)) {
    fn(uint32_t(0), n);
    return;
  }
  std::vector<uint32_t> bounds{0};
  for (unsigned k = 1; k < parts; ++k) {
    uint64_t target = synapses * k / parts;
    uint32_t at =
        uint32_t(std::lower_bound(preStart.begin(), preStart.end(), target) -
                 preStart.begin());
    bounds.push_back(std::min(std::max(at, bounds.back()), n));
  }
  bounds.push_back(n);
  std::vector<std::thread> workers;
  unsigned started = 1; // part 0 runs on the calling thread
  try {
    for (; started < parts; ++started)
      workers.emplace_back(fn, bounds[started], bounds[started + 1]);
  } catch (const std::exception &) {
    // Run the parts that did not get a thread here.
  }
  fn(bounds[0], bounds[1]);
  for (unsigned k = started; k < parts; ++k)
    fn(bounds[k], bounds[k + 1]);
  for (std::thread &t : workers)
    t.join();
}

/// Largest b >= a such that the key blocks of from[a..b] (sorted by key, all
/// of one node) are contiguous and together form one aligned power-of-two
/// block; b = a at least.
size_t mergeableRun(const std::vector<uint32_t> &from, size_t a,
                    const std::vector<routing::KeyBlock> &keys) {
  const uint64_t base = keys[from[a]].base;
  uint64_t end = base + keys[from[a]].blockSize;
  size_t best = a;
  for (size_t b = a + 1; b < from.size(); ++b) {
    const routing::KeyBlock &next = keys[from[b]];
    if (next.base != end)
      break;
    end += next.blockSize;
    uint64_t span = end - base;
    uint64_t pow2 = 1;
    while (pow2 < span)
      pow2 <<= 1;
    if (base % pow2 != 0)
      break; // no larger aligned block starts at base
    if (pow2 == span)
      best = b;
  }
  return best;
}

std::string coreName(const machine::CoreCoord &c) {
  return fmt::format("({}, {}, {})", c.x, c.y, c.p);
}

uint32_t channelOf(const rt::Projection &p) {
  return p.compartment >= 0
             ? 2 + uint32_t(p.compartment)
             : (p.synapse == rt::SynapseType::Excitatory ? 0 : 1);
}

/// The synapses of one expanded projection, kept until its node's rows are
/// laid out: CSR by source neuron, a packed word with index 0 and the post
/// neuron per synapse.
struct Stash {
  size_t projection = 0;
  std::vector<uint64_t> preStart;
  std::vector<uint64_t> word;
  std::vector<uint32_t> post;
};

/// The rows of one source node on one core: [first, end) of its row numbers.
struct NodeRows {
  uint32_t core = 0; ///< slice index of the core.
  uint32_t first = 0, end = 0;
};

std::optional<std::vector<CoreProgram>>
buildSynapticDataImpl(const rt::NetworkSpec &spec,
                      const machine::MachineModel &machine,
                      const std::vector<Slice> &slices,
                      const std::vector<machine::CoreCoord> &placement,
                      const std::vector<routing::KeyBlock> &keys,
                      const MappingOptions &options, std::string &error) {
  if (placement.size() != slices.size() || keys.size() != slices.size()) {
    error = fmt::format("{} slices but {} placed cores and {} key blocks",
                        slices.size(), placement.size(), keys.size());
    return std::nullopt;
  }
  for (size_t k = 0; k < spec.projections.size(); ++k) {
    const rt::Projection &p = spec.projections[k];
    if (!std::holds_alternative<std::monostate>(p.plasticity)) {
      auto plain = [&](const rt::NodeRef &n) {
        return n.kind == rt::NodeRef::Kind::Population
                   ? spec.populations[n.index].name
                   : spec.sources[n.index].name;
      };
      error = fmt::format("projection {} ({} -> {}): plasticity is not "
                          "supported on the spinnaker target",
                          k, plain(p.pre), plain(p.post));
      return std::nullopt;
    }
  }
  SliceIndex index;
  if (!buildSliceIndex(spec, slices, index, error))
    return std::nullopt;
  for (const Slice &s : slices)
    if (s.hi - s.lo > kMaxNeuronsPerCore) {
      error = fmt::format("slice [{}, {}) of {} holds {} neurons, a core "
                          "holds at most {}",
                          s.lo, s.hi, nodeName(spec, s.node), s.hi - s.lo,
                          kMaxNeuronsPerCore);
      return std::nullopt;
    }
  const uint32_t nodes = numNodes(spec);
  std::vector<std::vector<uint32_t>> targets =
      sliceTargets(spec, slices, index);

  // Neuron -> slice of every node, flat: sliceOfNeuron[nodeBase[n] + i].
  std::vector<uint64_t> nodeBase(nodes + 1, 0);
  for (uint32_t n = 0; n < nodes; ++n)
    nodeBase[n + 1] = nodeBase[n] + (index.first[n + 1] > index.first[n]
                                         ? slices[index.first[n + 1] - 1].hi
                                         : 0);
  std::vector<uint32_t> sliceOfNeuron(nodeBase[nodes]);
  for (uint32_t s = 0; s < slices.size(); ++s) {
    uint32_t n = nodeId(spec, slices[s].node);
    for (uint32_t i = slices[s].lo; i < slices[s].hi; ++i)
      sliceOfNeuron[nodeBase[n] + i] = s;
  }

  // Programs and master population tables. Rows are numbered by source
  // node, then key; entries are sorted by key at the end.
  std::vector<CoreProgram> programs(slices.size());
  std::vector<std::vector<uint32_t>> sources(slices.size());
  for (uint32_t s = 0; s < slices.size(); ++s)
    for (uint32_t t : targets[s])
      sources[t].push_back(s);
  // rowOf[t]: (source slice, row of its neuron lo) for every source slice.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> rowOf(slices.size());
  std::vector<std::vector<NodeRows>> rowsOfNode(nodes);
  std::vector<uint64_t> senders(slices.size(), 0);
  for (uint32_t t = 0; t < slices.size(); ++t) {
    CoreProgram &prog = programs[t];
    prog.core = placement[t];
    prog.node = slices[t].node;
    prog.lo = slices[t].lo;
    prog.hi = slices[t].hi;
    prog.keys = keys[t];
    if (prog.node.kind != rt::NodeRef::Kind::Population)
      continue;
    prog.channels = nodeChannels(spec, prog.node);
    prog.ringDepth = ringDepth(spec, prog.node);
    std::vector<uint32_t> &from = sources[t];
    // Source slices are already grouped by node (slice order); sort each
    // node's by key.
    std::sort(from.begin(), from.end(), [&](uint32_t a, uint32_t b) {
      uint32_t na = nodeId(spec, slices[a].node);
      uint32_t nb = nodeId(spec, slices[b].node);
      return na != nb ? na < nb : keys[a].base < keys[b].base;
    });
    uint64_t rows = 0;
    for (size_t a = 0; a < from.size();) {
      uint32_t node = nodeId(spec, slices[from[a]].node);
      size_t nodeEnd = a;
      while (nodeEnd < from.size() &&
             nodeId(spec, slices[from[nodeEnd]].node) == node)
        ++nodeEnd;
      uint64_t nodeFirst = rows;
      // Source slices whose key blocks tile an aligned power-of-two block
      // share one entry; rows of keys no neuron sends stay empty.
      std::vector<uint32_t> run(from.begin() + a, from.begin() + nodeEnd);
      for (size_t r = 0; r < run.size();) {
        size_t b = mergeableRun(run, r, keys);
        const routing::KeyBlock &first = keys[run[r]], &last = keys[run[b]];
        uint64_t span = last.base + last.blockSize - first.base;
        MasterPopEntry e;
        e.key = first.base;
        e.mask = b == r ? first.mask : ~uint32_t(span - 1);
        e.firstRow = uint32_t(std::min<uint64_t>(rows, kNoRow));
        e.numRows = uint32_t(last.base - first.base) + last.count;
        for (size_t k = r; k <= b; ++k) {
          rowOf[t].push_back(
              {run[k], uint32_t(std::min<uint64_t>(
                           rows + (keys[run[k]].base - first.base), kNoRow))});
          senders[t] += slices[run[k]].hi - slices[run[k]].lo;
        }
        rows += e.numRows;
        prog.masterPopTable.push_back(e);
        r = b + 1;
      }
      if (rows >= kNoRow) {
        error = fmt::format("core {}: {} rows, more than a master population "
                            "table addresses",
                            coreName(prog.core), rows);
        return std::nullopt;
      }
      rowsOfNode[node].push_back({t, uint32_t(nodeFirst), uint32_t(rows)});
      a = nodeEnd;
    }
    std::sort(prog.masterPopTable.begin(), prog.masterPopTable.end(),
              [](const MasterPopEntry &x, const MasterPopEntry &y) {
                return x.key < y.key;
              });
    prog.rowStart.assign(rows + 1, 0);
  }

  // Biases, summed per channel as the reference simulator does.
  for (const rt::Projection &p : spec.projections) {
    if (p.bias.empty())
      continue;
    uint32_t post = nodeId(spec, p.post), channel = channelOf(p);
    for (uint32_t t = index.first[post]; t < index.first[post + 1]; ++t) {
      CoreProgram &prog = programs[t];
      uint32_t n = prog.size();
      if (prog.bias.empty())
        prog.bias.assign(size_t(prog.channels) * n, 0);
      for (uint32_t j = 0; j < n; ++j)
        prog.bias[size_t(channel) * n + j] +=
            int64_t(rt::FixedOps::constant(p.bias[prog.lo + j]));
    }
  }

  // Data memory does not depend on the words: check it first.
  const machine::CycleCosts &costs = machine.cycleCosts;
  for (uint32_t t = 0; t < programs.size(); ++t) {
    CoreProgram &prog = programs[t];
    prog.dataMemoryBytes =
        dataBytesFixed(spec, prog.node) +
        uint64_t(prog.size()) * dataBytesPerNeuron(spec, prog.node) +
        kMasterPopEntryBytes * prog.masterPopTable.size();
    if (prog.dataMemoryBytes > machine.coreDataMemory) {
      error = fmt::format(
          "core {}: slice [{}, {}) of population {} needs {} bytes of data "
          "memory ({} master population entries), limit {} bytes",
          coreName(prog.core), prog.lo, prog.hi, nodeName(spec, prog.node),
          prog.dataMemoryBytes, prog.masterPopTable.size(),
          machine.coreDataMemory);
      return std::nullopt;
    }
  }

  // Row of (post slice, source slice) for one projection: table[(t -
  // postFirst) * preSlices + (s - preFirst)].
  auto rowTable = [&](const rt::Projection &p) {
    uint32_t pre = nodeId(spec, p.pre), post = nodeId(spec, p.post);
    uint32_t preFirst = index.first[pre];
    uint32_t preSlices = index.first[pre + 1] - preFirst;
    uint32_t postFirst = index.first[post];
    uint32_t postSlices = index.first[post + 1] - postFirst;
    std::vector<uint32_t> table(size_t(preSlices) * postSlices, kNoRow);
    for (uint32_t t = postFirst; t < postFirst + postSlices; ++t)
      for (auto [s, row] : rowOf[t])
        if (s >= preFirst && s < preFirst + preSlices)
          table[size_t(t - postFirst) * preSlices + (s - preFirst)] = row;
    return table;
  };

  // Shared memory per chip, accumulated as nodes are laid out; once over
  // the limit, the remaining nodes are only counted (for the message).
  std::map<machine::ChipCoord, uint64_t> chipBytes;
  std::vector<uint64_t> wordCount(slices.size(), 0);
  bool overLimit = false;
  uint64_t done = 0;
  auto report = [&]() {
    if (options.progress)
      options.progress("synaptic data", done, spec.projections.size());
  };
  report();

  std::vector<Stash> stashes;
  for (uint32_t node = 0; node < nodes; ++node) {
    // Expand and count.
    stashes.clear();
    for (size_t k = 0; k < spec.projections.size(); ++k) {
      const rt::Projection &p = spec.projections[k];
      if (nodeId(spec, p.pre) != node)
        continue;
      uint32_t post = nodeId(spec, p.post);
      uint32_t preSize = nodeSize(spec, p.pre);
      std::string expandError;
      std::optional<rt::SynapseList> list =
          rt::expandConnector(p.connector, preSize, nodeSize(spec, p.post),
                              p.pre == p.post, expandError, options.threads);
      if (!list) {
        error = fmt::format("projection {}: {}", k, expandError);
        return std::nullopt;
      }
      Stash st;
      st.projection = k;
      st.preStart.assign(uint64_t(preSize) + 1, 0);
      for (uint32_t i : list->pre)
        ++st.preStart[i + 1];
      for (uint32_t i = 0; i < preSize; ++i)
        st.preStart[i + 1] += st.preStart[i];
      list->pre = {};

      std::vector<uint32_t> table = rowTable(p);
      uint32_t preFirst = index.first[node];
      uint32_t preSlices = index.first[node + 1] - preFirst;
      uint32_t postFirst = index.first[post];
      const uint32_t *preSliceOf = sliceOfNeuron.data() + nodeBase[node];
      const uint32_t *postSliceOf = sliceOfNeuron.data() + nodeBase[post];
      const uint32_t channel = channelOf(p);
      std::atomic<bool> missing{false};
      if (!overLimit)
        st.word.resize(list->post.size());
      forSourceNeuronChunks(
          st.preStart, options.threads, [&](uint32_t begin, uint32_t end) {
            for (uint32_t i = begin; i < end; ++i) {
              uint32_t s = preSliceOf[i];
              for (uint64_t q = st.preStart[i]; q < st.preStart[i + 1]; ++q) {
                uint32_t t = postSliceOf[list->post[q]];
                uint32_t row =
                    table[size_t(t - postFirst) * preSlices + (s - preFirst)];
                if (row == kNoRow) {
                  missing = true; // cannot happen: targets cover every synapse
                  return;
                }
                ++programs[t].rowStart[uint64_t(row) + (i - slices[s].lo) + 1];
                if (!overLimit)
                  st.word[q] = SynapticWord::pack(
                      rt::FixedOps::constant(list->weight[q]), list->delay[q],
                      channel, 0);
              }
            }
          });
      if (missing) {
        error = fmt::format("projection {}: a synapse has no route to its "
                            "target core (internal error)",
                            k);
        return std::nullopt;
      }
      if (!overLimit) {
        st.post = std::move(list->post);
        stashes.push_back(std::move(st));
      }
      list.reset();
      ++done;
      report();
    }

    // Lay the node's rows out after the words already placed on each core:
    // rowStart[r + 1] becomes the start of row r; filling advances it to
    // the row's end, which is the start of row r + 1.
    for (const NodeRows &nr : rowsOfNode[node]) {
      CoreProgram &prog = programs[nr.core];
      uint64_t running = wordCount[nr.core];
      for (uint64_t r = nr.first; r < nr.end; ++r) {
        uint64_t count = prog.rowStart[r + 1];
        prog.rowStart[r + 1] = running;
        running += count;
      }
      uint64_t added = running - wordCount[nr.core];
      wordCount[nr.core] = running;
      uint64_t &bytes = chipBytes[{prog.core.x, prog.core.y}];
      bytes +=
          added * kWordBytes + uint64_t(nr.end - nr.first) * kRowIndexBytes;
      overLimit |= bytes > machine.chipSharedMemory;
      if (!overLimit)
        prog.words.resize(running);
    }
    if (overLimit)
      continue;

    // Write the words.
    for (Stash &st : stashes) {
      const rt::Projection &p = spec.projections[st.projection];
      uint32_t post = nodeId(spec, p.post);
      std::vector<uint32_t> table = rowTable(p);
      uint32_t preFirst = index.first[node];
      uint32_t preSlices = index.first[node + 1] - preFirst;
      uint32_t postFirst = index.first[post];
      const uint32_t *preSliceOf = sliceOfNeuron.data() + nodeBase[node];
      const uint32_t *postSliceOf = sliceOfNeuron.data() + nodeBase[post];
      forSourceNeuronChunks(
          st.preStart, options.threads, [&](uint32_t begin, uint32_t end) {
            for (uint32_t i = begin; i < end; ++i) {
              uint32_t s = preSliceOf[i];
              for (uint64_t q = st.preStart[i]; q < st.preStart[i + 1]; ++q) {
                uint32_t j = st.post[q], t = postSliceOf[j];
                uint32_t row =
                    table[size_t(t - postFirst) * preSlices + (s - preFirst)];
                CoreProgram &prog = programs[t];
                uint64_t &at =
                    prog.rowStart[uint64_t(row) + (i - slices[s].lo) + 1];
                prog.words[at++] = st.word[q] | uint64_t(j - prog.lo);
              }
            }
          });
      st = Stash{};
    }
  }

  // Resources; shared memory per chip in processor order.
  const double spikesPerStep = options.expectedRateHz * spec.dt;
  const double wordCost =
      costs.perSynapticWord + double(kWordBytes) * costs.perDmaByte;
  std::map<machine::ChipCoord, std::vector<uint32_t>> coresOfChip;
  for (uint32_t t = 0; t < programs.size(); ++t) {
    CoreProgram &prog = programs[t];
    uint64_t rows = prog.rowStart.empty() ? 0 : prog.rowStart.size() - 1;
    prog.sharedMemoryBytes = wordCount[t] * kWordBytes + rows * kRowIndexBytes;
    // Every spike of a source neuron is one packet; every word is decoded
    // and its bytes fetched by DMA.
    prog.expectedCycles =
        double(prog.size()) *
            costs.neuronUpdateCost(costModelName(spec, prog.node)) +
        spikesPerStep * (double(senders[t]) * costs.perPacketReceived +
                         double(wordCount[t]) * wordCost);
    coresOfChip[{prog.core.x, prog.core.y}].push_back(t);
  }
  for (auto &[chip, cores] : coresOfChip) {
    std::sort(cores.begin(), cores.end(), [&](uint32_t a, uint32_t b) {
      return programs[a].core.p < programs[b].core.p;
    });
    uint64_t offset = 0;
    uint32_t largest = cores.front();
    for (uint32_t t : cores) {
      programs[t].sharedMemoryOffset = offset;
      offset += programs[t].sharedMemoryBytes;
      if (programs[t].sharedMemoryBytes > programs[largest].sharedMemoryBytes)
        largest = t;
    }
    if (offset > machine.chipSharedMemory) {
      const CoreProgram &big = programs[largest];
      error = fmt::format("chip ({}, {}): synaptic rows need {} bytes of "
                          "shared memory, limit {} bytes (largest: core {}, "
                          "population {}, {} bytes)",
                          chip.x, chip.y, offset, machine.chipSharedMemory,
                          coreName(big.core), nodeName(spec, big.node),
                          big.sharedMemoryBytes);
      return std::nullopt;
    }
  }
  return programs;
}

} // namespace

std::optional<std::vector<CoreProgram>>
spinn::buildSynapticData(const rt::NetworkSpec &spec,
                         const machine::MachineModel &machine,
                         const std::vector<Slice> &slices,
                         const std::vector<machine::CoreCoord> &placement,
                         const std::vector<routing::KeyBlock> &keys,
                         const MappingOptions &options, std::string &error) {
  try {
    return buildSynapticDataImpl(spec, machine, slices, placement, keys,
                                 options, error);
  } catch (const std::bad_alloc &) {
    error = "out of memory building the synaptic data";
    return std::nullopt;
  }
}
