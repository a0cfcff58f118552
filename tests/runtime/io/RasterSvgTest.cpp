//===- RasterSvgTest.cpp - renderRasterSvg / writeRasterSvg ---------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// The SVG is checked by a tiny XML reader: tags balance, attribute values
/// are quoted, text and attributes hold no raw '<' and only known entities,
/// the root is an SVG 1.1 element with a namespace and viewBox; it also
/// counts the spike marks (rects inside <g class="spikes">).
///
//===----------------------------------------------------------------------===//

#include "IOTestSupport.h"

#include "dendron/Runtime/RecordingIO.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

using namespace dendron::rt;
using namespace dendron::rt::test;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

struct XmlSummary {
  std::string error; ///< empty if well-formed.
  std::map<std::string, std::string> rootAttributes;
  size_t spikeMarks = 0;
  std::vector<std::string> texts; ///< character data, still escaped.
};

/// Checks an escaped run of character data or an attribute value.
bool checkEscaped(const std::string &text, std::string &error) {
  if (text.find('<') != std::string::npos) {
    error = "raw '<' in '" + text + "'";
    return false;
  }
  for (size_t amp = text.find('&'); amp != std::string::npos;
       amp = text.find('&', amp + 1)) {
    size_t semicolon = text.find(';', amp);
    std::string entity = semicolon == std::string::npos
                             ? ""
                             : text.substr(amp, semicolon - amp + 1);
    if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" &&
        entity != "&quot;" && entity != "&apos;") {
      error = "bad entity in '" + text + "'";
      return false;
    }
  }
  return true;
}

XmlSummary checkXml(const std::string &xml) {
  XmlSummary summary;
  std::string &error = summary.error;
  // Element name and its class attribute.
  std::vector<std::pair<std::string, std::string>> open;
  bool sawRoot = false;
  size_t i = 0;
  if (xml.compare(0, 5, "<?xml") == 0)
    i = xml.find("?>") + 2;
  while (i < xml.size() && error.empty()) {
    size_t lt = xml.find('<', i);
    std::string text =
        xml.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    if (text.find_first_not_of(" \t\r\n") != std::string::npos) {
      if (open.empty())
        error = "text outside the root element";
      else if (checkEscaped(text, error))
        summary.texts.push_back(text);
    }
    if (lt == std::string::npos || !error.empty())
      break;
    i = lt + 1;
    if (xml.compare(i, 3, "!--") == 0) {
      i = xml.find("-->", i) + 3;
      continue;
    }
    if (xml[i] == '/') {
      size_t gt = xml.find('>', i);
      std::string name = xml.substr(i + 1, gt - i - 1);
      if (open.empty() || open.back().first != name)
        error = "unbalanced </" + name + ">";
      else
        open.pop_back();
      i = gt + 1;
      continue;
    }
    size_t nameEnd = xml.find_first_of(" \t\r\n/>", i);
    std::string name = xml.substr(i, nameEnd - i);
    if (name.empty()) {
      error = "empty element name";
      break;
    }
    i = nameEnd;
    std::map<std::string, std::string> attributes;
    bool selfClosing = false;
    while (error.empty()) {
      i = xml.find_first_not_of(" \t\r\n", i);
      if (i == std::string::npos) {
        error = "unterminated <" + name;
        break;
      }
      if (xml.compare(i, 2, "/>") == 0) {
        selfClosing = true;
        i += 2;
        break;
      }
      if (xml[i] == '>') {
        ++i;
        break;
      }
      size_t equals = xml.find('=', i);
      std::string key = xml.substr(i, equals - i);
      char quote = xml[equals + 1];
      if (quote != '"' && quote != '\'') {
        error = "unquoted attribute " + key;
        break;
      }
      size_t close = xml.find(quote, equals + 2);
      std::string value = xml.substr(equals + 2, close - equals - 2);
      if (!checkEscaped(value, error) || attributes.count(key))
        error = error.empty() ? "duplicate attribute " + key : error;
      attributes[key] = value;
      i = close + 1;
    }
    if (!error.empty())
      break;
    if (open.empty()) {
      if (sawRoot) {
        error = "two root elements";
        break;
      }
      sawRoot = true;
      summary.rootAttributes = attributes;
      if (name != "svg")
        error = "root element is <" + name + ">";
    }
    if (name == "rect" && !open.empty() && open.back().first == "g" &&
        open.back().second == "spikes")
      ++summary.spikeMarks;
    if (!selfClosing)
      open.emplace_back(name, attributes["class"]);
  }
  if (error.empty() && !open.empty())
    error = "unclosed <" + open.back().first + ">";
  if (error.empty() && !sawRoot)
    error = "no root element";
  return summary;
}

void expectSvg11Root(const XmlSummary &summary) {
  EXPECT_EQ(summary.rootAttributes.at("xmlns"), "http://www.w3.org/2000/svg");
  EXPECT_EQ(summary.rootAttributes.at("version"), "1.1");
  EXPECT_THAT(summary.rootAttributes.at("viewBox"), HasSubstr("0 0 1000 "));
}

bool hasText(const XmlSummary &summary, const std::string &text) {
  for (const std::string &t : summary.texts)
    if (t == text)
      return true;
  return false;
}

// One mark per spike, a label per population, a time axis in ms and a
// well-formed standalone SVG 1.1 document.
TEST(RasterSvg, WellFormedWithMarksLabelsAndAxis) {
  Recording recording = makeSmallRecording();
  std::string svg = renderRasterSvg(recording);
  XmlSummary summary = checkXml(svg);
  ASSERT_EQ(summary.error, "");
  expectSvg11Root(summary);
  EXPECT_EQ(summary.spikeMarks, 7u);
  EXPECT_TRUE(hasText(summary, "exc"));
  EXPECT_TRUE(hasText(summary, "stim"));
  EXPECT_TRUE(hasText(summary, "Spike raster"));
  EXPECT_TRUE(hasText(summary, "time [ms]"));
  EXPECT_TRUE(hasText(summary, "neuron"));
  // 10 ms: ticks every 1 ms, 0..10.
  EXPECT_TRUE(hasText(summary, "0"));
  EXPECT_TRUE(hasText(summary, "5"));
  EXPECT_TRUE(hasText(summary, "10"));
  // Neuron axis of "exc": 0 .. 3.
  EXPECT_TRUE(hasText(summary, "3"));
  // Each population has its own colour.
  EXPECT_THAT(svg, HasSubstr("<g class=\"spikes\" fill=\"#1f77b4\">"));
  EXPECT_THAT(svg, HasSubstr("<g class=\"spikes\" fill=\"#ff7f0e\">"));
}

// Markup characters in names are escaped; control characters and invalid
// UTF-8, which XML cannot carry, are replaced.
TEST(RasterSvg, EscapesNames) {
  Recording recording = makeSmallRecording();
  recording.spikes[0].name = "a<b&c";
  recording.spikes[1].name = std::string("bad\x01\xff\"'");
  RasterOptions options;
  options.title = "Run <1> & \"friends\"";
  std::string svg = renderRasterSvg(recording, options);
  XmlSummary summary = checkXml(svg);
  ASSERT_EQ(summary.error, "");
  EXPECT_TRUE(hasText(summary, "a&lt;b&amp;c"));
  EXPECT_THAT(svg, Not(HasSubstr("a<b&c")));
  EXPECT_TRUE(hasText(summary, "bad\xEF\xBF\xBD\xEF\xBF\xBD&quot;&apos;"));
  EXPECT_TRUE(hasText(summary, "Run &lt;1&gt; &amp; &quot;friends&quot;"));
}

// Too many spikes: every k-th neuron is drawn, at most maxMarks marks, and
// the title says so. The choice is deterministic.
TEST(RasterSvg, ThinsLargeRecordingsByNeuron) {
  Recording recording;
  recording.dt = 1e-3;
  recording.numSteps = 100;
  SpikeTrain train;
  train.name = "dense";
  train.numNeurons = 100;
  for (uint32_t step = 0; step < 100; ++step)
    for (uint32_t neuron = 0; neuron < 100; ++neuron) {
      train.step.push_back(step);
      train.neuron.push_back(neuron);
    }
  recording.spikes = {train};
  RasterOptions options;
  options.maxMarks = 1000;
  std::string svg = renderRasterSvg(recording, options);
  XmlSummary summary = checkXml(svg);
  ASSERT_EQ(summary.error, "");
  EXPECT_EQ(summary.spikeMarks, 1000u); // neurons 0, 10, ..., 90.
  EXPECT_TRUE(hasText(summary,
                      "Spike raster (showing 1,000 of 10,000 spikes: 1 neuron "
                      "in 10)"));
  EXPECT_EQ(svg, renderRasterSvg(recording, options));

  options.maxMarks = 0; // no limit.
  EXPECT_EQ(checkXml(renderRasterSvg(recording, options)).spikeMarks, 10000u);
}

// When even one neuron per train is too much, only the start of the run is
// drawn.
TEST(RasterSvg, ThinsSingleBusyNeuronByTime) {
  Recording recording;
  recording.dt = 1e-3;
  recording.numSteps = 1000;
  SpikeTrain train;
  train.name = "busy";
  train.numNeurons = 1;
  for (uint32_t step = 0; step < 1000; ++step) {
    train.step.push_back(step);
    train.neuron.push_back(0);
  }
  recording.spikes = {train};
  RasterOptions options;
  options.maxMarks = 100;
  XmlSummary summary = checkXml(renderRasterSvg(recording, options));
  ASSERT_EQ(summary.error, "");
  EXPECT_EQ(summary.spikeMarks, 100u);
  EXPECT_TRUE(hasText(summary, "Spike raster (showing 100 of 1,000 spikes: "
                               "first 100 ms)"));
}

// An empty recording still gives a valid picture.
TEST(RasterSvg, EmptyRecordingIsValid) {
  Recording recording;
  recording.dt = 1e-3;
  XmlSummary summary = checkXml(renderRasterSvg(recording));
  ASSERT_EQ(summary.error, "");
  EXPECT_EQ(summary.spikeMarks, 0u);
  EXPECT_TRUE(hasText(summary, "no spike trains recorded"));
}

TEST(RasterSvg, WritesFileAtomically) {
  ScratchDirectory dir;
  ASSERT_TRUE(dir.valid());
  std::string path = dir.file("raster.svg"), error;
  Recording recording = makeSmallRecording();
  ASSERT_TRUE(writeRasterSvg(recording, path, error)) << error;
  EXPECT_EQ(readFileBytes(path), renderRasterSvg(recording));

  std::string missing = dir.file("missing/raster.svg");
  EXPECT_FALSE(writeRasterSvg(recording, missing, error));
  EXPECT_THAT(error, HasSubstr(missing));
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"raster.svg"});
}

} // namespace
