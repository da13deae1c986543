// Min/max scans per storage type; only the two extremes are encoded.
#include "io/parquet/column_statistics.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "core/bitmap.h"
#include "io/parquet/plain_encoder.h"
#include "io/parquet/writer_schema.h"

namespace floe::io::parquet {

namespace {

template <typename T>
void set_min_max(Statistics* stats, TypeId type, T min, T max) {
  std::string lo, hi;
  encode_plain_values(type, &min, 1, &lo);
  encode_plain_values(type, &max, 1, &hi);
  stats->min_value = std::move(lo);
  stats->max_value = std::move(hi);
}

template <typename T>
void numeric_min_max(const Column& column, Statistics* stats) {
  const T* v = column.values<T>();
  const uint8_t* validity = column.validity();
  const int64_t n = column.length();
  bool any = false;
  T lo{}, hi{};
  if constexpr (std::is_floating_point_v<T>) {
    // Comparisons with NaN are false, so NaNs never replace an extreme; starting from the
    // infinities, lo > hi at the end means no value counted.
    constexpr T kInf = std::numeric_limits<T>::infinity();
    lo = kInf;
    hi = -kInf;
    if (validity == nullptr) {
      for (int64_t i = 0; i < n; ++i) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
      }
    } else {
      for (int64_t i = 0; i < n; ++i) {
        const bool valid = bitmap::get(validity, i);
        lo = valid && v[i] < lo ? v[i] : lo;
        hi = valid && v[i] > hi ? v[i] : hi;
      }
    }
    if (lo > hi) return;  // no valid value that is not NaN
    // The format asks writers to widen a zero extreme so readers need not know its sign.
    if (lo == T{0}) lo = -T{0};
    if (hi == T{0}) hi = T{0};
  } else if (validity == nullptr) {
    if (n == 0) return;
    lo = hi = v[0];
    for (int64_t i = 1; i < n; ++i) {  // two independent reductions the compiler vectorizes
      lo = v[i] < lo ? v[i] : lo;
      hi = v[i] > hi ? v[i] : hi;
    }
    any = true;
  } else {
    for (int64_t i = 0; i < n; ++i) {
      if (!bitmap::get(validity, i)) continue;
      if (!any) {
        lo = hi = v[i];
        any = true;
      } else {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
      }
    }
    if (!any) return;
  }
  set_min_max(stats, column.type().id, lo, hi);
}

/// memcmp order, settled by the big-endian 4-byte prefixes when they differ.
int compare_views(const StringView& a, const StringView& b, const std::vector<BufferPtr>& buffers) {
  const uint32_t pa = a.prefix_order(), pb = b.prefix_order();
  if (pa != pb) return pa < pb ? -1 : 1;
  const std::string_view sa = Column::view_string(a, buffers), sb = Column::view_string(b, buffers);
  const int c = std::memcmp(sa.data(), sb.data(), std::min(sa.size(), sb.size()));
  if (c != 0) return c;
  return sa.size() < sb.size() ? -1 : (sa.size() > sb.size() ? 1 : 0);
}

void string_min_max(const Column& column, Statistics* stats) {
  const StringView* v = column.values<StringView>();
  const uint8_t* validity = column.validity();
  const auto& buffers = column.data_buffers();
  int64_t lo = -1, hi = -1;
  for (int64_t i = 0; i < column.length(); ++i) {
    if (validity && !bitmap::get(validity, i)) continue;
    if (lo < 0) {
      lo = hi = i;
      continue;
    }
    if (compare_views(v[i], v[lo], buffers) < 0) lo = i;
    if (compare_views(v[i], v[hi], buffers) > 0) hi = i;
  }
  if (lo < 0) return;
  stats->min_value = std::string(column.string_at(lo));
  stats->max_value = std::string(column.string_at(hi));
}

void boolean_min_max(const Column& column, Statistics* stats) {
  const uint8_t* v = column.values<uint8_t>();
  const uint8_t* validity = column.validity();
  bool any_true = false, any_false = false;
  for (int64_t i = 0; i < column.length(); ++i) {
    if (validity && !bitmap::get(validity, i)) continue;
    any_true |= v[i] != 0;
    any_false |= v[i] == 0;
  }
  if (!any_true && !any_false) return;
  stats->min_value = std::string(1, any_false ? '\0' : '\1');
  stats->max_value = std::string(1, any_true ? '\1' : '\0');
}

/// Decimals compare as signed 128-bit integers; the extremes are written as the column's values
/// are (INT64 or 16-byte big-endian).
void decimal_min_max(const Column& column, Statistics* stats) {
  const __int128* v = column.values<__int128>();
  int64_t lo = -1, hi = -1;
  for (int64_t i = 0; i < column.length(); ++i) {
    if (!column.is_valid(i)) continue;
    if (lo < 0 || v[i] < v[lo]) lo = i;
    if (hi < 0 || v[i] > v[hi]) hi = i;
  }
  if (lo < 0) return;
  std::string min, max;
  if (column.type().precision <= kMaxInt64DecimalPrecision) {
    int64_t a = static_cast<int64_t>(v[lo]), b = static_cast<int64_t>(v[hi]);
    min.assign(reinterpret_cast<const char*>(&a), 8);
    max.assign(reinterpret_cast<const char*>(&b), 8);
  } else {
    append_decimals_big_endian(v + lo, nullptr, 0, 1, &min);
    append_decimals_big_endian(v + hi, nullptr, 0, 1, &max);
  }
  stats->min_value = std::move(min);
  stats->max_value = std::move(max);
}

}  // namespace

Statistics column_statistics(const Column& column) {
  Statistics stats;
  stats.null_count = column.null_count();
  switch (column.type().id) {
    case TypeId::kNull: break;
    case TypeId::kBoolean: boolean_min_max(column, &stats); break;
    case TypeId::kString:
    case TypeId::kBinary: string_min_max(column, &stats); break;
    case TypeId::kDecimal: decimal_min_max(column, &stats); break;
    default:
      // Decimals took their own case: never instantiate the generic scan for __int128.
      visit_numeric(physical_type(column.type()), [&](auto tag) {
        if constexpr (!std::is_same_v<decltype(tag), __int128>) numeric_min_max<decltype(tag)>(column, &stats);
      });
  }
  return stats;
}

}  // namespace floe::io::parquet
