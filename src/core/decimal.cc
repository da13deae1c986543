// 128-bit decimal helpers shared by casts, arithmetic, printing and the Parquet codecs.
#include "core/decimal.h"

#include <algorithm>
#include <cmath>

#include <fast_float/fast_float.h>

namespace floe::decimal {

namespace {

struct Pow10Table {
  int128 v[kMaxPrecision + 1];
  constexpr Pow10Table() : v() {
    v[0] = 1;
    for (int i = 1; i <= kMaxPrecision; ++i) v[i] = v[i - 1] * 10;
  }
};
constexpr Pow10Table kPow10;

}  // namespace

int128 pow10(int n) { return kPow10.v[n < 0 ? 0 : (n > kMaxPrecision ? kMaxPrecision : n)]; }

int128 div_round(int128 num, int128 den) {
  int128 q = num / den;
  int128 r = num % den;
  if (r == 0) return q;
  // Compare 2|r| with |den| without overflow: |r| < |den|, so |den| - |r| > 0.
  unsigned __int128 ar = r < 0 ? -static_cast<unsigned __int128>(r) : static_cast<unsigned __int128>(r);
  unsigned __int128 ad = den < 0 ? -static_cast<unsigned __int128>(den) : static_cast<unsigned __int128>(den);
  unsigned __int128 rest = ad - ar;
  bool away = ar > rest || (ar == rest && (q & 1) != 0);
  if (!away) return q;
  return ((num < 0) != (den < 0)) ? q - 1 : q + 1;
}

std::optional<int128> rescale(int128 v, int from, int to) {
  if (to == from) return v;
  if (to < from) return div_round(v, pow10(from - to));
  int128 out;
  if (to - from > kMaxPrecision || __builtin_mul_overflow(v, pow10(to - from), &out)) return std::nullopt;
  return out;
}

std::optional<int128> parse(std::string_view s, int precision, int scale) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  // Digits as one run, remembering where the point was; leading zeros are dropped.
  std::string digits;
  int fraction_digits = 0;
  bool point = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      any = true;
      if (point) ++fraction_digits;
      if (digits.empty() && c == '0') continue;
      digits.push_back(c);
    } else if (c == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (!any) return std::nullopt;
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool neg_exp = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg_exp = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 1000) return std::nullopt;
    }
    if (neg_exp) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  // value = digits * 10^(exponent - fraction_digits); we want it * 10^scale.
  int64_t shift = exponent - fraction_digits + scale;
  int64_t kept = static_cast<int64_t>(digits.size()) + (shift < 0 ? shift : 0);
  int128 v = 0;
  if (shift >= 0) {
    if (static_cast<int64_t>(digits.size()) + shift > kMaxPrecision) return std::nullopt;
    for (char c : digits) v = v * 10 + (c - '0');
    v *= pow10(static_cast<int>(shift));
  } else {
    // Keep the leading `kept` digits, round half to even on the rest.
    if (kept > kMaxPrecision) return std::nullopt;
    for (int64_t k = 0; k < kept; ++k) v = v * 10 + (digits[static_cast<size_t>(k)] - '0');
    if (kept >= 0) {
      size_t first_dropped = static_cast<size_t>(kept);
      if (first_dropped < digits.size()) {
        char d = digits[first_dropped];
        bool rest_nonzero = digits.find_first_not_of('0', first_dropped + 1) != std::string::npos;
        if (d > '5' || (d == '5' && (rest_nonzero || (v & 1) != 0))) v += 1;
      }
    }
  }
  if (!fits(v, precision)) return std::nullopt;
  return negative ? -v : v;
}

char* write(char* out, int128 v, int scale) {
  unsigned __int128 mag = v < 0 ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  char tmp[kMaxChars];
  int n = 0;
  // 128-bit division is a library call: take the digits above 64 bits first, then the rest
  // with 64-bit arithmetic (CSV files of money columns write millions of these).
  while (mag > UINT64_MAX) {
    tmp[n++] = static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
  }
  auto small = static_cast<uint64_t>(mag);
  do {
    tmp[n++] = static_cast<char>('0' + static_cast<int>(small % 10));
    small /= 10;
  } while (small != 0);
  while (n <= scale) tmp[n++] = '0';  // at least one integer digit
  if (v < 0) *out++ = '-';
  for (int k = n - 1; k >= 0; --k) {
    *out++ = tmp[k];
    if (k == scale && scale > 0) *out++ = '.';
  }
  return out;
}

std::string to_string(int128 v, int scale) {
  char buf[kMaxChars];
  return std::string(buf, write(buf, v, scale));
}

double to_double(int128 v, int scale) {
  constexpr int128 kExact = static_cast<int128>(1) << 53;
  if (v < kExact && v > -kExact && scale <= 22) {
    // Both operands are exact doubles, so one correctly rounded division.
    static constexpr double kP[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    return static_cast<double>(static_cast<int64_t>(v)) / kP[scale];
  }
  char buf[kMaxChars];
  char* end = write(buf, v, scale);
  double out = 0;
  fast_float::from_chars(buf, end, out);
  return out;
}

double mean(int128 sum, int64_t count, int scale) {
  // As many extra digits as fit (up to 20), so the quotient carries more digits than a double.
  for (int extra = std::min(20, kMaxPrecision - scale); extra > 0; --extra) {
    int128 wide;
    if (!__builtin_mul_overflow(sum, pow10(extra), &wide)) return to_double(div_round(wide, count), scale + extra);
  }
  return to_double(sum, scale) / static_cast<double>(count);
}

std::optional<int128> from_double(double x, int precision, int scale) {
  if (!std::isfinite(x)) return std::nullopt;
  double scaled = std::nearbyint(x * std::pow(10.0, scale));  // default rounding: half to even
  if (!(std::fabs(scaled) < 1.7e38)) return std::nullopt;
  int128 v = static_cast<int128>(scaled);
  if (!fits(v, precision)) return std::nullopt;
  return v;
}

}  // namespace floe::decimal
