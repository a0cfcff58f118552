//===- NirGraph.h - NIR graphs as plain data --------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A NIR (Neuromorphic Intermediate Representation) graph as plain structs,
/// independent of HDF5 and MLIR: nodes with their typed parameter arrays,
/// edges, and nested graphs. The reader (NirReader.h) fills it from a file
/// and checks its structure; the writer (NirWriter.h) lays it out as NIR's
/// Python writer does; the MLIR translation (NirImport.h) maps it onto the
/// `snn` dialect.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_TARGET_NIR_NIRGRAPH_H
#define DENDRON_TARGET_NIR_NIRGRAPH_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dendron::nir {

/// One parameter dataset of a node: a float or integer array of any rank
/// (rank 0 is a scalar), or a string.
struct NirParam {
  enum class Kind { Float32, Float64, Int64, String };
  Kind kind = Kind::Float64;
  /// Dimensions, outermost first; empty for scalars and strings.
  std::vector<int64_t> shape;
  /// Row-major values of a Float32/Float64 parameter (float32 widened).
  std::vector<double> floats;
  /// Row-major values of an Int64 parameter (any stored integer width).
  std::vector<int64_t> ints;
  /// The value of a String parameter.
  std::string text;

  bool isFloat() const {
    return kind == Kind::Float32 || kind == Kind::Float64;
  }
  /// Number of elements (1 for a scalar).
  int64_t numElements() const;
  /// The kind as NIR's files store it: "float32", "float64", "int64",
  /// "string".
  const char *kindName() const;
};

struct NirGraph;

/// One node: its key in the graph, its NIR type name and its parameters.
struct NirNode {
  std::string name;
  /// NIR type: "LIF", "Affine", "Input", "NIRGraph", ...
  std::string type;
  /// Path of the node's group inside the file, for messages.
  std::string path;
  /// Parameter datasets by name (everything but `type`).
  std::map<std::string, NirParam> params;
  /// The nested graph of a "NIRGraph" node, else null.
  std::unique_ptr<NirGraph> graph;

  const NirParam *param(const std::string &key) const {
    auto it = params.find(key);
    return it == params.end() ? nullptr : &it->second;
  }
};

/// A graph: nodes (in name order) and directed edges between node names.
/// An edge endpoint may name a node of this graph, a nested graph (meaning
/// its only Input or Output node) or `graph.port` (a named Input/Output
/// node of a nested graph).
struct NirGraph {
  /// Path of the graph's group inside the file ("/node" for the top).
  std::string path;
  std::vector<NirNode> nodes;
  std::vector<std::pair<std::string, std::string>> edges;

  const NirNode *find(const std::string &name) const;
};

/// A whole NIR file.
struct NirFile {
  /// The `/version` string, e.g. "0.2.0".
  std::string version;
  NirGraph graph;
};

} // namespace dendron::nir

#endif // DENDRON_TARGET_NIR_NIRGRAPH_H
