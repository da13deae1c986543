// Reading TZif zoneinfo files into offset tables, and local-to-UTC resolution.
#include "core/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

#include "core/civil_time.h"
#include "core/error.h"
#include "core/posix_tz_rule.h"

namespace floe {

namespace {

int64_t read_be(const std::string& s, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int k = 0; k < bytes; ++k) v = (v << 8) | static_cast<uint8_t>(s[pos + static_cast<size_t>(k)]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

// A zone name must stay inside the zoneinfo directory.
bool is_safe_zone_name(const std::string& name) {
  if (name.empty() || name[0] == '/' || name.size() > 255) return false;
  if (name.find("..") != std::string::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
  });
}

/// A zone's intervals as they are gathered; a change of neither offset nor abbreviation is
/// dropped.
struct Intervals {
  std::vector<int64_t> starts{INT64_MIN};
  std::vector<int32_t> offsets;
  std::vector<std::string> abbreviations;

  void add(int64_t at, int32_t offset, const std::string& abbreviation) {
    if (at <= starts.back() || (offset == offsets.back() && abbreviation == abbreviations.back())) return;
    starts.push_back(at);
    offsets.push_back(offset);
    abbreviations.push_back(abbreviation);
  }
};

/// Continues daylight saving past the last listed transition (`last_listed`, UTC seconds) by the
/// file's footer rule, through 2099 as chrono-tz (which Polars uses) does, and no further. A
/// file that lists no transitions follows its rule throughout, from 1800 on for daylight saving.
void extend_with_rule(const PosixTzRule& rule, std::optional<int64_t> last_listed, Intervals& zone) {
  if (!last_listed) {
    zone.offsets[0] = rule.std_offset;
    zone.abbreviations[0] = rule.std_abbreviation;
  }
  if (!rule.has_dst) return;
  constexpr int64_t kFirstYear = 1800;
  constexpr int64_t kLastYear = 2099;
  const int64_t last_year = last_listed ? civil::civil_from_days(civil::floor_div(*last_listed, 86400)).year : kFirstYear;
  for (auto year = static_cast<int32_t>(std::clamp(last_year, kFirstYear, kLastYear + 1)); year <= kLastYear; ++year) {
    for (const auto& [at, offset] : rule.transitions(year)) {
      // Offsets tell daylight from standard time (a rule whose two offsets are equal changes
      // nothing that matters, and shows the daylight abbreviation).
      zone.add(at, offset, offset == rule.dst_offset ? rule.dst_abbreviation : rule.std_abbreviation);
    }
  }
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::parse(const std::string& name, const std::string& data) {
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return nullptr;
  struct LocalType {
    int32_t utc_offset;
    std::string abbreviation;
  };
  std::vector<int64_t> transitions;
  std::vector<uint8_t> transition_types;
  std::vector<LocalType> types;
  size_t pos = 0;
  int time_bytes = 4;
  const bool v2 = data[4] >= '2';
  for (int pass = 0; pass < (v2 ? 2 : 1); ++pass) {
    if (pos + 44 > data.size() || data.compare(pos, 4, "TZif") != 0) return nullptr;
    int64_t isutcnt = read_be(data, pos + 20, 4), isstdcnt = read_be(data, pos + 24, 4);
    int64_t leapcnt = read_be(data, pos + 28, 4), timecnt = read_be(data, pos + 32, 4);
    int64_t typecnt = read_be(data, pos + 36, 4), charcnt = read_be(data, pos + 40, 4);
    if (isutcnt < 0 || isstdcnt < 0 || leapcnt < 0 || timecnt < 0 || typecnt <= 0 || charcnt < 0) return nullptr;
    pos += 44;
    size_t block = static_cast<size_t>(timecnt * time_bytes + timecnt + typecnt * 6 + charcnt +
                                       leapcnt * (time_bytes + 4) + isstdcnt + isutcnt);
    if (pos + block > data.size()) return nullptr;
    if (pass + 1 < (v2 ? 2 : 1)) {
      // Skip the 32-bit block; the 64-bit one that follows covers all instants.
      pos += block;
      time_bytes = 8;
      continue;
    }
    transitions.resize(static_cast<size_t>(timecnt));
    transition_types.resize(static_cast<size_t>(timecnt));
    for (int64_t k = 0; k < timecnt; ++k) {
      transitions[static_cast<size_t>(k)] = read_be(data, pos + static_cast<size_t>(k * time_bytes), time_bytes);
    }
    pos += static_cast<size_t>(timecnt * time_bytes);
    for (int64_t k = 0; k < timecnt; ++k) {
      uint8_t type = static_cast<uint8_t>(data[pos + static_cast<size_t>(k)]);
      if (type >= typecnt) return nullptr;
      transition_types[static_cast<size_t>(k)] = type;
    }
    pos += static_cast<size_t>(timecnt);
    size_t types_at = pos;
    size_t chars_at = pos + static_cast<size_t>(typecnt * 6);
    std::string chars = data.substr(chars_at, static_cast<size_t>(charcnt));
    for (int64_t k = 0; k < typecnt; ++k) {
      size_t at = types_at + static_cast<size_t>(k * 6);
      LocalType type{static_cast<int32_t>(read_be(data, at, 4)), {}};
      size_t index = static_cast<uint8_t>(data[at + 5]);
      if (index < chars.size()) type.abbreviation = std::string(chars.c_str() + index);
      types.push_back(std::move(type));
    }
    pos += block - static_cast<size_t>(timecnt * time_bytes + timecnt);
  }
  // Local time type 0 holds before the first transition.
  Intervals zone;
  zone.offsets.push_back(types[0].utc_offset);
  zone.abbreviations.push_back(types[0].abbreviation);
  for (size_t k = 0; k < transitions.size(); ++k) {
    const LocalType& type = types[transition_types[k]];
    zone.add(transitions[k], type.utc_offset, type.abbreviation);
  }
  // Version 2+ files end with the POSIX rule for the instants after the last transition.
  if (v2 && pos < data.size() && data[pos] == '\n') {
    size_t end = data.find('\n', pos + 1);
    if (end != std::string::npos && end > pos + 1) {
      if (auto rule = PosixTzRule::parse(std::string_view(data).substr(pos + 1, end - pos - 1))) {
        extend_with_rule(*rule, transitions.empty() ? std::nullopt : std::optional(transitions.back()), zone);
      }
    }
  }
  return std::make_shared<const TimeZone>(name, std::move(zone.starts), std::move(zone.offsets),
                                          std::move(zone.abbreviations));
}

TimeZone::TimeZone(std::string name, std::vector<int64_t> starts, std::vector<int32_t> offsets,
                   std::vector<std::string> abbreviations)
    : name_(std::move(name)),
      starts_(std::move(starts)),
      offsets_(std::move(offsets)),
      abbreviations_(std::move(abbreviations)) {
  FLOE_CHECK(!starts_.empty() && starts_.size() == offsets_.size(), "malformed time zone table for '{}'", name_);
  abbreviations_.resize(starts_.size());
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
  static std::map<std::string, std::shared_ptr<const TimeZone>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::shared_ptr<const TimeZone> tz;
  if (name == "UTC") {
    tz = std::make_shared<const TimeZone>(name, std::vector<int64_t>{INT64_MIN}, std::vector<int32_t>{0},
                                          std::vector<std::string>{"UTC"});
  } else if (is_safe_zone_name(name)) {
    const char* dir = std::getenv("TZDIR");
    std::string base = dir && *dir ? dir : "/usr/share/zoneinfo";
    std::ifstream in(base + "/" + name, std::ios::binary);
    if (in) {
      std::ostringstream bytes;
      bytes << in.rdbuf();
      tz = parse(name, bytes.str());
    }
  }
  cache.emplace(name, tz);
  return tz;
}

std::shared_ptr<const TimeZone> TimeZone::find_or_throw(const std::string& name) {
  auto zone = find(name);
  FLOE_USER_CHECK(zone != nullptr, InvalidOperation, "unknown time zone '{}': not in the system's IANA tzdata", name);
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

}  // namespace floe
