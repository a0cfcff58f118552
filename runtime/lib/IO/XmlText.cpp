//===- XmlText.cpp - Text as XML character data ---------------------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "XmlText.h"

#include <cstdint>

namespace {

/// Length of the UTF-8 sequence starting at `text[i]`, or 0 if it is not a
/// valid, shortest-form encoding of a scalar value.
size_t utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  size_t length = lead < 0x80           ? 1
                  : (lead >> 5) == 0x6  ? 2
                  : (lead >> 4) == 0xE  ? 3
                  : (lead >> 3) == 0x1E ? 4
                                        : 0;
  if (length == 0 || i + length > text.size())
    return 0;
  uint32_t codePoint = length == 1   ? lead
                       : length == 2 ? lead & 0x1F
                       : length == 3 ? lead & 0x0F
                                     : lead & 0x07;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80)
      return 0;
    codePoint = (codePoint << 6) | (byte(i + k) & 0x3F);
  }
  static const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (codePoint < smallest[length] || codePoint > 0x10FFFF ||
      (codePoint >= 0xD800 && codePoint <= 0xDFFF))
    return 0;
  return length;
}

} // namespace

std::string dendron::rt::io::xmlEscape(std::string_view text,
                                       size_t maxCodePoints) {
  std::string out;
  size_t codePoints = 0;
  for (size_t i = 0; i < text.size();) {
    if (codePoints++ == maxCodePoints) {
      out += "…";
      break;
    }
    size_t length = utf8SequenceLength(text, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    char c = text[i];
    if (length == 1) {
      switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' &&
            c != '\r')
          out += "\xEF\xBF\xBD";
        else
          out += c;
      }
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}
