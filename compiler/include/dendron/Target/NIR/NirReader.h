//===- NirReader.h - Read NIR HDF5 files into plain structs -----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Reads a NIR graph file (HDF5, the layout of NIR's Python writer) into a
/// NirFile. Files are untrusted: the reader bounds the nesting depth, checks
/// every dimension and element count before allocating (and the total it
/// will hold), refuses external and soft links and datasets whose filters
/// are unavailable, checks dataset types and required fields, and checks
/// that every edge names an existing node. HDF5's own error printing is
/// silenced; a failure is one message of the form
///
///   <file>: <path inside the file>: expected <what>, found <what>
///
/// libhdf5 1.10 itself can crash or loop on corrupted metadata (fuzzing found
/// both, e.g. in H5HG_read and H5HL_protect) before any check of ours can
/// look at the bytes. The reader therefore validates variable-length string
/// heaps itself before HDF5 reads them, and by default runs libhdf5 in a
/// forked child process with a time limit (NirReadLimits::isolate): a crash
/// or hang there becomes a message. Residual risk: fork() in a process with
/// other threads running (the child only uses HDF5 and write()).
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TARGET_NIR_NIRREADER_H
#define DENDRON_TARGET_NIR_NIRREADER_H

#include "dendron/Target/NIR/NirGraph.h"

#include <cstddef>
#include <optional>
#include <string>

namespace dendron::nir {

/// Limits applied while reading untrusted files.
struct NirReadLimits {
  /// Deepest nesting of NIRGraph nodes (the top graph is depth 0).
  unsigned maxDepth = 64;
  /// Largest rank of a parameter dataset.
  unsigned maxRank = 8;
  /// Largest total number of bytes of parameter data held in memory [bytes].
  /// (Parameters are held as doubles: 128 MB is 16 M values. With the
  /// isolated reader the data exists twice briefly, in the child and in the
  /// caller.)
  uint64_t maxTotalBytes = uint64_t(128) << 20;
  /// Largest number of nodes (over all nested graphs) and of edges.
  uint64_t maxNodes = 1u << 20;
  /// Largest length of one string [bytes].
  uint64_t maxStringBytes = 1u << 16;
  /// Read in a forked child process, so that a crash or endless loop inside
  /// libhdf5 on corrupted metadata becomes a message instead of taking the
  /// caller down.
  bool isolate = true;
  /// How long the isolated reader may take [ms].
  unsigned timeoutMs = 10000;
};

/// Reads `path`. On failure returns nothing and sets `error` to one message.
std::optional<NirFile> readNirFile(const std::string &path, std::string &error,
                                   const NirReadLimits &limits = {});

/// Reads a NIR file held in memory (`name` is used in messages); used by the
/// fuzzer and tests. HDF5 gets its own copy of the bytes.
std::optional<NirFile> readNirImage(const void *data, size_t size,
                                    const std::string &name, std::string &error,
                                    const NirReadLimits &limits = {});

} // namespace dendron::nir

#endif // DENDRON_TARGET_NIR_NIRREADER_H
