// Formatting of floats, temporal values, durations and binary the way Polars prints and casts them.
#include "core/value_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/civil_time.h"
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
  const civil::YearMonthDay d = civil::civil_from_days(days);
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

void append_clock(std::string& out, int64_t seconds_of_day) {
  append_two(out, seconds_of_day / 3600);
  out += ':';
  append_two(out, seconds_of_day / 60 % 60);
  out += ':';
  append_two(out, seconds_of_day % 60);
}

// "+01:00", "-04:56": the sign, then hours and minutes of the offset (its seconds dropped), as
// chrono writes `%:z`.
void append_utc_offset(std::string& out, int32_t offset) {
  out += offset < 0 ? '-' : '+';
  const int64_t minutes = std::abs(int64_t{offset}) / 60;
  append_two(out, minutes / 60);
  out += ':';
  append_two(out, minutes % 60);
}

// Polars' cast of floats to strings (Rust's ryu crate, with a sign on positive exponents):
// positional while the decimal exponent is in [min_exponent, max_exponent]. Writes without
// allocating: the digits come from std::to_chars into a stack buffer.
template <typename T>
char* write_cast_float(char* out, T v, int min_exponent, int max_exponent) {
  auto put = [&out](std::string_view s) { out = std::copy(s.begin(), s.end(), out); };
  if (std::isnan(v) || std::isinf(v)) {
    put(std::isnan(v) ? "NaN" : v < 0 ? "-inf" : "inf");
    return out;
  }
  // "-d.ddde-XX": the sign, the shortest digits for T and the exponent of the first digit.
  char sci[64];
  const char* sci_end = std::to_chars(sci, sci + sizeof(sci), v, std::chars_format::scientific).ptr;
  const char* p = sci;
  if (*p == '-') *out++ = *p++;
  char digits[32];
  int n = 0;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[n++] = *p;
  }
  int exponent = 0;
  std::from_chars(p + 1 + (p[1] == '+'), sci_end, exponent);
  const std::string_view all(digits, static_cast<size_t>(n));
  if (exponent < min_exponent || exponent > max_exponent) {
    *out++ = digits[0];
    if (n > 1) {
      *out++ = '.';
      put(all.substr(1));
    }
    put(exponent < 0 ? "e" : "e+");
    return std::to_chars(out, out + 8, exponent).ptr;
  }
  if (exponent < 0) {
    put("0.");
    out = std::fill_n(out, -exponent - 1, '0');
    put(all);
  } else if (exponent + 1 >= n) {
    put(all);
    out = std::fill_n(out, exponent + 1 - n, '0');
    put(".0");
  } else {
    put(all.substr(0, static_cast<size_t>(exponent) + 1));
    *out++ = '.';
    put(all.substr(static_cast<size_t>(exponent) + 1));
  }
  return out;
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

char* write_float_for_cast(char* out, double v) { return write_cast_float(out, v, -5, 15); }

char* write_float_for_cast(char* out, float v) { return write_cast_float(out, v, -6, 12); }

std::string format_float_for_cast(double v) {
  char buf[kMaxCastFloatChars];
  return std::string(buf, write_float_for_cast(buf, v));
}

std::string format_float_for_cast(float v) {
  char buf[kMaxCastFloatChars];
  return std::string(buf, write_float_for_cast(buf, v));
}

std::string format_date(int64_t days) {
  std::string out;
  append_date(out, days);
  return out;
}

std::string format_time_of_day(int64_t nanoseconds_since_midnight, TemporalStyle style) {
  constexpr int64_t kNanosPerDay = 86400LL * 1000000000LL;
  const int64_t ns = civil::floor_mod(nanoseconds_since_midnight, kNanosPerDay);
  std::string out;
  append_clock(out, ns / 1000000000);
  if (style == TemporalStyle::kDisplay) append_fraction(out, ns % 1000000000);
  return out;
}

std::string format_datetime(int64_t value, TimeUnit unit, const std::string& tz) {
  if (tz.empty()) return format_datetime(value, unit, nullptr, TemporalStyle::kDisplay);
  auto zone = TimeZone::find(tz);
  if (!zone) return "invalid timezone";
  return format_datetime(value, unit, zone.get(), TemporalStyle::kDisplay);
}

std::string format_datetime(int64_t value, TimeUnit unit, const TimeZone* zone, TemporalStyle style) {
  const int64_t ticks = ticks_per_second(unit);
  int64_t seconds = civil::floor_div(value, ticks);
  const int64_t fraction = civil::floor_mod(value, ticks);
  size_t interval = 0;
  if (zone) {
    interval = zone->interval_of(seconds, 0);
    seconds += zone->offset(interval);
  }
  std::string out;
  append_date(out, civil::floor_div(seconds, 86400));
  out += ' ';
  append_clock(out, civil::floor_mod(seconds, 86400));
  if (style == TemporalStyle::kDisplay) {
    append_fraction(out, fraction * (1000000000 / ticks));
    if (zone) {
      out += ' ';
      out += zone->abbreviation(interval);
    }
  } else {
    // Every digit of the unit: ".123" for milliseconds up to ".123456789" for nanoseconds.
    const int digits = unit == TimeUnit::kMilli ? 3 : unit == TimeUnit::kMicro ? 6 : 9;
    char buf[16];
    std::snprintf(buf, sizeof(buf), ".%0*lld", digits, static_cast<long long>(fraction));
    out += buf;
    if (zone) append_utc_offset(out, zone->offset(interval));
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
