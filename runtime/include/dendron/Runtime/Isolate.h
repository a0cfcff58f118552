//===- Isolate.h - Run an untrusted-input parser in a child process -*- C++
//-*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Readers of untrusted files call into libhdf5, which can crash, hang or
/// allocate without bound on some corrupted files (fuzzing libhdf5 1.10
/// found crashes inside its own variable-length string code, endless loops
/// and multi-GB allocations driven by corrupted metadata). Checks at our
/// level cannot reach those bugs, so the parse runs in a forked child under
/// a memory limit, a CPU-time limit and a wall-clock deadline, and only a
/// serialized result comes back through a pipe. A crash, a hang or an
/// allocation past the limit becomes an IsolationFailure in the parent, which
/// each caller words as its own message.
///
/// Call it before the caller has started threads (fork copies only the
/// calling thread). This is the only place that forks such a child: the
/// spike-input reader and the compiler's NIR reader both go through it.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_ISOLATE_H
#define DENDRON_RUNTIME_ISOLATE_H

#include "dendron/Runtime/Recording.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dendron::rt {

/// Resource limits of the child process. An inherited stricter limit of the
/// caller's process is kept.
struct IsolationLimits {
  /// Heap and other private writable memory (RLIMIT_DATA) [bytes]; unlike
  /// an address-space limit it does not count the program's code and
  /// libraries. An allocation past it fails inside the child (libhdf5
  /// reports it, operator new throws). 0: no limit.
  uint64_t memoryBytes = uint64_t(1) << 30;
  /// CPU time (RLIMIT_CPU) [s]. 0: no limit.
  unsigned cpuSeconds = 10;
  /// Wall-clock deadline, after which the parent kills the child with
  /// SIGKILL; it ends a hang that does not burn CPU [ms]. 0: no deadline.
  unsigned timeoutMs = 11000;
  /// Largest payload (or message) the parent accepts [bytes].
  uint64_t maxPayloadBytes = uint64_t(1) << 30;
};

/// Why runIsolated returned no payload.
struct IsolationFailure {
  enum class Kind {
    WorkFailed,  ///< `work` returned false; `message` is its own message.
    Crashed,     ///< The child died by `signal`, or exited (`exitStatus`)
                 ///< without sending a complete result.
    TimedOut,    ///< CPU limit (`signal` SIGXCPU) or wall-clock deadline
                 ///< (`signal` SIGKILL).
    OutOfMemory, ///< An allocation in the child threw std::bad_alloc.
    TooLarge,    ///< The child announced more than maxPayloadBytes.
    System,      ///< No pipe, no fork, or a malformed reply.
  };
  Kind kind = Kind::System;
  int signal = 0;
  int exitStatus = 0;
  /// `work`'s message for WorkFailed; otherwise a plain description (with
  /// no file name) of what happened, for callers that need no wording of
  /// their own.
  std::string message;
};

/// The payload `work` produced, or why there is none.
using IsolationResult = std::variant<std::string, IsolationFailure>;

/// Runs `work` in a child process. `work` fills `payload` and returns true,
/// or sets `error` and returns false. Flushes stdio before forking; in the
/// child, fatal signals have their default action (no crash handler of the
/// caller runs) and stderr goes to /dev/null.
IsolationResult runIsolated(
    const std::function<bool(std::string &payload, std::string &error)> &work,
    const IsolationLimits &limits = {});

/// The message of a failed isolated HDF5 read: `what` (e.g. "cannot read
/// spike input 'x.h5'") followed by how the child failed ("the HDF5 library
/// crashed (signal 11, ...)", "gave up after 10 s", "needs more than the
/// 1024 MiB memory limit"); a WorkFailed message is returned unchanged.
std::string describeHdf5IsolationFailure(const std::string &what,
                                         const IsolationFailure &failure,
                                         const IsolationLimits &limits);

/// readSpikeInputHdf5 run through runIsolated: same result and messages for
/// files libhdf5 handles, an error instead of a crash or hang otherwise.
std::optional<std::vector<SpikeTrain>>
readSpikeInputHdf5Isolated(const std::string &path, double dt,
                           std::string &error,
                           const IsolationLimits &limits = {});

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_ISOLATE_H
