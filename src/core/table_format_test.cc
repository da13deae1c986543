// Tests of Polars-exact frame and series printing. Every expected string is Polars 2.1's own
// output for the Python snippet in the comment above it (run with the environment shown).
#include "core/table_format.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

#include "core/column_builder.h"
#include "core/data_frame.h"
#include "core/time_zone.h"
#include "core/test_columns.h"

namespace floe {
namespace {

template <typename T>
ColumnPtr fixed(const DataType& type, const std::vector<std::optional<T>>& values) {
  return testing::fixed_column<T>(type, values);
}

ColumnPtr i64(const std::vector<std::optional<int64_t>>& values) { return fixed<int64_t>(TypeId::kInt64, values); }
ColumnPtr f64(const std::vector<std::optional<double>>& values) { return fixed<double>(TypeId::kFloat64, values); }

ColumnPtr strings(const std::vector<std::optional<std::string>>& values, DataType type = TypeId::kString) {
  return testing::string_column(values, type);
}

std::vector<std::optional<int64_t>> range(int64_t begin, int64_t end) {
  std::vector<std::optional<int64_t>> out;
  for (int64_t i = begin; i < end; ++i) out.push_back(i);
  return out;
}

DataFrame frame(const std::vector<std::pair<std::string, ColumnPtr>>& columns) {
  Schema schema;
  std::vector<ColumnPtr> data;
  for (const auto& [name, column] : columns) {
    schema.add(name, column->type());
    data.push_back(column);
  }
  return DataFrame(schema, data);
}

TableFormatOptions options(int max_rows = 10, int max_cols = 8, int max_str_len = 30, int table_width = 100) {
  TableFormatOptions o;
  o.max_rows = max_rows;
  o.max_cols = max_cols;
  o.max_str_len = max_str_len;
  o.table_width = table_width;
  return o;
}

bool have_zoneinfo() { return TimeZone::find("America/New_York") != nullptr; }

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(TableFormat, Basic) {
  // pl.DataFrame({"a": [1, 2, 3], "b": ["x", "yy", None], "c": [1.5, None, 3.0]})
  auto df = frame({{"a", i64({1, 2, 3})}, {"b", strings({"x", "yy", std::nullopt})}, {"c", f64({1.5, std::nullopt, 3.0})}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (3, 3)
┌─────┬──────┬──────┐
│ a   ┆ b    ┆ c    │
│ --- ┆ ---  ┆ ---  │
│ i64 ┆ str  ┆ f64  │
╞═════╪══════╪══════╡
│ 1   ┆ x    ┆ 1.5  │
│ 2   ┆ yy   ┆ null │
│ 3   ┆ null ┆ 3.0  │
└─────┴──────┴──────┘)--");
  EXPECT_EQ(df.to_string(), format_table(df, TableFormatOptions::from_env()));
}

TEST(TableFormat, EmptyFrame) {
  // pl.DataFrame()
  EXPECT_EQ(format_table(DataFrame(), options()), R"--(shape: (0, 0)
┌┐
╞╡
└┘)--");
}

TEST(TableFormat, ColumnsWithoutRows) {
  // pl.DataFrame(schema={"a": pl.Int64, "name": pl.String})
  auto df = frame({{"a", i64({})}, {"name", strings({})}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (0, 2)
┌─────┬──────┐
│ a   ┆ name │
│ --- ┆ ---  │
│ i64 ┆ str  │
╞═════╪══════╡
└─────┴──────┘)--");
}

TEST(TableFormat, OneRow) {
  // pl.DataFrame({"x": [42], "y": ["only"]})
  auto df = frame({{"x", i64({42})}, {"y", strings({"only"})}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (1, 2)
┌─────┬──────┐
│ x   ┆ y    │
│ --- ┆ ---  │
│ i64 ┆ str  │
╞═════╪══════╡
│ 42  ┆ only │
└─────┴──────┘)--");
}

TEST(TableFormat, ElevenRowsShowFivePlusFive) {
  // pl.DataFrame({"a": list(range(11)), "b": [f"v{i}" for i in range(11)]})
  std::vector<std::optional<std::string>> names;
  for (int i = 0; i < 11; ++i) names.push_back(fmt::format("v{}", i));
  auto df = frame({{"a", i64(range(0, 11))}, {"b", strings(names)}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (11, 2)
┌─────┬─────┐
│ a   ┆ b   │
│ --- ┆ --- │
│ i64 ┆ str │
╞═════╪═════╡
│ 0   ┆ v0  │
│ 1   ┆ v1  │
│ 2   ┆ v2  │
│ 3   ┆ v3  │
│ 4   ┆ v4  │
│ …   ┆ …   │
│ 6   ┆ v6  │
│ 7   ┆ v7  │
│ 8   ┆ v8  │
│ 9   ┆ v9  │
│ 10  ┆ v10 │
└─────┴─────┘)--");
}

TEST(TableFormat, HundredRows) {
  // pl.DataFrame({"n": list(range(100))})
  EXPECT_EQ(format_table(frame({{"n", i64(range(0, 100))}}), options()), R"--(shape: (100, 1)
┌─────┐
│ n   │
│ --- │
│ i64 │
╞═════╡
│ 0   │
│ 1   │
│ 2   │
│ 3   │
│ 4   │
│ …   │
│ 95  │
│ 96  │
│ 97  │
│ 98  │
│ 99  │
└─────┘)--");
}

TEST(TableFormat, OddRowLimitShowsOneMoreAtTheTop) {
  auto df = frame({{"a", i64(range(0, 11))}});
  // POLARS_FMT_MAX_ROWS=7: pl.DataFrame({"a": list(range(11))})
  EXPECT_EQ(format_table(df, options(7)), R"--(shape: (11, 1)
┌─────┐
│ a   │
│ --- │
│ i64 │
╞═════╡
│ 0   │
│ 1   │
│ 2   │
│ 3   │
│ …   │
│ 8   │
│ 9   │
│ 10  │
└─────┘)--");
  // POLARS_FMT_MAX_ROWS=1: pl.DataFrame({"a": list(range(11))})
  EXPECT_EQ(format_table(df, options(1)), R"--(shape: (11, 1)
┌─────┐
│ a   │
│ --- │
│ i64 │
╞═════╡
│ 0   │
│ …   │
└─────┘)--");
  // POLARS_FMT_MAX_ROWS=0: pl.DataFrame({"a": list(range(11))})
  EXPECT_EQ(format_table(df, options(0)), R"--(shape: (11, 1)
┌─────┐
│ a   │
│ --- │
│ i64 │
╞═════╡
│ …   │
└─────┘)--");
}

TEST(TableFormat, UnlimitedRows) {
  // POLARS_FMT_MAX_ROWS=-1: pl.DataFrame({"a": list(range(12))})
  EXPECT_EQ(format_table(frame({{"a", i64(range(0, 12))}}), options(-1)), R"--(shape: (12, 1)
┌─────┐
│ a   │
│ --- │
│ i64 │
╞═════╡
│ 0   │
│ 1   │
│ 2   │
│ 3   │
│ 4   │
│ 5   │
│ 6   │
│ 7   │
│ 8   │
│ 9   │
│ 10  │
│ 11  │
└─────┘)--");
}

TEST(TableFormat, TwentyColumnsShowFourPlusFour) {
  // pl.DataFrame({f"c{i}": [i, i * 100] for i in range(20)})
  std::vector<std::pair<std::string, ColumnPtr>> columns;
  for (int64_t i = 0; i < 20; ++i) columns.push_back({fmt::format("c{}", i), i64({i, i * 100})});
  EXPECT_EQ(format_table(frame(columns), options()), R"--(shape: (2, 20)
┌─────┬─────┬─────┬─────┬───┬──────┬──────┬──────┬──────┐
│ c0  ┆ c1  ┆ c2  ┆ c3  ┆ … ┆ c16  ┆ c17  ┆ c18  ┆ c19  │
│ --- ┆ --- ┆ --- ┆ --- ┆   ┆ ---  ┆ ---  ┆ ---  ┆ ---  │
│ i64 ┆ i64 ┆ i64 ┆ i64 ┆   ┆ i64  ┆ i64  ┆ i64  ┆ i64  │
╞═════╪═════╪═════╪═════╪═══╪══════╪══════╪══════╪══════╡
│ 0   ┆ 1   ┆ 2   ┆ 3   ┆ … ┆ 16   ┆ 17   ┆ 18   ┆ 19   │
│ 0   ┆ 100 ┆ 200 ┆ 300 ┆ … ┆ 1600 ┆ 1700 ┆ 1800 ┆ 1900 │
└─────┴─────┴─────┴─────┴───┴──────┴──────┴──────┴──────┘)--");
}

TEST(TableFormat, ColumnLimits) {
  std::vector<std::pair<std::string, ColumnPtr>> columns;
  for (int64_t i = 0; i < 9; ++i) columns.push_back({fmt::format("c{}", i), i64({i})});
  // POLARS_FMT_MAX_COLS=5: pl.DataFrame({f"c{i}": [i] for i in range(9)})
  EXPECT_EQ(format_table(frame(columns), options(10, 5)), R"--(shape: (1, 9)
┌─────┬─────┬─────┬───┬─────┬─────┐
│ c0  ┆ c1  ┆ c2  ┆ … ┆ c7  ┆ c8  │
│ --- ┆ --- ┆ --- ┆   ┆ --- ┆ --- │
│ i64 ┆ i64 ┆ i64 ┆   ┆ i64 ┆ i64 │
╞═════╪═════╪═════╪═══╪═════╪═════╡
│ 0   ┆ 1   ┆ 2   ┆ … ┆ 7   ┆ 8   │
└─────┴─────┴─────┴───┴─────┴─────┘)--");
  // POLARS_FMT_MAX_COLS=0: pl.DataFrame({f"c{i}": [i] for i in range(9)})
  EXPECT_EQ(format_table(frame(columns), options(10, 0)), R"--(shape: (1, 9)
┌───┐
│ … │
╞═══╡
│ … │
└───┘)--");
}

TEST(TableFormat, LongStringsAndNamesAreCut) {
  // pl.DataFrame({"a_column_name_that_is_longer_than_thirty_chars": ["short", "x" * 40, "a sentence with several words that goes on"]})
  auto df = frame({{"a_column_name_that_is_longer_than_thirty_chars",
                    strings({"short", std::string(40, 'x'), "a sentence with several words that goes on"})}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (3, 1)
┌─────────────────────────────────┐
│ a_column_name_that_is_longer_t… │
│ ---                             │
│ str                             │
╞═════════════════════════════════╡
│ short                           │
│ xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… │
│ a sentence with several words … │
└─────────────────────────────────┘)--");
}

TEST(TableFormat, NonAsciiAlignsByDisplayWidth) {
  // pl.DataFrame({"żółć": ["żółć", "日本語テキスト", "😀 emoji", "é"], "日本": [1, 22, 333, 4444]})
  auto df = frame({{"żółć", strings({"żółć", "日本語テキスト", "😀 emoji", "e\u0301"})}, {"日本", i64({1, 22, 333, 4444})}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (4, 2)
┌────────────────┬──────┐
│ żółć           ┆ 日本 │
│ ---            ┆ ---  │
│ str            ┆ i64  │
╞════════════════╪══════╡
│ żółć           ┆ 1    │
│ 日本語テキスト ┆ 22   │
│ 😀 emoji       ┆ 333  │
│ é              ┆ 4444 │
└────────────────┴──────┘)--");
}

TEST(TableFormat, NewlinesSplitCellsIntoLines) {
  // pl.DataFrame({"s": ["one\ntwo", "tab\there"], "n": [1, 2]})
  auto df = frame({{"s", strings({"one\ntwo", "tab\there"})}, {"n", i64({1, 2})}});
  EXPECT_EQ(format_table(df, options()), "shape: (2, 2)\n"
      "┌──────────┬─────┐\n"
      "│ s        ┆ n   │\n"
      "│ ---      ┆ --- │\n"
      "│ str      ┆ i64 │\n"
      "╞══════════╪═════╡\n"
      "│ one      ┆ 1   │\n"
      "│ two      ┆     │\n"
      "│ tab\there ┆ 2   │\n"
      "└──────────┴─────┘");
}

TEST(TableFormat, MalformedUtf8DoesNotBreakTheTable) {
  // Polars' strings are always valid UTF-8; ours may come from raw bytes. Each bad byte shows
  // as itself and counts one column, like U+FFFD.
  auto df = frame({{"s", strings({"ok", "bad \xff\xfe bytes", std::string(40, '\xc3')})}});
  std::string text = format_table(df, options());
  EXPECT_EQ(text.substr(0, 14), "shape: (3, 1)\n");
  EXPECT_NE(text.find("│ bad \xff\xfe bytes"), std::string::npos);
  EXPECT_NE(format_series("s", *df.column(0), options()).find(std::string(30, '\xc3') + "…"), std::string::npos);
}

TEST(TableFormat, IntegerTypes) {
  // pl.DataFrame({"i8": pl.Series([-128, 127, None], dtype=pl.Int8), "i16": pl.Series([-32768, 0, 32767], dtype=pl.Int16), "i32": pl.Series([None, -2147483648, 2147483647], dtype=pl.Int32), "i64": [-2**63, 0, 2**63 - 1], "u8": pl.Series([0, 255, None], dtype=pl.UInt8), "u16": pl.Series([0, 65535, 1], dtype=pl.UInt16), "u32": pl.Series([0, 2**32 - 1, 7], dtype=pl.UInt32), "u64": pl.Series([0, 2**64 - 1, None], dtype=pl.UInt64)})
  auto df = frame({
      {"i8", fixed<int8_t>(TypeId::kInt8, {-128, 127, std::nullopt})},
      {"i16", fixed<int16_t>(TypeId::kInt16, {-32768, 0, 32767})},
      {"i32", fixed<int32_t>(TypeId::kInt32, {std::nullopt, std::numeric_limits<int32_t>::min(), 2147483647})},
      {"i64", i64({std::numeric_limits<int64_t>::min(), 0, std::numeric_limits<int64_t>::max()})},
      {"u8", fixed<uint8_t>(TypeId::kUInt8, {0, 255, std::nullopt})},
      {"u16", fixed<uint16_t>(TypeId::kUInt16, {0, 65535, 1})},
      {"u32", fixed<uint32_t>(TypeId::kUInt32, {0, 4294967295u, 7})},
      {"u64", fixed<uint64_t>(TypeId::kUInt64, {0, std::numeric_limits<uint64_t>::max(), std::nullopt})},
  });
  EXPECT_EQ(format_table(df, options()), R"--(shape: (3, 8)
┌──────┬────────┬─────────────┬────────────────────┬──────┬───────┬────────────┬───────────────────┐
│ i8   ┆ i16    ┆ i32         ┆ i64                ┆ u8   ┆ u16   ┆ u32        ┆ u64               │
│ ---  ┆ ---    ┆ ---         ┆ ---                ┆ ---  ┆ ---   ┆ ---        ┆ ---               │
│ i8   ┆ i16    ┆ i32         ┆ i64                ┆ u8   ┆ u16   ┆ u32        ┆ u64               │
╞══════╪════════╪═════════════╪════════════════════╪══════╪═══════╪════════════╪═══════════════════╡
│ -128 ┆ -32768 ┆ null        ┆ -92233720368547758 ┆ 0    ┆ 0     ┆ 0          ┆ 0                 │
│      ┆        ┆             ┆ 08                 ┆      ┆       ┆            ┆                   │
│ 127  ┆ 0      ┆ -2147483648 ┆ 0                  ┆ 255  ┆ 65535 ┆ 4294967295 ┆ 18446744073709551 │
│      ┆        ┆             ┆                    ┆      ┆       ┆            ┆ 615               │
│ null ┆ 32767  ┆ 2147483647  ┆ 922337203685477580 ┆ null ┆ 1     ┆ 7          ┆ null              │
│      ┆        ┆             ┆ 7                  ┆      ┆       ┆            ┆                   │
└──────┴────────┴─────────────┴────────────────────┴──────┴───────┴────────────┴───────────────────┘)--");
}

TEST(TableFormat, Floats) {
  // POLARS_FMT_MAX_ROWS=-1: pl.DataFrame({"f64": [0.0, -0.0, 1.0, 0.1, 1e-07, 12345678000.0, 123456.7, 999999.0, 1000000.0, 1.2345e-06, float("nan"), float("inf"), float("-inf"), 3.141592653589793, 12.0000000001, -2.5, 1e+300, None], "f32": pl.Series([0.0, -0.0, 1.0, 0.1, 1e-07, 12345678000.0, 123456.7, 999999.0, 1000000.0, 1.2345e-06, float("nan"), float("inf"), float("-inf"), 3.141592653589793, 12.0000000001, -2.5, 1e+300, None], dtype=pl.Float32)})
  std::vector<std::optional<double>> values = {0.0, -0.0, 1.0, 0.1, 1e-7, 1.2345678e10, 123456.7, 999999.0, 1000000.0,
                                               0.0000012345, kNaN, kInf, -kInf, 3.141592653589793, 12.0000000001,
                                               -2.5, 1e300, std::nullopt};
  std::vector<std::optional<float>> values32;
  for (auto v : values) values32.push_back(v ? std::optional<float>(static_cast<float>(*v)) : std::nullopt);
  auto df = frame({{"f64", f64(values)}, {"f32", fixed<float>(TypeId::kFloat32, values32)}});
  EXPECT_EQ(format_table(df, options(-1)), R"--(shape: (18, 2)
┌────────────┬───────────────┐
│ f64        ┆ f32           │
│ ---        ┆ ---           │
│ f64        ┆ f32           │
╞════════════╪═══════════════╡
│ 0.0        ┆ 0.0           │
│ -0.0       ┆ -0.0          │
│ 1.0        ┆ 1.0           │
│ 0.1        ┆ 0.1           │
│ 0.0000001  ┆ 1.0000e-7     │
│ 1.2346e10  ┆ 1.2346e10     │
│ 123456.7   ┆ 123456.703125 │
│ 9.99999e5  ┆ 9.99999e5     │
│ 1e6        ┆ 1e6           │
│ 0.000001   ┆ 0.000001      │
│ NaN        ┆ NaN           │
│ inf        ┆ inf           │
│ -inf       ┆ -inf          │
│ 3.141593   ┆ 3.141593      │
│ 12.0       ┆ 12.0          │
│ -2.5       ┆ -2.5          │
│ 1.0000e300 ┆ inf           │
│ null       ┆ null          │
└────────────┴───────────────┘)--");
}

TEST(TableFormat, BooleansAndNullColumns) {
  // pl.DataFrame({"b": [True, False, None], "n": pl.Series([None, None, None], dtype=pl.Null)})
  auto df = frame({{"b", fixed<uint8_t>(TypeId::kBoolean, {1, 0, std::nullopt})}, {"n", Column::nulls(TypeId::kNull, 3)}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (3, 2)
┌───────┬──────┐
│ b     ┆ n    │
│ ---   ┆ ---  │
│ bool  ┆ null │
╞═══════╪══════╡
│ true  ┆ null │
│ false ┆ null │
│ null  ┆ null │
└───────┴──────┘)--");
}

TEST(TableFormat, Dates) {
  // pl.DataFrame({"d": pl.Series([0, 19753, -1, -719162, 2932896, 2932897, -719528, None], dtype=pl.Int32).cast(pl.Date)})
  auto df = frame({{"d", fixed<int32_t>(TypeId::kDate, {0, 19753, -1, -719162, 2932896, 2932897, -719528, std::nullopt})}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (8, 1)
┌──────────────┐
│ d            │
│ ---          │
│ date         │
╞══════════════╡
│ 1970-01-01   │
│ 2024-01-31   │
│ 1969-12-31   │
│ 0001-01-01   │
│ 9999-12-31   │
│ +10000-01-01 │
│ 0000-01-01   │
│ null         │
└──────────────┘)--");
}

TEST(TableFormat, Datetimes) {
  // pl.DataFrame({"ms": pl.Series([0, 1704067200123, -1, None]).cast(pl.Datetime("ms")), "us": pl.Series([0, 1704067200123456, -1, 1704067200120000]).cast(pl.Datetime("us")), "ns": pl.Series([0, 1704067200123456789, -1, 1704067200100000000]).cast(pl.Datetime("ns"))})
  auto df = frame({
      {"ms", fixed<int64_t>(DataType::datetime(TimeUnit::kMilli), {0, 1704067200123, -1, std::nullopt})},
      {"us", fixed<int64_t>(DataType::datetime(TimeUnit::kMicro), {0, 1704067200123456, -1, 1704067200120000})},
      {"ns", fixed<int64_t>(DataType::datetime(TimeUnit::kNano), {0, 1704067200123456789, -1, 1704067200100000000})},
  });
  EXPECT_EQ(format_table(df, options()), R"--(shape: (4, 3)
┌─────────────────────────┬────────────────────────────┬───────────────────────────────┐
│ ms                      ┆ us                         ┆ ns                            │
│ ---                     ┆ ---                        ┆ ---                           │
│ datetime[ms]            ┆ datetime[μs]               ┆ datetime[ns]                  │
╞═════════════════════════╪════════════════════════════╪═══════════════════════════════╡
│ 1970-01-01 00:00:00     ┆ 1970-01-01 00:00:00        ┆ 1970-01-01 00:00:00           │
│ 2024-01-01 00:00:00.123 ┆ 2024-01-01 00:00:00.123456 ┆ 2024-01-01 00:00:00.123456789 │
│ 1969-12-31 23:59:59.999 ┆ 1969-12-31 23:59:59.999999 ┆ 1969-12-31 23:59:59.999999999 │
│ null                    ┆ 2024-01-01 00:00:00.120    ┆ 2024-01-01 00:00:00.100       │
└─────────────────────────┴────────────────────────────┴───────────────────────────────┘)--");
}

TEST(TableFormat, DatetimesWithTimeZones) {
  if (!have_zoneinfo()) GTEST_SKIP() << "no zoneinfo on this machine";
  // pl.DataFrame({"utc": pl.Series([0, 1704067200123456, None]).cast(pl.Datetime("us", "UTC")), "ny": pl.Series([0, 1720000000000000, None]).cast(pl.Datetime("us", "America/New_York")), "kol": pl.Series([0, 1720000000000000, None]).cast(pl.Datetime("us", "Asia/Kolkata"))})
  auto df = frame({
      {"utc", fixed<int64_t>(DataType::datetime(TimeUnit::kMicro, "UTC"), {0, 1704067200123456, std::nullopt})},
      {"ny", fixed<int64_t>(DataType::datetime(TimeUnit::kMicro, "America/New_York"), {0, 1720000000000000, std::nullopt})},
      {"kol", fixed<int64_t>(DataType::datetime(TimeUnit::kMicro, "Asia/Kolkata"), {0, 1720000000000000, std::nullopt})},
  });
  EXPECT_EQ(format_table(df, options()), R"--(shape: (3, 3)
┌────────────────────────────────┬────────────────────────────────┬────────────────────────────┐
│ utc                            ┆ ny                             ┆ kol                        │
│ ---                            ┆ ---                            ┆ ---                        │
│ datetime[μs, UTC]              ┆ datetime[μs, America/New_York] ┆ datetime[μs, Asia/Kolkata] │
╞════════════════════════════════╪════════════════════════════════╪════════════════════════════╡
│ 1970-01-01 00:00:00 UTC        ┆ 1969-12-31 19:00:00 EST        ┆ 1970-01-01 05:30:00 IST    │
│ 2024-01-01 00:00:00.123456 UTC ┆ 2024-07-03 05:46:40 EDT        ┆ 2024-07-03 15:16:40 IST    │
│ null                           ┆ null                           ┆ null                       │
└────────────────────────────────┴────────────────────────────────┴────────────────────────────┘)--");
}

TEST(TableFormat, Durations) {
  // pl.DataFrame({"ns": pl.Series([0, 1000, 93784005006007, -93784005006007, 1500, None]).cast(pl.Duration("ns")), "us": pl.Series([0, 1000, 93784005006007, -93784005006007, 1500, None]).cast(pl.Duration("us")), "ms": pl.Series([0, 1000, 93784005006007, -93784005006007, 1500, None]).cast(pl.Duration("ms"))})
  std::vector<std::optional<int64_t>> v = {0, 1000, 93784005006007, -93784005006007, 1500, std::nullopt};
  auto df = frame({{"ns", fixed<int64_t>(DataType::duration(TimeUnit::kNano), v)},
                   {"us", fixed<int64_t>(DataType::duration(TimeUnit::kMicro), v)},
                   {"ms", fixed<int64_t>(DataType::duration(TimeUnit::kMilli), v)}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (6, 3)
┌────────────────────────────┬──────────────────────────────┬─────────────────────────┐
│ ns                         ┆ us                           ┆ ms                      │
│ ---                        ┆ ---                          ┆ ---                     │
│ duration[ns]               ┆ duration[μs]                 ┆ duration[ms]            │
╞════════════════════════════╪══════════════════════════════╪═════════════════════════╡
│ 0ns                        ┆ 0µs                          ┆ 0ms                     │
│ 1µs                        ┆ 1ms                          ┆ 1s                      │
│ 1d 2h 3m 4s 5006007ns      ┆ 1085d 11h 6m 45s 6007µs      ┆ 1085463d 30m 6s 7ms     │
│ -1d -2h -3m -4s -5006007ns ┆ -1085d -11h -6m -45s -6007µs ┆ -1085463d -30m -6s -7ms │
│ 1500ns                     ┆ 1500µs                       ┆ 1s 500ms                │
│ null                       ┆ null                         ┆ null                    │
└────────────────────────────┴──────────────────────────────┴─────────────────────────┘)--");
}

TEST(TableFormat, Times) {
  // pl.DataFrame({"t": pl.Series([0, 45296000000000, 45296123456789, 45296100000000, 1000, 86399999999999, None]).cast(pl.Time)})
  auto df = frame({{"t", fixed<int64_t>(TypeId::kTime, {0, 45296000000000, 45296123456789, 45296100000000, 1000,
                                                         86399999999999, std::nullopt})}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (7, 1)
┌────────────────────┐
│ t                  │
│ ---                │
│ time               │
╞════════════════════╡
│ 00:00:00           │
│ 12:34:56           │
│ 12:34:56.123456789 │
│ 12:34:56.100       │
│ 00:00:00.000001    │
│ 23:59:59.999999999 │
│ null               │
└────────────────────┘)--");
}

TEST(TableFormat, Binary) {
  // pl.DataFrame({"b": [b"abc", b"\x00\xff hi\n\"", b"", None, bytes(range(40, 120))]})
  std::string all;
  for (int b = 40; b < 120; ++b) all += static_cast<char>(b);
  auto df = frame({{"b", strings({"abc", std::string("\x00\xff hi\n\"", 7), "", std::nullopt, all}, TypeId::kBinary)}});
  EXPECT_EQ(format_table(df, options()), R"--(shape: (5, 1)
┌─────────────────────────────────┐
│ b                               │
│ ---                             │
│ binary                          │
╞═════════════════════════════════╡
│ b"abc"                          │
│ b"\x00\xff\x20hi\x0a""          │
│ b""                             │
│ null                            │
│ b"()*+,-./0123456789:;<=>?@ABC… │
└─────────────────────────────────┘)--");
}

TEST(TableFormat, WideTablesWrapToOneHundredColumns) {
  // pl.DataFrame({f"col{i}": ["abcdefghij" * 2, "x"] for i in range(8)})
  std::vector<std::pair<std::string, ColumnPtr>> columns;
  for (int i = 0; i < 8; ++i) columns.push_back({fmt::format("col{}", i), strings({"abcdefghijabcdefghij", "x"})});
  EXPECT_EQ(format_table(frame(columns), options()), R"--(shape: (2, 8)
┌────────────┬────────────┬────────────┬───────────┬───────────┬───────────┬───────────┬───────────┐
│ col0       ┆ col1       ┆ col2       ┆ col3      ┆ col4      ┆ col5      ┆ col6      ┆ col7      │
│ ---        ┆ ---        ┆ ---        ┆ ---       ┆ ---       ┆ ---       ┆ ---       ┆ ---       │
│ str        ┆ str        ┆ str        ┆ str       ┆ str       ┆ str       ┆ str       ┆ str       │
╞════════════╪════════════╪════════════╪═══════════╪═══════════╪═══════════╪═══════════╪═══════════╡
│ abcdefghij ┆ abcdefghij ┆ abcdefghij ┆ abcdefghi ┆ abcdefghi ┆ abcdefghi ┆ abcdefghi ┆ abcdefghi │
│ abcdefghij ┆ abcdefghij ┆ abcdefghij ┆ jabcdefgh ┆ jabcdefgh ┆ jabcdefgh ┆ jabcdefgh ┆ jabcdefgh │
│            ┆            ┆            ┆ ij        ┆ ij        ┆ ij        ┆ ij        ┆ ij        │
│ x          ┆ x          ┆ x          ┆ x         ┆ x         ┆ x         ┆ x         ┆ x         │
└────────────┴────────────┴────────────┴───────────┴───────────┴───────────┴───────────┴───────────┘)--");
}

TEST(TableFormat, TableWidthAndStringLength) {
  auto df = frame({{"a", strings({std::string(50, 'x'), "y"})}, {"b", i64({1, 2})}});
  // POLARS_TABLE_WIDTH=30: pl.DataFrame({"a": ["x" * 50, "y"], "b": [1, 2]})
  EXPECT_EQ(format_table(df, options(10, 8, 30, 30)), R"--(shape: (2, 2)
┌──────────────────────┬─────┐
│ a                    ┆ b   │
│ ---                  ┆ --- │
│ str                  ┆ i64 │
╞══════════════════════╪═════╡
│ xxxxxxxxxxxxxxxxxxxx ┆ 1   │
│ xxxxxxxxxx…          ┆     │
│ y                    ┆ 2   │
└──────────────────────┴─────┘)--");
  // POLARS_FMT_STR_LEN=5: pl.DataFrame({"a": ["x" * 50, "y"], "b": [1, 2]})
  EXPECT_EQ(format_table(df, options(10, 8, 5)), R"--(shape: (2, 2)
┌────────┬─────┐
│ a      ┆ b   │
│ ---    ┆ --- │
│ str    ┆ i64 │
╞════════╪═════╡
│ xxxxx… ┆ 1   │
│ y      ┆ 2   │
└────────┴─────┘)--");
}

TEST(TableFormat, FrameOfSeveralChunks) {
  // pl.DataFrame({"i": list(range(15)), "s": [f"row {i}" for i in range(15)]}) (here built from three chunks of five rows)
  std::vector<Chunk> chunks;
  for (int64_t start = 0; start < 15; start += 5) {
    std::vector<std::optional<std::string>> s;
    for (int64_t i = start; i < start + 5; ++i) s.push_back(fmt::format("row {}", i));
    chunks.emplace_back(std::vector<ColumnPtr>{i64(range(start, start + 5)), strings(s)}, 5);
  }
  DataFrame df(Schema({{"i", TypeId::kInt64}, {"s", TypeId::kString}}), std::move(chunks));
  EXPECT_EQ(format_table(df, options()), R"--(shape: (15, 2)
┌─────┬────────┐
│ i   ┆ s      │
│ --- ┆ ---    │
│ i64 ┆ str    │
╞═════╪════════╡
│ 0   ┆ row 0  │
│ 1   ┆ row 1  │
│ 2   ┆ row 2  │
│ 3   ┆ row 3  │
│ 4   ┆ row 4  │
│ …   ┆ …      │
│ 10  ┆ row 10 │
│ 11  ┆ row 11 │
│ 12  ┆ row 12 │
│ 13  ┆ row 13 │
│ 14  ┆ row 14 │
└─────┴────────┘)--");
}

TEST(TableFormat, TenMillionRowsPrintInstantly) {
  // pl.DataFrame({"n": pl.int_range(0, 10_000_000, eager=True), "half": pl.int_range(0, 10_000_000, eager=True) / 2}) (here in 1000 chunks)
  constexpr int64_t kRows = 10000000, kChunkRows = 10000;
  std::vector<Chunk> chunks;
  for (int64_t start = 0; start < kRows; start += kChunkRows) {
    FixedBuilder<int64_t> n(TypeId::kInt64, kChunkRows);
    FixedBuilder<double> half(TypeId::kFloat64, kChunkRows);
    for (int64_t i = 0; i < kChunkRows; ++i) {
      n.data()[i] = start + i;
      half.data()[i] = static_cast<double>(start + i) / 2;
    }
    chunks.emplace_back(std::vector<ColumnPtr>{n.finish(), half.finish()}, kChunkRows);
  }
  DataFrame df(Schema({{"n", TypeId::kInt64}, {"half", TypeId::kFloat64}}), std::move(chunks));
  auto start = std::chrono::steady_clock::now();
  std::string text = format_table(df, options());
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(text, R"--(shape: (10_000_000, 2)
┌─────────┬────────────┐
│ n       ┆ half       │
│ ---     ┆ ---        │
│ i64     ┆ f64        │
╞═════════╪════════════╡
│ 0       ┆ 0.0        │
│ 1       ┆ 0.5        │
│ 2       ┆ 1.0        │
│ 3       ┆ 1.5        │
│ 4       ┆ 2.0        │
│ …       ┆ …          │
│ 9999995 ┆ 4999997.5  │
│ 9999996 ┆ 4.999998e6 │
│ 9999997 ┆ 4999998.5  │
│ 9999998 ┆ 4.999999e6 │
│ 9999999 ┆ 4999999.5  │
└─────────┴────────────┘)--");
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count(), 100);
}

TEST(SeriesFormat, Integers) {
  // pl.Series("x", [1, 2, 3])
  EXPECT_EQ(format_series("x", *i64({1, 2, 3}), options()), "shape: (3,)\n"
      "Series: 'x' [i64]\n"
      "[\n"
      "\t1\n"
      "\t2\n"
      "\t3\n"
      "]");
}

TEST(SeriesFormat, StringsAreQuotedAndCut) {
  // pl.Series("s", ["a", None, "x" * 40, "日本"])
  EXPECT_EQ(format_series("s", *strings({"a", std::nullopt, std::string(40, 'x'), "日本"}), options()), "shape: (4,)\n"
      "Series: 's' [str]\n"
      "[\n"
      "\t\"a\"\n"
      "\tnull\n"
      "\t\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\n"
      "\t\"日本\"\n"
      "]");
}

TEST(SeriesFormat, LongSeriesAreElided) {
  // pl.Series("n", list(range(100)))
  EXPECT_EQ(format_series("n", *i64(range(0, 100)), options()), "shape: (100,)\n"
      "Series: 'n' [i64]\n"
      "[\n"
      "\t0\n"
      "\t1\n"
      "\t2\n"
      "\t3\n"
      "\t4\n"
      "\t…\n"
      "\t95\n"
      "\t96\n"
      "\t97\n"
      "\t98\n"
      "\t99\n"
      "]");
  // POLARS_FMT_MAX_ROWS=7: pl.Series("f", [i / 4 for i in range(11)])
  std::vector<std::optional<double>> quarters;
  for (int i = 0; i < 11; ++i) quarters.push_back(i / 4.0);
  EXPECT_EQ(format_series("f", *f64(quarters), options(7)), "shape: (11,)\n"
      "Series: 'f' [f64]\n"
      "[\n"
      "\t0.0\n"
      "\t0.25\n"
      "\t0.5\n"
      "\t0.75\n"
      "\t…\n"
      "\t2.0\n"
      "\t2.25\n"
      "\t2.5\n"
      "]");
}

TEST(SeriesFormat, ShapeGroupsThousands) {
  // POLARS_FMT_MAX_ROWS=4: pl.Series("big", [7] * 1234567)
  FixedBuilder<int64_t> b(TypeId::kInt64, 1234567);
  std::fill(b.data(), b.data() + 1234567, 7);
  EXPECT_EQ(format_series("big", *b.finish(), options(4)), "shape: (1_234_567,)\n"
      "Series: 'big' [i64]\n"
      "[\n"
      "\t7\n"
      "\t7\n"
      "\t…\n"
      "\t7\n"
      "\t7\n"
      "]");
}

TEST(SeriesFormat, EmptyNullAndBoolean) {
  // pl.Series("", [], dtype=pl.Int64)
  EXPECT_EQ(format_series("", *i64({}), options()), R"--(shape: (0,)
Series: '' [i64]
[
])--");
  // pl.Series("n", [None, None], dtype=pl.Null)
  EXPECT_EQ(format_series("n", *Column::nulls(TypeId::kNull, 2), options()), "shape: (2,)\n"
      "Series: 'n' [null]\n"
      "[\n"
      "\tnull\n"
      "\tnull\n"
      "]");
  // pl.Series("b", [True, False, None])
  EXPECT_EQ(format_series("b", *fixed<uint8_t>(TypeId::kBoolean, {1, 0, std::nullopt}), options()), "shape: (3,)\n"
      "Series: 'b' [bool]\n"
      "[\n"
      "\ttrue\n"
      "\tfalse\n"
      "\tnull\n"
      "]");
}

TEST(SeriesFormat, BinaryIsCutAfterTwiceTheStringLength) {
  // pl.Series("b", [b"abc", bytes(range(40, 120)), None])
  std::string all;
  for (int b = 40; b < 120; ++b) all += static_cast<char>(b);
  EXPECT_EQ(format_series("b", *strings({"abc", all, std::nullopt}, TypeId::kBinary), options()), "shape: (3,)\n"
      "Series: 'b' [binary]\n"
      "[\n"
      "\tb\"abc\"\n"
      "\tb\"()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abc\"…\n"
      "\tnull\n"
      "]");
}

TEST(SeriesFormat, TemporalValues) {
  // pl.Series("d", [0, 1, 1000, 86400000000]).cast(pl.Duration("us"))
  auto durations = fixed<int64_t>(DataType::duration(TimeUnit::kMicro), {0, 1, 1000, 86400000000});
  EXPECT_EQ(format_series("d", *durations, options()), "shape: (4,)\n"
      "Series: 'd' [duration[μs]]\n"
      "[\n"
      "\t0µs\n"
      "\t1µs\n"
      "\t1ms\n"
      "\t1d\n"
      "]");
  if (!have_zoneinfo()) GTEST_SKIP() << "no zoneinfo on this machine";
  // pl.Series("t", [0, 1704067200123456, None]).cast(pl.Datetime("us", "Europe/Warsaw"))
  auto warsaw = fixed<int64_t>(DataType::datetime(TimeUnit::kMicro, "Europe/Warsaw"), {0, 1704067200123456, std::nullopt});
  EXPECT_EQ(format_series("t", *warsaw, options()), "shape: (3,)\n"
      "Series: 't' [datetime[μs, Europe/Warsaw]]\n"
      "[\n"
      "\t1970-01-01 01:00:00 CET\n"
      "\t2024-01-01 01:00:00.123456 CET\n"
      "\tnull\n"
      "]");
}

TEST(SeriesFormat, OneCharacterLimitCutsNullsAsPolarsDoes) {
  // POLARS_FMT_STR_LEN=1: pl.Series("s", ["abc", None, "x"])
  // Polars strips the first and last character of "null" as if they were quotes.
  EXPECT_EQ(format_series("s", *strings({"abc", std::nullopt, "x"}), options(10, 8, 1)), "shape: (3,)\n"
      "Series: 's' [str]\n"
      "[\n"
      "\t\"a…\n"
      "\t\"u…\n"
      "\t\"x\"\n"
      "]");
}

TEST(ValueFormat, CellText) {
  auto s = strings({std::string(40, 'x'), std::nullopt, "żółć"});
  EXPECT_EQ(format_value(*s, 0, options()), std::string(30, 'x') + "…");
  EXPECT_EQ(format_value(*s, 1, options()), "null");
  EXPECT_EQ(format_value(*s, 2, options()), "żółć");
  EXPECT_EQ(format_value(*s, 2, options(10, 8, 2)), "żó…");
  EXPECT_EQ(format_value(*s, 0, options(10, 8, -1)), std::string(40, 'x'));
  EXPECT_EQ(format_value(*f64({1.5, 1e-7}), 1, options()), "0.0000001");
  EXPECT_EQ(format_value(*fixed<int32_t>(TypeId::kDate, {19753}), 0, options()), "2024-01-31");
  EXPECT_EQ(format_value(*fixed<uint8_t>(TypeId::kBoolean, {1}), 0, options()), "true");
}

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(TableFormatOptions, FromEnvironment) {
  {
    ScopedEnv rows("POLARS_FMT_MAX_ROWS", nullptr), cols("POLARS_FMT_MAX_COLS", nullptr);
    ScopedEnv len("POLARS_FMT_STR_LEN", nullptr), width("POLARS_TABLE_WIDTH", nullptr);
    auto o = TableFormatOptions::from_env();
    EXPECT_EQ(o.max_rows, 10);
    EXPECT_EQ(o.max_cols, 8);
    EXPECT_EQ(o.max_str_len, 30);
    EXPECT_EQ(o.table_width, 100);
  }
  {
    ScopedEnv rows("POLARS_FMT_MAX_ROWS", "-1"), cols("POLARS_FMT_MAX_COLS", "3");
    ScopedEnv len("POLARS_FMT_STR_LEN", "abc"), width("POLARS_TABLE_WIDTH", "+40");
    auto o = TableFormatOptions::from_env();
    EXPECT_EQ(o.max_rows, -1);
    EXPECT_EQ(o.max_cols, 3);
    EXPECT_EQ(o.max_str_len, 30);  // not a number: Polars keeps its default
    EXPECT_EQ(o.table_width, 40);
  }
  {
    ScopedEnv rows("POLARS_FMT_MAX_ROWS", "7");
    auto df = frame({{"a", i64(range(0, 11))}});
    EXPECT_EQ(df.to_string(), format_table(df, options(7)));
  }
}

}  // namespace
}  // namespace floe
