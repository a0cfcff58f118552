//===- NirTranslate.cpp - mlir-translate registrations for NIR ------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// `--import-nir` reads a NIR HDF5 file (the translation's input must be a
// file path, since HDF5 opens files itself: the buffer mlir-translate hands
// over is only used for its name) and `--export-nir` writes one.
//
//===----------------------------------------------------------------------===//

#include "dendron/Target/NIR/NirImport.h"
#include "dendron/Target/NIR/NirReader.h"
#include "dendron/Target/NIR/NirWriter.h"

#include "dendron/Dialect/Snn/SnnDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace dendron;

namespace {
llvm::cl::opt<double> clDt("dt",
                           llvm::cl::desc("Timestep of the imported network "
                                          "[s] (--import-nir)"),
                           llvm::cl::init(1e-4));
llvm::cl::opt<bool>
    clProbeAll("nir-probe-all",
               llvm::cl::desc("Probe the spikes and v of every neuron node, "
                              "not only those feeding an Output "
                              "(--import-nir)"));
} // namespace

void dendron::nir::registerNirTranslations() {
  static TranslateToMLIRRegistration importReg(
      "import-nir", "Import a NIR graph (HDF5) into the snn dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        std::string name = buffer->getBufferIdentifier().str();
        NirImportOptions options;
        options.dt = clDt;
        options.fileName = name;
        options.probeAll = clProbeAll;
        std::string error;
        // Read from the bytes mlir-translate already holds, so that stdin
        // works too.
        std::optional<NirFile> file = readNirImage(
            buffer->getBufferStart(), buffer->getBufferSize(), name, error);
        if (!file) {
          // The location names the file; the message starts with it too.
          llvm::StringRef message(error);
          message.consume_front(name + ": ");
          emitError(FileLineColLoc::get(context, name, 0, 0)) << message;
          return nullptr;
        }
        OwningOpRef<ModuleOp> module = importNir(*file, context, options);
        if (!module)
          return nullptr;
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) { registry.insert<snn::SnnDialect>(); });

  static TranslateFromMLIRRegistration exportReg(
      "export-nir", "Export an snn.network as a NIR graph (HDF5)",
      [](Operation *op, llvm::raw_ostream &output) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a builtin.module");
        FailureOr<NirFile> file = exportNir(module);
        if (failed(file))
          return failure();
        std::string error;
        std::optional<std::string> bytes = writeNirImage(*file, error);
        if (!bytes)
          return op->emitError(error);
        output << *bytes;
        return success();
      },
      [](DialectRegistry &registry) { registry.insert<snn::SnnDialect>(); });
}
