//===- Hdf5Support.cpp - Small RAII helpers over the HDF5 C API -----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "Hdf5Support.h"

using namespace dendron::rt::io;

std::string dendron::rt::io::takeHdf5ErrorDetail() {
  std::string detail;
  // Walking upward starts at the innermost frame: keep the first non-empty
  // description only.
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
