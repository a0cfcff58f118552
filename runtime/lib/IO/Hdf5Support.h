//===- Hdf5Support.h - Small RAII helpers over the HDF5 C API ---*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Owning handles for HDF5 identifiers, a scope that silences HDF5's own
/// error printing, and a way to turn HDF5's error stack into one phrase.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_LIB_IO_HDF5SUPPORT_H
#define DENDRON_RUNTIME_LIB_IO_HDF5SUPPORT_H

#include <hdf5.h>

#include <string>
#include <utility>

namespace dendron::rt::io {

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Hid {
public:
  using Closer = herr_t (*)(hid_t);
  Hid() = default;
  Hid(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Hid() { reset(); }
  Hid(Hid &&other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {
  }
  Hid &operator=(Hid &&other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      closer_ = other.closer_;
    }
    return *this;
  }
  Hid(const Hid &) = delete;
  Hid &operator=(const Hid &) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  explicit operator bool() const { return valid(); }

  /// Closes now; false if HDF5 reported an error while closing (for a file,
  /// that is where buffered data is written).
  bool close() {
    bool ok = true;
    if (id_ >= 0 && closer_)
      ok = closer_(id_) >= 0;
    id_ = H5I_INVALID_HID;
    return ok;
  }

private:
  void reset() { close(); }
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Turns off HDF5's automatic printing of its error stack to stderr for the
/// lifetime of the object, and restores the previous handler afterwards.
class Hdf5ErrorSilencer {
public:
  Hdf5ErrorSilencer() {
    H5Eget_auto2(H5E_DEFAULT, &savedFunction_, &savedData_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~Hdf5ErrorSilencer() {
    H5Eset_auto2(H5E_DEFAULT, savedFunction_, savedData_);
  }
  Hdf5ErrorSilencer(const Hdf5ErrorSilencer &) = delete;
  Hdf5ErrorSilencer &operator=(const Hdf5ErrorSilencer &) = delete;

private:
  H5E_auto2_t savedFunction_ = nullptr;
  void *savedData_ = nullptr;
};

/// The innermost description on HDF5's current error stack (where the
/// problem was detected), e.g. "file signature not found"; then clears the
/// stack. "no detail from HDF5" if it is empty.
std::string takeHdf5ErrorDetail();

} // namespace dendron::rt::io

#endif // DENDRON_RUNTIME_LIB_IO_HDF5SUPPORT_H
