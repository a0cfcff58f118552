//===- AtomicFile.h - Write a file completely or not at all -----*- C++ -*-===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// A temporary file next to the destination that is renamed over it on
/// commit() and removed otherwise. Text writers append through a buffer;
/// libraries that open files by name (HDF5) write to tempPath() after
/// releaseDescriptor().
///
//===----------------------------------------------------------------------===//

#ifndef DENDRON_RUNTIME_LIB_IO_ATOMICFILE_H
#define DENDRON_RUNTIME_LIB_IO_ATOMICFILE_H

#include <fmt/format.h>

#include <iterator>
#include <memory>
#include <string>
#include <string_view>

namespace dendron::rt::io {

class AtomicFile {
public:
  /// Creates a new, empty temporary file in the directory of `path`. On
  /// failure returns null and sets `error` ("cannot write '<path>': ...").
  static std::unique_ptr<AtomicFile> create(const std::string &path,
                                            std::string &error);

  /// Removes the temporary file unless commit() succeeded.
  ~AtomicFile();
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;

  const std::string &path() const { return path_; }
  const std::string &tempPath() const { return tempPath_; }

  /// Appends text; write errors are remembered and reported by commit().
  void append(std::string_view text) {
    buffer_.append(text);
    flushIfFull();
  }
  template <typename... Args>
  void print(fmt::format_string<Args...> format, Args &&...args) {
    fmt::format_to(std::back_inserter(buffer_), format,
                   std::forward<Args>(args)...);
    flushIfFull();
  }

  /// Closes this object's descriptor so another library can write the
  /// temporary file by name. append() must not be used afterwards.
  void releaseDescriptor();

  /// Flushes, syncs and renames the temporary file to path().
  bool commit(std::string &error);

private:
  AtomicFile(std::string path, std::string tempPath, int fd)
      : path_(std::move(path)), tempPath_(std::move(tempPath)), fd_(fd) {}
  void flushIfFull() {
    if (buffer_.size() >= kFlushSize)
      flush();
  }
  void flush();

  static constexpr size_t kFlushSize = size_t(1) << 20;
  std::string path_;
  std::string tempPath_;
  int fd_ = -1;
  int writeErrno_ = 0; ///< first failed write's errno, 0 if none.
  bool committed_ = false;
  std::string buffer_;
};

} // namespace dendron::rt::io

#endif // DENDRON_RUNTIME_LIB_IO_ATOMICFILE_H
