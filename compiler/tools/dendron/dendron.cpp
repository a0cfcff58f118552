//===- dendron.cpp - The Dendron user-facing driver -----------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// `dendron <subcommand> ...`. Subcommands:
//   run   simulate a network on a target and record what its probes name.
//
// Every failure prints one message naming the file and the thing that is
// wrong, returns a non-zero exit code, and leaves no partial output file
// (the writers write to a temporary file and rename it into place).
//
//===----------------------------------------------------------------------===//

#include "dendron/Dialect/Snn/SnnOps.h"
#include "dendron/Dialect/Snn/SnnPasses.h"
#include "dendron/Dialect/Snn/SnnToRuntime.h"
#include "dendron/InitAll.h"
#include "dendron/Runtime/RecordingIO.h"
#include "dendron/Runtime/Simulator.h"
#include "dendron/Target/NIR/NirImport.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

using namespace mlir;
using namespace dendron;
namespace cl = llvm::cl;

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

static cl::OptionCategory runCategory("dendron run options");
static cl::SubCommand runCommand("run",
                                 "Simulate a network and record its probes");

static cl::opt<std::string> inputFile(cl::Positional, cl::Required,
                                      cl::desc("<network.mlir|model.nir>"),
                                      cl::sub(runCommand),
                                      cl::cat(runCategory));
static cl::opt<std::string>
    target("target", cl::desc("Where to run: reference (the golden model)"),
           cl::init("reference"), cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<uint32_t> steps("steps", cl::desc("Timesteps to simulate"),
                               cl::init(0), cl::sub(runCommand),
                               cl::cat(runCategory));
static cl::opt<double>
    duration("duration",
             cl::desc("Biological time to simulate [s] (instead of --steps)"),
             cl::init(0.0), cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<std::string>
    spikeInput("input",
               cl::desc("HDF5 spike file feeding the snn.external sources"),
               cl::value_desc("spikes.h5"), cl::sub(runCommand),
               cl::cat(runCategory));
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
            cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<std::string>
    networkName("network",
                cl::desc("Which snn.network to run when the file has several"),
                cl::sub(runCommand), cl::cat(runCategory));
static cl::opt<double>
    nirDt("dt", cl::desc("Timestep [s] of a network imported from a .nir file"),
          cl::init(1e-4), cl::sub(runCommand), cl::cat(runCategory));
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
    spec.probes.push_back(
        {rt::NodeRef{rt::NodeRef::Kind::Population, i},
         rt::ProbeVariable::Spikes});
  return true;
}

//===----------------------------------------------------------------------===//
// dendron run
//===----------------------------------------------------------------------===//

static int runMain() {
  if (target != "reference")
    return fail("unknown --target '" + target +
                "'; available targets: reference");
  if (steps == 0 && duration <= 0.0)
    return fail("say how long to simulate with --steps N or --duration T");
  if (steps != 0 && duration > 0.0)
    return fail("give either --steps or --duration, not both");
  if (threads == 0 || threads > 1024)
    return fail("--threads must be between 1 and 1024, got " +
                llvm::Twine(threads.getValue()));

  MLIRContext context;
  DialectRegistry registry;
  registerAllDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  // Diagnostics point at the source line; dumping the op in generic form
  // after each one only buries the message.
  context.printOpOnDiagnostic(false);

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  OwningOpRef<ModuleOp> module;
  if (llvm::StringRef(inputFile).ends_with_insensitive(".nir")) {
    // A NIR graph (HDF5): imported into the snn dialect first.
    nir::NirImportOptions options;
    options.dt = nirDt;
    module = nir::importNirFile(inputFile, &context, options);
    if (!module)
      return fail("'" + inputFile + "' cannot be imported as a NIR graph "
                  "(see the diagnostics above)");
  } else {
    std::string errorMessage;
    std::unique_ptr<llvm::MemoryBuffer> buffer =
        openInputFile(inputFile, &errorMessage);
    if (!buffer)
      return fail("cannot read '" + inputFile + "': " + errorMessage);
    sourceMgr.AddNewSourceBuffer(std::move(buffer), SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
    if (!module)
      return fail("'" + inputFile + "' is not a valid Dendron network (see "
                  "the diagnostics above)");
  }

  FailureOr<snn::NetworkOp> network = selectNetwork(*module, inputFile);
  if (failed(network))
    return 1;
  if (failed(applyProfile(*module, *network)))
    return fail("'" + inputFile +
                "' cannot run in the requested numeric profile (see above)");
  FailureOr<rt::NetworkSpec> spec = snn::translateToRuntime(*network);
  if (failed(spec))
    return 1;
  bool defaultProbes = addDefaultProbes(*spec);

  rt::RunOptions options;
  options.threads = threads;
  if (steps != 0) {
    options.steps = steps;
  } else {
    double count = std::round(duration / spec->dt);
    if (!(count >= 1.0 && count <= double(UINT32_MAX)))
      return fail("--duration " + formatNumber(duration) + " s at dt " +
                  formatNumber(spec->dt) +
                  " s is not between 1 and 2^32-1 steps");
    options.steps = uint32_t(count);
  }

  std::optional<std::vector<rt::SpikeTrain>> external;
  if (!spikeInput.empty()) {
    std::string error;
    external = rt::readSpikeInputHdf5(spikeInput, spec->dt, error);
    if (!external)
      return fail(error);
    options.external = &*external;
  }

  std::string error;
  std::optional<rt::Recording> recording =
      rt::simulate(*spec, options, error);
  if (!recording)
    return fail(inputFile + ": " + error);

  llvm::raw_ostream &out = llvm::outs();
  if (!quiet) {
    out << "network @" << spec->name << " from " << inputFile << " on "
        << target << " ("
        << (spec->profile == rt::NumericProfile::S16_15 ? "s16.15" : "float")
        << ", " << threads << " thread" << (threads == 1 ? "" : "s")
        << ")\n";
    if (defaultProbes)
      out << "no probes in the network: recording the spikes of every "
             "population\n";
    std::string summary = rt::formatSummary(*recording);
    out << summary << (llvm::StringRef(summary).ends_with("\n") ? "" : "\n");
  }

  if (!recordPath.empty()) {
    bool csv = llvm::StringRef(recordPath).ends_with_insensitive(".csv");
    bool written =
        csv ? rt::writeRecordingCsv(*recording, recordPath, error)
            : rt::writeRecordingHdf5(*recording, recordPath, error);
    if (!written)
      return fail(error);
    if (!quiet)
      out << "recording (" << (csv ? "CSV" : "HDF5, NIR event layout")
          << ") written to " << recordPath << "\n";
  }
  if (!plotPath.empty()) {
    rt::RasterOptions raster;
    raster.title = "@" + spec->name + " (" + target + ")";
    if (!rt::writeRasterSvg(*recording, plotPath, error, raster))
      return fail(error);
    if (!quiet)
      out << "raster plot written to " << plotPath << "\n";
  }
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&runCategory});
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "Dendron: compile and simulate spiking and dendritic networks\n\n"
          "  dendron run net.mlir --steps N [--record out.h5] [--plot "
          "raster.svg]\n",
          &llvm::errs()))
    return 1;
  if (runCommand)
    return runMain();
  return fail("no subcommand given; try 'dendron run --help'");
}
