//===- AtomicFile.cpp - Write a file completely or not at all -------------===//
//
// Part of the Dendron project.
//
//===----------------------------------------------------------------------===//

#include "AtomicFile.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

using namespace dendron::rt::io;

namespace {

/// Splits "dir/name" into ("dir/", "name"); ("", "name") without a slash.
std::pair<std::string, std::string> splitDirectory(const std::string &path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos)
    return {"", path};
  return {path.substr(0, slash + 1), path.substr(slash + 1)};
}

bool syncAndClose(int fd) {
  bool ok = ::fsync(fd) == 0 || errno == EINVAL; // EINVAL: not syncable.
  return ::close(fd) == 0 && ok;
}

} // namespace

std::unique_ptr<AtomicFile> AtomicFile::create(const std::string &path,
                                               std::string &error) {
  auto [directory, name] = splitDirectory(path);
  if (name.empty()) {
    error = fmt::format("cannot write '{}': the path names a directory, "
                        "expected a file name",
                        path);
    return nullptr;
  }
  // Hidden, unique per process and call; created with O_EXCL so an existing
  // file is never reused. Mode 0666 lets the umask decide, like fopen.
  static std::atomic<unsigned> counter{0};
  std::string tempPath;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    tempPath = fmt::format("{}.{}.{}.{}.tmp", directory, name, ::getpid(),
                           counter.fetch_add(1));
    fd =
        ::open(tempPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd < 0) {
    error = fmt::format("cannot write '{}': cannot create the temporary file "
                        "'{}' next to it: {}",
                        path, tempPath, std::strerror(errno));
    return nullptr;
  }
  return std::unique_ptr<AtomicFile>(new AtomicFile(path, tempPath, fd));
}

AtomicFile::~AtomicFile() {
  if (committed_)
    return;
  if (fd_ >= 0)
    ::close(fd_);
  ::unlink(tempPath_.c_str());
}

void AtomicFile::flush() {
  const char *data = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0 && writeErrno_ == 0) {
    if (fd_ < 0) {
      writeErrno_ = EBADF;
      break;
    }
    ssize_t written = ::write(fd_, data, left);
    if (written < 0) {
      if (errno != EINTR)
        writeErrno_ = errno;
      continue;
    }
    data += written;
    left -= size_t(written);
  }
  buffer_.clear();
}

void AtomicFile::releaseDescriptor() {
  flush();
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
}

bool AtomicFile::commit(std::string &error) {
  if (fd_ >= 0) {
    flush();
    int fd = fd_;
    fd_ = -1;
    if (!syncAndClose(fd) && writeErrno_ == 0)
      writeErrno_ = errno;
  } else {
    // Written by someone else through tempPath(): sync it by name.
    int fd = ::open(tempPath_.c_str(), O_RDONLY | O_CLOEXEC);
    if ((fd < 0 || !syncAndClose(fd)) && writeErrno_ == 0)
      writeErrno_ = errno;
  }
  if (writeErrno_ != 0) {
    error = fmt::format("cannot write '{}': writing the temporary file '{}' "
                        "failed: {}",
                        path_, tempPath_, std::strerror(writeErrno_));
    return false;
  }
  if (std::rename(tempPath_.c_str(), path_.c_str()) != 0) {
    error = fmt::format("cannot write '{}': renaming the finished temporary "
                        "file '{}' onto it failed: {}",
                        path_, tempPath_, std::strerror(errno));
    return false;
  }
  committed_ = true;
  return true;
}
