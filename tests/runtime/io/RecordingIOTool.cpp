//===- RecordingIOTool.cpp - Drives RecordingIO for the h5py layout check -===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// `recording-io-tool write <out.h5>` writes the small test recording;
/// `recording-io-tool read <in.h5> <dt>` reads spike input and prints one
/// line per train: `<name> n_neurons=<n> events=<step>:<neuron>,...`.
/// Exit status 1 with the error on stderr if either fails.
///
//===----------------------------------------------------------------------===//

#include "IOTestSupport.h"

#include "dendron/Runtime/RecordingIO.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace dendron::rt;

int main(int argc, char **argv) {
  std::string error;
  if (argc == 3 && std::strcmp(argv[1], "write") == 0) {
    if (writeRecordingHdf5(test::makeSmallRecording(), argv[2], error))
      return 0;
  } else if (argc == 4 && std::strcmp(argv[1], "read") == 0) {
    auto trains = readSpikeInputHdf5(argv[2], std::atof(argv[3]), error);
    if (trains) {
      for (const SpikeTrain &train : *trains) {
        std::printf("%s n_neurons=%u events=", train.name.c_str(),
                    train.numNeurons);
        for (size_t i = 0; i < train.step.size(); ++i)
          std::printf("%s%u:%u", i ? "," : "", train.step[i], train.neuron[i]);
        std::printf("\n");
      }
      return 0;
    }
  } else {
    std::fprintf(stderr, "usage: %s write <out.h5> | read <in.h5> <dt>\n",
                 argv[0]);
    return 2;
  }
  std::fprintf(stderr, "%s\n", error.c_str());
  return 1;
}
