//===- NirReader.cpp - Read NIR HDF5 files into plain structs -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// Every HDF5 object is checked before its data is touched: link kind (hard
// links only), object kind, filters, storage layout, rank, dimensions, the
// element count against the remaining byte budget, and for variable-length
// strings the buffer size HDF5 would need. Only then is the data read.
//
//===----------------------------------------------------------------------===//

#include "dendron/Target/NIR/NirReader.h"

#include "Hdf5Handle.h"
#include "dendron/Runtime/Isolate.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <variant>

using namespace dendron::nir;
namespace rt = dendron::rt;
using namespace dendron::nir::detail;

int64_t NirParam::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

const char *NirParam::kindName() const {
  switch (kind) {
  case Kind::Float32:
    return "float32";
  case Kind::Float64:
    return "float64";
  case Kind::Int64:
    return "int64";
  case Kind::String:
    return "string";
  }
  return "?";
}

const NirNode *NirGraph::find(const std::string &name) const {
  auto it = std::lower_bound(nodes.begin(), nodes.end(), name,
                             [](const NirNode &node, const std::string &key) {
                               return node.name < key;
                             });
  return it != nodes.end() && it->name == name ? &*it : nullptr;
}

namespace {

/// What a node type requires: each field, whether it must be present, and
/// what it holds.
enum class FieldKind { Float, Int, IntOrString };
struct FieldSpec {
  const char *name;
  bool required;
  FieldKind kind;
};
struct NodeSpec {
  const char *type;
  std::vector<FieldSpec> fields;
};

const std::vector<NodeSpec> &nodeSpecs() {
  using F = FieldKind;
  static const std::vector<NodeSpec> specs = {
      {"Input", {{"shape", true, F::Int}}},
      {"Output", {{"shape", false, F::Int}}},
      {"LIF",
       {{"tau", true, F::Float},
        {"r", true, F::Float},
        {"v_leak", true, F::Float},
        {"v_threshold", true, F::Float},
        {"v_reset", false, F::Float}}},
      {"LI",
       {{"tau", true, F::Float},
        {"r", true, F::Float},
        {"v_leak", true, F::Float}}},
      {"IF",
       {{"r", true, F::Float},
        {"v_threshold", true, F::Float},
        {"v_reset", false, F::Float}}},
      {"I", {{"r", true, F::Float}}},
      {"CubaLIF",
       {{"tau_syn", true, F::Float},
        {"tau_mem", true, F::Float},
        {"r", true, F::Float},
        {"v_leak", true, F::Float},
        {"v_threshold", true, F::Float},
        {"v_reset", false, F::Float},
        {"w_in", false, F::Float}}},
      {"CubaLI",
       {{"tau_syn", true, F::Float},
        {"tau_mem", true, F::Float},
        {"r", true, F::Float},
        {"v_leak", true, F::Float},
        {"w_in", false, F::Float}}},
      {"Affine", {{"weight", true, F::Float}, {"bias", false, F::Float}}},
      {"Linear", {{"weight", true, F::Float}}},
      {"Scale", {{"scale", true, F::Float}}},
      {"Threshold", {{"threshold", true, F::Float}}},
      {"Delay", {{"delay", true, F::Float}}},
      {"Conv1d",
       {{"weight", true, F::Float},
        {"stride", true, F::Int},
        {"padding", true, F::IntOrString},
        {"dilation", true, F::Int},
        {"groups", true, F::Int},
        {"bias", false, F::Float},
        {"input_shape", false, F::Int}}},
      {"Conv2d",
       {{"weight", true, F::Float},
        {"stride", true, F::Int},
        {"padding", true, F::IntOrString},
        {"dilation", true, F::Int},
        {"groups", true, F::Int},
        {"bias", false, F::Float},
        {"input_shape", false, F::Int}}},
      {"SumPool2d",
       {{"kernel_size", true, F::Int},
        {"stride", true, F::Int},
        {"padding", true, F::Int}}},
      {"AvgPool2d",
       {{"kernel_size", true, F::Int},
        {"stride", true, F::Int},
        {"padding", true, F::Int}}},
      {"Flatten",
       {{"start_dim", true, F::Int},
        {"end_dim", true, F::Int},
        {"input_type", false, F::Int}}},
      {"NIRGraph", {}},
  };
  return specs;
}

const NodeSpec *findSpec(const std::string &type) {
  for (const NodeSpec &spec : nodeSpecs())
    if (type == spec.type)
      return &spec;
  return nullptr;
}

std::string join(const std::string &path, const std::string &name) {
  return path == "/" ? "/" + name : path + "/" + name;
}

/// Printable form of a name taken from the file (control bytes escaped,
/// long names cut).
std::string printable(const std::string &text) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < 200; ++i) {
    unsigned char c = text[i];
    if (c < 0x20 || c == 0x7f) {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\x%02x", c);
      out += buffer;
    } else {
      out += char(c);
    }
  }
  if (text.size() > 200)
    out += "...";
  return out;
}

class Reader {
public:
  Reader(std::string file, const NirReadLimits &limits, std::string &error)
      : file(std::move(file)), limits(limits), error(error) {}

  std::optional<NirFile> read(hid_t fapl, const std::string &openName);

private:
  bool fail(const std::string &path, const std::string &message) {
    // Deeply nested paths are cut in the middle to keep one readable line.
    std::string shown = path.size() <= 160 ? path
                                           : path.substr(0, 60) + "/.../" +
                                                 path.substr(path.size() - 80);
    error = file + ": " + shown + ": " + message;
    return false;
  }
  bool failHdf5(const std::string &path, const std::string &what) {
    return fail(path, what + " (HDF5: " + takeHdf5Detail() + ")");
  }
  bool charge(const std::string &path, uint64_t bytes) {
    if (bytes > limits.maxTotalBytes - used)
      return fail(path, "expected at most " +
                            std::to_string(limits.maxTotalBytes) +
                            " bytes of parameter data in the file, found " +
                            std::to_string(bytes) + " more bytes here after " +
                            std::to_string(used));
    used += bytes;
    return true;
  }

  struct Member {
    std::string name;
    H5L_type_t type;
  };
  bool listMembers(hid_t group, const std::string &path,
                   std::vector<Member> &members);
  /// Opens `name` in `loc` (a hard link) and says whether it is a group.
  bool openMember(hid_t loc, const Member &member, const std::string &path,
                  Hid &object, bool &isGroup);
  bool checkDataset(hid_t dataset, const std::string &path,
                    std::vector<hsize_t> &dims, uint64_t &count);
  bool readStrings(hid_t dataset, const std::string &path, uint64_t count,
                   std::vector<std::string> &out);
  bool readParam(hid_t dataset, const std::string &path, NirParam &param);
  bool readScalarString(hid_t loc, const std::string &name,
                        const std::string &parentPath, const std::string &what,
                        std::string &out);
  bool readGraph(hid_t group, const std::string &path, unsigned depth,
                 NirGraph &graph);
  bool readNode(hid_t group, NirNode &node, unsigned depth);
  bool checkFields(const NirNode &node);
  bool checkEdges(const NirGraph &graph, const std::string &edgesPath);

  bool readRaw(uint64_t offset, uint64_t size, std::vector<uint8_t> &out);
  bool checkHeapStrings(hid_t dataset, const std::string &path, uint64_t count);

  std::string file;
  NirReadLimits limits;
  std::string &error;
  uint64_t used = 0;
  uint64_t nodeCount = 0;

public:
  /// The file's bytes, for checking variable-length string heaps before
  /// HDF5 reads them: an image in memory, or a file on disk.
  const uint8_t *image = nullptr;
  uint64_t imageSize = 0;
  FILE *stream = nullptr;
  uint64_t streamSize = 0;
  /// Set once the file is open: HDF5's address size and user-block offset.
  uint64_t baseAddress = 0;
  bool addressesChecked = false;
};

bool Reader::readRaw(uint64_t offset, uint64_t size,
                     std::vector<uint8_t> &out) {
  uint64_t total = image ? imageSize : streamSize;
  if (offset > total || size > total - offset)
    return false;
  out.resize(size_t(size));
  if (image) {
    std::memcpy(out.data(), image + offset, size_t(size));
    return true;
  }
  if (!stream || std::fseek(stream, long(offset), SEEK_SET) != 0)
    return false;
  return std::fread(out.data(), 1, size_t(size), stream) == size;
}

static uint64_t little(const uint8_t *p, int bytes) {
  uint64_t value = 0;
  for (int i = bytes - 1; i >= 0; --i)
    value = (value << 8) | p[i];
  return value;
}

/// libhdf5 1.10 trusts the global heap (where variable-length strings live)
/// and can crash or loop forever on a corrupted one (H5HG_read). So before
/// HDF5 reads variable-length strings stored contiguously, walk the heap
/// collections they point into, as H5HG does, with every size and offset
/// bounded: each string must be a heap object of its own length.
bool Reader::checkHeapStrings(hid_t dataset, const std::string &path,
                              uint64_t count) {
  auto corrupt = [&](const std::string &why) {
    return fail(path, "expected variable-length strings with a valid global "
                      "heap, found " +
                          why);
  };
  if (!addressesChecked)
    return corrupt("a file whose address size is not 8 bytes");
  Hid dcpl(H5Dget_create_plist(dataset), H5Pclose);
  H5D_layout_t layout = dcpl ? H5Pget_layout(dcpl.get()) : H5D_LAYOUT_ERROR;
  hsize_t storage = H5Dget_storage_size(dataset);
  if (storage == 0)
    return true; // Never written: HDF5 yields empty strings.
  if (layout != H5D_CONTIGUOUS)
    return corrupt("a compact or chunked layout (only contiguous string "
                   "storage can be checked)");
  haddr_t offset = H5Dget_offset(dataset);
  if (offset == HADDR_UNDEF || storage != count * 16)
    return corrupt("storage of " + std::to_string(storage) + " bytes for " +
                   std::to_string(count) + " strings");
  std::vector<uint8_t> refs;
  if (!readRaw(baseAddress + offset, storage, refs))
    return corrupt("string references beyond the end of the file");
  // Heap collections by address: the size of each object, by index.
  std::map<uint64_t, std::map<uint64_t, uint64_t>> collections;
  for (uint64_t i = 0; i < count; ++i) {
    const uint8_t *ref = refs.data() + i * 16;
    uint64_t length = little(ref, 4);
    uint64_t address = little(ref + 4, 8);
    uint64_t index = little(ref + 12, 4);
    if (length == 0 && address == 0)
      continue; // A null string.
    if (length > limits.maxStringBytes)
      return corrupt("a string of " + std::to_string(length) + " bytes");
    auto found = collections.find(address);
    if (found == collections.end()) {
      if (collections.size() >= 64)
        return corrupt("strings spread over more than 64 heap collections");
      std::vector<uint8_t> header;
      if (!readRaw(baseAddress + address, 16, header) ||
          std::memcmp(header.data(), "GCOL", 4) != 0 || header[4] != 1)
        return corrupt("no heap collection at address " +
                       std::to_string(address));
      uint64_t size = little(header.data() + 8, 8);
      if (size < 4096 || size > (uint64_t(16) << 20))
        return corrupt("a heap collection of " + std::to_string(size) +
                       " bytes");
      std::vector<uint8_t> heap;
      if (!readRaw(baseAddress + address, size, heap))
        return corrupt("a heap collection beyond the end of the file");
      // Walk every object, as H5HG does when it loads the collection.
      std::map<uint64_t, uint64_t> objects;
      uint64_t at = 16;
      while (at + 16 <= heap.size()) {
        uint64_t objectIndex = little(heap.data() + at, 2);
        uint64_t objectSize = little(heap.data() + at + 8, 8);
        if (objectIndex == 0) {
          // Free space: the rest of the collection, header included.
          if (objectSize != heap.size() - at)
            return corrupt("a heap collection whose free space does not "
                           "fill its end");
          at = heap.size();
          break;
        }
        uint64_t padded = (objectSize + 7) / 8 * 8;
        if (objectSize > heap.size() || padded > heap.size() - at - 16 ||
            !objects.emplace(objectIndex, objectSize).second)
          return corrupt("a heap object that overruns its collection or "
                         "repeats an index");
        at += 16 + padded;
      }
      if (at != heap.size())
        return corrupt("a heap collection with trailing bytes");
      found = collections.emplace(address, std::move(objects)).first;
    }
    auto object = found->second.find(index);
    if (object == found->second.end() || object->second != length)
      return corrupt("string " + std::to_string(i) +
                     " not stored as a heap object of its length");
  }
  return true;
}

bool Reader::listMembers(hid_t group, const std::string &path,
                         std::vector<Member> &members) {
  struct State {
    std::vector<Member> *members;
    uint64_t limit;
    bool tooMany = false;
  } state{&members, limits.maxNodes};
  herr_t status = H5Literate(
      group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char *name, const H5L_info_t *info,
         void *data) -> herr_t {
        auto *state = static_cast<State *>(data);
        if (state->members->size() >= state->limit) {
          state->tooMany = true;
          return 1;
        }
        state->members->push_back({name, info->type});
        return 0;
      },
      &state);
  if (state.tooMany)
    return fail(path, "expected at most " + std::to_string(limits.maxNodes) +
                          " members in a group, found more");
  if (status < 0)
    return failHdf5(path, "expected a readable group, found an unreadable "
                          "link table");
  return true;
}

bool Reader::openMember(hid_t loc, const Member &member,
                        const std::string &path, Hid &object, bool &isGroup) {
  if (member.type == H5L_TYPE_EXTERNAL)
    return fail(path, "expected a group or dataset stored in this file, "
                      "found an external link (refused: it would open "
                      "another file)");
  if (member.type != H5L_TYPE_HARD)
    return fail(path, "expected a group or dataset, found a soft or "
                      "user-defined link (refused)");
  object = Hid(H5Oopen(loc, member.name.c_str(), H5P_DEFAULT), H5Oclose);
  if (!object)
    return failHdf5(path, "expected a group or dataset, found an object "
                          "HDF5 cannot open");
  H5I_type_t kind = H5Iget_type(object.get());
  if (kind != H5I_GROUP && kind != H5I_DATASET)
    return fail(path, "expected a group or dataset, found a named datatype");
  isGroup = kind == H5I_GROUP;
  return true;
}

bool Reader::checkDataset(hid_t dataset, const std::string &path,
                          std::vector<hsize_t> &dims, uint64_t &count) {
  Hid dcpl(H5Dget_create_plist(dataset), H5Pclose);
  if (!dcpl)
    return failHdf5(path, "expected a dataset with readable properties, "
                          "found none");
  if (H5Pget_external_count(dcpl.get()) != 0)
    return fail(path, "expected data stored in this file, found an external "
                      "raw-data file (refused)");
  H5D_layout_t layout = H5Pget_layout(dcpl.get());
  if (layout != H5D_CONTIGUOUS && layout != H5D_CHUNKED &&
      layout != H5D_COMPACT)
    return fail(path, "expected a contiguous, chunked or compact dataset, "
                      "found a virtual or unknown layout (refused)");
  int nfilters = H5Pget_nfilters(dcpl.get());
  if (nfilters < 0)
    return failHdf5(path, "expected a readable filter pipeline, found none");
  for (int i = 0; i < nfilters; ++i) {
    unsigned flags = 0, config = 0;
    size_t nelements = 0;
    char name[64] = {0};
    H5Z_filter_t id =
        H5Pget_filter2(dcpl.get(), unsigned(i), &flags, &nelements, nullptr,
                       sizeof(name), name, &config);
    bool builtIn = id == H5Z_FILTER_DEFLATE || id == H5Z_FILTER_SHUFFLE ||
                   id == H5Z_FILTER_FLETCHER32 || id == H5Z_FILTER_NBIT ||
                   id == H5Z_FILTER_SCALEOFFSET;
    if (id < 0 || !builtIn || H5Zfilter_avail(id) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return fail(path, "expected only filters built into libhdf5 (deflate, "
                        "shuffle, fletcher32, nbit, scaleoffset), found "
                        "filter " +
                            std::to_string(int(id)) + " '" + printable(name) +
                            "', which is not available (plugins are refused)");
    }
  }

  Hid space(H5Dget_space(dataset), H5Sclose);
  if (!space)
    return failHdf5(path, "expected a dataspace, found none");
  H5S_class_t spaceClass = H5Sget_simple_extent_type(space.get());
  if (spaceClass == H5S_NULL) {
    dims.clear();
    count = 0;
    return fail(path, "expected data, found an empty (null) dataspace");
  }
  int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || unsigned(rank) > limits.maxRank)
    return fail(path, "expected at most " + std::to_string(limits.maxRank) +
                          " dimensions, found " + std::to_string(rank));
  dims.assign(size_t(rank), 0);
  if (rank > 0 &&
      H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
    return failHdf5(path, "expected readable dimensions, found none");
  count = 1;
  // Values are held as 8-byte doubles or integers.
  const uint64_t cap = limits.maxTotalBytes / 8;
  for (hsize_t d : dims) {
    if (d != 0 && count > cap / d)
      return fail(path, "expected at most " + std::to_string(cap) +
                            " elements, found a larger shape (dimension " +
                            std::to_string(d) + ")");
    count *= d;
  }
  if (layout == H5D_CHUNKED) {
    // A chunk is decompressed whole, whatever the dataset's extent: bound it.
    std::vector<hsize_t> chunk(size_t(std::max(rank, 1)), 0);
    int chunkRank = H5Pget_chunk(dcpl.get(), rank, chunk.data());
    uint64_t chunkCount = 1;
    for (int i = 0; i < chunkRank && i < rank; ++i) {
      if (chunk[i] != 0 && chunkCount > limits.maxTotalBytes / chunk[i])
        return fail(path, "expected chunks of at most " +
                              std::to_string(limits.maxTotalBytes) +
                              " bytes, found larger chunks");
      chunkCount *= chunk[i];
    }
    Hid type(H5Dget_type(dataset), H5Tclose);
    size_t typeSize = type ? H5Tget_size(type.get()) : 0;
    if (typeSize == 0 || chunkCount > limits.maxTotalBytes / typeSize)
      return fail(path, "expected chunks of at most " +
                            std::to_string(limits.maxTotalBytes) +
                            " bytes, found " + std::to_string(chunkCount) +
                            " elements of " + std::to_string(typeSize) +
                            " bytes");
  }
  return true;
}

bool Reader::readStrings(hid_t dataset, const std::string &path, uint64_t count,
                         std::vector<std::string> &out) {
  Hid fileType(H5Dget_type(dataset), H5Tclose);
  if (!fileType || H5Tget_class(fileType.get()) != H5T_STRING)
    return fail(path, "expected strings, found another type");
  if (count > limits.maxNodes * 2)
    return fail(path, "expected at most " +
                          std::to_string(limits.maxNodes * 2) +
                          " strings, found " + std::to_string(count));
  out.assign(count, std::string());
  if (count == 0)
    return true;
  Hid space(H5Dget_space(dataset), H5Sclose);
  htri_t variable = H5Tis_variable_str(fileType.get());
  if (variable < 0)
    return failHdf5(path, "expected a string type, found an unreadable one");
  Hid memType(H5Tcopy(H5T_C_S1), H5Tclose);
  if (variable) {
    H5Tset_size(memType.get(), H5T_VARIABLE);
    H5Tset_cset(memType.get(), H5Tget_cset(fileType.get()));
    // Ask for the total size first: a corrupted heap often shows here.
    if (!checkHeapStrings(dataset, path, count))
      return false;
    // (H5Dvlen_get_buf_size corrupts memory on scalar dataspaces in
    // libhdf5 1.10.8, so scalars are read directly.)
    hsize_t bytes = 0;
    bool scalar = H5Sget_simple_extent_type(space.get()) == H5S_SCALAR;
    if (!scalar &&
        H5Dvlen_get_buf_size(dataset, memType.get(), space.get(), &bytes) < 0)
      return failHdf5(path, "expected readable variable-length strings, "
                            "found a corrupted string heap");
    if (bytes > limits.maxStringBytes * count)
      return fail(path, "expected strings of at most " +
                            std::to_string(limits.maxStringBytes) +
                            " bytes, found " + std::to_string(bytes) +
                            " bytes in " + std::to_string(count) + " strings");
    if (!charge(path, bytes + count * sizeof(char *)))
      return false;
    std::vector<char *> pointers(count, nullptr);
    if (H5Dread(dataset, memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                pointers.data()) < 0)
      return failHdf5(path, "expected readable variable-length strings, "
                            "found unreadable ones");
    for (uint64_t i = 0; i < count; ++i)
      if (pointers[i])
        out[i] = std::string(pointers[i],
                             strnlen(pointers[i], limits.maxStringBytes));
    H5Dvlen_reclaim(memType.get(), space.get(), H5P_DEFAULT, pointers.data());
    return true;
  }
  size_t size = H5Tget_size(fileType.get());
  if (size == 0 || size > limits.maxStringBytes)
    return fail(path, "expected strings of at most " +
                          std::to_string(limits.maxStringBytes) +
                          " bytes, found fixed-length strings of " +
                          std::to_string(size));
  if (!charge(path, uint64_t(size) * count))
    return false;
  H5Tset_size(memType.get(), size);
  H5Tset_strpad(memType.get(), H5T_STR_NULLPAD);
  std::vector<char> buffer(size * count, '\0');
  if (H5Dread(dataset, memType.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
              buffer.data()) < 0)
    return failHdf5(path, "expected readable strings, found unreadable ones");
  for (uint64_t i = 0; i < count; ++i) {
    const char *begin = buffer.data() + i * size;
    out[i] = std::string(begin, strnlen(begin, size));
  }
  return true;
}

bool Reader::readParam(hid_t dataset, const std::string &path,
                       NirParam &param) {
  std::vector<hsize_t> dims;
  uint64_t count = 0;
  if (!checkDataset(dataset, path, dims, count))
    return false;
  Hid type(H5Dget_type(dataset), H5Tclose);
  if (!type)
    return failHdf5(path, "expected a datatype, found none");
  H5T_class_t cls = H5Tget_class(type.get());
  size_t size = H5Tget_size(type.get());
  param.shape.assign(dims.begin(), dims.end());
  switch (cls) {
  case H5T_FLOAT:
    if (size != 4 && size != 8)
      return fail(path, "expected float32 or float64 data, found " +
                            std::to_string(size * 8) + "-bit floats");
    param.kind = size == 4 ? NirParam::Kind::Float32 : NirParam::Kind::Float64;
    if (!charge(path, count * sizeof(double)))
      return false;
    param.floats.assign(count, 0.0);
    if (count && H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                         H5P_DEFAULT, param.floats.data()) < 0)
      return failHdf5(path, "expected readable float data, found data HDF5 "
                            "cannot read");
    return true;
  case H5T_INTEGER:
    if (size > 8)
      return fail(path, "expected integers of at most 64 bits, found " +
                            std::to_string(size * 8) + "-bit integers");
    if (size == 8 && H5Tget_sign(type.get()) == H5T_SGN_NONE)
      return fail(path, "expected int64 data, found uint64");
    param.kind = NirParam::Kind::Int64;
    if (!charge(path, count * sizeof(int64_t)))
      return false;
    param.ints.assign(count, 0);
    if (count && H5Dread(dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL,
                         H5P_DEFAULT, param.ints.data()) < 0)
      return failHdf5(path, "expected readable integer data, found data "
                            "HDF5 cannot read");
    return true;
  case H5T_STRING: {
    if (!dims.empty())
      return fail(path, "expected a scalar string, found an array of " +
                            std::to_string(count) + " strings");
    std::vector<std::string> strings;
    if (!readStrings(dataset, path, 1, strings))
      return false;
    param.kind = NirParam::Kind::String;
    param.text = strings.front();
    return true;
  }
  default:
    return fail(path, "expected numbers or a string, found a dataset of "
                      "another HDF5 type class (" +
                          std::to_string(int(cls)) + ")");
  }
}

bool Reader::readScalarString(hid_t loc, const std::string &name,
                              const std::string &parentPath,
                              const std::string &what, std::string &out) {
  std::string path = join(parentPath, name);
  htri_t exists = H5Lexists(loc, name.c_str(), H5P_DEFAULT);
  if (exists <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return fail(path, "expected " + what + ", found nothing");
  }
  H5L_info_t info;
  if (H5Lget_info(loc, name.c_str(), &info, H5P_DEFAULT) < 0)
    return failHdf5(path, "expected " + what + ", found an unreadable link");
  Hid object;
  bool isGroup = false;
  if (!openMember(loc, {name, info.type}, path, object, isGroup))
    return false;
  if (isGroup)
    return fail(path, "expected " + what + ", found a group");
  Hid dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset)
    return failHdf5(path, "expected " + what + ", found an unreadable dataset");
  std::vector<hsize_t> dims;
  uint64_t count = 0;
  if (!checkDataset(dataset.get(), path, dims, count))
    return false;
  Hid type(H5Dget_type(dataset.get()), H5Tclose);
  if (!type || H5Tget_class(type.get()) != H5T_STRING)
    return fail(path, "expected " + what + ", found a non-string dataset");
  if (!dims.empty())
    return fail(path, "expected " + what + ", found an array of strings");
  std::vector<std::string> strings;
  if (!readStrings(dataset.get(), path, 1, strings))
    return false;
  out = strings.front();
  return true;
}

bool Reader::checkFields(const NirNode &node) {
  const NodeSpec *spec = findSpec(node.type);
  for (const FieldSpec &field : spec->fields) {
    std::string path = join(node.path, field.name);
    const NirParam *param = node.param(field.name);
    if (!param) {
      if (field.required)
        return fail(path, "expected the field '" + std::string(field.name) +
                              "' required by " + node.type +
                              " nodes, found nothing");
      continue;
    }
    bool ok = false;
    const char *expected = "";
    switch (field.kind) {
    case FieldKind::Float:
      ok = param->isFloat();
      expected = "float32 or float64 data";
      break;
    case FieldKind::Int:
      ok = param->kind == NirParam::Kind::Int64;
      expected = "integer data";
      break;
    case FieldKind::IntOrString:
      ok = param->kind == NirParam::Kind::Int64 ||
           param->kind == NirParam::Kind::String;
      expected = "integer data or a string";
      break;
    }
    if (!ok)
      return fail(path, std::string("expected ") + expected + ", found " +
                            param->kindName() + " data");
  }
  return true;
}

bool Reader::readNode(hid_t group, NirNode &node, unsigned depth) {
  if (!readScalarString(group, "type", node.path, "a scalar string 'type'",
                        node.type))
    return false;
  const NodeSpec *spec = findSpec(node.type);
  if (!spec)
    return fail(join(node.path, "type"),
                "expected a NIR node type (Input, Output, LIF, LI, IF, I, "
                "CubaLIF, CubaLI, Affine, Linear, Scale, Threshold, Delay, "
                "Conv1d, Conv2d, SumPool2d, AvgPool2d, Flatten, NIRGraph), "
                "found '" +
                    printable(node.type) + "'");
  if (node.type == "NIRGraph") {
    node.graph = std::make_unique<NirGraph>();
    node.graph->path = node.path;
    return readGraph(group, node.path, depth + 1, *node.graph);
  }
  std::vector<Member> members;
  if (!listMembers(group, node.path, members))
    return false;
  for (const Member &member : members) {
    if (member.name == "type")
      continue;
    std::string path = join(node.path, member.name);
    Hid object;
    bool isGroup = false;
    if (!openMember(group, member, path, object, isGroup))
      return false;
    if (isGroup) {
      if (member.name == "metadata")
        continue;
      return fail(path, "expected a parameter dataset of the " + node.type +
                            " node, found a group");
    }
    Hid dataset(H5Dopen2(group, member.name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!dataset)
      return failHdf5(path, "expected a readable dataset, found none");
    NirParam param;
    if (!readParam(dataset.get(), path, param))
      return false;
    node.params.emplace(member.name, std::move(param));
  }
  return checkFields(node);
}

bool Reader::readGraph(hid_t group, const std::string &path, unsigned depth,
                       NirGraph &graph) {
  if (depth > limits.maxDepth)
    return fail(path, "expected NIRGraph nodes nested at most " +
                          std::to_string(limits.maxDepth) +
                          " deep, found deeper nesting");
  std::string type;
  if (!readScalarString(group, "type", path, "a scalar string 'type'", type))
    return false;
  if (type != "NIRGraph")
    return fail(join(path, "type"),
                "expected 'NIRGraph', found '" + printable(type) + "'");

  std::vector<Member> members;
  if (!listMembers(group, path, members))
    return false;
  const Member *nodesMember = nullptr, *edgesMember = nullptr;
  for (const Member &member : members) {
    if (member.name == "nodes")
      nodesMember = &member;
    else if (member.name == "edges")
      edgesMember = &member;
  }
  std::string nodesPath = join(path, "nodes");
  if (!nodesMember)
    return fail(nodesPath, "expected a group 'nodes', found nothing");
  Hid nodesGroup;
  bool isGroup = false;
  if (!openMember(group, *nodesMember, nodesPath, nodesGroup, isGroup))
    return false;
  if (!isGroup)
    return fail(nodesPath, "expected a group 'nodes', found a dataset");

  std::vector<Member> nodeMembers;
  if (!listMembers(nodesGroup.get(), nodesPath, nodeMembers))
    return false;
  for (const Member &member : nodeMembers) {
    std::string nodePath = join(nodesPath, member.name);
    if (++nodeCount > limits.maxNodes)
      return fail(nodePath, "expected at most " +
                                std::to_string(limits.maxNodes) +
                                " nodes in the file, found more");
    Hid nodeGroup;
    bool nodeIsGroup = false;
    if (!openMember(nodesGroup.get(), member, nodePath, nodeGroup, nodeIsGroup))
      return false;
    if (!nodeIsGroup)
      return fail(nodePath, "expected a node group, found a dataset");
    NirNode node;
    node.name = member.name;
    node.path = nodePath;
    if (!readNode(nodeGroup.get(), node, depth))
      return false;
    graph.nodes.push_back(std::move(node));
  }
  // H5Literate by name yields byte order, which is what find() expects;
  // sort anyway so that the invariant does not depend on HDF5.
  std::sort(graph.nodes.begin(), graph.nodes.end(),
            [](const NirNode &a, const NirNode &b) { return a.name < b.name; });

  std::string edgesPath = join(path, "edges");
  if (!edgesMember)
    return fail(edgesPath, "expected a dataset 'edges' of (source, "
                           "destination) strings, found nothing");
  Hid edgesObject;
  if (!openMember(group, *edgesMember, edgesPath, edgesObject, isGroup))
    return false;
  if (isGroup)
    return fail(edgesPath, "expected a dataset 'edges' of (source, "
                           "destination) strings, found a group");
  Hid edges(H5Dopen2(group, "edges", H5P_DEFAULT), H5Dclose);
  if (!edges)
    return failHdf5(edgesPath, "expected a readable dataset, found none");
  std::vector<hsize_t> dims;
  uint64_t count = 0;
  if (!checkDataset(edges.get(), edgesPath, dims, count))
    return false;
  bool emptyShape = count == 0 && dims.size() <= 2;
  if (!emptyShape && (dims.size() != 2 || dims[1] != 2))
    return fail(edgesPath, "expected an (E, 2) array of strings, found "
                           "another shape");
  Hid edgeType(H5Dget_type(edges.get()), H5Tclose);
  if (count != 0 && (!edgeType || H5Tget_class(edgeType.get()) != H5T_STRING))
    return fail(edgesPath, "expected an (E, 2) array of strings, found "
                           "non-string data");
  std::vector<std::string> names;
  if (!readStrings(edges.get(), edgesPath, count, names))
    return false;
  for (uint64_t i = 0; i + 1 < names.size(); i += 2)
    graph.edges.emplace_back(names[i], names[i + 1]);
  return checkEdges(graph, edgesPath);
}

bool Reader::checkEdges(const NirGraph &graph, const std::string &edgesPath) {
  auto describe = [&](size_t index) {
    const auto &edge = graph.edges[index];
    return "edge " + std::to_string(index) + " ('" + printable(edge.first) +
           "' -> '" + printable(edge.second) + "') of graph " + graph.path;
  };
  auto nodeList = [&] {
    std::string list;
    for (size_t i = 0; i < graph.nodes.size() && i < 20; ++i)
      list += (i ? ", " : "") + printable(graph.nodes[i].name);
    if (graph.nodes.size() > 20)
      list += ", ...";
    return list;
  };
  // An endpoint is a node of this graph, or `sub.port` naming an Input or
  // Output node of a nested graph.
  auto resolves = [&](const std::string &name) {
    if (graph.find(name))
      return true;
    size_t dot = name.rfind('.');
    if (dot == std::string::npos)
      return false;
    const NirNode *sub = graph.find(name.substr(0, dot));
    if (!sub || !sub->graph)
      return false;
    const NirNode *port = sub->graph->find(name.substr(dot + 1));
    return port && (port->type == "Input" || port->type == "Output");
  };
  for (size_t i = 0; i < graph.edges.size(); ++i) {
    for (const std::string *end :
         {&graph.edges[i].first, &graph.edges[i].second}) {
      if (!resolves(*end))
        return fail(edgesPath, describe(i) +
                                   ": expected the name of a node of the "
                                   "graph, found '" +
                                   printable(*end) + "', which is not one (" +
                                   (graph.nodes.empty()
                                        ? std::string("the graph has no nodes")
                                        : "nodes: " + nodeList()) +
                                   ")");
    }
  }
  return true;
}

std::optional<NirFile> Reader::read(hid_t fapl, const std::string &openName) {
  Hid fileId(H5Fopen(openName.c_str(), H5F_ACC_RDONLY, fapl), H5Fclose);
  if (!fileId) {
    fail("/", "expected an HDF5 file, found something HDF5 cannot open (" +
                  takeHdf5Detail() + ")");
    return std::nullopt;
  }
  {
    Hid fcpl(H5Fget_create_plist(fileId.get()), H5Pclose);
    size_t addressSize = 0, lengthSize = 0;
    hsize_t userBlock = 0;
    if (fcpl && H5Pget_sizes(fcpl.get(), &addressSize, &lengthSize) >= 0 &&
        H5Pget_userblock(fcpl.get(), &userBlock) >= 0 && addressSize == 8 &&
        lengthSize == 8) {
      addressesChecked = true;
      baseAddress = userBlock;
    }
    H5Eclear2(H5E_DEFAULT);
  }
  NirFile result;
  if (!readScalarString(fileId.get(), "version", "/",
                        "a scalar string 'version'", result.version))
    return std::nullopt;
  if (result.version.rfind("0.1.", 0) != 0 &&
      result.version.rfind("0.2.", 0) != 0) {
    fail("/version", "expected NIR version 0.1.x or 0.2.x, found '" +
                         printable(result.version) + "'");
    return std::nullopt;
  }
  htri_t hasNode = H5Lexists(fileId.get(), "node", H5P_DEFAULT);
  if (hasNode <= 0) {
    H5Eclear2(H5E_DEFAULT);
    fail("/node", "expected the top-level graph group, found nothing");
    return std::nullopt;
  }
  H5L_info_t info;
  if (H5Lget_info(fileId.get(), "node", &info, H5P_DEFAULT) < 0) {
    failHdf5("/node", "expected a group, found an unreadable link");
    return std::nullopt;
  }
  Hid root;
  bool isGroup = false;
  if (!openMember(fileId.get(), {"node", info.type}, "/node", root, isGroup))
    return std::nullopt;
  if (!isGroup) {
    fail("/node", "expected the top-level graph group, found a dataset");
    return std::nullopt;
  }
  result.graph.path = "/node";
  if (!readGraph(root.get(), "/node", 0, result.graph))
    return std::nullopt;
  return result;
}

} // namespace

static std::optional<NirFile> readFileInProcess(const std::string &path,
                                                std::string &error,
                                                const NirReadLimits &limits) {
  Hdf5Quiet quiet;
  Hid fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  // Refuse external links outright, on top of the per-link check.
  H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
  Reader reader(path, limits, error);
  // The reader checks string heaps on the raw bytes before HDF5 reads them.
  FILE *stream = std::fopen(path.c_str(), "rb");
  if (stream && std::fseek(stream, 0, SEEK_END) == 0) {
    long size = std::ftell(stream);
    reader.stream = stream;
    reader.streamSize = size > 0 ? uint64_t(size) : 0;
  }
  std::optional<NirFile> result = reader.read(fapl.get(), path);
  if (stream)
    std::fclose(stream);
  return result;
}

static std::optional<NirFile> readImageInProcess(const void *data, size_t size,
                                                 const std::string &name,
                                                 std::string &error,
                                                 const NirReadLimits &limits) {
  Hdf5Quiet quiet;
  Hid fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl.get(), 1 << 16, /*backing_store=*/0);
  H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG);
  if (size == 0 ||
      H5Pset_file_image(fapl.get(), const_cast<void *>(data), size) < 0) {
    H5Eclear2(H5E_DEFAULT);
    error = name + ": /: expected an HDF5 file image, found " +
            std::to_string(size) + " bytes HDF5 cannot use";
    return std::nullopt;
  }
  Reader reader(name, limits, error);
  reader.image = static_cast<const uint8_t *>(data);
  reader.imageSize = size;
  // The core driver does not touch the disk; the name must only not be that
  // of an existing file.
  return reader.read(fapl.get(), "dendron-nir-image");
}

//===----------------------------------------------------------------------===//
// Isolation: libhdf5 in a child process
//===----------------------------------------------------------------------===//
//
// libhdf5 1.10 can crash or loop forever on corrupted metadata (fuzzing
// found both, inside H5HG_read, H5HL_protect and H5F__accum_read), before
// any check of ours can look at the bytes involved. So the reading runs in
// a child process (rt::runIsolated) with a time and a memory limit; the
// child sends the NirFile (or the message) back. A child that dies or runs
// out of time becomes one message naming the file.

namespace {

/// Serializes a NirFile into a string (native byte order: parent and child
/// are the same binary).
class Encoder {
public:
  explicit Encoder(std::string &out) : out(out) {}

  void raw(const void *data, size_t n) {
    out.append(static_cast<const char *>(data), n);
  }
  void u64(uint64_t v) { raw(&v, 8); }
  void str(const std::string &text) {
    u64(text.size());
    raw(text.data(), text.size());
  }
  void param(const NirParam &p) {
    u64(uint64_t(p.kind));
    u64(p.shape.size());
    for (int64_t d : p.shape)
      u64(uint64_t(d));
    u64(p.floats.size());
    raw(p.floats.data(), p.floats.size() * sizeof(double));
    u64(p.ints.size());
    raw(p.ints.data(), p.ints.size() * sizeof(int64_t));
    str(p.text);
  }
  void graph(const NirGraph &g) {
    str(g.path);
    u64(g.nodes.size());
    for (const NirNode &node : g.nodes) {
      str(node.name);
      str(node.type);
      str(node.path);
      u64(node.params.size());
      for (const auto &[key, value] : node.params) {
        str(key);
        param(value);
      }
      u64(node.graph ? 1 : 0);
      if (node.graph)
        graph(*node.graph);
    }
    u64(g.edges.size());
    for (const auto &edge : g.edges) {
      str(edge.first);
      str(edge.second);
    }
  }
  void file(const NirFile &f) {
    str(f.version);
    graph(f.graph);
  }

private:
  std::string &out;
};

/// Decodes what Encoder wrote; every count is checked against the bytes
/// left, so a truncated message fails instead of over-allocating.
class Decoder {
public:
  explicit Decoder(const std::string &bytes) : bytes(bytes) {}
  bool ok = true;
  uint64_t u64() {
    if (!ok || bytes.size() - at < 8) {
      ok = false;
      return 0;
    }
    uint64_t v;
    std::memcpy(&v, bytes.data() + at, 8);
    at += 8;
    return v;
  }
  uint64_t count(uint64_t elementSize) {
    uint64_t n = u64();
    if (!ok || n > (bytes.size() - at) / std::max<uint64_t>(elementSize, 1))
      ok = false;
    return ok ? n : 0;
  }
  std::string str() {
    uint64_t n = count(1);
    std::string text = ok ? bytes.substr(at, n) : std::string();
    at += n;
    return text;
  }
  void param(NirParam &p) {
    p.kind = NirParam::Kind(u64() & 3);
    uint64_t rank = count(8);
    for (uint64_t i = 0; i < rank; ++i)
      p.shape.push_back(int64_t(u64()));
    uint64_t nf = count(8);
    p.floats.resize(nf);
    if (nf)
      std::memcpy(p.floats.data(), bytes.data() + at, nf * 8);
    at += nf * 8;
    uint64_t ni = count(8);
    p.ints.resize(ni);
    if (ni)
      std::memcpy(p.ints.data(), bytes.data() + at, ni * 8);
    at += ni * 8;
    p.text = str();
  }
  void graph(NirGraph &g, unsigned depth) {
    if (depth > 1000)
      ok = false;
    g.path = str();
    uint64_t n = count(8);
    for (uint64_t i = 0; ok && i < n; ++i) {
      NirNode node;
      node.name = str();
      node.type = str();
      node.path = str();
      uint64_t np = count(8);
      for (uint64_t j = 0; ok && j < np; ++j) {
        std::string key = str();
        param(node.params[key]);
      }
      if (u64()) {
        node.graph = std::make_unique<NirGraph>();
        graph(*node.graph, depth + 1);
      }
      g.nodes.push_back(std::move(node));
    }
    uint64_t ne = count(16);
    for (uint64_t i = 0; ok && i < ne; ++i) {
      std::string a = str();
      std::string b = str();
      g.edges.emplace_back(std::move(a), std::move(b));
    }
  }

private:
  const std::string &bytes;
  size_t at = 0;
};

/// The message for a read the child did not finish.
std::string describeFailure(const std::string &name,
                            const rt::IsolationFailure &failure,
                            const NirReadLimits &limits,
                            const rt::IsolationLimits &isolation) {
  using Kind = rt::IsolationFailure::Kind;
  switch (failure.kind) {
  case Kind::WorkFailed:
    return failure.message;
  case Kind::TimedOut:
    return name + ": /: expected a file libhdf5 reads within " +
           std::to_string(limits.timeoutMs) +
           " ms, found one it was still reading (corrupted metadata can "
           "make libhdf5 loop; the reader was stopped)";
  case Kind::Crashed:
    return name +
           ": /: expected an HDF5 file libhdf5 can read, found one "
           "that crashed it (" +
           (failure.signal != 0
                ? "signal " + std::to_string(failure.signal)
                : "exit " + std::to_string(failure.exitStatus)) +
           "; the file's metadata is corrupt)";
  case Kind::OutOfMemory:
    return name + ": /: expected a file the reader can hold in " +
           std::to_string(isolation.memoryBytes >> 20) +
           " MiB of memory, found one that needs more (the file's metadata "
           "is corrupt)";
  case Kind::TooLarge:
    return name + ": /: the isolated reader sent more than the limit of " +
           std::to_string(isolation.maxPayloadBytes) + " bytes";
  case Kind::System:
    break;
  }
  return name + ": /: the isolated reader failed (" + failure.message + ")";
}

std::optional<NirFile>
isolated(const std::string &name, std::string &error,
         const NirReadLimits &limits,
         const std::function<std::optional<NirFile>(std::string &)> &read) {
  rt::IsolationLimits isolation;
  isolation.timeoutMs = limits.timeoutMs;
  // A backstop only: the wall-clock deadline comes first.
  isolation.cpuSeconds = limits.timeoutMs / 1000 + 1;
  // Bound the child's heap: libhdf5 trusts sizes in corrupted metadata
  // (fuzzing found a 3 GB allocation for a group's local heap), and a
  // failed allocation there ends the read in the child, not the caller.
  uint64_t gib = uint64_t(1) << 30;
  isolation.memoryBytes = limits.maxTotalBytes > (UINT64_MAX - gib) / 4
                              ? UINT64_MAX
                              : limits.maxTotalBytes * 4 + gib;
  // The parameter data plus the graph's names and shapes.
  isolation.maxPayloadBytes = limits.maxTotalBytes + (uint64_t(64) << 20);
  rt::IsolationResult result = rt::runIsolated(
      [&](std::string &payload, std::string &childError) {
        std::optional<NirFile> file = read(childError);
        if (!file)
          return false;
        Encoder(payload).file(*file);
        return true;
      },
      isolation);
  if (const auto *failure = std::get_if<rt::IsolationFailure>(&result)) {
    error = describeFailure(name, *failure, limits, isolation);
    return std::nullopt;
  }
  Decoder decoder(std::get<std::string>(result));
  NirFile file;
  file.version = decoder.str();
  decoder.graph(file.graph, 0);
  if (!decoder.ok) {
    error = name + ": /: the isolated reader sent a truncated graph";
    return std::nullopt;
  }
  return file;
}

} // namespace

std::optional<NirFile> dendron::nir::readNirFile(const std::string &path,
                                                 std::string &error,
                                                 const NirReadLimits &limits) {
  if (!limits.isolate)
    return readFileInProcess(path, error, limits);
  return isolated(path, error, limits, [&](std::string &childError) {
    return readFileInProcess(path, childError, limits);
  });
}

std::optional<NirFile> dendron::nir::readNirImage(const void *data, size_t size,
                                                  const std::string &name,
                                                  std::string &error,
                                                  const NirReadLimits &limits) {
  if (!limits.isolate)
    return readImageInProcess(data, size, name, error, limits);
  return isolated(name, error, limits, [&](std::string &childError) {
    return readImageInProcess(data, size, name, childError, limits);
  });
}
