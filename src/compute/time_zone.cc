// Loading time zones from the system tzdata into offset tables, and local-to-UTC resolution.
#include "compute/time_zone.h"

#include <date/tz.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>

#include "compute/posix_tz_rule.h"
#include "core/civil_time.h"
#include "core/error.h"

namespace floe::compute {

namespace {

/// The POSIX TZ rule at the end of a version 2+ TZif file ("EST5EDT,M3.2.0,M11.1.0"), which
/// gives the offsets after the file's last listed transition (2037 in Debian's tzdata).
std::optional<PosixTzRule> footer_rule(const std::string& zone_name) {
  std::ifstream file("/usr/share/zoneinfo/" + zone_name, std::ios::binary);
  if (!file) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (bytes.size() < 6 || bytes.compare(0, 4, "TZif") != 0 || bytes[4] < '2' || bytes.back() != '\n') {
    return std::nullopt;
  }
  const size_t open = bytes.rfind('\n', bytes.size() - 2);
  if (open == std::string::npos) return std::nullopt;
  return PosixTzRule::parse(std::string_view(bytes).substr(open + 1, bytes.size() - open - 2));
}

/// The date library reads only the listed transitions of the system's TZif files (to 2037)
/// and holds the last offset forever; continue daylight saving past them from the file's
/// footer rule. Polars' time zones (chrono-tz) list transitions up to the year 2099 and keep
/// the last offset after that, so the rule is followed through 2099 too, and no further.
void extend_with_rule(const std::string& zone_name, std::vector<int64_t>& starts, std::vector<int32_t>& offsets) {
  if (starts.size() < 2) return;
  auto rule = footer_rule(zone_name);
  if (!rule || !rule->has_dst) return;
  constexpr int32_t kLastYear = 2099;
  const int32_t first_year = civil::civil_from_days(static_cast<int32_t>(civil::floor_div(starts.back(), 86400))).year;
  for (int32_t year = first_year; year <= kLastYear; ++year) {
    for (const auto& [at, offset] : rule->transitions(year)) {
      if (at <= starts.back() || offset == offsets.back()) continue;
      starts.push_back(at);
      offsets.push_back(offset);
    }
  }
}

std::shared_ptr<const TimeZone> load(const std::string& name) {
  if (name.empty() || name == "UTC") {
    return std::make_shared<const TimeZone>(name, std::vector<int64_t>{INT64_MIN}, std::vector<int32_t>{0});
  }
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(name);
  } catch (const std::exception& e) {
    throw InvalidOperation(fmt::format("unknown time zone '{}': not in the system's IANA tzdata ({})", name, e.what()));
  }
  std::vector<int64_t> starts{INT64_MIN};
  std::vector<int32_t> offsets;
  // Walk the zone's intervals from before any recorded history to the far future; adjacent
  // intervals with the same total offset (e.g. a change of abbreviation only) are merged.
  constexpr int64_t kFirst = -400'000'000'000;  // about year -10700
  constexpr int64_t kLast = 400'000'000'000;    // about year 14600
  auto info = zone->get_info(date::sys_seconds{std::chrono::seconds{kFirst}});
  offsets.push_back(static_cast<int32_t>(info.offset.count()));
  for (;;) {
    const int64_t end = info.end.time_since_epoch().count();
    if (end >= kLast) break;
    info = zone->get_info(info.end);
    const auto offset = static_cast<int32_t>(info.offset.count());
    if (offset == offsets.back()) continue;
    starts.push_back(end);
    offsets.push_back(offset);
  }
  extend_with_rule(zone->name(), starts, offsets);
  return std::make_shared<const TimeZone>(name, std::move(starts), std::move(offsets));
}

}  // namespace

TimeZone::TimeZone(std::string name, std::vector<int64_t> starts, std::vector<int32_t> offsets)
    : name_(std::move(name)), starts_(std::move(starts)), offsets_(std::move(offsets)) {
  FLOE_CHECK(!starts_.empty() && starts_.size() == offsets_.size(), "malformed time zone table for '{}'", name_);
  starts_[0] = INT64_MIN;
  if (starts_.size() < 3 || starts_.size() > UINT16_MAX) return;
  bucket_base_ = starts_[1];
  const int64_t span = starts_.back() - bucket_base_;
  if (span >> kBucketShift >= (int64_t{1} << 22)) return;  // an absurd table: binary search only
  buckets_.resize(static_cast<size_t>(span >> kBucketShift) + 1);
  size_t interval = 1;
  for (size_t k = 0; k < buckets_.size(); ++k) {
    const int64_t at = bucket_base_ + (static_cast<int64_t>(k) << kBucketShift);
    while (interval + 1 < starts_.size() && starts_[interval + 1] <= at) ++interval;
    buckets_[k] = static_cast<uint16_t>(interval);
  }
}

std::shared_ptr<const TimeZone> TimeZone::find(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const TimeZone>> zones;
  std::lock_guard lock(mutex);
  auto it = zones.find(name);
  if (it != zones.end()) return it->second;
  auto zone = load(name);
  zones.emplace(name, zone);
  return zone;
}

size_t TimeZone::search(int64_t s) const {
  if (!buckets_.empty()) {
    if (s < bucket_base_) return 0;
    if (s >= starts_.back()) return starts_.size() - 1;
    size_t i = buckets_[static_cast<size_t>((s - bucket_base_) >> kBucketShift)];
    while (starts_[i + 1] <= s) ++i;
    return i;
  }
  auto it = std::upper_bound(starts_.begin(), starts_.end(), s);
  return static_cast<size_t>(it - starts_.begin()) - 1;
}

TimeZone::LocalResult TimeZone::from_local(int64_t local) const {
  // The interval whose local wall-clock start is the last one at or before `local`. Local
  // starts increase with UTC starts (offsets change by far less than the gaps between
  // transitions), so a binary search over UTC starts shifted by their offsets finds it.
  size_t lo = 0, hi = starts_.size();
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (starts_[mid] + offsets_[mid] <= local) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const size_t k = lo;
  auto holds = [&](size_t i) {
    const int64_t utc = local - offsets_[i];
    return utc >= starts_[i] && utc < end(i);
  };
  const bool in_k = holds(k);
  const bool in_prev = k > 0 && holds(k - 1);
  if (in_k && in_prev) {
    const int64_t a = local - offsets_[k - 1], b = local - offsets_[k];
    return {LocalResult::kAmbiguous, std::min(a, b), std::max(a, b)};
  }
  if (in_k) return {LocalResult::kUnique, local - offsets_[k], local - offsets_[k]};
  if (in_prev) return {LocalResult::kUnique, local - offsets_[k - 1], local - offsets_[k - 1]};
  // A wall time skipped by a forward jump.
  const int64_t jump = end(k);
  const int64_t after = k + 1 < starts_.size() ? local - offsets_[k + 1] : jump;
  return {LocalResult::kNonexistent, std::min(after, jump), jump};
}

}  // namespace floe::compute
