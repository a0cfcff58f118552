//===- RecordingCsv.cpp - Recording to CSV files
//---------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The spike file and one file per trace; layout in RecordingIO.h.
///
//===----------------------------------------------------------------------===//

#include "AtomicFile.h"
#include "RecordingChecks.h"

#include "dendron/Runtime/RecordingIO.h"

#include <fmt/format.h>

using namespace dendron::rt;
using namespace dendron::rt::io;

namespace {

/// `field` as one CSV field: quoted (quotes doubled) if it holds a comma,
/// quote or line break, as RFC 4180 asks.
std::string csvField(const std::string &field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos)
    return field;
  std::string quoted = "\"";
  for (char c : field) {
    if (c == '"')
      quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void writeSpikes(const Recording &recording, AtomicFile &file) {
  file.append("population,neuron,step,time_s\n");
  for (const SpikeTrain &train : recording.spikes) {
    std::string population = csvField(train.name);
    for (size_t i : spikeOrder(train))
      file.print("{},{},{},{:.12g}\n", population, train.neuron[i],
                 train.step[i], double(train.step[i]) * recording.dt);
  }
}

void writeTrace(const Recording &recording, const Trace &trace,
                AtomicFile &file) {
  file.append("step,time_s");
  for (uint32_t column = 0; column < trace.width; ++column)
    file.print(",n{}", column);
  file.append("\n");
  for (uint32_t step = 0; step < recording.numSteps; ++step) {
    file.print("{},{:.12g}", step, double(step) * recording.dt);
    const double *row = trace.values.data() + size_t(step) * trace.width;
    for (uint32_t column = 0; column < trace.width; ++column)
      file.print(",{}", row[column]);
    file.append("\n");
  }
}

} // namespace

std::string dendron::rt::traceCsvPath(const std::string &csvPath,
                                      const Trace &trace) {
  std::string stem = csvPath;
  size_t slash = stem.rfind('/');
  size_t nameStart = slash == std::string::npos ? 0 : slash + 1;
  if (stem.size() > nameStart + 4 &&
      stem.compare(stem.size() - 4, 4, ".csv") == 0)
    stem.resize(stem.size() - 4);
  return fmt::format("{}.{}.{}.csv", stem, trace.name, trace.variable);
}

bool dendron::rt::writeRecordingCsv(const Recording &recording,
                                    const std::string &path,
                                    std::string &error) {
  if (!checkRecording(recording, path, error))
    return false;
  // Write everything first; rename only once all files are complete.
  std::vector<std::unique_ptr<AtomicFile>> traceFiles;
  for (const Trace &trace : recording.traces) {
    std::string tracePath = traceCsvPath(path, trace);
    if (tracePath == path) {
      error = fmt::format("cannot write '{}': trace '{}.{}' would overwrite "
                          "the spike file",
                          path, trace.name, trace.variable);
      return false;
    }
    std::unique_ptr<AtomicFile> file = AtomicFile::create(tracePath, error);
    if (!file)
      return false;
    writeTrace(recording, trace, *file);
    traceFiles.push_back(std::move(file));
  }
  std::unique_ptr<AtomicFile> spikeFile = AtomicFile::create(path, error);
  if (!spikeFile)
    return false;
  writeSpikes(recording, *spikeFile);

  for (std::unique_ptr<AtomicFile> &file : traceFiles)
    if (!file->commit(error))
      return false;
  return spikeFile->commit(error);
}
