//===- NirReaderFuzzer.cpp - libFuzzer target for the NIR reader ----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Feeds arbitrary bytes to the NIR reader as an in-memory HDF5 file. The
// reader must refuse with a message or succeed. By default the reader runs
// in process (no isolation), so that coverage guides the fuzzer and crashes
// are seen; libhdf5 itself is not instrumented, so the guidance comes from
// the reader's own branches. With DENDRON_FUZZ_ISOLATE=1 it runs the
// production configuration (libhdf5 in a child process), which must turn
// every input, including those that crash libhdf5, into a result.
//
//===----------------------------------------------------------------------===//

#include "dendron/Target/NIR/NirReader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dendron::nir::NirReadLimits limits;
  limits.maxTotalBytes = uint64_t(64) << 20;
  static const bool isolate = std::getenv("DENDRON_FUZZ_ISOLATE") != nullptr;
  limits.isolate = isolate;
  limits.timeoutMs = 3000;
  std::string error;
  std::optional<dendron::nir::NirFile> file =
      dendron::nir::readNirImage(data, size, "fuzz.nir", error, limits);
  // Every failure carries a message.
  if (!file && error.empty())
    __builtin_trap();
  return 0;
}
