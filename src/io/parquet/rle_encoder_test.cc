// Tests of the RLE / bit-packed hybrid encoder, round-tripped through the reader's decoder.
#include "io/parquet/rle_encoder.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "core/bitmap.h"
#include "io/parquet/rle_decoder.h"

namespace floe::io::parquet {
namespace {

std::vector<uint32_t> round_trip(const std::vector<uint32_t>& values, int bit_width) {
  std::string encoded;
  RleEncoder encoder(bit_width, &encoded);
  encoder.put(values.data(), static_cast<int64_t>(values.size()));
  encoder.finish();
  RleDecoder decoder(reinterpret_cast<const uint8_t*>(encoded.data()), static_cast<int64_t>(encoded.size()), bit_width);
  std::vector<uint32_t> out(values.size());
  EXPECT_EQ(decoder.get(out.data(), static_cast<int64_t>(out.size())), static_cast<int64_t>(values.size()));
  return out;
}

TEST(RleEncoder, RunsBecomeRleRuns) {
  std::vector<uint32_t> values(1000, 5);
  std::string encoded;
  RleEncoder encoder(3, &encoded);
  encoder.put(values.data(), 1000);
  encoder.finish();
  // One run: varint header (1000 << 1 = 2000 takes two bytes) and one value byte.
  EXPECT_EQ(encoded, std::string("\xd0\x0f\x05", 3));
  EXPECT_EQ(round_trip(values, 3), values);
}

TEST(RleEncoder, ShortInputIsOnePackedGroup) {
  std::vector<uint32_t> values{1, 0, 1, 1, 0};
  std::string encoded;
  RleEncoder encoder(1, &encoded);
  encoder.put(values.data(), 5);
  encoder.finish();
  EXPECT_EQ(encoded, std::string("\x03\x0d", 2));  // one group, bits 10110 LSB first
  EXPECT_EQ(round_trip(values, 1), values);
}

TEST(RleEncoder, ShortRunOfEqualValuesIsARun) {
  std::vector<uint32_t> values{7, 7, 7};
  std::string encoded;
  RleEncoder encoder(3, &encoded);
  encoder.put(values.data(), 3);
  encoder.finish();
  EXPECT_EQ(encoded, std::string("\x06\x07", 2));
}

TEST(RleEncoder, EmptyInputWritesNothing) {
  std::string encoded;
  RleEncoder encoder(4, &encoded);
  encoder.finish();
  EXPECT_TRUE(encoded.empty());
}

TEST(RleEncoder, RandomMixesOfRunsAndLiteralsRoundTrip) {
  std::mt19937 rng(42);
  for (int bit_width : {1, 2, 3, 5, 8, 9, 13, 16, 17, 24, 31, 32}) {
    const uint64_t max = bit_width == 32 ? UINT32_MAX : (uint64_t{1} << bit_width) - 1;
    std::vector<uint32_t> values;
    while (values.size() < 5000) {
      const auto v = static_cast<uint32_t>(rng() % (max + 1));
      const size_t repeat = rng() % 3 == 0 ? rng() % 40 : 1;  // runs of every length around 8
      values.insert(values.end(), repeat, v);
    }
    values.resize(4999);  // a partial last group
    EXPECT_EQ(round_trip(values, bit_width), values) << "bit width " << bit_width;
  }
}

TEST(RleEncoder, LongLiteralRunsSplitAtSixtyThreeGroups) {
  std::vector<uint32_t> values(63 * 8 * 3 + 5);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<uint32_t>(i % 7);
  EXPECT_EQ(round_trip(values, 3), values);
}

TEST(RleEncoder, BitWidths) {
  EXPECT_EQ(bit_width_for(0), 0);
  EXPECT_EQ(bit_width_for(1), 1);
  EXPECT_EQ(bit_width_for(2), 2);
  EXPECT_EQ(bit_width_for(255), 8);
  EXPECT_EQ(bit_width_for(256), 9);
  EXPECT_EQ(bit_width_for(UINT32_MAX), 32);
}

TEST(RleEncoder, Uleb128) {
  std::string out;
  write_uleb128(0, &out);
  write_uleb128(127, &out);
  write_uleb128(128, &out);
  write_uleb128(300, &out);
  EXPECT_EQ(out, std::string("\x00\x7f\x80\x01\xac\x02", 6));
}

std::vector<uint8_t> decode_validity(const std::string& encoded, int64_t n) {
  RleDecoder decoder(reinterpret_cast<const uint8_t*>(encoded.data()), static_cast<int64_t>(encoded.size()), 1);
  std::vector<uint8_t> out(static_cast<size_t>(n));
  EXPECT_EQ(decoder.get(out.data(), n), n);
  return out;
}

TEST(ValidityLevels, AllValidIsOneRun) {
  std::string encoded;
  encode_validity_levels(nullptr, 20, &encoded);
  EXPECT_EQ(encoded, std::string("\x28\x01", 2));
  encoded.clear();
  encode_validity_levels(nullptr, 0, &encoded);
  EXPECT_TRUE(encoded.empty());
}

TEST(ValidityLevels, BitmapsRoundTrip) {
  std::mt19937 rng(7);
  for (int64_t n : {1, 7, 8, 9, 63, 64, 65, 1000, 4099}) {
    for (int pattern = 0; pattern < 5; ++pattern) {
      std::vector<uint8_t> bits(bitmap::bytes_for(n) + 8, 0xa5);  // garbage past the end
      std::vector<uint8_t> expected(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) {
        bool v;
        switch (pattern) {
          case 0: v = true; break;
          case 1: v = false; break;
          case 2: v = rng() % 2; break;
          case 3: v = (i / 100) % 2 == 0; break;  // long runs
          default: v = rng() % 50 != 0; break;     // rare nulls
        }
        bitmap::set_to(bits.data(), i, v);
        expected[static_cast<size_t>(i)] = v;
      }
      std::string encoded;
      encode_validity_levels(bits.data(), n, &encoded);
      EXPECT_EQ(decode_validity(encoded, n), expected) << "n " << n << " pattern " << pattern;
    }
  }
}

TEST(ValidityLevels, AllValidBitmapWithTailIsOneRun) {
  std::vector<uint8_t> bits(8, 0xff);
  std::string encoded;
  encode_validity_levels(bits.data(), 21, &encoded);
  EXPECT_EQ(encoded, std::string("\x2a\x01", 2));
}

}  // namespace
}  // namespace floe::io::parquet
