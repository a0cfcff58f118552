//===- dendron.cpp - The Dendron user-facing driver -----------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// `dendron <subcommand> ...`. Subcommands:
//   run      simulate a network (on the reference simulator, or mapped onto
//            the SpiNNaker machine simulator) or a machine image (.dimg),
//            and record what its probes name;
//   compile  import, verify, canonicalize and quantize a network and write
//            the resulting snn IR (the input every target starts from), or
//            map it onto a SpiNNaker machine and write a machine image.
//
// Every failure prints one message naming the file and the thing that is
// wrong, returns a non-zero exit code, and leaves no partial output file
// (the writers write to a temporary file and rename it into place).
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Snn/SnnOps.h"
#include "dendron/Dialect/Snn/SnnPasses.h"
#include "dendron/Dialect/Snn/SnnToRuntime.h"
#include "dendron/Dialect/Spinn/SpinnPipeline.h"
#include "dendron/InitAll.h"
#include "dendron/Runtime/Isolate.h"
#include "dendron/Runtime/RecordingIO.h"
#include "dendron/Runtime/Simulator.h"
#include "dendron/Spinn/ImageIO.h"
#include "dendron/Spinn/MachineSimulator.h"
#include "dendron/Spinn/Report.h"
#include "dendron/Target/NIR/NirImport.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>
#include <thread>

using namespace mlir;
using namespace dendron;
namespace cl = llvm::cl;

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

static cl::OptionCategory runCategory("dendron options");
static cl::SubCommand runCommand("run",
                                 "Simulate a network and record its probes");
static cl::SubCommand
    compileCommand("compile",
                   "Import, verify, canonicalize and quantize a network and "
                   "write its snn IR");

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<network.mlir|model.nir>"),
                                      cl::sub(runCommand),
                                      cl::sub(compileCommand),
                                      cl::cat(runCategory));
static cl::opt<std::string> outputFile("o",
                                       cl::desc("Where compile writes the IR"),
                                       cl::value_desc("out.mlir"),
                                       cl::sub(compileCommand),
                                       cl::cat(runCategory));
static cl::opt<bool> timing("timing", cl::desc("Print the time of each stage"),
                            cl::sub(runCommand), cl::sub(compileCommand),
                            cl::cat(runCategory));
static cl::opt<std::string>
    target("target", cl::desc("Where to run: reference (the golden model)"),
           cl::init("reference"), cl::sub(runCommand), cl::sub(compileCommand),
           cl::cat(runCategory));
static cl::opt<uint32_t> steps("steps", cl::desc("Timesteps to simulate"),
                               cl::init(0), cl::sub(runCommand),
                               cl::cat(runCategory));
static cl::opt<double>
    duration("duration",
             cl::desc("Biological time to simulate [s] (instead of --steps)"),
             cl::init(0.0), cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<std::string> spikeInput(
    "input", cl::desc("HDF5 spike file feeding the snn.external sources"),
    cl::value_desc("spikes.h5"), cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<std::string> recordPath(
    "record",
    cl::desc("Write the recording: HDF5 (NIR event layout) or, for a .csv "
             "name, CSV"),
    cl::value_desc("out.h5|out.csv"), cl::sub(runCommand),
    cl::cat(runCategory));
static cl::opt<std::string> plotPath("plot",
                                     cl::desc("Write an SVG spike raster"),
                                     cl::value_desc("raster.svg"),
                                     cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<unsigned> threads("threads",
                                 cl::desc("Worker threads (results do not "
                                          "depend on it)"),
                                 cl::init(1), cl::sub(runCommand),
                                 cl::cat(runCategory));
static cl::opt<std::string>
    profile("profile",
            cl::desc("Numeric profile to run in: float or s16.15 (default: "
                     "the network's own)"),
            cl::sub(runCommand), cl::sub(compileCommand), cl::cat(runCategory));
static cl::opt<std::string> networkName(
    "network", cl::desc("Which snn.network to use when the file has several"),
    cl::sub(runCommand), cl::sub(compileCommand), cl::cat(runCategory));
static cl::opt<double>
    nirDt("dt", cl::desc("Timestep [s] of a network imported from a .nir file"),
          cl::init(1e-4), cl::sub(runCommand), cl::sub(compileCommand),
          cl::cat(runCategory));
static cl::opt<std::string> machineName(
    "machine",
    cl::desc("SpiNNaker machine: spinn5, spinn2, WxH, WxHt (torus) or a "
             "machine description .json"),
    cl::init("spinn5"), cl::sub(runCommand), cl::sub(compileCommand),
    cl::cat(runCategory));
static cl::opt<uint64_t>
    placementSeed("seed", cl::desc("Placement seed (spinnaker target)"),
                  cl::init(0), cl::sub(runCommand), cl::sub(compileCommand),
                  cl::cat(runCategory));
static cl::opt<uint32_t> maxNeuronsPerCore(
    "max-neurons-per-core",
    cl::desc("Upper bound on neurons per core (spinnaker target)"),
    cl::init(256), cl::sub(runCommand), cl::sub(compileCommand),
    cl::cat(runCategory));
static cl::opt<double>
    expectedRate("expected-rate",
                 cl::desc("Firing rate [Hz] the partitioner budgets cycles for "
                          "(spinnaker target)"),
                 cl::init(10.0), cl::sub(runCommand), cl::sub(compileCommand),
                 cl::cat(runCategory));
static cl::opt<unsigned>
    compileThreads("jobs",
                   cl::desc("Host threads for connector expansion (compile)"),
                   cl::init(std::max(1u, std::thread::hardware_concurrency())),
                   cl::sub(compileCommand), cl::cat(runCategory));
static cl::opt<bool> showProgress(
    "progress",
    cl::desc("Report the progress of long mapping stages on stderr (on by "
             "default when stderr is a terminal)"),
    cl::sub(runCommand), cl::sub(compileCommand), cl::cat(runCategory));
static cl::opt<std::string>
    reportPath("report",
               cl::desc("Write a JSON report (mapping for compile, machine "
                        "activity for a run on the spinnaker target)"),
               cl::value_desc("report.json"), cl::sub(runCommand),
               cl::sub(compileCommand), cl::cat(runCategory));
static cl::opt<std::string> picturesDir(
    "pictures",
    cl::desc("Write placement, router-usage and core-load SVGs into this "
             "directory (spinnaker target)"),
    cl::value_desc("dir"), cl::sub(compileCommand), cl::cat(runCategory));
static cl::opt<bool> quiet("quiet", cl::desc("Do not print the run summary"),
                           cl::sub(runCommand), cl::cat(runCategory));

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// A number as a person writes it (%g): 1e-09, 0.001, 250.
static std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

/// "1 chip", "2 chips".
static std::string countOf(uint64_t count, llvm::StringRef noun) {
  return std::to_string(count) + " " + noun.str() + (count == 1 ? "" : "s");
}

/// Prints `dendron: error: <message>` and returns the failure exit code.
static int fail(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "dendron") << message << "\n";
  return 1;
}

/// Finds the network to run: the only one, or the one named by --network.
static FailureOr<snn::NetworkOp> selectNetwork(ModuleOp module,
                                               StringRef file) {
  SmallVector<snn::NetworkOp> networks;
  module.walk([&](snn::NetworkOp network) { networks.push_back(network); });
  if (networks.empty()) {
    fail(file + ": no snn.network in the file");
    return failure();
  }
  if (!networkName.empty()) {
    for (snn::NetworkOp network : networks)
      if (network.getSymName() == networkName)
        return network;
    fail(file + ": no snn.network named '" + networkName + "'");
    return failure();
  }
  if (networks.size() > 1) {
    std::string names;
    for (snn::NetworkOp network : networks)
      names += (names.empty() ? "@" : ", @") + network.getSymName().str();
    fail(file + ": the file holds " + llvm::Twine(networks.size()) +
         " networks (" + names + "); choose one with --network");
    return failure();
  }
  return networks.front();
}

/// Runs snn-quantize when the run's profile is s16.15 (its checks are what
/// refuse unrepresentable parameters) or differs from the network's.
static LogicalResult applyProfile(ModuleOp module, snn::NetworkOp network) {
  std::string wanted = profile.empty()
                           ? snn::stringifyProfile(network.getProfile()).str()
                           : profile.getValue();
  if (!snn::symbolizeProfile(wanted)) {
    fail("unknown --profile '" + wanted + "'; expected float or s16.15");
    return failure();
  }
  if (wanted == "float" && network.getProfile() == snn::Profile::Float)
    return success();
  PassManager pm(module.getContext());
  snn::SnnQuantizeOptions options;
  options.profile = wanted;
  pm.nest<snn::NetworkOp>().addPass(snn::createSnnQuantize(options));
  return pm.run(module);
}

/// When a network has no probes, record every population's spikes so that a
/// run always produces something to look at.
static bool addDefaultProbes(rt::NetworkSpec &spec) {
  if (!spec.probes.empty())
    return false;
  for (uint32_t i = 0; i < spec.populations.size(); ++i)
    spec.probes.push_back({rt::NodeRef{rt::NodeRef::Kind::Population, i},
                           rt::ProbeVariable::Spikes});
  return true;
}

//===----------------------------------------------------------------------===//
// Stage timing
//===----------------------------------------------------------------------===//

namespace {
/// Wall time of each stage, printed by --timing.
class StageTimer {
public:
  /// Ends the current stage (if any) and starts `name`.
  void start(llvm::StringRef name) {
    stop();
    current = name.str();
    began = std::chrono::steady_clock::now();
  }
  void stop() {
    if (current.empty())
      return;
    std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - began;
    stages.emplace_back(current, elapsed.count());
    current.clear();
  }
  /// Records a stage measured elsewhere (the simulator's own clocks).
  void add(llvm::StringRef name, double seconds) {
    stages.emplace_back(name.str(), seconds);
  }
  void print(llvm::raw_ostream &os) {
    stop();
    if (!timing)
      return;
    double total = 0.0;
    os << "stage times:\n";
    for (auto &[name, seconds] : stages) {
      os << llvm::format("  %-22s %10.3f ms\n", name.c_str(), seconds * 1e3);
      total += seconds;
    }
    os << llvm::format("  %-22s %10.3f ms\n",
                       static_cast<const char *>("total"), total * 1e3);
  }

private:
  std::vector<std::pair<std::string, double>> stages;
  std::string current;
  std::chrono::steady_clock::time_point began;
};
} // namespace

//===----------------------------------------------------------------------===//
// Loading a network
//===----------------------------------------------------------------------===//

/// Sets up a context with every Dendron dialect.
static void initContext(MLIRContext &context) {
  DialectRegistry registry;
  registerAllDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  // Diagnostics point at the source line; dumping the op in generic form
  // after each one only buries the message.
  context.printOpOnDiagnostic(false);
}

/// Parses `inputFile` (.mlir) or imports it (.nir); diagnostics have already
/// been printed when this returns null.
static OwningOpRef<ModuleOp> loadModule(MLIRContext &context,
                                        llvm::SourceMgr &sourceMgr) {
  if (llvm::StringRef(inputFile).ends_with_insensitive(".nir")) {
    // A NIR graph (HDF5): imported into the snn dialect first.
    nir::NirImportOptions options;
    options.dt = nirDt;
    OwningOpRef<ModuleOp> module =
        nir::importNirFile(inputFile, &context, options);
    if (!module)
      fail("'" + inputFile +
           "' cannot be imported as a NIR graph (see the diagnostics above)");
    return module;
  }
  std::string errorMessage;
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      openInputFile(inputFile, &errorMessage);
  if (!buffer) {
    fail("cannot read '" + inputFile + "': " + errorMessage);
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(buffer), SMLoc());
  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  if (!module)
    fail("'" + inputFile +
         "' is not a valid Dendron network (see the diagnostics above)");
  return module;
}

namespace {
/// What every subcommand starts from: a context with the Dendron dialects,
/// diagnostics printed against the input's source lines, the stage timer
/// and the loaded module.
struct Session {
  /// Multithreading stays off: the readers of untrusted files fork a child
  /// process, which must not inherit a half-copied thread pool.
  MLIRContext context{MLIRContext::Threading::DISABLED};
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics{sourceMgr, &context};
  StageTimer timer;
  OwningOpRef<ModuleOp> module;

  Session() { initContext(context); }

  /// Loads the input file and selects its network; on failure the reason
  /// has been printed.
  FailureOr<snn::NetworkOp> load() {
    timer.start(llvm::StringRef(inputFile).ends_with_insensitive(".nir")
                    ? "import NIR"
                    : "parse");
    module = loadModule(context, sourceMgr);
    if (!module)
      return failure();
    return selectNetwork(*module, inputFile);
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Shared by compile and run on the spinnaker target
//===----------------------------------------------------------------------===//

/// Writes `text` to `path` atomically; on failure prints why and returns
/// false.
static bool writeTextFile(llvm::StringRef path, llvm::StringRef text) {
  if (llvm::Error error =
          llvm::writeToOutput(path, [&](llvm::raw_ostream &os) -> llvm::Error {
            os << text;
            return llvm::Error::success();
          })) {
    fail("cannot write '" + path + "': " + llvm::toString(std::move(error)));
    return false;
  }
  return true;
}

/// The number of steps --steps or --duration asks for at `dt`; 0 after
/// printing the problem.
static uint32_t requestedSteps(double dt) {
  if (steps != 0)
    return steps;
  double count = std::round(duration / dt);
  if (!(count >= 1.0 && count <= double(UINT32_MAX))) {
    fail("--duration " + formatNumber(duration) + " s at dt " +
         formatNumber(dt) + " s is not between 1 and 2^32-1 steps");
    return 0;
  }
  return uint32_t(count);
}

/// Checks --steps/--duration/--threads; prints the problem and returns
/// false when they are unusable.
static bool checkRunOptions() {
  if (steps == 0 && duration <= 0.0) {
    fail("say how long to simulate with --steps N or --duration T");
    return false;
  }
  if (steps != 0 && duration > 0.0) {
    fail("give either --steps or --duration, not both");
    return false;
  }
  if (threads == 0 || threads > 1024) {
    fail("--threads must be between 1 and 1024, got " +
         llvm::Twine(threads.getValue()));
    return false;
  }
  return true;
}

/// Writes the recording and the raster plot the command line asks for.
static bool writeOutputs(const rt::Recording &recording,
                         const std::string &title, StageTimer &timer,
                         llvm::raw_ostream &out) {
  std::string error;
  if (!recordPath.empty()) {
    timer.start("write recording");
    bool csv = llvm::StringRef(recordPath).ends_with_insensitive(".csv");
    bool written = csv ? rt::writeRecordingCsv(recording, recordPath, error)
                       : rt::writeRecordingHdf5(recording, recordPath, error);
    if (!written) {
      fail(error);
      return false;
    }
    if (!quiet)
      out << "recording (" << (csv ? "CSV" : "HDF5, NIR event layout")
          << ") written to " << recordPath << "\n";
  }
  if (!plotPath.empty()) {
    timer.start("write raster");
    rt::RasterOptions raster;
    raster.title = title;
    if (!rt::writeRasterSvg(recording, plotPath, error, raster)) {
      fail(error);
      return false;
    }
    if (!quiet)
      out << "raster plot written to " << plotPath << "\n";
  }
  return true;
}

/// The machine's side of a run, in a few lines.
static void printMachineSummary(const spinn::MachineImage &image,
                                const spinn::MachineReport &report,
                                uint32_t numSteps, llvm::raw_ostream &out) {
  std::set<std::pair<int, int>> chips;
  for (const spinn::CoreProgram &core : image.cores)
    chips.insert({core.core.x, core.core.y});
  out << "machine " << image.machine.name() << ": "
      << countOf(image.cores.size(), "core") << " on "
      << countOf(chips.size(), "chip") << ", budget "
      << formatNumber(report.budgetCycles) << " cycles per timestep\n";
  const spinn::CoreStats *worst = nullptr;
  uint64_t overrunCores = 0, overrunSteps = 0;
  for (const spinn::CoreStats &core : report.cores) {
    if (!worst || core.maxCycles > worst->maxCycles)
      worst = &core;
    overrunCores += core.overruns != 0;
    overrunSteps += core.overruns;
  }
  if (worst)
    out << llvm::format("  busiest core (%d, %d, %d): %.0f cycles in its "
                        "worst timestep (%.0f%% of the budget)\n",
                        worst->core.x, worst->core.y, worst->core.p,
                        worst->maxCycles,
                        100.0 * worst->maxCycles / report.budgetCycles);
  if (overrunCores)
    out << "  overruns: " << overrunCores << " cores exceeded the budget in "
        << overrunSteps << " core-timesteps (of " << numSteps
        << " timesteps): the real machine would fall behind real time\n";
  else
    out << "  no core exceeded its timestep budget\n";
  out << "  packets: " << report.packetsSent << " sent, "
      << report.routerLookups << " router lookups (" << report.defaultRouted
      << " default-routed), link capacity " << report.linkCapacityPerStep
      << " per timestep\n";
  if (report.packetsDropped)
    out << "  dropped at full links: " << report.packetsDropped << " ("
        << report.packetsReinjected << " re-injected a timestep late, "
        << report.packetsLost
        << " lost); spike trains may differ from the reference\n";
  else
    out << "  no packet dropped\n";
}

//===----------------------------------------------------------------------===//
// dendron compile
//===----------------------------------------------------------------------===//

namespace {
/// Times every pass of a pipeline as one stage of the StageTimer, named by
/// the pass's command-line argument (e.g. "spinn-place").
class PassStageTimer : public PassInstrumentation {
public:
  explicit PassStageTimer(StageTimer &timer) : timer(timer) {}
  // Pass adaptors (the nesting of a pipeline) have no argument: only real
  // passes are stages.
  void runBeforePass(Pass *pass, Operation *) override {
    if (!pass->getArgument().empty())
      timer.start(pass->getArgument());
  }
  void runAfterPass(Pass *pass, Operation *) override {
    if (!pass->getArgument().empty())
      timer.stop();
  }
  void runAfterPassFailed(Pass *pass, Operation *) override {
    if (!pass->getArgument().empty())
      timer.stop();
  }

private:
  StageTimer &timer;
};
} // namespace

/// Writes the mapping report and pictures --report and --pictures ask for.
static bool writeMappingOutputs(const spinn::MachineImage &image,
                                StageTimer &timer, llvm::raw_ostream &out) {
  if (!reportPath.empty()) {
    timer.start("write report");
    if (!writeTextFile(reportPath, spinn::mappingReportJson(image)))
      return false;
    out << "mapping report (JSON) written to " << reportPath << "\n";
  }
  if (!picturesDir.empty()) {
    timer.start("write pictures");
    if (std::error_code ec = llvm::sys::fs::create_directories(picturesDir)) {
      fail("cannot create directory '" + picturesDir + "': " + ec.message());
      return false;
    }
    const std::pair<const char *, std::string> pictures[] = {
        {"placement.svg", spinn::placementSvg(image)},
        {"router-usage.svg", spinn::routerUsageSvg(image)},
        {"core-load.svg", spinn::coreLoadSvg(image)}};
    for (const auto &[name, svg] : pictures) {
      llvm::SmallString<256> path(picturesDir.getValue());
      llvm::sys::path::append(path, name);
      if (!writeTextFile(path, svg))
        return false;
    }
    out << "placement, router-usage and core-load pictures (SVG) written to "
        << picturesDir << "\n";
  }
  return true;
}

/// Checks the mapping flags; prints the problem and returns false when they
/// are unusable.
static bool checkMappingOptions() {
  if (maxNeuronsPerCore == 0) {
    fail("--max-neurons-per-core must be at least 1");
    return false;
  }
  if (!(expectedRate >= 0.0) || !std::isfinite(expectedRate)) {
    fail("--expected-rate must be a finite rate >= 0 Hz, got " +
         formatNumber(expectedRate));
    return false;
  }
  if (compileThreads == 0 || compileThreads > 1024) {
    fail("--jobs must be between 1 and 1024, got " +
         llvm::Twine(compileThreads.getValue()));
    return false;
  }
  return true;
}

/// Loads the input and maps its network onto --machine with the spinn pass
/// pipeline; on failure the reason has been printed.
static FailureOr<spinn::MachineImage> mapNetwork(Session &session) {
  if (!checkMappingOptions())
    return failure();
  FailureOr<snn::NetworkOp> network = session.load();
  if (failed(network))
    return failure();
  // The pipeline maps the module's one network: drop the others.
  for (snn::NetworkOp other :
       llvm::to_vector(session.module->getOps<snn::NetworkOp>()))
    if (other != *network)
      other.erase();
  StageTimer &timer = session.timer;

  PassManager pm(&session.context);
  pm.nest<snn::NetworkOp>().addPass(createCanonicalizerPass());
  spinn::SpinnPipelineOptions options;
  options.machine = machineName;
  options.seed = placementSeed;
  options.maxNeuronsPerCore = maxNeuronsPerCore;
  options.expectedRate = expectedRate;
  options.threads = compileThreads;
  options.progress = showProgress || llvm::errs().is_displayed();
  spinn::buildSpinnakerPipeline(pm, options);
  pm.addInstrumentation(std::make_unique<PassStageTimer>(timer));
  if (failed(pm.run(*session.module))) {
    fail("'" + inputFile + "' cannot be mapped onto machine '" + machineName +
         "' (see above)");
    return failure();
  }

  timer.start("export image");
  // The module is discarded afterwards: move the synaptic rows out of it
  // rather than copy them (gigabytes for the full microcircuit).
  FailureOr<spinn::MachineImage> image =
      spinn::exportMachineImage(*session.module, /*moveSynapticData=*/true);
  if (failed(image))
    fail("'" + inputFile + "': the mapped IR is incomplete (see above)");
  return image;
}

/// `dendron compile --target=spinnaker`: the spinn pass pipeline, then the
/// machine image.
static int compileSpinnakerMain() {
  if (outputFile.empty())
    return fail("say where to write the machine image with -o <net.dimg>");

  Session session;
  FailureOr<spinn::MachineImage> image = mapNetwork(session);
  if (failed(image))
    return 1;
  StageTimer &timer = session.timer;
  timer.start("write image");
  std::string error = spinn::writeMachineImage(*image, outputFile);
  if (!error.empty())
    return fail(error);

  llvm::raw_ostream &out = llvm::outs();
  std::set<std::pair<int, int>> chips;
  for (const spinn::CoreProgram &core : image->cores)
    chips.insert({core.core.x, core.core.y});
  uint64_t entries = 0, uncompressed = 0;
  for (const spinn::ChipTable &table : image->tables) {
    entries += table.entries.size();
    uncompressed += table.uncompressedSize;
  }
  out << "compiled @" << image->network.name << " from " << inputFile
      << " for machine " << image->machine.name() << " to " << outputFile
      << "\n  " << countOf(image->cores.size(), "core") << " on "
      << countOf(chips.size(), "chip") << ", "
      << countOf(image->numSynapses, "synapse") << ", router entries "
      << uncompressed << " before compression, " << entries << " after\n";
  if (!writeMappingOutputs(*image, timer, out))
    return 1;
  timer.print(out);
  return 0;
}

static int compileMain() {
  if (target == "spinnaker")
    return compileSpinnakerMain();
  if (target != "reference")
    return fail("unknown --target '" + target +
                "'; available targets: reference (snn IR), spinnaker "
                "(machine image)");
  if (outputFile.empty())
    return fail("say where to write the IR with -o <out.mlir>");

  Session session;
  FailureOr<snn::NetworkOp> network = session.load();
  if (failed(network))
    return 1;
  MLIRContext &context = session.context;
  OwningOpRef<ModuleOp> &module = session.module;
  StageTimer &timer = session.timer;

  timer.start("canonicalize");
  PassManager pm(&context);
  pm.nest<snn::NetworkOp>().addPass(createCanonicalizerPass());
  if (failed(pm.run(*module)))
    return fail("'" + inputFile + "': canonicalization failed (see above)");
  timer.start("quantize");
  if (failed(applyProfile(*module, *network)))
    return fail("'" + inputFile +
                "' cannot be compiled for the requested numeric profile "
                "(see above)");

  timer.start("write IR");
  // writeToOutput writes a temporary file and renames it into place, so a
  // failure never leaves a partial output behind.
  if (llvm::Error error = llvm::writeToOutput(
          outputFile, [&](llvm::raw_ostream &os) -> llvm::Error {
            module->print(os);
            return llvm::Error::success();
          }))
    return fail("cannot write '" + outputFile +
                "': " + llvm::toString(std::move(error)));
  llvm::outs() << "compiled @" << network->getSymName() << " from " << inputFile
               << " (" << snn::stringifyProfile(network->getProfile())
               << ") to " << outputFile << "\n";
  timer.print(llvm::outs());
  return 0;
}

//===----------------------------------------------------------------------===//
// dendron run
//===----------------------------------------------------------------------===//

static int runImage(spinn::MachineImage &image, StageTimer &timer);

/// `dendron run net.dimg`: executes a machine image on the machine
/// simulator.
static int runImageMain() {
  if (target != "reference" && target != "spinnaker")
    return fail("'" + inputFile + "' is a machine image; it runs on " +
                "--target=spinnaker, not '" + target + "'");
  if (!checkRunOptions())
    return 1;
  StageTimer timer;
  timer.start("read image");
  std::string error;
  std::optional<spinn::MachineImage> image =
      spinn::readMachineImage(inputFile, error);
  if (!image)
    return fail(error);
  return runImage(*image, timer);
}

/// Runs a machine image (read from a file or just compiled) on the machine
/// simulator and writes what the command line asks for.
static int runImage(spinn::MachineImage &image, StageTimer &timer) {
  std::string error;
  bool defaultProbes = addDefaultProbes(image.network);
  uint32_t numSteps = requestedSteps(image.network.dt);
  if (numSteps == 0)
    return 1;

  spinn::MachineRunOptions options;
  options.steps = numSteps;
  options.threads = threads;
  std::optional<std::vector<rt::SpikeTrain>> external;
  if (!spikeInput.empty()) {
    timer.start("read spike input");
    external =
        rt::readSpikeInputHdf5Isolated(spikeInput, image.network.dt, error);
    if (!external)
      return fail(error);
    options.external = &*external;
  }
  timer.stop();
  std::optional<spinn::MachineRun> run =
      spinn::runMachine(image, options, error);
  if (!run)
    return fail(inputFile + ": " + error);
  timer.add("simulate: setup", run->recording.setupSeconds);
  timer.add("simulate: loop", run->recording.wallSeconds);

  llvm::raw_ostream &out = llvm::outs();
  if (!quiet) {
    out << "network @" << image.network.name << " from " << inputFile
        << " on spinnaker (s16.15, " << run->recording.threads << " thread"
        << (run->recording.threads == 1 ? "" : "s") << ")\n";
    if (run->recording.threads < threads)
      out << "using " << run->recording.threads << " of the " << threads
          << " requested threads: each thread needs at least "
          << options.minNeuronsPerThread
          << " neurons to gain more than the per-step handshake costs\n";
    std::string summary = rt::formatSummary(run->recording);
    out << summary << (llvm::StringRef(summary).ends_with("\n") ? "" : "\n");
    if (defaultProbes)
      out << "no probes in the network: recording the spikes of every "
             "population\n";
    printMachineSummary(image, run->report, numSteps, out);
  }
  if (!writeOutputs(run->recording, "@" + image.network.name + " (spinnaker)",
                    timer, out))
    return 1;
  if (!reportPath.empty()) {
    timer.start("write report");
    if (!writeTextFile(reportPath, spinn::runReportJson(image, run->report)))
      return 1;
    if (!quiet)
      out << "machine report (JSON) written to " << reportPath << "\n";
  }
  timer.print(out);
  return 0;
}

static int runMain() {
  if (llvm::StringRef(inputFile).ends_with_insensitive(".dimg"))
    return runImageMain();
  if (target != "reference" && target != "spinnaker")
    return fail("unknown --target '" + target +
                "'; available targets: reference, spinnaker");
  if (!checkRunOptions())
    return 1;
  if (target == "spinnaker") {
    // Map in memory, then run the image as if it had been read from a file.
    Session session;
    FailureOr<spinn::MachineImage> image = mapNetwork(session);
    if (failed(image))
      return 1;
    return runImage(*image, session.timer);
  }

  Session session;
  FailureOr<snn::NetworkOp> network = session.load();
  if (failed(network))
    return 1;
  OwningOpRef<ModuleOp> &module = session.module;
  StageTimer &timer = session.timer;
  timer.start("quantize");
  if (failed(applyProfile(*module, *network)))
    return fail("'" + inputFile +
                "' cannot run in the requested numeric profile (see above)");
  timer.start("translate to runtime");
  FailureOr<rt::NetworkSpec> spec = snn::translateToRuntime(*network);
  if (failed(spec))
    return 1;
  bool defaultProbes = addDefaultProbes(*spec);

  rt::RunOptions options;
  options.threads = threads;
  options.steps = requestedSteps(spec->dt);
  if (options.steps == 0)
    return 1;

  std::optional<std::vector<rt::SpikeTrain>> external;
  if (!spikeInput.empty()) {
    timer.start("read spike input");
    std::string error;
    // Parsed in a child process: a corrupt file cannot crash or hang us.
    external = rt::readSpikeInputHdf5Isolated(spikeInput, spec->dt, error);
    if (!external)
      return fail(error);
    options.external = &*external;
  }

  timer.stop();
  std::string error;
  std::optional<rt::Recording> recording = rt::simulate(*spec, options, error);
  if (!recording)
    return fail(inputFile + ": " + error);
  timer.add("simulate: setup", recording->setupSeconds);
  timer.add("simulate: loop", recording->wallSeconds);

  llvm::raw_ostream &out = llvm::outs();
  if (!quiet) {
    out << "network @" << spec->name << " from " << inputFile << " on "
        << target << " ("
        << (spec->profile == rt::NumericProfile::S16_15 ? "s16.15" : "float")
        << ", " << recording->threads << " thread"
        << (recording->threads == 1 ? "" : "s") << ")\n";
    if (recording->threads < threads)
      out << "using " << recording->threads << " of the " << threads
          << " requested threads: each thread needs at least "
          << options.minNeuronsPerThread
          << " neurons to gain more than the per-step handshake costs\n";
    if (defaultProbes)
      out << "no probes in the network: recording the spikes of every "
             "population\n";
    std::string summary = rt::formatSummary(*recording);
    out << summary << (llvm::StringRef(summary).ends_with("\n") ? "" : "\n");
  }

  if (!writeOutputs(*recording, "@" + spec->name + " (" + target + ")", timer,
                    out))
    return 1;
  timer.print(out);
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&runCategory});
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "Dendron: compile and simulate spiking and dendritic networks\n\n"
          "  dendron run net.mlir|model.nir --steps N [--record out.h5] "
          "[--plot raster.svg]\n"
          "  dendron compile net.mlir|model.nir -o out.mlir [--profile "
          "s16.15]\n"
          "  dendron compile net.mlir|model.nir --target=spinnaker "
          "--machine=spinn5 -o net.dimg\n"
          "  dendron run net.dimg --steps N [--record out.h5] [--report "
          "run.json]\n",
          &llvm::errs()))
    return 1;
  if (runCommand)
    return runMain();
  if (compileCommand)
    return compileMain();
  return fail("no subcommand given; try 'dendron run --help' or 'dendron "
              "compile --help'");
}
