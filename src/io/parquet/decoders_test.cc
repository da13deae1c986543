// Unit tests of Parquet's low-level decoders on hand-built byte sequences: bit unpacking,
// RLE/bit-packed hybrid runs, PLAIN, DELTA_* and BYTE_STREAM_SPLIT.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/column.h"
#include "core/error.h"
#include "io/parquet/bit_unpack.h"
#include "io/parquet/rle_decoder.h"
#include "io/parquet/value_decoders.h"

namespace floe::io::parquet {
namespace {

/// Packs values LSB first, `width` bits each (the reference the decoders are checked against).
std::vector<uint8_t> pack(const std::vector<uint64_t>& values, int width) {
  std::vector<uint8_t> out(static_cast<size_t>(packed_bytes(static_cast<int64_t>(values.size()), width)), 0);
  for (size_t i = 0; i < values.size(); ++i) {
    for (int b = 0; b < width; ++b) {
      if ((values[i] >> b) & 1) {
        size_t bit = i * static_cast<size_t>(width) + static_cast<size_t>(b);
        out[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
      }
    }
  }
  return out;
}

void put_uleb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(static_cast<uint8_t>(b | (v ? 0x80 : 0)));
  } while (v);
}

void put_zigzag(std::vector<uint8_t>& out, int64_t v) {
  put_uleb(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

TEST(ParquetBitUnpack, EveryWidthAndLength) {
  std::mt19937_64 rng(7);
  for (int width = 0; width <= 32; ++width) {
    for (int n : {0, 1, 7, 8, 9, 31, 64, 100, 1000}) {
      std::vector<uint64_t> values(static_cast<size_t>(n));
      const uint64_t mask = width == 64 ? ~0ull : (1ull << width) - 1;
      for (auto& v : values) v = rng() & mask;
      auto packed = pack(values, width);
      // Exactly sized input: the decoder must not read past it (ASan builds would catch it).
      std::vector<uint8_t> exact(packed.begin(), packed.end());
      std::vector<uint32_t> out(static_cast<size_t>(n) + 1, 0xdeadbeef);
      unpack_bits32(exact.data(), width, out.data(), n);
      for (int i = 0; i < n; ++i) ASSERT_EQ(out[static_cast<size_t>(i)], values[static_cast<size_t>(i)]) << width << " " << i;
      EXPECT_EQ(out[static_cast<size_t>(n)], 0xdeadbeefu);
    }
  }
}

TEST(ParquetBitUnpack, Widths33To64) {
  std::mt19937_64 rng(11);
  for (int width = 33; width <= 64; ++width) {
    const int n = 77;
    std::vector<uint64_t> values(n);
    const uint64_t mask = width == 64 ? ~0ull : (1ull << width) - 1;
    for (auto& v : values) v = rng() & mask;
    auto packed = pack(values, width);
    std::vector<uint64_t> out(n);
    unpack_bits64(packed.data(), width, out.data(), n);
    EXPECT_EQ(out, values) << width;
  }
}

TEST(ParquetRle, RunsAndBitPackedGroups) {
  std::vector<uint8_t> data;
  put_uleb(data, 5 << 1);  // RLE run: 5 x 3
  data.push_back(3);
  put_uleb(data, (2 << 1) | 1);  // bit-packed: 2 groups (16 values) of width 3
  std::vector<uint64_t> packed_values;
  for (int i = 0; i < 16; ++i) packed_values.push_back(static_cast<uint64_t>(i % 8));
  auto packed = pack(packed_values, 3);
  data.insert(data.end(), packed.begin(), packed.end());
  put_uleb(data, 3 << 1);  // RLE run: 3 x 6
  data.push_back(6);

  std::vector<uint32_t> expected(5, 3);
  for (auto v : packed_values) expected.push_back(static_cast<uint32_t>(v));
  expected.insert(expected.end(), 3, 6);

  // All at once, and in awkward pieces that split groups and runs.
  for (int64_t step : {int64_t{24}, int64_t{1}, int64_t{3}, int64_t{7}, int64_t{9}}) {
    RleDecoder decoder(data.data(), static_cast<int64_t>(data.size()), 3);
    std::vector<uint32_t> out;
    std::vector<uint32_t> piece(static_cast<size_t>(step));
    while (true) {
      int64_t got = decoder.get(piece.data(), step);
      out.insert(out.end(), piece.begin(), piece.begin() + got);
      if (got < step) break;
    }
    EXPECT_EQ(out, expected) << step;
  }
}

TEST(ParquetRle, WidthZeroAndWideValues) {
  std::vector<uint8_t> data;
  put_uleb(data, 10 << 1);
  RleDecoder zero(data.data(), static_cast<int64_t>(data.size()), 0);
  std::vector<uint32_t> out(10, 9);
  EXPECT_EQ(zero.get(out.data(), 10), 10);
  EXPECT_EQ(out, std::vector<uint32_t>(10, 0));

  std::vector<uint8_t> wide;
  put_uleb(wide, 2 << 1);
  uint32_t v = 0xfedcba98;
  wide.insert(wide.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 4);
  RleDecoder w32(wide.data(), static_cast<int64_t>(wide.size()), 32);
  EXPECT_EQ(w32.get(out.data(), 5), 2);
  EXPECT_EQ(out[0], v);
  EXPECT_EQ(out[1], v);
}

TEST(ParquetRle, ValidityFromLevels) {
  std::vector<uint8_t> data;
  put_uleb(data, 20 << 1);  // 20 valid
  data.push_back(1);
  put_uleb(data, (1 << 1) | 1);  // 8 packed levels 1,0,1,0,...
  data.push_back(0x55);
  put_uleb(data, 4 << 1);  // 4 nulls
  data.push_back(0);
  RleDecoder decoder(data.data(), static_cast<int64_t>(data.size()), 1);
  std::vector<uint8_t> bits(8, 0xff);
  EXPECT_EQ(decoder.get_validity(bits.data(), 3, 32, 1), 24);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(bits[0] >> i & 1);
  for (int i = 0; i < 32; ++i) {
    bool expected = i < 20 || (i < 28 && (i - 20) % 2 == 0);
    EXPECT_EQ((bits[static_cast<size_t>((i + 3) / 8)] >> ((i + 3) % 8)) & 1, expected) << i;
  }
  // Too few levels is an error, not a crash.
  RleDecoder short_decoder(data.data(), static_cast<int64_t>(data.size()), 1);
  EXPECT_THROW(short_decoder.get_validity(bits.data(), 0, 40, 1), ComputeError);
}

TEST(ParquetRle, MalformedInputThrows) {
  std::vector<uint8_t> bad = {0xff, 0xff, 0xff};  // varint runs off the end
  RleDecoder decoder(bad.data(), 3, 4);
  uint32_t out[4];
  EXPECT_THROW(decoder.get(out, 4), ComputeError);
  EXPECT_THROW(RleDecoder(bad.data(), 3, 33), ComputeError);
  std::vector<uint8_t> cut = {2 << 1};  // RLE run without its value
  RleDecoder cut_decoder(cut.data(), 1, 8);
  EXPECT_THROW(cut_decoder.get(out, 1), ComputeError);
  // A bit-packed run shorter than announced yields what is there.
  std::vector<uint8_t> trunc = {(4 << 1) | 1, 0xff};
  RleDecoder trunc_decoder(trunc.data(), 2, 8);
  EXPECT_EQ(trunc_decoder.get(out, 4), 1);
}

TEST(ParquetPlain, FixedBooleansAndByteArrays) {
  std::vector<uint8_t> bools = {0b10110101, 0b1};
  uint8_t out[9];
  decode_plain_boolean(bools.data(), 2, 9, out);
  const uint8_t expected[9] = {1, 0, 1, 0, 1, 1, 0, 1, 1};
  EXPECT_EQ(std::memcmp(out, expected, 9), 0);
  EXPECT_THROW(decode_plain_boolean(bools.data(), 1, 9, out), ComputeError);

  std::vector<uint8_t> data;
  for (std::string s : {"", "short", "a string longer than twelve"}) {
    uint32_t n = static_cast<uint32_t>(s.size());
    data.insert(data.end(), reinterpret_cast<uint8_t*>(&n), reinterpret_cast<uint8_t*>(&n) + 4);
    data.insert(data.end(), s.begin(), s.end());
  }
  StringView views[3];
  std::vector<BufferPtr> buffers = {Buffer::wrap(data.data(), data.size(), nullptr)};
  EXPECT_EQ(decode_plain_byte_array(data.data(), static_cast<int64_t>(data.size()), 3, ViewTarget{data.data(), 0}, views),
            static_cast<int64_t>(data.size()));
  EXPECT_EQ(Column::view_string(views[0], buffers), "");
  EXPECT_EQ(Column::view_string(views[1], buffers), "short");
  EXPECT_EQ(Column::view_string(views[2], buffers), "a string longer than twelve");
  // A length past the end of the page.
  data[0] = 200;
  EXPECT_THROW(decode_plain_byte_array(data.data(), static_cast<int64_t>(data.size()), 3, ViewTarget{data.data(), 0}, views),
               ComputeError);
}

/// Encodes `values` as DELTA_BINARY_PACKED with one bit width per miniblock.
template <typename T>
std::vector<uint8_t> delta_encode(const std::vector<T>& values, int block = 128, int miniblocks = 4) {
  std::vector<uint8_t> out;
  put_uleb(out, static_cast<uint64_t>(block));
  put_uleb(out, static_cast<uint64_t>(miniblocks));
  put_uleb(out, values.size());
  put_zigzag(out, values.empty() ? 0 : static_cast<int64_t>(values[0]));
  using U = std::make_unsigned_t<T>;
  const int per = block / miniblocks;
  for (size_t start = 1; start < values.size(); start += static_cast<size_t>(block)) {
    const size_t end = std::min(values.size(), start + static_cast<size_t>(block));
    std::vector<U> deltas;
    for (size_t i = start; i < end; ++i) deltas.push_back(static_cast<U>(static_cast<U>(values[i]) - static_cast<U>(values[i - 1])));
    // Min delta as signed.
    T min_delta = static_cast<T>(deltas[0]);
    for (U d : deltas) min_delta = std::min(min_delta, static_cast<T>(d));
    put_zigzag(out, static_cast<int64_t>(min_delta));
    std::vector<uint8_t> widths;
    std::vector<std::vector<uint64_t>> minis;
    for (int m = 0; m < miniblocks; ++m) {
      std::vector<uint64_t> mini;
      for (int k = 0; k < per; ++k) {
        size_t i = static_cast<size_t>(m * per + k);
        mini.push_back(i < deltas.size() ? static_cast<U>(deltas[i] - static_cast<U>(min_delta)) : 0);
      }
      int w = 0;
      for (uint64_t d : mini) w = std::max(w, d == 0 ? 0 : 64 - __builtin_clzll(d));
      widths.push_back(static_cast<uint8_t>(w));
      minis.push_back(mini);
    }
    out.insert(out.end(), widths.begin(), widths.end());
    for (int m = 0; m < miniblocks && static_cast<size_t>(m * per) < deltas.size(); ++m) {
      auto packed = pack(minis[static_cast<size_t>(m)], widths[static_cast<size_t>(m)]);
      out.insert(out.end(), packed.begin(), packed.end());
    }
  }
  return out;
}

TEST(ParquetDelta, BinaryPackedInt32AndInt64) {
  std::mt19937_64 rng(3);
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{33}, size_t{128}, size_t{129}, size_t{1000}}) {
    std::vector<int32_t> v32(n);
    std::vector<int64_t> v64(n);
    for (size_t i = 0; i < n; ++i) {
      v32[i] = static_cast<int32_t>(rng());
      v64[i] = i % 3 == 0 ? static_cast<int64_t>(rng()) : static_cast<int64_t>(i);
    }
    auto e32 = delta_encode(v32);
    std::vector<int32_t> o32(n);
    EXPECT_EQ(decode_delta_binary_packed(e32.data(), static_cast<int64_t>(e32.size()), static_cast<int64_t>(n), o32.data()),
              static_cast<int64_t>(e32.size()));
    EXPECT_EQ(o32, v32);
    auto e64 = delta_encode(v64);
    std::vector<int64_t> o64(n);
    EXPECT_EQ(decode_delta_binary_packed(e64.data(), static_cast<int64_t>(e64.size()), static_cast<int64_t>(n), o64.data()),
              static_cast<int64_t>(e64.size()));
    EXPECT_EQ(o64, v64);
  }
}

TEST(ParquetDelta, MinDeltaOverflowAndZeroWidthMiniblocks) {
  // Deltas that overflow the type wrap around, as writers compute them.
  std::vector<int64_t> extremes = {INT64_MAX, INT64_MIN, INT64_MAX, 0, -1, INT64_MIN};
  auto e = delta_encode(extremes);
  std::vector<int64_t> out(extremes.size());
  decode_delta_binary_packed(e.data(), static_cast<int64_t>(e.size()), static_cast<int64_t>(out.size()), out.data());
  EXPECT_EQ(out, extremes);
  std::vector<int32_t> e32 = {INT32_MIN, INT32_MAX, INT32_MIN};
  auto enc32 = delta_encode(e32);
  std::vector<int32_t> out32(3);
  decode_delta_binary_packed(enc32.data(), static_cast<int64_t>(enc32.size()), 3, out32.data());
  EXPECT_EQ(out32, e32);
  // A constant step: every miniblock has width 0.
  std::vector<int32_t> steps(300);
  for (size_t i = 0; i < steps.size(); ++i) steps[i] = static_cast<int32_t>(5 * i - 7);
  auto es = delta_encode(steps);
  std::vector<int32_t> outs(steps.size());
  decode_delta_binary_packed(es.data(), static_cast<int64_t>(es.size()), static_cast<int64_t>(steps.size()), outs.data());
  EXPECT_EQ(outs, steps);
}

TEST(ParquetDelta, CorruptHeadersThrow) {
  std::vector<uint8_t> bad;
  put_uleb(bad, 100);  // block size not a multiple of 128
  put_uleb(bad, 4);
  put_uleb(bad, 10);
  put_zigzag(bad, 0);
  int32_t out[10];
  EXPECT_THROW(decode_delta_binary_packed(bad.data(), static_cast<int64_t>(bad.size()), 10, out), ComputeError);
  auto good = delta_encode(std::vector<int32_t>{1, 2, 3});
  EXPECT_THROW(decode_delta_binary_packed(good.data(), static_cast<int64_t>(good.size()), 4, out), ComputeError);
  EXPECT_THROW(decode_delta_binary_packed(good.data(), 3, 3, out), ComputeError);  // truncated
  // A miniblock width beyond the type.
  auto wide = delta_encode(std::vector<int32_t>{1, 2, 3});
  wide[6] = 40;  // first miniblock width (after the 5 header bytes and the min delta)
  EXPECT_THROW(decode_delta_binary_packed(wide.data(), static_cast<int64_t>(wide.size()), 3, out), ComputeError);
}

TEST(ParquetDelta, LengthAndPrefixByteArrays) {
  std::vector<std::string> strings = {"apple", "applesauce", "applesauce pie with cream", "b", ""};
  std::vector<int32_t> lengths;
  std::string concat;
  for (auto& s : strings) {
    lengths.push_back(static_cast<int32_t>(s.size()));
    concat += s;
  }
  auto data = delta_encode(lengths);
  data.insert(data.end(), concat.begin(), concat.end());
  std::vector<StringView> views(strings.size());
  std::vector<BufferPtr> buffers = {Buffer::wrap(data.data(), data.size(), nullptr)};
  decode_delta_length_byte_array(data.data(), static_cast<int64_t>(data.size()), 5, ViewTarget{data.data(), 0}, views.data());
  for (size_t i = 0; i < strings.size(); ++i) EXPECT_EQ(Column::view_string(views[i], buffers), strings[i]);

  std::vector<int32_t> prefixes = {0, 5, 10, 0, 0};
  std::vector<int32_t> suffixes;
  std::string suffix_bytes;
  for (size_t i = 0; i < strings.size(); ++i) {
    suffixes.push_back(static_cast<int32_t>(strings[i].size()) - prefixes[i]);
    suffix_bytes += strings[i].substr(static_cast<size_t>(prefixes[i]));
  }
  auto dba = delta_encode(prefixes);
  auto suf = delta_encode(suffixes);
  dba.insert(dba.end(), suf.begin(), suf.end());
  dba.insert(dba.end(), suffix_bytes.begin(), suffix_bytes.end());
  BufferPtr rebuilt = decode_delta_byte_array(dba.data(), static_cast<int64_t>(dba.size()), 5, 0, views.data());
  std::vector<BufferPtr> rebuilt_buffers = {rebuilt};
  for (size_t i = 0; i < strings.size(); ++i) EXPECT_EQ(Column::view_string(views[i], rebuilt_buffers), strings[i]);
  // A prefix longer than the previous value is corrupt.
  auto bad = delta_encode(std::vector<int32_t>{3, 0});
  auto bad_suf = delta_encode(std::vector<int32_t>{1, 1});
  bad.insert(bad.end(), bad_suf.begin(), bad_suf.end());
  bad.push_back('x');
  bad.push_back('y');
  EXPECT_THROW(decode_delta_byte_array(bad.data(), static_cast<int64_t>(bad.size()), 2, 0, views.data()), ComputeError);
}

TEST(ParquetByteStreamSplit, FloatsAndDoubles) {
  std::vector<float> floats = {1.5f, -2.25f, 3e10f};
  std::vector<uint8_t> split(12);
  const auto* raw = reinterpret_cast<const uint8_t*>(floats.data());
  for (size_t i = 0; i < 3; ++i)
    for (size_t b = 0; b < 4; ++b) split[b * 3 + i] = raw[i * 4 + b];
  std::vector<float> out(3);
  decode_byte_stream_split(split.data(), 12, 4, 3, reinterpret_cast<uint8_t*>(out.data()));
  EXPECT_EQ(out, floats);
  std::vector<double> doubles = {1.0, -0.5};
  std::vector<uint8_t> split8(16);
  const auto* raw8 = reinterpret_cast<const uint8_t*>(doubles.data());
  for (size_t i = 0; i < 2; ++i)
    for (size_t b = 0; b < 8; ++b) split8[b * 2 + i] = raw8[i * 8 + b];
  std::vector<double> out8(2);
  decode_byte_stream_split(split8.data(), 16, 8, 2, reinterpret_cast<uint8_t*>(out8.data()));
  EXPECT_EQ(out8, doubles);
  EXPECT_THROW(decode_byte_stream_split(split8.data(), 15, 8, 2, reinterpret_cast<uint8_t*>(out8.data())), ComputeError);
}

}  // namespace
}  // namespace floe::io::parquet
