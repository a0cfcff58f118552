//===- MachineSimulator.cpp - Runs a machine image ------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Executes a MachineImage as docs/MachineSimulator.md describes. Each core
/// holds its slice of a population (the reference simulator's own state and
/// update code, PopulationUpdate.h, on the slice) or of a source. Per step:
///
///   1. update (parallel over cores): every core updates its slice; its
///      spikes are its packets, neuron i sending key keys.base + (i - lo);
///   2. routing: the multicast tree of every source core was found at load
///      time by walking the chips' tables hop by hop (the routers' lookups,
///      done once per distinct route); a step adds each core's packet count
///      to the links of its tree. Only when a link would exceed its
///      capacity (or re-injected packets are pending) are packets routed one
///      by one, in a fixed order, with drops and re-injection;
///   3. delivery (parallel over destination cores): each packet is looked up
///      in the core's master population table and its row's weights are
///      added into the core's ring buffer; the core's cycles are counted.
///
/// Nothing depends on the thread count: every core's state is written by
/// one thread, and all counts are summed in a fixed order.
///
//===----------------------------------------------------------------------===//

#include "dendron/Spinn/MachineSimulator.h"
#include "dendron/Runtime/Simulator.h"

#include "PopulationUpdate.h"
#include "WorkerPool.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <fmt/format.h>
#include <map>
#include <new>
#include <set>

using namespace dendron;
using namespace dendron::spinn;
using rt::FixedOps;
using rt::detail::PopulationState;
using rt::detail::StepTable;
using rt::detail::WorkerPool;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// Upper bound on MachineRunOptions::threads.
constexpr unsigned kMaxThreads = 256;
/// Largest ring buffer a core may ask for [slots]: one more than the
/// largest delay a synaptic word can hold.
constexpr uint32_t kMaxRingDepth = 65536;
/// Bytes one synaptic word moves by DMA.
constexpr double kBytesPerWord = 8.0;

/// One link crossing of a multicast tree, in depth-first preorder: the
/// subtree of node n is [n, subtreeEnd).
struct TreeNode {
  uint32_t link = 0;   ///< chip index * 6 + direction.
  int32_t parent = -1; ///< -1: leaves the source chip.
  uint32_t subtreeEnd = 0;
  bool defaultRouted = false; ///< the lookup on the chip it enters.
};

/// Where the packets of some keys of one source core go: the tree of links
/// they cross and the cores they reach. Keys of a core share one route
/// unless the tables split its key block.
struct RouteGroup {
  std::vector<TreeNode> nodes;
  /// (tree node whose chip the core is on, -1: the source chip; core).
  std::vector<std::pair<int32_t, uint32_t>> deliveries;
  /// Links a packet would leave by that lead nowhere (dead or off the
  /// machine): (tree node, link). Packets there are dropped and lost.
  std::vector<std::pair<int32_t, uint32_t>> deadEnds;
  bool rootDefaultRouted = false;
  uint64_t lookups = 0;       ///< per packet, when nothing is dropped.
  uint64_t defaultRouted = 0; ///< per packet, when nothing is dropped.
};

enum class SourceKind { Table, Poisson };

/// The run-time state of one core of the image.
struct Core {
  const CoreProgram *program = nullptr;
  bool isPopulation = false;
  PopulationState<FixedOps> pop;
  // Sources.
  SourceKind sourceKind = SourceKind::Table;
  double probability = 0.0;
  uint64_t seed = 0;
  StepTable table; ///< local neuron indices.
  // Routing.
  std::vector<RouteGroup> groups;
  std::vector<uint32_t> keyGroup; ///< per neuron; empty: all in group 0.
  /// Fast path: (source core, route group) pairs whose trees reach this
  /// core, one per delivery.
  std::vector<std::pair<uint32_t, uint32_t>> incoming;
  /// For incoming[k]: the master population table entry that every key of
  /// the source's block selects, or -1 (looked up packet by packet).
  std::vector<int32_t> incomingEntry;
  // Per step.
  std::vector<uint32_t> spikes;   ///< local indices, ascending.
  std::vector<uint32_t> arrivals; ///< slow path: keys, in arrival order.
  uint64_t packets = 0;           ///< received this step.
  std::vector<uint64_t> rows;     ///< synaptic rows they select.
  uint64_t stepWords = 0;         ///< synaptic words of those rows.
  uint32_t ringNow = 0;           ///< this step's ring slot.
  double updateCycles = 0.0;
  CoreStats stats;
};

/// A dropped packet waiting in a chip's re-injection queue: it is re-sent
/// over the link it was dropped at and continues through that subtree.
struct Pending {
  uint32_t core = 0, group = 0, node = 0, key = 0;
};

/// Checks what the simulator relies on; "" when `image` can be run.
std::string checkImage(const MachineImage &image) {
  const rt::NetworkSpec &net = image.network;
  const machine::MachineModel &m = image.machine;
  if (net.profile != rt::NumericProfile::S16_15)
    return "image: the network is not in the s16.15 profile";
  if (!net.projections.empty())
    return "image: the network still has projections (synapses belong in the "
           "cores' rows)";
  if (!(m.linkPacketsPerSecond >= 0.0) ||
      !std::isfinite(m.linkPacketsPerSecond * net.dt) ||
      m.linkPacketsPerSecond * net.dt >= 0x1p63)
    return fmt::format("image: the machine's link capacity {} packets/s is "
                       "not a finite number >= 0",
                       m.linkPacketsPerSecond);
  const size_t numPops = net.populations.size();
  const size_t numNodes = numPops + net.sources.size();
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> ranges(numNodes);
  std::set<machine::CoreCoord> used;
  for (size_t c = 0; c < image.cores.size(); ++c) {
    const CoreProgram &p = image.cores[c];
    std::string where = fmt::format("image: core {} at ({}, {}, {})", c,
                                    p.core.x, p.core.y, p.core.p);
    bool isPop = p.node.kind == rt::NodeRef::Kind::Population;
    size_t count = isPop ? numPops : net.sources.size();
    if (p.node.index >= count)
      return where + ": node index out of range";
    uint32_t size = isPop ? net.populations[p.node.index].size
                          : net.sources[p.node.index].size;
    if (p.lo >= p.hi || p.hi > size)
      return fmt::format("{}: slice [{}, {}) is not within the node's {} "
                         "neurons",
                         where, p.lo, p.hi, size);
    if (p.size() > kMaxNeuronsPerCore)
      return fmt::format("{}: {} neurons, limit {}", where, p.size(),
                         kMaxNeuronsPerCore);
    machine::ChipCoord chip{p.core.x, p.core.y};
    if (!m.chipAlive(chip) || p.core.p < 0 || p.core.p >= m.coresPerChip ||
        p.core.p >= int(routing::Route::kMaxCores) ||
        p.core.p == m.monitorCore || m.coreDead(p.core))
      return where + ": not a live application core of the machine";
    if (!used.insert(p.core).second)
      return where + ": the core runs two programs";
    const routing::KeyBlock &k = p.keys;
    if ((k.base & ~k.mask) != 0 || k.count != p.size() ||
        uint64_t(k.base) + p.size() - 1 > UINT32_MAX ||
        ((k.base + p.size() - 1) & k.mask) != k.base)
      return where + ": its key block does not hold its neurons' keys";
    ranges[isPop ? p.node.index : numPops + p.node.index].push_back(
        {p.lo, p.hi});
    if (!isPop)
      continue;
    const rt::Population &pop = net.populations[p.node.index];
    uint32_t channels = 2;
    if (auto *den = std::get_if<rt::DendriticModel>(&pop.model))
      channels += uint32_t(den->branches.size());
    if (p.channels != channels)
      return fmt::format("{}: {} input channels, the population has {}", where,
                         p.channels, channels);
    if (p.ringDepth < 1 || p.ringDepth > kMaxRingDepth)
      return fmt::format("{}: ring depth {} is not in [1, {}]", where,
                         p.ringDepth, kMaxRingDepth);
    if (p.rowStart.empty() || p.rowStart.front() != 0 ||
        p.rowStart.back() != p.words.size())
      return where + ": row boundaries do not span its synaptic words";
    for (size_t r = 1; r < p.rowStart.size(); ++r)
      if (p.rowStart[r] < p.rowStart[r - 1])
        return where + ": row boundaries are not ascending";
    const uint64_t rows = p.rowStart.size() - 1;
    for (size_t e = 0; e < p.masterPopTable.size(); ++e) {
      const MasterPopEntry &mp = p.masterPopTable[e];
      if ((mp.key & ~mp.mask) != 0 ||
          uint64_t(mp.firstRow) + mp.numRows > rows ||
          (e > 0 && p.masterPopTable[e - 1].key >= mp.key))
        return fmt::format("{}: master population table entry {} is out of "
                           "order or range",
                           where, e);
    }
    for (uint64_t w : p.words) {
      uint32_t delay = SynapticWord::delay(w);
      if (SynapticWord::index(w) >= p.size() ||
          SynapticWord::channel(w) >= p.channels || delay < 1 ||
          delay >= p.ringDepth)
        return fmt::format("{}: a synaptic word (index {}, channel {}, delay "
                           "{}) does not fit the core's {} neurons, {} "
                           "channels and ring depth {}",
                           where, SynapticWord::index(w),
                           SynapticWord::channel(w), delay, p.size(),
                           p.channels, p.ringDepth);
    }
    if (!p.bias.empty() && p.bias.size() != size_t(p.channels) * p.size())
      return where + ": bias is not [channels][neurons]";
  }
  for (size_t node = 0; node < numNodes; ++node) {
    auto &r = ranges[node];
    std::sort(r.begin(), r.end());
    uint32_t next = 0;
    for (auto [lo, hi] : r) {
      if (lo != next)
        break;
      next = hi;
    }
    uint32_t size = node < numPops ? net.populations[node].size
                                   : net.sources[node - numPops].size;
    const std::string &name = node < numPops ? net.populations[node].name
                                             : net.sources[node - numPops].name;
    if (next != size || (size == 0 && !r.empty()))
      return fmt::format("image: the cores' slices of '{}' do not cover its "
                         "{} neurons exactly once",
                         name, size);
  }
  std::set<machine::ChipCoord> chips;
  for (const ChipTable &t : image.tables) {
    if (!m.inShape(t.chip))
      return fmt::format("image: router table for chip ({}, {}) outside the "
                         "machine",
                         t.chip.x, t.chip.y);
    if (!chips.insert(t.chip).second)
      return fmt::format("image: two router tables for chip ({}, {})", t.chip.x,
                         t.chip.y);
  }
  return "";
}

/// The master population table entry of `key` in `p`, or -1: the last
/// entry whose key is <= key is the only one that can match (the entries
/// are sorted and disjoint).
int32_t findEntry(const CoreProgram &p, uint32_t key) {
  const std::vector<MasterPopEntry> &mpt = p.masterPopTable;
  size_t lo = 0, hi = mpt.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (mpt[mid].key <= key)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0 || (key & mpt[lo - 1].mask) != mpt[lo - 1].key)
    return -1;
  return int32_t(lo - 1);
}

/// The threads worth starting: as many as requested, but no more than give
/// each thread options.minNeuronsPerThread neurons (see RunOptions).
unsigned usefulThreads(const MachineImage &image,
                       const MachineRunOptions &options) {
  unsigned threads = std::clamp(options.threads, 1u, kMaxThreads);
  if (options.minNeuronsPerThread == 0)
    return threads;
  uint64_t neurons = 0;
  for (const CoreProgram &core : image.cores)
    neurons += core.size();
  uint64_t useful =
      std::max<uint64_t>(1, neurons / options.minNeuronsPerThread);
  return unsigned(std::min<uint64_t>(threads, useful));
}

/// Runs one image; see the file comment.
class MachineEngine {
public:
  MachineEngine(const MachineImage &image, const MachineRunOptions &options)
      : image(image), machine(image.machine), net(image.network),
        options(options), pool(usefulThreads(image, options)) {}

  void setup();
  void run(MachineRun &out);

private:
  uint32_t chipIndex(machine::ChipCoord c) const {
    return uint32_t(c.y) * uint32_t(machine.width()) + uint32_t(c.x);
  }
  void buildRoutes();
  bool walk(uint32_t core, uint32_t key, bool wholeBlock, RouteGroup &g) const;
  void update(Core &c, uint32_t step);
  void routeFast();
  void routeSlow();
  void sendFrom(uint32_t core, uint32_t group, int32_t start, uint32_t key,
                bool reinjected);
  void receiveSlow(Core &c);
  struct Outgoing;
  void receiveFrom(Core &c, const Outgoing &delivery);
  void receiveFast(uint32_t first, uint32_t last);
  /// A row to deliver: the core and its bounds rowStart[row], [row + 1].
  struct RowRef {
    uint32_t core;
    const uint64_t *bounds;
  };
  void deliverRange(uint32_t first, uint32_t last, uint32_t step,
                    std::vector<RowRef> &rows);
  void account(Core &c, uint64_t words);

  const MachineImage &image;
  const machine::MachineModel &machine;
  const rt::NetworkSpec &net;
  const MachineRunOptions &options;
  WorkerPool pool;

  std::vector<Core> cores;
  /// Core index at (chip index, p), or -1.
  std::vector<int32_t> coreAt;
  std::vector<const routing::RouterTable *> tableOf; ///< by chip index.
  uint64_t linkCapacity = 0;
  double budget = 0.0;

  // Links, by link id (chip index * 6 + direction).
  std::vector<uint64_t> linkLoad; ///< this step.
  std::vector<uint64_t> linkPackets, linkMax, linkDropped;
  std::vector<uint32_t> touched; ///< links with load this step.
  std::vector<uint32_t> sentBy;  ///< packets of each core this step.
  /// Cores that sent packets this step, ascending.
  std::vector<uint32_t> activeSources;
  /// One fast-path delivery of a source core's packets: the destination
  /// core, the route group the packets take and the master population
  /// table entry of the source's whole key block there (-1: looked up
  /// packet by packet), i.e. the destination's incoming[k] and
  /// incomingEntry[k] copied here so that a step reads them in sequence.
  struct Outgoing {
    uint32_t dest = 0, src = 0, group = 0;
    int32_t entry = -1;
  };
  /// outgoing[src]: every fast-path delivery of core src, by ascending
  /// destination (then the destination's incoming order). Delivery walks
  /// the few cores that sent something rather than every core's whole
  /// incoming list (O(cores^2) per step for the full microcircuit).
  std::vector<std::vector<Outgoing>> outgoing;
  /// Per host thread: this step's (core, row) pairs of its cores.
  std::vector<std::vector<RowRef>> threadRows;
  std::vector<uint32_t> queueLength; ///< re-injection queue, by chip.
  std::vector<Pending> pending, nextPending;
  std::vector<char> reached; ///< scratch of sendFrom.
  MachineReport report;
};

void MachineEngine::setup() {
  const uint32_t steps = options.steps;
  const size_t numChips = size_t(machine.width()) * machine.height();
  budget = double(machine.clockHz) * net.dt;
  linkCapacity = uint64_t(std::floor(machine.linkPacketsPerSecond * net.dt));
  coreAt.assign(numChips * size_t(machine.coresPerChip), -1);
  tableOf.assign(numChips, nullptr);
  for (const ChipTable &t : image.tables)
    tableOf[chipIndex(t.chip)] = &t.entries;

  cores.resize(image.cores.size());
  for (size_t k = 0; k < cores.size(); ++k) {
    const CoreProgram &p = image.cores[k];
    Core &c = cores[k];
    c.program = &p;
    c.stats.core = p.core;
    coreAt[chipIndex({p.core.x, p.core.y}) * machine.coresPerChip + p.core.p] =
        int32_t(k);
    c.spikes.reserve(p.size());
    if (p.node.kind == rt::NodeRef::Kind::Population) {
      const rt::Population &pop = net.populations[p.node.index];
      c.isPopulation = true;
      // A LIF slice is padded to whole blocks of the branch-free update
      // (PopulationUpdate.h): the padding neurons receive nothing, their
      // spikes are dropped and they are never recorded.
      uint32_t lanes = p.size();
      if (std::holds_alternative<rt::LifModel>(pop.model))
        lanes = (lanes + rt::detail::kLifBlock - 1) / rt::detail::kLifBlock *
                rt::detail::kLifBlock;
      rt::detail::initPopulation(pop, net.dt, p.lo, lanes, c.pop);
      c.pop.depth = p.ringDepth;
      if (!p.bias.empty()) {
        c.pop.bias.assign(size_t(p.channels) * lanes, 0);
        for (uint32_t ch = 0; ch < p.channels; ++ch) {
          const int64_t *from = p.bias.data() + size_t(ch) * p.size();
          std::copy(from, from + p.size(),
                    c.pop.bias.begin() + size_t(ch) * lanes);
          if (std::any_of(from, from + p.size(),
                          [](int64_t b) { return b != 0; }))
            c.pop.biasChannels.push_back(ch);
        }
      }
      rt::detail::allocateRing(c.pop);
      const char *model = c.pop.kind == rt::detail::ModelKind::Lif ? "lif"
                          : c.pop.kind == rt::detail::ModelKind::Izhikevich
                              ? "izhikevich"
                              : "dendritic";
      c.updateCycles =
          double(p.size()) * machine.cycleCosts.neuronUpdateCost(model);
      continue;
    }
    const rt::Source &s = net.sources[p.node.index];
    std::vector<uint32_t> neuron, step;
    auto keep = [&](const std::vector<uint32_t> &n,
                    const std::vector<uint32_t> &st) {
      for (size_t e = 0; e < n.size() && e < st.size(); ++e)
        if (n[e] >= p.lo && n[e] < p.hi) {
          neuron.push_back(n[e] - p.lo);
          step.push_back(st[e]);
        }
    };
    const char *model = "spike_source";
    if (auto *a = std::get_if<rt::SpikeArraySource>(&s.kind)) {
      keep(a->neuron, a->step);
    } else if (auto *pois = std::get_if<rt::PoissonSource>(&s.kind)) {
      c.sourceKind = SourceKind::Poisson;
      c.probability = pois->rate * net.dt;
      c.seed = pois->seed;
      model = "poisson";
    } else {
      for (const rt::SpikeTrain &t : *options.external)
        if (t.name == s.name) {
          keep(t.neuron, t.step);
          break;
        }
    }
    if (c.sourceKind == SourceKind::Table)
      c.table.build(neuron, step, steps);
    c.updateCycles =
        double(p.size()) * machine.cycleCosts.neuronUpdateCost(model);
  }
  buildRoutes();
  linkLoad.assign(numChips * 6, 0);
  linkPackets.assign(numChips * 6, 0);
  linkMax.assign(numChips * 6, 0);
  linkDropped.assign(numChips * 6, 0);
  queueLength.assign(numChips, 0);
  sentBy.assign(cores.size(), 0);
}

bool MachineEngine::walk(uint32_t core, uint32_t key, bool wholeBlock,
                         RouteGroup &g) const {
  const CoreProgram &p = image.cores[core];
  const routing::KeyBlock &block = p.keys;
  struct Visit {
    machine::ChipCoord chip;
    std::optional<routing::Link> arrival;
    int32_t parent;
    uint32_t link;
  };
  std::vector<Visit> stack{{{p.core.x, p.core.y}, std::nullopt, -1, 0}};
  std::set<uint32_t> seen; ///< (chip, arrival) states entered.
  static const routing::RouterTable kEmpty;
  while (!stack.empty()) {
    Visit v = stack.back();
    stack.pop_back();
    uint32_t ci = chipIndex(v.chip);
    uint32_t state = ci * 7 + (v.arrival ? uint32_t(*v.arrival) : 6);
    if (!seen.insert(state).second)
      continue; // A loop in the tables: the packet has been here before.
    const routing::RouterTable &table = tableOf[ci] ? *tableOf[ci] : kEmpty;
    routing::Route route;
    bool defaulted = false;
    if (wholeBlock) {
      // The first entry any key of the block can match decides for all of
      // them only if it matches them all.
      const routing::Entry *first = nullptr;
      for (const routing::Entry &e : table)
        if ((e.key & ~e.mask) == 0 &&
            ((e.key ^ block.base) & e.mask & block.mask) == 0) {
          first = &e;
          break;
        }
      if (first && (first->mask & ~block.mask) != 0)
        return false;
      defaulted = first == nullptr;
      route = first ? first->route : routing::lookup(kEmpty, key, v.arrival);
    } else {
      defaulted = !routing::firstMatch(table, key).has_value();
      route = routing::lookup(table, key, v.arrival);
    }
    // A packet of this chip's own cores that matches nothing goes nowhere;
    // only a packet passing through is default-routed.
    defaulted = defaulted && v.arrival.has_value();
    int32_t here = v.parent;
    if (v.arrival) {
      here = int32_t(g.nodes.size());
      TreeNode n;
      n.link = v.link;
      n.parent = v.parent;
      n.defaultRouted = defaulted;
      g.nodes.push_back(n);
    } else {
      g.rootDefaultRouted = defaulted;
    }
    ++g.lookups;
    g.defaultRouted += defaulted;
    int maxCore =
        std::min<int>(machine.coresPerChip, routing::Route::kMaxCores);
    for (int q = 0; q < maxCore; ++q)
      if (route.hasCore(unsigned(q))) {
        int32_t dest = coreAt[size_t(ci) * machine.coresPerChip + q];
        if (dest >= 0 && cores[dest].isPopulation)
          g.deliveries.push_back({here, uint32_t(dest)});
      }
    // Children pushed in reverse so that they are entered in link order.
    for (int d = machine::kNumDirections - 1; d >= 0; --d) {
      if (!route.hasLink(routing::Link(d)))
        continue;
      auto dir = machine::Direction(d);
      uint32_t link = ci * 6 + uint32_t(d);
      auto next = machine.neighbour(v.chip, dir);
      if (!next || !machine.linkUsable(v.chip, dir)) {
        g.deadEnds.push_back({here, link});
        continue;
      }
      stack.push_back(
          {*next, routing::Link(int(machine::opposite(dir))), here, link});
    }
  }
  // Preorder: a subtree ends where the next node with an earlier parent
  // begins.
  for (size_t n = g.nodes.size(); n-- > 0;) {
    uint32_t end = uint32_t(n) + 1;
    while (end < g.nodes.size() && g.nodes[end].parent >= int32_t(n))
      end = g.nodes[end].subtreeEnd;
    g.nodes[n].subtreeEnd = end;
  }
  return true;
}

void MachineEngine::buildRoutes() {
  for (uint32_t k = 0; k < cores.size(); ++k) {
    Core &c = cores[k];
    RouteGroup whole;
    if (walk(k, c.program->keys.base, true, whole)) {
      c.groups.push_back(std::move(whole));
    } else {
      // The tables treat the block's keys differently: one walk per key,
      // keys with identical trees share a group.
      std::map<std::vector<int64_t>, uint32_t> known;
      c.keyGroup.resize(c.program->size());
      for (uint32_t i = 0; i < c.program->size(); ++i) {
        RouteGroup g;
        walk(k, c.program->keys.base + i, false, g);
        std::vector<int64_t> sig{g.rootDefaultRouted};
        for (const TreeNode &n : g.nodes)
          sig.insert(sig.end(), {n.link, n.parent, n.defaultRouted});
        sig.push_back(-2);
        for (auto [n, d] : g.deliveries)
          sig.insert(sig.end(), {n, d});
        sig.push_back(-3);
        for (auto [n, l] : g.deadEnds)
          sig.insert(sig.end(), {n, l});
        auto [it, fresh] = known.emplace(sig, uint32_t(c.groups.size()));
        if (fresh)
          c.groups.push_back(std::move(g));
        c.keyGroup[i] = it->second;
      }
    }
    for (uint32_t g = 0; g < c.groups.size(); ++g)
      for (auto [node, dest] : c.groups[g].deliveries)
        cores[dest].incoming.push_back({k, g});
  }
  for (Core &c : cores)
    for (auto [src, group] : c.incoming) {
      const routing::KeyBlock &block = cores[src].program->keys;
      int32_t e = findEntry(*c.program, block.base);
      if (e >= 0 && (c.program->masterPopTable[e].mask & ~block.mask) != 0)
        e = -1; // The entry does not hold the whole block.
      c.incomingEntry.push_back(e);
    }
  outgoing.assign(cores.size(), {});
  for (uint32_t d = 0; d < cores.size(); ++d)
    for (uint32_t k = 0; k < cores[d].incoming.size(); ++k)
      outgoing[cores[d].incoming[k].first].push_back(
          {d, cores[d].incoming[k].first, cores[d].incoming[k].second,
           cores[d].incomingEntry[k]});
}

void MachineEngine::update(Core &c, uint32_t step) {
  c.spikes.clear();
  const CoreProgram &p = *c.program;
  if (c.isPopulation) {
    rt::detail::updatePopulation(c.pop, 0, c.pop.size, step, c.spikes);
    while (!c.spikes.empty() && c.spikes.back() >= p.size())
      c.spikes.pop_back(); // padding
    return;
  }
  if (c.sourceKind == SourceKind::Poisson) {
    for (uint32_t i = 0; i < p.size(); ++i)
      if (rt::uniform01(c.seed, uint64_t(p.lo) + i, step) < c.probability)
        c.spikes.push_back(i);
    return;
  }
  c.spikes.insert(c.spikes.end(), c.table.neuron.begin() + c.table.start[step],
                  c.table.neuron.begin() + c.table.start[step + 1]);
}

void MachineEngine::routeFast() {
  for (Core &c : cores) {
    if (c.spikes.empty())
      continue;
    auto add = [&](const RouteGroup &g, uint64_t n) {
      report.routerLookups += g.lookups * n;
      report.defaultRouted += g.defaultRouted * n;
      for (const TreeNode &t : g.nodes) {
        if (linkLoad[t.link] == 0)
          touched.push_back(t.link);
        linkLoad[t.link] += n;
      }
      for (auto [node, link] : g.deadEnds) {
        linkDropped[link] += n;
        report.packetsDropped += n;
        report.packetsLost += n;
      }
    };
    if (c.keyGroup.empty()) {
      add(c.groups[0], c.spikes.size());
    } else {
      for (uint32_t i : c.spikes)
        add(c.groups[c.keyGroup[i]], 1);
    }
  }
}

void MachineEngine::sendFrom(uint32_t core, uint32_t group, int32_t start,
                             uint32_t key, bool reinjected) {
  const RouteGroup &g = cores[core].groups[group];
  reached.assign(g.nodes.size(), 0);
  uint32_t begin = 0, end = uint32_t(g.nodes.size());
  if (start < 0) {
    ++report.routerLookups;
    report.defaultRouted += g.rootDefaultRouted;
  } else {
    begin = uint32_t(start);
    end = g.nodes[begin].subtreeEnd;
  }
  auto isReached = [&](int32_t node) {
    return node < 0 ? start < 0 : reached[node] != 0;
  };
  for (uint32_t n = begin; n < end; ++n) {
    const TreeNode &t = g.nodes[n];
    if (n != begin && !isReached(t.parent))
      continue;
    if (linkLoad[t.link] >= linkCapacity) {
      ++linkDropped[t.link];
      ++report.packetsDropped;
      uint32_t chip = t.link / 6;
      // A re-injected packet gets one retry: dropped again, it is lost.
      if (!reinjected && queueLength[chip] < machine.reinjectionQueue) {
        ++queueLength[chip];
        nextPending.push_back({core, group, n, key});
      } else {
        ++report.packetsLost;
      }
      continue;
    }
    if (reinjected && n == begin)
      ++report.packetsReinjected;
    if (linkLoad[t.link] == 0)
      touched.push_back(t.link);
    ++linkLoad[t.link];
    reached[n] = 1;
    ++report.routerLookups;
    report.defaultRouted += t.defaultRouted;
  }
  for (auto [node, dest] : g.deliveries)
    if ((node < 0 && start < 0) || (node >= 0 && uint32_t(node) >= begin &&
                                    uint32_t(node) < end && reached[node]))
      cores[dest].arrivals.push_back(key);
  for (auto [node, link] : g.deadEnds)
    if ((node < 0 && start < 0) || (node >= 0 && uint32_t(node) >= begin &&
                                    uint32_t(node) < end && reached[node])) {
      ++linkDropped[link];
      ++report.packetsDropped;
      ++report.packetsLost;
    }
}

void MachineEngine::routeSlow() {
  for (Core &c : cores)
    c.arrivals.clear();
  std::fill(queueLength.begin(), queueLength.end(), 0);
  nextPending.clear();
  for (const Pending &p : pending)
    sendFrom(p.core, p.group, int32_t(p.node), p.key, true);
  for (uint32_t k = 0; k < cores.size(); ++k) {
    Core &c = cores[k];
    for (uint32_t i : c.spikes)
      sendFrom(k, c.keyGroup.empty() ? 0 : c.keyGroup[i], -1,
               c.program->keys.base + i, false);
  }
  pending.swap(nextPending);
}

/// The row a packet with `key` selects through `entry`, if any, is queued
/// for delivery.
static inline void takeRow(Core &c, const MasterPopEntry &entry, uint32_t key) {
  uint32_t offset = key & ~entry.mask;
  if (offset >= entry.numRows)
    return;
  uint64_t row = uint64_t(entry.firstRow) + offset;
  c.rows.push_back(row);
}

/// One packet arriving at a population core: master population table
/// search, then the row.
static inline void lookUpKey(Core &c, uint32_t key) {
  ++c.packets;
  int32_t e = findEntry(*c.program, key);
  if (e >= 0)
    takeRow(c, c.program->masterPopTable[e], key);
}

void MachineEngine::receiveSlow(Core &c) {
  c.packets = 0;
  c.rows.clear();
  if (!c.isPopulation)
    return;
  for (uint32_t key : c.arrivals)
    lookUpKey(c, key);
}

void MachineEngine::receiveFrom(Core &c, const Outgoing &delivery) {
  const uint32_t group = delivery.group;
  const Core &s = cores[delivery.src];
  const uint32_t base = s.program->keys.base;
  if (s.keyGroup.empty() && delivery.entry >= 0) {
    // The entry of the whole key block, found at load time: the search
    // every packet would make.
    const MasterPopEntry &entry = c.program->masterPopTable[delivery.entry];
    c.packets += s.spikes.size();
    for (uint32_t i : s.spikes)
      takeRow(c, entry, base + i);
  } else {
    for (uint32_t i : s.spikes)
      if (s.keyGroup.empty() || s.keyGroup[i] == group)
        lookUpKey(c, base + i);
  }
}

void MachineEngine::receiveFast(uint32_t first, uint32_t last) {
  for (uint32_t d = first; d < last; ++d) {
    cores[d].packets = 0;
    cores[d].rows.clear();
  }
  // Sources in ascending order, and a source's deliveries to one core in
  // its incoming order: every core sees its packets in the order of its
  // incoming list, as a walk over that list would.
  for (uint32_t src : activeSources) {
    const std::vector<Outgoing> &out = outgoing[src];
    auto it = std::lower_bound(
        out.begin(), out.end(), first,
        [](const Outgoing &o, uint32_t core) { return o.dest < core; });
    for (; it != out.end() && it->dest < last; ++it)
      if (cores[it->dest].isPopulation)
        receiveFrom(cores[it->dest], *it);
  }
}

void MachineEngine::deliverRange(uint32_t first, uint32_t last, uint32_t step,
                                 std::vector<RowRef> &rows) {
  rows.clear();
  for (uint32_t k = first; k < last; ++k) {
    Core &c = cores[k];
    c.stepWords = 0;
    if (!c.isPopulation)
      continue;
    c.ringNow = step % c.pop.depth;
    const uint64_t *bounds = c.program->rowStart.data();
    for (uint64_t row : c.rows)
      rows.push_back({k, bounds + row});
  }
  // One short row per packet and core, scattered over the cores' memories:
  // the time goes in cache misses. A software pipeline keeps several in
  // flight: the bounds of row j + kBoundsAhead and the words of row
  // j + kWordsAhead are fetched while row j is added (hints only; the
  // result does not depend on them).
  constexpr size_t kBoundsAhead = 16, kWordsAhead = 8;
  const size_t count = rows.size();
  for (size_t j = 0; j < count; ++j) {
    if (j + kBoundsAhead < count)
      __builtin_prefetch(rows[j + kBoundsAhead].bounds);
    if (j + kWordsAhead < count) {
      const RowRef &ahead = rows[j + kWordsAhead];
      __builtin_prefetch(cores[ahead.core].program->words.data() +
                         *ahead.bounds);
    }
    const RowRef &ref = rows[j];
    Core &c = cores[ref.core];
    const CoreProgram &p = *c.program;
    const uint32_t n = c.pop.size; // ring stride, padding included
    const size_t slotStride = size_t(p.channels) * n;
    int64_t *ring = c.pop.ring.data();
    const uint32_t depth = c.pop.depth;
    const uint32_t now = c.ringNow;
    const uint64_t *w = p.words.data();
    uint64_t b = ref.bounds[0], end = ref.bounds[1];
    c.stepWords += end - b;
    for (uint64_t s = b; s < end; ++s) {
      uint64_t word = w[s];
      uint32_t slot = now + SynapticWord::delay(word);
      if (slot >= depth)
        slot -= depth;
      ring[slot * slotStride + SynapticWord::channel(word) * size_t(n) +
           SynapticWord::index(word)] += SynapticWord::weight(word);
    }
  }
  for (uint32_t k = first; k < last; ++k)
    account(cores[k], cores[k].stepWords);
}

void MachineEngine::account(Core &c, uint64_t words) {
  const uint64_t packets = c.packets;
  const machine::CycleCosts &cost = machine.cycleCosts;
  double cycles = c.updateCycles + double(packets) * cost.perPacketReceived +
                  double(words) * cost.perSynapticWord +
                  double(words) * kBytesPerWord * cost.perDmaByte;
  c.stats.packetsReceived += packets;
  c.stats.synapticWords += words;
  c.stats.totalCycles += cycles;
  c.stats.maxCycles = std::max(c.stats.maxCycles, cycles);
  c.stats.overruns += cycles > budget;
}

void MachineEngine::run(MachineRun &out) {
  rt::Recording &rec = out.recording;
  const uint32_t steps = options.steps;
  const unsigned T = pool.size();
  const size_t numPops = net.populations.size();
  const size_t numNodes = numPops + net.sources.size();

  // The cores of every node, by ascending lo.
  std::vector<std::vector<uint32_t>> coresOf(numNodes);
  for (uint32_t k = 0; k < cores.size(); ++k) {
    const CoreProgram &p = *cores[k].program;
    coresOf[p.node.kind == rt::NodeRef::Kind::Population
                ? p.node.index
                : numPops + p.node.index]
        .push_back(k);
  }
  for (auto &list : coresOf)
    std::sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      return cores[a].program->lo < cores[b].program->lo;
    });
  auto nodeOf = [&](const rt::NodeRef &r) {
    return r.kind == rt::NodeRef::Kind::Population ? size_t(r.index)
                                                   : numPops + r.index;
  };
  auto nameOf = [&](size_t node) -> const std::string & {
    return node < numPops ? net.populations[node].name
                          : net.sources[node - numPops].name;
  };
  auto sizeOf = [&](size_t node) {
    return node < numPops ? net.populations[node].size
                          : net.sources[node - numPops].size;
  };

  struct TraceProbe {
    size_t node;
    bool branch;
    size_t trace;
  };
  std::vector<std::pair<size_t, size_t>> spikeProbes; ///< (node, train)
  std::vector<TraceProbe> traceProbes;
  for (const rt::Probe &pr : net.probes) {
    size_t node = nodeOf(pr.node);
    if (pr.variable == rt::ProbeVariable::Spikes) {
      rt::SpikeTrain t;
      t.name = nameOf(node);
      t.numNeurons = sizeOf(node);
      spikeProbes.push_back({node, rec.spikes.size()});
      rec.spikes.push_back(std::move(t));
      continue;
    }
    bool branch = pr.variable == rt::ProbeVariable::BranchActivation;
    rt::Trace t;
    t.name = nameOf(node);
    t.variable = branch ? "branch" : "v";
    uint32_t width = 0;
    for (uint32_t k : coresOf[node])
      width += uint32_t(branch ? cores[k].pop.branches.size() : 1) *
               cores[k].program->size();
    t.width = width;
    t.values.reserve(size_t(steps) * width);
    traceProbes.push_back({node, branch, rec.traces.size()});
    rec.traces.push_back(std::move(t));
  }
  std::vector<uint64_t> spikeCount(numNodes, 0);

  // Thread t updates and delivers for cores [split[t], split[t + 1]),
  // balanced by neurons.
  std::vector<uint32_t> split(T + 1, uint32_t(cores.size()));
  {
    uint64_t total = 0, acc = 0;
    for (const Core &c : cores)
      total += c.program->size();
    split[0] = 0;
    unsigned t = 1;
    for (uint32_t k = 0; k < cores.size() && t < T; ++k) {
      acc += cores[k].program->size();
      while (t < T && acc * T >= total * t)
        split[t++] = k + 1;
    }
  }
  uint32_t step = 0;
  bool fast = true;
  auto updatePhase = [&](unsigned t) {
    for (uint32_t k = split[t]; k < split[t + 1]; ++k)
      update(cores[k], step);
  };
  threadRows.assign(T, {});
  auto deliveryPhase = [&](unsigned t) {
    // The packets' rows first, then all of them added in one pipelined
    // pass over the thread's cores (see deliverRange).
    if (fast)
      receiveFast(split[t], split[t + 1]);
    else
      for (uint32_t k = split[t]; k < split[t + 1]; ++k)
        receiveSlow(cores[k]);
    deliverRange(split[t], split[t + 1], step, threadRows[t]);
  };

  auto t0 = Clock::now();
  for (step = 0; step < steps; ++step) {
    pool.run(updatePhase);
    uint64_t sent = 0;
    activeSources.clear();
    for (uint32_t k = 0; k < cores.size(); ++k) {
      sentBy[k] = uint32_t(cores[k].spikes.size());
      sent += sentBy[k];
      if (sentBy[k])
        activeSources.push_back(k);
    }
    report.packetsSent += sent;

    // Routing: the whole step at once unless a link overflows.
    fast = pending.empty();
    MachineReport before = report;
    if (fast) {
      routeFast();
      for (uint32_t link : touched)
        if (linkLoad[link] > linkCapacity) {
          fast = false;
          break;
        }
      if (!fast) {
        report = before;
        for (uint32_t link : touched)
          linkLoad[link] = 0;
        touched.clear();
        // routeFast also counted dead ends; undo them.
        for (Core &c : cores)
          for (uint32_t i : c.spikes) {
            const RouteGroup &g =
                c.groups[c.keyGroup.empty() ? 0 : c.keyGroup[i]];
            for (auto [node, link] : g.deadEnds)
              --linkDropped[link];
          }
      }
    }
    if (!fast)
      routeSlow();
    for (uint32_t link : touched) {
      linkPackets[link] += linkLoad[link];
      linkMax[link] = std::max(linkMax[link], linkLoad[link]);
      linkLoad[link] = 0;
    }
    touched.clear();

    pool.run(deliveryPhase);

    for (size_t node = 0; node < numNodes; ++node)
      for (uint32_t k : coresOf[node])
        spikeCount[node] += cores[k].spikes.size();
    for (auto [node, train] : spikeProbes) {
      rt::SpikeTrain &tr = rec.spikes[train];
      for (uint32_t k : coresOf[node]) {
        uint32_t lo = cores[k].program->lo;
        for (uint32_t i : cores[k].spikes) {
          tr.neuron.push_back(lo + i);
          tr.step.push_back(step);
        }
      }
    }
    for (const TraceProbe &tp : traceProbes) {
      rt::Trace &trace = rec.traces[tp.trace];
      for (uint32_t k : coresOf[tp.node]) {
        const auto &src = tp.branch ? cores[k].pop.o : cores[k].pop.v;
        size_t width = (tp.branch ? cores[k].pop.branches.size() : 1) *
                       size_t(cores[k].program->size());
        for (size_t x = 0; x < width; ++x)
          trace.values.push_back(FixedOps::toReal(src[x]));
      }
    }
  }
  rec.wallSeconds = secondsSince(t0);
  rec.threads = T;
  // Packets still queued when the run ends are never delivered.
  report.packetsLost += pending.size();

  for (size_t node = 0; node < numNodes; ++node) {
    rt::NodeStats st;
    st.name = nameOf(node);
    st.size = sizeOf(node);
    st.isSource = node >= numPops;
    st.spikes = spikeCount[node];
    rec.nodes.push_back(std::move(st));
  }
  report.budgetCycles = budget;
  report.linkCapacityPerStep = linkCapacity;
  for (const Core &c : cores) {
    report.cores.push_back(c.stats);
    rec.numSynapticEvents += c.stats.synapticWords;
  }
  for (uint32_t link = 0; link < linkPackets.size(); ++link) {
    if (linkPackets[link] == 0 && linkDropped[link] == 0)
      continue;
    LinkStats ls;
    uint32_t chip = link / 6;
    ls.chip = {int32_t(chip % uint32_t(machine.width())),
               int32_t(chip / uint32_t(machine.width()))};
    ls.direction = machine::Direction(link % 6);
    ls.packets = linkPackets[link];
    ls.maxPerStep = linkMax[link];
    ls.dropped = linkDropped[link];
    report.links.push_back(ls);
  }
  out.report = std::move(report);
}

} // namespace

std::optional<MachineRun>
dendron::spinn::runMachine(const MachineImage &image,
                           const MachineRunOptions &options,
                           std::string &error) {
  error.clear();
  auto start = Clock::now();
  try {
    rt::RunOptions check;
    check.steps = options.steps;
    check.external = options.external;
    error = rt::validate(image.network, &check);
    if (!error.empty())
      return std::nullopt;
    error = checkImage(image);
    if (!error.empty())
      return std::nullopt;
    MachineRun out;
    rt::Recording &rec = out.recording;
    rec.dt = image.network.dt;
    rec.numSteps = options.steps;
    for (const rt::Population &p : image.network.populations)
      rec.numNeurons += p.size;
    rec.numSynapses = image.numSynapses;
    MachineEngine engine(image, options);
    engine.setup();
    rec.setupSeconds = secondsSince(start);
    engine.run(out);
    return out;
  } catch (const std::bad_alloc &) {
    error = "out of memory while loading or running the machine image";
  } catch (const std::exception &e) {
    error = fmt::format("machine simulation failed: {}", e.what());
  }
  return std::nullopt;
}
