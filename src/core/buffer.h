// Reference-counted, 64-byte aligned memory buffers that columns are built on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace floe {

/// A block of bytes. Owned buffers free their memory; views keep their parent alive and point
/// into it, so slicing a column never copies its values.
class Buffer {
 public:
  /// Uninitialized memory of `size` bytes (padded to a multiple of 64 so SIMD loops may read
  /// a little past the end).
  static std::shared_ptr<Buffer> allocate(size_t size);
  /// Zero-filled memory.
  static std::shared_ptr<Buffer> zeroed(size_t size);
  /// A view of `size` bytes at `offset` inside `parent`.
  static std::shared_ptr<Buffer> view(std::shared_ptr<const Buffer> parent, size_t offset, size_t size);
  /// Wraps foreign memory kept alive by `owner` (e.g. a numpy array or an mmap).
  static std::shared_ptr<Buffer> wrap(const void* data, size_t size, std::shared_ptr<void> owner);

  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  template <typename T>
  T* as() { return reinterpret_cast<T*>(data_); }
  template <typename T>
  const T* as() const { return reinterpret_cast<const T*>(data_); }

  /// Shrinks the logical size (never grows; the allocation is kept).
  void set_size(size_t size) { size_ = size; }

 private:
  Buffer() = default;
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  bool owned_ = false;
  std::shared_ptr<const void> parent_;
};

using BufferPtr = std::shared_ptr<Buffer>;

}  // namespace floe
