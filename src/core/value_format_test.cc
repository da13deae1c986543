// Tests of single-value formatting. Expected strings are Polars 2.1's output for the same values.
#include "core/value_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/time_zone.h"

namespace floe {
namespace {

TEST(ValueFormat, FloatsFollowPolarsMixedFormat) {
  // pl.Series([...]) printed by Polars 2.1.
  const std::pair<double, const char*> cases[] = {
      {0.0, "0.0"},           {-0.0, "-0.0"},           {1.0, "1.0"},
      {0.1, "0.1"},           {1e-7, "0.0000001"},      {1.2345678e10, "1.2346e10"},
      {123456.7, "123456.7"}, {999999.0, "9.99999e5"},  {1000000.0, "1e6"},
      {999999.5, "999999.5"}, {0.000001, "0.000001"},   {0.0000012345, "0.000001"},
      {1234567.0, "1.234567e6"}, {3.141592653589793, "3.141593"}, {12.0000000001, "12.0"},
      {1e15, "1.0000e15"},    {1e300, "1.0000e300"},    {-5e-324, "-4.9407e-324"},
      {100.5, "100.5"},       {2.5e-5, "0.000025"},     {123456789.123, "1.2346e8"},
      {1e21, "1.0000e21"},    {1.0 / 3, "0.333333"},
      {std::nan(""), "NaN"},  {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
  };
  for (const auto& [v, expected] : cases) EXPECT_EQ(format_float(v), expected) << v;
}

TEST(ValueFormat, Float32GoesThroughDouble) {
  // pl.Series([1e-7, 123456.7, 123456789.123, 0.1], dtype=pl.Float32)
  EXPECT_EQ(format_float(static_cast<double>(1e-7f)), "1.0000e-7");
  EXPECT_EQ(format_float(static_cast<double>(123456.7f)), "123456.703125");
  EXPECT_EQ(format_float(static_cast<double>(123456789.123f)), "1.23456792e8");
  EXPECT_EQ(format_float(static_cast<double>(0.1f)), "0.1");
}

TEST(ValueFormat, RustDisplayOfFloats) {
  EXPECT_EQ(rust_display_float(1.0), "1");
  EXPECT_EQ(rust_display_float(-0.0), "-0");
  EXPECT_EQ(rust_display_float(0.1), "0.1");
  EXPECT_EQ(rust_display_float(1e-7), "0.0000001");
  EXPECT_EQ(rust_display_float(1e21), "1000000000000000000000");
  EXPECT_EQ(rust_display_float(123.456), "123.456");
}

TEST(ValueFormat, FloatsAsCastToString) {
  // pl.Series([...]).cast(pl.String)
  const std::pair<double, const char*> cases[] = {
      {1e20, "1e+20"},          {1.0, "1.0"},
      {0.1, "0.1"},             {1e-7, "1e-7"},
      {123456789.123, "123456789.123"},
      {-0.0, "-0.0"},           {0.0, "0.0"},
      {1e-5, "0.00001"},        {1e-6, "1e-6"},
      {9.999e15, "9999000000000000.0"},
      {1e16, "1e+16"},          {1234567890123456.7, "1234567890123456.8"},
      {12345678901234567.0, "1.2345678901234568e+16"},
      {5e-324, "5e-324"},       {-1.7976931348623157e308, "-1.7976931348623157e+308"},
      {2.5e-10, "2.5e-10"},     {100.5, "100.5"},
      {std::nan(""), "NaN"},    {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
  };
  for (const auto& [v, expected] : cases) EXPECT_EQ(format_float_for_cast(v), expected) << v;
  // pl.Series([...], dtype=pl.Float32).cast(pl.String): shortest f32 digits, other bounds.
  const std::pair<float, const char*> cases32[] = {
      {0.1f, "0.1"},           {1e20f, "1e+20"},           {1e-7f, "1e-7"},
      {1e-6f, "0.000001"},     {1.5e-6f, "0.0000015"},     {1e12f, "1000000000000.0"},
      {1e13f, "1e+13"},        {123456789.123f, "123456790.0"},
      {16777216.0f, "16777216.0"},
      {3.4e38f, "3.4e+38"},    {1e-45f, "1e-45"},          {123456.7f, "123456.7"},
  };
  for (const auto& [v, expected] : cases32) EXPECT_EQ(format_float_for_cast(v), expected) << v;
}

TEST(ValueFormat, Dates) {
  // pl.Series([...], dtype=pl.Int32).cast(pl.Date)
  EXPECT_EQ(format_date(0), "1970-01-01");
  EXPECT_EQ(format_date(19753), "2024-01-31");
  EXPECT_EQ(format_date(-1), "1969-12-31");
  EXPECT_EQ(format_date(-719162), "0001-01-01");
  EXPECT_EQ(format_date(-719163), "0000-12-31");
  EXPECT_EQ(format_date(2932897), "+10000-01-01");
  EXPECT_EQ(format_date(95000000), "+262071-03-02");
  EXPECT_EQ(format_date(-95000000), "-258132-11-01");
}

TEST(ValueFormat, DatetimesAndTimes) {
  // pl.Series([2**63 - 1, -2**63]).cast(pl.Datetime("ns"))
  EXPECT_EQ(format_datetime(std::numeric_limits<int64_t>::max(), TimeUnit::kNano, ""), "2262-04-11 23:47:16.854775807");
  EXPECT_EQ(format_datetime(std::numeric_limits<int64_t>::min(), TimeUnit::kNano, ""), "1677-09-21 00:12:43.145224192");
  EXPECT_EQ(format_datetime(1704067200120000, TimeUnit::kMicro, ""), "2024-01-01 00:00:00.120");
  EXPECT_EQ(format_datetime(-1, TimeUnit::kMilli, ""), "1969-12-31 23:59:59.999");
  EXPECT_EQ(format_datetime(0, TimeUnit::kMicro, "No/Such_Zone"), "invalid timezone");
  EXPECT_EQ(format_time_of_day(45296100000000), "12:34:56.100");
  EXPECT_EQ(format_time_of_day(1000), "00:00:00.000001");
  EXPECT_EQ(format_time_of_day(86399999999999), "23:59:59.999999999");
}

TEST(ValueFormat, TemporalsAsCastToString) {
  // pl.Series([...], dtype=pl.Int64).cast(pl.Datetime(unit)).cast(pl.String): every digit of
  // the unit; times of day without their fraction.
  const auto cast = TemporalStyle::kCast;
  EXPECT_EQ(format_datetime(1704070923120, TimeUnit::kMilli, nullptr, cast), "2024-01-01 01:02:03.120");
  EXPECT_EQ(format_datetime(1704067200000000, TimeUnit::kMicro, nullptr, cast), "2024-01-01 00:00:00.000000");
  EXPECT_EQ(format_datetime(1704070923120000000, TimeUnit::kNano, nullptr, cast), "2024-01-01 01:02:03.120000000");
  EXPECT_EQ(format_datetime(-1, TimeUnit::kMilli, nullptr, cast), "1969-12-31 23:59:59.999");
  EXPECT_EQ(format_datetime(-100000000000000, TimeUnit::kMilli, nullptr, cast), "-1199-02-15 14:13:20.000");
  EXPECT_EQ(format_datetime(300000000000000, TimeUnit::kMilli, nullptr, cast), "+11476-08-15 05:20:00.000");
  EXPECT_EQ(format_time_of_day(3723120000000, cast), "01:02:03");
  EXPECT_EQ(format_time_of_day(1, cast), "00:00:00");
}

TEST(ValueFormat, TimeZonedDatetimesAsCastToString) {
  // s = pl.Series([datetime(1850,1,1), datetime(2024,7,1,12)]).cast(pl.Datetime("us"))
  // s.dt.replace_time_zone("UTC").dt.convert_time_zone(zone).cast(pl.String): local time and
  // the offset in hours and minutes (seconds of a local mean time dropped).
  auto zone = [](const char* name) { return TimeZone::find(name); };
  if (!zone("America/New_York")) GTEST_SKIP() << "no zoneinfo on this machine";
  const auto cast = TemporalStyle::kCast;
  const int64_t y1850 = -3786825600000000, y2024 = 1719835200000000;
  EXPECT_EQ(format_datetime(y1850, TimeUnit::kMicro, zone("America/New_York").get(), cast),
            "1849-12-31 19:03:58.000000-04:56");
  EXPECT_EQ(format_datetime(y2024, TimeUnit::kMicro, zone("America/New_York").get(), cast),
            "2024-07-01 08:00:00.000000-04:00");
  EXPECT_EQ(format_datetime(y1850, TimeUnit::kMicro, zone("Asia/Kolkata").get(), cast),
            "1850-01-01 05:53:28.000000+05:53");
  EXPECT_EQ(format_datetime(y2024, TimeUnit::kMicro, zone("America/St_Johns").get(), cast),
            "2024-07-01 09:30:00.000000-02:30");
  EXPECT_EQ(format_datetime(y2024, TimeUnit::kMicro, zone("UTC").get(), cast), "2024-07-01 12:00:00.000000+00:00");
  // Printed, the same instant shows the zone's abbreviation instead.
  EXPECT_EQ(format_datetime(y2024, TimeUnit::kMicro, "America/New_York"), "2024-07-01 08:00:00 EDT");
}

TEST(ValueFormat, Durations) {
  // pl.Series([...]).cast(pl.Duration(unit))
  EXPECT_EQ(format_duration(0, TimeUnit::kNano), "0ns");
  EXPECT_EQ(format_duration(0, TimeUnit::kMicro), "0\u00b5s");
  EXPECT_EQ(format_duration(0, TimeUnit::kMilli), "0ms");
  EXPECT_EQ(format_duration(93784000000000, TimeUnit::kNano), "1d 2h 3m 4s");
  EXPECT_EQ(format_duration(3600000000001, TimeUnit::kNano), "1h 1ns");
  EXPECT_EQ(format_duration(1500, TimeUnit::kMilli), "1s 500ms");
  EXPECT_EQ(format_duration(std::numeric_limits<int64_t>::max(), TimeUnit::kNano), "106751d 23h 47m 16s 854775807ns");
  EXPECT_EQ(format_duration(std::numeric_limits<int64_t>::min(), TimeUnit::kNano),
            "-106751d -23h -47m -16s -854775808ns");
}

TEST(ValueFormat, BinaryAndThousands) {
  EXPECT_EQ(format_binary(std::string("\x00\xff hi\n\"'\\", 9), -1), "b\"\\x00\\xff\\x20hi\\x0a\"'\\\"");
  EXPECT_EQ(format_binary("abcdef", 4), "b\"abcd\"\u2026");
  EXPECT_EQ(format_binary("abcd", 4), "b\"abcd\"");
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1234567), "1_234_567");
  EXPECT_EQ(group_thousands(-1000), "-1_000");
}

}  // namespace
}  // namespace floe
