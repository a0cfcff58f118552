//===- ImageIOTest.cpp - Machine image files ------------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Round trips, byte-identical re-writes, atomic writes, and the reader's
/// answer to corrupt files: truncation anywhere, bad header fields, huge
/// counts, out-of-range enums, invariant violations, flipped bytes. Expected
/// messages are derived from the format document (docs/MachineImage.md),
/// reading the file's own section table with an independent parser.
///
//===----------------------------------------------------------------------===//

#include "ImageTestSupport.h"

#include "dendron/Spinn/ImageIO.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>

using namespace dendron;
using namespace dendron::spinn;
using namespace dendron::spinn::test;

namespace {

/// Reads `path`, expecting failure; returns the message.
std::string readError(const std::string &path) {
  std::string error;
  auto image = readMachineImage(path, error);
  EXPECT_FALSE(image.has_value()) << "read succeeded for " << path;
  return error;
}

/// Writes the test image and returns its bytes.
std::vector<unsigned char> goodBytes(const ScratchDir &dir) {
  std::string path = dir.file("good.dimg");
  EXPECT_EQ(writeMachineImage(makeTestImage(), path), "");
  return readBytes(path);
}

/// The message the reader gives for a file cut to `length` bytes, derived
/// from the header layout and the good file's section table.
std::string truncationMessage(const std::vector<unsigned char> &good,
                              uint64_t length) {
  if (length < 16)
    return "header: file is " + std::to_string(length) +
           " bytes, shorter than the 16-byte header";
  if (length < kHeaderSize)
    return "section table: file is " + std::to_string(length) +
           " bytes, the section table ends at byte 176";
  for (int i = 0; i < 5; ++i) {
    SectionInfo s = section(good, i);
    if (s.offset + s.size > length)
      return "section '" + std::string(kSectionName[i]) + "': bytes [" +
             std::to_string(s.offset) + ", " +
             std::to_string(s.offset + s.size) +
             ") run past the end of the file (" + std::to_string(length) +
             " bytes)";
  }
  return "";
}

TEST(ImageIO, RoundTripKeepsEveryField) {
  ScratchDir dir("roundtrip");
  MachineImage image = makeTestImage();
  ASSERT_EQ(validateMachineImage(image), "");
  std::string path = dir.file("net.dimg");
  ASSERT_EQ(writeMachineImage(image, path), "");
  std::string error;
  auto back = readMachineImage(path, error);
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(error, "");
  expectImagesEqual(image, *back);
}

TEST(ImageIO, ProfilesRoundTrip) {
  ScratchDir dir("profiles");
  for (const char *profile : {"spinn5", "spinn2", "4x3t"}) {
    SCOPED_TRACE(profile);
    std::string error;
    auto machine = machine::MachineModel::fromProfile(profile, error);
    ASSERT_TRUE(machine) << error;
    MachineImage image;
    image.machine = *machine;
    image.network.profile = rt::NumericProfile::S16_15;
    std::string path = dir.file(std::string(profile) + ".dimg");
    ASSERT_EQ(writeMachineImage(image, path), "");
    auto back = readMachineImage(path, error);
    ASSERT_TRUE(back.has_value()) << error;
    expectImagesEqual(image, *back);
  }
}

TEST(ImageIO, RewriteIsByteIdentical) {
  ScratchDir dir("rewrite");
  std::string first = dir.file("a.dimg"), second = dir.file("b.dimg");
  ASSERT_EQ(writeMachineImage(makeTestImage(), first), "");
  std::string error;
  auto back = readMachineImage(first, error);
  ASSERT_TRUE(back.has_value()) << error;
  ASSERT_EQ(writeMachineImage(*back, second), "");
  auto a = readBytes(first), b = readBytes(second);
  EXPECT_FALSE(a.empty());
  EXPECT_TRUE(a == b);
}

TEST(ImageIO, HeaderAndSectionTableFollowTheDocument) {
  ScratchDir dir("layout");
  auto bytes = goodBytes(dir);
  ASSERT_GE(bytes.size(), kHeaderSize);
  EXPECT_EQ(std::memcmp(bytes.data(), "DENDIMG\0", 8), 0);
  EXPECT_EQ(load<uint32_t>(bytes, 8), 1u);
  EXPECT_EQ(load<uint32_t>(bytes, 12), 5u);
  uint64_t expectedOffset = kHeaderSize;
  for (int i = 0; i < 5; ++i) {
    SCOPED_TRACE(kSectionName[i]);
    EXPECT_EQ(load<uint32_t>(bytes, 16 + 32 * i), uint32_t(i + 1));
    EXPECT_EQ(load<uint32_t>(bytes, 16 + 32 * i + 4), 0u);
    SectionInfo s = section(bytes, i);
    EXPECT_EQ(s.offset, expectedOffset);
    EXPECT_EQ(s.checksum, documentedChecksum(bytes.data() + s.offset, s.size));
    expectedOffset = s.offset + s.size;
  }
  EXPECT_EQ(expectedOffset, bytes.size());
  // Summary: placement seed then synapse count.
  SectionInfo summary = section(bytes, 0);
  EXPECT_EQ(summary.size, 16u);
  EXPECT_EQ(load<uint64_t>(bytes, summary.offset), 0x1234567890abcdefull);
  EXPECT_EQ(load<uint64_t>(bytes, summary.offset + 8), 10u);
}

TEST(ImageIO, ChecksumDetectsEverySingleWordChange) {
  // The documented checksum, over a 13-byte buffer: changing any byte to
  // any other value changes it.
  std::vector<unsigned char> data(13);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<unsigned char>(i * 37 + 1);
  uint64_t base = documentedChecksum(data.data(), data.size());
  for (size_t i = 0; i < data.size(); ++i)
    for (int v = 0; v < 256; ++v) {
      if (v == data[i])
        continue;
      auto copy = data;
      copy[i] = static_cast<unsigned char>(v);
      ASSERT_NE(documentedChecksum(copy.data(), copy.size()), base);
    }
}

TEST(ImageIO, MissingFile) {
  ScratchDir dir("missing");
  std::string path = dir.file("none.dimg");
  EXPECT_EQ(readError(path), path + ": cannot open: No such file or directory");
  EXPECT_EQ(readError(dir.path()), dir.path() + ": not a regular file");
}

TEST(ImageIO, TruncationAtEverySectionBoundary) {
  ScratchDir dir("truncate");
  auto good = goodBytes(dir);
  std::vector<uint64_t> cuts = {0, 8, 15, 16, 100, kHeaderSize - 1};
  for (int i = 0; i < 5; ++i) {
    SectionInfo s = section(good, i);
    cuts.push_back(s.offset);
    cuts.push_back(s.offset + 1);
    if (s.offset + s.size < good.size())
      cuts.push_back(s.offset + s.size);
    cuts.push_back(s.offset + s.size - 1);
  }
  std::string path = dir.file("cut.dimg");
  for (uint64_t cut : cuts) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    writeBytes(path, {good.begin(), good.begin() + long(cut)});
    EXPECT_EQ(readError(path), path + ": " + truncationMessage(good, cut));
  }
}

TEST(ImageIO, TruncationAtRandomOffsets) {
  ScratchDir dir("truncate-random");
  auto good = goodBytes(dir);
  std::mt19937_64 rng(4);
  std::string path = dir.file("cut.dimg");
  for (int trial = 0; trial < 60; ++trial) {
    uint64_t cut = rng() % good.size();
    SCOPED_TRACE("cut at " + std::to_string(cut));
    writeBytes(path, {good.begin(), good.begin() + long(cut)});
    EXPECT_EQ(readError(path), path + ": " + truncationMessage(good, cut));
  }
}

TEST(ImageIO, FlippedBytesAreAlwaysDetected) {
  // Every byte of the file is covered by a header check or a section
  // checksum, so any single corrupted byte fails the read, never crashes.
  ScratchDir dir("flip");
  auto good = goodBytes(dir);
  std::string path = dir.file("flip.dimg");
  std::mt19937_64 rng(11);
  for (size_t at = 0; at < good.size(); ++at) {
    auto bad = good;
    bad[at] ^= static_cast<unsigned char>(1 + rng() % 255);
    writeBytes(path, bad);
    std::string error = readError(path);
    ASSERT_EQ(error.rfind(path + ": ", 0), 0u)
        << "byte " << at << ": " << error;
  }
}

TEST(ImageIO, FlippedPayloadByteNamesTheChecksum) {
  ScratchDir dir("checksum");
  auto good = goodBytes(dir);
  // The last byte of the first synaptic word's weight: no parse problem,
  // only the checksum can tell.
  size_t at = findWord(good, SynapticWord::pack(32768, 1, 0, 0)) + 7;
  auto bad = good;
  bad[at] ^= 0x40;
  SectionInfo cores = section(good, 3);
  uint64_t computed = documentedChecksum(bad.data() + cores.offset, cores.size);
  std::string path = dir.file("bad.dimg");
  writeBytes(path, bad);
  EXPECT_EQ(readError(path), path + ": section 'cores': checksum " +
                                 fmt::format("{:#018x}", computed) +
                                 " does not match the stored " +
                                 fmt::format("{:#018x}", cores.checksum) +
                                 " (the file is corrupt)");
}

TEST(ImageIO, RandomCorruptionBehindValidChecksumsNeverCrashes) {
  // Corrupt payload bytes and fix the checksum, so the parser and the
  // validator see the damage: every read must fail cleanly or give a valid
  // image, never crash. Small values are favoured: they pass the count
  // checks and reach deeper.
  ScratchDir dir("fuzz");
  auto good = goodBytes(dir);
  std::string path = dir.file("fuzz.dimg");
  std::mt19937_64 rng(2026);
  int failures = 0, trials = 400;
  for (int trial = 0; trial < trials; ++trial) {
    auto bad = good;
    int which = 1 + int(rng() % 4);
    SectionInfo s = section(bad, which);
    for (int k = 0, n = 1 + int(rng() % 3); k < n; ++k) {
      size_t at = s.offset + rng() % s.size;
      bad[at] = static_cast<unsigned char>(rng() % 4 == 0 ? rng() : rng() % 8);
    }
    reseal(bad, which);
    writeBytes(path, bad);
    std::string error;
    auto image = readMachineImage(path, error);
    if (image) {
      EXPECT_EQ(validateMachineImage(*image), "");
    } else {
      ++failures;
      ASSERT_EQ(error.rfind(path + ": ", 0), 0u) << error;
    }
  }
  EXPECT_GT(failures, trials / 4);
}

struct HeaderCase {
  const char *name;
  size_t offset;
  std::vector<unsigned char> patch;
  std::string message;
};

TEST(ImageIO, BadHeaderFields) {
  ScratchDir dir("header");
  auto good = goodBytes(dir);
  auto u32 = [](uint32_t v) {
    std::vector<unsigned char> b(4);
    std::memcpy(b.data(), &v, 4);
    return b;
  };
  auto u64 = [](uint64_t v) {
    std::vector<unsigned char> b(8);
    std::memcpy(b.data(), &v, 8);
    return b;
  };
  SectionInfo net = section(good, 2);
  std::vector<HeaderCase> cases = {
      {"magic",
       0,
       {'P', 'K'},
       "header: bad magic, not a Dendron machine image"},
      {"version", 8, u32(2),
       "header: version 2 is not supported (this build reads version 1)"},
      {"section count", 12, u32(4), "header: 4 sections, version 1 has 5"},
      {"section id", 16 + 32, u32(3),
       "section table: entry 1 has id 3 and reserved 0, expected id 2 "
       "('machine') and 0"},
      {"reserved", 16 + 4, u32(9),
       "section table: entry 0 has id 1 and reserved 9, expected id 1 "
       "('summary') and 0"},
      {"offset", 16 + 64 + 8, u64(net.offset + 1),
       "section 'network': starts at byte " + std::to_string(net.offset + 1) +
           ", expected " + std::to_string(net.offset)},
      {"huge size", 16 + 64 + 16, u64(UINT64_MAX),
       "section 'network': bytes [" + std::to_string(net.offset) +
           ", 2^64) run past the end of the file (" +
           std::to_string(good.size()) + " bytes)"},
  };
  std::string path = dir.file("bad.dimg");
  for (const HeaderCase &c : cases) {
    SCOPED_TRACE(c.name);
    auto bad = good;
    std::copy(c.patch.begin(), c.patch.end(), bad.begin() + long(c.offset));
    writeBytes(path, bad);
    EXPECT_EQ(readError(path), path + ": " + c.message);
  }
  // Extra bytes after the last section.
  auto longer = good;
  longer.push_back(0);
  longer.push_back(0);
  writeBytes(path, longer);
  EXPECT_EQ(readError(path), path + ": file: 2 bytes after the last section");
}

/// Patches bytes of a good file at a section-relative offset; returns the
/// reader's message.
std::string readPatched(const ScratchDir &dir, std::vector<unsigned char> bytes,
                        int sectionIndex, size_t relative,
                        const std::vector<unsigned char> &patch,
                        bool resealChecksum = false) {
  size_t at = section(bytes, sectionIndex).offset + relative;
  std::copy(patch.begin(), patch.end(), bytes.begin() + long(at));
  if (resealChecksum)
    reseal(bytes, sectionIndex);
  std::string path = dir.file("patched.dimg");
  writeBytes(path, bytes);
  std::string error = readError(path);
  EXPECT_EQ(error.rfind(path + ": ", 0), 0u) << error;
  return error.substr(std::min(error.size(), path.size() + 2));
}

std::vector<unsigned char> le32(uint32_t v) {
  std::vector<unsigned char> b(4);
  std::memcpy(b.data(), &v, 4);
  return b;
}
std::vector<unsigned char> le64(uint64_t v) {
  std::vector<unsigned char> b(8);
  std::memcpy(b.data(), &v, 8);
  return b;
}

TEST(ImageIO, HugeCountsAreRefusedBeforeAllocating) {
  ScratchDir dir("counts");
  auto good = goodBytes(dir);
  SectionInfo cores = section(good, 3), tables = section(good, 4),
              network = section(good, 2);
  // Cores: the count is the section's first field; a core record is at
  // least 85 fixed bytes plus four 8-byte array counts = 117 bytes.
  EXPECT_EQ(readPatched(dir, good, 3, 0, le32(0xffffffff)),
            "cores: count 4294967295 needs at least " +
                std::to_string(uint64_t(0xffffffff) * 117) +
                " bytes, the section has " + std::to_string(cores.size - 4) +
                " left");
  // Tables: count, then per table x, y, uncompressed size, entry count.
  EXPECT_EQ(readPatched(dir, good, 4, 4 + 16, le32(1000000)),
            "tables[0].entries: count 1000000 needs at least 33000000 bytes, "
            "the section has " +
                std::to_string(tables.size - 24) + " left");
  // The first core's master population table count: u64 after 85 bytes.
  EXPECT_EQ(readPatched(dir, good, 3, 4 + 85, le64(UINT64_MAX)),
            "cores[0].masterPopTable: count 18446744073709551615 needs more "
            "than 2^64 bytes, the section has " +
                std::to_string(cores.size - 4 - 85 - 8) + " left");
  // Network name length, the network section's first field.
  EXPECT_EQ(readPatched(dir, good, 2, 0, le32(70000)),
            "network.name: length 70000 exceeds the limit of 65536 bytes");
  EXPECT_EQ(readPatched(dir, good, 2, 0, le32(60000)),
            "network.name: length 60000 exceeds the " +
                std::to_string(network.size - 4) +
                " bytes left in the section");
}

TEST(ImageIO, OutOfRangeEnumsAreRefused) {
  ScratchDir dir("enums");
  auto good = goodBytes(dir);
  MachineImage image = makeTestImage();
  size_t netName = image.network.name.size();
  // network: name (4 + n), dt (8), profile (1).
  EXPECT_EQ(readPatched(dir, good, 2, 4 + netName + 8, {7}),
            "network.profile: value 7 out of range [0, 2)");
  // Then the population count (4), first population: name, size, kind.
  size_t popKind = 4 + netName + 8 + 1 + 4 + 4 + 3 + 4;
  EXPECT_EQ(readPatched(dir, good, 2, popKind, {3}),
            "network.populations[0].model.kind: value 3 out of range [0, 3)");
  // LIF: ten doubles, then spiking, memoryless, reset, integrator.
  EXPECT_EQ(
      readPatched(dir, good, 2, popKind + 1 + 80, {2}),
      "network.populations[0].model.spiking: value 2 out of range [0, 2)");
  EXPECT_EQ(readPatched(dir, good, 2, popKind + 1 + 82, {5}),
            "network.populations[0].model.reset: value 5 out of range [0, 2)");
  // The first core's node kind follows its x, y, p.
  EXPECT_EQ(readPatched(dir, good, 3, 4 + 12, {2}),
            "cores[0].node.kind: value 2 out of range [0, 2)");
  // Tables: the arrival byte ends each 33-byte entry.
  EXPECT_EQ(readPatched(dir, good, 4, 4 + 20 + 32, {6}),
            "tables[0].entries[0].arrival: value 6 is neither a link [0, 6) "
            "nor 255 (unknown)");
  // Machine: name (4 + n), profile string.
  size_t machineName = image.machine.name().size();
  EXPECT_EQ(
      readPatched(dir, good, 1, 4 + machineName + 4, {'g', 'r', 'x', 'd'}),
      "machine.profile: 'grxd' is not 'spinn5', 'spinn2' or 'grid'");
  // width follows the profile "grid".
  EXPECT_EQ(readPatched(dir, good, 1, 4 + machineName + 8, le32(0)),
            "machine: a 'grid' mesh of 0x2 is not possible");
}

TEST(ImageIO, InvariantViolationsInTheFileAreReported) {
  ScratchDir dir("invariants");
  auto good = goodBytes(dir);
  // A word whose delay becomes 0 (the packed word with delay 3 on core 0).
  uint64_t word = SynapticWord::pack(-16384, 3, 1, 2);
  size_t at = findWord(good, word) - section(good, 3).offset;
  EXPECT_EQ(readPatched(dir, good, 3, at,
                        le64(SynapticWord::pack(-16384, 0, 1, 2)), true),
            "cores[0] (0, 0, 1).words[1]: delay 0 outside [1, ringDepth 4)");
  EXPECT_EQ(readPatched(dir, good, 3, at,
                        le64(SynapticWord::pack(-16384, 3, 2, 2)), true),
            "cores[0] (0, 0, 1).words[1]: channel 2, the core has 2");
  // Placing core 0 on the monitor processor: x, y, p are its first fields.
  EXPECT_EQ(readPatched(dir, good, 3, 4 + 8, le32(0), true),
            "cores[0] (0, 0, 0): processor 0 is the monitor core");
  // A dead chip listed twice is still one dead chip, but a dead chip
  // outside the mesh is an error: machine dead chip list after the cycle
  // costs.
}

TEST(ImageIO, MachineFaultsOutsideTheMeshAreRefused) {
  ScratchDir dir("faults");
  MachineImage image = makeTestImage();
  std::string path = dir.file("m.dimg");
  ASSERT_EQ(writeMachineImage(image, path), "");
  auto bytes = readBytes(path);
  SectionInfo m = section(bytes, 1);
  // The dead chip (2, 1) is the only 8-byte (x, y) pair equal to 2, 1
  // right after the dead-chip count 1.
  std::vector<unsigned char> pattern = le32(1);
  for (auto v : {le32(2), le32(1)})
    pattern.insert(pattern.end(), v.begin(), v.end());
  auto it = std::search(bytes.begin() + long(m.offset),
                        bytes.begin() + long(m.offset + m.size),
                        pattern.begin(), pattern.end());
  ASSERT_NE(it, bytes.begin() + long(m.offset + m.size));
  size_t rel = size_t(it - bytes.begin()) - m.offset;
  EXPECT_EQ(readPatched(dir, bytes, 1, rel + 4, le32(9)),
            "machine.deadChips[0]: no chip at (9, 1)");
}

TEST(ImageIO, MachineFieldsOutOfRangeAreRefused) {
  ScratchDir dir("machine-fields");
  MachineImage image = makeTestImage();
  image.machine.cycleCosts.neuronUpdate = {{"aaaa", 1.0}, {"bbbb", 2.0}};
  std::string path = dir.file("m.dimg");
  ASSERT_EQ(writeMachineImage(image, path), "");
  auto bytes = readBytes(path);
  SectionInfo m = section(bytes, 1);
  // name, profile "grid", width, height, torus; then coresPerChip and
  // monitorCore.
  size_t cores = 4 + image.machine.name().size() + 8 + 9;
  EXPECT_EQ(readPatched(dir, bytes, 1, cores, le32(187)),
            "machine.coresPerChip: 187 outside [1, 186]");
  EXPECT_EQ(readPatched(dir, bytes, 1, cores + 4, le32(18)),
            "machine.monitorCore: 18 outside [0, 18)");
  auto find = [&](std::vector<unsigned char> pattern) {
    auto it = std::search(bytes.begin() + long(m.offset),
                          bytes.begin() + long(m.offset + m.size),
                          pattern.begin(), pattern.end());
    EXPECT_NE(it, bytes.begin() + long(m.offset + m.size));
    return size_t(it - bytes.begin()) - m.offset;
  };
  EXPECT_EQ(readPatched(dir, bytes, 1, find({'b', 'b', 'b', 'b'}),
                        {'a', 'a', 'a', 'a'}),
            "machine.cycleCosts.neuronUpdate[1]: model 'aaaa' listed twice");
  // Dead cores (0, 0, 5) and (1, 1, 17): move the second off the chip.
  std::vector<unsigned char> deadCore = le32(1);
  for (auto v : {le32(1), le32(17)})
    deadCore.insert(deadCore.end(), v.begin(), v.end());
  EXPECT_EQ(readPatched(dir, bytes, 1, find(deadCore) + 8, le32(18)),
            "machine.deadCores[1]: no core (1, 1, 18)");
  // The dead link (0, 0) N is the section's last 12 bytes after its count;
  // chip (2, 1) exists but has no northern neighbour.
  std::vector<unsigned char> link = le32(2);
  for (auto v : le32(1))
    link.push_back(v);
  EXPECT_EQ(readPatched(dir, bytes, 1, m.size - 9, link),
            "machine.deadLinks[0]: no link N at chip (2, 1)");
}

TEST(ImageIO, UnusedBytesAtASectionEnd) {
  ScratchDir dir("unused");
  auto bytes = goodBytes(dir);
  // Grow the last section by one byte and append it.
  SectionInfo tables = section(bytes, 4);
  store<uint64_t>(bytes, 16 + 4 * 32 + 16, tables.size + 1);
  bytes.push_back(0);
  reseal(bytes, 4);
  std::string path = dir.file("unused.dimg");
  writeBytes(path, bytes);
  EXPECT_EQ(readError(path),
            path + ": section 'tables': 1 unused bytes at its end");
}

TEST(ImageIO, OverlongNamesAreNotWritten) {
  ScratchDir dir("names");
  std::string path = dir.file("x.dimg");
  MachineImage image = makeTestImage();
  image.network.populations[1].name = std::string(65537, 'n');
  EXPECT_EQ(writeMachineImage(image, path),
            path + ": not written: network.populations '" +
                std::string(32, 'n') + "...': name longer than 65536 bytes");
  image = makeTestImage();
  image.network.sources[2].name = std::string(70000, 's');
  EXPECT_EQ(writeMachineImage(image, path),
            path + ": not written: network.sources '" + std::string(32, 's') +
                "...': name longer than 65536 bytes");
  image = makeTestImage();
  image.machine.setName(std::string(70000, 'm'));
  EXPECT_EQ(writeMachineImage(image, path),
            path + ": not written: image: network or machine name longer "
                   "than 65536 bytes");
  image = makeTestImage();
  image.machine.cycleCosts.neuronUpdate[std::string(70000, 'c')] = 1.0;
  EXPECT_EQ(writeMachineImage(image, path),
            path + ": not written: machine.cycleCosts: model name longer than "
                   "65536 bytes");
  EXPECT_TRUE(dir.entries().empty());
}

TEST(ImageIO, InvalidImagesAreNotWritten) {
  ScratchDir dir("invalid");
  MachineImage image = makeTestImage();
  image.cores[1].core = image.cores[0].core;
  std::string path = dir.file("x.dimg");
  EXPECT_EQ(writeMachineImage(image, path),
            path + ": not written, the image is invalid: cores[1] (0, 0, 1): "
                   "core used by an earlier slice");
  EXPECT_TRUE(dir.entries().empty());
}

TEST(ImageIO, FailedWriteLeavesNothing) {
  ScratchDir dir("unwritable");
  std::string path = dir.file("no/such/dir/x.dimg");
  std::string error = writeMachineImage(makeTestImage(), path);
  EXPECT_EQ(error.rfind("cannot write '" + path +
                            "': cannot create the temporary file",
                        0),
            0u)
      << error;
  EXPECT_TRUE(dir.entries().empty());
  // A directory as the destination: the rename fails, the temporary file
  // is removed.
  std::filesystem::create_directory(dir.file("adir"));
  std::filesystem::create_directory(dir.file("adir/inside"));
  std::string asDir = dir.file("adir/inside");
  error = writeMachineImage(makeTestImage(), asDir);
  EXPECT_EQ(error.rfind("cannot write '" + asDir + "': renaming", 0), 0u)
      << error;
  EXPECT_EQ(std::vector<std::string>{"inside"}, [&] {
    std::vector<std::string> names;
    for (const auto &e : std::filesystem::directory_iterator(dir.file("adir")))
      names.push_back(e.path().filename().string());
    return names;
  }());
  // An existing file is replaced only by a complete new image.
  std::string existing = dir.file("keep.dimg");
  writeBytes(existing, {'o', 'l', 'd'});
  MachineImage invalid = makeTestImage();
  invalid.network.dt = -1;
  EXPECT_NE(writeMachineImage(invalid, existing), "");
  EXPECT_EQ(readBytes(existing), (std::vector<unsigned char>{'o', 'l', 'd'}));
}

TEST(ImageIO, LargeWordArraysMoveInBulk) {
  // 4 M synaptic words (32 MB) on one core; the whole round trip must stay
  // well under a second on this machine (a per-element format would not).
  ScratchDir dir("large");
  MachineImage image = makeTestImage();
  CoreProgram &core = image.cores[0];
  const uint64_t n = 4u << 20;
  core.words.resize(n);
  for (uint64_t i = 0; i < n; ++i)
    core.words[i] =
        SynapticWord::pack(int32_t(i * 2654435761u), 1 + i % 3, i % 2, i % 3);
  // All in the last row.
  core.rowStart.back() = n;
  image.numSynapses = n + 5;
  std::string path = dir.file("large.dimg");
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(writeMachineImage(image, path), "");
  std::string error;
  auto back = readMachineImage(path, error);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_TRUE(back->cores[0].words == image.cores[0].words);
  EXPECT_LT(seconds, 5.0);
  RecordProperty("seconds", std::to_string(seconds));
}

} // namespace

namespace {

/// The size of the full Potjans-Diesmann microcircuit: 3e8 synaptic words
/// (2.4 GB). Disabled by default (disk and memory); run with
/// --gtest_also_run_disabled_tests --gtest_filter='*FullScale*' to measure.
TEST(ImageIO, DISABLED_FullScaleWriteAndRead) {
  ScratchDir dir("fullscale");
  MachineImage image = makeTestImage();
  CoreProgram &core = image.cores[0];
  const uint64_t n = 300'000'000;
  core.words.assign(n, SynapticWord::pack(12345, 2, 1, 2));
  core.rowStart.back() = n;
  image.numSynapses = n + 5;
  std::string path = dir.file("full.dimg");
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(writeMachineImage(image, path), "");
  auto t1 = std::chrono::steady_clock::now();
  std::string error;
  auto back = readMachineImage(path, error);
  auto t2 = std::chrono::steady_clock::now();
  ASSERT_TRUE(back.has_value()) << error;
  EXPECT_EQ(back->cores[0].words.size(), n);
  EXPECT_EQ(back->cores[0].words[n - 1], image.cores[0].words[n - 1]);
  double write = std::chrono::duration<double>(t1 - t0).count();
  double read = std::chrono::duration<double>(t2 - t1).count();
  std::printf("full scale: %.2f GB, write %.2f s, read %.2f s\n",
              double(std::filesystem::file_size(path)) / 1e9, write, read);
}

} // namespace
