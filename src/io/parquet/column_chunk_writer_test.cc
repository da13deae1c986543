// Tests of column chunk encoding: PLAIN bytes, statistics and their sort orders, dictionary
// encoding and its fallback, page cutting.
#include "io/parquet/column_chunk_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "core/test_columns.h"
#include "io/parquet/column_statistics.h"
#include "io/parquet/dictionary_encoder.h"
#include "io/parquet/plain_encoder.h"
#include "io/parquet/rle_decoder.h"

namespace floe::io::parquet {
namespace {

using floe::testing::fixed_column;
using floe::testing::string_column;

template <typename T>
std::string bytes_of(std::initializer_list<T> values) {
  std::string out;
  for (T v : values) out.append(reinterpret_cast<const char*>(&v), sizeof(T));
  return out;
}

std::string plain(const ColumnPtr& column, int64_t begin = 0, int64_t end = -1) {
  std::string out;
  encode_plain(*column, begin, end < 0 ? column->length() : end, &out);
  return out;
}

TEST(PlainEncoder, NarrowIntsWidenAndNullsAreSkipped) {
  EXPECT_EQ(plain(fixed_column<int8_t>(TypeId::kInt8, {-1, std::nullopt, 5})), bytes_of<int32_t>({-1, 5}));
  EXPECT_EQ(plain(fixed_column<uint8_t>(TypeId::kUInt8, {255, 1})), bytes_of<int32_t>({255, 1}));
  EXPECT_EQ(plain(fixed_column<uint16_t>(TypeId::kUInt16, {65535})), bytes_of<int32_t>({65535}));
  EXPECT_EQ(plain(fixed_column<int16_t>(TypeId::kInt16, {-300, std::nullopt})), bytes_of<int32_t>({-300}));
}

TEST(PlainEncoder, WideValuesKeepTheirBits) {
  EXPECT_EQ(plain(fixed_column<uint64_t>(TypeId::kUInt64, {UINT64_MAX, std::nullopt, 3})),
            bytes_of<uint64_t>({UINT64_MAX, 3}));
  EXPECT_EQ(plain(fixed_column<double>(TypeId::kFloat64, {1.5, -0.0})), bytes_of<double>({1.5, -0.0}));
  EXPECT_EQ(plain(fixed_column<int32_t>(TypeId::kDate, {19000, std::nullopt})), bytes_of<int32_t>({19000}));
  EXPECT_EQ(plain(fixed_column<int64_t>(DataType::datetime(TimeUnit::kNano), {7})), bytes_of<int64_t>({7}));
}

TEST(PlainEncoder, RowRangesOfNullableColumns) {
  auto c = fixed_column<int64_t>(TypeId::kInt64, {1, std::nullopt, 3, 4, std::nullopt, 6, 7, 8, 9, std::nullopt, 11});
  EXPECT_EQ(plain(c, 8, 11), bytes_of<int64_t>({9, 11}));
  EXPECT_EQ(plain(c, 3, 6), bytes_of<int64_t>({4, 6}));
}

TEST(PlainEncoder, BooleansAreBitPacked) {
  auto c = fixed_column<uint8_t>(TypeId::kBoolean, {1, std::nullopt, 0, 1, 1, 0, 0, 0, 0, 1});
  EXPECT_EQ(plain(c), std::string("\x0d\x01", 2));  // 1,0,1,1,0,0,0,0 | 1
}

TEST(PlainEncoder, ByteArraysAreLengthPrefixed) {
  auto c = string_column({"ab", std::nullopt, "", "a string longer than twelve"});
  std::string want = std::string("\x02\x00\x00\x00" "ab" "\x00\x00\x00\x00", 10) +
                     std::string("\x1b\x00\x00\x00", 4) + "a string longer than twelve";
  EXPECT_EQ(plain(c), want);
}

TEST(PlainEncoder, NullColumnsHaveNoValues) {
  EXPECT_EQ(plain(Column::nulls(TypeId::kNull, 5)), "");
}

std::optional<std::string> min_of(const Statistics& s) { return s.min_value; }
std::optional<std::string> max_of(const Statistics& s) { return s.max_value; }

TEST(ColumnStatistics, SignedAndUnsignedOrders) {
  auto s = column_statistics(*fixed_column<int64_t>(TypeId::kInt64, {5, -7, std::nullopt, 3}));
  EXPECT_EQ(min_of(s), bytes_of<int64_t>({-7}));
  EXPECT_EQ(max_of(s), bytes_of<int64_t>({5}));
  EXPECT_EQ(s.null_count, 1);
  s = column_statistics(*fixed_column<uint64_t>(TypeId::kUInt64, {1, uint64_t{1} << 63, 2}));
  EXPECT_EQ(min_of(s), bytes_of<uint64_t>({1}));
  EXPECT_EQ(max_of(s), bytes_of<uint64_t>({uint64_t{1} << 63}));
  s = column_statistics(*fixed_column<uint8_t>(TypeId::kUInt8, {200, 3}));
  EXPECT_EQ(max_of(s), bytes_of<int32_t>({200}));  // widened to INT32 like the values
  s = column_statistics(*fixed_column<int8_t>(TypeId::kInt8, {-100, 3}));
  EXPECT_EQ(min_of(s), bytes_of<int32_t>({-100}));
}

TEST(ColumnStatistics, FloatsIgnoreNaNAndWidenZeros) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto s = column_statistics(*fixed_column<double>(TypeId::kFloat64, {nan, 0.0, 2.0, std::nullopt}));
  EXPECT_EQ(min_of(s), bytes_of<double>({-0.0}));
  EXPECT_EQ(max_of(s), bytes_of<double>({2.0}));
  s = column_statistics(*fixed_column<float>(TypeId::kFloat32, {-1.0f, -0.0f}));
  EXPECT_EQ(max_of(s), bytes_of<float>({0.0f}));
  s = column_statistics(*fixed_column<double>(TypeId::kFloat64, {nan, nan}));
  EXPECT_FALSE(s.min_value.has_value());
  EXPECT_EQ(s.null_count, 0);
}

TEST(ColumnStatistics, StringsBytewiseAndBooleans) {
  auto s = column_statistics(*string_column({"b", "\xc3\xa9", std::nullopt, "ab", "abcdefghijklmnop"}));
  EXPECT_EQ(min_of(s), "ab");
  EXPECT_EQ(max_of(s), "\xc3\xa9");
  s = column_statistics(*string_column({"same prefix but longer", "same prefix but", "same"}));
  EXPECT_EQ(min_of(s), "same");
  EXPECT_EQ(max_of(s), "same prefix but longer");
  s = column_statistics(*fixed_column<uint8_t>(TypeId::kBoolean, {1, std::nullopt, 1}));
  EXPECT_EQ(min_of(s), std::string(1, '\1'));
  EXPECT_EQ(max_of(s), std::string(1, '\1'));
}

TEST(ColumnStatistics, AllNullAndNullTypeHaveOnlyCounts) {
  auto s = column_statistics(*fixed_column<int32_t>(TypeId::kInt32, {std::nullopt, std::nullopt}));
  EXPECT_FALSE(s.min_value.has_value());
  EXPECT_EQ(s.null_count, 2);
  s = column_statistics(*Column::nulls(TypeId::kNull, 4));
  EXPECT_FALSE(s.max_value.has_value());
  EXPECT_EQ(s.null_count, 4);
  s = column_statistics(*fixed_column<int32_t>(TypeId::kInt32, {}));
  EXPECT_FALSE(s.min_value.has_value());
  EXPECT_EQ(s.null_count, 0);
}

TEST(DictionaryEncoder, DistinctValuesInFirstSeenOrder) {
  auto d = dictionary_encode(*fixed_column<int64_t>(TypeId::kInt64, {7, 3, std::nullopt, 7, 7, 3, 9}));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(plain(d->values), bytes_of<int64_t>({7, 3, 9}));
  EXPECT_EQ(d->indices, (std::vector<uint32_t>{0, 1, 0, 0, 1, 2}));
  auto s = dictionary_encode(*string_column({"x", "a longer string here", "x", std::nullopt, "a longer string here"}));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->indices, (std::vector<uint32_t>{0, 1, 0, 1}));
  EXPECT_EQ(s->values->string_at(1), "a longer string here");
  auto f = dictionary_encode(*fixed_column<double>(TypeId::kFloat64, {0.0, -0.0, 0.0}));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->values->length(), 2);  // by bits: -0.0 and 0.0 stay apart
}

TEST(DictionaryEncoder, ShortStringsCompareOnlyTheirBytes) {
  // Views of short strings need not zero the bytes past their size; equal strings must still
  // meet in one entry, and strings of different lengths with the same bytes must not.
  const std::vector<std::string> texts{"", "a", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijkl", "abcdefghijklm"};
  std::vector<StringView> views;
  for (int copy = 0; copy < 2; ++copy) {
    for (const auto& t : texts) {
      StringView v = StringView::make_inline(t.size() <= 12 ? t : std::string());
      if (t.size() <= 12) {
        std::memset(v.inlined + t.size(), copy == 0 ? 0x00 : 0x5a, 12 - t.size());
      }
      views.push_back(v);
    }
  }
  auto column = string_column({"abcdefghijklm"});  // owns the one long string's bytes
  views[6] = views[13] = column->values<StringView>()[0];
  auto buffer = Buffer::allocate(sizeof(StringView) * views.size());
  std::memcpy(buffer->data(), views.data(), buffer->size());
  Column input(TypeId::kString, static_cast<int64_t>(views.size()), buffer, nullptr, column->data_buffers());
  auto d = dictionary_encode(input);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->values->length(), 7);
  EXPECT_EQ(d->indices, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6}));
  for (int64_t i = 0; i < 7; ++i) EXPECT_EQ(d->values->string_at(i), texts[static_cast<size_t>(i)]);
}

TEST(DictionaryEncoder, FallsBackWhenTheDictionaryGrowsTooLarge) {
  std::vector<std::optional<int64_t>> values;
  for (int64_t i = 0; i < 10000; ++i) values.push_back(i % 1000);
  auto column = fixed_column<int64_t>(TypeId::kInt64, values);
  EXPECT_TRUE(dictionary_encode(*column).has_value());
  DictionaryLimits small;
  small.max_dictionary_bytes = 999 * 8;
  EXPECT_FALSE(dictionary_encode(*column, small).has_value());
  small.max_dictionary_bytes = 1000 * 8;
  EXPECT_TRUE(dictionary_encode(*column, small).has_value());
  // Mostly distinct values give up after the probe.
  std::vector<std::optional<std::string>> strings;
  for (int i = 0; i < 10000; ++i) strings.push_back("value " + std::to_string(i));
  EXPECT_FALSE(dictionary_encode(*string_column(strings)).has_value());
}

TEST(DictionaryEncoder, NotForBooleansNullsOrAllNullColumns) {
  EXPECT_FALSE(dictionary_encode(*fixed_column<uint8_t>(TypeId::kBoolean, {1, 0})).has_value());
  EXPECT_FALSE(dictionary_encode(*Column::nulls(TypeId::kNull, 3)).has_value());
  EXPECT_FALSE(dictionary_encode(*fixed_column<int32_t>(TypeId::kInt32, {std::nullopt})).has_value());
}

/// The values of each data page decoded back from its definition levels and dictionary indices.
std::vector<std::optional<uint32_t>> decode_dictionary_pages(const EncodedColumnChunk& chunk) {
  std::vector<std::optional<uint32_t>> out;
  for (const auto& page : chunk.pages) {
    if (page.header.type != PageType::kDataPage) continue;
    const auto* p = reinterpret_cast<const uint8_t*>(page.body.data());
    uint32_t levels_size;
    std::memcpy(&levels_size, p, 4);
    const int32_t n = page.header.data_page_header->num_values;
    std::vector<uint8_t> levels(static_cast<size_t>(n));
    RleDecoder(p + 4, levels_size, 1).get(levels.data(), n);
    const uint8_t* values = p + 4 + levels_size;
    const int bit_width = values[0];
    RleDecoder indices(values + 1, static_cast<int64_t>(page.body.size()) - 5 - levels_size, bit_width);
    for (int32_t i = 0; i < n; ++i) {
      uint32_t v = 0;
      if (levels[static_cast<size_t>(i)]) {
        indices.get(&v, 1);
        out.push_back(v);
      } else {
        out.push_back(std::nullopt);
      }
    }
  }
  return out;
}

TEST(ColumnChunkWriter, DictionaryPagesAndSmallDataPages) {
  std::vector<std::optional<int32_t>> values;
  for (int i = 0; i < 5000; ++i) values.push_back(i % 11 == 0 ? std::nullopt : std::optional<int32_t>(i % 5));
  ColumnChunkOptions options;
  options.codec = CompressionCodec::kUncompressed;
  options.data_page_size = 100;  // 100 bytes of 3-bit indices: pages of 264 rows
  auto chunk = encode_column_chunk(*fixed_column<int32_t>(TypeId::kInt32, values), "x", options);
  ASSERT_GT(chunk.pages.size(), 10u);
  EXPECT_EQ(chunk.pages[0].header.type, PageType::kDictionaryPage);
  EXPECT_EQ(chunk.pages[0].header.dictionary_page_header->num_values, 5);
  int64_t rows = 0;
  for (size_t p = 1; p < chunk.pages.size(); ++p) {
    EXPECT_EQ(chunk.pages[p].header.data_page_header->encoding, Encoding::kRleDictionary);
    if (p + 1 < chunk.pages.size()) {
      EXPECT_EQ(chunk.pages[p].header.data_page_header->num_values % 8, 0);
    }
    rows += chunk.pages[p].header.data_page_header->num_values;
  }
  EXPECT_EQ(rows, 5000);
  auto decoded = decode_dictionary_pages(chunk);
  ASSERT_EQ(decoded.size(), values.size());
  // First-seen order: 1, 2, 3, 4, 0 (row 0 is null).
  const uint32_t index_of[5] = {4, 0, 1, 2, 3};
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(decoded[i].has_value(), values[i].has_value()) << i;
    if (values[i]) {
      EXPECT_EQ(*decoded[i], index_of[*values[i]]) << i;
    }
  }
  EXPECT_EQ(chunk.metadata.num_values, 5000);
  EXPECT_EQ(chunk.metadata.statistics->null_count, 455);
}

TEST(ColumnChunkWriter, PlainFallbackAndStatisticsOff) {
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 6000; ++i) values.push_back("distinct value number " + std::to_string(i));
  ColumnChunkOptions options;
  options.statistics = false;
  options.data_page_size = 10000;
  auto chunk = encode_column_chunk(*string_column(values), "s", options);
  EXPECT_FALSE(chunk.metadata.statistics.has_value());
  EXPECT_EQ(chunk.metadata.encodings, (std::vector<Encoding>{Encoding::kPlain, Encoding::kRle}));
  EXPECT_GT(chunk.pages.size(), 5u);
  for (auto& page : chunk.pages) {
    EXPECT_EQ(page.header.data_page_header->encoding, Encoding::kPlain);
    compress_page(&page, options);
    EXPECT_LT(page.header.compressed_page_size, page.header.uncompressed_page_size);
  }
  const auto headers = place_column_chunk(&chunk, 4);
  EXPECT_EQ(headers.size(), chunk.pages.size());
  EXPECT_EQ(chunk.metadata.data_page_offset, 4);
  EXPECT_FALSE(chunk.metadata.dictionary_page_offset.has_value());
  int64_t total = 0;
  for (size_t p = 0; p < headers.size(); ++p) total += static_cast<int64_t>(headers[p].size() + chunk.pages[p].body.size());
  EXPECT_EQ(chunk.metadata.total_compressed_size, total);
}

}  // namespace
}  // namespace floe::io::parquet
