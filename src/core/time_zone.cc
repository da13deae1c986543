// Reading TZif zoneinfo files and POSIX TZ rules.
#include "core/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "core/civil_calendar.h"

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

// POSIX TZ pieces: a name ("CET" or "<+04>"), an offset or time ("-1", "2:00:00", "-10:30").
bool parse_tz_name(const std::string& s, size_t& pos, std::string& out) {
  if (pos < s.size() && s[pos] == '<') {
    size_t close = s.find('>', pos);
    if (close == std::string::npos) return false;
    out = s.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    return !out.empty();
  }
  size_t start = pos;
  while (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos]))) ++pos;
  out = s.substr(start, pos - start);
  return out.size() >= 3;
}

bool parse_tz_seconds(const std::string& s, size_t& pos, int32_t& out) {
  int sign = 1;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) sign = s[pos++] == '-' ? -1 : 1;
  int32_t total = 0;
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (pos >= s.size() || s[pos] != ':') break;
      ++pos;
    }
    size_t start = pos;
    int32_t v = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) && pos - start < 3) v = v * 10 + (s[pos++] - '0');
    if (pos == start) return false;
    total += v * (part == 0 ? 3600 : part == 1 ? 60 : 1);
  }
  out = sign * total;
  return true;
}

bool parse_number(const std::string& s, size_t& pos, int& out) {
  size_t start = pos;
  out = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])) && pos - start < 4) out = out * 10 + (s[pos++] - '0');
  return pos > start;
}

}  // namespace

bool TimeZone::parse_rule(const std::string& text, Rule& rule) {
  size_t pos = 0;
  int32_t posix_offset = 0;
  if (!parse_tz_name(text, pos, rule.standard.abbreviation) || !parse_tz_seconds(text, pos, posix_offset)) return false;
  rule.standard.utc_offset = -posix_offset;  // POSIX offsets count west of Greenwich
  rule.standard.is_dst = false;
  if (pos == text.size()) return true;
  if (!parse_tz_name(text, pos, rule.daylight.abbreviation)) return false;
  rule.daylight.utc_offset = rule.standard.utc_offset + 3600;
  rule.daylight.is_dst = true;
  if (pos < text.size() && text[pos] != ',') {
    if (!parse_tz_seconds(text, pos, posix_offset)) return false;
    rule.daylight.utc_offset = -posix_offset;
  }
  rule.has_daylight = true;
  auto parse_when = [&](Rule::When& w) {
    if (pos >= text.size() || text[pos] != ',') return false;
    ++pos;
    if (pos < text.size() && text[pos] == 'M') {
      ++pos;
      w.kind = 'M';
      if (!parse_number(text, pos, w.month) || pos >= text.size() || text[pos++] != '.') return false;
      if (!parse_number(text, pos, w.week) || pos >= text.size() || text[pos++] != '.') return false;
      if (!parse_number(text, pos, w.weekday)) return false;
      if (w.month < 1 || w.month > 12 || w.week < 1 || w.week > 5 || w.weekday > 6) return false;
    } else {
      w.kind = 'D';
      if (pos < text.size() && text[pos] == 'J') {
        w.kind = 'J';
        ++pos;
      }
      if (!parse_number(text, pos, w.day) || w.day > 365) return false;
    }
    w.time = 7200;
    if (pos < text.size() && text[pos] == '/') {
      ++pos;
      if (!parse_tz_seconds(text, pos, w.time)) return false;
    }
    return true;
  };
  if (pos == text.size()) {
    // No dates given: POSIX leaves them to the implementation; glibc uses the US rules.
    rule.start = {'M', 3, 2, 0, 0, 7200};
    rule.end = {'M', 11, 1, 0, 0, 7200};
    return true;
  }
  return parse_when(rule.start) && parse_when(rule.end) && pos == text.size();
}

std::shared_ptr<const TimeZone> TimeZone::parse(const std::string& name, const std::string& data) {
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return nullptr;
  auto tz = std::shared_ptr<TimeZone>(new TimeZone());
  tz->name_ = name;
  size_t pos = 0;
  int time_bytes = 4;
  bool v2 = data[4] >= '2';
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
    tz->transitions_.resize(static_cast<size_t>(timecnt));
    tz->transition_types_.resize(static_cast<size_t>(timecnt));
    for (int64_t k = 0; k < timecnt; ++k) {
      tz->transitions_[static_cast<size_t>(k)] = read_be(data, pos + static_cast<size_t>(k * time_bytes), time_bytes);
    }
    pos += static_cast<size_t>(timecnt * time_bytes);
    for (int64_t k = 0; k < timecnt; ++k) {
      uint8_t type = static_cast<uint8_t>(data[pos + static_cast<size_t>(k)]);
      if (type >= typecnt) return nullptr;
      tz->transition_types_[static_cast<size_t>(k)] = type;
    }
    pos += static_cast<size_t>(timecnt);
    size_t types_at = pos;
    size_t chars_at = pos + static_cast<size_t>(typecnt * 6);
    std::string chars = data.substr(chars_at, static_cast<size_t>(charcnt));
    for (int64_t k = 0; k < typecnt; ++k) {
      size_t at = types_at + static_cast<size_t>(k * 6);
      LocalType type;
      type.utc_offset = static_cast<int32_t>(read_be(data, at, 4));
      type.is_dst = data[at + 4] != 0;
      size_t index = static_cast<uint8_t>(data[at + 5]);
      if (index < chars.size()) type.abbreviation = std::string(chars.c_str() + index);
      tz->types_.push_back(std::move(type));
    }
    pos += block - static_cast<size_t>(timecnt * time_bytes + timecnt);
  }
  if (v2 && pos < data.size() && data[pos] == '\n') {
    size_t end = data.find('\n', pos + 1);
    if (end != std::string::npos && end > pos + 1) {
      tz->has_rule_ = parse_rule(data.substr(pos + 1, end - pos - 1), tz->rule_);
    }
  }
  return tz;
}

std::shared_ptr<const TimeZone> TimeZone::find(const std::string& name) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const TimeZone>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  std::shared_ptr<const TimeZone> tz;
  if (is_safe_zone_name(name)) {
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

TimeZone::Offset TimeZone::offset_at(int64_t utc_seconds) const {
  auto of = [](const LocalType& t) { return Offset{t.utc_offset, t.abbreviation}; };
  if (transitions_.empty() || utc_seconds < transitions_.front()) {
    if (transitions_.empty() && has_rule_) return rule_offset_at(utc_seconds);
    return of(types_.front());
  }
  if (utc_seconds >= transitions_.back() && has_rule_) return rule_offset_at(utc_seconds);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  return of(types_[transition_types_[static_cast<size_t>(it - transitions_.begin()) - 1]]);
}

TimeZone::Offset TimeZone::rule_offset_at(int64_t utc_seconds) const {
  const Rule& r = rule_;
  if (!r.has_daylight) return {r.standard.utc_offset, r.standard.abbreviation};
  // chrono-tz (which Polars prints with) applies the yearly rules up to 2099 and keeps the
  // offset of the last transition of 2099 after that; so do we, to print the same.
  constexpr int64_t kLastRuleInstant = days_from_civil(2099, 12, 31) * 86400;
  utc_seconds = std::min(utc_seconds, kLastRuleInstant);
  int64_t year = civil_from_days(floor_div(utc_seconds + r.standard.utc_offset, 86400)).year;
  auto local_day = [&](const Rule::When& w) -> int64_t {
    if (w.kind == 'M') {
      int64_t first = days_from_civil(year, w.month, 1);
      int day = 1 + (w.weekday - weekday_from_days(first) + 7) % 7 + (w.week - 1) * 7;
      while (day > days_in_month(year, w.month)) day -= 7;
      return first + day - 1;
    }
    int64_t jan1 = days_from_civil(year, 1, 1);
    if (w.kind == 'J') return jan1 + w.day - 1 + (is_leap_year(year) && w.day >= 60);
    return jan1 + w.day;
  };
  // Daylight time starts at a local standard time and ends at a local daylight time.
  int64_t start = local_day(r.start) * 86400 + r.start.time - r.standard.utc_offset;
  int64_t end = local_day(r.end) * 86400 + r.end.time - r.daylight.utc_offset;
  bool dst = start < end ? (utc_seconds >= start && utc_seconds < end) : !(utc_seconds >= end && utc_seconds < start);
  const LocalType& t = dst ? r.daylight : r.standard;
  return {t.utc_offset, t.abbreviation};
}

}  // namespace floe
