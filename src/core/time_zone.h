// IANA time zones read from the system's zoneinfo files into flat tables of UTC offsets, for
// converting between UTC and local time in kernels (no library call per row) and for printing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace floe {

/// One IANA zone ("Europe/Warsaw", "UTC"), loaded once from its TZif file under $TZDIR or
/// /usr/share/zoneinfo and shared. Its history is a table of intervals: interval i runs from
/// `start(i)` (UTC seconds; the first starts at -inf) to `end(i)`, with one UTC offset and
/// abbreviation. Past the file's last listed transition (2037 in Debian's tzdata) the zone
/// follows the file's POSIX TZ footer ("CET-1CEST,M3.5.0,M10.5.0/3") through 2099 and keeps the
/// last offset of 2099 after that, as chrono-tz (and so Polars) does.
///
/// "UTC" is the zero-offset zone and needs no zoneinfo.
class TimeZone {
 public:
  /// The zone called `name`, or null when there is no such zone (or no zoneinfo). Zones are
  /// loaded once and cached; safe to call from any thread.
  static std::shared_ptr<const TimeZone> find(const std::string& name);

  /// Like find, but throws InvalidOperation naming the zone when it is unknown.
  static std::shared_ptr<const TimeZone> find_or_throw(const std::string& name);

  /// Parses a TZif file's contents. Returns null when they are not a TZif file.
  static std::shared_ptr<const TimeZone> parse(const std::string& name, const std::string& tzif);

  /// A zone with explicit intervals, for tests: offsets[i] (and abbreviations[i], empty when not
  /// given) apply from starts[i] on; starts[0] is ignored and taken as -inf.
  TimeZone(std::string name, std::vector<int64_t> starts, std::vector<int32_t> offsets,
           std::vector<std::string> abbreviations = {});

  const std::string& name() const { return name_; }
  bool is_utc() const { return starts_.size() <= 1 && offsets_[0] == 0; }

  /// Index of the interval holding UTC second `s`; `hint` (a previous answer) makes runs of
  /// nearby values O(1).
  size_t interval_of(int64_t s, size_t hint) const {
    if (hint < starts_.size() && starts_[hint] <= s && (hint + 1 == starts_.size() || s < starts_[hint + 1])) {
      return hint;
    }
    return search(s);
  }
  /// UTC offset of `interval` in seconds east of UTC.
  int32_t offset(size_t interval) const { return offsets_[interval]; }
  /// Abbreviation of `interval`: "CET", "EST", "+04".
  const std::string& abbreviation(size_t interval) const { return abbreviations_[interval]; }
  /// First UTC second of `interval` and of the one after it (INT64_MAX past the last).
  int64_t start(size_t interval) const { return starts_[interval]; }
  int64_t end(size_t interval) const { return interval + 1 < starts_.size() ? starts_[interval + 1] : INT64_MAX; }

  /// Offset in seconds at UTC second `s`.
  int32_t offset_at(int64_t s) const { return offsets_[search(s)]; }
  /// Abbreviation in force at UTC second `s`.
  const std::string& abbreviation_at(int64_t s) const { return abbreviations_[search(s)]; }

  /// How a local wall-clock second maps back to UTC.
  struct LocalResult {
    enum Kind { kUnique, kAmbiguous, kNonexistent } kind;
    // UTC seconds. Unique: both the same. Ambiguous: the two readings. Nonexistent (in a gap
    // of a forward jump): `earliest` reads the wall time with the offset after the jump,
    // `latest` is the instant of the jump.
    int64_t earliest;
    int64_t latest;
  };
  LocalResult from_local(int64_t local_seconds) const;

 private:
  size_t search(int64_t s) const;

  std::string name_;
  std::vector<int64_t> starts_;
  std::vector<int32_t> offsets_;
  std::vector<std::string> abbreviations_;
  // A direct index over the span of recorded transitions: bucket k (2^kBucketShift seconds
  // from `bucket_base_`) holds the interval in force at its start, so a lookup is one load and
  // rarely a step forward instead of a binary search.
  static constexpr int kBucketShift = 18;  // about 3 days, shorter than nearly all intervals
  int64_t bucket_base_ = 0;
  std::vector<uint16_t> buckets_;
};

}  // namespace floe
