// Parsing POSIX TZ rules and expanding them into yearly transitions.
#include "core/posix_tz_rule.h"

#include <algorithm>

#include "core/civil_time.h"

namespace floe {

namespace {

/// A cursor over the rule text.
struct Reader {
  std::string_view s;
  size_t pos = 0;

  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
  std::optional<int> number() {
    if (!(peek() >= '0' && peek() <= '9')) return std::nullopt;
    int n = 0;
    while (peek() >= '0' && peek() <= '9' && n < 100000) n = n * 10 + (s[pos++] - '0');
    return n;
  }
  /// A zone abbreviation: three or more letters, or anything inside <...>.
  std::optional<std::string> name() {
    if (eat('<')) {
      size_t close = s.find('>', pos);
      if (close == std::string_view::npos || close == pos) return std::nullopt;
      std::string quoted(s.substr(pos, close - pos));
      pos = close + 1;
      return quoted;
    }
    size_t start = pos;
    while ((peek() >= 'A' && peek() <= 'Z') || (peek() >= 'a' && peek() <= 'z')) ++pos;
    if (pos - start < 3) return std::nullopt;
    return std::string(s.substr(start, pos - start));
  }
  /// [+-]hh[:mm[:ss]] in seconds.
  std::optional<int64_t> time() {
    int sign = 1;
    if (eat('-')) {
      sign = -1;
    } else {
      eat('+');
    }
    auto h = number();
    if (!h) return std::nullopt;
    int64_t seconds = int64_t{*h} * 3600;
    if (eat(':')) {
      auto m = number();
      if (!m) return std::nullopt;
      seconds += *m * 60;
      if (eat(':')) {
        auto sec = number();
        if (!sec) return std::nullopt;
        seconds += *sec;
      }
    }
    return sign * seconds;
  }
  std::optional<PosixTzRule::Date> date() {
    PosixTzRule::Date d;
    if (eat('M')) {
      auto m = number();
      if (!m || !eat('.')) return std::nullopt;
      auto w = number();
      if (!w || !eat('.')) return std::nullopt;
      auto wd = number();
      if (!wd || *m < 1 || *m > 12 || *w < 1 || *w > 5 || *wd > 6) return std::nullopt;
      d.kind = PosixTzRule::Date::kMonthWeekDay;
      d.month = *m;
      d.week = *w;
      d.weekday = *wd;
    } else if (eat('J')) {
      auto n = number();
      if (!n || *n < 1 || *n > 365) return std::nullopt;
      d.kind = PosixTzRule::Date::kJulianNoLeap;
      d.day = *n;
    } else {
      auto n = number();
      if (!n || *n > 365) return std::nullopt;
      d.kind = PosixTzRule::Date::kZeroBasedDay;
      d.day = *n;
    }
    if (eat('/')) {
      auto t = time();
      if (!t) return std::nullopt;
      d.time = *t;
    }
    return d;
  }
};

/// Days since 1970-01-01 of a rule date in `year`.
int64_t day_of(const PosixTzRule::Date& d, int32_t year) {
  switch (d.kind) {
    case PosixTzRule::Date::kJulianNoLeap: {
      // Day 60 is always March 1: February 29 is never counted.
      const int64_t jan1 = civil::days_from_civil(year, 1, 1);
      return jan1 + d.day - 1 + (d.day >= 60 && civil::is_leap_year(year));
    }
    case PosixTzRule::Date::kZeroBasedDay:
      return civil::days_from_civil(year, 1, 1) + d.day;
    case PosixTzRule::Date::kMonthWeekDay: {
      const int64_t first = civil::days_from_civil(year, static_cast<uint32_t>(d.month), 1);
      int64_t day = first + civil::floor_mod(d.weekday - civil::weekday_from_days(first), 7) + 7 * (d.week - 1);
      const int64_t month_end = first + civil::days_in_month(year, static_cast<uint32_t>(d.month));
      while (day >= month_end) day -= 7;  // week 5 means the last such weekday
      return day;
    }
  }
  return 0;
}

}  // namespace

std::optional<PosixTzRule> PosixTzRule::parse(std::string_view text) {
  Reader r{text};
  PosixTzRule rule;
  auto std_name = r.name();
  if (!std_name) return std::nullopt;
  rule.std_abbreviation = std::move(*std_name);
  auto std_west = r.time();
  if (!std_west) return std::nullopt;
  rule.std_offset = static_cast<int32_t>(-*std_west);
  if (r.done()) return rule;
  auto dst_name = r.name();
  if (!dst_name) return std::nullopt;
  rule.dst_abbreviation = std::move(*dst_name);
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (!r.done() && r.peek() != ',') {
    auto dst_west = r.time();
    if (!dst_west) return std::nullopt;
    rule.dst_offset = static_cast<int32_t>(-*dst_west);
  }
  // Without explicit dates POSIX leaves the rule to the implementation; TZif footers always
  // give them, so treat their absence as malformed.
  if (!r.eat(',')) return std::nullopt;
  auto start = r.date();
  if (!start || !r.eat(',')) return std::nullopt;
  auto end = r.date();
  if (!end || !r.done()) return std::nullopt;
  rule.dst_start = *start;
  rule.dst_end = *end;
  return rule;
}

std::vector<std::pair<int64_t, int32_t>> PosixTzRule::transitions(int32_t year) const {
  if (!has_dst) return {};
  // DST starts at a wall time read in standard time, and ends at one read in DST.
  const int64_t start = day_of(dst_start, year) * 86400 + dst_start.time - std_offset;
  const int64_t end = day_of(dst_end, year) * 86400 + dst_end.time - dst_offset;
  std::vector<std::pair<int64_t, int32_t>> out = {{start, dst_offset}, {end, std_offset}};
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace floe
