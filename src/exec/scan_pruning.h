// Skipping whole blocks of a scan (Parquet row groups, files) by the value ranges of their
// columns: a predicate that cannot hold for any value in the ranges needs no rows read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "core/scalar.h"
#include "expr/bound_expr.h"

namespace floe {

/// What is known of one column over a block of rows. Absent parts are unknown.
struct ColumnRange {
  std::optional<Scalar> min, max;
  std::optional<int64_t> null_count;
};

/// False only when no row of a block of `rows` rows can satisfy `predicate` (bound against the
/// scan's schema), given the ranges `range(column_index)` returns (null when unknown).
/// Understands conjunctions and disjunctions of comparisons between a column and a literal,
/// `is_null` and `is_not_null`; anything else may match.
bool may_match(const BoundExpr& predicate, const std::function<const ColumnRange*(int)>& range, int64_t rows);

/// Orders two scalars of comparable types: negative, zero or positive; nullopt when the types
/// do not compare (strings with numbers, nulls).
std::optional<int> compare_scalars(const Scalar& a, const Scalar& b);

}  // namespace floe
