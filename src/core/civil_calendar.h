// Proleptic Gregorian calendar arithmetic on day counts since 1970-01-01 (Hinnant's algorithms).
#pragma once

#include <cstdint>

namespace floe {

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

/// The date `days` after 1970-01-01 (negative: before). Exact for every int64 day count whose
/// year fits in int64, including dates before year 1 (year 0 is 1 BC).
constexpr CivilDate civil_from_days(int64_t days) {
  // Shift the epoch to 0000-03-01 so leap days fall at the end of each 400-year era.
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                   // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);              // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                  // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2), month, day};
}

/// Days from 1970-01-01 to year-month-day (the inverse of civil_from_days).
constexpr int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;
  const int64_t mp = month > 2 ? month - 3 : month + 9;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

constexpr bool is_leap_year(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

constexpr int days_in_month(int64_t year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

/// Floor division and the matching non-negative remainder, for splitting timestamps.
constexpr int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
constexpr int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

/// Day of the week of a day count, 0 = Sunday (1970-01-01 was a Thursday).
constexpr int weekday_from_days(int64_t days) { return static_cast<int>(floor_mod(days, 7) + 4) % 7; }

static_assert(civil_from_days(0).year == 1970 && civil_from_days(0).month == 1 && civil_from_days(0).day == 1);
static_assert(civil_from_days(-1).year == 1969 && civil_from_days(-1).day == 31);
static_assert(days_from_civil(2024, 1, 31) == 19753);
static_assert(weekday_from_days(0) == 4 && weekday_from_days(-1) == 3 && weekday_from_days(-4) == 0);

}  // namespace floe
