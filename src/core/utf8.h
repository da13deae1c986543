// UTF-8 scanning for string kernels and text layout: ASCII checks, character counting and
// stepping, decoding.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace floe::utf8 {

/// True when every byte of `s` is below 0x80 (checked eight bytes at a time).
inline bool is_ascii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; ++i) acc |= static_cast<uint8_t>(p[i]);
  return (acc & 0x8080808080808080ull) == 0;
}

inline bool is_continuation(char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; }

/// Number of characters: bytes that are not continuation bytes. On invalid UTF-8 this counts
/// every stray byte as one character, which keeps slicing in bounds.
inline int64_t count_chars(std::string_view s) {
  int64_t continuation = 0;
  for (char c : s) continuation += is_continuation(c);
  return static_cast<int64_t>(s.size()) - continuation;
}

/// Byte offset just past `n` characters counted forward from byte `pos` (clamped to the end).
inline size_t advance_chars(std::string_view s, size_t pos, int64_t n) {
  while (n > 0 && pos < s.size()) {
    ++pos;
    while (pos < s.size() && is_continuation(s[pos])) ++pos;
    --n;
  }
  return pos;
}

/// Byte offset of the start of the `n`-th character counted back from byte `end` (clamped to 0).
inline size_t retreat_chars(std::string_view s, size_t end, int64_t n) {
  while (n > 0 && end > 0) {
    --end;
    while (end > 0 && is_continuation(s[end])) --end;
    --n;
  }
  return end;
}

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

/// Decodes the code point starting at byte `pos` and sets `len` to its byte length. Malformed
/// sequences (truncated, overlong, surrogates, past U+10FFFF) decode as U+FFFD of length 1, so
/// callers always make progress and any byte string can be walked.
inline char32_t decode(std::string_view s, size_t pos, size_t& len) {
  const auto b0 = static_cast<uint8_t>(s[pos]);
  len = 1;
  if (b0 < 0x80) return b0;
  const int extra = b0 >= 0xF0 && b0 <= 0xF4 ? 3 : b0 >= 0xE0 && b0 < 0xF0 ? 2 : b0 >= 0xC2 && b0 < 0xE0 ? 1 : -1;
  if (extra < 0 || s.size() - pos <= static_cast<size_t>(extra)) return kReplacementCharacter;
  char32_t c = b0 & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<uint8_t>(s[pos + static_cast<size_t>(k)]);
    if ((b & 0xC0) != 0x80) return kReplacementCharacter;
    c = (c << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (c < kMin[extra] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return kReplacementCharacter;
  len = static_cast<size_t>(extra) + 1;
  return c;
}

/// Start of the code point that ends just before byte `end` (end > 0).
inline size_t previous_char_start(std::string_view s, size_t end) {
  size_t p = end - 1;
  size_t steps = 0;
  while (p > 0 && is_continuation(s[p]) && steps < 3) {
    --p;
    ++steps;
  }
  return p;
}

/// The Unicode White_Space property (what Rust's `str::trim` strips).
inline bool is_whitespace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

}  // namespace floe::utf8
