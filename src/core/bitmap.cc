// Word-at-a-time bitmap routines.
#include "core/bitmap.h"

namespace floe::bitmap {

int64_t count_set(const uint8_t* bits, int64_t n) {
  int64_t words = n / 64, total = 0;
  for (int64_t w = 0; w < words; ++w) {
    uint64_t x;
    std::memcpy(&x, bits + w * 8, 8);
    total += std::popcount(x);
  }
  for (int64_t i = words * 64; i < n; ++i) total += get(bits, i);
  return total;
}

void copy_bits(const uint8_t* src, int64_t src_offset, uint8_t* dst, int64_t n) {
  if ((src_offset & 7) == 0) {
    std::memcpy(dst, src + src_offset / 8, static_cast<size_t>((n + 7) / 8));
    return;
  }
  std::memset(dst, 0, static_cast<size_t>((n + 7) / 8));
  for (int64_t i = 0; i < n; ++i) {
    if (get(src, src_offset + i)) set(dst, i);
  }
}

void and_bits(const uint8_t* a, const uint8_t* b, uint8_t* dst, int64_t n) {
  int64_t bytes = (n + 7) / 8;
  for (int64_t i = 0; i < bytes; ++i) dst[i] = a[i] & b[i];
}

void pack_bytes(const uint8_t* bytes, uint8_t* dst, int64_t n) {
  int64_t full = n / 8;
  for (int64_t i = 0; i < full; ++i) {
    const uint8_t* p = bytes + i * 8;
    dst[i] = static_cast<uint8_t>(p[0] | (p[1] << 1) | (p[2] << 2) | (p[3] << 3) | (p[4] << 4) |
                                  (p[5] << 5) | (p[6] << 6) | (p[7] << 7));
  }
  if (full * 8 < n) {
    uint8_t last = 0;
    for (int64_t i = full * 8; i < n; ++i) last |= static_cast<uint8_t>((bytes[i] & 1) << (i & 7));
    dst[full] = last;
  }
}

void unpack_bits(const uint8_t* bits, uint8_t* dst, int64_t n) {
  for (int64_t i = 0; i < n; ++i) dst[i] = get(bits, i);
}

}  // namespace floe::bitmap
