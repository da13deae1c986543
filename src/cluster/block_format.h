// The shuffle's data block: one DataFrame as a self-describing, LZ4-compressed, checksummed blob.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/data_frame.h"

namespace floe::cluster {

/// Layout (little endian; every integer unaligned):
///
///   header   "FLBK" | u16 version | u16 reserved (0) | u64 payload bytes | u64 XXH3-64 of payload
///   payload  u32 columns | u64 rows
///            per field: u32 name bytes, name | u8 TypeId | u8 TimeUnit | u32 tz bytes, tz
///                       | Decimal only: u8 precision | u8 scale
///            per column: u8 flags (bit 0: validity present), then its buffers:
///              validity (if present: ceil(rows / 8) bytes, LSB first)
///              Null:            nothing more
///              String / Binary: u32 length per row, then all value bytes end to end
///              others:          the values, byte_width(type) bytes each (booleans one byte,
///                               decimals 16)
///   buffer   u8 codec (0 raw, 1 LZ4 block) | u64 raw bytes | u64 stored bytes | stored bytes
///
/// The decoded frame has one chunk; the strings of a column share one data buffer.
inline constexpr uint16_t kBlockFormatVersion = 1;

/// Encodes `frame` (any number of chunks, rows and columns) as one block.
std::string encode_block(const DataFrame& frame);

/// Decodes a block made by encode_block. Throws IoError naming the problem (bad magic,
/// unsupported version, checksum mismatch, truncation, a size field out of range) on malformed
/// input; every length is checked against the bytes present before anything is allocated, so
/// garbage never makes it allocate more than a small multiple of the block's size.
DataFrame decode_block(std::string_view bytes);

/// The schema of a block, without decoding its columns (the checksum is still verified).
Schema decode_block_schema(std::string_view bytes);

}  // namespace floe::cluster
