// 128-bit decimal values: powers of ten, half-to-even rescaling, parsing and formatting.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace floe::decimal {

/// A Decimal value is its unscaled integer: 1.50 at scale 2 is 150. Stored as Arrow's
/// decimal128 and Polars do: 16 bytes, little-endian two's complement.
using int128 = __int128;

inline constexpr int kMaxPrecision = 38;

/// 10^n for n in [0, 38].
int128 pow10(int n);

/// Whether |v| has at most `precision` digits.
inline bool fits(int128 v, int precision) {
  int128 lim = pow10(precision);
  return v < lim && v > -lim;
}

/// `num / den` rounded half to even (Polars' rounding for every decimal operation); den != 0.
int128 div_round(int128 num, int128 den);

/// `v` at scale `from` moved to scale `to`, rounding half to even when digits are dropped.
/// nullopt when the result does not fit 128 bits.
std::optional<int128> rescale(int128 v, int from, int to);

/// Parses "12.345", "-0.5", "+2", ".5", "1.", "1e3" into an unscaled value at `scale`, rounding
/// extra digits half to even. nullopt for anything else (spaces, empty) or when the value has
/// more than `precision` digits.
std::optional<int128> parse(std::string_view s, int precision, int scale);

/// The value with exactly `scale` fraction digits: "1.50", "-0.05", "12".
std::string to_string(int128 v, int scale);

/// Writes to_string's text at `out` (room for 42 chars) and returns the end.
inline constexpr size_t kMaxChars = 42;
char* write(char* out, int128 v, int scale);

/// The nearest double to v / 10^scale.
double to_double(int128 v, int scale);

/// The mean of values summing to `sum` over `count` rows, as the nearest double (the quotient
/// is taken with up to 20 extra digits, so only the final conversion rounds in practice).
double mean(int128 sum, int64_t count, int scale);

/// `x` * 10^scale rounded half to even; nullopt for NaN, infinities and values past `precision`.
std::optional<int128> from_double(double x, int precision, int scale);

}  // namespace floe::decimal
