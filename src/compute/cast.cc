// Cast kernels: numeric conversions with range checks, parsing and formatting of strings, and
// changes of temporal unit.
#include "compute/cast.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include "compute/decimal_cast.h"
#include "compute/validity.h"
#include "core/civil_time.h"
#include "core/column_builder.h"
#include "core/error.h"
#include "core/table_format.h"
#include "core/time_zone.h"
#include "core/value_format.h"

namespace floe::compute {

namespace detail {

void cast_failed(const Column& in, const DataType& to, const std::string& name,
                              const std::vector<int64_t>& bad_rows, int64_t bad_count) {
  std::string values;
  TableFormatOptions opts;
  opts.max_str_len = 1000;
  for (size_t i = 0; i < bad_rows.size() && i < 10; ++i) {
    if (i) values += ", ";
    std::string v = format_value(in, bad_rows[i], opts);
    values += in.type().is_string_like() ? "\"" + v + "\"" : v;
  }
  throw InvalidOperation(fmt::format("conversion from `{}` to `{}` failed in column '{}' for {} out of {} values: [{}]",
                                     in.type().to_string(), to.to_string(), name, bad_count, in.length(), values));
}

}  // namespace detail

namespace {

using detail::cast_failed;

template <typename From, typename To>
bool in_range(From v) {
  if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    // Truncation toward zero must land inside To; NaN fails every comparison.
    constexpr int kBits = static_cast<int>(sizeof(To) * 8) - (std::is_signed_v<To> ? 1 : 0);
    const From hi = static_cast<From>(std::ldexp(1.0, kBits));
    if constexpr (std::is_signed_v<To>) return v >= -hi && v < hi;
    return v > From(-1) && v < hi;
  } else if constexpr (std::is_integral_v<From> && std::is_integral_v<To>) {
    return std::in_range<To>(v);
  } else {
    return true;
  }
}

/// A Date, Time or Datetime as Polars casts it to a string; `zone` is the Datetime's zone.
std::string format_temporal_for_cast(const Column& in, int64_t i, const TimeZone* zone) {
  const DataType& t = in.type();
  if (t.id == TypeId::kDate) return format_date(in.values<int32_t>()[i]);
  const int64_t v = in.values<int64_t>()[i];
  if (t.id == TypeId::kTime) return format_time_of_day(v, TemporalStyle::kCast);
  return format_datetime(v, t.unit, zone, TemporalStyle::kCast);
}

/// Numeric to numeric (bool counts as a 0/1 integer). Values out of the target's range fail.
template <typename From, typename To>
ColumnPtr cast_numeric(const Column& in, const DataType& to, bool strict, const std::string& name) {
  const int64_t n = in.length();
  const From* src = in.values<From>();
  FixedBuilder<To> b(to, n);
  To* dst = b.data();
  if (to.id == TypeId::kBoolean) {
    for (int64_t i = 0; i < n; ++i) dst[i] = src[i] != 0;
    b.set_validity(in.validity_buffer());
    return b.finish();
  }
  for (int64_t i = 0; i < n; ++i) dst[i] = static_cast<To>(src[i]);
  b.set_validity(in.validity_buffer());
  constexpr bool kNeedsCheck =
      (std::is_floating_point_v<From> && std::is_integral_v<To>) ||
      (std::is_integral_v<From> && std::is_integral_v<To> &&
       (sizeof(To) < sizeof(From) || std::is_signed_v<From> != std::is_signed_v<To>));
  if constexpr (kNeedsCheck) {
    bool all_ok = true;
    for (int64_t i = 0; i < n; ++i) all_ok &= in_range<From, To>(src[i]);
    if (!all_ok) {
      std::vector<int64_t> bad;
      int64_t bad_count = 0;
      BufferPtr validity = copy_validity(in);
      for (int64_t i = 0; i < n; ++i) {
        if (in.is_valid(i) && !in_range<From, To>(src[i])) {
          if (bad.size() < 10) bad.push_back(i);
          ++bad_count;
          bitmap::clear(validity->data(), i);
          dst[i] = 0;
        }
      }
      if (bad_count > 0 && strict) cast_failed(in, to, name, bad, bad_count);
      b.set_validity(validity);
    }
  }
  return b.finish();
}

template <typename To>
bool parse_number(std::string_view s, To& out) {
  if constexpr (std::is_floating_point_v<To>) {
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    auto r = fast_float::from_chars(s.data(), s.data() + s.size(), out);
    if (r.ec == std::errc() && r.ptr == s.data() + s.size()) return true;
    // fast_float takes "nan"/"inf" but not Polars' other spellings.
    if (s == "NaN" || s == "NAN") {
      out = std::numeric_limits<To>::quiet_NaN();
      return true;
    }
    return false;
  } else if constexpr (std::is_integral_v<To>) {
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
  } else {
    return false;  // decimals parse in decimal_cast.cc
  }
}

template <typename To>
ColumnPtr parse_strings(const Column& in, const DataType& to, bool strict, const std::string& name) {
  const int64_t n = in.length();
  FixedBuilder<To> b(to, n);
  To* dst = b.data();
  BufferPtr validity = copy_validity(in);
  std::vector<int64_t> bad;
  int64_t bad_count = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (in.is_null(i)) {
      dst[i] = 0;
      continue;
    }
    if (!parse_number<To>(in.string_at(i), dst[i])) {
      dst[i] = 0;
      bitmap::clear(validity->data(), i);
      if (bad.size() < 10) bad.push_back(i);
      ++bad_count;
    }
  }
  if (bad_count > 0 && strict) cast_failed(in, to, name, bad, bad_count);
  b.set_validity(validity);
  return b.finish();
}

ColumnPtr format_strings(const Column& in) {
  const int64_t n = in.length();
  StringBuilder b(TypeId::kString, n, static_cast<size_t>(n) * 8);
  const DataType& t = in.type();
  std::shared_ptr<const TimeZone> zone;
  if (t.id == TypeId::kDatetime && !t.tz.empty()) zone = TimeZone::find_or_throw(t.tz);
  char buf[64];
  visit_physical(t.id, [&](auto x) {
    using T = decltype(x);
    for (int64_t i = 0; i < n; ++i) {
      if (in.is_null(i)) {
        b.append_null();
        continue;
      }
      if constexpr (std::is_same_v<T, StringView>) {
        b.append(in.string_at(i));
      } else if (t.id == TypeId::kBoolean) {
        b.append(in.values<uint8_t>()[i] ? "true" : "false");
      } else if constexpr (std::is_floating_point_v<T>) {
        b.append(std::string_view(buf, static_cast<size_t>(write_float_for_cast(buf, in.values<T>()[i]) - buf)));
      } else if constexpr (std::is_integral_v<T>) {
        if (t.is_integer()) {
          auto r = std::to_chars(buf, buf + sizeof(buf), in.values<T>()[i]);
          b.append(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
        } else {
          b.append(format_temporal_for_cast(in, i, zone.get()));
        }
      }
    }
  });
  return b.finish();
}

}  // namespace

bool can_cast(const DataType& from, const DataType& to) {
  if (from == to || from.id == TypeId::kNull) return true;
  if (to.id == TypeId::kNull) return false;
  if (from.id == TypeId::kDecimal || to.id == TypeId::kDecimal) return can_cast_decimal(from, to);
  bool from_num = from.is_numeric() || from.id == TypeId::kBoolean;
  bool to_num = to.is_numeric() || to.id == TypeId::kBoolean;
  if (from_num && to_num) return true;
  if (to.id == TypeId::kString) return from.id != TypeId::kBinary && from.id != TypeId::kDuration;
  if (from.id == TypeId::kString) return to.is_numeric() || to.id == TypeId::kBinary;
  if (from.is_temporal() && to.is_temporal()) {
    if (from.id == TypeId::kDuration || to.id == TypeId::kDuration) return from.id == to.id;
    if (from.id == TypeId::kTime) return to.id == TypeId::kTime;
    return true;
  }
  // Integers reinterpret as temporal ticks and back, as in Polars.
  if (from.is_integer() && to.is_temporal()) return true;
  if (from.is_temporal() && to.is_numeric()) return true;
  return false;
}

ColumnPtr cast(const ColumnPtr& input, const DataType& to, bool strict, const std::string& column_name) {
  const Column& in = *input;
  const DataType& from = in.type();
  if (from == to) return input;
  FLOE_USER_CHECK(can_cast(from, to), InvalidOperation, "casting from {} to {} not supported", from.to_string(),
                  to.to_string());
  if (from.id == TypeId::kNull) return Column::nulls(to, in.length());
  if (from.id == TypeId::kDecimal || to.id == TypeId::kDecimal) return cast_decimal(in, to, strict, column_name);
  if (to.id == TypeId::kString) return format_strings(in);
  if (from.id == TypeId::kString) {
    if (to.id == TypeId::kBinary) return in.with_type(to);
    return visit_numeric(to.id, [&](auto t) -> ColumnPtr {
      using To = decltype(t);
      if (to.id == TypeId::kBoolean) {
        throw InvalidOperation("casting from str to bool not supported");
      }
      return parse_strings<To>(in, to, strict, column_name);
    });
  }
  // Temporal conversions that change the value, not just the logical type.
  if (from.is_temporal() && to.is_temporal()) {
    const int64_t n = in.length();
    if (from.id == TypeId::kDate) {  // Date -> Datetime
      FixedBuilder<int64_t> b(to, n);
      const int32_t* src = in.values<int32_t>();
      int64_t per_day = 86400 * ticks_per_second(to.unit);
      for (int64_t i = 0; i < n; ++i) b.data()[i] = static_cast<int64_t>(src[i]) * per_day;
      b.set_validity(in.validity_buffer());
      return b.finish();
    }
    const int64_t* src = in.values<int64_t>();
    if (to.id == TypeId::kDate) {  // Datetime -> Date
      FixedBuilder<int32_t> b(to, n);
      int64_t per_day = 86400 * ticks_per_second(from.unit);
      for (int64_t i = 0; i < n; ++i) b.data()[i] = static_cast<int32_t>(civil::floor_div(src[i], per_day));
      b.set_validity(in.validity_buffer());
      return b.finish();
    }
    if (to.id == TypeId::kTime) {  // Datetime -> Time of day
      FixedBuilder<int64_t> b(to, n);
      int64_t per_day = 86400 * ticks_per_second(from.unit);
      int64_t to_ns = 1000000000 / ticks_per_second(from.unit);
      for (int64_t i = 0; i < n; ++i) b.data()[i] = civil::floor_mod(src[i], per_day) * to_ns;
      b.set_validity(in.validity_buffer());
      return b.finish();
    }
    if (from.id == to.id && (from.id == TypeId::kDatetime || from.id == TypeId::kDuration)) {
      FixedBuilder<int64_t> b(to, n);
      int64_t f = ticks_per_second(from.unit), t = ticks_per_second(to.unit);
      if (t >= f) {
        int64_t m = t / f;
        for (int64_t i = 0; i < n; ++i) b.data()[i] = src[i] * m;
      } else {
        int64_t d = f / t;
        if (from.id == TypeId::kDuration) {
          for (int64_t i = 0; i < n; ++i) b.data()[i] = src[i] / d;  // Polars truncates durations
        } else {
          for (int64_t i = 0; i < n; ++i) b.data()[i] = civil::floor_div(src[i], d);
        }
      }
      b.set_validity(in.validity_buffer());
      return b.finish();
    }
  }
  // Numeric <-> numeric, and integers <-> temporal ticks (by physical type).
  TypeId from_phys = from.is_temporal() ? (from.id == TypeId::kDate ? TypeId::kInt32 : TypeId::kInt64) : from.id;
  TypeId to_phys = to.is_temporal() ? (to.id == TypeId::kDate ? TypeId::kInt32 : TypeId::kInt64) : to.id;
  if (from_phys == to_phys) return in.with_type(to);
  return visit_numeric(from_phys, [&](auto f) -> ColumnPtr {
    using From = decltype(f);
    return visit_numeric(to_phys, [&](auto t) -> ColumnPtr {
      using To = decltype(t);
      auto out = cast_numeric<From, To>(in, DataType(to_phys), strict, column_name);
      return out->with_type(to);
    });
  });
}

}  // namespace floe::compute
