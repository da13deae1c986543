// Tests of the civil calendar arithmetic: the day-count conversions and the vectorizable fields
// the ".dt" kernels use must agree everywhere.
#include "core/civil_time.h"

#include <gtest/gtest.h>

namespace floe::civil {
namespace {

TEST(CivilTime, RoundTrips) {
  for (int64_t days = -800000; days <= 800000; days += 7) {
    YearMonthDay d = civil_from_days(days);
    ASSERT_EQ(days_from_civil(d.year, d.month, d.day), days);
    ASSERT_GE(d.day, 1u);
    ASSERT_LE(d.day, days_in_month(d.year, d.month));
  }
  EXPECT_EQ(weekday_from_days(days_from_civil(2024, 1, 31)), 3);  // a Wednesday
}

TEST(CivilTime, FieldsAgreeWithCivilConversion) {
  // Every day from year -2700 to 7500, against the reference days <-> civil conversion.
  for (int32_t d = -1'700'000; d <= 2'000'000; ++d) {
    const DateFields c = date_fields(d);
    const YearMonthDay ref = civil_from_days(d);
    ASSERT_EQ(c.year, ref.year) << d;
    ASSERT_EQ(c.month, ref.month) << d;
    ASSERT_EQ(c.day, ref.day) << d;
    ASSERT_EQ(static_cast<int32_t>(c.ordinal), d - days_from_civil(ref.year, 1, 1) + 1) << d;
    ASSERT_EQ(iso_weekday(d), floor_mod(d + 3, 7) + 1) << d;
  }
  for (int32_t d : {INT32_MIN, INT32_MAX}) EXPECT_EQ(iso_weekday(d), floor_mod(int64_t{d} + 3, 7) + 1);
  EXPECT_EQ(iso_weekday(0), 4);   // Thursday 1970-01-01
  EXPECT_EQ(iso_weekday(-3), 1);  // Monday 1969-12-29
  EXPECT_EQ(iso_weekday(-4), 7);
}

TEST(CivilTime, FloorDivisionAndRemainder) {
  EXPECT_EQ(floor_div(-1, 86400), -1);
  EXPECT_EQ(floor_mod(-1, 86400), 86399);
  EXPECT_EQ(floor_div(7, -2), -4);
  EXPECT_EQ(floor_mod(7, -2), -1);
  // The remainder of any value, even near the int64 limits, stays in range.
  EXPECT_EQ(floor_mod(INT64_MIN, 86400), 30592);  // Python: (-2**63) % 86400
  EXPECT_EQ(floor_mod(INT64_MAX, 7), 0);
}

}  // namespace
}  // namespace floe::civil
