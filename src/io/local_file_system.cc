// Local files: reads through a shared read-only memory map, writes through a buffered stream.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"
#include "io/file_system.h"

namespace floe::io {

namespace {

struct Mapping {
  void* addr = nullptr;
  size_t size = 0;
  ~Mapping() {
    if (addr != nullptr && addr != MAP_FAILED) munmap(addr, size);
  }
};

class LocalFile final : public RandomAccessFile {
 public:
  explicit LocalFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) throw FileNotFound(fmt::format("No such file or directory (os error 2): {}", path));
    FLOE_USER_CHECK(fd >= 0, IoError, "cannot open '{}': {}", path, std::strerror(errno));
    struct stat st;
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
      ::close(fd);
      throw IoError(fmt::format("cannot read '{}': {}", path, S_ISDIR(st.st_mode) ? "is a directory" : std::strerror(errno)));
    }
    size_ = st.st_size;
    auto map = std::make_shared<Mapping>();
    if (size_ > 0) {
      map->addr = ::mmap(nullptr, static_cast<size_t>(size_), PROT_READ, MAP_PRIVATE, fd, 0);
      map->size = static_cast<size_t>(size_);
      if (map->addr == MAP_FAILED) {
        ::close(fd);
        throw IoError(fmt::format("cannot map '{}': {}", path, std::strerror(errno)));
      }
      ::madvise(map->addr, map->size, MADV_SEQUENTIAL);
    }
    ::close(fd);
    whole_ = Buffer::wrap(map->addr, static_cast<size_t>(size_), map);
  }
  int64_t size() const override { return size_; }
  BufferPtr read_at(int64_t offset, int64_t length) const override {
    FLOE_USER_CHECK(offset >= 0 && length >= 0 && offset + length <= size_, IoError,
                    "read of [{}, {}) past the end of a file of {} bytes", offset, offset + length, size_);
    return Buffer::view(whole_, static_cast<size_t>(offset), static_cast<size_t>(length));
  }

 private:
  int64_t size_ = 0;
  BufferPtr whole_;
};

class LocalOutput final : public OutputStream {
 public:
  explicit LocalOutput(const std::string& path) : path_(path), out_(path, std::ios::binary | std::ios::trunc) {
    if (!out_.good() && errno == ENOENT) throw FileNotFound(fmt::format("No such file or directory (os error 2): {}", path));
    FLOE_USER_CHECK(out_.good(), IoError, "cannot open '{}' for writing: {}", path, std::strerror(errno));
  }
  void write(const void* data, size_t size) override {
    out_.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    FLOE_USER_CHECK(out_.good(), IoError, "write to '{}' failed: {}", path_, std::strerror(errno));
  }
  void close() override {
    out_.close();
    FLOE_USER_CHECK(!out_.fail(), IoError, "closing '{}' failed", path_);
  }

 private:
  std::string path_;
  std::ofstream out_;
};

class LocalFileSystem final : public FileSystem {
 public:
  std::unique_ptr<RandomAccessFile> open_read(const std::string& path) const override {
    return std::make_unique<LocalFile>(strip(path));
  }
  std::unique_ptr<OutputStream> open_write(const std::string& path) const override {
    return std::make_unique<LocalOutput>(strip(path));
  }
  bool exists(const std::string& path) const override {
    struct stat st;
    return ::stat(strip(path).c_str(), &st) == 0;
  }

 private:
  static std::string strip(const std::string& path) {
    return path.rfind("file://", 0) == 0 ? path.substr(7) : path;
  }
};

}  // namespace

const FileSystem& FileSystem::for_path(const std::string& path) {
  static const LocalFileSystem local;
  FLOE_USER_CHECK(path.find("://") == std::string::npos || path.rfind("file://", 0) == 0, InvalidArgument,
                  "unsupported path '{}': only local paths are supported", path);
  return local;
}

}  // namespace floe::io
