// Single values as Polars 2.1 prints them (floats, temporal values, durations and binary), and
// as its `cast(pl.String)` writes floats and temporal values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/data_type.h"

namespace floe {

class TimeZone;

/// A float in Polars' default ("mixed") format: integral values below 999999 as "1.0", short
/// values as Rust prints them ("0.1", "123456.7"), long ones with six decimals trimmed of
/// trailing zeros ("3.141593") inside [1e-6, 999999] and as "1.2346e10" outside it; "NaN",
/// "inf", "-inf", "-0.0". Float32 values go through the same path after widening to f64, as in
/// Polars (0.1f32 prints as "0.1", 123456.7f32 as "123456.703125").
std::string format_float(double v);

/// Rust's `{}` for f64: the shortest digits that round-trip, in plain positional notation.
std::string rust_display_float(double v);

/// A float as Polars' `cast(pl.String)` writes it: the shortest digits that round-trip for the
/// value's own type, positional while the decimal exponent is in [-5, 16) for f64 ([-6, 13) for
/// f32), else scientific with a signed exponent; integral values end in ".0". So 1e20 gives
/// "1e+20", 1e-7 "1e-7", 1e-5 "0.00001", 123456789.123 "123456789.123", -0.0 "-0.0", and
/// "NaN", "inf", "-inf".
std::string format_float_for_cast(double v);
std::string format_float_for_cast(float v);

/// Writes what format_float_for_cast gives at `out`, which has room for kMaxCastFloatChars, and
/// returns the end: no allocation, for kernels and writers.
inline constexpr size_t kMaxCastFloatChars = 32;
char* write_float_for_cast(char* out, double v);
char* write_float_for_cast(char* out, float v);

/// How a temporal value is written: as Polars prints it in tables and series, or as its
/// `cast(pl.String)` writes it (datetimes with every fraction digit of their unit and a UTC
/// offset such as "+01:00" after the local time; times of day without their fraction).
enum class TemporalStyle { kDisplay, kCast };

/// A Date (days since 1970-01-01) as "2024-01-31"; years outside 0..9999 as "+10000-01-01".
/// Both styles agree.
std::string format_date(int64_t days);

/// "12:34:56", in the display style with ".123", ".123456" or ".123456789" when the nanoseconds
/// need it.
std::string format_time_of_day(int64_t nanoseconds_since_midnight, TemporalStyle style = TemporalStyle::kDisplay);

/// A Datetime of `unit` ticks since the epoch: "2024-01-01 00:00:00.123". With a time zone the
/// instant is shown in local time followed by the zone's abbreviation ("2024-01-01 01:00:00
/// CET"), or as "invalid timezone" when the zone is unknown, as Polars does.
std::string format_datetime(int64_t value, TimeUnit unit, const std::string& tz);

/// A Datetime in `style`, in local time when `zone` is not null: "2024-01-01 01:00:00 CET"
/// (display) or "2024-01-01 01:00:00.000000+01:00" (cast, microseconds).
std::string format_datetime(int64_t value, TimeUnit unit, const TimeZone* zone, TemporalStyle style);

/// A Duration as "1d 2h 3m 4s 5ms"; zero as "0ns", "0µs" or "0ms".
std::string format_duration(int64_t value, TimeUnit unit);

/// Binary as b"..." with bytes other than ASCII letters, digits and punctuation escaped as
/// \xNN. After `max_bytes` bytes (negative: no limit) it is cut and closed with "\"…".
std::string format_binary(std::string_view bytes, int64_t max_bytes);

/// "1234567" as "1_234_567" (how Polars prints shapes).
std::string group_thousands(int64_t n);

}  // namespace floe
