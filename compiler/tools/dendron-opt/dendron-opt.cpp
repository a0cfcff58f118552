//===- dendron-opt.cpp - Dendron optimizer driver -------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// mlir-opt for Dendron: every Dendron dialect and pass registered.
//
//===----------------------------------------------------------------------===//

#include "dendron/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  dendron::registerAllDialects(registry);
  dendron::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Dendron optimizer driver\n", registry));
}
