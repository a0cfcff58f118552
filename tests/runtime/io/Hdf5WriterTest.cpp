//===- Hdf5WriterTest.cpp - writeRecordingHdf5 ----------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Round trips through the spike reader, determinism, atomicity and the
/// writer's refusals. The NIR layout itself is checked independently by
/// check_hdf5_layout.py with h5py.
///
//===----------------------------------------------------------------------===//

#include "IOTestSupport.h"

#include "dendron/Runtime/RecordingIO.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <chrono>
#include <thread>

using namespace dendron::rt;
using namespace dendron::rt::test;
using ::testing::HasSubstr;

namespace {

const SpikeTrain *findTrain(const std::vector<SpikeTrain> &trains,
                            const std::string &name) {
  for (const SpikeTrain &train : trains)
    if (train.name == name)
      return &train;
  return nullptr;
}

// Written spikes come back with the exact neuron and step, sorted by step
// then neuron, under their names and sizes.
TEST(Hdf5Writer, RoundTripKeepsExactStepsAndIndices) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  std::string path = dir.file("run.h5"), error;
  Recording recording = makeSmallRecording();
  ASSERT_TRUE(writeRecordingHdf5(recording, path, error)) << error;

  auto trains = readSpikeInputHdf5(path, recording.dt, error);
  ASSERT_TRUE(trains) << error;
  ASSERT_EQ(trains->size(), 2u);
  const SpikeTrain *exc = findTrain(*trains, "exc");
  const SpikeTrain *stim = findTrain(*trains, "stim");
  ASSERT_TRUE(exc && stim);
  EXPECT_EQ(exc->numNeurons, 4u);
  EXPECT_EQ(exc->step, (std::vector<uint32_t>{0, 1, 3, 3, 9}));
  EXPECT_EQ(exc->neuron, (std::vector<uint32_t>{0, 0, 1, 2, 3}));
  EXPECT_EQ(stim->numNeurons, 2u);
  EXPECT_EQ(stim->step, (std::vector<uint32_t>{0, 5}));
  EXPECT_EQ(stim->neuron, (std::vector<uint32_t>{1, 0}));
}

// Steps near 2^32 at a dt that is not a power of two survive time = step *
// dt and the reader's llround(time / dt); the stored step agrees with it.
TEST(Hdf5Writer, RoundTripIsExactForLargeSteps) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  Recording recording;
  recording.dt = 1e-4;
  recording.numSteps = 4000000001u;
  SpikeTrain train;
  train.name = "late";
  train.numNeurons = 3;
  train.neuron = {0, 2, 1};
  train.step = {1, 3999999999u, 123456789u};
  recording.spikes = {train};
  std::string path = dir.file("late.h5"), error;
  ASSERT_TRUE(writeRecordingHdf5(recording, path, error)) << error;

  auto trains = readSpikeInputHdf5(path, recording.dt, error);
  ASSERT_TRUE(trains) << error;
  ASSERT_EQ(trains->size(), 1u);
  EXPECT_EQ((*trains)[0].step,
            (std::vector<uint32_t>{1, 123456789u, 3999999999u}));
  EXPECT_EQ((*trains)[0].neuron, (std::vector<uint32_t>{0, 1, 2}));
}

// Two writes of the same recording are byte-identical. The second write
// starts more than a second later, so any stored timestamp (HDF5 keeps them
// with one-second resolution unless told not to) would differ.
TEST(Hdf5Writer, IdenticalInputGivesIdenticalBytes) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  std::string first = dir.file("first.h5"), second = dir.file("second.h5");
  std::string error;
  Recording recording = makeSmallRecording();
  ASSERT_TRUE(writeRecordingHdf5(recording, first, error)) << error;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  ASSERT_TRUE(writeRecordingHdf5(recording, second, error)) << error;
  std::string firstBytes = readFileBytes(first);
  EXPECT_FALSE(firstBytes.empty());
  EXPECT_TRUE(firstBytes == readFileBytes(second))
      << "two writes of one recording differ";
}

// A directory that does not exist: failure naming the path, and nothing
// created anywhere.
TEST(Hdf5Writer, FailedWriteLeavesNoFile) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  std::string path = dir.file("missing/run.h5"), error;
  EXPECT_FALSE(writeRecordingHdf5(makeSmallRecording(), path, error));
  EXPECT_THAT(error, HasSubstr(path));
  EXPECT_THAT(error, HasSubstr("No such file or directory"));
  EXPECT_FALSE(fileExists(path));
  EXPECT_TRUE(dir.entries().empty());
}

// A refused recording leaves an existing file as it was.
TEST(Hdf5Writer, FailedWriteKeepsExistingFile) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  std::string path = dir.file("run.h5"), error;
  writeFileBytes(path, "precious");
  Recording recording = makeSmallRecording();
  recording.spikes[0].name = "exc/bad";
  EXPECT_FALSE(writeRecordingHdf5(recording, path, error));
  EXPECT_THAT(error, HasSubstr("'exc/bad'"));
  EXPECT_THAT(error, HasSubstr("contains '/'"));
  EXPECT_EQ(readFileBytes(path), "precious");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.h5"});
}

// A failure after the temporary file was written (the final rename onto a
// directory) removes the temporary file and leaves the directory alone.
TEST(Hdf5Writer, FailedRenameRemovesTemporaryFile) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  std::string path = dir.file("run.h5"), error;
  ASSERT_TRUE(std::filesystem::create_directory(path));
  EXPECT_FALSE(writeRecordingHdf5(makeSmallRecording(), path, error));
  EXPECT_THAT(error, HasSubstr("renaming"));
  EXPECT_THAT(error, HasSubstr(path));
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"run.h5"});
  EXPECT_TRUE(std::filesystem::is_directory(path));
}

// Recordings the writers cannot represent faithfully are refused with a
// message naming the train or trace and the numbers involved.
TEST(Hdf5Writer, RefusesInconsistentRecordings) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  std::string path = dir.file("run.h5");
  struct Case {
    const char *what;
    void (*breakIt)(Recording &);
    const char *message;
  };
  const Case cases[] = {
      {"step past the run", [](Recording &r) { r.spikes[0].step[0] = 10; },
       "spike train 'exc' has a spike of neuron 2 at step 10, but the run has "
       "10 steps"},
      {"neuron past the size", [](Recording &r) { r.spikes[1].neuron[0] = 2; },
       "spike train 'stim' (size 2) has a spike of neuron 2 at step 0; "
       "expected neuron < 2"},
      {"ragged train", [](Recording &r) { r.spikes[0].step.pop_back(); },
       "spike train 'exc' has 5 neuron indices but 4 steps"},
      {"duplicate name", [](Recording &r) { r.spikes[1].name = "exc"; },
       "two spike trains are named 'exc'"},
      {"short trace", [](Recording &r) { r.traces[0].values.pop_back(); },
       "trace 'exc.v' holds 39 values; expected 10 steps x width 4 = 40"},
      {"empty name", [](Recording &r) { r.spikes[0].name.clear(); },
       "spike train '' has an unusable name: it is empty"},
      {"dot name", [](Recording &r) { r.traces[0].variable = ".."; },
       "trace 'exc...' has an unusable variable name: '..' is reserved"},
      {"ragged weights", [](Recording &r) { r.weights[0].post.push_back(0); },
       "weight snapshot of projection 1 has 2 pre, 3 post and 2 weights"},
      {"duplicate weights",
       [](Recording &r) { r.weights.push_back(r.weights[0]); },
       "two weight snapshots are for projection 1"},
      {"zero dt", [](Recording &r) { r.dt = 0; },
       "expected a positive timestep dt, found 0"},
  };
  for (const Case &c : cases) {
    Recording recording = makeSmallRecording();
    c.breakIt(recording);
    std::string error;
    EXPECT_FALSE(writeRecordingHdf5(recording, path, error)) << c.what;
    EXPECT_THAT(error, HasSubstr(c.message)) << c.what;
    EXPECT_THAT(error, HasSubstr(path)) << c.what;
  }
  EXPECT_TRUE(dir.entries().empty());
}

// Traces land in /traces/<name>/<variable> as [steps][width] float64 with
// their dt; checked here with the C API, the rest of the layout in Python.
TEST(Hdf5Writer, TraceIsStepsByWidthWithDt) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  std::string path = dir.file("run.h5"), error;
  Recording recording = makeSmallRecording();
  ASSERT_TRUE(writeRecordingHdf5(recording, path, error)) << error;

  hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(file, 0);
  hid_t dataset = H5Dopen2(file, "/traces/exc/v", H5P_DEFAULT);
  ASSERT_GE(dataset, 0);
  hid_t space = H5Dget_space(dataset);
  hsize_t dims[2] = {0, 0};
  EXPECT_EQ(H5Sget_simple_extent_ndims(space), 2);
  H5Sget_simple_extent_dims(space, dims, nullptr);
  EXPECT_EQ(dims[0], 10u);
  EXPECT_EQ(dims[1], 4u);
  std::vector<double> values(40);
  EXPECT_GE(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                    values.data()),
            0);
  EXPECT_EQ(values, recording.traces[0].values);
  double dt = 0;
  hid_t attribute = H5Aopen(dataset, "dt", H5P_DEFAULT);
  EXPECT_GE(H5Aread(attribute, H5T_NATIVE_DOUBLE, &dt), 0);
  EXPECT_EQ(dt, 1e-3);
  H5Aclose(attribute);
  H5Sclose(space);
  H5Dclose(dataset);
  H5Fclose(file);
}

} // namespace
