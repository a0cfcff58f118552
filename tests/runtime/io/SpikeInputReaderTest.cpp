//===- SpikeInputReaderTest.cpp - readSpikeInputHdf5 on good and bad files ===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Files are built here with the HDF5 C API, strings the way h5py writes
/// them. Every refusal of the reader has a test that checks the message
/// names the file, the object inside it, and what was expected and found.
///
//===----------------------------------------------------------------------===//

#include "IOTestSupport.h"

#include "dendron/Runtime/RecordingIO.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <limits>
#include <optional>

using namespace dendron::rt;
using namespace dendron::rt::test;
using ::testing::AllOf;
using ::testing::HasSubstr;

namespace {

/// Writes an HDF5 file; every handle it hands out is closed by close().
class FileBuilder {
public:
  explicit FileBuilder(const std::string &path)
      : file_(
            H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)) {}
  ~FileBuilder() { close(); }
  bool valid() const { return file_ >= 0; }
  hid_t root() const { return file_; }

  void close() {
    for (hid_t group : groups_)
      H5Gclose(group);
    groups_.clear();
    if (file_ >= 0)
      H5Fclose(file_);
    file_ = -1;
  }

  hid_t group(hid_t parent, const char *name) {
    hid_t group =
        H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    groups_.push_back(group);
    return group;
  }

  /// Scalar variable-length UTF-8 string, as h5py writes `attrs[k] = "..."`.
  static void stringAttribute(hid_t object, const char *name,
                              const std::string &value) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    const char *text = value.c_str();
    writeAttribute(object, name, type, type, &text);
    H5Tclose(type);
  }
  /// Scalar fixed-length, NUL-padded string (h5py: `np.bytes_`).
  static void fixedStringAttribute(hid_t object, const char *name,
                                   const std::string &value) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, value.size());
    H5Tset_strpad(type, H5T_STR_NULLPAD);
    writeAttribute(object, name, type, type, value.data());
    H5Tclose(type);
  }
  static void int64Attribute(hid_t object, const char *name, int64_t value) {
    writeAttribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
  }
  static void doubleAttribute(hid_t object, const char *name, double value) {
    writeAttribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
  }

  template <typename T>
  static void dataset(hid_t parent, const char *name, hid_t fileType,
                      hid_t memoryType, const std::vector<T> &values,
                      std::vector<hsize_t> dims = {},
                      hid_t creation = H5P_DEFAULT) {
    if (dims.empty())
      dims = {values.size()};
    hid_t space = H5Screate_simple(int(dims.size()), dims.data(), nullptr);
    hid_t dataset = H5Dcreate2(parent, name, fileType, space, H5P_DEFAULT,
                               creation, H5P_DEFAULT);
    if (!values.empty())
      H5Dwrite(dataset, memoryType, H5S_ALL, H5S_ALL, H5P_DEFAULT,
               values.data());
    H5Dclose(dataset);
    H5Sclose(space);
  }
  static void int64Dataset(hid_t parent, const char *name,
                           const std::vector<int64_t> &values,
                           std::vector<hsize_t> dims = {}) {
    dataset(parent, name, H5T_STD_I64LE, H5T_NATIVE_INT64, values, dims);
  }
  static void doubleDataset(hid_t parent, const char *name,
                            const std::vector<double> &values,
                            std::vector<hsize_t> dims = {}) {
    dataset(parent, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values, dims);
  }

  /// A group with n_neurons, idx and, if given, time and step.
  hid_t eventGroup(hid_t parent, const char *name, int64_t numNeurons,
                   const std::vector<int64_t> &idx,
                   std::optional<std::vector<double>> time,
                   std::optional<std::vector<int64_t>> step = std::nullopt) {
    hid_t group = this->group(parent, name);
    int64Attribute(group, "n_neurons", numNeurons);
    int64Dataset(group, "idx", idx);
    if (time)
      doubleDataset(group, "time", *time);
    if (step)
      int64Dataset(group, "step", *step);
    return group;
  }

private:
  static void writeAttribute(hid_t object, const char *name, hid_t fileType,
                             hid_t memoryType, const void *value) {
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attribute =
        H5Acreate2(object, name, fileType, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(attribute, memoryType, value);
    H5Aclose(attribute);
    H5Sclose(space);
  }

  hid_t file_;
  std::vector<hid_t> groups_;
};

class SpikeInputReader : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.valid());
    path_ = dir_.file("input.h5");
  }

  /// Reads path_, expecting failure; returns the message.
  std::string readError(double dt = 1e-3) {
    std::string error;
    auto trains = readSpikeInputHdf5(path_, dt, error);
    EXPECT_FALSE(trains) << "the reader accepted the file";
    EXPECT_THAT(error, HasSubstr("'" + path_ + "'"));
    return error;
  }

  ScratchDirectory dir_;
  std::string path_;
};

//===----------------------------------------------------------------------===//
// Accepted layouts
//===----------------------------------------------------------------------===//

// A file as NIR's write_data lays it out: root and node __type__ strings,
// [1][n] arrays padded with (-1, inf), a TimeGriddedData observable next to
// the events (skipped). Times become steps by llround(time / dt).
TEST_F(SpikeInputReader, ReadsNirWriteDataLayout) {
  {
    FileBuilder file(path_);
    ASSERT_TRUE(file.valid());
    FileBuilder::stringAttribute(file.root(), "__type__", "NIRGraphData");
    hid_t nodes = file.group(file.root(), "nodes");
    hid_t layer = file.group(nodes, "layer");
    FileBuilder::stringAttribute(layer, "__type__", "NIRNodeData");
    hid_t observables = file.group(layer, "observables");
    hid_t spikes = file.group(observables, "spikes");
    FileBuilder::stringAttribute(spikes, "__type__", "EventData");
    FileBuilder::int64Attribute(spikes, "n_neurons", 3);
    FileBuilder::doubleAttribute(spikes, "t_max", 0.01);
    double inf = std::numeric_limits<double>::infinity();
    FileBuilder::int64Dataset(spikes, "idx", {2, 0, -1}, {1, 3});
    FileBuilder::doubleDataset(spikes, "time", {0.0040000001, 0.0019999, inf},
                               {1, 3});
    hid_t voltage = file.group(observables, "v");
    FileBuilder::stringAttribute(voltage, "__type__", "TimeGriddedData");
  }
  std::string error;
  auto trains = readSpikeInputHdf5(path_, 1e-3, error);
  ASSERT_TRUE(trains) << error;
  ASSERT_EQ(trains->size(), 1u);
  EXPECT_EQ((*trains)[0].name, "layer");
  EXPECT_EQ((*trains)[0].numNeurons, 3u);
  EXPECT_EQ((*trains)[0].step, (std::vector<uint32_t>{2, 4}));
  EXPECT_EQ((*trains)[0].neuron, (std::vector<uint32_t>{0, 2}));
}

// Groups straight under the root, with integer steps of any width instead
// of times; events come back sorted and without duplicates.
TEST_F(SpikeInputReader, ReadsRootGroupsWithStepsSortedAndDeduplicated) {
  {
    FileBuilder file(path_);
    hid_t group = file.group(file.root(), "in");
    FileBuilder::int64Attribute(group, "n_neurons", 5);
    FileBuilder::dataset<int32_t>(group, "idx", H5T_STD_I32LE, H5T_NATIVE_INT32,
                                  {4, 1, 4, 0});
    FileBuilder::dataset<uint16_t>(group, "step", H5T_STD_U16BE,
                                   H5T_NATIVE_UINT16, {7, 2, 7, 7});
  }
  std::string error;
  auto trains = readSpikeInputHdf5(path_, 1e-3, error);
  ASSERT_TRUE(trains) << error;
  ASSERT_EQ(trains->size(), 1u);
  EXPECT_EQ((*trains)[0].name, "in");
  EXPECT_EQ((*trains)[0].step, (std::vector<uint32_t>{2, 7, 7}));
  EXPECT_EQ((*trains)[0].neuron, (std::vector<uint32_t>{1, 0, 4}));
}

// An empty /spikes group is a valid file with no trains.
TEST_F(SpikeInputReader, EmptySpikesGroupGivesNoTrains) {
  {
    FileBuilder file(path_);
    file.group(file.root(), "spikes");
  }
  std::string error;
  auto trains = readSpikeInputHdf5(path_, 1e-3, error);
  ASSERT_TRUE(trains) << error;
  EXPECT_TRUE(trains->empty());
}

//===----------------------------------------------------------------------===//
// Refusals: the file as a whole
//===----------------------------------------------------------------------===//

TEST_F(SpikeInputReader, RefusesMissingFile) {
  EXPECT_THAT(readError(), HasSubstr("No such file or directory"));
}

TEST_F(SpikeInputReader, RefusesDirectory) {
  ASSERT_TRUE(std::filesystem::create_directory(path_));
  EXPECT_THAT(readError(),
              HasSubstr("expected a regular file, found a directory"));
}

TEST_F(SpikeInputReader, RefusesNonHdf5File) {
  const std::string csv = "population,neuron,step,time_s\nexc,0,1,0.001\n";
  writeFileBytes(path_, csv);
  EXPECT_THAT(readError(),
              HasSubstr("expected an HDF5 file, found no HDF5 signature in "
                        "its " +
                        std::to_string(csv.size()) + " bytes"));
}

TEST_F(SpikeInputReader, RefusesNonPositiveDt) {
  EXPECT_THAT(readError(0.0),
              HasSubstr("expected a positive timestep dt, found 0"));
  EXPECT_THAT(readError(std::nan("")), HasSubstr("found nan"));
}

TEST_F(SpikeInputReader, RefusesFileWithoutSpikeGroups) {
  {
    FileBuilder file(path_);
    FileBuilder::doubleDataset(file.root(), "weights", {1.0, 2.0});
  }
  EXPECT_THAT(readError(), AllOf(HasSubstr("/: expected spike groups"),
                                 HasSubstr("found none")));
}

//===----------------------------------------------------------------------===//
// Refusals: structure
//===----------------------------------------------------------------------===//

TEST_F(SpikeInputReader, RefusesMissingIdx) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.group(spikes, "exc");
    FileBuilder::int64Attribute(group, "n_neurons", 4);
    FileBuilder::doubleDataset(group, "time", {0.001});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc: expected a dataset idx (neuron "
                        "indices), found none"));
}

TEST_F(SpikeInputReader, RefusesGroupWithoutTimeOrStep) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    file.eventGroup(spikes, "exc", 4, {1}, std::nullopt);
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc: expected a dataset time (seconds) or "
                        "step (timesteps), found neither"));
}

TEST_F(SpikeInputReader, RefusesMissingNeuronCount) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.group(spikes, "exc");
    FileBuilder::int64Dataset(group, "idx", {0});
    FileBuilder::doubleDataset(group, "time", {0.0});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc: expected an integer attribute n_neurons "
                        "(the population size, as in NIR's EventData), found "
                        "none"));
}

TEST_F(SpikeInputReader, RefusesFloatNeuronCount) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.group(spikes, "exc");
    FileBuilder::doubleAttribute(group, "n_neurons", 4.0);
    FileBuilder::int64Dataset(group, "idx", {0});
    FileBuilder::doubleDataset(group, "time", {0.0});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc attribute n_neurons: expected an "
                        "integer, found a floating-point value"));
}

// In a NIR file an observable's __type__ decides what it is; a fixed-length
// string (h5py's np.bytes_) is read too.
TEST_F(SpikeInputReader, RefusesUnknownNirObservableType) {
  {
    FileBuilder file(path_);
    FileBuilder::stringAttribute(file.root(), "__type__", "NIRGraphData");
    hid_t nodes = file.group(file.root(), "nodes");
    hid_t layer = file.group(nodes, "layer");
    FileBuilder::stringAttribute(layer, "__type__", "NIRNodeData");
    hid_t observables = file.group(layer, "observables");
    hid_t group = file.eventGroup(observables, "spikes", 4, {0}, {{0.0}});
    FileBuilder::fixedStringAttribute(group, "__type__", "SpikeBlob");
  }
  EXPECT_THAT(readError(),
              HasSubstr("/nodes/layer/observables/spikes attribute __type__: "
                        "expected 'EventData' or 'TimeGriddedData', found "
                        "'SpikeBlob'"));
}

TEST_F(SpikeInputReader, RefusesDatasetWhereGroupExpected) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    FileBuilder::int64Dataset(spikes, "exc", {0});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc: expected a group, found a dataset"));
}

TEST_F(SpikeInputReader, RefusesExternalLink) {
  {
    FileBuilder other(dir_.file("other.h5"));
    FileBuilder::doubleDataset(other.root(), "time", {0.001});
  }
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.group(spikes, "exc");
    FileBuilder::int64Attribute(group, "n_neurons", 4);
    FileBuilder::int64Dataset(group, "idx", {0});
    H5Lcreate_external(dir_.file("other.h5").c_str(), "/time", group, "time",
                       H5P_DEFAULT, H5P_DEFAULT);
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/time: expected an object stored in this "
                        "file, found an external link to another file"));
}

TEST_F(SpikeInputReader, RefusesSoftLink) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    file.eventGroup(file.root(), "real", 4, {0}, {{0.0}});
    H5Lcreate_soft("/real", spikes, "exc", H5P_DEFAULT, H5P_DEFAULT);
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc: expected an object stored in this file, "
                        "found a soft link"));
}

//===----------------------------------------------------------------------===//
// Refusals: datasets
//===----------------------------------------------------------------------===//

TEST_F(SpikeInputReader, RefusesWrongDtypeClass) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.eventGroup(spikes, "exc", 4, {0, 1}, std::nullopt);
    FileBuilder::dataset<int32_t>(group, "time", H5T_STD_I32LE,
                                  H5T_NATIVE_INT32, {1, 2});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/time: expected a floating-point "
                        "dataset, found an integer dataset"));
}

TEST_F(SpikeInputReader, RefusesLengthMismatch) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    file.eventGroup(spikes, "exc", 4, {0, 1, 2}, {{0.0, 0.001}});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/time: expected one time per index (3 in "
                        "idx), found 2"));
}

TEST_F(SpikeInputReader, RefusesIdxOutOfRange) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    file.eventGroup(spikes, "exc", 4, {0, 4}, {{0.0, 0.001}});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/idx: expected neuron indices in [0, "
                        "n_neurons = 4), found 4 at position 1"));
}

TEST_F(SpikeInputReader, RefusesNegativeIdx) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    // -1 is NIR's padding only together with an infinite time.
    file.eventGroup(spikes, "exc", 4, {-1}, {{0.002}});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/idx: expected neuron indices in [0, "
                        "n_neurons = 4), found -1 at position 0"));
}

TEST_F(SpikeInputReader, RefusesNegativeTime) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    file.eventGroup(spikes, "exc", 4, {0, 1}, {{0.0, -0.001}});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/time: expected finite times >= 0 [s], "
                        "found -0.001 at position 1"));
}

TEST_F(SpikeInputReader, RefusesNonFiniteTime) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    file.eventGroup(spikes, "exc", 4, {3}, {{std::nan("")}});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/time: expected finite times >= 0 [s], "
                        "found nan at position 0"));
}

TEST_F(SpikeInputReader, RefusesTimeBeyondLastStep) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    file.eventGroup(spikes, "exc", 4, {3}, {{1e7}});
  }
  EXPECT_THAT(readError(), AllOf(HasSubstr("/spikes/exc/time: expected times "
                                           "below 4294967.295 s"),
                                 HasSubstr("found 10000000 at position 0")));
}

TEST_F(SpikeInputReader, RefusesNegativeStep) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    file.eventGroup(spikes, "exc", 4, {3}, std::nullopt, {{-2}});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/step: expected steps in [0, 4294967295], "
                        "found -2 at position 0"));
}

TEST_F(SpikeInputReader, RefusesStepThatDisagreesWithTime) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    file.eventGroup(spikes, "exc", 4, {3}, {{0.003}}, {{30}});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/step: expected step 3 (time 0.003 s at "
                        "dt = 0.001 s), found 30 at position 0; was the file "
                        "recorded with another dt?"));
}

TEST_F(SpikeInputReader, RefusesSeveralSamples) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.group(spikes, "exc");
    FileBuilder::int64Attribute(group, "n_neurons", 4);
    FileBuilder::int64Dataset(group, "idx", {0, 1, 2, 3}, {2, 2});
    FileBuilder::doubleDataset(group, "time", {0, 0, 0, 0}, {2, 2});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/idx: expected one sample, [1][n], found "
                        "[2][2] (NIR's n_samples = 2)"));
}

TEST_F(SpikeInputReader, RefusesScalarDataset) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.group(spikes, "exc");
    FileBuilder::int64Attribute(group, "n_neurons", 4);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t idx = H5Dcreate2(group, "idx", H5T_STD_I64LE, space, H5P_DEFAULT,
                           H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(idx);
    H5Sclose(space);
    FileBuilder::doubleDataset(group, "time", {0.0});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/idx: expected a 1-D array [n] or one "
                        "sample [1][n], found a 0-D dataspace"));
}

// Sizes are checked from the dataspace before anything is allocated: a
// declared 2^29 elements never written keeps the file tiny.
TEST_F(SpikeInputReader, RefusesAbsurdSizeBeforeAllocating) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.group(spikes, "exc");
    FileBuilder::int64Attribute(group, "n_neurons", 4);
    hsize_t huge = hsize_t(1) << 29;
    hid_t space = H5Screate_simple(1, &huge, nullptr);
    hid_t idx = H5Dcreate2(group, "idx", H5T_STD_I64LE, space, H5P_DEFAULT,
                           H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(idx);
    H5Sclose(space);
    FileBuilder::doubleDataset(group, "time", {0.0});
  }
  EXPECT_LT(std::filesystem::file_size(path_), 1u << 20);
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/idx: expected at most 268435456 events "
                        "in the whole file, found a dataset of 536870912 "
                        "elements"));
}

// A filter this HDF5 build does not have (an unregistered id, stored as an
// optional filter so HDF5 lets us write the file) is refused up front.
TEST_F(SpikeInputReader, RefusesUnavailableFilter) {
  const H5Z_filter_t kMissingFilter = 300; // 256..511: for testing.
  ASSERT_LE(H5Zfilter_avail(kMissingFilter), 0);
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.group(spikes, "exc");
    FileBuilder::int64Attribute(group, "n_neurons", 4);
    hid_t creation = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk = 2;
    H5Pset_chunk(creation, 1, &chunk);
    ASSERT_GE(
        H5Pset_filter(creation, kMissingFilter, H5Z_FLAG_OPTIONAL, 0, nullptr),
        0);
    FileBuilder::dataset<int64_t>(group, "idx", H5T_STD_I64LE, H5T_NATIVE_INT64,
                                  {0, 1}, {}, creation);
    H5Pclose(creation);
    FileBuilder::doubleDataset(group, "time", {0.0, 0.001});
  }
  EXPECT_THAT(readError(),
              HasSubstr("/spikes/exc/idx: expected data this HDF5 build can "
                        "decode, found filter 300"));
}

// gzip, what NIR's write_data uses by default, is read.
TEST_F(SpikeInputReader, ReadsGzipCompressedData) {
  {
    FileBuilder file(path_);
    hid_t spikes = file.group(file.root(), "spikes");
    hid_t group = file.group(spikes, "exc");
    FileBuilder::int64Attribute(group, "n_neurons", 4);
    hid_t creation = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk = 2;
    H5Pset_chunk(creation, 1, &chunk);
    H5Pset_deflate(creation, 4);
    FileBuilder::dataset<int64_t>(group, "idx", H5T_STD_I64LE, H5T_NATIVE_INT64,
                                  {3, 1, 2}, {}, creation);
    FileBuilder::dataset<double>(group, "time", H5T_IEEE_F64LE,
                                 H5T_NATIVE_DOUBLE, {0.002, 0.001, 0.0}, {},
                                 creation);
    H5Pclose(creation);
  }
  std::string error;
  auto trains = readSpikeInputHdf5(path_, 1e-3, error);
  ASSERT_TRUE(trains) << error;
  ASSERT_EQ(trains->size(), 1u);
  EXPECT_EQ((*trains)[0].step, (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ((*trains)[0].neuron, (std::vector<uint32_t>{2, 1, 3}));
}

// NIR files hold nested graphs or several event observables per node; both
// are refused rather than guessed at.
TEST_F(SpikeInputReader, RefusesAmbiguousNirNode) {
  {
    FileBuilder file(path_);
    FileBuilder::stringAttribute(file.root(), "__type__", "NIRGraphData");
    hid_t nodes = file.group(file.root(), "nodes");
    hid_t layer = file.group(nodes, "layer");
    FileBuilder::stringAttribute(layer, "__type__", "NIRNodeData");
    hid_t observables = file.group(layer, "observables");
    for (const char *name : {"a", "b"}) {
      hid_t group = file.eventGroup(observables, name, 2, {0}, {{0.0}});
      FileBuilder::stringAttribute(group, "__type__", "EventData");
    }
  }
  EXPECT_THAT(readError(),
              HasSubstr("/nodes/layer/observables: expected one EventData "
                        "observable per node, found 'a' and 'b'"));
}

TEST_F(SpikeInputReader, RefusesNestedNirGraphData) {
  {
    FileBuilder file(path_);
    FileBuilder::stringAttribute(file.root(), "__type__", "NIRGraphData");
    hid_t nodes = file.group(file.root(), "nodes");
    hid_t inner = file.group(nodes, "inner");
    FileBuilder::stringAttribute(inner, "__type__", "NIRGraphData");
  }
  EXPECT_THAT(readError(),
              HasSubstr("/nodes/inner attribute __type__: expected "
                        "'NIRNodeData' (nested NIRGraphData is not read), "
                        "found 'NIRGraphData'"));
}

} // namespace
