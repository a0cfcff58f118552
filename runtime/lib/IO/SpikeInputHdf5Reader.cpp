//===- SpikeInputHdf5Reader.cpp - Input spikes from an untrusted HDF5 file ===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Reads spike trains for `dendron run --input`. The file comes from a user
/// or another tool, so nothing in it is assumed: every link is checked to be
/// a hard link before it is followed (no external files are ever opened),
/// every object's kind, type class, rank and size are checked before data is
/// read, storage that could reach outside the file (external raw data,
/// virtual datasets) and filters this HDF5 build cannot decode are refused,
/// and the total number of events is capped before allocating.
///
/// What this cannot guard against is a bug inside libhdf5 itself. Fuzzing
/// (random byte changes to a written file) crashed or hung HDF5 1.10.8 only
/// in H5HG_read, the global-heap reader behind variable-length strings, which
/// trusts object sizes stored in the file. So variable-length strings are
/// read only where the layout needs them: `__type__` of the root (only when
/// there is no /spikes) and of NIR's node and observable groups. Dendron's
/// own /spikes layout is read without touching the global heap.
///
//===----------------------------------------------------------------------===//

#include "Hdf5Support.h"

#include "dendron/Runtime/RecordingIO.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include <sys/stat.h>

using namespace dendron::rt;
using namespace dendron::rt::io;

namespace {

/// Most members of one group that are looked at.
constexpr hsize_t kMaxGroupMembers = 100000;
/// Longest link name accepted [bytes].
constexpr ssize_t kMaxLinkNameLength = 4096;
/// Longest fixed-length string attribute read [bytes].
constexpr size_t kMaxStringAttributeSize = 4096;
constexpr int64_t kMaxUint32 = std::numeric_limits<uint32_t>::max();

enum class ElementKind { Integer, Float };

std::string describeTypeClass(H5T_class_t typeClass) {
  switch (typeClass) {
  case H5T_INTEGER:
    return "an integer";
  case H5T_FLOAT:
    return "a floating-point";
  case H5T_STRING:
    return "a string";
  case H5T_COMPOUND:
    return "a compound";
  case H5T_ENUM:
    return "an enum";
  case H5T_ARRAY:
    return "an array";
  case H5T_VLEN:
    return "a variable-length";
  case H5T_REFERENCE:
    return "a reference";
  case H5T_OPAQUE:
    return "an opaque";
  case H5T_BITFIELD:
    return "a bitfield";
  case H5T_TIME:
    return "a time";
  default:
    return "an unknown";
  }
}

std::string describeLinkType(H5L_type_t type) {
  switch (type) {
  case H5L_TYPE_SOFT:
    return "a soft link";
  case H5L_TYPE_EXTERNAL:
    return "an external link to another file";
  default:
    return "a user-defined link";
  }
}

std::string describeObjectType(H5I_type_t type) {
  switch (type) {
  case H5I_GROUP:
    return "a group";
  case H5I_DATASET:
    return "a dataset";
  case H5I_DATATYPE:
    return "a named datatype";
  default:
    return "an unknown object";
  }
}

std::string join(const std::string &parent, const std::string &name) {
  return parent == "/" ? "/" + name : parent + "/" + name;
}

/// One event before sorting: (step, neuron).
using Event = std::pair<uint32_t, uint32_t>;

class SpikeInputReader {
public:
  SpikeInputReader(const std::string &path, double dt, std::string &error)
      : path_(path), dt_(dt), error_(error) {}

  std::optional<std::vector<SpikeTrain>> read();

private:
  /// Sets error_ about `object` (a path inside the file) and returns false.
  bool fail(const std::string &object, const std::string &message) {
    error_ = fmt::format("cannot read spike input '{}': {}: {}", path_, object,
                         message);
    return false;
  }
  bool failHdf5(const std::string &object, std::string_view action) {
    return fail(object,
                fmt::format("{} failed: {}", action, takeHdf5ErrorDetail()));
  }

  bool openFile(Hid &file);
  bool listMembers(hid_t group, const std::string &where,
                   std::vector<std::string> &names);
  bool openMember(hid_t parent, const std::string &name,
                  const std::string &where, Hid &object, H5I_type_t &type);
  bool openGroupMember(hid_t parent, const std::string &name,
                       const std::string &where, Hid &group);
  bool readStringAttribute(hid_t object, const char *name,
                           const std::string &where,
                           std::optional<std::string> &value);
  bool readNeuronCount(hid_t group, const std::string &where,
                       uint32_t &numNeurons);
  bool openNumberDataset(hid_t group, const char *name,
                         const std::string &groupWhere, ElementKind kind,
                         Hid &dataset, hsize_t &count);
  bool checkStorage(hid_t dataset, const std::string &where);
  template <typename T>
  bool readAll(hid_t dataset, hid_t memoryType, hsize_t count,
               const std::string &where, std::vector<T> &values);

  bool readEventGroup(hid_t group, const std::string &where,
                      const std::string &trainName,
                      std::vector<SpikeTrain> &trains);
  bool readSpikesGroup(hid_t file, std::vector<SpikeTrain> &trains);
  bool readNirGraphData(hid_t file, std::vector<SpikeTrain> &trains);
  bool readRootGroups(hid_t file, std::vector<SpikeTrain> &trains);

  const std::string &path_;
  double dt_;
  std::string &error_;
  uint64_t eventBudget_ = kMaxSpikeInputEvents;
};

} // namespace

bool SpikeInputReader::openFile(Hid &file) {
  // Look before HDF5 does: a FIFO or device would block or mislead it.
  struct stat info;
  if (::stat(path_.c_str(), &info) != 0) {
    error_ = fmt::format("cannot read spike input '{}': {}", path_,
                         std::strerror(errno));
    return false;
  }
  if (!S_ISREG(info.st_mode)) {
    error_ = fmt::format(
        "cannot read spike input '{}': expected a regular "
        "file, found {}",
        path_, S_ISDIR(info.st_mode) ? "a directory" : "a special file");
    return false;
  }
#if H5_VERSION_GE(1, 12, 0)
  htri_t isHdf5 = H5Fis_accessible(path_.c_str(), H5P_DEFAULT);
#else
  htri_t isHdf5 = H5Fis_hdf5(path_.c_str());
#endif
  if (isHdf5 <= 0) {
    H5Eclear2(H5E_DEFAULT);
    error_ = fmt::format("cannot read spike input '{}': expected an HDF5 "
                         "file, found no HDF5 signature in its {} bytes",
                         path_, uint64_t(info.st_size));
    return false;
  }
  Hid access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (!access || H5Pset_fclose_degree(access.get(), H5F_CLOSE_STRONG) < 0)
    return failHdf5("/", "creating the file access property list");
  file = Hid(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, access.get()), H5Fclose);
  if (!file)
    return failHdf5("/", "opening the file");
  return true;
}

bool SpikeInputReader::listMembers(hid_t group, const std::string &where,
                                   std::vector<std::string> &names) {
  H5G_info_t info;
  if (H5Gget_info(group, &info) < 0)
    return failHdf5(where, "listing the group");
  if (info.nlinks > kMaxGroupMembers)
    return fail(where, fmt::format("expected at most {} members, found {}",
                                   kMaxGroupMembers, info.nlinks));
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    ssize_t length = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC,
                                        i, nullptr, 0, H5P_DEFAULT);
    if (length < 0)
      return failHdf5(where, "reading a member name");
    if (length > kMaxLinkNameLength)
      return fail(where,
                  fmt::format("expected member names of at most {} bytes, "
                              "found one of {} bytes",
                              kMaxLinkNameLength, length));
    std::string name(size_t(length) + 1, '\0');
    if (H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, i,
                           name.data(), name.size(), H5P_DEFAULT) < 0)
      return failHdf5(where, "reading a member name");
    name.resize(size_t(length));
    names.push_back(std::move(name));
  }
  return true;
}

bool SpikeInputReader::openMember(hid_t parent, const std::string &name,
                                  const std::string &where, Hid &object,
                                  H5I_type_t &type) {
  H5L_info_t link;
  if (H5Lget_info(parent, name.c_str(), &link, H5P_DEFAULT) < 0)
    return failHdf5(where, "reading the link");
  if (link.type != H5L_TYPE_HARD)
    return fail(where,
                fmt::format("expected an object stored in this file, found {}; "
                            "links are not followed",
                            describeLinkType(link.type)));
  object = Hid(H5Oopen(parent, name.c_str(), H5P_DEFAULT), H5Oclose);
  if (!object)
    return failHdf5(where, "opening the object");
  type = H5Iget_type(object.get());
  return true;
}

bool SpikeInputReader::openGroupMember(hid_t parent, const std::string &name,
                                       const std::string &where, Hid &group) {
  H5I_type_t type;
  if (!openMember(parent, name, where, group, type))
    return false;
  if (type != H5I_GROUP)
    return fail(where, fmt::format("expected a group, found {}",
                                   describeObjectType(type)));
  return true;
}

bool SpikeInputReader::readStringAttribute(hid_t object, const char *name,
                                           const std::string &where,
                                           std::optional<std::string> &value) {
  value.reset();
  std::string attributeWhere = fmt::format("{} attribute {}", where, name);
  htri_t exists = H5Aexists(object, name);
  if (exists < 0)
    return failHdf5(attributeWhere, "looking up the attribute");
  if (exists == 0)
    return true;
  Hid attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
  if (!attribute)
    return failHdf5(attributeWhere, "opening the attribute");
  Hid type(H5Aget_type(attribute.get()), H5Tclose);
  Hid space(H5Aget_space(attribute.get()), H5Sclose);
  if (!type || !space)
    return failHdf5(attributeWhere, "reading the attribute's type");
  H5T_class_t typeClass = H5Tget_class(type.get());
  if (typeClass != H5T_STRING)
    return fail(attributeWhere, fmt::format("expected a string, found {} value",
                                            describeTypeClass(typeClass)));
  hssize_t points = H5Sget_simple_extent_npoints(space.get());
  if (points != 1)
    return fail(attributeWhere,
                fmt::format("expected one string, found {}", points));

  Hid memoryType(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!memoryType)
    return failHdf5(attributeWhere, "creating a string type");
  H5Tset_cset(memoryType.get(), H5Tget_cset(type.get()));
  if (H5Tis_variable_str(type.get()) > 0) {
    H5Tset_size(memoryType.get(), H5T_VARIABLE);
    char *text = nullptr;
    if (H5Aread(attribute.get(), memoryType.get(), &text) < 0)
      return failHdf5(attributeWhere, "reading the attribute");
    value = std::string(text ? text : "");
    H5free_memory(text);
    return true;
  }
  size_t size = H5Tget_size(type.get());
  if (size == 0 || size > kMaxStringAttributeSize)
    return fail(attributeWhere,
                fmt::format("expected a string of at most {} bytes, found {}",
                            kMaxStringAttributeSize, size));
  std::string buffer(size + 1, '\0');
  H5Tset_size(memoryType.get(), size + 1);
  H5Tset_strpad(memoryType.get(), H5T_STR_NULLTERM);
  if (H5Aread(attribute.get(), memoryType.get(), buffer.data()) < 0)
    return failHdf5(attributeWhere, "reading the attribute");
  buffer.resize(std::strlen(buffer.c_str()));
  while (!buffer.empty() && buffer.back() == ' ')
    buffer.pop_back(); // space-padded strings.
  value = std::move(buffer);
  return true;
}

bool SpikeInputReader::readNeuronCount(hid_t group, const std::string &where,
                                       uint32_t &numNeurons) {
  std::string attributeWhere = where + " attribute n_neurons";
  htri_t exists = H5Aexists(group, "n_neurons");
  if (exists < 0)
    return failHdf5(attributeWhere, "looking up the attribute");
  if (exists == 0)
    return fail(where, "expected an integer attribute n_neurons (the "
                       "population size, as in NIR's EventData), found none");
  Hid attribute(H5Aopen(group, "n_neurons", H5P_DEFAULT), H5Aclose);
  if (!attribute)
    return failHdf5(attributeWhere, "opening the attribute");
  Hid type(H5Aget_type(attribute.get()), H5Tclose);
  Hid space(H5Aget_space(attribute.get()), H5Sclose);
  if (!type || !space)
    return failHdf5(attributeWhere, "reading the attribute's type");
  H5T_class_t typeClass = H5Tget_class(type.get());
  if (typeClass != H5T_INTEGER)
    return fail(attributeWhere, fmt::format("expected an integer, found {} "
                                            "value",
                                            describeTypeClass(typeClass)));
  hssize_t points = H5Sget_simple_extent_npoints(space.get());
  if (points != 1)
    return fail(attributeWhere,
                fmt::format("expected one integer, found {}", points));
  int64_t value = 0;
  if (H5Aread(attribute.get(), H5T_NATIVE_INT64, &value) < 0)
    return failHdf5(attributeWhere, "reading the attribute");
  if (value < 0 || value > kMaxUint32)
    return fail(attributeWhere,
                fmt::format("expected a population size in [0, {}], found {}",
                            kMaxUint32, value));
  numNeurons = uint32_t(value);
  return true;
}

bool SpikeInputReader::checkStorage(hid_t dataset, const std::string &where) {
  Hid creation(H5Dget_create_plist(dataset), H5Pclose);
  if (!creation)
    return failHdf5(where, "reading the dataset's creation properties");
  if (H5Pget_layout(creation.get()) == H5D_VIRTUAL)
    return fail(where, "expected data stored in this file, found a virtual "
                       "dataset (it maps other datasets or files)");
  int externalFiles = H5Pget_external_count(creation.get());
  if (externalFiles != 0)
    return fail(where, fmt::format("expected data stored in this file, found "
                                   "data in {} external raw file(s)",
                                   externalFiles));
  int filters = H5Pget_nfilters(creation.get());
  if (filters < 0)
    return failHdf5(where, "reading the dataset's filters");
  for (int i = 0; i < filters; ++i) {
    unsigned flags = 0, filterConfig = 0;
    size_t valueCount = 0;
    char name[256] = {0};
    H5Z_filter_t filter =
        H5Pget_filter2(creation.get(), unsigned(i), &flags, &valueCount,
                       nullptr, sizeof(name), name, &filterConfig);
    if (filter < 0)
      return failHdf5(where, "reading the dataset's filters");
    unsigned libraryConfig = 0;
    bool canDecode = H5Zfilter_avail(filter) > 0 &&
                     H5Zget_filter_info(filter, &libraryConfig) >= 0 &&
                     (libraryConfig & H5Z_FILTER_CONFIG_DECODE_ENABLED);
    H5Eclear2(H5E_DEFAULT);
    if (!canDecode)
      return fail(where,
                  fmt::format("expected data this HDF5 build can decode, "
                              "found filter {} ('{}') which it lacks; rewrite "
                              "the file without it, e.g. h5repack -f NONE",
                              int(filter), name));
  }
  return true;
}

bool SpikeInputReader::openNumberDataset(hid_t group, const char *name,
                                         const std::string &groupWhere,
                                         ElementKind kind, Hid &dataset,
                                         hsize_t &count) {
  std::string where = join(groupWhere, name);
  H5I_type_t objectType;
  if (!openMember(group, name, where, dataset, objectType))
    return false;
  if (objectType != H5I_DATASET)
    return fail(where, fmt::format("expected a dataset, found {}",
                                   describeObjectType(objectType)));

  Hid type(H5Dget_type(dataset.get()), H5Tclose);
  if (!type)
    return failHdf5(where, "reading the dataset's type");
  H5T_class_t typeClass = H5Tget_class(type.get());
  H5T_class_t expectedClass =
      kind == ElementKind::Integer ? H5T_INTEGER : H5T_FLOAT;
  if (typeClass != expectedClass)
    return fail(where, fmt::format("expected {} dataset, found {} dataset",
                                   describeTypeClass(expectedClass),
                                   describeTypeClass(typeClass)));

  Hid space(H5Dget_space(dataset.get()), H5Sclose);
  if (!space)
    return failHdf5(where, "reading the dataset's shape");
  int rank = H5Sget_simple_extent_ndims(space.get());
  hsize_t dims[H5S_MAX_RANK] = {0};
  if (H5Sget_simple_extent_type(space.get()) != H5S_SIMPLE || rank < 1 ||
      rank > 2 || H5Sget_simple_extent_dims(space.get(), dims, nullptr) < 0)
    return fail(where, fmt::format("expected a 1-D array [n] or one sample "
                                   "[1][n], found a {}-D dataspace",
                                   std::max(rank, 0)));
  if (rank == 2 && dims[0] != 1)
    return fail(where, fmt::format("expected one sample, [1][n], found "
                                   "[{}][{}] (NIR's n_samples = {}); split "
                                   "the samples into separate files",
                                   dims[0], dims[1], dims[0]));
  count = dims[rank - 1];
  if (count > eventBudget_)
    return fail(where,
                fmt::format("expected at most {} events in the whole file, "
                            "found a dataset of {} elements",
                            kMaxSpikeInputEvents, count));
  return checkStorage(dataset.get(), where);
}

template <typename T>
bool SpikeInputReader::readAll(hid_t dataset, hid_t memoryType, hsize_t count,
                               const std::string &where,
                               std::vector<T> &values) {
  values.assign(size_t(count), T());
  if (count > 0 && H5Dread(dataset, memoryType, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                           values.data()) < 0)
    return failHdf5(where, "reading the data");
  return true;
}

bool SpikeInputReader::readEventGroup(hid_t group, const std::string &where,
                                      const std::string &trainName,
                                      std::vector<SpikeTrain> &trains) {
  uint32_t numNeurons = 0;
  if (!readNeuronCount(group, where, numNeurons))
    return false;

  auto hasMember = [&](const char *name, bool &present) {
    htri_t exists = H5Lexists(group, name, H5P_DEFAULT);
    if (exists < 0)
      return failHdf5(join(where, name), "looking up the dataset");
    present = exists > 0;
    return true;
  };
  bool hasIdx = false, hasTime = false, hasStep = false;
  if (!hasMember("idx", hasIdx) || !hasMember("time", hasTime) ||
      !hasMember("step", hasStep))
    return false;
  if (!hasIdx)
    return fail(where, "expected a dataset idx (neuron indices), found none");
  if (!hasTime && !hasStep)
    return fail(where, "expected a dataset time (seconds) or step "
                       "(timesteps), found neither");

  Hid idxSet, timeSet, stepSet;
  hsize_t count = 0, timeCount = 0, stepCount = 0;
  if (!openNumberDataset(group, "idx", where, ElementKind::Integer, idxSet,
                         count))
    return false;
  if (hasTime && !openNumberDataset(group, "time", where, ElementKind::Float,
                                    timeSet, timeCount))
    return false;
  if (hasStep && !openNumberDataset(group, "step", where, ElementKind::Integer,
                                    stepSet, stepCount))
    return false;
  if (hasTime && timeCount != count)
    return fail(join(where, "time"),
                fmt::format("expected one time per index ({} in idx), found {}",
                            count, timeCount));
  if (hasStep && stepCount != count)
    return fail(join(where, "step"),
                fmt::format("expected one step per index ({} in idx), found {}",
                            count, stepCount));

  std::vector<int64_t> idx, steps;
  std::vector<double> times;
  if (!readAll(idxSet.get(), H5T_NATIVE_INT64, count, join(where, "idx"),
               idx) ||
      (hasTime && !readAll(timeSet.get(), H5T_NATIVE_DOUBLE, count,
                           join(where, "time"), times)) ||
      (hasStep && !readAll(stepSet.get(), H5T_NATIVE_INT64, count,
                           join(where, "step"), steps)))
    return false;
  eventBudget_ -= count;

  std::vector<Event> events;
  events.reserve(size_t(count));
  for (size_t i = 0; i < size_t(count); ++i) {
    // NIR pads the event arrays of shorter samples with idx -1, time +inf.
    if (hasTime && idx[i] == -1 && times[i] == HUGE_VAL)
      continue;
    if (idx[i] < 0 || idx[i] >= int64_t(numNeurons))
      return fail(join(where, "idx"),
                  fmt::format("expected neuron indices in [0, n_neurons = {}), "
                              "found {} at position {}",
                              numNeurons, idx[i], i));
    int64_t step = 0;
    if (hasTime) {
      double time = times[i];
      if (!std::isfinite(time) || time < 0.0)
        return fail(join(where, "time"),
                    fmt::format("expected finite times >= 0 [s], found {} at "
                                "position {}",
                                time, i));
      double exactStep = time / dt_;
      if (exactStep >= double(kMaxUint32) + 0.5)
        return fail(join(where, "time"),
                    fmt::format("expected times below {} s (2^32 steps of "
                                "{} s), found {} at position {}",
                                double(kMaxUint32) * dt_, dt_, time, i));
      step = std::llround(exactStep);
    }
    if (hasStep) {
      int64_t stored = steps[i];
      if (stored < 0 || stored > kMaxUint32)
        return fail(join(where, "step"),
                    fmt::format("expected steps in [0, {}], found {} at "
                                "position {}",
                                kMaxUint32, stored, i));
      if (hasTime && stored != step)
        return fail(join(where, "step"),
                    fmt::format("expected step {} (time {} s at dt = {} s), "
                                "found {} at position {}; was the file "
                                "recorded with another dt?",
                                step, times[i], dt_, stored, i));
      step = stored;
    }
    events.emplace_back(uint32_t(step), uint32_t(idx[i]));
  }
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());

  SpikeTrain train;
  train.name = trainName;
  train.numNeurons = numNeurons;
  train.neuron.reserve(events.size());
  train.step.reserve(events.size());
  for (const Event &event : events) {
    train.step.push_back(event.first);
    train.neuron.push_back(event.second);
  }
  trains.push_back(std::move(train));
  return true;
}

bool SpikeInputReader::readSpikesGroup(hid_t file,
                                       std::vector<SpikeTrain> &trains) {
  Hid spikes;
  std::vector<std::string> names;
  if (!openGroupMember(file, "spikes", "/spikes", spikes) ||
      !listMembers(spikes.get(), "/spikes", names))
    return false;
  for (const std::string &name : names) {
    std::string where = join("/spikes", name);
    // __type__ is deliberately not read here: see the file comment.
    Hid group;
    if (!openGroupMember(spikes.get(), name, where, group) ||
        !readEventGroup(group.get(), where, name, trains))
      return false;
  }
  return true;
}

bool SpikeInputReader::readNirGraphData(hid_t file,
                                        std::vector<SpikeTrain> &trains) {
  Hid nodes;
  std::vector<std::string> nodeNames;
  if (!openGroupMember(file, "nodes", "/nodes", nodes) ||
      !listMembers(nodes.get(), "/nodes", nodeNames))
    return false;
  for (const std::string &nodeName : nodeNames) {
    std::string nodeWhere = join("/nodes", nodeName);
    Hid node;
    std::optional<std::string> nodeType;
    if (!openGroupMember(nodes.get(), nodeName, nodeWhere, node) ||
        !readStringAttribute(node.get(), "__type__", nodeWhere, nodeType))
      return false;
    if (nodeType != std::optional<std::string>("NIRNodeData"))
      return fail(nodeWhere + " attribute __type__",
                  fmt::format("expected 'NIRNodeData' (nested NIRGraphData "
                              "is not read), found {}",
                              nodeType ? "'" + *nodeType + "'" : "none"));

    std::string observablesWhere = nodeWhere + "/observables";
    Hid observables;
    std::vector<std::string> observableNames;
    if (!openGroupMember(node.get(), "observables", observablesWhere,
                         observables) ||
        !listMembers(observables.get(), observablesWhere, observableNames))
      return false;
    std::optional<std::string> eventObservable;
    for (const std::string &observableName : observableNames) {
      std::string where = join(observablesWhere, observableName);
      Hid observable;
      std::optional<std::string> type;
      if (!openGroupMember(observables.get(), observableName, where,
                           observable) ||
          !readStringAttribute(observable.get(), "__type__", where, type))
        return false;
      if (type == std::optional<std::string>("TimeGriddedData"))
        continue; // Sampled values, not spikes.
      if (type != std::optional<std::string>("EventData") &&
          type != std::optional<std::string>("ValuedEventData"))
        return fail(where + " attribute __type__",
                    fmt::format("expected 'EventData' or 'TimeGriddedData', "
                                "found {}",
                                type ? "'" + *type + "'" : "none"));
      if (eventObservable)
        return fail(observablesWhere,
                    fmt::format("expected one EventData observable per node, "
                                "found '{}' and '{}'",
                                *eventObservable, observableName));
      eventObservable = observableName;
      if (!readEventGroup(observable.get(), where, nodeName, trains))
        return false;
    }
  }
  return true;
}

bool SpikeInputReader::readRootGroups(hid_t file,
                                      std::vector<SpikeTrain> &trains) {
  std::vector<std::string> names;
  if (!listMembers(file, "/", names))
    return false;
  for (const std::string &name : names) {
    std::string where = join("/", name);
    Hid object;
    H5I_type_t type;
    if (!openMember(file, name, where, object, type))
      return false;
    if (type == H5I_GROUP && !readEventGroup(object.get(), where, name, trains))
      return false;
  }
  if (trains.empty())
    return fail("/", "expected spike groups (/spikes/<name>, NIR EventData "
                     "under /nodes, or groups at the root, each with idx and "
                     "time or step), found none");
  return true;
}

std::optional<std::vector<SpikeTrain>> SpikeInputReader::read() {
  if (!std::isfinite(dt_) || dt_ <= 0.0) {
    error_ = fmt::format("cannot read spike input '{}': expected a positive "
                         "timestep dt, found {}",
                         path_, dt_);
    return std::nullopt;
  }
  Hdf5ErrorSilencer silencer;
  Hid file;
  if (!openFile(file))
    return std::nullopt;

  std::vector<SpikeTrain> trains;
  htri_t hasSpikes = H5Lexists(file.get(), "spikes", H5P_DEFAULT);
  if (hasSpikes < 0) {
    failHdf5("/spikes", "looking up the group");
    return std::nullopt;
  }
  std::optional<std::string> rootType;
  if (hasSpikes == 0 &&
      !readStringAttribute(file.get(), "__type__", "/", rootType))
    return std::nullopt;

  bool ok = hasSpikes > 0 ? readSpikesGroup(file.get(), trains)
            : rootType == std::optional<std::string>("NIRGraphData")
                ? readNirGraphData(file.get(), trains)
                : readRootGroups(file.get(), trains);
  if (!ok)
    return std::nullopt;
  return trains;
}

std::optional<std::vector<SpikeTrain>>
dendron::rt::readSpikeInputHdf5(const std::string &path, double dt,
                                std::string &error) {
  return SpikeInputReader(path, dt, error).read();
}
