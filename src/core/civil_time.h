// Civil (proleptic Gregorian) calendar arithmetic on day counts since 1970-01-01: dates to day
// counts and back, floor division for ticks before the epoch, and the branch-free date fields
// the ".dt" kernels vectorize.
#pragma once

#include <cstdint>

namespace floe::civil {

/// Floor division (toward negative infinity), for splitting ticks before the epoch.
constexpr int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

/// The remainder that goes with floor_div: in [0, b) for b > 0. It cannot overflow, whatever `a`
/// holds (including garbage under a null slot).
constexpr int64_t floor_mod(int64_t a, int64_t b) {
  const int64_t r = a % b;
  return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
}

struct YearMonthDay {
  int64_t year;    // year 0 is 1 BC
  uint32_t month;  // 1..12
  uint32_t day;    // 1..31
};

/// The date `days` after 1970-01-01 (negative: before), by Howard Hinnant's algorithm. Exact for
/// every day count whose year fits in int64.
constexpr YearMonthDay civil_from_days(int64_t days) {
  // Shift the epoch to 0000-03-01 so leap days fall at the end of each 400-year era.
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                      // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                    // [0, 11]
  const auto day = static_cast<uint32_t>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<uint32_t>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2), month, day};
}

/// Days from 1970-01-01 to year-month-day (the inverse of civil_from_days).
constexpr int64_t days_from_civil(int64_t year, uint32_t month, uint32_t day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;
  const int64_t mp = month > 2 ? month - 3 : month + 9;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr bool is_leap_year(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

constexpr uint32_t days_in_month(int64_t year, uint32_t month) {
  constexpr uint8_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

/// Day of the week of a day count, 0 = Sunday (1970-01-01 was a Thursday).
constexpr int weekday_from_days(int64_t days) { return static_cast<int>(floor_mod(days, 7) + 4) % 7; }

/// Year, month, day and day of year of a day count at once, for the field kernels.
struct DateFields {
  int32_t year;
  uint32_t month;    // 1..12
  uint32_t day;      // 1..31
  uint32_t ordinal;  // 1..366
};

// Days are shifted by 700 eras of 400 years so that every date from about year -280000 to year
// +2600000 (beyond chrono's range, which Polars uses) is a non-negative count; outside that the
// fields are wrong but nothing overflows, which keeps garbage under null slots harmless.
inline constexpr uint32_t kEraShift = 700;
inline constexpr uint32_t kDayShift = 719468 + 146097 * kEraShift;

/// The fields of a day count by Neri and Schneider's Euclidean affine algorithm ("Euclidean
/// affine functions and their application to calendar algorithms", 2022), on a calendar whose
/// years start on March 1: branch-free unsigned 32-bit arithmetic the compiler can vectorize.
constexpr DateFields date_fields(int32_t days) {
  const uint32_t n = static_cast<uint32_t>(days) + kDayShift;
  const uint32_t n1 = 4 * n + 3;
  const uint32_t century = n1 / 146097;
  const uint32_t day_of_century = n1 % 146097 / 4;
  const uint32_t n2 = 4 * day_of_century + 3;
  const uint64_t p2 = uint64_t{2939745} * n2;
  const uint32_t year_of_century = static_cast<uint32_t>(p2 >> 32);
  const uint32_t day_of_year = static_cast<uint32_t>(p2) / 2939745 / 4;  // 0 is March 1
  const uint32_t n3 = 2141 * day_of_year + 197913;
  const uint32_t month = n3 >> 16;  // 3..14
  const uint32_t day = (n3 & 0xFFFF) / 2141;
  const uint32_t jan_or_feb = day_of_year >= 306;
  const uint32_t year = 100 * century + year_of_century + jan_or_feb;
  const uint32_t leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0));
  const uint32_t ordinal = jan_or_feb ? day_of_year - 305 : day_of_year + 60 + leap;
  return {static_cast<int32_t>(year) - static_cast<int32_t>(400 * kEraShift), jan_or_feb ? month - 12 : month,
          day + 1, ordinal};
}

/// ISO weekday: Monday 1 .. Sunday 7, for the field kernels.
constexpr int32_t iso_weekday(int32_t days) {
  // days + 2^31 as an unsigned number, which is 2 (mod 7) more than days; unsigned 32-bit
  // remainders by a constant vectorize.
  const uint32_t shifted = static_cast<uint32_t>(days) ^ 0x80000000u;
  return static_cast<int32_t>((shifted % 7 + 1) % 7) + 1;
}

static_assert(civil_from_days(0).year == 1970 && civil_from_days(0).month == 1 && civil_from_days(0).day == 1);
static_assert(civil_from_days(-1).year == 1969 && civil_from_days(-1).day == 31);
static_assert(days_from_civil(2024, 1, 31) == 19753);
static_assert(weekday_from_days(0) == 4 && weekday_from_days(-1) == 3 && weekday_from_days(-4) == 0);
static_assert(date_fields(19753).ordinal == 31 && iso_weekday(0) == 4 && iso_weekday(-4) == 7);

}  // namespace floe::civil
