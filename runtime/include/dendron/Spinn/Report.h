//===- Report.h - Mapping and run reports, placement pictures ---*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// What a user looks at after `dendron compile --target=spinnaker` and
/// `dendron run`: a JSON report of the mapping (machine, totals, per-core
/// resources and expected load, per-chip router table sizes), a JSON report
/// of a run (per-core cycles and overruns, link traffic, dropped packets),
/// and three self-contained SVG pictures (placement, router usage, core
/// load). All output is deterministic for a given image. The JSON layout is
/// described in docs/MachineImage.md.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_SPINN_REPORT_H
#define DENDRON_SPINN_REPORT_H

#include "dendron/Spinn/MachineImage.h"
#include "dendron/Spinn/MachineSimulator.h"

#include <string>

namespace dendron::spinn {

/// Bytes of shared memory a synaptic word occupies [bytes/synapse].
constexpr uint64_t kBytesPerSynapticWord = sizeof(uint64_t);

/// The mapping report: machine summary, totals, one record per used core
/// (resources, expected cycles against the timestep budget) and one per
/// routing chip (uncompressed and compressed table size, limit). JSON text,
/// two-space indentation, trailing newline.
std::string mappingReportJson(const MachineImage &image);

/// The run report: per-core cycles and overruns, per-link traffic and the
/// packets dropped, re-injected and lost. `report` must come from running
/// `image` (its cores are in image order).
std::string runReportJson(const MachineImage &image,
                          const MachineReport &report);

/// The mesh with each chip's application cores coloured by the population
/// or source they run; dead chips and cores are crossed out. One `<rect>`
/// with class "chip" per chip in the machine's shape, one with class
/// "core" per core of a live chip (monitor, dead and unused ones included).
std::string placementSvg(const MachineImage &image);

/// Router table use per chip: compressed entries over the router limit as a
/// heat map, the numbers printed on each chip. One `<rect>` with class
/// "chip" per chip in the shape.
std::string routerUsageSvg(const MachineImage &image);

/// Expected per-core load: expected cycles over the timestep budget
/// (clockHz * dt) as a heat map; cores over budget are outlined in red and
/// listed. One `<rect>` with class "chip" per chip in the shape and one with
/// class "core" per used core.
std::string coreLoadSvg(const MachineImage &image);

} // namespace dendron::spinn

#endif // DENDRON_SPINN_REPORT_H
