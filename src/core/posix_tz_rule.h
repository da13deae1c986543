// POSIX TZ rule strings ("CET-1CEST,M3.5.0,M10.5.0/3"), as TZif files end with: parsing and
// the transitions they repeat each year after a zone's last listed transition.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace floe {

/// A zone's rule for the years past its listed transitions: a standard offset and, when the
/// zone observes daylight saving, a DST offset with the yearly dates it starts and ends.
/// Offsets are seconds east of UTC (the POSIX string counts west; this is already flipped).
struct PosixTzRule {
  struct Date {
    enum Kind { kMonthWeekDay, kJulianNoLeap, kZeroBasedDay } kind = kMonthWeekDay;
    int month = 0, week = 0, weekday = 0;  // kMonthWeekDay: week 5 is the last
    int day = 0;                           // kJulianNoLeap 1..365, kZeroBasedDay 0..365
    int64_t time = 7200;                   // seconds after local midnight, may be negative or > 24h
  };

  int32_t std_offset = 0;
  std::string std_abbreviation;  // "CET", "+04" (without the angle brackets)
  bool has_dst = false;
  int32_t dst_offset = 0;
  std::string dst_abbreviation;
  Date dst_start, dst_end;

  /// Parses the rule, or nullopt when it is malformed (the caller then does without it). A
  /// rule with daylight saving must give its dates, as TZif footers always do.
  static std::optional<PosixTzRule> parse(std::string_view text);

  /// The offset changes the rule makes during `year`, as (UTC second, new offset) pairs in time
  /// order; empty for a zone without DST.
  std::vector<std::pair<int64_t, int32_t>> transitions(int32_t year) const;
};

}  // namespace floe
