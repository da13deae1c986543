// Value decoders over one page's bytes; every length read from the page is checked against the
// bytes that remain before it is used.
#include "io/parquet/value_decoders.h"

#include <cstring>
#include <vector>

#include "core/error.h"
#include "io/parquet/bit_unpack.h"
#include "io/parquet/rle_decoder.h"

namespace floe::io::parquet {

namespace {

void need(int64_t have, int64_t want, const char* what) {
  FLOE_USER_CHECK(have >= want, ComputeError, "corrupt Parquet page: {} needs {} bytes, the page has {}", what, want,
                  have);
}

inline StringView make_view(const uint8_t* bytes, uint32_t length, const ViewTarget& target) {
  std::string_view s(reinterpret_cast<const char*>(bytes), length);
  if (length <= StringView::kInlineSize) return StringView::make_inline(s);
  return StringView::make_ref(s, target.buffer_index, static_cast<uint32_t>(bytes - target.base));
}

int64_t zigzag(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

}  // namespace

int64_t decode_plain_fixed(const uint8_t* data, int64_t size, int width, int64_t n, uint8_t* out) {
  const int64_t bytes = n * width;
  need(size, bytes, "PLAIN values");
  if (bytes > 0) std::memcpy(out, data, static_cast<size_t>(bytes));
  return bytes;
}

int64_t decode_plain_boolean(const uint8_t* data, int64_t size, int64_t n, uint8_t* out) {
  const int64_t bytes = (n + 7) / 8;
  need(size, bytes, "PLAIN booleans");
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const uint8_t b = data[i / 8];
    for (int j = 0; j < 8; ++j) out[i + j] = (b >> j) & 1;
  }
  for (; i < n; ++i) out[i] = (data[i / 8] >> (i % 8)) & 1;
  return bytes;
}

int64_t decode_plain_byte_array(const uint8_t* data, int64_t size, int64_t n, const ViewTarget& target,
                                StringView* out) {
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  for (int64_t i = 0; i < n; ++i) {
    FLOE_USER_CHECK(end - p >= 4, ComputeError, "corrupt Parquet page: byte array {} of {} runs past the page end", i, n);
    uint32_t length;
    std::memcpy(&length, p, 4);
    p += 4;
    FLOE_USER_CHECK(length <= static_cast<uint64_t>(end - p), ComputeError,
                    "corrupt Parquet page: byte array of {} bytes with {} bytes left in the page", length, end - p);
    out[i] = make_view(p, length, target);
    p += length;
  }
  return p - data;
}

int64_t decode_plain_fixed_byte_array(const uint8_t* data, int64_t size, int width, int64_t n,
                                      const ViewTarget& target, StringView* out) {
  need(size, n * width, "PLAIN fixed-length byte arrays");
  for (int64_t i = 0; i < n; ++i) out[i] = make_view(data + i * width, static_cast<uint32_t>(width), target);
  return n * width;
}

template <typename T>
int64_t decode_delta_binary_packed(const uint8_t* data, int64_t size, int64_t n, T* out) {
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  const uint64_t block_size = read_uleb128(&p, end);
  const uint64_t miniblocks = read_uleb128(&p, end);
  const uint64_t total = read_uleb128(&p, end);
  const int64_t first = zigzag(read_uleb128(&p, end));
  FLOE_USER_CHECK(block_size > 0 && block_size % 128 == 0 && block_size <= (1u << 20) && miniblocks > 0 &&
                      block_size % miniblocks == 0 && (block_size / miniblocks) % 32 == 0,
                  ComputeError,
                  "corrupt Parquet page: DELTA_BINARY_PACKED block of {} values in {} miniblocks (expected a multiple of "
                  "128 split into miniblocks of a multiple of 32)",
                  block_size, miniblocks);
  FLOE_USER_CHECK(total >= static_cast<uint64_t>(n), ComputeError,
                  "corrupt Parquet page: DELTA_BINARY_PACKED holds {} values where {} were expected", total, n);
  if (n == 0) return p - data;
  const int64_t per_miniblock = static_cast<int64_t>(block_size / miniblocks);
  constexpr int kMaxWidth = sizeof(T) * 8;
  // Deltas are added with wrapping unsigned arithmetic of T's width, as writers compute them.
  using U = std::make_unsigned_t<T>;
  U value = static_cast<U>(first);
  out[0] = static_cast<T>(value);
  int64_t done = 1;
  std::vector<uint64_t> deltas(static_cast<size_t>(per_miniblock));
  std::vector<uint8_t> widths(static_cast<size_t>(miniblocks));
  while (done < n) {
    const U min_delta = static_cast<U>(zigzag(read_uleb128(&p, end)));
    need(end - p, static_cast<int64_t>(miniblocks), "DELTA_BINARY_PACKED bit widths");
    std::memcpy(widths.data(), p, widths.size());
    p += miniblocks;
    for (uint64_t m = 0; m < miniblocks && done < n; ++m) {
      const int w = widths[m];
      FLOE_USER_CHECK(w <= kMaxWidth, ComputeError,
                      "corrupt Parquet page: DELTA_BINARY_PACKED miniblock bit width {} exceeds {}", w, kMaxWidth);
      const int64_t take = std::min(per_miniblock, n - done);
      const int64_t full_bytes = packed_bytes(per_miniblock, w);
      need(end - p, packed_bytes(take, w), "a DELTA_BINARY_PACKED miniblock");
      unpack_bits64(p, w, deltas.data(), take);
      for (int64_t i = 0; i < take; ++i) {
        value = static_cast<U>(value + min_delta + static_cast<U>(deltas[static_cast<size_t>(i)]));
        out[done + i] = static_cast<T>(value);
      }
      done += take;
      // The last miniblock is padded to full size, but tolerate writers that cut it short.
      p += std::min<int64_t>(full_bytes, end - p);
    }
  }
  return p - data;
}

template int64_t decode_delta_binary_packed<int32_t>(const uint8_t*, int64_t, int64_t, int32_t*);
template int64_t decode_delta_binary_packed<int64_t>(const uint8_t*, int64_t, int64_t, int64_t*);

int64_t decode_delta_length_byte_array(const uint8_t* data, int64_t size, int64_t n, const ViewTarget& target,
                                       StringView* out) {
  std::vector<int32_t> lengths(static_cast<size_t>(n));
  int64_t consumed = decode_delta_binary_packed(data, size, n, lengths.data());
  const uint8_t* p = data + consumed;
  const uint8_t* end = data + size;
  for (int64_t i = 0; i < n; ++i) {
    const int32_t length = lengths[static_cast<size_t>(i)];
    FLOE_USER_CHECK(length >= 0 && length <= end - p, ComputeError,
                    "corrupt Parquet page: DELTA_LENGTH_BYTE_ARRAY value of {} bytes with {} bytes left", length, end - p);
    out[i] = make_view(p, static_cast<uint32_t>(length), target);
    p += length;
  }
  return p - data;
}

BufferPtr decode_delta_byte_array(const uint8_t* data, int64_t size, int64_t n, uint32_t buffer_index,
                                  StringView* out) {
  std::vector<int32_t> prefix(static_cast<size_t>(n)), suffix(static_cast<size_t>(n));
  int64_t pos = decode_delta_binary_packed(data, size, n, prefix.data());
  pos += decode_delta_binary_packed(data + pos, size - pos, n, suffix.data());
  const uint8_t* p = data + pos;
  const int64_t left = size - pos;
  int64_t total = 0, suffix_total = 0, previous = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t pre = prefix[static_cast<size_t>(i)], suf = suffix[static_cast<size_t>(i)];
    FLOE_USER_CHECK(pre >= 0 && suf >= 0 && pre <= previous, ComputeError,
                    "corrupt Parquet page: DELTA_BYTE_ARRAY prefix {} of a {}-byte previous value (suffix {})", pre,
                    previous, suf);
    previous = pre + suf;
    total += previous;
    suffix_total += suf;
    FLOE_USER_CHECK(suffix_total <= left && total <= (int64_t{1} << 32), ComputeError,
                    "corrupt Parquet page: DELTA_BYTE_ARRAY suffixes need {} bytes, the page has {}", suffix_total, left);
  }
  BufferPtr buffer = Buffer::allocate(static_cast<size_t>(total));
  uint8_t* dst = buffer->data();
  int64_t at = 0, prev_at = 0;
  for (int64_t i = 0; i < n; ++i) {
    const int32_t pre = prefix[static_cast<size_t>(i)], suf = suffix[static_cast<size_t>(i)];
    if (pre > 0) std::memmove(dst + at, dst + prev_at, static_cast<size_t>(pre));
    if (suf > 0) std::memcpy(dst + at + pre, p, static_cast<size_t>(suf));
    p += suf;
    out[i] = make_view(dst + at, static_cast<uint32_t>(pre + suf), ViewTarget{dst, buffer_index});
    prev_at = at;
    at += pre + suf;
  }
  return buffer;
}

int64_t decode_byte_stream_split(const uint8_t* data, int64_t size, int width, int64_t n, uint8_t* out) {
  need(size, n * width, "BYTE_STREAM_SPLIT values");
  if (width == 4) {
    for (int64_t i = 0; i < n; ++i) {
      out[i * 4 + 0] = data[i];
      out[i * 4 + 1] = data[n + i];
      out[i * 4 + 2] = data[2 * n + i];
      out[i * 4 + 3] = data[3 * n + i];
    }
  } else {
    for (int s = 0; s < width; ++s) {
      const uint8_t* stream = data + s * n;
      for (int64_t i = 0; i < n; ++i) out[i * width + s] = stream[i];
    }
  }
  return n * width;
}

}  // namespace floe::io::parquet
