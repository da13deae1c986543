// PLAIN encoding of Floe column values in their Parquet physical types (data and dictionary pages).
#pragma once

#include <cstdint>
#include <string>

#include "core/column.h"

namespace floe::io::parquet {

/// Appends the PLAIN encoding of the valid values among rows [begin, end) of `column` (nulls
/// are skipped: their absence is recorded in the definition levels). Int8/Int16/UInt8/UInt16
/// widen to INT32, unsigned values keep their bit pattern, booleans are bit-packed, strings and
/// binary are length-prefixed byte arrays, decimals INT64 or 16-byte big-endian by precision
/// (writer_schema.h). A Null column has no values.
void encode_plain(const Column& column, int64_t begin, int64_t end, std::string* out);

/// Appends the PLAIN encoding of `n` values of storage type `T` (no nulls) as the physical
/// type of `type` (used for dictionary pages and statistics).
template <typename T>
void encode_plain_values(TypeId type, const T* values, int64_t n, std::string* out);

/// Appends rows [begin, end) of `values` that `validity` marks valid as 16-byte big-endian
/// two's complement (FIXED_LEN_BYTE_ARRAY decimals).
void append_decimals_big_endian(const __int128* values, const uint8_t* validity, int64_t begin, int64_t end,
                                std::string* out);

/// Bytes per PLAIN value of a fixed-width type (0 for booleans, which take one bit, and for
/// byte arrays, whose size varies).
int plain_width(TypeId type);

}  // namespace floe::io::parquet
