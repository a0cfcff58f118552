//===- RecordingChecks.h - What every recording writer relies on -*- C++
//-*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Consistency checks shared by the HDF5, CSV and SVG writers, run before
/// any file is created, and the canonical event order they all write.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_LIB_IO_RECORDINGCHECKS_H
#define DENDRON_RUNTIME_LIB_IO_RECORDINGCHECKS_H

#include "dendron/Runtime/Recording.h"

#include <cstddef>
#include <string>
#include <vector>

namespace dendron::rt::io {

/// Checks that `recording` can be written to `path`: dt finite and positive;
/// every name non-empty, without '/' or NUL and not "." or ".." (names become
/// HDF5 link names and file names); spike train names unique, trace
/// (name, variable) pairs unique; `neuron` and `step` of equal length, every
/// neuron < numNeurons and every step < numSteps; every trace holding
/// numSteps * width values; at most one weight snapshot per projection, with
/// as many pre and post indices as weights. On failure sets `error`
/// ("cannot write '<path>': ...") and returns false.
bool checkRecording(const Recording &recording, const std::string &path,
                    std::string &error);

/// Positions of the spikes of `train`, ordered by step, then neuron (stable).
std::vector<size_t> spikeOrder(const SpikeTrain &train);

} // namespace dendron::rt::io

#endif // DENDRON_RUNTIME_LIB_IO_RECORDINGCHECKS_H
