// IANA time zones read from the system's zoneinfo files, for showing datetimes in local time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace floe {

/// One IANA zone ("Europe/Warsaw", "UTC"), loaded from a TZif file under $TZDIR or
/// /usr/share/zoneinfo. Instants past the file's last transition follow its POSIX TZ footer
/// ("CET-1CEST,M3.5.0,M10.5.0/3") up to the end of 2099, and the last offset of 2099 after
/// that, as chrono-tz (and so Polars) does.
class TimeZone {
 public:
  /// The UTC offset and abbreviation ("CET", "EST", "+04") in force at one instant.
  struct Offset {
    int32_t utc_offset = 0;  // seconds east of UTC
    std::string abbreviation;
  };

  /// The zone named `name`, or null when there is no such zone (or no zoneinfo). Zones are
  /// loaded once and cached; safe to call from any thread.
  static std::shared_ptr<const TimeZone> find(const std::string& name);

  /// Parses a TZif file's contents. Returns null when they are not a TZif file.
  static std::shared_ptr<const TimeZone> parse(const std::string& name, const std::string& tzif);

  const std::string& name() const { return name_; }

  /// The offset in force at `utc_seconds` (seconds since 1970-01-01 00:00:00 UTC).
  Offset offset_at(int64_t utc_seconds) const;

 private:
  struct LocalType {
    int32_t utc_offset;
    bool is_dst;
    std::string abbreviation;
  };
  /// A POSIX TZ rule: standard time, and optionally daylight time between two yearly dates.
  struct Rule {
    LocalType standard;
    LocalType daylight;
    bool has_daylight = false;
    struct When {
      char kind = 'M';  // 'M': month/week/weekday, 'J': day 1..365 without Feb 29, 'D': day 0..365
      int month = 0, week = 0, weekday = 0, day = 0;
      int32_t time = 7200;  // seconds after local midnight
    };
    When start, end;
  };

  static bool parse_rule(const std::string& text, Rule& rule);
  Offset rule_offset_at(int64_t utc_seconds) const;

  std::string name_;
  std::vector<int64_t> transitions_;      // instants, ascending
  std::vector<uint8_t> transition_types_;  // index into types_ for each transition
  std::vector<LocalType> types_;
  bool has_rule_ = false;
  Rule rule_;
};

}  // namespace floe
