// Aggregate functions over columns, as mergeable accumulators for parallel execution.
#pragma once

#include <cmath>

#include <limits>
#include <memory>
#include <string>
#include <type_traits>

#include "core/column.h"
#include "core/scalar.h"

namespace floe::compute {

enum class AggKind {
  kSum, kMean, kMin, kMax, kCount, kLen, kNullCount, kNUnique, kFirst, kLast, kStd, kVar, kMedian, kQuantile,
};

const char* agg_name(AggKind kind);

/// Parameters of an aggregate: `ddof` for std/var, `quantile` and `interpolation` for quantile.
struct AggOptions {
  int ddof = 1;
  double quantile = 0.5;
  std::string interpolation = "nearest";  // nearest, lower, higher, midpoint, linear
};

/// The type an aggregate of `input` produces, as in Polars (sum of i8 is i64, mean of ints is
/// f64, count is u32, ...). Throws InvalidOperation when the aggregate does not apply.
DataType agg_output_type(AggKind kind, const DataType& input);

/// Accumulates one aggregate over the morsels a thread sees; thread-local accumulators of the
/// same aggregate are merged at the end. Decomposable aggregates keep a few numbers; holistic
/// ones (median, quantile, n_unique) keep their inputs.
class Accumulator {
 public:
  virtual ~Accumulator() = default;
  /// Adds the rows of `column` (one morsel with sequence number `sequence`, which orders
  /// first/last across morsels).
  virtual void update(const ColumnPtr& column, int64_t sequence) = 0;
  /// Folds `other` (an accumulator of the same kind and type) into this one.
  virtual void merge(Accumulator& other) = 0;
  /// The result as a column of length 1.
  virtual ColumnPtr finish() = 0;
};

/// The type sums accumulate in: double for floats, int64 for signed and uint64 for unsigned
/// integers, the exact __int128 for decimals (shared by the global and the grouped sums).
template <typename T>
using SumType = std::conditional_t<
    std::is_same_v<T, __int128>, __int128,
    std::conditional_t<std::is_floating_point_v<T>, double, std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>>>;

/// The largest and smallest values of a fixed-width type, __int128 included (std::numeric_limits
/// knows it only in GNU mode).
template <typename T>
constexpr T max_value() {
  if constexpr (std::is_same_v<T, __int128>) return static_cast<__int128>(~static_cast<unsigned __int128>(0) >> 1);
  else return std::numeric_limits<T>::max();
}
template <typename T>
constexpr T min_value() {
  if constexpr (std::is_same_v<T, __int128>) return -max_value<__int128>() - 1;
  else return std::numeric_limits<T>::min();
}

/// A float sum with Neumaier's compensation: the rounding error of each addition is kept and
/// added back at the end, so the result is (nearly always) the correctly rounded sum whatever
/// the order of the additions. Parallel aggregates see rows in an order that depends on
/// scheduling; this keeps their answers equal from run to run and to one thread's.
struct CompensatedSum {
  double sum = 0;
  double compensation = 0;

  void add(double x) {
    const double t = sum + x;
    compensation += std::fabs(sum) >= std::fabs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  void add(const CompensatedSum& o) {
    add(o.sum);
    compensation += o.compensation;
  }
  double value() const { return sum + compensation; }
};

std::unique_ptr<Accumulator> make_accumulator(AggKind kind, const DataType& input, const AggOptions& options = {});

/// Aggregates a whole column in one call (tests, small inputs).
ColumnPtr aggregate(AggKind kind, const ColumnPtr& column, const AggOptions& options = {});

}  // namespace floe::compute
