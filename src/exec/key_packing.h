// Several integer join keys hashed as one 64-bit integer.
#pragma once

#include <optional>
#include <type_traits>
#include <vector>

#include "core/column.h"

namespace floe {

/// Whether every value of an integer-like type (integers but UInt64, dates, datetimes,
/// durations, times) is an int64.
bool fits_int64(const DataType& t);

/// Calls fn(values) with the column's values as the integer type that stores them.
template <typename Fn>
void visit_int_values(const Column& c, Fn&& fn) {
  visit_numeric(physical_type(c.type()), [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) fn(c.values<T>());
  });
}

/// When the build side's values of every key span ranges whose bit widths add up to at most 63,
/// (k0 - min0) << s0 | (k1 - min1) << s1 | ... identifies a key tuple, and joins on two or more
/// integer keys take the fixed-width hash table path instead of encoding and comparing rows.
class KeyPacking {
 public:
  /// The packing of `keys` (integer-like columns of `rows` rows, nulls ignored), or nullopt when
  /// there are fewer than two keys, a key is not integer-like or the ranges need more bits.
  static std::optional<KeyPacking> plan(const std::vector<ColumnPtr>& keys, int64_t rows);

  /// The packed Int64 key of every row; null where a key is null or outside the planned range
  /// (such a row can match no build row).
  ColumnPtr pack(const std::vector<ColumnPtr>& keys, int64_t rows) const;

 private:
  std::vector<int64_t> min_, max_;
  std::vector<int> shift_;
};

}  // namespace floe
