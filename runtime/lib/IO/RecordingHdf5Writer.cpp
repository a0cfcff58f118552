//===- RecordingHdf5Writer.cpp - Recording to a NIR-compatible HDF5 file --===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Writes the layout documented in RecordingIO.h. Byte-identical output for
/// identical input comes from three settings: object timestamps off
/// (H5Pset_obj_track_times on the file, group and dataset creation lists),
/// library format bounds fixed to 1.8 (so a newer HDF5 does not pick newer
/// object formats), and explicit little-endian file types.
///
//===----------------------------------------------------------------------===//

#include "AtomicFile.h"
#include "Hdf5Support.h"
#include "RecordingChecks.h"

#include "dendron/Runtime/RecordingIO.h"

#include <fmt/format.h>

#include <initializer_list>
#include <map>

using namespace dendron::rt;
using namespace dendron::rt::io;

namespace {

/// Bumped whenever the layout changes incompatibly.
constexpr int64_t kFormatVersion = 1;

class RecordingHdf5Writer {
public:
  RecordingHdf5Writer(const std::string &path, std::string &error)
      : path_(path), error_(error) {}

  /// Writes `recording` into a new file at `filePath` (the temporary file).
  bool write(const Recording &recording, const std::string &filePath);

private:
  /// Sets error_ for a failed HDF5 call on `object` and returns false.
  bool fail(std::string_view action, const std::string &object) {
    error_ = fmt::format("cannot write '{}': {} {} failed: {}", path_, action,
                         object, takeHdf5ErrorDetail());
    return false;
  }

  bool makePropertyLists();
  Hid createGroup(hid_t parent, const std::string &name,
                  const std::string &object);
  bool writeAttribute(hid_t object, const char *name, hid_t fileType,
                      hid_t memoryType, const void *value,
                      const std::string &where);
  bool writeStringAttribute(hid_t object, const char *name,
                            const std::string &value, const std::string &where);
  bool writeInt64Attribute(hid_t object, const char *name, int64_t value,
                           const std::string &where) {
    return writeAttribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value,
                          where);
  }
  bool writeDoubleAttribute(hid_t object, const char *name, double value,
                            const std::string &where) {
    return writeAttribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          &value, where);
  }
  bool writeDataset(hid_t parent, const char *name,
                    std::initializer_list<hsize_t> dims, hid_t fileType,
                    hid_t memoryType, const void *data,
                    const std::string &object);

  bool writeSpikeTrain(const Recording &recording, const SpikeTrain &train,
                       hid_t spikesGroup, hid_t nodesGroup);
  bool writeTrace(const Recording &recording, const Trace &trace,
                  hid_t traceGroup);
  bool writeWeights(const WeightSnapshot &snapshot, hid_t weightsGroup);

  const std::string &path_;
  std::string &error_;
  Hid fileCreation_, fileAccess_, groupCreation_, datasetCreation_,
      linkCreation_, stringType_;
};

} // namespace

bool RecordingHdf5Writer::makePropertyLists() {
  fileCreation_ = Hid(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  fileAccess_ = Hid(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  groupCreation_ = Hid(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
  datasetCreation_ = Hid(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  linkCreation_ = Hid(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  stringType_ = Hid(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!fileCreation_ || !fileAccess_ || !groupCreation_ || !datasetCreation_ ||
      !linkCreation_ || !stringType_)
    return fail("creating", "the HDF5 property lists");
  // The root group takes its object settings from the file creation list.
  bool ok = H5Pset_obj_track_times(fileCreation_.get(), false) >= 0 &&
            H5Pset_obj_track_times(groupCreation_.get(), false) >= 0 &&
            H5Pset_obj_track_times(datasetCreation_.get(), false) >= 0 &&
            H5Pset_libver_bounds(fileAccess_.get(), H5F_LIBVER_V18,
                                 H5F_LIBVER_V18) >= 0 &&
            H5Pset_fclose_degree(fileAccess_.get(), H5F_CLOSE_STRONG) >= 0 &&
            // h5py marks link names as UTF-8; so do we.
            H5Pset_char_encoding(linkCreation_.get(), H5T_CSET_UTF8) >= 0 &&
            // What h5py writes for a Python str: variable-length UTF-8.
            H5Tset_size(stringType_.get(), H5T_VARIABLE) >= 0 &&
            H5Tset_cset(stringType_.get(), H5T_CSET_UTF8) >= 0 &&
            H5Tset_strpad(stringType_.get(), H5T_STR_NULLTERM) >= 0;
  return ok || fail("configuring", "the HDF5 property lists");
}

Hid RecordingHdf5Writer::createGroup(hid_t parent, const std::string &name,
                                     const std::string &object) {
  Hid group(H5Gcreate2(parent, name.c_str(), linkCreation_.get(),
                       groupCreation_.get(), H5P_DEFAULT),
            H5Gclose);
  if (!group)
    fail("creating group", object);
  return group;
}

bool RecordingHdf5Writer::writeAttribute(hid_t object, const char *name,
                                         hid_t fileType, hid_t memoryType,
                                         const void *value,
                                         const std::string &where) {
  std::string attribute = fmt::format("attribute {} of {}", name, where);
  Hid space(H5Screate(H5S_SCALAR), H5Sclose);
  if (!space)
    return fail("creating the dataspace of", attribute);
  Hid handle(
      H5Acreate2(object, name, fileType, space.get(), H5P_DEFAULT, H5P_DEFAULT),
      H5Aclose);
  if (!handle)
    return fail("creating", attribute);
  if (H5Awrite(handle.get(), memoryType, value) < 0)
    return fail("writing", attribute);
  return true;
}

bool RecordingHdf5Writer::writeStringAttribute(hid_t object, const char *name,
                                               const std::string &value,
                                               const std::string &where) {
  const char *text = value.c_str();
  return writeAttribute(object, name, stringType_.get(), stringType_.get(),
                        &text, where);
}

bool RecordingHdf5Writer::writeDataset(hid_t parent, const char *name,
                                       std::initializer_list<hsize_t> dims,
                                       hid_t fileType, hid_t memoryType,
                                       const void *data,
                                       const std::string &object) {
  Hid space(H5Screate_simple(int(dims.size()), dims.begin(), nullptr),
            H5Sclose);
  if (!space)
    return fail("creating the dataspace of", object);
  Hid dataset(H5Dcreate2(parent, name, fileType, space.get(),
                         linkCreation_.get(), datasetCreation_.get(),
                         H5P_DEFAULT),
              H5Dclose);
  if (!dataset)
    return fail("creating dataset", object);
  hsize_t count = 1;
  for (hsize_t dim : dims)
    count *= dim;
  if (count > 0 && H5Dwrite(dataset.get(), memoryType, H5S_ALL, H5S_ALL,
                            H5P_DEFAULT, data) < 0)
    return fail("writing dataset", object);
  return true;
}

bool RecordingHdf5Writer::writeSpikeTrain(const Recording &recording,
                                          const SpikeTrain &train,
                                          hid_t spikesGroup, hid_t nodesGroup) {
  std::string where = "/spikes/" + train.name;
  Hid group = createGroup(spikesGroup, train.name, where);
  if (!group)
    return false;
  if (!writeStringAttribute(group.get(), "__type__", "EventData", where) ||
      !writeInt64Attribute(group.get(), "n_neurons", train.numNeurons, where) ||
      !writeDoubleAttribute(group.get(), "t_max",
                            double(recording.numSteps) * recording.dt, where))
    return false;

  std::vector<size_t> order = spikeOrder(train);
  std::vector<int64_t> idx, step;
  std::vector<double> time;
  idx.reserve(order.size());
  step.reserve(order.size());
  time.reserve(order.size());
  for (size_t i : order) {
    idx.push_back(train.neuron[i]);
    step.push_back(train.step[i]);
    time.push_back(double(train.step[i]) * recording.dt);
  }
  // [1][n]: one sample of NIR's (n_samples, n_events).
  hsize_t n = order.size();
  if (!writeDataset(group.get(), "idx", {1, n}, H5T_STD_I64LE, H5T_NATIVE_INT64,
                    idx.data(), where + "/idx") ||
      !writeDataset(group.get(), "time", {1, n}, H5T_IEEE_F64LE,
                    H5T_NATIVE_DOUBLE, time.data(), where + "/time") ||
      !writeDataset(group.get(), "step", {1, n}, H5T_STD_I64LE,
                    H5T_NATIVE_INT64, step.data(), where + "/step"))
    return false;

  // NIR's view of the same data: /nodes/<name>/observables/spikes.
  std::string nodeWhere = "/nodes/" + train.name;
  Hid node = createGroup(nodesGroup, train.name, nodeWhere);
  if (!node ||
      !writeStringAttribute(node.get(), "__type__", "NIRNodeData", nodeWhere))
    return false;
  Hid observables =
      createGroup(node.get(), "observables", nodeWhere + "/observables");
  if (!observables)
    return false;
  if (H5Lcreate_hard(group.get(), ".", observables.get(), "spikes",
                     linkCreation_.get(), H5P_DEFAULT) < 0)
    return fail("linking " + where + " as", nodeWhere + "/observables/spikes");
  return true;
}

bool RecordingHdf5Writer::writeTrace(const Recording &recording,
                                     const Trace &trace, hid_t traceGroup) {
  std::string object = fmt::format("/traces/{}/{}", trace.name, trace.variable);
  if (!writeDataset(traceGroup, trace.variable.c_str(),
                    {hsize_t(recording.numSteps), hsize_t(trace.width)},
                    H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, trace.values.data(),
                    object))
    return false;
  Hid dataset(H5Dopen2(traceGroup, trace.variable.c_str(), H5P_DEFAULT),
              H5Dclose);
  if (!dataset)
    return fail("reopening dataset", object);
  return writeDoubleAttribute(dataset.get(), "dt", recording.dt, object);
}

bool RecordingHdf5Writer::writeWeights(const WeightSnapshot &snapshot,
                                       hid_t weightsGroup) {
  std::string name = std::to_string(snapshot.projection);
  std::string where = "/weights/" + name;
  Hid group = createGroup(weightsGroup, name, where);
  if (!group || !writeInt64Attribute(group.get(), "projection",
                                     snapshot.projection, where))
    return false;
  std::vector<int64_t> pre(snapshot.pre.begin(), snapshot.pre.end());
  std::vector<int64_t> post(snapshot.post.begin(), snapshot.post.end());
  hsize_t n = snapshot.weight.size();
  return writeDataset(group.get(), "pre", {n}, H5T_STD_I64LE, H5T_NATIVE_INT64,
                      pre.data(), where + "/pre") &&
         writeDataset(group.get(), "post", {n}, H5T_STD_I64LE, H5T_NATIVE_INT64,
                      post.data(), where + "/post") &&
         writeDataset(group.get(), "weight", {n}, H5T_IEEE_F64LE,
                      H5T_NATIVE_DOUBLE, snapshot.weight.data(),
                      where + "/weight");
}

bool RecordingHdf5Writer::write(const Recording &recording,
                                const std::string &filePath) {
  if (!makePropertyLists())
    return false;
  Hid file(H5Fcreate(filePath.c_str(), H5F_ACC_TRUNC, fileCreation_.get(),
                     fileAccess_.get()),
           H5Fclose);
  if (!file)
    return fail("creating HDF5 file", "'" + filePath + "'");
  {
    hid_t root = file.get();
    if (!writeStringAttribute(root, "__type__", "NIRGraphData", "/") ||
        !writeStringAttribute(root, "generator", "dendron", "/") ||
        !writeInt64Attribute(root, "format_version", kFormatVersion, "/") ||
        !writeDoubleAttribute(root, "dt", recording.dt, "/") ||
        !writeInt64Attribute(root, "num_steps", recording.numSteps, "/"))
      return false;

    Hid spikes = createGroup(root, "spikes", "/spikes");
    Hid nodes = createGroup(root, "nodes", "/nodes");
    Hid traces = createGroup(root, "traces", "/traces");
    Hid weights = createGroup(root, "weights", "/weights");
    if (!spikes || !nodes || !traces || !weights)
      return false;
    for (const SpikeTrain &train : recording.spikes)
      if (!writeSpikeTrain(recording, train, spikes.get(), nodes.get()))
        return false;

    std::map<std::string, Hid> traceGroups;
    for (const Trace &trace : recording.traces) {
      auto it = traceGroups.find(trace.name);
      if (it == traceGroups.end()) {
        Hid group =
            createGroup(traces.get(), trace.name, "/traces/" + trace.name);
        if (!group)
          return false;
        it = traceGroups.emplace(trace.name, std::move(group)).first;
      }
      if (!writeTrace(recording, trace, it->second.get()))
        return false;
    }
    for (const WeightSnapshot &snapshot : recording.weights)
      if (!writeWeights(snapshot, weights.get()))
        return false;
  }
  if (!file.close())
    return fail("closing (flushing) HDF5 file", "'" + filePath + "'");
  return true;
}

bool dendron::rt::writeRecordingHdf5(const Recording &recording,
                                     const std::string &path,
                                     std::string &error) {
  if (!checkRecording(recording, path, error))
    return false;
  Hdf5ErrorSilencer silencer;
  std::unique_ptr<AtomicFile> output = AtomicFile::create(path, error);
  if (!output)
    return false;
  output->releaseDescriptor();
  RecordingHdf5Writer writer(path, error);
  if (!writer.write(recording, output->tempPath()))
    return false;
  return output->commit(error);
}
