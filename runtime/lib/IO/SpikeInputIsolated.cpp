//===- SpikeInputIsolated.cpp - The spike-input reader in a child process -===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Runtime/Isolate.h"
#include "dendron/Runtime/RecordingIO.h"

#include <fmt/format.h>

#include <csignal>
#include <cstring>

using namespace dendron::rt;

std::string
dendron::rt::describeHdf5IsolationFailure(const std::string &what,
                                          const IsolationFailure &failure,
                                          const IsolationLimits &limits) {
  using Kind = IsolationFailure::Kind;
  switch (failure.kind) {
  case Kind::WorkFailed:
    return failure.message;
  case Kind::TimedOut:
    return fmt::format(
        "{}: gave up after {} s; the file is probably corrupt", what,
        failure.signal == SIGXCPU ? double(limits.cpuSeconds)
                                  : double(limits.timeoutMs) / 1000);
  case Kind::Crashed:
    if (failure.signal != 0)
      return fmt::format("{}: the HDF5 library crashed (signal {}, {}) "
                         "reading it; the file is corrupt",
                         what, failure.signal, strsignal(failure.signal));
    break;
  case Kind::OutOfMemory:
    return fmt::format("{}: needs more than the {} MiB memory limit for "
                       "reading it; the file is corrupt or too large",
                       what, limits.memoryBytes >> 20);
  case Kind::TooLarge:
  case Kind::System:
    break;
  }
  return fmt::format("{}: the reader process failed ({})", what,
                     failure.message);
}

namespace {
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
  IsolationResult result = runIsolated(work, limits);
  if (const auto *failure = std::get_if<IsolationFailure>(&result)) {
    error = describeHdf5IsolationFailure(
        fmt::format("cannot read spike input '{}'", path), *failure, limits);
    return std::nullopt;
  }
  std::optional<std::vector<SpikeTrain>> trains =
      deserialize(std::get<std::string>(result));
  if (!trains)
    error = fmt::format("cannot read spike input '{}': the reader process "
                        "returned a malformed result",
                        path);
  return trains;
}
