// Branch-free civil calendar fields of day counts, for the ".dt" field kernels: year, month,
// day and day of year in one step, in unsigned 32-bit arithmetic the compiler can vectorize.
#pragma once

#include <cstdint>

namespace floe::compute::calendar {

/// The civil (proleptic Gregorian) date of a day count since 1970-01-01.
struct Civil {
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

/// Neri and Schneider's Euclidean affine algorithm ("Euclidean affine functions and their
/// application to calendar algorithms", 2022), on a calendar whose years start on March 1.
constexpr Civil civil_of(int32_t days) {
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
  return {static_cast<int32_t>(year) - static_cast<int32_t>(400 * kEraShift),
          jan_or_feb ? month - 12 : month, day + 1, ordinal};
}

/// ISO weekday: Monday 1 .. Sunday 7 (1970-01-01 was a Thursday).
constexpr int32_t weekday_of(int32_t days) {
  // days + 2^31 as an unsigned number, which is 2 (mod 7) more than days; unsigned 32-bit
  // remainders by a constant vectorize.
  const uint32_t shifted = static_cast<uint32_t>(days) ^ 0x80000000u;
  return static_cast<int32_t>((shifted % 7 + 1) % 7) + 1;
}

}  // namespace floe::compute::calendar
