//===- InitAll.cpp - Register every Dendron dialect and pass --------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/InitAll.h"
#include "dendron/Dialect/Snn/SnnDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/Passes.h"

void dendron::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<snn::SnnDialect, mlir::func::FuncDialect>();
}

void dendron::registerAllPasses() {
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
}
