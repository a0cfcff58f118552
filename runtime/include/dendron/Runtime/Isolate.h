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
/// found crashes inside its own variable-length string code). Checks at our
/// level cannot reach those bugs, so the parse runs in a forked child under
/// an address-space limit and a CPU-time limit, and only a serialized result
/// comes back through a pipe. A crash, a hang or an allocation past the limit
/// becomes an error message in the parent instead of taking it down.
///
/// Call it before the caller has started threads (fork copies only the
/// calling thread).
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_ISOLATE_H
#define DENDRON_RUNTIME_ISOLATE_H

#include "dendron/Runtime/Recording.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dendron::rt {

/// Resource limits of the child process.
struct IsolationLimits {
  uint64_t addressSpaceBytes = uint64_t(1) << 30; ///< RLIMIT_AS [bytes].
  unsigned cpuSeconds = 10; ///< RLIMIT_CPU and wall-clock alarm [s].
};

/// Runs `work` in a child process. `work` fills `payload` and returns true,
/// or sets `error` and returns false. Returns the payload, or std::nullopt
/// with `error` set to work's own message or to how the child died ("it
/// crashed (signal 11)", "it ran out of its 1024 MiB memory limit", "it took
/// longer than 10 s"). `what` names the job in those messages.
std::optional<std::string> runIsolated(
    const std::string &what,
    const std::function<bool(std::string &payload, std::string &error)> &work,
    const IsolationLimits &limits, std::string &error);

/// readSpikeInputHdf5 run through runIsolated: same result and messages for
/// files libhdf5 handles, an error instead of a crash or hang otherwise.
std::optional<std::vector<SpikeTrain>>
readSpikeInputHdf5Isolated(const std::string &path, double dt,
                           std::string &error,
                           const IsolationLimits &limits = {});

} // namespace dendron::rt

#endif // DENDRON_RUNTIME_ISOLATE_H
