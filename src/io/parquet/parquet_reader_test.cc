// Unit tests of ParquetFile on files built byte by byte here: schema, statistics, late
// materialization, row-group reads, read_parquet options and errors on damaged files.
#include "io/parquet/parquet_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/test_columns.h"
#include "io/parquet/arrow_schema.h"
#include "io/parquet/arrow_schema_reader.h"
#include "io/parquet/codec.h"
#include "io/parquet/metadata.h"
#include "io/parquet/parquet_writer.h"

namespace floe::io {
namespace {

using namespace parquet;

void put_u32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }

/// RLE run of `count` copies of `value` (bit width <= 8).
void put_rle(std::string& out, uint32_t count, uint8_t value) {
  uint32_t header = count << 1;
  do {
    uint8_t b = header & 0x7f;
    header >>= 7;
    out.push_back(static_cast<char>(b | (header ? 0x80 : 0)));
  } while (header);
  out.push_back(static_cast<char>(value));
}

/// A file of two row groups of 4 rows: `a` optional INT64 (PLAIN, nulls at rows 1 and 6),
/// `s` required strings (a dictionary page plus RLE_DICTIONARY indices, snappy).
class ParquetReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("floe_pq_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.parquet").string();
    std::string file = "PAR1";
    FileMetaData m;
    SchemaElement root;
    root.name = "schema";
    root.num_children = 2;
    SchemaElement a;
    a.name = "a";
    a.type = PhysicalType::kInt64;
    a.repetition = Repetition::kOptional;
    SchemaElement s;
    s.name = "s";
    s.type = PhysicalType::kByteArray;
    s.repetition = Repetition::kRequired;
    s.converted_type = ConvertedType::kUtf8;
    m.schema = {root, a, s};
    const std::vector<std::string> dict = {"short", "a value longer than twelve bytes"};
    for (int g = 0; g < 2; ++g) {
      RowGroup rg;
      rg.num_rows = 4;
      // Column a: levels then the non-null values.
      {
        std::string page;
        std::string levels;
        // Rows 1 (group 0) and 2 (group 1, row 6 overall) are null: bit-packed group of 8 levels.
        levels.push_back(static_cast<char>((1 << 1) | 1));
        levels.push_back(static_cast<char>(g == 0 ? 0b1101 : 0b1011));
        put_u32(page, static_cast<uint32_t>(levels.size()));
        page += levels;
        for (int64_t v : {g * 10 + 1, g * 10 + 2, g * 10 + 3}) page.append(reinterpret_cast<const char*>(&v), 8);
        PageHeader h;
        h.type = PageType::kDataPage;
        h.uncompressed_page_size = h.compressed_page_size = static_cast<int32_t>(page.size());
        h.data_page_header = DataPageHeader{4, Encoding::kPlain, Encoding::kRle, Encoding::kRle, std::nullopt};
        ColumnChunk c;
        ColumnMetaData cm;
        cm.type = PhysicalType::kInt64;
        cm.path_in_schema = {"a"};
        cm.codec = CompressionCodec::kUncompressed;
        cm.num_values = 4;
        cm.data_page_offset = static_cast<int64_t>(file.size());
        file += serialize_page_header(h) + page;
        cm.total_compressed_size = cm.total_uncompressed_size = static_cast<int64_t>(file.size()) - cm.data_page_offset;
        Statistics st;
        int64_t lo = g * 10 + 1, hi = g * 10 + 3;
        st.min_value = std::string(reinterpret_cast<const char*>(&lo), 8);
        st.max_value = std::string(reinterpret_cast<const char*>(&hi), 8);
        st.null_count = 1;
        cm.statistics = st;
        c.meta_data = cm;
        rg.columns.push_back(c);
      }
      // Column s: dictionary page and indices 0,1,1,0 (group 0) / 1,1,1,1 (group 1).
      {
        std::string dict_page;
        for (const auto& v : dict) {
          put_u32(dict_page, static_cast<uint32_t>(v.size()));
          dict_page += v;
        }
        std::string packed_dict = compress(CompressionCodec::kSnappy, dict_page);
        PageHeader dh;
        dh.type = PageType::kDictionaryPage;
        dh.uncompressed_page_size = static_cast<int32_t>(dict_page.size());
        dh.compressed_page_size = static_cast<int32_t>(packed_dict.size());
        dh.dictionary_page_header = DictionaryPageHeader{2, Encoding::kPlain, std::nullopt};
        std::string data_page(1, '\x01');  // bit width 1
        if (g == 0) {
          data_page.push_back(static_cast<char>((1 << 1) | 1));
          data_page.push_back(static_cast<char>(0b0110));
        } else {
          put_rle(data_page, 4, 1);
        }
        std::string packed_data = compress(CompressionCodec::kSnappy, data_page);
        PageHeader h;
        h.type = PageType::kDataPage;
        h.uncompressed_page_size = static_cast<int32_t>(data_page.size());
        h.compressed_page_size = static_cast<int32_t>(packed_data.size());
        h.data_page_header = DataPageHeader{4, Encoding::kRleDictionary, Encoding::kRle, Encoding::kRle, std::nullopt};
        ColumnChunk c;
        ColumnMetaData cm;
        cm.type = PhysicalType::kByteArray;
        cm.path_in_schema = {"s"};
        cm.codec = CompressionCodec::kSnappy;
        cm.num_values = 4;
        cm.dictionary_page_offset = static_cast<int64_t>(file.size());
        file += serialize_page_header(dh) + packed_dict;
        cm.data_page_offset = static_cast<int64_t>(file.size());
        file += serialize_page_header(h) + packed_data;
        cm.total_compressed_size = static_cast<int64_t>(file.size()) - *cm.dictionary_page_offset;
        cm.encoding_stats = {{PageType::kDictionaryPage, Encoding::kPlain, 1}, {PageType::kDataPage, Encoding::kRleDictionary, 1}};
        c.meta_data = cm;
        rg.columns.push_back(c);
      }
      m.row_groups.push_back(rg);
    }
    m.num_rows = 8;
    // A page index for column a of row group 1: its one page holds 11..13 and a null.
    ColumnIndex ci;
    ci.null_pages = {false};
    const int64_t lo = 11, hi = 13;
    ci.min_values = {std::string(reinterpret_cast<const char*>(&lo), 8)};
    ci.max_values = {std::string(reinterpret_cast<const char*>(&hi), 8)};
    ci.null_counts = {1};
    OffsetIndex oi;
    oi.page_locations = {{m.row_groups[1].columns[0].meta_data->data_page_offset, 0, 0}};
    ColumnChunk& indexed = m.row_groups[1].columns[0];
    indexed.column_index_offset = static_cast<int64_t>(file.size());
    file += serialize_column_index(ci);
    indexed.column_index_length = static_cast<int32_t>(file.size() - *indexed.column_index_offset);
    indexed.offset_index_offset = static_cast<int64_t>(file.size());
    file += serialize_offset_index(oi);
    indexed.offset_index_length = static_cast<int32_t>(file.size() - *indexed.offset_index_offset);
    std::string footer = serialize_file_metadata(m);
    file += footer;
    put_u32(file, static_cast<uint32_t>(footer.size()));
    file += "PAR1";
    bytes_ = file;
    write(path_, file);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static void write(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  std::filesystem::path dir_;
  std::string path_;
  std::string bytes_;
};

std::vector<std::optional<int64_t>> ints(const Column& c) {
  std::vector<std::optional<int64_t>> out;
  for (int64_t i = 0; i < c.length(); ++i) {
    out.push_back(c.is_null(i) ? std::nullopt : std::optional<int64_t>(c.values<int64_t>()[i]));
  }
  return out;
}

std::vector<std::string> strings(const Column& c) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < c.length(); ++i) out.emplace_back(c.string_at(i));
  return out;
}

TEST_F(ParquetReaderTest, SchemaStatisticsAndColumns) {
  auto file = ParquetFile::open(path_);
  EXPECT_EQ(file->schema().to_string(), "Schema([('a', Int64), ('s', String)])");
  EXPECT_EQ(file->num_row_groups(), 2);
  EXPECT_EQ(file->num_rows(), 8);
  EXPECT_EQ(file->row_group_rows(1), 4);
  auto stats = file->statistics(1, 0);
  ASSERT_TRUE(stats.min && stats.max);
  EXPECT_EQ(stats.min->as_int64(), 11);
  EXPECT_EQ(stats.max->as_int64(), 13);
  EXPECT_EQ(stats.null_count, 1);
  EXPECT_FALSE(file->statistics(0, 1).min.has_value());

  auto a = file->read_column(0, 0);
  EXPECT_EQ(ints(*a), (std::vector<std::optional<int64_t>>{1, std::nullopt, 2, 3}));
  auto s = file->read_column(0, 1);
  const std::string long_value = "a value longer than twelve bytes";
  EXPECT_EQ(strings(*s), (std::vector<std::string>{"short", long_value, long_value, "short"}));
  // Late materialization: only the listed rows.
  std::vector<uint32_t> rows = {1, 3};
  EXPECT_EQ(ints(*file->read_column(1, 0, &rows)), (std::vector<std::optional<int64_t>>{12, 13}));
  EXPECT_EQ(strings(*file->read_column(1, 1, &rows)), (std::vector<std::string>{long_value, long_value}));
  std::vector<uint32_t> bad_rows = {9};
  EXPECT_THROW(file->read_column(1, 0, &bad_rows), InvalidArgument);

  Chunk chunk = file->read_row_group(1, {1, 0});
  EXPECT_EQ(chunk.num_rows(), 4);
  EXPECT_EQ(chunk.column(0)->type().id, TypeId::kString);
  EXPECT_EQ(ints(*chunk.column(1)), (std::vector<std::optional<int64_t>>{11, 12, std::nullopt, 13}));
  EXPECT_THROW(file->read_row_group(2, {0}), InvalidArgument);
  EXPECT_THROW(file->read_column(0, 2), InvalidArgument);
}


TEST_F(ParquetReaderTest, PageIndexAndDictionaryValues) {
  auto file = ParquetFile::open(path_);
  EXPECT_FALSE(file->page_index(0, 0).has_value());  // none written for row group 0
  EXPECT_FALSE(file->page_index(1, 1).has_value());
  auto index = file->page_index(1, 0);
  ASSERT_TRUE(index.has_value());
  EXPECT_EQ(index->first_row, (std::vector<int64_t>{0}));
  ASSERT_EQ(index->pages.size(), 1u);
  EXPECT_EQ(index->pages[0].min->as_int64(), 11);
  EXPECT_EQ(index->pages[0].max->as_int64(), 13);
  EXPECT_EQ(index->pages[0].null_count, 1);
  // Column s is dictionary-encoded throughout (says its encoding_stats); column a is PLAIN.
  ColumnPtr values = file->dictionary_values(1, 1);
  ASSERT_NE(values, nullptr);
  EXPECT_EQ(strings(*values), (std::vector<std::string>{"short", "a value longer than twelve bytes"}));
  EXPECT_FALSE(values->has_nulls());
  EXPECT_EQ(file->dictionary_values(0, 0), nullptr);
  EXPECT_THROW(file->dictionary_values(2, 1), InvalidArgument);
}
TEST_F(ParquetReaderTest, ReadParquetOptions) {
  DataFrame all = read_parquet(path_);
  EXPECT_EQ(all.num_rows(), 8);
  EXPECT_EQ(ints(*all.column("a")), (std::vector<std::optional<int64_t>>{1, std::nullopt, 2, 3, 11, 12, std::nullopt, 13}));
  ParquetReadOptions o;
  o.columns = std::vector<std::string>{"s"};
  o.n_rows = 5;
  DataFrame some = read_parquet(path_, o);
  EXPECT_EQ(some.num_rows(), 5);
  EXPECT_EQ(some.num_columns(), 1u);
  EXPECT_EQ(strings(*some.column(0)).back(), "a value longer than twelve bytes");
  o.columns = std::vector<std::string>{"nope"};
  EXPECT_THROW(read_parquet(path_, o), ColumnNotFound);
}

TEST_F(ParquetReaderTest, DamagedFilesThrowComputeError) {
  // Every truncation of the file, and every single damaged byte, fails cleanly or reads.
  for (size_t cut = 0; cut < bytes_.size(); cut += 3) {
    std::string p = (dir_ / "cut.parquet").string();
    write(p, bytes_.substr(0, cut));
    EXPECT_THROW(read_parquet(p), ComputeError) << cut;
  }
  for (size_t at = 4; at < bytes_.size() - 8; ++at) {
    std::string damaged = bytes_;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    std::string p = (dir_ / "bad.parquet").string();
    write(p, damaged);
    try {
      read_parquet(p);
    } catch (const Error&) {
    }
  }
  std::string p = (dir_ / "text.parquet").string();
  write(p, "just some text, not parquet at all");
  try {
    read_parquet(p);
    FAIL() << "expected an error";
  } catch (const ComputeError& e) {
    EXPECT_NE(std::string(e.what()).find("not a Parquet file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_parquet((dir_ / "missing.parquet").string()), IoError);
}

TEST_F(ParquetReaderTest, LateMaterializationAcrossPages) {
  // Many small pages (written by Floe's writer): selected rows come from a few of them only.
  const int64_t n = 20000;
  std::vector<std::optional<int64_t>> ints_in;
  std::vector<std::optional<std::string>> strings_in;
  for (int64_t i = 0; i < n; ++i) {
    ints_in.push_back(i % 7 == 0 ? std::nullopt : std::optional<int64_t>(i * 3));
    strings_in.push_back(i % 5 == 0 ? std::nullopt : std::optional<std::string>("value number " + std::to_string(i)));
  }
  DataFrame frame(Schema({{"i", TypeId::kInt64}, {"s", TypeId::kString}}),
                  std::vector<ColumnPtr>{testing::fixed_column<int64_t>(TypeId::kInt64, ints_in),
                                         testing::string_column(strings_in)});
  ParquetWriteOptions options;
  options.data_page_size = 1024;
  options.dictionary = false;
  options.row_group_size = n;
  std::string path = (dir_ / "pages.parquet").string();
  write_parquet(frame, path, options);
  auto file = ParquetFile::open(path);
  ASSERT_EQ(file->num_row_groups(), 1);
  std::vector<uint32_t> rows = {0, 1, 7, 5000, 5001, 19999};
  for (int c = 0; c < 2; ++c) {
    ColumnPtr full = file->read_column(0, c);
    ColumnPtr some = file->read_column(0, c, &rows);
    ASSERT_EQ(some->length(), static_cast<int64_t>(rows.size()));
    for (size_t k = 0; k < rows.size(); ++k) {
      EXPECT_EQ(Scalar::from_column(*some, static_cast<int64_t>(k)), Scalar::from_column(*full, rows[k])) << c << " " << k;
    }
  }
  std::vector<uint32_t> none;
  EXPECT_EQ(file->read_column(0, 1, &none)->length(), 0);
}

TEST_F(ParquetReaderTest, StatisticsInFloeTypes) {
  DataFrame frame(Schema({{"f", TypeId::kFloat64}, {"s", TypeId::kString}, {"d", TypeId::kDate}, {"u", TypeId::kUInt64}}),
                  std::vector<ColumnPtr>{testing::fixed_column<double>(TypeId::kFloat64, {2.5, std::nullopt, -1.0}),
                                         testing::string_column({"pear", "apple", std::nullopt}),
                                         testing::fixed_column<int32_t>(TypeId::kDate, {std::nullopt, 19000, 18000}),
                                         testing::fixed_column<uint64_t>(TypeId::kUInt64, {1, UINT64_MAX, 7})});
  std::string path = (dir_ / "stats.parquet").string();
  write_parquet(frame, path);
  auto file = ParquetFile::open(path);
  auto f = file->statistics(0, 0);
  ASSERT_TRUE(f.min && f.max);
  EXPECT_EQ(*f.min, Scalar(TypeId::kFloat64, -1.0));
  EXPECT_EQ(*f.max, Scalar(TypeId::kFloat64, 2.5));
  EXPECT_EQ(f.null_count, 1);
  auto s = file->statistics(0, 1);
  ASSERT_TRUE(s.min && s.max);
  EXPECT_EQ(*s.min, Scalar::string("apple"));
  EXPECT_EQ(*s.max, Scalar::string("pear"));
  auto d = file->statistics(0, 2);
  ASSERT_TRUE(d.min && d.max);
  EXPECT_EQ(*d.min, Scalar(TypeId::kDate, int64_t{18000}));
  auto u = file->statistics(0, 3);
  ASSERT_TRUE(u.max);
  EXPECT_EQ(*u.max, Scalar(TypeId::kUInt64, uint64_t{UINT64_MAX}));
}

TEST(ParquetArrowSchema, HintsRoundTripThroughTheWriter) {
  Schema schema({{"d", DataType::duration(TimeUnit::kNano)},
                 {"z", DataType::datetime(TimeUnit::kMilli, "America/New_York")},
                 {"n", DataType::datetime(TimeUnit::kMicro)},
                 {"i", TypeId::kInt64}});
  auto hints = parquet::read_arrow_field_hints(parquet::arrow_schema_metadata(schema));
  ASSERT_EQ(hints.size(), 4u);
  EXPECT_EQ(hints[0].name, "d");
  EXPECT_EQ(hints[0].duration_unit, TimeUnit::kNano);
  EXPECT_EQ(hints[1].time_zone, "America/New_York");
  EXPECT_FALSE(hints[2].time_zone.has_value());
  EXPECT_FALSE(hints[3].duration_unit.has_value());
  // Garbage never throws: the hints are optional.
  EXPECT_TRUE(parquet::read_arrow_field_hints("not base64 at all!").empty());
  std::string valid = parquet::arrow_schema_metadata(schema);
  for (size_t i = 0; i < valid.size(); ++i) {
    std::string damaged = valid;
    damaged[i] = damaged[i] == 'A' ? 'z' : 'A';
    parquet::read_arrow_field_hints(damaged);
    parquet::read_arrow_field_hints(std::string_view(valid).substr(0, i));
  }
}

}  // namespace
}  // namespace floe::io
