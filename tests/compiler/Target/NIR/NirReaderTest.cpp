//===- NirReaderTest.cpp - Tests of the NIR reader and writer -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "dendron/Target/NIR/NirReader.h"
#include "dendron/Target/NIR/NirWriter.h"

#include <gtest/gtest.h>

#include <unistd.h>

using namespace dendron::nir;

namespace {

NirParam floats(std::vector<double> values, std::vector<int64_t> shape,
                NirParam::Kind kind = NirParam::Kind::Float64) {
  NirParam param;
  param.kind = kind;
  param.floats = std::move(values);
  param.shape = std::move(shape);
  return param;
}

NirParam ints(std::vector<int64_t> values) {
  NirParam param;
  param.kind = NirParam::Kind::Int64;
  param.shape = {int64_t(values.size())};
  param.ints = std::move(values);
  return param;
}

/// Input(2) -> Affine -> LIF(3) -> Output.
NirFile smallGraph() {
  NirFile file;
  file.version = "0.2.0";
  file.graph.path = "/node";
  NirNode in;
  in.name = "in";
  in.type = "Input";
  in.params["shape"] = ints({2});
  NirNode fc;
  fc.name = "fc";
  fc.type = "Affine";
  fc.params["weight"] =
      floats({1, 2, 3, 4, 5, 6}, {3, 2}, NirParam::Kind::Float32);
  fc.params["bias"] = floats({0, 0, 0}, {3}, NirParam::Kind::Float32);
  NirNode lif;
  lif.name = "lif";
  lif.type = "LIF";
  lif.params["tau"] = floats({0.01}, {1});
  lif.params["r"] = floats({1}, {1});
  lif.params["v_leak"] = floats({0}, {1});
  lif.params["v_threshold"] = floats({1}, {1});
  NirNode out;
  out.name = "out";
  out.type = "Output";
  out.params["shape"] = ints({3});
  file.graph.nodes.push_back(std::move(fc));
  file.graph.nodes.push_back(std::move(in));
  file.graph.nodes.push_back(std::move(lif));
  file.graph.nodes.push_back(std::move(out));
  file.graph.edges = {{"in", "fc"}, {"fc", "lif"}, {"lif", "out"}};
  return file;
}

std::optional<NirFile> roundTrip(const NirFile &file, std::string &error,
                                 const NirReadLimits &limits = {}) {
  std::optional<std::string> bytes = writeNirImage(file, error);
  if (!bytes)
    return std::nullopt;
  return readNirImage(bytes->data(), bytes->size(), "mem.nir", error, limits);
}

TEST(NirReader, WriterOutputReadsBack) {
  std::string error;
  std::optional<NirFile> file = roundTrip(smallGraph(), error);
  ASSERT_TRUE(file) << error;
  EXPECT_EQ(file->version, "0.2.0");
  ASSERT_EQ(file->graph.nodes.size(), 4u);
  const NirNode *fc = file->graph.find("fc");
  ASSERT_NE(fc, nullptr);
  EXPECT_EQ(fc->type, "Affine");
  EXPECT_EQ(fc->path, "/node/nodes/fc");
  const NirParam *weight = fc->param("weight");
  ASSERT_NE(weight, nullptr);
  EXPECT_EQ(weight->kind, NirParam::Kind::Float32);
  EXPECT_EQ(weight->shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(weight->floats, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(file->graph.find("in")->param("shape")->ints,
            (std::vector<int64_t>{2}));
  EXPECT_EQ(file->graph.edges.size(), 3u);
}

TEST(NirReader, DanglingEdgeNamesEdgeAndGraph) {
  NirFile graph = smallGraph();
  graph.graph.edges.push_back({"lif", "nowhere"});
  std::string error;
  EXPECT_FALSE(roundTrip(graph, error));
  EXPECT_EQ(error, "mem.nir: /node/edges: edge 3 ('lif' -> 'nowhere') of "
                   "graph /node: expected the name of a node of the graph, "
                   "found 'nowhere', which is not one (nodes: fc, in, lif, "
                   "out)");
}

TEST(NirReader, MissingRequiredField) {
  NirFile graph = smallGraph();
  for (NirNode &node : graph.graph.nodes)
    if (node.name == "lif")
      node.params.erase("tau");
  std::string error;
  EXPECT_FALSE(roundTrip(graph, error));
  EXPECT_EQ(error, "mem.nir: /node/nodes/lif/tau: expected the field 'tau' "
                   "required by LIF nodes, found nothing");
}

TEST(NirReader, WrongKind) {
  NirFile graph = smallGraph();
  for (NirNode &node : graph.graph.nodes)
    if (node.name == "in")
      node.params["shape"] = floats({2}, {1});
  std::string error;
  EXPECT_FALSE(roundTrip(graph, error));
  EXPECT_EQ(error, "mem.nir: /node/nodes/in/shape: expected integer data, "
                   "found float64 data");
}

TEST(NirReader, NestingDepthIsBounded) {
  NirFile file;
  file.version = "0.2.0";
  NirGraph *graph = &file.graph;
  for (int i = 0; i < 5; ++i) {
    NirNode sub;
    sub.name = "g";
    sub.type = "NIRGraph";
    sub.graph = std::make_unique<NirGraph>();
    NirGraph *next = sub.graph.get();
    graph->nodes.push_back(std::move(sub));
    graph = next;
  }
  std::string error;
  NirReadLimits limits;
  limits.maxDepth = 5;
  EXPECT_TRUE(roundTrip(file, error, limits)) << error;
  limits.maxDepth = 4;
  EXPECT_FALSE(roundTrip(file, error, limits));
  EXPECT_EQ(error, "mem.nir: /node/nodes/g/nodes/g/nodes/g/nodes/g/nodes/g: "
                   "expected NIRGraph nodes nested at most 4 deep, found "
                   "deeper nesting");
}

TEST(NirReader, ByteBudgetCheckedBeforeReading) {
  std::string error;
  NirReadLimits limits;
  limits.maxTotalBytes = 64;
  EXPECT_FALSE(roundTrip(smallGraph(), error, limits));
  EXPECT_NE(error.find("expected at most 64 bytes of parameter data"),
            std::string::npos)
      << error;
}

TEST(NirReader, VersionChecked) {
  NirFile graph = smallGraph();
  graph.version = "1.0.0";
  std::string error;
  EXPECT_FALSE(roundTrip(graph, error));
  EXPECT_EQ(error, "mem.nir: /version: expected NIR version 0.1.x or 0.2.x, "
                   "found '1.0.0'");
}

TEST(NirReader, GarbageIsNotHdf5) {
  std::string garbage(4096, 'x');
  std::string error;
  EXPECT_FALSE(readNirImage(garbage.data(), garbage.size(), "g.nir", error));
  EXPECT_EQ(error.rfind("g.nir: /: expected an HDF5 file", 0), 0u) << error;
  EXPECT_FALSE(readNirImage(garbage.data(), 0, "g.nir", error));
}

TEST(NirReader, ReadsNorseFile) {
  std::string error;
  std::optional<NirFile> file =
      readNirFile(DENDRON_SHARED_DIR "/nir/lif_norse.nir", error);
  ASSERT_TRUE(file) << error;
  EXPECT_EQ(file->version, "0.1.1");
  const NirNode *lif = file->graph.find("1");
  ASSERT_NE(lif, nullptr);
  EXPECT_EQ(lif->type, "LIF");
  EXPECT_EQ(lif->param("tau")->kind, NirParam::Kind::Float32);
  EXPECT_EQ(lif->param("tau")->floats.front(), double(0.0025f));
  EXPECT_EQ(file->graph.edges.size(), 3u);
}

TEST(NirReader, IsolatedAndInProcessReadsAgree) {
  // The isolated reader ships the graph back from a child process through
  // its own encoding; the nested file exercises every part of it.
  std::string path = DENDRON_SHARED_DIR "/nir/cnn_sinabs.nir";
  NirReadLimits inProcess;
  inProcess.isolate = false;
  std::string error;
  std::optional<NirFile> a = readNirFile(path, error, inProcess);
  ASSERT_TRUE(a) << error;
  std::optional<NirFile> b = readNirFile(path, error);
  ASSERT_TRUE(b) << error;
  EXPECT_EQ(a->version, b->version);
  EXPECT_EQ(a->graph.edges, b->graph.edges);
  ASSERT_EQ(a->graph.nodes.size(), b->graph.nodes.size());
  for (size_t i = 0; i < a->graph.nodes.size(); ++i) {
    const NirNode &x = a->graph.nodes[i], &y = b->graph.nodes[i];
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.type, y.type);
    EXPECT_EQ(x.path, y.path);
    ASSERT_EQ(x.params.size(), y.params.size());
    for (const auto &[key, param] : x.params) {
      const NirParam *other = y.param(key);
      ASSERT_NE(other, nullptr) << key;
      EXPECT_EQ(param.kind, other->kind);
      EXPECT_EQ(param.shape, other->shape);
      EXPECT_EQ(param.floats, other->floats);
      EXPECT_EQ(param.ints, other->ints);
      EXPECT_EQ(param.text, other->text);
    }
  }
}

TEST(NirReader, IsolatedReaderReportsErrors) {
  std::string error;
  EXPECT_FALSE(readNirFile(
      DENDRON_SHARED_DIR "/nir/braille_noDelay_bias_zero_subgraph.nir", error));
  EXPECT_NE(error.find("of graph /node/nodes/lif1: expected the name of a "
                       "node of the graph, found 'lif'"),
            std::string::npos)
      << error;
  EXPECT_FALSE(readNirFile("/nonexistent/file.nir", error));
  EXPECT_EQ(error.rfind("/nonexistent/file.nir: /: expected an HDF5 file", 0),
            0u)
      << error;
}

TEST(NirReader, RejectsBrailleSubgraph) {
  std::string error;
  EXPECT_FALSE(readNirFile(
      DENDRON_SHARED_DIR "/nir/braille_noDelay_bias_zero_subgraph.nir", error));
  EXPECT_NE(error.find("/node/nodes/lif1/edges: edge 0 ('input' -> 'lif') "
                       "of graph /node/nodes/lif1"),
            std::string::npos)
      << error;
}

TEST(NirWriter, AtomicFileWrite) {
  std::string path = ::testing::TempDir() + "/nir_writer_test.nir";
  std::string error;
  ASSERT_TRUE(writeNirFile(smallGraph(), path, error)) << error;
  std::optional<NirFile> file = readNirFile(path, error);
  ASSERT_TRUE(file) << error;
  EXPECT_EQ(file->graph.nodes.size(), 4u);
  EXPECT_FALSE(writeNirFile(smallGraph(), "/nonexistent-dir/x.nir", error));
  EXPECT_EQ(error, "cannot write '/nonexistent-dir/x.nir.tmp." +
                       std::to_string(::getpid()) + "'");
}

} // namespace
