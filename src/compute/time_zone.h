// IANA time zones as flat tables of UTC offsets, for converting between UTC and local time in
// temporal kernels without a library call per row.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace floe::compute {

/// The UTC offsets of one time zone over all of history, loaded once from the system's tzdata
/// (through Howard Hinnant's date library, with daylight saving continued past the listed
/// transitions by the zone's POSIX rule) and shared. Interval i runs from `starts_[i]` (UTC
/// seconds) to the next start, with offset `offsets_[i]` seconds; the first starts at -inf.
///
/// "UTC" (and an empty name) is the zero-offset zone and needs no tzdata.
class TimeZone {
 public:
  /// The zone called `name`; throws InvalidOperation naming it when tzdata does not know it.
  static std::shared_ptr<const TimeZone> find(const std::string& name);

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
  int32_t offset(size_t interval) const { return offsets_[interval]; }
  /// First UTC second of `interval` and of the one after it (INT64_MAX past the last).
  int64_t start(size_t interval) const { return starts_[interval]; }
  int64_t end(size_t interval) const { return interval + 1 < starts_.size() ? starts_[interval + 1] : INT64_MAX; }

  /// Offset in seconds at UTC second `s`.
  int32_t offset_at(int64_t s) const { return offsets_[search(s)]; }

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

  /// A zone with explicit transitions, for tests: offsets[i] applies from starts[i] on
  /// (starts[0] is ignored and taken as -inf).
  TimeZone(std::string name, std::vector<int64_t> starts, std::vector<int32_t> offsets);

 private:
  size_t search(int64_t s) const;

  std::string name_;
  std::vector<int64_t> starts_;
  std::vector<int32_t> offsets_;
  // A direct index over the span of recorded transitions: bucket k (2^kBucketShift seconds
  // from `bucket_base_`) holds the interval in force at its start, so a lookup is one load and
  // rarely a step forward instead of a binary search.
  static constexpr int kBucketShift = 18;  // about 3 days, shorter than nearly all intervals
  int64_t bucket_base_ = 0;
  std::vector<uint16_t> buckets_;
};

}  // namespace floe::compute
