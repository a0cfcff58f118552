//===- NirWriter.h - Write NIR HDF5 files from plain structs ----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Writes a NirFile in the layout of NIR's Python writer: `/version`,
/// `/node/{type,edges,nodes/<name>/...}`, variable-length UTF-8 strings,
/// array parameters gzip-compressed, scalars plain.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TARGET_NIR_NIRWRITER_H
#define DENDRON_TARGET_NIR_NIRWRITER_H

#include "dendron/Target/NIR/NirGraph.h"

#include <optional>
#include <string>

namespace dendron::nir {

/// Writes `file` to `path` atomically (a temporary file in the same
/// directory, renamed into place). False, with `error` set, on failure.
bool writeNirFile(const NirFile &file, const std::string &path,
                  std::string &error);

/// The bytes of the HDF5 file `writeNirFile` would write.
std::optional<std::string> writeNirImage(const NirFile &file,
                                         std::string &error);

} // namespace dendron::nir

#endif // DENDRON_TARGET_NIR_NIRWRITER_H
