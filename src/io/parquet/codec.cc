// Compression and decompression of Parquet pages through each codec's C library.
#include "io/parquet/codec.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>

#include "core/error.h"

namespace floe::io::parquet {

namespace {

[[noreturn]] void corrupt(CompressionCodec codec, const std::string& detail) {
  throw ComputeError(fmt::format("corrupt {}-compressed Parquet page: {}", codec_name(codec), detail));
}

void check_size(CompressionCodec codec, int64_t got, int64_t expected) {
  if (got != expected) {
    corrupt(codec, fmt::format("decompressed to {} bytes, the page header says {}", got, expected));
  }
}

void inflate_gzip(std::string_view src, uint8_t* dst, int64_t dst_size) {
  z_stream z{};
  // 15 + 32: accept both gzip and zlib headers, as other readers do.
  if (inflateInit2(&z, 15 + 32) != Z_OK) corrupt(CompressionCodec::kGzip, "cannot initialise zlib");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(src.data()));
  z.avail_in = static_cast<uInt>(src.size());
  z.next_out = dst;
  z.avail_out = static_cast<uInt>(dst_size);
  int rc;
  // Some writers concatenate gzip members; keep inflating while input remains.
  while ((rc = inflate(&z, Z_FINISH)) == Z_STREAM_END && z.avail_in > 0 && z.avail_out > 0) {
    inflateReset(&z);
  }
  int64_t produced = dst_size - z.avail_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && produced == dst_size)) {
    corrupt(CompressionCodec::kGzip, fmt::format("zlib error {}", rc));
  }
  check_size(CompressionCodec::kGzip, produced, dst_size);
}

/// Hadoop's LZ4 framing: blocks of [u32 BE decompressed size][u32 BE compressed size][data].
/// Returns false when the bytes do not follow it, so the caller can try a raw block.
bool lz4_hadoop(std::string_view src, uint8_t* dst, int64_t dst_size) {
  auto be32 = [](const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return __builtin_bswap32(v);
  };
  size_t in = 0;
  int64_t out = 0;
  while (in < src.size()) {
    if (src.size() - in < 8) return false;
    uint32_t expected = be32(src.data() + in);
    uint32_t compressed = be32(src.data() + in + 4);
    in += 8;
    if (compressed > src.size() - in || expected > dst_size - out) return false;
    int n = LZ4_decompress_safe(src.data() + in, reinterpret_cast<char*>(dst + out), static_cast<int>(compressed),
                                static_cast<int>(expected));
    if (n < 0 || static_cast<uint32_t>(n) != expected) return false;
    in += compressed;
    out += n;
  }
  return out == dst_size;
}

}  // namespace

bool codec_supported(CompressionCodec codec) {
  switch (codec) {
    case CompressionCodec::kUncompressed:
    case CompressionCodec::kSnappy:
    case CompressionCodec::kGzip:
    case CompressionCodec::kBrotli:
    case CompressionCodec::kLz4:
    case CompressionCodec::kZstd:
    case CompressionCodec::kLz4Raw: return true;
    case CompressionCodec::kLzo: return false;
  }
  return false;
}

void decompress_into(CompressionCodec codec, std::string_view src, uint8_t* dst, int64_t dst_size) {
  FLOE_USER_CHECK(dst_size >= 0 && dst_size <= kMaxPageSize, ComputeError,
                  "corrupt Parquet page: uncompressed size {} is outside [0, {}]", dst_size, kMaxPageSize);
  switch (codec) {
    case CompressionCodec::kUncompressed:
      check_size(codec, static_cast<int64_t>(src.size()), dst_size);
      if (dst_size > 0) std::memcpy(dst, src.data(), src.size());
      return;
    case CompressionCodec::kSnappy: {
      size_t length = 0;
      if (!snappy::GetUncompressedLength(src.data(), src.size(), &length)) corrupt(codec, "bad length header");
      check_size(codec, static_cast<int64_t>(length), dst_size);
      if (!snappy::RawUncompress(src.data(), src.size(), reinterpret_cast<char*>(dst))) corrupt(codec, "bad data");
      return;
    }
    case CompressionCodec::kGzip:
      inflate_gzip(src, dst, dst_size);
      return;
    case CompressionCodec::kZstd: {
      size_t n = ZSTD_decompress(dst, static_cast<size_t>(dst_size), src.data(), src.size());
      if (ZSTD_isError(n)) corrupt(codec, ZSTD_getErrorName(n));
      check_size(codec, static_cast<int64_t>(n), dst_size);
      return;
    }
    case CompressionCodec::kLz4Raw: {
      int n = LZ4_decompress_safe(src.data(), reinterpret_cast<char*>(dst), static_cast<int>(src.size()),
                                  static_cast<int>(dst_size));
      if (n < 0) corrupt(codec, "bad block");
      check_size(codec, n, dst_size);
      return;
    }
    case CompressionCodec::kLz4: {
      if (lz4_hadoop(src, dst, dst_size)) return;
      int n = LZ4_decompress_safe(src.data(), reinterpret_cast<char*>(dst), static_cast<int>(src.size()),
                                  static_cast<int>(dst_size));
      if (n < 0) corrupt(codec, "neither Hadoop-framed nor a raw LZ4 block");
      check_size(codec, n, dst_size);
      return;
    }
    case CompressionCodec::kBrotli: {
      size_t n = static_cast<size_t>(dst_size);
      if (BrotliDecoderDecompress(src.size(), reinterpret_cast<const uint8_t*>(src.data()), &n, dst) !=
          BROTLI_DECODER_RESULT_SUCCESS) {
        corrupt(codec, "bad stream");
      }
      check_size(codec, static_cast<int64_t>(n), dst_size);
      return;
    }
    case CompressionCodec::kLzo:
      break;
  }
  throw ComputeError(fmt::format("Parquet compression codec {} is not supported; supported: UNCOMPRESSED, SNAPPY, "
                                 "GZIP, ZSTD, LZ4, LZ4_RAW, BROTLI",
                                 codec_name(codec)));
}

BufferPtr decompress(CompressionCodec codec, std::string_view src, int64_t dst_size) {
  FLOE_USER_CHECK(dst_size >= 0 && dst_size <= kMaxPageSize, ComputeError,
                  "corrupt Parquet page: uncompressed size {} is outside [0, {}]", dst_size, kMaxPageSize);
  BufferPtr out = Buffer::allocate(static_cast<size_t>(dst_size));
  decompress_into(codec, src, out->data(), dst_size);
  return out;
}

std::string compress(CompressionCodec codec, std::string_view src, int level) {
  std::string out;
  switch (codec) {
    case CompressionCodec::kUncompressed:
      return std::string(src);
    case CompressionCodec::kSnappy:
      snappy::Compress(src.data(), src.size(), &out);
      return out;
    case CompressionCodec::kGzip: {
      z_stream z{};
      if (deflateInit2(&z, level > 0 ? std::min(level, 9) : Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                       Z_DEFAULT_STRATEGY) != Z_OK) {
        throw ComputeError("cannot initialise zlib for GZIP compression");
      }
      out.resize(deflateBound(&z, static_cast<uLong>(src.size())) + 32);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(src.data()));
      z.avail_in = static_cast<uInt>(src.size());
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      int rc = deflate(&z, Z_FINISH);
      size_t n = out.size() - z.avail_out;
      deflateEnd(&z);
      FLOE_USER_CHECK(rc == Z_STREAM_END, ComputeError, "GZIP compression failed (zlib error {})", rc);
      out.resize(n);
      return out;
    }
    case CompressionCodec::kZstd: {
      out.resize(ZSTD_compressBound(src.size()));
      size_t n = ZSTD_compress(out.data(), out.size(), src.data(), src.size(), level > 0 ? std::min(level, 22) : 1);
      FLOE_USER_CHECK(!ZSTD_isError(n), ComputeError, "ZSTD compression failed: {}", ZSTD_getErrorName(n));
      out.resize(n);
      return out;
    }
    case CompressionCodec::kLz4Raw:
    case CompressionCodec::kLz4: {
      FLOE_USER_CHECK(src.size() <= LZ4_MAX_INPUT_SIZE, InvalidArgument, "page of {} bytes is too large for LZ4",
                      src.size());
      size_t header = codec == CompressionCodec::kLz4 ? 8 : 0;
      out.resize(header + static_cast<size_t>(LZ4_compressBound(static_cast<int>(src.size()))));
      int n = LZ4_compress_default(src.data(), out.data() + header, static_cast<int>(src.size()),
                                   static_cast<int>(out.size() - header));
      FLOE_USER_CHECK(n > 0 || src.empty(), ComputeError, "LZ4 compression failed");
      if (header) {
        uint32_t sizes[2] = {__builtin_bswap32(static_cast<uint32_t>(src.size())),
                             __builtin_bswap32(static_cast<uint32_t>(n))};
        std::memcpy(out.data(), sizes, 8);
      }
      out.resize(header + static_cast<size_t>(n));
      return out;
    }
    case CompressionCodec::kBrotli: {
      size_t n = BrotliEncoderMaxCompressedSize(src.size());
      if (n == 0) n = src.size() + 1024;
      out.resize(n);
      int quality = level > 0 ? std::min(level, 11) : 1;
      bool ok = BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, src.size(),
                                      reinterpret_cast<const uint8_t*>(src.data()), &n,
                                      reinterpret_cast<uint8_t*>(out.data()));
      FLOE_USER_CHECK(ok, ComputeError, "BROTLI compression failed");
      out.resize(n);
      return out;
    }
    case CompressionCodec::kLzo:
      break;
  }
  throw InvalidArgument(fmt::format("Parquet compression codec {} is not supported for writing", codec_name(codec)));
}

}  // namespace floe::io::parquet
