//===- SnnToRuntime.h - snn IR to runtime network description ---*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Reads an `snn.network` into the runtime's plain-data NetworkSpec. The
/// translation only reads the IR. It is shared by the `dendron run` driver,
/// the snn-quantize pass (which needs the runtime's view of each model) and
/// later targets.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_DIALECT_SNN_SNNTORUNTIME_H
#define DENDRON_DIALECT_SNN_SNNTORUNTIME_H

#include "dendron/Dialect/Snn/SnnOps.h"
#include "dendron/Runtime/Network.h"

namespace dendron::snn {

/// The runtime model of a neuron-model attribute (every model attribute of
/// the dialect has one).
rt::NeuronModel toRuntimeModel(NeuronModelAttrInterface model);

/// The runtime form of a plasticity rule; `modulator` resolves a
/// three-factor rule's modulator symbol. Fails (with a diagnostic on
/// `anchor`) if the symbol does not resolve.
mlir::FailureOr<rt::Plasticity> toRuntimePlasticity(
    mlir::Operation *anchor, mlir::Attribute plasticity,
    llvm::function_ref<std::optional<rt::NodeRef>(mlir::FlatSymbolRefAttr)>
        resolve);

/// The initial-potential distribution a population starts from: its `init`
/// attribute, or else the model's resting value (v_leak for LIF/LI and
/// dendritic somata, v_reset for IF, c for Izhikevich).
rt::RealDistribution initialPotential(PopulationOp population);

/// Reads the floating-point weights of a dense or conv2d projection
/// (inline `dense<...>` or a `dense_resource` blob), in row-major order.
/// Fails with a diagnostic on `anchor` when a resource blob is missing.
mlir::FailureOr<std::vector<double>> readWeights(mlir::Operation *anchor,
                                                 mlir::ElementsAttr weights);

/// Translates a whole network. Emits a diagnostic and fails if the IR holds
/// something the runtime cannot represent.
mlir::FailureOr<rt::NetworkSpec> translateToRuntime(NetworkOp network);

} // namespace dendron::snn

#endif // DENDRON_DIALECT_SNN_SNNTORUNTIME_H
