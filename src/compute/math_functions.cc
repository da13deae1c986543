// Math functions (abs, round, floor, ceil, sqrt, exp, log, clip, ...) as scalar functions.
#include <cmath>

#include "compute/cast.h"
#include "compute/elementwise.h"
#include "compute/function_registry.h"
#include "core/decimal.h"
#include "core/error.h"

namespace floe::compute {

namespace {

void require_numeric(const char* name, const DataType& t) {
  FLOE_USER_CHECK(t.is_numeric() || t.id == TypeId::kNull, InvalidOperation,
                  "`{}` operation not supported for dtype `{}`", name, t.to_string());
}

/// A float result: floats keep their width, everything else becomes f64 (sqrt, exp, log).
DataType float_result(const DataType& t) { return t.id == TypeId::kFloat32 ? t : DataType(TypeId::kFloat64); }

template <typename Op>
ScalarFunction float_function(const char* name, const char* doc, Op op) {
  return {name, doc, 1,
          [name](std::span<const DataType> args, const FunctionOptions&) {
            require_numeric(name, args[0]);
            return float_result(args[0]);
          },
          [op](std::span<const ColumnPtr> args, const FunctionOptions&) -> ColumnPtr {
            ColumnPtr in = cast(args[0], float_result(args[0]->type()));
            if (in->type().id == TypeId::kFloat32) {
              return unary_kernel<float, float>(*in, in->type(), [op](float x) { return static_cast<float>(op(x)); });
            }
            return unary_kernel<double, double>(*in, in->type(), [op](double x) { return op(x); });
          }};
}

/// Float classification (is_nan, is_finite, ...): a Boolean per value; integers are finite
/// numbers, so they answer as their float value would.
template <typename Pred>
ScalarFunction float_predicate(const char* name, const char* doc, Pred pred) {
  return {name, doc, 1,
          [name](std::span<const DataType> args, const FunctionOptions&) -> DataType {
            require_numeric(name, args[0]);
            return TypeId::kBoolean;
          },
          [pred](std::span<const ColumnPtr> args, const FunctionOptions&) -> ColumnPtr {
            ColumnPtr in = cast(args[0], float_result(args[0]->type()));
            if (in->type().id == TypeId::kFloat32) {
              return unary_kernel<float, uint8_t>(*in, TypeId::kBoolean, [pred](float x) { return static_cast<uint8_t>(pred(x)); });
            }
            return unary_kernel<double, uint8_t>(*in, TypeId::kBoolean, [pred](double x) { return static_cast<uint8_t>(pred(x)); });
          }};
}

/// Rounding functions keep integer columns as they are and round floats.
template <typename Op>
ScalarFunction rounding_function(const char* name, const char* doc, Op op) {
  return {name, doc, 1,
          [name](std::span<const DataType> args, const FunctionOptions&) {
            require_numeric(name, args[0]);
            return args[0];
          },
          [op](std::span<const ColumnPtr> args, const FunctionOptions& options) -> ColumnPtr {
            const ColumnPtr& in = args[0];
            if (!in->type().is_float()) return in;
            int decimals = options.has(0) ? static_cast<int>(options.param(0).as_int64()) : 0;
            double scale = std::pow(10.0, decimals);
            if (in->type().id == TypeId::kFloat32) {
              return unary_kernel<float, float>(*in, in->type(), [=](float x) {
                return decimals == 0 ? static_cast<float>(op(x)) : static_cast<float>(op(x * scale) / scale);
              });
            }
            return unary_kernel<double, double>(*in, in->type(), [=](double x) {
              return decimals == 0 ? op(x) : op(x * scale) / scale;
            });
          }};
}

// ---- decimals: rounding works on the unscaled integers, exactly, as Polars does ----

enum class DecimalRounding : uint8_t { kHalfToEven, kHalfAwayFromZero, kFloor, kCeil };

/// Polars keeps the scale and adds one integer digit when digits are dropped (9.99 rounds to
/// 10.00); rounding to at least `scale` places changes nothing.
DataType decimal_rounded_type(const DataType& t, int decimals) {
  if (decimals >= t.scale) return t;
  return DataType::decimal(std::min(decimal::kMaxPrecision, t.precision + 1), t.scale);
}

/// Rounds Decimal values to `decimals` fraction digits (0 for floor and ceil), keeping the scale.
ColumnPtr decimal_round_kernel(const ColumnPtr& in, int decimals, DecimalRounding mode) {
  using decimal::int128;
  const DataType& t = in->type();
  const DataType out = decimal_rounded_type(t, decimals);
  if (decimals >= t.scale) return in;
  FLOE_USER_CHECK(decimals >= 0, InvalidArgument, "round: decimals must be >= 0 for dtype `{}`, got {}", t.to_string(),
                  decimals);
  const int128 unit = decimal::pow10(t.scale - decimals);
  auto round_with = [&](auto op) {
    ColumnPtr result = unary_kernel<int128, int128>(*in, out, op);
    // Only at 38 digits can rounding up leave the precision (Polars: "overflow in decimal rounding").
    if (out.precision == t.precision) {
      const int128* v = result->values<int128>();
      for (int64_t i = 0; i < result->length(); ++i) {
        FLOE_USER_CHECK(!result->is_valid(i) || decimal::fits(v[i], out.precision), ComputeError,
                        "overflow in decimal rounding: result doesn't fit {}", out.to_polars_repr());
      }
    }
    return result;
  };
  switch (mode) {
    case DecimalRounding::kHalfToEven:
      return round_with([unit](int128 v) { return decimal::div_round(v, unit) * unit; });
    case DecimalRounding::kHalfAwayFromZero:
      return round_with([unit](int128 v) {
        const int128 q = v / unit, r = v % unit;  // r takes v's sign; 2 * r could overflow at scale 38
        return (r >= 0 ? (r >= unit - r ? q + 1 : q) : (-r >= unit + r ? q - 1 : q)) * unit;
      });
    case DecimalRounding::kFloor:
      return round_with([unit](int128 v) {
        const int128 q = v / unit;
        return (v % unit < 0 ? q - 1 : q) * unit;
      });
    case DecimalRounding::kCeil:
      return round_with([unit](int128 v) {
        const int128 q = v / unit;
        return (v % unit > 0 ? q + 1 : q) * unit;
      });
  }
  return in;
}

/// floor and ceil: integers unchanged, floats and decimals rounded.
template <typename Op>
ScalarFunction floor_ceil_function(const char* name, const char* doc, DecimalRounding mode, Op op) {
  ScalarFunction floats = rounding_function(name, doc, op);
  return {name, doc, 1,
          [name](std::span<const DataType> args, const FunctionOptions&) {
            if (args[0].is_decimal()) return decimal_rounded_type(args[0], 0);
            require_numeric(name, args[0]);
            return args[0];
          },
          [floats, mode](std::span<const ColumnPtr> args, const FunctionOptions& options) -> ColumnPtr {
            if (args[0]->type().is_decimal()) return decimal_round_kernel(args[0], 0, mode);
            return floats.execute(args, options);
          }};
}

ColumnPtr abs_kernel(const ColumnPtr& in) {
  const DataType& t = in->type();
  if (t.is_unsigned_integer() || t.id == TypeId::kNull) return in;
  return visit_numeric(t.id == TypeId::kDuration ? TypeId::kInt64 : t.id, [&](auto tag) -> ColumnPtr {
    using T = decltype(tag);
    if constexpr (std::is_floating_point_v<T>) {
      return unary_kernel<T, T>(*in, t, [](T x) { return std::fabs(x); });
    } else if constexpr (std::is_same_v<T, __int128>) {  // Decimal: 38 digits never overflow
      return unary_kernel<T, T>(*in, t, [](T x) { return x < 0 ? -x : x; });
    } else if constexpr (std::is_signed_v<T>) {
      // Wrapping, as Polars: abs(i8 -128) stays -128.
      return unary_kernel<T, T>(*in, t, [](T x) {
        using U = std::make_unsigned_t<T>;
        return x < 0 ? static_cast<T>(U(0) - static_cast<U>(x)) : x;
      });
    } else {
      return in;
    }
  });
}

/// clip(lower, upper): bounds are constants of the column's type (null = unbounded).
ColumnPtr clip_kernel(const ColumnPtr& in, const FunctionOptions& options) {
  const DataType& t = in->type();
  if (t.is_decimal()) {
    // Bounds are rounded to the column's scale, as Polars casts them to its dtype; one past 38
    // digits leaves that side open.
    auto bound = [&](size_t i, decimal::int128 open) {
      if (!options.has(i)) return open;
      ColumnPtr b = cast(options.param(i).to_column(1), DataType::decimal(decimal::kMaxPrecision, t.scale), false);
      return b->is_null(0) ? open : b->values<decimal::int128>()[0];
    };
    const decimal::int128 top = decimal::pow10(decimal::kMaxPrecision);
    const decimal::int128 lo = bound(0, -top), hi = bound(1, top);
    return unary_kernel<decimal::int128, decimal::int128>(
        *in, t, [=](decimal::int128 x) { return x < lo ? lo : (x > hi ? hi : x); });
  }
  TypeId phys = physical_type(t);
  return visit_numeric(phys, [&](auto tag) -> ColumnPtr {
    using T = decltype(tag);
    T lo = std::numeric_limits<T>::lowest(), hi = std::numeric_limits<T>::max();
    if (options.has(0)) lo = static_cast<T>(std::is_floating_point_v<T> ? options.param(0).as_double() : options.param(0).as_int64());
    if (options.has(1)) hi = static_cast<T>(std::is_floating_point_v<T> ? options.param(1).as_double() : options.param(1).as_int64());
    return unary_kernel<T, T>(*in, t, [=](T x) { return x < lo ? lo : (x > hi ? hi : x); });
  });
}

}  // namespace

void register_math_functions(FunctionRegistry& registry) {
  registry.add({"abs", "Absolute value; keeps the dtype.", 1,
                [](std::span<const DataType> args, const FunctionOptions&) {
                  FLOE_USER_CHECK(args[0].is_numeric() || args[0].id == TypeId::kDuration || args[0].id == TypeId::kNull ||
                                      args[0].is_decimal(),
                                  InvalidOperation, "`abs` operation not supported for dtype `{}`", args[0].to_string());
                  return args[0];
                },
                [](std::span<const ColumnPtr> args, const FunctionOptions&) { return abs_kernel(args[0]); }});
  registry.add({"round", "Round to `decimals` places (param 0); param 1 is the mode: \"half_to_even\" (default, as Polars) or \"half_away_from_zero\".", 1,
                [](std::span<const DataType> args, const FunctionOptions& options) {
                  if (!args[0].is_decimal()) require_numeric("round", args[0]);
                  if (options.has(1)) {
                    const std::string& mode = options.param(1).as_string();
                    FLOE_USER_CHECK(mode == "half_to_even" || mode == "half_away_from_zero", InvalidArgument,
                                    "round: mode must be 'half_to_even' or 'half_away_from_zero', got '{}'", mode);
                  }
                  if (args[0].is_decimal()) {
                    const int decimals = options.has(0) ? static_cast<int>(options.param(0).as_int64()) : 0;
                    return decimal_rounded_type(args[0], decimals);
                  }
                  return args[0];
                },
                [](std::span<const ColumnPtr> args, const FunctionOptions& options) -> ColumnPtr {
                  bool away = options.has(1) && options.param(1).as_string() == "half_away_from_zero";
                  if (args[0]->type().is_decimal()) {
                    const int decimals = options.has(0) ? static_cast<int>(options.param(0).as_int64()) : 0;
                    return decimal_round_kernel(args[0], decimals,
                                                away ? DecimalRounding::kHalfAwayFromZero : DecimalRounding::kHalfToEven);
                  }
                  auto fn = away ? rounding_function("round", "", [](double x) { return std::round(x); })
                                 : rounding_function("round", "", [](double x) { return std::nearbyint(x); });
                  return fn.execute(args, options);
                }});
  registry.add(floor_ceil_function("floor", "Largest integer value not above x.", DecimalRounding::kFloor,
                                   [](double x) { return std::floor(x); }));
  registry.add(floor_ceil_function("ceil", "Smallest integer value not below x.", DecimalRounding::kCeil,
                                   [](double x) { return std::ceil(x); }));
  registry.add(float_function("sqrt", "Square root.", [](double x) { return std::sqrt(x); }));
  registry.add(float_predicate("is_nan", "Whether x is NaN.", [](double x) { return std::isnan(x); }));
  registry.add(float_predicate("is_not_nan", "Whether x is not NaN.", [](double x) { return !std::isnan(x); }));
  registry.add(float_predicate("is_finite", "Whether x is neither infinite nor NaN.", [](double x) { return std::isfinite(x); }));
  registry.add(float_predicate("is_infinite", "Whether x is +inf or -inf.", [](double x) { return std::isinf(x); }));
  registry.add(float_function("cbrt", "Cube root.", [](double x) { return std::cbrt(x); }));
  registry.add(float_function("exp", "e to the power x.", [](double x) { return std::exp(x); }));
  registry.add(float_function("log1p", "Natural logarithm of 1 + x.", [](double x) { return std::log1p(x); }));
  registry.add(float_function("sin", "Sine.", [](double x) { return std::sin(x); }));
  registry.add(float_function("cos", "Cosine.", [](double x) { return std::cos(x); }));
  registry.add(float_function("tan", "Tangent.", [](double x) { return std::tan(x); }));
  registry.add({"log", "Logarithm to base param 0 (default e).", 1,
                [](std::span<const DataType> args, const FunctionOptions&) {
                  require_numeric("log", args[0]);
                  return float_result(args[0]);
                },
                [](std::span<const ColumnPtr> args, const FunctionOptions& options) -> ColumnPtr {
                  double base = options.has(0) ? options.param(0).as_double() : M_E;
                  const double ln_base = std::log(base);
                  // ln(x) / ln(base), as Polars computes it (log2 would differ in the last bit).
                  auto log_base = [base, ln_base](double x) { return base == M_E ? std::log(x) : std::log(x) / ln_base; };
                  ColumnPtr in = cast(args[0], float_result(args[0]->type()));
                  if (in->type().id == TypeId::kFloat32) {
                    return unary_kernel<float, float>(*in, in->type(), [=](float x) { return static_cast<float>(log_base(x)); });
                  }
                  return unary_kernel<double, double>(*in, in->type(), log_base);
                }});
  registry.add({"clip", "Limit values to [param 0, param 1]; a null bound is open.", 1,
                [](std::span<const DataType> args, const FunctionOptions&) {
                  FLOE_USER_CHECK(args[0].is_numeric() || args[0].is_temporal() || args[0].is_decimal() ||
                                      args[0].id == TypeId::kNull,
                                  InvalidOperation, "`clip` operation not supported for dtype `{}`", args[0].to_string());
                  return args[0];
                },
                [](std::span<const ColumnPtr> args, const FunctionOptions& options) { return clip_kernel(args[0], options); }});
  registry.add({"sign", "-1, 0 or 1 by the sign of x (Int64 for integers, as Polars).", 1,
                [](std::span<const DataType> args, const FunctionOptions&) {
                  require_numeric("sign", args[0]);
                  return args[0].is_float() ? args[0] : DataType(TypeId::kInt64);
                },
                [](std::span<const ColumnPtr> args, const FunctionOptions&) -> ColumnPtr {
                  const ColumnPtr& in = args[0];
                  if (in->type().is_float()) {
                    return visit_numeric(in->type().id, [&](auto tag) -> ColumnPtr {
                      using T = decltype(tag);
                      if constexpr (std::is_floating_point_v<T>) {
                        return unary_kernel<T, T>(*in, in->type(), [](T x) { return static_cast<T>(std::isnan(x) ? x : (x > 0) - (x < 0)); });
                      } else {
                        return nullptr;
                      }
                    });
                  }
                  ColumnPtr wide = cast(in, TypeId::kInt64);
                  return unary_kernel<int64_t, int64_t>(*wide, TypeId::kInt64, [](int64_t x) { return static_cast<int64_t>((x > 0) - (x < 0)); });
                }});
}

}  // namespace floe::compute
