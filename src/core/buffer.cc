// Aligned allocation for Buffer.
#include "core/buffer.h"

#include <malloc.h>

#include <cstdlib>
#include <new>

namespace floe {

namespace {
constexpr size_t kAlignment = 64;
size_t padded(size_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment + kAlignment; }

/// Column buffers of a morsel are a few hundred KB, allocated and freed at a high rate. glibc
/// serves blocks that large with fresh mmaps by default, and the kernel then zeroes every page
/// on first touch; raising the thresholds makes freed buffers reusable from the heap instead.
const bool kTunedAllocator = [] {
  mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  return true;
}();
}  // namespace

std::shared_ptr<Buffer> Buffer::allocate(size_t size) {
  std::shared_ptr<Buffer> b(new Buffer());
  void* p = std::aligned_alloc(kAlignment, padded(size));
  if (p == nullptr) throw std::bad_alloc();
  b->data_ = static_cast<uint8_t*>(p);
  b->size_ = size;
  b->owned_ = true;
  return b;
}

std::shared_ptr<Buffer> Buffer::zeroed(size_t size) {
  auto b = allocate(size);
  std::memset(b->data_, 0, padded(size));
  return b;
}

std::shared_ptr<Buffer> Buffer::view(std::shared_ptr<const Buffer> parent, size_t offset, size_t size) {
  std::shared_ptr<Buffer> b(new Buffer());
  b->data_ = const_cast<uint8_t*>(parent->data()) + offset;
  b->size_ = size;
  b->parent_ = std::move(parent);
  return b;
}

std::shared_ptr<Buffer> Buffer::wrap(const void* data, size_t size, std::shared_ptr<void> owner) {
  std::shared_ptr<Buffer> b(new Buffer());
  b->data_ = static_cast<uint8_t*>(const_cast<void*>(data));
  b->size_ = size;
  b->parent_ = std::move(owner);
  return b;
}

Buffer::~Buffer() {
  if (owned_) std::free(data_);
}

}  // namespace floe
