//===- IsolateTest.cpp - Untrusted parsing in a child process -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "IOTestSupport.h"

#include "dendron/Runtime/Isolate.h"
#include "dendron/Runtime/RecordingIO.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <variant>
#include <vector>

#include <unistd.h>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

using Kind = IsolationFailure::Kind;

/// The failure of `result`, or a WorkFailed one naming the unexpected
/// payload.
IsolationFailure failureOf(const IsolationResult &result) {
  if (const auto *failure = std::get_if<IsolationFailure>(&result))
    return *failure;
  IsolationFailure none;
  none.kind = Kind::WorkFailed;
  none.message = "unexpected payload: " + std::get<std::string>(result);
  return none;
}

TEST(Isolate, ReturnsThePayloadOfASuccessfulChild) {
  IsolationResult result = runIsolated([](std::string &out, std::string &) {
    out = std::string("bytes\0with a nul", 16);
    return true;
  });
  ASSERT_TRUE(std::holds_alternative<std::string>(result))
      << failureOf(result).message;
  EXPECT_EQ(std::get<std::string>(result),
            std::string("bytes\0with a nul", 16));
}

TEST(Isolate, PassesOnTheChildsOwnMessage) {
  IsolationFailure failure =
      failureOf(runIsolated([](std::string &, std::string &message) {
        message = "reader says no";
        return false;
      }));
  EXPECT_EQ(failure.kind, Kind::WorkFailed);
  EXPECT_EQ(failure.message, "reader says no");
  EXPECT_EQ(describeHdf5IsolationFailure("cannot read 'x.h5'", failure, {}),
            "reader says no");
}

TEST(Isolate, TurnsACrashIntoAnError) {
  IsolationFailure failure =
      failureOf(runIsolated([](std::string &, std::string &) {
        std::raise(SIGSEGV);
        return true;
      }));
  EXPECT_EQ(failure.kind, Kind::Crashed) << failure.message;
  EXPECT_EQ(failure.signal, SIGSEGV);
  std::string error =
      describeHdf5IsolationFailure("cannot read 'x.h5'", failure, {});
  EXPECT_EQ(error.rfind("cannot read 'x.h5': the HDF5 library crashed "
                        "(signal 11, ",
                        0),
            0u)
      << error;
  EXPECT_NE(error.find("the file is corrupt"), std::string::npos) << error;
}

TEST(Isolate, StopsAHangAtTheCpuLimit) {
  IsolationLimits limits;
  limits.cpuSeconds = 1;
  IsolationFailure failure = failureOf(runIsolated(
      [](std::string &, std::string &) {
        volatile uint64_t spin = 0;
        while (true)
          spin = spin + 1;
        return true;
      },
      limits));
  EXPECT_EQ(failure.kind, Kind::TimedOut) << failure.message;
  EXPECT_EQ(failure.signal, SIGXCPU);
  EXPECT_EQ(describeHdf5IsolationFailure("cannot read 'x.h5'", failure, limits),
            "cannot read 'x.h5': gave up after 1 s; the file is "
            "probably corrupt");
}

TEST(Isolate, StopsAnIdleHangAtTheDeadline) {
  IsolationLimits limits;
  limits.timeoutMs = 300;
  auto start = std::chrono::steady_clock::now();
  IsolationFailure failure = failureOf(runIsolated(
      [](std::string &, std::string &) {
        ::pause(); // Burns no CPU: only the wall clock ends it.
        return true;
      },
      limits));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(failure.kind, Kind::TimedOut) << failure.message;
  EXPECT_EQ(failure.signal, SIGKILL);
  EXPECT_EQ(describeHdf5IsolationFailure("cannot read 'x.h5'", failure, limits),
            "cannot read 'x.h5': gave up after 0.3 s; the file is "
            "probably corrupt");
}

TEST(Isolate, StopsAnAllocationPastTheMemoryLimit) {
  IsolationLimits limits;
  limits.memoryBytes = uint64_t(256) << 20;
  IsolationFailure failure = failureOf(runIsolated(
      [](std::string &out, std::string &) {
        std::vector<char> bomb(size_t(2) << 30, 1);
        out.assign(1, bomb.back());
        return true;
      },
      limits));
  EXPECT_EQ(failure.kind, Kind::OutOfMemory) << failure.message;
  EXPECT_EQ(describeHdf5IsolationFailure("cannot read 'x.h5'", failure, limits),
            "cannot read 'x.h5': needs more than the 256 MiB memory "
            "limit for reading it; the file is corrupt or too large");
}

TEST(Isolate, RefusesAPayloadPastTheBound) {
  IsolationLimits limits;
  limits.maxPayloadBytes = 1000;
  IsolationFailure failure = failureOf(runIsolated(
      [](std::string &out, std::string &) {
        out.assign(1001, 'x');
        return true;
      },
      limits));
  EXPECT_EQ(failure.kind, Kind::TooLarge) << failure.message;
  IsolationResult exact = runIsolated(
      [](std::string &out, std::string &) {
        out.assign(1000, 'x');
        return true;
      },
      limits);
  ASSERT_TRUE(std::holds_alternative<std::string>(exact))
      << failureOf(exact).message;
  EXPECT_EQ(std::get<std::string>(exact).size(), 1000u);
}

TEST(Isolate, SpikeInputMatchesTheDirectReader) {
  ScratchDirectory dir;
  std::string path = dir.path() + "/in.h5", error;
  ASSERT_TRUE(writeRecordingHdf5(makeSmallRecording(), path, error)) << error;
  auto direct = readSpikeInputHdf5(path, 1e-3, error);
  ASSERT_TRUE(direct) << error;
  auto isolated = readSpikeInputHdf5Isolated(path, 1e-3, error);
  ASSERT_TRUE(isolated) << error;
  ASSERT_EQ(isolated->size(), direct->size());
  for (size_t k = 0; k < direct->size(); ++k) {
    EXPECT_EQ((*isolated)[k].name, (*direct)[k].name);
    EXPECT_EQ((*isolated)[k].numNeurons, (*direct)[k].numNeurons);
    EXPECT_EQ((*isolated)[k].neuron, (*direct)[k].neuron);
    EXPECT_EQ((*isolated)[k].step, (*direct)[k].step);
  }
}

TEST(Isolate, SpikeInputErrorsAreTheDirectReadersMessages) {
  ScratchDirectory dir;
  std::string path = dir.path() + "/not.h5";
  std::ofstream(path) << "plain text, not HDF5\n";
  std::string direct, isolated;
  EXPECT_FALSE(readSpikeInputHdf5(path, 1e-3, direct));
  EXPECT_FALSE(readSpikeInputHdf5Isolated(path, 1e-3, isolated));
  EXPECT_EQ(isolated, direct);
}

/// Byte mutations of a valid file: whatever libhdf5 does with them, the
/// caller gets either spike trains or a message, and survives.
TEST(Isolate, MutatedSpikeFilesNeverTakeTheCallerDown) {
  ScratchDirectory dir;
  std::string valid = dir.path() + "/valid.h5", error;
  ASSERT_TRUE(writeRecordingHdf5(makeSmallRecording(), valid, error)) << error;
  std::ifstream in(valid, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)),
                    std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 1000u);
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  IsolationLimits limits;
  limits.cpuSeconds = 2;
  limits.memoryBytes = uint64_t(512) << 20;
  int readable = 0, refused = 0;
  for (int mutant = 0; mutant < 200; ++mutant) {
    std::string copy = bytes;
    for (int flip = 0; flip < 4; ++flip)
      copy[next() % copy.size()] = char(next());
    std::string path = dir.path() + "/mutant.h5";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << copy;
    std::string message;
    if (readSpikeInputHdf5Isolated(path, 1e-3, message, limits))
      ++readable;
    else {
      ++refused;
      EXPECT_EQ(message.rfind("cannot read spike input '", 0), 0u) << message;
    }
  }
  EXPECT_EQ(readable + refused, 200);
  EXPECT_GT(refused, 0);
}

} // namespace
