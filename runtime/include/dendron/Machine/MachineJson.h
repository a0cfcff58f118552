//===- MachineJson.h - Machine descriptions from JSON -----------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Loads a MachineModel from a JSON description (format in docs/Machine.md).
/// The input is untrusted: every field is checked, unknown keys are refused,
/// and the first problem is reported as one message naming the file, the
/// JSON path, what was expected and what was found. No exception escapes.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_MACHINE_MACHINEJSON_H
#define DENDRON_MACHINE_MACHINEJSON_H

#include "dendron/Machine/MachineModel.h"

#include <optional>
#include <string>

namespace dendron::machine {

/// Largest accepted machine description file [bytes].
constexpr size_t kMaxMachineJsonBytes = 16u * 1024 * 1024;

/// Reads and parses the file at `path`. On failure returns nullopt and sets
/// error to "<path>: <JSON path>: expected ..., found ...".
std::optional<MachineModel> loadMachineJson(const std::string &path,
                                            std::string &error);

/// Parses a description held in `text`; `sourceName` names it in errors.
std::optional<MachineModel> parseMachineJson(const std::string &text,
                                             const std::string &sourceName,
                                             std::string &error);

/// Writes `machine` as a JSON description that parseMachineJson reads back
/// to an equal machine (two-space indentation, trailing newline).
std::string machineToJson(const MachineModel &machine);

} // namespace dendron::machine

#endif // DENDRON_MACHINE_MACHINEJSON_H
