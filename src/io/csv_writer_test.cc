// Tests of the CSV writer: Polars' formatting of every type, quoting rules, and round trips.
#include "io/csv_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "core/column_builder.h"
#include "core/error.h"
#include "core/thread_pool.h"
#include "io/csv_reader.h"
#include "core/test_columns.h"

namespace floe::io {
namespace {

template <typename T>
ColumnPtr fixed(DataType type, const std::vector<std::optional<T>>& values) {
  return testing::fixed_column<T>(type, values);
}

ColumnPtr f64(const std::vector<std::optional<double>>& v) { return fixed<double>(TypeId::kFloat64, v); }
ColumnPtr f32(const std::vector<std::optional<float>>& v) { return fixed<float>(TypeId::kFloat32, v); }
ColumnPtr i64(const std::vector<std::optional<int64_t>>& v) { return fixed<int64_t>(TypeId::kInt64, v); }
ColumnPtr boolean(const std::vector<std::optional<uint8_t>>& v) { return fixed<uint8_t>(TypeId::kBoolean, v); }
ColumnPtr date(const std::vector<std::optional<int32_t>>& v) { return fixed<int32_t>(TypeId::kDate, v); }

ColumnPtr str(const std::vector<std::optional<std::string>>& values) { return testing::string_column(values); }

DataFrame frame(std::vector<std::pair<std::string, ColumnPtr>> cols) {
  Schema schema;
  std::vector<ColumnPtr> columns;
  for (auto& [name, col] : cols) {
    schema.add(name, col->type());
    columns.push_back(col);
  }
  return DataFrame(schema, std::move(columns));
}

std::string lines(std::initializer_list<const char*> ls) {
  std::string s;
  for (const char* l : ls) s += std::string(l) + "\n";
  return s;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Every expected text below is what Polars 2.1's write_csv gives for the same frame.

TEST(CsvWriter, FloatsAsPolarsWritesThem) {
  DataFrame df = frame({{"f", f64({1.0, 0.1, 1e20, 1e21, 1e-5, 123456789.123, kNaN, kInf, -kInf, std::nullopt, -0.0,
                                   1e16, 1e15, 2.5e-7, 1.0 / 3})}});
  EXPECT_EQ(write_csv_string(df), lines({"f", "1.0", "0.1", "1e+20", "1e+21", "0.00001", "123456789.123", "NaN", "inf",
                                         "-inf", "", "-0.0", "1e+16", "1000000000000000.0", "2.5e-7",
                                         "0.3333333333333333"}));
  std::vector<double> more = {1e-6,     1.5e-6,    1e-4,  0.000123, 1.2345e-5, 123456789012345680.0, 1234567890123456.7,
                              9999999999999998.0, 1.5e16, 12345678901234567.0, 5e-324, 1.7976931348623157e308, 100.0,
                              1.5, -2.25e-8, 123e18, 0.5, 3.0e15, 4.35};
  std::vector<std::optional<double>> d(more.begin(), more.end());
  std::vector<std::optional<float>> f;
  for (double v : more) f.push_back(static_cast<float>(v));
  EXPECT_EQ(write_csv_string(frame({{"d", f64(d)}, {"f", f32(f)}})),
            lines({"d,f", "1e-6,0.000001", "1.5e-6,0.0000015", "0.0001,0.0001", "0.000123,0.000123",
                   "0.000012345,0.000012345", "1.2345678901234568e+17,1.2345679e+17",
                   "1234567890123456.8,1.234568e+15", "9999999999999998.0,1e+16", "1.5e+16,1.5e+16",
                   "1.2345678901234568e+16,1.2345678e+16", "5e-324,0.0", "1.7976931348623157e+308,inf",
                   "100.0,100.0", "1.5,1.5", "-2.25e-8,-2.25e-8", "1.23e+20,1.23e+20", "0.5,0.5",
                   "3000000000000000.0,3e+15", "4.35,4.35"}));
  EXPECT_EQ(write_csv_string(frame({{"f32", f32({1.0f, 0.1f, 1e20f, 1.0f / 3, std::nullopt, 16777216.0f, 1e-5f})}})),
            lines({"f32", "1.0", "0.1", "1e+20", "0.33333334", "", "16777216.0", "0.00001"}));
}

TEST(CsvWriter, FloatPrecision) {
  CsvWriteOptions o;
  o.float_precision = 3;
  EXPECT_EQ(write_csv_string(frame({{"c", f64({1e20, 1.23456789e-7, kNaN, kInf, 1.5})}}), o),
            lines({"c", "100000000000000000000.000", "0.000", "NaN", "inf", "1.500"}));
  o.float_precision = 1;
  EXPECT_EQ(write_csv_string(frame({{"c", f32({1.5f, 2.25f})}}), o), lines({"c", "1.5", "2.2"}));
}

TEST(CsvWriter, DecimalsAsTheirDigitsWithTheScale) {
  // Polars 2.1: 1.50, -0.05, 12.00; unquoted as numbers; float_precision does not apply.
  auto money = fixed<__int128>(DataType::decimal(15, 2), {150, -5, std::nullopt, 1200, 0});
  auto wide = fixed<__int128>(DataType::decimal(38, 0), {static_cast<__int128>(1) << 100, -7, 0, 1, 2});
  DataFrame df = frame({{"a", money}, {"w", wide}});
  EXPECT_EQ(write_csv_string(df, {}),
            lines({"a,w", "1.50,1267650600228229401496703205376", "-0.05,-7", ",0", "12.00,1", "0.00,2"}));
  CsvWriteOptions options;
  options.float_precision = 1;
  options.quote_style = QuoteStyle::kNonNumeric;
  EXPECT_EQ(write_csv_string(df, options),
            lines({"\"a\",\"w\"", "1.50,1267650600228229401496703205376", "-0.05,-7", ",0", "12.00,1", "0.00,2"}));
}

TEST(CsvWriter, StringQuoting) {
  DataFrame df = frame({{"s", str({"a", "a,b", "q\"x", "l\nm", "cr\rx", "", std::nullopt, " sp ", "#c", "t\tx", "'"})}});
  EXPECT_EQ(write_csv_string(df), "s\na\n\"a,b\"\n\"q\"\"x\"\n\"l\nm\"\n\"cr\rx\"\n\"\"\n\n sp \n#c\nt\tx\n'\n");
  CsvWriteOptions o;
  o.separator = '\t';
  EXPECT_EQ(write_csv_string(df, o), "s\na\na,b\n\"q\"\"x\"\n\"l\nm\"\n\"cr\rx\"\n\"\"\n\n sp \n#c\n\"t\tx\"\n'\n");
  o = {};
  o.quote_char = '\'';
  EXPECT_EQ(write_csv_string(df, o), "s\na\n'a,b'\nq\"x\n'l\nm'\n'cr\rx'\n''\n\n sp \n#c\nt\tx\n''''\n");
  o = {};
  o.null_value = "NULL";
  EXPECT_EQ(write_csv_string(df, o), "s\na\n\"a,b\"\n\"q\"\"x\"\n\"l\nm\"\n\"cr\rx\"\n\"\"\nNULL\n sp \n#c\nt\tx\n'\n");
}

TEST(CsvWriter, TemporalBooleanAndIntegers) {
  DataFrame df = frame({{"d", date({19724, std::nullopt, -719162, 2932896})},
                        {"b", boolean({1, 0, std::nullopt, 1})},
                        {"i", i64({1, -2, std::nullopt, std::numeric_limits<int64_t>::max()})},
                        {"t", fixed<int64_t>(TypeId::kTime, {36000000000000, 86399123456000, std::nullopt, 1000})}});
  EXPECT_EQ(write_csv_string(df), lines({"d,b,i,t", "2024-01-02,true,1,10:00:00.000000000",
                                         ",false,-2,23:59:59.123456000", "0001-01-01,,,",
                                         "9999-12-31,true,9223372036854775807,00:00:00.000001000"}));
}

TEST(CsvWriter, DatetimesPerUnitAndZone) {
  // 2024-01-01, 2024-01-01T10:11:12.123456, null, 1960-01-01T00:00:00.000001 in microseconds.
  std::vector<std::optional<int64_t>> us = {1704067200000000, 1704103872123456, std::nullopt, -315619199999999};
  auto in_unit = [&](TimeUnit u) {
    std::vector<std::optional<int64_t>> v;
    for (auto x : us) {
      if (!x) {
        v.push_back(std::nullopt);
      } else if (u == TimeUnit::kNano) {
        v.push_back(*x * 1000);
      } else if (u == TimeUnit::kMilli) {
        v.push_back(*x >= 0 ? *x / 1000 : (*x - 999) / 1000);
      } else {
        v.push_back(*x);
      }
    }
    return v;
  };
  auto text = [&](TimeUnit u, std::string tz) {
    return write_csv_string(frame({{"dt", fixed<int64_t>(DataType::datetime(u, tz), in_unit(u))}}));
  };
  EXPECT_EQ(text(TimeUnit::kMilli, ""),
            lines({"dt", "2024-01-01T00:00:00.000", "2024-01-01T10:11:12.123", "", "1960-01-01T00:00:00.000"}));
  EXPECT_EQ(text(TimeUnit::kMicro, ""),
            lines({"dt", "2024-01-01T00:00:00.000000", "2024-01-01T10:11:12.123456", "", "1960-01-01T00:00:00.000001"}));
  EXPECT_EQ(text(TimeUnit::kNano, ""), lines({"dt", "2024-01-01T00:00:00.000000000", "2024-01-01T10:11:12.123456000", "",
                                              "1960-01-01T00:00:00.000001000"}));
  EXPECT_EQ(text(TimeUnit::kMicro, "UTC"), lines({"dt", "2024-01-01T00:00:00.000000+0000",
                                                  "2024-01-01T10:11:12.123456+0000", "",
                                                  "1960-01-01T00:00:00.000001+0000"}));
}

TEST(CsvWriter, HeaderTerminatorAndShapes) {
  DataFrame df = frame({{"a", i64({1, 2})}, {"b", str({"x", "y"})}});
  CsvWriteOptions o;
  o.include_header = false;
  EXPECT_EQ(write_csv_string(df, o), "1,x\n2,y\n");
  o = {};
  o.line_terminator = "\r\n";
  EXPECT_EQ(write_csv_string(df, o), "a,b\r\n1,x\r\n2,y\r\n");
  EXPECT_EQ(write_csv_string(frame({{"a,b", i64({1})}, {"c\"", i64({2})}, {"", i64({3})}})),
            "\"a,b\",\"c\"\"\",\"\"\n1,2,3\n");
  EXPECT_EQ(write_csv_string(DataFrame()), "\n");
  EXPECT_EQ(write_csv_string(frame({{"a", i64({})}})), "a\n");
  EXPECT_EQ(write_csv_string(frame({{"a", i64({std::nullopt})}})), "a\n\n");
  EXPECT_EQ(write_csv_string(frame({{"a", str({""})}})), "a\n\"\"\n");
  EXPECT_EQ(write_csv_string(frame({{"a", str({""})}, {"b", i64({1})}})), "a,b\n\"\",1\n");
}

TEST(CsvWriter, QuoteStyles) {
  DataFrame df = frame({{"a", i64({1, std::nullopt})},
                        {"b", str({"x,y", std::nullopt})},
                        {"c", f64({1.5, std::nullopt})},
                        {"d", boolean({1, std::nullopt})},
                        {"e", date({19723, std::nullopt})}});
  CsvWriteOptions o;
  EXPECT_EQ(write_csv_string(df, o), "a,b,c,d,e\n1,\"x,y\",1.5,true,2024-01-01\n,,,,\n");
  o.quote_style = QuoteStyle::kAlways;
  EXPECT_EQ(write_csv_string(df, o),
            "\"a\",\"b\",\"c\",\"d\",\"e\"\n\"1\",\"x,y\",\"1.5\",\"true\",\"2024-01-01\"\n\"\",\"\",\"\",\"\",\"\"\n");
  o.quote_style = QuoteStyle::kNever;
  EXPECT_EQ(write_csv_string(df, o), "a,b,c,d,e\n1,x,y,1.5,true,2024-01-01\n,,,,\n");
  o.quote_style = QuoteStyle::kNonNumeric;
  EXPECT_EQ(write_csv_string(df, o), "\"a\",\"b\",\"c\",\"d\",\"e\"\n1,\"x,y\",1.5,\"true\",\"2024-01-01\"\n,,,,\n");
}

TEST(CsvWriter, DurationsCannotBeWritten) {
  DataFrame df = frame({{"du", fixed<int64_t>(DataType::duration(), {1})}});
  try {
    write_csv_string(df);
    FAIL() << "no exception";
  } catch (const InvalidOperation& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be written to CSV"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'du'"), std::string::npos) << e.what();
  }
}

TEST(CsvWriter, RoundTripsEveryType) {
  DataFrame df = frame({{"i", i64({1, std::nullopt, -5})},
                        {"u8", fixed<uint8_t>(TypeId::kUInt8, {255, 0, std::nullopt})},
                        {"f", f64({0.1, kNaN, std::nullopt})},
                        {"s", str({"plain", "with \"quotes\", commas\nand newlines", std::nullopt})},
                        {"e", str({"", "x", "y"})},
                        {"b", boolean({1, 0, std::nullopt})},
                        {"d", date({0, std::nullopt, -1})},
                        {"dt", fixed<int64_t>(DataType::datetime(TimeUnit::kNano), {1, std::nullopt, -1})},
                        {"tz", fixed<int64_t>(DataType::datetime(TimeUnit::kMilli, "UTC"), {1, 2, std::nullopt})},
                        {"t", fixed<int64_t>(TypeId::kTime, {0, 86399999999999, std::nullopt})}});
  std::string text = write_csv_string(df);
  CsvReadOptions o;
  o.schema = df.schema();
  DataFrame back = read_csv_buffer(text, o);
  EXPECT_EQ(write_csv_string(back), text);
  // With inference instead of a schema (as Polars infers it back).
  o = {};
  o.try_parse_dates = true;
  back = read_csv_buffer(text, o);
  EXPECT_EQ(back.schema().to_string(),
            "Schema([('i', Int64), ('u8', Int64), ('f', Float64), ('s', String), ('e', String), ('b', Boolean), "
            "('d', Date), ('dt', Datetime(time_unit='us', time_zone=None)), "
            "('tz', Datetime(time_unit='us', time_zone='UTC')), ('t', Time)])");
  EXPECT_EQ(back.column("e")->string_at(0), "");
  EXPECT_FALSE(back.column("e")->is_null(0));
  EXPECT_TRUE(back.column("s")->is_null(2));
}

TEST(CsvWriter, LargeFramesKeepRowOrder) {
  // Canonical CSV (as Polars writes it) read into many morsels, written back in parallel blocks,
  // and written to a file: the text comes back unchanged.
  std::string text = "id,x,s,flag\n";
  for (int i = 0; i < 150000; ++i) {
    text += fmt::format("{},{}.5,{},{}\n", i, i % 1000, i % 5 == 0 ? "\"q,\"\"" + std::to_string(i) + "\"" : "s" + std::to_string(i),
                        i % 2 ? "true" : "false");
  }
  DataFrame df = read_csv_buffer(text);
  EXPECT_GT(df.chunks().size(), 1u);
  EXPECT_EQ(write_csv_string(df), text);
  EXPECT_EQ(write_csv_string(df.rechunk()), text);
  char name[] = "/tmp/floe_csv_writer_XXXXXX";
  int fd = mkstemp(name);
  ::close(fd);
  write_csv(df, name);
  std::stringstream read_back;
  read_back << std::ifstream(name, std::ios::binary).rdbuf();
  std::remove(name);
  EXPECT_EQ(read_back.str(), text);
}

}  // namespace
}  // namespace floe::io
