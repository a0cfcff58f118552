//===- NirWriter.cpp - Write NIR HDF5 files from plain structs ------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Target/NIR/NirWriter.h"

#include "Hdf5Handle.h"

#include <cstdio>
#include <unistd.h>

using namespace dendron::nir;
using namespace dendron::nir::detail;

namespace {

class Writer {
public:
  explicit Writer(std::string &error) : error(error) {}

  bool write(hid_t fileId, const NirFile &file) {
    if (!writeString(fileId, "version", file.version))
      return false;
    Hid root(H5Gcreate2(fileId, "node", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
             H5Gclose);
    if (!root)
      return fail("/node");
    return writeGraph(root.get(), "/node", file.graph);
  }

private:
  bool fail(const std::string &path) {
    error = "cannot write " + path + " (HDF5: " + takeHdf5Detail() + ")";
    return false;
  }

  Hid stringType() {
    Hid type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    return type;
  }

  bool writeString(hid_t loc, const char *name, const std::string &text) {
    Hid type = stringType();
    Hid space(H5Screate(H5S_SCALAR), H5Sclose);
    Hid dataset(H5Dcreate2(loc, name, type.get(), space.get(), H5P_DEFAULT,
                           H5P_DEFAULT, H5P_DEFAULT),
                H5Dclose);
    const char *data = text.c_str();
    if (!dataset || H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL,
                             H5P_DEFAULT, &data) < 0)
      return fail(name);
    return true;
  }

  bool writeParam(hid_t loc, const std::string &name, const NirParam &param) {
    if (param.kind == NirParam::Kind::String)
      return writeString(loc, name.c_str(), param.text);
    std::vector<hsize_t> dims(param.shape.begin(), param.shape.end());
    Hid space(dims.empty()
                  ? H5Screate(H5S_SCALAR)
                  : H5Screate_simple(int(dims.size()), dims.data(), nullptr),
              H5Sclose);
    Hid dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    int64_t count = param.numElements();
    if (!dims.empty() && count > 0) {
      H5Pset_chunk(dcpl.get(), int(dims.size()), dims.data());
      H5Pset_deflate(dcpl.get(), 4);
    }
    hid_t fileType = param.kind == NirParam::Kind::Float32   ? H5T_IEEE_F32LE
                     : param.kind == NirParam::Kind::Float64 ? H5T_IEEE_F64LE
                                                             : H5T_STD_I64LE;
    Hid dataset(H5Dcreate2(loc, name.c_str(), fileType, space.get(),
                           H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                H5Dclose);
    if (!dataset)
      return fail(name);
    if (count == 0)
      return true;
    herr_t status = param.isFloat()
                        ? H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL,
                                   H5S_ALL, H5P_DEFAULT, param.floats.data())
                        : H5Dwrite(dataset.get(), H5T_NATIVE_INT64, H5S_ALL,
                                   H5S_ALL, H5P_DEFAULT, param.ints.data());
    return status >= 0 || fail(name);
  }

  bool writeGraph(hid_t group, const std::string &path, const NirGraph &graph) {
    if (!writeString(group, "type", "NIRGraph"))
      return false;
    Hid type = stringType();
    hsize_t dims[2] = {graph.edges.size(), 2};
    Hid space(H5Screate_simple(2, dims, nullptr), H5Sclose);
    Hid edges(H5Dcreate2(group, "edges", type.get(), space.get(), H5P_DEFAULT,
                         H5P_DEFAULT, H5P_DEFAULT),
              H5Dclose);
    if (!edges)
      return fail(path + "/edges");
    std::vector<const char *> names;
    for (const auto &edge : graph.edges) {
      names.push_back(edge.first.c_str());
      names.push_back(edge.second.c_str());
    }
    if (!names.empty() && H5Dwrite(edges.get(), type.get(), H5S_ALL, H5S_ALL,
                                   H5P_DEFAULT, names.data()) < 0)
      return fail(path + "/edges");
    Hid nodes(H5Gcreate2(group, "nodes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
              H5Gclose);
    if (!nodes)
      return fail(path + "/nodes");
    for (const NirNode &node : graph.nodes) {
      std::string nodePath = path + "/nodes/" + node.name;
      Hid nodeGroup(H5Gcreate2(nodes.get(), node.name.c_str(), H5P_DEFAULT,
                               H5P_DEFAULT, H5P_DEFAULT),
                    H5Gclose);
      if (!nodeGroup)
        return fail(nodePath);
      if (node.graph) {
        if (!writeGraph(nodeGroup.get(), nodePath, *node.graph))
          return false;
        continue;
      }
      if (!writeString(nodeGroup.get(), "type", node.type))
        return false;
      for (const auto &[name, param] : node.params)
        if (!writeParam(nodeGroup.get(), name, param))
          return false;
    }
    return true;
  }

  std::string &error;
};

} // namespace

std::optional<std::string> dendron::nir::writeNirImage(const NirFile &file,
                                                       std::string &error) {
  Hdf5Quiet quiet;
  Hid fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl.get(), 1 << 16, /*backing_store=*/0);
  Hid fileId(H5Fcreate("nir-image.h5", H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
             H5Fclose);
  if (!fileId) {
    error =
        "cannot create an in-memory HDF5 file (HDF5: " + takeHdf5Detail() + ")";
    return std::nullopt;
  }
  Writer writer(error);
  if (!writer.write(fileId.get(), file))
    return std::nullopt;
  H5Fflush(fileId.get(), H5F_SCOPE_GLOBAL);
  ssize_t size = H5Fget_file_image(fileId.get(), nullptr, 0);
  if (size < 0) {
    error = "cannot take the HDF5 file image (HDF5: " + takeHdf5Detail() + ")";
    return std::nullopt;
  }
  std::string bytes(size_t(size), '\0');
  if (H5Fget_file_image(fileId.get(), bytes.data(), bytes.size()) < 0) {
    error = "cannot take the HDF5 file image (HDF5: " + takeHdf5Detail() + ")";
    return std::nullopt;
  }
  return bytes;
}

bool dendron::nir::writeNirFile(const NirFile &file, const std::string &path,
                                std::string &error) {
  std::optional<std::string> bytes = writeNirImage(file, error);
  if (!bytes)
    return false;
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  FILE *out = std::fopen(temp.c_str(), "wb");
  if (!out) {
    error = "cannot write '" + temp + "'";
    return false;
  }
  bool ok = std::fwrite(bytes->data(), 1, bytes->size(), out) == bytes->size();
  ok = std::fclose(out) == 0 && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    error = "cannot write '" + path + "'";
    return false;
  }
  return true;
}
