// Formatting of floats, temporal values, durations and binary the way Polars prints them.
#include "core/value_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/civil_calendar.h"
#include "core/time_zone.h"

namespace floe {

namespace {

// The shortest round-trip digits of `v` ("12345") and the decimal exponent of the first one.
struct ShortestDigits {
  bool negative;
  std::string digits;
  int exponent;
};

ShortestDigits shortest_digits(double v) {
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view text(buf, static_cast<size_t>(result.ptr - buf));
  ShortestDigits out{false, {}, 0};
  size_t pos = 0;
  if (text[pos] == '-') {
    out.negative = true;
    ++pos;
  }
  for (; pos < text.size() && text[pos] != 'e'; ++pos) {
    if (text[pos] != '.') out.digits += text[pos];
  }
  std::from_chars(text.data() + pos + 1 + (text[pos + 1] == '+'), text.data() + text.size(), out.exponent);
  return out;
}

// Rust's `{:e}`: shortest digits in scientific notation, "1e6", "9.99999e5", "1.5e-7".
std::string rust_lower_exp(double v) {
  ShortestDigits d = shortest_digits(v);
  std::string out = d.negative ? "-" : "";
  out += d.digits[0];
  if (d.digits.size() > 1) {
    out += '.';
    out.append(d.digits, 1);
  }
  return out + "e" + std::to_string(d.exponent);
}

// Rust's `{:.4e}`: "1.2346e10", "1.0000e-7". Both Rust and glibc round the exact binary value
// half-to-even, so printf's digits are Rust's; only the exponent is written differently.
std::string rust_exp4(double v) {
  char buf[64];
  int n = std::snprintf(buf, sizeof(buf), "%.4e", v);
  std::string s(buf, static_cast<size_t>(n));
  size_t e = s.find('e');
  std::string mantissa = s.substr(0, e);
  int exponent = std::stoi(s.substr(e + 1));
  return mantissa + "e" + std::to_string(exponent);
}

std::string fixed(double v, int decimals) {
  char buf[400];
  int n = std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return std::string(buf, static_cast<size_t>(n));
}

void append_two(std::string& out, int64_t v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

void append_fraction(std::string& out, int64_t nanos) {
  if (nanos == 0) return;
  char buf[32];
  if (nanos % 1000000 == 0) {
    std::snprintf(buf, sizeof(buf), ".%03lld", static_cast<long long>(nanos / 1000000));
  } else if (nanos % 1000 == 0) {
    std::snprintf(buf, sizeof(buf), ".%06lld", static_cast<long long>(nanos / 1000));
  } else {
    std::snprintf(buf, sizeof(buf), ".%09lld", static_cast<long long>(nanos));
  }
  out += buf;
}

void append_date(std::string& out, int64_t days) {
  CivilDate d = civil_from_days(days);
  char buf[48];
  // chrono writes years 0..9999 with four digits and any other with a sign.
  if (d.year >= 0 && d.year <= 9999) {
    std::snprintf(buf, sizeof(buf), "%04lld", static_cast<long long>(d.year));
  } else {
    std::snprintf(buf, sizeof(buf), "%+05lld", static_cast<long long>(d.year));
  }
  out += buf;
  out += '-';
  append_two(out, d.month);
  out += '-';
  append_two(out, d.day);
}

void append_time(std::string& out, int64_t seconds_of_day, int64_t nanos) {
  append_two(out, seconds_of_day / 3600);
  out += ':';
  append_two(out, seconds_of_day / 60 % 60);
  out += ':';
  append_two(out, seconds_of_day % 60);
  append_fraction(out, nanos);
}

}  // namespace

std::string rust_display_float(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  ShortestDigits d = shortest_digits(v);
  std::string out = d.negative ? "-" : "";
  int n = static_cast<int>(d.digits.size());
  if (d.exponent >= n - 1) {
    out += d.digits;
    out.append(static_cast<size_t>(d.exponent - (n - 1)), '0');
  } else if (d.exponent >= 0) {
    out.append(d.digits, 0, static_cast<size_t>(d.exponent) + 1);
    out += '.';
    out.append(d.digits, static_cast<size_t>(d.exponent) + 1);
  } else {
    out += "0.";
    out.append(static_cast<size_t>(-d.exponent - 1), '0');
    out += d.digits;
  }
  return out;
}

std::string format_float(double v) {
  constexpr double kScientificBound = 999999.0;
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  const double magnitude = std::fabs(v);
  const bool integral = v == std::trunc(v);
  if (integral && magnitude < kScientificBound) return fixed(v, 1);
  std::string display = rust_display_float(v);
  if (display.size() > 9) {
    if (magnitude < 0.000001 || magnitude > kScientificBound) return rust_exp4(v);
    // Six decimals without the trailing zeros, so 12.0000000001 prints as "12.0".
    std::string s = fixed(v, 6);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s += '0';
    return s;
  }
  return integral ? rust_lower_exp(v) : display;
}

std::string format_date(int64_t days) {
  std::string out;
  append_date(out, days);
  return out;
}

std::string format_time_of_day(int64_t nanoseconds_since_midnight) {
  constexpr int64_t kNanosPerDay = 86400LL * 1000000000LL;
  int64_t ns = floor_mod(nanoseconds_since_midnight, kNanosPerDay);
  std::string out;
  append_time(out, ns / 1000000000, ns % 1000000000);
  return out;
}

std::string format_datetime(int64_t value, TimeUnit unit, const std::string& tz) {
  const int64_t ticks = ticks_per_second(unit);
  int64_t seconds = floor_div(value, ticks);
  int64_t nanos = floor_mod(value, ticks) * (1000000000 / ticks);
  std::string abbreviation;
  if (!tz.empty()) {
    auto zone = TimeZone::find(tz);
    if (!zone) return "invalid timezone";
    TimeZone::Offset offset = zone->offset_at(seconds);
    seconds += offset.utc_offset;
    abbreviation = std::move(offset.abbreviation);
  }
  std::string out;
  append_date(out, floor_div(seconds, 86400));
  out += ' ';
  append_time(out, floor_mod(seconds, 86400), nanos);
  if (!tz.empty()) {
    out += ' ';
    out += abbreviation;
  }
  return out;
}

std::string format_duration(int64_t value, TimeUnit unit) {
  static constexpr const char* kParts[] = {"d", "h", "m", "s"};
  static constexpr int64_t kSizesNs[] = {86400000000000, 3600000000000, 60000000000, 1000000000};
  static constexpr int64_t kSizesUs[] = {86400000000, 3600000000, 60000000, 1000000};
  static constexpr int64_t kSizesMs[] = {86400000, 3600000, 60000, 1000};
  if (value == 0) {
    return unit == TimeUnit::kNano ? "0ns" : unit == TimeUnit::kMicro ? "0\u00b5s" : "0ms";
  }
  const int64_t* sizes = unit == TimeUnit::kNano ? kSizesNs : unit == TimeUnit::kMicro ? kSizesUs : kSizesMs;
  std::string out;
  for (int i = 0; i < 4; ++i) {
    int64_t whole = i == 0 ? value / sizes[0] : value % sizes[i - 1] / sizes[i];
    if (whole != 0) {
      out += std::to_string(whole);
      out += kParts[i];
      if (value % sizes[i] != 0) out += ' ';
    }
  }
  // The rest of the second, in the largest of ms/µs/ns that shows it exactly.
  static constexpr const char* kNsUnits[] = {"ns", "\u00b5s", "ms"};
  static constexpr const char* kUsUnits[] = {"\u00b5s", "ms", ""};
  static constexpr const char* kMsUnits[] = {"ms", "", ""};
  const char* const* units = unit == TimeUnit::kNano ? kNsUnits : unit == TimeUnit::kMicro ? kUsUnits : kMsUnits;
  int64_t rest = value % ticks_per_second(unit);
  if (rest != 0) {
    if (rest % 1000 != 0) {
      out += std::to_string(rest) + units[0];
    } else if (rest % 1000000 != 0) {
      out += std::to_string(rest / 1000) + units[1];
    } else {
      out += std::to_string(rest / 1000000) + units[2];
    }
  }
  return out;
}

std::string format_binary(std::string_view bytes, int64_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t shown = max_bytes < 0 ? bytes.size() : std::min(bytes.size(), static_cast<size_t>(max_bytes));
  std::string out = "b\"";
  for (size_t i = 0; i < shown; ++i) {
    auto b = static_cast<uint8_t>(bytes[i]);
    if (b > 0x20 && b < 0x7F) {  // ASCII letters, digits and punctuation
      out += static_cast<char>(b);
    } else {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  out += shown < bytes.size() ? "\"\u2026" : "\"";
  return out;
}

std::string group_thousands(int64_t n) {
  std::string digits = std::to_string(n);
  size_t start = digits[0] == '-' ? 1 : 0;
  std::string out = digits.substr(0, start);
  size_t len = digits.size() - start;
  for (size_t i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0) out += '_';
    out += digits[start + i];
  }
  return out;
}

}  // namespace floe
