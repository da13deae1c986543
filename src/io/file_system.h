// FileSystem: the storage interface readers and writers go through (local now, S3 later).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/buffer.h"
#include "core/error.h"

namespace floe::io {

/// A file or pattern named by the user does not exist (Python's FileNotFoundError, as Polars).
class FileNotFound : public IoError {
 public:
  using IoError::IoError;
  const char* kind() const noexcept override { return "FileNotFoundError"; }
};

/// A readable file with random access. Implementations must be safe to call from several
/// threads at once.
class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual int64_t size() const = 0;
  /// Reads [offset, offset + length). Local files may return a view of a memory map.
  virtual BufferPtr read_at(int64_t offset, int64_t length) const = 0;
};

/// A file written front to back.
class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual void write(const void* data, size_t size) = 0;
  virtual void close() = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual std::unique_ptr<RandomAccessFile> open_read(const std::string& path) const = 0;
  virtual std::unique_ptr<OutputStream> open_write(const std::string& path) const = 0;
  virtual bool exists(const std::string& path) const = 0;

  /// The file system that serves `path` (local paths and file:// URIs for now).
  static const FileSystem& for_path(const std::string& path);
};

}  // namespace floe::io
