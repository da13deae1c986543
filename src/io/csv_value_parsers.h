// Parsers from a CSV field's text to a typed value (integers, floats, booleans, dates, times).
// Internal to the CSV reader: inline, allocation-free and exception-free, for its hot loops.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <type_traits>

#include <emmintrin.h>

#include <fast_float/fast_float.h>

#include "core/data_type.h"

namespace floe::io::csv {

inline bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

/// An integer of type T: optional leading spaces, an optional sign, then only digits (as
/// Polars accepts for an integer column).
template <typename T>
inline bool parse_integer(const char* p, const char* e, T& out) {
  while (p < e && *p == ' ') ++p;
  bool negative = false;
  if (p < e && (*p == '-' || *p == '+')) {
    negative = *p == '-';
    ++p;
  }
  if (p == e) return false;
  uint64_t v = 0;
  const char* digits_end = e;
  // Up to 19 digits cannot overflow a uint64_t.
  const char* fast_end = e - p > 19 ? p + 19 : e;
  for (; p < fast_end; ++p) {
    unsigned d = static_cast<unsigned char>(*p - '0');
    if (d > 9) return false;
    v = v * 10 + d;
  }
  for (; p < digits_end; ++p) {
    unsigned d = static_cast<unsigned char>(*p - '0');
    if (d > 9) return false;
    if (__builtin_mul_overflow(v, uint64_t{10}, &v) || __builtin_add_overflow(v, uint64_t{d}, &v)) return false;
  }
  if constexpr (std::is_signed_v<T>) {
    constexpr uint64_t max_pos = static_cast<uint64_t>(std::numeric_limits<T>::max());
    if (negative) {
      if (v > max_pos + 1) return false;
      out = static_cast<T>(-static_cast<int64_t>(v - 1) - 1);
    } else {
      if (v > max_pos) return false;
      out = static_cast<T>(v);
    }
  } else {
    if (negative && v != 0) return false;
    if (v > static_cast<uint64_t>(std::numeric_limits<T>::max())) return false;
    out = static_cast<T>(v);
  }
  return true;
}

/// A float: optional leading spaces and sign, decimal or scientific notation, inf, infinity or
/// nan in any case.
template <typename T>
inline bool parse_float(const char* p, const char* e, T& out) {
  while (p < e && *p == ' ') ++p;
  // fast_float takes a minus sign but not a plus sign.
  if (p < e && *p == '+') {
    ++p;
    if (p < e && (*p == '-' || *p == '+')) return false;
  }
  if (p == e) return false;
  // Fast path for plain decimals: with few enough digits, the digits and the power of ten are
  // exact in T, and one division rounds correctly (Clinger's fast path).
  {
    constexpr int kMaxDigits = std::is_same_v<T, float> ? 7 : 15;
    constexpr int kMaxPow = std::is_same_v<T, float> ? 10 : 22;
    static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char* q = p;
    bool negative = *q == '-';
    q += negative;
    uint64_t m = 0;
    int digits = 0, frac = 0;
    while (q < e && is_digit(*q)) m = m * 10 + static_cast<unsigned>(*q++ - '0'), ++digits;
    if (q < e && *q == '.') {
      ++q;
      while (q < e && is_digit(*q)) m = m * 10 + static_cast<unsigned>(*q++ - '0'), ++digits, ++frac;
    }
    if (q == e && digits > 0 && digits <= kMaxDigits && frac <= kMaxPow) {
      T v = static_cast<T>(m) / static_cast<T>(kPow10[frac]);
      out = negative ? -v : v;
      return true;
    }
  }
  auto r = fast_float::from_chars(p, e, out, fast_float::chars_format::general);
  return r.ec == std::errc() && r.ptr == e;
}

/// "true" or "false" in any case.
inline bool parse_boolean(const char* p, const char* e, uint8_t& out) {
  size_t n = static_cast<size_t>(e - p);
  auto lower_equals = [&](const char* word) {
    for (size_t i = 0; i < n; ++i) {
      if ((p[i] | 0x20) != word[i]) return false;
    }
    return true;
  };
  if (n == 4 && lower_equals("true")) {
    out = 1;
    return true;
  }
  if (n == 5 && lower_equals("false")) {
    out = 0;
    return true;
  }
  return false;
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
constexpr int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

/// Days since the epoch of the first of each month of 1900..2099, so common dates need no
/// calendar arithmetic.
struct MonthStarts {
  static constexpr unsigned kFirstYear = 1900, kYears = 200;
  int32_t days[kYears][12] = {};
  constexpr MonthStarts() {
    for (unsigned y = 0; y < kYears; ++y) {
      for (unsigned m = 0; m < 12; ++m) days[y][m] = static_cast<int32_t>(days_from_civil(kFirstYear + y, m + 1, 1));
    }
  }
};
inline constexpr MonthStarts kMonthStarts{};

/// days_from_civil for a valid date, by table when the year is in range.
inline int64_t days_of(unsigned y, unsigned m, unsigned d) {
  unsigned i = y - MonthStarts::kFirstYear;
  if (i < MonthStarts::kYears) return kMonthStarts.days[i][m - 1] + static_cast<int64_t>(d) - 1;
  return days_from_civil(y, m, d);
}

inline unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) return 29;
  return kDays[m - 1];
}

/// Reads a run of 1..max_digits digits at p into `v`.
inline bool read_digits(const char*& p, const char* e, int min_digits, int max_digits, unsigned& v) {
  v = 0;
  int n = 0;
  while (p < e && n < max_digits && is_digit(*p)) {
    v = v * 10 + static_cast<unsigned>(*p - '0');
    ++p;
    ++n;
  }
  return n >= min_digits && (p == e || !is_digit(*p));
}

/// The date at the start of [p, e): YYYY-MM-DD or DD-MM-YYYY with '-', '/' or '.' as separator
/// and one- or two-digit months and days (the patterns Polars detects). Advances p.
inline bool parse_date_prefix(const char*& p, const char* e, int64_t& days) {
  const char* s = p;
  unsigned a, b, c;
  const char* run = s;
  if (!read_digits(s, e, 1, 4, a)) return false;
  int first_len = static_cast<int>(s - run);
  if (s == e || (*s != '-' && *s != '/' && *s != '.')) return false;
  char sep = *s++;
  if (!read_digits(s, e, 1, 2, b)) return false;
  if (s == e || *s != sep) return false;
  ++s;
  run = s;
  if (!read_digits(s, e, 1, 4, c)) return false;
  int third_len = static_cast<int>(s - run);
  unsigned y, m, d;
  if (first_len == 4 && third_len <= 2) {
    y = a, m = b, d = c;
  } else if (first_len <= 2 && third_len == 4) {
    d = a, m = b, y = c;
  } else {
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  days = days_of(y, m, d);
  p = s;
  return true;
}

/// HH:MM[:SS[.fffffffff]] at the start of [p, e), as nanoseconds since midnight. Advances p.
inline bool parse_time_prefix(const char*& p, const char* e, int64_t& nanos) {
  const char* s = p;
  unsigned h, m, sec = 0;
  if (!read_digits(s, e, 1, 2, h) || s == e || *s != ':') return false;
  ++s;
  if (!read_digits(s, e, 2, 2, m)) return false;
  int64_t frac = 0;
  if (s < e && *s == ':') {
    ++s;
    if (!read_digits(s, e, 2, 2, sec)) return false;
    if (s < e && *s == '.') {
      ++s;
      int digits = 0;
      while (s < e && is_digit(*s)) {
        if (digits < 9) frac = frac * 10 + (*s - '0');
        ++digits;
        ++s;
      }
      if (digits == 0) return false;
      for (; digits < 9; ++digits) frac *= 10;
    }
  }
  if (h > 23 || m > 59 || sec > 59) return false;
  nanos = ((static_cast<int64_t>(h) * 60 + m) * 60 + sec) * 1000000000LL + frac;
  p = s;
  return true;
}

/// A UTC offset at the start of [p, e): Z, +HH, +HHMM or +HH:MM (or with '-'), in seconds.
inline bool parse_offset(const char*& p, const char* e, int64_t& seconds) {
  if (p < e && *p == 'Z') {
    ++p;
    seconds = 0;
    return true;
  }
  if (p == e || (*p != '+' && *p != '-')) return false;
  int sign = *p == '-' ? -1 : 1;
  const char* s = p + 1;
  auto two_digits = [&](unsigned& v) {
    if (e - s < 2 || !is_digit(s[0]) || !is_digit(s[1])) return false;
    v = static_cast<unsigned>((s[0] - '0') * 10 + (s[1] - '0'));
    s += 2;
    return true;
  };
  unsigned h, m = 0;
  if (!two_digits(h)) return false;
  if (s < e && *s == ':') ++s;
  if (s < e && !two_digits(m)) return false;
  if (h > 23 || m > 59) return false;
  seconds = sign * static_cast<int64_t>(h * 3600 + m * 60);
  p = s;
  return true;
}

inline void trim_spaces(const char*& p, const char*& e) {
  while (p < e && *p == ' ') ++p;
  while (e > p && e[-1] == ' ') --e;
}

/// A date (days since the epoch).
inline bool parse_date(const char* p, const char* e, int32_t& out) {
  if (e - p == 10 && p[4] == '-' && p[7] == '-') {
    // The common YYYY-MM-DD without the general pattern matching.
    unsigned d[8] = {};
    static constexpr int kAt[8] = {0, 1, 2, 3, 5, 6, 8, 9};
    unsigned bad = 0;
    for (int i = 0; i < 8; ++i) {
      d[i] = static_cast<unsigned char>(p[kAt[i]] - '0');
      bad |= d[i] > 9;
    }
    if (!bad) {
      unsigned y = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3], m = d[4] * 10 + d[5], day = d[6] * 10 + d[7];
      if (m < 1 || m > 12 || day < 1 || day > days_in_month(y, m)) return false;
      out = static_cast<int32_t>(days_of(y, m, day));
      return true;
    }
  }
  trim_spaces(p, e);
  int64_t days;
  if (!parse_date_prefix(p, e, days) || p != e) return false;
  out = static_cast<int32_t>(days);
  return true;
}

/// A time of day (nanoseconds since midnight).
inline bool parse_time(const char* p, const char* e, int64_t& out) {
  trim_spaces(p, e);
  return parse_time_prefix(p, e, out) && p == e;
}

/// A datetime: a date, optionally 'T' or ' ' and a time, optionally a UTC offset (the value is
/// then converted to UTC). `has_offset` tells whether an offset was present.
inline bool parse_datetime(const char* p, const char* e, TimeUnit unit, int64_t& out, bool& has_offset) {
  trim_spaces(p, e);
  int64_t days;
  if (!parse_date_prefix(p, e, days)) return false;
  int64_t nanos = 0, offset = 0;
  has_offset = false;
  if (p < e) {
    if (*p != 'T' && *p != ' ') return false;
    ++p;
    if (!parse_time_prefix(p, e, nanos)) return false;
    if (p < e) {
      if (!parse_offset(p, e, offset) || p != e) return false;
      has_offset = true;
    }
  }
  int64_t tps = ticks_per_second(unit);
  int64_t sub = nanos % 1000000000LL / (1000000000LL / tps);
  out = (days * 86400 + nanos / 1000000000LL - offset) * tps + sub;
  return true;
}

/// Whether [s, s + n) is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF). ASCII runs are skipped 16 bytes at a time.
inline bool valid_utf8(const char* text, size_t n) {
  const auto* s = reinterpret_cast<const unsigned char*>(text);
  size_t i = 0;
  while (i < n) {
    if (i + 16 <= n) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      if (_mm_movemask_epi8(v) == 0) {
        i += 16;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      if (c < 0xC2) return false;
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace floe::io::csv
