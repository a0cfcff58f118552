//===- InitAll.cpp - Register every Dendron dialect and pass --------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/InitAll.h"
#include "dendron/Dialect/Snn/SnnDialect.h"
#include "dendron/Dialect/Snn/SnnPasses.h"
#include "dendron/Dialect/Spinn/SpinnDialect.h"
#include "dendron/Dialect/Spinn/SpinnPasses.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/Passes.h"

void dendron::registerAllDialects(mlir::DialectRegistry &registry) {
  registry
      .insert<snn::SnnDialect, spinn::SpinnDialect, mlir::func::FuncDialect>();
}

void dendron::registerAllPasses() {
  snn::registerSnnPasses();
  spinn::registerSpinnPasses();
  spinn::registerSpinnPipeline();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
}
