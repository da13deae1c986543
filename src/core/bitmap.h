// Validity bitmaps: bit i set means row i holds a value (Arrow's layout, LSB first).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace floe::bitmap {

inline size_t bytes_for(int64_t bits) { return static_cast<size_t>((bits + 63) / 64 * 8); }

inline bool get(const uint8_t* bits, int64_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }
inline void set(uint8_t* bits, int64_t i) { bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
inline void clear(uint8_t* bits, int64_t i) { bits[i >> 3] &= static_cast<uint8_t>(~(1u << (i & 7))); }
inline void set_to(uint8_t* bits, int64_t i, bool v) {
  bits[i >> 3] = static_cast<uint8_t>((bits[i >> 3] & ~(1u << (i & 7))) | (static_cast<unsigned>(v) << (i & 7)));
}

/// Number of set bits among the first `n`.
int64_t count_set(const uint8_t* bits, int64_t n);

/// Copies `n` bits starting at bit `src_offset` of `src` into `dst` starting at bit 0.
void copy_bits(const uint8_t* src, int64_t src_offset, uint8_t* dst, int64_t n);

/// dst = a & b over `n` bits (word at a time).
void and_bits(const uint8_t* a, const uint8_t* b, uint8_t* dst, int64_t n);

/// Packs a byte-per-value mask (0/1) into bits.
void pack_bytes(const uint8_t* bytes, uint8_t* dst, int64_t n);

/// Unpacks bits into a byte-per-value mask (0/1).
void unpack_bits(const uint8_t* bits, uint8_t* dst, int64_t n);

}  // namespace floe::bitmap
