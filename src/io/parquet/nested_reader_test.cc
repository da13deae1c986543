// Reads nested Parquet files written by pyarrow (testdata/make_nested.py: lists with null and
// empty lists and null items, dictionary strings, structs with null rows, list<struct>,
// struct<list>, list<list>, pages of 512 bytes so records span pages, v1 + snappy and v2 +
// zstd) and compares every row with what pyarrow reads; maps legacy LIST shapes by hand.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/error.h"
#include "io/parquet/column_descriptor.h"
#include "io/parquet/metadata.h"
#include "io/parquet/parquet_reader.h"
#include "io/parquet/parquet_writer.h"

namespace floe::io {
namespace {

using namespace parquet;

std::string testdata(const std::string& name) {
  return (std::filesystem::path(__FILE__).parent_path() / "testdata" / name).string();
}

/// Row `i` of `c` the way make_nested.py formats pyarrow's values.
std::string format(const Column& c, int64_t i) {
  if (c.is_null(i)) return "null";
  switch (c.type().id) {
    case TypeId::kList: {
      const int64_t* o = c.list_offsets();
      std::string out = "[";
      for (int64_t k = o[i]; k < o[i + 1]; ++k) out += (k > o[i] ? ", " : "") + format(*c.children()[0], k);
      return out + "]";
    }
    case TypeId::kStruct: {
      std::string out = "{";
      const auto& fields = c.type().struct_fields();
      for (size_t f = 0; f < fields.size(); ++f) {
        out += (f ? ", " : "") + fields[f].name + ": " + format(*c.children()[f], i);
      }
      return out + "}";
    }
    case TypeId::kString: return "\"" + std::string(c.string_at(i)) + "\"";
    case TypeId::kFloat64: return fmt::format("{:g}", c.values<double>()[i]);
    case TypeId::kInt32: return std::to_string(c.values<int32_t>()[i]);
    case TypeId::kInt64:
    case TypeId::kDuration:
    case TypeId::kDatetime: return std::to_string(c.values<int64_t>()[i]);
    default: return "?" + c.type().to_string();
  }
}

std::vector<std::string> format_rows(const DataFrame& df) {
  std::vector<std::string> rows;
  for (const Chunk& chunk : df.chunks()) {
    for (int64_t i = 0; i < chunk.num_rows(); ++i) {
      std::string row;
      for (size_t c = 0; c < chunk.num_columns(); ++c) row += (c ? " | " : "") + format(*chunk.column(c), i);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<std::string> expected_rows() {
  std::ifstream in(testdata("nested_expected.txt"));
  std::vector<std::string> rows;
  for (std::string line; std::getline(in, line);) rows.push_back(line);
  return rows;
}

/// Column `c` of every expected row.
std::vector<std::string> expected_column(size_t c) {
  std::vector<std::string> out;
  for (const std::string& row : expected_rows()) {
    size_t begin = 0;
    for (size_t k = 0; k < c; ++k) begin = row.find(" | ", begin) + 3;
    const size_t end = row.find(" | ", begin);
    out.push_back(row.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
  }
  return out;
}

const DataType kTypes[] = {
    TypeId::kInt64,
    DataType::list(TypeId::kInt64),
    DataType::list(TypeId::kString),
    DataType::struct_({{"a", TypeId::kInt32}, {"b", TypeId::kString}}),
    DataType::list(DataType::struct_({{"x", TypeId::kInt32}, {"y", TypeId::kString}})),
    DataType::struct_({{"l", DataType::list(TypeId::kFloat64)}}),
    DataType::list(DataType::list(TypeId::kInt32)),
};

class ParquetNestedFiles : public ::testing::TestWithParam<const char*> {};

TEST_P(ParquetNestedFiles, SchemaMatchesPyarrow) {
  auto file = ParquetFile::open(testdata(GetParam()));
  const Schema& schema = file->schema();
  ASSERT_EQ(schema.size(), 7u);
  for (size_t i = 0; i < schema.size(); ++i) EXPECT_EQ(schema[i].type, kTypes[i]) << schema[i].name;
  EXPECT_EQ(file->num_row_groups(), 2);
}

TEST_P(ParquetNestedFiles, EveryRowMatchesPyarrow) {
  const auto expected = expected_rows();
  ASSERT_EQ(expected.size(), 1000u);
  const auto rows = format_rows(read_parquet(testdata(GetParam())));
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) ASSERT_EQ(rows[i], expected[i]) << "row " << i;
}

TEST_P(ParquetNestedFiles, ProjectionReadsOneNestedColumn) {
  ParquetReadOptions options;
  options.columns = std::vector<std::string>{"sl", "st"};
  const auto rows = format_rows(read_parquet(testdata(GetParam()), options));
  const auto sl = expected_column(5), st = expected_column(3);
  ASSERT_EQ(rows.size(), sl.size());
  for (size_t i = 0; i < rows.size(); ++i) ASSERT_EQ(rows[i], sl[i] + " | " + st[i]) << "row " << i;
}

TEST_P(ParquetNestedFiles, LateMaterializationPicksRows) {
  auto file = ParquetFile::open(testdata(GetParam()));
  const std::vector<uint32_t> picked = {0, 3, 4, 17, 250, 399};  // rows of row group 1 (rows 600..999)
  const auto ll = expected_column(6), lst = expected_column(4);
  ColumnPtr a = file->read_column(1, 6, &picked);
  ColumnPtr b = file->read_column(1, 4, &picked);
  ASSERT_EQ(a->length(), 6);
  for (size_t k = 0; k < picked.size(); ++k) {
    EXPECT_EQ(format(*a, static_cast<int64_t>(k)), ll[600 + picked[k]]);
    EXPECT_EQ(format(*b, static_cast<int64_t>(k)), lst[600 + picked[k]]);
  }
}

TEST_P(ParquetNestedFiles, NoStatisticsForNestedColumns) {
  auto file = ParquetFile::open(testdata(GetParam()));
  for (int c = 1; c < 7; ++c) {
    auto stats = file->statistics(0, c);
    EXPECT_FALSE(stats.min || stats.max || stats.null_count) << c;
    EXPECT_FALSE(file->page_index(0, c).has_value()) << c;
    EXPECT_EQ(file->dictionary_values(0, c), nullptr) << c;
  }
  // The flat column still has them.
  EXPECT_TRUE(file->statistics(0, 0).max.has_value());
}

TEST_P(ParquetNestedFiles, RoundTripsThroughTheWriter) {
  // Floe's writer shreds the columns back into levels; small pages and row groups make rows
  // straddle both. Floe reads its own file back equal to pyarrow's reading of the original.
  const DataFrame df = read_parquet(testdata(GetParam()));
  const auto path = std::filesystem::temp_directory_path() / ("floe_nested_rt_" + std::to_string(::getpid()) + ".parquet");
  ParquetWriteOptions options;
  options.row_group_size = 333;
  options.data_page_size = 700;
  write_parquet(df, path.string(), options);
  auto file = ParquetFile::open(path.string());
  EXPECT_EQ(file->num_row_groups(), 4);
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(file->schema()[i].type, kTypes[i]);
  const auto rows = format_rows(read_parquet(path.string()));
  std::filesystem::remove(path);
  const auto expected = expected_rows();
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) ASSERT_EQ(rows[i], expected[i]) << "row " << i;
}

template <typename T>
BufferPtr buffer_of(const std::vector<T>& v) {
  BufferPtr b = Buffer::allocate(v.size() * sizeof(T));
  std::memcpy(b->data(), v.data(), v.size() * sizeof(T));
  return b;
}

TEST(ParquetNestedWriter, ArrowSchemaRestoresNestedLeafTypes) {
  // List(Duration(ms)) [[1, 2], null, [3]] and Struct({t: Datetime(us, Asia/Tokyo)}) whose Parquet
  // leaves are plain INT64 and UTC timestamps: the footer's Arrow schema brings the types back.
  const DataType durations = DataType::list(DataType::duration(TimeUnit::kMilli));
  const DataType zoned = DataType::struct_({{"t", DataType::datetime(TimeUnit::kMicro, "Asia/Tokyo")}});
  auto items = std::make_shared<Column>(DataType::duration(TimeUnit::kMilli), 3, buffer_of<int64_t>({1, 2, 3}));
  ColumnPtr list = Column::make_list(durations, 3, buffer_of<int64_t>({0, 2, 2, 3}), items,
                                     buffer_of<uint8_t>({0b101, 0, 0, 0, 0, 0, 0, 0}));
  auto t = std::make_shared<Column>(zoned.struct_fields()[0].type, 3, buffer_of<int64_t>({10, 20, 30}));
  ColumnPtr st = Column::make_struct(zoned, 3, {t}, buffer_of<uint8_t>({0b110, 0, 0, 0, 0, 0, 0, 0}));
  const auto path = std::filesystem::temp_directory_path() / ("floe_nested_hints_" + std::to_string(::getpid()) + ".parquet");
  write_parquet(DataFrame(Schema({{"d", durations}, {"s", zoned}}), {list, st}), path.string());
  const DataFrame back = read_parquet(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(back.schema()[0].type, durations);
  EXPECT_EQ(back.schema()[1].type, zoned);
  EXPECT_EQ(format_rows(back), (std::vector<std::string>{"[1, 2] | null", "null | {t: 20}", "[3] | {t: 30}"}));
}

INSTANTIATE_TEST_SUITE_P(V1SnappyAndV2Zstd, ParquetNestedFiles,
                         ::testing::Values("nested_v1.parquet", "nested_v2.parquet"));

// Schema trees built by hand: the legacy LIST shapes LogicalTypes.md keeps readable.

SchemaElement group(const std::string& name, int children, std::optional<Repetition> rep,
                    std::optional<ConvertedType> converted = std::nullopt) {
  SchemaElement e;
  e.name = name;
  e.num_children = children;
  e.repetition = rep;
  e.converted_type = converted;
  return e;
}

SchemaElement primitive(const std::string& name, Repetition rep, PhysicalType type = PhysicalType::kInt32) {
  SchemaElement e;
  e.name = name;
  e.repetition = rep;
  e.type = type;
  return e;
}

std::vector<ColumnDescriptor> describe(std::vector<SchemaElement> elements) {
  FileMetaData m;
  m.schema = std::move(elements);
  return describe_columns(m);
}

TEST(ParquetNestedSchema, LegacyListShapes) {
  using R = Repetition;
  const auto columns = describe({
      group("schema", 6, std::nullopt),
      // 2-level: the repeated primitive is the required element.
      group("two", 1, R::kOptional, ConvertedType::kList), primitive("element", R::kRepeated),
      // A repeated group of two fields is the element (a struct).
      group("pairs", 1, R::kOptional, ConvertedType::kList), group("element", 2, R::kRepeated),
      primitive("k", R::kRequired), primitive("v", R::kOptional),
      // A repeated group named "array" is the element even with one field.
      group("arr", 1, R::kRequired, ConvertedType::kList), group("array", 1, R::kRepeated), primitive("f", R::kOptional),
      // So is one named after the list with "_tuple".
      group("tup", 1, R::kOptional, ConvertedType::kList), group("tup_tuple", 1, R::kRepeated),
      primitive("g", R::kRequired),
      // A bare repeated field is a list of required values.
      primitive("bare", R::kRepeated),
      // A repeated group without LIST: a list of structs.
      group("points", 2, R::kRepeated), primitive("x", R::kRequired), primitive("y", R::kRequired),
  });
  ASSERT_EQ(columns.size(), 6u);
  EXPECT_EQ(columns[0].type, DataType::list(TypeId::kInt32));
  EXPECT_EQ(columns[1].type, DataType::list(DataType::struct_({{"k", TypeId::kInt32}, {"v", TypeId::kInt32}})));
  EXPECT_EQ(columns[2].type, DataType::list(DataType::struct_({{"f", TypeId::kInt32}})));
  EXPECT_EQ(columns[3].type, DataType::list(DataType::struct_({{"g", TypeId::kInt32}})));
  EXPECT_EQ(columns[4].type, DataType::list(TypeId::kInt32));
  EXPECT_EQ(columns[5].type, DataType::list(DataType::struct_({{"x", TypeId::kInt32}, {"y", TypeId::kInt32}})));
  // Leaves are numbered across columns, with their maximum levels.
  EXPECT_EQ(columns[1].leaf, 1);
  EXPECT_EQ(columns[1].num_leaves, 2);
  EXPECT_EQ(columns[1].leaves[1].max_definition_level, 3);
  EXPECT_EQ(columns[1].leaves[1].max_repetition_level, 1);
  EXPECT_EQ(columns[2].leaf, 3);
  EXPECT_EQ(columns[2].leaves[0].max_definition_level, 2);
  EXPECT_EQ(columns[4].leaves[0].max_definition_level, 1);
  EXPECT_EQ(columns[5].leaf, 6);
}

TEST(ParquetNestedSchema, MapIsUnsupportedByName) {
  using R = Repetition;
  const auto columns = describe({
      group("schema", 2, std::nullopt),
      primitive("a", R::kOptional, PhysicalType::kInt64),
      group("m", 1, R::kOptional, ConvertedType::kMap), group("key_value", 2, R::kRepeated),
      primitive("key", R::kRequired), primitive("value", R::kOptional),
  });
  ASSERT_EQ(columns.size(), 2u);
  EXPECT_EQ(columns[1].type.id, TypeId::kNull);
  EXPECT_NE(columns[1].unsupported.find("'m' is a MAP"), std::string::npos) << columns[1].unsupported;
  EXPECT_EQ(columns[1].num_leaves, 2);
}

TEST(ParquetNestedSchema, CorruptTreesAreErrors) {
  using R = Repetition;
  // The LIST group claims two children but the tree ends.
  EXPECT_THROW(describe({group("schema", 1, std::nullopt), group("l", 2, R::kOptional, ConvertedType::kList),
                         group("list", 1, R::kRepeated)}),
               ComputeError);
  // A LIST group whose child is not repeated cannot be read, but does not stop the file.
  const auto columns = describe({group("schema", 1, std::nullopt), group("l", 1, R::kOptional, ConvertedType::kList),
                                 primitive("element", R::kOptional)});
  EXPECT_NE(columns[0].unsupported.find("does not hold a single repeated field"), std::string::npos);
}

}  // namespace
}  // namespace floe::io
