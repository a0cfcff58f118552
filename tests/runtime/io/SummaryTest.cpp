//===- SummaryTest.cpp - formatSummary
//-------------------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "IOTestSupport.h"

#include "dendron/Runtime/RecordingIO.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace dendron::rt;
using namespace dendron::rt::test;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;

namespace {

// The small recording: 10 steps of 1 ms. exc: 5 spikes / (4 neurons *
// 0.01 s) = 125 Hz; stim: 2 / (2 * 0.01 s) = 100 Hz. 20 synaptic events in
// 2 ms of wall time = 10 k events/s; 10 ms simulated in 2 ms = factor 5.
TEST(Summary, ContainsCountsRatesAndTimes) {
  std::string summary = formatSummary(makeSmallRecording());
  EXPECT_THAT(summary, HasSubstr("10 x dt 1.000 ms = 10.000 ms simulated"));
  EXPECT_THAT(summary, HasSubstr("6 neurons, 8 synapses"));
  EXPECT_THAT(summary, HasSubstr("7 (5 from populations, 2 from sources)"));
  EXPECT_THAT(summary, ContainsRegex("exc +population +4 +5 +125\\.00\n"));
  EXPECT_THAT(summary, ContainsRegex("stim +source +2 +2 +100\\.00\n"));
  EXPECT_THAT(summary, ContainsRegex("loop wall time +2\\.000 ms"));
  EXPECT_THAT(summary, ContainsRegex("setup time +1\\.000 ms"));
  EXPECT_THAT(summary, HasSubstr("20 (10 k events/s)"));
  EXPECT_THAT(summary, ContainsRegex("real-time factor +5 \\("));
}

// Columns line up: every table row has the rate column ending at the same
// place as the header's.
TEST(Summary, TableColumnsAreAligned) {
  Recording recording = makeSmallRecording();
  recording.nodes[0].name = "a_much_longer_population_name";
  recording.nodes[0].spikes = 1234567;
  std::string summary = formatSummary(recording);
  std::vector<std::string> lines;
  for (size_t start = 0, end; start < summary.size(); start = end + 1) {
    end = summary.find('\n', start);
    lines.push_back(summary.substr(start, end - start));
  }
  auto header = std::find_if(lines.begin(), lines.end(), [](auto &line) {
    return line.find("rate [Hz]") != std::string::npos;
  });
  ASSERT_NE(header, lines.end());
  ASSERT_LT(header + 2, lines.end());
  EXPECT_EQ(header->size(), header[1].size());
  EXPECT_EQ(header->size(), header[2].size());
  EXPECT_THAT(header[1], HasSubstr("1,234,567"));
}

// Without node statistics the table comes from the spike trains; without a
// wall time there is no rate of events or real-time factor.
TEST(Summary, FallsBackToSpikeTrainsAndMissingTimes) {
  Recording recording = makeSmallRecording();
  recording.nodes.clear();
  recording.wallSeconds = 0;
  std::string summary = formatSummary(recording);
  EXPECT_THAT(summary, ContainsRegex("exc +recorded +4 +5 +125\\.00\n"));
  EXPECT_THAT(summary, ContainsRegex("spikes +7\n"));
  EXPECT_THAT(summary, ContainsRegex("synaptic events +20\n"));
  EXPECT_THAT(summary, HasSubstr("n/a (no wall time)"));
}

} // namespace
