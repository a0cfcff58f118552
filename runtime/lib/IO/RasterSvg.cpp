//===- RasterSvg.cpp - Spike raster plot as a standalone SVG --------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Draws one horizontal band per spike train, stacked in recording order.
/// Inside a band neuron 0 is at the bottom; a spike at step s is a small
/// rectangle centred on (s + 1/2) dt. Large recordings are thinned
/// deterministically to at most RasterOptions::maxMarks marks.
///
//===----------------------------------------------------------------------===//

#include "AtomicFile.h"
#include "RecordingChecks.h"
#include "XmlText.h"

#include "dendron/Runtime/RecordingIO.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>

using namespace dendron::rt;
using namespace dendron::rt::io;

namespace {

/// Matplotlib's "tab10": distinct, readable on white.
constexpr const char *kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                    "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                    "#bcbd22", "#17becf"};

// Layout [px].
constexpr double kMarginLeft = 150, kMarginRight = 24, kMarginTop = 62,
                 kMarginBottom = 56, kBandGap = 10, kMinBandHeight = 36,
                 kMaxBandHeight = 240, kPixelsPerNeuron = 2;
constexpr size_t kMaxLabelCodePoints = 20;

/// 1234567 -> "1,234,567".
std::string groupDigits(uint64_t value) {
  std::string digits = fmt::format("{}", value);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

/// A number without trailing zeros: 2.5 -> "2.5", 40 -> "40".
std::string formatTick(double value) {
  std::string text = fmt::format("{:.6f}", value);
  while (!text.empty() && text.back() == '0')
    text.pop_back();
  if (!text.empty() && text.back() == '.')
    text.pop_back();
  return text == "-0" ? "0" : text;
}

/// The tick spacing among 1, 2, 5 x 10^k that puts at most `maxTicks`
/// intervals into `span` (> 0).
double tickSpacing(double span, int maxTicks) {
  double raw = span / maxTicks;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 5.0, 10.0})
    if (factor * power >= raw)
      return factor * power;
  return 10.0 * power;
}

/// Whether spike `i` of `train` can be placed at all. renderRasterSvg is
/// public and may see a recording checkRecording() would refuse: such spikes
/// are left out rather than drawn outside their band.
bool isPlaceable(const SpikeTrain &train, size_t i, uint32_t numSteps) {
  return i < train.step.size() && train.neuron[i] < train.numNeurons &&
         train.step[i] < numSteps;
}

/// Which spikes are drawn: neurons n with n % neuronStride == 0, at steps
/// below stepLimit.
struct MarkSelection {
  uint32_t neuronStride = 1;
  uint32_t stepLimit = 0;
  uint64_t drawn = 0;
  uint64_t total = 0;
  bool thinned() const { return drawn < total; }
};

MarkSelection selectMarks(const Recording &recording, uint64_t maxMarks) {
  MarkSelection selection;
  selection.stepLimit = recording.numSteps;
  for (const SpikeTrain &train : recording.spikes)
    for (size_t i = 0; i < train.neuron.size(); ++i)
      selection.total += isPlaceable(train, i, recording.numSteps);
  selection.drawn = selection.total;
  if (maxMarks == 0 || selection.total <= maxMarks)
    return selection;

  // Spikes per neuron, to price each stride without touching the spikes.
  std::vector<std::vector<uint64_t>> perNeuron;
  uint64_t largest = 1;
  for (const SpikeTrain &train : recording.spikes) {
    std::vector<uint64_t> counts(train.numNeurons, 0);
    for (size_t i = 0; i < train.neuron.size(); ++i)
      if (isPlaceable(train, i, recording.numSteps))
        ++counts[train.neuron[i]];
    largest = std::max<uint64_t>(largest, train.numNeurons);
    perNeuron.push_back(std::move(counts));
  }
  auto drawnWithStride = [&](uint64_t stride) {
    uint64_t drawn = 0;
    for (const std::vector<uint64_t> &counts : perNeuron)
      for (uint64_t neuron = 0; neuron < counts.size(); neuron += stride)
        drawn += counts[neuron];
    return drawn;
  };
  uint64_t stride =
      std::min(largest, (selection.total + maxMarks - 1) / maxMarks);
  for (;; ++stride) {
    selection.drawn = drawnWithStride(stride);
    selection.neuronStride = uint32_t(stride);
    if (selection.drawn <= maxMarks)
      return selection;
    if (stride >= largest)
      break;
  }

  // Only neuron 0 of each train is left and it is still too much: keep the
  // first steps that fit.
  std::vector<uint64_t> perStep(recording.numSteps, 0);
  for (const SpikeTrain &train : recording.spikes)
    for (size_t i = 0; i < train.neuron.size(); ++i)
      if (isPlaceable(train, i, recording.numSteps) &&
          train.neuron[i] % stride == 0)
        ++perStep[train.step[i]];
  uint64_t drawn = 0;
  uint32_t stepLimit = 0;
  while (stepLimit < recording.numSteps &&
         drawn + perStep[stepLimit] <= maxMarks)
    drawn += perStep[stepLimit++];
  selection.drawn = drawn;
  selection.stepLimit = stepLimit;
  return selection;
}

class RasterRenderer {
public:
  RasterRenderer(const Recording &recording, const RasterOptions &options)
      : recording_(recording), options_(options) {}
  std::string render();

private:
  template <typename... Args>
  void print(fmt::format_string<Args...> format, Args &&...args) {
    fmt::format_to(std::back_inserter(out_), format,
                   std::forward<Args>(args)...);
  }
  double bandHeight(const SpikeTrain &train) const {
    return std::clamp(kPixelsPerNeuron * train.numNeurons, kMinBandHeight,
                      kMaxBandHeight);
  }
  std::string heading(const MarkSelection &selection) const;
  void drawBand(const SpikeTrain &train, size_t index, double top,
                const MarkSelection &selection);
  std::vector<double> tickTimesMs() const;
  void drawBackground(double plotTop, double plotBottom);
  void drawTimeAxis(double plotBottom);

  const Recording &recording_;
  const RasterOptions &options_;
  double width_ = 0, plotWidth_ = 0, durationMs_ = 0;
  std::string out_;
};

std::string RasterRenderer::heading(const MarkSelection &selection) const {
  std::string text = options_.title.empty() ? "Spike raster" : options_.title;
  if (selection.thinned()) {
    text +=
        fmt::format(" (showing {} of {} spikes:", groupDigits(selection.drawn),
                    groupDigits(selection.total));
    if (selection.neuronStride > 1)
      text += fmt::format(" 1 neuron in {}", selection.neuronStride);
    if (selection.stepLimit < recording_.numSteps)
      text +=
          fmt::format("{} first {} ms", selection.neuronStride > 1 ? "," : "",
                      formatTick(selection.stepLimit * recording_.dt * 1e3));
    text += ")";
  }
  return text;
}

void RasterRenderer::drawBand(const SpikeTrain &train, size_t index, double top,
                              const MarkSelection &selection) {
  const char *colour = kPalette[index % std::size(kPalette)];
  double height = bandHeight(train);
  double bottom = top + height;
  double middle = top + height / 2;
  std::string name = xmlEscape(train.name);

  print("<g class=\"population\">\n");
  print("<title>{} ({} neurons, {} spikes)</title>\n", name,
        groupDigits(train.numNeurons), groupDigits(train.neuron.size()));
  print("<text class=\"label\" x=\"8\" y=\"{:.2f}\" fill=\"{}\" "
        "font-weight=\"bold\">{}</text>\n",
        middle - 2, colour, xmlEscape(train.name, kMaxLabelCodePoints));
  print("<text x=\"8\" y=\"{:.2f}\" fill=\"#666666\" font-size=\"10\">{} "
        "neurons</text>\n",
        middle + 11, groupDigits(train.numNeurons));
  // Neuron axis: first and last index at the band's edges.
  uint32_t last = train.numNeurons > 0 ? train.numNeurons - 1 : 0;
  print("<g font-size=\"10\" fill=\"#444444\" text-anchor=\"end\">"
        "<text x=\"{0:.2f}\" y=\"{1:.2f}\">0</text>"
        "<text x=\"{0:.2f}\" y=\"{2:.2f}\">{3}</text></g>\n",
        kMarginLeft - 6, bottom - 2, top + 9, last);

  if (train.numNeurons > 0 && recording_.numSteps > 0) {
    double stepWidth = plotWidth_ / recording_.numSteps;
    double neuronHeight = height / train.numNeurons;
    double markWidth = std::clamp(stepWidth * 0.8, 1.2, 3.0);
    double markHeight = std::clamp(neuronHeight * 0.8, 1.2, 6.0);
    print("<g class=\"spikes\" fill=\"{}\">\n", colour);
    for (size_t i : spikeOrder(train)) {
      if (!isPlaceable(train, i, recording_.numSteps))
        continue;
      uint32_t neuron = train.neuron[i], step = train.step[i];
      if (neuron % selection.neuronStride != 0 || step >= selection.stepLimit)
        continue;
      double x = kMarginLeft + (step + 0.5) * stepWidth - markWidth / 2;
      double y = bottom - (neuron + 0.5) * neuronHeight - markHeight / 2;
      print("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" "
            "height=\"{:.2f}\"/>\n",
            x, y, markWidth, markHeight);
    }
    print("</g>\n");
  }
  print("</g>\n");
}

std::vector<double> RasterRenderer::tickTimesMs() const {
  std::vector<double> ticks;
  double spacing = tickSpacing(durationMs_, 10);
  for (int tick = 0; tick * spacing <= durationMs_ * (1 + 1e-9); ++tick)
    ticks.push_back(tick * spacing);
  return ticks;
}

void RasterRenderer::drawBackground(double plotTop, double plotBottom) {
  // Painted first so that the grid and the marks stay on top.
  print("<g class=\"background\" fill=\"#f7f7f7\" stroke=\"#cccccc\">\n");
  double top = plotTop;
  for (const SpikeTrain &train : recording_.spikes) {
    print("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" "
          "height=\"{:.2f}\"/>\n",
          kMarginLeft, top, plotWidth_, bandHeight(train));
    top += bandHeight(train) + kBandGap;
  }
  print("</g>\n<g class=\"grid\" stroke=\"#dddddd\">\n");
  for (double ms : tickTimesMs()) {
    double x = kMarginLeft + ms / durationMs_ * plotWidth_;
    print(
        "<line x1=\"{0:.2f}\" y1=\"{1:.2f}\" x2=\"{0:.2f}\" y2=\"{2:.2f}\"/>\n",
        x, plotTop, plotBottom);
  }
  print("</g>\n");
}

void RasterRenderer::drawTimeAxis(double plotBottom) {
  print("<g class=\"time-axis\" font-size=\"10\" fill=\"#444444\" "
        "stroke=\"#444444\" text-anchor=\"middle\">\n");
  print("<line x1=\"{0:.2f}\" y1=\"{1:.2f}\" x2=\"{2:.2f}\" y2=\"{1:.2f}\"/>\n",
        kMarginLeft, plotBottom, kMarginLeft + plotWidth_);
  for (double ms : tickTimesMs()) {
    double x = kMarginLeft + ms / durationMs_ * plotWidth_;
    print(
        "<line x1=\"{0:.2f}\" y1=\"{1:.2f}\" x2=\"{0:.2f}\" y2=\"{2:.2f}\"/>\n",
        x, plotBottom, plotBottom + 5);
    print("<text x=\"{:.2f}\" y=\"{:.2f}\" stroke=\"none\">{}</text>\n", x,
          plotBottom + 17, formatTick(ms));
  }
  print("<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"12\" "
        "stroke=\"none\">time [ms]</text>\n",
        kMarginLeft + plotWidth_ / 2, plotBottom + 38);
  print("</g>\n");
}

std::string RasterRenderer::render() {
  width_ = std::max<double>(options_.width, 400);
  plotWidth_ = width_ - kMarginLeft - kMarginRight;
  durationMs_ =
      recording_.numSteps > 0 ? recording_.numSteps * recording_.dt * 1e3 : 1.0;
  if (!std::isfinite(durationMs_) || durationMs_ <= 0)
    durationMs_ = 1.0;

  double plotHeight = 0;
  for (const SpikeTrain &train : recording_.spikes)
    plotHeight += bandHeight(train) + kBandGap;
  if (recording_.spikes.empty())
    plotHeight = kMinBandHeight + kBandGap;
  double height = kMarginTop + plotHeight + kMarginBottom;
  double plotTop = kMarginTop;
  double plotBottom = plotTop + plotHeight - kBandGap / 2;

  MarkSelection selection = selectMarks(recording_, options_.maxMarks);
  std::string title = xmlEscape(heading(selection));
  std::string subtitle =
      fmt::format("{} spikes in {} train{}, {} ms at dt = {} ms",
                  groupDigits(selection.total), recording_.spikes.size(),
                  recording_.spikes.size() == 1 ? "" : "s",
                  formatTick(recording_.numSteps * recording_.dt * 1e3),
                  formatTick(recording_.dt * 1e3));

  print("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  print("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
        "width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" "
        "font-family=\"sans-serif\" font-size=\"12\">\n",
        width_, height);
  print("<title>{}</title>\n", title);
  print("<rect x=\"0\" y=\"0\" width=\"{:.0f}\" height=\"{:.0f}\" "
        "fill=\"white\"/>\n",
        width_, height);
  print("<text class=\"title\" x=\"{:.2f}\" y=\"24\" font-size=\"16\" "
        "font-weight=\"bold\" text-anchor=\"middle\">{}</text>\n",
        width_ / 2, title);
  print("<text x=\"{:.2f}\" y=\"42\" fill=\"#666666\" "
        "text-anchor=\"middle\">{}</text>\n",
        width_ / 2, xmlEscape(subtitle));
  print("<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"10\" fill=\"#444444\" "
        "text-anchor=\"end\">neuron</text>\n",
        kMarginLeft - 6, kMarginTop - 6);

  drawBackground(plotTop, plotBottom);
  double top = plotTop;
  for (size_t i = 0; i < recording_.spikes.size(); ++i) {
    drawBand(recording_.spikes[i], i, top, selection);
    top += bandHeight(recording_.spikes[i]) + kBandGap;
  }
  if (recording_.spikes.empty()) {
    print("<text x=\"{:.2f}\" y=\"{:.2f}\" fill=\"#666666\" "
          "text-anchor=\"middle\">no spike trains recorded</text>\n",
          kMarginLeft + plotWidth_ / 2, plotTop + kMinBandHeight / 2);
  }
  drawTimeAxis(plotBottom);
  print("</svg>\n");
  return std::move(out_);
}

} // namespace

std::string dendron::rt::renderRasterSvg(const Recording &recording,
                                         const RasterOptions &options) {
  return RasterRenderer(recording, options).render();
}

bool dendron::rt::writeRasterSvg(const Recording &recording,
                                 const std::string &path, std::string &error,
                                 const RasterOptions &options) {
  if (!checkRecording(recording, path, error))
    return false;
  std::unique_ptr<AtomicFile> file = AtomicFile::create(path, error);
  if (!file)
    return false;
  file->append(renderRasterSvg(recording, options));
  return file->commit(error);
}
