// Single values as Polars 2.1 prints them: floats, temporal values, durations and binary.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/data_type.h"

namespace floe {

/// A float in Polars' default ("mixed") format: integral values below 999999 as "1.0", short
/// values as Rust prints them ("0.1", "123456.7"), long ones with six decimals trimmed of
/// trailing zeros ("3.141593") inside [1e-6, 999999] and as "1.2346e10" outside it; "NaN",
/// "inf", "-inf", "-0.0". Float32 values go through the same path after widening to f64, as in
/// Polars (0.1f32 prints as "0.1", 123456.7f32 as "123456.703125").
std::string format_float(double v);

/// Rust's `{}` for f64: the shortest digits that round-trip, in plain positional notation.
std::string rust_display_float(double v);

/// A Date (days since 1970-01-01) as "2024-01-31"; years outside 0..9999 as "+10000-01-01".
std::string format_date(int64_t days);

/// "12:34:56" with ".123", ".123456" or ".123456789" when the nanoseconds need it.
std::string format_time_of_day(int64_t nanoseconds_since_midnight);

/// A Datetime of `unit` ticks since the epoch: "2024-01-01 00:00:00.123". With a time zone the
/// instant is shown in local time followed by the zone's abbreviation ("2024-01-01 01:00:00
/// CET"), or as "invalid timezone" when the zone is unknown, as Polars does.
std::string format_datetime(int64_t value, TimeUnit unit, const std::string& tz);

/// A Duration as "1d 2h 3m 4s 5ms"; zero as "0ns", "0µs" or "0ms".
std::string format_duration(int64_t value, TimeUnit unit);

/// Binary as b"..." with bytes other than ASCII letters, digits and punctuation escaped as
/// \xNN. After `max_bytes` bytes (negative: no limit) it is cut and closed with "\"…".
std::string format_binary(std::string_view bytes, int64_t max_bytes);

/// "1234567" as "1_234_567" (how Polars prints shapes).
std::string group_thousands(int64_t n);

}  // namespace floe
