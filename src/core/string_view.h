// 16-byte string views (Arrow's BinaryView layout, as Polars, DuckDB and Velox use).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace floe {

/// Strings of up to 12 bytes live inside the view; longer ones keep a 4-byte prefix inline and
/// point at (buffer index, offset) in the column's data buffers. Comparisons look at the
/// length and prefix first, which settles most of them without touching the data buffers.
struct StringView {
  static constexpr uint32_t kInlineSize = 12;

  uint32_t size;
  union {
    char inlined[12];
    struct {
      char prefix[4];
      uint32_t buffer_index;
      uint32_t offset;
    } ref;
  };

  bool is_inline() const { return size <= kInlineSize; }

  static StringView make_inline(std::string_view s) {
    StringView v;
    std::memset(&v, 0, sizeof(v));
    v.size = static_cast<uint32_t>(s.size());
    if (!s.empty()) std::memcpy(v.inlined, s.data(), s.size());
    return v;
  }
  static StringView make_ref(std::string_view s, uint32_t buffer_index, uint32_t offset) {
    StringView v;
    v.size = static_cast<uint32_t>(s.size());
    std::memcpy(v.ref.prefix, s.data(), 4);
    v.ref.buffer_index = buffer_index;
    v.ref.offset = offset;
    return v;
  }
  /// First four bytes (zero-padded) as an integer, for fast comparisons.
  uint32_t prefix_u32() const {
    uint32_t p;
    std::memcpy(&p, inlined, 4);
    return p;
  }
  /// The prefix as a big-endian integer: comparing two of these orders strings like memcmp
  /// on their first four bytes.
  uint32_t prefix_order() const { return __builtin_bswap32(prefix_u32()); }
};
static_assert(sizeof(StringView) == 16);

}  // namespace floe
