// Tests of page index decoding (through the thrift round trip) and the fully-dictionary test.
#include "io/parquet/page_index.h"

#include <gtest/gtest.h>

#include <cstring>

namespace floe::io::parquet {
namespace {

std::string plain_int64(int64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }

ColumnDescriptor int64_column() {
  ColumnDescriptor c;
  c.name = "k";
  c.type = TypeId::kInt64;
  c.physical = PhysicalType::kInt64;
  c.max_definition_level = 1;
  return c;
}

/// Three pages of a 100-row chunk: rows [0, 40) hold 1..39, [40, 70) only nulls, [70, 100)
/// hold 70..99 and 2 nulls.
std::pair<ColumnIndex, OffsetIndex> three_pages() {
  ColumnIndex ci;
  ci.null_pages = {false, true, false};
  ci.min_values = {plain_int64(1), "", plain_int64(70)};
  ci.max_values = {plain_int64(39), "", plain_int64(99)};
  ci.null_counts = {1, 30, 2};
  ci.boundary_order = BoundaryOrder::kAscending;
  OffsetIndex oi;
  oi.page_locations = {{4, 100, 0}, {104, 20, 40}, {124, 90, 70}};
  // Through the bytes a file holds.
  return {parse_column_index(serialize_column_index(ci)), parse_offset_index(serialize_offset_index(oi))};
}

TEST(PageIndexTest, DecodesPagesAsFloeValues) {
  auto [ci, oi] = three_pages();
  auto index = decode_page_index(int64_column(), ci, oi, 100);
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->first_row, (std::vector<int64_t>{0, 40, 70}));
  ASSERT_EQ(index->pages.size(), 3u);
  EXPECT_EQ(index->pages[0].min->as_int64(), 1);
  EXPECT_EQ(index->pages[0].max->as_int64(), 39);
  EXPECT_EQ(index->pages[0].null_count, 1);
  EXPECT_FALSE(index->pages[1].min.has_value());
  EXPECT_FALSE(index->pages[1].max.has_value());
  EXPECT_EQ(index->pages[1].null_count, 30);  // the whole page
  EXPECT_EQ(index->pages[2].min->as_int64(), 70);
  EXPECT_EQ(index->pages[2].null_count, 2);
  // Null counts are optional.
  ci.null_counts.clear();
  index = decode_page_index(int64_column(), ci, oi, 100);
  ASSERT_TRUE(index.has_value());
  EXPECT_FALSE(index->pages[0].null_count.has_value());
  EXPECT_EQ(index->pages[1].null_count, 30);
}

TEST(PageIndexTest, StringPagesUseTheirByteOrder) {
  ColumnDescriptor c;
  c.name = "s";
  c.type = TypeId::kString;
  c.physical = PhysicalType::kByteArray;
  ColumnIndex ci;
  ci.null_pages = {false, false};
  ci.min_values = {"apple", "melon"};
  ci.max_values = {"lime", "zucchini"};
  OffsetIndex oi;
  oi.page_locations = {{4, 10, 0}, {14, 10, 5}};
  auto index = decode_page_index(c, ci, oi, 8);
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->pages[1].min->as_string(), "melon");
  EXPECT_EQ(index->pages[0].max->as_string(), "lime");
}

TEST(PageIndexTest, IndexesThatDoNotFitTheChunkAreIgnored) {
  auto [ci, oi] = three_pages();
  EXPECT_FALSE(decode_page_index(int64_column(), ci, oi, 70).has_value());  // the last page starts at the end
  EXPECT_FALSE(decode_page_index(int64_column(), ci, oi, 50).has_value());  // rows past the chunk
  auto shifted = oi;
  shifted.page_locations[0].first_row_index = 3;  // the first page must start at row 0
  EXPECT_FALSE(decode_page_index(int64_column(), ci, shifted, 100).has_value());
  auto unordered = oi;
  std::swap(unordered.page_locations[1].first_row_index, unordered.page_locations[2].first_row_index);
  EXPECT_FALSE(decode_page_index(int64_column(), ci, unordered, 100).has_value());
  auto short_ci = ci;
  short_ci.max_values.pop_back();
  EXPECT_FALSE(decode_page_index(int64_column(), short_ci, oi, 100).has_value());
  auto short_counts = ci;
  short_counts.null_counts.pop_back();
  EXPECT_FALSE(decode_page_index(int64_column(), short_counts, oi, 100).has_value());
  EXPECT_FALSE(decode_page_index(int64_column(), ColumnIndex{}, OffsetIndex{}, 100).has_value());
  // A null count larger than its page is not believed.
  auto big = ci;
  big.null_counts[0] = 41;
  auto index = decode_page_index(int64_column(), big, oi, 100);
  ASSERT_TRUE(index.has_value());
  EXPECT_FALSE(index->pages[0].null_count.has_value());
}

TEST(PageIndexTest, FullyDictionaryEncoded) {
  ColumnMetaData m;
  m.type = PhysicalType::kByteArray;
  // encoding_stats decide when present.
  m.encoding_stats = {{PageType::kDictionaryPage, Encoding::kPlain, 1}, {PageType::kDataPage, Encoding::kRleDictionary, 4}};
  m.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
  EXPECT_TRUE(fully_dictionary_encoded(m));
  m.encoding_stats.push_back({PageType::kDataPageV2, Encoding::kPlain, 1});  // a fallback page
  EXPECT_FALSE(fully_dictionary_encoded(m));
  m.encoding_stats = {{PageType::kDictionaryPage, Encoding::kPlain, 1}};  // no data page at all
  EXPECT_FALSE(fully_dictionary_encoded(m));
  // Without them, the encodings list: PLAIN may be a fallback page.
  m.encoding_stats.clear();
  EXPECT_FALSE(fully_dictionary_encoded(m));
  m.encodings = {Encoding::kPlainDictionary, Encoding::kRle, Encoding::kBitPacked};
  EXPECT_TRUE(fully_dictionary_encoded(m));
  m.encodings = {Encoding::kRle};
  EXPECT_FALSE(fully_dictionary_encoded(m));
  m.type = PhysicalType::kBoolean;  // RLE may be booleans' value encoding
  m.encodings = {Encoding::kRleDictionary, Encoding::kRle};
  EXPECT_FALSE(fully_dictionary_encoded(m));
}

}  // namespace
}  // namespace floe::io::parquet
