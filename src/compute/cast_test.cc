// Tests of casts to String, against what Polars 2.1's `cast(pl.String)` gives for the values.
#include "compute/cast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/column_builder.h"
#include "core/error.h"
#include "core/time_zone.h"
#include "core/test_columns.h"

namespace floe::compute {
namespace {

template <typename T>
ColumnPtr make(DataType t, std::vector<std::optional<T>> v) {
  return testing::fixed_column<T>(t, v);
}

std::vector<std::optional<std::string>> as_strings(const ColumnPtr& in) {
  ColumnPtr out = cast(in, TypeId::kString);
  EXPECT_EQ(out->type().id, TypeId::kString);
  std::vector<std::optional<std::string>> values;
  for (int64_t i = 0; i < out->length(); ++i) {
    values.push_back(out->is_null(i) ? std::nullopt : std::optional<std::string>(std::string(out->string_at(i))));
  }
  return values;
}

using Strings = std::vector<std::optional<std::string>>;
constexpr auto N = std::nullopt;

TEST(CastToString, Floats) {
  // pl.Series([1e20, 1.0, 0.1, 1e-7, float('inf'), 123456789.123, float('nan'), -0.0, None])
  //   .cast(pl.String)
  auto f64 = make<double>(TypeId::kFloat64, {1e20, 1.0, 0.1, 1e-7, INFINITY, 123456789.123, NAN, -0.0, N});
  EXPECT_EQ(as_strings(f64), (Strings{"1e+20", "1.0", "0.1", "1e-7", "inf", "123456789.123", "NaN", "-0.0", N}));
  // The same values as Float32 keep the shortest digits of an f32.
  auto f32 = make<float>(TypeId::kFloat32, {1e20f, 1.0f, 0.1f, 1e-7f, INFINITY, 123456789.123f, NAN, -0.0f, N});
  EXPECT_EQ(as_strings(f32), (Strings{"1e+20", "1.0", "0.1", "1e-7", "inf", "123456790.0", "NaN", "-0.0", N}));
}

TEST(CastToString, Temporals) {
  // pl.Series([-719529, -719163, 2932897, None], dtype=pl.Int32).cast(pl.Date).cast(pl.String)
  auto dates = make<int32_t>(TypeId::kDate, {-719529, -719163, 2932897, N});
  EXPECT_EQ(as_strings(dates), (Strings{"-0001-12-31", "0000-12-31", "+10000-01-01", N}));
  // pl.Series([time(1, 2, 3), time(1, 2, 3, 120000)]).cast(pl.String): no fraction.
  auto times = make<int64_t>(TypeId::kTime, {3723000000000, 3723120000000});
  EXPECT_EQ(as_strings(times), (Strings{"01:02:03", "01:02:03"}));
  // Datetimes write every digit of their unit.
  auto ms = make<int64_t>(DataType::datetime(TimeUnit::kMilli), {1704070923120, -1});
  EXPECT_EQ(as_strings(ms), (Strings{"2024-01-01 01:02:03.120", "1969-12-31 23:59:59.999"}));
  auto ns = make<int64_t>(DataType::datetime(TimeUnit::kNano), {1704070923120000000});
  EXPECT_EQ(as_strings(ns), (Strings{"2024-01-01 01:02:03.120000000"}));
}

TEST(CastToString, DatetimesWithATimeZoneShowLocalTimeAndOffset) {
  if (!TimeZone::find("Europe/Warsaw")) GTEST_SKIP() << "no zoneinfo on this machine";
  // pl.Series([datetime(2024,1,1,1,2,3,120000)]).cast(pl.Datetime("us"))
  //   .dt.replace_time_zone(zone).cast(pl.String)
  auto warsaw = make<int64_t>(DataType::datetime(TimeUnit::kMicro, "Europe/Warsaw"), {1704067323120000});
  EXPECT_EQ(as_strings(warsaw), (Strings{"2024-01-01 01:02:03.120000+01:00"}));
  auto utc = make<int64_t>(DataType::datetime(TimeUnit::kMicro, "UTC"), {1704070923120000});
  EXPECT_EQ(as_strings(utc), (Strings{"2024-01-01 01:02:03.120000+00:00"}));
  auto unknown = make<int64_t>(DataType::datetime(TimeUnit::kMicro, "Mars/Olympus"), {0});
  EXPECT_THROW(cast(unknown, TypeId::kString), InvalidOperation);
}

}  // namespace
}  // namespace floe::compute
