//===- XmlText.h - Text as XML character data -------------------*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Escaping of untrusted names (populations, networks, machines) for the
/// SVG pictures: one implementation for every writer of XML.
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_IO_XMLTEXT_H
#define DENDRON_RUNTIME_IO_XMLTEXT_H

#include <cstddef>
#include <string>
#include <string_view>

namespace dendron::rt::io {

/// `text` as XML character data or attribute value: markup characters
/// escaped; invalid UTF-8 and control characters XML 1.0 forbids replaced
/// by U+FFFD. At most `maxCodePoints` characters are kept ("…" marks a cut).
std::string xmlEscape(std::string_view text,
                      size_t maxCodePoints = std::string::npos);

} // namespace dendron::rt::io

#endif // DENDRON_RUNTIME_IO_XMLTEXT_H
