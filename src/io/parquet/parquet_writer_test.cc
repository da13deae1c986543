// Tests of the Parquet writer: files read back through Floe's reader and the footer parser,
// streaming writes across row groups, empty and all-null frames, option and schema errors.
#include "io/parquet/parquet_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/scalar.h"
#include "core/test_columns.h"
#include "io/parquet/arrow_schema.h"
#include "io/parquet/parquet_reader.h"

namespace floe::io {
namespace {

using floe::testing::fixed_column;
using floe::testing::string_column;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "floe_pqw_" + std::to_string(::getpid()) + "_" + name + ".parquet";
}

/// A frame with a column of every type, `n` rows, some nulls in each.
DataFrame all_types(int64_t n) {
  std::vector<std::optional<int64_t>> ints;
  std::vector<std::optional<std::string>> strings;
  for (int64_t i = 0; i < n; ++i) {
    const bool null = i % 7 == 3;
    ints.push_back(null ? std::nullopt : std::optional<int64_t>((i * 7919) % 1000 - 500));
    strings.push_back(null ? std::nullopt : std::optional<std::string>(i % 5 == 0 ? "a string longer than twelve " + std::to_string(i) : "s" + std::to_string(i % 13)));
  }
  auto narrow = [&](auto tag, const DataType& type) {
    using T = decltype(tag);
    std::vector<std::optional<T>> v;
    for (const auto& x : ints) v.push_back(x ? std::optional<T>(static_cast<T>(*x)) : std::nullopt);
    return fixed_column<T>(type, v);
  };
  Schema schema;
  std::vector<ColumnPtr> columns;
  auto add = [&](const std::string& name, ColumnPtr c) {
    schema.add(name, c->type());
    columns.push_back(std::move(c));
  };
  add("i8", narrow(int8_t{}, TypeId::kInt8));
  add("i16", narrow(int16_t{}, TypeId::kInt16));
  add("i32", narrow(int32_t{}, TypeId::kInt32));
  add("i64", narrow(int64_t{}, TypeId::kInt64));
  add("u8", narrow(uint8_t{}, TypeId::kUInt8));
  add("u16", narrow(uint16_t{}, TypeId::kUInt16));
  add("u32", narrow(uint32_t{}, TypeId::kUInt32));
  add("u64", narrow(uint64_t{}, TypeId::kUInt64));
  add("f32", narrow(float{}, TypeId::kFloat32));
  add("f64", narrow(double{}, TypeId::kFloat64));
  add("bool", narrow(uint8_t{}, TypeId::kBoolean)->with_type(TypeId::kBoolean));
  add("str", string_column(strings));
  add("bin", string_column(strings, TypeId::kBinary));
  add("date", narrow(int32_t{}, TypeId::kDate));
  add("dt_ms", narrow(int64_t{}, DataType::datetime(TimeUnit::kMilli)));
  add("dt_ns_tz", narrow(int64_t{}, DataType::datetime(TimeUnit::kNano, "UTC")));
  add("dur_us", narrow(int64_t{}, DataType::duration(TimeUnit::kMicro)));
  add("time", narrow(int64_t{}, TypeId::kTime));
  add("null", Column::nulls(TypeId::kNull, n));
  return DataFrame(schema, columns);
}

/// Booleans must be 0/1; `narrow` above stores any byte, so normalise them.
DataFrame fix_booleans(const DataFrame& frame) {
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < frame.num_columns(); ++c) {
    ColumnPtr col = frame.column(c);
    if (col->type().id == TypeId::kBoolean) {
      std::vector<std::optional<uint8_t>> v;
      for (int64_t i = 0; i < col->length(); ++i) {
        v.push_back(col->is_null(i) ? std::nullopt : std::optional<uint8_t>(col->values<uint8_t>()[i] & 1));
      }
      col = fixed_column<uint8_t>(TypeId::kBoolean, v);
    }
    columns.push_back(col);
  }
  return DataFrame(frame.schema(), columns);
}

void expect_same_values(const DataFrame& got, const DataFrame& want) {
  ASSERT_EQ(got.num_rows(), want.num_rows());
  ASSERT_EQ(got.num_columns(), want.num_columns());
  for (size_t c = 0; c < want.num_columns(); ++c) {
    EXPECT_EQ(got.schema()[c].name, want.schema()[c].name);
    const ColumnPtr a = got.column(c), b = want.column(c);
    for (int64_t i = 0; i < want.num_rows(); ++i) {
      const Scalar x = Scalar::from_column(*a, i), y = Scalar::from_column(*b, i);
      ASSERT_EQ(x, y) << want.schema()[c].name << " row " << i;
    }
  }
}

TEST(ParquetWriter, EveryTypeRoundTripsThroughTheReader) {
  const DataFrame frame = fix_booleans(all_types(1000));
  const std::string path = temp_path("types");
  write_parquet(frame, path);
  const DataFrame back = read_parquet(path);
  expect_same_values(back, frame);
  EXPECT_EQ(back.schema(), frame.schema());
  std::remove(path.c_str());
}

TEST(ParquetWriter, StreamedChunksAreCutIntoRowGroups) {
  const DataFrame frame = fix_booleans(all_types(2500));
  const std::string path = temp_path("stream");
  ParquetWriteOptions options;
  options.row_group_size = 1000;
  options.data_page_size = 256;
  options.compression = "snappy";
  {
    ParquetWriter writer(FileSystem::for_path(path).open_write(path), frame.schema(), options);
    // Chunks of 3 rows, as tiny morsels would deliver them, and one with a selection.
    const Chunk all = frame.rechunk().chunks()[0];
    int64_t pos = 0;
    for (; pos + 3 <= 2400; pos += 3) writer.write(all.slice(pos, 3));
    Chunk rest = all.slice(pos, 2500 - pos);
    auto every_row = std::make_shared<SelectionVector>();
    for (uint32_t i = 0; i < static_cast<uint32_t>(2500 - pos); ++i) every_row->push_back(i);
    rest.set_selection(every_row);
    writer.write(rest);
    writer.close();
    writer.close();  // a second close does nothing
    EXPECT_EQ(writer.rows_written(), 2500);
  }
  auto file = ParquetFile::open(path);
  ASSERT_EQ(file->num_row_groups(), 3);
  EXPECT_EQ(file->row_group_rows(0), 1000);
  EXPECT_EQ(file->row_group_rows(2), 500);
  expect_same_values(read_parquet(path), frame);
  // Statistics of a row group cover only its rows.
  const auto stats = file->statistics(1, 3);  // i64 in rows 1000..1999
  int64_t lo = INT64_MAX, hi = INT64_MIN, nulls = 0;
  const ColumnPtr i64 = frame.column(3);
  for (int64_t i = 1000; i < 2000; ++i) {
    if (i64->is_null(i)) {
      ++nulls;
      continue;
    }
    lo = std::min(lo, i64->values<int64_t>()[i]);
    hi = std::max(hi, i64->values<int64_t>()[i]);
  }
  ASSERT_TRUE(stats.min && stats.max);
  EXPECT_EQ(stats.min->as_int64(), lo);
  EXPECT_EQ(stats.max->as_int64(), hi);
  EXPECT_EQ(stats.null_count, nulls);
  std::remove(path.c_str());
}

TEST(ParquetWriter, EmptyFramesHaveASchemaAndNoRowGroups) {
  const DataFrame frame = all_types(0);
  const std::string path = temp_path("empty");
  write_parquet(frame, path);
  auto file = ParquetFile::open(path);
  EXPECT_EQ(file->num_row_groups(), 0);
  EXPECT_EQ(file->num_rows(), 0);
  EXPECT_EQ(file->schema().size(), frame.num_columns());
  const auto& kv = file->metadata().key_value_metadata;
  ASSERT_EQ(kv.size(), 1u);
  EXPECT_EQ(kv[0].key, "ARROW:schema");
  EXPECT_EQ(file->metadata().created_by, "Floe version 0.1.0");
  std::remove(path.c_str());
}

TEST(ParquetWriter, AllNullColumns) {
  Schema schema({{"a", TypeId::kInt64}, {"s", TypeId::kString}, {"n", TypeId::kNull}});
  DataFrame frame(schema, {Column::nulls(TypeId::kInt64, 100), Column::nulls(TypeId::kString, 100),
                           Column::nulls(TypeId::kNull, 100)});
  const std::string path = temp_path("nulls");
  write_parquet(frame, path);
  auto file = ParquetFile::open(path);
  for (int c = 0; c < 3; ++c) {
    const auto stats = file->statistics(0, c);
    EXPECT_FALSE(stats.min.has_value());
    EXPECT_EQ(stats.null_count, 100);
  }
  const DataFrame back = read_parquet(path);
  for (size_t c = 0; c < 3; ++c) EXPECT_EQ(back.column(c)->null_count(), 100);
  std::remove(path.c_str());
}

TEST(ParquetWriter, EveryCodecRoundTrips) {
  const DataFrame frame = fix_booleans(all_types(300));
  for (const char* codec : {"uncompressed", "snappy", "gzip", "zstd", "lz4", "brotli"}) {
    const std::string path = temp_path(codec);
    ParquetWriteOptions options;
    options.compression = codec;
    options.dictionary = std::string(codec) != "gzip";  // PLAIN pages for one of them
    write_parquet(frame, path, options);
    expect_same_values(read_parquet(path), frame);
    std::remove(path.c_str());
  }
}

TEST(ParquetWriter, BadOptionsAndSchemasAreUserErrors) {
  const std::string path = temp_path("bad");
  ParquetWriteOptions options;
  options.compression = "lzo";
  EXPECT_THROW(write_parquet(all_types(1), path, options), InvalidArgument);
  options = {};
  options.compression_level = 23;
  EXPECT_THROW(write_parquet(all_types(1), path, options), InvalidArgument);
  options = {};
  options.row_group_size = 0;
  EXPECT_THROW(write_parquet(all_types(1), path, options), InvalidArgument);
  Schema schema({{"a", TypeId::kInt64}});
  ParquetWriter writer(FileSystem::for_path(path).open_write(path), schema);
  Chunk wrong({fixed_column<int32_t>(TypeId::kInt32, {1})}, 1);
  EXPECT_THROW(writer.write(wrong), SchemaMismatch);
  writer.close();
  std::remove(path.c_str());
}

TEST(ArrowSchema, Base64) {
  EXPECT_EQ(parquet::base64_encode(""), "");
  EXPECT_EQ(parquet::base64_encode("f"), "Zg==");
  EXPECT_EQ(parquet::base64_encode("fo"), "Zm8=");
  EXPECT_EQ(parquet::base64_encode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace floe::io
