// Unpacking of little-endian bit-packed integers (Parquet's BIT_PACKED runs and delta blocks).
#pragma once

#include <cstdint>

namespace floe::io::parquet {

/// Unpacks `n` values of `bit_width` bits (0..32), least significant bit first, from `in` into
/// `out`. `in` must hold at least ceil(n * bit_width / 8) bytes; no byte past them is read.
void unpack_bits32(const uint8_t* in, int bit_width, uint32_t* out, int64_t n);

/// The same for widths 0..64 into 64-bit values (delta-encoded INT64 columns).
void unpack_bits64(const uint8_t* in, int bit_width, uint64_t* out, int64_t n);

/// Bytes that `n` values of `bit_width` bits occupy.
inline int64_t packed_bytes(int64_t n, int bit_width) { return (n * bit_width + 7) / 8; }

}  // namespace floe::io::parquet
