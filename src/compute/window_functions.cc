// Order-dependent kernels: one tight loop per segment, restarting at each segment boundary.
#include "compute/window_functions.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <type_traits>
#include <vector>

#include "compute/cast.h"
#include "compute/selection.h"
#include "compute/sort.h"
#include "core/column_builder.h"
#include "core/error.h"

namespace floe::compute {

namespace {

constexpr const char* kNames[] = {"cum_sum", "cum_prod", "cum_min", "cum_max", "cum_count",
                                  "shift",   "diff",     "rank",    "top_k",   "bottom_k"};

/// Calls fn(begin, end) for each segment; no offsets means one segment of `n` rows.
template <typename Fn>
void for_each_segment(int64_t n, std::span<const int64_t> offsets, Fn&& fn) {
  if (offsets.empty()) {
    fn(int64_t{0}, n);
    return;
  }
  for (size_t s = 0; s + 1 < offsets.size(); ++s) fn(offsets[s], offsets[s + 1]);
}

bool param_bool(const FunctionOptions& o, size_t i) { return o.has(i) && o.param(i).as_bool(); }
int64_t param_int(const FunctionOptions& o, size_t i, int64_t fallback) { return o.has(i) ? o.param(i).as_int64() : fallback; }
std::string param_string(const FunctionOptions& o, size_t i, const char* fallback) {
  return o.has(i) ? o.param(i).as_string() : std::string(fallback);
}

[[noreturn]] void not_supported(const std::string& name, const DataType& t) {
  throw InvalidOperation(fmt::format("`{}` operation not supported for dtype `{}`", name, t.to_string()));
}

// Integer arithmetic wraps on overflow, as Polars' does, without signed-overflow UB.
template <typename T>
T wrapping_add(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) + static_cast<U>(b)));
  } else {
    return a + b;
  }
}
template <typename T>
T wrapping_sub(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) - static_cast<U>(b)));
  } else {
    return a - b;
  }
}
template <typename T>
T wrapping_mul(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<U>(a) * static_cast<U>(b)));
  } else {
    return a * b;
  }
}

// ---- output types -------------------------------------------------------------------------

DataType cum_sum_type(const DataType& t) {
  switch (t.id) {
    case TypeId::kBoolean: return TypeId::kUInt32;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kUInt8:
    case TypeId::kUInt16: return TypeId::kInt64;
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kUInt32:
    case TypeId::kUInt64:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kDuration:
    case TypeId::kNull: return t;
    case TypeId::kDecimal: return DataType::decimal(38, t.scale);  // as Polars' sum
    default: not_supported("cum_sum", t);
  }
}

DataType cum_prod_type(const DataType& t) {
  if (t.id == TypeId::kUInt64 || t.is_float() || t.id == TypeId::kNull) return t;
  if (t.is_integer() || t.id == TypeId::kBoolean) return TypeId::kInt64;
  not_supported("cum_prod", t);
}

DataType diff_type(const DataType& t) {
  switch (t.id) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
    case TypeId::kDuration:
    case TypeId::kNull: return t;
    case TypeId::kUInt8: return TypeId::kInt16;
    case TypeId::kUInt16: return TypeId::kInt32;
    case TypeId::kUInt32:
    case TypeId::kUInt64: return TypeId::kInt64;
    case TypeId::kDate: return DataType::duration(TimeUnit::kMicro);
    case TypeId::kDatetime: return DataType::duration(t.unit);
    case TypeId::kTime: return DataType::duration(TimeUnit::kNano);
    case TypeId::kDecimal: return DataType::decimal(38, t.scale);  // as Polars' subtraction
    default:
      throw InvalidOperation(fmt::format("sub operation not supported for dtypes `{0}` and `{0}`", t.to_string()));
  }
}

DataType shift_type(const DataType& t, const FunctionOptions& o) {
  // A float fill value next to an integer column makes the result float (a Python float is a
  // "dyn float" literal in Polars).
  if (o.has(1) && o.param(1).type().is_float() && (t.is_integer() || t.id == TypeId::kBoolean)) return TypeId::kFloat64;
  if (t.id == TypeId::kNull && o.has(1)) return o.param(1).type();
  return t;
}

// ---- cumulative functions -----------------------------------------------------------------

template <typename In, typename Out>
void cum_sum_loop(const In* in, const Column& c, Out* out, int64_t b, int64_t e, bool reverse, bool product) {
  Out acc = product ? Out(1) : Out(0);
  const bool nulls = c.has_nulls();
  auto step = [&](int64_t i) {
    if (nulls && c.is_null(i)) {
      out[i] = Out{};
      return;
    }
    acc = product ? wrapping_mul(acc, static_cast<Out>(in[i])) : wrapping_add(acc, static_cast<Out>(in[i]));
    out[i] = acc;
  };
  if (reverse) {
    for (int64_t i = e - 1; i >= b; --i) step(i);
  } else {
    for (int64_t i = b; i < e; ++i) step(i);
  }
}

ColumnPtr cum_arith(const ColumnPtr& input, const DataType& out_type, bool reverse, bool product,
                    std::span<const int64_t> offsets) {
  const int64_t n = input->length();
  if (input->type().id == TypeId::kNull) return Column::nulls(out_type, n);
  return visit_numeric(physical_type(out_type), [&](auto out_tag) -> ColumnPtr {
    using Out = decltype(out_tag);
    FixedBuilder<Out> b(out_type, n);
    visit_numeric(physical_type(input->type()), [&](auto in_tag) {
      using In = decltype(in_tag);
      const In* in = input->values<In>();
      for_each_segment(n, offsets, [&](int64_t s, int64_t e) { cum_sum_loop(in, *input, b.data(), s, e, reverse, product); });
    });
    b.set_validity(input->validity_buffer());
    return b.finish();
  });
}

ColumnPtr cum_count(const ColumnPtr& input, bool reverse, std::span<const int64_t> offsets) {
  const int64_t n = input->length();
  FixedBuilder<uint32_t> b(TypeId::kUInt32, n);
  uint32_t* out = b.data();
  const bool all_null = input->type().id == TypeId::kNull;
  for_each_segment(n, offsets, [&](int64_t s, int64_t e) {
    uint32_t count = 0;
    if (reverse) {
      for (int64_t i = e - 1; i >= s; --i) out[i] = count += !all_null && input->is_valid(i);
    } else {
      for (int64_t i = s; i < e; ++i) out[i] = count += !all_null && input->is_valid(i);
    }
  });
  return b.finish();
}

/// Three-way-free "better" test for cum_min/cum_max and rank: NaN sorts above every number.
template <typename T>
bool less_nan_last(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

/// cum_min / cum_max: each valid row takes the index of the best value so far, each null row
/// its own index (so it stays null), then one gather builds the result for any type.
ColumnPtr cum_extreme(const ColumnPtr& input, bool is_max, bool reverse, std::span<const int64_t> offsets) {
  const int64_t n = input->length();
  if (input->type().id == TypeId::kNull) return input;
  std::vector<uint32_t> idx(static_cast<size_t>(n));
  auto run = [&](auto better) {
    for_each_segment(n, offsets, [&](int64_t s, int64_t e) {
      int64_t best = -1;
      auto step = [&](int64_t i) {
        if (input->is_null(i)) {
          idx[static_cast<size_t>(i)] = static_cast<uint32_t>(i);
          return;
        }
        if (best < 0 || better(i, best)) best = i;
        idx[static_cast<size_t>(i)] = static_cast<uint32_t>(best);
      };
      if (reverse) {
        for (int64_t i = e - 1; i >= s; --i) step(i);
      } else {
        for (int64_t i = s; i < e; ++i) step(i);
      }
    });
  };
  if (input->type().is_string_like()) {
    run([&](int64_t i, int64_t j) {
      std::string_view a = input->string_at(i), b = input->string_at(j);
      return is_max ? b < a : a < b;
    });
  } else {
    visit_numeric(physical_type(input->type()), [&](auto tag) {
      using T = decltype(tag);
      const T* v = input->values<T>();
      // Polars skips NaN once a number has been seen: NaN only stays while nothing else came.
      run([&](int64_t i, int64_t j) {
        if constexpr (std::is_floating_point_v<T>) {
          if (std::isnan(v[i])) return false;
          if (std::isnan(v[j])) return true;
        }
        return is_max ? v[j] < v[i] : v[i] < v[j];
      });
    });
  }
  return gather(input, idx.data(), n);
}

// ---- shift and diff -----------------------------------------------------------------------

ColumnPtr shift(const ColumnPtr& input, const DataType& out_type, int64_t k, const Scalar& fill,
                std::span<const int64_t> offsets) {
  const int64_t n = input->length();
  k = std::clamp<int64_t>(k, -n - 1, n + 1);  // further shifts change nothing, and i - k cannot overflow
  ColumnPtr values = input->type() == out_type ? input : cast(input, out_type);
  std::vector<int64_t> idx(static_cast<size_t>(n));
  int64_t filled = 0;
  for_each_segment(n, offsets, [&](int64_t s, int64_t e) {
    for (int64_t i = s; i < e; ++i) {
      int64_t from = i - k;
      bool inside = from >= s && from < e;
      idx[static_cast<size_t>(i)] = inside ? from : -1;
      filled += !inside;
    }
  });
  ColumnPtr shifted = gather_nullable(values, idx.data(), n);
  if (fill.is_null() || filled == 0) return shifted;
  FixedBuilder<uint8_t> mask(TypeId::kBoolean, n);
  for (int64_t i = 0; i < n; ++i) mask.data()[i] = idx[static_cast<size_t>(i)] < 0;
  ColumnPtr fill_column = cast(fill.to_column(1), out_type, true, "fill_value");
  return if_else(mask.finish(), fill_column, shifted);
}

/// Ticks of the result per unit of the input: Date differences are in microseconds.
int64_t diff_scale(const DataType& t) { return t.id == TypeId::kDate ? int64_t{86'400'000'000} : 1; }

ColumnPtr diff(const ColumnPtr& input, const DataType& out_type, int64_t k, bool drop,
               std::span<const int64_t> offsets) {
  const int64_t n = input->length();
  k = std::clamp<int64_t>(k, -n - 1, n + 1);
  if (input->type().id == TypeId::kNull) {
    ColumnPtr nulls = Column::nulls(out_type, n);
    return drop ? nulls->slice(0, std::max<int64_t>(0, n - std::abs(k))) : nulls;
  }
  const int64_t scale = diff_scale(input->type());
  ColumnPtr out = visit_numeric(physical_type(out_type), [&](auto out_tag) -> ColumnPtr {
    using Out = decltype(out_tag);
    FixedBuilder<Out> b(out_type, n);
    uint8_t* valid = b.validity_bits();
    visit_numeric(physical_type(input->type()), [&](auto in_tag) {
      using In = decltype(in_tag);
      const In* in = input->values<In>();
      Out* o = b.data();
      const bool nulls = input->has_nulls();
      for_each_segment(n, offsets, [&](int64_t s, int64_t e) {
        for (int64_t i = s; i < e; ++i) {
          int64_t j = i - k;
          bool ok = j >= s && j < e && (!nulls || (input->is_valid(i) && input->is_valid(j)));
          Out d = ok ? wrapping_sub(static_cast<Out>(in[i]), static_cast<Out>(in[j])) : Out{};
          if constexpr (std::is_integral_v<Out>) {
            if (scale != 1) d = wrapping_mul(d, static_cast<Out>(scale));
          }
          o[i] = d;
          bitmap::set_to(valid, i, ok);
        }
      });
    });
    return b.finish();
  });
  if (!drop) return out;
  int64_t keep = std::max<int64_t>(0, n - std::abs(k));
  return k >= 0 ? out->slice(n - keep, keep) : out->slice(0, keep);
}

// ---- rank ---------------------------------------------------------------------------------

enum class RankMethod { kAverage, kMin, kMax, kDense, kOrdinal };

RankMethod parse_rank_method(const std::string& m) {
  if (m == "average") return RankMethod::kAverage;
  if (m == "min") return RankMethod::kMin;
  if (m == "max") return RankMethod::kMax;
  if (m == "dense") return RankMethod::kDense;
  if (m == "ordinal") return RankMethod::kOrdinal;
  throw InvalidArgument(fmt::format(
      "rank: method must be one of 'average', 'min', 'max', 'dense', 'ordinal'; got '{}'", m));
}

/// Ranks each segment's valid rows. `less(i, j)` orders rows (ascending or descending);
/// `order` is scratch space. Ties share a rank by `method`; ordinal breaks them by position.
template <typename Less, typename Write>
void rank_segments(const Column& c, std::span<const int64_t> offsets, RankMethod method, Less less, Write write) {
  std::vector<uint32_t> order;
  for_each_segment(c.length(), offsets, [&](int64_t s, int64_t e) {
    order.clear();
    for (int64_t i = s; i < e; ++i) {
      if (c.is_valid(i)) order.push_back(static_cast<uint32_t>(i));
    }
    std::stable_sort(order.begin(), order.end(), less);
    size_t dense = 0;
    for (size_t t = 0; t < order.size();) {
      size_t u = t + 1;
      while (u < order.size() && !less(order[t], order[u])) ++u;  // sorted, so "not less" means tie
      ++dense;
      for (size_t r = t; r < u; ++r) {
        double rank = 0;
        switch (method) {
          case RankMethod::kAverage: rank = (static_cast<double>(t + 1) + static_cast<double>(u)) / 2; break;
          case RankMethod::kMin: rank = static_cast<double>(t + 1); break;
          case RankMethod::kMax: rank = static_cast<double>(u); break;
          case RankMethod::kDense: rank = static_cast<double>(dense); break;
          case RankMethod::kOrdinal: rank = static_cast<double>(r + 1); break;
        }
        write(order[r], rank);
      }
      t = u;
    }
  });
}

ColumnPtr rank(const ColumnPtr& input, const std::string& method_name, bool descending,
               std::span<const int64_t> offsets) {
  const int64_t n = input->length();
  RankMethod method = parse_rank_method(method_name);
  const bool average = method == RankMethod::kAverage;
  if (input->type().id == TypeId::kNull) return Column::nulls(average ? TypeId::kFloat64 : TypeId::kUInt32, n);
  FixedBuilder<double> as_double(TypeId::kFloat64, average ? n : 0);
  FixedBuilder<uint32_t> as_u32(TypeId::kUInt32, average ? 0 : n);
  auto write = [&](uint32_t i, double r) {
    if (average) {
      as_double.data()[i] = r;
    } else {
      as_u32.data()[i] = static_cast<uint32_t>(r);
    }
  };
  if (input->type().is_string_like()) {
    const Column& c = *input;
    rank_segments(c, offsets, method, [&](uint32_t i, uint32_t j) {
      return descending ? c.string_at(j) < c.string_at(i) : c.string_at(i) < c.string_at(j);
    }, write);
  } else {
    visit_numeric(physical_type(input->type()), [&](auto tag) {
      using T = decltype(tag);
      const T* v = input->values<T>();
      rank_segments(*input, offsets, method, [&](uint32_t i, uint32_t j) {
        return descending ? less_nan_last(v[j], v[i]) : less_nan_last(v[i], v[j]);
      }, write);
    });
  }
  if (average) {
    as_double.set_validity(input->validity_buffer());
    return as_double.finish();
  }
  as_u32.set_validity(input->validity_buffer());
  return as_u32.finish();
}

ColumnPtr top_k(const ColumnPtr& input, int64_t k, bool largest) {
  if (k == 0) return input->slice(0, 0);
  const int64_t n = input->length();
  if (k >= n - input->null_count()) {
    // As Polars: when k covers every value, the values come in input order, then nulls (the
    // order of a proper selection is unspecified anyway).
    std::vector<uint32_t> idx;
    idx.reserve(static_cast<size_t>(std::min(k, n)));
    for (int64_t i = 0; i < n; ++i) {
      if (input->is_valid(i)) idx.push_back(static_cast<uint32_t>(i));
    }
    for (int64_t i = 0; i < n && static_cast<int64_t>(idx.size()) < k; ++i) {
      if (input->is_null(i)) idx.push_back(static_cast<uint32_t>(i));
    }
    return gather(input, idx.data(), static_cast<int64_t>(idx.size()));
  }
  auto order = sort_indices({input}, std::vector<SortKeyOptions>{{largest, true}}, k);
  return gather(input, order.data(), static_cast<int64_t>(order.size()));
}

}  // namespace

bool is_window_function(const std::string& name) {
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool window_function_changes_length(const std::string& name, const FunctionOptions& options) {
  if (name == "top_k" || name == "bottom_k") return true;
  return name == "diff" && param_string(options, 1, "ignore") == "drop";
}

DataType window_output_type(const std::string& name, const DataType& input, const FunctionOptions& options) {
  if (name == "cum_sum") return cum_sum_type(input);
  if (name == "cum_prod") return cum_prod_type(input);
  if (name == "cum_min" || name == "cum_max" || name == "top_k" || name == "bottom_k") {
    FLOE_USER_CHECK(input.id != TypeId::kBinary, InvalidOperation, "`{}` operation not supported for dtype `{}`", name,
                    input.to_string());
    if (name == "top_k" || name == "bottom_k") {
      FLOE_USER_CHECK(param_int(options, 0, 5) >= 0, InvalidArgument, "{}: k must be non-negative, got {}", name,
                      param_int(options, 0, 5));
    }
    return input;
  }
  if (name == "cum_count") return TypeId::kUInt32;
  if (name == "shift") return shift_type(input, options);
  if (name == "diff") {
    std::string behavior = param_string(options, 1, "ignore");
    FLOE_USER_CHECK(behavior == "ignore" || behavior == "drop", InvalidArgument,
                    "diff: null_behavior must be 'ignore' or 'drop', got '{}'", behavior);
    if (input.id == TypeId::kBoolean) not_supported("diff", input);
    return diff_type(input);
  }
  if (name == "rank") {
    RankMethod m = parse_rank_method(param_string(options, 0, "average"));
    return m == RankMethod::kAverage ? DataType(TypeId::kFloat64) : DataType(TypeId::kUInt32);
  }
  throw InvalidOperation(fmt::format("unknown window function '{}'", name));
}

ColumnPtr window_function(const std::string& name, const ColumnPtr& input, const FunctionOptions& options,
                          std::span<const int64_t> offsets) {
  FLOE_CHECK(offsets.empty() || offsets.back() == input->length(), "segments end at {} but the column has {} rows",
             offsets.back(), input->length());
  const DataType out_type = window_output_type(name, input->type(), options);
  const bool reverse = name.starts_with("cum_") && param_bool(options, 0);
  if (name == "cum_sum") return cum_arith(input, out_type, reverse, false, offsets);
  if (name == "cum_prod") return cum_arith(input, out_type, reverse, true, offsets);
  if (name == "cum_min" || name == "cum_max") return cum_extreme(input, name == "cum_max", reverse, offsets);
  if (name == "cum_count") return cum_count(input, reverse, offsets);
  if (name == "shift") {
    return shift(input, out_type, param_int(options, 0, 1), options.has(1) ? options.param(1) : Scalar(), offsets);
  }
  if (name == "diff") {
    bool drop = param_string(options, 1, "ignore") == "drop";
    FLOE_USER_CHECK(!drop || offsets.empty(), InvalidOperation, "diff(null_behavior='drop') cannot be used in over()");
    return diff(input, out_type, param_int(options, 0, 1), drop, offsets);
  }
  if (name == "rank") return rank(input, param_string(options, 0, "average"), param_bool(options, 1), offsets);
  if (name == "top_k" || name == "bottom_k") {
    FLOE_USER_CHECK(offsets.empty(), InvalidOperation, "{} cannot be used in over()", name);
    return top_k(input, param_int(options, 0, 5), name == "top_k");
  }
  throw InvalidOperation(fmt::format("unknown window function '{}'", name));
}

}  // namespace floe::compute
