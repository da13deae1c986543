// Validity bitmap combination for element-wise kernels.
#include "compute/validity.h"

#include <cstring>

#include "core/error.h"

namespace floe::compute {

int64_t broadcast_length(const Column& a, const Column& b) {
  if (a.length() == b.length()) return a.length();
  if (a.length() == 1) return b.length();
  if (b.length() == 1) return a.length();
  throw ShapeMismatch(fmt::format("cannot combine columns of lengths {} and {}", a.length(), b.length()));
}

BufferPtr all_valid_bitmap(int64_t n) {
  auto b = Buffer::allocate(bitmap::bytes_for(n));
  std::memset(b->data(), 0xff, bitmap::bytes_for(n));
  return b;
}

BufferPtr broadcast_validity(const Column& a, int64_t n) {
  if (!a.has_nulls()) return nullptr;
  if (a.length() == n) return a.validity_buffer();
  // A broadcast null scalar: nothing is valid.
  return Buffer::zeroed(bitmap::bytes_for(n));
}

BufferPtr combine_validity(const Column& a, const Column& b, int64_t n) {
  BufferPtr va = broadcast_validity(a, n);
  BufferPtr vb = broadcast_validity(b, n);
  if (!va) return vb;
  if (!vb) return va;
  auto out = Buffer::allocate(bitmap::bytes_for(n));
  bitmap::and_bits(va->data(), vb->data(), out->data(), n);
  return out;
}

BufferPtr copy_validity(const Column& c) {
  auto out = all_valid_bitmap(c.length());
  if (c.has_nulls()) std::memcpy(out->data(), c.validity(), bitmap::bytes_for(c.length()));
  return out;
}

}  // namespace floe::compute
