//===- IsolateTest.cpp - Untrusted parsing in a child process -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "IOTestSupport.h"

#include "dendron/Runtime/Isolate.h"
#include "dendron/Runtime/RecordingIO.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <fstream>
#include <vector>

using namespace dendron::rt;
using namespace dendron::rt::test;

namespace {

TEST(Isolate, ReturnsThePayloadOfASuccessfulChild) {
  std::string error;
  auto payload = runIsolated(
      "job",
      [](std::string &out, std::string &) {
        out = std::string("bytes\0with a nul", 16);
        return true;
      },
      {}, error);
  ASSERT_TRUE(payload) << error;
  EXPECT_EQ(*payload, std::string("bytes\0with a nul", 16));
}

TEST(Isolate, PassesOnTheChildsOwnMessage) {
  std::string error;
  auto payload = runIsolated(
      "job",
      [](std::string &, std::string &message) {
        message = "reader says no";
        return false;
      },
      {}, error);
  EXPECT_FALSE(payload);
  EXPECT_EQ(error, "reader says no");
}

TEST(Isolate, TurnsACrashIntoAnError) {
  std::string error;
  auto payload = runIsolated(
      "cannot read 'x.h5'",
      [](std::string &, std::string &) {
        std::raise(SIGSEGV);
        return true;
      },
      {}, error);
  EXPECT_FALSE(payload);
  EXPECT_EQ(error.rfind("cannot read 'x.h5': the HDF5 library crashed "
                        "(signal 11, ",
                        0),
            0u)
      << error;
  EXPECT_NE(error.find("the file is corrupt"), std::string::npos) << error;
}

TEST(Isolate, StopsAHangAtTheCpuLimit) {
  std::string error;
  IsolationLimits limits;
  limits.cpuSeconds = 1;
  auto payload = runIsolated(
      "cannot read 'x.h5'",
      [](std::string &, std::string &) {
        volatile uint64_t spin = 0;
        while (true)
          spin = spin + 1;
        return true;
      },
      limits, error);
  EXPECT_FALSE(payload);
  EXPECT_EQ(error, "cannot read 'x.h5': gave up after 1 s; the file is "
                   "probably corrupt");
}

TEST(Isolate, StopsAnAllocationPastTheMemoryLimit) {
  std::string error;
  IsolationLimits limits;
  limits.addressSpaceBytes = uint64_t(256) << 20;
  auto payload = runIsolated(
      "cannot read 'x.h5'",
      [](std::string &out, std::string &) {
        std::vector<char> bomb(size_t(2) << 30, 1);
        out.assign(1, bomb.back());
        return true;
      },
      limits, error);
  EXPECT_FALSE(payload);
  EXPECT_EQ(error, "cannot read 'x.h5': needs more than the 256 MiB memory "
                   "limit for reading it; the file is corrupt or too large");
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
  limits.addressSpaceBytes = uint64_t(512) << 20;
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
