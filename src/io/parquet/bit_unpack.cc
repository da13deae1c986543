// Bit unpacking specialised per width: groups of 8 values (exactly `width` bytes) are
// extracted with unaligned 64-bit loads whose shifts and masks are compile-time constants.
#include "io/parquet/bit_unpack.h"

#include <array>
#include <cstring>
#include <utility>

namespace floe::io::parquet {

namespace {

template <typename T, int W>
inline T extract(const uint8_t* group, int i) {
  constexpr uint64_t kMask = W == 64 ? ~uint64_t{0} : (uint64_t{1} << W) - 1;
  const int bit = i * W;
  uint64_t lo;
  std::memcpy(&lo, group + (bit >> 3), 8);
  const int shift = bit & 7;
  uint64_t v = lo >> shift;
  if constexpr (W > 56) {
    // The value may spill into a ninth byte.
    if (shift != 0) v |= static_cast<uint64_t>(group[(bit >> 3) + 8]) << (64 - shift);
  }
  return static_cast<T>(v & kMask);
}

/// 8 values from the `W` bytes at `group`, reading up to 9 bytes past them.
template <typename T, int W>
inline void unpack_group(const uint8_t* group, T* out) {
  if constexpr (W == 0) {
    for (int i = 0; i < 8; ++i) out[i] = 0;
  } else {
    for (int i = 0; i < 8; ++i) out[i] = extract<T, W>(group, i);
  }
}

template <typename T, int W>
void unpack_width(const uint8_t* in, T* out, int64_t n) {
  const int64_t groups = n / 8;
  const int64_t in_bytes = packed_bytes(n, W);
  int64_t g = 0;
  // Groups whose over-read stays inside the input use the input directly.
  for (; g < groups && (g + 1) * W + 9 <= in_bytes; ++g) unpack_group<T, W>(in + g * W, out + g * 8);
  // The last groups (and a partial tail) go through a zero-padded copy.
  alignas(8) uint8_t padded[64 + 16];
  for (; g * 8 < n; ++g) {
    const int64_t avail = std::min<int64_t>(W, in_bytes - g * W);
    std::memset(padded, 0, sizeof(padded));
    if (avail > 0) std::memcpy(padded, in + g * W, static_cast<size_t>(avail));
    T tmp[8];
    unpack_group<T, W>(padded, tmp);
    const int64_t take = std::min<int64_t>(8, n - g * 8);
    for (int64_t i = 0; i < take; ++i) out[g * 8 + i] = tmp[i];
  }
}

template <typename T, size_t... Ws>
constexpr auto make_table(std::index_sequence<Ws...>) {
  return std::array<void (*)(const uint8_t*, T*, int64_t), sizeof...(Ws)>{&unpack_width<T, static_cast<int>(Ws)>...};
}

constexpr auto kUnpack32 = make_table<uint32_t>(std::make_index_sequence<33>{});
constexpr auto kUnpack64 = make_table<uint64_t>(std::make_index_sequence<65>{});

}  // namespace

void unpack_bits32(const uint8_t* in, int bit_width, uint32_t* out, int64_t n) {
  if (n <= 0) return;
  if (bit_width == 32) {
    std::memcpy(out, in, static_cast<size_t>(n) * 4);
    return;
  }
  kUnpack32[static_cast<size_t>(bit_width)](in, out, n);
}

void unpack_bits64(const uint8_t* in, int bit_width, uint64_t* out, int64_t n) {
  if (n <= 0) return;
  if (bit_width == 64) {
    std::memcpy(out, in, static_cast<size_t>(n) * 8);
    return;
  }
  kUnpack64[static_cast<size_t>(bit_width)](in, out, n);
}

}  // namespace floe::io::parquet
