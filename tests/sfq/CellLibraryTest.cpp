//===- CellLibraryTest.cpp - SFQ cell library loading and errors ----------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "SfqTestUtil.h"

using namespace dendron::sfq;

namespace {

TEST(CellLibrary, LoadsMitllFiguresInTicks) {
  CellLibrary lib = test::loadLibrary("mitll-sfq5ee.json");
  EXPECT_EQ(lib.name, "mitll-sfq5ee");
  EXPECT_DOUBLE_EQ(lib.tickPs, 0.1);
  // ColdFlux RSFQlib v3.0 figures at 0.1 ps per tick.
  EXPECT_EQ(lib.jtl.delayTicks, 35);
  EXPECT_EQ(lib.splitter.delayTicks, 63);
  EXPECT_EQ(lib.merger.delayTicks, 90);
  EXPECT_EQ(lib.merger.minSeparationTicks, 102);
  EXPECT_EQ(lib.dff.delayTicks, 63);
  EXPECT_EQ(lib.others.at("ndro").delayTicks, 55);
  EXPECT_EQ(lib.others.at("and2").delayTicks, 50);
  EXPECT_EQ(lib.others.at("xor").delayTicks, 50);
  EXPECT_EQ(lib.synapse.maxValue, 8u);
  EXPECT_EQ(lib.soma.maxValue, 64u);
}

TEST(CellLibrary, LoadsSecondLibraryWithOtherTick) {
  CellLibrary lib = test::loadLibrary("generic-pylse.json");
  EXPECT_EQ(lib.name, "generic-pylse");
  EXPECT_DOUBLE_EQ(lib.tickPs, 0.5);
  EXPECT_EQ(lib.jtl.delayTicks, 11);            // 5.5 ps
  EXPECT_EQ(lib.merger.minSeparationTicks, 24); // 12 ps
  EXPECT_TRUE(lib.others.empty());
}

/// A minimal valid library with one field of one cell replaced by `patch`.
std::string library(const std::string &cell = "",
                    const std::string &patch = "") {
  auto c = [&](const std::string &name, const std::string &body) {
    return "\"" + name + "\": {" + (name == cell ? patch : body) + "}";
  };
  return R"({"name": "t", "tickPs": 0.1, "biasVoltageMv": 2.5,
             "junctionIcUa": 100, "cells": {)" +
         c("jtl", R"("delayPs": 3.5, "junctions": 2, "biasMa": 0.3)") + "," +
         c("splitter", R"("delayPs": 6.3, "junctions": 3, "biasMa": 0.4)") +
         "," + c("merger", R"("delayPs": 9, "minSeparationPs": 10.2,
                        "junctions": 5, "biasMa": 0.5)") +
         "," + c("dff", R"("delayPs": 6.3, "setupPs": 2, "holdPs": 3,
                     "junctions": 6, "biasMa": 0.5)") +
         "," +
         c("synapse", R"("delayPs": 8, "pulsePeriodPs": 12, "maxWeight": 8,
                         "junctions": 8, "biasMa": 0.9)") +
         "," + c("soma", R"("delayPs": 7, "setupPs": 3, "holdPs": 3,
                      "maxThreshold": 64, "junctions": 20, "biasMa": 2)") +
         "}}";
}

std::string errorOf(const std::string &text) {
  std::string error;
  auto lib = parseCellLibrary(text, "lib.json", error);
  EXPECT_FALSE(lib);
  return error;
}

TEST(CellLibrary, MinimalLibraryParses) {
  std::string error;
  auto lib = parseCellLibrary(library(), "lib.json", error);
  ASSERT_TRUE(lib) << error;
  EXPECT_EQ(lib->soma.setupTicks, 30);
}

TEST(CellLibrary, ErrorsNameFileCellFieldValueAndLimit) {
  EXPECT_EQ(errorOf(library("jtl", R"("delayPs": -1, "junctions": 2,
                                      "biasMa": 0.3)")),
            "lib.json: cell 'jtl': field 'delayPs' = -1: out of range, limit "
            "[0.1, 10000]");
  EXPECT_EQ(errorOf(library("merger", R"("delayPs": 9, "junctions": 5,
                                         "biasMa": 0.5)")),
            "lib.json: cell 'merger': field 'minSeparationPs' is missing");
  EXPECT_EQ(errorOf(library("dff", R"("delayPs": 6.33, "setupPs": 2,
                                      "holdPs": 3, "junctions": 6,
                                      "biasMa": 0.5)")),
            "lib.json: cell 'dff': field 'delayPs' = 6.33: not a whole number "
            "of ticks, limit: multiples of tickPs = 0.1");
  EXPECT_EQ(errorOf(library("soma", R"("delayPs": 7, "setupPs": 3,
                                       "holdPs": 3, "maxThreshold": "big",
                                       "junctions": 20, "biasMa": 2)")),
            "lib.json: cell 'soma': field 'maxThreshold' = \"big\": not a "
            "number");
  EXPECT_EQ(errorOf(library("splitter", R"("delayPs": 6.3, "junctions": 3,
                                           "biasMa": 0.4, "dealy": 1)")),
            "lib.json: cell 'splitter': field 'dealy': unknown field");
  EXPECT_EQ(errorOf(library("synapse", R"("delayPs": 8, "pulsePeriodPs": 9,
                                          "maxWeight": 8, "junctions": 8,
                                          "biasMa": 0.9)")),
            "lib.json: cell 'synapse': field 'pulsePeriodPs' = 9: below the "
            "merger's minimum separation, limit >= 10.2");
  EXPECT_EQ(errorOf(library("synapse", R"("delayPs": 8, "pulsePeriodPs": 12,
                                          "maxWeight": 0, "junctions": 8,
                                          "biasMa": 0.9)")),
            "lib.json: cell 'synapse': field 'maxWeight' = 0: out of range, "
            "limit [1, 65535]");
  // Two ticks at least, even when the merger's separation allows less.
  std::string tinyMerger = library("merger", R"("delayPs": 9,
      "minSeparationPs": 0.1, "junctions": 5, "biasMa": 0.5)");
  std::string period12 = "\"pulsePeriodPs\": 12";
  std::string tinyPeriod = tinyMerger.replace(
      tinyMerger.find(period12), period12.size(), "\"pulsePeriodPs\": 0.1");
  EXPECT_EQ(errorOf(tinyPeriod),
            "lib.json: cell 'synapse': field 'pulsePeriodPs' = 0.1: too "
            "short, limit >= 0.2 (2 ticks)");
  EXPECT_EQ(errorOf(R"({"tickPs": 0.1, "biasVoltageMv": 2.5,
                        "junctionIcUa": 100, "cells": {"jtl": 1, "splitter": 1,
                        "merger": 1, "dff": 1, "synapse": 1, "soma": 1}})"),
            "lib.json: cell 'dff': must be an object");
  EXPECT_EQ(errorOf(library("jtl", R"("delayPs": 3.5, "junctions": 2,
                                      "biasMa": 1e9)")),
            "lib.json: cell 'jtl': field 'biasMa' = 1000000000.0: out of "
            "range, limit [0, 1000]");
}

TEST(CellLibrary, StructuralErrors) {
  EXPECT_EQ(errorOf("{"), "lib.json: not valid JSON");
  EXPECT_EQ(errorOf("[]"), "lib.json: top level must be an object");
  EXPECT_EQ(errorOf(R"({"tickPs": 0.1, "biasVoltageMv": 2.5,
                        "junctionIcUa": 100})"),
            "lib.json: field 'cells' (an object) is missing");
  EXPECT_EQ(errorOf(R"({"biasVoltageMv": 2.5, "junctionIcUa": 100,
                        "cells": {}})"),
            "lib.json: cell '<library>': field 'tickPs' is missing");
  EXPECT_EQ(errorOf(R"({"tickPs": 0.1, "biasVoltageMv": 2.5,
                        "junctionIcUa": 100, "cells": {}})"),
            "lib.json: cell 'jtl' is missing (the lowering needs it)");
  EXPECT_EQ(errorOf(R"({"name": 3, "tickPs": 0.1})"),
            "lib.json: field 'name' must be a string");
  std::string error;
  EXPECT_FALSE(loadCellLibrary("/nonexistent/lib.json", error));
  EXPECT_EQ(error, "/nonexistent/lib.json: cannot open cell library");
}

} // namespace
