//===- Isolate.cpp - Run an untrusted-input parser in a child process -----===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Isolate.h"
#include "dendron/Runtime/RecordingIO.h"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace dendron::rt;

namespace {
/// Status byte the child writes before its payload or message.
enum : char { kOk = 'O', kFailed = 'F' };

/// Writes all of `data` to `fd`; false on error.
bool writeAll(int fd, const char *data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= size_t(n);
  }
  return true;
}

[[noreturn]] void
childMain(int fd, const std::function<bool(std::string &, std::string &)> &work,
          const IsolationLimits &limits) {
  // A crash must end only the child, quietly: the parent's crash handlers
  // (LLVM prints a stack dump) do not run, and libhdf5's own complaints do
  // not reach the user's terminal; the parent reports what happened.
  for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP})
    std::signal(sig, SIG_DFL);
  int devNull = ::open("/dev/null", O_WRONLY);
  if (devNull >= 0) {
    ::dup2(devNull, STDERR_FILENO);
    ::close(devNull);
  }
  rlimit memory{limits.addressSpaceBytes, limits.addressSpaceBytes};
  setrlimit(RLIMIT_AS, &memory);
  rlimit cpu{limits.cpuSeconds, limits.cpuSeconds + 1};
  setrlimit(RLIMIT_CPU, &cpu);
  // A hang that does not burn CPU (it should not happen) ends too.
  alarm(limits.cpuSeconds + 1);
  std::string payload, error;
  char status = kFailed;
  try {
    status = work(payload, error) ? kOk : kFailed;
  } catch (const std::bad_alloc &) {
    error = "__dendron_out_of_memory__";
  } catch (...) {
    error = "an unexpected internal error occurred";
  }
  const std::string &out = status == kOk ? payload : error;
  bool written =
      writeAll(fd, &status, 1) && writeAll(fd, out.data(), out.size());
  ::close(fd);
  // _exit: no atexit handlers or static destructors of the parent's state.
  ::_exit(written ? 0 : 3);
}

std::string describeLimit(uint64_t bytes) {
  return fmt::format("{} MiB", bytes >> 20);
}

//===----------------------------------------------------------------------===//
// Serialization of spike trains (native byte order: parent and child are the
// same binary).
//===----------------------------------------------------------------------===//

template <class T> void put(std::string &out, const T &value) {
  out.append(reinterpret_cast<const char *>(&value), sizeof(T));
}

template <class T> bool take(const std::string &in, size_t &at, T &value) {
  if (in.size() - at < sizeof(T))
    return false;
  std::memcpy(&value, in.data() + at, sizeof(T));
  at += sizeof(T);
  return true;
}

std::string serialize(const std::vector<SpikeTrain> &trains) {
  std::string out;
  put(out, uint64_t(trains.size()));
  for (const SpikeTrain &t : trains) {
    put(out, uint64_t(t.name.size()));
    out += t.name;
    put(out, t.numNeurons);
    put(out, uint64_t(t.neuron.size()));
    out.append(reinterpret_cast<const char *>(t.neuron.data()),
               t.neuron.size() * sizeof(uint32_t));
    out.append(reinterpret_cast<const char *>(t.step.data()),
               t.step.size() * sizeof(uint32_t));
  }
  return out;
}

std::optional<std::vector<SpikeTrain>> deserialize(const std::string &in) {
  size_t at = 0;
  uint64_t count = 0;
  if (!take(in, at, count))
    return std::nullopt;
  std::vector<SpikeTrain> trains;
  for (uint64_t k = 0; k < count; ++k) {
    SpikeTrain t;
    uint64_t nameSize = 0, events = 0;
    if (!take(in, at, nameSize) || in.size() - at < nameSize)
      return std::nullopt;
    t.name.assign(in, at, nameSize);
    at += nameSize;
    if (!take(in, at, t.numNeurons) || !take(in, at, events) ||
        (in.size() - at) / (2 * sizeof(uint32_t)) < events)
      return std::nullopt;
    t.neuron.resize(events);
    t.step.resize(events);
    std::memcpy(t.neuron.data(), in.data() + at, events * sizeof(uint32_t));
    at += events * sizeof(uint32_t);
    std::memcpy(t.step.data(), in.data() + at, events * sizeof(uint32_t));
    at += events * sizeof(uint32_t);
    trains.push_back(std::move(t));
  }
  if (at != in.size())
    return std::nullopt;
  return trains;
}
} // namespace

std::optional<std::string> dendron::rt::runIsolated(
    const std::string &what,
    const std::function<bool(std::string &, std::string &)> &work,
    const IsolationLimits &limits, std::string &error) {
  int fds[2];
  if (::pipe(fds) != 0) {
    error =
        fmt::format("{}: cannot create a pipe: {}", what, std::strerror(errno));
    return std::nullopt;
  }
  // Buffered output would otherwise be written twice, once by each process.
  std::fflush(nullptr);
  pid_t child = ::fork();
  if (child < 0) {
    error = fmt::format("{}: cannot start a reader process: {}", what,
                        std::strerror(errno));
    ::close(fds[0]);
    ::close(fds[1]);
    return std::nullopt;
  }
  if (child == 0) {
    ::close(fds[0]);
    childMain(fds[1], work, limits);
  }
  ::close(fds[1]);

  std::string received;
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    received.append(buffer, size_t(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }

  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    if (signal == SIGXCPU || signal == SIGALRM)
      error = fmt::format("{}: gave up after {} s; the file is probably "
                          "corrupt",
                          what, limits.cpuSeconds);
    else
      error = fmt::format("{}: the HDF5 library crashed (signal {}, {}) "
                          "reading it; the file is corrupt",
                          what, signal, strsignal(signal));
    return std::nullopt;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || received.empty()) {
    error = fmt::format("{}: the reader process failed (exit status {})", what,
                        WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return std::nullopt;
  }
  std::string body = received.substr(1);
  if (received[0] == kOk)
    return body;
  if (body == "__dendron_out_of_memory__")
    error = fmt::format("{}: needs more than the {} memory limit for "
                        "reading it; the file is corrupt or too large",
                        what, describeLimit(limits.addressSpaceBytes));
  else
    error = body;
  return std::nullopt;
}

std::optional<std::vector<SpikeTrain>>
dendron::rt::readSpikeInputHdf5Isolated(const std::string &path, double dt,
                                        std::string &error,
                                        const IsolationLimits &limits) {
  auto work = [&](std::string &payload, std::string &message) {
    std::optional<std::vector<SpikeTrain>> trains =
        readSpikeInputHdf5(path, dt, message);
    if (!trains)
      return false;
    payload = serialize(*trains);
    return true;
  };
  std::optional<std::string> payload = runIsolated(
      fmt::format("cannot read spike input '{}'", path), work, limits, error);
  if (!payload)
    return std::nullopt;
  std::optional<std::vector<SpikeTrain>> trains = deserialize(*payload);
  if (!trains)
    error = fmt::format("cannot read spike input '{}': the reader process "
                        "returned a malformed result",
                        path);
  return trains;
}
