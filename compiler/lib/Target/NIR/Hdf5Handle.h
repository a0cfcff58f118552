//===- Hdf5Handle.h - RAII helpers over the HDF5 C API ----------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Owning HDF5 identifiers and a scope that silences HDF5's error printing,
/// private to the NIR reader and writer. (runtime/lib/IO has the same two
/// helpers; the runtime must build without the compiler, so they are not
/// shared through it.)
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_LIB_TARGET_NIR_HDF5HANDLE_H
#define DENDRON_LIB_TARGET_NIR_HDF5HANDLE_H

#include <hdf5.h>

#include <string>
#include <utility>

namespace dendron::nir::detail {

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Hid {
public:
  using Closer = herr_t (*)(hid_t);
  Hid() = default;
  Hid(hid_t id, Closer closer) : id(id), closer(closer) {}
  ~Hid() { close(); }
  Hid(Hid &&other) noexcept
      : id(std::exchange(other.id, H5I_INVALID_HID)), closer(other.closer) {}
  Hid &operator=(Hid &&other) noexcept {
    if (this != &other) {
      close();
      id = std::exchange(other.id, H5I_INVALID_HID);
      closer = other.closer;
    }
    return *this;
  }
  Hid(const Hid &) = delete;
  Hid &operator=(const Hid &) = delete;

  hid_t get() const { return id; }
  explicit operator bool() const { return id >= 0; }

  /// Closes now; false if HDF5 reported an error (for a file being written,
  /// that is where buffered data reaches the disk).
  bool close() {
    bool ok = true;
    if (id >= 0 && closer)
      ok = closer(id) >= 0;
    id = H5I_INVALID_HID;
    return ok;
  }

private:
  hid_t id = H5I_INVALID_HID;
  Closer closer = nullptr;
};

/// Silences HDF5's automatic error printing and disables loading of filter
/// plugins for the lifetime of the object; restores both afterwards.
class Hdf5Quiet {
public:
  Hdf5Quiet() {
    H5Eget_auto2(H5E_DEFAULT, &savedFunction, &savedData);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    H5PLget_loading_state(&savedPlugins);
    H5PLset_loading_state(0);
  }
  ~Hdf5Quiet() {
    H5PLset_loading_state(savedPlugins);
    H5Eset_auto2(H5E_DEFAULT, savedFunction, savedData);
  }
  Hdf5Quiet(const Hdf5Quiet &) = delete;
  Hdf5Quiet &operator=(const Hdf5Quiet &) = delete;

private:
  H5E_auto2_t savedFunction = nullptr;
  void *savedData = nullptr;
  unsigned savedPlugins = 0;
};

/// The innermost description on HDF5's error stack, then clears the stack.
inline std::string takeHdf5Detail() {
  std::string detail;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned, const H5E_error2_t *entry, void *data) -> herr_t {
        auto *out = static_cast<std::string *>(data);
        if (out->empty() && entry && entry->desc && entry->desc[0])
          *out = entry->desc;
        return 0;
      },
      &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail.empty() ? std::string("no detail from HDF5") : detail;
}

} // namespace dendron::nir::detail

#endif // DENDRON_LIB_TARGET_NIR_HDF5HANDLE_H
