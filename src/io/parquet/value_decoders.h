// Decoders of the value encodings of Parquet data pages: PLAIN, DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT.
#pragma once

#include <cstdint>

#include "core/buffer.h"
#include "core/string_view.h"

namespace floe::io::parquet {

/// Where byte-array values of a page live: views made by the decoders refer to buffer
/// `buffer_index` of the column's data buffers, whose first byte is `base`.
struct ViewTarget {
  const uint8_t* base = nullptr;
  uint32_t buffer_index = 0;
};

/// `n` PLAIN values of `width` bytes. Returns the bytes consumed; throws ComputeError when
/// `size` is too small.
int64_t decode_plain_fixed(const uint8_t* data, int64_t size, int width, int64_t n, uint8_t* out);

/// `n` PLAIN booleans (bit-packed, LSB first) as bytes 0/1.
int64_t decode_plain_boolean(const uint8_t* data, int64_t size, int64_t n, uint8_t* out);

/// `n` PLAIN byte arrays (4-byte little-endian length, then the bytes) as views into `target`
/// (which must contain `data`). Returns the bytes consumed.
int64_t decode_plain_byte_array(const uint8_t* data, int64_t size, int64_t n, const ViewTarget& target,
                                StringView* out);

/// `n` PLAIN fixed-length byte arrays of `width` bytes as views into `target`.
int64_t decode_plain_fixed_byte_array(const uint8_t* data, int64_t size, int width, int64_t n,
                                      const ViewTarget& target, StringView* out);

/// `n` DELTA_BINARY_PACKED values (T is int32_t or int64_t). Returns the bytes consumed, up to
/// the end of the last miniblock that holds values.
template <typename T>
int64_t decode_delta_binary_packed(const uint8_t* data, int64_t size, int64_t n, T* out);

/// `n` DELTA_LENGTH_BYTE_ARRAY values as views into `target`.
int64_t decode_delta_length_byte_array(const uint8_t* data, int64_t size, int64_t n, const ViewTarget& target,
                                       StringView* out);

/// `n` DELTA_BYTE_ARRAY values (prefix lengths, suffix lengths, suffixes). The values are
/// rebuilt into a new buffer, returned; views refer to it as buffer `buffer_index`.
BufferPtr decode_delta_byte_array(const uint8_t* data, int64_t size, int64_t n, uint32_t buffer_index,
                                  StringView* out);

/// `n` BYTE_STREAM_SPLIT values of `width` bytes.
int64_t decode_byte_stream_split(const uint8_t* data, int64_t size, int width, int64_t n, uint8_t* out);

}  // namespace floe::io::parquet
