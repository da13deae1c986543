// Decimal casts: rescaling with half-to-even rounding, integer and float conversions with
// precision checks, and parsing and writing decimal strings.
#include "compute/decimal_cast.h"

#include <limits>
#include <optional>
#include <type_traits>

#include "compute/validity.h"
#include "core/column_builder.h"
#include "core/decimal.h"
#include "core/error.h"

namespace floe::compute {

namespace {

using decimal::int128;

/// Runs `convert(i, out)` over the valid rows of `in`; rows where it returns false fail the
/// cast (strict) or become null.
template <typename Out, typename Convert>
ColumnPtr convert_rows(const Column& in, const DataType& to, bool strict, const std::string& name,
                       Convert&& convert) {
  const int64_t n = in.length();
  FixedBuilder<Out> b(to, n);
  Out* dst = b.data();
  std::vector<int64_t> bad;
  for (int64_t i = 0; i < n; ++i) {
    dst[i] = Out{};
    if (in.is_valid(i) && !convert(i, dst[i])) {
      dst[i] = Out{};
      bad.push_back(i);
    }
  }
  if (bad.empty()) {
    b.set_validity(in.validity_buffer());
    return b.finish();
  }
  if (strict) detail::cast_failed(in, to, name, bad, static_cast<int64_t>(bad.size()));
  BufferPtr validity = copy_validity(in);
  for (int64_t i : bad) bitmap::clear(validity->data(), i);
  b.set_validity(std::move(validity));
  return b.finish();
}

ColumnPtr decimal_to_string(const Column& in) {
  const int64_t n = in.length();
  StringBuilder b(TypeId::kString, n, static_cast<size_t>(n) * 8);
  const int128* src = in.values<int128>();
  const int scale = in.type().scale;
  char buf[decimal::kMaxChars];
  for (int64_t i = 0; i < n; ++i) {
    if (in.is_null(i)) {
      b.append_null();
    } else {
      b.append(std::string_view(buf, static_cast<size_t>(decimal::write(buf, src[i], scale) - buf)));
    }
  }
  return b.finish();
}

ColumnPtr from_decimal(const Column& in, const DataType& to, bool strict, const std::string& name) {
  const int128* src = in.values<int128>();
  const int scale = in.type().scale;
  if (to.id == TypeId::kDecimal) {
    const int precision = to.precision, to_scale = to.scale;
    return convert_rows<int128>(in, to, strict, name, [&](int64_t i, int128& out) {
      auto v = decimal::rescale(src[i], scale, to_scale);
      if (!v || !decimal::fits(*v, precision)) return false;
      out = *v;
      return true;
    });
  }
  if (to.id == TypeId::kString) return decimal_to_string(in);
  if (to.id == TypeId::kBoolean) {
    return convert_rows<uint8_t>(in, to, strict, name, [&](int64_t i, uint8_t& out) {
      out = src[i] != 0;
      return true;
    });
  }
  if (to.is_float()) {
    return visit_numeric(to.id, [&](auto tag) -> ColumnPtr {
      using To = decltype(tag);
      return convert_rows<To>(in, to, strict, name, [&](int64_t i, To& out) {
        out = static_cast<To>(decimal::to_double(src[i], scale));
        return true;
      });
    });
  }
  const int128 unit = decimal::pow10(scale);
  return visit_numeric(to.id, [&](auto tag) -> ColumnPtr {
    using To = decltype(tag);
    if constexpr (std::is_integral_v<To>) {
      return convert_rows<To>(in, to, strict, name, [&](int64_t i, To& out) {
        int128 q = src[i] / unit;  // truncates toward zero, as Polars
        if (q < static_cast<int128>(std::numeric_limits<To>::min()) ||
            q > static_cast<int128>(std::numeric_limits<To>::max())) {
          return false;
        }
        out = static_cast<To>(q);
        return true;
      });
    } else {
      throw InvalidOperation(fmt::format("casting from {} to {} not supported", in.type().to_string(), to.to_string()));
    }
  });
}

ColumnPtr to_decimal(const Column& in, const DataType& to, bool strict, const std::string& name) {
  const DataType& from = in.type();
  const int precision = to.precision, scale = to.scale;
  if (from.id == TypeId::kString) {
    return convert_rows<int128>(in, to, strict, name, [&](int64_t i, int128& out) {
      auto v = decimal::parse(in.string_at(i), precision, scale);
      if (v) out = *v;
      return v.has_value();
    });
  }
  if (from.is_float()) {
    return visit_numeric(from.id, [&](auto tag) -> ColumnPtr {
      using From = decltype(tag);
      const From* src = in.values<From>();
      return convert_rows<int128>(in, to, strict, name, [&](int64_t i, int128& out) {
        auto v = decimal::from_double(static_cast<double>(src[i]), precision, scale);
        if (v) out = *v;
        return v.has_value();
      });
    });
  }
  FLOE_USER_CHECK(from.is_integer(), InvalidOperation, "casting from {} to {} not supported", from.to_string(),
                  to.to_string());
  const int128 unit = decimal::pow10(scale);
  const int128 limit = decimal::pow10(precision);
  return visit_numeric(from.id, [&](auto tag) -> ColumnPtr {
    using From = decltype(tag);
    const From* src = in.values<From>();
    if constexpr (std::is_integral_v<From>) {
      // Integers have at most 20 digits, so the product needs 20 + 38 digits at most: check
      // the integer part against the precision before scaling.
      const int128 int_limit = limit / unit;
      return convert_rows<int128>(in, to, strict, name, [&](int64_t i, int128& out) {
        int128 v = static_cast<int128>(src[i]);
        if (v >= int_limit || v <= -int_limit) return false;
        out = v * unit;
        return true;
      });
    } else {
      throw InternalError("unreachable: non-integer source in integer to decimal cast");
    }
  });
}

}  // namespace

bool can_cast_decimal(const DataType& from, const DataType& to) {
  if (from.id == TypeId::kDecimal) {
    return to.id == TypeId::kDecimal || to.is_numeric() || to.id == TypeId::kBoolean || to.id == TypeId::kString;
  }
  return from.is_numeric() || from.id == TypeId::kString;
}

ColumnPtr cast_decimal(const Column& in, const DataType& to, bool strict, const std::string& column_name) {
  FLOE_USER_CHECK(can_cast_decimal(in.type(), to), InvalidOperation, "casting from {} to {} not supported",
                  in.type().to_string(), to.to_string());
  if (in.type().id == TypeId::kDecimal) return from_decimal(in, to, strict, column_name);
  return to_decimal(in, to, strict, column_name);
}

}  // namespace floe::compute
