//===- CsvWriterTest.cpp - writeRecordingCsv
//-------------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "IOTestSupport.h"

#include "dendron/Runtime/RecordingIO.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace dendron::rt;
using namespace dendron::rt::test;
using ::testing::HasSubstr;

namespace {

// Rows by population order, then step, then neuron; a name with a comma and
// a quote is quoted; times are step * dt without binary noise.
TEST(CsvWriter, SpikeFileContentIsExact) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  Recording recording = makeSmallRecording();
  recording.spikes[1].name = "stim,\"x\"";
  recording.traces.clear();
  std::string path = dir.file("run.csv"), error;
  ASSERT_TRUE(writeRecordingCsv(recording, path, error)) << error;
  EXPECT_EQ(readFileBytes(path), "population,neuron,step,time_s\n"
                                 "exc,0,0,0\n"
                                 "exc,0,1,0.001\n"
                                 "exc,1,3,0.003\n"
                                 "exc,2,3,0.003\n"
                                 "exc,3,9,0.009\n"
                                 "\"stim,\"\"x\"\"\",1,0,0\n"
                                 "\"stim,\"\"x\"\"\",0,5,0.005\n");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.csv"});
}

// Each trace goes to <stem>.<name>.<variable>.csv, one row per step.
TEST(CsvWriter, TraceFileContentIsExact) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  Recording recording = makeSmallRecording();
  recording.numSteps = 3;
  recording.spikes.clear();
  recording.traces[0].width = 2;
  recording.traces[0].values = {-65, -64.5, -60.25, 1e-20, 0.1, 30};
  std::string path = dir.file("run.csv"), error;
  ASSERT_TRUE(writeRecordingCsv(recording, path, error)) << error;
  std::string tracePath = dir.file("run.exc.v.csv");
  EXPECT_EQ(traceCsvPath(path, recording.traces[0]), tracePath);
  EXPECT_EQ(readFileBytes(tracePath), "step,time_s,n0,n1\n"
                                      "0,0,-65,-64.5\n"
                                      "1,0.001,-60.25,1e-20\n"
                                      "2,0.002,0.1,30\n");
  EXPECT_EQ(readFileBytes(path), "population,neuron,step,time_s\n");
}

TEST(CsvWriter, TracePathKeepsStemWithoutCsvSuffix) {
  Trace trace;
  trace.name = "pop";
  trace.variable = "branch";
  EXPECT_EQ(traceCsvPath("out/run", trace), "out/run.pop.branch.csv");
  EXPECT_EQ(traceCsvPath("out.d/run.txt", trace),
            "out.d/run.txt.pop.branch.csv");
  EXPECT_EQ(traceCsvPath("dir.csv/x", trace), "dir.csv/x.pop.branch.csv");
}

// No file of either kind is left after a failure.
TEST(CsvWriter, FailedWriteLeavesNoFiles) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  std::string path = dir.file("missing/run.csv"), error;
  EXPECT_FALSE(writeRecordingCsv(makeSmallRecording(), path, error));
  EXPECT_THAT(error, HasSubstr("missing/run.exc.v.csv"));
  EXPECT_TRUE(dir.entries().empty());

  // The spike file cannot be renamed (a directory is in the way): the trace
  // file was already renamed, the spike file's temporary is removed.
  std::string blocked = dir.file("blocked.csv");
  ASSERT_TRUE(std::filesystem::create_directory(blocked));
  EXPECT_FALSE(writeRecordingCsv(makeSmallRecording(), blocked, error));
  EXPECT_THAT(error, HasSubstr("renaming"));
  EXPECT_EQ(dir.entries(),
            (std::vector<std::string>{"blocked.csv", "blocked.exc.v.csv"}));
}

} // namespace
