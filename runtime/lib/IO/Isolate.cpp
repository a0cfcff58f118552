//===- Isolate.cpp - Run an untrusted-input parser in a child process -----===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Plain C++17 and POSIX (no fmt, no HDF5): the NIR reader fuzzer compiles
// this file directly.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Isolate.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace dendron::rt;

namespace {
/// Status byte the child writes before the size and bytes of its payload or
/// message.
enum : char { kOk = 'O', kFailed = 'F', kOutOfMemory = 'M', kThrew = 'X' };

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

/// Lowers the soft limit of `resource` to `value` (never raises it).
void lowerLimit(int resource, uint64_t value) {
  rlimit limit;
  if (value == 0 || ::getrlimit(resource, &limit) != 0)
    return;
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > rlim_t(value)) {
    limit.rlim_cur = rlim_t(value);
    ::setrlimit(resource, &limit);
  }
}

[[noreturn]] void
childMain(int fd, const std::function<bool(std::string &, std::string &)> &work,
          const IsolationLimits &limits) {
  // A crash must end only the child, quietly: the parent's crash handlers
  // (LLVM prints a stack dump, also on SIGXCPU) do not run, and libhdf5's
  // own complaints do not reach the user's terminal; the parent reports
  // what happened.
  for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP, SIGSYS,
                  SIGQUIT, SIGXCPU, SIGXFSZ, SIGPIPE})
    std::signal(sig, SIG_DFL);
  int devNull = ::open("/dev/null", O_WRONLY);
  if (devNull >= 0) {
    ::dup2(devNull, STDERR_FILENO);
    ::close(devNull);
  }
  // libhdf5 trusts sizes in corrupted metadata (fuzzing found a 3 GB
  // allocation for a group's local heap): past the cap, the allocation fails
  // in the child, not the caller.
  lowerLimit(RLIMIT_DATA, limits.memoryBytes);
  lowerLimit(RLIMIT_CPU, limits.cpuSeconds);
  std::string payload, error;
  char status = kFailed;
  try {
    status = work(payload, error) ? kOk : kFailed;
  } catch (const std::bad_alloc &) {
    status = kOutOfMemory;
  } catch (...) {
    status = kThrew;
  }
  const std::string &out = status == kOk ? payload : error;
  uint64_t size = status == kOk || status == kFailed ? out.size() : 0;
  bool written = writeAll(fd, &status, 1) &&
                 writeAll(fd, reinterpret_cast<const char *>(&size), 8) &&
                 writeAll(fd, out.data(), size_t(size));
  ::close(fd);
  // _exit: no atexit handlers or static destructors of the parent's state.
  ::_exit(written ? 0 : 3);
}

IsolationFailure failure(IsolationFailure::Kind kind, std::string message,
                         int signal = 0) {
  IsolationFailure f;
  f.kind = kind;
  f.signal = signal;
  f.message = std::move(message);
  return f;
}

std::string signalName(int signal) {
  const char *name = ::strsignal(signal);
  return "signal " + std::to_string(signal) +
         (name ? std::string(", ") + name : "");
}
} // namespace

IsolationResult dendron::rt::runIsolated(
    const std::function<bool(std::string &, std::string &)> &work,
    const IsolationLimits &limits) {
  using Kind = IsolationFailure::Kind;
  int fds[2];
  if (::pipe(fds) != 0)
    return failure(Kind::System, std::string("cannot create a pipe: ") +
                                     std::strerror(errno));
  ::fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  ::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  // Buffered output would otherwise be written twice, once by each process.
  std::fflush(nullptr);
  pid_t child = ::fork();
  if (child < 0) {
    int saved = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return failure(Kind::System,
                   std::string("cannot fork: ") + std::strerror(saved));
  }
  if (child == 0) {
    ::close(fds[0]);
    childMain(fds[1], work, limits);
  }
  ::close(fds[1]);

  // Read the status byte, the size, then the bytes, until end of file, the
  // deadline, or an announced size past the bound.
  std::string header, body;
  bool timedOut = false, tooLarge = false;
  uint64_t announced = 0;
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(limits.timeoutMs);
  char buffer[1 << 16];
  while (true) {
    int wait = -1;
    if (limits.timeoutMs != 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      if (left <= 0) {
        timedOut = true;
        break;
      }
      wait = int(std::min<long long>(left, 1000));
    }
    pollfd pfd = {fds[0], POLLIN, 0};
    int ready = ::poll(&pfd, 1, wait);
    if (ready == 0 || (ready < 0 && errno == EINTR))
      continue;
    ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    size_t used = 0;
    if (header.size() < 9) {
      used = std::min(size_t(n), 9 - header.size());
      header.append(buffer, used);
      if (header.size() == 9) {
        std::memcpy(&announced, header.data() + 1, 8);
        if (announced > limits.maxPayloadBytes) {
          tooLarge = true;
          break;
        }
        body.reserve(size_t(announced)); // Allocate once.
      }
    }
    body.append(buffer + used, size_t(n) - used);
    if (body.size() > announced) {
      tooLarge = true;
      break;
    }
  }
  ::close(fds[0]);
  if (timedOut || tooLarge)
    ::kill(child, SIGKILL);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }

  if (timedOut)
    return failure(Kind::TimedOut,
                   "the child process was still running after " +
                       std::to_string(limits.timeoutMs) + " ms",
                   SIGKILL);
  if (tooLarge)
    return failure(Kind::TooLarge, "the child process sent more than " +
                                       std::to_string(limits.maxPayloadBytes) +
                                       " bytes");
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    if (signal == SIGXCPU)
      return failure(Kind::TimedOut,
                     "the child process used more than " +
                         std::to_string(limits.cpuSeconds) + " s of CPU time",
                     signal);
    return failure(Kind::Crashed,
                   "the child process was killed by " + signalName(signal),
                   signal);
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || header.size() < 9 ||
      body.size() != announced) {
    IsolationFailure f = failure(Kind::Crashed, "");
    f.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    f.message = "the child process exited with status " +
                std::to_string(f.exitStatus) + " without a complete result";
    return f;
  }
  switch (header[0]) {
  case kOk:
    return body;
  case kFailed:
    return failure(Kind::WorkFailed, std::move(body));
  case kOutOfMemory:
    return failure(Kind::OutOfMemory,
                   "the child process ran out of its " +
                       std::to_string(limits.memoryBytes >> 20) +
                       " MiB memory limit");
  case kThrew:
    return failure(Kind::System,
                   "the child process threw an unexpected exception");
  default:
    return failure(Kind::System, "the child process sent a malformed result");
  }
}
