//===- InitAll.cpp - Register every Dendron dialect and pass --------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/InitAll.h"
#include "dendron/Dialect/Snn/SnnDialect.h"
#include "dendron/Dialect/Snn/SnnPasses.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/Passes.h"

void dendron::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<snn::SnnDialect, mlir::func::FuncDialect>();
}

void dendron::registerAllPasses() {
  snn::registerSnnPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
}
