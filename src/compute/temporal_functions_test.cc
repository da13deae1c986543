// Tests of the ".dt" scalar functions; expected values come from Polars 2.1 (snippets in comments,
// with raw physical values from `.cast(pl.Int64)` / `.cast(pl.Int32)`).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "compute/duration_string.h"
#include "compute/function_registry.h"
#include "core/civil_time.h"
#include "core/column_builder.h"
#include "core/error.h"
#include "core/scalar.h"
#include "core/time_zone.h"

namespace floe::compute {
namespace {

constexpr auto N = std::nullopt;
using I64s = std::vector<std::optional<int64_t>>;

/// A column of `type` from physical values (int32 for Date, int64 otherwise).
ColumnPtr make(const DataType& type, const I64s& values) {
  const auto n = static_cast<int64_t>(values.size());
  if (type.id == TypeId::kDate) {
    FixedBuilder<int32_t> b(type, n);
    for (int64_t i = 0; i < n; ++i) {
      b.data()[i] = values[i] ? static_cast<int32_t>(*values[i]) : 12345;  // garbage under nulls
      if (!values[i]) b.set_null(i);
    }
    return b.finish();
  }
  FixedBuilder<int64_t> b(type, n);
  for (int64_t i = 0; i < n; ++i) {
    b.data()[i] = values[i] ? *values[i] : INT64_MAX - 7;  // garbage under nulls
    if (!values[i]) b.set_null(i);
  }
  return b.finish();
}

ColumnPtr run(const std::string& name, const ColumnPtr& in, std::vector<Scalar> params = {}) {
  const ScalarFunction& fn = FunctionRegistry::global().get(name);
  FunctionOptions options{std::move(params)};
  DataType t = in->type();
  DataType out_type = fn.resolve(std::span<const DataType>(&t, 1), options);
  ColumnPtr args[] = {in};
  ColumnPtr out = fn.execute(args, options);
  EXPECT_EQ(out->type(), out_type) << name;
  EXPECT_EQ(out->length(), in->length()) << name;
  return out;
}

/// Values of any integer or temporal column, widened to int64 (nulls as nullopt).
I64s values(const ColumnPtr& c) {
  I64s out;
  for (int64_t i = 0; i < c->length(); ++i) {
    if (c->is_null(i)) {
      out.push_back(N);
      continue;
    }
    visit_physical(c->type().id, [&](auto t) {
      using T = decltype(t);
      if constexpr (std::is_integral_v<T>) out.push_back(static_cast<int64_t>(c->values<T>()[i]));
    });
  }
  return out;
}

I64s run_values(const std::string& name, const ColumnPtr& in, std::vector<Scalar> params = {}) {
  return values(run(name, in, std::move(params)));
}

Scalar str(const std::string& s) { return Scalar::string(s); }

const DataType kDate = TypeId::kDate;
const DataType kTime = TypeId::kTime;

// D = pl.Series([date(2024,2,29), None, date(1969,12,31), date(1900,3,1), date(2023,12,31),
//                date(1970,1,1), date(1969,1,1), date(1968,5,17), date(1,1,1), date(2000,12,31)])
const I64s kDates = {19782, N, -1, -25508, 19722, 0, -365, -594, -719162, 11322};

// T = pl.Series([datetime(2024,2,29,13,45,30,123456), None, datetime(1969,12,31,23,59,59,999999),
//                datetime(1900,1,1,0,0,1), datetime(1970,1,1)], dtype=pl.Datetime(unit)),
// plus [789, 0, 999, 0, 0] ns for unit "ns".
struct UnitCase {
  TimeUnit unit;
  I64s raw;
  I64s millisecond, microsecond, nanosecond, time;
};
const UnitCase kUnitCases[] = {
    {TimeUnit::kNano,
     {1709214330123456789, N, -1, -2208988799000000000, 0},
     {123, N, 999, 0, 0},
     {123456, N, 999999, 0, 0},
     {123456789, N, 999999999, 0, 0},
     {49530123456789, N, 86399999999999, 1000000000, 0}},
    {TimeUnit::kMicro,
     {1709214330123456, N, -1, -2208988799000000, 0},
     {123, N, 999, 0, 0},
     {123456, N, 999999, 0, 0},
     {123456000, N, 999999000, 0, 0},
     {49530123456000, N, 86399999999000, 1000000000, 0}},
    {TimeUnit::kMilli,
     {1709214330123, N, -1, -2208988799000, 0},
     {123, N, 999, 0, 0},
     {123000, N, 999000, 0, 0},
     {123000000, N, 999000000, 0, 0},
     {49530123000000, N, 86399999000000, 1000000000, 0}},
};

// --- calendar arithmetic --------------------------------------------------------------------

TEST(TemporalCalendar, DurationStrings) {
  auto d = parse_duration("1y2q3mo4w5d6h7m8s9ms10us11ns", "t");
  EXPECT_EQ(d.months, 12 + 6 + 3);
  EXPECT_EQ(d.weeks, 4);
  EXPECT_EQ(d.days, 5);
  EXPECT_EQ(d.nanos, 6 * 3'600'000'000'000 + 7 * 60'000'000'000 + 8'000'000'000 + 9'000'000 + 10'000 + 11);
  EXPECT_FALSE(d.negative);
  EXPECT_TRUE(parse_duration("-15m", "t").negative);
  EXPECT_TRUE(parse_duration("", "t").is_zero());
  EXPECT_EQ(parse_duration("01h", "t").nanos, 3'600'000'000'000);
  // Polars: "expected leading integer ... found ' '", "unit: 'D' not supported", "only a single
  // minus sign is allowed", "expected a valid unit to follow integer".
  for (const char* bad : {"abc", "1d ", "2D", "1x", "1d-1h", "1", "--1d", "99999999999999999999d", "1i"}) {
    EXPECT_THROW(parse_duration(bad, "t"), InvalidArgument) << bad;
  }
}

// --- types and errors -------------------------------------------------------------------------

TEST(TemporalFunctions, OutputTypesMatchPolars) {
  // [getattr(s.dt, f)().dtype for f in ...] on a Datetime series:
  // year Int32; month, day, hour, minute, second, weekday, quarter Int8; ordinal_day Int16;
  // millisecond, microsecond, nanosecond Int32; epoch Int64, epoch("d") Int32.
  auto dt = make(DataType::datetime(TimeUnit::kMicro), {0});
  const std::pair<const char*, TypeId> expected[] = {
      {"dt.year", TypeId::kInt32},       {"dt.month", TypeId::kInt8},        {"dt.day", TypeId::kInt8},
      {"dt.hour", TypeId::kInt8},        {"dt.minute", TypeId::kInt8},       {"dt.second", TypeId::kInt8},
      {"dt.weekday", TypeId::kInt8},     {"dt.quarter", TypeId::kInt8},      {"dt.ordinal_day", TypeId::kInt16},
      {"dt.millisecond", TypeId::kInt32}, {"dt.microsecond", TypeId::kInt32}, {"dt.nanosecond", TypeId::kInt32},
      {"dt.epoch", TypeId::kInt64},      {"dt.date", TypeId::kDate},         {"dt.time", TypeId::kTime}};
  for (const auto& [name, id] : expected) EXPECT_EQ(run(name, dt)->type(), DataType(id)) << name;
  EXPECT_EQ(run("dt.epoch", dt, {str("d")})->type(), DataType(TypeId::kInt32));
  EXPECT_EQ(run("dt.truncate", dt, {str("1h")})->type(), dt->type());
  auto tz = make(DataType::datetime(TimeUnit::kMilli, "Europe/Warsaw"), {0});
  EXPECT_EQ(run("dt.truncate", tz, {str("1d")})->type(), tz->type());
  auto dur = make(DataType::duration(TimeUnit::kNano), {0});
  EXPECT_EQ(run("dt.total_seconds", dur)->type(), DataType(TypeId::kInt64));
}

void expect_invalid(const std::string& name, const DataType& type, const std::string& message,
                    std::vector<Scalar> params = {}) {
  const ScalarFunction& fn = FunctionRegistry::global().get(name);
  FunctionOptions options{std::move(params)};
  try {
    fn.resolve(std::span<const DataType>(&type, 1), options);
    ADD_FAILURE() << name << " accepted " << type.to_string();
  } catch (const InvalidOperation& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
  ColumnPtr args[] = {Column::nulls(type, 2)};
  EXPECT_THROW(fn.execute(args, options), InvalidOperation) << name;
}

TEST(TemporalFunctions, WrongInputTypeIsInvalidOperation) {
  // Polars: "`hour` operation not supported for dtype `date`", and so on.
  expect_invalid("dt.hour", kDate, "dt.hour expects a Datetime or Time column, got date");
  expect_invalid("dt.nanosecond", kDate, "dt.nanosecond expects a Datetime or Time column, got date");
  expect_invalid("dt.year", kTime, "dt.year expects a Date or Datetime column, got time");
  expect_invalid("dt.weekday", DataType::duration(), "dt.weekday expects a Date or Datetime column, got duration[μs]");
  expect_invalid("dt.year", TypeId::kInt64, "dt.year expects a Date or Datetime column, got i64");
  expect_invalid("dt.date", kTime, "dt.date expects a Date or Datetime column, got time");
  expect_invalid("dt.time", kDate, "dt.time expects a Datetime or Time column, got date");
  expect_invalid("dt.epoch", kTime, "dt.epoch expects a Date or Datetime column, got time");
  expect_invalid("dt.truncate", kTime, "dt.truncate expects a Date or Datetime column, got time", {str("1h")});
  expect_invalid("dt.total_days", DataType::datetime(), "dt.total_days expects a Duration column, got datetime[μs]");
  expect_invalid("dt.total_seconds", TypeId::kString, "dt.total_seconds expects a Duration column, got str");
}

TEST(TemporalFunctions, EmptyInputGivesEmptyOutput) {
  const DataType types[] = {kDate, DataType::datetime(TimeUnit::kNano), DataType::datetime(TimeUnit::kMilli, "Asia/Tokyo"),
                            kTime, DataType::duration()};
  for (const DataType& t : types) {
    auto empty = make(t, {});
    for (const std::string& name : FunctionRegistry::global().names()) {
      if (name.rfind("dt.", 0) != 0) continue;
      const ScalarFunction& fn = FunctionRegistry::global().get(name);
      FunctionOptions options;
      if (name == "dt.truncate") options.params = {str("1d")};
      try {
        fn.resolve(std::span<const DataType>(&t, 1), options);
      } catch (const InvalidOperation&) {
        continue;  // not defined for this type
      }
      EXPECT_EQ(run(name, empty, options.params)->length(), 0) << name << " " << t.to_string();
    }
  }
}

// --- fields -----------------------------------------------------------------------------------

TEST(TemporalFunctions, DateFields) {
  auto d = make(kDate, kDates);
  // D.dt.year() etc.
  EXPECT_EQ(run_values("dt.year", d), (I64s{2024, N, 1969, 1900, 2023, 1970, 1969, 1968, 1, 2000}));
  EXPECT_EQ(run_values("dt.month", d), (I64s{2, N, 12, 3, 12, 1, 1, 5, 1, 12}));
  EXPECT_EQ(run_values("dt.day", d), (I64s{29, N, 31, 1, 31, 1, 1, 17, 1, 31}));
  EXPECT_EQ(run_values("dt.weekday", d), (I64s{4, N, 3, 4, 7, 4, 3, 5, 1, 7}));
  EXPECT_EQ(run_values("dt.ordinal_day", d), (I64s{60, N, 365, 60, 365, 1, 1, 138, 1, 366}));
  EXPECT_EQ(run_values("dt.quarter", d), (I64s{1, N, 4, 1, 4, 1, 1, 2, 1, 4}));
}

TEST(TemporalFunctions, FarDateFields) {
  // X = pl.Series([-1_000_000, 2_932_896, -719528, 285714], dtype=pl.Date)
  auto x = make(kDate, {-1'000'000, 2'932'896, -719'528, 285'714});
  EXPECT_EQ(run_values("dt.year", x), (I64s{-768, 9999, 0, 2752}));
  EXPECT_EQ(run_values("dt.month", x), (I64s{2, 12, 1, 4}));
  EXPECT_EQ(run_values("dt.day", x), (I64s{4, 31, 1, 5}));
  EXPECT_EQ(run_values("dt.weekday", x), (I64s{3, 5, 6, 6}));
  EXPECT_EQ(run_values("dt.ordinal_day", x), (I64s{35, 365, 1, 96}));
  EXPECT_EQ(run_values("dt.quarter", x), (I64s{1, 4, 1, 2}));
}

TEST(TemporalFunctions, DatetimeFieldsInEveryUnit) {
  for (const UnitCase& c : kUnitCases) {
    SCOPED_TRACE(time_unit_name(c.unit));
    auto t = make(DataType::datetime(c.unit), c.raw);
    EXPECT_EQ(run_values("dt.year", t), (I64s{2024, N, 1969, 1900, 1970}));
    EXPECT_EQ(run_values("dt.month", t), (I64s{2, N, 12, 1, 1}));
    EXPECT_EQ(run_values("dt.day", t), (I64s{29, N, 31, 1, 1}));
    EXPECT_EQ(run_values("dt.weekday", t), (I64s{4, N, 3, 1, 4}));
    EXPECT_EQ(run_values("dt.ordinal_day", t), (I64s{60, N, 365, 1, 1}));
    EXPECT_EQ(run_values("dt.quarter", t), (I64s{1, N, 4, 1, 1}));
    EXPECT_EQ(run_values("dt.hour", t), (I64s{13, N, 23, 0, 0}));
    EXPECT_EQ(run_values("dt.minute", t), (I64s{45, N, 59, 0, 0}));
    EXPECT_EQ(run_values("dt.second", t), (I64s{30, N, 59, 1, 0}));
    EXPECT_EQ(run_values("dt.millisecond", t), c.millisecond);
    EXPECT_EQ(run_values("dt.microsecond", t), c.microsecond);
    EXPECT_EQ(run_values("dt.nanosecond", t), c.nanosecond);
    // T.dt.date().cast(pl.Int32) -> [19782, None, -1, -25567, 0]; T.dt.time().cast(pl.Int64)
    EXPECT_EQ(run_values("dt.date", t), (I64s{19782, N, -1, -25567, 0}));
    EXPECT_EQ(run_values("dt.time", t), c.time);
  }
}

TEST(TemporalFunctions, TimeFields) {
  // Tm = pl.Series([time(13,45,30,123456), None, time(0,0,0), time(23,59,59,999999)]) + [789,0,0,999] ns
  auto t = make(kTime, {49530123456789, N, 0, 86399999999999});
  EXPECT_EQ(run_values("dt.hour", t), (I64s{13, N, 0, 23}));
  EXPECT_EQ(run_values("dt.minute", t), (I64s{45, N, 0, 59}));
  EXPECT_EQ(run_values("dt.second", t), (I64s{30, N, 0, 59}));
  EXPECT_EQ(run_values("dt.millisecond", t), (I64s{123, N, 0, 999}));
  EXPECT_EQ(run_values("dt.microsecond", t), (I64s{123456, N, 0, 999999}));
  EXPECT_EQ(run_values("dt.nanosecond", t), (I64s{123456789, N, 0, 999999999}));
  EXPECT_EQ(run("dt.time", t), t) << "dt.time of a Time column is the column itself";
  auto d = make(kDate, kDates);
  EXPECT_EQ(run("dt.date", d), d);
}

TEST(TemporalFunctions, SubSecondFieldsBeforeTheEpochFloor) {
  // pl.Series([-1500, -1000, -1, 1500], dtype=pl.Datetime("ns")):
  // second [59, 59, 59, 0]; nanosecond [999998500, 999999000, 999999999, 1500];
  // epoch("us") [-2, -1, -1, 1]; epoch("s") [-1, -1, -1, 0]; date [-1, -1, -1, 0]
  auto t = make(DataType::datetime(TimeUnit::kNano), {-1500, -1000, -1, 1500});
  EXPECT_EQ(run_values("dt.second", t), (I64s{59, 59, 59, 0}));
  EXPECT_EQ(run_values("dt.nanosecond", t), (I64s{999998500, 999999000, 999999999, 1500}));
  EXPECT_EQ(run_values("dt.epoch", t, {str("us")}), (I64s{-2, -1, -1, 1}));
  EXPECT_EQ(run_values("dt.epoch", t, {str("s")}), (I64s{-1, -1, -1, 0}));
  EXPECT_EQ(run_values("dt.date", t), (I64s{-1, -1, -1, 0}));
}

// --- epoch and totals -------------------------------------------------------------------------

TEST(TemporalFunctions, Epoch) {
  // D.dt.epoch(unit)[:4]
  auto d = make(kDate, {19782, N, -1, -25508});
  EXPECT_EQ(run_values("dt.epoch", d, {str("s")}), (I64s{1709164800, N, -86400, -2203891200}));
  EXPECT_EQ(run_values("dt.epoch", d, {str("ms")}), (I64s{1709164800000, N, -86400000, -2203891200000}));
  EXPECT_EQ(run_values("dt.epoch", d), (I64s{1709164800000000, N, -86400000000, -2203891200000000}));
  EXPECT_EQ(run_values("dt.epoch", d, {str("ns")}), (I64s{1709164800000000000, N, -86400000000000, -2203891200000000000}));
  EXPECT_EQ(run_values("dt.epoch", d, {str("d")}), (I64s{19782, N, -1, -25508}));
  // T.dt.epoch(unit) for T in ns, us, ms
  const I64s seconds = {1709214330, N, -1, -2208988799, 0};
  const I64s days = {19782, N, -1, -25567, 0};
  auto ns = make(DataType::datetime(TimeUnit::kNano), kUnitCases[0].raw);
  EXPECT_EQ(run_values("dt.epoch", ns, {str("s")}), seconds);
  EXPECT_EQ(run_values("dt.epoch", ns, {str("ms")}), (I64s{1709214330123, N, -1, -2208988799000, 0}));
  EXPECT_EQ(run_values("dt.epoch", ns, {str("us")}), (I64s{1709214330123456, N, -1, -2208988799000000, 0}));
  EXPECT_EQ(run_values("dt.epoch", ns, {str("ns")}), kUnitCases[0].raw);
  EXPECT_EQ(run_values("dt.epoch", ns, {str("d")}), days);
  auto us = make(DataType::datetime(TimeUnit::kMicro), kUnitCases[1].raw);
  EXPECT_EQ(run_values("dt.epoch", us, {str("ns")}), (I64s{1709214330123456000, N, -1000, -2208988799000000000, 0}));
  EXPECT_EQ(run_values("dt.epoch", us, {str("s")}), seconds);
  auto ms = make(DataType::datetime(TimeUnit::kMilli), kUnitCases[2].raw);
  EXPECT_EQ(run_values("dt.epoch", ms, {str("us")}), (I64s{1709214330123000, N, -1000, -2208988799000000, 0}));
  EXPECT_EQ(run_values("dt.epoch", ms, {str("d")}), days);
  // d.dt.epoch("h") -> ValueError: `time_unit` must be one of {'ns', 'us', 'ms', 's', 'd'}
  EXPECT_THROW(run("dt.epoch", d, {str("h")}), InvalidArgument);
}

TEST(TemporalFunctions, DurationTotalsTruncateTowardZero) {
  // Du = pl.Series([90061001, None, -1500, -90000, 86399999, -86400001], dtype=pl.Duration("ms"))
  //        .cast(pl.Duration(unit)); the same totals in every unit:
  const std::pair<const char*, I64s> expected[] = {
      {"dt.total_days", {1, N, 0, 0, 0, -1}},
      {"dt.total_hours", {25, N, 0, 0, 23, -24}},
      {"dt.total_minutes", {1501, N, 0, -1, 1439, -1440}},
      {"dt.total_seconds", {90061, N, -1, -90, 86399, -86400}},
      {"dt.total_milliseconds", {90061001, N, -1500, -90000, 86399999, -86400001}},
      {"dt.total_microseconds", {90061001000, N, -1500000, -90000000, 86399999000, -86400001000}},
      {"dt.total_nanoseconds", {90061001000000, N, -1500000000, -90000000000, 86399999000000, -86400001000000}},
  };
  const I64s millis = {90061001, N, -1500, -90000, 86399999, -86400001};
  for (auto [unit, scale] : {std::pair{TimeUnit::kMilli, 1}, {TimeUnit::kMicro, 1000}, {TimeUnit::kNano, 1000000}}) {
    I64s raw;
    for (const auto& v : millis) raw.push_back(v ? std::optional<int64_t>(*v * scale) : N);
    auto du = make(DataType::duration(unit), raw);
    for (const auto& [name, want] : expected) EXPECT_EQ(run_values(name, du), want) << name << " " << time_unit_name(unit);
  }
}

// --- truncate -----------------------------------------------------------------------------------

TEST(TemporalTruncate, Dates) {
  // D = pl.Series([date(2024,2,29), None, date(1969,12,31), date(1900,3,1), date(2023,12,31),
  //                date(1970,1,1), date(1969,1,1), date(1968,5,17)]); D.dt.truncate(every).cast(pl.Int32)
  auto d = make(kDate, {19782, N, -1, -25508, 19722, 0, -365, -594});
  const std::pair<const char*, I64s> expected[] = {
      {"1d", {19782, N, -1, -25508, 19722, 0, -365, -594}},
      {"2d", {19782, N, -2, -25508, 19722, 0, -366, -594}},
      {"3d", {19782, N, -3, -25509, 19722, 0, -366, -594}},
      {"1w", {19779, N, -3, -25511, 19716, -3, -367, -598}},
      {"2w", {19772, N, -10, -25518, 19716, -10, -374, -598}},
      {"1mo", {19754, N, -31, -25508, 19692, 0, -365, -610}},
      {"2mo", {19723, N, -61, -25508, 19662, 0, -365, -610}},
      {"3mo", {19723, N, -92, -25567, 19631, 0, -365, -640}},
      {"1q", {19723, N, -92, -25567, 19631, 0, -365, -640}},
      {"1y", {19723, N, -365, -25567, 19358, 0, -365, -731}},
      {"2y", {19723, N, -731, -25567, 18993, 0, -731, -731}},
      {"1y1mo", {19389, N, -396, -25720, 19389, 0, -396, -792}},
      // Month counts that do not divide a year are aligned to 1970-01, as fixed ones to 1970-01-01.
      {"13mo", {19389, N, -396, -25720, 19389, 0, -396, -792}},
      {"5mo", {19631, N, -153, -25567, 19631, 0, -457, -610}},
      {"7mo", {19601, N, -214, -25567, 19601, 0, -426, -640}},
      {"5y", {18262, N, -1826, -25567, 18262, 0, -1826, -1826}},
      {"3y", {19723, N, -1096, -26297, 18628, 0, -1096, -1096}},
      {"7d", {19782, N, -7, -25508, 19719, 0, -371, -595}},
      {"5w", {19779, N, -31, -25511, 19709, -31, -381, -626}},
      {"25h", {19781, N, -1, -25508, 19721, 0, -365, -594}},
      {"12h", {19782, N, -1, -25508, 19722, 0, -365, -594}},
      {"1ms", {19782, N, -1, -25508, 19722, 0, -365, -594}},
  };
  for (const auto& [every, want] : expected) EXPECT_EQ(run_values("dt.truncate", d, {str(every)}), want) << every;
}

TEST(TemporalTruncate, DatetimesInEveryUnit) {
  // T = pl.Series([datetime(2024,2,29,13,45,30,123456), None, datetime(1969,12,31,23,59,59,999999),
  //                datetime(1969,12,31,1,2,3), datetime(1900,1,1,0,0,1), datetime(2024,3,31,23,59,59)],
  //               dtype=pl.Datetime("us")); T.cast(pl.Datetime(unit)).dt.truncate(every).cast(pl.Int64)
  // Results in microseconds; the other units scale them (sub-unit durations aside).
  const I64s raw_us = {1709214330123456, N, -1, -82677000000, -2208988799000000, 1711929599000000};
  const std::pair<const char*, I64s> expected_us[] = {
      {"1d", {1709164800000000, N, -86400000000, -86400000000, -2208988800000000, 1711843200000000}},
      {"1w", {1708905600000000, N, -259200000000, -259200000000, -2208988800000000, 1711324800000000}},
      {"2w", {1708300800000000, N, -864000000000, -864000000000, -2209593600000000, 1710720000000000}},
      {"1mo", {1706745600000000, N, -2678400000000, -2678400000000, -2208988800000000, 1709251200000000}},
      {"3mo", {1704067200000000, N, -7948800000000, -7948800000000, -2208988800000000, 1704067200000000}},
      {"1q", {1704067200000000, N, -7948800000000, -7948800000000, -2208988800000000, 1704067200000000}},
      {"1y", {1704067200000000, N, -31536000000000, -31536000000000, -2208988800000000, 1704067200000000}},
      {"2h", {1709208000000000, N, -7200000000, -86400000000, -2208988800000000, 1711922400000000}},
      {"15m", {1709214300000000, N, -900000000, -82800000000, -2208988800000000, 1711928700000000}},
      {"30s", {1709214330000000, N, -30000000, -82680000000, -2208988800000000, 1711929570000000}},
      {"7m", {1709213940000000, N, -420000000, -82740000000, -2208989160000000, 1711929240000000}},
      {"1d12h", {1709164800000000, N, -129600000000, -129600000000, -2209032000000000, 1711886400000000}},
  };
  auto scaled = [](const I64s& v, int64_t num, int64_t den) {
    I64s out;
    for (const auto& x : v) out.push_back(x ? std::optional<int64_t>(civil::floor_div(*x * num, den)) : N);
    return out;
  };
  for (auto [unit, num, den] : {std::tuple{TimeUnit::kMicro, 1, 1}, {TimeUnit::kMilli, 1, 1000}, {TimeUnit::kNano, 1000, 1}}) {
    SCOPED_TRACE(time_unit_name(unit));
    auto t = make(DataType::datetime(unit), scaled(raw_us, num, den));
    for (const auto& [every, want] : expected_us) {
      EXPECT_EQ(run_values("dt.truncate", t, {str(every)}), scaled(want, num, den)) << every;
    }
  }
  // Sub-unit and odd durations: "1ms", "250us", "1ns", "1500ns" per unit.
  auto us = make(DataType::datetime(TimeUnit::kMicro), raw_us);
  EXPECT_EQ(run_values("dt.truncate", us, {str("1ms")}),
            (I64s{1709214330123000, N, -1000, -82677000000, -2208988799000000, 1711929599000000}));
  EXPECT_EQ(run_values("dt.truncate", us, {str("250us")}),
            (I64s{1709214330123250, N, -250, -82677000000, -2208988799000000, 1711929599000000}));
  EXPECT_EQ(run_values("dt.truncate", us, {str("1ns")}), raw_us);
  EXPECT_EQ(run_values("dt.truncate", us, {str("1500ns")}), raw_us);
  auto ns = make(DataType::datetime(TimeUnit::kNano), scaled(raw_us, 1000, 1));
  EXPECT_EQ(run_values("dt.truncate", ns, {str("1500ns")}),
            (I64s{1709214330123456000, N, -1500, -82677000000000, -2208988799000001000, 1711929598999999500}));
  auto ms = make(DataType::datetime(TimeUnit::kMilli), scaled(raw_us, 1, 1000));
  EXPECT_EQ(run_values("dt.truncate", ms, {str("250us")}), scaled(raw_us, 1, 1000));
}

TEST(TemporalTruncate, Errors) {
  auto d = make(kDate, {0});
  auto t = make(DataType::datetime(), {0});
  auto z = make(DataType::datetime(TimeUnit::kMicro, "America/New_York"), {0});
  // d.dt.truncate("0d") -> ComputeError: duration cannot be zero
  EXPECT_THROW(run("dt.truncate", d, {str("0d")}), ComputeError);
  EXPECT_THROW(run("dt.truncate", d, {str("")}), ComputeError);
  // "-1d" -> ComputeError: cannot truncate a Date to a negative duration
  EXPECT_THROW(run("dt.truncate", d, {str("-1d")}), ComputeError);
  EXPECT_THROW(run("dt.truncate", t, {str("-1h")}), ComputeError);
  // "cannot mix month, week, day, and sub-daily units": a date with "1d1h" (a naive datetime
  // accepts it), anything with "1w1d" or "1mo12h", a zoned datetime with "1d12h".
  EXPECT_THROW(run("dt.truncate", d, {str("1d1h")}), ComputeError);
  EXPECT_THROW(run("dt.truncate", t, {str("1w1d")}), ComputeError);
  EXPECT_THROW(run("dt.truncate", t, {str("1mo12h")}), ComputeError);
  EXPECT_THROW(run("dt.truncate", z, {str("1d12h")}), ComputeError);
  // Malformed strings: InvalidOperationError in Polars.
  for (const char* bad : {"abc", "1x", "1", "1d-1h", "1d "}) {
    try {
      run("dt.truncate", t, {str(bad)});
      ADD_FAILURE() << bad;
    } catch (const InvalidArgument& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(run("dt.truncate", t, {str("999999999999999w")}), InvalidArgument);
  EXPECT_THROW(run("dt.truncate", t, {str("999999999999999d")}), InvalidArgument);
  EXPECT_THROW(run("dt.truncate", t, {}), InvalidArgument);
  EXPECT_THROW(run("dt.truncate", t, {Scalar::int64(1)}), InvalidArgument);
}

// --- time zones -------------------------------------------------------------------------------

// Z = pl.Series(utc_values, dtype=pl.Datetime("us", "UTC")).dt.convert_time_zone(zone)
struct ZoneCase {
  const char* zone;
  I64s raw;
  I64s year, month, day, hour, minute, weekday, ordinal, date, time;
  std::vector<std::pair<const char*, I64s>> truncated;
};

const ZoneCase kZoneCases[] = {
    {"America/New_York",
     // utc: 2024-11-03 05:30 and 06:30 (01:30 EDT, then 01:30 EST), 2024-03-10 06:30 and 07:30
     // (either side of the spring gap), 2024-07-04 16:00, 1969-12-31 23:00, None
     {1730611800000000, 1730615400000000, 1710052200000000, 1710055800000000, 1720108800000000, -3600000000, N},
     {2024, 2024, 2024, 2024, 2024, 1969, N},
     {11, 11, 3, 3, 7, 12, N},
     {3, 3, 10, 10, 4, 31, N},
     {1, 1, 1, 3, 12, 18, N},
     {30, 30, 30, 30, 0, 0, N},
     {7, 7, 7, 7, 4, 3, N},
     {308, 308, 70, 70, 186, 365, N},
     {20030, 20030, 19792, 19792, 19908, -1, N},
     {5400000000000, 5400000000000, 5400000000000, 12600000000000, 43200000000000, 64800000000000, N},
     {{"1h", {1730610000000000, 1730613600000000, 1710050400000000, 1710054000000000, 1720108800000000, -3600000000, N}},
      {"2h", {1730606400000000, 1730606400000000, 1710046800000000, 1710054000000000, 1720108800000000, -3600000000, N}},
      {"30m", {1730611800000000, 1730615400000000, 1710052200000000, 1710055800000000, 1720108800000000, -3600000000, N}},
      {"45m", {1730611800000000, 1730615400000000, 1710052200000000, 1710054000000000, 1720108800000000, -3600000000, N}},
      {"1d", {1730606400000000, 1730606400000000, 1710046800000000, 1710046800000000, 1720065600000000, -68400000000, N}},
      {"2d", {1730606400000000, 1730606400000000, 1710046800000000, 1710046800000000, 1720065600000000, -154800000000, N}},
      {"1w", {1730088000000000, 1730088000000000, 1709528400000000, 1709528400000000, 1719806400000000, -241200000000, N}},
      {"1mo", {1730433600000000, 1730433600000000, 1709269200000000, 1709269200000000, 1719806400000000, -2660400000000, N}},
      {"1y", {1704085200000000, 1704085200000000, 1704085200000000, 1704085200000000, 1704085200000000, -31518000000000, N}}}},
    {"Asia/Kolkata",
     {1709214330000000},
     {2024}, {2}, {29}, {19}, {15}, {4}, {60}, {19782}, {69330000000000},
     {{"1h", {1709213400000000}},
      {"2h", {1709209800000000}},
      {"30m", {1709213400000000}},
      {"45m", {1709212500000000}},
      {"1d", {1709145000000000}},
      {"1w", {1708885800000000}},
      {"1mo", {1706725800000000}},
      {"1y", {1704047400000000}}}},
    {"America/Sao_Paulo",
     // 2018-11-04 15:00 UTC: that day's midnight did not exist (clocks went 00:00 -> 01:00).
     {1541343600000000},
     {2018}, {11}, {4}, {13}, {0}, {7}, {308}, {17839}, {46800000000000},
     {{"2h", {1541340000000000}},
      {"1d", {1541300400000000}},
      {"2d", {1541214000000000}},
      {"1w", {1540782000000000}},
      {"1mo", {1541041200000000}},
      {"1y", {1514772000000000}}}},
    {"America/Havana",
     // 2024-11-03: 00:00-01:00 happens twice (CDT, then CST).
     {1730635200000000, 1730608200000000, 1730611800000000},
     {2024, 2024, 2024}, {11, 11, 11}, {3, 3, 3}, {7, 0, 0}, {0, 30, 30}, {7, 7, 7}, {308, 308, 308},
     {20030, 20030, 20030}, {25200000000000, 1800000000000, 1800000000000},
     {{"1h", {1730635200000000, 1730606400000000, 1730610000000000}},
      {"2h", {1730631600000000, 1730606400000000, 1730610000000000}},
      {"45m", {1730634300000000, 1730606400000000, 1730610000000000}},
      {"1d", {1730610000000000, 1730606400000000, 1730610000000000}},
      {"1w", {1730088000000000, 1730088000000000, 1730088000000000}},
      {"1mo", {1730433600000000, 1730433600000000, 1730433600000000}}}},
    {"Europe/Warsaw",
     // 1850 (local mean time, +1:24), and both 2024 DST changes.
     {-3773736000000000, 1711848600000000, 1729989000000000, 1729992600000000},
     {1850, 2024, 2024, 2024}, {6, 3, 10, 10}, {1, 31, 27, 27}, {13, 3, 2, 2}, {24, 30, 30, 30}, {6, 7, 7, 7},
     {152, 91, 301, 301}, {-43678, 19813, 20023, 20023},
     {48240000000000, 12600000000000, 9000000000000, 9000000000000},
     {{"1h", {-3773737440000000, 1711846800000000, 1729987200000000, 1729990800000000}},
      {"2h", {-3773741040000000, 1711846800000000, 1729987200000000, 1729990800000000}},
      {"45m", {-3773738340000000, 1711846800000000, 1729988100000000, 1729991700000000}},
      {"1d", {-3773784240000000, 1711839600000000, 1729980000000000, 1729980000000000}},
      {"2d", {-3773784240000000, 1711753200000000, 1729893600000000, 1729893600000000}},
      {"1w", {-3774216240000000, 1711321200000000, 1729461600000000, 1729461600000000}},
      {"1mo", {-3773784240000000, 1709247600000000, 1727733600000000, 1727733600000000}},
      {"1y", {-3786830640000000, 1704063600000000, 1704063600000000, 1704063600000000}}}},
};

TEST(TemporalTimeZones, FieldsUseLocalTime) {
  for (const ZoneCase& c : kZoneCases) {
    SCOPED_TRACE(c.zone);
    auto z = make(DataType::datetime(TimeUnit::kMicro, c.zone), c.raw);
    EXPECT_EQ(run_values("dt.year", z), c.year);
    EXPECT_EQ(run_values("dt.month", z), c.month);
    EXPECT_EQ(run_values("dt.day", z), c.day);
    EXPECT_EQ(run_values("dt.hour", z), c.hour);
    EXPECT_EQ(run_values("dt.minute", z), c.minute);
    EXPECT_EQ(run_values("dt.weekday", z), c.weekday);
    EXPECT_EQ(run_values("dt.ordinal_day", z), c.ordinal);
    EXPECT_EQ(run_values("dt.date", z), c.date);
    EXPECT_EQ(run_values("dt.time", z), c.time);
    EXPECT_EQ(run_values("dt.epoch", z), c.raw) << "epoch is UTC";
  }
}

TEST(TemporalTimeZones, TruncateOnTheLocalClock) {
  for (const ZoneCase& c : kZoneCases) {
    SCOPED_TRACE(c.zone);
    auto z = make(DataType::datetime(TimeUnit::kMicro, c.zone), c.raw);
    for (const auto& [every, want] : c.truncated) EXPECT_EQ(run_values("dt.truncate", z, {str(every)}), want) << every;
    // The same instants in milliseconds truncate to the same instants.
    I64s raw_ms, want_ms;
    for (const auto& v : c.raw) raw_ms.push_back(v ? std::optional<int64_t>(*v / 1000) : N);
    auto zm = make(DataType::datetime(TimeUnit::kMilli, c.zone), raw_ms);
    for (const auto& [every, want] : c.truncated) {
      I64s scaled;
      for (const auto& v : want) scaled.push_back(v ? std::optional<int64_t>(*v / 1000) : N);
      EXPECT_EQ(run_values("dt.truncate", zm, {str(every)}), scaled) << every;
    }
  }
}

TEST(TemporalTimeZones, DaylightSavingContinuesPastTheListedTransitions) {
  // TZif files list transitions to 2037; later years follow the files' POSIX rules, through
  // 2099 as Polars (chrono-tz) does. Z = pl.Series(utc, dtype=pl.Datetime("us", "UTC"))
  //   .dt.convert_time_zone(zone); Z.dt.hour(), Z.dt.minute()
  struct Case {
    const char* zone;
    I64s raw, hour, minute;
  };
  const Case cases[] = {
      // 2055-07-01 16:00; either side of 2055-03-14 07:00 and 2055-11-07 06:00 UTC
      {"America/New_York",
       {2698070400000000, 2688620340000000, 2688620400000000, 2709179940000000, 2709180000000000},
       {12, 1, 3, 1, 1},
       {0, 59, 0, 59, 0}},
      // 2060-01-01 00:00 (+11), 2060-06-01 00:00 (+10:30)
      {"Australia/Lord_Howe", {2840140800000000, 2853273600000000}, {11, 10}, {0, 30}},
      // 2050-07-01 12:00; 2050-03-26 00:30 and 2050-03-25 23:30 (rule times of -1h)
      {"America/Nuuk", {2540289600000000, 2531867400000000, 2531863800000000}, {11, 22, 21}, {0, 30, 30}},
      // 2070-01-01 00:00 and 2070-07-01 00:00 (+13:45, +12:45)
      {"Pacific/Chatham", {3155760000000000, 3171398400000000}, {13, 12}, {45, 45}},
      // 2099-07-01 12:00 still has DST; 2100-07-01 and 2200-07-01 12:00 no longer do
      {"Europe/Warsaw", {4086590400000000, 4118126400000000, 7273800000000000}, {14, 13, 13}, {0, 0, 0}},
  };
  for (const Case& c : cases) {
    auto z = make(DataType::datetime(TimeUnit::kMicro, c.zone), c.raw);
    EXPECT_EQ(run_values("dt.hour", z), c.hour) << c.zone;
    EXPECT_EQ(run_values("dt.minute", z), c.minute) << c.zone;
  }
}

TEST(TemporalTimeZones, UtcNeedsNoTzdataAndMatchesNaive) {
  // pl.Series([datetime(2024,2,29,13,45,30)], dtype=pl.Datetime("ms", "UTC")).dt.hour() -> [13]
  auto naive = make(DataType::datetime(TimeUnit::kMilli), {1709214330000, N, -1});
  auto utc = make(DataType::datetime(TimeUnit::kMilli, "UTC"), {1709214330000, N, -1});
  for (const char* name : {"dt.year", "dt.hour", "dt.minute", "dt.date", "dt.time", "dt.ordinal_day"}) {
    EXPECT_EQ(run_values(name, utc), run_values(name, naive)) << name;
  }
  EXPECT_EQ(run_values("dt.truncate", utc, {str("1d12h")}), run_values("dt.truncate", naive, {str("1d12h")}));
  EXPECT_TRUE(TimeZone::find("UTC")->is_utc());
}

TEST(TemporalTimeZones, UnknownZoneIsNamed) {
  // pl.Series([1], dtype=pl.Datetime("us", "Mars/Olympus")) -> ComputeError: unable to parse time zone
  auto z = make(DataType::datetime(TimeUnit::kMicro, "Mars/Olympus"), {0});
  try {
    run("dt.hour", z);
    ADD_FAILURE() << "no error";
  } catch (const InvalidOperation& e) {
    EXPECT_NE(std::string(e.what()).find("'Mars/Olympus'"), std::string::npos) << e.what();
  }
  // resolve already rejects it, before any data is read.
  const DataType type = z->type();
  EXPECT_THROW(FunctionRegistry::global().get("dt.year").resolve(std::span<const DataType>(&type, 1), {}),
               InvalidOperation);
}

}  // namespace
}  // namespace floe::compute
