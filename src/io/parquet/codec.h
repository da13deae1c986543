// Page compression codecs of Parquet, on Debian's snappy, zlib, zstd, lz4 and brotli.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/buffer.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {

/// Largest decompressed page this reader allocates (sizes come from the file, so they are
/// checked against this before any allocation).
inline constexpr int64_t kMaxPageSize = int64_t{1} << 31;

/// Decompresses `src` into exactly `dst_size` bytes at `dst`. Throws ComputeError when the
/// codec is unsupported, the data is corrupt, or it does not decompress to `dst_size` bytes.
void decompress_into(CompressionCodec codec, std::string_view src, uint8_t* dst, int64_t dst_size);

/// Decompresses `src` into a new buffer of `dst_size` bytes (checked against kMaxPageSize).
BufferPtr decompress(CompressionCodec codec, std::string_view src, int64_t dst_size);

/// Compresses `src`. `level` is the codec's own level (zstd 1..22, gzip 0..9, brotli 0..11);
/// 0 or below picks the codec's default. LZ4 writes the Hadoop framing, LZ4_RAW a raw block.
std::string compress(CompressionCodec codec, std::string_view src, int level = 0);

/// Whether this build can read and write pages compressed with `codec` (all but LZO).
bool codec_supported(CompressionCodec codec);

}  // namespace floe::io::parquet
