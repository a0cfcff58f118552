//===- ImageIO.h - Machine image files (.dimg) ------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Reading and writing a MachineImage as one binary file
/// (docs/MachineImage.md). Writes are atomic (temporary file, then rename): a
/// failed write leaves nothing behind. Files are untrusted: the reader checks
/// every size, index and value against the file length and the image's own
/// invariants and reports the first problem with the file name and the
/// offending field.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SPINN_IMAGEIO_H
#define DENDRON_SPINN_IMAGEIO_H

#include "dendron/Spinn/MachineImage.h"

#include <optional>
#include <string>

namespace dendron::spinn {

/// Writes `image` to `path`. Returns "" or an error message naming the path.
std::string writeMachineImage(const MachineImage &image,
                              const std::string &path);

/// Reads a machine image. On failure returns std::nullopt and sets `error`
/// ("<path>: ..."); never throws, never asserts.
std::optional<MachineImage> readMachineImage(const std::string &path,
                                             std::string &error);

/// Checks the invariants the simulator relies on (cores alive and distinct,
/// slices within their node and covering it, keys disjoint, master
/// population tables sorted and in range, words' channel/index/delay within
/// the core's shape, tables within the router limit). "" when valid.
std::string validateMachineImage(const MachineImage &image);

} // namespace dendron::spinn

#endif // DENDRON_SPINN_IMAGEIO_H
