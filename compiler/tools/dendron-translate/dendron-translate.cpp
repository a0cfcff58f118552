//===- dendron-translate.cpp - Translations in and out of Dendron ---------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
//
// mlir-translate with Dendron's translations: `--import-nir` (NIR HDF5 to
// the snn dialect) and `--export-nir` (back).
//
//===----------------------------------------------------------------------===//

#include "dendron/Target/NIR/NirImport.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  dendron::nir::registerNirTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "Dendron translation driver"));
}
