// Tests of the shuffle block format: exact round trips and rejection of malformed blocks.
#include "cluster/block_format.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "core/column_builder.h"
#include "core/error.h"

namespace floe::cluster {
namespace {

/// A string of `len` bytes that differs with `seed` (so long strings are not all alike).
std::string text(size_t len, uint64_t seed) {
  std::string s(len, 'a');
  for (size_t i = 0; i < len; ++i) s[i] = static_cast<char>('a' + (seed * 31 + i * 7) % 26);
  return s;
}

/// `n` rows of `type` with varied values; every `null_every`-th row null (0: no nulls).
ColumnPtr make_column(const DataType& type, int64_t n, int null_every) {
  auto is_null = [&](int64_t i) { return null_every > 0 && i % null_every == 1; };
  if (type.id == TypeId::kNull) return Column::nulls(type, n);
  if (type.is_string_like()) {
    StringBuilder b(type);
    for (int64_t i = 0; i < n; ++i) {
      if (is_null(i)) {
        b.append_null();
      } else {
        b.append(text(static_cast<size_t>(i * 5 % 31), static_cast<uint64_t>(i)));  // 0..30 bytes
      }
    }
    return b.finish();
  }
  return visit_physical(type.id, [&](auto tag) -> ColumnPtr {
    using T = decltype(tag);
    FixedBuilder<T> b(type, n);
    for (int64_t i = 0; i < n; ++i) {
      if constexpr (std::is_floating_point_v<T>) {
        const T special[] = {std::numeric_limits<T>::quiet_NaN(), T(-0.0), std::numeric_limits<T>::infinity(),
                             std::numeric_limits<T>::lowest()};
        b.data()[i] = i % 5 == 4 ? special[(i / 5) % 4] : static_cast<T>(i) * T(1.25) - T(100);
      } else if constexpr (std::is_same_v<T, StringView>) {
        b.data()[i] = StringView{};
      } else if (type.id == TypeId::kBoolean) {
        b.data()[i] = static_cast<T>(i % 3 == 0);
      } else {
        b.data()[i] = static_cast<T>(i * 2654435761u - 12345);
      }
      if (is_null(i)) b.set_null(i);
    }
    return b.finish();
  });
}

std::vector<DataType> all_types() {
  return {TypeId::kNull,    TypeId::kBoolean, TypeId::kInt8,    TypeId::kInt16,   TypeId::kInt32,
          TypeId::kInt64,   TypeId::kUInt8,   TypeId::kUInt16,  TypeId::kUInt32,  TypeId::kUInt64,
          TypeId::kFloat32, TypeId::kFloat64, TypeId::kString,  TypeId::kBinary,  TypeId::kDate,
          DataType::datetime(TimeUnit::kMilli, "Europe/Amsterdam"), DataType::datetime(TimeUnit::kNano),
          DataType::datetime(TimeUnit::kMicro, "UTC"), DataType::duration(TimeUnit::kMilli),
          DataType::duration(TimeUnit::kNano), TypeId::kTime};
}

DataFrame frame_of_all_types(int64_t n, int null_every) {
  Schema schema;
  std::vector<ColumnPtr> cols;
  int i = 0;
  for (const auto& t : all_types()) {
    schema.add("c" + std::to_string(i++) + "_" + t.to_string(), t);
    cols.push_back(make_column(t, n, null_every));
  }
  return DataFrame(schema, std::move(cols));
}

/// Exact equality: schema (time units and zones included), validity, and the bytes of every
/// valid value (floats bitwise, so NaN and -0.0 count).
void expect_frames_equal(const DataFrame& expected, const DataFrame& actual) {
  ASSERT_EQ(expected.schema(), actual.schema());
  for (size_t i = 0; i < expected.num_columns(); ++i) {
    EXPECT_EQ(expected.schema()[i].type.tz, actual.schema()[i].type.tz);
    EXPECT_EQ(expected.schema()[i].type.unit, actual.schema()[i].type.unit);
  }
  ASSERT_EQ(expected.num_rows(), actual.num_rows());
  for (size_t c = 0; c < expected.num_columns(); ++c) {
    const ColumnPtr a = expected.column(c), b = actual.column(c);
    ASSERT_EQ(a->length(), b->length());
    ASSERT_EQ(a->null_count(), b->null_count()) << expected.schema()[c].name;
    const DataType& t = a->type();
    const int w = byte_width(t.id);
    for (int64_t r = 0; r < a->length(); ++r) {
      ASSERT_EQ(a->is_valid(r), b->is_valid(r)) << expected.schema()[c].name << " row " << r;
      if (!a->is_valid(r) || t.id == TypeId::kNull) continue;
      if (t.is_string_like()) {
        ASSERT_EQ(a->string_at(r), b->string_at(r)) << expected.schema()[c].name << " row " << r;
      } else {
        ASSERT_EQ(0, std::memcmp(a->values_buffer()->data() + r * w, b->values_buffer()->data() + r * w,
                                 static_cast<size_t>(w)))
            << expected.schema()[c].name << " row " << r;
      }
    }
  }
}

/// Rewrites the header's payload size and checksum, as a writer of a malicious block would.
std::string reseal(std::string block) {
  const uint64_t payload = block.size() - 24;
  const uint64_t checksum = XXH3_64bits(block.data() + 24, payload);
  std::memcpy(block.data() + 8, &payload, 8);
  std::memcpy(block.data() + 16, &checksum, 8);
  return block;
}

std::string decode_error(std::string_view bytes) {
  try {
    decode_block(bytes);
  } catch (const IoError& e) {
    return e.what();
  }
  return "no error";
}

TEST(BlockFormat, RoundTripsEveryTypeWithNulls) {
  const DataFrame frame = frame_of_all_types(1000, 7);
  const DataFrame back = decode_block(encode_block(frame));
  expect_frames_equal(frame, back);
  for (size_t c = 1; c < back.num_columns(); ++c) EXPECT_TRUE(back.column(c)->has_nulls()) << c;
}

TEST(BlockFormat, RoundTripsEveryTypeWithoutNulls) {
  const DataFrame frame = frame_of_all_types(1000, 0);
  const DataFrame back = decode_block(encode_block(frame));
  expect_frames_equal(frame, back);
  for (size_t c = 1; c < back.num_columns(); ++c) EXPECT_EQ(back.column(c)->validity(), nullptr) << c;
}

TEST(BlockFormat, KeepsTimeUnitsAndZones) {
  const DataFrame frame = frame_of_all_types(3, 0);
  const Schema schema = decode_block_schema(encode_block(frame));
  EXPECT_EQ(schema, frame.schema());
  const Field& ams = schema[15];
  EXPECT_EQ(ams.type.id, TypeId::kDatetime);
  EXPECT_EQ(ams.type.unit, TimeUnit::kMilli);
  EXPECT_EQ(ams.type.tz, "Europe/Amsterdam");
  EXPECT_EQ(schema[19].type, DataType::duration(TimeUnit::kNano));
}

TEST(BlockFormat, KeepsDecimalsWithPrecisionAndScale) {
  FixedBuilder<__int128> b(DataType::decimal(30, 3), 3);
  b.data()[0] = static_cast<__int128>(1) << 100;
  b.data()[1] = -12345;
  b.data()[2] = 0;
  b.set_null(2);
  Schema schema;
  schema.add("d", DataType::decimal(30, 3));
  DataFrame frame(schema, std::vector<ColumnPtr>{b.finish()});
  const DataFrame back = decode_block(encode_block(frame));
  EXPECT_EQ(back.schema()[0].type, DataType::decimal(30, 3));
  const ColumnPtr c = back.column(0);
  EXPECT_EQ(c->values<__int128>()[0], static_cast<__int128>(1) << 100);
  EXPECT_EQ(c->values<__int128>()[1], -12345);
  EXPECT_TRUE(c->is_null(2));
}

TEST(BlockFormat, StringsInlineAndLong) {
  StringBuilder b;
  const std::vector<std::string> values = {"", "a", "twelve bytes", "thirteen byte", std::string(12, '\0'),
                                           text(4000, 1), "żółć", text(13, 2), std::string(1, '\xff')};
  for (int rep = 0; rep < 50; ++rep) {
    for (const auto& v : values) b.append(v);
    b.append_null();
  }
  Schema schema;
  schema.add("s", TypeId::kString);
  const DataFrame frame(schema, std::vector<ColumnPtr>{b.finish()});
  const DataFrame back = decode_block(encode_block(frame));
  expect_frames_equal(frame, back);
  EXPECT_EQ(back.column(0)->string_at(2), "twelve bytes");
  EXPECT_EQ(back.column(0)->string_at(5), text(4000, 1));
  EXPECT_EQ(back.column(0)->data_buffers().size(), 1u);  // one contiguous buffer after decoding
  // Inline views are byte-identical to the builder's (zero padding), since kernels compare
  // and hash whole views.
  const StringView* views = back.column(0)->values<StringView>();
  for (int64_t i = 0; i < back.num_rows(); ++i) {
    if (!views[i].is_inline()) continue;
    const StringView expected = StringView::make_inline(back.column(0)->string_at(i));
    EXPECT_EQ(0, std::memcmp(&views[i], &expected, sizeof(StringView))) << "row " << i;
  }
}

TEST(BlockFormat, EmptyFrames) {
  const DataFrame no_rows = frame_of_all_types(0, 0);
  const DataFrame back = decode_block(encode_block(no_rows));
  expect_frames_equal(no_rows, back);
  EXPECT_EQ(back.num_columns(), all_types().size());

  const DataFrame nothing;
  const DataFrame back2 = decode_block(encode_block(nothing));
  EXPECT_EQ(back2.num_rows(), 0);
  EXPECT_EQ(back2.num_columns(), 0u);

  // A frame of rows without columns (as a projection of nothing produces) keeps its height.
  const DataFrame height_only(Schema(), std::vector<Chunk>{Chunk({}, 42)});
  EXPECT_EQ(decode_block(encode_block(height_only)).num_rows(), 42);
}

TEST(BlockFormat, MultiChunkAndSlicedInput) {
  const DataFrame whole = frame_of_all_types(300, 3);
  // Chunk boundaries off byte alignment exercise the bitmap concatenation.
  std::vector<Chunk> chunks;
  for (auto [off, len] : std::vector<std::pair<int64_t, int64_t>>{{0, 5}, {5, 0}, {5, 13}, {18, 101}, {119, 181}}) {
    chunks.push_back(whole.chunks()[0].slice(off, len));
  }
  const DataFrame multi(whole.schema(), chunks);
  ASSERT_GT(multi.chunks().size(), 3u);
  const DataFrame back = decode_block(encode_block(multi));
  EXPECT_EQ(back.chunks().size(), 1u);
  expect_frames_equal(whole, back);

  const DataFrame sliced = whole.slice(3, 250);
  expect_frames_equal(sliced, decode_block(encode_block(sliced)));
}

TEST(BlockFormat, CompressesWhenItHelpsOnly) {
  Schema schema;
  schema.add("x", TypeId::kInt64);
  FixedBuilder<int64_t> constant(TypeId::kInt64, 100000);
  FixedBuilder<int64_t> noise(TypeId::kInt64, 100000);
  uint64_t s = 88172645463325252ULL;
  for (int64_t i = 0; i < 100000; ++i) {
    constant.data()[i] = 7;
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    noise.data()[i] = static_cast<int64_t>(s);
  }
  const DataFrame small(schema, std::vector<ColumnPtr>{constant.finish()});
  const DataFrame big(schema, std::vector<ColumnPtr>{noise.finish()});
  const std::string a = encode_block(small), b = encode_block(big);
  EXPECT_LT(a.size(), 10000u);
  EXPECT_LE(b.size(), 800000u + 100u);  // stored raw: no growth beyond the headers
  expect_frames_equal(small, decode_block(a));
  expect_frames_equal(big, decode_block(b));
}

TEST(BlockFormat, LargeNullColumnStaysSmall) {
  Schema schema;
  schema.add("n", TypeId::kNull);
  const DataFrame frame(schema, std::vector<ColumnPtr>{Column::nulls(TypeId::kNull, 10'000'000)});
  const std::string block = encode_block(frame);
  EXPECT_LT(block.size(), 20000u);
  const DataFrame back = decode_block(block);
  EXPECT_EQ(back.num_rows(), 10'000'000);
  EXPECT_EQ(back.column(0)->null_count(), 10'000'000);
}

TEST(BlockFormat, FlippedByteIsAChecksumMismatch) {
  const std::string block = encode_block(frame_of_all_types(20, 3));
  for (size_t pos = 24; pos < block.size(); pos += 7) {
    std::string bad = block;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x10);
    EXPECT_NE(decode_error(bad).find("checksum mismatch"), std::string::npos) << "byte " << pos;
  }
}

TEST(BlockFormat, EveryTruncationThrows) {
  const std::string block = encode_block(frame_of_all_types(10, 3));
  for (size_t len = 0; len < block.size(); ++len) {
    const std::string msg = decode_error(std::string_view(block).substr(0, len));
    EXPECT_NE(msg.find("truncated"), std::string::npos) << "prefix " << len << ": " << msg;
  }
  EXPECT_THROW(decode_block_schema(std::string_view(block).substr(0, block.size() - 1)), IoError);
}

TEST(BlockFormat, ResealedTruncationsAndMutationsNeverCrash) {
  // Blocks with a valid checksum over a damaged payload get past the checksum: every size
  // field must still be checked against the bytes present.
  const std::string block = encode_block(frame_of_all_types(10, 3));
  for (size_t len = 24; len < block.size(); ++len) {
    EXPECT_THROW(decode_block(reseal(block.substr(0, len))), IoError) << "payload prefix " << len - 24;
  }
  for (size_t pos = 24; pos < block.size(); ++pos) {
    for (uint8_t v : {0x00, 0x01, 0x7f, 0xff}) {
      std::string bad = block;
      bad[pos] = static_cast<char>(v);
      try {
        decode_block(reseal(bad));  // may decode (e.g. a changed name byte), or throw IoError
      } catch (const IoError&) {
      }
    }
  }
}

TEST(BlockFormat, SizeFieldsOutOfRange) {
  const std::string block = encode_block(frame_of_all_types(10, 3));
  std::string bad = block;
  const uint64_t rows = uint64_t{1} << 50;
  std::memcpy(bad.data() + 24 + 4, &rows, 8);
  EXPECT_NE(decode_error(reseal(bad)).find("row count 1125899906842624 out of range"), std::string::npos);

  bad = block;
  const uint64_t more_rows = 11;  // sizes of every buffer now disagree with the row count
  std::memcpy(bad.data() + 24 + 4, &more_rows, 8);
  EXPECT_NE(decode_error(reseal(bad)).find("expected"), std::string::npos);

  bad = block;
  const uint32_t columns = 4'000'000'000u;
  std::memcpy(bad.data() + 24, &columns, 4);
  EXPECT_NE(decode_error(reseal(bad)).find("4000000000 columns"), std::string::npos);
}

TEST(BlockFormat, BadMagicVersionAndTrailingBytes) {
  const std::string block = encode_block(frame_of_all_types(4, 0));
  std::string bad = block;
  bad[0] = 'X';
  EXPECT_NE(decode_error(bad).find("bad magic"), std::string::npos);
  EXPECT_NE(decode_error("not a block at all, just text").find("bad magic"), std::string::npos);

  bad = block;
  bad[4] = 9;
  EXPECT_NE(decode_error(bad).find("unsupported block format version 9"), std::string::npos);

  EXPECT_NE(decode_error(block + "x").find("1 bytes after"), std::string::npos);
}

TEST(BlockFormat, EncodingIsDeterministic) {
  const DataFrame frame = frame_of_all_types(500, 4);
  EXPECT_EQ(encode_block(frame), encode_block(frame));
}

}  // namespace
}  // namespace floe::cluster
