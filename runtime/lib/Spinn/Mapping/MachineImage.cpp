//===- MachineImage.cpp - All mapping stages in order ---------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "MappingCommon.h"

#include "dendron/Runtime/Simulator.h"

#include <fmt/format.h>

using namespace dendron;
using namespace dendron::spinn;

static std::optional<MachineImage>
buildImage(const rt::NetworkSpec &spec, const machine::MachineModel &machine,
           const MappingOptions &options, std::string &error) {
  std::string invalid = rt::validate(spec);
  if (!invalid.empty()) {
    error = invalid;
    return std::nullopt;
  }
  if (spec.profile != rt::NumericProfile::S16_15) {
    error = "the spinnaker target runs s16.15 fixed point: quantize the "
            "network first";
    return std::nullopt;
  }
  auto progress = [&](const char *stage, uint64_t done, uint64_t total) {
    if (options.progress)
      options.progress(stage, done, total);
  };

  progress("partition", 0, 1);
  std::optional<std::vector<Slice>> slices =
      partitionNetwork(spec, machine, options, error);
  if (!slices)
    return std::nullopt;
  progress("place", 0, 1);
  std::optional<std::vector<machine::CoreCoord>> placement =
      placeSlices(spec, machine, *slices, options, error);
  if (!placement)
    return std::nullopt;
  std::optional<std::vector<routing::KeyBlock>> keys =
      allocateSliceKeys(*slices, error);
  if (!keys)
    return std::nullopt;
  progress("routing tables", 0, 1);
  std::optional<std::vector<ChipTable>> tables =
      buildRoutingTables(spec, machine, *slices, *placement, *keys, error);
  if (!tables)
    return std::nullopt;
  progress("compress", 0, 1);
  if (!compressRoutingTables(*tables, machine, error))
    return std::nullopt;
  std::optional<std::vector<CoreProgram>> cores = buildSynapticData(
      spec, machine, *slices, *placement, *keys, options, error);
  if (!cores)
    return std::nullopt;

  MachineImage image;
  image.machine = machine;
  image.network = spec;
  image.network.projections.clear();
  image.placementSeed = options.seed;
  image.cores = std::move(*cores);
  image.tables = std::move(*tables);
  for (const CoreProgram &core : image.cores)
    image.numSynapses += core.words.size();
  return image;
}

std::optional<MachineImage>
spinn::buildMachineImage(const rt::NetworkSpec &spec,
                         const machine::MachineModel &machine,
                         const MappingOptions &options, std::string &error) {
  try {
    return buildImage(spec, machine, options, error);
  } catch (const std::bad_alloc &) {
    error = "out of memory mapping the network";
    return std::nullopt;
  }
}
