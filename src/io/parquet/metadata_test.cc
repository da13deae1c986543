// Unit tests of the thrift metadata round trip, parse errors on bad input, and codec round trips.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/error.h"
#include "io/parquet/codec.h"
#include "io/parquet/metadata.h"

namespace floe::io::parquet {
namespace {

FileMetaData sample_metadata() {
  FileMetaData m;
  m.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 2;
  SchemaElement a;
  a.name = "a";
  a.type = PhysicalType::kInt64;
  a.repetition = Repetition::kOptional;
  LogicalType ts;
  ts.kind = LogicalType::Kind::kTimestamp;
  ts.unit = LogicalType::Unit::kNanos;
  ts.adjusted_to_utc = true;
  a.logical_type = ts;
  SchemaElement b;
  b.name = "b";
  b.type = PhysicalType::kFixedLenByteArray;
  b.type_length = 16;
  b.repetition = Repetition::kRequired;
  LogicalType dec;
  dec.kind = LogicalType::Kind::kDecimal;
  dec.decimal_precision = 38;
  dec.decimal_scale = 4;
  b.logical_type = dec;
  b.converted_type = ConvertedType::kDecimal;
  b.precision = 38;
  b.scale = 4;
  m.schema = {root, a, b};
  m.num_rows = 1000;
  RowGroup g;
  g.num_rows = 1000;
  g.total_byte_size = 12345;
  for (int i = 0; i < 2; ++i) {
    ColumnChunk c;
    c.file_offset = 4 + i * 100;
    ColumnMetaData cm;
    cm.type = i == 0 ? PhysicalType::kInt64 : PhysicalType::kFixedLenByteArray;
    cm.encodings = {Encoding::kPlain, Encoding::kRleDictionary};
    cm.path_in_schema = {i == 0 ? "a" : "b"};
    cm.codec = CompressionCodec::kZstd;
    cm.num_values = 1000;
    cm.total_compressed_size = 100;
    cm.total_uncompressed_size = 200;
    cm.data_page_offset = 4 + i * 100;
    cm.dictionary_page_offset = 4 + i * 100;
    Statistics s;
    s.min_value = std::string("\x01\x00\x00\x00\x00\x00\x00\x00", 8);
    s.max_value = std::string("\xff\x00\x00\x00\x00\x00\x00\x00", 8);
    s.null_count = 3;
    cm.statistics = s;
    c.meta_data = cm;
    g.columns.push_back(c);
  }
  m.row_groups = {g};
  m.key_value_metadata = {{"k", "v"}, {"only_key", std::nullopt}};
  m.created_by = "floe test";
  m.column_orders = {true, true};
  return m;
}

TEST(ParquetMetadata, FileMetaDataRoundTrip) {
  FileMetaData m = sample_metadata();
  std::string bytes = serialize_file_metadata(m);
  FileMetaData back = parse_file_metadata(bytes);
  EXPECT_EQ(back.version, 2);
  ASSERT_EQ(back.schema.size(), 3u);
  EXPECT_EQ(back.schema[1].name, "a");
  ASSERT_TRUE(back.schema[1].logical_type);
  EXPECT_EQ(back.schema[1].logical_type->kind, LogicalType::Kind::kTimestamp);
  EXPECT_EQ(back.schema[1].logical_type->unit, LogicalType::Unit::kNanos);
  EXPECT_TRUE(back.schema[1].logical_type->adjusted_to_utc);
  EXPECT_EQ(back.schema[2].logical_type->decimal_precision, 38);
  EXPECT_EQ(back.schema[2].logical_type->decimal_scale, 4);
  EXPECT_EQ(back.schema[2].type_length, 16);
  EXPECT_EQ(back.num_rows, 1000);
  ASSERT_EQ(back.row_groups.size(), 1u);
  ASSERT_EQ(back.row_groups[0].columns.size(), 2u);
  const auto& cm = *back.row_groups[0].columns[1].meta_data;
  EXPECT_EQ(cm.codec, CompressionCodec::kZstd);
  EXPECT_EQ(cm.encodings.size(), 2u);
  EXPECT_EQ(cm.path_in_schema[0], "b");
  EXPECT_EQ(cm.dictionary_page_offset, 104);
  EXPECT_EQ(cm.statistics->null_count, 3);
  EXPECT_EQ(cm.statistics->max_value->size(), 8u);
  EXPECT_EQ(back.key_value_metadata.size(), 2u);
  EXPECT_FALSE(back.key_value_metadata[1].value.has_value());
  EXPECT_EQ(back.created_by, "floe test");
  EXPECT_EQ(back.column_orders.size(), 2u);
  // Serializing again gives the same bytes.
  EXPECT_EQ(serialize_file_metadata(back), bytes);
}

TEST(ParquetMetadata, PageHeaderRoundTrip) {
  PageHeader h;
  h.type = PageType::kDataPageV2;
  h.compressed_page_size = 77;
  h.uncompressed_page_size = 99;
  DataPageHeaderV2 v2;
  v2.num_values = 10;
  v2.num_nulls = 2;
  v2.num_rows = 10;
  v2.encoding = Encoding::kDeltaBinaryPacked;
  v2.definition_levels_byte_length = 4;
  v2.is_compressed = false;
  h.data_page_header_v2 = v2;
  std::string bytes = serialize_page_header(h) + "trailing page data";
  uint32_t size = 0;
  PageHeader back = parse_page_header(bytes, &size);
  EXPECT_EQ(size, bytes.size() - std::string("trailing page data").size());
  EXPECT_EQ(back.type, PageType::kDataPageV2);
  EXPECT_EQ(back.compressed_page_size, 77);
  ASSERT_TRUE(back.data_page_header_v2);
  EXPECT_EQ(back.data_page_header_v2->num_nulls, 2);
  EXPECT_EQ(back.data_page_header_v2->encoding, Encoding::kDeltaBinaryPacked);
  EXPECT_FALSE(back.data_page_header_v2->is_compressed);

  PageHeader dict;
  dict.type = PageType::kDictionaryPage;
  dict.dictionary_page_header = DictionaryPageHeader{5, Encoding::kPlain, true};
  PageHeader dict_back = parse_page_header(serialize_page_header(dict), nullptr);
  EXPECT_EQ(dict_back.dictionary_page_header->num_values, 5);
}

TEST(ParquetMetadata, PageIndexRoundTrip) {
  OffsetIndex oi;
  oi.page_locations = {{4, 100, 0}, {104, 50, 1000}};
  OffsetIndex oi_back = parse_offset_index(serialize_offset_index(oi));
  ASSERT_EQ(oi_back.page_locations.size(), 2u);
  EXPECT_EQ(oi_back.page_locations[1].first_row_index, 1000);
  ColumnIndex ci;
  ci.null_pages = {false, true};
  ci.min_values = {"a", ""};
  ci.max_values = {"z", ""};
  ci.boundary_order = BoundaryOrder::kAscending;
  ci.null_counts = {0, 7};
  ColumnIndex ci_back = parse_column_index(serialize_column_index(ci));
  EXPECT_EQ(ci_back.null_pages, ci.null_pages);
  EXPECT_EQ(ci_back.max_values, ci.max_values);
  EXPECT_EQ(ci_back.null_counts, ci.null_counts);
  EXPECT_EQ(ci_back.boundary_order, BoundaryOrder::kAscending);
}

TEST(ParquetMetadata, TruncatedAndGarbageInputThrow) {
  std::string bytes = serialize_file_metadata(sample_metadata());
  // Every truncation is an error, never a crash.
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_THROW(parse_file_metadata(std::string_view(bytes.data(), n)), ComputeError) << n;
  }
  std::mt19937 rng(5);
  for (int trial = 0; trial < 2000; ++trial) {
    std::string garbage = bytes;
    for (int k = 0; k < 4; ++k) garbage[rng() % garbage.size()] = static_cast<char>(rng());
    try {
      parse_file_metadata(garbage);
    } catch (const ComputeError&) {
    }
    std::string random(rng() % 64, '\0');
    for (auto& c : random) c = static_cast<char>(rng());
    try {
      parse_file_metadata(random);
    } catch (const ComputeError&) {
    }
    try {
      uint32_t size;
      parse_page_header(random, &size);
    } catch (const ComputeError&) {
    }
  }
  // A list that claims more elements than there are bytes.
  std::string huge = "\x19\xfc\xff\xff\xff\x0f";
  EXPECT_THROW(parse_file_metadata(huge), ComputeError);
  EXPECT_THROW(parse_page_header("", nullptr), ComputeError);
}

TEST(ParquetCodec, RoundTrips) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "row " + std::to_string(i % 97) + ", ";
  for (auto codec : {CompressionCodec::kUncompressed, CompressionCodec::kSnappy, CompressionCodec::kGzip,
                     CompressionCodec::kZstd, CompressionCodec::kLz4Raw, CompressionCodec::kLz4,
                     CompressionCodec::kBrotli}) {
    for (const std::string& input : {text, std::string()}) {
      std::string packed = compress(codec, input);
      BufferPtr out = decompress(codec, packed, static_cast<int64_t>(input.size()));
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(out->data()), out->size()), input) << codec_name(codec);
      if (!input.empty()) {
        // A wrong size from the page header, or corrupt data, is a ComputeError.
        EXPECT_THROW(decompress(codec, packed, static_cast<int64_t>(input.size()) + 1), ComputeError) << codec_name(codec);
        if (codec != CompressionCodec::kUncompressed) {
          std::string cut = packed.substr(0, packed.size() / 2);
          EXPECT_THROW(decompress(codec, cut, static_cast<int64_t>(input.size())), ComputeError) << codec_name(codec);
        }
      }
    }
  }
  // Legacy LZ4 written as a raw block (some writers do) still reads.
  std::string raw = compress(CompressionCodec::kLz4Raw, text);
  BufferPtr out = decompress(CompressionCodec::kLz4, raw, static_cast<int64_t>(text.size()));
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(out->data()), out->size()), text);
  EXPECT_THROW(decompress(CompressionCodec::kLzo, raw, 10), ComputeError);
  EXPECT_THROW(decompress(CompressionCodec::kSnappy, raw, kMaxPageSize + 1), ComputeError);
}

}  // namespace
}  // namespace floe::io::parquet
